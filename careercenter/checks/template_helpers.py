"""What other pages show of a check (the job page, the apply page, the employer's
pipeline, the dashboards): functions their templates call, registered by the app factory."""

from __future__ import annotations

from careercenter.checks import services
from careercenter.models import Application, CheckAttempt


def attempt_of(application: Application) -> CheckAttempt | None:
    link = services.link_of(application)
    if link is None:
        return None
    services.settle(link.attempt, application.id)
    return link.attempt


def template_helpers() -> dict:
    return {
        "check_for_posting": services.check_for_posting,
        "check_attempt_of": attempt_of,
        "check_result_label": services.result_label,
        "check_events_of": services.events_of,
    }
