"""Account work: registration, sign-in sessions, verification, reset, changes, deletion."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from careercenter.applicants import services as applicant_services
from careercenter.auth import tokens
from careercenter.extensions import db
from careercenter.mail import send_mail, site_url
from careercenter.models import Role, User, UserSession, utcnow
from careercenter.models.user import hash_password, hash_session_token, normalise_email

# How stale a session's last-seen time may get before a request refreshes it.
_LAST_SEEN_RESOLUTION = timedelta(minutes=5)


class EmailTaken(Exception):
    pass


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(
    *, email: str, name: str, password: str, role: Role, verified: bool = False
) -> User:
    if find_user_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(email=normalise_email(email), name=name.strip(), role=role)
    user.set_password(password)
    if verified:
        user.email_verified_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user


def register(*, email: str, name: str, password: str, role: Role) -> None:
    """Create a self-service account and send its verification link.

    When the address already has an account, its owner is told by mail instead. The page
    the visitor sees is the same either way, and so is the work behind it (one password
    hash, one mail), so that not even the time it takes tells whether the address is known.
    """
    if role not in (Role.APPLICANT, Role.EMPLOYER):
        raise ValueError(f"role {role} cannot be chosen at registration")
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the cost of creating an account, thrown away
        send_mail(
            existing.email,
            "Someone tried to register with your email",
            "mail/already_registered.txt",
            user=existing,
            login_url=site_url("auth.login"),
            reset_url=site_url("auth.request_reset"),
        )
        return
    user = create_user(email=email, name=name, password=password, role=role)
    db.session.commit()
    send_verification(user)


def send_verification(user: User) -> None:
    token = tokens.make_token(tokens.VERIFY_EMAIL, user)
    send_mail(
        user.email,
        "Confirm your email for CareerCenter",
        "mail/verify_email.txt",
        user=user,
        verify_url=site_url("auth.verify_email", token=token),
        max_age_days=current_app.config["EMAIL_VERIFY_MAX_AGE"] // 86400,
    )


def resend_verification(email: str) -> None:
    """A new confirmation link for an unconfirmed account; a note to any other address (no
    account, or confirmed already). Every address gets one mail, so neither the page nor the
    time the request takes says whether an account exists or is confirmed."""
    user = find_user_by_email(email)
    if user is None:
        send_mail(
            normalise_email(email),
            "Confirm your email for CareerCenter",
            "mail/verify_no_account.txt",
            register_url=site_url("auth.register"),
        )
    elif user.is_verified:
        send_mail(
            user.email,
            "Confirm your email for CareerCenter",
            "mail/verify_already_confirmed.txt",
            user=user,
            login_url=site_url("auth.login"),
            reset_url=site_url("auth.request_reset"),
        )
    else:
        send_verification(user)


def verify_email(token: str) -> User:
    user, _ = tokens.user_for_token(
        tokens.VERIFY_EMAIL, token, current_app.config["EMAIL_VERIFY_MAX_AGE"]
    )
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None; equally slow either way."""
    user = find_user_by_email(email)
    if user is None:
        User.check_password_of_nobody(password)
        return None
    return user if user.check_password(password) else None


def start_session(user: User, remember: bool) -> None:
    """Sign this browser in with a fresh server-side session."""
    next_url = session.get("next")
    session.clear()  # no state carried over from before sign-in (session fixation)
    if next_url:
        session["next"] = next_url
    row, token = UserSession.issue(user, _user_agent())
    db.session.add(row)
    user.last_login_at = utcnow()
    db.session.commit()
    user.session_token = token
    login_user(user, remember=remember)
    session.permanent = True


def load_session_user(token: str) -> User | None:
    """Flask-Login's user loader: the user of a live session, if it still may sign in."""
    row = db.session.scalar(
        sa.select(UserSession)
        .where(UserSession.token_hash == hash_session_token(token))
        .options(joinedload(UserSession.user))  # one query for the session and its user
    )
    if row is None or not row.user.is_active:
        return None
    now = utcnow()
    if now - row.last_seen_at > _LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
        db.session.commit()
    user = row.user
    user.session_token = token
    return user


