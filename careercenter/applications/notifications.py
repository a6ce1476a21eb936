"""Mail about applications: the coder's confirmation, the employer's news of it (one
message each, or a daily digest), and the coder's rejection mail. Each runs as a
background job (careercenter/jobs.py), so no request mails anyone about an application
itself.

`confirm_to_applicant` and `notify_employer` run after an application is sent, and
`tell_rejected` after an employer rejects one with a mail. An employer whose company
chose the digest gets nothing then; `send_digests` (run by the
`send-alerts` cron command) mails each such employer one list of what arrived since.
Every application is announced once: `employer_notified_at` records that it was.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from careercenter.extensions import db
from careercenter.mail import send_mail
from careercenter.models import Application, ApplicationStatus, Company, NotifyMode, Posting
from careercenter.models.base import utcnow

DIGEST_JOB = "careercenter.applications.notifications:send_digests"
# An employer gets at most one digest in this time, however often cron runs.
DIGEST_INTERVAL = timedelta(days=1) - timedelta(hours=1)


def confirm_to_applicant(application_id: int) -> bool:
    """Mail the coder that their application went. Returns whether a mail went."""
    application = db.session.get(
        Application, application_id, options=[joinedload(Application.posting)]
    )
    if application is None:
        return False
    return _mail_coder(application, "mail/application_sent.txt")


def tell_rejected(application_id: int) -> bool:
    """Mail the coder the courteous news that their application was not taken further,
    unless it has moved on from rejected since. Returns whether a mail went."""
    application = db.session.get(
        Application, application_id, options=[joinedload(Application.posting)]
    )
    if application is None or application.status is not ApplicationStatus.REJECTED:
        return False
    return _mail_coder(application, "mail/application_rejected.txt")


def _mail_coder(application: Application, template: str) -> bool:
    """Mail the coder about their application (when the account still has an address)."""
    if not application.applicant_email:
        return False
    sent = send_mail(
        application.applicant_email,
        f"Your application: {application.posting.title}",
        template,
        application=application,
        posting=application.posting,
    )
    return sent is not None


def notify_employer(application_id: int) -> bool:
    """Mail the posting's employer about one new application, unless its company
    takes a digest or it was already announced. Returns whether a mail went."""
    application = db.session.get(
        Application,
        application_id,
        options=[joinedload(Application.posting).joinedload(Posting.company)],
    )
    if application is None or application.employer_notified_at is not None:
        return False
    company = application.posting.company
    if company.notify_mode == NotifyMode.DIGEST:
        return False
    sent = send_mail(
        company.owner.email,
        f"New applicant for {application.posting.title}",
        "mail/employer_new_application.txt",
        application=application,
        posting=application.posting,
        company=company,
    )
    if sent is None:
        return False
    application.employer_notified_at = utcnow()
    db.session.commit()
    return True


def send_digests() -> int:
    """One mail per digest-taking employer listing the applications not yet announced,
    at most one a day per employer. Returns the number of mails sent."""
    pending = db.session.scalars(
        sa.select(Application)
        .join(Posting, Posting.id == Application.posting_id)
        .join(Company, Company.id == Posting.company_id)
        .where(Application.employer_notified_at.is_(None), Company.notify_mode == NotifyMode.DIGEST)
        .options(joinedload(Application.posting).joinedload(Posting.company))
        .order_by(Application.created_at)
    ).all()
    by_company: dict[Company, list[Application]] = defaultdict(list)
    for application in pending:
        by_company[application.posting.company].append(application)
    now = utcnow()
    last_digest = dict(
        db.session.execute(
            sa.select(Posting.company_id, sa.func.max(Application.employer_notified_at))
            .join(Posting, Posting.id == Application.posting_id)
            .where(Posting.company_id.in_([c.id for c in by_company]))
            .group_by(Posting.company_id)
        ).all()
    )
    sent = 0
    for company, applications in by_company.items():
        previous = last_digest.get(company.id)
        if previous is not None and previous > now - DIGEST_INTERVAL:
            continue  # this employer had its digest today
        mailed = send_mail(
            company.owner.email,
            f"{len(applications)} new applicant{'s' if len(applications) != 1 else ''} "
            "on CareerCenter",
            "mail/employer_digest.txt",
            company=company,
            applications=applications,
        )
        if mailed is None:
            continue  # announced by the next run
        sent += 1
        for application in applications:
            application.employer_notified_at = now
        db.session.commit()
    return sent
