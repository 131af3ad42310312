"""Writers: each renders an Article to one output format (bytes or text)."""
