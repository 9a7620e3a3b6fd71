"""Value types used by the vendor model: dates, durations, percentages, URLs, identifiers.

Each type validates a plain YAML scalar (the loader hands over strings, numbers and booleans
only; it never builds dates itself) and fails with a short, user-facing message. The messages
are what the validator prints, so they say what is expected, not what went wrong inside.
This module does no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

# Units a duration may be written in, with their length in hours. A business day counts as a
# calendar day (24 h): "1 business day" is never faster than that, so scoring stays cautious.
# A month is the mean Gregorian month (365.2425 / 12 = 30.436875 days).
DURATION_UNITS: dict[str, tuple[str, float]] = {
    "s": ("seconds", 1 / 3600),
    "min": ("minutes", 1 / 60),
    "h": ("hours", 1.0),
    "d": ("days", 24.0),
    "bd": ("business days", 24.0),
    "w": ("weeks", 24.0 * 7),
    "mo": ("months", 24.0 * 30.436875),
    "y": ("years", 24.0 * 365.2425),
}
BOUNDS = {"at most": "at_most", "at least": "at_least"}
_DURATION_RE = re.compile(r"^\s*(at most\s+|at least\s+)?(\d+(?:\.\d+)?)\s*(s|min|h|d|bd|w|mo|y)\s*$")
DURATION_PATTERN = r"^\s*(at most\s+|at least\s+)?\d+(\.\d+)?\s*(s|min|h|d|bd|w|mo|y)\s*$"
_DURATION_HINT = (
    "a duration such as '30s', '15min', '4h', '30d', '2bd' (business days), '1w', '2mo' or '1y', "
    "optionally a bound: 'at most 14d', 'at least 1y'"
)


@dataclass(frozen=True, order=True)
class Duration:
    """A length of time as the source wrote it: an amount and a unit."""

    amount: float
    unit: str
    bound: str | None = None  # "at_most" / "at_least": the source gives a bound, not the figure

    @property
    def hours(self) -> float:
        """In hours; a bound gives its limit, which is the worst case a buyer can count on."""
        return self.amount * DURATION_UNITS[self.unit][1]

    def __str__(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        prefix = f"{self.bound.replace('_', ' ')} " if self.bound else ""
        return f"{prefix}{amount}{self.unit}"

    @property
    def words(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        name = DURATION_UNITS[self.unit][0]
        if amount == 1:
            name = name.removesuffix("s")
        prefix = f"{self.bound.replace('_', ' ')} " if self.bound else ""
        return f"{prefix}{amount} {name}"

    @classmethod
    def parse(cls, value: Any) -> Duration:
        if isinstance(value, Duration):
            return value
        if isinstance(value, bool) or not isinstance(value, str):
            raise PydanticCustomError("duration", f"expected {_DURATION_HINT}")
        match = _DURATION_RE.match(value)
        if not match:
            raise PydanticCustomError("duration", f"expected {_DURATION_HINT}")
        bound = BOUNDS[" ".join(match.group(1).split())] if match.group(1) else None
        return cls(float(match.group(2)), match.group(3), bound)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler):
        return {"type": "string", "pattern": DURATION_PATTERN, "examples": ["15min", "4h", "30d"]}


DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"


class MonthDate(date):
    """A date the source gives only to the month ('December 2021'): held as the month's first day,
    written YYYY-MM. `last_day` is the latest day it can mean, the cautious end of the month."""

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def isoformat(self) -> str:
        return str(self)

    @property
    def last_day(self) -> date:
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)


def _parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = map(int, value.split("-"))
        if not 1 <= month <= 12:
            raise PydanticCustomError("date", "not a real calendar month")
        return MonthDate(year, month, 1)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date", "not a real calendar date") from None
    raise PydanticCustomError("date", "expected a date written YYYY-MM-DD (or YYYY-MM for a month)")


class _IsoDate:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            _parse_date, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler):
        return {"type": "string", "pattern": DATE_PATTERN}


IsoDate = Annotated[date, _IsoDate]


@dataclass(frozen=True)
class Range:
    """Inclusive bounds for a number, with one message naming both ends."""

    lo: float
    hi: float | None = None

    def check(self, value: float) -> float:
        if value < self.lo or (self.hi is not None and value > self.hi):
            if self.hi is None:
                raise PydanticCustomError("range", f"must be at least {_num(self.lo)}")
            raise PydanticCustomError("range", f"must be between {_num(self.lo)} and {_num(self.hi)}")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler):
        result = handler(schema)
        result["minimum"] = self.lo
        if self.hi is not None:
            result["maximum"] = self.hi
        return result


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


@dataclass(frozen=True)
class Pattern:
    """A string that must match a regular expression; `expected` is the message."""

    regex: str
    expected: str

    def check(self, value: str) -> str:
        if not re.fullmatch(self.regex, value):  # compiled once, then found in `re`'s own cache
            raise PydanticCustomError("pattern", self.expected)
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler):
        result = handler(schema)
        result["pattern"] = f"^{self.regex}$"
        return result


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or " " in value
        or _UNSAFE_IN_LINE.search(value)
    ):
        raise PydanticCustomError("url", "expected an http:// or https:// URL")
    return value


class _Url:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_after_validator_function(check_url, handler(source))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler):
        result = handler(schema)
        result["format"] = "uri"
        result["pattern"] = "^https?://"
        return result


Url = Annotated[str, _Url]
Percent = Annotated[float, Range(0, 100)]


def _not_a_fraction(value: float) -> float:
    if 0 < value <= 1:
        meant = _num(round(value * 100, 10))
        raise PydanticCustomError(
            "fraction", f"{_num(value)} looks like a fraction; write {meant} for {meant}%"
        )
    return value


# --- bounds on figures ---------------------------------------------------------------------------

FLIP_BOUND = {"at_most": "at_least", "at_least": "at_most"}
_BOUND_RE = re.compile(r"^\s*(at most|at least)\s+(-?\d+(?:\.\d+)?)\s*%?\s*$")
BOUND_PATTERN = r"^\s*(at most|at least)\s+-?\d+(\.\d+)?\s*%?\s*$"


class BoundedFloat(float):
    """A figure the source gives as a bound ("at least 99.9%", "at most 3"): it computes as its limit,
    the worst case a buyer can count on only in one direction, and always reads as a bound."""

    __slots__ = ("bound",)
    bound: str  # "at_most" / "at_least"

    def __new__(cls, value: float, bound: str) -> BoundedFloat:
        obj = super().__new__(cls, value)
        obj.bound = bound
        return obj

    def __reduce__(self):
        return (type(self), (float(self), self.bound))

    def __format__(self, spec: str) -> str:  # every text written from it reads as the bound
        return f"{self.bound.replace('_', ' ')} {float(self).__format__(spec)}"

    @property
    def text(self) -> str:
        return f"{self.bound.replace('_', ' ')} {_num(float(self))}"


class BoundedInt(int):
    """A whole number the source gives as a bound ("at least 3 named contacts")."""

    bound: str

    def __new__(cls, value: int, bound: str) -> BoundedInt:
        obj = super().__new__(cls, value)
        obj.bound = bound
        return obj

    def __reduce__(self):
        return (type(self), (int(self), self.bound))

    def __format__(self, spec: str) -> str:
        return f"{self.bound.replace('_', ' ')} {int(self).__format__(spec)}"

    @property
    def text(self) -> str:
        return f"{self.bound.replace('_', ' ')} {int(self)}"


def bound_of(value: Any) -> str | None:
    """'at_most' / 'at_least' for a figure the source gives as a bound, else None."""
    return getattr(value, "bound", None) if isinstance(value, (BoundedFloat, BoundedInt)) else None


def with_bound(value: float, bound: str | None) -> float:
    """`value` carrying `bound` (a figure computed from a bound is a bound too); plain when None."""
    return BoundedFloat(value, bound) if bound else value


def _or_bound(value: Any, validate: Any, expected: str) -> Any:
    if isinstance(value, (BoundedFloat, BoundedInt)):
        return value
    if not isinstance(value, str):
        return validate(value)
    match = _BOUND_RE.match(value)
    if not match:
        raise PydanticCustomError("bound", expected)
    bound = BOUNDS[match.group(1)]
    number = float(match.group(2))
    figure = validate(int(number) if number == int(number) else number)
    if isinstance(figure, int) and not isinstance(figure, bool):
        return BoundedInt(figure, bound)
    return BoundedFloat(figure, bound)


def _number_or_bound(value: Any, validate: Any) -> Any:
    return _or_bound(value, validate, "expected a number, or a bound such as 'at least 99.9' or 'at most 3'")


def _whole_or_bound(value: Any, validate: Any) -> Any:
    return _or_bound(
        value, validate, "expected a whole number, or a bound such as 'at least 3' or 'at most 10'"
    )


def _bound_text(value: Any) -> Any:
    return value.text if isinstance(value, (BoundedFloat, BoundedInt)) else value


@dataclass(frozen=True)
class OrBound:
    """A number that a source may give as a bound: 'at least 99.9' or 'at most 3' (a % sign allowed).
    The number is checked as the plain figure would be; the result keeps its bound."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_wrap_validator_function(
            _whole_or_bound if source is int else _number_or_bound,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(_bound_text, when_used="json"),
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler):
        number = handler(schema)
        return {
            "anyOf": [number, {"type": "string", "pattern": BOUND_PATTERN, "examples": ["at least 99.9"]}]
        }


