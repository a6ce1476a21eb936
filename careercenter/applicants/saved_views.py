"""A coder's saved jobs and job alerts (/me/saved-jobs, /me/alerts), and the alert mail's
unsubscribe link (/alerts/...). The work is in saved.services; the Save button on a job
is in postings.saved_views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from careercenter.applicants import bp
from careercenter.extensions import csrf
from careercenter.forms import EmptyForm
from careercenter.models import AlertFrequency, Role
from careercenter.saved import services
from careercenter.saved.forms import CreateAlertForm, EditAlertForm
from careercenter.security import current_account, roles_required


@bp.route("/me/saved-jobs")
@roles_required(Role.APPLICANT)
def saved_jobs():
    return render_template("saved/jobs.html", saved=services.saved_jobs_of(current_account()))


@bp.route("/me/alerts", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def alerts():
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
            return redirect(url_for("applicants.alerts"), code=303)
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
        return redirect(url_for("applicants.alerts"), code=303)
    services.update_alert(
        alert, frequency=AlertFrequency(form.frequency.data), active=form.active.data
    )
    flash(f"Job alert “{alert.name}” updated.", "success")
    return redirect(url_for("applicants.alerts"), code=303)


@bp.route("/me/alerts/<int:alert_id>/delete", methods=["POST"])
@roles_required(Role.APPLICANT)
def delete_alert(alert_id: int):
    alert = _my_alert(alert_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_alert(alert)
    flash("Job alert deleted.", "success")
    return redirect(url_for("applicants.alerts"), code=303)


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority; mail clients POST it (RFC 8058)
def unsubscribe_alert(token: str):
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
def resubscribe_alert(token: str):
    alert = services.alert_from_token(token)
    if alert is None:
        return render_template("saved/unsubscribe_invalid.html"), 404
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.set_alert_active(alert, True)
    flash(f"Job alert “{alert.name}” is back on.", "success")
    return render_template("saved/unsubscribed.html", alert=alert, token=token)
