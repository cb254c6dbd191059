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

textual-serve and aiohttp are imported inside the command: the other commands never load them.
It relies on `textual_serve.server.Server` (its routes, page and `AppService`) as in 1.1.x, the
range pinned in pyproject.toml.
"""

from __future__ import annotations

import contextlib
import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click

from .group import cli, load, store_of
from .output import PROG, CommandError, out

# Only `serve` itself loads asyncio, sockets and the web server (the other commands start faster).
if TYPE_CHECKING:
    import socket

    from aiohttp import web
    from textual_serve.app_service import AppService

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
STOP_WAIT = 5.0
"""Seconds a browser's wizard has to save and exit once the server stops, before it is killed."""


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


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on HOST:PORT (the first address HOST resolves to)."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except OSError as exc:
        raise CommandError(f"cannot serve on {host}: {exc.strerror or exc}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {port} on {host} is in use; choose another with --port"
            ) from None
        raise CommandError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock


def _url(host: str, sock: socket.socket) -> str:
    """The address to give people: the port bound (for --port 0 too), the machine's name for
    a wildcard address."""
    import socket

    port = sock.getsockname()[1]
    name = host.strip("[]")
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(name)
        if address.is_unspecified:
            name = socket.gethostname()
        elif address.version == 6:
            name = f"[{name}]"
    return f"http://{name}:{port}"


async def _stop_wizard(service: AppService) -> None:
    """End one browser's wizard as a `kill` would (SIGTERM: it saves its pending edits first);
    textual-serve's own stop (a quit message) would lose the last half second of typing. One
    that does not exit in STOP_WAIT seconds is killed."""
    import asyncio
    import signal

    process = service._process
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), STOP_WAIT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    with contextlib.suppress(Exception):  # its pipes are closed: this just ends its reader
        await service.stop()


class _Serving(Protocol):
    async def _make_app(self) -> web.Application: ...

    async def stop_wizards(self) -> None: ...


def _make_server(command: str, *, host: str, public: bool) -> _Serving:
    """textual-serve's server, guarded and quiet, that stops its wizards when it stops."""
    import asyncio

    from aiohttp import WSCloseCode, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int
    from yarl import URL

    class GuardedServer(Server):
        """textual-serve's `Server`, serving only its own names and its own page's websockets,
        and keeping track of the wizards it starts."""

        def __init__(self) -> None:
            super().__init__(command, title=PROG)
            self.services: set[AppService] = set()
            self.sockets: set[web.WebSocketResponse] = set()

        def initialize_logging(self) -> None:
            """Nothing: textual-serve's own errors reach stderr through Python's last resort."""

        async def on_startup(self, app: web.Application) -> None:
            """Nothing: the command says where it serves once the port answers."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(self._guard)
            return app

        def _host_allowed(self, request: web.Request) -> bool:
            # A page asked for by another name (DNS rebinding) must not reach the drafts.
            if public:
                return True
            try:
                name = URL(f"http://{request.host}").host or ""
            except ValueError:
                return False
            return loopback_name(name) or name.lower() == host.strip("[]").lower()

        @web.middleware
        async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            if not self._host_allowed(request):
                raise web.HTTPForbidden(text=f"{PROG} serve answers on loopback names only\n")
            if request.path == "/ws":
                origin = request.headers.get("Origin", "")
                if URL(origin).raw_authority != request.host:
                    raise web.HTTPForbidden(text="a websocket from another page\n")
            response: web.StreamResponse = await handler(request)
            return response

        async def handle_index(self, request: web.Request) -> Any:
            # The page's links and websocket go back to the address the browser used, so an
            # `ssh -L 9000:127.0.0.1:8000` tunnel works on any local port.
            self.public_url = f"http://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One browser: its own wizard, until either side closes."""
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            await websocket.prepare(request)

            async def close() -> None:  # the wizard exited (Ctrl+Q): the page says so
                await websocket.close()

            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
            self.sockets.add(websocket)
            self.services.add(service)
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                pass
            finally:
                self.sockets.discard(websocket)
                await _stop_wizard(service)
                self.services.discard(service)
                await websocket.close()
            return websocket

        async def stop_wizards(self) -> None:
            """Each wizard saves and exits; then the pages close (they say the session ended)."""
            await asyncio.gather(*(_stop_wizard(s) for s in list(self.services)))
            for websocket in list(self.sockets):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    return GuardedServer()


async def _serve(server: _Serving, sock: socket.socket, url: str) -> None:
    """Serve until SIGINT, SIGTERM or SIGHUP; then stop every wizard and close."""
    import asyncio
    import signal

    from aiohttp import web

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    runner = web.AppRunner(
        await server._make_app(), access_log=None, shutdown_timeout=STOP_WAIT
    )
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
        out(f"Serving the wizard at {url} — Ctrl+C to stop")
        sys.stdout.flush()
        await stop.wait()
        out(f"{PROG}: stopping: each browser's wizard saves and closes", err=True)
        await server.stop_wizards()
    finally:
        await runner.cleanup()


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
        server = _make_server(served_command(folder, draft), host=host, public=public)
    except ImportError as exc:
        raise CommandError(f"the web server cannot start: {exc}") from None
    sock = _bind(host, port)
    url = _url(host, sock)
    if public and not is_loopback(host):
        out(
            f"{PROG}: warning: serving on {host} with NO authentication: anyone who can reach "
            f"port {sock.getsockname()[1]} reads and edits every draft in {store.folder}. "
            f"Prefer loopback and `ssh -L {shown_port}:127.0.0.1:{shown_port} THIS-HOST`.",
            err=True,
        )
    import asyncio

    asyncio.run(_serve(server, sock, url))
    out(f"{PROG}: stopped serving", err=True)
