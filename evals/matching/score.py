"""Score a matcher against the hand-judged gold of career moves.

    python -m evals.matching.score [--gold FILE] [--json] [--no-embed] [--matcher moves|old]

A pair is (target item, current item that covers it). Precision and recall are over the pairs
presented as covered (same or partial) against the gold's same and partial pairs; `same precision`
is the share of items presented as `same` that the gold also judges `same`; `item` precision and
recall ask only whether a target item is presented as covered at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

GOLD_PATH = Path(__file__).with_name("gold.jsonl")
OLD_THRESHOLD = 0.35  # the old gap view's RELATED_THRESHOLD


@dataclass(frozen=True)
class GoldItem:
    target: str  # the item key: a canonical code, or code#local for a TW unit's items
    strength: str
    covered_by: tuple[str, ...]


@dataclass(frozen=True)
class GoldMove:
    id: str
    from_: str
    to: str
    items: tuple[GoldItem, ...]
    set: str = "original"  # "added", "new2": moves judged later, to check that the matcher generalises


@dataclass(frozen=True)
class Predicted:
    target: str
    strength: str
    covered_by: tuple[str, ...]


def load_gold(path: Path | str = GOLD_PATH) -> tuple[GoldMove, ...]:
    moves = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            items = tuple(GoldItem(i["target"], i["strength"], tuple(c["key"] for c in i["covered_by"]))
                          for i in raw["items"])
            moves.append(GoldMove(raw["id"], raw["from"], raw["to"], items, raw.get("set", "original")))
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise ValueError(f"{path}:{number}: not a gold move ({error})") from error
        for item in items:
            if item.strength not in ("same", "partial", "none"):
                raise ValueError(f"{path}:{number}: {item.target} has strength {item.strength!r}")
            if (item.strength == "none") != (not item.covered_by):
                raise ValueError(f"{path}:{number}: {item.target}: covered items are listed exactly when covered")
    return tuple(moves)


def _ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 3) if total else None


def score_move(gold: GoldMove, predicted: list[Predicted]) -> dict:
    judged = {i.target: i for i in gold.items}
    unknown = [p.target for p in predicted if p.target not in judged]
    if unknown:
        raise ValueError(f"{gold.id}: the matcher returned items the gold does not judge: {unknown[:5]}")
    gold_pairs = {(i.target, c) for i in gold.items for c in i.covered_by}
    pairs = {(p.target, c) for p in predicted if p.strength != "none" for c in p.covered_by}
    covered = {p.target for p in predicted if p.strength != "none"}
    gold_covered = {i.target for i in gold.items if i.strength != "none"}
    same = [p for p in predicted if p.strength == "same"]
    return {
        "id": gold.id, "from": gold.from_, "to": gold.to, "items": len(gold.items),
        "gold_pairs": len(gold_pairs), "pairs": len(pairs), "correct_pairs": len(pairs & gold_pairs),
        "precision": _ratio(len(pairs & gold_pairs), len(pairs)),
        "recall": _ratio(len(pairs & gold_pairs), len(gold_pairs)),
        "same": len(same), "same_correct": sum(judged[p.target].strength == "same" for p in same),
        "same_precision": _ratio(sum(judged[p.target].strength == "same" for p in same), len(same)),
        "items_shown": len(covered), "items_gold": len(gold_covered), "items_correct": len(covered & gold_covered),
        "item_precision": _ratio(len(covered & gold_covered), len(covered)),
        "item_recall": _ratio(len(covered & gold_covered), len(gold_covered)),
        "wrong": sorted(pairs - gold_pairs), "missed": sorted(gold_pairs - pairs),
    }


def overall(rows: list[dict], name: str = "overall") -> dict:
    keys = ("items", "gold_pairs", "pairs", "correct_pairs", "same", "same_correct", "items_shown", "items_gold",
            "items_correct")
    total = {k: sum(r[k] for r in rows) for k in keys}
    return dict(total, id=name, precision=_ratio(total["correct_pairs"], total["pairs"]),
                recall=_ratio(total["correct_pairs"], total["gold_pairs"]),
                same_precision=_ratio(total["same_correct"], total["same"]),
                item_precision=_ratio(total["items_correct"], total["items_shown"]),
                item_recall=_ratio(total["items_correct"], total["items_gold"]))


def predict_moves(corpus, gold: GoldMove, embed) -> list[Predicted]:
    from retrieval.moves import move

    result = move(corpus, gold.from_, gold.to, embed=embed)
    return [Predicted(m.key, m.strength, tuple(c.key for c in m.covered_by)) for m in result.items]


def predict_old(corpus, gold: GoldMove, embed) -> list[Predicted]:
    """The matcher the views used before `moves`: each target item's nearest current item by bigram Dice (and e5
    cosine when embedding), shown as related at 0.35 or more (`matching.score_matrix`, kept for this comparison).

    Its TW-unit items are indicators (local 1-2 …): they are scored as their task group (1)."""
    from retrieval import matching

    def key(item) -> str:
        local = item.label.split(" ", 1)[0]
        if item.code.endswith(local):
            return item.code
        return f"{item.code}#{local.split('-', 1)[0]}"

    current, target = matching.items_of(corpus, gold.from_), matching.items_of(corpus, gold.to)
    by_target: dict[str, set[str]] = {}
    if current and target:
        scores = matching.score_matrix(target, current, embed)
        for n, item in enumerate(target):
            best = int(scores[n].argmax())
            if scores[n, best] >= OLD_THRESHOLD:
                by_target.setdefault(key(item), set()).add(key(current[best]))
    return [Predicted(t, "partial", tuple(sorted(c))) for t, c in by_target.items()]


def score_sets(gold: tuple[GoldMove, ...], predicted: list[list[Predicted]]) -> list[dict]:
    """A row per move, then one per set of moves when there are several (each judged at its own time: the
    original six, the added three, new2), then the overall row."""
    rows = [dict(score_move(g, p), set=g.set) for g, p in zip(gold, predicted)]
    sets = list(dict.fromkeys(g.set for g in gold))
    if len(sets) > 1:  # each set on its own: the later sets were judged after the matcher was tuned on the first
        rows += [overall([r for r in rows if r["set"] == s], f"overall ({s})") for s in sets]
    rows.append(overall([r for r in rows if "set" in r]))
    return rows


def _table(rows: list[dict]) -> str:
    head = (f"{'move':<38} {'items':>5} {'gold':>5} {'shown':>5} {'P':>6} {'R':>6} {'same P':>7} "
            f"{'item P':>7} {'item R':>7}")
    lines = [head, "-" * len(head)]
    for r in rows:
        fmt = lambda v: "  —  " if v is None else f"{v:.3f}"  # noqa: E731
        lines.append(f"{r['id']:<38} {r['items']:>5} {r['gold_pairs']:>5} {r['pairs']:>5} {fmt(r['precision']):>6} "
                     f"{fmt(r['recall']):>6} {fmt(r['same_precision']):>7} {fmt(r['item_precision']):>7} "
                     f"{fmt(r['item_recall']):>7}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.matching.score", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD_PATH)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-embed", action="store_true", help="lexical only, no embedder")
    parser.add_argument("--matcher", choices=("moves", "old"), default="moves")
    parser.add_argument("--details", action="store_true", help="list the wrong and missed pairs")
    args = parser.parse_args(argv)

    from corpus import load_corpus
    from retrieval.settings import Settings

    settings = Settings.from_env()
    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    corpus = load_corpus(settings.sources_dir)
    embed = None
    if not args.no_embed:
        from retrieval.cli import build_embed

        embed = build_embed(settings)
    predict = predict_moves if args.matcher == "moves" else predict_old
    rows = score_sets(gold, [predict(corpus, g, embed) for g in gold])
    if args.json:
        print(json.dumps({"matcher": args.matcher, "embed": embed is not None, "moves": rows}, ensure_ascii=False,
                         indent=2))
        return 0
    print(f"matcher: {args.matcher}{'' if embed else ' (no embedder)'}; gold: {args.gold}")
    print(_table(rows))
    if args.details:
        for r in (r for r in rows if "set" in r):
            for kind in ("wrong", "missed"):
                for target, current in r[kind]:
                    print(f"  {r['id']}: {kind}: {target} ← {current}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
