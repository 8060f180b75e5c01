"""A one-line progress display on stderr (docs, docs/s, ETA), redrawn in place with a carriage return; without
a terminal to redraw on, a log line now and then."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

# Seconds between redraws: often enough to look alive, rarely enough to cost nothing.
REDRAW_INTERVAL = 0.25
BAR_WIDTH = 24
# Seconds between progress lines in the log when no terminal shows the redrawn line (a Kubernetes Job, cron,
# `--no-progress`): a reindex of a million candidates was silent for its whole quarter of an hour there.
LOG_INTERVAL = 30.0

log = logging.getLogger(__name__)


def format_duration(seconds: float) -> str:
    """`1h02m`, `3m05s` or `42s`."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def format_progress(done: int, total: int, elapsed: float) -> str:
    """`[#####-----]  52.0%  5200/10000 docs  1234 docs/s  ETA 4s` (pure, for the redraw and tests)."""
    rate = done / elapsed if elapsed > 0 else 0.0
    if total > 0:
        fraction = min(1.0, done / total)
        filled = int(fraction * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        eta = format_duration((total - done) / rate) if rate > 0 and done < total else "-"
        return f"[{bar}] {fraction * 100:5.1f}%  {done}/{total} docs  {rate:,.0f} docs/s  ETA {eta}"
    return f"{done} docs  {rate:,.0f} docs/s"


class Progress:
    """Counts documents and redraws the line at most every REDRAW_INTERVAL seconds."""

    def __init__(self, total: int, *, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.total = total
        self.done = 0
        self._stream = stream or sys.stderr
        self._enabled = enabled
        self._started = time.monotonic()
        self._drawn = 0.0
        self._logged = self._started

    @property
    def elapsed(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self._started

    def advance(self, count: int) -> None:
        """Count more documents written."""
        self.done += count
        now = time.monotonic()
        if self._enabled and now - self._drawn >= REDRAW_INTERVAL:
            self._drawn = now
            self._draw()
        elif not self._enabled and now - self._logged >= LOG_INTERVAL:
            self._logged = now
            log.info("indexed %s", format_progress(self.done, self.total, self.elapsed))

    def _draw(self) -> None:
        self._stream.write("\r" + format_progress(self.done, self.total, self.elapsed) + "\033[K")
        self._stream.flush()

    def finish(self) -> None:
        """Draw the final state and end the line."""
        if self._enabled:
            self._draw()
            self._stream.write("\n")
            self._stream.flush()
