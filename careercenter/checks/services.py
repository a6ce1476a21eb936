"""Skill checks as the application performs them: the employer's checks and cases, the
check a posting asks for, and a coder's timed attempt (start, save, submit, time out).

Timing is the server's: the clock starts when the coder starts (the first case is shown
then), the deadline is kept in the database, and every read settles an attempt whose time
is up, scoring what was saved. Finishing is a conditional UPDATE ... WHERE status = 'open',
so two tabs submitting at once finish it once; a save first touches the attempt row with
the same condition, so it waits for a submit in progress and is then refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from careercenter.checks import scoring
from careercenter.checks.scoring import Code, Fact
from careercenter.checks.starter import STARTER_CASES, STARTER_NAME
from careercenter.codeformat import compact
from careercenter.codes.lookup import is_complete
from careercenter.extensions import db
from careercenter.models import (
    Application,
    ApplicationCheck,
    AttemptStatus,
    CheckAnswer,
    CheckAttempt,
    CheckCase,
    CheckEvent,
    CheckEventKind,
    CodeSystem,
    Company,
    MedicalCode,
    Posting,
    PostingCheck,
    SkillCheck,
    User,
    utcnow,
)
from careercenter.models.check import MAX_CASES

# A save or submit sent in the last seconds of the limit may arrive a little after it.
GRACE_SECONDS = 10
MAX_ANSWER_CHARS = 600


class CheckRefused(Exception):
    """Why this cannot be done, in words for the user."""


# -- the code data ----------------------------------------------------------------------------


def facts_for(typed: Iterable[scoring.Typed | Code]) -> dict[tuple[str, str], Fact]:
    """What the code data says of every shape these codes may have (and their modifiers),
    in one query: exists (None where the code set is only a sample), billable, title."""
    wanted: set[tuple[str, str]] = set()
    for item in typed:
        options = item.options if isinstance(item, scoring.Typed) else (item,)
        wanted.update((o.system, o.code) for o in options)
        wanted.update((scoring.MODIFIER, m) for m in getattr(item, "modifiers", ()))
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(
            MedicalCode.system,
            MedicalCode.code,
            MedicalCode.billable,
            MedicalCode.official_description,
            MedicalCode.plain_description,
        ).where(MedicalCode.compact.in_({compact(code) for _, code in wanted}))
    ).all()
    found = {
        (system.value, code): Fact(True, bool(billable), official or plain or "")
        for system, code, billable, official, plain in rows
    }
    complete = {system.value: is_complete(system) for system in CodeSystem}
    facts = {}
    for key in wanted:
        if key in found:
            facts[key] = found[key]
        else:
            facts[key] = Fact(False if complete.get(key[0]) else None)
    # Procedures and modifiers are billable when they exist.
    return {
        key: Fact(f.exists, f.billable or (bool(f.exists) and key[0] != scoring.CM), f.title)
        for key, f in facts.items()
    }


@dataclass
class ReadCode:
    """A code as typed, as the code data reads it, for the coder's and employer's pages."""

    typed: str
    code: Code | None
    fact: Fact | None
    note: str  # its description, or why it is not a code

    @property
    def ok(self) -> bool:
        return bool(self.fact and self.fact.exists and self.fact.billable)


def read_codes(text: str) -> list[ReadCode]:
    """Each code typed in a box with its description or what is wrong with it."""
    typed = scoring.parse_answer(text)
    facts = facts_for(typed)
    read = []
    for item in typed:
        code = scoring.resolve(item, facts)
        if code is None:
            read.append(ReadCode(item.raw, None, None, "Not a code: check what you typed."))
            continue
        fact = facts.get((code.system, code.code), Fact(False))
        label = scoring.LABELS[code.system]
        if fact.exists is None:
            note = f"Not in our {label} data (we hold a sample, so it may still be valid)."
        elif not fact.exists:
            note = f"Not a valid {label} code."
        elif not fact.billable:
            note = f"{fact.title}: a heading, not a billable code."
        else:
            note = fact.title
        for modifier in code.modifiers:
            mod = facts.get((scoring.MODIFIER, modifier), Fact(False))
            if mod.exists is False:
                note += f" {modifier} is not a modifier."
            elif mod.title:
                note += f" Modifier {modifier}: {mod.title}"
        read.append(ReadCode(str(code), code, fact, note))
    return read


def expected_codes(diagnoses: str, procedures: str) -> tuple[list[Code], list[str], list[str]]:
    """The answer key of a case from the employer's two boxes: (codes, errors, warnings).
    Every code must exist and be billable; diagnoses must be ICD-10-CM, procedures CPT,
    HCPCS or ICD-10-PCS (with modifiers); a code of a set we hold only a sample of cannot
    be checked and is accepted with a warning."""
    codes: list[Code] = []
    errors: list[str] = []
    warnings: list[str] = []
    for text, allowed, what in (
        (diagnoses, {scoring.CM}, "diagnosis"),
        (procedures, {scoring.CPT, scoring.HCPCS, scoring.PCS}, "procedure"),
    ):
        typed = scoring.parse_answer(text)
        facts = facts_for(typed)
        for item in typed:
            options = [o for o in item.options if o.system in allowed]
            code = scoring.resolve(scoring.Typed(item.raw, tuple(options), item.modifiers), facts)
            if code is None:
                kinds = (
                    "an ICD-10-CM code"
                    if what == "diagnosis"
                    else "a CPT, HCPCS or ICD-10-PCS code"
                )
                errors.append(f"“{item.raw}” is not {kinds}.")
                continue
            fact = facts.get((code.system, code.code), Fact(False))
            label = scoring.LABELS[code.system]
            if fact.exists is False:
                errors.append(f"{code.code} is not a valid {label} code.")
                continue
            if fact.exists and not fact.billable:
                errors.append(
                    f"{code.code} is a heading, not a billable {label} code: name the "
                    "specific code under it."
                )
                continue
            if fact.exists is None:
                warnings.append(
                    f"{code.code} is not in our {label} data (we hold a sample), so we could "
                    "not check it."
                )
            for modifier in code.modifiers:
                mod = facts.get((scoring.MODIFIER, modifier), Fact(False))
                if mod.exists is False or not scoring.MODIFIER_RE.match(modifier):
                    errors.append(f"{modifier} (after {code.code}) is not a modifier.")
                elif mod.exists is None:
                    warnings.append(
                        f"Modifier {modifier} is not in our modifier data (we hold a sample), "
                        "so we could not check it."
                    )
            if code in codes:
                errors.append(f"{code} is listed twice.")
                continue
            codes.append(code)
    if not codes and not errors:
        errors.append("Give at least one expected code.")
    return codes, errors, warnings


# -- the employer's checks ----------------------------------------------------------------------


def checks_of(company: Company, *, include_archived: bool = True) -> list[SkillCheck]:
    query = (
        sa.select(SkillCheck)
        .where(SkillCheck.company_id == company.id)
        .options(selectinload(SkillCheck.cases))
        .order_by(SkillCheck.archived_at.is_not(None), SkillCheck.name, SkillCheck.id)
    )
    if not include_archived:
        query = query.where(SkillCheck.archived_at.is_(None))
    return db.session.scalars(query).all()


def check_of_employer(user: User, check_id: int) -> SkillCheck | None:
    """The check if it belongs to this employer's company, else None (the caller 404s)."""
    return db.session.scalar(
        sa.select(SkillCheck)
        .join(Company, Company.id == SkillCheck.company_id)
        .where(SkillCheck.id == check_id, Company.owner_id == user.id)
    )


