"""Helpers shared by the browser tests."""

import hashlib
import re

OFFICER_USERNAME = "anna.handlaggare"
OFFICER_PASSWORD = "korrekt-hast-batteri-9"

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page, username: str = OFFICER_USERNAME, password: str = OFFICER_PASSWORD) -> None:
    """Fill in and send the login form on the current page. The labels are translated, so the
    fields are found by their ids and the button as the login form's only submit button."""
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form").filter(has=page.locator("#id_password")).locator(
        "button[type=submit]"
    ).click()


def squeeze(text: str) -> str:
    """Whitespace collapsed to single spaces, so wrapped lines read as one."""
    return " ".join(text.split())


def main_text(page) -> str:
    return squeeze(page.locator("main").inner_text())


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_re(path: str) -> re.Pattern:
    """A URL pattern matching exactly this path on any host, with or without a query."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def axe_report(violations: list[dict]) -> str:
    """One block per violated rule: id, impact, help, help URL and each offending node."""
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {squeeze(node.get('html', ''))[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {line}" for line in summary.splitlines())
    return "\n".join(lines)
