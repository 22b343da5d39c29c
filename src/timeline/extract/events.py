"""The events stage: from mentions to event drafts.

A sentence is an event sentence when it asserts a trigger (see ``triggers``)
or gives a casualty figure. Its date is its own (the expression nearest the
figure or trigger, leaving aside the date of a speech act: "reported Sunday").
A sentence with no date of its own continues the narrative: it joins the event
just before it when it follows directly or opens with an anaphor ("They",
"The attack"), and it starts a new event on the narrative's date when it moves
the story on ("then"). Readings of one incident within the document are merged
by the same rule that merges reports across documents (``merge.match``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from timeline.extract.event_figures import (
    BODY,
    OF_THE_DEAD,
    add_figures,
    breakdown,
    in_main_clause,
)
from timeline.extract.event_figures import figures as figures_of
from timeline.extract.merge import Facts, content_words, match, narrowest
from timeline.extract.model import (
    UNKNOWN_DATE,
    ActorMention,
    CasualtyMention,
    DateMention,
    Document,
    Interval,
    PlaceMention,
    Precision,
    Sentence,
)
from timeline.extract.reference_view import ReferenceView
from timeline.extract.roles import roles
from timeline.extract.triggers import VIOLENT, Trigger, classify, find_triggers, quoted_spans

_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|reported|told|announced|stated|added|noted|wrote|speaking|declared|"
    r"dijo|dijeron|inform[óo]|informaron|declar[óo]|señal[óo]|report[óo]|afirm[óo]|indic[óo])"
    r"(?:\s+(?:on|in|el|este|the))?\s*$",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^\W*(?:they|he|she|it|his|her|their|this|these|those|another|other|otr[oa]s?|"
    r"the (?:attack|assault|ambush|shooting|"
    r"clash|gun ?battle|shootout|killing|victims?|bodies|body|operation|raid|violence|gunmen|attackers)|"
    r"ellos|él|ella|su|sus|esto|este ataque|la agresi[óo]n|el ataque|los cuerpos|el cuerpo|"
    r"las v[íi]ctimas)\b",
    re.IGNORECASE,
)
_THEN = re.compile(  # \b before the look-behinds: most positions fail it at once
    r"\b(?<!since )(?<!until )(?<!by )"
    r"(?:then|later|afterwards|subsequently|luego|despu[ée]s|posteriormente|m[áa]s tarde)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…\"”»)]\s*$")
SUMMARY_CHARS = 180
_M = TypeVar("_M", DateMention, ActorMention, PlaceMention, CasualtyMention)


@dataclass(slots=True)
class EventDraft:
    """One event read from one document, with the evidence for each fact."""

    sentences: list[Sentence]
    date: Interval
    date_mention: DateMention | None = None
    inherited_date: bool = False
    triggers: list[Trigger] = field(default_factory=list)
    actors: dict[str, str] = field(default_factory=dict)  # key -> role, first role wins
    places: list[str] = field(default_factory=list)
    place: str | None = None
    context_place: str | None = None  # the place of the story it continues (this or the last paragraph)
    casualties: list[CasualtyMention] = field(default_factory=list)
    aggregate: bool = False
    type: str | None = None
    subtype: str | None = None
    summary: str = ""
    confidence: float = 0.5

    @property
    def classes(self) -> frozenset[str]:
        cls = {t.cls for t in self.triggers}
        kinds = {c.kind for c in self.casualties}
        if "killed" in kinds:
            cls.add("kill")
        if kinds & {"abducted", "disappeared"}:
            cls.add("abduction")
        return frozenset(cls)

    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for fig in self.casualties:
            if fig.part_of is not None:
                continue
            value = fig.best if fig.best is not None else fig.low
            if value is not None:
                totals[fig.kind] = totals.get(fig.kind, 0) + value
        return totals


def _by_sentence(doc: Document, mentions: Sequence[_M]) -> list[list[_M]]:
    """Mentions grouped by the sentence they start in."""
    starts = [s.start for s in doc.sentences]
    out: list[list[_M]] = [[] for _ in doc.sentences]
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if 0 <= i < len(out) and m.start < doc.sentences[i].end:
            out[i].append(m)
    return out


def _skip_spans(doc: Document) -> list[tuple[int, int]]:
    """Byline and "Posted ..." date spans the reader marked as metadata."""
    spans = doc.meta.extra.get("metadata_spans") or []
    return [(int(s), int(e)) for s, e in spans]  # type: ignore[attr-defined]


def _own_date(doc: Document, sent: Sentence, dates: list[DateMention], anchor: int) -> DateMention | None:
    candidates = []
    for m in dates:
        if m.role == "duration":
            continue
        if _SPEECH_BEFORE.search(doc.text[max(sent.start, m.start - 24) : m.start]):
            continue
        candidates.append(m)
    if not candidates:
        return None
    before = [m for m in candidates if m.start <= anchor]
    if before:
        return max(before, key=lambda m: m.start)
    return min(candidates, key=lambda m: m.start - anchor)


def _resolve(m: DateMention, narrative: Interval | None, doc: Document) -> Interval:
    if m.role == "anaphoric":
        if narrative is None or not narrative.resolved:
            return UNKNOWN_DATE
        text = doc.quote(m).lower()
        if text.startswith(("since", "desde")):
            published = doc.meta.published
            end = published.end if published and published.resolved else narrative.end
            return Interval(narrative.start, end, Precision.RANGE, approximate=True)
        return narrative
    return m.interval


def build_events(doc: Document, ref: ReferenceView) -> list[EventDraft]:
    """Event drafts for one document, in text order, merged within the document."""
    if not doc.sentences:
        return []
    dates = _by_sentence(doc, doc.dates)
    actors = _by_sentence(doc, doc.actors)
    places = _by_sentence(doc, doc.places)
    figures = _by_sentence(doc, doc.casualties)
    skip = _skip_spans(doc)
    # Byline and "Posted ..." dates are metadata, never event dates.
    dates = [[m for m in ms if not any(s <= m.start < e for s, e in skip)] for ms in dates]
    drafts: list[EventDraft] = []
    quotes = quoted_spans(doc.text, 0, len(doc.text))
    narrative: dict[int, Interval] = {}  # paragraph -> last resolved event date
    last_date: Interval | None = None
    last_index = -10
    for i, sent in enumerate(doc.sentences):
        if _is_headline(doc, sent):
            continue
        triggers = find_triggers(doc.text, sent.start, sent.end, quotes)
        figs = figures_of(doc, i, figures, triggers)
        if not triggers and not figs:
            continue
        main = next((t for t in triggers if t.cls in VIOLENT), triggers[0] if triggers else None)
        figs = in_main_clause(doc, sent, main, figs)
        anchor = figs[0].start if figs else (main.start if main else sent.start)
        own = _own_date(doc, sent, dates[i], anchor)
        prev = drafts[-1] if drafts else None
        same_par = prev is not None and prev.sentences[-1].paragraph == sent.paragraph
        head = doc.text[sent.start : sent.start + 40]
        continues = bool(_CONTINUATION.match(head)) or any(
            OF_THE_DEAD.match(doc.text, f.end, f.end + 40) for f in figs
        )
        moves_on = bool(_THEN.search(doc.text, sent.start, sent.end))
        opens_paragraph = prev is None or prev.sentences[-1].paragraph != sent.paragraph
        follows = prev is not None and prev.sentences[-1].paragraph == sent.paragraph - 1 and opens_paragraph
        # "Hours later", "Días después": a time told relative to the story so far.
        relative_time = own is not None and own.role == "anaphoric"
        narrative_date = narrative.get(sent.paragraph) or (
            last_date if (continues or moves_on or relative_time) and follows else None
        )
        if (
            own is None
            and prev is not None
            and not moves_on
            and (
                (same_par and i - last_index <= 2)
                or (continues and i - last_index <= 1)
                or (
                    follows
                    and i - last_index <= 1
                    and _same_story(prev, triggers, figs, actors[i], places[i], ref)
                )
            )
        ):
            parts = breakdown(prev, figs, doc)
            if parts is not None:
                figs = parts
            elif continues:
                # "He died at the scene": the victim just told, not another one.
                figs = [f for f in figs if not (f.best == 1 and prev.totals().get(f.kind))]
            if parts is not None or not (
                set(prev.totals())
                & {f.kind for f in figs if f.part_of is None and not BODY.search(doc.quote(f))}
            ):
                _join(prev, doc, sent, triggers, actors[i], places[i], figs, main)
                last_index = i
                continue
        if not figs and all(t.reference for t in triggers):
            continue  # only points back at an event told elsewhere
        if own is not None:
            date = _resolve(own, narrative_date, doc)
            inherited = own.role == "anaphoric"
        elif narrative_date is not None:
            date, inherited = narrative_date, True
        else:
            date, inherited = UNKNOWN_DATE, False
        draft = EventDraft([sent], date, own, inherited)
        if (
            prev is not None
            and (same_par or follows)
            and (inherited or own is None or _near(date, prev.date))
        ):
            # The story's place, for a moment of the same story (not a background year).
            draft.context_place = ref.most_specific(prev.places) or prev.context_place
        _join(draft, doc, sent, triggers, actors[i], places[i], figs, main)
        drafts.append(draft)
        last_index = i
        if date.resolved:
            narrative[sent.paragraph] = date
            last_date = date
    dominant = functools.cache(lambda: ref.dominant_place(doc))  # the same for every draft
    for draft in drafts:
        _finish(draft, doc, ref, dominant)
    return _merge_within(drafts, ref)


def _near(a: Interval, b: Interval, days: int = 14) -> bool:
    """Two moments of one story: both short, at most ``days`` apart (not a background year)."""
    if not (a.resolved and b.resolved):
        return False
    assert a.start and a.end and b.start and b.end
    short = (a.end - a.start).days <= 31 and (b.end - b.start).days <= 31
    return short and abs((a.start - b.start).days) <= days


def _is_headline(doc: Document, sent: Sentence) -> bool:
    """A title line: the document's first paragraph, one short sentence with no closing punctuation."""
    if sent.paragraph != doc.sentences[0].paragraph or sent.end - sent.start > 200:
        return False
    return not _TERMINAL.search(doc.text[sent.start : sent.end]) or doc.quote(sent).strip() == (
        doc.meta.title or ""
    )