OR_BOUND = OrBound()

# An availability in percent: 99.99, never the fraction 0.9999 (no service commits to 1% or less).
Availability = Annotated[float, Range(0, 100), AfterValidator(_not_a_fraction)]
NonNegative = Annotated[float, Range(0)]
Count = Annotated[int, Range(0)]
# The vendor model's figures: a number, or a bound on it as the source words it ('at least 99.9').
AvailabilityFigure = Annotated[Availability, OR_BOUND]
PercentFigure = Annotated[Percent, OR_BOUND]
AmountFigure = Annotated[NonNegative, OR_BOUND]
CountFigure = Annotated[Count, OR_BOUND]
Slug = Annotated[
    str,
    Pattern(
        r"[a-z0-9][a-z0-9-]*",
        "expected an id of lowercase letters, digits and hyphens, starting with a letter or digit",
    ),
]
Currency = Annotated[str, Pattern(r"[A-Z]{3}", "expected a three-letter ISO 4217 currency code")]
ClockTime = Annotated[str, Pattern(r"([01]\d|2[0-3]):[0-5]\d", "expected a time written HH:MM")]
ClockSpan = Annotated[
    str,
    Pattern(
        r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d",
        "expected a window written HH:MM-HH:MM, e.g. '08:00-12:00'",
    ),
]


