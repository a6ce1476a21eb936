import sqlalchemy as sa

from careercenter.codes.importers import import_icd10cm
from careercenter.extensions import db
from careercenter.models import CodeSystem, MedicalCode


def _count(app, system=None):
    with app.app_context():
        stmt = sa.select(sa.func.count()).select_from(MedicalCode)
        if system:
            stmt = stmt.where(MedicalCode.system == system)
        return db.session.scalar(stmt)


def _get(app, code):
    with app.app_context():
        found = db.session.scalar(sa.select(MedicalCode).where(MedicalCode.code == code))
        db.session.expunge(found)
        return found


def test_import_is_idempotent(app, codes):
    before = _count(app)
    with app.app_context():
        result = import_icd10cm(only_prefixes=["E11", "S98"])
    assert result.inserted == 0
    assert _count(app) == before


def test_a_bad_cpt_row_names_its_line_and_imports_nothing(app, tmp_path):
    data = tmp_path / "cpt.csv"
    data.write_text(
        "code,official_description,plain_description\n"
        "99213,,Office visit\n"
        "9921,,Too short\n"
        "99214,,\n"
    )
    result = app.test_cli_runner().invoke(args=["codes", "import-cpt", str(data)])
    assert result.exit_code != 0
    assert "line 3" in result.output and "'9921' is not a CPT code" in result.output
    assert "line 4" in result.output and "99214 has no description" in result.output
    assert "Nothing was imported" in result.output
    assert _count(app, CodeSystem.CPT) == 0


def test_a_file_with_missing_columns_or_not_utf8_is_refused(app, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("cpt,desc\n99213,x\n")
    result = app.test_cli_runner().invoke(args=["codes", "import-hcpcs", str(wrong)])
    assert "missing column" in result.output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"code,official_description,plain_description\n\xff\xfe\x00")
    result = app.test_cli_runner().invoke(args=["codes", "import-hcpcs", str(binary)])
    assert result.exit_code != 0 and "UTF-8" in result.output


def test_a_licensed_cpt_file_brings_official_descriptors(app, tmp_path):
    data = tmp_path / "licensed.csv"
    data.write_text(
        "code,official_description,plain_description\n99213,Licensed descriptor text for 99213,\n"
    )
    result = app.test_cli_runner().invoke(
        args=["codes", "import-cpt", str(data), "--complete", "--source", "AMA CPT 2026"]
    )
    assert result.exit_code == 0, result.output
    assert _get(app, "99213").official_description == "Licensed descriptor text for 99213"
    assert _get(app, "99213").source == "AMA CPT 2026"