def _same_story(
    prev: EventDraft,
    triggers: list[Trigger],
    figs: list[CasualtyMention],
    actors: list[ActorMention],
    places: list,
    ref: ReferenceView,
) -> bool:
    """A dateless paragraph going on about the incident just told: same kind of act, same people or place."""
    from timeline.extract.merge import _FAMILIES

    families = {_FAMILIES.get(t.cls, t.cls) for t in triggers} | ({"violence"} if figs else set())
    mine = {_FAMILIES.get(c, c) for c in prev.classes}
    if not families or not (families & mine):
        return False
    if any(t.reference for t in triggers):
        return True  # "the attack", "el ataque": points back at the incident just told
    kinds = {ref.actor_type(a.key) for a in actors} - {"other", "person"}
    shared_actor = bool({a.key for a in actors} & set(prev.actors)) or bool(
        kinds & {ref.actor_type(k) for k in prev.actors}
    )
    shared_place = bool({p.key for p in places} & set(prev.places))
    return shared_actor or shared_place


def _join(
    draft: EventDraft,
    doc: Document,
    sent: Sentence,
    triggers: list[Trigger],
    actors: list[ActorMention],
    places: list,
    figs: list[CasualtyMention],
    main: Trigger | None,
) -> None:
    if sent not in draft.sentences:
        draft.sentences.append(sent)
    draft.triggers.extend(triggers)
    for key, role in roles(doc, sent, actors, main).items():
        draft.actors.setdefault(key, role)
    draft.places.extend(p.key for p in places)
    add_figures(draft, figs, doc)


