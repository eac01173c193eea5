"""Facts about the site, declared once: its title (a msgid: written in English into documents and
downloads, shown translated by the pages), the API's prefix and the addresses of an indicator.
The data's licence is `tracker.licence`."""

from __future__ import annotations

from etl.i18n import N_

TITLE = N_("China intelligent manufacturing progress tracker")

API = "/api/v1"  # the data API's prefix (docs/api.md)
INDICATOR_PAGE = "/indicator"  # the app's page of one indicator, `?id=<indicator_id>`
CITATION_FORMATS = ("bib", "ris", "csl.json")  # what reference managers read (tracker.citation)
API_FORMATS = ("json", "csv", "atom", *CITATION_FORMATS)  # an indicator's API documents


def indicator_address(
    indicator_id: str, form: str = "app", *, lang: str = "en", version: str | None = None
) -> str:
    """The one rule for an indicator's addresses (paths under the site's root):

    - "app": the app's page, `/indicator?id=<id>` (`&lang=zh` in Chinese);
    - "page": the baked page, `/indicators/<id>` (under `/zh` in Chinese); "png": its share
      image;
    - an API format (`API_FORMATS`): the API's document `/api/v1/indicators/<id>.<form>`, or
      as release `version` kept it, `/api/v1/releases/<version>/indicators/<id>.<form>`.
    """
    if form == "app":
        return f"{INDICATOR_PAGE}?id={indicator_id}" + ("&lang=zh" if lang == "zh" else "")
    if form in ("page", "png"):
        page = ("/zh" if lang == "zh" else "") + f"/indicators/{indicator_id}"
        return page + (".png" if form == "png" else "")
    if form not in API_FORMATS:
        raise ValueError(f"no address form {form!r}")
    under = f"/releases/{version}" if version else ""
    return f"{API}{under}/indicators/{indicator_id}.{form}"
