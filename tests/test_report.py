"""`timeline check --format github|json`: read back as GitHub and other tools read them."""

from __future__ import annotations

import json
import re

from conftest import entry

COMMAND = re.compile(r"^::(error|warning) (.*?)::(.*)$")


def unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def annotations(out: str) -> list[dict]:
    """Each ::error / ::warning line as GitHub's runner reads it: its properties and its message."""
    found = []
    for line in out.splitlines():
        match = COMMAND.match(line)
        if match:
            properties = dict(item.split("=", 1) for item in match.group(2).split(","))
            found.append({"level": match.group(1), **{k: unescape(v) for k, v in properties.items()},
                          "message": unescape(match.group(3))})
    return found


def broken(project):
    project.write("content/japan-agreement.md", entry(date="June 2024", summary=None))
    project.write("content/other.md", entry(title="Other", kind="sumit"))


def test_github_format_annotates_each_problem_in_a_group_per_file(project, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    broken(project)
    run = project.check("--format", "github")
    assert run.code == 1
    found = annotations(run.out)
    assert {(a["level"], a["file"], a.get("line"), a["title"]) for a in found} == {
        ("error", "content/japan-agreement.md", "3", "date"), ("error", "content/other.md", "4", "kind")}
    date = next(a for a in found if a["title"] == "date")
    assert date["message"] == "expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'"
    kind = next(a for a in found if a["title"] == "kind")
    assert "did you mean 'summit'" in kind["message"]
    lines = run.out.splitlines()
    groups = [line.removeprefix("::group::") for line in lines if line.startswith("::group::")]
    assert groups == sorted({a["file"] for a in found})
    assert lines.count("::endgroup::") == len(groups)
    for group in groups:  # every annotation sits inside its file's group
        start = lines.index(f"::group::{group}")
        end = lines.index("::endgroup::", start)
        assert all(annotations(line)[0]["file"] == group for line in lines[start + 1:end])


def test_the_step_summary_lists_every_problem_even_past_githubs_cap(project, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for n in range(30):  # GitHub shows 10 error annotations per step
        project.write(f"content/bad-{n:02d}.md", entry(title=f"Bad | {n}", date="June 2024"))
    run = project.check("--format", "github")
    assert run.code == 1 and len(annotations(run.out)) >= 30
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended to, as steps share the file
    rows = [line for line in text.splitlines() if line.startswith("| error |")]
    assert len(rows) == 30
    assert "| error | `content/bad-07.md` | 3 | date | expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024' |" in rows


def test_warnings_of_a_passing_check_are_warning_annotations_and_in_the_summary(project, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    project.write("content/notes,draft.txt", "not an entry")  # a comma in a property is escaped
    run = project.check("--format", "github")
    assert run.code == 0
    assert {(a["level"], a["file"], a.get("line")) for a in annotations(run.out)} == {
        ("warning", "content/notes,draft.txt", None), ("warning", "content/parties.toml", "10"),
        ("warning", "content/parties.toml", "15")}
    assert "file=content/notes%2Cdraft.txt" in run.out
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### timeline check: 0 error(s), 3 warning(s), 0 notice(s)\n")
    assert len([line for line in text.splitlines() if line.startswith("| warning |")]) == 3


def test_a_summary_with_nothing_to_report_says_so():
    from generator.commands.report import summary_table

    assert summary_table([]) == "### timeline check: no problems\n\n"


def test_messages_with_newlines_and_percents_cannot_break_out_of_their_annotation(project, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    project.write("content/japan-agreement.md", entry(kind='"100%\\n::error file=x::forged"'))
    run = project.check("--format", "github")
    found = annotations(run.out)
    assert [a["file"] for a in found if a["level"] == "error"] == ["content/japan-agreement.md"]
    assert not any(line.startswith("::error file=x") for line in run.out.splitlines())


def test_json_format_is_one_object_per_problem(project):
    broken(project)
    assert project.check("--format", "json").code == 1
    project.write("content/notes,draft.txt", "not an entry")
    run = project.check("--format", "json")
    assert run.code == 1
    items = [json.loads(line) for line in run.out.splitlines()]
    assert {(i["file"], i["line"], i["field"], i["severity"]) for i in items} == {
        ("content/japan-agreement.md", 3, "date", "error"), ("content/other.md", 4, "kind", "error")}
    assert all(set(i) == {"file", "line", "field", "message", "hint", "severity"} for i in items)
    project.write("content/other.md", entry(title="Other"))
    project.write("content/japan-agreement.md", entry())
    passing = [json.loads(line) for line in project.check("--format", "json").out.splitlines()]
    assert ("content/notes,draft.txt", None, None, "warning") in {
        (i["file"], i["line"], i["field"], i["severity"]) for i in passing}


def test_a_deploy_publishes_with_warnings_and_lists_them_in_the_job_summary(project, tmp_path, monkeypatch):
    """pages.yml builds with --format github and without --strict: warnings are annotated and in the
    job summary, and the site is written; an error still stops the build (no site)."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    project.write("content/notes.txt", "not an entry")
    run = project.run("build", "--format", "github", "--output", str(tmp_path / "_site"))
    assert run.code == 0, run.err
    assert [(a["level"], a["file"]) for a in annotations(run.out)][:1] == [("warning", "content/notes.txt")]
    assert "built " in run.err and "built " not in run.out  # stdout: only the annotations
    assert (tmp_path / "_site/index.html").is_file()
    assert summary.read_text(encoding="utf-8").startswith("### timeline build: 0 error(s), 3 warning(s), 0 notice(s)\n")
    assert project.run("build", "--strict", "--format", "github", "--output", str(tmp_path / "_strict")).code == 1
    broken(project)
    summary.write_text("", encoding="utf-8")
    run = project.run("build", "--format", "github", "--output", str(tmp_path / "_broken"))
    assert run.code == 1 and not (tmp_path / "_broken").exists()
    assert {a["file"] for a in annotations(run.out) if a["level"] == "error"} == {"content/japan-agreement.md",
                                                                                  "content/other.md"}
    assert summary.read_text(encoding="utf-8").startswith("### timeline build: 2 error(s)")
