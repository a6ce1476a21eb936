"""The demo world: employers and coders who could be real, their companies and jobs.

Every demo login shares one password, listed in README.md. Running the seed again adds
only what is missing.
"""

from __future__ import annotations

import csv
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from careercenter import geo, search
from careercenter.applicants import resumes
from careercenter.applicants import services as applicant_services
from careercenter.applications import services as application_services
from careercenter.auth.services import create_user, find_user_by_email
from careercenter.checks import services as check_services
from careercenter.checks.starter import STARTER_NAME
from careercenter.codes import importers, pcs
from careercenter.demo_world import demo_resume_pdf, seed_world
from careercenter.extensions import db
from careercenter.models import (
    AlertFrequency,
    ApplicantProfile,
    ApplicationStatus,
    CodeSystem,
    Company,
    HeldCredential,
    MedicalCode,
    Posting,
    PostingStatus,
    Report,
    ReportReason,
    Role,
    SkillCheck,
    utcnow,
)
from careercenter.models.posting import ApplyMethod
from careercenter.moderation import reports, review
from careercenter.postings import services as posting_services
from careercenter.saved import services as saved_services
from careercenter.text import render_markdown

DEMO_PASSWORD = "coding-jobs-demo-2026"  # noqa: S105 (published demo credential)

DEMO_ACCOUNTS = [
    ("admin@careercenter.example", "Dana Whitfield", Role.ADMIN),
    ("moderator@careercenter.example", "Sam Okafor", Role.MODERATOR),
    ("hiring@riversidehealth.example", "Priya Nair", Role.EMPLOYER),
    ("talent@summitortho.example", "Luis Romero", Role.EMPLOYER),
    ("jobs@clearpathcoding.example", "Alicia Grant", Role.EMPLOYER),
    ("hr@quickcoderemote.example", "Jordan Miles", Role.EMPLOYER),
    ("maria.alvarez@example.com", "Maria Alvarez", Role.APPLICANT),
    ("james.chen@example.com", "James Chen", Role.APPLICANT),
    ("keisha.brown@example.com", "Keisha Brown", Role.APPLICANT),
    ("tom.becker@example.com", "Tom Becker", Role.APPLICANT),
]

DEMO_COMPANIES = {
    "hiring@riversidehealth.example": dict(
        name="Riverside Health System",
        website="https://riversidehealth.example",
        org_type="hospital",
        size="5001+",
        hq_city="Houston",
        hq_state="TX",
        about_md=(
            "Riverside Health System runs four hospitals and 30 clinics across the Houston "
            "area. Our HIM department of 120 coders works in Epic with 3M/Solventum encoders, "
            "and we pay for two CEU events a year.\n\n- Remote after 90 days for most roles\n"
            "- Coding educators on every team\n- Tuition support for the CCS exam"
        ),
    ),
    "talent@summitortho.example": dict(
        name="Summit Orthopaedic Partners",
        website="https://summitortho.example",
        org_type="physician-group",
        size="201-1000",
        hq_city="Denver",
        hq_state="CO",
        about_md=(
            "Summit Orthopaedic Partners is a 45-surgeon orthopaedic group with two ambulatory "
            "surgery centers. Our coders sit with the surgeons they code for, and we promote "
            "from within: most of our lead coders started here as CPC-As."
        ),
    ),
    "jobs@clearpathcoding.example": dict(
        name="ClearPath Coding Services",
        website="https://clearpathcoding.example",
        org_type="coding-vendor",
        size="51-200",
        hq_city="Tampa",
        hq_state="FL",
        about_md=(
            "ClearPath is a fully remote coding and auditing company serving 60 hospitals and "
            "physician groups. We never charge coders for training, software or equipment: "
            "your laptop and encoder license are on us."
        ),
    ),
}

