"""User-written Markdown to safe HTML: markdown-it renders, nh3 (Ammonia) sanitises."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code",
    "pre", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def same_text(stored: str | None, sent: str | None) -> bool:
    """Whether a reader would see `sent` as the text already stored: a browser sends a text
    box's line breaks as CRLF, whatever the stored text was written with (the demo's, a
    client that sends LF)."""
    return (stored or "").replace("\r\n", "\n") == (sent or "").replace("\r\n", "\n")


def render_markdown(source: str) -> str:
    html = _markdown.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )


def plain_text(source: str, limit: int | None = None) -> str:
    """The words of a Markdown text without markup, as plain (unescaped) text, for
    snippets, feeds and JSON. Escape it wherever it goes into HTML.

    With a limit, only the leading paragraphs that can reach it are rendered (a search page
    of summaries would otherwise parse twenty whole descriptions to keep 300 characters of
    each)."""
    source = source or ""
    if limit:
        source = _leading_blocks(source, 2 * limit)
    text = html.unescape(nh3.clean(_markdown.render(source), tags=set()))
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def _leading_blocks(source: str, length: int) -> str:
    """The first blank-line-separated blocks of a Markdown text that hold at least `length`
    characters (all of it when it is shorter). Cutting between blocks keeps each kept block's
    markup whole."""
    if len(source) <= length:
        return source
    end = source.find("\n\n", length)
    return source if end == -1 else source[:end]
