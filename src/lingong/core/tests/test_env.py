import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lingong.core.env import ImproperlyConfiguredEnv, env_bool, env_decimal, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[4]


def test_env_bool_parses_and_rejects(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv, match="X_FLAG"):
        env_bool("X_FLAG")


def test_env_int_bounds(monkeypatch):
    monkeypatch.setenv("X_INT", "7")
    assert env_int("X_INT", 1, minimum=1, maximum=10) == 7
    monkeypatch.setenv("X_INT", "70")
    with pytest.raises(ImproperlyConfiguredEnv, match="maximum"):
        env_int("X_INT", 1, maximum=10)
    monkeypatch.setenv("X_INT", "seven")
    with pytest.raises(ImproperlyConfiguredEnv, match="not an integer"):
        env_int("X_INT", 1)


def test_env_decimal_and_list(monkeypatch):
    monkeypatch.setenv("X_DEC", "12.50")
    assert env_decimal("X_DEC", "1") == Decimal("12.50")
    monkeypatch.setenv("X_DEC", "NaN")
    with pytest.raises(ImproperlyConfiguredEnv):
        env_decimal("X_DEC", "1")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_list("X_LIST") == ["a", "b", "c"]


def test_env_str_required(monkeypatch):
    monkeypatch.delenv("X_REQ", raising=False)
    with pytest.raises(ImproperlyConfiguredEnv, match="X_REQ"):
        env_str("X_REQ", required=True)
    assert env_str("X_REQ", "fallback") == "fallback"


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINGONG_", "SECRET_KEY", "DATABASE_URL"))
    }
    base.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_missing_secrets(tmp_path):
    result = _manage("check", env={"LINGONG_ENV": "production", "LINGONG_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# check --deploy with the documented production settings: lingong/tests/test_production_profile.py


def test_passwords_are_hashed_with_argon2_outside_tests(tmp_path):
    # Tests use a fast hasher; every real deployment (development and production) uses argon2.
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
        env={"LINGONG_ENV": "development", "LINGONG_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def _print_settings(*names: str, env: dict[str, str]) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(f"print(settings.{n})" for n in names)
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_the_demo_is_the_default_and_runs_without_debug(tmp_path):
    # What ./scripts/serve runs: Django's English debug pages stay off unless a developer asks for them.
    env = {"LINGONG_VAR_DIR": str(tmp_path)}
    assert _print_settings("LINGONG_ENV", "DEBUG", env=env) == ["demo", "False"]


@pytest.mark.parametrize("value", ["development", "dev"])
def test_debug_is_on_only_for_development(tmp_path, value):
    env = {"LINGONG_ENV": value, "LINGONG_VAR_DIR": str(tmp_path)}
    assert _print_settings("LINGONG_ENV", "DEBUG", env=env) == ["development", "True"]


def test_a_served_site_url_is_an_allowed_host_and_a_trusted_origin(tmp_path):
    env = {"LINGONG_VAR_DIR": str(tmp_path), "SITE_URL": "http://192.168.1.20:8123/"}
    site, hosts, origins = _print_settings("SITE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", env=env)
    assert site == "http://192.168.1.20:8123"
    assert "'192.168.1.20'" in hosts and "'127.0.0.1'" in hosts
    assert origins == "['http://192.168.1.20:8123']"


def test_a_malformed_site_url_stops_the_start(tmp_path):
    result = _manage("check", env={"LINGONG_VAR_DIR": str(tmp_path), "SITE_URL": "127.0.0.1:8000"})
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_requires_site_url(tmp_path):
    env = {
        "LINGONG_ENV": "production",
        "LINGONG_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        "LINGONG_FIELD_KEY": "cHJvZHVjdGlvbi1maWVsZC1rZXktZm9yLXRlc3RzLW9ubHktMDEyMzQ1Njc4OQ==",
    }
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL is required in production" in result.stderr


def test_an_unknown_environment_is_refused(tmp_path):
    result = _manage("check", env={"LINGONG_ENV": "staging", "LINGONG_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "demo, development (dev), test or production" in result.stderr
