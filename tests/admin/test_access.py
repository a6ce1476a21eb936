import pytest

from careercenter.models import Role

ADMIN_PAGES = ["/admin/", "/admin/accounts", "/admin/accounts?q=maria&role=applicant"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_guest_is_sent_to_log_in_from_admin_pages(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EMPLOYER])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_applicants_and_employers_are_refused_on_admin_pages(client, login_as, role, url):
    login_as(role)
    response = client.get(url)
    assert response.status_code == 403
    assert "You don&#39;t have access to this page" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_staff_see_the_accounts(client, login_as, make_user, role):
    make_user(email="maria@example.com", name="Maria Alvarez")
    login_as(role)
    page = client.get("/admin/accounts?q=ALVAREZ").get_data(as_text=True)
    assert "maria@example.com" in page
    assert "1 account matches your filter" in page


def test_account_search_treats_wildcards_as_text(client, login_as, make_user):
    make_user(email="maria@example.com")
    login_as(Role.ADMIN)
    page = client.get("/admin/accounts?q=%25").get_data(as_text=True)
    assert "No account matches" in page


def test_navigation_changes_with_the_role(client, login_as):
    assert "Moderation" not in client.get("/").get_data(as_text=True)
    login_as(Role.APPLICANT, email="a@example.com")
    assert "Moderation" not in client.get("/").get_data(as_text=True)
    client.delete_cookie("cc_session")
    login_as(Role.ADMIN, email="boss@example.com")
    assert 'href="/admin/"' in client.get("/").get_data(as_text=True)