# (employer email, status, fields)
DEMO_POSTINGS = [
    (
        "talent@summitortho.example",
        "published",
        dict(
            title="Orthopaedic Surgery Coder (CPC or COSC)",
            zip_code="80202",
            arrangement="hybrid",
            employment_type="full-time",
            pay_min="26.00",
            pay_max="33.00",
            pay_unit="hour",
            credentials_required=["cpc", "cosc"],
            specialties=["orthopaedics", "general-surgery"],
            settings=["physician-practice", "asc"],
            code_sets=["cpt", "icd-10-cm", "modifiers"],
            years_experience=2,
            key_codes=["28820", "28810", "28296", "26320", "27256"],
            description_md=(
                "Code foot, ankle and hand surgery for our surgeons, from bunion correction with "
                "distal metatarsal osteotomy (28296) to ray and toe amputations (28810, 28820).\n\n"
                "**What you'll do**\n\n- Abstract operative notes and assign CPT, ICD-10-CM and "
                "modifiers (RT, LT, 59, 78)\n- Catch unbundling: a ray amputation (28810) already "
                "includes the amputation of the same ray's toe (28820)\n- Work claim edits and "
                "denials with the billing team\n\n**You bring** a CPC or COSC and two years of "
                "orthopaedic coding. Epic and EncoderPro experience is a plus."
            ),
        ),
    ),
    (
        "talent@summitortho.example",
        "published",
        dict(
            title="Apprentice Coder, ASC (CPC-A welcome)",
            zip_code="80112",
            arrangement="on-site",
            employment_type="full-time",
            pay_min="20.00",
            pay_max="24.00",
            pay_unit="hour",
            credentials_required=["cpc", "cpc-a"],
            apprentice_friendly=True,
            specialties=["orthopaedics"],
            settings=["asc"],
            code_sets=["cpt", "icd-10-cm"],
            years_experience=0,
            key_codes=["28160", "28190", "28660", "28665"],
            description_md=(
                "Start your coding career in our ambulatory surgery center. You'll code toe and "
                "forefoot procedures such as toe joint excision (28160), foreign-body removal "
                "(28190) and closed treatment of "
                "interphalangeal dislocations (28660 without anesthesia, 28665 with), with a "
                "senior coder reviewing your work until you reach 95% accuracy.\n\nAAPC "
                "removes the -A (the apprentice designation) once you show two years of coding "
                "experience (or one year plus 80 hours of coding education): we write your "
                "experience letter."
            ),
        ),
    ),
    (
        "hiring@riversidehealth.example",
        "published",
        dict(
            title="Remote Inpatient Coder – CCS (DRG)",
            zip_code="77030",
            arrangement="remote",
            employment_type="full-time",
            remote_states=["TX", "OK", "LA", "AR", "NM"],
            pay_min="68000",
            pay_max="84000",
            pay_unit="year",
            credentials_required=["ccs", "cic", "rhit"],
            credentials_preferred=["cdip"],
            specialties=["inpatient-drg"],
            settings=["hospital-inpatient"],
            code_sets=["icd-10-cm", "icd-10-pcs"],
            years_experience=3,
            key_codes=["E11.52", "E11.51", "I50.23"],
            description_md=(
                "Code inpatient (IP) records for our four hospitals with ICD-10-CM and ICD-10-PCS, "
                "assign MS-DRGs and query physicians when documentation is unclear.\n\n"
                "Productivity: about 2.5 charts an hour after onboarding, 95% accuracy. Tools: "
                "Epic, 3M/Solventum 360 Encompass. Remote for residents of TX, OK, LA, AR and NM."
            ),
        ),
    ),
    (
        "hiring@riversidehealth.example",
        "published",
        dict(
            title="E/M Pro-fee Coder, Primary Care",
            zip_code="77429",
            arrangement="remote",
            employment_type="full-time",
            remote_states=[],
            pay_min="22.00",
            pay_max="28.00",
            pay_unit="hour",
            credentials_required=["cpc", "ccs-p", "cemc"],
            specialties=["evaluation-management"],
            settings=["physician-practice", "telehealth"],
            code_sets=["cpt", "icd-10-cm", "modifiers"],
            years_experience=1,
            key_codes=["99213", "99214", "G2211"],
            description_md=(
                "Review evaluation and management (E/M) levels for our primary-care clinics: "
                "office visits such as 99213 for established patients, modifier 25 with "
                "same-day procedures, and telehealth visits.\n\nProfessional fee (pro-fee) coding "
                "experience required; remote from anywhere in the US."
            ),
        ),
    ),
    (
        "jobs@clearpathcoding.example",
        "published",
        dict(
            title="Risk Adjustment Coder (HCC) – Remote",
            zip_code="33602",
            arrangement="remote",
            employment_type="contract",
            remote_states=[],
            pay_min="1.10",
            pay_max="1.60",
            pay_unit="chart",
            credentials_required=["crc", "cpc", "ccs"],
            specialties=["risk-adjustment"],
            settings=["payer", "coding-vendor"],
            code_sets=["icd-10-cm"],
            years_experience=1,
            key_codes=["E11.52", "I50.23", "N18.4"],
            description_md=(
                "Review outpatient charts for risk adjustment and capture HCCs supported by MEAT "
                "documentation. Paid per chart, with a guaranteed minimum of 25 hours a week.\n\n"
                "We provide the laptop and encoder access. We will never ask you to pay for "
                "training or equipment."
            ),
        ),
    ),
    (
        "jobs@clearpathcoding.example",
        "published",
        dict(
            title="Coding Auditor, Outpatient Facility (CPMA)",
            zip_code="33602",
            arrangement="remote",
            employment_type="full-time",
            remote_states=["FL", "GA", "AL", "SC", "NC", "TN"],
            pay_min="75000",
            pay_max="92000",
            pay_unit="year",
            credentials_required=["cpma", "coc", "ccs"],
            specialties=["auditing", "denials-appeals"],
            settings=["hospital-outpatient", "coding-vendor"],
            code_sets=["cpt", "hcpcs", "icd-10-cm", "modifiers"],
            years_experience=5,
            key_codes=["99283", "99284", "J1100"],
            description_md=(
                "Audit outpatient facility coding for our hospital clients, write education for "
                "coders, and support denials and appeals. Expect emergency department facility "
                "levels (99283, 99284) and HCPCS drug codes such as J1100 alongside CPT and "
                "modifiers."
            ),
        ),
    ),
    (
        "hiring@riversidehealth.example",
        "submitted",
        dict(
            title="Emergency Department Coder – Hybrid",
            zip_code="77002",
            arrangement="hybrid",
            employment_type="part-time",
            pay_min="24.00",
            pay_max="29.00",
            pay_unit="hour",
            credentials_required=["cpc", "ccs"],
            specialties=["emergency-department"],
            settings=["hospital-outpatient"],
            code_sets=["cpt", "icd-10-cm"],
            years_experience=2,
            key_codes=["99283", "99284"],
            description_md=(
                "Code facility and professional ED visits for our downtown hospital, three days on "
                "site and two from home. Part-time, 24 hours a week, flexible shifts."
            ),
        ),
    ),
    (
        "talent@summitortho.example",
        "draft",
        dict(
            title="Lead Coder, Orthopedics",
            zip_code="80202",
            arrangement="on-site",
            employment_type="full-time",
            pay_min="70000",
            pay_max="85000",
            pay_unit="year",
            credentials_required=["cpc"],
            credentials_preferred=["cosc", "cpma"],
            specialties=["orthopaedics", "auditing"],
            settings=["physician-practice"],
            code_sets=["cpt", "icd-10-cm"],
            years_experience=5,
            key_codes=["27257"],
            description_md=(
                "Lead a team of six orthopaedic coders, audit their work quarterly and train new "
                "CPC-As. Hip dislocation treatment coding (27256, 27257) is part of the daily mix."
            ),
        ),
    ),
]


