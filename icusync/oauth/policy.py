"""Lifetimes and the redirect URI rules of our authorization server.

Redirect URI policy: loopback http(s) URIs (127.0.0.1, localhost, [::1], any port, as
RFC 8252 §7.3 asks for native apps) are always accepted; any other URI must appear
exactly in `settings.redirect_allowlist` (Claude's callbacks by default). Fragments,
user info and every other scheme (javascript:, data:, custom schemes) are refused.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from icusync.oauth import scopes

CODE_TTL = 5 * 60
CONSENT_TTL = 10 * 60
# Weeks: Claude does not always refresh, and a 401 silently drops a connector's tools.
ACCESS_TTL = 30 * 24 * 3600
REFRESH_TTL = 90 * 24 * 3600
# Claude registers a new client on every connect; those that never finish are dropped.
UNUSED_CLIENT_TTL = 24 * 3600
# A rotated refresh token presented again by its client within this many seconds (parallel
# requests refreshing at once) gets the same new pair; later, it revokes the whole grant.
REFRESH_REUSE_GRACE = 5
# Consent requests waiting for an answer: anyone can open /authorize, so they are capped.
PENDING_PER_ADDRESS = 20
PENDING_TOTAL = 2000

# What a registered client may ask for, and what it gets when it asks for nothing.
ACCEPTED_SCOPES = list(scopes.ALL)
DEFAULT_SCOPES = list(scopes.DEFAULT)

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")

ACCESS_PREFIX = "icusync_at_"
REFRESH_PREFIX = "icusync_rt_"
CODE_PREFIX = "icusync_ac_"


def is_loopback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and _host_only(parts.netloc) in LOOPBACK_HOSTS


def _host_only(netloc: str) -> str:
    """The host of a netloc, without port; IPv6 keeps its brackets."""
    if netloc.startswith("["):
        return netloc[: netloc.find("]") + 1]
    return netloc.rsplit(":", 1)[0] if ":" in netloc else netloc


def redirect_uri_problem(uri: str, allowlist: tuple[str, ...]) -> str | None:
    """Why a redirect URI may not be registered, or None if it may."""
    parts = urlsplit(uri)
    if parts.fragment or "#" in uri:
        return "redirect URIs must not contain a fragment"
    if "@" in parts.netloc:
        return "redirect URIs must not contain user info"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "redirect URIs must be absolute https URLs (or http on a loopback address)"
    if is_loopback(uri):
        return None
    if uri not in allowlist:
        return f"redirect URI {uri} is not in this server's allowlist; ask the operator to add it"
    return None


def same_redirect(requested: str, registered: str) -> bool:
    """Exact match, except that a loopback URI may use any port (RFC 8252 §7.3)."""
    if requested == registered:
        return True
    if not (is_loopback(requested) and is_loopback(registered)):
        return False
    a, b = urlsplit(requested), urlsplit(registered)
    return (a.scheme, _host_only(a.netloc), a.path, a.query, a.fragment) == (
        b.scheme,
        _host_only(b.netloc),
        b.path,
        b.query,
        b.fragment,
    ) and "@" not in a.netloc
