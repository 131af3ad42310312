"""``kazan-export ingest``: turn a new article into a draft source to review.

reader (text, HTML, DOCX or Markdown, detected or named) → the user's metadata options →
:func:`kazan_export.readers.attribution.attribute` (proposed people and statements, each with
a ``review``) → :func:`kazan_export.writers.yaml.render_yaml` → checked like ``validate`` →
written atomically. Nothing is written when the input cannot be read or the draft exists.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from kazan_export.errors import KazanError, KazanWarning, Problem, SourceError
from kazan_export.model import Article
from kazan_export.readers.bylines import author_of
from kazan_export.readers.draft import UNKNOWN_LANGUAGE, Found
from kazan_export.readers.inputs import decode_text, fail, read_input

FORMATS = ("text", "html", "docx", "markdown")
SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
            ".shtml": "html", ".docx": "docx", ".md": "markdown", ".markdown": "markdown",
            ".mdown": "markdown", ".mkd": "markdown"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Options:
    """What the user gives on the command line; ``None`` / empty: take it from the article."""

    fmt: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()  # "Given Family" or "Family, Given"
    publisher: str | None = None
    published: str | None = None  # EDTF or "unknown"
    url: str | None = None
    language: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Result:
    """A draft made by :func:`ingest`: its text, the article, and the problems its integrity
    checks found (those of ``validate``, without positions)."""

    text: str
    article: Article
    problems: tuple[Problem, ...]
    fmt: str


def detect_format(path: Path, raw: bytes) -> str:
    """Return the input's format: from its content where it is unmistakable (a zip package is
    DOCX, ``<!doctype html>``/``<html>`` is HTML), else from its suffix, else text."""
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if _HTML_START.match(raw[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return SUFFIXES.get(path.suffix.lower(), "text")


def _refuse_other_documents(path: Path, raw: bytes) -> None:
    """Refuse, with what to do, inputs that are documents of another kind (not detected as
    one of FORMATS): a PDF, an RTF file, a YAML source."""
    if raw.startswith(b"%PDF-"):
        raise fail(str(path), "is a PDF; ingest reads text, HTML, DOCX or Markdown: save the article "
                              "as one of those first")
    if raw.startswith(b"{\\rtf"):
        raise fail(str(path), "is an RTF document; save it as DOCX or plain text first")
    if path.suffix.lower() in (".yaml", ".yml"):
        raise fail(str(path), "is a YAML file: a source needs no ingest (`kazan-export validate` checks "
                              "it); give --from text to ingest it as plain text anyway")


def check_options(options: Options) -> None:
    """Raise ValueError (a usage error) for an option value the source format cannot hold."""
    from kazan_export.dates import parse_edtf

    if options.fmt is not None and options.fmt not in FORMATS:
        raise ValueError(f"--from must be one of {', '.join(FORMATS)}, not '{options.fmt}'")
    if options.title is not None and not options.title.strip():
        raise ValueError("--title is empty; give the article's title as printed")
    for name in options.authors:
        if not name.strip() or not author_of(name).family.strip():
            raise ValueError(f"--author '{name}' has no family name; give a name as 'Given Family' "
                             "or 'Family, Given'")
    if options.publisher is not None and not options.publisher.strip():
        raise ValueError("--publisher is empty; give the publisher's name, or leave it out (unknown)")
    if options.published not in (None, "unknown"):
        try:
            parse_edtf(options.published)
        except ValueError as exc:
            raise ValueError(f"--published: {exc}") from None
    if options.url not in (None, "unknown") and not _URL.match(options.url):
        raise ValueError(f"--url must be a web address (http:// or https://), not '{options.url}'")
    if options.language is not None and not _LANGUAGE.match(options.language):
        raise ValueError(f"--language must be a BCP 47 tag such as en or hy-AM, not '{options.language}'")
    if options.id is not None and not _ID.match(options.id):
        raise ValueError(f"--id may hold letters, digits, '-', '_' and '.', starting with a letter "
                         f"or digit; '{options.id}' does not")


def read_article(path: Path, options: Options = Options()) -> tuple[Article, str]:
    """Return the draft article (no statements) of the file at ``path``, and its format."""
    raw = read_input(path)
    name = str(path)
    if options.fmt is None:
        _refuse_other_documents(path, raw)
    fmt = options.fmt or detect_format(path, raw)
    found = Found(
        title=options.title.strip() if options.title else None,
        authors=tuple(author_of(a) for a in options.authors),
        publisher=options.publisher.strip() if options.publisher else None,
        published=options.published if options.published != "unknown" else None,
        url=options.url if options.url != "unknown" else None,
        language=options.language,
        given=frozenset(k for k, v in (("authors", options.authors), ("published", options.published)) if v),
    )
    if fmt == "text":
        from kazan_export.readers.text import read_text

        article = read_text(raw, name=name, found=found)
    elif fmt == "markdown":
        from kazan_export.readers.markdown import read_markdown

        article = read_markdown(raw, name=name, found=found)
    elif fmt == "html":
        from kazan_export.readers.html import read_html

        article = read_html(raw, name=name, found=found)
    else:
        from kazan_export.readers.docx import read_docx

        if not raw.startswith(b"PK"):  # say what the file is rather than "not a zip"
            decode_text(raw, name, "a DOCX file")
        article = read_docx(raw, name=name, found=found)
    # what the user gave wins over what the article says (the readers fill only what is unset)
    meta = article.metadata
    given = {k: v for k, v in (("publisher", found.publisher), ("published", found.published),
                               ("url", found.url), ("language", found.language)) if v is not None}
    if found.authors:
        given["authors"] = found.authors
    if options.published == "unknown":
        given["published"] = None
    if options.url == "unknown":
        given["url"] = None
    article = dataclasses.replace(article, metadata=dataclasses.replace(meta, **given))
    if options.id:
        article = dataclasses.replace(article, id=options.id)
    return article, fmt


def attribute(article: Article) -> Article:
    """Return ``article`` with the attribution engine's proposed people and statements.

    An undetermined language (``und``) gets the default (English) rules; a language that has
    no rules gets no proposals, with a warning: the draft is still made, to be annotated by hand.
    """
    from kazan_export.readers.attribution import attribute as propose
    from kazan_export.readers.attribution.rules import RULES_DIR

    language = article.metadata.language
    primary = language.split("-")[0].lower()
    if language != UNKNOWN_LANGUAGE and not (RULES_DIR / f"{primary}.toml").is_file():
        known = ", ".join(sorted(p.stem for p in RULES_DIR.glob("*.toml")))
        warnings.warn(f"{article.source}: no attribution rules for language '{language}' (known: {known}); "
                      "the draft has no proposed statements: add them by hand", KazanWarning, stacklevel=2)
        return article
    return propose(article, language=language)


def ingest(path: Path, options: Options = Options()) -> Result:
    """Return the draft source of the article at ``path`` (nothing is written).

    Raises :class:`~kazan_export.errors.SourceError` naming the file (and line) when the input
    cannot be read as an article, and ValueError for a bad option value.
    """
    from kazan_export.readers.positions import MAX_BYTES
    from kazan_export.readers.integrity import check_integrity
    from kazan_export.writers.yaml import draft_header, render_yaml

    check_options(options)
    article, fmt = read_article(path, options)
    article = attribute(article)
    text = render_yaml(article, header=draft_header(path.name))
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise KazanError(f"{path}: the draft would be {size / 1e6:.1f} MB, more than one source may "
                         f"hold ({MAX_BYTES // 2**20} MB); split the article")
    # the integrity checks of `validate` (anchors, references, ids): a proposal that would not
    # validate is reported now. The schema needs no check: render_yaml writes only what it allows.
    problems = check_integrity(article, {})
    return Result(text, article, tuple(problems), fmt)


def default_output(result: Result) -> Path:
    """Return where the draft goes without ``-o``: ``ARTICLE-ID.yaml`` in the current folder."""
    return Path(f"{result.article.id}.yaml")


def write_draft(result: Result, output: Path, *, source: Path, force: bool = False) -> Path:
    """Write the draft to ``output`` atomically; refuse an existing file unless ``force``, and
    never replace the article being ingested."""
    from kazan_export.outputs import write_atomic

    try:
        same = output.exists() and output.resolve() == source.resolve()
    except OSError:
        same = False
    if same:
        raise KazanError(f"{output}: is the article being ingested; choose another -o")
    if output.is_dir():
        raise KazanError(f"{output}: is a folder; give a file name such as {output / default_output(result)}")
    if output.exists() and not force:
        raise KazanError(f"{output}: exists already; pass --force to replace it, or choose another -o")
    return write_atomic(output, result.text)


def _with_id(result: Result, new_id: str, path: Path) -> Result:
    from kazan_export.writers.yaml import draft_header, render_yaml

    article = dataclasses.replace(result.article, id=new_id)
    return dataclasses.replace(result, article=article, text=render_yaml(article, header=draft_header(path.name)))


def ingest_batch(paths: list[Path], options: Options, folder: Path, *, force: bool = False,
                 report=print) -> int:  # noqa: ANN001
    """Ingest each article into ``folder/ARTICLE-ID.yaml`` (ids made unique within the batch),
    calling ``report`` with one line per draft written and per problem; return how many failed.

    Options that name one article (``--title``, ``--id``, ``--url``, ``--published``) are a
    usage error (ValueError) here; so is an ``-o`` that is not a folder.
    """
    single = [f"--{k}" for k in ("title", "id", "url", "published") if getattr(options, k) is not None]
    if single:
        raise ValueError(f"{', '.join(single)} name(s) one article; give them with one ARTICLE at a time")
    if str(folder) == "-" or not folder.is_dir():
        raise ValueError(f"-o {folder}: with several articles, -o must be an existing folder")
    check_options(options)
    failed, taken = 0, set()
    for path in paths:
        try:
            result = ingest(path, options)
            base, n, new = result.article.id, 2, result.article.id
            while new in taken:
                new, n = f"{base}-{n}", n + 1
            if new != base:
                result = _with_id(result, new, path)
            taken.add(new)
            warn_problems(result)
            written = write_draft(result, folder / default_output(result), source=path, force=force)
            report(f"wrote {written}: {summary(result)}")
        except SourceError as exc:
            failed += 1
            for problem in exc.problems:
                report(str(problem))
        except KazanError as exc:
            failed += 1
            report(f"error: {exc}")
    return failed


def summary(result: Result) -> str:
    """Return one line on the draft: what was found, what is proposed, what is unknown."""
    a, m = result.article, result.article.metadata
    unknown = [k for k, v in (("authors", m.authors), ("publisher", m.publisher),
                              ("published", m.published), ("url", m.url)) if not v]
    if m.language == UNKNOWN_LANGUAGE:
        unknown.append("language")
    headings = sum(1 for s in a.sections if s.heading)
    proposed = sum(1 for s in a.statements if s.review is not None and s.review.status == "proposed")
    return (f"{len(a.paragraphs)} paragraphs, {headings} heading{'' if headings == 1 else 's'}, {len(a.entities)} people and "
            f"organisations, {proposed} statements proposed for review"
            + (f"; unknown: {', '.join(unknown)}" if unknown else ""))


def warn_problems(result: Result) -> None:
    """Warn about every error ``validate`` finds in the draft (there should be none)."""
    for problem in result.problems:
        if problem.severity == "error":
            warnings.warn(f"the draft will not validate as it is: {problem.message}; fix it in the draft",
                          KazanWarning, stacklevel=2)
