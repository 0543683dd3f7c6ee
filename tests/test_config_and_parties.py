"""timeline.toml and content/parties.toml: defaults, overrides, and every way to get them wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import DEFAULT_KINDS, load_config, normalise_base_url
from generator.core.errors import ContentError


def test_defaults_without_a_config_file(tmp_path):
    config = load_config(tmp_path)
    assert config.title == "Timeline"
    assert config.base_url == "/" and config.base_path == "/" and config.absolute_base == ""
    assert config.output_dir == tmp_path / "_site"
    assert config.order == "newest-first"
    assert config.kinds == DEFAULT_KINDS


def test_file_values_and_overrides(tmp_path):
    (tmp_path / "timeline.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "https://u.github.io/repo"\norder = "oldest-first"\n'
        '[build]\noutput = "public"\nunsafe_html = true\n', encoding="utf-8")
    config = load_config(tmp_path, base_url=None, output=None)
    assert (config.title, config.order, config.unsafe_html) == ("T", "oldest-first", True)
    assert config.base_url == "https://u.github.io/repo/"
    assert config.base_path == "/repo/" and config.absolute_base == "https://u.github.io/repo/"
    assert config.output_dir == tmp_path / "public"
    overridden = load_config(tmp_path, base_url="/other", output="/tmp/x")
    assert overridden.base_path == "/other/" and overridden.output_dir == Path("/tmp/x")


@pytest.mark.parametrize("url, expected", [("/", "/"), ("repo", "/repo/"), ("/repo", "/repo/"),
                                           ("https://h.io", "https://h.io/"), (" https://h.io/r/ ", "https://h.io/r/")])
def test_base_url_is_normalised(url, expected):
    assert normalise_base_url(url) == expected


def test_kinds_can_be_added_and_relabelled(tmp_path):
    (tmp_path / "timeline.toml").write_text(
        '[kinds.summit]\nlabel = "Leaders\' summit"\n'
        '[kinds.treaty]\nstatuses = ["drafted", "ratified"]\nhappened = ["ratified"]\n', encoding="utf-8")
    kinds = load_config(tmp_path).kinds
    assert kinds["summit"].label == "Leaders' summit" and kinds["summit"].statuses == DEFAULT_KINDS["summit"].statuses
    assert kinds["treaty"].statuses == ("drafted", "ratified") and kinds["treaty"].happened == ("ratified",)
    assert kinds["treaty"].plural == "Treatys" or kinds["treaty"].plural  # a label of its own may be given


CORRECTIONS_EXAMPLE = ('"mailto:desk@example.org?subject=Correction: {title}&body={url}" or '
                       '"https://github.com/owner/name/issues/new?title=Correction: {title}&body={url}"')
CONFIG_CASES = {
    "unknown language": ('[site]\nlanguage = "klingon"\n',
                         "timeline.toml:2: site.language: unknown language 'klingon' (a language tag CLDR knows: en, "
                         "en-GB, uk, de, ar...)"),
    "language not a tag": ('[site]\nlanguage = "en GB"\n',
                           "timeline.toml:2: site.language: unknown language 'en GB' (a language tag CLDR knows: en, "
                           "en-GB, uk, de, ar...)"),
    "unknown key": ('[site]\ntitel = "x"\n', "timeline.toml:2: site.titel: unknown key (did you mean 'title'?)"),
    "unknown table": ('[sight]\ntitle = "x"\n', "timeline.toml:1: sight: unknown table (did you mean 'site'?)"),
    "wrong type": ("[build]\nunsafe_html = \"yes\"\n",
                   "timeline.toml:2: build.unsafe_html: expected true or false, got 'yes'"),
    "bad order": ('[site]\norder = "newest"\n',
                  "timeline.toml:2: site.order: unknown order 'newest' (one of: newest-first, oldest-first)"),
    "bad base_url": ('[site]\nbase_url = "ftp://host/"\n',
                     "timeline.toml:2: site.base_url: expected '/', '/path/' or 'https://host/path/', got 'ftp://host/'"),
    "base_url not a url": ('[site]\nbase_url = "not a url"\n',
                           "timeline.toml:2: site.base_url: expected '/', '/path/' or 'https://host/path/', got '/not a url/'"),
    "base_url with no scheme but a host": ('[site]\nbase_url = "//evil.example/"\n',
                                           "timeline.toml:2: site.base_url: expected '/', '/path/' or 'https://host/path/', got '//evil.example/'"),
    "base_url with no host": ('[site]\nbase_url = "https:///x/"\n',
                              "timeline.toml:2: site.base_url: expected '/', '/path/' or 'https://host/path/', got 'https:///x/'"),
    "unreadable base_url": ('[site]\nbase_url = "http://x.org[/repo/"\n',
                            "timeline.toml:2: site.base_url: expected '/', '/path/' or 'https://host/path/', "
                            "got 'http://x.org[/repo/'"),
    "empty title": ('[site]\ntitle = " "\n', "timeline.toml:2: site.title: must not be empty"),
    "no feed entries": ('[site]\ntitle = "T"\nfeed_entries = 0\n',
                        "timeline.toml:3: site.feed_entries: must be 1 or more, got 0"),
    "feed entries true": ('[site]\ntitle = "T"\nfeed_entries = true\n',
                          "timeline.toml:3: site.feed_entries: expected a whole number, got True"),
    "feed entries text": ('[site]\ntitle = "T"\nfeed_entries = "10"\n',
                          "timeline.toml:3: site.feed_entries: expected a whole number, got '10'"),
    "no page size": ('[site]\ntitle = "T"\npage_size = 0\n',
                     "timeline.toml:3: site.page_size: must be 1 or more, got 0"),
    "page size text": ('[site]\ntitle = "T"\npage_size = "ten"\n',
                       "timeline.toml:3: site.page_size: expected a whole number, got 'ten'"),
    "bad TOML": ('[site]\ntitle = \n', "timeline.toml:2: invalid TOML: Invalid value"),
    "kind without statuses": ("[kinds.treaty]\nlabel = \"Treaty\"\n", "timeline.toml:1: kinds.treaty: a new kind needs 'statuses'"),
    "happened not a status": ('[kinds.treaty]\nstatuses = ["drafted"]\nhappened = ["ratified"]\n',
                              "timeline.toml:3: kinds.treaty.happened: 'ratified' is not one of this kind's statuses "
                              "(one of: drafted)"),
    "kind unknown key": ('[kinds.summit]\nlabels = "x"\n',
                         "timeline.toml:2: kinds.summit.labels: unknown key (did you mean 'label'?)"),
    "kind unknown shape": ('[kinds.summit]\nshape = "star"\n',
                           "timeline.toml:2: kinds.summit.shape: unknown shape 'star' (did you mean 'square'?)"),
    "corrections unknown placeholder": ('[site]\ntitle = "T"\ncorrections = "mailto:desk@example.org?subject={headline}"\n',
                                        "timeline.toml:3: site.corrections: unknown placeholder {headline} (use {title} "
                                        "and {url})"),
    "corrections stray brace": ('[site]\ntitle = "T"\ncorrections = "mailto:desk@example.org?subject={title"\n',
                                "timeline.toml:3: site.corrections: a brace that opens or closes no placeholder in "
                                "'mailto:desk@example.org?subject={title' (use {title} and {url})"),
    "corrections mailto without address": ('[site]\ntitle = "T"\ncorrections = "mailto:?subject={title}"\n',
                                           "timeline.toml:3: site.corrections: expected mailto:name@host, got "
                                           "'mailto:?subject={title}' (" + CORRECTIONS_EXAMPLE + ")"),
    "corrections not an address": ('[site]\ntitle = "T"\ncorrections = "write to the desk"\n',
                                   "timeline.toml:3: site.corrections: expected a mailto: or https:// address, got "
                                   "'write to the desk' (" + CORRECTIONS_EXAMPLE + ")"),
    "corrections javascript": ('[site]\ntitle = "T"\ncorrections = "javascript:alert({title})"\n',
                               "timeline.toml:3: site.corrections: expected a mailto: or https:// address, got "
                               "'javascript:alert({title})' (" + CORRECTIONS_EXAMPLE + ")"),
    "corrections not text": ('[site]\ntitle = "T"\ncorrections = true\n',
                             "timeline.toml:3: site.corrections: expected a string, got True"),
    "kind bad colour": ('[kinds.summit]\ncolour = "teal"\n',
                        "timeline.toml:2: kinds.summit.colour: expected a colour like \"#0f766e\", got 'teal' (six "
                        "hexadecimal digits after '#': it marks the kind in light and dark mode alike)"),
}


@pytest.mark.parametrize("text, expected", CONFIG_CASES.values(), ids=CONFIG_CASES.keys())
def test_config_errors_name_file_line_and_key(project, text, expected):
    project.write("timeline.toml", text)
    result = project.check()
    assert result.code == 1
    assert expected in result.err.splitlines(), result.err


PARTY_CASES = {
    "unknown type": ('[ukraine]\nname = "Ukraine"\ntype = "nation"\n',
                     "content/parties.toml:3: ukraine.type: unknown type 'nation' (one of: country, organisation, group)"),
    "missing name": ('[ukraine]\ntype = "country"\n',
                     'content/parties.toml:1: ukraine.name: required, as text (add name = "..." under [ukraine])'),
    "unknown key": ('[ukraine]\nname = "Ukraine"\nalias = ["UA"]\n',
                    "content/parties.toml:3: ukraine.alias: unknown key (did you mean 'aliases'?)"),
    "bad id": ('[Ukraine]\nname = "Ukraine"\n',
               "content/parties.toml:1: Ukraine: a party id must be lowercase letters, digits and hyphens "
               "(for example [united-states])"),
    "alias taken": ('[ukraine]\nname = "Ukraine"\n[japan]\nname = "Japan"\naliases = ["ukraine"]\n',
                    "content/parties.toml:3: japan: 'ukraine' already names party 'ukraine' "
                    "(names and aliases must be unique)"),
    "bad TOML": ('[ukraine\nname = "Ukraine"\n', "content/parties.toml:1: invalid TOML: Expected ']' at the end of a table declaration"),
}


@pytest.mark.parametrize("text, expected", PARTY_CASES.values(), ids=PARTY_CASES.keys())
def test_parties_errors_name_file_line_and_key(project, text, expected):
    project.write("content/parties.toml", text)
    result = project.check()
    assert result.code == 1
    assert expected in result.err.splitlines(), result.err


def test_unused_party_is_a_warning_fatal_under_strict(project):
    result = project.check()
    assert result.code == 0
    assert ("content/parties.toml:10: warning: united-states: declared but no event names it "
            "(remove it, or add it to an entry's parties)") in result.err.splitlines()
    strict = project.check("--strict")
    assert strict.code == 1
    assert strict.err.splitlines()[-1] == "2 warning(s) (fatal with --strict) in 1 file(s)"


def test_parties_resolve_by_id_name_or_alias_in_any_case(project):
    from conftest import entry
    project.write("content/japan-agreement.md", entry(parties="[UA, japan, 'united states', g7]"))
    assert project.build().code == 0
    links = [a["href"] for a in project.html("events/japan-agreement/index.html").select(".parties a")]
    assert links == ["/parties/ukraine/", "/parties/japan/", "/parties/united-states/", "/parties/g7/"]


def test_config_error_raises_content_error(tmp_path):
    (tmp_path / "timeline.toml").write_text("[site]\norder = 3\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_config(tmp_path)
    assert str(caught.value) == "timeline.toml:2: site.order: expected a string, got 3"