# Something for the moderators: a new, unverified employer whose job waits in the review
# queue with scam signals, and a coder's report about a published job.
DEMO_SCAM_COMPANY = dict(
    name="QuickCode Remote Solutions",
    slug="quickcode-remote-solutions",
    website="https://quickcoderemote.example",
    org_type="coding-vendor",
    size="1-50",
    hq_city="Miami",
    hq_state="FL",
    about_md="Fast-growing remote coding company. Work from home, start this week!",
)
DEMO_SCAM_POSTING = dict(
    title="Remote Medical Coder – No Experience, Start Today",
    zip_code="33101",
    arrangement="remote",
    employment_type="contract",
    pay_min="45.00",
    pay_max="140.00",
    pay_unit="hour",
    credentials_required=["cpc"],
    specialties=["evaluation-management"],
    settings=["telehealth"],
    code_sets=["cpt", "icd-10-cm"],
    years_experience=0,
    key_codes=["99213"],
    description_md=(
        "Earn up to $140 an hour coding office visits from home. No experience needed: we "
        "train you.\n\nBefore your first day, pay the one-time $129 training and software "
        "fee. Your laptop is shipped after payment.\n\nTo apply, message our hiring manager "
        "on Telegram (@quickcode_hr) or write to quickcode.hiring@gmail.com for a chat "
        "interview."
    ),
)
DEMO_REPORT = (
    "james.chen@example.com",
    "Orthopaedic Surgery Coder (CPC or COSC)",
    ReportReason.WRONG_INFORMATION,
    "The posting says hybrid, but the recruiter told me the job is fully on site.",
)


