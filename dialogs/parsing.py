"""Pure parsers: one per prompt kind, turning what a person typed into a stored value.

Each parser returns the value or raises :class:`InvalidAnswer` whose message is the German hint
shown to the user. Typing the number of a button ("2") works like pressing it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol

from dialogs.errors import InvalidAnswer, NearMatch
from dialogs.replies import esc

MONTHS = {
    "jan": 1, "januar": 1, "jän": 1, "jänner": 1,
    "feb": 2, "februar": 2,
    "mär": 3, "mrz": 3, "märz": 3, "maerz": 3,
    "apr": 4, "april": 4,
    "mai": 5,
    "jun": 6, "juni": 6,
    "jul": 7, "juli": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10,
    "nov": 11, "november": 11,
    "dez": 12, "dezember": 12,
}  # fmt: skip

MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


class Granularity(StrEnum):
    """How precise a date answer may be."""

    DAY = "tag"
    MONTH = "monat"
    QUARTER = "quartal"
    YEAR = "jahr"


# What each parser reads of its prompt. The prompt kinds of dialogs.prompts fit these and call
# the parsers, so the parsers must not import them (no import cycle).


class TextSpec(Protocol):
    min_length: int
    max_length: int


class ChoiceSpec(Protocol):
    allow_other: bool
    other_max_length: int


class MultiChoiceSpec(ChoiceSpec, Protocol):
    min_selected: int
    max_selected: int | None


class ScaleSpec(Protocol):
    low: int
    high: int
    labels: dict[int, str]


class NumberSpec(Protocol):
    minimum: float | None
    maximum: float | None
    integer: bool
    grouping: bool
    unit: str | None
    example: str | None


class DateSpec(Protocol):
    accepts: tuple[Granularity, ...]
    min_year: int
    max_year: int


class ConfirmSpec(Protocol):
    yes: str
    no: str


#: Largest amount a number answer may have (budgets and counts of a municipality fit easily).
MAX_NUMBER = 1_000_000_000_000


def _clean(raw: str) -> str:
    return " ".join(raw.split())


def ascii_int(text: str, max_digits: int = 15) -> int | None:
    """The whole number written as 1 to ``max_digits`` ASCII digits, else None.

    ``str.isdigit`` also accepts „²“ or „①“, which ``int`` cannot read, and an unbounded
    number overflows SQLite's integers; only plain digits of a sane length count."""
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None


#: Words that, typed alone, act like the „✅ Fertig“ button where it is offered.
DONE_WORDS = frozenset({"fertig", "ende", "weiter", "done"})
_QUOTES = "\"'„“”‚‘’«»‹›"


def _bare(text: str) -> str:
    """``text`` without leading and trailing punctuation, emoji and spaces („✅ Fertig!“)."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _quoted(text: str) -> str | None:
    """The text between quotes around the whole of ``text`` ("Fertig", „Fertig“), else None."""
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    return None


def is_done_word(raw: str) -> bool:
    """True for a lone done-word in any case and decoration: „fertig“, „Fertig.“, „✅ Ende!“.

    A done-word in quotes is meant as text, not as the button."""
    text = raw.strip()
    return _quoted(text) is None and _bare(text).casefold() in DONE_WORDS


def quoted_done_word(raw: str) -> str | None:
    """A done-word written in quotes to be stored as text („"Fertig"“ → „Fertig“), else None."""
    inner = _quoted(raw.strip())
    if inner and _bare(inner).casefold() in DONE_WORDS:
        return inner
    return None


def parse_text(prompt: TextSpec, raw: str) -> str:
    """Trimmed text within the prompt's length bounds."""
    text = raw.strip()
    if not text:
        raise InvalidAnswer("Bitte schreiben Sie eine Antwort als Text.")
    return check_length(text, prompt.min_length, prompt.max_length)


def check_length(text: str, min_length: int, max_length: int) -> str:
    """Return ``text`` or explain that it is too short or too long."""
    if len(text) < min_length:
        raise InvalidAnswer(
            f"Das ist etwas kurz: bitte mindestens {min_length} Zeichen (bisher {len(text)})."
        )
    if len(text) > max_length:
        raise InvalidAnswer(
            f"Das ist zu lang: bitte höchstens {max_length} Zeichen (Ihr Text hat {len(text)}). "
            "Kürzen Sie ihn oder teilen Sie ihn auf mehrere Einträge auf."
        )
    return text


