"""A form sent urlencoded is parsed whole before any check runs (Werkzeug sets no limit on
it but MAX_CONTENT_LENGTH): 8 MB of tiny fields kept a worker busy for 2-5 s, even for a
guest's login. Such a body has a limit of its own, well above the largest real form."""

import time

from careercenter.models import Posting
from tests.app.test_single_line_fields import count
from tests.factories import submit_posting

TINY_FIELDS = "&".join(f"f{i}=1" for i in range(120_000)).encode()  # about 1 MB


def test_a_megabyte_of_tiny_form_fields_is_refused_unread(client):
    started = time.perf_counter()
    response = client.post(
        "/login", data=TINY_FIELDS, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert time.perf_counter() - started < 1


def test_the_longest_job_description_in_any_script_still_fits(app, employer):
    # 20,000 characters of four bytes each: 240 kB once percent-encoded.
    description = "Remote coder for E/M visits. " + "\U0001f469" * (20_000 - 29)
    assert len(description) == 20_000
    submit_posting(app, employer, description=description)
    assert count(app, Posting) == 1
