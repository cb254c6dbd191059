"""The timeline's sources: every format read from real-looking samples, to COT, in the window,
hostile lines handled, and a source that cannot be read named with its file and line."""

from __future__ import annotations

import datetime as dt
import json
import re
import tracemalloc
from pathlib import Path

import pytest
from timeline_samples import (
    DAY,
    at,
    epoch,
    utc,
    write_access_log,
    write_alertmanager,
    write_app_log,
    write_atuin,
    write_bash,
    write_epoch_log,
    write_fish,
    write_json_log,
    write_new_york_log,
    write_opsgenie,
    write_pagerduty_log,
    write_pd_webhooks,
    write_slack_export,
    write_syslog,
    write_zsh,
)

from postmortem_tui.core.timeline_sources import (
    ReadOptions,
    SourceError,
    SourceReport,
    detect,
    read_source,
)
from postmortem_tui.core.timeline_sources.clock import LocalTimes, syslog_year, zone
from postmortem_tui.core.timeline_sources.text import clean, mask_secrets, short_command
from postmortem_tui.core.timeutil import COT

WINDOW = ReadOptions(since=at("08:45"), until=at("11:20"), day=DAY)


def hhmm(report: SourceReport) -> list[str]:
    return [e.when.strftime("%H:%M") for e in report.events]


def texts(report: SourceReport) -> list[str]:
    return [e.text for e in report.events]


# --- shell ---------------------------------------------------------------------------------------


def test_zsh_extended_history(tmp_path: Path) -> None:
    path = write_zsh(tmp_path / ".zsh_history")
    assert detect(path) == "zsh"
    report = read_source(path, WINDOW)
    assert hhmm(report) == ["09:16", "09:18", "09:20", "09:31", "09:34", "09:47"]
    loop = report.events[2]
    assert loop.text == (
        "for pod in $(kubectl -n trading get pods -o name); do\n"
        "  kubectl -n trading exec $pod -- curl -s localhost:8080/health\ndone"
    )
    assert loop.shell and loop.family == "zsh" and loop.line == 4
    assert loop.original == str(epoch("09:20"))
    assert "PGPASSWORD=***" in report.events[3].text  # never the password itself
    assert report.events[4].text == "echo 'limits — restored'"  # unmetafied
    assert report.outside == 1 and report.left_out == 1  # git pull at 07:00; cd
    assert report.events[0].actor  # the file's owner


def test_bash_histtimeformat(tmp_path: Path) -> None:
    path = write_bash(tmp_path / ".bash_history")
    assert detect(path) == "bash"
    report = read_source(path, WINDOW)
    assert hhmm(report) == ["09:22", "09:40"]
    assert report.events[1].text.endswith("where updated_at > now() - interval 1 day'")
    assert report.untimed == 2 and report.left_out == 1  # before HISTTIMEFORMAT; clear


def test_fish(tmp_path: Path) -> None:
    path = write_fish(tmp_path / "fish_history")
    assert detect(path) == "fish"
    report = read_source(path, WINDOW)
    assert texts(report) == ["curl -s https://status.exchange.example/api | jq .state",
                             "echo first\nsecond"]


def test_atuin(tmp_path: Path) -> None:
    path = write_atuin(tmp_path / "history.db")
    assert detect(path) == "atuin"
    report = read_source(path, WINDOW)
    assert texts(report) == [
        "kubectl -n trading describe deploy/limits-loader",
        "kubectl -n trading rollout status deploy/limits-loader --timeout=60s (exit 1)",
    ]
    assert [e.actor for e in report.events] == ["ana", "ana"]
    assert report.events[0].when == at("09:19").replace(microsecond=123457)
    assert report.events[0].original == str(epoch("09:19") * 10**9 + 123_456_789)


def test_shell_commands_shortened_for_the_event_column() -> None:
    assert short_command("kubectl -n trading rollout undo deployment/limits-loader") == (
        "kubectl -n trading rollout undo deployment/limits-loader"
    )
    assert short_command("for i in 1 2; do\n  curl x\ndone") == "for i in 1 2; do …"
    long = "echo " + "QUJD" * 30 + " | base64 -d | kubectl apply -f - && kubectl rollout " * 3
    shortened = short_command(long)
    assert len(shortened) <= 72 and shortened.endswith(" …") and "QUJDQUJD…" in shortened


# --- logs ----------------------------------------------------------------------------------------


