"""Switchboard's intake: webhooks and record events in, one workflow per event.

Each route of the bundle's `routes.json` is a path (`/events/sales_crm/Opportunity/updated`,
`/webhooks/pos-sale`) taking a JSON record by POST. The workflow for it is named from the
route's template: the flow, the record's id and a hash of its content. The same event
posted twice names the same workflow, and Temporal refuses to start it again while it runs
or once it completed, so a duplicate is a no-op: answered 200 `"duplicate": true` rather
than 202. A run that failed may be started again by sending the event again. A change to
the record is new content and a new workflow. Several flows on the same event each start.

Senders give the token in `--token-env`'s variable as `Authorization: Bearer TOKEN`. An
event is one JSON object of at most 1 MB with a Content-Length; numbers a record cannot
hold (NaN, 1e400, 29 digits) are refused with 400 here, not failed later.

    python ingress.py --bundle DIR [--listen 127.0.0.1:8787] [--address 127.0.0.1:7233]
                      [--token-env INTAKE_TOKEN]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from worker import FlowEvent

# The largest event taken, as the designer's webhook samples: larger is refused (413).
MAX_BODY = 1 << 20
# A sender that stops mid-request is dropped after this many seconds.
READ_TIMEOUT = 10
# The deepest a record nests (Switchboard's JSON records, README "Files").
MAX_DEPTH = 128
# The largest whole number a record may hold: a decimal's.
LARGEST = 79228162514264337593543950335


class Refused(Exception):
    """An event the intake does not take: the HTTP status and why."""

    def __init__(self, status: int, why: str):
        super().__init__(why)
        self.status = status


def key_text(value) -> str:
    """A record's id as Switchboard writes it into keys (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def workflow_id(route: dict, record: dict) -> str:
    """The route's template filled: {id} the record's id field (`-` without one), {content}
    the first 16 hex digits of the SHA-256 of the record as compact JSON, keys sorted."""
    id_field = route.get("id_field")
    value = record.get(id_field) if id_field else None
    text = "-" if value is None or isinstance(value, (dict, list)) else key_text(value)
    plain = 0 < len(text) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_.") for c in text)
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    content = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return route["workflow_id"].replace("{id}", text if plain else "-").replace("{content}", content)


def read_event(body: bytes) -> dict:
    """The event as a record, or Refused: one JSON object whose numbers Switchboard holds."""

    def refuse_constant(name: str):
        raise Refused(400, f"the event holds {name}, which is no number a record can hold")

    def number(text: str) -> float:
        value = float(text)
        if value in (float("inf"), float("-inf")):
            raise Refused(400, f"the number {text[:40]} is too large for a record")
        return value

    def whole(text: str) -> int:
        value = int(text)
        if abs(value) > LARGEST:
            raise Refused(400, f"the number {text[:40]} is larger than a record's numbers go (7.9E+28)")
        return value

    try:
        record = json.loads(body or b"null", parse_constant=refuse_constant, parse_float=number, parse_int=whole)
    except RecursionError:
        raise Refused(400, "the event is nested too deeply") from None
    except ValueError as e:
        raise Refused(400, f"the event is not JSON: {e}") from None
    if not isinstance(record, dict):
        raise Refused(400, "an event is one JSON object")
    if depth(record) > MAX_DEPTH:
        raise Refused(400, f"the event nests deeper than {MAX_DEPTH} levels, the most a record may")
    return record