# --- text ---------------------------------------------------------------------------------------

# Characters no text field may hold: C0 and C1 controls (a tab and, in prose, a line break
# excepted) and the invisible marks that reorder how text is displayed (Unicode bidi embeddings,
# overrides and isolates, and the direction marks): a name with U+202E reads backwards on a page
# and can disguise what a reader is shown ("Trojan Source").
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE_IN_PROSE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_CHAR_NAMES = {
    "\t": "TAB",
    "\n": "LINE FEED",
    "\x07": "BEL",
    "\x08": "BACKSPACE",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}


def neutralise(text: str) -> str:
    """`text` with every control or bidi character a field may not hold replaced by U+FFFD, so a
    value that slipped past validation still reaches no page raw (line breaks and tabs kept)."""
    return _UNSAFE_IN_PROSE.sub("\ufffd", text)


def _describe_char(char: str) -> str:
    name = _CHAR_NAMES.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


@dataclass(frozen=True)
class TextRule:
    """Text a person wrote: at most `max_chars` characters, no control or bidi characters.

    `one_line` text (names, titles, labels) must also hold something other than spaces and fit
    on one line; prose (definitions, notes) may span lines. The limits are declared here, in the
    model's types, so the JSON schema, the validator and the pages agree on them."""

    max_chars: int
    one_line: bool = True

    def check(self, value: str) -> str:
        if len(value) > self.max_chars:
            raise PydanticCustomError(
                "text_length", f"is {len(value):,} characters long; the limit is {self.max_chars:,}"
            )
        if self.one_line and not value.strip():
            raise PydanticCustomError("text_blank", "must not be blank")
        bad = (_UNSAFE_IN_LINE if self.one_line else _UNSAFE_IN_PROSE).search(value)
        if bad:
            char, at = bad.group(), bad.start() + 1
            if char in "\n\r\u2028\u2029":
                raise PydanticCustomError(
                    "text_line", f"must fit on one line (a line break at character {at})"
                )
            raise PydanticCustomError(
                "text_char",
                f"holds the invisible character {_describe_char(char)} at character {at}; remove it",
            )
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler):
        result = handler(schema)
        result["maxLength"] = self.max_chars
        if self.one_line:
            result["minLength"] = 1
        return result


# A name, label or short phrase (vendor, product, tier, price point); a title of a document; prose.
Name = Annotated[str, TextRule(80)]
Title = Annotated[str, TextRule(300)]
Text = Annotated[str, TextRule(5000, one_line=False)]


# --- vocabulary words as people read them ------------------------------------------------------

_ACRONYMS = {
    "sla": "SLA",
    "slo": "SLO",
    "log4j": "Log4J",
    "rpo": "RPO",
    "rto": "RTO",
    "mtbf": "MTBF",
    "mttr": "MTTR",
    "dpa": "DPA",
    "mfa": "MFA",
    "sso": "SSO",
    "ui": "UI",
    "gdpr": "GDPR",
    "ivr": "IVR",
    "acd": "ACD",
    "sms": "SMS",
    "crm": "CRM",
    "ai": "AI",
    "pci": "PCI",
    "dss": "DSS",
    "hipaa": "HIPAA",
    "soc1": "SOC 1",
    "soc2": "SOC 2",
    "soc3": "SOC 3",
    "iso27001": "ISO 27001",
    "iso27017": "ISO 27017",
    "iso27018": "ISO 27018",
    "iso27701": "ISO 27701",
    "iso22301": "ISO 22301",
    "c5": "C5",
    "hitrust": "HITRUST",
    "fedramp": "FedRAMP",
    "irap": "IRAP",
    "ccaas": "CCaaS",
    "wfo": "WFO",
    "us": "US",
    "eu": "EU",
    "uk": "UK",
}


def readable_words(text: str) -> str:
    """'best_effort' -> 'best effort', 'iso27001' -> 'ISO 27001': underscores and acronyms."""
    return " ".join(_ACRONYMS.get(word, word) for word in text.replace("_", " ").split(" "))


def readable(value: str) -> str:
    """A vocabulary value of the model (one lower-case word such as 'best_effort' or 'pci_dss') as
    people read it; any other text (names, sentences, URLs) unchanged."""
    if len(value) == 2 and value.isalpha() and value.islower():
        return value.upper()  # a country code such as 'de'
    if " " not in value and value.islower() and "://" not in value:
        return readable_words(value)
    return value
