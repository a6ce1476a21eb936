import sqlalchemy as sa

from careercenter import demo_world
from careercenter.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from careercenter.extensions import db
from careercenter.models import Role, User
from tests.conftest import STRONG_PASSWORD, Auth


def test_create_admin_makes_a_verified_admin_who_can_log_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "Boss@CareerCenter.example", "--password", STRONG_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert user.email == "boss@careercenter.example"
        assert user.role is Role.ADMIN and user.is_verified
    assert Auth(client).login(email="boss@careercenter.example").status_code == 303
    assert client.get("/admin/").status_code == 200


def test_create_admin_prompts_for_the_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "boss@careercenter.example"],
        input=f"{STRONG_PASSWORD}\n{STRONG_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert STRONG_PASSWORD not in result.output


def test_create_admin_refuses_a_weak_password_and_a_taken_email(app, make_user):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-admin", "boss@careercenter.example", "--password", "admin"])
    assert weak.exit_code != 0 and "12 characters" in weak.output
    make_user(email="taken@careercenter.example")
    taken = runner.invoke(
        args=["create-admin", "taken@careercenter.example", "--password", STRONG_PASSWORD]
    )
    assert taken.exit_code != 0 and "already exists" in taken.output


def test_seed_demo_is_idempotent_and_its_logins_work(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert count == len(DEMO_ACCOUNTS) + len(demo_world.EMPLOYERS) + len(demo_world.CODERS)
    # The demo has ICD-10-PCS pages: a table and a code of it (README's walk).
    assert client.get("/codes/icd-10-pcs/0DT").status_code == 200
    assert client.get("/codes/icd-10-pcs/0DTJ4ZZ").status_code == 200
    for email, _, _ in DEMO_ACCOUNTS[:1] + DEMO_ACCOUNTS[-1:]:
        client = app.test_client()
        assert Auth(client).login(email=email, password=DEMO_PASSWORD).status_code == 303


def test_search_reindex_puts_every_open_job_back_in_search(app, client, open_job):
    with app.app_context():
        db.session.execute(sa.text("DELETE FROM posting_search"))
        db.session.commit()
    assert "Orthopaedic" not in client.get("/jobs?q=orthopaedic+surgery+coder").get_data(True)
    result = app.test_cli_runner().invoke(args=["search-reindex"])
    assert result.exit_code == 0 and "Indexed 1 open posting." in result.output
    page = client.get("/jobs?q=orthopaedic+surgery+coder").get_data(as_text=True)
    assert f"/jobs/{open_job}-" in page
