"""Text extraction: real resumes from the shared data, and hostile files each refused with a clear reason."""

from __future__ import annotations

import csv
import io
import pickle
import random
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from app.parsing.extract import (
    DOCX,
    PDF,
    TEXT,
    ExtractionError,
    ExtractionLimits,
    check_docx_package,
    clean_text,
    detect_content_type,
    extract_text,
    extract_text_async,
)
from app.parsing.shared_data import shared_data_dir
from tests.resume_samples import docx_bomb

DATA = shared_data_dir()
LIVECAREER_PDF = DATA / "resumes" / "livecareer" / "ACCOUNTANT" / "10554236.pdf"
RESUME_CSV = DATA / "resumes" / "updated_resume_dataset.csv"
needs_data = pytest.mark.skipif(not LIVECAREER_PDF.exists(), reason="shared data not available")


@pytest.fixture(scope="module")
def real_pdf() -> bytes:
    if not LIVECAREER_PDF.exists():
        pytest.skip("shared data not available")
    return LIVECAREER_PDF.read_bytes()


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Q. Doe | jane.doe@example.com | +1 415 555 0100"
    document.add_heading("Experience", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ("Jan 2019 - Present", "Acme Corp", "Senior Engineer"), strict=True
    ):
        cell.text = text
    document.add_paragraph("Built data pipelines in Python and PostgreSQL.")
    document.add_heading("Skills", level=1)
    document.add_paragraph("Kubernetes, C++, Node.js")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _reason(data: bytes, limits: ExtractionLimits | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, limits) if limits else extract_text(data)
    return caught.value


# --- real files -----------------------------------------------------------------------------------


@needs_data
def test_livecareer_pdf_keeps_visual_lines(real_pdf: bytes) -> None:
    result = extract_text(real_pdf)
    assert result.content_type == PDF
    assert result.pages and result.pages >= 1
    assert result.text.startswith("ACCOUNTANT")
    # Layout mode keeps a job's dates on one line instead of one fragment per line.
    assert any("to" in line and "2012" in line for line in result.text.splitlines())


def test_docx_built_with_python_docx() -> None:
    data = _docx_bytes()
    assert detect_content_type(data) == DOCX
    text = extract_text(data).text
    assert text.splitlines()[0].startswith("Jane Q. Doe")  # the page header comes first
    assert "Jan 2019 - Present  Acme Corp  Senior Engineer" in text  # a short table row is one line
    assert "Kubernetes, C++, Node.js" in text


@needs_data
def test_mojibake_rows_of_the_resume_csv_are_repaired() -> None:
    with RESUME_CSV.open(encoding="utf-8") as handle:
        rows = [row["Resume"] for row in csv.DictReader(handle)]
    broken = [text for text in rows if "Ã¯" in text or "â\x80" in text][:25]
    assert len(broken) >= 10
    for raw in broken:
        repaired = extract_text(raw.encode("utf-8")).text
        assert "Ã¯" not in repaired and "â\x80" not in repaired
    assert "Naïve Bayes" in extract_text(rows[0].encode("utf-8")).text


def test_legacy_encoding_is_detected() -> None:
    text = "Name: José García\nSkills: Python, SQL, gestión de proyectos\n" * 3
    assert extract_text(text.encode("cp1252")).text.startswith("Name: José García")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # charset-normalizer alone read these as DOS code pages: "J÷rg M³ller", "Josķ N·±ez", "Lefčvre".
        ("Jörg Müller\nSoftware Engineer at Siemens, München\n2015 - 2020\nSkills: Python, SQL\n", "latin-1"),
        ("José Núñez\nIngeniero de software, España\nExperiencia 2015 - 2020\n", "latin-1"),
        ("René Lefèvre\nIngénieur logiciel — Société Générale, Paris\n« Expérience » 2012–2019\n", "cp1252"),
        # ... and the other code pages still come back as written.
        ("Łukasz Wiśniewski\nProgramista, Kraków\nDoświadczenie: 2015 - 2020, Comarch\n", "cp1250"),
        ("Ayşe Yılmaz\nYazılım Mühendisi, İstanbul\nDeneyim: 2015 - 2020\n", "cp1254"),
        ("Иван Петров\nРазработчик программного обеспечения, Москва\nОпыт работы: 2015 - 2020\n", "cp1251"),
        ("Γιώργος Παπαδόπουλος\nΜηχανικός λογισμικού, Αθήνα\nΕμπειρία 2015 - 2020\n", "cp1253"),
    ],
)
def test_short_legacy_text_reads_as_written(text: str, encoding: str) -> None:
    assert extract_text(text.encode(encoding)).text.splitlines()[0] == text.splitlines()[0]


def test_clean_text_repairs_lost_byte_mojibake_and_whitespace() -> None:
    assert clean_text("Company Name ï¼\u200b City , State") == "Company Name - City , State"
    assert clean_text("CafÃ©\r\n\r\n\r\n\r\nÂ Managed\tteam") == "Café\n\nManaged  team"


# --- hostile files --------------------------------------------------------------------------------


@needs_data
def test_encrypted_pdf_is_refused(real_pdf: bytes) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real_pdf)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    error = _reason(buffer.getvalue())
    assert error.code == "encrypted"
    assert "password" in error.reason


@needs_data
def test_owner_password_only_pdf_is_read(real_pdf: bytes) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real_pdf)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert extract_text(buffer.getvalue()).text.startswith("ACCOUNTANT")


