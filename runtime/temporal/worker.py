"""Switchboard's Temporal worker: runs the flows of an exported bundle, each write once.

One fixed program for every flow (nothing here is generated per flow). A workflow runs
for one event: an activity runs `switchboard plan` (the reads and lookups, every formula,
the writes worked out, each with an idempotency key), then one activity per planned write
runs `switchboard apply`, each retried on its own with backoff. The plan travels in the
workflow's history, so a write retried on another worker sends exactly what was planned,
under the same key, and the system (or the ledger of a local write) makes it once.

Planning sends nothing, so it is simply tried again when it fails. `apply` says by its
exit code whether a failure is worth trying again (75) or not (1, 2); the second kind
fails the workflow for a person to look at, with Switchboard's own words.

Writes to a system go through that system's task queue (`routes.json`), which this worker
polls at the rate the system's daily API limit allows.

At start, the worker makes the bundle's `schedules.json` the Temporal schedules named
`switchboard/…`: new ones created, changed ones updated, those of flows no longer in the
bundle deleted. A scheduled run has the same (empty) trigger record every time, so its
writes are keyed by the run's workflow id, which Temporal makes from the schedule's id and
the scheduled time.

    python worker.py --bundle DIR [--switchboard PATH] [--address 127.0.0.1:7233]
                     [--environment production] [--namespace default]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from temporalio import activity, workflow
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleSpec,
    ScheduleUpdate,
)
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

# Exit codes of `switchboard apply` (src/cli/plan.rs).
RETRYABLE = 75


@dataclass
class FlowEvent:
    """One event for one flow: the flow's file in the bundle and the trigger record."""

    flow_file: str
    record: dict
    # Started by a schedule: the run is named by its workflow id (see `name`).
    scheduled: bool = False
    # What the idempotency keys call the event instead of the record's id.
    name: str | None = None


@dataclass
class PlannedWrites:
    """A plan as `switchboard plan` wrote it, and the task queue of each write."""

    plan: str
    queues: list[str]


@dataclass
class WriteToApply:
    plan: str
    n: int


class Settings:
    """What the activities need: set once when the worker starts."""

    bundle: Path = Path(".")
    switchboard: str = "switchboard"
    environment: str = "production"
    write_queues: dict[str, str] = {}
    # How long one plan or one write may take before Temporal gives it to another worker
    # (a worker killed mid-activity is noticed after this).
    activity_timeout = timedelta(seconds=float(os.environ.get("SWITCHBOARD_ACTIVITY_TIMEOUT", "60")))


async def switchboard(*args: str) -> tuple[int, str]:
    """Runs the switchboard binary; its exit code and what it printed."""
    process = await asyncio.create_subprocess_exec(
        Settings.switchboard,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    return process.returncode, out.decode("utf-8", "replace").strip()


@activity.defn
async def plan(event: FlowEvent) -> PlannedWrites:
    # Only a flow of the bundle: a file name in it, no path that leads elsewhere.
    flow = Path(event.flow_file)
    if flow.name != event.flow_file or not (Settings.bundle / flow).is_file():
        raise ApplicationError(f"{event.flow_file!r} is not a flow of the bundle {Settings.bundle}", type="NotInBundle", non_retryable=True)
    with tempfile.TemporaryDirectory(prefix="switchboard-plan-") as tmp:
        records = Path(tmp, "event.jsonl")
        records.write_text(json.dumps(event.record) + "\n", encoding="utf-8")
        out = Path(tmp, "plan.json")
        named = ["--event", event.name] if event.name else []
        code, said = await switchboard(
            "plan",
            str(Settings.bundle / event.flow_file),
            "--input",
            str(records),
            "--environment",
            Settings.environment,
            *named,
            "--out",
            str(out),
        )
        if code != 0:
            # A read that failed (a system down, a timeout) may pass later, and so may a
            # bundle being exported again under the worker; planning sends nothing, so
            # trying again is always safe.
            raise ApplicationError(said, type="Unreadable" if code == 2 else "PlanFailed")
        text = out.read_text(encoding="utf-8")
    writes = json.loads(text)["writes"]
    queues = [Settings.write_queues.get(w["system"], "switchboard") for w in writes]
    return PlannedWrites(plan=text, queues=queues)


@activity.defn
async def apply(write: WriteToApply) -> str:
    with tempfile.TemporaryDirectory(prefix="switchboard-apply-") as tmp:
        path = Path(tmp, "plan.json")
        path.write_text(write.plan, encoding="utf-8")
        code, said = await switchboard(
            "apply",
            str(path),
            "--write",
            str(write.n),
            "--workspace",
            str(Settings.bundle),
            "--environment",
            Settings.environment,
        )
    if code == 0:
        return said
    raise ApplicationError(said, type="WriteFailed", non_retryable=code != RETRYABLE)


@workflow.defn(name="SwitchboardFlow")
class SwitchboardFlow:
    @workflow.run
    async def run(self, event: FlowEvent) -> list[str]:
        timeout = Settings.activity_timeout
        if event.scheduled and not event.name:
            event = replace(event, name=workflow.info().workflow_id)
        planned = await workflow.execute_activity(
            plan,
            event,
            start_to_close_timeout=timeout,
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=1),
                maximum_interval=timedelta(minutes=5),
                maximum_attempts=20,
            ),
        )
        sent = []
        for n, queue in enumerate(planned.queues):
            sent.append(
                await workflow.execute_activity(
                    apply,
                    WriteToApply(plan=planned.plan, n=n),
                    task_queue=queue,
                    start_to_close_timeout=timeout,
                    retry_policy=RetryPolicy(
                        initial_interval=timedelta(seconds=1),
                        backoff_coefficient=2.0,
                        maximum_interval=timedelta(minutes=10),
                        maximum_attempts=0,
                    ),
                )
            )
        return sent


