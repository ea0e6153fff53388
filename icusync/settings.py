"""Configuration: the one place that reads the environment.

Everything icusync needs to know about its deployment is read here, once, into
a frozen `Settings`. Tests and the demo build `Settings(...)` directly.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import ipaddress
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from icusync.errors import ConfigError

SIGNUP_POLICIES = ("open", "invite", "athletes")
# How people sign in; "demo" exists only in `icusync demo` and is never configured.
CONFIGURABLE_SIGNIN = ("intervals-oauth", "api-key")
SIGNIN_METHODS = (*CONFIGURABLE_SIGNIN, "demo")
# Claude's connector callbacks; other hosts can be added with ICUSYNC_REDIRECT_ALLOWLIST.
DEFAULT_REDIRECT_ALLOWLIST = (
    "https://claude.ai/api/mcp/auth_callback",
    "https://claude.com/api/mcp/auth_callback",
)
KEY_FILE_NAME = "encryption.key"
DB_FILE_NAME = "icusync.sqlite3"
SESSION_SECRET_FILE_NAME = "session.secret"


@dataclass(frozen=True)
class Settings:
    public_url: str = "http://127.0.0.1:8000"
    data_dir: Path = Path("icusync-data")
    # AES-GCM keys, newest first; older keys only decrypt (kept during a rotation).
    encryption_keys: tuple[bytes, ...] = ()
    session_secret: str = ""
    intervals_client_id: str | None = None
    intervals_client_secret: str | None = None
    upstream_base_url: str = "https://intervals.icu"
    signup_policy: str = "open"
    signup_athletes: frozenset[str] = frozenset()
    signin_methods: tuple[str, ...] = ("api-key",)
    # Exact redirect URIs admitted for registered MCP clients besides loopback ones.
    redirect_allowlist: tuple[str, ...] = DEFAULT_REDIRECT_ALLOWLIST
    # Upstream calls per second for the whole instance (Intervals.icu allows ~10/s per IP).
    upstream_rate: float = 8.0
    upstream_timeout: float = 20.0
    # MCP tool calls per athlete per minute: one runaway assistant must not spend everyone's upstream rate.
    calls_per_minute: int = 120
    # Proxies in front whose X-Forwarded-For/-Proto are trusted (1 on Fly.io, 0 when exposed directly).
    trusted_proxy_hops: int = 0
    demo: bool = False
    # Who runs this instance, shown on every page: an email address, a URL or a short text.
    operator_contact: str | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    @property
    def mcp_url(self) -> str:
        return self.public_url.rstrip("/") + "/mcp"

    def personal_url(self, secret: str) -> str:
        """A personal connector URL; its path ends in /mcp because some clients insist on that."""
        return f"{self.public_url.rstrip('/')}/u/{secret}/mcp"

    @property
    def is_loopback(self) -> bool:
        return urlsplit(self.public_url).hostname in ("127.0.0.1", "localhost", "::1")

    @property
    def public_host(self) -> str:
        """Host[:port] as it appears in a Host header."""
        return urlsplit(self.public_url).netloc

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def summary(self) -> str:
        """The effective configuration on one line, for the start-up log: secrets only as set / not set."""
        old_keys = len(self.encryption_keys) - 1
        signup = self.signup_policy + (f" ({len(self.signup_athletes)} athletes)" if self.signup_athletes else "")
        parts = {
            "public_url": self.public_url,
            "data_dir": str(self.data_dir),
            "signin": ",".join(self.signin_methods),
            "signup": signup,
            "upstream": self.upstream_base_url,
            "upstream_rate": f"{self.upstream_rate:g}/s",
            "upstream_timeout": f"{self.upstream_timeout:g}s",
            "trusted_proxy_hops": str(self.trusted_proxy_hops),
            "intervals_client_id": self.intervals_client_id or "none",
            "intervals_client_secret": "set" if self.intervals_client_secret else "none",
            "encryption_key": "set" + (f" (+{old_keys} old, rotating)" if old_keys else ""),
            "session_secret": "set" if self.session_secret else "none",
            "extra_redirects": str(len(self.redirect_allowlist) - len(DEFAULT_REDIRECT_ALLOWLIST)),
        }
        return " ".join(f"{k}={v}" for k, v in parts.items())


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be an absolute http(s) URL with no query, e.g. https://icusync.example.org")
    return value


def decode_key(text: str, source: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ConfigError(
            f"{source} must be a 32-byte key in URL-safe base64 (44 characters); make one with `icusync keygen`"
        )
    return key


# Every variable icusync reads; the README's configuration table lists exactly these.
VARIABLES = (
    "ICUSYNC_PUBLIC_URL",
    "ICUSYNC_DATA_DIR",
    "ICUSYNC_ENCRYPTION_KEY",
    "ICUSYNC_ENCRYPTION_KEY_FILE",
    "ICUSYNC_OLD_ENCRYPTION_KEYS",
    "ICUSYNC_SESSION_SECRET",
    "ICUSYNC_INTERVALS_CLIENT_ID",
    "ICUSYNC_INTERVALS_CLIENT_SECRET",
    "ICUSYNC_SIGNIN",
    "ICUSYNC_SIGNUP",
    "ICUSYNC_REDIRECT_ALLOWLIST",
    "ICUSYNC_UPSTREAM_URL",
    "ICUSYNC_TRUSTED_PROXY_HOPS",
    "ICUSYNC_UPSTREAM_RATE",
    "ICUSYNC_UPSTREAM_TIMEOUT",
    "ICUSYNC_OPERATOR_CONTACT",
    "ICUSYNC_CALLS_PER_MINUTE",
)


def new_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _read_secret_file(path: Path) -> str | None:
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


def private_dir(path: Path) -> None:
    """Create a directory only its owner can enter (0700); an existing one keeps its mode."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def write_secret_file(path: Path, text: str) -> None:
    """Create a file only its owner can read (0600), refusing to overwrite one."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text + "\n")


def _encryption_keys(env: Mapping[str, str], data_dir: Path) -> tuple[bytes, ...]:
    keys: list[bytes] = []
    if env.get("ICUSYNC_ENCRYPTION_KEY"):
        keys.append(decode_key(env["ICUSYNC_ENCRYPTION_KEY"], "ICUSYNC_ENCRYPTION_KEY"))
    else:
        key_file = Path(env.get("ICUSYNC_ENCRYPTION_KEY_FILE") or data_dir / KEY_FILE_NAME)
        text = _read_secret_file(key_file)
        if text is None:
            raise ConfigError(
                f"no encryption key: set ICUSYNC_ENCRYPTION_KEY (make one with `icusync keygen`) "
                f"or run `icusync init` to create {key_file} with 0600 permissions"
            )
        keys.append(decode_key(text, str(key_file)))
    for i, old in enumerate(filter(None, env.get("ICUSYNC_OLD_ENCRYPTION_KEYS", "").split(","))):
        keys.append(decode_key(old, f"ICUSYNC_OLD_ENCRYPTION_KEYS item {i + 1}"))
    return tuple(keys)


def _session_secret(env: Mapping[str, str], data_dir: Path) -> str:
    secret = env.get("ICUSYNC_SESSION_SECRET") or _read_secret_file(data_dir / SESSION_SECRET_FILE_NAME)
    if not secret:
        raise ConfigError(
            "no session secret: set ICUSYNC_SESSION_SECRET to a long random string "
            f"(e.g. the output of `icusync keygen`) or run `icusync init` to create "
            f"{data_dir / SESSION_SECRET_FILE_NAME}"
        )
    if len(secret) < 32:
        raise ConfigError("ICUSYNC_SESSION_SECRET must be at least 32 characters; use `icusync keygen`")
    return secret


def _signup(env: Mapping[str, str]) -> tuple[str, frozenset[str]]:
    raw = env.get("ICUSYNC_SIGNUP", "open").strip()
    policy, _, rest = raw.partition(":")
    if policy not in SIGNUP_POLICIES or (policy == "athletes") != bool(rest.strip()):
        raise ConfigError(
            "ICUSYNC_SIGNUP must be `open`, `invite`, or `athletes:<id>,<id>` (e.g. athletes:i12345,i67890)"
        )
    return policy, frozenset(a.strip() for a in rest.split(",") if a.strip())


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name, default))
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ConfigError(f"{name} must be a positive number, e.g. {default}")
    return value


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, e.g. {default}")
    return int(raw)


def _hops(env: Mapping[str, str]) -> int:
    raw = env.get("ICUSYNC_TRUSTED_PROXY_HOPS", "0").strip()
    if not raw.isdigit() or int(raw) > 5:
        raise ConfigError("ICUSYNC_TRUSTED_PROXY_HOPS must be a small whole number: 1 behind one proxy, 0 for none")
    return int(raw)


def _contact(env: Mapping[str, str]) -> str | None:
    value = env.get("ICUSYNC_OPERATOR_CONTACT", "").strip()
    if len(value) > 200 or any(ord(ch) < 32 for ch in value):
        raise ConfigError("ICUSYNC_OPERATOR_CONTACT must be one short line: an email address, a URL or a name")
    return value or None


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Read `ICUSYNC_*` variables; raise ConfigError naming the variable on a bad value."""
    env = os.environ if env is None else env
    refuse_unknown_variables(env)
    data_dir = data_dir_from_env(env)
    client_id = env.get("ICUSYNC_INTERVALS_CLIENT_ID") or None
    client_secret = env.get("ICUSYNC_INTERVALS_CLIENT_SECRET") or None
    if bool(client_id) != bool(client_secret):
        raise ConfigError(
            "set both ICUSYNC_INTERVALS_CLIENT_ID and ICUSYNC_INTERVALS_CLIENT_SECRET "
            "(from Intervals.icu → Settings → Manage App), or neither to sign in with API keys"
        )
    default_signin = "intervals-oauth" if client_id else "api-key"
    signin = tuple(m.strip() for m in env.get("ICUSYNC_SIGNIN", default_signin).split(",") if m.strip())
    bad = [m for m in signin if m not in CONFIGURABLE_SIGNIN]
    if bad or not signin:
        raise ConfigError("ICUSYNC_SIGNIN must list `intervals-oauth` and/or `api-key`, comma-separated")
    if "intervals-oauth" in signin and not client_id:
        raise ConfigError("ICUSYNC_SIGNIN includes intervals-oauth: set ICUSYNC_INTERVALS_CLIENT_ID and _SECRET")
    policy, athletes = _signup(env)
    extra_redirects = tuple(u.strip() for u in env.get("ICUSYNC_REDIRECT_ALLOWLIST", "").split(",") if u.strip())
    for uri in extra_redirects:
        if urlsplit(uri).scheme != "https":
            raise ConfigError(f"ICUSYNC_REDIRECT_ALLOWLIST entries must be https URLs; got {uri!r}")
    return Settings(
        public_url=_url(env, "ICUSYNC_PUBLIC_URL", "http://127.0.0.1:8000"),
        data_dir=data_dir,
        encryption_keys=_encryption_keys(env, data_dir),
        session_secret=_session_secret(env, data_dir),
        intervals_client_id=client_id,
        intervals_client_secret=client_secret,
        upstream_base_url=_url(env, "ICUSYNC_UPSTREAM_URL", "https://intervals.icu"),
        signup_policy=policy,
        signup_athletes=athletes,
        signin_methods=signin,
        redirect_allowlist=DEFAULT_REDIRECT_ALLOWLIST + extra_redirects,
        upstream_rate=_float(env, "ICUSYNC_UPSTREAM_RATE", 8.0),
        upstream_timeout=_float(env, "ICUSYNC_UPSTREAM_TIMEOUT", 20.0),
        calls_per_minute=_int(env, "ICUSYNC_CALLS_PER_MINUTE", 120),
        trusted_proxy_hops=_hops(env),
        operator_contact=_contact(env),
    )