def _folded(text: str) -> str:
    return _clean(text).casefold()


def match_option(raw: str, options: Sequence[str]) -> int | None:
    """Index of the option named by ``raw``: its number ("2") or its label, ignoring case and
    spacing. Nothing else: a text that merely resembles an option is no choice of it."""
    text = _folded(raw)
    number = ascii_int(text.rstrip(".)"))
    if number is not None:
        return number - 1 if 1 <= number <= len(options) else None
    folded = [_folded(option) for option in options]
    for candidate in (text, text.rstrip(".")):
        if candidate and candidate in folded:
            return folded.index(candidate)
    return None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance: letters inserted, deleted or replaced to turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, start=1):
        current = [i]
        for j, right in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right))
            )
        previous = current
    return previous[-1]


def near_options(raw: str, options: Sequence[str], limit: int = 3) -> list[int]:
    """Indexes of the options ``raw`` probably means, closest first: the text begins the option
    or one of its words („Wirtschaft“, „Klima“), or does so with a small typo („Verwaltng“)."""
    text = _folded(raw)
    if len(text) < 3 or text.rstrip(".)").isdigit():
        return []
    typos = 0 if len(text) < 5 else 1 if len(text) <= 8 else 2
    found: list[tuple[int, int]] = []
    for index, option in enumerate(options):
        folded = _folded(option)
        words = [word for word in re.split(r"[\s,/()-]+", folded) if word]
        if folded.startswith(text) or (len(text) >= 4 and any(w.startswith(text) for w in words)):
            found.append((0, index))
            continue
        beginnings = [folded[:n] for n in range(len(text) - 1, len(text) + 2)]
        closest = min(_distance(text, other) for other in (*beginnings, *words))
        if closest <= typos:
            found.append((closest, index))
    return [index for _, index in sorted(found)[:limit]]


def _is_number(raw: str) -> bool:
    """True for a bare button number ("9", "9.") – never meant as one's own wording."""
    return _clean(raw).rstrip(".)").isnumeric()


def _numbered(options: Sequence[str]) -> str:
    return ", ".join(f"{i} = {esc(option)}" for i, option in enumerate(options, start=1))


def _own_entry(text: str, allowed: bool, max_length: int) -> bool:
    """Whether ``text`` may stand as the person's own entry."""
    return allowed and not _is_number(text) and 2 <= len(_clean(text)) <= max_length


def parse_choice(prompt: ChoiceSpec, raw: str, options: Sequence[str]) -> str:
    """One of ``options`` by number or name; free text only where „Andere…“ is allowed.

    Raises :class:`NearMatch` for a text close to options: only the person decides what it is.
    """
    index = match_option(raw, options)
    if index is not None:
        return options[index]
    near = near_options(raw, options)
    if near:
        own = _own_entry(raw, prompt.allow_other, prompt.other_max_length)
        raise NearMatch(_clean(raw), [options[i] for i in near], own=own)
    if prompt.allow_other and not _is_number(raw):
        text = _clean(raw)
        if not text:
            raise InvalidAnswer("Bitte wählen Sie eine Schaltfläche oder schreiben Sie Text.")
        return check_length(text, 2, prompt.other_max_length)
    raise InvalidAnswer(
        "Bitte wählen Sie eine der Schaltflächen oder schreiben Sie ihre Nummer "
        f"({_numbered(options)})."
    )


def parse_multi(prompt: MultiChoiceSpec, raw: str, options: Sequence[str]) -> list[str]:
    """Several options at once: numbers or names separated by commas ("1, 3")."""
    return check_selection(prompt, read_multi(prompt, raw, options))


