"""A form shown several times on one page has a prefix for its fields (alert4-frequency),
but its CSRF token keeps the one name every form uses, csrf_token, as the moderators'
prefixed forms do: scanners look for that name (wapiti's csrf module reported "Lack of anti
CSRF token" on /me/alerts/<id>, which CSRFProtect did protect)."""

import re

from tests.conftest import post_form
from tests.saved.test_alerts import alert, create_alert

PREFIXED_TOKEN = re.compile(r'name="[^"]+-csrf_token"')


def test_each_alerts_form_carries_its_token_as_csrf_token(app, coder_client):
    create_alert(coder_client)
    saved = alert(app)
    page = coder_client.get("/me/alerts").get_data(as_text=True)
    assert f'name="alert{saved.id}-frequency"' in page
    assert not PREFIXED_TOKEN.search(page)
    data = {f"alert{saved.id}-frequency": "weekly", f"alert{saved.id}-active": "y"}
    assert post_form(coder_client, f"/me/alerts/{saved.id}", data).status_code == 303
    assert coder_client.post(f"/me/alerts/{saved.id}", data=data).status_code == 400  # no token
