"""The preview server against what a browser tab, another web page or a hostile client may send:
a real `timeline serve` process, a real websocket client, raw HTTP for the odd requests.

Each protection here was removed once and its test seen failing (see the commit messages).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import socket
from urllib.parse import quote

import pytest
from test_serve import WAIT, Server
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from conftest import entry


@pytest.fixture
def server(project):
    running = Server(project.root)
    yield running
    running.stop()


def raw(server: Server, method: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One request, headers exactly as given (Host included)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in {"Host": f"127.0.0.1:{server.port}", **(headers or {})}.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def socket_request(server: Server, data: bytes) -> bytes:
    """Bytes sent as they are (ending with a Connection: close request); what comes back."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(data)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def run(coroutine):
    """asyncio.run on a thread of its own (another test may leave a loop running on this one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _open_socket(server: Server, host: str | None = None, origin: str | None = None):
    headers = {"Host": host or f"127.0.0.1:{server.port}", "Origin": origin or f"http://127.0.0.1:{server.port}"}
    return await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload", headers=headers))


def _socket_status(server: Server, **headers) -> int:
    async def attempt():
        try:
            connection = await _open_socket(server, **headers)
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 101
    return run(attempt())


# -- 1: a failed rebuild reaches the open tab --------------------------------------------------

def test_a_save_that_breaks_the_build_reloads_the_open_page_and_so_does_the_fix(server):
    async def scenario():
        tab = await _open_socket(server)
        await tab.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(await tab.read_message())["command"] == "hello"
        await tab.write_message(json.dumps({"command": "info", "url": server.url("/"), "plugins": {}}))
        await asyncio.sleep(0.2)
        page = server.root / "content/japan-agreement.md"
        page.write_text(entry(date="June 2024"), encoding="utf-8")
        broken = json.loads(await asyncio.wait_for(tab.read_message(), WAIT))
        page.write_text(entry(title="Fixed"), encoding="utf-8")
        fixed = json.loads(await asyncio.wait_for(tab.read_message(), WAIT))
        tab.close()
        return broken, fixed
    broken, fixed = run(scenario())
    assert broken["command"] == "reload" and fixed["command"] == "reload"
    assert "build failed" in server.log.read_text()


# -- 2: every route checks Host, the websocket its Origin too ----------------------------------

@pytest.mark.parametrize("path", ["/", "/events/japan-agreement/", "/livereload.js", "/forcereload?path=*"])
def test_every_route_refuses_a_foreign_host(server, path):
    assert raw(server, "GET", path, {"Host": "evil.example"})[0] == 400
    assert raw(server, "GET", path, {"Host": f"evil.example:{server.port}"})[0] == 400
    assert raw(server, "GET", path)[0] == 200


@pytest.mark.parametrize("name", ["LOCALHOST", "localhost.", "LocalHost.", "127.0.0.1", "[::1]"])
def test_our_own_names_in_any_case_are_served(server, name):
    assert raw(server, "GET", "/", {"Host": f"{name}:{server.port}"})[0] == 200


def test_the_websocket_refuses_a_foreign_host_or_origin(server):
    assert _socket_status(server) == 101
    assert _socket_status(server, host="evil.example", origin="http://evil.example") == 400
    assert _socket_status(server, origin="http://evil.example") == 403
    assert _socket_status(server, origin=f"http://evil.example:{server.port}") == 403
    assert _socket_status(server, origin="null") == 403


# -- 3: what a client sends never reaches the terminal raw -------------------------------------

def test_a_clients_messages_and_paths_reach_the_log_escaped(server):
    async def scenario():
        tab = await _open_socket(server)
        for message in ['{"command": "info", "url": "\\u001b[31mbuild failed\\nrun: curl x | sh"}',
                        "not json \x1b[2J", "[1, 2]", '{"command": 5}']:
            await tab.write_message(message)
        await asyncio.sleep(0.3)
        tab.close()
    run(scenario())
    for path in ("/\x1b[31mred", "/\x1b]0;owned\x07/"):  # raw bytes in the request line: logged by Tornado
        socket_request(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                               "Connection: close\r\n\r\n".encode())
    raw(server, "GET", "/nowhere/%1b[2J/", {"Host": "evil\x1b[5m.example"})
    log = server.log.read_text()
    assert "\x1b" not in log
    assert not any(line.startswith("run: curl") for line in log.splitlines())
    assert "Traceback" not in log


# -- 4: odd requests get a status, never a 500 or a closed connection --------------------------

@pytest.mark.parametrize("path", ["/%00", "/a%00/", "/events/%00x/", "/%00.html"])
def test_a_nul_in_the_path_is_a_client_error(server, path):
    assert raw(server, "GET", path)[0] in (400, 404)
    assert "Traceback" not in server.log.read_text()


def test_a_long_address_is_414_and_long_headers_431(server):
    assert raw(server, "GET", "/" + "a" * 100_000)[0] == 414
    assert raw(server, "GET", "/", {"X-Big": "b" * 200_000})[0] == 431


def test_head_says_the_same_length_as_get(server):
    for path in ("/", "/events/japan-agreement/", "/static/style.css", "/no/such/"):
        _, head, _ = raw(server, "HEAD", path)
        _, got, body = raw(server, "GET", path)
        assert head.get("Content-Length") == got.get("Content-Length") == str(len(body)), path


def test_while_a_build_has_failed_a_missing_page_is_404_with_the_panel(server):
    server.root.joinpath("content/japan-agreement.md").write_text(entry(date="June 2024"), encoding="utf-8")
    server.wait_for(lambda: "timeline-problems" in server.get("/")[1], "the problem panel")
    status, headers, body = raw(server, "GET", "/no/such/page/")
    assert status == 404 and b"timeline-problems" in body
    _, head, _ = raw(server, "HEAD", "/")
    assert head["Content-Length"] == str(len(raw(server, "GET", "/")[2]))


# -- 11: a bounded fuzz of paths, headers and websocket messages -------------------------------

PIECES = ["", "/", "..", "%2e%2e", "%2f", "%00", "%ff", "\\", "events", "japan-agreement", "index.html",
          "static", "style.css", "../timeline.toml", "%2e%2e%2fseeds", "?", "#", ";", "%", "%%", "é", "\t",
          "livereload", "livereload.js", "forcereload", "404.html", "..%5c", "~", "*", "a" * 300]


def test_fuzzed_requests_never_fail_the_server_or_leak_a_file(server):
    secret = "SECRET-0f6c1d outside the output"
    (server.root / "secret.txt").write_text(secret, encoding="utf-8")
    (server.root / "content/notes.txt").write_text(secret, encoding="utf-8")
    rng = random.Random(int(os.environ.get("SERVE_FUZZ_SEED", "1604")))
    statuses = []
    for _ in range(int(os.environ.get("SERVE_FUZZ_REQUESTS", "300"))):
        path = "/" + "/".join(rng.choice(PIECES) for _ in range(rng.randint(0, 5)))
        path = "".join(c if c.isascii() and c.isprintable() and c != " " else quote(c) for c in path)
        headers = rng.choice([{}, {"Range": "bytes=0-3"}, {"If-None-Match": "*"}, {"Accept-Encoding": "gzip"},
                              {"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}, {"Range": "bytes=-99999999"},
                              {"Host": rng.choice(["", ":", "127.0.0.1", f"127.0.0.1:{server.port}.", "[::1"])}])
        status, _, body = raw(server, rng.choice(["GET", "HEAD", "POST", "OPTIONS"]), path, headers)
        statuses.append(status)
        assert status < 500, (path, headers, status)
        assert secret.encode() not in body, path

    async def messages():
        tab = await _open_socket(server)
        for _ in range(int(os.environ.get("SERVE_FUZZ_REQUESTS", "300")) // 3):
            choice = rng.random()
            message = (json.dumps({"command": rng.choice(["hello", "info", "reload", None, 3]),
                                   "url": "".join(chr(rng.randrange(0, 0x3000)) for _ in range(20))})
                       if choice < 0.6 else "".join(chr(rng.randrange(0, 0x100)) for _ in range(rng.randint(0, 50))))
            await tab.write_message(message)
        await tab.write_message(json.dumps({"command": "hello"}))
        reply = await asyncio.wait_for(tab.read_message(), WAIT)  # still answering after all that
        tab.close()
        return reply
    assert json.loads(run(messages()))["command"] == "hello"
    assert server.get("/")[0] == 200
    log = server.log.read_text()
    assert "Traceback" not in log and "\x1b" not in log
    assert 200 in statuses and any(400 <= s < 500 for s in statuses)


def test_log_lines_of_livereload_and_tornado_are_escaped():
    """Whatever those libraries log (a request's address in an error, say) stays one visible line."""
    import logging

    from generator.preview.http import _VisibleFormatter

    record = logging.LogRecord("tornado.application", logging.ERROR, __file__, 1,
                               "Uncaught exception GET %s", ("/\x1b[31mred\nbuild failed: run x",), None)
    line = _VisibleFormatter("%(message)s").format(record)
    assert "\x1b" not in line and "\n" not in line and "\\x1b[31mred\\nbuild failed" in line
