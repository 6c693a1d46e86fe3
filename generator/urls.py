"""Which texts may become links on the site.

Only ``http://`` and ``https://`` addresses with a host ever become a link, whatever field they come from
(evidence, licence, anything else in a data package); everything else is shown as text. An address that
carries a user name or password (``http://user:pass@host/``, ``http://portal.gov.vn@other.example/``) is
linked without them, and the page names the host it really leads to.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit


_SPACE = re.compile(r"\s")


class WebLink(NamedTuple):
    href: str  # what the page links to: the address without any user name or password
    host: str  # the host the link really leads to, as a reader should see it
    had_credentials: bool
    unusual_host: bool  # a host written in non-ASCII letters (it may imitate a familiar one)


# The plain address most evidence links are (a lower-case ASCII host, no port, no user name): taken as
# written, without parsing; anything else is parsed in full below.
_PLAIN = re.compile(r"https?://([a-z0-9.-]+)(?:[/?#][!-~]*)?", re.ASCII)


def web_link(text: str | None) -> WebLink | None:
    """The address as a safe link, or None if it must stay text."""
    url = (text or "").strip()
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        return WebLink(url, plain.group(1), False, False)
    return _parsed_link(url)


def _parsed_link(url: str) -> WebLink | None:
    if not url or _SPACE.search(url) or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    credentials = "@" in parts.netloc
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    href = urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment)) if credentials else url
    try:
        shown = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    return WebLink(href, shown, credentials, not host.isascii())


def safe_href(text: str | None) -> str | None:
    """``text`` as an ``href`` if it may be one, else None."""
    link = web_link(text)
    return link.href if link else None