def bundle_file(bundle: Path, name: str):
    try:
        return json.loads((bundle / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        sys.exit(f"worker: {bundle} is not a bundle ({name}: {e}): make one with `switchboard export temporal WS --out {bundle}`")


def check_switchboard(path: str, manifest: dict) -> None:
    """The switchboard binary runs and is the version that exported the bundle: plans and
    keys of another version may differ, and a newer worker's options an older one lacks."""
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except OSError as e:
        sys.exit(f"worker: cannot run switchboard at {path!r} ({e.strerror or e}): give its path with --switchboard")
    version = out.stdout.strip().rsplit(" ", 1)[-1]
    if version != manifest.get("switchboard"):
        sys.exit(
            f"worker: the bundle was exported by Switchboard {manifest.get('switchboard')}, and {path} is {version or 'not Switchboard'}: "
            "export it again with this one, or give --switchboard the one that exported it"
        )


SCHEDULE_PREFIX = "switchboard/"


def schedule_of(entry: dict) -> Schedule:
    """A `schedules.json` entry as a Temporal schedule."""
    if entry.get("interval_seconds"):
        spec = ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(seconds=entry["interval_seconds"]))])
    else:
        spec = ScheduleSpec(cron_expressions=[entry["cron"]], time_zone_name=entry["time_zone"])
    action = ScheduleActionStartWorkflow(
        "SwitchboardFlow",
        FlowEvent(flow_file=entry["file"], record={}, scheduled=True),
        id=entry["schedule_id"],
        task_queue=entry["task_queue"],
    )
    return Schedule(action=action, spec=spec)


async def sync_schedules(client: Client, bundle: Path) -> None:
    """Makes the server's `switchboard/…` schedules those of the bundle."""
    wanted = {e["schedule_id"]: e for e in json.loads((bundle / "schedules.json").read_text(encoding="utf-8"))}
    for schedule_id, entry in wanted.items():
        schedule = schedule_of(entry)
        try:
            await client.create_schedule(schedule_id, schedule)
            print(f"worker: schedule {schedule_id} created ({entry.get('cron') or entry['interval_seconds']})", flush=True)
        except ScheduleAlreadyRunningError:
            await client.get_schedule_handle(schedule_id).update(lambda _: ScheduleUpdate(schedule=schedule))
    async for listed in await client.list_schedules():
        if listed.id.startswith(SCHEDULE_PREFIX) and listed.id not in wanted:
            await client.get_schedule_handle(listed.id).delete()
            print(f"worker: schedule {listed.id} deleted (its flow is not in the bundle)", flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", required=True, type=Path, help="a folder written by `switchboard export temporal`")
    parser.add_argument("--switchboard", default=os.environ.get("SWITCHBOARD", "switchboard"))
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--namespace", default="default")
    parser.add_argument("--environment", default="production", help="which endpoint of each system to call")
    args = parser.parse_args()

    Settings.bundle = args.bundle.resolve()
    Settings.switchboard = args.switchboard
    Settings.environment = args.environment
    routes = bundle_file(Settings.bundle, "routes.json")
    check_switchboard(args.switchboard, bundle_file(Settings.bundle, "manifest.json"))
    queues = routes["write_queues"]
    Settings.write_queues = {q["system"]: q["task_queue"] for q in queues}
    main_queue = routes["task_queue"]

    client = await Client.connect(args.address, namespace=args.namespace)
    await sync_schedules(client, Settings.bundle)
    workers = [
        # The workflow only calls activities in order: nothing in it needs the sandbox,
        # which would import this module again without the settings made above.
        Worker(
            client,
            task_queue=main_queue,
            workflows=[SwitchboardFlow],
            activities=[plan, apply],
            workflow_runner=UnsandboxedWorkflowRunner(),
        ),
    ]
    for q in queues:
        workers.append(
            Worker(
                client,
                task_queue=q["task_queue"],
                activities=[apply],
                # The system's daily API limit, spread over the day, for every worker.
                max_task_queue_activities_per_second=q["max_per_second"],
            )
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"worker: polling {main_queue} and {len(queues)} write queue(s) for {Settings.bundle}", flush=True)
    runs = [asyncio.create_task(w.run()) for w in workers]
    await stop.wait()
    for w in workers:
        await w.shutdown()
    await asyncio.gather(*runs, return_exceptions=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(130)
