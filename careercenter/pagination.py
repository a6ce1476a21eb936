"""Page-number arithmetic for any page of results, shaped like Flask-SQLAlchemy's
pagination so `render_pagination` draws them all. A subclass has `page`, `per_page`
and `total`."""

from __future__ import annotations

import math

# No list is read past this page; a larger number in an address (however long) is read as
# it, rather than reaching the database as an offset it cannot hold.
MAX_PAGE = 1_000_000


def page_number(value: int | None) -> int:
    """A requested page number, within 1..MAX_PAGE."""
    return min(max(value or 1, 1), MAX_PAGE)


class PageNumbers:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(self, left_edge=1, left_current=2, right_current=2, right_edge=1):
        """Page numbers to link, with None for the gaps, as Flask-SQLAlchemy's pagination
        gives: the first, the last and a few around the current page (in constant time,
        however many pages there are)."""
        pages = self.pages
        wanted = sorted(
            {n for n in range(1, min(left_edge, pages) + 1)}
            | {
                n
                for n in range(self.page - left_current, self.page + right_current + 1)
                if 1 <= n <= pages
            }
            | {n for n in range(max(1, pages - right_edge + 1), pages + 1)}
        )
        last = 0
        for number in wanted:
            if last + 1 != number:
                yield None
            yield number
            last = number
