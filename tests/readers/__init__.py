"""Tests of the readers (a package, so that test_docx.py here and in tests/writers/ do not clash)."""
