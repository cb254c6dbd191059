"""`postmortem quick`: the essentials of a post-mortem, one question at a time, each answer saved.

The command: it opens (or starts) the draft, chooses the prompt backend (`backend.py`), asks the
questions (`flow.py`, where they are listed) under the signal handling of `signals.py`, and
says what was saved and how to go on. Exit codes: 0 done, 2 a draft that cannot be used (or the
input ended), 130 Ctrl+C, 143 `kill`, 129 a closed terminal.
"""

from __future__ import annotations

import contextlib
import shlex
import sys
from pathlib import Path

from postmortem_tui.core import timeutil
from postmortem_tui.core.draft_session import DraftSession
from postmortem_tui.core.errors import DraftError
from postmortem_tui.core.locking import DraftLock, DraftLockedError
from postmortem_tui.core.model import PostMortem
from postmortem_tui.core.store import DraftStore, default_dir

from .backend import default_prompter, isatty
from .base import Prompter
from .flow import QuickFlow, short
from .signals import Signalled, stopped_by_signals

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


# --- commands to print ---------------------------------------------------------------------------


def _command(store: DraftStore) -> str:
    """`postmortem`, with `--dir` when the drafts folder is not the one it would use anyway."""
    try:
        same = store.folder.resolve() == default_dir().resolve()
    except (OSError, RuntimeError):
        same = False
    return "postmortem" if same else f"postmortem --dir {shlex.quote(str(store.folder))}"


def _ref(store: DraftStore, doc: PostMortem, path: Path) -> str:
    """How to name the draft on the command line: its ID, or its path outside the folder."""
    try:
        inside = path.parent.resolve() == store.folder.resolve()
    except OSError:
        inside = False
    if inside and path.stem == doc.header.incident_id:
        return doc.header.incident_id
    return shlex.quote(str(path))


# --- the command ---------------------------------------------------------------------------------


def _fail(message: str) -> None:
    print(f"postmortem: error: {message}", file=sys.stderr)


def run_quick(
    store: DraftStore,
    *,
    resume: Path | str | None = None,
    prompter: Prompter | None = None,
) -> int:
    """Ask the essentials, saving each answer; return the process exit code.

    Args:
        store: the drafts folder.
        resume: a draft (incident ID, unique prefix or path) to continue: only the questions
            still unanswered are asked. None starts a new draft.
        prompter: the prompt backend; chosen from the terminal when None.
    """
    if prompter is None:
        prompter = default_prompter()
    draft: DraftSession | None = None
    if resume is None:
        doc = PostMortem.new(when=timeutil.today_cot())
    else:
        try:
            path = store.resolve(str(resume))
            lock = DraftLock(path)
            lock.acquire()  # before reading: what the wizard saved last is what is resumed
        except DraftLockedError as exc:
            _fail(f"{exc}; finish there (or quit it), then resume")
            return EXIT_USAGE
        except DraftError as exc:
            _fail(str(exc))
            return EXIT_USAGE
        try:
            lock.clean_temp_files()
            doc = store.load(path)
        except DraftError as exc:
            lock.release()
            _fail(str(exc))
            return EXIT_USAGE
        draft = DraftSession(store, doc, path, lock=lock)
    flow = QuickFlow(store, prompter, doc, draft)
    holding_keys = getattr(prompter, "holding_keys", contextlib.nullcontext)
    try:
        with stopped_by_signals(), holding_keys():
            return _ask(flow)
    finally:
        flow.release()  # however the run ends


def _ask(flow: QuickFlow) -> int:
    """Run the questions of `flow`; return the exit code."""
    store, prompter, doc, path = flow.store, flow.prompter, flow.doc, flow.path
    command = _command(store)
    try:
        if path is not None:
            title = doc.header.title.strip()
            prompter.say(
                f"Continuing {doc.header.incident_id or path.name}"
                + (f" ({short(title, 60)})" if title else "")
                + ": only the questions still unanswered."
            )
        flow.run()
        if flow.path is None:  # nothing asked and nothing answered: keep the draft anyway
            flow.save("Draft")
    except KeyboardInterrupt as exc:
        lead = "\n" if isatty(sys.stderr) else ""
        stopped = _progress(flow, command, sep=".\nContinue with: ")
        with contextlib.suppress(OSError):  # a closed terminal takes no message
            print(f"{lead}Stopped: {stopped}", file=sys.stderr)
        return 128 + exc.signum if isinstance(exc, Signalled) else EXIT_INTERRUPTED
    except EOFError:
        _fail(f"the input ended before the last question; {_progress(flow, command)}")
        return EXIT_USAGE
    except DraftError as exc:
        what = f", while saving {flow.saving}" if flow.saving else ""
        if flow.path is None:
            _fail(f"{exc}{what}; no draft was created")
        else:
            _fail(f"{exc}{what}; {_progress(flow, command)}")
        return EXIT_USAGE

    assert flow.path is not None
    from postmortem_tui.core.completeness import percent_complete

    ref = _ref(store, flow.doc, flow.path)
    print(f"Saved {flow.doc.header.incident_id}: {flow.path}")
    print(f"Completeness: {percent_complete(flow.doc)}%")
    print(f"Continue in the wizard: {command} open {ref}")
    return EXIT_OK


def _progress(flow: QuickFlow, command: str, sep: str = "; continue with: ") -> str:
    """What this run saved, then `sep`, then the command that goes on."""
    if flow.path is None:
        return "nothing was answered, so no draft was created."
    ref = _ref(flow.store, flow.doc, flow.path)
    name = flow.doc.header.incident_id or flow.path.name
    count = len(flow.saved)
    if count:
        what = (
            f"{count} answer{'s' if count != 1 else ''} saved in {name} ({flow.path}), "
            f"the last: {flow.saved[-1]}"
        )
    else:
        what = f"nothing new; {name} is as it was ({flow.path})"
    return f"{what}{sep}{command} quick --resume {ref}"
