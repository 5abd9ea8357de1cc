"""The pure parsers: what a person may type for each prompt kind, and the German hint otherwise."""

from __future__ import annotations

import pytest

from dialogs.catalog import SUGGESTED_FIELDS
from dialogs.errors import InvalidAnswer, NearMatch
from dialogs.parsing import (
    date_hint,
    end_month,
    format_date,
    format_german_number,
    list_parts,
    looks_like_date,
    match_option,
    near_options,
    parse_choice,
    parse_confirm,
    parse_date,
    parse_german_number,
    parse_multi,
    parse_number,
    parse_scale,
    parse_text,
    start_month,
)
from dialogs.prompts import (
    ChoicePrompt,
    ConfirmPrompt,
    DatePrompt,
    Granularity,
    MultiChoicePrompt,
    NumberPrompt,
    ScalePrompt,
    TextPrompt,
)

ASK = {"question": "Was meinen Sie?", "help": "Eine Erklärung."}
FIELDS = ("Mobilität", "Energie", "Umwelt und Klima", "Energiewende")
NUMBERED = "1 = Mobilität, 2 = Energie, 3 = Umwelt und Klima, 4 = Energiewende"


def hint(parse, *args) -> str:
    """The German hint a parser gives for a bad answer (fails if the answer is accepted)."""
    with pytest.raises(InvalidAnswer) as raised:
        value = parse(*args)
        pytest.fail(f"accepted {value!r}")
    return raised.value.message


# -- text ----------------------------------------------------------------------------------------

TEXT = TextPrompt(key="t", min_length=5, max_length=10, **ASK)


def test_text_is_trimmed_and_inner_spacing_kept() -> None:
    assert parse_text(TEXT, "  Ein Park \n") == "Ein Park"


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_text_empty_asks_for_text(raw: str) -> None:
    assert hint(parse_text, TEXT, raw) == "Bitte schreiben Sie eine Antwort als Text."


def test_text_too_short_names_minimum_and_count() -> None:
    message = hint(parse_text, TEXT, " abc ")
    assert "mindestens 5 Zeichen" in message
    assert "(bisher 3)" in message


def test_text_too_long_names_maximum_and_count() -> None:
    message = hint(parse_text, TEXT, "x" * 11)
    assert "höchstens 10 Zeichen" in message
    assert "Ihr Text hat 11" in message
    assert "mehrere Einträge" in message


@pytest.mark.parametrize("raw", ["abcde", "x" * 10])
def test_text_bounds_are_inclusive(raw: str) -> None:
    assert parse_text(TEXT, raw) == raw


# -- choice --------------------------------------------------------------------------------------

CHOICE = ChoicePrompt(key="c", options=FIELDS, **ASK)
CHOICE_OTHER = ChoicePrompt(key="c", options=FIELDS, allow_other=True, other_max_length=12, **ASK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2", "Energie"),
        (" 2 ", "Energie"),
        ("2.", "Energie"),
        ("2)", "Energie"),
        ("4", "Energiewende"),
        ("mobilität", "Mobilität"),
        ("MOBILITÄT", "Mobilität"),
        ("umwelt   und  klima", "Umwelt und Klima"),
        # "Energie" is also the start of "Energiewende": the exact label wins.
        ("energie", "Energie"),
    ],
)
def test_choice_by_number_or_label(raw: str, expected: str) -> None:
    assert parse_choice(CHOICE, raw, FIELDS) == expected


def near(parse, *args) -> NearMatch:
    """The „Meinten Sie …?“ a parser asks (fails if the answer is accepted or refused)."""
    with pytest.raises(NearMatch) as raised:
        value = parse(*args)
        pytest.fail(f"accepted {value!r}")
    return raised.value


@pytest.mark.parametrize(
    ("raw", "candidates"),
    [
        ("Mob", ["Mobilität"]),
        ("Umw", ["Umwelt und Klima"]),
        ("Klima", ["Umwelt und Klima"]),
        ("Energ", ["Energie", "Energiewende"]),
        ("Mobilitat", ["Mobilität"]),
    ],
)
def test_choice_near_match_is_asked_about_not_chosen(raw: str, candidates: list[str]) -> None:
    # Without own entries: a beginning or a small typo is a question, never a choice.
    asked = near(parse_choice, CHOICE, raw, FIELDS)
    assert (asked.typed, asked.candidates, asked.own) == (raw, candidates, False)


