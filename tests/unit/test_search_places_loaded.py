"""The API loads the large cities' other names at start-up, not in a recruiter's first search with a place."""

from app.search import places
from app.search.interpret import load_vocabularies


def test_start_up_loads_the_place_names_the_first_place_filter_reads() -> None:
    # The table is 2.3 MB of JSON (about 0.5 s to read): read in the first search that named a place, that
    # recruiter waited for it.
    places._table.cache_clear()
    places.city_names.cache_clear()  # a name an earlier search looked up is answered without the table
    load_vocabularies()
    assert places._table.cache_info().currsize == 1
