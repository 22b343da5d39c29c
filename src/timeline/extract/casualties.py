"""Casualty figures of one sentence: how many were killed, injured, abducted or disappeared.

A figure is a number (``numbers.find_numbers``) with the people it counts
("nine Mexican soldiers") and the casualty word that governs it: a verb or
noun right before it ("killing nine", "asesinaron a cinco", "the killing of
the 43", "death toll rose to 12", "claimed 34,000 victims") or a verb or
adjective right after its noun phrase ("262 officers were killed", "12
dead", "otras cinco resultaron heridas").  Coordinated casualty words give one
figure per kind ("the disappearance and killing of the 43 students").  With
no number, a verb still counts one victim when grammar names one person, and
a body counts one killed person (see ``casualties_singular``).

Readings follow ``numbers`` (UCDP best/low/high; "nearly 30" is best 30,
high 29).  Not figures: numbers that are money, calibres, dates, ages, units,
counts of things ("two helicopters"), rates ("an average of 75 a year"),
threats and hypotheticals ("we will kill two"), negations ("no one was
killed") and comparisons.  A breakdown keeps its total ("12 people, including
five police officers": the five has ``part_of`` the 12's index); a number
repeated for one kind counts once.  ``aggregate`` marks a sentence that reads
as a statistic ("a total of", "so far this year", "since 2018",
"homicidios").  An explicit total with no casualty word ("a total of 262
police officers") gives kind ``unknown`` for the events stage to fill from
the neighbouring sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline.extract import casualties_lexicon as lx
from timeline.extract.casualties_phrases import NounPhrase, Sentence, Trig, scan_np
from timeline.extract.casualties_singular import Single, body_figures, singular_figures
from timeline.extract.model import CasualtyMention
from timeline.extract.numbers import NumberReading, find_numbers

_GOVERN_AFTER = frozenset({"verb", "intrans", "gerund", "noun_of", "claim", "base"})
_LIVES = frozenset({"lives", "victims", "vidas", "victimas"})
_ONE = NumberReading(1, 1, 1, "exact")
# start, end, kind, reading, victims, aggregate, figure index (None: one victim), total's figure index
_Row = tuple[int, int, str, NumberReading, str, bool, int | None, int | None]
_CUE_WORDS = ("body", "cuerpo", "cadaver", "total", "suma", "in all")  # bodies and totals need no trigger


@dataclass(slots=True)
class _Figure:
    """A number read as a casualty figure (local offsets)."""

    start: int
    num_end: int
    reading: NumberReading
    np: NounPhrase
    kinds: list[str] = field(default_factory=list)
    via: str = ""  # "before" | "after": where its governing word stands
    blocked: bool = False
    part_of: int | None = None
    group: str = "unknown"
    elliptical: bool = False

    @property
    def end(self) -> int:
        return max(self.num_end, self.np.end)


def find_casualties(
    text: str, start: int = 0, end: int | None = None, *, language: str = "en"
) -> list[CasualtyMention]:
    """The casualty figures in the sentence ``text[start:end]``, offsets absolute."""
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    s = Sentence.read(text, start, end, language if language in ("en", "es") else "en")
    if not s.trigs and not any(w in s.seg for w in _CUE_WORDS):
        return []
    used: dict[int, int] = {}  # casualty word → where the first figure it governs starts
    figures = _number_figures(s, text, used)
    _link(s, figures)
    singles = singular_figures(s, used)
    killed = [f.np.gender for f in figures if "killed" in f.kinds and not f.blocked]
    killed += [x.gender for x in singles if x.kind == "killed"]
    singles += body_figures(s, killed)
    return _mentions(s, figures, singles)


def _number_figures(s: Sentence, text: str, used: dict[int, int]) -> list[_Figure]:
    out = []
    for a, b, reading in find_numbers(text, s.offset, s.offset + len(s.seg), s.language, folded=s.seg):
        a, b = a - s.offset, b - s.offset
        if reading.best == 0 or (reading.best is None and not reading.low) or _is_noise(s, a, b):
            continue
        np = scan_np(s, b)
        if np.reject or (lx.YEAR.match(s.seg[a:b].split()[-1]) and not np.noun):
            continue
        if lx.RATE_BEFORE.search(s.seg[max(0, a - 25) : a]) or lx.RATE_AFTER.search(
            s.seg[b : s.clause_end(b, comma=True)]
        ):
            continue
        fig = _Figure(a, b, reading, np, group=np.group)
        _govern(s, fig, used)
        out.append(fig)
    return out


def _is_noise(s: Sentence, a: int, b: int) -> bool:
    """Money, dates, calibres, ages, times, labels: numbers that never count people."""
    before, after = s.seg[max(0, a - 20) : a], s.seg[b : b + 25]
    if lx.NOISE_BEFORE.search(before) or lx.NOISE_AFTER.match(after):
        return True
    raw_before = s.text[max(0, a - 40) : a]
    return bool(lx.AGE_APPOSITION_BEFORE.search(raw_before) and lx.AGE_APPOSITION_AFTER.match(after))


def _govern(s: Sentence, fig: _Figure, used: dict[int, int]) -> None:
    """Find the casualty word governing ``fig`` and give it its kinds (or block it)."""
    options: list[tuple[int, int, str]] = []
    prior = [i for i, t in enumerate(s.trigs) if t.end <= fig.start]
    if prior and _before_ok(s, s.trigs[prior[-1]], fig):
        options.append((fig.start - s.trigs[prior[-1]].end, prior[-1], "before"))
    later = [i for i, t in enumerate(s.trigs) if t.start >= fig.np.end]
    if later and _after_ok(s, s.trigs[later[0]], fig):
        options.append((s.trigs[later[0]].start - fig.np.end, later[0], "after"))
    if not options:
        return
    _, i, via = min(options, key=lambda o: (o[0], o[2] != "before"))
    t = s.trigs[i]
    chain = _coordinated(s, i, via)
    for j in chain:
        used[j] = min(used.get(j, fig.start), fig.start)
    if t.kind.form == "base" or s.hypothetical(t):
        fig.blocked = True
        return
    fig.via = via
    fig.kinds = list(dict.fromkeys(s.trigs[j].kind.kind for j in chain if s.trigs[j].kind.form != "base"))
    gap = s.seg[fig.np.end : t.start]
    if via == "after" and (gap.isspace() or lx.OF_GAP.fullmatch(gap)) and t.kind.form in ("noun", "verb"):
        fig.np.end = t.end  # "12 muertos", "34,000 homicides": the noun is part of the figure


def _before_ok(s: Sentence, t: Trig, fig: _Figure) -> bool:
    gap = s.seg[t.end : fig.start]
    form = t.kind.form
    if form == "toll" or (form == "noun" and gap.strip()):
        return bool(lx.TOLL_GAP.fullmatch(gap))
    if form not in _GOVERN_AFTER or not lx.BEFORE_GAP.fullmatch(gap):
        return False
    if form == "claim":
        return fig.np.head in _LIVES
    return not t.kind.strict or fig.np.noun


def _after_ok(s: Sentence, t: Trig, fig: _Figure) -> bool:
    gap = s.seg[fig.np.end : t.start]
    form = t.kind.form
    if form == "noun" or (form == "verb" and not fig.np.noun and lx.OF_GAP.fullmatch(gap)):
        return gap.isspace() or not gap or bool(lx.OF_GAP.fullmatch(gap))
    if form not in ("verb", "intrans") or not lx.AFTER_GAP.fullmatch(gap):
        return False
    return not t.kind.strict or fig.np.noun


def _coordinated(s: Sentence, i: int, via: str) -> list[int]:
    """The casualty word at i with those coordinated to it ("kidnapped and killed")."""
    chain, step = [i], -1 if via == "before" else 1
    j = i
    while 0 <= j + step < len(s.trigs):
        a, b = sorted((s.trigs[j], s.trigs[j + step]), key=lambda t: t.start)
        if b.kind.form in ("base", "toll", "claim") or a.kind.form in ("base", "toll", "claim"):
            break
        if not lx.COORD_TRIGGERS.fullmatch(s.seg[a.end : b.start]):
            break
        j += step
        chain.append(j)
    return chain


def _link(s: Sentence, figs: list[_Figure]) -> None:
    """Totals and their parts, shared verbs, elided nouns and explicit totals with no verb."""
    live = [f for f in figs if not f.blocked]
    last: _Figure | None = None
    for f in live:
        if last is not None:
            gap = s.seg[last.end : f.start]
            total = figs.index(last) if last.part_of is None else last.part_of
            hard = any(c in gap for c in ";.") or len(gap) > 80
            if not hard and (f.np.of_them or lx.BREAKDOWN.search(gap)) and _fits(f, figs[total]):
                f.part_of = total
            elif not hard and last.part_of is not None and lx.COORD_FIGURES.fullmatch(gap):
                f.part_of = last.part_of
            other = lx.OTHER_BEFORE.search(s.seg[max(0, f.start - 12) : f.start])
            if not f.np.noun and f.group == "unknown" and (other or lx.MORE_AFTER.match(s.seg[f.num_end :])):
                f.group = last.group
        last = f
    pairs = [  # two figures joined by "and" or a comma, the second not a part of the first
        (a, b)
        for a, b in zip(live, live[1:], strict=False)
        if b.part_of != figs.index(a) and lx.COORD_FIGURES.fullmatch(s.seg[a.end : b.start])
    ]
    for a, b in pairs:  # "killed five police and seven civilians"
        if not b.kinds and a.via == "before":
            b.kinds, b.via = list(a.kinds), "before"
    for a, b in reversed(pairs):  # "five police and seven civilians were killed"
        if not a.kinds and b.via == "after" and a.part_of == b.part_of:
            a.kinds, a.via = list(b.kinds), "after"
    for f in live:
        if not f.kinds and f.part_of is not None:
            f.kinds = list(figs[f.part_of].kinds)
        if not f.kinds and f.np.noun and lx.TOTAL_BEFORE.search(s.seg[max(0, f.start - 20) : f.start]):
            f.kinds, f.elliptical = ["unknown"], True


def _fits(part: _Figure, total: _Figure) -> bool:
    p = part.reading.best if part.reading.best is not None else part.reading.low
    t = total.reading.best if total.reading.best is not None else total.reading.low
    return not total.blocked and (p is None or t is None or p <= t)


def _mentions(s: Sentence, figs: list[_Figure], singles: list[Single]) -> list[CasualtyMention]:
    """Build the mentions in text order, one per kind, dropping repeats and resolving ``part_of``."""
    rows: list[_Row] = []
    for i, f in enumerate(figs):
        if f.blocked or not f.kinds or (f.part_of is not None and figs[f.part_of].blocked):
            continue
        for kind in f.kinds:
            rows.append((f.start, f.end, kind, f.reading, f.group, f.elliptical, i, f.part_of))
    for x in singles:
        rows.append((x.start, x.end, x.kind, _ONE, x.group, False, None, None))
    if not rows:
        return []
    if lx.AGGREGATE_CUE.search(s.seg):  # the sentence reads as a statistic: every figure is one
        rows = [(*r[:5], True, *r[6:]) for r in rows]
    rows.sort(key=lambda r: (r[0], r[1]))
    kept: list[_Row] = []
    alias: dict[int, int] = {}
    for row in rows:
        twin = next((k for k in kept if _same(k, row)), None)
        if twin is not None:
            if row[6] is not None and twin[6] is not None:
                alias[row[6]] = twin[6]
            continue
        kept.append(row)
    out: list[CasualtyMention] = []
    for start, end, kind, r, group, agg, _, part in kept:
        part_of = _index_of(kept, alias.get(part, part), kind) if part is not None else None
        a, b = s.offset + start, s.offset + end
        out.append(CasualtyMention(a, b, kind, r.best, r.low, r.high, r.qualifier, group, agg, part_of))
    return out


def _same(a: _Row, b: _Row) -> bool:
    """The same kind and reading for compatible victims: a restatement, counted once.

    One-victim figures (no number) are distinct people unless read from the same words.
    """
    if a[6] is None or b[6] is None:
        return a[:3] == b[:3]
    if a[2] != b[2] or a[3] != b[3] or (a[7] is None) != (b[7] is None):
        return False
    return a[4] == b[4] or "unknown" in (a[4], b[4])


def _index_of(rows: list[_Row], fig: int | None, kind: str) -> int | None:
    matches = [i for i, r in enumerate(rows) if r[6] == fig]
    same_kind = [i for i in matches if rows[i][2] == kind]
    found = same_kind or matches
    return found[0] if found else None