SETTINGS = (
    "name", "instructions", "time_limit_minutes", "pass_mark", "sequence_matters",
    "show_score", "one_at_a_time", "allow_reuse", "credit_specificity", "credit_seventh",
    "credit_modifier", "sequence_loss", "penalty_wrong_extra", "penalty_redundant_extra",
)  # fmt: skip


def save_check(company: Company, values: dict, check: SkillCheck | None = None) -> SkillCheck:
    check = check or SkillCheck(company_id=company.id)
    for name in SETTINGS:
        setattr(check, name, values[name])
    db.session.add(check)
    db.session.commit()
    return check


def save_case(
    check: SkillCheck, title: str, scenario: str, codes: list[Code], case: CheckCase | None = None
) -> CheckCase:
    if case is None:
        if len(check.cases) >= MAX_CASES:
            raise CheckRefused(f"A check has at most {MAX_CASES} cases.")
        case = CheckCase(position=max((c.position for c in check.cases), default=0) + 1)
        check.cases.append(case)
    case.title, case.scenario = title, scenario
    case.expected = [c.as_dict() for c in codes]
    check.updated_at = utcnow()
    db.session.commit()
    return case


def delete_case(check: SkillCheck, case: CheckCase) -> None:
    check.cases.remove(case)
    check.updated_at = utcnow()
    db.session.commit()


