"""Pay statistics, precomputed from published jobs (see careercenter.pay.stats).

`pay_points` holds one row per job counted (so a job counts once however often it was
edited or renewed); `pay_stats` the quantiles of the groups the pages read; `pay_refresh`
one row whose generation every refresh raises, so rendered charts can be cached by it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from careercenter.models.base import Base, UTCDateTime


class PayPoint(Base):
    __tablename__ = "pay_points"

    posting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # "annual" (yearly and hourly pay, in dollars a year) or "chart" (dollars per chart).
    kind: Mapped[str] = mapped_column(sa.String(10))
    unit: Mapped[str] = mapped_column(sa.String(10))  # as posted: hour, year or chart
    low: Mapped[float] = mapped_column(sa.Float)
    high: Mapped[float] = mapped_column(sa.Float)
    mid: Mapped[float] = mapped_column(sa.Float)
    credentials: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    specialties: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    settings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    arrangement: Mapped[str] = mapped_column(sa.String(20))
    state: Mapped[str] = mapped_column(sa.String(2))
    month: Mapped[str] = mapped_column(sa.String(7))  # YYYY-MM of publication
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PayStat(Base):
    __tablename__ = "pay_stats"
    __table_args__ = (sa.UniqueConstraint("kind", "grp"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    # The group, e.g. "credential=cpc&place=state:TX&setting=physician-practice"; "" is all.
    grp: Mapped[str] = mapped_column(sa.String(200))
    count: Mapped[int] = mapped_column()
    hourly_count: Mapped[int] = mapped_column(default=0)
    p10: Mapped[float] = mapped_column(sa.Float)
    p25: Mapped[float] = mapped_column(sa.Float)
    p50: Mapped[float] = mapped_column(sa.Float)
    p75: Mapped[float] = mapped_column(sa.Float)
    p90: Mapped[float] = mapped_column(sa.Float)
    # Three jobs in four have a range whose top is at most this many times its bottom.
    width_p75: Mapped[float] = mapped_column(sa.Float)
    first_published: Mapped[datetime] = mapped_column(UTCDateTime)
    last_published: Mapped[datetime] = mapped_column(UTCDateTime)


class PayRefresh(Base):
    __tablename__ = "pay_refresh"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