def test_iso_log_with_hostile_lines(tmp_path: Path) -> None:
    path = write_app_log(tmp_path / "order-gateway.log")
    assert detect(path) == "log"
    report = read_source(path, WINDOW)
    # Every offset to COT, sorted (one line was out of order), the window kept.
    assert hhmm(report) == ["09:14", "09:20", "09:30", "09:35", "09:45", "10:49"]
    first = report.events[0]
    assert first.text == ("ERROR order-gateway: reject reason=LIMIT_MISSING acct=4411 | "
                          "venue=XNYS")  # no ANSI, the pipe kept
    assert first.original == "2026-11-24T14:14:03.120Z" and first.actor == "order-gateway"
    assert first.when == at("09:14", 3).replace(microsecond=120000)
    assert "caf\ufffd bytes \ufffd\ufffd kept" in report.events[4].text  # invalid UTF-8
    assert report.events[-1].when == at("10:49", 59).replace(microsecond=999000)
    assert report.untimed == 2 + 1  # the stack trace, and the date that is none
    assert report.outside == 2
    assert any("2026-02-30" in note for note in report.notes)


def test_a_compressed_log(tmp_path: Path) -> None:
    path = write_app_log(tmp_path / "order-gateway.log.1.gz", compressed=True)
    assert detect(path) == "log"
    assert len(read_source(path, WINDOW).events) == 6


def test_grep_keeps_matching_lines(tmp_path: Path) -> None:
    path = write_app_log(tmp_path / "gw.log")
    options = ReadOptions(since=at("08:45"), until=at("11:20"), grep=re.compile("reject"))
    report = read_source(path, options)
    assert hhmm(report) == ["09:14", "09:20", "10:49"] and report.left_out == 3


def test_syslog_takes_the_year_of_the_incident(tmp_path: Path) -> None:
    path = write_syslog(tmp_path / "syslog")
    report = read_source(path, WINDOW)
    assert texts(report) == ["rejecting orders: no limits", "Restarting limits-loader.service"]
    assert [e.actor for e in report.events] == ["order-gateway", "systemd"]
    assert report.events[0].when == at("09:16", 2)
    assert syslog_year(12, 31, dt.date(2027, 1, 2)) == 2026
    assert syslog_year(1, 2, dt.date(2026, 12, 31)) == 2027
    assert syslog_year(2, 29, dt.date(2027, 3, 1)) == 2028  # the nearest year that has one


def test_syslog_in_another_zone(tmp_path: Path) -> None:
    path = write_syslog(tmp_path / "syslog")
    options = ReadOptions(since=at("08:45"), until=at("11:20"), day=DAY, tz=zone("UTC"))
    assert hhmm(read_source(path, options)) == []  # 09:16 UTC is 04:16 COT
    options = ReadOptions(since=at("04:00"), until=at("05:00"), day=DAY, tz=zone("UTC"))
    assert hhmm(read_source(path, options)) == ["04:16", "04:47"]


def test_access_log(tmp_path: Path) -> None:
    report = read_source(write_access_log(tmp_path / "access.log"), WINDOW)
    assert hhmm(report) == ["09:17", "09:48"]
    assert report.events[0].text.startswith('10.0.3.7 - - "POST /api/orders HTTP/1.1" 503')
    assert report.events[1].original == "[24/Nov/2026:14:48:05 +0000]"


def test_epoch_seconds_and_milliseconds(tmp_path: Path) -> None:
    report = read_source(write_epoch_log(tmp_path / "feed.log"), WINDOW)
    assert [e.when for e in report.events] == [at("09:21"),
                                               at("09:22", 30).replace(microsecond=250000)]
    assert texts(report) == ["feed lag 4500ms", "feed lag 9000ms"]


def test_json_lines_log(tmp_path: Path) -> None:
    path = write_json_log(tmp_path / "risk.jsonl")
    assert detect(path) == "log"
    report = read_source(path, WINDOW)
    assert texts(report) == ["ERROR limit lookup failed", "fallback to defaults"]
    assert [e.actor for e in report.events] == ["risk-svc", "risk"]