def set_archived(check: SkillCheck, archived: bool) -> None:
    check.archived_at = utcnow() if archived else None
    db.session.commit()


def copy_starter(company: Company) -> SkillCheck:
    """A new check of the company made of the starter library's cases."""
    check = SkillCheck(
        company_id=company.id,
        name=STARTER_NAME,
        instructions="Code each case as you would for the claim: diagnoses first, the "
        "first-listed one first, then procedures with their modifiers.",
        time_limit_minutes=20,
    )
    for position, case in enumerate(STARTER_CASES, start=1):
        check.cases.append(
            CheckCase(
                position=position,
                title=case["title"],
                scenario=case["scenario"],
                expected=[c.as_dict() for c in case["expected"]],
            )
        )
    db.session.add(check)
    db.session.commit()
    return check


# -- postings -----------------------------------------------------------------------------------


def check_for_posting(posting: Posting) -> SkillCheck | None:
    link = db.session.get(PostingCheck, posting.id)
    return link.check if link else None


def set_posting_check(posting: Posting, check_id: int | None) -> None:
    """Attach one of the company's checks to the posting, or none. The caller commits."""
    link = db.session.get(PostingCheck, posting.id)
    if not check_id:
        if link is not None:
            db.session.delete(link)
        return
    check = db.session.get(SkillCheck, check_id)
    if check is None or check.company_id != posting.company_id:
        raise CheckRefused("Choose one of your company's checks.")
    if link is None:
        db.session.add(PostingCheck(posting_id=posting.id, check_id=check.id))
    else:
        link.check_id = check.id


def check_choices(company: Company | None, current: int | None = None) -> list[tuple[str, str]]:
    choices = [("", "No coding check")]
    if company is None:
        return choices
    for check in checks_of(company):
        if check.archived_at is None or check.id == current:
            count = len(check.cases)
            choices.append(
                (str(check.id), f"{check.name} ({count} case{'s' if count != 1 else ''})")
            )
    return choices


# -- attempts -----------------------------------------------------------------------------------


def _snapshot(check: SkillCheck) -> dict:
    return {
        "name": check.name,
        "instructions": check.instructions,
        "time_limit_minutes": check.time_limit_minutes,
        "pass_mark": check.pass_mark,
        "show_score": check.show_score,
        "one_at_a_time": check.one_at_a_time,
        "rules": check.rules(),
        "cases": [
            {"title": c.title, "scenario": c.scenario, "expected": list(c.expected)}
            for c in check.cases
        ],
    }


def _event(attempt: CheckAttempt, kind: CheckEventKind, application_id: int | None, detail=""):
    db.session.add(
        CheckEvent(attempt_id=attempt.id, application_id=application_id, kind=kind, detail=detail)
    )


def link_of(application: Application) -> ApplicationCheck | None:
    return db.session.get(ApplicationCheck, application.id)


def attempt_for(application: Application, check: SkillCheck) -> CheckAttempt:
    """The application's attempt, made now if it has none: an earlier attempt of the coder
    at the same check when the check allows reuse, else a new one."""
    link = link_of(application)
    if link is not None:
        return link.attempt
    previous = None
    if check.allow_reuse:
        previous = db.session.scalar(
            sa.select(CheckAttempt)
            .where(
                CheckAttempt.check_id == check.id,
                CheckAttempt.applicant_id == application.applicant_id,
            )
            .order_by(CheckAttempt.id.desc())
            .limit(1)
        )
    attempt = previous or CheckAttempt(
        check_id=check.id, applicant_id=application.applicant_id, snapshot=_snapshot(check)
    )
    if previous is None:
        db.session.add(attempt)
        db.session.flush()
        for position in range(len(attempt.snapshot["cases"])):
            db.session.add(CheckAnswer(attempt_id=attempt.id, position=position, given=""))
    db.session.add(
        ApplicationCheck(
            application_id=application.id, attempt_id=attempt.id, reused=previous is not None
        )
    )
    if previous is not None:
        _event(attempt, CheckEventKind.REUSED, application.id, f"for {application.posting.title}")
    db.session.commit()
    return attempt


