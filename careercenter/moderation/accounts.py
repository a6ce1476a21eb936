"""Account actions: suspend and reinstate coders and employers, verify employers, and
(administrators only) grant and revoke moderator rights.

Who may do what is decided here, on the target: staff accounts are never suspended from
the site (an administrator revokes a moderator's rights first), administrators are made
and unmade only from the command line, and moderators are made from coder accounts, which
own nothing an employer does.
"""

from __future__ import annotations

import sqlalchemy as sa

from careercenter import search
from careercenter.auth.services import end_all_sessions
from careercenter.extensions import db
from careercenter.mail import send_mail
from careercenter.models import AuditAction, Company, Posting, Role, User, utcnow
from careercenter.moderation import audit

SUSPENDABLE = (Role.APPLICANT, Role.EMPLOYER)


class ActionRefused(Exception):
    """The action does not apply to this account; the message says why."""


def _suspension_state(user: User) -> dict:
    return {"suspended": user.is_suspended, "reason": user.suspension_reason}


def suspend(user: User, reason: str, actor: User | None = None) -> None:
    """Suspend a coder or an employer: it can no longer sign in, its sessions end now, and
    an employer's jobs leave search and their pages."""
    if user.role not in SUSPENDABLE:
        raise ActionRefused(
            "Staff accounts are not suspended here: an administrator revokes moderator rights "
            "first."
        )
    if user.is_suspended:
        raise ActionRefused(f"{user.name} is already suspended ({user.suspension_reason}).")
    before = _suspension_state(user)
    user.suspended_at = utcnow()
    user.suspension_reason = reason.strip()
    company = user.company
    if company is not None:
        search.remove_postings(
            db.session.scalars(sa.select(Posting.id).where(Posting.company_id == company.id))
        )
    audit.record(
        actor,
        AuditAction.ACCOUNT_SUSPEND,
        user,
        before=before,
        after=_suspension_state(user),
        note=reason,
    )
    db.session.commit()
    end_all_sessions(user)
    send_mail(
        user.email,
        "Your CareerCenter account is suspended",
        "mail/account_suspended.txt",
        user=user,
        reason=user.suspension_reason,
    )


def reinstate(user: User, reason: str, actor: User | None = None) -> None:
    """Lift a suspension: the account signs in again and an employer's open jobs return."""
    if not user.is_suspended:
        raise ActionRefused(f"{user.name} is not suspended: there is nothing to reinstate.")
    before = _suspension_state(user)
    user.suspended_at = None
    user.suspension_reason = None
    company = user.company
    if company is not None:
        for posting in company.postings:
            search.index_posting(posting)
    audit.record(
        actor,
        AuditAction.ACCOUNT_REINSTATE,
        user,
        before=before,
        after=_suspension_state(user),
        note=reason,
    )
    db.session.commit()
    send_mail(
        user.email,
        "Your CareerCenter account is active again",
        "mail/account_reinstated.txt",
        user=user,
    )


def set_verified(company: Company, verified: bool, actor: User) -> None:
    """Mark an employer verified (a badge on its pages and jobs), or take the mark away."""
    if company.is_verified == verified:
        state = "already verified" if verified else "not verified"
        raise ActionRefused(f"{company.name} is {state}: nothing changed.")
    before = {"verified": company.is_verified}
    company.verified_at = utcnow() if verified else None
    audit.record(
        actor,
        AuditAction.COMPANY_VERIFY if verified else AuditAction.COMPANY_UNVERIFY,
        company,
        before=before,
        after={"verified": verified},
    )
    db.session.commit()


def grant_moderator(user: User, admin: User) -> None:
    if user.role is Role.MODERATOR:
        raise ActionRefused(f"{user.email} is already a moderator.")
    if user.role is not Role.APPLICANT:
        raise ActionRefused(
            "Only a coder account can become a moderator: an employer account owns a "
            "company, and administrators are made from the command line."
        )
    if user.is_suspended:
        raise ActionRefused(f"{user.email} is suspended: reinstate the account first.")
    _change_role(user, Role.MODERATOR, admin, AuditAction.STAFF_GRANT)


def revoke_moderator(user: User, admin: User) -> None:
    """The moderator goes back to being a coder account."""
    if user.role is not Role.MODERATOR:
        raise ActionRefused(f"{user.email} is not a moderator: nothing changed.")
    _change_role(user, Role.APPLICANT, admin, AuditAction.STAFF_REVOKE)


def _change_role(user: User, role: Role, admin: User, action: AuditAction) -> None:
    before = {"role": user.role.value}
    user.role = role
    audit.record(admin, action, user, before=before, after={"role": role.value})
    db.session.commit()