@pytest.mark.parametrize(
    ("raw", "candidate"),
    [
        ("Wirtschaft", "Wirtschaft und Forschung"),
        ("wirtschaft", "Wirtschaft und Forschung"),
        ("Verwaltng", "Verwaltung und E-Government"),
        ("Bildng", "Bildung und Kultur"),
    ],
)
def test_own_entry_near_an_option_is_asked_about(raw: str, candidate: str) -> None:
    # Issue 8.2: „Wirtschaft“ was stored as „Wirtschaft und Forschung“.
    prompt = ChoicePrompt(key="c", options=SUGGESTED_FIELDS, allow_other=True, **ASK)
    asked = near(parse_choice, prompt, raw, SUGGESTED_FIELDS)
    assert asked.candidates[0] == candidate
    assert asked.own and asked.typed == raw


@pytest.mark.parametrize("raw", ["Öffentliche Räume", "Sport", "Tourismus am See"])
def test_own_entry_far_from_every_option_is_kept_as_written(raw: str) -> None:
    prompt = ChoicePrompt(key="c", options=SUGGESTED_FIELDS, allow_other=True, **ASK)
    assert parse_choice(prompt, raw, SUGGESTED_FIELDS) == raw


def test_option_typed_in_other_case_and_spacing_is_that_option() -> None:
    prompt = ChoicePrompt(key="c", options=SUGGESTED_FIELDS, allow_other=True, **ASK)
    typed = "  wirtschaft UND   forschung "
    assert parse_choice(prompt, typed, SUGGESTED_FIELDS) == "Wirtschaft und Forschung"


@pytest.mark.parametrize("raw", ["ab", "Radverkehr", "Kl"])
def test_short_or_unrelated_text_is_no_near_match(raw: str) -> None:
    assert near_options(raw, FIELDS) == []


@pytest.mark.parametrize("raw", ["9", "0", "Sport", "", "  "])
def test_choice_unknown_answer_lists_numbered_options(raw: str) -> None:
    message = hint(parse_choice, CHOICE, raw, FIELDS)
    assert message.startswith("Bitte wählen Sie eine der Schaltflächen")
    assert f"({NUMBERED})" in message


def test_choice_other_accepts_free_text_within_bounds() -> None:
    assert parse_choice(CHOICE_OTHER, "  Sport   Spiel ", FIELDS) == "Sport Spiel"
    assert parse_choice(CHOICE_OTHER, "2", FIELDS) == "Energie"


def test_choice_other_rejects_too_short_and_too_long() -> None:
    assert "mindestens 2 Zeichen" in hint(parse_choice, CHOICE_OTHER, "x", FIELDS)
    message = hint(parse_choice, CHOICE_OTHER, "Sehr langer Feldname", FIELDS)
    assert "höchstens 12 Zeichen" in message
    assert "Ihr Text hat 20" in message


def test_choice_other_empty_asks_for_button_or_text() -> None:
    assert hint(parse_choice, CHOICE_OTHER, " ", FIELDS) == (
        "Bitte wählen Sie eine Schaltfläche oder schreiben Sie Text."
    )


@pytest.mark.parametrize("raw", ["9", "12", "0."])
def test_choice_other_out_of_range_number_is_no_own_answer(raw: str) -> None:
    # A typed number means a button; "9" is not a field called "9".
    assert f"({NUMBERED})" in hint(parse_choice, CHOICE_OTHER, raw, FIELDS)


def test_choice_uses_given_options_not_only_declared_ones() -> None:
    extra = (*FIELDS, "Sport")
    assert parse_choice(CHOICE, "5", extra) == "Sport"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", 0), ("energiewende", 3), ("Energ", None), ("", None)]
)
def test_match_option(raw: str, expected: int | None) -> None:
    assert match_option(raw, FIELDS) == expected