def start(attempt: CheckAttempt, application_id: int) -> None:
    """Start the clock, once: a second start (another tab, a reload) changes nothing."""
    now = utcnow()
    limit = attempt.snapshot.get("time_limit_minutes")
    started = db.session.execute(
        sa.update(CheckAttempt)
        .where(
            CheckAttempt.id == attempt.id,
            CheckAttempt.started_at.is_(None),
            CheckAttempt.status == AttemptStatus.OPEN,
        )
        .values(started_at=now, deadline_at=now + timedelta(minutes=limit) if limit else None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if started:
        _event(attempt, CheckEventKind.STARTED, application_id)
    db.session.commit()
    db.session.refresh(attempt)


def is_overdue(attempt: CheckAttempt, now: datetime | None = None) -> bool:
    return (
        attempt.status is AttemptStatus.OPEN
        and attempt.deadline_at is not None
        and (now or utcnow()) > attempt.deadline_at + timedelta(seconds=GRACE_SECONDS)
    )


def settle(attempt: CheckAttempt | None, application_id: int | None = None) -> None:
    """Finish an attempt whose time is up, scored on what was saved (any reader may)."""
    if attempt is not None and is_overdue(attempt):
        finish(attempt, application_id, timed_out=True)


def save_answers(attempt: CheckAttempt, answers: dict[int, str], application_id: int) -> None:
    """Save what the coder typed for some cases. Refused once the attempt is finished or
    its time is up (it is then settled)."""
    now = utcnow()
    live = sa.and_(
        CheckAttempt.id == attempt.id,
        CheckAttempt.status == AttemptStatus.OPEN,
        CheckAttempt.started_at.is_not(None),
        sa.or_(
            CheckAttempt.deadline_at.is_(None),
            CheckAttempt.deadline_at >= now - timedelta(seconds=GRACE_SECONDS),
        ),
    )
    # Takes the attempt's row lock: a submit in progress finishes first, then this is refused.
    touched = db.session.execute(
        sa.update(CheckAttempt)
        .where(live)
        .values(status=CheckAttempt.status)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not touched:
        db.session.rollback()
        db.session.refresh(attempt)
        settle(attempt, application_id)
        raise CheckRefused(_closed_message(attempt))
    count = attempt.case_count
    saved = []
    for position, given in answers.items():
        if 0 <= position < count:
            db.session.execute(
                sa.update(CheckAnswer)
                .where(CheckAnswer.attempt_id == attempt.id, CheckAnswer.position == position)
                .values(given=(given or "")[:MAX_ANSWER_CHARS], saved_at=now)
                .execution_options(synchronize_session=False)
            )
            saved.append(str(position + 1))
    if saved:
        _event(attempt, CheckEventKind.SAVED, application_id, "case " + ", ".join(saved))
    db.session.commit()
    db.session.expire(attempt, ["answers"])


def _closed_message(attempt: CheckAttempt) -> str:
    if attempt.status is AttemptStatus.TIMED_OUT:
        return "Time is up: your check was scored on the answers you had saved."
    if attempt.status is AttemptStatus.SUBMITTED:
        return "This check is already submitted."
    return "Start the check first."


def finish(attempt: CheckAttempt, application_id: int | None, *, timed_out: bool) -> bool:
    """Submit (or time out) and score the attempt, once. Whether this call finished it."""
    now = utcnow()
    status = AttemptStatus.TIMED_OUT if timed_out else AttemptStatus.SUBMITTED
    condition = [CheckAttempt.id == attempt.id, CheckAttempt.status == AttemptStatus.OPEN]
    if not timed_out:
        condition.append(CheckAttempt.started_at.is_not(None))
    finished = db.session.execute(
        sa.update(CheckAttempt)
        .where(*condition)
        .values(status=status, finished_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not finished:
        db.session.rollback()
        db.session.refresh(attempt)
        return False
    db.session.refresh(attempt)
    result = score_attempt(attempt)
    attempt.score, attempt.passed, attempt.sheet = result.percent, result.passed, result.as_dict()
    kind = CheckEventKind.TIMED_OUT if timed_out else CheckEventKind.SUBMITTED
    _event(attempt, kind, application_id, f"score {result.percent:g}%")
    db.session.commit()
    return True


def submit(attempt: CheckAttempt, application_id: int) -> None:
    if is_overdue(attempt):
        settle(attempt, application_id)
        raise CheckRefused(_closed_message(attempt))
    if not finish(attempt, application_id, timed_out=False):
        raise CheckRefused(_closed_message(attempt))


def given_codes(text: str, facts) -> list[Code | str]:
    return [scoring.resolve(t, facts) or t.raw for t in scoring.parse_answer(text)]


def score_attempt(attempt: CheckAttempt) -> scoring.CheckResult:
    snapshot = attempt.snapshot
    answers = {a.position: a.given for a in attempt.answers}
    typed = [t for text in answers.values() for t in scoring.parse_answer(text)]
    expected = [[Code.from_dict(c) for c in case["expected"]] for case in snapshot["cases"]]
    facts = facts_for([*typed, *(c for case in expected for c in case)])
    cases = [(expected[i], given_codes(answers.get(i, ""), facts)) for i in range(len(expected))]
    return scoring.score_check(
        cases, scoring.Rules.from_dict(snapshot["rules"]), facts, snapshot["pass_mark"]
    )


def events_of(attempt: CheckAttempt) -> list[CheckEvent]:
    return db.session.scalars(
        sa.select(CheckEvent).where(CheckEvent.attempt_id == attempt.id).order_by(CheckEvent.id)
    ).all()


def seconds_left(attempt: CheckAttempt) -> int | None:
    if attempt.deadline_at is None:
        return None
    return max(0, int((attempt.deadline_at - utcnow()).total_seconds()))


# -- the pipeline -----------------------------------------------------------------------------


def attempts_for(applications: list[Application]) -> dict[int, CheckAttempt]:
    """The attempt of each application that has one, settled, in one query."""
    if not applications:
        return {}
    rows = db.session.execute(
        sa.select(ApplicationCheck.application_id, CheckAttempt)
        .join(CheckAttempt, CheckAttempt.id == ApplicationCheck.attempt_id)
        .where(ApplicationCheck.application_id.in_([a.id for a in applications]))
    ).all()
    found = {}
    for application_id, attempt in rows:
        settle(attempt, application_id)
        found[application_id] = attempt
    return found


def result_label(attempt: CheckAttempt | None) -> str:
    if attempt is None:
        return "Not started"
    if not attempt.is_finished:
        return "In progress" if attempt.started_at else "Not started"
    return "Passed" if attempt.passed else "Not passed"


def filter_and_sort(
    applications: list[Application], attempts: dict[int, CheckAttempt], result: str, sort: str
) -> list[Application]:
    """The applicants list by check result ("passed", "failed", "pending") and, with
    sort "score", highest score first (those without a score last, newest first)."""

    def outcome(application: Application) -> str:
        attempt = attempts.get(application.id)
        if attempt is None or not attempt.is_finished:
            return "pending"
        return "passed" if attempt.passed else "failed"

    if result:
        applications = [a for a in applications if outcome(a) == result]
    if sort == "score":
        applications = sorted(
            applications,
            key=lambda a: (
                -(attempts[a.id].score or 0)
                if a.id in attempts and attempts[a.id].is_finished
                else 1
            ),
        )
    return applications


def export_for(user: User) -> list[dict]:
    """A coder's attempts for their data export: what they typed and their result (the
    score only where the employer shows it; never the expected codes)."""
    attempts = db.session.scalars(
        sa.select(CheckAttempt)
        .where(CheckAttempt.applicant_id == user.id)
        .options(selectinload(CheckAttempt.answers))
        .order_by(CheckAttempt.id)
    ).all()
    exported = []
    for attempt in attempts:
        settle(attempt)
        shown = attempt.snapshot.get("show_score") and attempt.is_finished
        exported.append(
            {
                "check": attempt.snapshot.get("name"),
                "status": attempt.status.value,
                "started_at": attempt.started_at,
                "finished_at": attempt.finished_at,
                "score": attempt.score if shown else None,
                "passed": attempt.passed if shown else None,
                "answers": [
                    {
                        "case": a.position + 1,
                        "title": attempt.snapshot["cases"][a.position]["title"],
                        "given": a.given,
                        "saved_at": a.saved_at,
                    }
                    for a in attempt.answers
                    if a.position < attempt.case_count
                ],
            }
        )
    return exported
