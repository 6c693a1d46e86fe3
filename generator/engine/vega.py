"""The Vega bundle: Vega, Vega-Lite and vega-embed in one file, so charts need nothing from outside the site."""

from __future__ import annotations

from functools import cache

from .. import usercache

VEGA_LITE_VERSION = "6.4"


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one file, so charts need nothing from outside the site. Bundling
    takes about 2 s and gives the same text for the same pinned package, so it is kept in the user's cache
    folder (``$XDG_CACHE_HOME/dti``) under the package's version; without a writable cache it is made anew."""
    from importlib.metadata import version

    import vl_convert

    cached = usercache.folder() / f"vega-{VEGA_LITE_VERSION}-vl-convert-{version('vl-convert-python')}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    bundle = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    usercache.keep(cached, bundle)
    return bundle
