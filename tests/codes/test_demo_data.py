"""The demo CPT and modifier summaries and relations say what the codes are."""

import re

import pytest

from careercenter.demo import DEMO_POSTINGS
from careercenter.models import Role


@pytest.fixture
def staff(client, login_as):
    login_as(Role.MODERATOR)  # code pages unmetered
    return client


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_28190_is_a_foreign_body_removal_not_part_of_a_ray_amputation(staff, codes):
    page = _page(staff, "/codes/cpt/28190")
    assert "foreign body" in page and "subcutaneous" in page
    assert "metatarsal" not in page.lower()
    assert "Bundled into" not in page and "28810" not in page


def test_toe_and_ray_amputation_bundle_only_on_the_same_ray(staff, codes):
    page = _page(staff, "/codes/cpt/28820")
    related = page.split('id="related-title"')[1]
    assert "Bundled into" in related and "28810" in related
    assert "On the same ray only" in related and "another ray is coded separately" in related
    assert "same ray" in _page(staff, "/codes/cpt/28810")


def test_28160_is_a_hemiphalangectomy_or_joint_excision(staff, codes):
    page = _page(staff, "/codes/cpt/28160")
    assert "hemiphalangectomy" in page and "interphalangeal joint excision" in page
    assert "phalangectomy (28150)" in page  # the whole phalanx is another code


def test_26320_is_a_joint_implant_removal(staff, codes):
    page = _page(staff, "/codes/cpt/26320")
    assert "joint implant" in page
    assert "(20670, 20680)" in page  # hardware removal is coded elsewhere


def test_27256_is_without_manipulation(staff, codes):
    page = _page(staff, "/codes/cpt/27256")
    assert "abduction device, a splint or traction" in page
    assert "without anesthesia and without manipulating the joint" in page
    assert "put back" not in page


def test_modifier_58_has_its_three_uses(staff, codes):
    page = _page(staff, "/codes/modifier/58")
    assert "planned at the time of the first (staged)" in page
    assert "goes further than the first procedure" in page
    assert "treatment following a diagnostic surgical procedure" in page


def test_demo_jobs_do_not_bundle_28190_into_a_ray_amputation():
    texts = [fields["description_md"] for _, _, fields in DEMO_POSTINGS]
    assert any("28190" in text for text in texts)
    for text in texts:
        assert not re.search(r"ray amputation[^.\n]*28190", text)
        if "28190" in text:
            assert "foreign-body removal (28190)" in text
