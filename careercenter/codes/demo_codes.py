"""The code data the demo needs, from every importer: ICD-10-CM, the demo CPT, HCPCS and
modifier files, their relations, and a sample of ICD-10-PCS tables. Its own module because
it reads both codes/importers.py and codes/pcs.py, and pcs builds on importers."""

from __future__ import annotations

from careercenter.codes import pcs
from careercenter.codes.importers import (
    DEMO_FILES,
    DEMO_SOURCE,
    ImportResult,
    _has_complete_import,
    demo_file,
    icd10cm_source,
    import_csv,
    import_icd10cm,
    import_relations,
)
from careercenter.models import CodeSystem


def load_demo_codes(with_icd10cm: bool = True) -> list[ImportResult]:
    """Everything the demo needs: ICD-10-CM in full, and the demo CPT, HCPCS and modifiers."""
    results = []
    if with_icd10cm and not _has_complete_import(CodeSystem.ICD10CM, icd10cm_source()):
        results.append(import_icd10cm())
    for system, name in DEMO_FILES:
        results.append(import_csv(system, demo_file(name), source=DEMO_SOURCE))
    import_relations(demo_file("relations_demo.csv"))
    results.extend(pcs.load_demo())  # ICD-10-PCS: a sample of tables (issue 13)
    return results
