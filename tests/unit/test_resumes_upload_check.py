"""An upload's check (its type, its text's code page) runs beside the API's event loop, not on it."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from app.errors import UnsupportedMediaType
from app.resumes import service
from app.settings import Settings


async def test_other_requests_are_served_while_an_upload_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check below waits until the loop has run something else: on the loop itself it would wait for ever
    # (every request of the API held up behind one upload), beside it the loop goes on.
    loop_ran = threading.Event()

    def slow_detection(data: bytes) -> str:
        if not loop_ran.wait(timeout=5):
            raise AssertionError("the event loop did not run while the upload was checked")
        return "application/octet-stream"

    monkeypatch.setattr(service, "detect_content_type", slow_detection)

    async def another_request() -> None:
        await asyncio.sleep(0)
        loop_ran.set()

    sessions: Any = None  # never reached: the check refuses the file first
    upload = asyncio.create_task(service.accept_upload(sessions, Settings(), "cv.bin", b"\x00\x01binary"))
    await another_request()
    with pytest.raises(UnsupportedMediaType):
        await asyncio.wait_for(upload, timeout=10)


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("x" * 400 + ".pdf", "x" * 251 + ".pdf"),  # was 255 x's: the download had no extension
        ("../../etc/" + "y" * 300 + ".docx", "y" * 250 + ".docx"),
        ("z" * 300, "z" * 255),
        ("a" * 250 + "." + "b" * 40, ("a" * 250 + "." + "b" * 40)[:255]),  # no extension that long
        ("Zoë Müller – CV.txt", "Zoë Müller – CV.txt"),
        ("..\\..\\cv.txt", "cv.txt"),
        ("   ", "resume"),
    ],
)
def test_a_stored_file_name_is_its_last_part_bounded_with_its_extension(name: str, kept: str) -> None:
    assert service.clean_filename(name) == kept
