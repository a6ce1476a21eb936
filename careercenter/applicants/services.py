"""A coder's profile, applications and data."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from careercenter import jobs
from careercenter.applicants import resumes
from careercenter.checks.services import export_for
from careercenter.extensions import db
from careercenter.models import (
    ApplicantProfile,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Company,
    HeldCredential,
    Posting,
    Resume,
    SavedJob,
    SavedSearch,
    StatusChangeRefused,
    User,
)
from careercenter.models.posting import ApplyMethod


class ApplyRefused(Exception):
    """Why this application cannot be made, in words for the coder."""


def profile_of(user: User) -> ApplicantProfile | None:
    return db.session.scalar(
        sa.select(ApplicantProfile)
        .where(ApplicantProfile.user_id == user.id)
        .options(selectinload(ApplicantProfile.credentials), joinedload(ApplicantProfile.resume))
    )


def save_profile(
    user: User, values: dict, resume_upload: tuple[bytes, str] | None
) -> ApplicantProfile:
    """Create or update the profile (`values`: ProfileForm.values()). A bad resume raises
    ResumeError before anything is stored."""
    new_resume = resumes.store(user, *resume_upload) if resume_upload else None
    profile = profile_of(user) or ApplicantProfile(user_id=user.id)
    values = dict(values)
    held = values.pop("credentials")
    for name, value in values.items():
        setattr(profile, name, value)
    # Old rows go before new ones are added: (profile, credential) is unique.
    profile.credentials.clear()
    db.session.add(profile)
    db.session.flush()
    profile.credentials.extend(HeldCredential(**credential) for credential in held)
    if new_resume is not None:
        db.session.add(new_resume)
        db.session.flush()
        profile.resume_id = new_resume.id
    db.session.add(profile)
    db.session.commit()
    return profile


def application_for(user: User, posting: Posting) -> Application | None:
    return db.session.scalar(
        sa.select(Application).where(
            Application.posting_id == posting.id, Application.applicant_id == user.id
        )
    )


def application_of_applicant(user: User, application_id: int) -> Application | None:
    """The application if this coder sent it, else None."""
    application = db.session.get(Application, application_id)
    if application is None or application.applicant_id != user.id:
        return None
    return application


def _snapshot(profile: ApplicantProfile) -> dict:
    return {
        "headline": profile.headline,
        "location": f"{profile.city}, {profile.state} {profile.zip_code}",
        "credentials": [
            {
                "credential": c.credential,
                "number": c.number,
                "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            }
            for c in profile.credentials
        ],
        "years_experience": profile.years_experience,
        "specialties": profile.specialties,
        "settings": profile.settings,
        "code_sets": profile.code_sets,
        "tools": profile.tools,
    }


def apply(
    user: User,
    posting: Posting,
    *,
    cover_letter: str,
    upload: tuple[bytes, str] | None,
) -> Application:
    """Send an application: one per coder per job, enforced by the database."""
    if not posting.is_open():
        raise ApplyRefused("This job is no longer accepting applications.")
    if posting.apply_method is not ApplyMethod.ON_SITE:
        raise ApplyRefused("This employer takes applications on its own website.")
    profile = profile_of(user)
    if profile is None:
        raise ApplyRefused("Create your profile first: employers see it with your application.")
    if application_for(user, posting) is not None:
        raise ApplyRefused("You have already applied to this job.")
    if upload:
        resume = resumes.store(user, *upload)
        db.session.add(resume)
        db.session.flush()
    else:
        resume = profile.resume
        if resume is None:
            raise ApplyRefused("Add a resume to your profile or upload one with this application.")
    application = Application(
        posting_id=posting.id,
        applicant_id=user.id,
        resume_id=resume.id,
        cover_letter=cover_letter or "",
        applicant_name=profile.full_name,
        applicant_email=user.email,
        profile_snapshot=_snapshot(profile),
        status=ApplicationStatus.NEW,
    )
    application.events.append(
        ApplicationEvent(from_status=None, to_status=ApplicationStatus.NEW, actor_id=user.id)
    )
    db.session.add(application)
    try:
        db.session.commit()
    except IntegrityError as exc:  # a double submit lost the race: one application stands
        db.session.rollback()
        if upload:
            resumes.remove_file(resume)
        raise ApplyRefused("You have already applied to this job.") from exc
    jobs.enqueue("careercenter.applications.notifications:confirm_to_applicant", application.id)
    jobs.enqueue("careercenter.applications.notifications:notify_employer", application.id)
    return application


def withdraw(user: User, application: Application) -> None:
    """Withdraw the coder's application: final, refused once hired (ApplyRefused says why)."""
    try:
        application.withdraw(by=user)
    except StatusChangeRefused as exc:
        db.session.rollback()
        raise ApplyRefused(str(exc)) from exc
    db.session.commit()


