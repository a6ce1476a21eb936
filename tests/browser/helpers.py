"""What a person does in the browser, in a few words: log in, register, check a page with axe."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def _missing() -> str | None:
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium chromium-driver)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[browser]')"
    return None


# Every test module here imports this one first: without a browser they fail to collect,
# saying what to install (the README's test command installs both).
if (_reason := _missing()) is not None:
    raise RuntimeError(f"the browser tests cannot run: {_reason}")

from playwright.sync_api import Page, expect  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


class Screenshots:
    """Numbered screenshots of one journey: test-artifacts/screenshots/<journey>/NN-step.png."""

    def __init__(self, journey: str):
        self.folder = ARTIFACTS / journey
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, page: Page, step: str) -> None:
        self.count += 1
        page.screenshot(path=self.folder / f"{self.count:02d}-{step}.png", full_page=True)


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome back")).to_be_visible()


def register(page: Page, *, hiring: bool, name: str, email: str, password: str, shot) -> None:
    """Register from the home page, answering whether the person is hiring."""
    page.goto("/")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", name="Create your CareerCenter account")).to_be_visible()
    page.get_by_label(
        "I'm hiring medical coders" if hiring else "I'm looking for medical coding work"
    ).check()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    shot(page, "register")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(email)).to_be_visible()
    shot(page, "check-your-inbox")


def confirm_email(page: Page, outbox, email: str, shot) -> None:
    """Follow the link of the confirmation mail, as the person would from their inbox."""
    page.goto(outbox.link(outbox.last_to(email), "/verify/"))
    expect(page.get_by_text("Your email is confirmed")).to_be_visible()
    shot(page, "email-confirmed")


def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is.

    Evaluated through the DevTools protocol, so the site's CSP (no inline scripts) stays on."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [
                    {"target": n["target"], "summary": n.get("failureSummary", "")}
                    for n in v["nodes"][:5]
                ],
            }
            for v in violations
        ],
        indent=2,
    )


def minimal_pdf(text: str = "Resume") -> bytes:
    """A small, well-formed one-page PDF (a real xref table, so any reader opens it)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
