"""The production profile, as a server starts it: ``manage.py check --deploy`` is clean with the documented
settings (docs/production.env.example), and each unsafe setting stops the start with a clear message.

Each case is its own process (settings are read once per process); they run side by side.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "docs" / "production.env.example"
DEMO_SECRET_KEY = "lingong-demo-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
DEMO_FIELD_KEY = "bGluZ29uZy1kZW1vLWZpZWxkLWtleS0wMDAwMDAwMDA="
CLEAN = "System check identified no issues (0 silenced)."


def documented_env() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


@pytest.fixture(scope="module")
def production_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("production")
    # The deployment's own SMS gateway sender, where the example names it.
    (tmp / "yourcompany").mkdir()
    (tmp / "yourcompany" / "__init__.py").write_text("")
    (tmp / "yourcompany" / "sms.py").write_text(
        "class GatewaySender:\n"
        "    def send(self, *, phone, template, params, channel='sms'):\n"
        "        return 'ref'\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINGONG_", "DEBUG", "PYTEST_"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(documented_env())
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        LINGONG_FIELD_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DATABASE_URL=f"sqlite:///{tmp / 'prod.sqlite3'}",
        LINGONG_VAR_DIR=str(tmp / "var"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(tmp)]),
    )
    return env


def _run(env: dict[str, str], **changes: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(env)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


REFUSED = {
    "log-only SMS sender": {"LINGONG_SMS_SENDER": "lingong.notifications.senders.LogSender"},
    "demo SECRET_KEY": {"SECRET_KEY": DEMO_SECRET_KEY},
    "demo SECRET_KEY or LINGONG_FIELD_KEY": {"LINGONG_FIELD_KEY": DEMO_FIELD_KEY},
    "LINGONG_FIELD_KEY is required": {"LINGONG_FIELD_KEY": None},
    "decodes to 16 bytes": {"LINGONG_FIELD_KEY": base64.b64encode(b"0123456789abcdef").decode()},
    "must be base64": {"LINGONG_FIELD_KEY": "short key!"},
    "DEBUG is on": {"DEBUG": "1"},
    "placeholders": {"SECRET_KEY": "replace-with-64-random-characters-" + "0" * 40},
}


DEMO = {"LINGONG_ENV": "demo", "SECRET_KEY": None, "LINGONG_FIELD_KEY": None, "LINGONG_SMS_SENDER": None}


def test_documented_settings_pass_check_deploy_and_each_unsafe_one_is_refused(
    production_env: dict[str, str],
) -> None:
    cases: dict[str, dict[str, str | None]] = {
        "documented": {},
        # Outside production, check --deploy names a weak field key and the log-only sender.
        "weak key in demo": {**DEMO, "LINGONG_FIELD_KEY": base64.b64encode(b"short").decode()},
        # The debug pages are only ever for LINGONG_ENV=development.
        "DEBUG is on with LINGONG_ENV=demo": {**DEMO, "DEBUG": "true"},
        **REFUSED,
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda changes: _run(production_env, **changes), cases.values())
        results = dict(zip(cases, runs, strict=True))

    clean = results.pop("documented")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert CLEAN in clean.stdout + clean.stderr

    weak = results.pop("weak key in demo")
    output = weak.stdout + weak.stderr
    assert weak.returncode != 0
    assert "lingong.E001" in output and "lingong.W002" in output, output[-1500:]

    for message, result in results.items():
        output = result.stdout + result.stderr
        assert result.returncode != 0, f"{message}: started anyway: {output[-500:]}"
        assert message in output, f"refused without saying {message!r}: {output[-800:]}"
