"""What keeps ``kg serve`` from being stalled or used by other web pages.

* :class:`RequestGuard` (ASGI middleware) refuses with 403 a request whose ``Host`` is not one
  of the server's names (a web page that rebinds its own DNS name to 127.0.0.1 sends its own
  name) and a request that is not a simple read (anything but GET, HEAD, OPTIONS) from another
  origin: a page elsewhere can post a form to the endpoint without asking, and it would run.
  Origins named by ``--cors`` may post.  Every response says it may not be framed
  (``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``) and is not to be sniffed.
* :func:`guarded_h11` makes uvicorn's HTTP/1.1 protocol close a connection whose request (head
  and body) has not arrived whole within a time limit, also before the first request and
  between requests: a client that sends a byte now and then (slowloris) or nothing at all
  holds a connection for that long at most.  uvicorn's own keep-alive timeout stops counting
  at the first byte.
"""

from __future__ import annotations

import asyncio
import ipaddress

#: headers every response carries (a Content-Security-Policy of its own is kept; one that is
#: missing gets ``frame-ancestors 'none'``, which a <meta> policy cannot set)
SECURITY_HEADERS = ((b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"))
FRAME_POLICY = b"frame-ancestors 'none'"
#: methods a page on another site may use (reads); anything else from there is refused
SIMPLE_READS = frozenset({"GET", "HEAD", "OPTIONS"})
#: largest request head (request line and headers) a client may send, in bytes
MAX_HEAD = 16 * 1024
#: seconds a refused connection is kept to read and drop what its client still sends
LINGER = 2.0


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and any loopback address (127.0.0.0/8, ::1), brackets or not."""
    host = host.strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_hosts(host: str, port: int) -> tuple[str, ...]:
    """The ``Host`` headers a browser sends for a server on loopback ``host``:``port``: the
    loopback names with the port (``127.0.0.1``, ``localhost``, ``[::1]`` and ``host``
    itself), and without it for port 80."""
    address = f"[{host.strip('[]')}]" if ":" in host else host
    names = list(dict.fromkeys(("127.0.0.1", "localhost", "[::1]", address.lower())))
    hosts = [f"{name}:{port}" for name in names]
    if port == 80:
        hosts += names
    return tuple(hosts)


class RequestGuard:
    """ASGI middleware: the Host check, the cross-origin refusal and the security headers.

    Args:
        app: the application guarded.
        allowed_hosts: ``Host`` headers accepted (exactly, port included); None accepts any.
        cors: origins that may also send requests other than reads (``*``: any).
    """

    def __init__(self, app, allowed_hosts: tuple[str, ...] | None = None,
                 cors: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts} if allowed_hosts else None
        self.cors = set(cors)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)

        async def send_guarded(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", FRAME_POLICY))
                message = {**message, "headers": headers}
            await send(message)

        if refusal is None:
            await self.app(scope, receive, send_guarded)
            return
        body = (refusal + "\n").encode()
        await send_guarded({"type": "http.response.start", "status": 403, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode())]})
        await send_guarded({"type": "http.response.body", "body": body})

    def refusal(self, scope) -> str | None:
        """Why the request is refused (one line), or None."""
        headers = {}
        for name, value in scope.get("headers") or ():
            headers.setdefault(name.lower(), value.decode("latin-1"))
        host = headers.get(b"host", "")
        if self.allowed is not None and host.lower() not in self.allowed:
            return (f"refused: Host {host!r} is not this server's name; open the URL kg serve "
                    "printed (loopback names only)")
        origin = headers.get(b"origin")
        if scope["method"] in SIMPLE_READS or origin is None:
            return None  # a client that is not a browser page sends no Origin
        if origin == f"{scope.get('scheme', 'http')}://{host}" or "*" in self.cors \
                or origin in self.cors:
            return None
        return (f"refused: a {scope['method']} from another origin ({origin}); pages elsewhere "
                "may only read (GET), unless allowed with kg serve --cors ORIGIN")


def guarded_h11(request_timeout: float):
    """uvicorn's h11 protocol class, closing connections whose request takes longer than
    ``request_timeout`` seconds to arrive (idle connections included)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _request_timer: asyncio.TimerHandle | None = None
        _refused = False

        def _arm(self) -> None:
            self._disarm()
            self._request_timer = self.loop.call_later(request_timeout, self._expire)

        def _disarm(self) -> None:
            if self._request_timer is not None:
                self._request_timer.cancel()
                self._request_timer = None

        def _expire(self) -> None:
            self._request_timer = None
            if self.transport.is_closing():
                return
            if self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE:
                partial = bool(self.conn.trailing_data[0])
                if partial:  # half a request head: say why before closing
                    self.transport.write(b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                                         b"Content-Length: 0\r\n\r\n")
            self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return  # the rest of a refused head: read and dropped (see _refuse)
            if self.conn.their_state is h11.IDLE and self._head_too_long(data):
                self._refuse(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                             b"Connection: close\r\nContent-Length: 0\r\n\r\n")
                return
            super().data_received(data)

        def _refuse(self, answer: bytes) -> None:
            # A lingering close: closing with the client's bytes still unread makes the kernel
            # reset the connection, and a reset can reach the client before it reads the answer.
            # So the answer is sent, the writing side shut, and what the client still sends is
            # read and dropped until it closes, or LINGER s at most.
            self._refused = True
            self._disarm()
            self.transport.write(answer)
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self._request_timer = self.loop.call_later(LINGER, self.transport.close)

        def eof_received(self) -> bool | None:
            if self._refused:
                self.transport.close()
                return None
            return super().eof_received()

        def _head_too_long(self, data: bytes) -> bool:
            # h11 bounds only a head that is still incomplete; one sent whole is bounded here
            buffered = self.conn.trailing_data[0][:MAX_HEAD + 4] + data[:MAX_HEAD + 4]
            end = buffered.find(b"\r\n\r\n")
            return end > MAX_HEAD or (end == -1 and len(buffered) > MAX_HEAD)

        def handle_events(self) -> None:
            super().handle_events()
            if self.conn.their_state is not h11.IDLE and \
                    self.conn.their_state is not h11.SEND_BODY:
                self._disarm()  # the whole request is in: the answer may take its time

        def on_response_complete(self) -> None:
            self._arm()  # the next request, if any, must arrive in time too
            super().on_response_complete()

    return GuardedH11Protocol
