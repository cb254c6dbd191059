"""Named validators: the one place that decides what a value may be and how a bad one is reported.

Each `parse_*` takes the raw value a person typed (or a value already of the right type) and
returns the typed value, or raises `ValueError` whose text is the message both UIs show. The model
applies them to its fields; the wizard and the prompts never validate on their own.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

from .text import cut

MAX_ROWS = 10_000
"""Rows a table (timeline, action items, ...) or items a list (bullets) may have: far above any
real incident, low enough that a runaway or hostile draft is refused in a moment."""
MAX_TEXT_CHARS = 16 * 1024 * 1024
"""Characters one text field may hold: the 10 MB of pasted logs the tool promises, and more."""

INCIDENT_ID_RE = re.compile(r"^INC-(\d{8})-(\d{3})$")
_HHMM_RE = re.compile(r"^([01]?\d|2[0-3]):?([0-5]\d)$")
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# Currency prefixes/suffixes accepted in the financial impact, mapped to an ISO code.
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "COL$": "COP"}
_MONEY_RE = re.compile(
    r"^\s*(?P<pre>[A-Z]{3}|US\$|COL\$|[$€£])?\s*(?P<sign>-)?\s*(?P<num>[\d.,' ]*\d)\s*"
    r"(?P<post>[A-Z]{3})?\s*$"
)


def clean_text(value: str) -> str:
    """Text as typed, except lone surrogates (not encodable in UTF-8) become U+FFFD."""
    # `isascii` is known without a scan: most texts skip the search.
    if not value.isascii() and _LONE_SURROGATE_RE.search(value):
        return _LONE_SURROGATE_RE.sub("\ufffd", value)
    return value


def check_size(value: object, label: str) -> None:
    """Refuse a list of more than `MAX_ROWS` items or a text of more than `MAX_TEXT_CHARS`
    characters, before anything in it is looked at."""
    if isinstance(value, list | tuple) and len(value) > MAX_ROWS:
        raise ValueError(f"{label} has {len(value):,} rows; at most {MAX_ROWS:,} are allowed")
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        raise ValueError(
            f"{label} is {len(value):,} characters long; at most {MAX_TEXT_CHARS:,} are allowed"
        )


def _shown(value: object) -> str:
    return cut(str(value), 40)


def parse_hhmm(value: object, label: str) -> time | None:
    """`HH:MM` on a 24-hour clock (COT), or `H:MM` or `HHMM`; empty means not known yet."""
    if value is None or isinstance(value, time):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = _HHMM_RE.match(text)
    if not m:
        raise ValueError(f'{label} must be HH:MM (24-hour), got "{_shown(value)}"')
    return time(int(m.group(1)), int(m.group(2)))


def parse_date(value: object, label: str) -> date | None:
    """`YYYY-MM-DD`; empty means not known yet."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f'{label} must be a date as YYYY-MM-DD, got "{_shown(value)}"')
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f'{label} is not a real date: "{text}"') from None


def parse_count(value: object, label: str) -> int | None:
    """A whole number of zero or more; empty means not known yet."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{label} must be a whole number, got {value}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{label} cannot be negative, got {value}")
        return value
    text = str(value).strip()
    if not text:
        return None
    # Thousands separators only where they belong: 1,240 yes, 1,2 no.
    digits = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) else text
    if re.fullmatch(r"-\d+", digits):
        raise ValueError(f"{label} cannot be negative, got {text}")
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f'{label} must be a whole number (0 or more), got "{_shown(value)}"')
    return int(digits)


_LINK_RE = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)


def parse_link(value: object, label: str) -> str:
    """A web address (`https://...`, as a tracker's issue has); empty means none yet."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    if not _LINK_RE.fullmatch(text) or not text.isprintable() or any(c in text for c in "<>"):
        raise ValueError(f'{label} must be a web address (https://...), got "{_shown(value)}"')
    return text


def parse_incident_id(value: object, label: str = "Incident ID") -> str:
    """`INC-YYYYMMDD-NNN` with a real date; empty means not assigned yet."""
    text = "" if value is None else str(value).strip().upper()
    if not text:
        return ""
    m = INCIDENT_ID_RE.match(text)
    if not m:
        raise ValueError(f'{label} must look like INC-YYYYMMDD-NNN, got "{_shown(value)}"')
    try:
        date(int(m.group(1)[:4]), int(m.group(1)[4:6]), int(m.group(1)[6:]))
    except ValueError:
        raise ValueError(f'{label} has no real date in it: "{text}"') from None
    return text


def parse_money(text: str) -> tuple[str, Decimal]:
    """Read an amount such as `$41,250`, `41250.50`, `USD 1,200` or `COP 168.000.000`.

    Returns (ISO currency code, amount). Without a currency the amount is in USD.
    A single separator followed by exactly three digits is a thousands separator
    (`1.200` is twelve hundred); otherwise the last `.` or `,` is the decimal point.
    """
    m = _MONEY_RE.match(text)
    if not m or (m.group("pre") and m.group("post")):
        raise ValueError(text)
    currency = m.group("pre") or m.group("post") or "$"
    currency = CURRENCY_SYMBOLS.get(currency, currency)
    num = m.group("num").replace(" ", "").replace("'", "")
    seps = {c for c in num if c in ".,"}
    last = max(num.rfind("."), num.rfind(","))
    tail = num[last + 1 :] if last >= 0 else ""
    thousands_only = len(seps) == 1 and (num.count(num[last]) > 1 or len(tail) == 3)
    if last < 0 or thousands_only:
        whole, frac = num, ""
    else:
        whole, frac = num[:last], tail
        if num[last] in whole:
            raise ValueError(text)
    groups = re.split(r"[.,]", whole)
    # Thousands groups: 1-3 digits, then groups of exactly three.
    if not re.fullmatch(r"\d+", groups[0]) or (
        len(groups) > 1
        and (len(groups[0]) > 3 or not all(re.fullmatch(r"\d{3}", g) for g in groups[1:]))
    ):
        raise ValueError(text)
    try:
        amount = Decimal(f"{''.join(groups)}.{frac or '0'}")
    except InvalidOperation:
        raise ValueError(text) from None
    return currency, -amount if m.group("sign") else amount


def check_money(value: object, label: str) -> str:
    """Validate an amount of money; the text is kept as typed."""
    text = clean_text("" if value is None else str(value)).strip()
    if not text:
        return ""
    try:
        _, amount = parse_money(text)
    except ValueError:
        raise ValueError(
            f'{label} must be an amount such as $41,250, 41250.50 or COP 168.000.000, '
            f'got "{_shown(text)}"'
        ) from None
    if amount < 0:
        raise ValueError(f'{label} cannot be negative, got "{_shown(text)}"')
    return text


# A letter or digit, then up to 30 of these (as a set: the regex's `{0,30}` took 4 ms to compile).
_LANGUAGE_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_LANGUAGE_CHARS = _LANGUAGE_START | frozenset("+#._-")


def check_language(value: object, label: str) -> str:
    """A code-fence language: a short word such as `bash`, `yaml`, `python` or `text`."""
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return "text"
    if len(text) > 31 or text[0] not in _LANGUAGE_START or not _LANGUAGE_CHARS.issuperset(text):
        raise ValueError(
            f'{label} must be one word such as bash, yaml or text, got "{_shown(value)}"'
        )
    return text
