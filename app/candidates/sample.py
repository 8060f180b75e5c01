"""A candidate's sample slot: a fixed, uniform number that lets a search look at a slice of the corpus.

Written into every document since index definition v3, for the title feedback probe of early December 2026
(a fixed-size sample kept its cost flat as the corpus grew). No search reads it now; it stays in the
definition so v3 indexes need no reindex.
"""

from __future__ import annotations

import uuid

# Slots a candidate can fall in; a search takes the candidates of the first k slots for a k/SLOTS sample.
SAMPLE_SLOTS = 65536


def sample_slot(candidate_id: uuid.UUID) -> int:
    """The candidate's slot in [0, SAMPLE_SLOTS): the id's low bits, uniform for random (v4) ids."""
    return candidate_id.int % SAMPLE_SLOTS
