"""The large demo world: some 45 employers across the country and 300+ published jobs.

Everything here is generated from a seeded random generator, so every run builds the same
world: employers, their logos (drawn with Pillow), jobs whose titles, pay, codes and
descriptions fit their specialty, credential and setting, coders, applications in every
pipeline state, saved jobs, job alerts and reports. Rows are found again by a natural key
(an email, a company and a job title), so a second run adds nothing.

Facts in the texts follow shared/DOMAIN.md: pay bands per credential and setting, the codes
each kind of coder uses, and how the apprentice "-A" of a CPC-A comes off (on proof of
experience with AAPC, not by an exam).
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont
from werkzeug.datastructures import MultiDict

from careercenter import geo, search
from careercenter.applicants import resumes
from careercenter.applicants.services import _snapshot
from careercenter.extensions import db
from careercenter.models import (
    AlertFrequency,
    ApplicantProfile,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Company,
    HeldCredential,
    Posting,
    PostingStatus,
    Report,
    ReportReason,
    Role,
    SavedJob,
    SavedSearch,
    User,
    utcnow,
)
from careercenter.models.posting import ApplyMethod
from careercenter.models.user import hash_password, normalise_email
from careercenter.moderation import reports, review
from careercenter.postings import services as posting_services
from careercenter.saved.services import _parse_qs, canonical_query, describe
from careercenter.text import render_markdown
from careercenter.vocabulary import CREDENTIALS, SETTINGS, SPECIALTIES, TOOLS

SEED = 2026
Progress = Callable[[str], None]


# -- employers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoEmployer:
    name: str
    org_type: str
    size: str
    zip_code: str
    contact: str  # the hiring contact's name (the employer account)
    tools: tuple[str, ...]
    about: str
    verified: bool = True
    # Where its jobs are: the headquarters ZIP first, then other sites.
    sites: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return (
            "".join(c if c.isalnum() else "-" for c in self.name.lower())
            .strip("-")
            .replace("--", "-")
        )

    @property
    def domain(self) -> str:
        return self.slug.replace("-", "") + ".example"

    @property
    def email(self) -> str:
        return f"careers@{self.domain}"


EMPLOYERS: tuple[DemoEmployer, ...] = (
    DemoEmployer("Lakeshore Medical Center", "hospital", "5001+", "60611", "Erin Kowalski", ("epic", "solventum-3m"), "A 900-bed academic medical center on Chicago's Near North Side with a level I trauma center.", sites=("60612", "60201")),
    DemoEmployer("Bluegrass Regional Health", "hospital", "1001-5000", "40536", "Caleb Whitaker", ("epic", "solventum-3m"), "Three hospitals and 40 clinics across central Kentucky."),
    DemoEmployer("Puget Harbor Health", "hospital", "5001+", "98104", "Mei Tanaka", ("epic", "solventum-3m"), "A nonprofit health system serving the Puget Sound region from five campuses.", sites=("98405",)),
    DemoEmployer("Magnolia Health Partners", "physician-group", "201-1000", "39216", "Denise Harper", ("athenahealth", "encoderpro"), "A multispecialty physician group of 180 providers in Mississippi."),
    DemoEmployer("Desert Sun Medical Group", "physician-group", "1001-5000", "85006", "Rafael Ortega", ("epic", "encoderpro"), "Primary care, cardiology and surgery practices across the Phoenix valley.", sites=("85251", "85719")),
    DemoEmployer("Great Plains Orthopedic Clinic", "physician-group", "51-200", "68114", "Brent Olsen", ("eclinicalworks", "encoderpro"), "Thirty orthopedic surgeons and a hand and upper-extremity center in Omaha."),
    DemoEmployer("Keystone Heart & Vascular", "physician-group", "201-1000", "15213", "Angela Russo", ("epic", "trucode"), "Cardiologists, electrophysiologists and vascular surgeons in western Pennsylvania."),
    DemoEmployer("Granite State Radiology", "physician-group", "51-200", "03101", "Owen Gallagher", ("oracle-health", "encoderpro"), "Reads imaging for eleven New Hampshire hospitals, around the clock."),
    DemoEmployer("Bayou Anesthesia Associates", "physician-group", "201-1000", "70112", "Monique Thibodeaux", ("epic", "encoderpro"), "Anesthesiologists and CRNAs covering 14 hospitals and surgery centers in Louisiana."),
    DemoEmployer("Pioneer Valley Surgery Center", "asc", "51-200", "01103", "Grace Sullivan", ("meditech", "encoderpro"), "A six-room ambulatory surgery center for orthopedics, GI and ophthalmology."),
    DemoEmployer("Twin Rivers Oncology", "physician-group", "201-1000", "55404", "Nils Lindqvist", ("epic", "solventum-3m"), "Medical and radiation oncology in nine Minnesota and Wisconsin clinics.", sites=("53703",)),
    DemoEmployer("Evergreen Behavioral Health", "physician-group", "51-200", "97205", "Hannah Brooks", ("athenahealth",), "Outpatient psychiatry and therapy in Oregon, in person and by video."),
    DemoEmployer("Hearthstone Home Health", "other", "201-1000", "46202", "Tamara Jenkins", ("meditech",), "Skilled home health and hospice care for 6,000 patients a year in Indiana and Ohio.", sites=("43215",)),
    DemoEmployer("Meridian Lakes Health Plan", "payer", "1001-5000", "48933", "Victor Alvarado", ("solventum-3m",), "A Medicare Advantage and Medicaid health plan with 400,000 members in Michigan."),
    DemoEmployer("Coastal Care Health Plan", "payer", "1001-5000", "29401", "Lauren Pinckney", ("solventum-3m", "encoderpro"), "A regional health plan in the Carolinas and Georgia."),
    DemoEmployer("Apex Revenue Integrity", "coding-vendor", "201-1000", "37203", "Marcus Bell", ("solventum-3m", "encoderpro", "trucode"), "Coding, CDI and audit services for 90 hospitals. Fully remote: we ship your equipment and never charge for it."),
    DemoEmployer("Northstar Coding Solutions", "coding-vendor", "51-200", "84111", "Kelsey Larsen", ("encoderpro", "trucode"), "Pro-fee and outpatient coding for physician groups in the Mountain West."),
    DemoEmployer("Precision HIM Partners", "coding-vendor", "201-1000", "30303", "Andre Coleman", ("solventum-3m", "epic", "oracle-health"), "Inpatient and outpatient coding, backlog relief and education for health systems."),
    DemoEmployer("Heartland Regional Medical Center", "hospital", "1001-5000", "50309", "Janet Vogel", ("epic", "solventum-3m"), "Iowa's largest community hospital, with a children's hospital and a cancer center."),
    DemoEmployer("Ozark Mountain Health", "hospital", "1001-5000", "65807", "Travis McCall", ("oracle-health", "solventum-3m"), "A rural health system of seven hospitals in southern Missouri and northern Arkansas.", sites=("72201",)),
    DemoEmployer("Capital City Physicians", "physician-group", "201-1000", "27601", "Olivia Grant", ("epic", "encoderpro"), "Primary care and urgent care across the Research Triangle."),
    DemoEmployer("Sooner Family Medicine", "physician-group", "51-200", "73102", "Dustin Hale", ("eclinicalworks", "codify"), "Family medicine, pediatrics and women's health in Oklahoma City.", verified=False),
    DemoEmployer("Rio Grande Health Network", "hospital", "1001-5000", "87102", "Lucia Baca", ("epic", "solventum-3m"), "Hospitals and clinics from Albuquerque to Las Cruces."),
    DemoEmployer("Mile High Surgery Center", "asc", "11-50", "80012", "Ryan Fischer", ("encoderpro",), "A multispecialty ASC in Aurora: orthopedics, pain management and ENT."),
    DemoEmployer("Big Sky Medical Partners", "physician-group", "201-1000", "59101", "Shannon Pryor", ("epic", "encoderpro"), "Montana's largest independent physician group, with telehealth for rural patients."),
    DemoEmployer("Gem State Health", "hospital", "1001-5000", "83702", "Colby Jensen", ("epic", "solventum-3m"), "A regional medical center and children's hospital in Boise."),
    DemoEmployer("Silver State Imaging", "physician-group", "51-200", "89102", "Nadia Farouk", ("oracle-health", "trucode"), "Outpatient imaging centers and hospital radiology in southern Nevada."),
    DemoEmployer("Buckeye Health Alliance", "hospital", "5001+", "43215", "Greg Novak", ("epic", "solventum-3m"), "An academic health system with 12 hospitals across central Ohio.", sites=("44106",)),
    DemoEmployer("Hoosier Ambulatory Surgery", "asc", "51-200", "46260", "Brianna Cole", ("encoderpro",), "Two surgery centers for GI, ophthalmology and orthopedics."),
    DemoEmployer("Badger Valley Clinic", "physician-group", "201-1000", "53703", "Erik Halvorsen", ("epic", "codify"), "A physician-owned multispecialty clinic in Madison."),
    DemoEmployer("Chesapeake Medical Group", "physician-group", "1001-5000", "21201", "Tiana Brooks", ("epic", "encoderpro"), "Primary and specialty care at 60 offices in Maryland and Delaware.", sites=("19801",)),
    DemoEmployer("Old Dominion Health System", "hospital", "5001+", "23219", "William Carter", ("epic", "solventum-3m"), "Five hospitals in central Virginia, and a freestanding emergency department."),
    DemoEmployer("Garden State Cardiology", "physician-group", "51-200", "07102", "Priya Shah", ("eclinicalworks", "encoderpro"), "Noninvasive and interventional cardiology in northern New Jersey."),
    DemoEmployer("Empire Coding Group", "coding-vendor", "51-200", "12207", "Sean O'Brien", ("trucode", "encoderpro"), "Remote coders and auditors for hospitals in New York and New England."),
    DemoEmployer("Pacific Crest Health Plan", "payer", "5001+", "95814", "Diana Nguyen", ("solventum-3m",), "A California health plan for Medi-Cal and Medicare Advantage members.", sites=("90012",)),
    DemoEmployer("Golden Coast Medical Associates", "physician-group", "1001-5000", "92101", "Carlos Mendoza", ("epic", "encoderpro"), "Multispecialty care from San Diego to Orange County."),
    DemoEmployer("Nutmeg Health Partners", "physician-group", "201-1000", "06103", "Rachel Kim", ("epic", "encoderpro"), "Primary care and gastroenterology in Hartford County."),
    DemoEmployer("Green Mountain Community Hospital", "hospital", "201-1000", "05401", "Peter Lavoie", ("meditech", "solventum-3m"), "A 150-bed community hospital on Lake Champlain."),
    DemoEmployer("Palmetto Telehealth", "physician-group", "51-200", "29201", "Jasmine Ford", ("athenahealth",), "Virtual primary care and behavioral health for employers and health plans.", verified=False),
    DemoEmployer("Alamo Revenue Cycle", "coding-vendor", "201-1000", "78205", "Diego Ramirez", ("encoderpro", "solventum-3m"), "Revenue cycle services for Texas hospitals: coding, billing and denials."),
    DemoEmployer("Prairie Compliance Auditors", "coding-vendor", "11-50", "67202", "Megan Schultz", ("encoderpro", "trucode"), "Independent coding and compliance audits for physician groups and hospitals."),
    DemoEmployer("Volunteer Orthopaedic Institute", "physician-group", "51-200", "37916", "Hunter Blake", ("epic", "encoderpro"), "Sports medicine, joint replacement and spine surgery in East Tennessee."),
    DemoEmployer("Aloha Pacific Health", "hospital", "1001-5000", "96813", "Keoni Kahale", ("epic", "solventum-3m"), "Hawaii's community health system, on Oahu and Maui."),
    DemoEmployer("Last Frontier Medical Center", "hospital", "201-1000", "99501", "Ava Sorensen", ("meditech", "solventum-3m"), "Anchorage's regional referral hospital for Alaska."),
    DemoEmployer("Sonoran Pathology Group", "physician-group", "51-200", "85719", "Isaac Romero", ("oracle-health", "trucode"), "Anatomic and clinical pathology for hospitals and clinics in southern Arizona."),
    DemoEmployer("Bay Colony Health", "hospital", "5001+", "02114", "Natalie Chen", ("epic", "solventum-3m"), "A Boston teaching hospital and its community network.", sites=("01608",)),
    DemoEmployer("Cumberland Gap Rural Health", "hospital", "51-200", "24210", "Dale Whitt", ("meditech",), "A critical access hospital and rural health clinics in southwest Virginia.", verified=False),
)  # fmt: skip

# Specialist practices post their own kind of coding job (and the general ones every
# practice has); other employers post whatever fits their type.
FOCUS = {
    "Great Plains Orthopedic Clinic": ("ortho", "asc", "billing", "audit", "apprentice"),
    "Volunteer Orthopaedic Institute": ("ortho", "asc", "billing", "denials", "manager"),
    "Keystone Heart & Vascular": ("cardio", "em", "billing", "audit", "denials"),
    "Garden State Cardiology": ("cardio", "em", "billing", "apprentice"),
    "Granite State Radiology": ("radiology", "billing", "audit", "apprentice", "manager"),
    "Silver State Imaging": ("radiology", "billing", "denials", "apprentice"),
    "Bayou Anesthesia Associates": ("anesthesia", "billing", "audit", "denials"),
    "Twin Rivers Oncology": ("onc", "billing", "audit", "denials", "apprentice"),
    "Evergreen Behavioral Health": ("bh", "billing", "apprentice"),
    "Palmetto Telehealth": ("bh", "em", "billing", "ra"),
    "Sonoran Pathology Group": ("path", "billing", "apprentice", "audit"),
    "Hearthstone Home Health": ("hh", "audit", "educator"),
    "Pioneer Valley Surgery Center": ("asc", "gensurg", "billing"),
    "Mile High Surgery Center": ("asc", "ortho", "anesthesia"),
    "Hoosier Ambulatory Surgery": ("asc", "gensurg", "apprentice"),
}

PALETTE = (
    "#0b5cab", "#0f766e", "#7c3aed", "#b45309", "#be123c", "#15803d", "#1d4ed8", "#9d174d",
    "#0e7490", "#4d7c0f", "#c2410c", "#6d28d9", "#155e75", "#a16207", "#334155", "#047857",
)  # fmt: skip


def draw_logo(name: str) -> bytes:
    """A simple square logo: the company's initials on a color picked from its name."""
    digest = hashlib.sha256(name.encode()).digest()
    color = PALETTE[digest[0] % len(PALETTE)]
    words = [w for w in name.replace("&", " ").split() if w[0].isalpha()]
    initials = "".join(w[0] for w in words[:2]).upper()
    image = Image.new("RGB", (160, 160), color)
    draw = ImageDraw.Draw(image)
    shape = digest[1] % 3
    light = (255, 255, 255)
    if shape == 0:
        draw.ellipse((104, -24, 184, 56), fill=_tint(color))
    elif shape == 1:
        draw.rectangle((0, 128, 160, 160), fill=_tint(color))
    else:
        draw.polygon([(0, 160), (56, 160), (0, 104)], fill=_tint(color))
    font = ImageFont.load_default(size=64)
    box = draw.textbbox((0, 0), initials, font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    draw.text(((160 - width) / 2 - box[0], (160 - height) / 2 - box[1]), initials, font=font,
              fill=light)  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _tint(color: str) -> tuple[int, int, int]:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return (r + (255 - r) // 3, g + (255 - g) // 3, b + (255 - b) // 3)


def set_logo(company: Company) -> bool:
    """Give a demo company its drawn logo unless it has one."""
    if company.logo_version:
        return False
    png = draw_logo(company.name)
    company.logo_png = png
    company.logo_version = hashlib.sha256(png).hexdigest()[:12]
    return True


# -- kinds of jobs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Role_:
    """A kind of coding job: what it is called, asks for, pays and works with."""

    key: str
    titles: tuple[str, ...]
    specialties: tuple[str, ...]
    settings: tuple[str, ...]  # the first is the usual one
    required: tuple[tuple[str, ...], ...]  # one of these sets ("CPC or CCS")
    preferred: tuple[str, ...]
    code_sets: tuple[str, ...]
    key_codes: tuple[str, ...]
    hourly: tuple[int, int]  # the band in dollars an hour; yearly pay is 2,080 hours of it
    duties: tuple[str, ...]
    intro: str
    years: tuple[int, int] = (1, 3)
    yearly: bool = False  # usually salaried
    per_chart: tuple[float, float] | None = None
    apprentice: bool = False
    org_types: tuple[str, ...] = ()  # employers that post it (empty: any)


ROLES: tuple[Role_, ...] = (
    Role_(
        "em", ("E/M Coder", "Professional Fee Coder, Primary Care", "E/M Coding Specialist", "Physician Coder, Evaluation and Management"),
        ("evaluation-management",), ("physician-practice", "telehealth"),
        (("cpc", "ccs-p"), ("cpc", "cemc"), ("cpc",)), ("cemc", "cdeo"),
        ("cpt", "icd-10-cm", "modifiers"), ("99213", "99214", "99215", "G2211", "99204"),
        (22, 30),
        ("Assign E/M levels for office and telehealth visits from medical decision making or total time",
         "Apply modifier 25 when a significant, separately identifiable E/M accompanies a procedure, and 95 for synchronous telehealth",
         "Add G2211 where the visit is part of ongoing longitudinal care",
         "Send providers short, specific documentation queries"),
        "Our primary-care and internal-medicine providers see 1,200 patients a day; you make sure each visit is coded and billed right.",
        org_types=("physician-group", "hospital", "coding-vendor"),
    ),
    Role_(
        "ortho", ("Orthopedic Surgery Coder", "Orthopaedic Coding Specialist", "Surgical Coder, Orthopedics", "Foot and Ankle Surgery Coder"),
        ("orthopaedics",), ("physician-practice", "asc"),
        (("cpc", "cosc"), ("cpc",)), ("cosc", "cascc"),
        ("cpt", "icd-10-cm", "modifiers"), ("28296", "28810", "28820", "26320", "27256", "27257", "28825"),
        (24, 33),
        ("Abstract operative notes for foot, ankle, hand and hip procedures",
         "Apply anatomic modifiers (RT, LT, TA to T9, FA to F9) and global-period modifiers 58, 78 and 79",
         "Catch unbundling: a ray amputation (28810) already includes what 28820 and 28190 would bill separately",
         "Work claim edits and denials with the billing team"),
        "Code what our surgeons do, from bunion correction with distal metatarsal osteotomy (28296) to ray and toe amputations.",
        years=(2, 4), org_types=("physician-group", "hospital", "asc", "coding-vendor"),
    ),
    Role_(
        "cardio", ("Cardiology Coder", "Cardiovascular Coding Specialist", "Interventional Cardiology Coder"),
        ("cardiology",), ("physician-practice", "hospital-outpatient"),
        (("cpc", "ccs-p"), ("cpc", "coc"), ("ccs", "cpc")), ("ccs-p",),
        ("cpt", "icd-10-cm", "modifiers"), ("93000", "93306", "92928", "93458", "I25.10", "I48.91"),
        (25, 34),
        ("Code echocardiograms, stress tests, heart catheterizations and coronary interventions",
         "Apply modifier 26 for the professional component of tests read by our cardiologists",
         "Check diagnosis codes for medical necessity against LCDs before claims go out",
         "Keep our charge sheets current when codes change each January"),
        "Our cardiologists read 3,000 echocardiograms a month and run two cath labs.",
        years=(2, 5), org_types=("physician-group", "hospital", "coding-vendor"),
    ),
    Role_(
        "radiology", ("Radiology Coder", "Diagnostic Imaging Coder", "Imaging Coding Specialist"),
        ("radiology",), ("physician-practice", "hospital-outpatient"),
        (("cpc", "coc"), ("cpc", "ccs"), ("cpc",)), ("coc",),
        ("cpt", "icd-10-cm", "modifiers"), ("71046", "74177", "70450", "77067", "73721"),
        (22, 30),
        ("Code X-ray, CT, MRI, ultrasound and mammography reads, with and without contrast",
         "Use modifiers 26 and TC correctly for professional and technical components",
         "Code from the signs and symptoms in the report when there is no definitive diagnosis",
         "Reach 95% accuracy at a production of about 250 reports a day"),
        "Our radiologists read for hospitals and imaging centers around the clock; you code their reports.",
        org_types=("physician-group", "hospital", "coding-vendor"),
    ),
    Role_(
        "anesthesia", ("Anesthesia Coder", "Anesthesia Coding Specialist"),
        ("anesthesia",), ("physician-practice", "asc"),
        (("cpc", "ccs-p"), ("cpc",)), ("cascc",),
        ("cpt", "icd-10-cm", "modifiers"), ("00142", "01402", "00790", "00840"),
        (23, 31),
        ("Assign anesthesia codes from the surgical procedure, with base units and time",
         "Apply the payment modifiers AA, QK, QX and QZ for medical direction and CRNA services",
         "Code qualifying circumstances and physical status modifiers P1 to P6",
         "Reconcile anesthesia records with the surgeon's operative notes"),
        "Our anesthesiologists and CRNAs cover more than 60,000 cases a year.",
        org_types=("physician-group", "coding-vendor"),
    ),
    Role_(
        "gensurg", ("General Surgery Coder", "Surgical Coder", "Surgery Coding Specialist"),
        ("general-surgery",), ("physician-practice", "hospital-outpatient"),
        (("cpc", "cgsc"), ("cpc", "coc"), ("cpc",)), ("cgsc",),
        ("cpt", "icd-10-cm", "modifiers"), ("47562", "44970", "49505", "19301"),
        (24, 32),
        ("Code laparoscopic cholecystectomies, appendectomies, hernia repairs and breast surgery",
         "Apply modifiers 51, 58, 59 (or XE, XS, XP, XU) and 78 with the global period in mind",
         "Tell a staged procedure (58) from an unplanned return to the OR (78)",
         "Answer surgeons' coding questions the same day"),
        "Our general surgeons operate at three hospitals and an outpatient surgery center.",
        years=(2, 4), org_types=("physician-group", "hospital", "coding-vendor"),
    ),
    Role_(
        "ed", ("Emergency Department Coder", "ED Facility Coder", "Emergency Medicine Pro-fee Coder"),
        ("emergency-department",), ("hospital-outpatient", "physician-practice"),
        (("cpc", "ccs"), ("coc", "ccs"), ("cpc", "coc")), ("coc",),
        ("cpt", "icd-10-cm", "modifiers"), ("99283", "99284", "99285", "12002"),
        (23, 30),
        ("Assign ED visit levels from our facility criteria (facility) or medical decision making (pro-fee)",
         "Code laceration repairs, splints and procedures done in the department",
         "Report injuries with external-cause codes and the right seventh character",
         "Keep up with about 12 charts an hour at 95% accuracy"),
        "Our emergency departments see 180,000 visits a year.",
        org_types=("hospital", "coding-vendor", "physician-group"),
    ),
    Role_(
        "onc", ("Oncology Coder", "Hematology and Oncology Coding Specialist", "Radiation Oncology Coder"),
        ("oncology",), ("hospital-outpatient", "physician-practice"),
        (("cpc", "coc"), ("ccs", "cpc")), ("coc",),
        ("cpt", "hcpcs", "icd-10-cm", "modifiers"), ("96413", "96415", "J9271", "C50.911", "Z51.11", "77385"),
        (25, 34),
        ("Code chemotherapy and immunotherapy infusions with their hierarchy and add-on hours",
         "Bill drugs by HCPCS unit and report JW or JZ for the wasted amount of single-dose vials",
         "Sequence the encounter for chemotherapy (Z51.11) before the cancer it treats",
         "Code radiation planning and treatment delivery"),
        "Our infusion centers give 25,000 treatments a year; accurate drug units matter to patients and to us.",
        years=(2, 5), org_types=("physician-group", "hospital", "coding-vendor"),
    ),
    Role_(
        "path", ("Pathology Coder", "Laboratory Coder", "Pathology and Lab Coding Specialist"),
        ("pathology-lab",), ("hospital-outpatient", "coding-vendor"),
        (("cpc", "cca"), ("cpc", "coc"), ("cpc",)), ("coc",),
        ("cpt", "icd-10-cm", "modifiers"), ("88305", "88342", "80053", "85025"),
        (20, 27),
        ("Code surgical pathology by specimen, from 88302 to 88309, and immunohistochemistry",
         "Apply modifier 91 for repeat tests and 59 or XU where a distinct service is billed",
         "Code from the final diagnosis of the pathology report",
         "Work medical-necessity edits for lab tests"),
        "Our pathologists sign out 400,000 cases a year for hospitals and clinics.",
        org_types=("physician-group", "hospital", "coding-vendor"),
    ),
    Role_(
        "bh", ("Behavioral Health Coder", "Mental Health Coding Specialist", "Behavioral Health Coding and Billing Specialist"),
        ("behavioral-health",), ("physician-practice", "telehealth"),
        (("cpc", "cca"), ("cpc", "cpb"), ("cpc",)), ("cpb",),
        ("cpt", "icd-10-cm", "modifiers"), ("90834", "90837", "90791", "F33.1", "F41.1"),
        (20, 27),
        ("Code psychotherapy by time, diagnostic evaluations and E/M with psychotherapy add-ons",
         "Apply modifier 95 and the right place of service for video visits",
         "Code depression, anxiety and substance-use diagnoses to the specificity the notes support",
         "Check authorizations and session limits before claims go out"),
        "Our psychiatrists and therapists hold 8,000 sessions a month, two thirds of them by video.",
        org_types=("physician-group", "coding-vendor"),
    ),
    Role_(
        "hh", ("Home Health Coder", "Home Health Coding and OASIS Reviewer", "Home Health Coding Specialist"),
        ("home-health",), ("coding-vendor", "telehealth"),
        (("cpc", "rhit"), ("cca", "cpc"), ("cpc",)), ("rhit",),
        ("icd-10-cm",), ("I69.351", "Z47.1", "Z96.651", "E11.9", "I11.0"),
        (24, 31),
        ("Code home health episodes from referral documents and the start-of-care visit",
         "Sequence the primary diagnosis for PDGM clinical grouping and capture comorbidities",
         "Review OASIS answers against the coding for consistency",
         "Query clinicians when documentation does not support a code"),
        "Our clinicians care for patients at home; your coding decides how each episode is grouped and paid.",
        org_types=("other", "coding-vendor"),
    ),
    Role_(
        "ra", ("Risk Adjustment Coder", "HCC Coder", "Risk Adjustment Coding Specialist", "Retrospective Chart Reviewer (HCC)"),
        ("risk-adjustment",), ("payer", "coding-vendor", "physician-practice"),
        (("crc", "cpc"), ("crc", "ccs"), ("crc",)), ("cpc",),
        ("icd-10-cm",), ("E11.22", "N18.4", "I50.22", "J44.9", "E66.01"),
        (24, 32),
        ("Review outpatient charts and capture the diagnoses that map to HCCs",
         "Accept only diagnoses supported by MEAT (monitored, evaluated, assessed, treated)",
         "Code chronic conditions to full specificity, such as diabetes with chronic kidney disease",
         "Reach 95% accuracy on our quality audits"),
        "We review medical records for Medicare Advantage members so that each member's conditions are documented and coded correctly.",
        per_chart=(1.0, 2.5), org_types=("payer", "coding-vendor", "physician-group"),
    ),
    Role_(
        "drg", ("Inpatient Coder", "Inpatient Coding Specialist (DRG)", "Senior Inpatient Coder", "Remote IP Coder"),
        ("inpatient-drg",), ("hospital-inpatient", "coding-vendor"),
        (("ccs",), ("ccs", "cic"), ("ccs", "rhit"), ("cic", "rhia")), ("cdip",),
        ("icd-10-cm", "icd-10-pcs"), ("I50.23", "J96.01", "A41.9", "N17.9", "E11.52"),
        (29, 43),
        ("Code inpatient stays with ICD-10-CM and ICD-10-PCS, such as 0DTJ4ZZ for a laparoscopic appendectomy",
         "Assign MS-DRGs and capture complications and comorbidities (CC/MCC) the record supports",
         "Sequence the principal diagnosis by the Official Guidelines",
         "Query physicians when documentation is conflicting or incomplete",
         "Code about two to three charts an hour at 95% accuracy"),
        "Our hospitals discharge 60,000 inpatients a year; you turn each stay into the codes that set its DRG.",
        years=(2, 5), yearly=True, org_types=("hospital", "coding-vendor"),
    ),
    Role_(
        "cdi", ("Clinical Documentation Integrity Specialist", "CDI Specialist", "Outpatient CDI Specialist"),
        ("cdi",), ("hospital-inpatient", "hospital-outpatient"),
        (("cdip", "ccs"), ("cdip", "rhia"), ("ccs",)), ("cdeo", "rhia"),
        ("icd-10-cm", "icd-10-pcs"), ("J96.01", "E43", "N17.9", "R65.21"),
        (36, 48),
        ("Review records while patients are in the hospital and write compliant queries",
         "Find documentation that supports severity: acute respiratory failure, malnutrition, sepsis",
         "Reconcile working and final DRGs with the coding team",
         "Teach physicians what their documentation must say"),
        "Our CDI team of 30 reviews every Medicare and Medicaid stay.",
        years=(3, 6), yearly=True, org_types=("hospital", "coding-vendor"),
    ),
    Role_(
        "audit", ("Coding Auditor", "Coding Compliance Auditor", "Senior Coding Auditor", "Pro-fee Coding Auditor"),
        ("auditing",), ("coding-vendor", "payer", "hospital-outpatient"),
        (("cpma", "cpc"), ("cpma", "ccs"), ("cpma",)), ("cdeo", "cpc"),
        ("cpt", "hcpcs", "icd-10-cm", "modifiers"), ("99214", "99215", "G2211", "J1100", "11042"),
        (34, 46),
        ("Audit samples of coded encounters, code by code, and score accuracy",
         "Write findings with the guideline behind each one, and education for the coder",
         "Check modifier use: 25, 59 and the X modifiers are where most errors hide",
         "Present results to practice managers and compliance"),
        "Our audits tell providers and coders where their coding stands, with the guideline for every finding.",
        years=(4, 7), yearly=True, org_types=("coding-vendor", "payer", "hospital", "physician-group"),
    ),
    Role_(
        "denials", ("Denials and Appeals Specialist", "Coding Denials Analyst", "Appeals Coder"),
        ("denials-appeals",), ("hospital-outpatient", "physician-practice", "coding-vendor"),
        (("cpb", "cpc"), ("cpc", "ccs"), ("cpb",)), ("cpc",),
        ("cpt", "hcpcs", "icd-10-cm", "modifiers"), ("99214", "97110", "G2211", "J1100"),
        (21, 29),
        ("Work coding-related denials: medical necessity, bundling edits, modifier errors",
         "Write appeals that cite the coding guideline and the documentation",
         "Find the root cause of repeated denials and tell the coding team",
         "Track payers' policy changes"),
        "Every denial we overturn is money our hospitals and doctors earned.",
        org_types=("hospital", "coding-vendor", "physician-group"),
    ),
    Role_(
        "asc", ("ASC Coder", "Ambulatory Surgery Center Coder", "Outpatient Surgery Coder"),
        ("general-surgery", "orthopaedics"), ("asc", "hospital-outpatient"),
        (("cascc", "cpc"), ("coc", "cpc"), ("cascc", "coc")), ("cascc",),
        ("cpt", "hcpcs", "icd-10-cm", "modifiers"), ("29881", "66984", "45378", "43239", "64483"),
        (23, 31),
        ("Code facility claims for knee arthroscopy, cataract surgery, colonoscopy and EGD",
         "Follow the ASC payment rules: multiple procedure discounting and device-intensive procedures",
         "Apply modifiers 73 and 74 for procedures discontinued after the patient is prepared",
         "Code implants and supplies that are separately payable"),
        "Our surgery center performs 9,000 procedures a year across five specialties.",
        org_types=("asc", "hospital", "coding-vendor"),
    ),
    Role_(
        "apprentice", ("Apprentice Coder (CPC-A welcome)", "Entry-Level Medical Coder", "Coder I, CPC-A Friendly", "Junior Coder, Apprentice Program"),
        ("evaluation-management", "pathology-lab", "radiology"), ("physician-practice", "hospital-outpatient", "coding-vendor"),
        (("cpc-a", "cpc"), ("cpc-a", "cca"), ("cpc-a",)), (),
        ("cpt", "icd-10-cm"), ("99213", "99214", "71046", "85025"),
        (17, 22),
        ("Code office visits, lab and imaging encounters with a senior coder reviewing your work",
         "Learn our encoder and EHR in a four-week onboarding",
         "Move to independent coding once you reach 95% accuracy"),
        "A first coding job with a mentor: we hire two apprentice classes a year.",
        years=(0, 0), apprentice=True,
    ),
    Role_(
        "manager", ("Coding Manager", "HIM Coding Supervisor", "Director of Coding and Revenue Integrity"),
        ("auditing", "denials-appeals"), ("hospital-inpatient", "physician-practice", "coding-vendor"),
        (("rhia", "ccs"), ("cppm", "cpc"), ("rhit", "ccs")), ("cpma", "cppm"),
        ("cpt", "icd-10-cm", "icd-10-pcs"), (),
        (45, 60),
        ("Lead a team of coders: hiring, productivity and accuracy targets, schedules",
         "Own coding policies and the annual code updates",
         "Report coding metrics (DNFB, accuracy, denials) to revenue cycle leadership",
         "Work with CDI, billing and compliance on audits and education"),
        "Lead the coders who keep our revenue cycle moving.",
        years=(5, 8), yearly=True, org_types=("hospital", "physician-group", "coding-vendor"),
    ),
    Role_(
        "educator", ("Coding Educator", "Coding Quality and Education Specialist", "Physician Documentation Educator"),
        ("auditing", "evaluation-management"), ("physician-practice", "hospital-outpatient"),
        (("cpc", "cdeo"), ("ccs", "cpc"), ("cpc",)), ("cdeo", "cpma", "cemc"),
        ("cpt", "icd-10-cm", "modifiers"), ("99214", "99215", "G2211"),
        (35, 46),
        ("Teach providers and coders E/M leveling, modifier use and documentation",
         "Build education from audit findings and denials",
         "Train new coders and apprentices",
         "Lead the yearly code-update sessions"),
        "Our educators help 600 providers document and code their visits right.",
        years=(4, 7), yearly=True, org_types=("hospital", "physician-group", "coding-vendor"),
    ),
    Role_(
        "analyst", ("Coding Data Analyst", "Health Data Analyst, Coding", "Risk Adjustment Data Analyst"),
        ("risk-adjustment", "auditing"), ("payer", "hospital-inpatient"),
        (("chda", "rhia"), ("chda",), ("rhia", "chda")), ("crc", "chda"),
        ("icd-10-cm", "cpt"), ("E11.22", "N18.4"),
        (36, 48),
        ("Build reports on coding accuracy, HCC capture and DRG mix from claims and encounter data",
         "Find outliers that need an audit",
         "Write SQL against our data warehouse and explain the results to coders and leaders"),
        "Turn millions of claims into answers our coding and quality teams can act on.",
        years=(3, 6), yearly=True, org_types=("payer", "hospital"),
    ),
    Role_(
        "billing", ("Medical Biller and Coder", "Coding and Billing Specialist", "Charge Entry and Coding Specialist"),
        ("evaluation-management", "denials-appeals"), ("physician-practice", "telehealth"),
        (("cpb", "cpc"), ("cpb", "cca"), ("cpb",)), ("cpc",),
        ("cpt", "hcpcs", "icd-10-cm", "modifiers"), ("99213", "99214", "96372", "J1100"),
        (19, 25),
        ("Enter charges and check them against the visit notes",
         "Correct claim scrubber edits before submission",
         "Work rejections and denials and post payments",
         "Answer patients' billing questions"),
        "Keep our practice's claims clean from charge entry to payment.",
        org_types=("physician-group",),
    ),
    Role_(
        "outpatient", ("Outpatient Facility Coder", "Outpatient Coder (COC)", "Hospital Outpatient Coding Specialist"),
        ("radiology", "emergency-department", "general-surgery"), ("hospital-outpatient",),
        (("coc", "ccs"), ("coc", "cpc"), ("ccs", "rhit")), ("coc",),
        ("cpt", "hcpcs", "icd-10-cm", "modifiers"), ("45378", "43239", "29881", "99284", "96372"),
        (24, 31),
        ("Code outpatient surgery, observation, infusion and ancillary encounters for facility billing",
         "Apply NCCI edits and OPPS status indicators",
         "Code observation stays and the services inside them",
         "Keep about 10 same-day surgery charts an hour at 95% accuracy"),
        "Code the facility side of our hospitals' outpatient care.",
        years=(2, 4), org_types=("hospital", "coding-vendor"),
    ),
)  # fmt: skip

SETTING_FACTOR = {
    "hospital-inpatient": 1.08,
    "hospital-outpatient": 1.02,
    "physician-practice": 1.0,
    "asc": 1.0,
    "payer": 1.06,
    "coding-vendor": 0.97,
    "telehealth": 0.98,
}
# A rough cost-of-labor factor by state: coasts and Alaska pay more, the deep South less.
HIGH_PAY_STATES = {"CA": 1.14, "MA": 1.1, "NY": 1.1, "WA": 1.1, "NJ": 1.08, "CT": 1.07,
                   "AK": 1.12, "HI": 1.1, "MD": 1.05, "VT": 1.02, "CO": 1.04, "MN": 1.03}  # fmt: skip
LOW_PAY_STATES = {"MS": 0.9, "AR": 0.91, "AL": 0.92, "OK": 0.93, "KY": 0.94, "LA": 0.93,
                  "MO": 0.95, "TN": 0.95, "NM": 0.95, "MT": 0.95, "ID": 0.95, "IA": 0.96,
                  "KS": 0.95, "NE": 0.96, "IN": 0.96, "VA": 0.98}  # fmt: skip

# States next to each other, for remote jobs that hire in a region.
REGIONS = (
    ("TX", "OK", "LA", "AR", "NM"), ("FL", "GA", "AL", "SC", "NC", "TN"),
    ("NY", "NJ", "PA", "CT", "MA", "VT", "NH"), ("IL", "IN", "WI", "MI", "OH", "IA", "MN"),
    ("CA", "OR", "WA", "NV", "AZ"), ("CO", "UT", "ID", "MT", "WY", "NM"),
    ("VA", "MD", "DE", "DC", "WV", "NC"), ("MO", "KS", "NE", "IA", "OK"),
)  # fmt: skip

PERKS = (
    "Medical, dental and vision from day one, and a 401(k) with a 4% match.",
    "Paid time off from your first month, and 40 hours a year for CEUs.",
    "We pay your AAPC or AHIMA membership and one certification exam a year.",
    "Tuition support for the CCS or an RHIT program.",
    "A coding educator on every team, and quarterly focused audits with feedback, not blame.",
    "Flexible start times between 6 and 10 a.m. in your time zone.",
)

HIRING_TEST = (
    "Our coding test has 15 de-identified cases; we look for 90% accuracy.",
    "Expect a coding assessment of 20 cases, scored code by code, before the interview.",
    "There is a 10-case coding test with a two-hour limit; 85% moves you to the interview.",
    "You take a 25-case assessment; we ask for 95% on diagnoses and procedures.",
)


@dataclass
class Plan:
    """One generated job, before it is written."""

    employer: DemoEmployer
    role: Role_
    title: str
    values: dict
    age_days: float
    outcome: str = "published"  # or submitted, draft, rejected, filled, closed, expired


def _pay(rng: random.Random, role: Role_, setting: str, state: str, employment: str) -> dict:
    factor = SETTING_FACTOR[setting] * HIGH_PAY_STATES.get(state, LOW_PAY_STATES.get(state, 1.0))
    low, high = role.hourly
    start = rng.uniform(low, low + (high - low) * 0.45) * factor
    end = start * rng.uniform(1.15, 1.3)
    end = min(end, high * factor * 1.05)
    if end <= start:
        end = start + 2
    if role.per_chart and setting == "coding-vendor" and employment in ("contract", "per-diem"):
        chart_low = round(rng.uniform(*role.per_chart) * 4) / 4
        return {"pay_min": Decimal(f"{chart_low:.2f}"),
                "pay_max": Decimal(f"{chart_low + rng.choice((0.5, 0.75, 1.0)):.2f}"),
                "pay_unit": "chart"}  # fmt: skip
    yearly = employment == "full-time" and (role.yearly or rng.random() < 0.2)
    if yearly:
        return {"pay_min": Decimal(int(start * 2080 / 500) * 500),
                "pay_max": Decimal(int(end * 2080 / 500 + 1) * 500), "pay_unit": "year"}  # fmt: skip
    return {"pay_min": Decimal(f"{round(start * 2) / 2:.2f}"),
            "pay_max": Decimal(f"{round(end * 2) / 2:.2f}"), "pay_unit": "hour"}  # fmt: skip


def _employment(rng: random.Random) -> str:
    return rng.choices(
        ("full-time", "part-time", "contract", "per-diem", "temp-to-hire"), (64, 12, 12, 5, 7)
    )[0]


def _arrangement(rng: random.Random, employer: DemoEmployer, setting: str) -> str:
    if setting == "telehealth" or employer.org_type in ("coding-vendor", "payer"):
        return rng.choices(("remote", "hybrid", "on-site"), (80, 15, 5))[0]
    return rng.choices(("remote", "hybrid", "on-site"), (40, 28, 32))[0]


def _remote_states(rng: random.Random, state: str) -> list[str]:
    if rng.random() < 0.45:
        return []  # anywhere in the US
    for region in REGIONS:
        if state in region:
            return sorted(rng.sample(region, k=rng.randint(max(2, len(region) - 2), len(region))))
    return [state]


def _description(rng: random.Random, employer: DemoEmployer, role: Role_, values: dict) -> str:

    required = [CREDENTIALS[c].label for c in values["credentials_required"]]
    parts = [role.intro, f"{employer.name}: {employer.about}", "**What you'll do**"]
    duties = list(role.duties)
    rng.shuffle(duties)
    parts.append("\n".join(f"- {d}" for d in duties[: max(3, len(duties) - 1)]))
    bring = f"**You bring** a {' or '.join(required)} credential"
    if values["years_experience"]:
        years = values["years_experience"]
        field_ = SPECIALTIES[role.specialties[0]].split(" (")[0].lower()
        bring += f" and {years} year{'s' if years != 1 else ''} of experience in {field_}"
    bring += "."
    if values["credentials_preferred"]:
        bring += " " + " or ".join(CREDENTIALS[c].label for c in values["credentials_preferred"])
        bring += " is a plus."
    parts.append(bring)
    if role.apprentice:
        parts.append(
            "New CPC-As are welcome. AAPC removes the apprentice designation (the -A) once you "
            "show two years of coding experience, or one year plus 80 hours of coding education; "
            "we write your experience letter when you get there."
        )
    tools = [TOOLS[t] for t in employer.tools]
    setting = SETTINGS[values["settings"][0]].lower()
    parts.append(f"You work in {' and '.join(tools)}, coding for our {setting} services.")
    parts.append(rng.choice(HIRING_TEST))
    if values["arrangement"] == "remote":
        states = values["remote_states"]
        parts.append(
            "Fully remote, anywhere in the US. We ship your laptop and second monitor; you "
            "never pay for equipment or training."
            if not states
            else f"Remote for residents of {', '.join(states)}. We ship your laptop; you never "
            "pay for equipment or training."
        )
    elif values["arrangement"] == "hybrid":
        parts.append(
            f"Hybrid: {rng.choice(('two', 'three'))} days a week in our "
            f"{values['city']} office, the rest from home."
        )
    else:
        parts.append(f"On site in {values['city']}, {values['state']}, with free parking.")
    parts.append("**Benefits** " + " ".join(rng.sample(PERKS, 2)))
    return "\n\n".join(parts)


def _title(rng: random.Random, role: Role_, values: dict, taken: set[str]) -> str:
    titles = list(role.titles)
    rng.shuffle(titles)
    extras = []
    if values["arrangement"] == "remote":
        extras.append("Remote")
    elif values["arrangement"] == "hybrid":
        extras.append("Hybrid")
    extras.append(values["city"])
    if values["employment_type"] in ("part-time", "contract", "per-diem"):
        extras.append(values["employment_type"].replace("-", " ").capitalize())
    for title in titles:
        for extra in ["", *extras, *[f"{e}, {values['city']}" for e in extras[:1]]]:
            candidate = f"{title} – {extra}" if extra else title
            if candidate not in taken:
                taken.add(candidate)
                return candidate
    n = 2
    while f"{titles[0]} ({n})" in taken:
        n += 1
    taken.add(f"{titles[0]} ({n})")
    return f"{titles[0]} ({n})"


def plan_jobs(count: int = 330) -> list[Plan]:
    """The jobs of the demo world, the same list on every run."""

    rng = random.Random(SEED)  # noqa: S311 (demo data, wanted reproducible)
    plans: list[Plan] = []
    taken: dict[str, set[str]] = {}
    # Every role is posted at least twice, then at random; each employer gets its share.
    role_queue = [r for r in ROLES for _ in range(2)]
    while len(role_queue) < count:
        role_queue.append(rng.choice(ROLES))
    rng.shuffle(role_queue)
    for index, role in enumerate(role_queue):
        fitting = [
            e
            for e in EMPLOYERS
            if role.key in FOCUS.get(e.name, ())
            or (e.name not in FOCUS and (not role.org_types or e.org_type in role.org_types))
        ]
        employer = fitting[(index * 7 + rng.randrange(len(fitting))) % len(fitting)]
        zip_code = rng.choice((employer.zip_code, *employer.sites))
        place = geo.place_for_zip(zip_code)
        setting = role.settings[0] if rng.random() < 0.6 else rng.choice(role.settings)
        settings = [setting] + [s for s in role.settings if s != setting][: rng.randint(0, 1)]
        employment = "full-time" if role.yearly and rng.random() < 0.85 else _employment(rng)
        arrangement = _arrangement(rng, employer, setting)
        required = list(rng.choice(role.required))
        preferred = [c for c in role.preferred if c not in required and c in CREDENTIALS]
        preferred = rng.sample(preferred, k=min(len(preferred), rng.randint(0, 2)))
        specialties = list(role.specialties)
        if len(specialties) > 1:
            specialties = rng.sample(specialties, k=rng.randint(1, len(specialties)))
        key_codes = (
            rng.sample(role.key_codes, k=min(len(role.key_codes), rng.randint(2, 4)))
            if role.key_codes
            else []
        )
        values = {
            "zip_code": place.zip_code,
            "city": place.city,
            "state": place.state,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "arrangement": arrangement,
            "remote_states": _remote_states(rng, place.state) if arrangement == "remote" else [],
            "employment_type": employment,
            "credentials_required": required,
            "credentials_preferred": preferred,
            "apprentice_friendly": role.apprentice or "cpc-a" in required,
            "specialties": specialties,
            "settings": settings,
            "code_sets": list(role.code_sets),
            "years_experience": rng.randint(*role.years),
            "key_codes": key_codes,
            "apply_method": ApplyMethod.ON_SITE,
            "apply_url": None,
            "duration_days": 0,
            **_pay(rng, role, setting, place.state, employment),
        }
        values["title"] = _title(rng, role, values, taken.setdefault(employer.email, set()))
        values["description_md"] = _description(rng, employer, role, values)
        # Publication dates spread over the last 60 days, more of them recent.
        age = round(min(59.5, rng.expovariate(1 / 18)), 2)
        # A run long enough to be open today: at least a week past today.
        values["duration_days"] = min(90, max(30, int(age) + rng.choice((7, 14, 21, 30))))
        plans.append(Plan(employer, role, values["title"], values, age))
    # A few jobs in the other states, so every employer page and dashboard has some life.
    for plan, outcome in zip(plans[::37], ("submitted", "rejected", "draft", "filled", "closed",
                                           "expired", "submitted", "rejected", "filled"),
                             strict=False):  # fmt: skip
        plan.outcome = outcome
    return plans


# -- writing it -------------------------------------------------------------------------------


def _shared_password_hash(password: str) -> str:
    """One scrypt hash for every demo account (they share a published password): hashing
    it once instead of for each of 60 accounts saves seconds."""

    return hash_password(password)


@dataclass
class Counter:
    created: int = 0
    logos: int = 0
    by_kind: dict = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.created += n
        self.by_kind[kind] = self.by_kind.get(kind, 0) + n


def seed_employers(password: str, counter: Counter) -> dict[str, Company]:
    existing_users = {
        u.email: u
        for u in db.session.scalars(
            sa.select(User).where(User.email.in_([e.email for e in EMPLOYERS]))
        )
    }
    password_hash = None
    companies: dict[str, Company] = {}
    now = utcnow()
    for position, employer in enumerate(EMPLOYERS):
        user = existing_users.get(employer.email)
        if user is None:
            password_hash = password_hash or _shared_password_hash(password)
            user = User(
                email=normalise_email(employer.email),
                name=employer.contact,
                role=Role.EMPLOYER,
                password_hash=password_hash,
                email_verified_at=now,
            )
            db.session.add(user)
            db.session.flush()
            counter.add("employer accounts")
        company = db.session.scalar(sa.select(Company).where(Company.owner_id == user.id))
        if company is None:
            place = geo.place_for_zip(employer.zip_code)
            about = (
                f"{employer.about}\n\nWe hire coders for "
                f"{'our own teams' if employer.org_type != 'coding-vendor' else 'our clients'}"
                f" and train them in {' and '.join(_tool_labels(employer.tools))}."
            )
            company = Company(
                owner=user,
                name=employer.name,
                slug=employer.slug,
                website=f"https://{employer.domain}",
                about_md=about,
                about_html=render_markdown(about),
                hq_city=place.city,
                hq_state=place.state,
                org_type=employer.org_type,
                size=employer.size,
                verified_at=now - timedelta(days=200 - position) if employer.verified else None,
                created_at=now - timedelta(days=400 - position * 3),
            )
            db.session.add(company)
            counter.add("companies")
        if set_logo(company):
            counter.logos += 1
        companies[employer.email] = company
    db.session.commit()
    return companies


def _tool_labels(tools: tuple[str, ...]) -> list[str]:

    return [TOOLS[t] for t in tools]


def seed_jobs(companies: dict[str, Company], moderator: User, counter: Counter,
              progress: Progress) -> list[Posting]:  # fmt: skip
    """Write the planned jobs that are not there yet, through the same services the site
    uses (submission, approval with its audit entry, the search index)."""

    plans = plan_jobs()
    company_ids = [c.id for c in companies.values()]
    have = {
        (company_id, title)
        for company_id, title in db.session.execute(
            sa.select(Posting.company_id, Posting.title).where(Posting.company_id.in_(company_ids))
        )
    }
    todo = [p for p in plans if (companies[p.employer.email].id, p.title) not in have]
    if todo:
        progress(f"Writing {len(todo)} demo jobs from {len(EMPLOYERS)} employers...")
    now = utcnow()
    for done, plan in enumerate(todo, start=1):
        company = companies[plan.employer.email]
        fields = {k: v for k, v in plan.values.items() if k not in ("title",)}
        fields["title"] = plan.title
        if plan.outcome == "draft":
            posting_services.create_posting(company, fields, submit=False)
        else:
            posting = posting_services.create_posting(company, fields, submit=True)
            posting.submitted_at = now - timedelta(days=plan.age_days, hours=5)
            if plan.outcome == "rejected":
                posting.request_changes(
                    moderator,
                    "Changes requested: Name the states this remote job can hire in, and "
                    "give the pay range your state's pay-transparency law asks for.",
                )
            elif plan.outcome != "submitted":
                if posting.status is PostingStatus.SUBMITTED:
                    review.approve(posting, moderator)
                published = now - timedelta(days=plan.age_days)
                posting.published_at = published
                posting.reviewed_at = published
                posting.expires_at = published + timedelta(days=posting.duration_days)
                if plan.outcome == "expired":
                    posting.expires_at = now - timedelta(days=1)
                    posting.expire()
                elif plan.outcome == "filled":
                    posting.mark_filled()
                elif plan.outcome == "closed":
                    posting.close()
                search.index_posting(posting)
            db.session.commit()
        counter.add("jobs")
        if done % 50 == 0 or done == len(todo):
            progress(f"  {done}/{len(todo)} jobs")
    return db.session.scalars(
        sa.select(Posting)
        .where(Posting.company_id.in_(company_ids), Posting.status == PostingStatus.PUBLISHED)
        .order_by(Posting.id)
    ).all()


# -- coders and what they do --------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCoder:
    email: str
    name: str
    zip_code: str
    headline: str
    credentials: tuple[str, ...]
    years: int
    specialties: tuple[str, ...]
    settings: tuple[str, ...]
    arrangements: tuple[str, ...]
    alert: str | None = None


CODERS: tuple[DemoCoder, ...] = (
    DemoCoder("aisha.patel@example.com", "Aisha Patel", "60614", "CPC and CRC, risk adjustment for a Medicare Advantage plan", ("cpc", "crc"), 5, ("risk-adjustment",), ("payer", "coding-vendor"), ("remote",), "credential=crc&arrangement=remote"),
    DemoCoder("daniel.okoro@example.com", "Daniel Okoro", "30308", "CCS, inpatient coder at a level I trauma center", ("ccs",), 7, ("inpatient-drg", "cdi"), ("hospital-inpatient",), ("remote", "hybrid"), "credential=ccs&specialty=inpatient-drg"),
    DemoCoder("sofia.reyes@example.com", "Sofia Reyes", "85008", "CPC-A, finished my coding program this spring", ("cpc-a",), 0, ("evaluation-management",), ("physician-practice",), ("on-site", "hybrid", "remote"), "credential=cpc-a"),
    DemoCoder("ben.wallace@example.com", "Ben Wallace", "15217", "CPC and CPMA, pro-fee auditor for cardiology and surgery", ("cpc", "cpma"), 9, ("auditing", "cardiology"), ("physician-practice", "coding-vendor"), ("remote",), "specialty=auditing&arrangement=remote"),
    DemoCoder("linh.nguyen@example.com", "Linh Nguyen", "98103", "COC, outpatient facility coder: ED, imaging and same-day surgery", ("coc", "cpc"), 4, ("emergency-department", "radiology"), ("hospital-outpatient",), ("hybrid", "on-site"), "credential=coc"),
    DemoCoder("rachel.goldberg@example.com", "Rachel Goldberg", "10025", "RHIA and CDIP, clinical documentation integrity", ("rhia", "cdip"), 8, ("cdi", "inpatient-drg"), ("hospital-inpatient",), ("remote",), "specialty=cdi"),
    DemoCoder("marcus.johnson@example.com", "Marcus Johnson", "70115", "CPC, anesthesia and pain management coder", ("cpc",), 3, ("anesthesia",), ("physician-practice", "asc"), ("remote", "hybrid"), "specialty=anesthesia"),
    DemoCoder("emily.hart@example.com", "Emily Hart", "55408", "CPC and CCS-P, oncology and infusion coding", ("cpc", "ccs-p"), 6, ("oncology",), ("hospital-outpatient", "physician-practice"), ("hybrid", "remote"), "specialty=oncology"),
    DemoCoder("jose.martinez@example.com", "José Martinez", "78210", "CPB and CPC, denials and appeals", ("cpb", "cpc"), 5, ("denials-appeals",), ("hospital-outpatient", "coding-vendor"), ("remote", "on-site"), None),
    DemoCoder("grace.lee@example.com", "Grace Lee", "97214", "CPC, behavioral health coding and billing", ("cpc",), 2, ("behavioral-health",), ("physician-practice", "telehealth"), ("remote",), "specialty=behavioral-health&arrangement=remote"),
)  # fmt: skip

# How far along the pipeline each demo application gets, so that every state shows.
PIPELINES = (
    (),
    ("reviewed",),
    ("reviewed", "interview"),
    ("reviewed", "interview", "offer"),
    ("reviewed", "interview", "offer", "hired"),
    ("reviewed", "rejected"),
    ("withdrawn",),
    ("reviewed", "interview", "withdrawn"),
    (),
    ("rejected",),
)

COVER_LETTERS = (
    "I have coded {specialty} for {years} years and would like to bring that experience to your team.",
    "Your posting fits what I do every day. I am happy to take your coding test this week.",
    "I hold the {credential} and work in Epic daily. I would welcome a conversation.",
    "",
)  # fmt: skip


def _fits(coder: DemoCoder, posting: Posting) -> int:
    score = 2 * len(set(coder.specialties) & set(posting.specialties))
    score += len(set(coder.settings) & set(posting.settings))
    score += 2 * bool(set(coder.credentials) & set(posting.credentials_required))
    score += posting.arrangement in coder.arrangements
    return score


def seed_coders(password: str, jobs: list[Posting], counter: Counter,
                progress: Progress) -> None:  # fmt: skip

    rng = random.Random(SEED + 1)  # noqa: S311 (demo data, wanted reproducible)
    now = utcnow()
    users = {
        u.email: u
        for u in db.session.scalars(
            sa.select(User).where(User.email.in_([c.email for c in CODERS]))
        )
    }
    password_hash = None
    open_jobs = [j for j in jobs if j.is_open() and j.apply_method is ApplyMethod.ON_SITE]
    progress(f"Coders, applications, saved jobs and alerts for {len(CODERS)} demo coders...")
    for position, coder in enumerate(CODERS):
        user = users.get(coder.email)
        if user is None:
            password_hash = password_hash or _shared_password_hash(password)
            user = User(
                email=coder.email,
                name=coder.name,
                role=Role.APPLICANT,
                password_hash=password_hash,
                email_verified_at=now - timedelta(days=30 + position),
                created_at=now - timedelta(days=30 + position),
            )
            db.session.add(user)
            db.session.flush()
            counter.add("coder accounts")
        if db.session.scalar(
            sa.select(ApplicantProfile.id).where(ApplicantProfile.user_id == user.id)
        ):
            continue  # this coder was seeded before: leave their doings alone
        place = geo.place_for_zip(coder.zip_code)
        resume = resumes.store(user, demo_resume_pdf(coder.name, coder.headline), "resume.pdf")
        db.session.add(resume)
        db.session.flush()
        profile = ApplicantProfile(
            user_id=user.id, full_name=coder.name, headline=coder.headline,
            zip_code=place.zip_code, city=place.city, state=place.state,
            latitude=place.latitude, longitude=place.longitude,
            years_experience=coder.years, specialties=list(coder.specialties),
            settings=list(coder.settings), code_sets=["cpt", "icd-10-cm"],
            tools=["epic", "encoderpro"], arrangements=list(coder.arrangements),
            employment_types=["full-time", "contract"], resume_id=resume.id,
            credentials=[HeldCredential(credential=c, number=f"{10000000 + position * 7919 + i}")
                         for i, c in enumerate(coder.credentials)],
        )  # fmt: skip
        db.session.add(profile)
        db.session.flush()
        counter.add("coder profiles")
        ranked = sorted(open_jobs, key=lambda j: (-_fits(coder, j), j.id))
        for number, posting in enumerate(ranked[:5]):
            pipeline = PIPELINES[(position + number * 3) % len(PIPELINES)]
            _apply(rng, user, profile, posting, pipeline, now)
            counter.add("applications")
        for posting in ranked[5:8]:
            db.session.add(SavedJob(user_id=user.id, posting_id=posting.id,
                                    created_at=now - timedelta(days=rng.randint(1, 20))))  # fmt: skip
            counter.add("saved jobs")
        if coder.alert:
            query, canonical = canonical_query(MultiDict(_parse_qs(coder.alert)))
            db.session.add(SavedSearch(
                user_id=user.id, name=describe(query), query_string=canonical,
                frequency=rng.choice((AlertFrequency.DAILY, AlertFrequency.WEEKLY)),
                created_at=now - timedelta(days=25), last_sent_at=now - timedelta(days=4),
            ))  # fmt: skip
            counter.add("job alerts")
        db.session.commit()


def _apply(rng, user, profile, posting: Posting, pipeline, now) -> None:

    applied = max(posting.published_at, now - timedelta(days=rng.uniform(1, 20)))
    applied = min(applied + timedelta(hours=rng.randint(2, 30)), now - timedelta(hours=1))
    letter = rng.choice(COVER_LETTERS).format(
        specialty=SPECIALTIES[profile.specialties[0]].lower(),
        years=profile.years_experience or "a few",
        credential=CREDENTIALS[profile.credentials[0].credential].label,
    )
    application = Application(
        posting_id=posting.id, applicant_id=user.id, resume_id=profile.resume_id,
        cover_letter=letter, applicant_name=profile.full_name, applicant_email=user.email,
        profile_snapshot=_snapshot(profile), status=ApplicationStatus.NEW,
        created_at=applied, employer_notified_at=applied,
    )  # fmt: skip
    application.events.append(ApplicationEvent(
        from_status=None, to_status=ApplicationStatus.NEW, actor_id=user.id, created_at=applied
    ))  # fmt: skip
    when, status = applied, ApplicationStatus.NEW
    employer = posting.company.owner
    for step in pipeline:
        when = min(when + timedelta(days=rng.uniform(0.5, 4)), now - timedelta(minutes=30))
        target = ApplicationStatus(step)
        actor = user if target is ApplicationStatus.WITHDRAWN else employer
        application.events.append(ApplicationEvent(
            from_status=status, to_status=target, actor_id=actor.id, created_at=when
        ))  # fmt: skip
        status = target
    application.status = status
    application.updated_at = when
    db.session.add(application)


REPORT_NOTES = (
    (ReportReason.WRONG_INFORMATION, "The pay on the job page is lower than what the recruiter quoted me."),
    (ReportReason.EXPIRED, "I was told on the phone that this job was filled last week."),
    (ReportReason.WRONG_INFORMATION, "It says remote, but the interview invitation says the first 90 days are on site."),
)  # fmt: skip


def seed_reports(jobs: list[Posting], counter: Counter) -> None:

    reporters = db.session.scalars(
        sa.select(User).where(User.email.in_([c.email for c in CODERS[:3]])).order_by(User.email)
    ).all()
    targets = [j for j in jobs if j.is_open()][5::97]
    for reporter, posting, (reason, note) in zip(reporters, targets, REPORT_NOTES, strict=False):
        if db.session.scalar(
            sa.select(Report.id).where(
                Report.posting_id == posting.id, Report.reporter_id == reporter.id
            )
        ):
            continue
        db.session.add(Report(
            posting=posting, reporter=reporter,
            reporter_key=reports.reporter_key(reporter, None), reason=reason, note=note,
        ))  # fmt: skip
        counter.add("reports")
    db.session.commit()


def seed_world(password: str, progress: Progress) -> Counter:
    counter = Counter()
    moderator = db.session.scalar(
        sa.select(User).where(User.email == "moderator@careercenter.example")
    )
    progress(f"Employers: {len(EMPLOYERS)} companies with logos...")
    companies = seed_employers(password, counter)
    for company in db.session.scalars(sa.select(Company).where(Company.logo_version.is_(None))):
        counter.logos += set_logo(company)
    db.session.commit()
    jobs = seed_jobs(companies, moderator, counter, progress)
    seed_coders(password, jobs, counter, progress)
    seed_reports(jobs, counter)
    return counter


def demo_resume_pdf(name: str, headline: str) -> bytes:
    """A one-page PDF resume for a demo coder."""
    text = f"BT /F1 18 Tf 72 720 Td ({name}) Tj 0 -28 Td /F1 12 Tf ({headline}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")
