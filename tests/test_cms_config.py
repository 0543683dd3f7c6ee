"""The CMS's configuration as `timeline cms` writes it, without a browser: for Sveltia CMS (the
default: one events collection whose translations are its other languages, validated against the
JSON schema Sveltia ships) and for Decap CMS (a collection a language); the admin page; and every
[cms] setting's error, at its line of timeline.toml."""

from __future__ import annotations

import json
import re
import tomllib

import jsonschema
import pytest
import yaml
from browser import npm_file

from conftest import search_fragments
from generator.config import CMS_PINNED, load_config
from generator.config.schema import ENTRY, TRANSLATION, names
from generator.core.dates import parse_partial_date

REPO_SETTING = '\n[cms]\nrepo = "newsroom/timeline"\n'
DECAP = '\n[cms]\neditor = "decap"\nrepo = "newsroom/timeline"\n'


def _config(project) -> dict:
    return yaml.safe_load((project.root / "admin/config.yml").read_text(encoding="utf-8"))


def _written(project, settings: str) -> dict:
    """admin/config.yml for these [cms] settings (in place of the bundled site's own)."""
    path = project.root / "timeline.toml"
    path.write_text(path.read_text(encoding="utf-8").split("\n[cms]\n")[0] + settings, encoding="utf-8")
    result = project.run("cms")
    assert result.code == 0, result.err
    return _config(project)


def _widgets(node):
    """Every form field of the configuration, at any depth."""
    if isinstance(node, dict):
        if "widget" in node:
            yield node
        for value in node.values():
            yield from _widgets(value)
    elif isinstance(node, list):
        for value in node:
            yield from _widgets(value)


def test_sveltia_gets_one_collection_with_translations_beside_their_originals(bundled):
    config = _written(bundled, REPO_SETTING)
    schema = json.loads(npm_file("@sveltia/cms/schema/sveltia-cms.json").read_text(encoding="utf-8"))
    jsonschema.validate(config, schema)  # the schema the pinned release ships
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "newsroom/timeline",
                                 "auth_methods": ["token"]}  # no OAuth app: a personal access token
    assert config["publish_mode"] == "editorial_workflow"  # each change a branch and a pull request
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True}  # file names the validator takes
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en-GB", "uk"], "default_locale": "en-GB",
                              "initial_locales": "default", "omit_default_locale_from_file_path": True}
    events, settings = config["collections"]
    assert events["i18n"] is True and events["folder"] == "content" and events["format"] == "timeline-frontmatter"
    assert [f["name"] for f in events["fields"]] == [*names(ENTRY), "body"]
    translated = [f["name"] for f in events["fields"] if f["i18n"] is True]
    assert translated == [*names(TRANSLATION), "body"]  # what a translation may carry, and nothing else
    media = next(f for f in events["fields"] if f["name"] == "media")
    picture = next(kind for kind in media["types"] if kind["name"] == "picture")
    marks = {f["name"]: (f["i18n"], f["required"]) for f in picture["fields"]}
    assert marks["alt"] == (True, ["en-GB"]) and marks["src"] == ("duplicate", True)
    assert settings["files"][0]["file"] == "content/parties.toml"
    assert "options_length" not in json.dumps(config) and "description" not in json.dumps(config)


def test_review_settings_and_the_repository_from_the_pages_address(bundled):
    settings = '\n[cms]\nreview = false\nauth_url = "https://auth.example.org"\n'
    text = (bundled.root / "timeline.toml").read_text(encoding="utf-8")
    (bundled.root / "timeline.toml").write_text(text.replace('base_url = "/"', 'base_url = '
                                                             '"https://newsroom.github.io/timeline/"'), encoding="utf-8")
    config = _written(bundled, settings)
    assert "publish_mode" not in config  # simple mode: every save goes straight to the branch
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "newsroom/timeline",
                                 "base_url": "https://auth.example.org", "auth_endpoint": "auth"}


