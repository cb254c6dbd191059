"""The command line as a user runs it: `python -m postmortem_tui ...` in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.export import to_markdown
from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore
from postmortem_tui.core.toml_writer import to_toml

SECTION_TITLES = [
    "Header",
    "Executive Summary",
    "Impact",
    "Timeline",
    "Root Cause Analysis",
    "Contributing Factors",
    "Resolution",
    "Action Items",
    "Lessons Learned",
    "Appendix",
    "Sign-off",
    "Document History",
]


def run(
    *args: str,
    folder: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    full_env.update(env or {})
    prefix = ["--dir", str(folder)] if folder is not None else []
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("postmortem: error: ")
    return lines[0]


@pytest.fixture
def demo_id(store: DraftStore) -> str:
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    store.save(doc)
    return doc.header.incident_id


@pytest.fixture
def empty_id(store: DraftStore) -> str:
    doc, _ = store.new(title="Stalled quotes", when=dt.date(2025, 3, 3))
    return doc.header.incident_id


# --- help and version -----------------------------------------------------------------------


def test_help() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("new", "open", "quick", "list", "check", "export", "demo", "--dir"):
        assert command in proc.stdout
    assert "-o, --output FILE|-" in run("export", "--help").stdout


def test_version() -> None:
    proc = run("--version")
    assert (proc.returncode, proc.stdout) == (0, "postmortem 0.1.0\n")


def test_bad_usage_exits_2() -> None:
    assert run("check").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("--dir", "", "list").returncode == 2


# --- demo -----------------------------------------------------------------------------------


def test_demo_writes_a_complete_draft_and_prints_its_id(store: DraftStore) -> None:
    proc = run("demo", folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    ident = proc.stdout.strip()
    assert proc.stdout == ident + "\n"
    path = store.folder / f"{ident}.toml"
    assert path.is_file()
    assert str(path) in proc.stderr
    second = run("demo", folder=store.folder).stdout.strip()
    assert second == ident[:-3] + "002"
    assert run("check", ident, folder=store.folder).returncode == 0


# --- list -----------------------------------------------------------------------------------


def test_list_table(store: DraftStore, demo_id: str, empty_id: str) -> None:
    os.utime(store.folder / f"{demo_id}.toml", (1_700_000_000, 1_700_000_000))
    proc = run("list", folder=store.folder)
    assert proc.returncode == 0
    head, first, second = proc.stdout.splitlines()
    assert head.split() == ["ID", "TITLE", "SEV", "STATUS", "DONE", "SAVED"]
    assert first.startswith(empty_id) and "Stalled quotes" in first  # newest first
    assert second.startswith(demo_id) and "100%" in second and " P1 " in second
    assert "\x1b" not in proc.stdout  # no colour when not a terminal


def test_list_json(store: DraftStore, demo_id: str, empty_id: str) -> None:
    (store.folder / "INC-20250101-001.toml").write_text("not toml [")
    proc = run("list", "--json", folder=store.folder)
    assert proc.returncode == 0
    records = {r["id"]: r for r in json.loads(proc.stdout)}
    assert set(records) == {demo_id, empty_id, "INC-20250101-001"}
    demo = records[demo_id]
    assert demo["percent_complete"] == 100 and demo["ready"] is True and demo["missing"] == 0
    assert demo["severity"] == "P1" and demo["error"] is None
    assert dt.datetime.fromisoformat(demo["modified"])
    empty = records[empty_id]
    assert empty["title"] == "Stalled quotes" and empty["ready"] is False
    assert 0 < empty["percent_complete"] < 10
    broken = records["INC-20250101-001"]
    assert broken["title"] is None
    assert broken["error"].startswith(str(store.folder / "INC-20250101-001.toml"))


def test_list_marks_broken_drafts(store: DraftStore, demo_id: str) -> None:
    bad = store.folder / "INC-20250101-001.toml"
    bad.write_bytes(b"\xff\xfe")
    proc = run("list", folder=store.folder)
    assert proc.returncode == 0
    row = next(line for line in proc.stdout.splitlines() if line.startswith("INC-20250101-001"))
    assert "broken" in row
    assert f"{bad}: not UTF-8 text" in proc.stdout


def test_list_shows_the_others_beside_a_deeply_nested_draft(
    store: DraftStore, demo_id: str
) -> None:
    bad = store.folder / "INC-20250101-001.toml"
    bad.write_bytes(b"schema_version = 1\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    proc = run("list", folder=store.folder)
    assert proc.returncode == 0 and proc.stderr == ""
    assert any(line.startswith(demo_id) and "100%" in line for line in proc.stdout.splitlines())
    row = next(line for line in proc.stdout.splitlines() if line.startswith("INC-20250101-001"))
    assert "broken" in row
    assert f"{bad}: not valid TOML: arrays or tables nested too deeply" in proc.stdout


def test_list_from_the_summaries_cache_is_unchanged(
    store: DraftStore, demo_id: str, empty_id: str
) -> None:
    from postmortem_tui.core.completeness import assess_with_percent

    (store.folder / "INC-20250101-001.toml").write_text("not toml [")
    cache = store.folder / ".summaries.json"
    cold = run("list", "--json", folder=store.folder)
    assert cache.is_file()
    assert run("list", "--json", folder=store.folder).stdout == cold.stdout
    table = run("list", folder=store.folder).stdout
    cache.unlink()
    assert run("list", folder=store.folder).stdout == table
    # What the records say is what reading and assessing each draft says.
    for record in json.loads(cold.stdout):
        path = Path(record["path"])
        if record["error"] is not None:
            assert record["error"].startswith(f"{path}: not valid TOML")
            continue
        doc = store.load(path)
        reports, percent = assess_with_percent(doc)
        findings = [f for report in reports for f in report.findings]
        missing = sum(1 for f in findings if f.blocking)
        assert (record["title"], record["status"]) == (doc.header.title, doc.header.status.value)
        assert (record["percent_complete"], record["missing"], record["weak"]) == (
            percent,
            missing,
            len(findings) - missing,
        )


def test_list_empty_folder(tmp_path: Path) -> None:
    proc = run("list", folder=tmp_path / "none")
    assert proc.returncode == 0
    assert "No drafts" in proc.stdout
    assert run("list", "--json", folder=tmp_path / "none").stdout == "[]\n"


def test_drafts_folder_from_the_environment(store: DraftStore, demo_id: str) -> None:
    proc = run("list", "--json", env={"POSTMORTEM_DIR": str(store.folder)})
    assert [r["id"] for r in json.loads(proc.stdout)] == [demo_id]


def test_typed_escapes_cannot_drive_the_terminal(store: DraftStore) -> None:
    store.new(title="Red \x1b[31malert\x1b[0m\nsecond line", when=dt.date(2025, 3, 3))
    out = run("list", folder=store.folder).stdout + run("check", "INC", folder=store.folder).stdout
    assert "\x1b" not in out
    assert "Red ␛[31malert␛[0m second line" in out


# --- check ----------------------------------------------------------------------------------


def test_check_demo_passes(store: DraftStore, demo_id: str) -> None:
    proc = run("check", demo_id, folder=store.folder)
    assert proc.returncode == 0, proc.stdout
    assert "Ready for a final export" in proc.stdout
    assert proc.stderr == ""


def test_check_new_draft_lists_what_is_missing_by_section(store: DraftStore, empty_id: str) -> None:
    proc = run("check", empty_id, folder=store.folder)
    assert proc.returncode == 1
    out = proc.stdout
    positions = [out.index(title + " ..") for title in SECTION_TITLES]
    assert positions == sorted(positions)
    assert "Header ..................... partial" in out or "Header" in out
    for message in ("Start time is missing", "Executive summary is missing", "No action items"):
        assert message in out
    assert "not started" in out
    assert out.rstrip().splitlines()[-1].startswith("Not ready for a final export: ")
    longer = run("check", "--all", empty_id, folder=store.folder).stdout
    assert "Timeline row 9 (Incident closed) has no time or actor" in longer
    assert len(longer.splitlines()) > len(out.splitlines())


def test_ref_by_prefix_and_by_path(store: DraftStore, empty_id: str, tmp_path: Path) -> None:
    assert run("check", empty_id[:-1].lower(), folder=store.folder).returncode == 1
    copy = tmp_path / "copy.toml"
    copy.write_text((store.folder / f"{empty_id}.toml").read_text())
    proc = run("check", str(copy), folder=tmp_path / "elsewhere")
    assert proc.returncode == 1 and "Stalled quotes" in proc.stdout


# --- export ---------------------------------------------------------------------------------


def test_export_refuses_an_incomplete_document(store: DraftStore, empty_id: str) -> None:
    proc = run("export", empty_id, folder=store.folder)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert f"postmortem: {empty_id} is not ready for a final export; missing:" in proc.stderr
    assert "  - Header: Start time is missing" in proc.stderr
    assert "--draft" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_export_draft_anyway(store: DraftStore, empty_id: str) -> None:
    proc = run("export", empty_id, "--draft", folder=store.folder)
    assert proc.returncode == 0
    assert proc.stdout.startswith("# Post-Mortem: Stalled quotes\n")


def test_export_to_stdout_and_file(store: DraftStore, demo_id: str, tmp_path: Path) -> None:
    expected = to_markdown(store.load(store.resolve(demo_id)))
    proc = run("export", demo_id, folder=store.folder)
    assert proc.returncode == 0
    assert proc.stdout == expected
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    out.write_text("old export")
    proc = run("export", demo_id, "-o", str(out), folder=store.folder)
    assert proc.returncode == 0 and proc.stdout == ""
    assert out.read_text(encoding="utf-8") == expected
    assert [p.name for p in out.parent.iterdir()] == ["report.md"]  # no temp file left
    assert run("export", demo_id, "-o", "-", folder=store.folder).stdout == expected
    rel = run("export", demo_id, "-o", "r.md", folder=store.folder, cwd=tmp_path)
    assert rel.returncode == 0 and (tmp_path / "r.md").read_text(encoding="utf-8") == expected


def test_export_never_overwrites_the_draft(store: DraftStore, demo_id: str) -> None:
    path = store.folder / f"{demo_id}.toml"
    before = path.read_bytes()
    line = one_error_line(run("export", demo_id, "-o", str(path), folder=store.folder))
    assert "is the draft itself" in line
    assert path.read_bytes() == before


def test_export_to_a_missing_folder(store: DraftStore, demo_id: str, tmp_path: Path) -> None:
    line = one_error_line(
        run("export", demo_id, "-o", str(tmp_path / "no" / "x.md"), folder=store.folder)
    )
    assert f"{tmp_path / 'no' / 'x.md'}: cannot write" in line


# --- bad references and broken drafts -------------------------------------------------------


def test_bad_ref(store: DraftStore, demo_id: str, empty_id: str) -> None:
    for command in ("export", "open"):
        line = one_error_line(run(command, "INC-19990101-001", folder=store.folder))
        assert "no draft matches 'INC-19990101-001'" in line
    line = one_error_line(run("check", "INC", folder=store.folder))
    assert "matches 2 drafts" in line
    line = one_error_line(run("check", "missing.toml", folder=store.folder))
    assert "missing.toml: no such draft file" in line


@pytest.mark.parametrize(
    "content",
    [
        b"schema_version = 1\n[header\n",
        b"",
        b"\xff",
        b"schema_version = 1\nbogus = 1\n",
        b"schema_version = 1\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        b"schema_version = 1\n" + b'[[timeline]]\nevent = "x"\n' * 10_001,
    ],
    ids=["corrupt", "empty", "not-utf8", "unknown-key", "nested", "too-many-rows"],
)
def test_broken_draft_exits_2_naming_the_file(store: DraftStore, content: bytes) -> None:
    store.ensure_folder()
    path = store.folder / "INC-20250303-001.toml"
    path.write_bytes(content)
    line = one_error_line(run("check", "INC-20250303-001", folder=store.folder))
    assert line.startswith(f"postmortem: error: {path}: ")
    assert path.read_bytes() == content


def test_broken_draft_is_not_exported_even_as_a_draft(store: DraftStore) -> None:
    store.ensure_folder()
    path = store.folder / "INC-20250303-001.toml"
    path.write_text("schema_version = 99\n")
    line = one_error_line(run("export", "INC-20250303-001", "--draft", folder=store.folder))
    assert line.startswith(f"postmortem: error: {path}: written by a newer postmortem-tui")


def test_wizard_needs_a_terminal(store: DraftStore) -> None:
    line = one_error_line(run(folder=store.folder))
    assert "needs a terminal" in line
    assert not store.folder.exists()  # nothing was created


def test_round_trip_of_what_the_cli_reads(store: DraftStore) -> None:
    # A draft written by another copy of the tool (same schema) is read as is.
    doc = PostMortem.new(title="Ünïcode 😀 | `pipes`", incident_id="INC-20250303-004")
    store.ensure_folder()
    (store.folder / "INC-20250303-004.toml").write_text(to_toml(doc), encoding="utf-8")
    proc = run("export", "INC-20250303-004", "--draft", folder=store.folder)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].startswith("# Post-Mortem: Ünïcode 😀")


# --- where an export goes -------------------------------------------------------------------


def test_export_writes_into_a_fifo(store: DraftStore, demo_id: str, tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    # Opening blocks until the export opens the other end (a daemon: if the export replaces
    # the FIFO instead, the reader is left waiting on the old one).
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run("export", demo_id, "-o", str(fifo), folder=store.folder)
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stat_kind(fifo) == "fifo"
    assert got == [to_markdown(store.load(store.resolve(demo_id))).encode()]


def stat_kind(path: Path) -> str:
    import stat

    mode = os.lstat(path).st_mode
    return "fifo" if stat.S_ISFIFO(mode) else "chr" if stat.S_ISCHR(mode) else "other"


def test_export_writes_into_a_character_device(
    store: DraftStore, demo_id: str, tmp_path: Path
) -> None:
    # A /dev/null of its own where the system allows it, never the system's (it was replaced).
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | 0o020000, os.makedev(1, 3))
    except OSError:
        if os.access("/dev", os.W_OK):
            pytest.skip("cannot make a device, and /dev/null itself must not be put at risk")
        device = Path("/dev/null")
    proc = run("export", demo_id, "-o", str(device), folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    assert stat_kind(device) == "chr"
    assert not [p for p in device.parent.iterdir() if p.name.startswith(".null.")]


def test_export_to_dev_stdout(store: DraftStore, demo_id: str) -> None:
    proc = run("export", demo_id, "-o", "/dev/stdout", folder=store.folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == to_markdown(store.load(store.resolve(demo_id)))


def test_export_never_writes_through_a_link_into_the_drafts_folder(
    store: DraftStore, demo_id: str, empty_id: str, tmp_path: Path
) -> None:
    other = store.folder / f"{empty_id}.toml"
    before = other.read_bytes()
    link = tmp_path / "link.md"
    link.symlink_to(other)
    line = one_error_line(run("export", demo_id, "-o", str(link), folder=store.folder))
    assert f"{link}: is in the drafts folder" in line
    assert other.read_bytes() == before and link.is_symlink()
    for name in (".summaries.json", "notes.md"):
        line = one_error_line(
            run("export", demo_id, "-o", str(store.folder / name), folder=store.folder)
        )
        assert "is in the drafts folder" in line
    assert not (store.folder / "notes.md").exists()


def test_export_never_overwrites_a_draft_outside_the_folder(
    store: DraftStore, demo_id: str, tmp_path: Path
) -> None:
    colleague = tmp_path / "colleague.toml"
    colleague.write_text(to_toml(PostMortem.new(incident_id="INC-20250101-001")))
    before = colleague.read_bytes()
    line = one_error_line(run("export", demo_id, "-o", str(colleague), folder=store.folder))
    assert f"{colleague}: is a post-mortem draft" in line
    assert colleague.read_bytes() == before


def test_export_replacing_a_file_keeps_its_permissions(
    store: DraftStore, demo_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "private.md"
    out.write_text("old")
    out.chmod(0o600)
    assert run("export", demo_id, "-o", str(out), folder=store.folder).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text(encoding="utf-8").startswith("# Post-Mortem:")


# --- a closed standard output ---------------------------------------------------------------


def run_closed_stdout(
    *args: str, folder: Path, how: str = ">&-"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    return subprocess.run(
        ["sh", "-c", f'exec "$0" "$@" {how}', sys.executable, "-m", "postmortem_tui",
         "--dir", str(folder), *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [("list",), ("list", "--json"), ("export", "{id}"), ("export", "{id}", "-o", "-"),
     ("check", "{id}")],
    ids=["list", "list-json", "export", "export-dash", "check"],
)
@pytest.mark.parametrize("how", [">&-", "1</dev/null"], ids=["closed", "read-only"])
def test_a_closed_stdout_is_one_error_line(
    store: DraftStore, demo_id: str, args: tuple[str, ...], how: str
) -> None:
    proc = run_closed_stdout(*(a.format(id=demo_id) for a in args), folder=store.folder, how=how)
    line = one_error_line(proc)
    assert "standard output" in line


# --- TERM=dumb ------------------------------------------------------------------------------


def spawn_on_a_tty(*args: str, folder: Path, term: str) -> tuple[int | None, str]:
    """Run `postmortem` on a pseudo-terminal: its exit status and everything it printed; a
    wizard that starts (it switches to the alternate screen) is quit at once."""
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    env.update(TERM=term, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    child = pexpect.spawn(
        sys.executable, ["-m", "postmortem_tui", "--dir", str(folder), *args],
        env=env, dimensions=(30, 100), timeout=60, encoding="utf-8", codec_errors="replace",
    )
    out = ""
    if child.expect([pexpect.EOF, "\x1b\\[\\?1049h"]) == 1:
        out = child.before + child.after
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    out += child.before
    child.close()
    return child.exitstatus, out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
@pytest.mark.parametrize("args", [(), ("new",), ("open", "INC")], ids=["home", "new", "open"])
def test_a_dumb_terminal_gets_no_wizard(
    store: DraftStore, empty_id: str, args: tuple[str, ...]
) -> None:
    status, out = spawn_on_a_tty(*args, folder=store.folder, term="dumb")
    assert status == 2, out
    assert "\x1b" not in out
    (line,) = out.strip().splitlines()
    assert line.startswith("postmortem: error: the wizard needs a capable terminal")
    assert "postmortem quick" in line


COLOUR_RE = __import__("re").compile(r"\x1b\[[0-9;]*m")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_headless_commands_print_no_colour_on_a_dumb_terminal(
    store: DraftStore, demo_id: str, empty_id: str
) -> None:
    pexpect = pytest.importorskip("pexpect")
    for args in (("list",), ("check", empty_id)):
        status, out = spawn_on_a_tty(*args, folder=store.folder, term="dumb")
        assert status in (0, 1) and empty_id in out
        assert not COLOUR_RE.search(out), out
        # The same on a capable terminal is coloured: the test would see colours.
        env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
        env["TERM"] = "xterm"
        coloured = pexpect.run(
            f"{sys.executable} -m postmortem_tui --dir {store.folder} {' '.join(args)}",
            env=env, encoding="utf-8", timeout=60,
        )
        assert COLOUR_RE.search(coloured)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty and ulimit")
def test_new_on_a_full_disk_is_one_error_and_leaves_no_draft(store: DraftStore) -> None:
    # `ulimit -f 1`: files cannot grow past 512 bytes, so saving the new draft fails (EFBIG),
    # as on a full disk, after its name was claimed.
    pexpect = pytest.importorskip("pexpect")
    store.ensure_folder()
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    env.update(TERM="xterm", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONDONTWRITEBYTECODE="1")
    child = pexpect.spawn(
        "sh", ["-c", 'ulimit -f 1; exec "$0" "$@"', sys.executable, "-m", "postmortem_tui",
               "--dir", str(store.folder), "new"],
        env=env, dimensions=(30, 100), timeout=60, encoding="utf-8", codec_errors="replace",
    )
    started = child.expect([pexpect.EOF, "\x1b\\[\\?1049h"]) == 1
    if started:
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    out = child.before
    child.close()
    assert not started
    assert child.exitstatus == 2, out
    (line,) = out.strip().splitlines()
    assert line.startswith("postmortem: error: ") and "File too large" in line
    assert list(store.folder.iterdir()) == []  # the ID is not used up
