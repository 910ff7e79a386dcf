#!/usr/bin/env python3
"""Events through the production runtime: N won deals posted to the intake, two workers,
Temporal's dev server, fake CRM and ERP servers in this process. Prints events a second,
p50/p95 from intake to an event's last write, and where the CPU time went.

    scripts/install-deps.sh                 # the Temporal runtime in target/temporal-venv
    target/temporal-venv/bin/python benches/temporal/run.py [--events 10000] [--workers 2] [--rate R]

Each event is an opportunity set to Closed Won with one or two line items: the flow looks
its account up in the CRM and creates a reservation in the ERP per line item. The ERP
behaves as an API with idempotency keys does (a key seen before creates nothing); every
write must arrive, each created once, or the run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / "target/temporal-venv/bin"
ACCOUNTS = {
    "0015g00000AbC9dAAF": {"Id": "0015g00000AbC9dAAF", "Name": "Riverside Mall Management LLC", "ErpCustomerNumber": "0000104711"},
    "0015g00000AbC7eAAF": {"Id": "0015g00000AbC7eAAF", "Name": "Harbor Hotel Group", "ErpCustomerNumber": "0000104835"},
}


class Systems:
    """The fake CRM (token, accounts) and ERP (reservations, once per key)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.created: dict[str, float] = {}  # idempotency key -> when created
        self.arrivals = 0

    def serve(self) -> int:
        systems = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                account = ACCOUNTS.get(self.path.rsplit("/", 1)[-1])
                self.reply(200, account) if account else self.reply(404, {"error": "not found"})

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.endswith("/oauth2/token"):
                    return self.reply(200, {"access_token": "tok"})
                key = self.headers.get("Idempotency-Key", "")
                with systems.lock:
                    systems.arrivals += 1
                    systems.created.setdefault(key, time.monotonic())
                self.reply(201, {"ReservationNumber": key[-12:]})

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                # A switchboard process that ends drops its kept-alive connections.
                if not isinstance(sys.exc_info()[1], ConnectionResetError):
                    super().handle_error(request, client_address)

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server.server_address[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


def cpu_seconds(pid: int) -> tuple[float, float]:
    """(own, reaped children's) user + system seconds of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


def event(i: int) -> dict:
    items = [{"Name": "Oak park bench 180 cm", "ProductCode": "BENCH-OAK-180", "Quantity": 1 + i % 40, "UnitPrice": 890.0}]
    if i % 2:
        items.append({"Name": "Ground anchor kit", "ProductCode": "ANCHOR-KIT-4", "Quantity": 1 + i % 40, "UnitPrice": 70.0})
    return {
        "Id": f"006BENCH{i:010d}",
        "AccountId": list(ACCOUNTS)[i % 2],
        "Amount": 960.0 * (1 + i % 40),
        "CloseDate": "2026-11-20",
        "CurrencyIsoCode": "USD",
        "IsWon": True,
        "LineItems": items,
        "Name": f"Bench deal {i}",
        "RequestedDeliveryDate": "2026-12-15",
        "ShippingPlant": "1000 Riverton",
        "StageName": "Closed Won",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=0.0, help="events a second to post (default: as fast as the intake takes them)")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--no-default-features", "--quiet"], cwd=REPO, check=True)
    switchboard = str(REPO / "target/release/switchboard")
    systems = Systems()
    port = systems.serve()
    tmp = Path(tempfile.mkdtemp(prefix="switchboard-temporal-bench-"))
    workspace = tmp / "workspace"
    shutil.copytree(REPO / "flows", workspace)
    text = (workspace / "systems.ron").read_text()
    text = text.replace("https://riverton--uat.crm.example.com/services/data/v61.0", f"http://127.0.0.1:{port}/crm")
    text = text.replace("https://erp-qa.riverton.example/api/v2", f"http://127.0.0.1:{port}/erp")
    # The ERP's daily limit would hold 10,000 events for days: lifted for the benchmark.
    text = text.replace("api_calls_per_day: Some(20000)", "api_calls_per_day: None")
    (workspace / "systems.ron").write_text(text)
    bundle = tmp / "bundle"
    subprocess.run([switchboard, "export", "temporal", str(workspace), "--out", str(bundle), "--time-zone", "UTC"], stdout=subprocess.DEVNULL)

    temporal, intake = free_port(), free_port()
    env = dict(os.environ, CRM_CLIENT_SECRET="s", ERP_API_KEY="k", PYTHONUNBUFFERED="1")
    logs = open(tmp / "processes.log", "w")
    server = subprocess.Popen(
        [str(VENV / "temporal"), "server", "start-dev", "--headless", "--ip", "127.0.0.1", "--port", str(temporal),
         "--http-port", str(free_port()), "--metrics-port", str(free_port()), "--log-level", "error"],
        stdout=logs, stderr=logs)
    wait_for(temporal)
    runtime = REPO / "runtime/temporal"
    common = ["--bundle", str(bundle), "--address", f"127.0.0.1:{temporal}"]
    workers = [
        subprocess.Popen([str(VENV / "python"), "worker.py", *common, "--switchboard", switchboard, "--environment", "test"],
                         cwd=runtime, env=env, stdout=logs, stderr=logs)
        for _ in range(args.workers)
    ]
    ingress = subprocess.Popen([str(VENV / "python"), "ingress.py", *common, "--listen", f"127.0.0.1:{intake}"],
                               cwd=runtime, env=env, stdout=logs, stderr=logs)
    wait_for(intake)
    time.sleep(2)  # the workers connect

    events = [event(i) for i in range(args.events)]
    writes_of = {e["Id"]: len(e["LineItems"]) for e in events}
    posted: dict[str, float] = {}

    def post(e: dict) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{intake}/events/sales_crm/Opportunity/updated",
            data=json.dumps(e).encode(), headers={"Content-Type": "application/json"}, method="POST")
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 202, answer.read()
        posted[e["Id"]] = started

    def paced(i_e: tuple[int, dict]) -> None:
        i, e = i_e
        if args.rate:
            time.sleep(max(0.0, started + i / args.rate - time.monotonic()))
        post(e)

    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(paced, enumerate(events)))
    intake_done = time.monotonic()
    expected = sum(writes_of.values())
    while len(systems.created) < expected:
        if time.monotonic() - started > 3600:
            sys.exit(f"only {len(systems.created)} of {expected} writes after an hour; see {tmp}/processes.log")
        time.sleep(0.5)
    finished = max(systems.created.values())
    cpu = {
        "temporal dev server": sum(cpu_seconds(server.pid)),
        "workers (Python)": sum(cpu_seconds(w.pid)[0] for w in workers),
        "switchboard plan/apply processes": sum(cpu_seconds(w.pid)[1] for w in workers),
        "intake (Python)": sum(cpu_seconds(ingress.pid)),
    }
    for p in [ingress, *workers, server]:
        p.terminate()
    last_write: dict[str, float] = {}
    for key, at in systems.created.items():
        event_id = key.split("/")[1]
        last_write[event_id] = max(last_write.get(event_id, 0.0), at)
    latencies = sorted(last_write[i] - posted[i] for i in posted)
    wall = finished - started
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"{args.events} events ({expected} writes) through {args.workers} workers on {os.cpu_count()} cores")
    print(f"  all posted in {intake_done - started:.1f} s; last write after {wall:.1f} s: {args.events / wall:.1f} events/s")
    print(f"  intake to last write: p50 {quantiles[49]:.2f} s, p95 {quantiles[94]:.2f} s, max {latencies[-1]:.2f} s")
    print(f"  writes arriving: {systems.arrivals} for {len(systems.created)} created (repeats turned away by key)")
    total = sum(cpu.values())
    print(f"  CPU seconds, {total:.0f} in all ({total / wall:.2f} cores busy on average):")
    for what, seconds in sorted(cpu.items(), key=lambda kv: -kv[1]):
        print(f"    {what:36} {seconds:8.1f}  ({100 * seconds / total:.0f} %)")
    plan_ms, apply_ms = one_plan_and_apply(switchboard, bundle, tmp, env)
    print(f"  one event alone, as separate processes: plan {plan_ms:.0f} ms, apply {apply_ms:.0f} ms (medians of 20)")
    shutil.rmtree(tmp, ignore_errors=True)


def one_plan_and_apply(switchboard: str, bundle: Path, tmp: Path, env: dict) -> tuple[float, float]:
    """Wall milliseconds of `switchboard plan` and `apply` for one event, against the same
    fake systems: the part of an event's time that is Switchboard's own."""
    records = tmp / "one.jsonl"
    records.write_text(json.dumps(event(10**9 - 1)) + "\n")
    plan = [switchboard, "plan", str(bundle / "opportunity-to-reservation.flow.ron"), "--input", str(records),
            "--environment", "test", "--out", str(tmp / "one.json")]
    apply = [switchboard, "apply", str(tmp / "one.json"), "--write", "0", "--environment", "test"]
    timings = {}
    for name, command in [("plan", plan), ("apply", apply)]:
        runs = []
        for _ in range(20):
            started = time.monotonic()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
            runs.append(1000 * (time.monotonic() - started))
        timings[name] = statistics.median(runs)
    return timings["plan"], timings["apply"]


if __name__ == "__main__":
    main()