def read_multi(
    prompt: MultiChoiceSpec, raw: str, options: Sequence[str], chosen: Sequence[str] = ()
) -> list[str]:
    """What ``raw`` names, added to ``chosen``, before the selection's size is checked.

    Raises :class:`NearMatch` at the first part that is close to options, carrying what was
    read so far and the parts still to read.
    """
    found = list(chosen)
    parts = list_parts(raw, options)
    for position, part in enumerate(parts):
        index = match_option(part, options)
        own = _own_entry(part, prompt.allow_other, prompt.other_max_length)
        if index is not None:
            value = options[index]
        elif near := near_options(part, options):
            raise NearMatch(
                _clean(part),
                [options[i] for i in near],
                own=own,
                chosen=found,
                rest=parts[position + 1 :],
            )
        elif prompt.allow_other and not _is_number(part):
            value = check_length(_clean(part), 2, prompt.other_max_length)
        else:
            # The hint is shown as HTML: echo the person's text escaped.
            raise InvalidAnswer(
                f"„{esc(_clean(part)[:40])}“ kenne ich nicht. Bitte nennen Sie Nummern, durch "
                f"Komma getrennt ({_numbered(options)})."
            )
        if value not in found:
            found.append(value)
    return found


def list_parts(raw: str, options: Sequence[str]) -> list[str]:
    """The parts of a typed list: split at line breaks, semicolons and commas only.

    „und“ splits only numbers („1 und 3“) and chains of whole option labels („Energie und
    Mobilität“); „Schülerinnen und Schüler“ stays one entry.
    """
    parts: list[str] = []
    for chunk in re.split(r"[,;\n]+", raw):
        if re.fullmatch(r"\s*[0-9]+((\s+|\s+und\s+)[0-9]+)+\s*", chunk):
            parts.extend(re.findall(r"[0-9]+", chunk))
        elif chunk.strip():
            parts.extend(_split_und(chunk.strip(), options))
    return parts


def _split_und(chunk: str, options: Sequence[str]) -> list[str]:
    """Split at „und“ if every piece is an option („Umwelt und Klima“ stays whole); else keep
    the chunk as it is."""
    pieces = re.split(r"\s+und\s+", chunk)
    parts: list[str] = []
    start = 0
    while start < len(pieces):
        end = next(
            (
                end
                for end in range(len(pieces), start, -1)
                if match_option(" und ".join(pieces[start:end]), options) is not None
            ),
            None,
        )
        if end is None:
            return [chunk]
        parts.append(" und ".join(pieces[start:end]))
        start = end
    return parts


def check_selection(prompt: MultiChoiceSpec, chosen: list[str]) -> list[str]:
    """The selection if its size fits the prompt's bounds."""
    if len(chosen) < prompt.min_selected:
        raise InvalidAnswer(f"Bitte wählen Sie mindestens {prompt.min_selected} aus.")
    if prompt.max_selected is not None and len(chosen) > prompt.max_selected:
        raise InvalidAnswer(f"Bitte wählen Sie höchstens {prompt.max_selected} aus.")
    return chosen


def parse_scale(prompt: ScaleSpec, raw: str) -> int:
    """A whole number on the scale, or the label of a point ("hoch")."""
    text = _clean(raw).casefold()
    match = re.fullmatch(r"(-?[0-9]{1,6})(\s*[-–].*)?", text)
    if match:
        value = int(match.group(1))
        if prompt.low <= value <= prompt.high:
            return value
    else:
        for point, label in prompt.labels.items():
            if label.casefold() == text:
                return point
    raise InvalidAnswer(
        f"Bitte antworten Sie mit einer ganzen Zahl von {prompt.low} bis {prompt.high}."
    )


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", re.ASCII)
_PLAIN = re.compile(r"[+-]?\d+([.,]\d+)?", re.ASCII)


def parse_german_number(raw: str) -> float:
    """``1.500`` → 1500, ``12,5`` → 12.5, ``1.500,75`` → 1500.75, ``2 000`` → 2000."""
    text = _clean(raw).replace("\u202f", " ")
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text, flags=re.ASCII)
    text = re.sub(r"\s*(€|eur|euro|%|prozent)$", "", text, flags=re.IGNORECASE)
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    raise InvalidAnswer("Bitte geben Sie eine Zahl ein, zum Beispiel 1.500 oder 12,5.")