# -- multi ---------------------------------------------------------------------------------------

MULTI = MultiChoicePrompt(key="m", options=FIELDS, **ASK)
MULTI_BOUNDED = MultiChoicePrompt(key="m", options=FIELDS, min_selected=2, max_selected=3, **ASK)
MULTI_OTHER = MultiChoicePrompt(key="m", options=FIELDS, allow_other=True, **ASK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1, 3", ["Mobilität", "Umwelt und Klima"]),
        ("1 3", ["Mobilität", "Umwelt und Klima"]),
        ("1,3", ["Mobilität", "Umwelt und Klima"]),
        ("1 und 3", ["Mobilität", "Umwelt und Klima"]),
        ("1; 2\n4", ["Mobilität", "Energie", "Energiewende"]),
        ("mobilität, energie", ["Mobilität", "Energie"]),
        ("Energie und Mobilität", ["Energie", "Mobilität"]),
        ("3, 1", ["Umwelt und Klima", "Mobilität"]),
        ("1, 1, 2, mobilität", ["Mobilität", "Energie"]),
    ],
)
def test_multi_numbers_and_labels(raw: str, expected: list[str]) -> None:
    assert parse_multi(MULTI, raw, FIELDS) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Umwelt und Klima", ["Umwelt und Klima"]),
        ("Mobilität und Umwelt und Klima", ["Mobilität", "Umwelt und Klima"]),
        ("Umwelt und Klima und Energie", ["Umwelt und Klima", "Energie"]),
    ],
)
def test_multi_label_containing_und_stays_whole(raw: str, expected: list[str]) -> None:
    assert parse_multi(MULTI, raw, FIELDS) == expected
    # With own answers allowed, "Klima" must not turn into an extra own entry either.
    assert parse_multi(MULTI_OTHER, raw, FIELDS) == expected


@pytest.mark.parametrize(("raw", "unknown"), [("1, Sport", "Sport"), ("9", "9"), ("1 und 7", "7")])
def test_multi_unknown_part_is_named_in_the_hint(raw: str, unknown: str) -> None:
    message = hint(parse_multi, MULTI, raw, FIELDS)
    assert message.startswith(f"„{unknown}“ kenne ich nicht.")
    assert f"durch Komma getrennt ({NUMBERED})" in message


def test_multi_hint_escapes_the_echoed_text() -> None:
    # The hint is sent as HTML; the person's text must not become markup.
    message = hint(parse_multi, MULTI, "<b>fett</b>, 1", FIELDS)
    assert "„&lt;b&gt;fett&lt;/b&gt;“" in message
    assert "<b>" not in message


def test_multi_other_adds_own_entries() -> None:
    assert parse_multi(MULTI_OTHER, "2, Sport und Spiel", FIELDS) == ["Energie", "Sport und Spiel"]
    assert "„9“ kenne ich nicht" in hint(parse_multi, MULTI_OTHER, "1, 9", FIELDS)
    assert "mindestens 2 Zeichen" in hint(parse_multi, MULTI_OTHER, "1, x", FIELDS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Schülerinnen und Schüler, Eltern", ["Schülerinnen und Schüler", "Eltern"]),
        ("Bürgerinnen und Bürger", ["Bürgerinnen und Bürger"]),
        ("Vereine und Verbände; Presse\nKirchen", ["Vereine und Verbände", "Presse", "Kirchen"]),
        ("Energie und Schulen und Kitas", ["Energie und Schulen und Kitas"]),
    ],
)
def test_free_text_list_is_split_only_where_listed(raw: str, expected: list[str]) -> None:
    # Issue 8.3: „und“ inside a coordinated phrase is no list separator.
    assert parse_multi(MULTI_OTHER, raw, FIELDS) == expected
    assert list_parts(raw, FIELDS) == expected


