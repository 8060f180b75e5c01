"""A candidate's sample slot: a fixed, uniform number that lets a search look at a slice of the corpus.

The title feedback probe only needs the best-matching resumes of a representative sample to say which role a
query's text is about; searching a sample of a fixed size keeps its cost flat as the corpus grows.
"""

from __future__ import annotations

import math
import uuid

# Slots a candidate can fall in; a search takes the candidates of the first k slots for a k/SLOTS sample.
SAMPLE_SLOTS = 65536


def sample_slot(candidate_id: uuid.UUID) -> int:
    """The candidate's slot in [0, SAMPLE_SLOTS): the id's low bits, uniform for random (v4) ids."""
    return candidate_id.int % SAMPLE_SLOTS


def sample_bound(corpus_size: int, wanted: int) -> int | None:
    """The exclusive slot bound that keeps about `wanted` of `corpus_size` candidates; None when the corpus
    is no bigger than the sample (search everything)."""
    if corpus_size <= wanted or wanted <= 0:
        return None
    return max(1, math.ceil(SAMPLE_SLOTS * wanted / corpus_size))