def _finish(draft: EventDraft, doc: Document, ref: ReferenceView, dominant: Callable[[], str | None]) -> None:
    draft.place = ref.most_specific(draft.places) or draft.context_place or dominant()
    victims = {c.victims for c in draft.casualties}
    if "target" not in draft.actors.values():
        # ACLED's actor2: the victims' group when no target is named ("killing nine people").
        for group in ("civilians", "journalists", "officials", "police"):
            if group in victims and ref.actor_generic(group):
                draft.actors.setdefault(group, "target")
                break
    types = {ref.actor_type(k) for k in draft.actors}
    draft.type, draft.subtype = classify(set(draft.classes), victims, types)
    # A statistic over a period, not an incident; an event dated to a day or a week is an incident
    # even when its sentence also says "the fifth this year".
    draft.aggregate = draft.date.precision not in (Precision.DAY, Precision.WEEK) and (
        any(c.aggregate for c in draft.casualties)
        or (bool(draft.casualties) and draft.date.precision in (Precision.RANGE, Precision.DECADE))
    )
    first = draft.sentences[0]
    begin = max([first.start] + [e for s, e in _skip_spans(doc) if s <= first.start < e])
    text = " ".join(doc.text[begin : first.end].split())
    draft.summary = text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
    score = 0.4
    score += 0.15 if draft.date.resolved else 0
    score += 0.1 if draft.place else 0
    score += 0.1 if any(not ref.actor_generic(k) for k in draft.actors) else 0
    score += 0.1 if draft.casualties else 0
    score += 0.05 if draft.date_mention is not None and not draft.inherited_date else 0
    draft.confidence = round(min(score, 0.95), 2)