def applications_of(user: User) -> list[Application]:
    return db.session.scalars(
        sa.select(Application)
        .where(Application.applicant_id == user.id)
        .options(
            joinedload(Application.posting).joinedload(Posting.company),
            selectinload(Application.events),
        )
        .order_by(Application.created_at.desc())
    ).all()


def may_read_resume(user: User, resume: Resume) -> bool:
    """Its owner, an employer it was sent to, and admins."""
    if not user.is_authenticated:
        return False
    if user.is_admin or resume.owner_id == user.id:
        return True
    sent_to_user = db.session.scalar(
        sa.select(Application.id)
        .join(Posting, Posting.id == Application.posting_id)
        .join(Company, Company.id == Posting.company_id)
        .where(Application.resume_id == resume.id, Company.owner_id == user.id)
        .limit(1)
    )
    return sent_to_user is not None


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _coding_checks(user: User) -> list[dict]:
    return export_for(user)


def export_data(user: User) -> bytes:
    """Everything we hold about a coder, as a zip: data.json and their resume files."""
    profile = profile_of(user)
    owned_resumes = db.session.scalars(sa.select(Resume).where(Resume.owner_id == user.id)).all()
    data = {
        "account": {
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "created_at": user.created_at,
            "email_verified_at": user.email_verified_at,
        },
        "profile": None
        if profile is None
        else {
            "full_name": profile.full_name,
            "headline": profile.headline,
            "zip_code": profile.zip_code,
            **_snapshot(profile),
            "arrangements": profile.arrangements,
            "employment_types": profile.employment_types,
            "desired_pay": profile.desired_pay,
            "desired_pay_unit": profile.desired_pay_unit,
        },
        "applications": [
            {
                "job": a.posting.title,
                "company": a.posting.company.name,
                "status": a.status.value,
                "applied_at": a.created_at,
                "cover_letter": a.cover_letter,
                "history": [
                    {"from": e.from_status, "to": e.to_status, "at": e.created_at} for e in a.events
                ],
            }
            for a in applications_of(user)
        ],
        "saved_jobs": list(
            db.session.scalars(
                sa.select(Posting.title)
                .join(SavedJob, SavedJob.posting_id == Posting.id)
                .where(SavedJob.user_id == user.id)
                .order_by(SavedJob.created_at)
            )
        ),
        "saved_searches": [
            {"name": s.name, "query": s.query_string, "frequency": s.frequency.value}
            for s in db.session.scalars(
                sa.select(SavedSearch).where(SavedSearch.user_id == user.id)
            )
        ],
        "coding_checks": _coding_checks(user),
        "resumes": [
            {"file": f"resumes/{r.id}-{r.filename}", "uploaded_at": r.uploaded_at}
            for r in owned_resumes
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, default=_json_default))
        for resume in owned_resumes:
            path = resumes.resume_path(resume)
            if path.exists():
                archive.write(path, f"resumes/{resume.id}-{resume.filename}")
    return buffer.getvalue()


def erase(user: User) -> None:
    """Before an account is deleted: remove its resume files and leave employers only
    "a deleted user" on the applications it sent. The caller deletes the user."""
    owned = db.session.scalars(sa.select(Resume).where(Resume.owner_id == user.id)).all()
    db.session.execute(
        sa.update(Application)
        .where(Application.applicant_id == user.id)
        .values(
            applicant_id=None,
            applicant_name="Deleted user",
            applicant_email=None,
            cover_letter="",
            profile_snapshot={},
            resume_id=None,
        )
    )
    db.session.execute(
        sa.update(ApplicantProfile)
        .where(ApplicantProfile.user_id == user.id)
        .values(resume_id=None)
    )
    for resume in owned:
        resumes.remove_file(resume)
        db.session.delete(resume)
    db.session.flush()