DEMO_PROFILES = {
    "maria.alvarez@example.com": dict(
        headline="CPC and COSC, 4 years of orthopaedic surgery coding", zip_code="80211",
        credentials=[("cpc", "01234567"), ("cosc", None)], years_experience=4,
        specialties=["orthopaedics", "general-surgery"], settings=["physician-practice", "asc"],
        code_sets=["cpt", "icd-10-cm", "modifiers"], tools=["epic", "encoderpro"],
        arrangements=["hybrid", "remote"], employment_types=["full-time"],
        apply_to=["Orthopaedic Surgery Coder (CPC or COSC)"], progress=["reviewed", "interview"],
        save=["Lead Coder, Orthopedics"], alerts=["credential=cpc&specialty=orthopaedics"],
    ),
    "james.chen@example.com": dict(
        headline="CCS, inpatient DRG coder at a 400-bed hospital", zip_code="77004",
        credentials=[("ccs", "98765"), ("rhit", None)], years_experience=6,
        specialties=["inpatient-drg", "cdi"], settings=["hospital-inpatient"],
        code_sets=["icd-10-cm", "icd-10-pcs"], tools=["epic", "solventum-3m"],
        arrangements=["remote"], employment_types=["full-time"],
        apply_to=["Remote Inpatient Coder – CCS (DRG)"],
        alerts=["arrangement=remote&credential=ccs"],
    ),
    "keisha.brown@example.com": dict(
        headline="New CPC-A looking for a first coding job", zip_code="80112",
        credentials=[("cpc-a", None)], years_experience=0, specialties=["orthopaedics"],
        settings=["asc"], code_sets=["cpt", "icd-10-cm"], tools=[],
        arrangements=["on-site", "hybrid"], employment_types=["full-time", "part-time"],
        apply_to=["Apprentice Coder, ASC (CPC-A welcome)"],
    ),
}  # fmt: skip


