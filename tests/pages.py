"""What a visitor sees on a page: its text, its links, its images and its articles, read
from the HTML as a browser shows them, so that a test does not break when a template
changes a class or wraps a number in a <span>.

Each function takes a response or the page's HTML.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

import lxml.html

HIDDEN = ("script", "style", "template", "head")
# Elements a browser shows on a line or in a box of their own: their text never runs into
# the next element's.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
}  # fmt: skip


class Link(NamedTuple):
    text: str
    href: str


def document(page) -> lxml.html.HtmlElement:
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    return lxml.html.fromstring(html)


def text_of(page) -> str:
    """The page's HTML with its entities decoded (`&#39;` reads `'`): for words a template
    writes in one piece; `visible_text` for words that run across elements."""
    return html.unescape(page if isinstance(page, str) else page.get_data(as_text=True))


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def visible_text(page) -> str:
    """The page's text with its whitespace collapsed, as one line."""
    doc = document(page)
    for element in list(doc.iter(*HIDDEN)):
        element.drop_tree()
    for element in doc.iter(*BLOCKS):
        element.text = " " + (element.text or "")
        element.tail = " " + (element.tail or "")
    return _text(doc)


def links(page) -> list[Link]:
    """Every link: its text (or its aria-label) and where it goes."""
    return [
        Link(a.get("aria-label") or _text(a), a.get("href"))
        for a in document(page).iter("a")
        if a.get("href") is not None
    ]


def hrefs(page) -> set[str]:
    return {link.href for link in links(page)}


def link_named(page, text: str) -> str:
    """Where the link with this text goes (it must be on the page)."""
    found = [link.href for link in links(page) if link.text == text]
    assert found, f"no link named {text!r}: {[link.text for link in links(page)]}"
    return found[0]


def images(page) -> list[str]:
    """The src of every image shown."""
    return [img.get("src") for img in document(page).iter("img")]


def articles(page) -> list[str]:
    """The name of each article (a job card is one, named by its title)."""
    doc = document(page)
    names = []
    for article in doc.iter("article"):
        label = article.get("aria-labelledby")
        named = doc.get_element_by_id(label, None) if label else None
        names.append(_text(named if named is not None else article))
    return names
