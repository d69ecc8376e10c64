"""Compare stemmers for the search keys on `tests/data/search/stem_pairs.csv`.

Two figures per stemmer, every word first normalised by `transforms.arabic.normalize_for_match`:
- `recall`: share of `merge` pairs (a query and an inflected form of it from news text:
  places, actors, events, verbs, nisba adjectives, duals, broken plurals) whose keys are equal;
- `collisions`: share of `distinct` pairs (different words that must stay apart: `مصر`/`مصير`,
  `لبنان`/`لبن`, `شرطة`/`شرط`…) whose keys are equal.
The rule, recall first: the candidates within 0.01 (one pair) of the best recall, and of
those the fewest collisions. A search that misses `بحلب` for `حلب` fails its user; a collision
adds a wrong hit that BM25 ranks among the right ones. (Weighing both equally would pick
"min stem 4", 0.044 collisions, which misses `بحلب`/`حلب`, `الجيش`/`جيش`, `بقصف`/`قصف`.)
The script exits 1 unless the rule picks `transforms.stemming.STEMMER`;
`tests/transforms/test_stemming.py` holds its figures as floors.

Candidates: no stemming; Snowball Arabic (PyPI `snowballstemmer`, and DuckDB's `stem(w,
'arabic')` from the fts extension, the same algorithm); Tashaphyne's light stemmer (PyPI
`tashaphyne`); Light10 (Larkey, Ballesteros & Connell 2007, as published: و if 3 letters stay,
then ال وال بال كال فال لل if 2 stay, then ها ان ات ون ين يه ية ه ة ي right to left if 2 stay);
and variants of `transforms.stemming.LightStemmer`. A candidate whose package is not installed
is listed as such.

Run: `.venv/bin/python bench/search_stemmers.py [--failures NAME]` (`--failures` lists the
pairs a candidate gets wrong).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transforms.arabic import normalize_for_match  # noqa: E402
from transforms.stemming import STEMMER, LightStemmer  # noqa: E402

PAIRS = ROOT / "tests" / "data" / "search" / "stem_pairs.csv"
CHOSEN = "ours: chosen (greedy proclitics, min 3)"
Stem = Callable[[str], str]


def load_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    """The rows of the pairs file: kind (merge|distinct), category, query, form."""
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def key(stemmer: Stem, text: str) -> str:
    """Normalise, then stem every word."""
    return " ".join(stemmer(w) for w in normalize_for_match(text).split())


def figures(stemmer: Stem, pairs: list[dict[str, str]]) -> tuple[float, float, list[str]]:
    """(recall, collisions, the pairs it gets wrong)."""
    merged = [r for r in pairs if r["kind"] == "merge"]
    distinct = [r for r in pairs if r["kind"] == "distinct"]
    wrong: list[str] = []
    hits = 0
    for r in merged:
        a, b = key(stemmer, r["query"]), key(stemmer, r["form"])
        if a == b:
            hits += 1
        else:
            wrong.append(f"miss      {r['category']:14} {r['query']} → {a} | {r['form']} → {b}")
    clashes = 0
    for r in distinct:
        a, b = key(stemmer, r["query"]), key(stemmer, r["form"])
        if a == b:
            clashes += 1
            wrong.append(f"collision {r['category']:14} {r['query']} | {r['form']} → {a}")
    return hits / len(merged), clashes / len(distinct), wrong


def light10(word: str) -> str:
    """Light10 as published (on a normalised word: ة is already ه, so ية is يه)."""
    w = word
    if w.startswith("و") and len(w) - 1 >= 3:
        w = w[1:]
    for article in ("وال", "بال", "كال", "فال", "لل", "ال"):
        if w.startswith(article) and len(w) - len(article) >= 2:
            w = w[len(article) :]
            break
    for suffix in ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            w = w[: -len(suffix)]
    return w


def candidates() -> dict[str, Stem | str]:
    """Name → stemmer, or the reason it cannot run here."""
    out: dict[str, Stem | str] = {"none (normalise only)": lambda w: w}
    try:
        import snowballstemmer

        out["snowball arabic (snowballstemmer)"] = snowballstemmer.stemmer("arabic").stemWord
    except ImportError:
        out["snowball arabic (snowballstemmer)"] = "pip install snowballstemmer"
    try:
        import duckdb

        from warehouse.catalog import load_extension

        con = duckdb.connect()
        load_extension(con, "fts")

        def duck(w: str) -> str:
            row = con.execute("SELECT stem(?, 'arabic')", [w]).fetchone()
            return str(row[0]) if row else w

        out["duckdb stem(w, 'arabic')"] = duck
    except Exception as exc:  # the fts extension may be missing offline
        out["duckdb stem(w, 'arabic')"] = f"fts extension not loadable: {exc}"
    try:
        from tashaphyne.stemming import ArabicLightStemmer

        tash = ArabicLightStemmer()

        def tashaphyne(w: str) -> str:
            tash.light_stem(w)
            return str(tash.get_stem())

        out["tashaphyne light stem"] = tashaphyne
    except ImportError:
        out["tashaphyne light stem"] = "pip install tashaphyne"
    out["light10 (Larkey et al.)"] = light10
    out[CHOSEN] = STEMMER.stem
    out["ours: one grammatical proclitic chain"] = LightStemmer(greedy_prefixes=False).stem
    out["ours: no bare ب ك ل (only بال كال لل)"] = LightStemmer(single_prepositions=False).stem
    out["ours: min stem 2"] = LightStemmer(min_stem=2).stem
    out["ours: min stem 4"] = LightStemmer(min_stem=4).stem
    out["ours: min 3 front, min 4 left by suffixes"] = LightStemmer(min_suffix_stem=4).stem
    out["ours: no final ت"] = LightStemmer(final_t=False).stem
    out["ours: + dual ان"] = LightStemmer(suffixes=(*STEMMER.suffixes, "ان")).stem
    out["ours: + nisba ي and يه (Light10's)"] = LightStemmer(
        suffixes=(*STEMMER.suffixes, "يه", "ي")
    ).stem
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", help="list the wrong pairs of candidates containing this")
    args = parser.parse_args()
    pairs = load_pairs()
    n_merge = sum(r["kind"] == "merge" for r in pairs)
    n_distinct = len(pairs) - n_merge
    print(f"{n_merge} merge pairs, {n_distinct} distinct pairs ({PAIRS.relative_to(ROOT)})\n")
    print(f"| {'stemmer':45} | recall | collisions | pairs missed | pairs merged wrongly |")
    print(f"|{'-' * 47}|--------|------------|--------------|----------------------|")
    results: dict[str, list[str]] = {}
    scores: dict[str, tuple[float, float]] = {}
    for name, stemmer in candidates().items():
        if isinstance(stemmer, str):
            print(f"| {name:45} | not run: {stemmer} |")
            continue
        recall, collisions, wrong = figures(stemmer, pairs)
        results[name], scores[name] = wrong, (recall, collisions)
        missed = sum(w.startswith("miss") for w in wrong)
        print(
            f"| {name:45} | {recall:6.3f} | {collisions:10.3f} | {missed:12} "
            f"| {len(wrong) - missed:20} |"
        )
    best = max(recall for recall, _ in scores.values())
    eligible = [name for name, (recall, _) in scores.items() if recall >= best - 0.01]
    pick = min(eligible, key=lambda name: scores[name][1])
    print(f"\nrecall within 0.01 of the best ({best:.3f}): {', '.join(eligible)}")
    print(f"fewest collisions among them: {pick}")
    if args.failures:
        for name, wrong in results.items():
            if args.failures in name:
                print(f"\n{name}:")
                print("\n".join(f"  {w}" for w in wrong))
    return 0 if pick == CHOSEN else 1


if __name__ == "__main__":
    raise SystemExit(main())
