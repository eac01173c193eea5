"""Facts about the site, declared once: its title (a msgid: written in English into documents and
downloads, shown translated by the pages). The data's licence is `tracker.licence`."""

from __future__ import annotations

from etl.i18n import N_

TITLE = N_("China intelligent manufacturing progress tracker")