def test_the_decap_form_has_every_field_of_the_schema_in_its_order(bundled):
    config = _written(bundled, DECAP)
    events, translations, settings = config["collections"]
    assert [f["name"] for f in events["fields"]] == [*names(ENTRY), "body"]
    for field, widget in zip(ENTRY, events["fields"]):
        if field.name == "media":
            shown = {inner["name"] for kind in widget["types"] for inner in kind["fields"]}
            assert shown == set(names(field.fields)) and all(
                next(f for f in kind["fields"] if f["name"] == "alt")["required"]
                for kind in widget["types"] if kind["name"] == "picture")
        elif field.fields:
            assert [inner["name"] for inner in widget["fields"]] == list(names(field.fields))
        assert widget["required"] == field.required
    assert translations["extension"] == "uk.md" and translations["format"] == "timeline-translation"
    assert [f["name"] for f in translations["fields"]] == ["original", *names(TRANSLATION), "body"]
    assert settings["files"][0]["file"] == "content/parties.toml"
    parties = tomllib.loads((bundled.root / "content/parties.toml").read_text(encoding="utf-8"))
    assert [f["name"] for f in settings["files"][0]["fields"]] == sorted(parties)


@pytest.mark.parametrize("settings", [REPO_SETTING, DECAP])
def test_dates_are_text_with_a_pattern_and_choices_come_from_the_site(bundled, settings):
    config, site = _written(bundled, settings), load_config(bundled.root)
    widgets = list(_widgets(config["collections"]))
    assert not [w for w in widgets if w["widget"] in ("datetime", "date")]  # never the date picker
    events = {w["name"]: w for w in config["collections"][0]["fields"]}
    pattern = re.compile(events["date"]["pattern"][0])
    for text in ("2024", "2024-06", "2024-06-13", "0999-12-31"):
        assert pattern.match(text) and parse_partial_date(text)
    for text in ("June 2024", "24", "2024-6", "2024-13", "2024-00", "2024-06-32", "2024/06", "2024-06-13T00"):
        assert not pattern.match(text)
        with pytest.raises(ValueError):
            parse_partial_date(text)
    assert [o["value"] for o in events["kind"]["options"]] == list(site.kinds)
    assert set(events["status"]["options"]) == {s for kind in site.kinds.values() for s in kind.statuses}
    parties = tomllib.loads((bundled.root / "content/parties.toml").read_text(encoding="utf-8"))
    assert sorted(o["value"] for o in events["parties"]["options"]) == sorted(parties) and events["parties"]["multiple"]
    seeds = next(w for w in events["sources"]["fields"] if w["name"] == "seed")["options"]
    assert seeds == sorted(p.name for p in (bundled.root / "seeds").iterdir() if p.suffix != ".toml")
    related = next(w for w in events["related"]["fields"] if w["name"] == "event")
    assert related["widget"] == "relation" and related["value_field"] == "{{slug}}" and related["search_fields"]


