"""Real-looking sources for the timeline importers, written by the tests: one trading incident
(the order gateway rejecting orders, 2026-11-24 09:15-10:50 COT) as the on-call engineer's
shell, the gateway's logs, the pager and the incident channel saw it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from pathlib import Path

from postmortem_tui.core.timeutil import COT

DAY = dt.date(2026, 11, 24)
START, END = dt.time(9, 15), dt.time(10, 50)


def at(hhmm: str, second: int = 0, day: dt.date = DAY) -> dt.datetime:
    """A moment of the incident, in COT."""
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, second, tzinfo=COT)


def epoch(hhmm: str, second: int = 0) -> int:
    return int(at(hhmm, second).timestamp())


def utc(hhmm: str, second: int = 0, fraction: str = "") -> str:
    return at(hhmm, second).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def write_zsh(path: Path) -> Path:
    """zsh extended history: a multi-line loop, a metafied non-ASCII command, a secret, a
    trivial `cd`, and a command from before the window."""
    # zsh writes the bytes 0x83-0x9d as 0x83 and the byte XOR 32: the em dash is e2 80 94.
    dash = "echo 'limits — restored'".encode().replace(b"\x94", b"\x83\xb4")
    lines = [
        f": {epoch('07:00')}:0;git pull".encode(),
        f": {epoch('09:16', 5)}:0;kubectl -n trading get pods".encode(),
        f": {epoch('09:18', 40)}:2;kubectl -n trading logs deploy/order-gateway --since=10m"
        " | grep -i reject".encode(),
        f": {epoch('09:20')}:30;for pod in $(kubectl -n trading get pods -o name); do\\".encode(),
        b"  kubectl -n trading exec $pod -- curl -s localhost:8080/health\\",
        b"done",
        f": {epoch('09:31')}:0;export PGPASSWORD=hunter2".encode(),
        f": {epoch('09:33')}:0;cd /srv/limits".encode(),
        f": {epoch('09:34')}:0;".encode() + dash,
        f": {epoch('09:47', 12)}:4;kubectl -n trading rollout undo deployment/limits-loader"
        .encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def write_bash(path: Path) -> Path:
    """bash with HISTTIMEFORMAT: untimed lines from before it was set, a two-line command."""
    path.write_text(
        "ls -la\n"
        "uptime\n"
        f"#{epoch('09:22')}\n"
        "ssh trade-gw-1 'sudo journalctl -u order-gateway --since -15min'\n"
        f"#{epoch('09:40', 30)}\n"
        "psql -h risk-db -c 'select count(*) from limits\n"
        "  where updated_at > now() - interval 1 day'\n"
        f"#{epoch('09:41')}\n"
        "clear\n",
        encoding="utf-8",
    )
    return path


def write_fish(path: Path) -> Path:
    path.write_text(
        "- cmd: curl -s https://status.exchange.example/api | jq .state\n"
        f"  when: {epoch('09:24')}\n"
        f"- cmd: echo first\\nsecond\n  when: {epoch('09:25')}\n  paths:\n    - /tmp\n",
        encoding="utf-8",
    )
    return path


def write_atuin(path: Path) -> Path:
    """atuin's database as atuin creates it (nanosecond timestamps, host:user)."""
    db = sqlite3.connect(path)
    db.execute(
        "create table history (id text primary key, timestamp integer not null, duration "
        "integer not null, exit integer not null, command text not null, cwd text not null, "
        "session text not null, hostname text not null, deleted_at integer)"
    )
    rows = [
        ("a1", epoch("09:19") * 10**9 + 123_456_789, 1_200_000, 0,
         "kubectl -n trading describe deploy/limits-loader", "/home/ana", "s1", "laptop:ana"),
        ("a2", epoch("09:44") * 10**9, 800_000, 1,
         "kubectl -n trading rollout status deploy/limits-loader --timeout=60s", "/home/ana", "s1",
         "laptop:ana"),
        ("a3", epoch("12:30") * 10**9, 1, 0, "make lunch", "/home/ana", "s1", "laptop:ana"),
    ]
    db.executemany("insert into history values (?, ?, ?, ?, ?, ?, ?, ?, null)", rows)
    db.execute("insert into history values ('a4', ?, 1, 0, 'rm -rf oops', '/', 's1', "
               "'laptop:ana', ?)", (epoch("09:45") * 10**9, epoch("09:46") * 10**9))
    db.commit()
    db.close()
    return path


