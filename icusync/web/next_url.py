"""Where to go after signing in: only same-site relative paths (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

DEFAULT_NEXT = "/dashboard"


def safe_next(value: str | None, public_url: str) -> str | None:
    """Return a relative path+query on this site, or None if `value` could lead elsewhere.

    Absolute URLs are accepted only for our own origin (the consent page may send one)
    and are reduced to their path. Backslashes, control characters and scheme-relative
    `//host` forms are refused because browsers read them as other hosts.
    """
    if not value or len(value) > 2000:
        return None
    if value.startswith("//") or "\\" in value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        ours = urlsplit(public_url)
        if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
            return None
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return None
    return urlunsplit(("", "", path, parts.query, ""))


def next_or_default(value: str | None, public_url: str) -> str:
    return safe_next(value, public_url) or DEFAULT_NEXT