def test_naive_times_in_a_zone_with_daylight_saving(tmp_path: Path) -> None:
    path = write_new_york_log(tmp_path / "ny.log")
    report = read_source(path, ReadOptions(tz=zone("America/New_York")))
    got = [(e.when.strftime("%m-%d %H:%M:%S"), e.text) for e in report.events]
    assert got == [
        ("07-01 08:00:00", "summer: EDT is UTC-4"),  # 09:00 EDT is 08:00 COT
        ("10-31 23:59:00", "before the change"),  # across midnight, into the day before
        ("11-01 00:30:00", "first 01:30 (EDT)"),
        ("11-01 00:59:59", "last second of EDT"),
        ("11-01 01:00:01", "second 01:00 (EST)"),  # the repeated hour, read in order
        ("11-01 01:30:00", "second 01:30 (EST)"),
        ("11-01 02:10:00", "after the change"),
    ]


def test_local_times_without_daylight_saving_are_fixed() -> None:
    local = LocalTimes(COT)
    when, lasting = local.resolve(dt.datetime(2026, 11, 24, 9, 0))
    assert when == at("09:00") and lasting


def test_time_zones() -> None:
    assert zone("COT") is COT and zone("utc") == dt.UTC
    assert zone("-05:00") == dt.timezone(dt.timedelta(hours=-5))
    assert str(zone("America/Bogota")) == "America/Bogota"
    with pytest.raises(ValueError, match='unknown time zone "Mars/Olympus"'):
        zone("Mars/Olympus")


