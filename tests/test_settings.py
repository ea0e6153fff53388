from __future__ import annotations

import stat
from pathlib import Path

import pytest

from icusync.errors import ConfigError
from icusync.settings import KEY_FILE_NAME, from_env, init_secrets, new_key_text, serving_settings


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ICUSYNC_DATA_DIR": str(tmp_path),
        "ICUSYNC_ENCRYPTION_KEY": new_key_text(),
        "ICUSYNC_SESSION_SECRET": "s" * 40,
    }


def test_defaults_serve_at_once(env: dict[str, str]) -> None:
    s = from_env(env)
    assert s.public_url == "http://127.0.0.1:8000"
    assert s.mcp_url == "http://127.0.0.1:8000/mcp"
    assert s.signin_methods == ("api-key",)
    assert s.signup_policy == "open"
    assert len(s.encryption_keys) == 1 and len(s.encryption_keys[0]) == 32
    assert "https://claude.ai/api/mcp/auth_callback" in s.redirect_allowlist
    assert s.calls_per_minute == 120
    assert from_env({**env, "ICUSYNC_CALLS_PER_MINUTE": "30"}).calls_per_minute == 30


def test_settings_are_frozen(env: dict[str, str]) -> None:
    s = from_env(env)
    with pytest.raises(AttributeError):
        s.public_url = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("ICUSYNC_PUBLIC_URL", "icusync.example.org", "ICUSYNC_PUBLIC_URL must be an absolute http(s) URL"),
        ("ICUSYNC_PUBLIC_URL", "https://x.org/?a=1", "ICUSYNC_PUBLIC_URL"),
        ("ICUSYNC_ENCRYPTION_KEY", "too-short", "ICUSYNC_ENCRYPTION_KEY must be a 32-byte key"),
        ("ICUSYNC_SESSION_SECRET", "short", "ICUSYNC_SESSION_SECRET must be at least 32"),
        ("ICUSYNC_SIGNUP", "everyone", "ICUSYNC_SIGNUP must be"),
        ("ICUSYNC_SIGNUP", "athletes:", "ICUSYNC_SIGNUP must be"),
        ("ICUSYNC_SIGNIN", "password", "ICUSYNC_SIGNIN must list"),
        ("ICUSYNC_SIGNIN", "intervals-oauth", "set ICUSYNC_INTERVALS_CLIENT_ID"),
        ("ICUSYNC_INTERVALS_CLIENT_ID", "abc", "set both ICUSYNC_INTERVALS_CLIENT_ID"),
        ("ICUSYNC_UPSTREAM_RATE", "fast", "ICUSYNC_UPSTREAM_RATE must be a positive number"),
        ("ICUSYNC_REDIRECT_ALLOWLIST", "http://evil.example/cb", "must be https"),
        ("ICUSYNC_TRUSTED_PROXY_HOPS", "yes", "ICUSYNC_TRUSTED_PROXY_HOPS must be"),
        ("ICUSYNC_CALLS_PER_MINUTE", "0", "ICUSYNC_CALLS_PER_MINUTE must be a whole number"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], name: str, value: str, fragment: str) -> None:
    env[name] = value
    with pytest.raises(ConfigError) as info:
        from_env(env)
    assert fragment in info.value.message


def test_missing_key_says_how_to_make_one(env: dict[str, str]) -> None:
    del env["ICUSYNC_ENCRYPTION_KEY"]
    with pytest.raises(ConfigError) as info:
        from_env(env)
    assert "icusync keygen" in info.value.message and "icusync init" in info.value.message


def test_init_makes_private_key_files_once(tmp_path: Path) -> None:
    made = init_secrets(tmp_path)
    assert {p.name for p in made} == {KEY_FILE_NAME, "session.secret"}
    for p in made:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    before = (tmp_path / KEY_FILE_NAME).read_text()
    assert init_secrets(tmp_path) == []
    assert (tmp_path / KEY_FILE_NAME).read_text() == before
    s = from_env({"ICUSYNC_DATA_DIR": str(tmp_path)})
    assert len(s.encryption_keys[0]) == 32


def test_oauth_and_policies(env: dict[str, str]) -> None:
    env |= {
        "ICUSYNC_INTERVALS_CLIENT_ID": "123",
        "ICUSYNC_INTERVALS_CLIENT_SECRET": "sec",
        "ICUSYNC_SIGNUP": "athletes:i1, i2",
        "ICUSYNC_OLD_ENCRYPTION_KEYS": new_key_text(),
        "ICUSYNC_REDIRECT_ALLOWLIST": "https://app.example/cb",
    }
    s = from_env(env)
    assert s.signin_methods == ("intervals-oauth",)
    assert s.signup_policy == "athletes" and s.signup_athletes == {"i1", "i2"}
    assert len(s.encryption_keys) == 2
    assert s.redirect_allowlist[-1] == "https://app.example/cb"


def test_a_misspelled_variable_stops_with_a_suggestion(env: dict[str, str]) -> None:
    env["ICUSYNC_SINGUP"] = "invite"
    with pytest.raises(ConfigError) as info:
        from_env(env)
    assert "ICUSYNC_SINGUP is not an icusync variable (did you mean ICUSYNC_SIGNUP?)" in info.value.message
    env["ICUSYNC_NOTHING_LIKE_IT"] = "1"
    del env["ICUSYNC_SINGUP"]
    with pytest.raises(ConfigError, match="configuration table"):
        from_env(env)


def test_serving_needs_a_public_url_unless_only_this_machine_connects(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as info:
        serving_settings("0.0.0.0", 8080, env)
    assert "set ICUSYNC_PUBLIC_URL" in info.value.message
    assert serving_settings("127.0.0.1", 9000, env).public_url == "http://127.0.0.1:9000"
    assert serving_settings("::1", 9000, env).public_url == "http://[::1]:9000"
    env["ICUSYNC_PUBLIC_URL"] = "https://icusync.example.org"
    assert serving_settings("0.0.0.0", 8080, env).public_url == "https://icusync.example.org"


def test_the_summary_shows_the_configuration_and_no_secret(env: dict[str, str]) -> None:
    env |= {"ICUSYNC_INTERVALS_CLIENT_ID": "123", "ICUSYNC_INTERVALS_CLIENT_SECRET": "client-secret-value"}
    s = from_env(env)
    summary = s.summary()
    assert "signup=open" in summary and "intervals_client_id=123" in summary and "encryption_key=set" in summary
    assert "\n" not in summary
    for secret in (env["ICUSYNC_ENCRYPTION_KEY"], env["ICUSYNC_SESSION_SECRET"], "client-secret-value"):
        assert secret not in summary


def test_the_operator_contact_is_one_short_line(env: dict[str, str]) -> None:
    assert from_env(env).operator_contact is None
    assert from_env({**env, "ICUSYNC_OPERATOR_CONTACT": " club@example.org "}).operator_contact == "club@example.org"
    for bad in ("x" * 201, "line one\nline two"):
        with pytest.raises(ConfigError, match="ICUSYNC_OPERATOR_CONTACT must be one short line"):
            from_env({**env, "ICUSYNC_OPERATOR_CONTACT": bad})
