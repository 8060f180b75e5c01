"""Defaults the command line shows in its help and the code uses: here, so `hr-indexer --help` needs no
client library."""

from __future__ import annotations

# The stable name every reader and writer uses; concrete indexes sit behind it.
DEFAULT_ALIAS = "candidates"
# Outbox rows per batch: one _bulk request; enough to keep up with an import, small enough that a killed
# daemon gives back little work.
DEFAULT_BATCH_SIZE = 500
# Failed tries of one row (OpenSearch refused the document) before it becomes a dead letter.
DEFAULT_MAX_ATTEMPTS = 5
# Seconds between outbox polls when no notification arrives (a lost LISTEN connection, a missed NOTIFY).
DEFAULT_POLL_INTERVAL = 5.0
# Seconds `hr-indexer run --until-empty` (a drain a script or a Job runs) waits at start for its services
# before it exits 1 naming the one that did not answer: it waited without end, a CI step or a cron job hung.
UNTIL_EMPTY_WAIT_SECONDS = 60.0
# Candidates read per round trip when streaming the whole table: large enough to keep the bulk writer
# busy, small enough that one batch's rows (with resume text) stay a few megabytes.
STREAM_BATCH_SIZE = 500

# Ceilings of the command line's numbers, so a slip of the keyboard is refused at once rather than found out
# later. A batch's rows (resume text with each) are held in memory at once: 10,000 is 20 times the default,
# a few hundred megabytes; a 10-million batch exhausted the process's memory.
MAX_BATCH_SIZE = 10_000
# Tries of one outbox row at most: past a hundred, a document OpenSearch refuses is never a dead letter.
MAX_ATTEMPTS = 100
# Segments a merge may be asked to leave (INDEX_MERGE_SEGMENTS's ceiling too).
MAX_MERGE_SEGMENTS = 1000
# Seconds of a poll interval or a wait at most: an hour.
MAX_WAIT_SECONDS = 3600.0
