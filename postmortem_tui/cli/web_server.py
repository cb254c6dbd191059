"""The web server behind `postmortem serve`: textual-serve's, guarded, quiet, and stopping its
wizards so that they save.

Imported by that command alone (and with it aiohttp and textual-serve). It relies on
`textual_serve.server.Server` (its routes, page and `_process_messages`) and on
`textual_serve.app_service.AppService` (its `_process`) as in 1.1.x, the range pinned in
pyproject.toml.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import signal
import socket
import sys
from typing import Any

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

from .output import PROG, CommandError, out
from .serve import loopback_name

STOP_WAIT = 5.0
"""Seconds a browser's wizard has to save and exit once the server stops, before it is killed."""
EXTERNAL_FONT = "https://fonts.googleapis.com/"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on HOST:PORT (the first address HOST resolves to)."""
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


def address(host: str, sock: socket.socket) -> str:
    """The URL to give people: the port bound (for --port 0 too), the machine's name for a
    wildcard address."""
    port = sock.getsockname()[1]
    name = host.strip("[]")
    with contextlib.suppress(ValueError):
        ip = ipaddress.ip_address(name)
        if ip.is_unspecified:
            name = socket.gethostname()
        elif ip.version == 6:
            name = f"[{name}]"
    return f"http://{name}:{port}"


async def stop_wizard(service: AppService) -> None:
    """End one browser's wizard as a `kill` would (SIGTERM: it saves its pending edits first);
    textual-serve's own stop (a quit message) would lose the last half second of typing. One
    that does not exit in STOP_WAIT seconds is killed."""
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


def without_external_font(page: str) -> str:
    """textual-serve's page without its stylesheet from Google Fonts: the browser asks nothing
    of another site (on a network that drops such requests, the page would wait for it before
    starting the wizard); the terminal's font falls back to the browser's monospace."""
    at = page.find(EXTERNAL_FONT)
    start, end = page.rfind("<link", 0, at), page.find(">", at)
    if at < 0 or start < 0 or end < 0:
        return page
    return page[:start] + page[end + 1 :]


class GuardedServer(Server):
    """textual-serve's `Server`, serving only its own names and its own page's websockets, and
    keeping track of the wizards it starts.

    Args:
        command: The shell command that starts one browser's wizard.
        host: The address listened on: pages asked for by that name are served too.
        public: Serve pages asked for by any name (`--public`).
    """

    def __init__(self, command: str, *, host: str, public: bool) -> None:
        super().__init__(command, title=PROG)
        self.served_name = host.strip("[]").lower()
        self.public = public
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
        if self.public:
            return True
        try:
            name = URL(f"http://{request.host}").host or ""
        except ValueError:
            return False
        return loopback_name(name) or name.lower() == self.served_name

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not self._host_allowed(request):
            raise web.HTTPForbidden(text=f"{PROG} serve answers on loopback names only\n")
        if request.path == "/ws":
            # Any page open in the author's browser may open a websocket to 127.0.0.1; only
            # ours may drive the wizard.
            origin = request.headers.get("Origin", "")
            if URL(origin).raw_authority != request.host:
                raise web.HTTPForbidden(text="a websocket from another page\n")
        response: web.StreamResponse = await handler(request)
        return response

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # The page's links and websocket go back to the address the browser used, so an
        # `ssh -L 9000:127.0.0.1:8000` tunnel works on any local port.
        self.public_url = f"http://{request.host}"
        response: web.StreamResponse = await super().handle_index(request)
        if isinstance(response, web.Response) and response.text is not None:
            response.text = without_external_font(response.text)
        return response

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
            await stop_wizard(service)
            self.services.discard(service)
            await websocket.close()
        return websocket

    async def stop_wizards(self) -> None:
        """Each wizard saves and exits; then the pages close (they say the session ended)."""
        await asyncio.gather(*(stop_wizard(s) for s in list(self.services)))
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")


def run(server: GuardedServer, sock: socket.socket, url: str) -> None:
    """Serve on SOCK until SIGINT, SIGTERM or SIGHUP (the start line gives URL); then stop
    every wizard and close."""
    asyncio.run(_serve(server, sock, url))


async def _serve(server: GuardedServer, sock: socket.socket, url: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    runner = web.AppRunner(await server._make_app(), access_log=None, shutdown_timeout=STOP_WAIT)
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
