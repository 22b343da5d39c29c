"""The READ stage: metadata precedence, front matter, date lines, HTML, encodings, stdin."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.extract.model import Document, Interval, Precision
from timeline.extract.reader import extract_html, iter_documents, parse_published, read_text_bytes
from timeline.extract.reader_clean import clean_text, is_furniture
from timeline.extract.reader_meta import detect_language, find_date_lines

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reader"
SEEDS = ROOT / "seeds" / "corpus"
if not (SEEDS / "manifest.json").exists():
    SEEDS = Path("/work/shared/seeds")


def read_all(*paths: str | Path, **kwargs: object) -> list[Document]:
    items = list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
    assert [i.failure for i in items if i.failure] == []
    return [i.document for i in items if i.document]


def read_one(path: Path, **kwargs: object) -> Document:
    (doc,) = read_all(path, **kwargs)
    return doc


def day(y: int, m: int, d: int) -> Interval:
    return Interval(dt.date(y, m, d), dt.date(y, m, d), Precision.DAY)


# --- parse_published -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2026-03-12", dt.date(2026, 3, 12), dt.date(2026, 3, 12), Precision.DAY),
        ("2021-05", dt.date(2021, 5, 1), dt.date(2021, 5, 31), Precision.MONTH),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), Precision.MONTH),
        ("2015", dt.date(2015, 1, 1), dt.date(2015, 12, 31), Precision.YEAR),
    ],
)
def test_parse_published(value: str, start: dt.date, end: dt.date, precision: Precision) -> None:
    assert parse_published(value) == Interval(start, end, precision)


@pytest.mark.parametrize("value", ["2015-13-45", "2021-02-30", "12/03/2026", "yesterday", "", "2021-00"])
def test_parse_published_rejects(value: str) -> None:
    with pytest.raises(InputError, match="YYYY|real date"):
        parse_published(value)


# --- seeds -----------------------------------------------------------------------------------


def test_seed_corpus_reads_with_manifest_metadata() -> None:
    docs = read_all(SEEDS)
    manifest = {e["file"]: e for e in json.loads((SEEDS / "manifest.json").read_text())}
    assert [d.meta.name for d in docs] == sorted(manifest)
    for doc in docs:
        entry = manifest[doc.meta.name]
        assert doc.meta.title == entry["title"]
        assert doc.meta.publisher == entry["publisher"]
        assert doc.meta.published == parse_published(entry["published"])
        assert doc.meta.language == "en"
        assert doc.meta.extra["note"] == entry["note"]
        lines = {line.strip() for line in doc.text.split("\n")}
        for furniture in (
            "Save ArticleSave Article",
            "Sponsored",
            "Comments",
            "Latest Articles",
            "upper waypoint",
            "lower waypoint",
            "next waypoint",
            "Please try again",
        ):
            assert furniture not in lines
        assert "(Alan Ortega/KQED)" not in doc.text
        assert "Photo: " not in doc.text
        assert "Listen to Montgomery" not in doc.text
        assert "\r" not in doc.text and "\n\n\n" not in doc.text


def test_seed_byline_and_signature_dropped() -> None:
    docs = {d.meta.name[:3]: d for d in read_all(SEEDS)}
    assert "By Michael Montgomery" not in docs["000"].text
    assert docs["000"].text.startswith("Mexican Militias Fight Against Drug Cartels")
    assert not docs["002"].text.rstrip().endswith("Jon Dougherty")
    # the leading "date ..." is metadata: kept in the text, its span reported
    text = docs["003"].text
    spans = docs["003"].meta.extra["metadata_spans"]
    assert isinstance(spans, list)
    span = spans[0]
    assert text[span[0] : span[1]] == "date 2026-03-12"


# --- manifest precedence and front matter ----------------------------------------------------


def test_manifest_beats_front_matter_beats_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Front title\ndate: 2020-01-02\nlang: es\nauthor: Front Author\n---\n"
        "Published March 3, 2019\n\nText title\n\nGunmen killed two men on Friday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("Published March 3, 2019\n\nGunmen killed two men.\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        json.dumps([{"file": "a.md", "title": "Manifest title", "published": "2021-05", "note": "kept"}]),
        encoding="utf-8",
    )
    a, b = read_all(tmp_path)
    assert a.meta.title == "Manifest title"
    assert a.meta.published == parse_published("2021-05")
    assert a.meta.language == "es"  # not in the manifest: front matter
    assert a.meta.authors == ["Front Author"]
    assert a.meta.extra["note"] == "kept"
    assert a.text.startswith("Published March 3, 2019")  # front matter removed from the text
    assert b.meta.published == day(2019, 3, 3)  # no manifest entry: the text's date line


def test_front_matter_fixture() -> None:
    doc = read_one(FIXTURES / "front" / "article.md")
    assert doc.meta.title == "Hallan fosa clandestina en Jalisco"
    assert doc.meta.published == day(2023, 1, 5)
    assert doc.meta.publisher == "Diario Ejemplo"
    assert doc.meta.authors == ["Ana Pérez", "Luis Gómez"]
    assert doc.meta.language == "es"
    assert doc.meta.extra["section"] == "seguridad"
    assert "Te puede interesar" not in doc.text
    assert doc.text.startswith("# Hallan fosa")


def test_published_and_language_arguments_override(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Published March 3, 2019\n\nThe army said the attack was over.\n", encoding="utf-8")
    doc = read_one(path, published="2020-07", language="es")
    assert doc.meta.published == parse_published("2020-07")
    assert doc.meta.language == "es"


def test_published_argument_needs_exactly_one_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Two.", encoding="utf-8")
    with pytest.raises(InputError, match="exactly one file"):
        iter_documents([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], published="2020")
    with pytest.raises(InputError, match="exactly one file"):
        iter_documents([str(tmp_path)], published="2020")
    with pytest.raises(InputError, match="not a real date"):
        iter_documents([str(tmp_path / "a.txt")], published="2015-13-45")
    with pytest.raises(InputError, match="language"):
        iter_documents([str(tmp_path / "a.txt")], language="fr")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The army said that gunmen killed five people in the state of Guerrero on Monday.", "en"),
        ("El ejército informó que hombres armados mataron a cinco personas en el estado de Guerrero.", "es"),
        ("Los cuerpos fueron hallados por la policía municipal, según la Fiscalía.", "es"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_title_from_first_line_only_when_it_looks_like_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Cartel violence in Sinaloa\n\nTen people died.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ten people died in Sinaloa on Monday.\n\nMore text.", encoding="utf-8")
    a, b = read_all(tmp_path)
    assert a.meta.title == "Cartel violence in Sinaloa"
    assert b.meta.title is None


def test_folders_are_walked_sorted_and_recursively(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zeta.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Alpha.", encoding="utf-8")
    (tmp_path / "c.markdown").write_text("Gamma.", encoding="utf-8")
    for ignored in ("data.json", "table.csv", "image.png", ".hidden.txt"):
        (tmp_path / ignored).write_text("[1, 2]", encoding="utf-8")
    assert [d.meta.name for d in read_all(tmp_path)] == ["a.txt", "b/z.txt", "c.markdown"]


# --- leading date lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "span_text"),
    [
        (" date 2026-03-12 It’s been two weeks since the siege.", day(2026, 3, 12), "date 2026-03-12"),
        ("Title\n\nMarch 12, 2026\n\nGunmen attacked a bar.", day(2026, 3, 12), "March 12, 2026"),
        ("12 de marzo de 2026\n\nHombres armados atacaron un bar.", day(2026, 3, 12), "12 de marzo de 2026"),
        ("2026-03-12\nGunmen attacked a bar.", day(2026, 3, 12), "2026-03-12"),
        (
            "Published March 12, 2026 at 10:30 a.m. ET\n\nText.",
            day(2026, 3, 12),
            "Published March 12, 2026 at 10:30 a.m. ET",
        ),
        ("Posted on Thursday, May 27, 2021\nText.", day(2021, 5, 27), "Posted on Thursday, May 27, 2021"),
        (
            "Publicado el 5 de enero de 2023 a las 10:30 hrs\nTexto.",
            day(2023, 1, 5),
            "Publicado el 5 de enero de 2023 a las 10:30 hrs",
        ),
        ("Updated: June 1, 2021\nPublished: May 31, 2021\nText.", day(2021, 5, 31), "Updated: June 1, 2021"),
        (
            "CULIACÁN, Sin., 5 de enero de 2023.- Un grupo armado atacó a policías.",
            day(2023, 1, 5),
            "5 de enero de 2023",
        ),
        ("Title\n\nMay 2014\n\nText.", parse_published("2014-05"), "May 2014"),
    ],
)
def test_leading_date_lines(text: str, published: Interval, span_text: str) -> None:
    found, spans = find_date_lines(text)
    assert found == published
    assert text[spans[0][0] : spans[0][1]] == span_text


@pytest.mark.parametrize(
    "text",
    [
        "On March 12, 2026, gunmen killed five people in Zacatecas.",
        "MEXICO CITY (AP) — Gunmen killed five people on Thursday.",
        "2015 was the deadliest year on record.",
        "El 12 de marzo de 2026 hombres armados mataron a cinco personas.",
        "Title\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\nEight.\n\nMarch 12, 2026",
    ],
)
def test_not_date_lines(text: str) -> None:
    assert find_date_lines(text) == (None, [])


# --- furniture -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Save ArticleSave Article", "Failed to save article", "Please try again", "Sponsored", "Comments",
        "Latest Articles", "upper waypoint", "next waypoint", "Listen to Montgomery's full story:",
        "Share this:", "Advertisement", "Photo: Alan Ortega/KQED", "Read more", "Subscribe",
        "Publicidad", "Comparte", "Te puede interesar: Detienen a tres en Zapopan", "Lee también",
        "Soldiers guard the scene in Culiacán. (AP Photo/Marco Ugarte)",
        "The leader walks in the square. (Alan Ortega/KQED)",
        "Foto: Cuartoscuro", "© 2023 Example News. All rights reserved.",
    ],
)  # fmt: skip
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Comments from the governor angered the families of the victims.",
        "Share prices of the company fell after the attack.",
        "Sponsored by the state, the program pays police to move house.",
        "Read more than 200 pages of the report, the prosecutor said.",
        "CJNG gunmen hijacking a Pemex fuel tanker on a Mexican highway",
        "Mexican Militias Fight Against Drug Cartels With Help from U.S. Friends",
        "La publicidad del cártel apareció en mantas colgadas en puentes.",
        "The photo showed the bodies of five men (all of them police officers).",
    ],
)
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("By Michael Montgomery and Ana Arana\n\nBody.", ["Michael Montgomery", "Ana Arana"]),
        ("Por Juan Pérez y María López\n\nCuerpo.", ["Juan Pérez", "María López"]),
        ("By Maria Verza | Associated Press\n\nBody.", ["Maria Verza"]),
        ("By Thursday, the army had left the town.\n\nBody.", []),
    ],
)
def test_bylines(text: str, authors: list[str]) -> None:
    cleaned, found = clean_text(text)
    assert found == authors
    assert ("By " in cleaned or "Por " in cleaned) == (not authors)


def test_duplicate_caption_and_blank_runs() -> None:
    caption = "Soldiers stand guard outside the town hall of Apatzingán after the clash on Sunday night"
    cleaned, _ = clean_text(f"Title\n\n\n\n{caption}\n{caption}\n  \n\nBody text.\n\n\n")
    assert cleaned == "Title\n\nBody text."


# --- HTML ------------------------------------------------------------------------------------


def test_html_fixture_main_text_only() -> None:
    doc = read_one(FIXTURES / "page.html")
    text = doc.text
    assert "Gunmen killed five people at a bar in the city of Fresnillo" in text
    assert "The state has been one of the most violent" in text
    for furniture in (
        "Home",
        "Share this",
        "Facebook",
        "Advertisement",
        "Sponsored",
        "mattress",
        "Comments",
        "government must act now",
        "Latest Articles",
        "Storm hits",
        "Copyright",
        "Privacy",
        "Juan Perez/Example News",
        "By Maria Lopez",
    ):
        assert furniture not in text, furniture
    assert "\n\n" in text  # paragraphs separated by blank lines
    assert doc.meta.title == "Gunmen kill five in Zacatecas"
    assert doc.meta.authors == ["Maria Lopez"]
    assert doc.meta.publisher == "Example News"
    assert doc.meta.published == day(2023, 1, 6)


def test_extract_html_falls_back_when_no_article() -> None:
    text = extract_html("<html><body><p>Uno.</p><p>Dos.</p></body></html>")
    assert text == "Uno.\n\nDos."


# --- encodings -------------------------------------------------------------------------------


SPANISH = "El señor Pérez dijo “vamos” en Culiacán — año 2023."


@pytest.mark.parametrize(
    "data",
    [
        SPANISH.encode("utf-8"),
        b"\xef\xbb\xbf" + SPANISH.encode("utf-8"),
        SPANISH.encode("utf-16"),  # with BOM
        SPANISH.encode("utf-16-be").join([b"\xfe\xff", b""]),
        SPANISH.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252"],
)
def test_encodings(data: bytes) -> None:
    assert read_text_bytes(data) == SPANISH


def test_latin1_accents() -> None:
    assert read_text_bytes("Acción en Michoacán: niños y señoras.".encode("latin-1")) == (
        "Acción en Michoacán: niños y señoras."
    )


def test_cp1252_file_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("Título\r\n\r\n“Nos vamos”, dijo el señor Núñez.\r\n".encode("cp1252"))
    doc = read_one(path)
    assert doc.text == "Título\n\n“Nos vamos”, dijo el señor Núñez."


# --- stdin -----------------------------------------------------------------------------------


def test_stdin_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "Balacera en Reynosa\n\nHombres armados atacaron a la policía estatal.".encode("cp1252")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = read_one(Path("-"), published="2022-03-04")
    assert doc.meta.name.startswith("stdin-") and len(doc.meta.name) == len("stdin-") + 12
    assert doc.meta.title == "Balacera en Reynosa"
    assert doc.meta.language == "es"
    assert doc.meta.published == day(2022, 3, 4)


def test_stdin_text_html(monkeypatch: pytest.MonkeyPatch) -> None:
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(html))
    doc = read_one(Path("-"))
    assert doc.text.startswith("Gunmen kill five in Zacatecas")
    assert "Sponsored" not in doc.text


def test_copy_of_fixture_folder_reads_front_matter(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "front", tmp_path / "front")
    (doc,) = read_all(tmp_path)
    assert doc.meta.name == "front/article.md"
