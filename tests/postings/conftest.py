# The posting fixtures are shared by every test folder: see tests/fixtures/postings.py.
from tests.fixtures.postings import COMPANY_FORM, POSTING_FORM, png_bytes

__all__ = ["COMPANY_FORM", "POSTING_FORM", "png_bytes"]