def test_check_warns_while_the_form_is_out_of_date(bundled):
    _written(bundled, REPO_SETTING)
    assert bundled.check("--strict").code == 0
    parties = bundled.root / "content/parties.toml"
    parties.write_text(parties.read_text(encoding="utf-8").replace('name = "Japan"', 'name = "Nippon"'), encoding="utf-8")
    stale = bundled.check("--strict")
    assert stale.code == 1
    assert "admin/config.yml:1: warning: cms: out of date: the schema, kinds, parties, articles or [cms] settings " \
           "changed since it was written (run timeline cms)" in stale.err
    assert bundled.run("cms").code == 0 and bundled.check("--strict").code == 0
    assert "Nippon" in (bundled.root / "admin/config.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("editor", ["sveltia", "decap"])
def test_the_admin_page_is_built_only_with_a_configuration_and_never_listed(bundled, editor):
    assert bundled.build().code == 0
    assert not (bundled.root / "_site/admin").exists()
    _written(bundled, f'\n[cms]\neditor = "{editor}"\nrepo = "newsroom/timeline"\n')
    assert bundled.build().code == 0
    admin = bundled.html("admin/index.html")
    assert admin.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    script = admin.find("script", src=CMS_PINNED[editor][0])
    assert script["integrity"] == CMS_PINNED[editor][1] and script["crossorigin"] == "anonymous"
    assert admin.find("link", rel="cms-config-url")["href"] == "/admin/config.yml"
    assert (bundled.root / "_site/admin/config.yml").read_bytes() == (bundled.root / "admin/config.yml").read_bytes()
    site = bundled.root / "_site"
    for listing in ("sitemap.xml", "feed.xml", "events.json"):
        assert "admin" not in (site / listing).read_text(encoding="utf-8")
    assert not [url for url in search_fragments(site) if "admin" in url]
    readers = [p for p in site.rglob("*.html") if "admin" not in p.parts]
    assert readers and not [p for p in readers if "unpkg" in p.read_text(encoding="utf-8")]


def test_a_site_serving_the_cms_itself_needs_no_hash(bundled):
    config = _written(bundled, '\n[cms]\nrepo = "newsroom/timeline"\nscript = "static/sveltia/sveltia-cms.js"\n'
                               'integrity = ""\nreview = false\n')
    assert bundled.build().code == 0
    script = bundled.html("admin/index.html").find("script", src="/static/sveltia/sveltia-cms.js")
    assert script is not None and not script.get("integrity")
    assert config["backend"] == {"name": "github", "branch": "main", "repo": "newsroom/timeline",
                                 "auth_methods": ["token"]}


@pytest.mark.parametrize("settings, message", [
    ('editor = "wordpress"', "timeline.toml:2: cms.editor: unknown editor 'wordpress' (one of: sveltia, decap)"),
    ('backend = "svn"', "timeline.toml:2: cms.backend: unknown backend 'svn' (one of: github, gitlab, gitea)"),
    ('backend = "gitea"\nrepo = "a/b"', "timeline.toml:2: cms.review: review by pull request needs the github or "
     "gitlab backend, not gitea (review = false"),
    ('review = "yes"', "timeline.toml:2: cms.review: expected true or false, got 'yes'"),
    ('repo = "just-a-name"', "timeline.toml:2: cms.repo: expected owner/name, got 'just-a-name'"),
    ('branch = "main"', "timeline.toml:1: cms.repo: Sveltia CMS needs the repository it commits to (repo = "),
    ('auth_url = "http://auth.example.org"', "timeline.toml:2: cms.auth_url: expected the OAuth proxy's https://"),
    ('script = "http://cdn.example.org/cms.js"', "timeline.toml:2: cms.script: expected an https:// address or a path"),
    ('script = "https://cdn.example.org/cms.js"\nintegrity = "md5-x"', "timeline.toml:3: cms.integrity: a CMS loaded "
     "from another site needs its hash"),
    (f'script = "https://cdn.example.org/cms.js"\nintegrity = "{CMS_PINNED["decap"][1]}"',
     "timeline.toml:2: cms.script: another CMS script, with the pinned one's hash"),
    (f'integrity = "{CMS_PINNED["sveltia"][1]}"', "timeline.toml:2: cms.integrity: a hash without its script"),
    ("branch = 3", "timeline.toml:2: cms.branch: expected a string, got 3"),
    ('colour = "red"', "timeline.toml:2: cms.colour: unknown key"),
])
def test_cms_settings_are_checked(project, settings, message):
    project.write("timeline.toml", f"[cms]\n{settings}\n")
    result = project.run("cms")
    assert result.code == 1 and message in result.err
    assert not (project.root / "admin/config.yml").exists()


@pytest.mark.parametrize("editor", ["sveltia", "decap"])
def test_a_site_in_one_language_has_no_translations(project, editor):
    config = _written(project, f'\n[cms]\neditor = "{editor}"\nrepo = "newsroom/timeline"\n')
    assert "i18n" not in config
    assert [c["name"] for c in config["collections"]] == ["events", "settings"]
    party = config["collections"][1]["files"][0]["fields"][0]
    assert [f["name"] for f in party["fields"]] == ["name", "type", "aliases"]