def depth(value) -> int:
    """How deeply lists and objects nest in `value`, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class Intake:
    def __init__(self, client: Client, routes: list[dict], loop: asyncio.AbstractEventLoop, token: str | None):
        self.client = client
        # Several flows may start on the same event: each gets its workflow.
        self.routes: dict[str, list[dict]] = {}
        for r in routes:
            self.routes.setdefault(r["path"], []).append(r)
        self.loop = loop
        self.token = token

    def start(self, routes: list[dict], record: dict) -> tuple[int, dict]:
        started = []
        for route in routes:
            wid = workflow_id(route, record)
            event = FlowEvent(flow_file=route["file"], record=record)
            future = asyncio.run_coroutine_threadsafe(
                self.client.start_workflow(
                    "SwitchboardFlow",
                    event,
                    id=wid,
                    task_queue=route["task_queue"],
                    # A run that completed or is running is not started again; one that
                    # failed may be, when the sender delivers the event again.
                    id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
                ),
                self.loop,
            )
            try:
                future.result(timeout=30)
                started.append({"flow": route["flow"], "workflow_id": wid, "started": True})
            except WorkflowAlreadyStartedError:
                started.append({"flow": route["flow"], "workflow_id": wid, "duplicate": True})
        status = 202 if any(s.get("started") for s in started) else 200
        body = {"workflows": started}
        if status == 200:
            body["duplicate"] = True
        return status, body


def handler(intake: Intake):
    class Handler(BaseHTTPRequestHandler):
        timeout = READ_TIMEOUT

        def answer(self, status: int, body: dict, headers: dict | None = None) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                raise Refused(411, "send the event with a Content-Length, not in chunks")
            declared = self.headers.get("Content-Length")
            if declared is None:
                raise Refused(411, "send the event with a Content-Length")
            if not declared.strip().isdigit():
                raise Refused(400, f"Content-Length {declared[:40]!r} is not a number of bytes")
            length = int(declared)
            if length > MAX_BODY:
                raise Refused(413, f"an event may be at most {MAX_BODY} bytes")
            return self.rfile.read(length)

        def authorized(self) -> bool:
            if intake.token is None:
                return True
            given = self.headers.get("Authorization") or ""
            return hmac.compare_digest(given.encode(), f"Bearer {intake.token}".encode())

        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            routes = intake.routes.get(self.path.split("?", 1)[0])
            try:
                if not self.authorized():
                    raise Refused(401, "the intake wants its token: Authorization: Bearer …")
                if routes is None:
                    raise Refused(404, f"no flow takes events at {self.path[:200]}")
                record = read_event(self.body())
            except Refused as e:
                self.close_connection = True
                return self.answer(e.status, {"error": str(e)})
            except OSError:  # the sender went quiet or away mid-body
                self.close_connection = True
                return None
            try:
                status, body = intake.start(routes, record)
            except Exception as e:  # Temporal unreachable: the sender should try again.
                return self.answer(503, {"error": f"the workflow could not be started: {e}"})
            self.answer(status, body)

        def refuse_method(self) -> None:
            self.answer(405, {"error": "events are sent with POST"}, {"Allow": "POST"})

        do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = refuse_method  # noqa: N815

        def log_message(self, format: str, *args) -> None:  # quiet: one line per start is noise
            pass

    return Handler


def listen_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not host:
        sys.exit(f"ingress: --listen {text!r} is not HOST:PORT, e.g. 127.0.0.1:8787")
    return host.strip("[]"), int(port)


def bundle_routes(bundle: Path) -> list[dict]:
    try:
        return json.loads((bundle / "routes.json").read_text(encoding="utf-8"))["routes"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"ingress: {bundle} is not a bundle ({e}): make one with `switchboard export temporal WS --out {bundle}`")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument("--listen", default="127.0.0.1:8787")
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--token-env", help="an environment variable holding the token senders must give (Authorization: Bearer TOKEN)")
    args = parser.parse_args()

    routes = bundle_routes(args.bundle)
    host, port = listen_address(args.listen)
    token = None
    if args.token_env:
        token = os.environ.get(args.token_env)
        if not token:
            sys.exit(f"ingress: --token-env {args.token_env}: that environment variable is not set")
    client = await Client.connect(args.address, namespace=args.namespace)
    intake = Intake(client, routes, asyncio.get_running_loop(), token)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("Server", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True})
    try:
        server = server_class((host, port), handler(intake))
    except OSError as e:
        sys.exit(f"ingress: cannot listen on {host}:{port}: {e.strerror or e}")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = len(intake.routes)
    print(f"ingress: listening on http://{args.listen} for {len(routes)} flow(s) at {paths} path(s)", flush=True)
    if token is None:
        print("ingress: no --token-env: anyone who can reach this address can start flows", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(130)
