"""Checks need the code data: the ICD-10-CM codes the starter cases use and the demo CPT,
HCPCS and modifier files, loaded once for the folder and kept between its tests (the
suite's cleanup empties every other table after each test)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from careercenter.checks.starter import STARTER_CASES
from careercenter.codes.importers import demo_file, import_csv, import_icd10cm
from careercenter.extensions import db, limiter
from careercenter.models import CodeImport, CodeSystem

CODE_TABLES = {"medical_codes", "code_imports", "code_relations", "code_words"}
# The categories of every starter diagnosis, and those the tests type.
PREFIXES = sorted(
    {c.code[:3] for case in STARTER_CASES for c in case["expected"] if c.system == "icd-10-cm"}
    | {"E11", "I70", "W13", "S72", "W19"}
)


@pytest.fixture(scope="module")
def _codes_loaded(app):
    """Loaded for each module, emptied when it ends: other folders expect no code data."""
    with app.app_context():
        import_icd10cm(only_prefixes=PREFIXES)
        for system, name in (
            (CodeSystem.CPT, "cpt_demo.csv"),
            (CodeSystem.HCPCS, "hcpcs_demo.csv"),
            (CodeSystem.MODIFIER, "modifiers.csv"),
        ):
            import_csv(system, demo_file(name), source="demo")
        # Said to be the full list, as in production, so that a code outside it (W13.XXXA)
        # is known not to exist rather than merely missing from a sample.
        db.session.execute(
            sa.update(CodeImport)
            .where(CodeImport.system == CodeSystem.ICD10CM)
            .values(complete=True)
        )
        db.session.commit()
        db.session.remove()
    yield
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            if table.name in CODE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture(autouse=True)
def _clean_state(app, _codes_loaded):
    """The suite's cleanup, but the code data stays for the next test."""
    yield
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in CODE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
    limiter.reset()
    for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"):
        path.unlink()
