"""Who may use the page and how its responses protect it: the Host header against the bound address (DNS
rebinding), Origin on every POST (cross-site forms), the access code of a non-loopback server (a token in
the first URL, then a cookie, as Jupyter does), and the headers every response carries."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "docgen_access"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make a form post send Origin: null
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

Page = Callable[[str, int], Response]  # (message, status) -> the page that says it


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_code() -> str:
    """An access code: 128 random bits, short enough to read out."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Hosts:
    """The names a browser may use for this server: the bound address (and localhost's names on
    loopback); on a wildcard address any IP literal and this machine's own names, never a stranger's
    domain name that resolves here (DNS rebinding)."""

    names: frozenset[str]
    port: int
    any_ip: bool = False

    @classmethod
    def bound(cls, host: str, port: int) -> Hosts:
        names = {host.lower().strip("[]")}
        if is_loopback(host):
            names |= set(LOOPBACK_NAMES)
        wildcard = host in ("0.0.0.0", "::", "")
        if wildcard:
            names |= set(LOOPBACK_NAMES) | {socket.gethostname().lower(), socket.getfqdn().lower()}
        return cls(frozenset(names), port, wildcard)

    def allows(self, header: str) -> bool:
        header = header.strip().lower()
        if header.startswith("["):
            name, _, rest = header[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ""
        else:
            name, _, port = header.partition(":") if header.count(":") <= 1 else (header, "", "")
        if (port or "80") != str(self.port):
            return False
        if name in self.names:
            return True
        if self.any_ip:
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False


class Guard:
    """ASGI middleware: Host, Origin and the access code are checked before the app sees a request, and
    every response gets the security headers."""

    def __init__(self, app: ASGIApp, hosts: Hosts, code: str | None, page: Page,
                 login: Callable[[str], Response]) -> None:
        self.app, self.hosts, self.code, self.page, self.login = app, hosts, code, page, login
        self.cookie = hmac.new(code.encode(), b"docgen-cookie", hashlib.sha256).hexdigest() if code else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        refusal = await self._refusal(scope, receive)
        if refusal is not None:
            await refusal(scope, receive, secured)
            return
        await self.app(scope, receive, secured)

    async def _refusal(self, scope: Scope, receive: Receive) -> Response | None:
        headers = Headers(scope=scope)
        if not self.hosts.allows(headers.get("host", "")):
            return self.page("这个地址不能访问本页面：请使用 docgen serve 启动时显示的地址", 421)
        if scope["method"] not in ("GET", "HEAD") and not self._same_origin(headers, scope):
            return self.page("拒绝了来自其他网站的提交：请直接在本页面上操作", 403)
        if not self.code or self._has_cookie(headers) or scope["path"].startswith("/static/"):
            return None  # the stylesheet and the script are the same for everyone (the login page uses them)
        return await self._access(scope, receive)

    def _same_origin(self, headers: Headers, scope: Scope) -> bool:
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        return origin is None or origin == f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"

    def _has_cookie(self, headers: Headers) -> bool:
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and hmac.compare_digest(value.encode(), self.cookie.encode()):
                return True
        return False

    def _valid(self, given: str) -> bool:
        assert self.code is not None
        return hmac.compare_digest(given.strip().encode(), self.code.encode())

    async def _access(self, scope: Scope, receive: Receive) -> Response:
        """No cookie: a token in the URL or the access-code form lets the browser in, else the form."""
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        token = next((value for key, value in query if key == "token"), None)
        if token is not None and scope["method"] == "GET":
            if not self._valid(token):
                return self.login("访问码不对，请向启动 docgen serve 的同事确认")
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            return self._let_in(scope["path"] + (f"?{rest}" if rest else ""))
        if scope["path"] == "/login" and scope["method"] == "POST":
            body = b""
            async for chunk in Request(scope, receive).stream():
                body += chunk
                if len(body) > 4096:
                    return self.page("提交的内容太长", 413)
            given = dict(parse_qsl(body.decode("utf-8", "replace"))).get("code", "")
            if self._valid(given):
                return self._let_in("/")
            return self.login("访问码不对，请向启动 docgen serve 的同事确认")
        if scope["path"] == "/" and scope["method"] in ("GET", "HEAD"):
            return self.login("")
        return self.page("需要访问码：请先打开首页，输入访问码", 403)

    def _let_in(self, target: str) -> Response:
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, self.cookie, httponly=True, samesite="strict", path="/")
        return response

