"""`postmortem serve` without a browser: where it listens, what it refuses, what it answers, how
it stops, and that no other command loads its web server."""

from __future__ import annotations

import http.client
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from browser_kit import start_serving, stop_serving
from click.testing import CliRunner

from postmortem_tui.cli import cli, serve, web_server
from postmortem_tui.core.store import DraftStore

# And what only the server needs: no other command loads asyncio at start-up.
WEB_PACKAGES = ("textual_serve", "aiohttp", "yarl", "playwright", "asyncio")


def run(*args: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("POSTMORTEM_DIR", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "--dir", str(folder), *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60,
    )


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("postmortem: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
        ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.0.2.7", False),
        ("10.1.2.3", False),
    ],
)
def test_only_loopback_counts_as_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_another_address_needs_public_and_names_ssh_tunnels(tmp_path: Path) -> None:
    for host in ("0.0.0.0", "192.0.2.7"):
        line = one_error_line(run("serve", "--host", host, folder=tmp_path))
        assert f"{host} is not a loopback address" in line
        assert "no authentication" in line
        assert "ssh -L 8000:127.0.0.1:8000" in line
        assert "--public" in line


def test_public_warns_that_there_is_no_authentication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never bound to another address in a test: the socket is a loopback one, the server none.
    def bind(host: str, port: int) -> socket.socket:
        assert (host, port) == ("0.0.0.0", 8123)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        return sock

    def no_serving(*args: object) -> None:
        return None

    monkeypatch.setattr(web_server, "bind", bind)
    monkeypatch.setattr(web_server, "run", no_serving)
    result = CliRunner().invoke(
        cli, ["--dir", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", "8123", "--public"]
    )
    assert result.exit_code == 0, result.output
    warning = result.stderr.splitlines()[0]
    assert warning.startswith("postmortem: warning: serving on 0.0.0.0 with NO authentication")
    assert "ssh -L 8123:127.0.0.1:8123" in warning


def test_a_port_in_use_is_an_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_error_line(run("serve", "--port", str(port), folder=tmp_path))
    assert line == (
        f"postmortem: error: port {port} on 127.0.0.1 is in use; choose another with --port"
    )


def test_an_unknown_draft_is_refused_before_serving(tmp_path: Path) -> None:
    assert "INC-20990101-001" in one_error_line(
        run("serve", "INC-20990101-001", folder=tmp_path)
    )


def test_each_browser_runs_this_installation_on_the_same_folder(tmp_path: Path) -> None:
    draft = tmp_path / "my drafts" / "INC-20250303-001.toml"
    command = serve.served_command(draft.parent, draft)
    assert shlex.split(command) == [
        "exec", sys.executable, "-m", "postmortem_tui", "--dir", str(draft.parent),
        "open", str(draft),
    ]
    assert shlex.split(serve.served_command(None, None))[1:] == [
        sys.executable, "-m", "postmortem_tui"
    ]


def test_the_served_command_runs_the_wizard_over_pipes(tmp_path: Path) -> None:
    """With Textual's web driver (as textual-serve starts it) the wizard needs no terminal."""
    env = dict(os.environ, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver")
    env.pop("POSTMORTEM_DIR", None)
    command = serve.served_command(tmp_path / "drafts", None)
    proc = subprocess.Popen(
        command, shell=True, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"__GANGLION__\n"  # Textual's web driver started
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err  # the wizard's own exit on a kill
    assert b"needs a terminal" not in err


def _get(url: str, path: str, headers: dict[str, str]) -> int:
    return _fetch(url, path, headers)[0]


def _fetch(url: str, path: str, headers: dict[str, str]) -> tuple[int, str]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = b"" if response.status == 101 else response.read()
        return response.status, body.decode("utf-8", "replace")
    finally:
        connection.close()


def test_it_answers_its_own_names_and_page_only_and_stops_on_sigterm(tmp_path: Path) -> None:
    proc, url = start_serving(tmp_path / "drafts")
    try:
        authority = url.removeprefix("http://")
        port = authority.rsplit(":", 1)[1]
        assert url.startswith("http://127.0.0.1:")
        status, page = _fetch(url, "/", {})
        assert status == 200
        # Nothing from another site (the page asked Google for a font); its own parts are here.
        assert "googleapis" not in page
        assert f'data-session-websocket-url="ws://{authority}/ws"' in page
        assert f'<script src="{url}/static/js/textual.js">' in page
        assert _get(url, "/", {"Host": f"localhost:{port}"}) == 200
        # A rebound name (DNS rebinding) gets nothing, not even the page.
        assert _get(url, "/", {"Host": f"attacker.example:{port}"}) == 403
        upgrade = {
            "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
        # Another site's page, in the author's browser, may not drive the wizard.
        assert _get(url, "/ws", {**upgrade, "Origin": "http://attacker.example"}) == 403
        assert _get(url, "/ws", upgrade) == 403  # no Origin: not a browser on our page
        assert _get(url, "/ws", {**upgrade, "Origin": url}) == 101
    finally:
        code = stop_serving(proc)
    assert code == 0
    assert proc.stderr is not None
    assert proc.stderr.read().splitlines()[-1] == "postmortem: stopped serving"


SCRIPT = textwrap.dedent(
    """
    import json, sys
    from postmortem_tui.cli import cli

    for args in (["list"], ["--help"], ["serve", "--help"], ["serve", "--host", "0.0.0.0"]):
        try:
            cli.main(["--dir", sys.argv[1], *args], standalone_mode=False)
        except BaseException:
            pass
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in {web!r})
    print(json.dumps(loaded), file=sys.stderr)
    """
)


def test_other_commands_never_load_the_web_server(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.new(title="Half done")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(web=WEB_PACKAGES), str(store.folder)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []
