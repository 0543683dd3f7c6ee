"""/admin/: the CMS's page, made only for a site that has run `timeline cms` (admin/config.yml).
The one page that loads a script from elsewhere (the CMS, pinned with its hash, unless the site
serves it itself); it is left out of the sitemap, feeds and search, and asks not to be indexed.
It gives the CMS the entry schema, for the format it saves in (static/admin.js)."""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Sequence

from ..authoring.cms import CMS_FILE
from ..authoring.cms_form import NEW_ENTRY_LISTS
from ..authoring.house_style import rules
from ..config import cms_script
from ..config.schema import shapes
from .pages import Family, Page


class AdminPage(Family):
    every_language = False

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site, source = self.site, self.site.config.root / CMS_FILE
        if not source.is_file():
            return
        config_yml = source.read_bytes()
        yield site.file(CMS_FILE, hashlib.sha1(config_yml).hexdigest(), lambda: config_yml)
        settings = {"editor": site.config.cms_editor, "entry": shapes(site.config.entry_fields),
                    "translation": shapes(site.config.translation_fields), "house": rules(),
                    "new_entry_lists": list(NEW_ENTRY_LISTS),
                    "styles": [site.urls.static("style.css"), site.urls.static("page.css")]}
        script, integrity = cms_script(site.config)
        if not script.startswith("https://"):  # served by the site itself
            script, integrity = site.urls.root + script.lstrip("/"), ""
        context = {"settings": settings, "script": script, "config_url": site.urls.export(CMS_FILE),
                   "integrity": integrity}
        key = json.dumps(context, sort_keys=True)
        yield site.page(site.urls.admin(), "admin.html", key, lambda: context, listed=False)


