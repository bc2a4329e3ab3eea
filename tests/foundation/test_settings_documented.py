"""Every variable the settings read from the environment is documented where an operator
looks: the README's Configuration tables and `.env.example`."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by_the_settings() -> set[str]:
    names = set()
    for module in (ROOT / "hmc_portal" / "settings").glob("*.py"):
        names |= set(READ.findall(module.read_text()))
    return names


def test_the_settings_read_variables():
    # The pattern finds what it looks for (a test of the test: an empty set passes below).
    assert {
        "SECRET_KEY",
        "DATABASE_URL",
        "PROGRAM_OFFICE_EMAIL",
    } <= variables_read_by_the_settings()


def test_every_variable_is_in_the_readme_and_the_env_example():
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    missing = {
        name: [
            where
            for where, text in (("README.md", readme), (".env.example", example))
            if not re.search(rf"\b{name}\b", text)
        ]
        for name in variables_read_by_the_settings()
    }
    assert {name: where for name, where in missing.items() if where} == {}
