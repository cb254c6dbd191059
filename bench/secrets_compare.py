"""Secrets detectors compared on a generated log: ours (`core/secrets.py`) against
detect-secrets' plugins, for import cost, speed, and false positives and negatives.

    .venv/bin/python -m bench.secrets_compare [--lines 1000000] [--other PYTHON]

The log is generated deterministically (fixed seed): ordinary trading-platform lines full of
look-alikes — commit hashes, UUIDs, sha256 digests, base64 payloads, JSON with key names,
URLs without credentials, Kubernetes lines — and, on one line in a thousand, a planted secret
of one of the kinds a post-mortem's logs leak (password and token pairs, bearer tokens, JWTs,
AWS keys, URLs with a password, GitHub tokens, private-key blocks). A flagged line that holds
no planted secret is a false positive; a planted secret none of whose lines is flagged is a
false negative (a private-key block is found when any of its lines is).

detect-secrets is not a dependency of the project: `--other` names a Python that has it
(e.g. a scratch venv: `python3 -m venv /tmp/ds && /tmp/ds/bin/pip install detect-secrets`);
without it only our figures are printed. Times are of this machine and this run; compare the
two columns, not the numbers with another run.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

SEED = 19


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _b64(rng: random.Random, n: int) -> str:
    return base64.b64encode(rng.randbytes(n)).decode()


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                   for _ in range(n))


def _ordinary(rng: random.Random, t: str) -> str:
    acct = f"ACC-{rng.randrange(10000, 99999)}"
    kind = rng.randrange(12)
    if kind == 0:
        return f"{t} INFO  git commit {_hex(rng, 40)} deployed by ci"
    if kind == 1:
        return (f"{t} INFO  request_id={uuid.UUID(bytes=rng.randbytes(16))} status=200 "
                f"ms={rng.randrange(900)}")
    if kind == 2:
        return f"{t} DEBUG payload={_b64(rng, 48)}"
    if kind == 3:
        return f"{t} INFO  image sha256:{hashlib.sha256(rng.randbytes(8)).hexdigest()}"
    if kind == 4:
        record = {"key": f"limits:{acct}", "token_count": rng.randrange(9), "ttl": 43200,
                  "session": _hex(rng, 32)}
        return f"{t} INFO  {json.dumps(record)}"
    if kind == 5:
        return (f"{t} INFO  GET https://grafana.example.com:3000/d/risk?from=now-1h"
                f"&var={_alnum(rng, 12)}")
    if kind == 6:
        return f"{t} WARN  risk-gateway limits_cache miss key=limits:{acct}"
    if kind == 7:
        return (f"{t} INFO  risk-gateway order REJECTED id={rng.randrange(10**7)} acct={acct} "
                "reason=NO_LIMIT")
    if kind == 8:
        return f"{t} INFO  pod/limits-loader-{_hex(rng, 10)}-{_alnum(rng, 5).lower()} Running"
    if kind == 9:
        return f"{t} DEBUG trace={_hex(rng, 32)} span={_hex(rng, 16)} parent={_hex(rng, 16)}"
    if kind == 10:
        return f"{t} INFO  etag=\"{_b64(rng, 24)}\" cache=HIT max_tokens=4096"
    return (f"{t} INFO  limits-loader refreshed {rng.randrange(4000)} keys prefix=limits:v2: "
            "in 412ms")


def _jwt(rng: random.Random) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return (part({"alg": "HS256", "typ": "JWT"}) + "." + part({"sub": _hex(rng, 8)}) + "."
            + base64.urlsafe_b64encode(rng.randbytes(32)).decode().rstrip("="))


def _secret(rng: random.Random, t: str) -> list[str]:
    kind = rng.randrange(8)
    if kind == 0:
        return [f"{t} INFO  login user=ana password={_alnum(rng, 14)}"]
    if kind == 1:
        return [f"{t} DEBUG config token: {_alnum(rng, 24)}"]
    if kind == 2:
        return [f"{t} DEBUG header Authorization: Bearer {_alnum(rng, 40)}"]
    if kind == 3:
        return [f"{t} DEBUG session {_jwt(rng)}"]
    if kind == 4:
        return [f"{t} INFO  s3 client key=AKIA{_alnum(rng, 16).upper()}"]
    if kind == 5:
        return [f"{t} INFO  connect postgres://app:{_alnum(rng, 16)}@db.internal:5432/trading"]
    if kind == 6:
        return [f"{t} INFO  clone with ghp_{_alnum(rng, 36)}"]
    body = [_b64(rng, 48) for _ in range(3)]
    return [f"{t} DEBUG loaded key:", "-----BEGIN RSA PRIVATE KEY-----", *body,
            "-----END RSA PRIVATE KEY-----"]


def generate(lines: int) -> tuple[str, list[set[int]]]:
    """The log, and for each planted secret the 1-based numbers of the lines it is on."""
    rng = random.Random(SEED)
    out: list[str] = []
    planted: list[set[int]] = []
    while len(out) < lines:
        seconds = len(out) // 50
        t = f"2024-11-14 {9 + seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if rng.randrange(1000) == 0:
            block = _secret(rng, t)
            first = len(out) + 1
            # A private key block: its lines are all secret (the whole block is masked).
            planted.append(set(range(first + (1 if len(block) > 1 else 0), first + len(block))))
            out.extend(block)
        else:
            out.append(_ordinary(rng, t))
    return "\n".join(out[:lines]) + "\n", [p for p in planted if max(p) <= lines]


OURS = """
import bisect, json, re, sys, time
t0 = time.perf_counter()
from postmortem_tui.core.secrets import find_secrets
imported = time.perf_counter() - t0
text = open(sys.argv[1], encoding="utf-8").read()
t0 = time.perf_counter()
found = find_secrets(text)
scan = time.perf_counter() - t0
# Line numbers of the spans, for the score (not timed: detect-secrets works line by line).
starts = [m.end() for m in re.finditer("\\n", text)]
flagged = set()
for s in found:
    first = bisect.bisect_right(starts, s.start) + 1
    last = bisect.bisect_right(starts, s.end - 1) + 1
    flagged.update(range(first, last + 1))
