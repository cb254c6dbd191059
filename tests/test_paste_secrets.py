"""A paste holding secrets into logs, snippets, configuration or commands is shown masked
before it lands: paste it masked, keep it as is (recorded), or edit it first."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from postmortem_tui.core.secrets import find_secrets
from postmortem_tui.tui.screens.paste_secrets import PasteDecision, PasteSecretsScreen

PASTE = "09:15 login user=svc password=hunter22\r09:16 token: 8f14e45fceea167a retry\r"


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.decisions: list[PasteDecision | None] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def ask(self, text: str = PASTE) -> PasteSecretsScreen:
        screen = PasteSecretsScreen("Relevant logs", text, find_secrets(text))
        self.push_screen(screen, self.decisions.append)
        return screen


async def test_what_would_be_masked_is_shown_and_enter_pastes_it_masked() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.ask()
        await pilot.pause()
        shown = str(screen.query_one("#paste-lines", Static).render())
        assert "hunter22" not in shown and "8f14e45fceea167a" not in shown
        assert "line 1, password: 09:15 login user=svc password=<redacted:password>" in shown
        assert "line 2, token: 09:16 token: <redacted:token> retry" in shown
        title = str(screen.query_one("#paste-title", Static).render())
        assert title == "This paste holds 2 secrets (1 password, 1 token)"
        await pilot.press("enter")  # the focused button: paste masked
        await pilot.pause()
    assert app.decisions == [PasteDecision(
        "masked",
        "09:15 login user=svc password=<redacted:password>\r09:16 token: <redacted:token> retry\r",
    )]


async def test_keep_as_is_and_nothing() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask()
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        app.ask()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.decisions == [PasteDecision("as_is", PASTE), None]


async def test_edit_first() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.ask("password=hunter22")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert screen.editing
        await pilot.press("end", "k", "m", "e")  # letters are text now, not choices
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.decisions == [PasteDecision("edited", "password=<redacted:password>kme")]
