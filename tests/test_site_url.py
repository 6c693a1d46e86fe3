"""The site's public address (site_url): with it, the sitemap lists every page and robots.txt names it;
without it, the secretariat is warned at build time and the public pages carry no placeholder."""

from __future__ import annotations

import re

import pytest



@pytest.mark.slow
def test_a_build_with_site_url_writes_a_sitemap_of_every_page_and_robots_txt(portal_with_site_url):
    base, site = portal_with_site_url
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if "nhung" not in p.parts and "pagefind" not in p.parts)
    assert len(listed) == len(pages) > 300
    assert f"{base}don-vi/xa-tan-hoa/2024/" in listed and f"{base}giai-thich-thuat-ngu/" in listed
    assert (site / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"


def test_without_site_url_the_build_warns_and_writes_no_robots_txt(built_site, built_site_report):
    assert not (built_site / "robots.txt").exists()
    assert "<loc>" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    [warning] = [i for i in built_site_report["issues"] if i["code"] == "no-site-url"]
    assert warning["severity"] == "warning" and warning["field"] == "site_url" and warning["file"].endswith("mkdocs.yml")
    assert "sitemap.xml" in warning["message"] and "robots.txt" in warning["message"]