def test_a_big_log_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    start = at("00:00")
    with path.open("w", encoding="utf-8") as out:
        for i in range(50_000):  # 4 MB, ten hours at 0.7 s a line
            when = (start + dt.timedelta(milliseconds=700 * i)).isoformat(timespec="milliseconds")
            out.write(f"{when} INFO order-gateway: accepted order id={i} qty=100 acct=4411\n")
    options = ReadOptions(since=at("09:00"), until=at("09:05"))
    tracemalloc.start()
    report = read_source(path, options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(report.events) == 5 * 60 * 10 // 7 + 1
    assert report.outside == 50_000 - len(report.events)
    assert peak < 4 * 1024 * 1024  # the events of five minutes, not the file


def test_more_events_than_a_timeline_holds_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "busy.log"
    path.write_text("".join(f"2026-11-24T09:{i // 600:02d}:{i % 60:02d} line {i}\n"
                            for i in range(10_050)), encoding="utf-8")
    with pytest.raises(SourceError, match="more than 10,000 events in the window"):
        read_source(path, ReadOptions())


# --- the pager -----------------------------------------------------------------------------------


def test_pagerduty_log_entries(tmp_path: Path) -> None:
    path = write_pagerduty_log(tmp_path / "pd.json")
    assert detect(path) == "pagerduty"
    report = read_source(path, WINDOW)
    assert [(e.when.strftime("%H:%M:%S"), e.kind, e.text, e.actor) for e in report.events] == [
        ("09:16:51", "alert", "PagerDuty alert: [#2211] Order gateway reject rate above 5%",
         "Datadog"),
        ("09:19:44", "ack", "PagerDuty: acknowledged by Ana Restrepo", "Ana Restrepo"),
        ("09:50:00", "", "Note: Rolled back limits-loader to 4.12.0", "Ana Restrepo"),
        ("10:48:02", "resolve", "PagerDuty: resolved by Ana Restrepo", "Ana Restrepo"),
    ]
    assert report.left_out == 1  # the phone notification
    assert report.events[0].original == utc("09:16", 51)


def test_pagerduty_webhooks(tmp_path: Path) -> None:
    path = write_pd_webhooks(tmp_path / "pd-webhooks.jsonl")
    assert detect(path) == "pagerduty"
    report = read_source(path, WINDOW)
    assert [(e.kind, e.text) for e in report.events] == [
        ("alert", "PagerDuty alert: Order gateway reject rate above 5% (order-gateway)"),
        ("ack", "PagerDuty: acknowledged by Ana Restrepo"),
        ("", "Note: Rollback started"),
        ("resolve", "PagerDuty: resolved by Ana Restrepo"),
    ]
    assert report.events[0].line == 1 and report.events[0].actor == "PagerDuty"


def test_alertmanager(tmp_path: Path) -> None:
    path = write_alertmanager(tmp_path / "alertmanager.json")
    assert detect(path) == "alertmanager"
    report = read_source(path, WINDOW)
    events = [(e.when.strftime("%H:%M:%S"), e.kind, e.text) for e in report.events]
    # Each notification repeats the firing: the same event, the same key.
    assert events == [
        ("09:14:30", "alert", "Alert firing: RejectRate on trade-gw-1: Reject rate above 5%"),
    ] * 3 + [("10:47:00", "resolve", "Alert resolved: RejectRate on trade-gw-1: Reject rate "
                                     "above 5%")]
    assert len({e.key for e in report.events}) == 2


def test_opsgenie_milliseconds_and_nanoseconds(tmp_path: Path) -> None:
    path = write_opsgenie(tmp_path / "opsgenie.jsonl")
    assert detect(path) == "opsgenie"
    report = read_source(path, WINDOW)
    assert [(e.when, e.kind, e.actor) for e in report.events] == [
        (at("09:16").replace(microsecond=250000), "alert", "datadog"),
        (at("09:21"), "ack", "ana@example.com"),
        (at("10:49"), "resolve", "ana@example.com"),
    ]
    assert report.events[1].text == "Opsgenie: acknowledged by ana@example.com"


# --- chat ----------------------------------------------------------------------------------------


def test_slack_channel_folder_with_users(tmp_path: Path) -> None:
    channel = write_slack_export(tmp_path / "export")
    assert detect(channel) == "slack"
    report = read_source(channel, WINDOW)
    assert [(e.when.strftime("%H:%M"), e.actor, e.text) for e in report.events] == [
        ("09:18", "Ana Restrepo", "Paged for rejects on #trading-ops; looking at the gateway "
         "dashboard (https://grafana.example/d/gw) & logs"),
        ("09:38", "Carlos M.", "@here declaring P1, desk moving clients to voice | status page up"),
        ("09:47", "deploybot", "limits-loader rolled back to 4.12.0"),
        ("10:51", "Ana Restrepo", "All clear \U0001f389"),
    ]
    assert report.left_out == 1  # the join
    assert any("1 day files outside the window" in n for n in report.notes)
    # The export's top folder, with one channel, is that channel; one day file reads alone.
    assert len(read_source(tmp_path / "export", WINDOW).events) == 4
    assert len(read_source(channel / "2026-11-24.json", WINDOW).events) == 4


def test_slack_export_with_several_channels_asks_for_one(tmp_path: Path) -> None:
    write_slack_export(tmp_path / "export")
    other = tmp_path / "export" / "general"
    other.mkdir()
    (other / "2026-11-24.json").write_text("[]", encoding="utf-8")
    with pytest.raises(SourceError, match=r"2 channels .*give the incident channel's folder"):
        read_source(tmp_path / "export", WINDOW)


# --- what cannot be read -------------------------------------------------------------------------


def test_bad_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "pd.jsonl"
    good = json.dumps({"event": {"event_type": "incident.triggered",
                                 "occurred_at": utc("09:16")}})
    path.write_text(f"{good}\n{good}\n{{\"event\": oops}}\n", encoding="utf-8")
    with pytest.raises(SourceError, match=rf"^{re.escape(str(path))}:3: not valid JSON"):
        read_source(path, WINDOW, kind="pagerduty")


def test_a_record_without_its_time_is_named(tmp_path: Path) -> None:
    path = tmp_path / "pd.json"
    path.write_text(json.dumps({"log_entries": [
        {"type": "trigger_log_entry", "created_at": utc("09:16")},
        {"type": "acknowledge_log_entry", "created_at": "yesterday"},
    ]}), encoding="utf-8")
    with pytest.raises(SourceError, match=r"log_entries\[1\]: created_at is not a time"):
        read_source(path, WINDOW)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary\x00", "a binary file"),
        (b"just some notes\nwith no times\n", "not a source this reader knows"),
        (b'{"hello": "world"}', "JSON, but not"),
    ],
)
def test_what_is_no_source_is_said(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "thing"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_source(path, WINDOW)


def test_a_missing_source_and_a_forced_wrong_format(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.log", WINDOW)
    path = write_zsh(tmp_path / "hist")
    with pytest.raises(SourceError, match="no line has a time this reader knows"):
        read_source(write_fish(tmp_path / "fish"), WINDOW, kind="log")
    with pytest.raises(SourceError, match=r"not an atuin|cannot"):
        read_source(path, WINDOW, kind="atuin")


def test_text_cleaning() -> None:
    assert clean("\x1b[1;31mERROR\x1b[0m\x07 done\x1b]0;title\x07") == "ERROR  done"
    assert clean("a\tb\nc", one_line=True) == "a b c"
    assert mask_secrets("curl -H 'Authorization: Bearer abc.def.ghi123' https://api") == (
        "curl -H 'Authorization: Bearer ***' https://api"
    )
    assert mask_secrets("git log --author Ana") == "git log --author Ana"
