"""The words of the medical-coding job market (see shared/DOMAIN.md), as choices.

Each vocabulary is an ordered mapping of a stable slug (stored, and used in URLs) to the
label people read. Slugs never change once published: saved searches and feeds use them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credential:
    slug: str
    label: str
    body: str  # AAPC or AHIMA
    name: str


CREDENTIALS: dict[str, Credential] = {
    c.slug: c
    for c in [
        Credential("cpc", "CPC", "AAPC", "Certified Professional Coder"),
        Credential("cpc-a", "CPC-A", "AAPC", "Certified Professional Coder, Apprentice"),
        Credential("coc", "COC", "AAPC", "Certified Outpatient Coder"),
        Credential("cic", "CIC", "AAPC", "Certified Inpatient Coder"),
        Credential("crc", "CRC", "AAPC", "Certified Risk Adjustment Coder"),
        Credential("cpma", "CPMA", "AAPC", "Certified Professional Medical Auditor"),
        Credential("cpb", "CPB", "AAPC", "Certified Professional Biller"),
        Credential("cdeo", "CDEO", "AAPC", "Certified Documentation Expert Outpatient"),
        Credential("cppm", "CPPM", "AAPC", "Certified Physician Practice Manager"),
        Credential("cascc", "CASCC", "AAPC", "Certified Ambulatory Surgery Center Coder"),
        Credential("cemc", "CEMC", "AAPC", "Certified Evaluation and Management Coder"),
        Credential("cgsc", "CGSC", "AAPC", "Certified General Surgery Coder"),
        Credential("cosc", "COSC", "AAPC", "Certified Orthopaedic Surgery Coder"),
        Credential("cca", "CCA", "AHIMA", "Certified Coding Associate"),
        Credential("ccs", "CCS", "AHIMA", "Certified Coding Specialist"),
        Credential("ccs-p", "CCS-P", "AHIMA", "Certified Coding Specialist, Physician-based"),
        Credential("rhit", "RHIT", "AHIMA", "Registered Health Information Technician"),
        Credential("rhia", "RHIA", "AHIMA", "Registered Health Information Administrator"),
        Credential("cdip", "CDIP", "AHIMA", "Certified Documentation Integrity Practitioner"),
        Credential("chda", "CHDA", "AHIMA", "Certified Health Data Analyst"),
    ]
}

SPECIALTIES: dict[str, str] = {
    "evaluation-management": "Evaluation and management (E/M)",
    "orthopaedics": "Orthopedics",
    "cardiology": "Cardiology",
    "radiology": "Radiology",
    "anesthesia": "Anesthesia",
    "general-surgery": "General surgery",
    "emergency-department": "Emergency department",
    "oncology": "Oncology",
    "pathology-lab": "Pathology and lab",
    "behavioral-health": "Behavioral health",
    "home-health": "Home health",
    "risk-adjustment": "Risk adjustment / HCC",
    "inpatient-drg": "Inpatient DRG",
    "cdi": "Clinical documentation integrity",
    "auditing": "Auditing",
    "denials-appeals": "Denials and appeals",
}

SETTINGS: dict[str, str] = {
    "physician-practice": "Physician practice (pro-fee)",
    "hospital-inpatient": "Hospital inpatient",
    "hospital-outpatient": "Hospital outpatient",
    "asc": "Ambulatory surgery center",
    "payer": "Payer",
    "coding-vendor": "Coding vendor",
    "telehealth": "Telehealth",
}

ARRANGEMENTS: dict[str, str] = {
    "on-site": "On-site",
    "hybrid": "Hybrid",
    "remote": "Remote",
}

EMPLOYMENT_TYPES: dict[str, str] = {
    "full-time": "Full-time",
    "part-time": "Part-time",
    "contract": "Contract",
    "per-diem": "Per diem",
    "temp-to-hire": "Temp-to-hire",
}

PAY_UNITS: dict[str, str] = {
    "hour": "per hour",
    "year": "per year",
    "chart": "per chart",
}

CODE_SETS: dict[str, str] = {
    "cpt": "CPT",
    "icd-10-cm": "ICD-10-CM",
    "icd-10-pcs": "ICD-10-PCS",
    "hcpcs": "HCPCS Level II",
    "modifiers": "CPT/HCPCS modifiers",
}

TOOLS: dict[str, str] = {
    "epic": "Epic",
    "oracle-health": "Cerner / Oracle Health",
    "meditech": "Meditech",
    "athenahealth": "athenahealth",
    "eclinicalworks": "eClinicalWorks",
    "solventum-3m": "3M / Solventum encoder",
    "encoderpro": "Optum EncoderPro",
    "trucode": "TruCode",
    "codify": "AAPC Codify",
}

ORG_TYPES: dict[str, str] = {
    "hospital": "Hospital or health system",
    "physician-group": "Physician group",
    "coding-vendor": "Coding vendor",
    "payer": "Payer",
    "asc": "Ambulatory surgery center",
    "other": "Other",
}

COMPANY_SIZES: dict[str, str] = {
    "1-10": "1–10 employees",
    "11-50": "11–50 employees",
    "51-200": "51–200 employees",
    "201-1000": "201–1,000 employees",
    "1001-5000": "1,001–5,000 employees",
    "5001+": "More than 5,000 employees",
}

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "PR": "Puerto Rico", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip


def choices(vocabulary: dict) -> list[tuple[str, str]]:
    return [
        (slug, value.label if isinstance(value, Credential) else value)
        for slug, value in vocabulary.items()
    ]


def label(vocabulary: dict, slug: str | None) -> str:
    value = vocabulary.get(slug or "")
    if value is None:
        return slug or ""
    return value.label if isinstance(value, Credential) else value


# -- the words of a search -----------------------------------------------------------------
# What the search box understands (careercenter.search.terms reads these; every entry has a
# test in tests/search/test_vocabulary.py).

# Ways coders write the same thing. A query word of a group also finds the group's other
# words: short forms and long forms, and word families that stemming does not join (coder
# and coding, surgery and surgical). Each entry must be one index token: a word, or a name
# the index already keeps as one token (a credential, a specialty or setting name, a concept
# such as "risk adjustment"). Matching goes both ways: "ER" finds "emergency", "emergency"
# finds "ER".
SEARCH_EQUIVALENTS: list[tuple[str, ...]] = [
    ("coder", "coding", "code", "coded"),
    ("surgery", "surgical", "surgeon", "operative"),
    ("cardiology", "cardiac", "cardio", "cardiologist", "cardiovascular", "heart"),
    ("radiology", "radiologic", "radiologist", "imaging", "rad"),
    ("oncology", "oncologist", "oncologic", "cancer", "hematology"),
    ("neuro", "neurology", "neurologist", "neurological", "neurosurgery", "neurosurgical"),
    ("ortho", "orthopedic", "orthopedics", "orthopaedics"),
    ("anesthesia", "anesthesiology", "anesthesiologist"),
    ("pathology", "pathologist", "lab", "laboratory"),
    ("ed", "er", "emergency", "emergency department", "emergency room"),
    ("chemo", "chemotherapy", "infusion"),
    ("cath", "catheterization", "cathlab"),
    ("ra", "hcc"),
    ("cdi", "cds", "cdip", "ccds", "clinical documentation integrity"),
    ("him", "rhia", "rhit", "health information management", "health information"),
    ("op", "outpatient"),
    ("profee", "professional"),
    ("facility", "hospital"),
    ("drg", "msdrg", "aprdrg"),
    ("pcs", "icd10pcs"),
    ("asc", "ambulatory surgery"),
    ("snf", "skilled", "skilled nursing", "skilled nursing facility"),
    ("oasis", "home health"),
    ("gi", "gastroenterology", "endoscopy"),
    ("obgyn", "obstetric", "obstetrics", "gynecology", "gyn", "womens"),
    ("peds", "pediatric", "pediatrics"),
    ("derm", "dermatology", "dermatologist"),
    ("urology", "urologist", "urologic"),
    ("nephrology", "nephrologist"),
    ("pulmonology", "pulmonologist", "pulmonary"),
    ("rheumatology", "rheumatologist"),
    ("endocrinology", "endocrinologist", "endocrine"),
    ("ophthalmology", "ophthalmologist", "ophthalmic"),
    ("ent", "otolaryngology", "otolaryngologist"),
    ("podiatry", "podiatrist"),
    ("behavioral", "psychiatry", "psychiatric", "mental health"),
    ("auditor", "audit", "auditing"),
    ("biller", "billing"),
    ("registrar", "registry"),
    ("senior", "sr"),
    ("apprentice", "trainee", "junior", "entry level", "no experience", "new grad", "new graduate"),
    ("telehealth", "telemedicine", "virtual"),
    # Place names: "St. Louis" is written "Saint Louis" in the ZIP data, "Ft. Worth" "Fort
    # Worth". ("Mt" is Montana.)
    ("saint", "st"),
    ("sainte", "ste"),
    ("fort", "ft"),
]

# Query words that ask for nothing by themselves (and the operators of query languages).
# On a board of medical-coding jobs, "medical" and "healthcare" say nothing either.
SEARCH_STOPWORDS = frozenset({
    "a", "an", "and", "or", "not", "the", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "is", "are", "be", "i", "me", "my", "we", "our", "any", "job", "near",
    "position", "opening", "opportunity", "hiring", "hire", "career", "vacancy", "role",
    "now", "needed", "wanted", "seeking", "looking", "medical", "healthcare",
})  # fmt: skip
