"""The dates stage: sentence in, date mentions out (English and Spanish)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from timeline.extract import dates_parser
from timeline.extract.dates import find_dates, resolve_relative
from timeline.extract.model import Interval, Precision


def pub(value: str | None) -> Interval | None:
    """A publication date at the precision it is written in ("2021", "2021-05", "2021-05-31")."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return Interval(day, day, Precision.DAY)
    if len(parts) == 2:
        y, m = parts
        return Interval(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), Precision.MONTH)
    return Interval(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), Precision.YEAR)


def d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


Row = tuple[str, str | None, str | None, str, bool, str]  # covered, start, end, precision, approx, role


def read(sentence: str, published: str | None, language: str) -> list[Row]:
    out = []
    for m in find_dates(sentence, published=pub(published), language=language):
        iv = m.interval
        out.append(
            (
                sentence[m.start : m.end],
                iv.start and iv.start.isoformat(),
                iv.end and iv.end.isoformat(),
                iv.precision.value,
                iv.approximate,
                m.role,
            )
        )
    return out


U = (None, None, "unknown")

CASES_EN: list[tuple[str, str | None, list[Row]]] = [
    # full dates
    (
        "Police found him on May 17, 2021.",
        "2021-05-31",
        [("May 17, 2021", "2021-05-17", "2021-05-17", "day", False, "event")],
    ),
    (
        "It happened on 1 May 2015 at dawn.",
        None,
        [("1 May 2015", "2015-05-01", "2015-05-01", "day", False, "event")],
    ),
    ("Filed 2021-05-17 in court.", None, [("2021-05-17", "2021-05-17", "2021-05-17", "day", False, "event")]),
    (
        "A mission on 22 February in Tapalpa.",
        "2026-03-12",
        [("22 February", "2026-02-22", "2026-02-22", "day", False, "event")],
    ),
    (
        "Pete Hegseth, speaking on 5 March, said so.",
        "2026-03-12",
        [("5 March", "2026-03-05", "2026-03-05", "day", False, "event")],
    ),
    (
        "The militias must demobilize by May 10.",
        "2014-05",
        [("May 10", "2014-05-10", "2014-05-10", "day", False, "event")],
    ),
    (
        "On December 10 the army arrived.",
        "2021-05-31",
        [("December 10", "2020-12-10", "2020-12-10", "day", False, "event")],
    ),
    (
        "Troops arrived on Feb. 22 and Sept. 5, 2019.",
        "2021-05-31",
        [
            ("Feb. 22", "2021-02-22", "2021-02-22", "day", False, "event"),
            ("Sept. 5, 2019", "2019-09-05", "2019-09-05", "day", False, "event"),
        ],
    ),
    (
        "Clashes ran March 3-5 in Sinaloa.",
        "2021-05-31",
        [("March 3-5", "2021-03-03", "2021-03-05", "range", False, "event")],
    ),
    # years
    (
        "The last time Guzman was arrested in 2019, they freed him.",
        "2026-03-12",
        [("2019", "2019-01-01", "2019-12-31", "year", False, "event")],
    ),
    (
        "Even further back, a 2015 operation targeted him.",
        "2026-03-12",
        [("2015", "2015-01-01", "2015-12-31", "year", False, "event")],
    ),
    (
        "He led the group from 2015 to 2018.",
        None,
        [("from 2015 to 2018", "2015-01-01", "2018-12-31", "range", False, "event")],
    ),
    ("Homicides rose in 2015–18.", None, [("2015–18", "2015-01-01", "2018-12-31", "range", False, "event")]),
    # months
    (
        "In January, a gunman went to a home.",
        "2021-05",
        [("January", "2021-01-01", "2021-01-31", "month", False, "event")],
    ),
    (
        "The threat appeared in May.",
        "2021-05",
        [("May", "2021-05-01", "2021-05-31", "month", False, "event")],
    ),
    (
        "Back in January, he told Fox news.",
        "2026-03-12",
        [("January", "2026-01-01", "2026-01-31", "month", False, "event")],
    ),
    (
        "A group launched this January.",
        "2026-03-12",
        [("this January", "2026-01-01", "2026-01-31", "month", False, "event")],
    ),
    (
        "It was painted earlier this month.",
        "2021-05-31",
        [("earlier this month", "2021-05-01", "2021-05-30", "month", True, "event")],
    ),
    (
        "It was painted earlier this month.",
        "2021-05",
        [("earlier this month", "2021-05-01", "2021-05-31", "month", True, "event")],
    ),
    (
        "Violence peaked late last month.",
        "2021-05-31",
        [("late last month", "2021-04-21", "2021-04-30", "month", True, "event")],
    ),
    (
        "Talks resume in mid-May.",
        "2021-05-31",
        [("mid-May", "2021-05-11", "2021-05-20", "month", True, "event")],
    ),
    (
        "Talks resume in early June 2020.",
        None,
        [("early June 2020", "2020-06-01", "2020-06-10", "month", True, "event")],
    ),
    (
        "He said in April that it failed.",
        "2021-05",
        [("April", "2021-04-01", "2021-04-30", "month", False, "event")],
    ),
    # parts of years, decades, seasons
    (
        "He took office in late 2018.",
        "2021-05",
        [("late 2018", "2018-09-01", "2018-12-31", "year", True, "event")],
    ),
    (
        "The truce held until mid-2018 and early 2019.",
        None,
        [
            ("mid-2018", "2018-05-01", "2018-08-31", "year", True, "event"),
            ("early 2019", "2019-01-01", "2019-04-30", "year", True, "event"),
        ],
    ),
    (
        "Cartels grew in the 1990s and the '80s.",
        None,
        [
            ("1990s", "1990-01-01", "1999-12-31", "decade", False, "event"),
            ("'80s", "1980-01-01", "1989-12-31", "decade", False, "event"),
        ],
    ),
    (
        "It began in the spring of 2019.",
        None,
        [("spring of 2019", "2019-03-01", "2019-05-31", "season", False, "event")],
    ),
    (
        "Fighting spread last summer.",
        "2021-05-31",
        [("last summer", "2020-06-01", "2020-08-31", "season", False, "event")],
    ),
    # weekdays
    ("The officer was killed on Thursday.", "2021-05", [("Thursday", *U, False, "event")]),
    (
        "The Associated Press reported Sunday.",
        "2021-05-31",
        [("Sunday", "2021-05-30", "2021-05-30", "day", False, "event")],
    ),
    (
        "Gunmen attacked late Monday.",
        "2021-05-31",
        [("late Monday", "2021-05-31", "2021-05-31", "day", False, "event")],
    ),
    (
        "Shots at 10 p.m. Thursday.",
        "2021-05-31",
        [("Thursday", "2021-05-27", "2021-05-27", "day", False, "event")],
    ),
    (
        "He was seen last Monday.",
        "2021-05-31",
        [("last Monday", "2021-05-24", "2021-05-24", "day", False, "event")],
    ),
    # relative to publication
    (
        "Last year, civilian militias rose up.",
        "2014-05",
        [("Last year", "2013-01-01", "2013-12-31", "year", False, "event")],
    ),
    (
        "Seven were killed so far this year.",
        "2021-05",
        [("so far this year", "2021-01-01", "2021-05-31", "range", False, "event")],
    ),
    (
        "His home was raided last week.",
        "2021-05-31",
        [("last week", "2021-05-24", "2021-05-30", "week", False, "event")],
    ),
    ("His home was raided last week.", "2021-05", [("last week", *U, False, "event")]),
    (
        "He was freed yesterday.",
        "2021-05-31",
        [("yesterday", "2021-05-30", "2021-05-30", "day", False, "event")],
    ),
    ("He was freed yesterday.", "2021-05", [("yesterday", *U, False, "event")]),
    (
        "Prices rose last month.",
        "2021-05",
        [("last month", "2021-04-01", "2021-04-30", "month", False, "event")],
    ),
    (
        "It's been two weeks since the siege.",
        "2026-03-12",
        [("two weeks since", "2026-02-23", "2026-03-01", "week", True, "event")],
    ),
    (
        "A little over two years ago, forces arrested him.",
        "2026-03-12",
        [("A little over two years ago", "2023-03-12", "2024-03-12", "year", True, "event")],
    ),
    (
        "It happened about 2 years ago.",
        "2026-03-12",
        [("about 2 years ago", "2023-09-12", "2024-09-12", "year", True, "event")],
    ),
    (
        "He was shot 3 days ago.",
        "2026-03-12",
        [("3 days ago", "2026-03-09", "2026-03-09", "day", False, "event")],
    ),
    (
        "Poplab reported recently that seven died.",
        "2021-05-31",
        [("recently", "2021-02-28", "2021-05-31", "range", True, "event")],
    ),
    (
        "This year marks the 20th anniversary of the war.",
        "2026-03-12",
        [("This year", "2026-01-01", "2026-12-31", "year", False, "event")],
    ),
    (
        "Deaths doubled in the past three years.",
        "2021-05-31",
        [("the past three years", "2018-05-31", "2021-05-31", "range", True, "since")],
    ),
    # ranges, since, anaphoric years
    (
        "Between 2018 and May 12, 262 police were killed.",
        "2021-05",
        [("Between 2018 and May 12", "2018-01-01", "2021-05-12", "range", False, "event")],
    ),
    (
        "Between 2018 and mid-May of this year, 262 died.",
        "2021-05-31",
        [("Between 2018 and mid-May of this year", "2018-01-01", "2021-05-20", "range", True, "event")],
    ),
    (
        "Homicides tripled between 2007 and 2021 – a year which claimed 34,000 victims.",
        "2026-03-12",
        [
            ("between 2007 and 2021", "2007-01-01", "2021-12-31", "range", False, "event"),
            ("a year which", "2021-01-01", "2021-12-31", "year", False, "event"),
        ],
    ),
    (
        "It was worst in 2019, a year that saw 30,000 murders.",
        None,
        [
            ("2019", "2019-01-01", "2019-12-31", "year", False, "event"),
            ("a year that", "2019-01-01", "2019-12-31", "year", False, "event"),
        ],
    ),
    (
        "The most violent state since at least 2018.",
        "2021-05",
        [("2018", "2018-01-01", "2021-05-31", "range", False, "since")],
    ),
    (
        "The most violent state since 2018.",
        None,
        [("2018", "2018-01-01", "2018-12-31", "year", False, "since")],
    ),
    (
        "Murders rose from 2015 until now.",
        "2021-05",
        [("2015 until now", "2015-01-01", "2021-05-31", "range", False, "since")],
    ),
    (
        "From January to March 2019 the truce held.",
        "2021-05",
        [("From January to March 2019", "2019-01-01", "2019-03-31", "range", False, "event")],
    ),
    # durations and anaphoric references
    ("The state released him within four hours.", "2026-03-12", [("four hours", *U, False, "duration")]),
    ("Collusion lasted for nearly 70 years.", "2026-03-12", [("nearly 70 years", *U, False, "duration")]),
    ("He lived for almost 10 years in Fresno.", "2014-05", [("almost 10 years", *U, False, "duration")]),
    ("For days the press published pieces.", "2026-03-12", [("days", *U, False, "duration")]),
    ("He ruled for a decade.", None, [("a decade", *U, False, "duration")]),
    ("Since then, the militias have grown.", "2014-05", [("Since then", *U, False, "anaphoric")]),
    (
        "A few years after the family returned, he died.",
        "2014-05",
        [("A few years after", *U, False, "anaphoric")],
    ),
    (
        "Two days later police came; at the time nobody spoke.",
        None,
        [("Two days later", *U, False, "anaphoric"), ("at the time", *U, False, "anaphoric")],
    ),
]

