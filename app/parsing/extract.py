"""Uploaded resume bytes to clean text: PDF (pypdf), DOCX (python-docx) or plain text, with hard guards.

The type is decided from the bytes, never from the file name or the client's Content-Type, so an
image renamed ``.pdf`` is refused with a reason a person understands. Every failure is one
``ExtractionError``.

Time limit: ``extract_text`` checks a deadline between pages (PDF) and blocks (DOCX) and gives up
with ``ExtractionError(code="timeout")`` once it has passed; ``extract_text_async`` runs it in a
worker thread and the caller stops waiting at the same deadline (``asyncio.wait_for``). A thread
cannot be killed, so a single pathological page can overrun by that page's cost; pypdf's own
decompression limits bound that cost. For a hard kill, run ``extract_text`` in a subprocess and
kill it past the deadline (the worker does, with a process pool it recycles on time-out).
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import struct
import time
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import charset_normalizer
import ftfy

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"

# pypdf logs a warning for every robustness fix it applies to a sloppy PDF; those are not our
# errors (real failures raise), and at WARNING level they would flood the worker's log.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Magic numbers of files people upload by mistake, so the refusal can name what was sent.
_KNOWN_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word/Office (.doc) file"),
    (b"{\\rtf", "an RTF file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
)
_UNSUPPORTED = "the file is not a PDF, DOCX or text file"
_ENCRYPTED = "the PDF is encrypted and cannot be read without its password"

# Bullet glyphs from Symbol/Wingdings fonts land in the Private Use Area; show them as bullets.
_PRIVATE_BULLETS = dict.fromkeys(
    [0xF0A7, 0xF0B7, 0xF0D8, 0xF0FC, 0xF076, 0xF0A8, 0xF0AD, 0xF0E0, 0xF06E, 0xF0FB, 0xF0F0], "•"
)
# Mojibake ftfy cannot undo because a byte was lost on the way (seen in about half of the LiveCareer
# PDFs): U+FF0D "－" read as cp1252 is "ï¼" plus an undefined byte that renders as nothing, and
# U+00A0 read as cp1252 is "Â" plus a no-break space that a PDF renderer turned into a plain space.
_LOST_BYTE_MOJIBAKE = (
    (re.compile(r"ï¼[\u200b\x8d]?(?=\s)"), "-"),
    (re.compile(r"(?<!\w)Â(?= |$)", re.MULTILINE), ""),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Choosing among legacy decodings (_best_legacy_decoding): how much messier or less coherent than the best
# a decoding may be and still count as equally good (charset-normalizer's scores are ratios in 0..1).
_CHAOS_TOLERANCE = 0.01
_COHERENCE_TOLERANCE = 0.001
# Characters of each decoding searched for a sign inside a word: a wrong code page shows one in the first
# lines (a name, a city), and a 10 MB file is not scanned once per candidate code page.
_SYMBOL_SCAN_CHARS = 20_000
# A sign or a superscript digit between two letters: a code page that decoded a letter as a sign (not "ª",
# "º", nor Catalan's "l·l").
_SYMBOL_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[\u00a1-\u00a9\u00ab-\u00b6\u00b8-\u00b9\u00bb-\u00bf\u00d7\u00f7\u2500-\u25ff](?=[^\W\d_])"
)
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_GAPS = re.compile(r"[ \u00a0]*\t[ \t\u00a0]*|[ \u00a0]{2,}")
_BLANK_RUNS = re.compile(r"\n{3,}")


class ExtractionError(Exception):
    """The file cannot be turned into text; ``reason`` is shown to the uploader, ``code`` is for metrics.

    Both go to ``Exception.__init__``: the worker extracts in subprocesses, and an exception that does not
    unpickle on the way back breaks the whole process pool instead of failing one file.
    """

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason, code)
        self.reason = reason
        self.code = code

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class ExtractionLimits:
    """Guards against hostile or absurd uploads; the defaults fit any real resume with a wide margin."""

    max_pages: int = 50
    max_chars: int = 200_000
    # Bytes every DOCX zip member together inflates to, counted while inflating (the sizes an archive
    # declares may lie); inflation stops as soon as it is passed.
    max_docx_uncompressed_bytes: int = 50 * 1024 * 1024
    # Office XML compresses about 5-20x; far beyond that is a zip bomb, not a document.
    max_docx_compression_ratio: float = 100.0
    max_docx_members: int = 2_000
    timeout_seconds: float = 30.0


DEFAULT_LIMITS = ExtractionLimits()


@dataclass(frozen=True)
class ExtractedText:
    """Clean text of one document and what it was."""

    text: str
    content_type: str
    pages: int | None = None


def detect_content_type(data: bytes) -> str | None:
    """The supported type of ``data`` judged from its bytes, or None when it is anything else."""
    if _looks_like_pdf(data):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return DOCX if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
    if binary_kind(data) is not None:
        return None
    try:
        _decode_text(data)
    except ExtractionError:
        return None
    return TEXT


def extract_text(data: bytes, limits: ExtractionLimits = DEFAULT_LIMITS) -> ExtractedText:
    """Text of a PDF, DOCX or text file, repaired and normalised; raises ExtractionError on any failure."""
    deadline = time.monotonic() + limits.timeout_seconds
    if not data:
        raise ExtractionError("the file is empty", "empty")
    pages: int | None = None
    if _looks_like_pdf(data):
        content_type, kind = PDF, "PDF"
        text, pages = _pdf_text(data, limits, deadline)
    elif data.startswith(b"PK\x03\x04"):
        content_type, kind = DOCX, "Word document"
        text = _docx_text(data, limits, deadline)
    else:
        binary = binary_kind(data)
        if binary is not None:
            raise ExtractionError(f"{_UNSUPPORTED} (it is {binary})", "unsupported_type")
        content_type, kind = TEXT, "text file"
        text = _decode_text(data)
    # Checked before the repair as well, so a huge text file is not pushed through ftfy first.
    _check_length(len(text), limits)
    text = clean_text(text)
    _check_length(len(text), limits)
    if not text:
        if content_type == PDF:
            raise ExtractionError(
                "the PDF contains no text (it is probably a scanned image; OCR is not supported)", "no_text"
            )
        raise ExtractionError(f"the {kind} contains no text", "no_text")
    return ExtractedText(text=text, content_type=content_type, pages=pages)


async def extract_text_async(data: bytes, limits: ExtractionLimits = DEFAULT_LIMITS) -> ExtractedText:
    """``extract_text`` off the event loop, abandoned once ``limits.timeout_seconds`` have passed."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(extract_text, data, limits), limits.timeout_seconds)
    except TimeoutError:
        raise _timeout(limits) from None