print(json.dumps({"import": imported, "scan": scan, "flagged": sorted(flagged)}))
"""

DETECT_SECRETS = """
import json, sys, time
t0 = time.perf_counter()
from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings
imported = time.perf_counter() - t0
t0 = time.perf_counter()
flagged = set()
with default_settings():
    collection = SecretsCollection()
    collection.scan_file(sys.argv[1])
    for _, secret in collection:
        flagged.add(secret.line_number)
scan = time.perf_counter() - t0
print(json.dumps({"import": imported, "scan": scan, "flagged": sorted(flagged)}))
"""


def _run(python: str, script: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [python, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _import_ms(python: str, module: str, runs: int = 5) -> float:
    """Median wall time of a fresh process importing `module`, less a bare interpreter's."""
    def timed(code: str) -> float:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([python, "-c", code], check=True)
            times.append(time.perf_counter() - t0)
        return sorted(times)[runs // 2]

    return (timed(f"import {module}") - timed("pass")) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--other", help="a Python with detect-secrets installed")
    args = parser.parse_args()
    text, planted = generate(args.lines)
    rows = []
    with tempfile.TemporaryDirectory(prefix="secrets-bench-") as folder:
        path = Path(folder) / "generated.log"
        path.write_text(text, encoding="utf-8")
        print(f"{args.lines:,} lines, {len(text) / 1e6:.0f} MB, {len(planted):,} planted "
              "secrets", file=sys.stderr)
        secret_lines = set().union(*planted)
        runs = [("ours", sys.executable, OURS, "postmortem_tui.core.secrets")]
        if args.other:
            runs.append(("detect-secrets", args.other, DETECT_SECRETS,
                         "detect_secrets.core.scan"))
        for name, python, script, module in runs:
            result = _run(python, script, path)
            flagged = set(result["flagged"])  # type: ignore[call-overload]
            missed = sum(1 for lines_of in planted if not lines_of & flagged)
            rows.append((
                name, _import_ms(python, module), float(result["scan"]),  # type: ignore[arg-type]
                len(flagged - secret_lines), missed,
            ))
    print(f"{'detector':<16}{'import ms':>10}{'scan s':>9}{'false +':>9}{'false -':>9}")
    for name, imported, scan, false_pos, false_neg in rows:
        print(f"{name:<16}{imported:>10.0f}{scan:>9.1f}{false_pos:>9,}{false_neg:>9,}")


if __name__ == "__main__":
    main()
