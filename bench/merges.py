"""How well cross-source merging did on the generated corpus, against the generator's truth.

    .venv/bin/python bench/merges.py --articles 10000 --db sqlite:////tmp/bench.db --json

Run after ``bench/ingest.py`` (same ``--articles`` and ``--seed``) on the database it
filled. ``bench/corpus.py`` knows which real event each article leads with
(``event_of_article``: about a third of the articles re-report a recent article's event,
from another outlet, in either language, on another day). Each article's lead reading is
the stored event quoted earliest in its text. Over all pairs of articles:

- ``pair_precision``: of the pairs whose leads were stored as one event, the share that
  report one real event (merging what should stay apart lowers it);
- ``pair_recall``: of the pairs that report one real event, the share stored as one event
  (missed merges lower it);
- ``events_per_true_event``: stored lead events per real event (1.0 is perfect).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import event_of_article  # noqa: E402

from timeline.db import make_engine  # noqa: E402

_INDEX = re.compile(r"(\d+)\.txt$")


def pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def lead_events(url: str) -> dict[int, int]:
    """Article index -> the stored event quoted earliest in it."""
    engine = make_engine(url)
    leads: dict[int, tuple[int, int]] = {}
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s.file_name, es.quote_start, es.event_id FROM event_sources es "
            "JOIN sources s ON s.id = es.source_id"
        )
        for file_name, start, event_id in rows:
            found = _INDEX.search(file_name)
            if found is None:
                continue
            index = int(found.group(1))
            if index not in leads or (start, event_id) < leads[index]:
                leads[index] = (start, event_id)
    engine.dispose()
    return {index: event_id for index, (_start, event_id) in leads.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="Print JSON (the only output format).")
    args = parser.parse_args()

    leads = lead_events(args.db)
    truth = {index: event_of_article(args.seed, index) for index in leads if index < args.articles}
    stored = {index: leads[index] for index in truth}
    both = Counter((truth[i], stored[i]) for i in truth)
    true_pairs, stored_pairs = pairs(Counter(truth.values())), pairs(Counter(stored.values()))
    agreed = pairs(both)
    precision = agreed / stored_pairs if stored_pairs else 1.0
    recall = agreed / true_pairs if true_pairs else 1.0
    result = {
        "articles": len(truth),
        "true_events": len(set(truth.values())),
        "stored_lead_events": len(set(stored.values())),
        "true_pairs": true_pairs,
        "stored_pairs": stored_pairs,
        "pair_precision": round(precision, 4),
        "pair_recall": round(recall, 4),
        "pair_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "events_per_true_event": round(len(set(both)) / len(set(truth.values())), 4),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