CASES_ES: list[tuple[str, str | None, list[Row]]] = [
    (
        "Fue asesinado el 22 de febrero de 2026.",
        None,
        [("22 de febrero de 2026", "2026-02-22", "2026-02-22", "day", False, "event")],
    ),
    (
        "Fue asesinado el 22 de febrero en Jalisco.",
        "2026-03-12",
        [("22 de febrero", "2026-02-22", "2026-02-22", "day", False, "event")],
    ),
    (
        "Ocurrió el pasado 3 de marzo.",
        "2026-03-12",
        [("el pasado 3 de marzo", "2026-03-03", "2026-03-03", "day", False, "event")],
    ),
    ("La fecha era 17/05/2021.", None, [("17/05/2021", "2021-05-17", "2021-05-17", "day", False, "event")]),
    (
        "Hubo combates del 10 al 12 de mayo de 2020.",
        None,
        [("del 10 al 12 de mayo de 2020", "2020-05-10", "2020-05-12", "range", False, "event")],
    ),
    ("El operativo fue en 2015.", None, [("2015", "2015-01-01", "2015-12-31", "year", False, "event")]),
    ("Lo detuvieron en enero.", "2021-05", [("enero", "2021-01-01", "2021-01-31", "month", False, "event")]),
    (
        "Volverán a mediados de mayo.",
        "2021-05-31",
        [("mediados de mayo", "2021-05-11", "2021-05-20", "month", True, "event")],
    ),
    (
        "Ocurrió a finales del mes pasado.",
        "2021-05-31",
        [("finales del mes pasado", "2021-04-21", "2021-04-30", "month", True, "event")],
    ),
    (
        "Lo vieron en mayo del año pasado.",
        "2021-05-31",
        [("mayo del año pasado", "2020-05-01", "2020-05-31", "month", False, "event")],
    ),
    (
        "La violencia creció este verano.",
        "2021-08-15",
        [("este verano", "2021-06-01", "2021-08-31", "season", False, "event")],
    ),
    (
        "Lo mataron el pasado martes.",
        "2021-05-31",
        [("el pasado martes", "2021-05-25", "2021-05-25", "day", False, "event")],
    ),
    ("Lo mataron el lunes.", "2021-05-31", [("lunes", "2021-05-31", "2021-05-31", "day", False, "event")]),
    (
        "Lo mataron este domingo.",
        "2021-05-31",
        [("este domingo", "2021-05-30", "2021-05-30", "day", False, "event")],
    ),
    ("Lo mataron el lunes.", "2021-05", [("lunes", *U, False, "event")]),
    ("Lo liberaron ayer.", "2021-05-31", [("ayer", "2021-05-30", "2021-05-30", "day", False, "event")]),
    (
        "Hoy en día la violencia sigue; hoy hubo tres muertos.",
        "2021-05-31",
        [("hoy", "2021-05-31", "2021-05-31", "day", False, "event")],
    ),
    (
        "El año pasado hubo 30 muertos.",
        "2021-05",
        [("El año pasado", "2020-01-01", "2020-12-31", "year", False, "event")],
    ),
    ("Este año hubo 30 muertos.", "2021", [("Este año", "2021-01-01", "2021-12-31", "year", False, "event")]),
    (
        "En lo que va del año hubo 30 muertos.",
        "2021-05",
        [("En lo que va del año", "2021-01-01", "2021-05-31", "range", False, "event")],
    ),
    (
        "Lo vieron la semana pasada.",
        "2021-05-31",
        [("la semana pasada", "2021-05-24", "2021-05-30", "week", False, "event")],
    ),
    (
        "Lo detuvieron hace dos semanas.",
        "2026-03-12",
        [("hace dos semanas", "2026-02-23", "2026-03-01", "week", True, "event")],
    ),
    (
        "Lo detuvieron hace más de dos años.",
        "2026-03-12",
        [("hace más de dos años", "2023-03-12", "2024-03-12", "year", True, "event")],
    ),
    (
        "Recientemente lo detuvieron.",
        "2021-05-31",
        [("Recientemente", "2021-02-28", "2021-05-31", "range", True, "event")],
    ),
    (
        "Hubo 500 muertos entre 2018 y 2021.",
        None,
        [("entre 2018 y 2021", "2018-01-01", "2021-12-31", "range", False, "event")],
    ),
    (
        "Gobernó de 2015 a 2018.",
        None,
        [("de 2015 a 2018", "2015-01-01", "2018-12-31", "range", False, "event")],
    ),
    (
        "Nació en los años noventa, la década de 1990.",
        None,
        [
            ("años noventa", "1990-01-01", "1999-12-31", "decade", False, "event"),
            ("década de 1990", "1990-01-01", "1999-12-31", "decade", False, "event"),
        ],
    ),
    (
        "Llegó a finales de 2018 y se fue a principios de 2019.",
        None,
        [
            ("finales de 2018", "2018-09-01", "2018-12-31", "year", True, "event"),
            ("principios de 2019", "2019-01-01", "2019-04-30", "year", True, "event"),
        ],
    ),
    (
        "Es el estado más violento desde 2018.",
        "2021-05-31",
        [("2018", "2018-01-01", "2021-05-31", "range", False, "since")],
    ),
    ("Hubo bloqueos durante tres días.", None, [("tres días", *U, False, "duration")]),
    (
        "Desde entonces no ha vuelto; días después lo hallaron.",
        None,
        [("Desde entonces", *U, False, "anaphoric"), ("días después", *U, False, "anaphoric")],
    ),
    (
        "Fue en 2021, un año que dejó 34 mil víctimas.",
        None,
        [
            ("2021", "2021-01-01", "2021-12-31", "year", False, "event"),
            ("un año que", "2021-01-01", "2021-12-31", "year", False, "event"),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), CASES_EN)
def test_english(sentence: str, published: str | None, expected: list[Row]) -> None:
    assert read(sentence, published, "en") == expected


@pytest.mark.parametrize(("sentence", "published", "expected"), CASES_ES)
def test_spanish(sentence: str, published: str | None, expected: list[Row]) -> None:
    assert read(sentence, published, "es") == expected


RELATIVE = [
    "yesterday",
    "today",
    "last year",
    "this year",
    "last week",
    "last month",
    "on Thursday",
    "in January",
    "22 February",
    "two weeks ago",
    "recently",
    "earlier this month",
    "between 2018 and May 12",
    "last summer",
    "so far this year",
]
RELATIVE_ES = [
    "ayer",
    "hoy",
    "el año pasado",
    "este año",
    "la semana pasada",
    "el lunes",
    "en enero",
    "hace dos semanas",
    "recientemente",
    "en lo que va del año",
]


@pytest.mark.parametrize(
    ("phrase", "language"), [(p, "en") for p in RELATIVE] + [(p, "es") for p in RELATIVE_ES]
)
def test_unknown_publication_never_resolves_relative(phrase: str, language: str) -> None:
    mentions = find_dates(phrase, published=None, language=language)
    assert mentions and all(not m.interval.resolved and m.relative for m in mentions)
    assert all(m.interval.precision == Precision.UNKNOWN for m in mentions)


FALSE_POSITIVES_EN = [
    "And while things may appear to be back to normal, conditions remain.",
    "We are going to start now hitting land with regard to the cartels.",
    "A 20,000 peso bounty was offered for each military member killed.",
    "They shot down a helicopter with a 50 calibre machine gun.",
    "Let's not forget it marks the 20th anniversary of the war.",
    "They march through the streets every week of protest.",
    "The cartel employs upwards of 35,000 people in 2015 people-smuggling? no: 2015 people died.",
    "Guanajuato has 262 police officers killed and 35,000 people employed.",
    "Crime is 24/7 here and 50 times the population, 100 percent legally.",
    "The attack began at 10 p.m. and he told Fox news about it.",
    "A 25-year-old man was arrested with 2000 rounds of ammunition.",
    "More than 2000 troops and some 1500 soldiers were deployed.",
    "Plácido Domingo sang while Ismael 'El Mayo' Zambada hid.",
]
FALSE_POSITIVES_ES = [
    "Ismael 'El Mayo' Zambada sigue prófugo.",
    "Plácido Domingo cantó en Culiacán.",
    "Hoy en día la violencia no cede.",
    "Detuvieron a 2015 personas y decomisaron 2000 armas.",
    "Ofrecieron una recompensa de 20,000 pesos.",
]


@pytest.mark.parametrize(
    ("sentence", "language"),
    [(s, "en") for s in FALSE_POSITIVES_EN] + [(s, "es") for s in FALSE_POSITIVES_ES],
)
def test_false_positives_yield_no_event_date(sentence: str, language: str) -> None:
    for published in (None, "2021-05-31"):
        found = find_dates(sentence, published=pub(published), language=language)
        assert [sentence[m.start : m.end] for m in found if m.role == "event"] == []


def test_window_offsets_are_absolute() -> None:
    text = "Intro text. On 22 February troops came. In 2019 too."
    start = text.index("On")
    end = text.index(" In")
    mentions = find_dates(text, start, end, published=pub("2026-03-12"))
    assert [(text[m.start : m.end], m.start) for m in mentions] == [("22 February", text.index("22"))]


def test_resolve_relative_convenience() -> None:
    assert resolve_relative("last year", pub("2021-05")) == Interval(
        d("2020-01-01"), d("2020-12-31"), Precision.YEAR
    )
    assert resolve_relative("en enero", pub("2021-05"), "es") == Interval(
        d("2021-01-01"), d("2021-01-31"), Precision.MONTH
    )
    assert resolve_relative("nothing here", pub("2021-05")) == Interval(None, None, Precision.UNKNOWN)


@pytest.mark.parametrize(
    ("span", "language", "expected"),
    [
        ("17/05/2021", "es", "2021-05-17"),
        ("05/17/2021", "en", "2021-05-17"),
        ("3/4/2020", "es", "2020-04-03"),
        ("3/4/2020", "en", "2020-03-04"),
        ("17.05.21", "es", "2021-05-17"),
        ("22-Feb-2021", "en", "2021-02-22"),
    ],
)
def test_dateparser_adapter_reads_full_numeric_dates(span: str, language: str, expected: str) -> None:
    assert dates_parser.parse_full_date(span, language) == d(expected)
    mentions = find_dates(f"Dated {span}.", published=None, language=language)
    assert [(m.interval.start, m.interval.precision) for m in mentions] == [(d(expected), Precision.DAY)]


@pytest.mark.parametrize("span", ["24/7", "May 2021", "hola", "12/2021"])
def test_dateparser_adapter_rejects_incomplete_dates(span: str) -> None:
    assert dates_parser.parse_full_date(span, "en") is None
