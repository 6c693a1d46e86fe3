"""Which texts may become links on the site.

Only ``http://`` and ``https://`` addresses with a host ever become a link, whatever field they come from
(evidence, licence, anything else in a data package); everything else is shown as text. An address that
carries a user name or password (``http://user:pass@host/``, ``http://portal.gov.vn@other.example/``) is
linked without them, and the page names the host it really leads to.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit


_SPACE = re.compile(r"\s")


class WebLink(NamedTuple):
    href: str  # what the page links to: the address without any user name or password
    host: str  # the host the link really leads to, as a reader should see it
    had_credentials: bool
    unusual_host: bool  # a host in non-ASCII letters, punycode or percent-encoding (it may imitate a familiar one)


# The plain address most evidence links are (a lower-case ASCII host, no port, no user name): taken as
# written, without parsing; anything else is parsed in full below.
_PLAIN = re.compile(r"https?://([a-z0-9.-]+)(?:[/?#][!-~]*)?", re.ASCII)


def web_link(text: str | None) -> WebLink | None:
    """The address as a safe link, or None if it must stay text."""
    url = (text or "").strip()
    plain = _PLAIN.fullmatch(url)
    if plain is not None and "xn--" not in plain.group(1):
        return WebLink(url, plain.group(1), False, False)
    return _parsed_link(url)


def _host_as_read(host: str) -> tuple[str, bool] | None:
    """The host as a reader should see it, and whether it is unusual: written in letters that are not
    basic Latin (shown in its standard form, ``xn--…``), percent-encoded (``%65vil.example``: a browser
    goes to ``evil.example``), or in punycode (``xn--…``: shown as the letters it stands for, then as
    written). None when the host cannot be read at all."""
    unusual = False
    if "%" in host:
        decoded = unquote(host).lower()
        if _SPACE.search(decoded) or not decoded or "%" in decoded:
            return None
        host, unusual = decoded, True
    if not host.isascii():
        try:
            return host.encode("idna").decode("ascii"), True
        except UnicodeError:
            return None
    if any(label.startswith("xn--") for label in host.split(".")):
        try:
            letters = host.encode("ascii").decode("idna")
        except UnicodeError:
            return host, True
        return (f"{letters} ({host})" if letters != host else host), True
    return host, unusual


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
    read = _host_as_read(host)
    if read is None:
        return None
    shown, unusual = read
    return WebLink(href, shown, credentials, unusual)


def safe_href(text: str | None) -> str | None:
    """``text`` as an ``href`` if it may be one, else None."""
    link = web_link(text)
    return link.href if link else None