def format_german_number(value: float, decimals: int = 2, *, keep_zeros: bool = False) -> str:
    """German notation, rounded half up to ``decimals`` places: 1500 → ``1.500``, 12.5 →
    ``12,5``, 6.25 with one place → ``6,3``; trailing zeros dropped unless ``keep_zeros``
    (4 → ``4,0``). Not a finite number → ``–``.
    """
    if not math.isfinite(value):
        return "–"
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):,f}".partition(".")
    if not keep_zeros:
        fraction = fraction.rstrip("0")
    sign = "-" if rounded < 0 else ""  # -0.001 rounds to 0, not to "-0"
    return sign + whole.replace(",", ".") + ("," + fraction if fraction else "")


def parse_number(prompt: NumberSpec, raw: str) -> int | float:
    """A number within the prompt's bounds; a unit typed after it is ignored."""
    text = _clean(raw)
    if prompt.unit and text.casefold().endswith(prompt.unit.casefold()):
        text = text[: -len(prompt.unit)].strip()
    try:
        value = parse_german_number(text)
    except InvalidAnswer:
        if prompt.grouping:
            raise
        example = f", zum Beispiel {prompt.example}" if prompt.example else ""
        raise InvalidAnswer(f"Bitte geben Sie eine Zahl ein{example}.") from None
    unit = f" {prompt.unit}" if prompt.unit else ""

    def shown(bound: float) -> str:
        return format_german_number(bound) if prompt.grouping else f"{bound:.15g}"

    if prompt.minimum is not None and value < prompt.minimum:
        raise InvalidAnswer(f"Die Zahl ist zu klein: mindestens {shown(prompt.minimum)}{unit}.")
    maximum = prompt.maximum if prompt.maximum is not None else MAX_NUMBER
    if not value <= maximum:
        raise InvalidAnswer(f"Die Zahl ist zu groß: höchstens {shown(maximum)}{unit}.")
    if prompt.minimum is None and value < -MAX_NUMBER:
        raise InvalidAnswer(f"Die Zahl ist zu klein: mindestens {shown(-MAX_NUMBER)}{unit}.")
    if prompt.integer:
        if not value.is_integer():
            raise InvalidAnswer("Bitte geben Sie eine ganze Zahl ein, ohne Komma.")
        return int(value)
    return value


_DATE_EXAMPLES = {
    Granularity.DAY: "15.03.2027",
    Granularity.MONTH: "03/2027",
    Granularity.QUARTER: "Q2 2027",
    Granularity.YEAR: "2027",
}


def date_hint(prompt: DateSpec) -> str:
    """The accepted forms as examples, e.g. „03/2027, Q2 2027 oder 2027“."""
    examples = [_DATE_EXAMPLES[g] for g in prompt.accepts]
    return (
        examples[0] if len(examples) == 1 else ", ".join(examples[:-1]) + " oder " + examples[-1]
    )


def _read_date(text: str) -> tuple[Granularity, str, int] | None:
    """(granularity, normalised value, year) or None if the text is no date at all."""
    patterns: list[tuple[str, Granularity]] = [
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", Granularity.DAY),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", Granularity.DAY),
        (r"(\d{1,2})\s*[/.-]\s*(\d{4})", Granularity.MONTH),
        (r"(\d{4})-(\d{1,2})", Granularity.MONTH),
        (r"q\s*([1-4])\s*[/ ]?\s*(\d{4})", Granularity.QUARTER),
        (r"([1-4])\.?\s*quartal\s*(\d{4})", Granularity.QUARTER),
        (r"(\d{4})", Granularity.YEAR),
    ]
    for pattern, granularity in patterns:
        match = re.fullmatch(pattern, text, flags=re.ASCII)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()]
        if granularity is Granularity.DAY:
            day, month, year = numbers if "." in text else (numbers[2], numbers[1], numbers[0])
            if not 1 <= month <= 12 or not 1 <= day <= 31:
                return None
            return granularity, f"{year:04d}-{month:02d}-{day:02d}", year
        if granularity is Granularity.MONTH:
            month, year = numbers if not re.fullmatch(r"\d{4}-.*", text) else numbers[::-1]
            if not 1 <= month <= 12:
                return None
            return granularity, f"{year:04d}-{month:02d}", year
        if granularity is Granularity.QUARTER:
            quarter, year = numbers
            return granularity, f"{year:04d}-Q{quarter}", year
        return granularity, f"{numbers[0]:04d}", numbers[0]
    match = re.fullmatch(r"([a-zäöü]+)\.?\s*([0-9]{4})", text)
    if match and match.group(1) in MONTHS:
        year = int(match.group(2))
        return Granularity.MONTH, f"{year:04d}-{MONTHS[match.group(1)]:02d}", year
    return None