def write_app_log(path: Path, *, compressed: bool = False) -> Path:
    """The gateway's log: ISO 8601 with offsets (UTC, COT, +05:30), ANSI colours, a pipe, a
    stack trace, invalid UTF-8, a line out of order and a date that is none."""
    lines = [
        f"{utc('08:00')} INFO order-gateway: started".encode(),
        f"{utc('09:14', 3, '.120')} \x1b[31mERROR\x1b[0m order-gateway: reject reason="
        "LIMIT_MISSING acct=4411 | venue=XNYS".encode(),
        b"Traceback (most recent call last):",
        b'  File "risk.py", line 88, in check',
        b"2026-11-24T09:30:00-05:00 WARN risk: limits cache empty for desk=EQ",
        b"2026-11-24T20:05:00+05:30 INFO order-gateway: retrying limits fetch",
        b"2026-11-24T09:45:10-05:00 INFO order-gateway: caf\xe9 bytes \xff\xfe kept",
        f"{utc('09:20')} WARN order-gateway: reject rate 34%".encode(),  # out of order
        b"2026-02-30T09:40:00Z ERROR not a date",
        f"{utc('10:49', 59, '.999')} INFO order-gateway: reject rate back to 0.1%".encode(),
        f"{utc('11:45')} INFO order-gateway: heartbeat".encode(),
    ]
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(gzip.compress(data) if compressed else data)
    return path


def write_syslog(path: Path) -> Path:
    path.write_text(
        "Nov 24 09:16:02 trade-gw-1 order-gateway[2211]: rejecting orders: no limits\n"
        "Nov 24 09:47:30 trade-gw-1 systemd[1]: Restarting limits-loader.service\n"
        "Nov 24 23:59:00 trade-gw-1 cron[99]: later that night\n",
        encoding="utf-8",
    )
    return path


def write_access_log(path: Path) -> Path:
    path.write_text(
        '10.0.3.7 - - [24/Nov/2026:09:17:41 -0500] "POST /api/orders HTTP/1.1" 503 71 "-" '
        '"fix-bridge/2.3"\n'
        '10.0.3.9 - ana [24/Nov/2026:14:48:05 +0000] "GET /health HTTP/1.1" 200 2 "-" '
        '"curl/8.4.0"\n',
        encoding="utf-8",
    )
    return path


def write_epoch_log(path: Path) -> Path:
    path.write_text(
        f"{epoch('09:21')} feed lag 4500ms\n"
        f"{epoch('09:22', 30) * 1000 + 250} feed lag 9000ms\n",
        encoding="utf-8",
    )
    return path


def write_json_log(path: Path) -> Path:
    path.write_text(
        json.dumps({"ts": utc("09:26", 1, ".5"), "level": "error", "msg": "limit lookup "
                    "failed", "service": "risk-svc"}) + "\n"
        + json.dumps({"time": epoch("09:27") * 1000, "message": "fallback to defaults"}) + "\n",
        encoding="utf-8",
    )
    return path


def write_pagerduty_log(path: Path) -> Path:
    """The REST API's incident log entries, newest first as PagerDuty returns them."""
    incident = {"id": "Q1R2", "type": "incident_reference",
                "summary": "[#2211] Order gateway reject rate above 5%"}
    entries = [
        {"id": "R4", "type": "resolve_log_entry", "created_at": utc("10:48", 2),
         "summary": "Resolved by Ana Restrepo", "incident": incident,
         "agent": {"type": "user_reference", "summary": "Ana Restrepo"}},
        {"id": "R3", "type": "annotate_log_entry", "created_at": utc("09:50"),
         "summary": "Note added", "incident": incident, "channel": {"type": "web_ui"},
         "note": {"content": "Rolled back limits-loader to 4.12.0"},
         "agent": {"type": "user_reference", "summary": "Ana Restrepo"}},
        {"id": "R2b", "type": "notify_log_entry", "created_at": utc("09:17"),
         "summary": "Notified Ana Restrepo by phone", "incident": incident},
        {"id": "R2", "type": "acknowledge_log_entry", "created_at": utc("09:19", 44),
         "summary": "Acknowledged by Ana Restrepo", "incident": incident,
         "agent": {"type": "user_reference", "summary": "Ana Restrepo"}},
        {"id": "R1", "type": "trigger_log_entry", "created_at": utc("09:16", 51),
         "summary": "Triggered through the API", "incident": incident,
         "agent": {"type": "service_reference", "summary": "Datadog"}},
    ]
    path.write_text(json.dumps({"log_entries": entries, "limit": 25, "offset": 0,
                                "more": False}, indent=2), encoding="utf-8")
    return path


def write_pd_webhooks(path: Path) -> Path:
    """v3 webhook payloads as a receiver logs them, one JSON object a line."""
    def event(kind: str, when: str, agent: str | None, **data: object) -> str:
        body = {"event": {"id": f"E{kind}", "event_type": kind, "resource_type": "incident",
                          "occurred_at": when,
                          "agent": {"summary": agent, "type": "user_reference"} if agent else None,
                          "data": {"id": "Q1R2", "type": "incident", "number": 2211,
                                   "title": "Order gateway reject rate above 5%",
                                   "service": {"summary": "order-gateway"}, **data}}}
        return json.dumps(body)

    path.write_text("\n".join([
        event("incident.triggered", utc("09:16", 51, ".123"), None),
        event("incident.acknowledged", utc("09:19", 44), "Ana Restrepo"),
        event("incident.annotated", utc("09:50"), "Ana Restrepo", content="Rollback started"),
        event("incident.resolved", utc("10:48", 2), "Ana Restrepo"),
    ]) + "\n", encoding="utf-8")
    return path