def test_multi_near_part_is_asked_about_with_what_was_read() -> None:
    asked = near(parse_multi, MULTI_OTHER, "1, Klima, Sport", FIELDS)
    assert (asked.typed, asked.candidates, asked.own) == ("Klima", ["Umwelt und Klima"], True)
    assert (asked.chosen, asked.rest) == (["Mobilität"], ["Sport"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", "Bitte wählen Sie mindestens 2 aus."),
        ("1, 1", "Bitte wählen Sie mindestens 2 aus."),
        ("1, 2, 3, 4", "Bitte wählen Sie höchstens 3 aus."),
    ],
)
def test_multi_selection_bounds(raw: str, expected: str) -> None:
    assert hint(parse_multi, MULTI_BOUNDED, raw, FIELDS) == expected


@pytest.mark.parametrize("raw", ["1, 2", "1 2 3"])
def test_multi_selection_within_bounds(raw: str) -> None:
    assert len(parse_multi(MULTI_BOUNDED, raw, FIELDS)) == len(raw.replace(",", " ").split())


# -- scale ---------------------------------------------------------------------------------------

SCALE = ScalePrompt(key="s", labels={1: "gering", 3: "mittel", 5: "hoch"}, **ASK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("5", 5),
        (" 3 ", 3),
        ("hoch", 5),
        ("Mittel", 3),
        ("3 – mittel", 3),
        ("3 - mittel", 3),
    ],
)
def test_scale_accepts_points_and_labels(raw: str, expected: int) -> None:
    assert parse_scale(SCALE, raw) == expected


@pytest.mark.parametrize("raw", ["0", "6", "-1", "drei", "2,5", "sehr hoch", ""])
def test_scale_rejects_outside_or_not_a_point(raw: str) -> None:
    assert (
        hint(parse_scale, SCALE, raw) == "Bitte antworten Sie mit einer ganzen Zahl von 1 bis 5."
    )


def test_scale_with_negative_range() -> None:
    scale = ScalePrompt(key="s", low=-2, high=2, **ASK)
    assert parse_scale(scale, "-2") == -2
    assert "von -2 bis 2" in hint(parse_scale, scale, "-3")


# -- number --------------------------------------------------------------------------------------

NUMBER = NumberPrompt(key="n", **ASK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.500", 1500),
        ("12,5", 12.5),
        ("1.500,75", 1500.75),
        ("2 000", 2000),
        ("1 500 000", 1_500_000),
        ("2\u202f000", 2000),
        ("12.500.000", 12_500_000),
        ("-3", -3),
        ("-1.500,5", -1500.5),
        ("+4", 4),
        ("12.5", 12.5),
        ("1500 €", 1500),
        ("1.500 Euro", 1500),
        ("10 %", 10),
        ("0", 0),
    ],
)
def test_number_german_formats(raw: str, expected: float) -> None:
    assert parse_number(NUMBER, raw) == expected


@pytest.mark.parametrize("raw", ["zwölf", "", "12,5,5", "1.50.0", "ca. 100", "100-200"])
def test_number_garbage(raw: str) -> None:
    assert hint(parse_number, NUMBER, raw) == (
        "Bitte geben Sie eine Zahl ein, zum Beispiel 1.500 oder 12,5."
    )


def test_number_unit_suffix_is_ignored() -> None:
    prompt = NumberPrompt(key="n", unit="Einwohner", **ASK)
    assert parse_number(prompt, "5.000 Einwohner") == 5000
    assert parse_number(prompt, "5000 einwohner") == 5000
    assert parse_number(prompt, "5000") == 5000


def test_number_integer_only() -> None:
    prompt = NumberPrompt(key="n", integer=True, **ASK)
    assert parse_number(prompt, "1.500") == 1500
    assert isinstance(parse_number(prompt, "1.500"), int)
    assert hint(parse_number, prompt, "12,5") == "Bitte geben Sie eine ganze Zahl ein, ohne Komma."


def test_number_bounds_use_german_formatting_and_unit() -> None:
    prompt = NumberPrompt(key="n", minimum=1000, maximum=1_500_000.5, unit="Einwohner", **ASK)
    assert hint(parse_number, prompt, "999") == (
        "Die Zahl ist zu klein: mindestens 1.000 Einwohner."
    )
    assert hint(parse_number, prompt, "2.000.000") == (
        "Die Zahl ist zu groß: höchstens 1.500.000,5 Einwohner."
    )
    assert parse_number(prompt, "1.000") == 1000
    assert parse_number(prompt, "1.500.000,5") == 1_500_000.5


