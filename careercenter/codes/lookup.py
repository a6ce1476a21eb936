"""Which codes exist and whether a code set is held in full: the lookups the code services,
the code links in text (codes/linkify.py) and ICD-10-PCS (codes/pcs.py) all read. A leaf
of the codes package, so none of them imports another to reach it."""

from __future__ import annotations

import sqlalchemy as sa

from careercenter.codeformat import compact
from careercenter.extensions import db
from careercenter.models import CodeImport, CodeSystem, MedicalCode


def find_codes(mentions: list[tuple[CodeSystem, str]]) -> dict[tuple[CodeSystem, str], bool]:
    """Which of these (system, canonical code) pairs exist, each with whether it is
    billable, in one query."""
    if not mentions:
        return {}
    compacts = {compact(code) for _, code in mentions}
    rows = db.session.execute(
        sa.select(MedicalCode.system, MedicalCode.code, MedicalCode.billable).where(
            MedicalCode.compact.in_(compacts)
        )
    ).all()
    return {(system, code): billable for system, code, billable in rows}


def is_complete(system: CodeSystem) -> bool:
    """Whether the full list of this system is loaded (so an unknown code is really wrong)."""
    return (
        db.session.scalar(
            sa.select(CodeImport.id).where(CodeImport.system == system, CodeImport.complete)
        )
        is not None
    )
