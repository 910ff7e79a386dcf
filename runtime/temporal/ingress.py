"""Switchboard's intake: webhooks and record events in, one workflow per event.

Each route of the bundle's `routes.json` is a path (`/events/sales_crm/Opportunity/updated`,
`/webhooks/pos-sale`) taking a JSON record by POST. The workflow for it is named from the
route's template: the flow, the record's id and a hash of its content. The same event
posted twice names the same workflow, and Temporal refuses to start it again (the id may
never be reused), so a duplicate is a no-op: answered 200 `"duplicate": true` rather than
202. A change to the record is new content and a new workflow.

    python ingress.py --bundle DIR [--listen 127.0.0.1:8787] [--address 127.0.0.1:7233]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
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


def workflow_id(route: dict, record: dict) -> str:
    """The route's template filled: {id} the record's id field (`-` without one), {content}
    the first 16 hex digits of the SHA-256 of the record as compact JSON, keys sorted."""
    id_field = route.get("id_field")
    value = record.get(id_field) if id_field else None
    text = "-" if value is None or isinstance(value, (dict, list)) else str(value)
    plain = 0 < len(text) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_.") for c in text)
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    content = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return route["workflow_id"].replace("{id}", text if plain else "-").replace("{content}", content)


class Intake:
    def __init__(self, client: Client, routes: list[dict], loop: asyncio.AbstractEventLoop):
        self.client = client
        self.routes = {r["path"]: r for r in routes}
        self.loop = loop

    def start(self, route: dict, record: dict) -> tuple[int, dict]:
        wid = workflow_id(route, record)
        event = FlowEvent(flow_file=route["file"], record=record)
        future = asyncio.run_coroutine_threadsafe(
            self.client.start_workflow(
                "SwitchboardFlow",
                event,
                id=wid,
                task_queue=route["task_queue"],
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            ),
            self.loop,
        )
        try:
            future.result(timeout=30)
        except WorkflowAlreadyStartedError:
            return 200, {"workflow_id": wid, "duplicate": True}
        return 202, {"workflow_id": wid, "started": True}


def handler(intake: Intake):
    class Handler(BaseHTTPRequestHandler):
        def answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            route = intake.routes.get(self.path.split("?", 1)[0])
            if route is None:
                return self.answer(404, {"error": f"no flow takes events at {self.path}"})
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self.answer(413, {"error": f"an event may be at most {MAX_BODY} bytes"})
            try:
                record = json.loads(self.rfile.read(length) or b"null")
            except ValueError as e:
                return self.answer(400, {"error": f"the event is not JSON: {e}"})
            if not isinstance(record, dict):
                return self.answer(400, {"error": "an event is one JSON object"})
            try:
                status, body = intake.start(route, record)
            except Exception as e:  # Temporal unreachable: the sender should try again.
                return self.answer(503, {"error": f"the workflow could not be started: {e}"})
            self.answer(status, body)

        def log_message(self, format: str, *args) -> None:  # quiet: one line per start is noise
            pass

    return Handler


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", required=True, type=Path)
    parser.add_argument("--listen", default="127.0.0.1:8787")
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--namespace", default="default")
    args = parser.parse_args()

    routes = json.loads((args.bundle / "routes.json").read_text(encoding="utf-8"))["routes"]
    client = await Client.connect(args.address, namespace=args.namespace)
    intake = Intake(client, routes, asyncio.get_running_loop())
    host, port = args.listen.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), handler(intake))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"ingress: listening on http://{host}:{server.server_address[1]} for {len(routes)} route(s)", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(130)