def facts(draft: EventDraft, ref: ReferenceView, doc: Document | None = None) -> Facts:
    """The merge-relevant facts of a draft; with ``doc``, the words of its quotes too.

    Word overlap is left out within one document (one author, one vocabulary).
    """
    words: frozenset[str] = frozenset()
    if doc is not None:
        for s in draft.sentences:
            words |= content_words(doc.text[s.start : s.end])
    return Facts(
        date=draft.date,
        place=draft.place,
        place_line=ref.place_line(draft.place),
        perpetrators=frozenset(
            k for k, r in draft.actors.items() if r == "perpetrator" and not ref.actor_generic(k)
        ),
        actors=frozenset(k for k in draft.actors if not ref.actor_generic(k)),
        classes=draft.classes,
        figures=draft.totals(),
        aggregate=draft.aggregate if draft.casualties else None,
        words=words,
    )


def _absorb(into: EventDraft, other: EventDraft) -> None:
    into.sentences = sorted(set(into.sentences) | set(other.sentences), key=lambda s: s.start)
    into.triggers.extend(other.triggers)
    for key, role in other.actors.items():
        into.actors.setdefault(key, role)
    into.places.extend(other.places)
    known = {(c.kind, c.best) for c in into.casualties if c.part_of is None}
    moved: dict[int, int] = {}
    for i, c in enumerate(other.casualties):
        if c.part_of is None and (c.kind, c.best) in known:
            continue
        if c.part_of is not None:
            if c.part_of not in moved:
                continue  # its total was already there: the parts stay with that reading
            c = CasualtyMention(
                c.start,
                c.end,
                c.kind,
                c.best,
                c.low,
                c.high,
                c.qualifier,
                c.victims,
                c.aggregate,
                moved[c.part_of],
            )
        moved[i] = len(into.casualties)
        into.casualties.append(c)
    best = narrowest([into.date, other.date])
    if best is not None and best is other.date:
        into.date, into.date_mention, into.inherited_date = (
            other.date,
            other.date_mention,
            other.inherited_date,
        )
    into.confidence = max(into.confidence, other.confidence)
    into.aggregate = into.aggregate or other.aggregate


def _same_incident(a: Facts, b: Facts) -> float | None:
    """Within one document (a lede and its detailed retelling): the score when nothing rules
    the pair out and something ties them: a named perpetrator in common, the same figures,
    or a merge score that says so on its own; else None."""
    result = match(a, b, same_document=True)
    if result is None:
        return None
    ties = bool(a.perpetrators & b.perpetrators) or (bool(a.figures) and a.figures == b.figures)
    return result[0] if ties or result[0] >= 0.5 else None


def _merge_within(drafts: list[EventDraft], ref: ReferenceView) -> list[EventDraft]:
    kept: list[EventDraft] = []
    doc_facts: list[Facts] = []
    for draft in drafts:
        mine = facts(draft, ref)
        best: tuple[float, int] | None = None
        for j, other in enumerate(doc_facts):
            score = _same_incident(other, mine)
            if score is not None and (best is None or score > best[0]):
                best = (score, j)
        if best is None:
            kept.append(draft)
            doc_facts.append(mine)
            continue
        target = kept[best[1]]
        _absorb(target, draft)
        doc_facts[best[1]] = facts(target, ref)
    return kept