def current_session_row(user: User) -> UserSession | None:
    if not user.session_token:
        return None
    return db.session.scalar(
        sa.select(UserSession).where(
            UserSession.token_hash == hash_session_token(user.session_token)
        )
    )


def end_session(user: User) -> None:
    """Sign this browser out and destroy its session on the server."""
    row = current_session_row(user)
    if row is not None:
        db.session.delete(row)
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(user: User, keep_current: bool = False) -> int:
    """End every session of the account (all but this browser's when keep_current)."""
    stmt = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if keep_current and user.session_token:
        stmt = stmt.where(UserSession.token_hash != hash_session_token(user.session_token))
    count = db.session.execute(stmt).rowcount
    db.session.commit()
    return count


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address has an account, and a note saying there is none
    otherwise: the page says nothing, and both paths send one mail, so neither does the
    time the request takes."""
    user = find_user_by_email(email)
    if user is None:
        send_mail(
            normalise_email(email),
            "Reset your CareerCenter password",
            "mail/reset_no_account.txt",
            register_url=site_url("auth.register"),
        )
        return
    token = tokens.make_token(tokens.RESET_PASSWORD, user)
    send_mail(
        user.email,
        "Reset your CareerCenter password",
        "mail/reset_password.txt",
        user=user,
        reset_url=site_url("auth.reset_password", token=token),
        max_age_minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )


def user_for_reset(token: str) -> User:
    user, _ = tokens.user_for_token(
        tokens.RESET_PASSWORD, token, current_app.config["PASSWORD_RESET_MAX_AGE"]
    )
    return user


def reset_password(user: User, new_password: str) -> None:
    user.set_password(new_password)
    # Following the mailed link proves the address.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.commit()
    end_all_sessions(user)
    _notify_password_changed(user)


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every other session of the account."""
    user.set_password(new_password)
    db.session.commit()
    end_all_sessions(user, keep_current=True)
    _notify_password_changed(user)


def _notify_password_changed(user: User) -> None:
    send_mail(
        user.email,
        "Your CareerCenter password was changed",
        "mail/password_changed.txt",
        user=user,
        reset_url=site_url("auth.request_reset"),
    )


def request_email_change(user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; the change happens when it is followed.

    When the new address already belongs to an account the link is not sent, and the page
    the user sees does not say so.
    """
    new_email = normalise_email(new_email)
    if find_user_by_email(new_email) is not None:
        return
    token = tokens.make_token(tokens.CHANGE_EMAIL, user, new_email=new_email, old=user.email)
    send_mail(
        new_email,
        "Confirm your new email for CareerCenter",
        "mail/change_email.txt",
        user=user,
        new_email=new_email,
        confirm_url=site_url("account.confirm_email_change", token=token),
    )


def confirm_email_change(token: str) -> User:
    user, payload = tokens.user_for_token(
        tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_CHANGE_MAX_AGE"]
    )
    new_email = payload.get("new_email")
    if not isinstance(new_email, str):
        raise tokens.TokenInvalid()
    if find_user_by_email(new_email) is not None:
        raise EmailTaken(new_email)
    old_email = user.email
    user.change_email(new_email)
    user.email_verified_at = utcnow()
    db.session.commit()
    send_mail(
        old_email,
        "Your CareerCenter email was changed",
        "mail/email_changed.txt",
        user=user,
        new_email=new_email,
    )
    return user


def delete_account(user: User) -> None:
    """Delete the account and everything that is only its own; its sessions end with it."""
    email = user.email
    name = user.name
    if user.role is Role.APPLICANT:
        applicant_services.erase(user)
    logout_user()
    session.clear()
    db.session.delete(user)
    db.session.commit()
    send_mail(email, "Your CareerCenter account was deleted", "mail/account_deleted.txt", name=name)


def _user_agent() -> str | None:
    agent = request.headers.get("User-Agent")
    return agent[:200] if agent else None
