"""The pager and alerting: PagerDuty incident log entries (the REST API's `log_entries`) and v3
webhook payloads (`event_type`, `occurred_at`), Alertmanager webhook payloads (`startsAt`,
`endsAt`, firing and resolved), and Opsgenie alert activity (webhook payloads, whose
`createdAt` is in milliseconds and `updatedAt` in nanoseconds, and the alert log).

Each file is one JSON document (an object or an array of them) or JSON lines. An event says
what it tells about the incident (`kind`: alert, ack, resolve), which proposes milestones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import clock
from .event import ReadOptions, SourceError, SourceEvent, SourceReport
from .jsonfile import records, text_of, where
from .text import clean, mask_secrets

ALERT, ACK, RESOLVE = "alert", "ack", "resolve"
_NEVER = "0001-01-01T00:00:00Z"  # Alertmanager's "not ended"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _summary(value: Any) -> str:
    return text_of(_dict(value).get("summary"))


class _Collect:
    def __init__(self, path: Path, family: str, options: ReadOptions) -> None:
        self.report = SourceReport(path, family)
        self.options = options

    def time(self, value: Any, place: str, line: int | None, name: str) -> dt.datetime:
        if value in (None, ""):
            raise SourceError(self.report.path, f"{where(line, place)}: no {name}")
        try:
            return clock.any_time(value, self.options.tz)
        except ValueError:
            raise SourceError(
                self.report.path, f"{where(line, place)}: {name} is not a time: {value!r}"
            ) from None

    def add(self, when: dt.datetime, text: str, actor: str, place: int, original: Any,
            kind: str = "") -> None:
        report = self.report
        if not self.options.keeps(when):
            report.outside += 1
            return
        text = mask_secrets(clean(text, one_line=True).strip())
        if self.options.grep is not None and not self.options.grep.search(text):
            report.left_out += 1
            return
        report.events.append(SourceEvent(
            when=when, text=text, actor=clean(actor, one_line=True).strip(),
            family=report.family, source=str(report.path), line=place,
            original=text_of(original), kind=kind,
        ))

    def done(self) -> SourceReport:
        self.report.events.sort(key=lambda e: e.when)
        return self.report


def _items(path: Path, key: str | None = None) -> Iterator[tuple[int | None, str, int, Any]]:
    """(line, place, number, record) of each record: a document's array (or its `key`
    array), a single object, or JSON lines."""
    number = 0
    for line, value in records(path):
        if key is not None and isinstance(value, dict) and isinstance(value.get(key), list):
            items: list[Any] = value[key]
            name = key
        elif isinstance(value, list):
            items, name = value, ""
        else:
            items, name = [value], ""
        for i, item in enumerate(items):
            number += 1
            place = f"{name}[{i}]" if name else f"record {i + 1}"
            yield line, place, number, item


# --- PagerDuty ---------------------------------------------------------------------------------

_PD_KINDS = {"trigger_log_entry": ALERT, "acknowledge_log_entry": ACK,
             "resolve_log_entry": RESOLVE}
_PD_WEBHOOK_KINDS = {"incident.triggered": ALERT, "incident.acknowledged": ACK,
                     "incident.resolved": RESOLVE}
_PD_QUIET = {"notify_log_entry"}
"""One entry per SMS, call and push to each responder: left out, counted."""


def _pd_entry(out: _Collect, line: int | None, place: str, n: int, entry: dict[str, Any]) -> None:
    kind_name = text_of(entry.get("type"))
    if kind_name in _PD_QUIET:
        out.report.left_out += 1
        return
    when = out.time(entry.get("created_at"), place, line, "created_at")
    agent = _summary(entry.get("agent"))
    incident = _summary(entry.get("incident"))
    summary = text_of(entry.get("summary"))
    kind = _PD_KINDS.get(kind_name, "")
    if kind == ALERT:
        text = f"PagerDuty alert: {incident or summary}"
    elif kind == ACK:
        text = f"PagerDuty: acknowledged by {agent}" if agent else summary
    elif kind == RESOLVE:
        text = "PagerDuty: resolved" + (f" by {agent}" if agent else "")
    elif kind_name == "annotate_log_entry":
        note = text_of(_dict(entry.get("note")).get("content")) or _summary(entry.get("channel"))
        text = f"Note: {note or summary}"
    else:
        text = summary or kind_name.removesuffix("_log_entry").replace("_", " ")
    actor = agent or "PagerDuty"
    out.add(when, text, actor, n, entry.get("created_at"), kind)


def _pd_webhook(out: _Collect, line: int | None, place: str, n: int, event: dict[str, Any]) -> None:
    event_type = text_of(event.get("event_type"))
    if not event_type.startswith("incident."):
        out.report.left_out += 1  # service and other resources' events
        return
    when = out.time(event.get("occurred_at"), place, line, "occurred_at")
    agent = _summary(event.get("agent"))
    data = _dict(event.get("data"))
    title = text_of(data.get("title") or data.get("summary"))
    service = _summary(data.get("service"))
    kind = _PD_WEBHOOK_KINDS.get(event_type, "")
    what = event_type.removeprefix("incident.").replace("_", " ").replace(".", " ")
    if kind == ALERT:
        text = f"PagerDuty alert: {title}" + (f" ({service})" if service else "")
    elif kind == ACK:
        text = "PagerDuty: acknowledged" + (f" by {agent}" if agent else "")
    elif kind == RESOLVE:
        text = "PagerDuty: resolved" + (f" by {agent}" if agent else "")
    elif event_type == "incident.annotated":
        text = f"Note: {text_of(data.get('content'))}"
    elif event_type == "incident.status_update_published":
        text = f"Status update: {text_of(data.get('message'))}"
    elif event_type == "incident.priority_updated":
        text = f"Priority set to {_summary(data.get('priority')) or 'none'}"
    else:
        text = f"PagerDuty: {what}" + (f" by {agent}" if agent else "")
    out.add(when, text, agent or "PagerDuty", n, event.get("occurred_at"), kind)


def read_pagerduty(path: Path, options: ReadOptions) -> SourceReport:
    """PagerDuty log entries (`{"log_entries": [...]}`, a list of them, or one) and v3
    webhook payloads (`{"event": {...}}`, a list of them, or JSON lines)."""
    out = _Collect(path, "pagerduty", options)
    for line, place, n, item in _items(path, "log_entries"):
        if not isinstance(item, dict):
            raise SourceError(path, f"{where(line, place)}: not a PagerDuty record")
        if isinstance(item.get("event"), dict):
            _pd_webhook(out, line, place, n, item["event"])
        elif "event_type" in item:
            _pd_webhook(out, line, place, n, item)
        elif text_of(item.get("type")).endswith("_log_entry"):
            _pd_entry(out, line, place, n, item)
        else:
            raise SourceError(path, f"{where(line, place)}: neither a log entry nor a webhook "
                                    "event (no type or event_type)")
    return out.done()


# --- Alertmanager ------------------------------------------------------------------------------


def _alert_name(alert: dict[str, Any]) -> str:
    labels = _dict(alert.get("labels"))
    name = text_of(labels.get("alertname")) or "alert"
    where_ = text_of(labels.get("instance") or labels.get("service") or labels.get("job"))
    summary = text_of(_dict(alert.get("annotations")).get("summary"))
    return name + (f" on {where_}" if where_ else "") + (f": {summary}" if summary else "")


def read_alertmanager(path: Path, options: ReadOptions) -> SourceReport:
    """Alertmanager webhook payloads (`{"status", "alerts": [...]}`), one, a list, or JSON
    lines: each alert fires at `startsAt`, and a resolved one ends at `endsAt`."""
    out = _Collect(path, "alertmanager", options)
    n = 0
    for line, place, _, payload in _items(path):
        alerts = _dict(payload).get("alerts")
        if not isinstance(alerts, list):
            raise SourceError(path, f"{where(line, place)}: not an Alertmanager payload (no "
                                    "alerts)")
        for i, alert in enumerate(alerts):
            n += 1
            at = f"{place}.alerts[{i}]" if line is None else place
            if not isinstance(alert, dict):
                raise SourceError(path, f"{where(line, at)}: not an alert")
            name = _alert_name(alert)
            starts = alert.get("startsAt")
            out.add(out.time(starts, at, line, "startsAt"), f"Alert firing: {name}",
                    "Alertmanager", n, starts, ALERT)
            ends = alert.get("endsAt")
            if alert.get("status") == "resolved" and ends and ends != _NEVER:
                out.add(out.time(ends, at, line, "endsAt"), f"Alert resolved: {name}",
                        "Alertmanager", n, ends, RESOLVE)
    return out.done()


# --- Opsgenie ----------------------------------------------------------------------------------

_OG_KINDS = {"Create": ALERT, "Acknowledge": ACK, "Close": RESOLVE}
_OG_LOG_KINDS = ((re.compile(r"(?i)\backnowledged\b"), ACK),
                 (re.compile(r"(?i)\bclosed\b"), RESOLVE),
                 (re.compile(r"(?i)\bcreated\b"), ALERT))


def read_opsgenie(path: Path, options: ReadOptions) -> SourceReport:
    """Opsgenie webhook payloads (`{"action", "alert": {...}}`: a created alert at `createdAt`,
    milliseconds; every later action at `updatedAt`, nanoseconds) and the alert log
    (`{"data": [{"log", "owner", "createdAt"}]}`)."""
    out = _Collect(path, "opsgenie", options)
    for line, place, n, item in _items(path, "data"):
        record = _dict(item)
        if "log" in record:  # the alert log
            text = text_of(record.get("log"))
            kind = next((k for pattern, k in _OG_LOG_KINDS if pattern.search(text)), "")
            when = out.time(record.get("createdAt"), place, line, "createdAt")
            out.add(when, f"Opsgenie: {text}", text_of(record.get("owner")) or "Opsgenie", n,
                    record.get("createdAt"), kind)
            continue
        alert = record.get("alert")
        action = text_of(record.get("action"))
        if not isinstance(alert, dict) or not action:
            raise SourceError(path, f"{where(line, place)}: not an Opsgenie record (no action "
                                    "and alert, no log)")
        kind = _OG_KINDS.get(action, "")
        field = "createdAt" if action == "Create" else "updatedAt"
        stamp = alert.get(field)
        when = out.time(stamp, place, line, f"alert.{field}")
        message = text_of(alert.get("message"))
        user = text_of(alert.get("username"))
        if kind == ALERT:
            text = f"Opsgenie alert: {message}"
            actor = text_of(alert.get("source")) or _dict(record.get("source")).get("name") or ""
        elif action == "AddNote":
            text, actor = f"Note: {text_of(alert.get('note'))}", user
        else:
            verb = {"Acknowledge": "acknowledged", "Close": "closed"}.get(action, action)
            text, actor = f"Opsgenie: {verb}" + (f" by {user}" if user else "") + (
                f" ({message})" if message and not kind else ""), user
        out.add(when, text, text_of(actor) or "Opsgenie", n, stamp, kind)
    return out.done()
