"""Syria relevance of an article, from the same places and actors that `article_places` and
`article_actors` hold (one gazetteer, one actor dictionary: `transforms.entities`).

Contract: `relevance_score(headline_mentions, body_mentions)` is a score in [0, 1];
`syria_relevance(headline, body, published)` finds the mentions and scores them; an article is
about Syria (`is_syria`) when its score is at least `SYRIA_THRESHOLD` (0.4).

The rule. Every span the matcher finds has a weight in its dictionary: how surely that name
means Syria (1 for Syria, its governorates, unambiguous Syrian towns and Syrian actors; less for
names shared with places elsewhere or common words, such as `الشام`; 0 for places outside Syria;
0.1-0.3 for foreign states and the UN), plus the words about Syria that are neither a place nor
an actor (`السوري`, `السوريين`: `data/syria_terms.csv`). With the distinct names of the headline
H and the body names B with their mention counts n:

    S = 3 × Σ_{h ∈ H} weight(h) + Σ_{b ∈ B} weight(b) × sqrt(n_b)
    relevance = 1 − exp(−S / 5), rounded to 4 decimals.

A single `سوريا` in the body scores 0.18, two distinct strong names 0.33, one in the headline
(and again in the body) 0.55, a news story set in Syria close to 1. The square root rewards
breadth (several Syrian places and actors) over one repeated, possibly ambiguous word; names
are told apart by their spelling (`سوريا` and `السوري` are two names). A governorate implied by
a town adds nothing: the town already counted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence

from transforms.entities import Mention, find_mentions

SYRIA_THRESHOLD = 0.4
HEADLINE_WEIGHT = 3.0
SATURATION = 5.0


def relevance_score(headline: Sequence[Mention], body: Sequence[Mention]) -> float:
    """The saturating Syria score of an article's mentions."""
    score = HEADLINE_WEIGHT * sum({m.key: m.weight for m in headline}.values())
    counts = Counter(m.key for m in body)
    weights = {m.key: m.weight for m in body}
    score += sum(weights[k] * math.sqrt(n) for k, n in counts.items())
    return round(min(1.0, max(0.0, 1.0 - math.exp(-score / SATURATION))), 4)


def syria_relevance(
    headline: str | None, body: str | None, published: dt.date | None = None
) -> float:
    """Score a headline and body (actors resolved on `published`, when given)."""
    return relevance_score(find_mentions(headline, published), find_mentions(body, published))
