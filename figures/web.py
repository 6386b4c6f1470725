"""HTML as text: an article page's main text and metadata (by trafilatura), or a fragment's text.

The text of a page is its paragraphs, white space inside each folded to single spaces
and paragraphs separated by a blank line, without the headline (kept as the title).
The same article therefore reads the same from a file, a URL or a re-indented copy.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from figures.models import Document
from figures.pubdate import read_date

# trafilatura and htmldate log what they discard; our errors say what matters
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "svg", "head")
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "section", "article", "aside", "header", "footer",
    "figure", "figcaption", "hr", "address", "main", "nav", "form", "fieldset", "details",
)  # fmt: skip
_BREAK = "\n\n"
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


class InputError(ValueError):
    """An input that holds no usable document, with the reason."""


@dataclass(frozen=True, slots=True)
class Page:
    """What an HTML page gave: its article as a document, and anything worth a warning."""

    document: Document
    warnings: list[str]


def paragraphs(text: str) -> str:
    """Text with white space folded inside lines and one blank line between paragraphs.

    >>> paragraphs("  Two  died.\\n\\n\\n Three\\t were hurt. \\n")
    'Two died.\\n\\nThree were hurt.'
    """
    lines = (" ".join(line.split()) for line in text.splitlines())
    return _BREAK.join(line for line in lines if line)


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block.

    >>> fragment_text("<p>Two <b>died</b>.</p><script>x = 1</script><p>Three&nbsp;hurt.")
    'Two died.\\n\\nThree hurt.'
    """
    if "<" not in markup:
        return plain_text(markup)
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return plain_text(markup)
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in root.iter(etree.Comment, etree.ProcessingInstruction):
        el.text = ""
    for el in root.iter(*_BLOCKS):
        el.text = _BREAK + (el.text or "")
        el.tail = _BREAK + (el.tail or "")
    return plain_text("".join(root.itertext()))


def plain_text(text: str) -> str:
    """Plain text as paragraphs: split at blank lines, white space folded inside each.

    >>> plain_text("Two died.\\nThree hurt.\\n \\nA new paragraph.")
    'Two died. Three hurt.\\n\\nA new paragraph.'
    """
    folded = (" ".join(block.split()) for block in _BLANK_LINE.split(text))
    return _BREAK.join(p for p in folded if p)


def looks_like_html(text: str) -> bool:
    """Whether a text field holds markup rather than prose: it opens and closes with a tag.

    >>> looks_like_html("<p>Two died.</p>"), looks_like_html("Two <3 died.")
    (True, False)
    """
    s = text.strip()
    return s.startswith("<") and s.endswith(">")


def html_page(raw: bytes | str, origin: str, url: str | None = None) -> Page:
    """The article of an HTML page: main text, title, date, site name, URL and author.

    Raises InputError when the page holds no article text (a page built by JavaScript,
    an index page, an empty file).
    """
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            raw,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            # metadata and markup only: a date guessed from the body text is worse than none
            date_extraction_params={"original_date": True, "extensive_search": False},
            prune_xpath=["//noscript"],  # "enable JavaScript" notices are not the article
            as_dict=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(f"HTML could not be parsed: {exc!r}") from exc
    data: dict[str, Any] = result if isinstance(result, dict) else {}
    text = paragraphs(data.get("text") or "")
    if not text:
        raise InputError(
            "no article text found in the HTML (a page built by JavaScript, or not an article)"
        )
    title = _clean(data.get("title"))
    if title:
        first, _, rest = text.partition(_BREAK)
        if first.casefold() == title.casefold() and rest:
            text = rest  # the headline, kept as the title
    warnings: list[str] = []
    published, warning = read_date(data.get("date"))
    if warning:
        warnings.append(warning)
    page_url = data.get("url") if _is_http(data.get("url")) else None
    document = Document(
        text=text,
        title=title,
        published=published,
        outlet=_clean(data.get("sitename")),
        url=page_url or url,
        author=_clean(data.get("author")),
        origin=origin,
    )
    return Page(document, warnings)


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _is_http(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))