def init_secrets(data_dir: Path) -> list[Path]:
    """Create the key and session-secret files a self-hosted instance needs; keep existing ones."""
    made = []
    for name in (KEY_FILE_NAME, SESSION_SECRET_FILE_NAME):
        path = data_dir / name
        if not path.exists():
            write_secret_file(path, new_key_text())
            made.append(path)
    return made


def data_dir_from_env(env: Mapping[str, str] | None = None) -> Path:
    """The data directory alone, for commands that need no keys (init, backup)."""
    env = os.environ if env is None else env
    return Path(env.get("ICUSYNC_DATA_DIR", "icusync-data"))


def refuse_unknown_variables(env: Mapping[str, str]) -> None:
    """A misspelled variable would silently leave its default in force (open sign-up, say): stop instead."""
    for name in sorted(n for n in env if n.startswith("ICUSYNC_") and n not in VARIABLES):
        # Compared without the shared prefix, which would make every name look alike.
        known = {v.removeprefix("ICUSYNC_"): v for v in VARIABLES}
        close = difflib.get_close_matches(name.removeprefix("ICUSYNC_"), known, n=1, cutoff=0.6)
        hint = f"did you mean {known[close[0]]}?" if close else "the README's configuration table lists every variable"
        raise ConfigError(f"{name} is not an icusync variable ({hint}); rename or unset it")


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serving_settings(host: str, port: int, env: Mapping[str, str] | None = None) -> Settings:
    """Settings for `icusync serve` on host:port: the public URL must be set unless only this machine can connect."""
    env = os.environ if env is None else env
    settings = from_env(env)
    if env.get("ICUSYNC_PUBLIC_URL"):
        return settings
    if not is_loopback_host(host):
        raise ConfigError(
            f"set ICUSYNC_PUBLIC_URL to the https URL people and Claude reach (e.g. https://icusync.example.org): "
            f"listening on {host} without it, icusync would advertise an address nobody else can use"
        )
    shown = f"[{host}]" if ":" in host else host
    return settings.with_(public_url=f"http://{shown}:{port}")


def loose_permissions(data_dir: Path) -> list[str]:
    """Warnings for the data directory and the files in it that others may read (they hold keys and tokens)."""
    names = (DB_FILE_NAME, DB_FILE_NAME + "-wal", DB_FILE_NAME + "-shm", KEY_FILE_NAME, SESSION_SECRET_FILE_NAME)
    found = []
    for path, private in [(data_dir, 0o700)] + [(data_dir / n, 0o600) for n in names]:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            found.append(f"{path} is open to other users (mode {mode:04o}); run: chmod {private:o} {path}")
    return found