def test_number_negative_below_zero_minimum() -> None:
    prompt = NumberPrompt(key="n", minimum=0, **ASK)
    assert hint(parse_number, prompt, "-3") == "Die Zahl ist zu klein: mindestens 0."


def test_parse_german_number_direct() -> None:
    assert parse_german_number("1.500,75") == 1500.75
    assert hint(parse_german_number, "1,5 Mio") == (
        "Bitte geben Sie eine Zahl ein, zum Beispiel 1.500 oder 12,5."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1500, "1.500"),
        (1500.0, "1.500"),
        (12.5, "12,5"),
        (1500.75, "1.500,75"),
        (1_234_567.891, "1.234.567,89"),
        (0, "0"),
        (-3, "-3"),
        (-1500.5, "-1.500,5"),
        (0.5, "0,5"),
        (0.999, "1"),
        (0.001, "0"),
        (2025, "2.025"),
    ],
)
def test_format_german_number(value: float, expected: str) -> None:
    assert format_german_number(value) == expected


# -- date ----------------------------------------------------------------------------------------

DATE = DatePrompt(key="d", **ASK)  # month, quarter, year
ANY_DATE = DatePrompt(key="d", accepts=tuple(Granularity), **ASK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03/2027", "2027-03"),
        ("3/2027", "2027-03"),
        ("03.2027", "2027-03"),
        ("3-2027", "2027-03"),
        ("2027-03", "2027-03"),
        ("März 2027", "2027-03"),
        ("märz 2027", "2027-03"),
        ("Mär 2027", "2027-03"),
        ("Mär. 2027", "2027-03"),
        ("Maerz 2027", "2027-03"),
        ("Jänner 2027", "2027-01"),
        ("Dezember 2030", "2030-12"),
        ("Q2 2027", "2027-Q2"),
        ("q2 2027", "2027-Q2"),
        ("Q2/2027", "2027-Q2"),
        ("Q22027", "2027-Q2"),
        ("2. Quartal 2027", "2027-Q2"),
        ("4 Quartal 2027", "2027-Q4"),
        ("2027", "2027"),
        (" 2027 ", "2027"),
    ],
)
def test_date_month_quarter_year(raw: str, expected: str) -> None:
    assert parse_date(DATE, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("15.03.2027", "2027-03-15"), ("1.3.2027", "2027-03-01")]
)
def test_date_day_where_accepted(raw: str, expected: str) -> None:
    assert parse_date(ANY_DATE, raw) == expected
    assert parse_date(ANY_DATE, "2027-03-15") == "2027-03-15"


@pytest.mark.parametrize("raw", ["15.03.2027", "2027-03-15"])
def test_date_granularity_not_accepted_says_which_forms(raw: str) -> None:
    assert hint(parse_date, DATE, raw) == (
        "Bitte geben Sie das Datum in dieser Form an: 03/2027, Q2 2027 oder 2027."
    )


def test_date_year_only_prompt_rejects_month() -> None:
    prompt = DatePrompt(key="d", accepts=(Granularity.YEAR,), **ASK)
    assert parse_date(prompt, "2030") == "2030"
    assert hint(parse_date, prompt, "03/2030") == (
        "Bitte geben Sie das Datum in dieser Form an: 2027."
    )


@pytest.mark.parametrize("raw", ["13/2027", "00/2027", "Q5 2027", "32.01.2027", "morgen", ""])
def test_date_unreadable(raw: str) -> None:
    assert hint(parse_date, ANY_DATE, raw) == (
        "Das kann ich nicht als Datum lesen. Bitte so: 15.03.2027, 03/2027, Q2 2027 oder 2027."
    )


@pytest.mark.parametrize("raw", ["31.02.2027", "29.02.2027", "31.04.2027"])
def test_date_day_that_does_not_exist(raw: str) -> None:
    assert hint(parse_date, ANY_DATE, raw).startswith("Diesen Tag gibt es nicht.")


