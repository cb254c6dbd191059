"""`postmortem serve`: the wizard in a browser, for the war room.

textual-serve runs a web server whose page is a terminal (xterm.js); each browser that connects
gets its own wizard, a child process started from a command line with Textual's web driver,
drawing over a websocket. The command line is this same installation on the same drafts folder,
so the draft's lock works between browsers as between terminals: the second viewer of a draft
is offered it read-only.

textual-serve has no authentication: whoever reaches the port reads and edits every draft. So
it binds to loopback unless told `--public`, and on any address the server answers only pages
asked for by a name it serves (against DNS rebinding) and websockets opened from its own page
(any web site may otherwise open one to 127.0.0.1 from the author's browser).

The server itself is in `web_server.py`, imported by this command alone (with aiohttp and
textual-serve): the other commands never load it, nor asyncio.
"""

from __future__ import annotations

import contextlib
import ipaddress
import sys
from pathlib import Path

import click

from .group import cli, load, store_of
from .output import PROG, CommandError, out

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def loopback_name(host: str) -> bool:
    """HOST is a loopback address or one of the usual names for it (nothing is resolved)."""
    name = host.strip("[]")
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name.lower() in LOOPBACK_NAMES


def is_loopback(host: str) -> bool:
    """HOST names only this machine: a loopback address, or a name resolving to loopback only."""
    name = host.strip("[]")
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(name).is_loopback
    if loopback_name(name):
        return True
    import socket

    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return bool(infos) and all(
        ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos
    )


def served_command(folder: Path | None, draft: Path | None) -> str:
    """The shell command each browser's wizard runs: this Python, this package, this folder."""
    import shlex

    words = [sys.executable, "-m", "postmortem_tui"]
    if folder is not None:
        words += ["--dir", str(folder)]
    if draft is not None:
        words += ["open", str(draft)]
    # `exec`: the wizard is the shell's own process, so a signal at shutdown reaches it.
    return "exec " + shlex.join(words)


@cli.command(short_help="Serve the wizard to web browsers (textual-serve).")
@click.argument("ref", required=False)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="HOST",
    help="Address to listen on. Anything but loopback needs --public.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port, said in the start line).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow a HOST other than loopback. There is no authentication: anyone who reaches "
    "the port reads and edits every draft.",
)
@click.pass_context
def serve(ctx: click.Context, ref: str | None, host: str, port: int, public: bool) -> None:
    """Serve the wizard to web browsers: each browser gets its own wizard on the drafts
    folder; a draft open in one is read-only in the others.

    With REF, every browser opens that draft. Listens on loopback (127.0.0.1) only: from
    another machine, tunnel to it with `ssh -L 8000:127.0.0.1:8000 THIS-HOST` and open
    http://127.0.0.1:8000 there.
    """
    if not host.strip():
        raise click.BadParameter("the address cannot be empty", ctx=ctx, param_hint="--host")
    shown_port = port or 8000
    if not public and not is_loopback(host):
        raise CommandError(
            f"{host} is not a loopback address, and the served wizard has no authentication: "
            f"anyone who reaches it reads and edits every draft. Serve on 127.0.0.1 and tunnel "
            f"with `ssh -L {shown_port}:127.0.0.1:{shown_port} THIS-HOST`, or add --public to "
            f"serve on {host} anyway"
        )
    store = store_of(ctx)
    draft = load(store, ref)[0] if ref is not None else None
    folder: Path | None = ctx.find_root().obj
    try:
        from . import web_server
    except ImportError as exc:
        raise CommandError(f"the web server cannot start: {exc}") from None
    server = web_server.GuardedServer(served_command(folder, draft), host=host, public=public)
    sock = web_server.bind(host, port)
    url = web_server.address(host, sock)
    if public and not is_loopback(host):
        out(
            f"{PROG}: warning: serving on {host} with NO authentication: anyone who can reach "
            f"port {sock.getsockname()[1]} reads and edits every draft in {store.folder}. "
            f"Prefer loopback and `ssh -L {shown_port}:127.0.0.1:{shown_port} THIS-HOST`.",
            err=True,
        )
    web_server.run(server, sock, url)
    out(f"{PROG}: stopped serving", err=True)
