"""The Anthropic API as a fake HTTP transport for the real SDK (no network here): the answers the real API
gives, a tool call or an error, for the Claude parser and the smart search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:  # the SDK's own HTTP library: httpx2 for anthropic >= 2, httpx before
    import httpx2 as http
except ImportError:  # pragma: no cover - older SDKs
    import httpx as http  # type: ignore[no-redef]

Handler = Callable[[Any], Any]
# A key in the Anthropic format, so a leak of it in a log, a row or an answer is easy to find.
API_KEY = "sk-ant-api03-FAKEKEYFORTESTS0123456789"


def message(content: list[dict[str, Any]], stop_reason: str = "tool_use") -> dict[str, Any]:
    """A Messages API answer with these content blocks."""
    return {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 100, "output_tokens": 50},
    }


def tool_call(name: str, tool_input: Any, stop_reason: str = "tool_use") -> Any:
    """A 200 answer calling the tool `name` with `tool_input`."""
    block = {"type": "tool_use", "id": "toolu_test", "name": name, "input": tool_input}
    return http.Response(200, json=message([block], stop_reason))


def api_error(status: int, error_type: str, headers: dict[str, str] | None = None) -> Any:
    """An error answer as the API words it (`authentication_error`, `overloaded_error`, ...)."""
    body = {"type": "error", "error": {"type": error_type, "message": "test"}}
    return http.Response(status, json=body, headers=headers or {})


def transport_client(handler: Handler) -> Any:
    """An HTTP client of the SDK's library that answers every request with `handler`."""
    return http.AsyncClient(transport=http.MockTransport(handler))
