"""The command line: exit codes, what is printed where, `new`, and the output folder's safety."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED, entry
from generator.build.write import MARKER


def test_build_prints_a_line_per_stage_and_a_summary(project):
    result = project.build()
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines[:5]] == ["load", "model", "check", "plan", "render"]
    assert all(line.endswith(" ms") for line in lines[:5])
    assert lines[-1].startswith("built 1 entries into 25 pages and exports (25 rendered, ") and " s: " in lines[-1]
    assert (project.root / "_site" / MARKER).is_file()


def test_timings_say_where_a_build_spent_its_time(project):
    cold = project.build("--timings").out.split("\nstep ", 1)[1].splitlines()
    steps = {line.split()[0]: float(line.split()[1]) for line in cold[1:7]}
    assert list(steps) == ["load", "model", "check", "plan", "render", "total"]
    # each figure is rounded to 0.01 s: the printed steps add up to the printed total within 6 roundings
    assert steps["total"] == pytest.approx(sum(steps.values()) - steps["total"], abs=0.031)
    work = {line[:34].strip(): line[34:].split() for line in cold[9:]}
    assert work["event pages"][0] == "1" and work["timeline pages"][0] == "1"
    assert work["bodies (Markdown)"][0] == "1" and work["cards"][0] == "1"
    assert all(float(making) >= 0 and float(writing) >= 0 for _, making, writing, _ in work.values())
    # a warm build renders nothing: no family has work, and no body or card is made again
    warm = project.build("--timings").out.split("\nstep ", 1)[1]
    assert not {"event pages", "bodies (Markdown)", "cards"} & {line[:34].strip() for line in warm.splitlines()}
    as_json = project.build("--timings", "--format", "json")  # stdout is for the problems then; the table on stderr
    assert all(line.startswith("{") for line in as_json.out.splitlines()) and "\nstep " in as_json.err


def test_quiet_build_prints_nothing(project):
    result = project.build("-q")
    assert (result.code, result.out) == (0, "")


def test_check_writes_nothing(project):
    result = project.check()
    assert result.code == 0
    assert result.out == "checked 1 entries: no errors, 2 warning(s)\n"
    assert not (project.root / "_site").exists()


@pytest.mark.parametrize("args", [["build", "--today", "June"], ["check", "--today", "2024-06"], ["frobnicate"],
                                  ["new", "Title", "--kind", "summit"], ["build", "--no-such-flag"]])
def test_usage_errors_exit_2(project, args):
    with pytest.raises(SystemExit) as caught:
        project.run(*args)
        raise SystemExit(project.run(*args).code)
    assert caught.value.code == 2


def test_bad_today_message(project):
    result = project.run("check", "--today", "2024-06")
    assert (result.code, result.err) == (2, "error: --today: expected YYYY-MM-DD, got '2024-06'\n")


def test_source_date_epoch_sets_today(project, monkeypatch):
    project.write("content/japan-agreement.md", entry(date='"2024-06-13"'))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718150400")  # 2024-06-12: the signing is still ahead
    result = project.run("check")
    assert result.code == 1
    assert "after today (2024-06-12)" in result.err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert project.run("check").code == 2


def test_module_entry_point_and_console_script_work():
    script = str(Path(sys.executable).parent / "timeline")
    for command in ([sys.executable, "-m", "generator", "--version"], [script, "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        assert done.returncode == 0 and done.stdout.startswith("timeline-generator ")


def test_a_real_process_shows_no_traceback_on_bad_input(project):
    project.write("content/bad.md", "---\ntitle: [unclosed\n---\n")
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("content/bad.md:3: front matter: invalid YAML:")


# -- timeline new ---------------------------------------------------------------------------------

def test_new_writes_a_valid_draft_and_prints_its_path(project):
    result = project.run("new", "Ukraine–US agreement signed", "--date", "2024-06-13", "--kind", "agreement",
                         "--party", "UA", "--party", "us", "--location", "Apulia, Italy", "--today", "2026-01-01")
    assert result.code == 0, result.err
    path = project.root / "content" / "ukraine-us-agreement-signed.md"
    assert result.out.strip().endswith("content/ukraine-us-agreement-signed.md")
    text = path.read_text(encoding="utf-8")
    assert 'title: "Ukraine–US agreement signed"' in text
    assert "status:" not in text and "parties: [ukraine, united-states]" in text and "draft: true" in text
    assert "status: left out, since the sources must say what happened" in result.err
    assert project.check().code == 0
    assert project.build("--drafts").code == 0
    assert (project.root / "_site/events/ukraine-us-agreement-signed/index.html").is_file()


def test_new_picks_a_status_that_fits_a_future_date(project):
    result = project.run("new", "Next summit", "--date", "2030-06", "--kind", "summit", "--today", "2026-01-01")
    assert result.code == 0
    assert "status: scheduled" in (project.root / "content/next-summit.md").read_text(encoding="utf-8")
    assert "status: scheduled (the date is after today; give --status to choose another)" in result.err
    assert project.check().code == 0


def test_new_cites_a_seed_with_a_quote_checked_at_once(project):
    quote = "Ukraine will sign bilateral security agreements with the United States and Japan"
    result = project.run("new", "Signing announced", "--date", "2024-06", "--kind", "announcement",
                         "--seed", f"seeds/{SEED}", "--quote", quote.replace(" ", "  "))
    assert result.code == 0, result.err
    text = (project.root / "content/signing-announced.md").read_text(encoding="utf-8")
    assert f"  - seed: {SEED}\n    quote: \"{quote.replace(' ', '  ')}\"\n" in text
    assert project.check("--drafts").code == 0
    wrong = project.run("new", "Another", "--date", "2024", "--kind", "summit", "--seed", SEED,
                        "--quote", "Ukraine will sign a peace treaty")
    assert (wrong.code, wrong.err.strip()) == (2, f"error: --quote: does not occur in seeds/{SEED} (the nearest "
                                                  "passage, 68% alike, reads \"Ukraine will sign bilateral\"; yours has "
                                                  "'a peace treaty' where the article has 'bilateral')")
    assert not (project.root / "content/another.md").exists()
    missing = project.run("new", "Another", "--date", "2024", "--kind", "summit", "--seed", "nope.txt", "--quote", "x")
    assert missing.code == 2 and "error: --seed: no article 'nope.txt' in seeds/" in missing.err


def test_new_cites_a_web_page(project):
    result = project.run("new", "Web cited", "--date", "2024", "--kind", "summit", "--url",
                         "https://example.org/news/1", "--source-title", "A report")
    assert result.code == 0
    text = (project.root / "content/web-cited.md").read_text(encoding="utf-8")
    assert '  - url: "https://example.org/news/1"\n    title: "A report"\n' in text
    assert project.check("--drafts").code == 0
    bad = project.run("new", "Web bad", "--date", "2024", "--kind", "summit", "--url", "javascript:alert(1)")
    assert bad.code == 2 and "--url: expected an http or https address" in bad.err


def test_new_reports_every_unknown_party_at_once_and_takes_kinds_in_any_case(project):
    result = project.run("new", "Something", "--date", "2024", "--kind", "summit", "--party", "japn",
                         "--party", "ukraine", "--party", "frnace")
    assert result.err.strip().startswith("error: --party: unknown parties 'japn' (did you mean 'japan'?), 'frnace'")
    made = project.run("new", "Cased", "--date", "2024", "--kind", "Summit")
    assert made.code == 0 and "kind: summit\n" in (project.root / "content/cased.md").read_text(encoding="utf-8")


def test_new_makes_short_slugs_and_names_files_as_the_site_does(project):
    result = project.run("new", "Leaders of the seven largest economies meet in Apulia to agree on support",
                         "--date", "2024", "--kind", "summit")
    assert result.out.strip().endswith("content/leaders-of-the-seven-largest-economies.md")
    again = project.run("new", "Japan agreement", "--date", "2024", "--kind", "agreement")
    assert again.err.strip() == "error: content/japan-agreement.md already exists; not overwritten"


def test_new_never_overwrites(project):
    original = (project.root / "content/japan-agreement.md").read_bytes()
    result = project.run("new", "Japan agreement", "--date", "2024", "--kind", "agreement")
    assert result.code == 1
    assert "already exists; not overwritten" in result.err
    assert (project.root / "content/japan-agreement.md").read_bytes() == original


@pytest.mark.parametrize("args, message", [
    (["--date", "June", "--kind", "summit"], "error: --date: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June'"),
    (["--date", "2024", "--kind", "sumit"], "error: --kind: unknown kind 'sumit' (did you mean 'summit'?)"),
    (["--date", "2024", "--kind", "summit", "--status", "signed"],
     "error: --status: 'signed' is not a status of a summit (one of: scheduled, held, postponed, cancelled)"),
    (["--date", "2030", "--kind", "summit", "--status", "held", "--today", "2026-01-01"],
     "error: --status: 'held' says this happened, but the date is after today"),
    (["--date", "2024", "--kind", "summit", "--party", "japn"],
     "error: --party: unknown party 'japn' (did you mean 'japan'?)"),
])
def test_new_rejects_bad_options(project, args, message):
    result = project.run("new", "Something", *args)
    assert result.code == 2
    assert result.err.strip() == message
    assert not (project.root / "content/something.md").exists()


def test_new_title_without_latin_letters_needs_a_slug(project):
    result = project.run("new", "Київ", "--date", "2024", "--kind", "summit")
    assert (result.code, result.err) == (2, "error: cannot make a file name from 'Київ'; give --slug with "
                                            "lowercase letters, digits and hyphens\n")
    assert project.run("new", "Київ", "--date", "2024", "--kind", "summit", "--slug", "kyiv").code == 0
    assert "title: \"Київ\"" in (project.root / "content/kyiv.md").read_text(encoding="utf-8")


# -- the output folder ----------------------------------------------------------------------------

@pytest.mark.parametrize("output", [".", "content", "content/site", "seeds", "templates", "static", ".."])
def test_output_overlapping_the_project_is_refused(project, output):
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    result = project.build("--output", str(project.root / output))
    assert result.code == 1
    assert "refused" in result.err
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before


def test_output_home_is_refused(project, monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "precious.txt").write_text("keep", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    result = project.build("--output", str(home))
    assert result.code == 1 and "home folder; refused" in result.err
    assert (home / "precious.txt").read_text(encoding="utf-8") == "keep"


def test_a_foreign_non_empty_folder_is_refused(project, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    result = project.build("--output", str(foreign))
    assert result.code == 1
    assert "was not written by timeline-generator; refused" in result.err
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_rebuild_replaces_our_own_output_and_drops_stale_pages(project):
    assert project.build().code == 0
    project.write("content/second.md", entry(title="Second"))
    assert project.build().code == 0
    assert (project.root / "_site/events/second/index.html").is_file()
    (project.root / "content/second.md").unlink()
    assert project.build().code == 0
    assert not (project.root / "_site/events/second").exists()


def test_a_failed_build_keeps_the_previous_site(project):
    assert project.build().code == 0
    before = {p: p.read_bytes() for p in (project.root / "_site").rglob("*") if p.is_file()}
    project.write("content/bad.md", entry(date="June 2024"))
    assert project.build().code == 1
    project.write("templates/event.html", "{% if %}")
    (project.root / "content/bad.md").unlink()
    result = project.build()
    assert result.code == 1
    assert result.err.startswith("templates/event.html:1: template: ")
    after = {p: p.read_bytes() for p in (project.root / "_site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.root.glob("_site.*"))


def test_a_template_error_at_run_time_names_the_template_line(project):
    project.write("templates/404.html", '{% extends "base.html" %}\n{% block main %}\n{{ no_such_thing }}\n{% endblock %}\n')
    result = project.check()
    assert result.code == 1
    assert result.err.splitlines()[0] == "templates/404.html:3: template: 'no_such_thing' is undefined"


def test_the_progress_line_redraws_in_place_and_ends_with_a_newline(capsys):
    from generator.commands.cli import ProgressBar

    bar = ProgressBar()
    bar("render", 200, 1000)
    bar("render", 1000, 1000)
    err = capsys.readouterr().err
    assert err.startswith("\r\033[K") and "1000/1000" in err and err.endswith("/s\n")


def test_no_progress_line_when_stderr_is_not_a_terminal(project):
    result = project.build()  # captured output is not a terminal
    assert "\r" not in result.err and "\033[" not in result.err