def test_date_leap_day_exists() -> None:
    assert parse_date(ANY_DATE, "29.02.2028") == "2028-02-29"


@pytest.mark.parametrize("raw", ["1999", "2101", "03/1999", "Q1 2101"])
def test_date_year_out_of_range(raw: str) -> None:
    assert hint(parse_date, DATE, raw) == "Bitte ein Jahr zwischen 2000 und 2100 angeben."


def test_date_custom_year_range() -> None:
    prompt = DatePrompt(key="d", min_year=2025, max_year=2040, **ASK)
    assert parse_date(prompt, "2040") == "2040"
    assert hint(parse_date, prompt, "2041") == "Bitte ein Jahr zwischen 2025 und 2040 angeben."


def test_date_hint_single_and_several() -> None:
    assert date_hint(DATE) == "03/2027, Q2 2027 oder 2027"
    assert date_hint(DatePrompt(key="d", accepts=(Granularity.DAY,), **ASK)) == "15.03.2027"


@pytest.mark.parametrize(
    ("value", "shown", "first", "last"),
    [
        ("2027-03-15", "15.03.2027", "2027-03", "2027-03"),
        ("2027-03", "März 2027", "2027-03", "2027-03"),
        ("2027-12", "Dezember 2027", "2027-12", "2027-12"),
        ("2027-Q1", "Q1 2027", "2027-01", "2027-03"),
        ("2027-Q2", "Q2 2027", "2027-04", "2027-06"),
        ("2027-Q4", "Q4 2027", "2027-10", "2027-12"),
        ("2027", "2027", "2027-01", "2027-12"),
    ],
)
def test_format_date_and_month_span(value: str, shown: str, first: str, last: str) -> None:
    assert format_date(value) == shown
    assert start_month(value) == first
    assert end_month(value) == last
    # A bare year is shown as it is, so it need not be recognised as a date.
    assert looks_like_date(value) is (value != "2027")


@pytest.mark.parametrize("value", ["Mobilität", "12", "2027-3", "Q2 2027"])
def test_looks_like_date_only_for_normalised_values(value: str) -> None:
    assert not looks_like_date(value)


@pytest.mark.parametrize("raw", ["03/2027", "Q3 2028", "2029", "Dez 2030"])
def test_date_display_parses_back_to_the_same_value(raw: str) -> None:
    value = parse_date(DATE, raw)
    assert parse_date(DATE, format_date(value)) == value


# -- confirm -------------------------------------------------------------------------------------

CONFIRM = ConfirmPrompt(key="ok", **ASK)
CONFIRM_CUSTOM = ConfirmPrompt(key="ok", yes="Passt so", no="Ändern", **ASK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", True),
        ("Ja!", True),
        ("JA", True),
        ("j", True),
        ("1", True),
        ("ok", True),
        ("nein", False),
        ("Nein.", False),
        ("n", False),
        ("2", False),
    ],
)
def test_confirm_yes_and_no(raw: str, expected: bool) -> None:
    assert parse_confirm(CONFIRM, raw) is expected
    assert parse_confirm(CONFIRM_CUSTOM, raw) is expected


def test_confirm_custom_labels() -> None:
    assert parse_confirm(CONFIRM_CUSTOM, "passt so") is True
    assert parse_confirm(CONFIRM_CUSTOM, "ändern") is False


@pytest.mark.parametrize("raw", ["vielleicht", "", "3", "jein"])
def test_confirm_garbage_names_the_labels(raw: str) -> None:
    assert hint(parse_confirm, CONFIRM, raw) == "Bitte antworten Sie mit „Ja“ oder „Nein“."
    assert hint(parse_confirm, CONFIRM_CUSTOM, raw) == (
        "Bitte antworten Sie mit „Passt so“ oder „Ändern“."
    )


def test_a_year_prompt_gives_a_year_as_example() -> None:
    prompt = NumberPrompt(key="year", integer=True, grouping=False, example="2035", **ASK)
    assert (
        hint(parse_number, prompt, "zwölf") == "Bitte geben Sie eine Zahl ein, zum Beispiel 2035."
    )
