"""An event's casualty figures across its sentences.

A figure with no kind of its own borrows its neighbour's ("a total of 262 officers" next
to "were killed"); a breakdown of a total told just before is kept as its parts, never
added ("29 dead" ... "10 soldiers and 19 gunmen"; "three of the dead were minors"); a
body ("his body was dumped") or "He died" restates the victim already counted; a figure in
a background clause after the main act ("after the killing of their leader") belongs to
that earlier event.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from timeline.extract.model import CasualtyMention, Document, Sentence
from timeline.extract.triggers import Trigger

if TYPE_CHECKING:
    from timeline.extract.events import EventDraft

BODY = re.compile(r"\b(?:body|bodies|cuerpo|cuerpos|cad[aá]ver)\b", re.IGNORECASE)


def _borrow_kind(
    fig: CasualtyMention, i: int, figures: list[list[CasualtyMention]], classes: set[str]
) -> str | None:
    for j in (i + 1, i - 1):
        if 0 <= j < len(figures):
            kinds = [f.kind for f in figures[j] if f.kind != "unknown"]
            if kinds:
                return kinds[0]
    if "kill" in classes:
        return "killed"
    if "abduction" in classes:
        return "abducted"
    return None


_BACKGROUND = re.compile(
    r",?\s(?:after|following|tras|despu[ée]s de|luego de)\s+(?:the|a|an|la|el|los|las|un|una)\b",
    re.IGNORECASE,
)


def in_main_clause(
    doc: Document, sent: Sentence, main: Trigger | None, figs: list[CasualtyMention]
) -> list[CasualtyMention]:
    """Figures told in a background clause after the main act ("laid siege to 20 states after the
    killing of their leader") count for that earlier event, not this one."""
    if main is None or main.reference or not figs:
        return figs
    background = _BACKGROUND.search(doc.text, main.end, sent.end)
    if background is None:
        return figs
    return [f for f in figs if f.start < background.start()]


def figures(
    doc: Document, i: int, figures: list[list[CasualtyMention]], triggers: list[Trigger]
) -> list[CasualtyMention]:
    out: list[CasualtyMention] = []
    classes = {t.cls for t in triggers}
    for fig in figures[i]:
        if fig.kind == "unknown":
            kind = _borrow_kind(fig, i, figures, classes)
            if kind is None:
                continue
            fig = CasualtyMention(
                fig.start,
                fig.end,
                kind,
                fig.best,
                fig.low,
                fig.high,
                fig.qualifier,
                fig.victims,
                fig.aggregate,
                fig.part_of,
            )
        out.append(fig)
    return out


OF_THE_DEAD = re.compile(
    r"\s+(?:of the|of those|de los|de las|entre los|among the)\s+(?:\w+\s+)?"
    r"(?:dead|victims|killed|deceased|wounded|injured|missing|muert[oa]s|v[íi]ctimas|fallecid[oa]s|"
    r"heridos|lesionados|desaparecid[oa]s)\b",
    re.IGNORECASE,
)


def breakdown(prev: EventDraft, figs: list[CasualtyMention], doc: Document) -> list[CasualtyMention] | None:
    """Figures that break down a total told just before ("29 dead" ... "10 soldiers and 19 gunmen
    were killed"): returned as parts of that total, never added to it; None when they are not."""
    tops = [f for f in figs if f.part_of is None]
    if not tops:
        return None
    if len(tops) == 1 and OF_THE_DEAD.match(doc.text, tops[0].end, tops[0].end + 40):
        # "three of the dead were minors": a part of the total just told.
        f = tops[0]
        totals = [(i, c) for i, c in enumerate(prev.casualties) if c.part_of is None and c.kind == f.kind]
        if (
            len(totals) == 1
            and f.best is not None
            and totals[0][1].best is not None
            and f.best <= totals[0][1].best
        ):
            return [
                CasualtyMention(
                    f.start,
                    f.end,
                    f.kind,
                    f.best,
                    f.low,
                    f.high,
                    f.qualifier,
                    f.victims,
                    f.aggregate,
                    totals[0][0],
                )
            ]
        return None
    kinds = {f.kind for f in tops}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    totals = [(i, c) for i, c in enumerate(prev.casualties) if c.part_of is None and c.kind == kind]
    if len(totals) != 1 or len(tops) < 2:
        return None
    index, total = totals[0]
    if total.best is None or sum(f.best or 0 for f in tops) != total.best:
        return None
    return [
        CasualtyMention(
            f.start, f.end, f.kind, f.best, f.low, f.high, f.qualifier, f.victims, f.aggregate, index
        )
        for f in tops
    ]


def add_figures(draft: EventDraft, figs: list[CasualtyMention], doc: Document) -> None:
    totals = draft.totals()
    for fig in figs:
        # "His body was dumped": the victim already counted in the sentence before.
        if fig.kind == "killed" and fig.best == 1 and totals.get("killed") and BODY.search(doc.quote(fig)):
            continue
        draft.casualties.append(fig)
