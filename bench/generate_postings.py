"""Generate N realistic open postings (and their employers) in bulk, then index them.

    DATABASE_URL=... python bench/generate_postings.py --count 100000 [--seed 1] [--replace]

The database must be at the head migration (`flask --app careercenter db upgrade`). Rows are
written in bulk: executemany through SQLAlchemy Core on SQLite, COPY on PostgreSQL. The
search index is then built by the engine's own `careercenter.search.rebuild_index()`, so its
rows are exactly what the application would write.

Every generated posting is published and open (published within its 30, 60 or 90 days):
the index holds all N, the worst case for search. Employers are accounts `bench-N@...`
(one company each, about 200 postings per company); --replace deletes them and their
postings first, so the script can be run again on the same database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

# The application measured: BENCH_APP_DIR (a copy of the code, see loadlib.py) or this tree.
sys.path.insert(0, os.environ.get("BENCH_APP_DIR") or str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from slugify import slugify  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from careercenter import create_app, search, vocabulary  # noqa: E402
from careercenter.extensions import db  # noqa: E402
from careercenter.models import Company, Posting, Role, User  # noqa: E402
from careercenter.text import render_markdown  # noqa: E402

BENCH_DOMAIN = "bench.careercenter.example"
POSTINGS_PER_COMPANY = 200
BATCH = 20_000

# -- the domain's vocabulary, weighted as a coding job board sees it -------------------------

CREDENTIAL_WEIGHTS = {
    "cpc": 40, "ccs": 14, "rhit": 10, "crc": 9, "cpc-a": 6, "coc": 6, "cic": 5, "ccs-p": 4,
    "cca": 4, "rhia": 3, "cpma": 3, "cdip": 2, "cemc": 2, "cosc": 1, "cgsc": 1, "cpb": 2,
    "cdeo": 1, "cppm": 1, "cascc": 1, "chda": 1,
}  # fmt: skip
SPECIALTY_TITLES = {
    "evaluation-management": ["E/M", "Evaluation and Management", "E/M Pro-Fee"],
    "orthopaedics": ["Orthopaedic", "Orthopedic Surgery", "Ortho"],
    "cardiology": ["Cardiology", "Interventional Cardiology"],
    "radiology": ["Radiology", "Interventional Radiology"],
    "anesthesia": ["Anesthesia"],
    "general-surgery": ["Surgical", "General Surgery"],
    "emergency-department": ["Emergency Department", "ED Facility", "ED Pro-Fee"],
    "oncology": ["Oncology", "Hematology/Oncology"],
    "pathology-lab": ["Pathology", "Lab"],
    "behavioral-health": ["Behavioral Health"],
    "home-health": ["Home Health", "OASIS"],
    "risk-adjustment": ["Risk Adjustment", "HCC", "Risk Adjustment (HCC)"],
    "inpatient-drg": ["Inpatient", "Inpatient DRG", "IP"],
    "cdi": ["CDI"],
    "auditing": ["Coding Audit"],
    "denials-appeals": ["Denials"],
}
ROLES = ["Coder", "Medical Coder", "Coding Specialist", "Coding Analyst", "Coder/Abstractor"]
LEVELS = ["", "", "", " I", " II", " III"]
SENIORITY = ["", "", "", "", "Senior ", "Lead ", "Junior "]
OTHER_TITLES = [
    "Medical Coding Auditor", "Coding Quality Analyst", "Coding Educator", "HIM Coding Specialist",
    "Clinical Documentation Integrity Specialist", "Denials Management Specialist",
    "Charge Entry and Coding Specialist", "Coding Supervisor", "Profee Coding Specialist",
    "Outpatient Coder", "Outpatient Facility Coder", "Multi-Specialty Coder",
    "Coding Validation Specialist", "Revenue Integrity Coder", "Apprentice Coder (CPC-A welcome)",
]  # fmt: skip
KEY_CODES = {
    "orthopaedics": ["28820", "28810", "28296", "26320", "27256", "27257", "28160", "28190",
                     "M17.11", "M17.12", "S72.001A", "M16.11"],
    "evaluation-management": ["99213", "99214", "G2211", "Z00.00", "I10", "E11.9"],
    "emergency-department": ["99283", "99284", "S06.0X0A", "R07.9", "J06.9"],
    "risk-adjustment": ["E11.52", "E11.9", "E11.65", "I50.9", "N18.3", "J44.1", "F33.1"],
    "cardiology": ["I25.10", "I48.91", "I50.9", "I10"],
    "oncology": ["C50.911", "C34.90", "Z51.11", "J1100"],
    "inpatient-drg": ["A41.9", "J18.9", "N17.9", "I21.4", "E87.1"],
    "home-health": ["E0100", "E0105", "A4253", "Z74.09"],
}  # fmt: skip
ALL_KEY_CODES = sorted({code for codes in KEY_CODES.values() for code in codes})
TOWN_WORDS = ["Riverside", "Lakeside", "Summit", "Prairie", "Harbor", "Valley", "Cedar",
              "Granite", "Bayview", "Pinecrest", "Northstar", "Sunrise", "Maple", "Redwood",
              "Blue Ridge", "Coastal", "Heartland", "Mesa", "Meridian", "Evergreen"]  # fmt: skip
ORG_WORDS = {
    "hospital": ["Health System", "Medical Center", "Regional Hospital", "Health"],
    "physician-group": ["Physician Partners", "Medical Group", "Orthopaedic Associates",
                        "Cardiology Group", "Family Medicine"],
    "coding-vendor": ["Coding Services", "Coding Solutions", "HIM Partners", "Revenue Cycle"],
    "payer": ["Health Plan", "Care Plan", "Insurance"],
    "asc": ["Surgery Center", "Surgical Partners"],
    "other": ["Health Analytics", "Billing Services"],
}  # fmt: skip
# City-centre ZIP codes of large metros: most jobs are where the hospitals are.
METRO_ZIPS = [
    "10001", "10016", "11201", "90012", "90024", "60601", "60611", "77002", "77030", "85004",
    "19103", "78205", "92101", "75201", "95113", "78701", "32202", "76102", "43215", "28202",
    "94103", "46204", "98104", "80202", "20001", "02115", "37203", "48226", "73102", "97205",
    "89101", "38103", "40202", "21201", "53202", "87102", "85701", "93721", "95814", "64106",
    "30303", "33130", "33602", "55401", "63101", "15222", "45202", "44113", "27601", "84111",
    "70112", "68102", "35203", "72201", "29201", "50309", "06103", "23219", "14202", "83702",
]  # fmt: skip


def weighted(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    chosen: list[str] = []
    keys, values = list(weights), list(weights.values())
    while len(chosen) < k:
        pick = rng.choices(keys, values)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


# -- descriptions: Markdown paragraphs rendered once, so a description's HTML is the
# concatenation of its paragraphs' HTML (exactly what render_markdown gives for the whole).

INTROS = [
    "Join a {org} coding team of {n} coders who work {where} and meet weekly with their "
    "educator. You'll code {spec} encounters in Epic with a 3M/Solventum encoder.",
    "We are growing our {spec} coding team and looking for a {cred} who takes pride in clean "
    "claims. Most of our coders work {where}; new hires train for two weeks with a mentor.",
    "Our {org} codes for {n} providers across the region. This role codes {spec} charts, "
    "from clinic visits to procedures, and works claim edits with the billing team.",
    "Code {spec} records for a {org} that hires coders for the long run: our average coder "
    "has been with us six years, and half of our leads started as apprentices.",
]
DUTIES = [
    "**What you'll do**\n\n- Assign CPT, ICD-10-CM and HCPCS codes from the documentation\n"
    "- Apply modifiers (25, 59, RT, LT) correctly\n- Query providers when documentation is "
    "unclear\n- Meet 95% accuracy and the productivity standard",
    "**Responsibilities**\n\n- Abstract operative notes and assign procedure and diagnosis "
    "codes\n- Resolve NCCI edits and claim denials\n- Keep up with quarterly code updates",
    "**The work**\n\n- Review charts for {spec} and assign ICD-10-CM codes to the highest "
    "specificity\n- Capture HCC conditions supported by MEAT criteria\n- Join monthly "
    "education on coding guidelines",
    "**Day to day**\n\n- Code E/M levels from the 2021 office visit guidelines\n- Abstract "
    "data for the registry\n- Work the DNFB list with the HIM team",
]
CODE_MENTIONS = [
    "Experience with {a} and {b} is a plus.",
    "You will see a lot of {a}, {b} and related codes.",
    "Typical codes: {a}, {b}.",
]
REQUIREMENTS = [
    "**You bring** an active {cred} credential and {years} of {spec} coding experience. "
    "Epic and EncoderPro experience is a plus.",
    "**Requirements**: {cred} (AAPC or AHIMA), {years} of experience, and a quiet, HIPAA "
    "compliant place to work if remote. CEUs are paid.",
    "**Qualifications**: a current {cred}; {years} of experience in a {setting} setting; "
    "strong anatomy and medical terminology.",
]
BENEFITS = [
    "We offer medical, dental and vision from day one, a 401(k) match, paid CEUs and your "
    "AAPC or AHIMA dues.",
    "Benefits include 20 days of paid time off, tuition support for the CCS exam and a home "
    "office stipend for remote coders.",
    "Full benefits, a productivity bonus paid quarterly and two paid coding conferences a year.",
]


def paragraph(rng: random.Random, templates: list[str], **values) -> str:
    return rng.choice(templates).format(**values)


class Markdown:
    """Markdown to HTML with a cache per paragraph: paragraphs are separated by a blank line,
    so the HTML of the whole is the HTML of each, in order."""

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, paragraphs: list[str]) -> tuple[str, str]:
        parts = []
        for text in paragraphs:
            html = self.cache.get(text)
            if html is None:
                html = self.cache[text] = render_markdown(text)
            parts.append(html)
        return "\n\n".join(paragraphs), "".join(parts)


# -- places --------------------------------------------------------------------------------


def load_places(rng: random.Random) -> tuple[list[dict], list[dict]]:
    import zipcodes

    everything = [
        z
        for z in zipcodes.list_all()
        if z["zip_code_type"] == "STANDARD"
        and z["lat"]
        and z["long"]
        and z["state"] in vocabulary.US_STATES
    ]
    by_zip = {z["zip_code"]: z for z in everything}
    metros = [by_zip[z] for z in METRO_ZIPS if z in by_zip]
    return metros, everything


def place_row(z: dict) -> dict:
    return {
        "zip_code": z["zip_code"],
        "city": z["city"].title(),
        "state": z["state"],
        "latitude": float(z["lat"]),
        "longitude": float(z["long"]),
    }


# -- rows ----------------------------------------------------------------------------------


def make_companies(rng: random.Random, count: int, start: int, password_hash: str, now):
    users, companies = [], []
    org_types = list(ORG_WORDS)
    for i in range(start, start + count):
        org_type = rng.choices(org_types, [35, 30, 20, 8, 5, 2])[0]
        name = f"{rng.choice(TOWN_WORDS)} {rng.choice(ORG_WORDS[org_type])} {i}"
        users.append(
            {
                "email": f"bench-{i}@{BENCH_DOMAIN}",
                "name": f"Hiring Manager {i}",
                "password_hash": password_hash,
                "role": Role.EMPLOYER,
                "created_at": now,
                "email_verified_at": now,
            }
        )
        companies.append(
            {
                "email": f"bench-{i}@{BENCH_DOMAIN}",
                "name": name,
                "slug": slugify(name),
                "website": f"https://{slugify(name)}.example",
                "about_md": f"{name} is a {vocabulary.ORG_TYPES[org_type].lower()}.",
                "about_html": f"<p>{name} is a {vocabulary.ORG_TYPES[org_type].lower()}.</p>\n",
                "hq_city": "Houston",
                "hq_state": "TX",
                "org_type": org_type,
                "size": rng.choice(list(vocabulary.COMPANY_SIZES)),
                "verified_at": now,
                "created_at": now,
                "updated_at": now,
            }
        )
    return users, companies


def make_posting(rng, company_id, company_org, metros, everything, markdown, now) -> dict:
    # Where.
    place = place_row(rng.choice(metros) if rng.random() < 0.6 else rng.choice(everything))
    arrangement = rng.choices(["on-site", "hybrid", "remote"], [40, 25, 35])[0]
    remote_states: list[str] = []
    if arrangement == "remote" and rng.random() < 0.4:
        remote_states = sorted(rng.sample(sorted(vocabulary.US_STATES), rng.randint(1, 6)))

    # What.
    specialties = rng.sample(list(SPECIALTY_TITLES), rng.choices([1, 2, 3], [55, 35, 10])[0])
    settings = rng.sample(list(vocabulary.SETTINGS), rng.choices([1, 2], [70, 30])[0])
    credentials = weighted(rng, CREDENTIAL_WEIGHTS, rng.choices([1, 2, 3], [50, 40, 10])[0])
    apprentice = "cpc-a" in credentials or rng.random() < 0.05
    if apprentice and "cpc-a" not in credentials:
        credentials.append("cpc-a")
    preferred = [
        c for c in weighted(rng, CREDENTIAL_WEIGHTS, rng.randint(0, 2)) if c not in credentials
    ]
    code_sets = rng.sample(["cpt", "icd-10-cm", "hcpcs", "modifiers", "icd-10-pcs"],
                           rng.randint(1, 3))  # fmt: skip
    pool = KEY_CODES.get(specialties[0], ALL_KEY_CODES)
    key_codes = rng.sample(
        pool, min(len(pool), rng.choices([0, 1, 2, 3, 5], [20, 20, 25, 20, 15])[0])
    )
    years = rng.choices([0, 1, 2, 3, 5], [10, 25, 30, 25, 10])[0]

    # Title.
    cred_label = vocabulary.CREDENTIALS[credentials[0]].label
    spec_title = rng.choice(SPECIALTY_TITLES[specialties[0]])
    shape = rng.random()
    if shape < 0.45:
        title = f"{rng.choice(SENIORITY)}{spec_title} {rng.choice(ROLES)}{rng.choice(LEVELS)}"
    elif shape < 0.65:
        title = f"{spec_title} {rng.choice(ROLES)} ({cred_label})"
    elif shape < 0.8:
        prefix = "Remote " if arrangement == "remote" else ""
        title = f"{prefix}{cred_label} {rng.choice(ROLES)}"
    else:
        title = rng.choice(OTHER_TITLES)
    if arrangement == "remote" and rng.random() < 0.3 and "Remote" not in title:
        title += " - Remote"

    # Description.
    values = {
        "org": vocabulary.ORG_TYPES[company_org].lower(),
        "n": rng.choice([6, 12, 25, 40, 80, 120]),
        "where": "remotely" if arrangement == "remote" else "on site, with hybrid options",
        "spec": vocabulary.SPECIALTIES[specialties[0]],
        "cred": cred_label,
        "years": f"{years} years" if years != 1 else "one year",
        "setting": vocabulary.SETTINGS[settings[0]].lower(),
    }
    paragraphs = [paragraph(rng, INTROS, **values), paragraph(rng, DUTIES, **values)]
    if len(key_codes) >= 2:
        paragraphs.append(paragraph(rng, CODE_MENTIONS, a=key_codes[0], b=key_codes[1]))
    paragraphs.append(paragraph(rng, REQUIREMENTS, **values))
    if rng.random() < 0.7:
        paragraphs.append(paragraph(rng, BENEFITS))
    description_md, description_html = markdown(paragraphs)

    # Pay.
    unit = rng.choices(["hour", "year", "chart"], [65, 30, 5])[0]
    if unit == "hour":
        low = Decimal(rng.randint(1800, 3600)) / 100
        high = low + Decimal(rng.randint(200, 1200)) / 100
    elif unit == "year":
        low = Decimal(rng.randrange(40_000, 90_000, 1000))
        high = low + Decimal(rng.randrange(0, 30_000, 1000))
    else:
        low = Decimal(rng.randint(150, 400)) / 100
        high = low + Decimal(rng.randint(0, 200)) / 100

    # When: published within its run, more of them recently.
    duration = rng.choices([30, 60, 90], [70, 20, 10])[0]
    age = timedelta(seconds=int(min(rng.expovariate(1 / 12), duration - 1) * 86400))
    published_at = now - age
    external = rng.random() < 0.2
    return {
        "company_id": company_id,
        "status": "published",
        "title": title[:120],
        "slug": slugify(title, max_length=80, word_boundary=True) or "job",
        "description_md": description_md,
        "description_html": description_html,
        **place,
        "arrangement": arrangement,
        "remote_states": remote_states,
        "employment_type": rng.choices(list(vocabulary.EMPLOYMENT_TYPES), [70, 10, 12, 4, 4])[0],
        "pay_min": low,
        "pay_max": high,
        "pay_unit": unit,
        "credentials_required": credentials,
        "credentials_preferred": preferred,
        "apprentice_friendly": apprentice,
        "specialties": specialties,
        "settings": settings,
        "code_sets": code_sets,
        "years_experience": years,
        "key_codes": key_codes,
        "apply_method": "external" if external else "on-site",
        "apply_url": f"https://careers.example/jobs/{rng.randint(1, 10**9)}" if external else None,
        "duration_days": duration,
        "created_at": published_at - timedelta(days=1),
        "updated_at": published_at,
        "submitted_at": published_at - timedelta(hours=6),
        "published_at": published_at,
        "expires_at": published_at + timedelta(days=duration),
        "view_count": 0,
        "apply_click_count": 0,
    }


# -- writing ---------------------------------------------------------------------------------


def column_defaults(table: sa.Table, given: set[str]) -> dict:
    """Values for the columns a row leaves out that have a Python-side default (COPY does
    not run SQLAlchemy's defaults)."""
    values = {}
    for column in table.columns:
        if column.name in given or column.primary_key or column.default is None:
            continue
        default = column.default
        if default.is_scalar:
            values[column.name] = default.arg
        elif default.is_callable:
            values[column.name] = default.arg(None)
    return values


def copy_rows(connection, table: sa.Table, rows: list[dict]) -> None:
    """PostgreSQL COPY of dict rows (JSON columns wrapped, enums as their values)."""
    from psycopg.types.json import Json

    if not rows:
        return
    extra = column_defaults(table, set(rows[0]))
    names = [*rows[0], *extra]
    json_columns = {c.name for c in table.columns if isinstance(c.type, sa.JSON)}
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        columns = ", ".join(names)
        with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:  # noqa: S608
            for row in rows:
                full = {**row, **extra}
                copy.write_row(
                    [
                        Json(full[name])
                        if name in json_columns
                        else getattr(full[name], "value", full[name])
                        for name in names
                    ]
                )


def insert_rows(connection, table: sa.Table, rows: list[dict]) -> None:
    if connection.dialect.name == "postgresql":
        copy_rows(connection, table, rows)
    elif rows:
        connection.execute(sa.insert(table), rows)


def delete_bench_data(connection) -> None:
    owners = sa.select(User.id).where(User.email.like(f"%@{BENCH_DOMAIN}"))
    companies = sa.select(Company.id).where(Company.owner_id.in_(owners))
    postings = sa.select(Posting.id).where(Posting.company_id.in_(companies))
    from careercenter.search.schema import posting_search

    connection.execute(sa.delete(posting_search).where(posting_search.c.posting_id.in_(postings)))
    connection.execute(sa.delete(Posting).where(Posting.company_id.in_(companies)))
    connection.execute(sa.delete(Company).where(Company.owner_id.in_(owners)))
    connection.execute(sa.delete(User).where(User.email.like(f"%@{BENCH_DOMAIN}")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="postings to add")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--replace", action="store_true", help="delete earlier generated employers and postings"
    )
    args = parser.parse_args()

    app = create_app()
    rng = random.Random(args.seed)  # noqa: S311 (test data)
    now = datetime.now(UTC)
    timings: dict[str, float] = {}
    with app.app_context():
        engine = db.engine
        print(f"database: {engine.url.render_as_string(hide_password=True)}")
        started = time.perf_counter()
        with engine.begin() as connection:
            if args.replace:
                delete_bench_data(connection)
            elif connection.scalar(
                sa.select(sa.func.count()).where(User.email.like(f"%@{BENCH_DOMAIN}"))
            ):
                sys.exit("generated postings already present: use --replace")
        timings["delete"] = time.perf_counter() - started

        # Employers: one account and one company per POSTINGS_PER_COMPANY postings.
        started = time.perf_counter()
        n_companies = max(20, args.count // POSTINGS_PER_COMPANY)
        password_hash = generate_password_hash(os.urandom(16).hex())
        users, companies = make_companies(rng, n_companies, 1, password_hash, now)
        with engine.begin() as connection:
            insert_rows(connection, User.__table__, users)
            owner_ids = dict(
                connection.execute(
                    sa.select(User.email, User.id).where(User.email.like(f"%@{BENCH_DOMAIN}"))
                ).all()
            )
            for company in companies:
                company["owner_id"] = owner_ids[company.pop("email")]
            insert_rows(connection, Company.__table__, companies)
            company_rows = connection.execute(
                sa.select(Company.id, Company.org_type).where(
                    Company.owner_id.in_(list(owner_ids.values()))
                )
            ).all()
        timings["employers"] = time.perf_counter() - started

        # Postings, in batches, each in its own transaction.
        started = time.perf_counter()
        metros, everything = load_places(rng)
        markdown = Markdown()
        made = 0
        while made < args.count:
            size = min(BATCH, args.count - made)
            rows = []
            for _ in range(size):
                company_id, org_type = rng.choice(company_rows)
                rows.append(
                    make_posting(rng, company_id, org_type, metros, everything, markdown, now)
                )
            with engine.begin() as connection:
                insert_rows(connection, Posting.__table__, rows)
            made += size
            rate = made / (time.perf_counter() - started)
            print(f"  postings: {made:,} ({rate:,.0f}/s)", end="\r", flush=True)
        print()
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(sa.text("ANALYZE users, companies, postings"))
        timings["postings"] = time.perf_counter() - started

        # The search index, by the engine's own rebuild.
        started = time.perf_counter()
        indexed = search.rebuild_index()
        timings["index"] = time.perf_counter() - started
        if engine.dialect.name == "sqlite":
            with engine.begin() as connection:
                connection.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))

    print(f"generated {args.count:,} postings for {n_companies:,} companies; indexed {indexed:,}")
    print("seconds: " + ", ".join(f"{name} {value:.1f}" for name, value in timings.items()))


if __name__ == "__main__":
    main()