@needs_data
def test_truncated_pdf_is_refused(real_pdf: bytes) -> None:
    error = _reason(real_pdf[: len(real_pdf) // 2])
    assert error.code == "truncated"
    assert error.reason == "the PDF is incomplete (the upload was probably cut short)"


def test_corrupt_pdf_is_refused() -> None:
    error = _reason(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage\nxref\n%%EOF\n")
    assert error.code == "corrupt"
    assert error.reason == "the PDF is damaged and cannot be read"


def test_png_renamed_pdf_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    assert detect_content_type(png) is None
    error = _reason(png)
    assert error.code == "unsupported_type"
    assert error.reason == "the file is not a PDF, DOCX or text file (it is a PNG image)"


def test_jpeg_and_legacy_doc_are_named() -> None:
    assert "JPEG image" in _reason(b"\xff\xd8\xff\xe0" + bytes(32)).reason
    assert ".doc" in _reason(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(32)).reason


def test_scanned_pdf_without_text_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    error = _reason(buffer.getvalue())
    assert error.code == "no_text"
    assert "scanned" in error.reason


def test_pdf_page_limit() -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    error = _reason(buffer.getvalue(), ExtractionLimits(max_pages=2))
    assert error.code == "too_many_pages"
    assert error.reason == "the PDF has 3 pages; at most 2 are accepted for a resume"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_docx_zip_bomb_is_refused_by_ratio() -> None:
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<" + b"\x00" * (8 * 2**20)})
    assert len(bomb) < 64 * 1024
    error = _reason(bomb)
    assert error.code == "zip_bomb"
    assert "compressed suspiciously well" in error.reason


def test_docx_zip_bomb_is_refused_by_size() -> None:
    data = _zip({"word/document.xml": random.Random(7).randbytes(2 * 2**20)})
    error = _reason(data, ExtractionLimits(max_docx_uncompressed_bytes=2**20))
    assert error.code == "zip_bomb"
    assert error.reason == "the Word document expands to more than 1 MiB; at most 1 MiB are accepted"


def test_plain_zip_and_truncated_docx_are_refused() -> None:
    assert detect_content_type(_zip({"notes.txt": b"hello"})) is None
    assert _reason(_zip({"notes.txt": b"hello"})).code == "unsupported_type"
    data = _docx_bytes()
    assert _reason(data[: len(data) // 2]).code == "corrupt"


def test_invalid_utf8_binary_text_is_refused() -> None:
    junk = bytes(range(0x80, 0x100)) * 40
    assert detect_content_type(junk) is None
    error = _reason(junk)
    assert error.code == "bad_encoding"
    assert "not valid UTF-8" in error.reason


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_its_byte_order_mark_is_text(codec: str) -> None:
    # Refused before as "not a PDF, DOCX or plain-text resume" (its NULs read as binary data).
    resume = "山田 太郎\nZoë Müller\nData Engineer\ntaro.yamada@example.jp\n\nSkills: Python, Go\n"
    data = resume.encode(codec)
    assert detect_content_type(data) == TEXT
    assert extract_text(data).text.startswith("山田 太郎\nZoë Müller\nData Engineer")
    # NULs in both places are a binary file's, and an odd length is no UTF-16.
    assert detect_content_type(random.Random(7).randbytes(4000)) is None
    assert detect_content_type(data + b"x") is None


def test_control_characters_mean_binary() -> None:
    assert _reason(bytes(range(1, 32)) * 50).code == "unsupported_type"


def test_empty_and_too_long_text() -> None:
    assert _reason(b"").reason == "the file is empty"
    error = _reason(b"word " * 1000, ExtractionLimits(max_chars=1000))
    assert error.code == "too_long"


def test_detect_content_type() -> None:
    assert detect_content_type(b"%PDF-1.4\n...") == PDF
    assert detect_content_type(b"Jane Doe\nPython developer\n") == TEXT
    assert detect_content_type(b"\xff\xfeJ\x00a\x00n\x00e\x00") == TEXT  # UTF-16 with BOM
    assert detect_content_type(b"GIF89a" + bytes(20)) is None
    assert detect_content_type(bytes(range(256)) * 4) is None


@needs_data
async def test_time_limit_applies(real_pdf: bytes) -> None:
    with pytest.raises(ExtractionError) as caught:
        await extract_text_async(real_pdf, ExtractionLimits(timeout_seconds=0.000_001))
    assert caught.value.code == "timeout"
    result = await extract_text_async(real_pdf)
    assert result.text.startswith("ACCOUNTANT")


def test_shared_data_dir_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SHARED_DATA_DIR", str(tmp_path))
    assert shared_data_dir() == tmp_path


@pytest.fixture(scope="module")
def lying_bomb() -> bytes:
    """200 KB that inflates to 200 MiB, its headers claiming the big member holds 1,000 bytes."""
    return docx_bomb(200 * 2**20, declared_bytes=1000)


def test_docx_bomb_is_refused_by_the_bytes_it_really_inflates_to(lying_bomb: bytes) -> None:
    assert len(lying_bomb) < 300 * 1024
    with zipfile.ZipFile(io.BytesIO(lying_bomb)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 1024 * 1024  # what it claims
    tracemalloc.start()
    try:
        with pytest.raises(ExtractionError) as caught:
            check_docx_package(lying_bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "zip_bomb"
    assert caught.value.reason == "the Word document expands to more than 50 MiB; at most 50 MiB are accepted"
    # Streamed: inflating stops at the limit and never holds more than a chunk or two.
    assert peak < 2 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    assert _reason(lying_bomb).code == "zip_bomb"


def test_extraction_errors_survive_the_process_boundary() -> None:
    """The worker extracts in subprocesses: an error that cannot be unpickled would break its pool."""
    reason = "the PDF is damaged and cannot be read"
    error = pickle.loads(pickle.dumps(ExtractionError(reason, "corrupt")))
    assert (error.reason, error.code, str(error)) == (reason, "corrupt", reason)
