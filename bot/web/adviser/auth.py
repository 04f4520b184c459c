"""Sign-in for the adviser page: the shared token, a session cookie and a CSRF token.

The cookie never holds the token. It holds an expiry time and an HMAC, keyed with the token,
of that time, so it can be checked without any server-side state, it stops working when it
expires or when ``ADVISER_TOKEN`` changes, and it cannot be turned back into the token.
Forms that change something carry a CSRF token: an HMAC of the session cookie, which a page
on another site can neither read nor compute. Every comparison is :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

COOKIE = "microcred_adviser"
COOKIE_PATH = "/advisers"
SESSION_SECONDS = 12 * 60 * 60  # a working day; then sign in again
_SESSION = b"microcred adviser session|"
_CSRF = b"microcred adviser csrf|"


def _mac(token: str, message: bytes) -> str:
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def token_matches(token: str, given: str | None) -> bool:
    """Whether ``given`` is the sign-in token; never when no token is configured."""
    if not token or not given:
        return False
    return hmac.compare_digest(token.encode(), given.strip().encode())


def session_value(token: str, now: float | None = None) -> str:
    """A fresh session cookie's value: ``<expiry>.<HMAC of the expiry keyed with the token>``."""
    expires = int((time.time() if now is None else now) + SESSION_SECONDS)
    return f"{expires}.{_mac(token, _SESSION + str(expires).encode())}"


def session_valid(token: str, value: str | None, now: float | None = None) -> bool:
    """Whether ``value`` is an unexpired session cookie made with ``token``."""
    if not token or not value or "." not in value:
        return False
    expires, _, mac = value.partition(".")
    if not expires.isdigit() or len(expires) > 12:
        return False
    if int(expires) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(mac.encode(), _mac(token, _SESSION + expires.encode()).encode())


def csrf_token(token: str, session: str) -> str:
    """The CSRF token of a session: what a form that changes something must send back."""
    return _mac(token, _CSRF + session.encode())


def csrf_valid(token: str, session: str | None, given: str | None) -> bool:
    if not token or not session or not given:
        return False
    return hmac.compare_digest(given.encode(), csrf_token(token, session).encode())


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if that is what it is."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def set_cookie(value: str, secure: bool = False) -> str:
    attributes = [
        f"{COOKIE}={value}",
        f"Path={COOKIE_PATH}",
        f"Max-Age={SESSION_SECONDS}",
        "HttpOnly",
        "SameSite=Strict",
    ]
    if secure:
        attributes.append("Secure")
    return "; ".join(attributes)


def clear_cookie() -> str:
    return f"{COOKIE}=; Path={COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict"
