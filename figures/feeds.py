"""RSS and Atom feeds, by feedparser: each entry a document, or with --follow the page it links.

An entry's text is its content (or else its summary) as plain text; its title, published
date, link and author are kept, and the feed's title is the outlet. Each entry is named
by the feed and the line where it opens, so a broken one can be found and fixed.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import regex

from figures.models import Document
from figures.pubdate import read_date
from figures.web import InputError, fragment_text, html_page, plain_text

if TYPE_CHECKING:
    from figures.readers import Item, ReadOptions

_FEED_ROOT = regex.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>]", regex.IGNORECASE)
_ENTRY_OPEN = {
    "atom": regex.compile(rb"<(?:[\w.-]+:)?entry[\s>/]"),
    "rss": regex.compile(rb"<(?:[\w.-]+:)?item[\s>/]"),
}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAG = regex.compile(r"<[A-Za-z/!]")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of a document open an RSS, Atom or RDF feed.

    >>> looks_like_feed(b'<?xml version="1.0"?>\\n<rss version="2.0">')
    True
    """
    return _FEED_ROOT.search(head[:4096]) is not None


def read_feed(
    raw: bytes, origin: str, options: ReadOptions, base_url: str | None = None
) -> Iterator[Item]:
    """Every entry of a feed as a document, or the reason it could not be read."""
    import feedparser

    from figures.readers import Item

    parsed = feedparser.parse(raw)
    entries: list[Any] = list(parsed.entries)
    problem = _problem(parsed)
    if not parsed.version and not entries:
        reason = f"not an RSS or Atom feed{f' ({problem})' if problem else ''}"
        yield Item(origin, error=reason)
        return
    if problem and not entries:
        yield Item(origin, error=f"{problem}; no entry could be read")
        return
    if problem:
        yield Item(origin, warnings=[f"{problem}; entries read leniently"])
    if not entries:
        yield Item(origin, warnings=["the feed has no entries"])
        return
    lines = _entry_lines(raw, parsed.version or "", len(entries))
    outlet = _text(parsed.feed.get("title"))
    base = base_url or parsed.feed.get("link")
    for i, entry in enumerate(entries):
        where = f"{origin}:{lines[i]}" if lines else f"{origin}[entry {i + 1}]"
        try:
            yield _entry_item(entry, where, outlet, base, options)
        except InputError as exc:
            yield Item(where, error=str(exc))


def _entry_item(
    entry: Any, where: str, outlet: str | None, base: str | None, options: ReadOptions
) -> Item:
    from figures.readers import Item

    warnings: list[str] = []
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    published, warning = read_date(raw_date)
    if warning:
        warnings.append(warning)
    link = entry.get("link")
    url = urllib.parse.urljoin(base, link) if base and link else link
    title = _text(entry.get("title"))
    author = _text(entry.get("author"))
    label = f"entry {title!r}" if title else "entry"
    if options.follow:
        if not url:
            raise InputError(f"{label} has no link to follow")
        doc, page_warnings = _follow(url, options)
        update = {
            "title": doc.title or title,
            "published": published or doc.published,
            "outlet": doc.outlet or outlet,
            "author": doc.author or author,
        }
        return Item(where, doc.model_copy(update=update), warnings=warnings + page_warnings)
    text = _entry_text(entry)
    if not text:
        raise InputError(f"{label} has neither content nor summary (--follow reads its page)")
    doc = Document(
        text=text,
        title=title,
        published=published,
        outlet=outlet,
        url=url,
        author=author,
        origin=where,
    )
    return Item(where, doc, warnings=warnings)


def _follow(url: str, options: ReadOptions) -> tuple[Document, list[str]]:
    """The article of the page an entry links to."""
    from figures.fetch import FetchError
    from figures.readers import keep_html

    try:
        response = options.fetcher().get(url)
    except FetchError as exc:
        raise InputError(f"following {exc}") from None
    if response.media_type not in _HTML_TYPES:
        raise InputError(f"following {url}: not an HTML page ({response.media_type})")
    keep_html(options, response.url, response.body)
    body: bytes | str = response.body
    if response.charset:
        body = response.body.decode(response.charset, errors="replace")
    try:
        page = html_page(body, response.url, url=response.url)
    except InputError as exc:
        raise InputError(f"following {url}: {exc}") from None
    return page.document, page.warnings


def _entry_text(entry: Any) -> str:
    """The entry's content, or else its summary, as plain text."""
    parts = list(entry.get("content") or [])
    if entry.get("summary"):
        parts.append(entry.get("summary_detail") or {"value": entry["summary"]})
    for part in parts:
        value = part.get("value") or ""
        kind = part.get("type") or "text/html"
        text = fragment_text(value) if kind in _HTML_TYPES else plain_text(value)
        if text:
            return text
    return ""


def _text(value: Any) -> str | None:
    """A title or name, markup removed and white space folded."""
    if not value:
        return None
    text = str(value)
    if _TAG.search(text):
        text = fragment_text(text)
    return " ".join(text.split()) or None


def _problem(parsed: Any) -> str | None:
    """Why a feed is not well-formed, with its line, or None."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if type(exc).__name__ == "CharacterEncodingOverride":
        return None  # a wrong encoding declaration, read correctly anyway
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"not well-formed XML at line {line}: {message}" if line else f"malformed: {message}"


def _entry_lines(raw: bytes, version: str, count: int) -> list[int]:
    """The line each entry opens on, when the markup shows exactly one opening per entry."""
    pattern = _ENTRY_OPEN["atom" if version.startswith("atom") else "rss"]
    starts = [m.start() for m in pattern.finditer(raw)]
    if len(starts) != count:
        return []
    lines, line, pos = [], 1, 0
    for start in starts:
        line += raw.count(b"\n", pos, start)
        pos = start
        lines.append(line)
    return lines
