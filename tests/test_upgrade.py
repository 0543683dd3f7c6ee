"""`timeline upgrade`: a site made by an earlier tool brought up to this one (its tool pin, its
carried wheel and its workflows), whole or not at all, never losing a site's own edit."""

from __future__ import annotations

import pytest

from generator.commands.cli import main
from generator.commands.init import _stamped, edited, workflows


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def old_site(tmp_path, capsys):
    """A site as an earlier version left it: an older pin beside a line of the site's own, and a
    workflow that version wrote (stamped, but not today's)."""
    site = tmp_path / "site"
    assert run(capsys, "init", str(site), "--tool", "timeline-generator==0.0.9")[0] == 0
    (site / "requirements.txt").write_text("# the site's tools\nrequests==2.32.3\ntimeline-generator==0.0.9\n",
                                           encoding="utf-8")
    pages = site / ".github/workflows/pages.yml"
    older = pages.read_text(encoding="utf-8").split("\n", 1)[1].replace("--format github ", "--strict ")
    pages.write_text(_stamped(older), encoding="utf-8")
    return site


def test_upgrade_pins_this_tool_and_refreshes_what_the_tool_wrote(old_site, capsys):
    code, out, err = run(capsys, "-C", str(old_site), "upgrade", "--tool", "timeline-generator==0.1.0")
    assert code == 0, err
    assert sorted(line.split(" ", 1)[0] for line in out.splitlines()) == ["updated", "updated"]
    assert (old_site / "requirements.txt").read_text(encoding="utf-8") == \
        "# the site's tools\nrequests==2.32.3\ntimeline-generator==0.1.0\n"  # the site's own lines kept
    pages = (old_site / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert pages == workflows("/")[".github/workflows/pages.yml"] and "--strict" not in pages
    assert "installs timeline-generator==0.1.0: as --tool says" in err
    # a second run has nothing to do, and says so
    code, out, err = run(capsys, "-C", str(old_site), "upgrade", "--tool", "timeline-generator==0.1.0")
    assert (code, out) == (0, "") and "the site is up to date" in err


def test_a_dry_run_says_what_would_change_and_writes_nothing(old_site, capsys):
    before = files(old_site)
    code, out, _ = run(capsys, "-C", str(old_site), "upgrade", "--dry-run", "--tool", "timeline-generator==0.1.0")
    assert code == 0 and "would be updated" in out and "requirements.txt" in out
    assert files(old_site) == before


def test_a_workflow_the_site_edited_is_kept_and_nothing_is_changed_unless_forced(old_site, capsys):
    check = old_site / ".github/workflows/check.yml"
    check.write_text(check.read_text(encoding="utf-8") + "      - run: echo our own step\n", encoding="utf-8")
    assert edited(check.read_text(encoding="utf-8"))
    before = files(old_site)
    code, _, err = run(capsys, "-C", str(old_site), "upgrade", "--tool", "timeline-generator==0.1.0")
    assert code == 2 and ".github/workflows/check.yml: edited since timeline wrote it" in err
    assert "nothing was changed" in err and "--force" in err
    assert files(old_site) == before  # not even requirements.txt: an upgrade is whole or not at all
    assert run(capsys, "-C", str(old_site), "upgrade", "--force", "--tool", "timeline-generator==0.1.0")[0] == 0
    assert check.read_text(encoding="utf-8") == workflows("/")[".github/workflows/check.yml"]


def test_a_workflow_from_before_the_stamp_counts_as_edited(old_site, capsys):
    pages = old_site / ".github/workflows/pages.yml"
    pages.write_text(pages.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # no stamp
    code, _, err = run(capsys, "-C", str(old_site), "upgrade", "--tool", "timeline-generator==0.1.0")
    assert code == 2 and "pages.yml: edited since" in err


def test_a_carried_wheel_is_replaced_by_this_tools(tmp_path, capsys):
    """Run from a checkout, the tool is carried: the old wheel goes, this one comes, and
    requirements.txt names it."""
    site = tmp_path / "site"
    assert run(capsys, "init", str(site), "--tool", "timeline-generator==0.0.9")[0] == 0
    old = site / ".timeline/timeline_generator-0.0.9-py3-none-any.whl"
    old.parent.mkdir()
    old.write_bytes(b"an older wheel")
    (site / "requirements.txt").write_text("./.timeline/timeline_generator-0.0.9-py3-none-any.whl\n", encoding="utf-8")
    code, out, err = run(capsys, "-C", str(site), "upgrade")
    assert code == 0, err
    assert "removed" in out and "added" in out and "the site carries its wheel" in err
    (wheel,) = (site / ".timeline").iterdir()
    assert wheel.name.startswith("timeline_generator-0.1.0-") and wheel.stat().st_size > 100_000
    assert (site / "requirements.txt").read_text(encoding="utf-8") == f"./.timeline/{wheel.name}\n"


def test_a_site_with_its_own_address_gets_the_workflow_that_builds_under_it(tmp_path, capsys):
    site = tmp_path / "site"
    assert run(capsys, "init", str(site), "--tool", "timeline-generator==0.1.0")[0] == 0
    toml = site / "timeline.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('base_url = "/"', 'base_url = "https://news.example/t/"'),
                    encoding="utf-8")
    code, out, _ = run(capsys, "-C", str(site), "upgrade", "--tool", "timeline-generator==0.1.0")
    assert code == 0 and out.strip().endswith("pages.yml")
    assert "timeline build --format github --output _site" in (site / ".github/workflows/pages.yml").read_text(
        encoding="utf-8")


def test_bad_input_is_refused_and_writes_nothing(tmp_path, old_site, capsys):
    code, _, err = run(capsys, "-C", str(tmp_path / "nowhere"), "upgrade")
    assert code == 2 and "has no timeline.toml: not a timeline site (timeline init makes one)" in err
    before = files(old_site)
    code, _, err = run(capsys, "-C", str(old_site), "upgrade", "--tool=--index-url=http://x")
    assert code == 2 and "--tool: expected one requirement" in err
    assert files(old_site) == before
    toml = old_site / "timeline.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[site]\ntitle = 'twice'\n", encoding="utf-8")
    before = files(old_site)
    code, _, err = run(capsys, "-C", str(old_site), "upgrade", "--tool", "timeline-generator==0.1.0")
    assert code == 1 and "timeline.toml:" in err
    assert files(old_site) == before
