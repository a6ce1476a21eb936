"""The signed-in user's own account: password, email, sessions, deletion."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from careercenter.account import bp
from careercenter.account.forms import ChangeEmailForm, ChangePasswordForm, DeleteAccountForm
from careercenter.auth import services, tokens
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import UserSession
from careercenter.security import current_account


def _settings_page(status: int = 200, **forms):
    user = current_account()
    forms.setdefault("password_form", ChangePasswordForm(user=user, formdata=None))
    forms.setdefault("email_form", ChangeEmailForm(user=user, formdata=None))
    forms.setdefault("delete_form", DeleteAccountForm(user=user, formdata=None))
    current = services.current_session_row(user)
    sessions = db.session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc())
    ).all()
    return render_template(
        "account/settings.html",
        sessions=sessions,
        current_session_id=current.id if current else None,
        **forms,
    ), status


@bp.route("/")
@login_required
def settings():
    return _settings_page()


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm(user=current_account())
    if not form.validate_on_submit():
        return _settings_page(422, password_form=form)
    services.change_password(current_account(), form.new_password.data)
    flash("Your password is changed. Every other device has been signed out.", "success")
    return redirect(url_for("account.settings"), code=303)


@bp.route("/email", methods=["POST"])
@login_required
def change_email():
    form = ChangeEmailForm(user=current_account())
    if not form.validate_on_submit():
        return _settings_page(422, email_form=form)
    services.request_email_change(current_account(), form.new_email.data)
    flash(
        "Check the new address: your email changes when you follow the link we sent there.",
        "info",
    )
    return redirect(url_for("account.settings"), code=303)


@bp.route("/email/confirm/<token>")
def confirm_email_change(token: str):
    try:
        services.confirm_email_change(token)
    except tokens.TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired), 400
    except services.EmailTaken:
        return render_template("auth/link_invalid.html", taken=True), 409
    flash("Your email is changed.", "success")
    return redirect(url_for("account.settings" if current_user.is_authenticated else "auth.login"))


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    if EmptyForm().validate_on_submit():
        count = services.end_all_sessions(current_account(), keep_current=True)
        flash(f"Signed out of {count} other session{'s' if count != 1 else ''}.", "success")
    return redirect(url_for("account.settings"), code=303)


@bp.route("/delete", methods=["POST"])
@login_required
def delete():
    form = DeleteAccountForm(user=current_account())
    if not form.validate_on_submit():
        return _settings_page(422, delete_form=form)
    services.delete_account(current_account())
    flash("Your account is deleted. We're sorry to see you go.", "info")
    return redirect(url_for("main.index"), code=303)
