"""Medical codes for the code-reference pages (shared/DOMAIN.md explains the code sets)."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.models.base import Base, UTCDateTime, string_enum, utcnow


class CodeSystem(enum.StrEnum):
    CPT = "cpt"
    MODIFIER = "modifier"
    ICD10CM = "icd-10-cm"
    HCPCS = "hcpcs"
    ICD10PCS = "icd-10-pcs"

    @property
    def label(self) -> str:
        return {
            CodeSystem.CPT: "CPT",
            CodeSystem.MODIFIER: "CPT/HCPCS modifier",
            CodeSystem.ICD10CM: "ICD-10-CM",
            CodeSystem.HCPCS: "HCPCS Level II",
            CodeSystem.ICD10PCS: "ICD-10-PCS",
        }[self]

    @property
    def rights_notice(self) -> str | None:
        if self is CodeSystem.CPT:
            return (
                "CPT® codes and descriptions are copyright American Medical Association. "
                "All rights reserved. Official descriptors are shown only from a licensed file."
            )
        return None


class CodeKind(enum.StrEnum):
    CHAPTER = "chapter"
    BLOCK = "block"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"
    CODE = "code"


class RelationKind(enum.StrEnum):
    PAIR = "pair"
    BUNDLED_INTO = "bundled-into"
    SEE_ALSO = "see-also"

    @property
    def label(self) -> str:
        return {
            RelationKind.PAIR: "Pairs with",
            RelationKind.BUNDLED_INTO: "Bundled into",
            RelationKind.SEE_ALSO: "See also",
        }[self]


class CodeWording:
    """What a code's row says, shared by the model and its immutable copy for pages
    (codes.services.Code): it reads `official_description` and `plain_description`."""

    @property
    def title(self) -> str:
        return self.official_description or self.plain_description or ""


class MedicalCode(CodeWording, Base):
    __tablename__ = "medical_codes"
    __table_args__ = (
        sa.UniqueConstraint("system", "code", name="uq_medical_codes_system_code"),
        sa.Index("ix_medical_codes_compact", "compact"),
        sa.Index("ix_medical_codes_system_parent_code", "system", "parent_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[CodeSystem] = mapped_column(string_enum(CodeSystem, "code_system"))
    code: Mapped[str] = mapped_column(sa.String(20))  # canonical form, e.g. E11.52
    compact: Mapped[str] = mapped_column(sa.String(20))  # without dot, upper case: E1152
    kind: Mapped[CodeKind] = mapped_column(string_enum(CodeKind, "code_kind"))
    billable: Mapped[bool] = mapped_column(default=False)
    official_description: Mapped[str | None] = mapped_column(sa.Text)
    plain_description: Mapped[str | None] = mapped_column(sa.Text)
    parent_code: Mapped[str | None] = mapped_column(sa.String(20))
    notes: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # includes, excludes1...
    source: Mapped[str] = mapped_column(sa.String(200))
    sort_key: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    relations: Mapped[list[CodeRelation]] = relationship(
        foreign_keys="CodeRelation.code_id",
        back_populates="code",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<MedicalCode {self.system.value} {self.code}>"


class CodeRelation(Base):
    __tablename__ = "code_relations"
    __table_args__ = (
        sa.UniqueConstraint("code_id", "related_id", "kind", name="uq_code_relations_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code_id: Mapped[int] = mapped_column(
        sa.ForeignKey("medical_codes.id", ondelete="CASCADE"), index=True
    )
    related_id: Mapped[int] = mapped_column(sa.ForeignKey("medical_codes.id", ondelete="CASCADE"))
    kind: Mapped[RelationKind] = mapped_column(string_enum(RelationKind, "relation_kind"))
    note: Mapped[str | None] = mapped_column(sa.String(300))

    code: Mapped[MedicalCode] = relationship(foreign_keys=[code_id], back_populates="relations")
    related: Mapped[MedicalCode] = relationship(foreign_keys=[related_id])


class CodeWord(Base):
    """One word of a code's descriptions: a portable inverted index for code search."""

    __tablename__ = "code_words"
    __table_args__ = (sa.PrimaryKeyConstraint("word", "code_id", name="pk_code_words"),)

    word: Mapped[str] = mapped_column(sa.String(40))
    code_id: Mapped[int] = mapped_column(
        sa.ForeignKey("medical_codes.id", ondelete="CASCADE"), index=True
    )


class ReleaseWording:
    """What pages say of an import's release, shared by the model and its immutable copy
    for pages (codes.services.Release): it reads `system`, `source`, `release` and
    `effective_to`."""

    @property
    def release_label(self) -> str:
        return f"{self.system.label} {self.release}" if self.release else self.source

    def is_superseded(self, today: date) -> bool:
        """Whether a newer release applies: this one's last day has passed."""
        return self.effective_to is not None and today > self.effective_to

    def successor(self) -> str:
        """The release that follows this one ("ICD-10-CM FY2027"), as well as it can be named."""
        found = re.match(r"FY(\d{4})\b", self.release or "")
        if found:
            return f"{self.system.label} FY{int(found[1]) + 1}"
        return f"A newer {self.system.label} release"

    def superseded_note(self, today: date) -> str | None:
        """What a page says when a newer release applies, else None."""
        if not self.is_superseded(today):
            return None
        starts = self.effective_to + timedelta(days=1)
        return (
            f"{self.successor()} took effect on {starts.isoformat()}; "
            f"these pages show {self.release_label}."
        )


class CodeImport(ReleaseWording, Base):
    """What was loaded for a code system, from where, and whether it is the full list."""

    __tablename__ = "code_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[CodeSystem] = mapped_column(string_enum(CodeSystem, "code_system"))
    source: Mapped[str] = mapped_column(sa.String(200))
    complete: Mapped[bool] = mapped_column(default=False)
    rows: Mapped[int] = mapped_column(default=0)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The release the data is ("FY2026 (with the April 1, 2026 update)"), and the days it
    # applies to; unknown for a file imported without them (the demo samples).
    release: Mapped[str | None] = mapped_column(sa.String(100))
    effective_from: Mapped[date | None] = mapped_column(sa.Date)
    effective_to: Mapped[date | None] = mapped_column(sa.Date)


class CodeView(Base):
    """A registered reader's opening of a code page, for metering (guests: GuestCodeView)."""

    __tablename__ = "code_views"
    __table_args__ = (sa.PrimaryKeyConstraint("user_id", "code_id", name="pk_code_views"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(sa.ForeignKey("medical_codes.id", ondelete="CASCADE"))
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GuestCodeView(Base):
    """A guest's opening of a code page, for metering when there is no Redis (codes.metering).

    A guest is known by a keyed hash of IP address and user agent that changes every day, so
    rows of earlier days are never read again and are deleted."""

    __tablename__ = "guest_code_views"
    __table_args__ = (sa.PrimaryKeyConstraint("visitor", "code_id", name="pk_guest_code_views"),)

    visitor: Mapped[str] = mapped_column(sa.String(64))
    code_id: Mapped[int] = mapped_column(sa.ForeignKey("medical_codes.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date, index=True)
