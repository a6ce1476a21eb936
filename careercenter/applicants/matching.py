"""How a coder's profile matches a posting, with the reasons spelled out."""

from __future__ import annotations

from dataclasses import dataclass

from careercenter import geo
from careercenter.formatting import plural
from careercenter.models import ApplicantProfile, Posting
from careercenter.vocabulary import CODE_SETS, CREDENTIALS, SETTINGS, SPECIALTIES, US_STATES, label

COMMUTE_MILES = 50


@dataclass(frozen=True)
class Criterion:
    name: str
    met: bool
    reason: str


def _labels(vocabulary, slugs) -> str:
    return ", ".join(label(vocabulary, s) for s in slugs)


def match(profile: ApplicantProfile, posting: Posting) -> list[Criterion]:
    results = []
    held = profile.credential_slugs
    if posting.credentials_required:
        accepted = set(posting.credentials_required)
        common = held & accepted
        if common:
            results.append(
                Criterion(
                    "Credentials",
                    True,
                    f"You hold {_labels(CREDENTIALS, sorted(common))}, which this job accepts.",
                )
            )
        else:
            results.append(
                Criterion(
                    "Credentials",
                    False,
                    f"The job asks for one of {_labels(CREDENTIALS, posting.credentials_required)}; your profile lists none of them (or they have expired).",
                )
            )
    else:
        results.append(Criterion("Credentials", True, "No credential is required."))

    for name, wanted, have, vocabulary in (
        ("Specialties", posting.specialties, profile.specialties, SPECIALTIES),
        ("Settings", posting.settings, profile.settings, SETTINGS),
        ("Code sets", posting.code_sets, profile.code_sets, CODE_SETS),
    ):
        if not wanted:
            continue
        missing = [s for s in wanted if s not in (have or [])]
        if not missing:
            results.append(
                Criterion(name, True, f"You have all of them: {_labels(vocabulary, wanted)}.")
            )
        else:
            results.append(
                Criterion(name, False, f"Not in your profile: {_labels(vocabulary, missing)}.")
            )

    if posting.years_experience:
        enough = profile.years_experience >= posting.years_experience
        results.append(
            Criterion(
                "Experience",
                enough,
                f"The job asks for {plural(posting.years_experience, 'year')}; "
                f"you have {profile.years_experience}.",
            )
        )

    if posting.arrangement == "remote":
        states = posting.remote_states
        if not states or profile.state in states:
            results.append(
                Criterion(
                    "Location",
                    True,
                    f"Remote, and open to residents of {US_STATES.get(profile.state, profile.state)}.",
                )
            )
        else:
            results.append(
                Criterion(
                    "Location",
                    False,
                    f"Remote only for residents of {', '.join(states)}; your profile is in {profile.state}.",
                )
            )
    else:
        miles = geo.distance_miles(
            (profile.latitude, profile.longitude), (posting.latitude, posting.longitude)
        )
        near = miles <= COMMUTE_MILES
        results.append(
            Criterion(
                "Location",
                near,
                f"{posting.city}, {posting.state} is about {miles:.0f} miles from your ZIP code {profile.zip_code}.",
            )
        )
    return results