def _seed_profiles(users: dict) -> int:
    created = 0
    for email, fields in DEMO_PROFILES.items():
        user = users[email]
        if applicant_services.profile_of(user) is not None:
            continue
        place = geo.place_for_zip(fields["zip_code"])
        resume = resumes.store(user, demo_resume_pdf(user.name, fields["headline"]), "resume.pdf")
        db.session.add(resume)
        db.session.flush()
        profile = ApplicantProfile(
            user_id=user.id, full_name=user.name, headline=fields["headline"],
            zip_code=place.zip_code, city=place.city, state=place.state,
            latitude=place.latitude, longitude=place.longitude,
            years_experience=fields["years_experience"], specialties=fields["specialties"],
            settings=fields["settings"], code_sets=fields["code_sets"], tools=fields["tools"],
            arrangements=fields["arrangements"], employment_types=fields["employment_types"],
            resume_id=resume.id,
            credentials=[HeldCredential(credential=c, number=n) for c, n in fields["credentials"]],
        )  # fmt: skip
        db.session.add(profile)
        db.session.commit()
        for title in fields["apply_to"]:
            posting = db.session.scalar(sa.select(Posting).where(Posting.title == title))
            if posting is not None and posting.is_open():
                application = applicant_services.apply(
                    user, posting, cover_letter="I would love to code for your team.", upload=None
                )
                _move_along(application, fields.get("progress", []))
        for title in fields.get("save", []):
            posting = db.session.scalar(sa.select(Posting).where(Posting.title == title))
            if posting is not None:
                saved_services.save_job(user, posting)
        for query_string in fields.get("alerts", []):
            saved_services.create_alert(
                user, query_string=query_string, name="", frequency=AlertFrequency.DAILY
            )
        created += 1
    return created


def _move_along(application, progress: list[str]) -> None:
    """Walk a demo application through the employer's pipeline, with a note on the way."""
    employer = application.posting.company.owner
    for status in progress:
        application_services.change_status(
            application, ApplicationStatus(status), actor=employer, mail_applicant=False
        )
    if progress:
        application_services.add_note(
            application,
            author=employer,
            body="Strong E/M audit background. Phone screen went well.",
        )


def _posting_values(fields: dict) -> dict:
    place = geo.place_for_zip(fields["zip_code"])
    values = {
        "remote_states": [],
        "credentials_preferred": [],
        "apprentice_friendly": False,
        "apply_method": ApplyMethod.ON_SITE,
        "apply_url": None,
        "duration_days": 30,
        **fields,
    }
    values.update(
        city=place.city,
        state=place.state,
        latitude=place.latitude,
        longitude=place.longitude,
        pay_min=Decimal(fields["pay_min"]),
        pay_max=Decimal(fields["pay_max"]),
    )
    return values


def _quiet(message: str) -> None:
    pass


def _demo_file_loaded(system: CodeSystem, path, source: str) -> bool:
    """The demo file's codes are in the database as the file says (so importing it again
    would change nothing)."""

    with open(path, newline="", encoding="utf-8-sig") as handle:
        wanted = {
            row["code"].strip().upper(): (
                (row["official_description"] or "").strip() or None,
                (row["plain_description"] or "").strip() or None,
            )
            for row in csv.DictReader(handle)
        }
    have = {
        code: (official, plain)
        for code, official, plain in db.session.execute(
            sa.select(
                MedicalCode.code, MedicalCode.official_description, MedicalCode.plain_description
            ).where(
                MedicalCode.system == system,
                MedicalCode.code.in_(list(wanted)),
                MedicalCode.source == source,
            )
        )
    }
    return have == wanted


def _load_codes(progress) -> None:
    """ICD-10-CM in full, then the demo CPT, HCPCS and modifier files and the demo's
    ICD-10-PCS tables, each only when it is not loaded yet (a second run imports nothing)."""

    if not importers._has_complete_import(CodeSystem.ICD10CM, importers.icd10cm_source()):
        progress("Importing ICD-10-CM in full (about 98,000 entries; this takes a minute)...")
        progress(f"  {importers.import_icd10cm()}")
    source = importers.DEMO_SOURCE
    changed = False
    for system, name in importers.DEMO_FILES:
        path = importers.demo_file(name)
        if not _demo_file_loaded(system, path, source):
            progress(f"  {importers.import_csv(system, path, source=source)}")
            changed = True
    if changed:
        importers.import_relations(importers.demo_file("relations_demo.csv"))
    has_pcs = sa.select(sa.exists().where(MedicalCode.system == CodeSystem.ICD10PCS))
    if not db.session.scalar(has_pcs):
        progress(f"ICD-10-PCS: {len(pcs.DEMO_TABLES)} tables of the package...")
        for result in pcs.load_demo():
            progress(f"  {result}")


