"""What the API and the feeds need besides the search: public postings, summaries, and
the caching rule for public answers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, request
from sqlalchemy.orm import joinedload

from careercenter.extensions import db
from careercenter.models import Company, Posting
from careercenter.text import plain_text

# Ids are 32-bit integers in the database; a larger one cannot name a posting (and
# PostgreSQL would refuse to compare with it).
MAX_ID = 2**31 - 1


def public_posting(posting_id: int) -> Posting | None:
    """The posting if anyone may see it: live, or live once and since ended. Drafts,
    postings in review, rejected ones and those of suspended employers are not public."""
    if not 1 <= posting_id <= MAX_ID:
        return None
    posting = db.session.scalar(
        sa.select(Posting)
        .where(Posting.id == posting_id)
        .options(joinedload(Posting.company).joinedload(Company.owner))
    )
    if posting is None or not posting.is_public or posting.company.owner.is_suspended:
        return None
    return posting


def summaries(postings: list[Posting], length: int) -> dict[int, str]:
    """The start of each posting's description as plain text, by posting id, in one query
    (search results come without their descriptions)."""
    ids = [posting.id for posting in postings]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Posting.id, Posting.description_md).where(Posting.id.in_(ids))
    )
    return {posting_id: summary_text(text, length) for posting_id, text in rows}


def summary_text(markdown: str, length: int) -> str:
    """The words of a Markdown description as plain text, cut at a word boundary to at
    most `length` characters."""
    return plain_text(markdown, length)


def cache_publicly(response: Response, seconds: int) -> Response:
    """Let shared caches keep the answer, unless the request came with cookies: the answer
    to a signed-in browser may carry a Set-Cookie, which no cache should hand on (the
    site's own policy, no-store, then applies)."""
    if not request.cookies:
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response
