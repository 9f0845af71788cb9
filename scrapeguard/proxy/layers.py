"""mitmproxy layers of the proxy's own.

A response body held only up to the guard's cap: mitmproxy buffers a body whole before its
`response` hook (an endless stream grew the proxy to gigabytes, and its client got nothing), and
its own limits either refuse the body unaudited (`body_size_limit`) or stream it before any hook
has seen it (`stream_large_bodies`). `CappedHttpStream` holds at most `flow.metadata[CAP_KEY]`
bytes; once a body passes them it asks the addon (`BodyPastCapHook`) to judge what it holds, then
streams the rest behind that head when the decision passes the response unchanged
(`flow.response.stream` set), or answers with the response the addon put in its place (a 451,
a redaction of the head) and breaks the upstream transfer off.

mitmproxy's layers are no promised API: everything here leans on mitmproxy 11's `HttpStream`
(its body buffer, `start_response_stream`, `send_response`), and `install` swaps the class the
HTTP layer makes its streams from.

`Refused`: a connection the guard cannot judge (bytes in a tunnel that are no HTTP) is closed
at once, rather than left waiting for a request that never parses."""

from __future__ import annotations

from dataclasses import dataclass

from mitmproxy import http
from mitmproxy.net.http import status_codes
from mitmproxy.proxy import commands, events, layer
from mitmproxy.proxy.layers import http as http_layers
from mitmproxy.proxy.layers.http import HttpStream, ResponseData, ResponseEndOfMessage, ResponseTrailers, SendHttp
from mitmproxy.proxy.layers.http._events import RequestProtocolError
from mitmproxy.proxy.utils import expect

CAP_KEY = "scrapeguard_cap"


@dataclass
class BodyPastCapHook(commands.StartHook):
    """The response body passed `flow.metadata[CAP_KEY]` bytes: `flow.response.raw_content` holds
    what came so far (still in its content coding). The addon sets `flow.response.stream` to pass
    the response on unchanged (the head, then the rest as it comes), or puts another response in
    its place; either way nothing more is buffered."""

    name = "scrapeguard_body_past_cap"
    flow: http.HTTPFlow


class CappedHttpStream(HttpStream):
    @expect(ResponseData, ResponseTrailers, ResponseEndOfMessage)
    def state_consume_response_body(self, event: events.Event) -> layer.CommandGenerator[None]:
        cap = self.flow.metadata.get(CAP_KEY)
        if (cap is None or not isinstance(event, ResponseData)
                or len(self.response_body_buf) + len(event.data) <= cap):
            yield from super().state_consume_response_body(event)
            return
        response = self.flow.response
        assert response is not None
        self.response_body_buf += event.data
        response.data.content = bytes(self.response_body_buf)
        self.response_body_buf.clear()
        yield BodyPastCapHook(self.flow)
        if self.flow.response is response and response.stream and not self.flow.error:
            head, response.data.content = response.raw_content or b"", None  # held no longer than judged
            yield from self.start_response_stream()
            yield from self.state_stream_response_body(ResponseData(self.stream_id, head))
            return
        # refused, redacted or killed: the rest is not wanted, and never read into memory
        yield SendHttp(RequestProtocolError(self.stream_id, "scrapeguard: rest of the body not wanted",
                                            status_codes.NO_RESPONSE), self.context.server)
        if (yield from self.check_killed(True)):
            return
        yield from self.send_response()
        self.server_state = self.state_errored  # what was read before the break-off is dropped unread


class Refused(layer.Layer):
    """Closes the client's connection as soon as it is given it; nothing of it is relayed."""

    def _handle_event(self, event: events.Event) -> layer.CommandGenerator[None]:
        if isinstance(event, events.Start):
            yield commands.CloseConnection(self.context.client)


def install() -> None:
    """Make mitmproxy's HTTP layer build `CappedHttpStream`s (in this process, from now on)."""
    http_layers.HttpStream = CappedHttpStream  # type: ignore[misc]