def parse_date(prompt: DateSpec, raw: str) -> str:
    """Normalised ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``."""
    read = _read_date(_clean(raw).casefold())
    hint = date_hint(prompt)
    if read is None:
        raise InvalidAnswer(f"Das kann ich nicht als Datum lesen. Bitte so: {hint}.")
    granularity, value, year = read
    if granularity not in prompt.accepts:
        raise InvalidAnswer(f"Bitte geben Sie das Datum in dieser Form an: {hint}.")
    if not prompt.min_year <= year <= prompt.max_year:
        raise InvalidAnswer(
            f"Bitte ein Jahr zwischen {prompt.min_year} und {prompt.max_year} angeben."
        )
    if granularity is Granularity.DAY:
        from datetime import date

        try:
            date.fromisoformat(value)
        except ValueError:
            raise InvalidAnswer(f"Diesen Tag gibt es nicht. Bitte so: {hint}.") from None
    return value


def format_date(value: str) -> str:
    """Normalised date → German display: ``15.03.2027``, ``März 2027``, ``Q2 2027``, ``2027``."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return f"{day}.{month}.{year}"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = value.split("-")
        return f"{MONTH_NAMES[int(month) - 1]} {year}"
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        year, quarter = value.split("-")
        return f"{quarter} {year}"
    return value


def start_month(value: str) -> str:
    """First month of a normalised date as ``YYYY-MM`` (``2027-Q2`` → ``2027-04``)."""
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        year, quarter = value.split("-Q")
        return f"{year}-{(int(quarter) - 1) * 3 + 1:02d}"
    if len(value) == 4:
        return f"{value}-01"
    return value[:7]


def end_month(value: str) -> str:
    """Last month of a normalised date as ``YYYY-MM`` (``2027`` → ``2027-12``)."""
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        year, quarter = value.split("-Q")
        return f"{year}-{int(quarter) * 3:02d}"
    if len(value) == 4:
        return f"{value}-12"
    return value[:7]


_YES = {"ja", "j", "yes", "y", "jawohl", "genau", "ok", "okay", "1", "👍"}
_NO = {"nein", "n", "no", "nö", "2", "👎"}


def parse_confirm(prompt: ConfirmSpec, raw: str) -> bool:
    """Ja/Nein (or the prompt's own labels, or 1/2)."""
    text = _clean(raw).casefold().rstrip("!.")
    if text in _YES or text == prompt.yes.casefold():
        return True
    if text in _NO or text == prompt.no.casefold():
        return False
    raise InvalidAnswer(f"Bitte antworten Sie mit „{prompt.yes}“ oder „{prompt.no}“.")


def looks_like_date(value: str) -> bool:
    """True for normalised date values as produced by :func:`parse_date`."""
    return bool(re.fullmatch(r"\d{4}-(\d{2}(-\d{2})?|Q[1-4])", value))


def parse_dots(budget: int, raw: str, options: Sequence[str]) -> dict[str, int]:
    """Dots typed as option numbers, repeats allowed: "1 1 3" → two on 1, one on 3."""
    numbers = re.findall(r"[0-9]+", raw)
    if not numbers or re.sub(r"[0-9,;\s]+", "", raw):
        raise InvalidAnswer(
            "Bitte tippen Sie die Schaltflächen an oder schreiben Sie Nummern, etwa „1 1 3“ "
            "für zwei Punkte auf Nummer 1 und einen auf Nummer 3."
        )
    dots: dict[str, int] = {}
    for number in numbers:
        index = (ascii_int(number, 6) or 0) - 1
        if not 0 <= index < len(options):
            raise InvalidAnswer(f"Nummer {number} gibt es nicht; es gibt 1 bis {len(options)}.")
        dots[options[index]] = dots.get(options[index], 0) + 1
    if sum(dots.values()) > budget:
        raise InvalidAnswer(f"Das sind {sum(dots.values())} Punkte – Sie haben {budget}.")
    return dots
