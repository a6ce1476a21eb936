"""The staff area: thin views over careercenter.moderation. Every route is guarded for
staff by the blueprint (careercenter/admin/__init__.py); staff management is for
administrators only (roles_required(Role.ADMIN))."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from careercenter.admin import bp, services
from careercenter.admin.forms import (
    AccountReasonForm,
    ApproveForm,
    AuditFilterForm,
    BulkApproveForm,
    GrantModeratorForm,
    KeepForm,
    ProfileRejectForm,
    RequestChangesForm,
    SendBackForm,
)
from careercenter.auth.services import find_user_by_email
from careercenter.extensions import db
from careercenter.forms import EmptyForm
from careercenter.models import (
    AuditAction,
    AuditTarget,
    Company,
    Posting,
    PostingStatus,
    Role,
    User,
)
from careercenter.moderation import accounts, audit, reports, review
from careercenter.moderation.review import AlreadyDecided, ProfileAlreadyDecided
from careercenter.security import current_account, roles_required


def _see_other(endpoint: str, **values):
    return redirect(url_for(endpoint, **values), code=303)


# -- dashboard ----------------------------------------------------------------------------------


@bp.route("/")
def index():
    return render_template("admin/index.html", board=services.dashboard())


# -- the review queue and the decisions on a posting ------------------------------------------


def _profile_reject_form(company_id: int, formdata=None) -> ProfileRejectForm:
    # A prefix per company: each change in the queue has its own form on the page.
    if formdata is None:
        return ProfileRejectForm(formdata=None, prefix=f"profile-{company_id}")
    return ProfileRejectForm(prefix=f"profile-{company_id}")


def _render_queue(
    status: int = 200,
    bulk_form: BulkApproveForm | None = None,
    profile_form: ProfileRejectForm | None = None,
    profile_form_for: int | None = None,
):
    sort = request.args.get("sort", "oldest")
    sort = sort if sort in review.SORTS else "oldest"
    page = review.queue(sort=sort, page=request.args.get("page", 1, type=int))
    profiles = review.profile_queue()
    reject_forms = {item.company.id: _profile_reject_form(item.company.id) for item in profiles}
    if profile_form is not None:
        reject_forms[profile_form_for] = profile_form
    return render_template(
        "admin/review_queue.html",
        page=page,
        sort=sort,
        sorts=review.SORTS,
        profiles=profiles,
        approve_form=ApproveForm(formdata=None),
        bulk_form=bulk_form or BulkApproveForm(formdata=None),
        profile_reject_forms=reject_forms,
        has_strong_signal=services.has_strong_signal,
    ), status


@bp.route("/postings")
def review_queue():
    return _render_queue()


@bp.route("/postings/approve", methods=["POST"])
def bulk_approve():
    form = BulkApproveForm()
    if not form.validate_on_submit():
        # Something that is no id at all is a bad request; nothing ticked is a form to fix.
        return _render_queue(400 if form.posting_ids.process_errors else 422, form)
    # A job with a strong scam signal is approved on its own page, after a tick that the
    # warning signs were checked, never in bulk.
    wanted, held_back = [], []
    for posting_id in form.posting_ids.data:
        posting = db.session.get(Posting, posting_id)
        if posting is not None and services.has_strong_signal(review.item_for(posting)):
            held_back.append(posting)
        else:
            wanted.append(posting_id)
    result = review.bulk_approve(wanted, current_account())
    for posting in held_back:
        flash(
            f"“{posting.title}” has a strong scam signal: approve it from its own page.",
            "warning",
        )
    if result.approved:
        count = len(result.approved)
        flash(f"Published {count} job{'' if count == 1 else 's'}.", "success")
    for skipped in result.skipped:
        flash(f"“{skipped.posting.title}”: {skipped.message}", "warning")
    if result.missing:
        flash(f"{result.missing} of the ticked jobs no longer exist.", "warning")
    return _see_other("admin.review_queue")


def _posting(posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        abort(404)
    return posting


def _render_posting(posting: Posting, status: int = 200, **forms):
    """The review page of one posting, with its signals, its changes since approval, its
    reports and its history, and the decisions its state allows."""
    item = review.item_for(posting)
    defaults = {
        "approve_form": ApproveForm(formdata=None),
        "reject_form": SendBackForm(formdata=None),
        "changes_form": RequestChangesForm(formdata=None),
        "keep_form": KeepForm(formdata=None, prefix="keep"),
        "take_down_form": SendBackForm(formdata=None, prefix="down"),
    }
    defaults.update(forms)
    open_reports = reports.open_reports_of(posting)
    return render_template(
        "admin/posting.html",
        posting=posting,
        item=item,
        token=review.review_token(posting),
        open_reports=open_reports,
        all_reports=reports.reports_of(posting),
        history=audit.history_of(AuditTarget.POSTING, posting.id),
        strong_signal=services.has_strong_signal(item),
        **defaults,
    ), status


@bp.route("/postings/<int:posting_id>")
def posting(posting_id: int):
    return _render_posting(_posting(posting_id))


def _already_decided(exc: AlreadyDecided):
    flash(exc.message, "warning")
    return _see_other("admin.posting", posting_id=exc.posting.id)


def _after_decision(was_submitted: bool):
    """Back to where the decision came from: the review queue or the reports."""
    return _see_other("admin.review_queue" if was_submitted else "admin.reports")


@bp.route("/postings/<int:posting_id>/approve", methods=["POST"])
def approve(posting_id: int):
    posting = _posting(posting_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    if not form.checked_signals.data and services.has_strong_signal(review.item_for(posting)):
        form.checked_signals.errors = [
            "This job has a strong scam signal: read it, then tick that you checked the "
            "warning signs to approve it."
        ]
        return _render_posting(posting, 422, approve_form=form)
    try:
        review.approve(posting, current_account(), seen=form.seen.data or None)
    except AlreadyDecided as exc:
        return _already_decided(exc)
    flash(f"Published “{posting.title}”.", "success")
    return _see_other("admin.review_queue")


@bp.route("/postings/<int:posting_id>/reject", methods=["POST"])
def reject(posting_id: int):
    posting = _posting(posting_id)
    form = SendBackForm()
    if not form.validate_on_submit():
        if posting.status is not PostingStatus.SUBMITTED:
            return _already_decided(AlreadyDecided(posting, audit.last_decision(posting), True))
        return _render_posting(posting, 422, reject_form=form)
    reason = review.reason_text(form.reason_code.data, form.reason.data)
    try:
        review.reject(posting, current_account(), reason, seen=form.seen.data or None)
    except AlreadyDecided as exc:
        return _already_decided(exc)
    flash(f"Rejected “{posting.title}”; the employer is mailed your reason.", "success")
    return _see_other("admin.review_queue")


@bp.route("/postings/<int:posting_id>/request-changes", methods=["POST"])
def request_changes(posting_id: int):
    posting = _posting(posting_id)
    was_submitted = posting.status is PostingStatus.SUBMITTED
    form = RequestChangesForm()
    if not form.validate_on_submit():
        return _render_posting(posting, 422, changes_form=form)
    try:
        review.request_changes(
            posting, current_account(), form.note.data, seen=form.seen.data or None
        )
    except AlreadyDecided as exc:
        return _already_decided(exc)
    flash(f"Sent “{posting.title}” back to the employer with your note.", "success")
    return _after_decision(was_submitted)


@bp.route("/postings/<int:posting_id>/keep", methods=["POST"])
def keep(posting_id: int):
    posting = _posting(posting_id)
    was_submitted = posting.status is PostingStatus.SUBMITTED
    form = KeepForm(prefix="keep")
    if not form.validate_on_submit():
        return _render_posting(posting, 422, keep_form=form)
    try:
        review.keep(posting, current_account(), form.note.data or "", seen=form.seen.data or None)
    except AlreadyDecided as exc:
        return _already_decided(exc)
    flash(f"Kept “{posting.title}” up; its reports are resolved.", "success")
    return _after_decision(was_submitted)


@bp.route("/postings/<int:posting_id>/take-down", methods=["POST"])
def take_down(posting_id: int):
    posting = _posting(posting_id)
    was_submitted = posting.status is PostingStatus.SUBMITTED
    form = SendBackForm(prefix="down")
    if not form.validate_on_submit():
        return _render_posting(posting, 422, take_down_form=form)
    reason = review.reason_text(form.reason_code.data, form.reason.data)
    try:
        review.take_down(posting, current_account(), reason, seen=form.seen.data or None)
    except AlreadyDecided as exc:
        return _already_decided(exc)
    flash(f"Took “{posting.title}” down; the employer is mailed your reason.", "success")
    return _after_decision(was_submitted)


# -- company profile changes -------------------------------------------------------------------


def _company(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None:
        abort(404)
    return company


def _profile_decided(exc: ProfileAlreadyDecided):
    flash(exc.message, "warning")
    return _see_other("admin.review_queue")


@bp.route("/companies/<int:company_id>/profile/approve", methods=["POST"])
def approve_profile(company_id: int):
    company = _company(company_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review.approve_profile(company, current_account(), seen=form.seen.data or None)
    except ProfileAlreadyDecided as exc:
        return _profile_decided(exc)
    flash(f"Published the profile change of {company.name}.", "success")
    return _see_other("admin.review_queue")


@bp.route("/companies/<int:company_id>/profile/reject", methods=["POST"])
def reject_profile(company_id: int):
    company = _company(company_id)
    form = _profile_reject_form(company.id, formdata=True)
    if not form.validate_on_submit():
        return _render_queue(422, profile_form=form, profile_form_for=company.id)
    try:
        review.reject_profile(
            company, current_account(), form.reason.data, seen=form.seen.data or None
        )
    except ProfileAlreadyDecided as exc:
        return _profile_decided(exc)
    flash(
        f"Rejected the profile change of {company.name}; the employer is mailed your reason.",
        "success",
    )
    return _see_other("admin.review_queue")


@bp.route("/companies/<int:company_id>/pending-logo.png")
def pending_logo(company_id: int):
    company = _company(company_id)
    if company.pending_logo_png is None:
        abort(404)
    response = Response(company.pending_logo_png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- reports ------------------------------------------------------------------------------------


@bp.route("/reports", endpoint="reports")
def reports_queue():
    page = reports.queue(page=request.args.get("page", 1, type=int))
    return render_template(
        "admin/reports.html",
        page=page,
        open_reports=reports.open_reports_by_posting([p.id for p in page.items]),
    )


# -- accounts -----------------------------------------------------------------------------------


@bp.route("/accounts", endpoint="accounts")
def accounts_list():
    # Invisible characters never match an account, and PostgreSQL refuses a NUL in text.
    q = "".join(ch for ch in request.args.get("q", "") if ch.isprintable()).strip()[:254]
    role = request.args.get("role", "")
    role = Role(role) if role in Role._value2member_map_ else None
    status = request.args.get("status", "")
    status = status if status in services.STATUSES else ""
    page = services.list_accounts(
        q=q, role=role, status=status, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "admin/accounts.html",
        page=page,
        q=q,
        role=role,
        roles=list(Role),
        status=status,
        statuses=services.STATUSES,
    )


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _render_account(user: User, status: int = 200, **forms):
    company = user.company
    history = audit.history_of(AuditTarget.ACCOUNT, user.id)
    if company is not None:
        history = sorted(
            [*history, *audit.history_of(AuditTarget.COMPANY, company.id)],
            key=lambda entry: (entry.created_at, entry.id),
            reverse=True,
        )
    defaults = {
        "suspend_form": AccountReasonForm(formdata=None, prefix="suspend"),
        "reinstate_form": AccountReasonForm(formdata=None, prefix="reinstate"),
    }
    defaults.update(forms)
    return render_template(
        "admin/account.html",
        user=user,
        company=company,
        postings=company.postings if company else [],
        history=history,
        suspendable=user.role in accounts.SUSPENDABLE,
        **defaults,
    ), status


@bp.route("/accounts/<int:user_id>")
def account(user_id: int):
    return _render_account(_user_or_404(user_id))


@bp.route("/accounts/<int:user_id>/suspend", methods=["POST"])
def suspend(user_id: int):
    user = _user_or_404(user_id)
    form = AccountReasonForm(prefix="suspend")
    if not form.validate_on_submit():
        return _render_account(user, 422, suspend_form=form)
    try:
        accounts.suspend(user, form.reason.data, actor=current_account())
    except accounts.ActionRefused as exc:
        flash(str(exc), "warning")
        return _see_other("admin.account", user_id=user.id)
    flash(f"Suspended {user.email}; they are mailed your reason.", "success")
    return _see_other("admin.account", user_id=user.id)


@bp.route("/accounts/<int:user_id>/reinstate", methods=["POST"])
def reinstate(user_id: int):
    user = _user_or_404(user_id)
    form = AccountReasonForm(prefix="reinstate")
    if not form.validate_on_submit():
        return _render_account(user, 422, reinstate_form=form)
    try:
        accounts.reinstate(user, form.reason.data, actor=current_account())
    except accounts.ActionRefused as exc:
        flash(str(exc), "warning")
        return _see_other("admin.account", user_id=user.id)
    flash(f"Reinstated {user.email}.", "success")
    return _see_other("admin.account", user_id=user.id)


@bp.route("/accounts/<int:user_id>/<any(verify, unverify):action>", methods=["POST"])
def verify(user_id: int, action: str):
    user = _user_or_404(user_id)
    company = user.company
    if company is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        accounts.set_verified(company, action == "verify", current_account())
    except accounts.ActionRefused as exc:
        flash(str(exc), "warning")
        return _see_other("admin.account", user_id=user.id)
    done = "is now a verified employer" if action == "verify" else "is no longer verified"
    flash(f"{company.name} {done}.", "success")
    return _see_other("admin.account", user_id=user.id)


# -- staff (administrators only) ----------------------------------------------------------------


@bp.route("/staff")
@roles_required(Role.ADMIN)
def staff():
    return _render_staff()


def _render_staff(status: int = 200, grant_form: GrantModeratorForm | None = None):
    return render_template(
        "admin/staff.html",
        staff=services.staff(),
        grant_form=grant_form or GrantModeratorForm(formdata=None),
    ), status


@bp.route("/staff/grant", methods=["POST"])
@roles_required(Role.ADMIN)
def grant_moderator():
    form = GrantModeratorForm()
    if not form.validate_on_submit():
        return _render_staff(422, form)
    user = find_user_by_email(form.email.data)
    if user is None:
        form.email.errors.append("No account has that email. The person registers first.")
        return _render_staff(422, form)
    try:
        accounts.grant_moderator(user, current_account())
    except accounts.ActionRefused as exc:
        form.email.errors.append(str(exc))
        return _render_staff(422, form)
    flash(f"{user.email} is now a moderator.", "success")
    return _see_other("admin.staff")


@bp.route("/staff/<int:user_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke_moderator(user_id: int):
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        accounts.revoke_moderator(user, current_account())
    except accounts.ActionRefused as exc:
        flash(str(exc), "warning")
        return _see_other("admin.staff")
    flash(f"{user.email} is no longer a moderator.", "success")
    return _see_other("admin.staff")


# -- the audit log ------------------------------------------------------------------------------


@bp.route("/audit")
def audit_log():
    form = AuditFilterForm(request.args)
    valid = form.validate()
    filters = audit.AuditFilter()
    if valid:
        filters = audit.AuditFilter(
            actor=form.actor.data or "",
            action=AuditAction(form.action.data) if form.action.data else None,
            target_type=AuditTarget(form.target_type.data) if form.target_type.data else None,
            target_id=form.target_id.data,
        )
    page = audit.search(filters, page=request.args.get("page", 1, type=int))
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        filters=filters,
        args={
            k: v
            for k, v in request.args.items()
            if k in ("actor", "action", "target_type", "target_id") and v
        },
    ), 200 if valid else 422
