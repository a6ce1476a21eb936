"""Sign-up, sign-in and the mailed links. Views parse, call a service and redirect."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from careercenter.auth import bp, devices, services, tokens
from careercenter.auth.forms import EmailOnlyForm, LoginForm, RegistrationForm, ResetPasswordForm
from careercenter.extensions import limiter
from careercenter.forms import EmptyForm
from careercenter.models.user import normalise_email
from careercenter.navigation import home_url
from careercenter.security import safe_next


def _submitted(name: str) -> str:
    """A field of the submitted form as the form will read it, whatever the body's format
    (urlencoded, multipart or JSON: Flask-WTF reads all three)."""
    value = request.form.get(name)
    if value is None and request.is_json:
        try:
            value = ImmutableMultiDict(request.get_json(silent=True) or {}).get(name)
        except (TypeError, ValueError):
            value = None
    return "" if value is None else str(value)


def _login_email_key() -> str:
    """Rate-limit key for sign-in attempts against one address: shared by everyone, except
    that a browser which signed in to that account before counts in a bucket of its own, so
    that guessing from elsewhere does not lock its owner out (auth.devices)."""
    email = normalise_email(_submitted("email"))[:254]
    device = devices.known_device(email)
    return f"login-device:{device}" if device else f"login-email:{email}"


def _home_for_user():
    return redirect(url_for("main.index"), code=303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return _home_for_user()
    form = RegistrationForm()
    if request.method == "GET" and request.args.get("as") in ("applicant", "employer"):
        form.account_type.data = request.args["as"]
    if form.validate_on_submit():
        services.register(
            email=form.email.data, name=form.name.data, password=form.password.data, role=form.role
        )
        session["pending_email"] = normalise_email(form.email.data)
        return redirect(url_for("auth.check_inbox"), code=303)
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/register/check-your-inbox")
def check_inbox():
    return render_template(
        "auth/check_inbox.html", email=session.get("pending_email"), form=EmailOnlyForm()
    )


@bp.route("/verify/<token>")
def verify_email(token: str):
    try:
        services.verify_email(token)
    except tokens.TokenInvalid as exc:
        return render_template(
            "auth/link_invalid.html", expired=exc.expired, resend=True, form=EmailOnlyForm()
        ), 400
    flash("Your email is confirmed. You can log in now.", "success")
    if current_user.is_authenticated:
        return _home_for_user()
    return redirect(url_for("auth.login"), code=303)


@bp.route("/verify/resend", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"])
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        session["pending_email"] = normalise_email(form.email.data)
        flash("If that address needs confirming, a new link is on its way.", "info")
        return redirect(url_for("auth.check_inbox"), code=303)
    return render_template(
        "auth/check_inbox.html", email=session.get("pending_email"), form=form
    ), 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_EMAIL"],
    key_func=_login_email_key,
    methods=["POST"],
)
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or home_url(current_user), code=303)
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("The email or password is not right.")
        elif user.is_suspended:
            form.form_errors.append(
                "This account is suspended. If you think this is a mistake, contact support."
            )
        elif not user.is_verified:
            services.send_verification(user)
            form.form_errors.append(
                f"Confirm your email before you log in: we have sent a new link to {user.email}."
            )
        else:
            services.start_session(user, remember=form.remember.data)
            flash(f"Welcome back, {user.name}.", "success")
            response = redirect(next_url or home_url(user), code=303)
            return devices.remember_device(response, user.email)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form, next_url=next_url), status


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        services.end_session(current_user._get_current_object())
        flash("You are logged out.", "info")
    return redirect(url_for("main.index"), code=303)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def request_reset():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("auth/reset_sent.html", email=normalise_email(form.email.data))
    return render_template("auth/reset_request.html", form=form), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
def reset_password(token: str):
    try:
        user = services.user_for_reset(token)
    except tokens.TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired, reset=True), 400
    form = ResetPasswordForm(user=user)
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        flash("Your password is changed. Log in with the new one.", "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_password.html", form=form), 422 if form.errors else 200
