"""Saving jobs, and job alerts: create, change, delete, and unsubscribe from a mail."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from careercenter.extensions import csrf
from careercenter.forms import EmptyForm
from careercenter.models import AlertFrequency, Posting, Role
from careercenter.postings import services as posting_services
from careercenter.saved import bp, services
from careercenter.saved.forms import CreateAlertForm, EditAlertForm
from careercenter.security import current_account, roles_required, safe_next


def _back_to(posting: Posting):
    target = safe_next(request.form.get("next")) or url_for(
        "postings.job", posting_id=posting.id, slug=posting.slug
    )
    return redirect(target, code=303)


@bp.route("/jobs/<int:posting_id>/save", methods=["POST"])
@roles_required(Role.APPLICANT)
def save_job(posting_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    posting = posting_services.visible_posting(posting_id, current_account())
    if posting is None:  # it does not exist, or this coder may not see it
        abort(404)
    services.save_job(current_account(), posting)
    flash("Job saved. Find it under Saved jobs on your dashboard.", "success")
    return _back_to(posting)


@bp.route("/jobs/<int:posting_id>/unsave", methods=["POST"])
@roles_required(Role.APPLICANT)
def unsave_job(posting_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.unsave_job(current_account(), posting_id)
    flash("Job removed from your saved jobs.", "success")
    target = safe_next(request.form.get("next")) or url_for("saved.jobs")
    return redirect(target, code=303)


@bp.route("/me/saved-jobs")
@roles_required(Role.APPLICANT)
def jobs():
    return render_template("saved/jobs.html", saved=services.saved_jobs_of(current_account()))


@bp.route("/me/alerts", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def searches():
    form = CreateAlertForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            alert = services.create_alert(
                current_account(),
                query_string=form.query.data or "",
                name=form.name.data or "",
                frequency=AlertFrequency(form.frequency.data),
            )
        except services.SaveRefused as exc:
            form.name.errors = [str(exc)]
        else:
            flash(
                f"Job alert “{alert.name}” saved: we mail you new matching jobs "
                f"{alert.frequency.value}.",
                "success",
            )
            return redirect(url_for("saved.searches"), code=303)
    alerts = services.alerts_of(current_account())
    edit_forms = {
        a.id: EditAlertForm(prefix=f"alert{a.id}", frequency=a.frequency.value, active=a.active)
        for a in alerts
    }
    return render_template("saved/alerts.html", form=form, alerts=alerts, edit_forms=edit_forms), (
        422 if form.errors else 200
    )


def _my_alert(alert_id: int):
    alert = services.alert_of(current_account(), alert_id)
    if alert is None:
        abort(404)
    return alert


@bp.route("/me/alerts/<int:alert_id>", methods=["POST"])
@roles_required(Role.APPLICANT)
def update_alert(alert_id: int):
    alert = _my_alert(alert_id)
    form = EditAlertForm(prefix=f"alert{alert.id}")
    if not form.validate_on_submit():
        flash("Choose daily or weekly for this alert.", "error")
        return redirect(url_for("saved.searches"), code=303)
    services.update_alert(
        alert, frequency=AlertFrequency(form.frequency.data), active=form.active.data
    )
    flash(f"Job alert “{alert.name}” updated.", "success")
    return redirect(url_for("saved.searches"), code=303)


@bp.route("/me/alerts/<int:alert_id>/delete", methods=["POST"])
@roles_required(Role.APPLICANT)
def delete_alert(alert_id: int):
    alert = _my_alert(alert_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_alert(alert)
    flash("Job alert deleted.", "success")
    return redirect(url_for("saved.searches"), code=303)


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority; mail clients POST it (RFC 8058)
def unsubscribe(token: str):
    """GET asks (a mail scanner that follows links must not stop an alert); POST, from
    the page's button or a mail client's one-click, stops it."""
    alert = services.alert_from_token(token)
    if alert is None:
        return render_template("saved/unsubscribe_invalid.html"), 404
    if request.method == "GET":
        return render_template("saved/unsubscribe_confirm.html", alert=alert, token=token)
    services.set_alert_active(alert, False)
    if "List-Unsubscribe" in request.form:
        return "", 204
    return render_template("saved/unsubscribed.html", alert=alert, token=token)


@bp.route("/alerts/resubscribe/<token>", methods=["POST"])
def resubscribe(token: str):
    alert = services.alert_from_token(token)
    if alert is None:
        return render_template("saved/unsubscribe_invalid.html"), 404
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.set_alert_active(alert, True)
    flash(f"Job alert “{alert.name}” is back on.", "success")
    return render_template("saved/unsubscribed.html", alert=alert, token=token)