def write_alertmanager(path: Path) -> Path:
    """A firing notification, its repeat, and the resolved one (nanosecond RFC 3339)."""
    def payload(status: str, ends: str) -> dict[str, object]:
        return {"version": "4", "groupKey": "{}:{alertname=\"RejectRate\"}", "status": status,
                "receiver": "trading-pager",
                "alerts": [{"status": status,
                            "labels": {"alertname": "RejectRate", "instance": "trade-gw-1",
                                       "severity": "page"},
                            "annotations": {"summary": "Reject rate above 5%"},
                            "startsAt": utc("09:14", 30, ".123456789"), "endsAt": ends,
                            "fingerprint": "c0ffee"}]}

    path.write_text(json.dumps([payload("firing", "0001-01-01T00:00:00Z"),
                                payload("firing", "0001-01-01T00:00:00Z"),
                                payload("resolved", utc("10:47", 0, ".5"))]), encoding="utf-8")
    return path


def write_opsgenie(path: Path) -> Path:
    created = epoch("09:16") * 1000 + 250  # milliseconds
    def alert(updated_ns: int, user: str) -> dict[str, object]:
        return {"alertId": "052652ac", "message": "Order gateway rejects", "tinyId": "23",
                "createdAt": created, "updatedAt": updated_ns, "username": user,
                "source": "datadog", "tags": ["trading"]}

    lines = [
        {"action": "Create", "alert": alert(created * 10**6 + 1, "System"),
         "source": {"name": "datadog", "type": "API"}},
        {"action": "Acknowledge", "alert": alert(epoch("09:21") * 10**9 + 5, "ana@example.com"),
         "source": {"name": "", "type": "mobile"}},
        {"action": "Close", "alert": alert(epoch("10:49") * 10**9, "ana@example.com"),
         "source": {"name": "", "type": "web"}},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def write_slack_export(root: Path) -> Path:
    """An export's top folder with users.json and the incident channel; returns the channel's
    folder."""
    channel = root / "inc-2211-order-rejects"
    channel.mkdir(parents=True)
    (root / "users.json").write_text(json.dumps([
        {"id": "U01ANA", "name": "ana", "real_name": "Ana Restrepo",
         "profile": {"real_name": "Ana Restrepo", "display_name": "ana"}},
        {"id": "U02CAR", "name": "carlos", "profile": {"display_name": "Carlos M."}},
    ]), encoding="utf-8")
    (root / "channels.json").write_text("[]", encoding="utf-8")

    def ts(hhmm: str, second: int = 0) -> str:
        return f"{epoch(hhmm, second)}.{second:06d}"

    (channel / "2026-11-24.json").write_text(json.dumps([
        {"type": "message", "subtype": "channel_join", "user": "U02CAR", "ts": ts("09:17"),
         "text": "<@U02CAR> has joined the channel"},
        {"type": "message", "user": "U01ANA", "ts": ts("09:18", 3),
         "text": "Paged for rejects on <#C0FEED|trading-ops>; looking at <https://grafana."
                 "example/d/gw|the gateway dashboard> &amp; logs"},
        {"type": "message", "user": "U02CAR", "ts": ts("09:38"),
         "text": "<!here> declaring P1, desk moving clients to voice | status page up"},
        {"type": "message", "subtype": "bot_message", "username": "deploybot",
         "ts": ts("09:47", 20), "text": "limits-loader rolled back to 4.12.0",
         "bot_id": "B1"},
        {"type": "message", "user": "U01ANA", "ts": ts("10:51"), "text": "All clear \U0001f389",
         "thread_ts": ts("09:18", 3), "parent_user_id": "U01ANA"},
    ], ensure_ascii=False), encoding="utf-8")
    (channel / "2026-11-20.json").write_text(json.dumps([
        {"type": "message", "user": "U01ANA", "ts": f"{epoch('09:00') - 4 * 86400}.000100",
         "text": "an older day"},
    ]), encoding="utf-8")
    return channel


def write_new_york_log(path: Path) -> Path:
    """A log written in New York local time without offsets, across the end of daylight saving
    time (01:00-02:00 happens twice on 2026-11-01), and a summer line."""
    path.write_text(
        "2026-07-01 09:00:00 summer: EDT is UTC-4\n"
        "2026-11-01 00:59:00 before the change\n"
        "2026-11-01 01:30:00 first 01:30 (EDT)\n"
        "2026-11-01 01:59:59 last second of EDT\n"
        "2026-11-01 01:00:01 second 01:00 (EST)\n"
        "2026-11-01 01:30:00 second 01:30 (EST)\n"
        "2026-11-01 02:10:00 after the change\n",
        encoding="utf-8",
    )
    return path