def seed(progress=_quiet) -> int:
    """Load the demo world; `progress` is told what each long step is doing."""
    _load_codes(progress)
    created = 0
    users = {}
    for email, name, role in DEMO_ACCOUNTS:
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email=email, name=name, password=DEMO_PASSWORD, role=role,
                               verified=True)  # fmt: skip
            created += 1
        users[email] = user
    db.session.commit()

    for email, fields in DEMO_COMPANIES.items():
        owner = users[email]
        if db.session.scalar(sa.select(Company.id).where(Company.owner_id == owner.id)):
            continue
        company = Company(
            owner=owner,
            slug=fields["name"].lower().replace(" ", "-"),
            about_html=render_markdown(fields["about_md"]),
            verified_at=utcnow(),
            **fields,
        )
        db.session.add(company)
        created += 1
    db.session.commit()

    admin = users["admin@careercenter.example"]
    for age, (email, status, fields) in enumerate(DEMO_POSTINGS):
        company = db.session.scalar(sa.select(Company).where(Company.owner_id == users[email].id))
        exists = db.session.scalar(
            sa.select(Posting.id).where(
                Posting.company_id == company.id, Posting.title == fields["title"]
            )
        )
        if exists:
            continue
        posting = posting_services.create_posting(
            company, _posting_values(fields), submit=status != "draft"
        )
        if status == "published" and posting.status is PostingStatus.SUBMITTED:
            review.approve(posting, admin)
            # Spread the demo jobs over the last days, newest first in the list above.
            posting.published_at = utcnow() - timedelta(days=age, hours=3)
            posting.expires_at = posting.published_at + timedelta(days=posting.duration_days)
            search.index_posting(posting)
            db.session.commit()
        created += 1
    created += _seed_profiles(users)
    created += _seed_moderation(users)
    created += _seed_checks(users)
    world = seed_world(DEMO_PASSWORD, progress)
    return created + world.created + world.logos


def _seed_moderation(users: dict) -> int:
    created = 0
    owner = users["hr@quickcoderemote.example"]
    company = db.session.scalar(sa.select(Company).where(Company.owner_id == owner.id))
    if company is None:
        fields = DEMO_SCAM_COMPANY
        company = Company(owner=owner, about_html=render_markdown(fields["about_md"]), **fields)
        db.session.add(company)
        db.session.commit()
        created += 1
    if not db.session.scalar(
        sa.select(Posting.id).where(
            Posting.company_id == company.id, Posting.title == DEMO_SCAM_POSTING["title"]
        )
    ):
        posting_services.create_posting(company, _posting_values(DEMO_SCAM_POSTING), submit=True)
        created += 1

    email, title, reason, note = DEMO_REPORT
    reporter = users[email]
    posting = db.session.scalar(sa.select(Posting).where(Posting.title == title))
    if posting is not None and not db.session.scalar(
        sa.select(Report.id).where(
            Report.posting_id == posting.id, Report.reporter_id == reporter.id
        )
    ):
        db.session.add(
            Report(
                posting=posting,
                reporter=reporter,
                reporter_key=reports.reporter_key(reporter, None),
                reason=reason,
                note=note,
            )
        )
        db.session.commit()
        created += 1
    return created


# -- coding checks (issue 17) ---------------------------------------------------------------


def _seed_checks(users: dict) -> int:
    """Summit Orthopaedic's check, copied from the starter library, on its ortho job."""

    owner = users["talent@summitortho.example"]
    company = db.session.scalar(sa.select(Company).where(Company.owner_id == owner.id))
    if db.session.scalar(
        sa.select(SkillCheck.id).where(
            SkillCheck.company_id == company.id, SkillCheck.name == STARTER_NAME
        )
    ):
        return 0
    check = check_services.copy_starter(company)
    posting = db.session.scalar(
        sa.select(Posting).where(
            Posting.company_id == company.id,
            Posting.title == "Orthopaedic Surgery Coder (CPC or COSC)",
        )
    )
    if posting is not None:
        check_services.set_posting_check(posting, check.id)
        db.session.commit()
    return 1
