"""The address a label's QR encodes, and whether a phone scanning it can reach it.

Labels are sewn in for years, so a label printed with the wrong base URL is a label to
unpick. Unset and loopback addresses are refused by the ``labels`` command (the print page
asks for an explicit confirmation); a local-network address is allowed with a warning, for a
wardrobe that runs the app on its own Wi-Fi.
"""

import ipaddress
from urllib.parse import urlsplit

from flask_babel import gettext as _

UNSET, LOCAL, PRIVATE, PUBLIC = "unset", "local", "private", "public"
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def reach(base_url: str | None) -> str:
    """Who can open labels printed with ``base_url``: UNSET, LOCAL, PRIVATE or PUBLIC."""
    if not base_url or not base_url.strip():
        return UNSET
    try:
        host = (urlsplit(base_url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return PUBLIC  # not an address at all: parse_base_url says what is wrong
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return _reach_by_name(host)
    if address.is_loopback or address.is_unspecified:
        return LOCAL
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
        if address.is_loopback or address.is_unspecified:
            return LOCAL
    return PRIVATE if address.is_private or address.is_link_local else PUBLIC


def _reach_by_name(host: str) -> str:
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return LOCAL
    if "." not in host or host.endswith((".local", ".lan", ".home.arpa", ".internal")):
        return PRIVATE  # a name only the local network's own resolver knows
    return PUBLIC


def is_refused(base_url: str | None) -> bool:
    """True when phones could never open such labels: unset, localhost, 127.x, ::1, 0.0.0.0."""
    return reach(base_url) in (UNSET, LOCAL)


def parse_base_url(text: str) -> str:
    """``text`` as a base URL (no trailing slash); ValueError saying what is wrong with it."""
    value = (text or "").strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as error:
        raise ValueError(
            _("'%(url)s' is not a valid address: %(problem)s.", url=value, problem=error)
        ) from error
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(_("'%(url)s' must start with http:// or https://.", url=value))
    if not parts.hostname:
        raise ValueError(_("'%(url)s' has no host name.", url=value))
    if parts.username is not None or parts.password is not None:
        raise ValueError(_("'%(url)s' must not contain a user name or password.", url=value))
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise ValueError(_("'%(url)s' must not have a query (?…) or fragment (#…).", url=value))
    if any(ch.isspace() for ch in value):
        raise ValueError(_("'%(url)s' must not contain spaces.", url=value))
    return value.rstrip("/")


def base_url_warning(base_url: str | None, fallback: str | None = None) -> str | None:
    """Why phones may not reach labels printed with ``base_url``; None when they will.

    ``fallback`` is the address used instead when PUBLIC_BASE_URL is unset (the print page
    uses the address it was opened at).
    """
    kind = reach(base_url)
    if kind == UNSET and fallback:
        return _(
            "PUBLIC_BASE_URL is not set, so these labels would use the address this page was "
            "opened at (%(address)s), which phones may not reach and which may change. Set "
            "PUBLIC_BASE_URL to the address phones use, e.g. https://wardrobe.example.org.",
            address=fallback,
        )
    if kind == UNSET:
        return _(
            "PUBLIC_BASE_URL is not set, so labels would have no address that phones can open. "
            "Set PUBLIC_BASE_URL to the address phones use, e.g. https://wardrobe.example.org."
        )
    if kind == LOCAL:
        return _(
            "PUBLIC_BASE_URL is %(address)s, which only this computer can reach. Phones "
            "scanning these labels will not open the garment: set PUBLIC_BASE_URL to the "
            "address phones use.",
            address=base_url,
        )
    if kind == PRIVATE:
        return _(
            "PUBLIC_BASE_URL is %(address)s, a local-network address: only phones on that "
            "network (the wardrobe's own Wi-Fi) will open these labels, and only while the "
            "address stays the same.",
            address=base_url,
        )
    return None
