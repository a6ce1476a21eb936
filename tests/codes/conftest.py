import pytest

from careercenter.codes.importers import demo_file, import_csv, import_icd10cm, import_relations
from careercenter.models import CodeSystem


@pytest.fixture
def codes(app):
    """The demo CPT, HCPCS and modifiers, and the ICD-10-CM codes under E11 and S98."""
    with app.app_context():
        import_icd10cm(only_prefixes=["E11", "S98"])
        import_csv(CodeSystem.CPT, demo_file("cpt_demo.csv"), source="demo")
        import_csv(CodeSystem.HCPCS, demo_file("hcpcs_demo.csv"), source="demo")
        import_csv(CodeSystem.MODIFIER, demo_file("modifiers.csv"), source="demo")
        import_relations(demo_file("relations_demo.csv"))