def clean_text(text: str) -> str:
    """Repair mojibake (ftfy), drop control and zero-width characters, tidy whitespace and blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = ftfy.fix_text(text, normalization="NFC")
    for pattern, replacement in _LOST_BYTE_MOJIBAKE:
        text = pattern.sub(replacement, text)
    text = text.translate(_PRIVATE_BULLETS)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    # Tabs and runs of spaces are column gaps (layout-extracted PDFs, DOCX tabs): keep them as one
    # two-space separator the parser can split on; a single space or NBSP is ordinary spacing.
    lines = [_GAPS.sub("  ", line.strip()).replace("\u00a0", " ") for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _check_length(length: int, limits: ExtractionLimits) -> None:
    if length > limits.max_chars:
        raise ExtractionError(
            f"the document has more than {limits.max_chars:,} characters of text, far too long for a resume",
            "too_long",
        )


def _timeout(limits: ExtractionLimits) -> ExtractionError:
    return ExtractionError(
        f"reading the file took longer than {limits.timeout_seconds:g} seconds; it may be damaged", "timeout"
    )


def _check_deadline(deadline: float, limits: ExtractionLimits) -> None:
    if time.monotonic() > deadline:
        raise _timeout(limits)


def _looks_like_pdf(data: bytes) -> bool:
    # The PDF header may follow a little junk; readers accept it within the first 1 KiB.
    return b"%PDF-" in data[:1024]


def binary_kind(data: bytes) -> str | None:
    """What a non-text upload is, when the bytes say so; None when it may be text."""
    for magic, kind in _KNOWN_BINARIES:
        if data.startswith(magic):
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "a HEIC image"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "a zip archive"
    return None


def _decode_text(data: bytes) -> str:
    """Bytes of a text file as str: BOM, then strict UTF-8, then charset detection."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _reject_binary(data.decode(codec))
            except UnicodeDecodeError:
                raise ExtractionError(
                    "the text file is damaged: its bytes do not match the encoding it declares",
                    "bad_encoding",
                ) from None
    if b"\x00" in data[:8192]:
        unmarked = _utf16_without_bom(data)
        if unmarked is not None:
            return unmarked
        raise ExtractionError(f"{_UNSUPPORTED} (it contains binary data)", "unsupported_type")
    try:
        return _reject_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # Not UTF-8: let charset-normalizer pick a legacy encoding (cp1252, latin-1, cp1251, ...).
    # It returns nothing when every candidate decodes to gibberish, which is how binary junk and
    # broken text show up.
    best = _best_legacy_decoding(charset_normalizer.from_bytes(data))
    if best is None:
        raise ExtractionError(
            "the text file is not valid UTF-8 and its character encoding could not be recognised "
            "(it may be a binary file)",
            "bad_encoding",
        )
    return _reject_binary(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """A UTF-16 text saved without its byte-order mark (.NET's Encoding.Unicode, some exporters), else None.

    Its NULs are the high bytes of the Latin characters (spaces, line breaks, digits, an email address), all
    in the odd places (little-endian) or all in the even ones (big-endian); a binary file has them in both.
    It was refused as "not a PDF, DOCX or plain-text resume" at upload."""
    sample = data[:8192]
    if len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if min(even, odd) > 0 or max(even, odd) * 20 < len(sample) // 2:
        return None  # NULs in both places, or too few for text: not UTF-16 text
    try:
        return _reject_binary(data.decode("utf-16-le" if odd else "utf-16-be"))
    except (UnicodeDecodeError, ExtractionError):
        return None


def _best_legacy_decoding(matches: charset_normalizer.CharsetMatches) -> str | None:
    """The decoding a person would read, among charset-normalizer's equally clean ones.

    On a short file its own pick is often a DOS code page: "Jörg Müller" in Latin-1 came back as cp775's
    "J÷rg M³ller" and "José Núñez" as "Josķ N·±ez". So: of the decodings as clean as the best, drop those
    with a symbol inside a word (÷, ³, ±, ■: no language writes them there), take the most coherent one,
    and on a tie Windows' Western code page (cp1252), by far the commonest legacy encoding of resumes."""
    if not matches:
        return None
    floor = min(match.chaos for match in matches)
    clean = [match for match in matches if match.chaos <= floor + _CHAOS_TOLERANCE]
    readable = [
        match for match in clean if not _SYMBOL_IN_WORD.search(str(match), 0, _SYMBOL_SCAN_CHARS)
    ] or clean
    most_coherent = max(match.coherence for match in readable)
    tied = [match for match in readable if match.coherence >= most_coherent - _COHERENCE_TOLERANCE]
    western = [match for match in tied if "cp1252" in match.could_be_from_charset]
    return str((western or tied)[0])


def _reject_binary(text: str) -> str:
    # Control characters other than whitespace are rare in real text; many means a binary file.
    sample = text[:20_000]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ExtractionError(f"{_UNSUPPORTED} (it contains binary data)", "unsupported_type")
    return text


# --- PDF ------------------------------------------------------------------------------------------


def _pdf_text(data: bytes, limits: ExtractionLimits, deadline: float) -> tuple[str, int]:
    """Text of every page, in layout mode so that a visual line stays one line."""
    # Imported here: pypdf is only needed by the process that extracts.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    # A complete PDF ends with %%EOF (readers tolerate up to 1 KiB of trailing junk); without it
    # the upload was cut short and pypdf's xref recovery would silently return part of it.
    if b"%%EOF" not in data[-1024:]:
        raise ExtractionError("the PDF is incomplete (the upload was probably cut short)", "truncated")
    with warnings.catch_warnings():
        # pypdf reports recoverable oddities through warnings; they are not failures here (the
        # test suite turns warnings into errors, and the worker would log noise). Before Python
        # 3.14 this swaps the process-wide filter list, so concurrent extraction threads may briefly
        # see each other's filters; the worker extracts in subprocesses, where that cannot happen.
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _decrypt(reader)
            page_count = len(reader.pages)
        except ExtractionError:
            raise
        except (FileNotDecryptedError, DependencyError):
            raise ExtractionError(_ENCRYPTED, "encrypted") from None
        except Exception:  # a hostile file can make pypdf raise anything; all of it means "damaged"
            raise ExtractionError("the PDF is damaged and cannot be read", "corrupt") from None
        if page_count == 0:
            raise ExtractionError("the PDF has no pages", "no_text")
        if page_count > limits.max_pages:
            raise ExtractionError(
                f"the PDF has {page_count} pages; at most {limits.max_pages} are accepted for a resume",
                "too_many_pages",
            )
        texts: list[str] = []
        failed = 0
        total = 0
        gutter: float | None = None  # the last page's column edge, when it had two columns
        for index in range(page_count):
            _check_deadline(deadline, limits)
            try:
                page_text, gutter = _page_text(reader.pages[index], gutter)
            except (FileNotDecryptedError, DependencyError):
                raise ExtractionError(_ENCRYPTED, "encrypted") from None
            except Exception:  # any failure on one page of a hostile file means "damaged"
                failed += 1
                continue
            total += len(page_text)
            _check_length(total, limits)
            texts.append(page_text)
    if failed == page_count:
        raise ExtractionError("the PDF is damaged and cannot be read", "corrupt")
    return "\n\n".join(texts), page_count


def _decrypt(reader: Any) -> None:
    """Open PDFs that only carry an owner password (printing/copy restrictions); refuse real passwords."""
    from pypdf import PasswordType

    try:
        result = reader.decrypt("")
    except NotImplementedError:
        raise ExtractionError(
            "the PDF uses an encryption method this service cannot read", "encrypted"
        ) from None
    if result == PasswordType.NOT_DECRYPTED:
        raise ExtractionError("the PDF is password-protected; upload a copy without a password", "encrypted")


def _page_text(page: Any, gutter: float | None = None) -> tuple[str, float | None]:
    """The page's text, and its column edge when it was read as two columns (for the next page)."""
    # Layout mode keeps each visual line whole ("Jan 2019 - Present  Company  City"), which the
    # parser relies on; it fails on some odd fonts, where plain mode still works.
    try:
        text, edge = _layout_columns(page, gutter)
    except Exception:  # pypdf's layout steps changed or failed: its layout mode, then plain mode
        try:
            text, edge = str(page.extract_text(extraction_mode="layout") or ""), None
        except Exception:  # fall back to the simpler extractor on any layout failure
            return str(page.extract_text() or ""), None
    return (text, edge) if edge is not None else (split_columns(text), None)


def _layout_text(page: Any) -> tuple[str, bool]:
    """The page in pypdf's layout mode, and whether it was read column by column (``_layout_columns``)."""
    text, edge = _layout_columns(page)
    return text, edge is not None


def _layout_columns(page: Any, gutter: float | None = None) -> tuple[str, float | None]:
    """The page in pypdf's layout mode, column by column when the text's positions show two columns.

    The same steps as ``page.extract_text(extraction_mode="layout")`` (pypdf's layout helpers), so
    the text is pypdf's own when no columns are found. With the positions the columns are told
    apart where the fixed-width text cannot: a sidebar in a smaller font runs past the gutter in
    it ("Databricks Certified Developer Jun 2014 - Dec 2016"), and a name and summary written
    across the page above the columns hide the gutter. ``gutter`` is the previous page's column edge:
    a sidebar that runs onto this page, too short to show its columns alone, is split at it. Returns the
    text and the column edge it was split at (None: read as one column).
    """
    from pypdf._text_extraction import _layout_mode  # layout mode's own steps (pypdf >= 4)
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    if contents is not None:
        contents = contents.get_object()
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return "", None
    operations = iter(ContentStream(contents, page.pdf, "bytes").operations)
    groups = _layout_mode.text_show_operations(operations, page._layout_mode_fonts(), True, None)
    if not groups:
        return "", None

    # One character width for the page, as layout mode has it: a part's lines keep pypdf's spacing
    # ("City , State"), and a small-font line that runs past the gutter on this grid meets nothing
    # once each column is laid out on its own.
    width = _layout_mode.fixed_char_width(groups, 1.25)

    def render(part: list[Any]) -> str:
        return str(
            _layout_mode.fixed_width_page(_layout_mode.y_coordinate_groups(part, None), width, True, 1)
        )

    lines = list(_layout_mode.y_coordinate_groups(groups, None).values())
    found = _column_parts(lines)
    if found is None:
        continued = _continued_columns(lines, gutter) if gutter is not None else None
        if continued is None:
            return render(groups), None
        # The column read last on the page before goes on first (the experience beside a sidebar).
        top, side, main = continued
        return "\n\n".join(render(part) for part in (top, main, side) if part), gutter
    edge, columns = found
    parts = [render(part) for part in columns if part]
    left, right = parts[-2:]
    if max(map(len, (left + "\n" + right).split("\n"))) < _MIN_LONGEST_SEGMENT or not (
        _is_column(left.split("\n")) and _is_column(right.split("\n"))
    ):
        return render(groups), None
    return "\n\n".join(parts), edge


# Positions are in PDF points. A gutter is at least this wide, and the right column's text starts on
# one left edge (to within a point) in at least `_MIN_COLUMN_LINES` lines. Lines written across the
# page above the columns (name, contact, summary) are read first, whole, up to this share of the
# page's lines; the columns span at least this share (a short table of skills or jobs in two columns
# on a one-column page is read row by row, as written).
_MIN_GUTTER = 6.0
_MAX_BAND_SHARE = 0.4
_MIN_COLUMNS_SHARE = 0.5


def _column_parts(lines: list[list[Any]]) -> tuple[float, list[list[Any]]] | None:
    """The page's text runs, one list a line top to bottom, as the column edge and [above the columns, left,
    right], or None."""
    rows: list[list[Any]] = []  # each line's runs with text, for finding the gutter
    whole: list[list[Any]] = []  # the same lines' runs, blank ones too: they hold pypdf's spacing
    for row in lines:
        filled = [group for group in row if str(group["text"]).strip()]
        if filled:
            rows.append(filled)
            whole.append(row)
    if len(rows) < 2 * _MIN_COLUMN_LINES:
        return None
    margin = min(group["tx"] for row in rows for group in row)
    starts: dict[int, int] = {}
    for row in rows:
        for edge in {round(group["tx"]) for group in row if group["tx"] - margin > 30}:
            starts[edge] = starts.get(edge, 0) + 1
    best: tuple[int, int, float] | None = None  # (lines with text on both sides, first column line, edge)
    for edge, count in starts.items():
        if count < _MIN_COLUMN_LINES:
            continue
        edge_x = edge - 1.0
        right = [number for number, row in enumerate(rows) if any(g["tx"] >= edge_x for g in row)]
        first, last = right[0], right[-1]
        if first > _MAX_BAND_SHARE * len(rows) or last + 1 - first < _MIN_COLUMNS_SHARE * len(rows):
            continue
        # Lines across the page below the right column (a closing note) are read with the left one.
        crossing = both = 0
        for row in rows[first : last + 1]:
            if any(g["tx"] < edge_x and g["displaced_tx"] > edge_x - _MIN_GUTTER for g in row):
                crossing += 1
            elif any(g["tx"] < edge_x for g in row) and any(g["tx"] >= edge_x for g in row):
                both += 1
        # Positions are exact: one line across the gutter inside the columns means there are none (a
        # two-column list of skills beside sentences that run across the page).
        if crossing == 0 and both >= _MIN_COLUMN_LINES:
            if best is None or both > best[0]:
                best = (both, first, edge_x)
    if best is None:
        return None
    _, first, edge_x = best
    return edge_x, _split_at(whole, first, edge_x)


def _split_at(whole: list[list[Any]], first: int, edge_x: float) -> list[list[Any]]:
    """[the lines above the columns, the left column's runs, the right column's runs]."""
    above = [group for row in whole[:first] for group in row]
    below = [group for row in whole[first:] for group in row]
    return [
        above,
        [group for group in below if group["tx"] < edge_x],
        [group for group in below if group["tx"] >= edge_x],
    ]


# A page after a two-column page, too short to show its columns alone, is split at the same edge when
# at least this many lines have text on both sides of it and none crosses it (a sidebar that runs on).
_MIN_CONTINUED_LINES = 2


def _continued_columns(lines: list[list[Any]], edge_x: float) -> list[list[Any]] | None:
    """The page's runs split at the previous page's column edge, or None when its lines do not sit there."""
    rows = [[group for group in row if str(group["text"]).strip()] for row in lines]
    whole = [row for row, filled in zip(lines, rows, strict=True) if filled]
    rows = [row for row in rows if row]
    right = [number for number, row in enumerate(rows) if any(g["tx"] >= edge_x for g in row)]
    if not right:
        return None
    crossing = both = 0
    for row in rows[right[0] :]:
        if any(g["tx"] < edge_x and g["displaced_tx"] > edge_x - _MIN_GUTTER for g in row):
            crossing += 1
        elif any(g["tx"] < edge_x for g in row) and any(g["tx"] >= edge_x for g in row):
            both += 1
    if crossing or both < _MIN_CONTINUED_LINES:
        return None
    return _split_at(whole, right[0], edge_x)


# A page is read as two columns only when both sides of one blank gutter carry real text: at least
# this many lines each, some line long, and neither side mostly dates or places (a right-aligned
# date or city column belongs to the line it sits on and must stay there).
_MIN_COLUMN_LINES = 5
_MIN_LONGEST_SEGMENT = 25
_MAX_DATE_OR_PLACE_SHARE = 0.3
_DATE_OR_PLACE = re.compile(
    r"(?:19|20)\d\d|present|current|^[A-Z][A-Za-z .'-]+,\s*[A-Z]{2}$|^city\s*,\s*state$", re.IGNORECASE
)


def split_columns(text: str) -> str:
    """A layout-mode page with a sidebar read column by column: the left column's lines, then the right's."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if len(filled) < _MIN_COLUMN_LINES:
        return text
    width = max(len(line) for line in filled)
    best: tuple[int, int] | None = None  # (lines with text on both sides, gutter position)
    for gutter in range(12, width - 12):
        crossing = 0
        both = 0
        for line in filled:
            if len(line) <= gutter + 1:
                continue
            if line[gutter - 1 : gutter + 2].strip():
                crossing += 1
            elif line[:gutter].strip() and line[gutter:].strip():
                both += 1
        if crossing <= max(1, len(filled) // 20) and (best is None or both > best[0]):
            best = (both, gutter)
    if best is None or best[0] < _MIN_COLUMN_LINES:
        return text
    gutter = best[1]
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        if len(line) > gutter + 1 and not line[gutter - 1 : gutter + 2].strip():
            left.append(line[:gutter].rstrip())
            right.append(line[gutter:].strip())
        else:  # short lines and the odd line across the gutter (a full-width heading) stay left
            left.append(line)
            right.append("")
    longest = max(len(segment.strip()) for segment in left + right)
    if longest < _MIN_LONGEST_SEGMENT or not (_is_column(left) and _is_column(right)):
        return text
    return "\n".join(left) + "\n\n" + "\n".join(right)


def _is_column(segments: list[str]) -> bool:
    filled = [segment.strip() for segment in segments if segment.strip()]
    if len(filled) < _MIN_COLUMN_LINES:
        return False
    marked = sum(bool(_DATE_OR_PLACE.search(segment)) and len(segment) < 30 for segment in filled)
    return marked / len(filled) < _MAX_DATE_OR_PLACE_SHARE


# --- DOCX -----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_P, _W_TBL, _W_TR, _W_TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_W_T, _W_TAB, _W_BR, _W_CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_W_TXBX = f"{_W}txbxContent"
# Containers whose children are ordinary blocks (content controls, custom XML, tracked insertions).
_W_TRANSPARENT = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"}


def _docx_text(data: bytes, limits: ExtractionLimits, deadline: float) -> str:
    """Headers, then the body (paragraphs, tables, text boxes) in document order."""
    _check_zip(data, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        seen_headers: set[str] = set()
        # Resume templates often put the name and contact line in the page header.
        for section in document.sections:
            for part in (section.first_page_header, section.header):
                if part.is_linked_to_previous:
                    continue
                text = "\n".join(_blocks(part._element, deadline, limits)).strip()
                if text and text not in seen_headers:
                    seen_headers.add(text)
                    blocks.append(text)
        blocks.extend(_blocks(document.element.body, deadline, limits))
    except ExtractionError:
        raise
    except Exception:  # zipfile, lxml and python-docx raise many types on a broken package
        raise ExtractionError("the Word document is damaged and cannot be read", "corrupt") from None
    return "\n".join(blocks)


def check_docx_package(data: bytes, limits: ExtractionLimits = DEFAULT_LIMITS) -> None:
    """Refuse a damaged DOCX package or a zip bomb (ExtractionError), inflating it in bounded memory."""
    _check_zip(data, limits)


# Bytes inflated at a time while measuring a DOCX: memory stays this small whatever the archive holds.
_INFLATE_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name and extra-field lengths


def _check_zip(data: bytes, limits: ExtractionLimits) -> None:
    """Refuse zip bombs: by the central directory first, then by the bytes the members really inflate to."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _damaged_zip() from None
    if "word/document.xml" not in names:
        raise ExtractionError(
            f"{_UNSUPPORTED} (it is a zip archive, not a Word document)", "unsupported_type"
        )
    if len(infos) > limits.max_docx_members:
        raise ExtractionError("the Word document has an implausible number of parts", "zip_bomb")
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_docx_uncompressed_bytes:
        raise _too_big(limits)
    # The declared sizes are the archive's word; the inflated bytes are counted, and counting stops at the
    # limit, so a member that lies about its size costs at most the limit in time and one chunk in memory.
    inflated = _inflated_size(data, infos, limits.max_docx_uncompressed_bytes)
    compressed = sum(info.compress_size for info in infos)
    # Small archives are exempt: a few KiB of repetitive XML can legitimately compress very well.
    if inflated > 1024 * 1024 and inflated > limits.max_docx_compression_ratio * max(compressed, 1):
        raise ExtractionError("the Word document is compressed suspiciously well (a zip bomb?)", "zip_bomb")


def _inflated_size(data: bytes, infos: list[zipfile.ZipInfo], limit: int) -> int:
    """The bytes every member inflates to, counted chunk by chunk; ExtractionError once past `limit`."""
    view = memoryview(data)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ExtractionError("the Word document is encrypted and cannot be read", "encrypted")
        start = info.header_offset
        try:
            signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
        except struct.error:
            raise _damaged_zip() from None
        if signature != b"PK\x03\x04":
            raise _damaged_zip()
        start += _LOCAL_HEADER.size + name_length + extra_length
        raw = view[start : start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            total += len(raw)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                for offset in range(0, len(raw), _INFLATE_CHUNK):
                    pending: bytes | memoryview = raw[offset : offset + _INFLATE_CHUNK]
                    while pending:
                        total += len(inflater.decompress(pending, _INFLATE_CHUNK))
                        if total > limit:
                            raise _too_big_by(limit)
                        pending = inflater.unconsumed_tail
                    if inflater.eof:
                        break
            except zlib.error:
                raise _damaged_zip() from None
        else:
            raise ExtractionError(
                "the Word document uses a compression method that is not supported", "corrupt"
            )
        if total > limit:
            raise _too_big_by(limit)
    return total


def _damaged_zip() -> ExtractionError:
    return ExtractionError(
        "the file is a damaged or incomplete zip/Word document and cannot be read", "corrupt"
    )


def _too_big(limits: ExtractionLimits) -> ExtractionError:
    return _too_big_by(limits.max_docx_uncompressed_bytes)


def _too_big_by(limit: int) -> ExtractionError:
    return ExtractionError(
        f"the Word document expands to more than {limit / 2**20:,.0f} MiB; "
        f"at most {limit / 2**20:,.0f} MiB are accepted",
        "zip_bomb",
    )


def _blocks(element: Any, deadline: float, limits: ExtractionLimits) -> Iterator[str]:
    """Lines of a body-like element: one per paragraph, table rows on one line when cells are short."""
    for child in element:
        _check_deadline(deadline, limits)
        tag = child.tag
        if tag == _W_P:
            yield _paragraph_text(child)
            for box in child.iter(_W_TXBX):
                if not _inside_fallback(box, child):
                    yield from _blocks(box, deadline, limits)
        elif tag == _W_TBL:
            columns: list[str] | None = None
            for number, row in enumerate(child.iter(_W_TR)):
                if _nearest(row, _W_TBL) is not child:
                    continue  # rows of nested tables are reached through their cell
                cells = [
                    [
                        line
                        for block in _blocks(cell, deadline, limits)
                        for line in block.split("\n")
                        if line.strip()
                    ]
                    for cell in row.iterchildren(_W_TC)
                ]
                if number == 0 and _is_header_row(cells):
                    columns = [lines[0].strip() if lines else "" for lines in cells]
                    continue
                if columns is not None and len(cells) == len(columns):
                    # "Period | Company | Role" names the columns: each row as "Company: Otto Group | ...",
                    # then the lines of its longer cells (a "Description" column) as the job's details.
                    named = _with_one_dates_cell(list(zip(columns, cells, strict=True)))
                    yield " | ".join(
                        f"{name}: {lines[0].strip()}" if name else lines[0].strip()
                        for name, lines in named
                        if len(lines) == 1
                    )
                    for lines in cells:
                        if len(lines) > 1:
                            yield from lines
                elif all(len(lines) <= 1 for lines in cells):
                    # Short cells ("2019 - Present | Acme | Engineer") read best as one line.
                    yield "  ".join(lines[0] for lines in cells if lines)
                else:
                    # Tables used for page layout hold whole columns; keep their lines.
                    for lines in cells:
                        yield from lines
        elif tag in _W_TRANSPARENT:
            yield from _blocks(child, deadline, limits)


# Column names of a work-history table's header row.
_COLUMN_NAMES = frozenset(
    """
    period dates date duration from to years tenure company employer organisation organization client
    role title position designation job location city place
    """.split()
)


# A range's two ends in columns of their own: "From" | "To", "Start Date" | "End Date".
_RANGE_COLUMNS = {("from", "to"), ("from date", "to date"), ("start", "end"), ("start date", "end date")}


def _with_one_dates_cell(named: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """A row's (column, cell lines) with a "From" and a "To" cell side by side written as one "Dates" cell
    ("From: 05/2017 | To: present" -> "Dates: 05/2017 - present"), so the range reads as one."""
    out: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(named):
        name, lines = named[index]
        if index + 1 < len(named):
            following, after = named[index + 1]
            pair = (name.strip().lower().rstrip(":"), following.strip().lower().rstrip(":"))
            if pair in _RANGE_COLUMNS and len(lines) == 1 and len(after) == 1:
                out.append(("Dates", [f"{lines[0].strip()} - {after[0].strip()}"]))
                index += 2
                continue
        out.append((name, lines))
        index += 1
    return out


def _is_header_row(cells: list[list[str]]) -> bool:
    """A first row of short cells, most of them column names ("Period", "Company", "Job Title")."""
    if len(cells) < 2 or not all(len(lines) == 1 for lines in cells):
        return False
    names = [lines[0].strip().lower().rstrip(":") for lines in cells]
    known = sum(
        any(word in _COLUMN_NAMES for word in name.split()) and len(name.split()) <= 3 for name in names
    )
    return known >= 2 and known >= len(names) - 1


def _paragraph_text(paragraph: Any) -> str:
    parts: list[str] = []
    for node in paragraph.iter(_W_T, _W_TAB, _W_BR, _W_CR):
        # Text-box paragraphs nest inside this one; they are emitted separately.
        if _nearest(node, _W_P) is not paragraph or _inside_fallback(node, paragraph):
            continue
        if node.tag == _W_T:
            parts.append(node.text or "")
        elif node.tag == _W_TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _nearest(node: Any, tag: str) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _inside_fallback(node: Any, stop: Any) -> bool:
    # mc:AlternateContent repeats a text box as a legacy VML fallback; read only the modern choice.
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False
