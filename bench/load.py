"""Load: N visitors holding conversations at once, each thinking a few seconds between messages, against
the developer stack (`--target stack`: deploy/stack.py, one Rasa server and one action server) or the
production topology (`--target run-prod`: deploy/prod.py behind its nginx door), for a bounded time.

    .venv/bin/python bench/load.py --target run-prod --visitors 150 --think 4 --duration 120
    .venv/bin/python bench/load.py --url http://127.0.0.1:8080 --pids var/run-prod/processes.json

Prints turns per second (and per core, and per CPU-second the serving processes used), p50/p95/max
latency, errors, the resident memory of every serving process, and the load average before and after
(the machine is shared: a figure means little without it). `--profile SECONDS` also records a Rasa
replica and an action server with py-spy during the run and prints their costliest functions. Traffic
goes to loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.latency import TURNS, percentile  # noqa: E402
from deploy import prod  # noqa: E402
from deploy.stack import running_stack  # noqa: E402

# A visitor's conversation: one message of each kind in turn, then a new conversation.
SCRIPT = ("greeting", "opening hours", "knowledge base", "workshops")
RESULTS = ROOT / "var" / "results"


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    turns: int = 0


async def visitor(client: httpx.AsyncClient, url: str, think: float, stop_at: float, tally: Tally) -> None:
    """One visitor: a turn, a pause of about `think` seconds, until the run ends."""
    rng = random.Random()
    await asyncio.sleep(rng.uniform(0, think))  # arrivals spread over the first pause
    while time.monotonic() < stop_at:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for kind in SCRIPT:
            if time.monotonic() >= stop_at:
                return
            message = rng.choice(TURNS[kind])
            started = time.perf_counter()
            try:
                response = await client.post(url, json={"sender": sender, "message": message})
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    tally.errors[f"HTTP {response.status_code}"] += 1
                elif not response.json():
                    tally.errors["empty reply"] += 1
                else:
                    tally.latencies_ms.append(elapsed)
            except httpx.HTTPError as error:
                tally.errors[type(error).__name__] += 1
            tally.turns += 1
            await asyncio.sleep(max(0.0, rng.uniform(0.75, 1.25) * think))


async def drive(base: str, visitors: int, think: float, duration: float) -> Tally:
    tally = Tally()
    limits = httpx.Limits(max_connections=visitors, max_keepalive_connections=visitors)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        stop_at = time.monotonic() + duration
        url = f"{base}/webhooks/rest/webhook"
        await asyncio.gather(*(visitor(client, url, think, stop_at, tally) for _ in range(visitors)))
    return tally


def serving_processes(pids: dict[str, int]) -> dict[str, list[psutil.Process]]:
    """Each named process with its children (nginx workers, PostgreSQL backends)."""
    found = {}
    for name, pid in pids.items():
        with contextlib.suppress(psutil.NoSuchProcess):
            parent = psutil.Process(pid)
            found[name] = [parent, *parent.children(recursive=True)]
    return found


def cpu_seconds(processes: dict[str, list[psutil.Process]]) -> dict[str, float]:
    """CPU time used so far by each named process and its children."""
    used = {}
    for name, group in processes.items():
        used[name] = 0.0
        for process in group:
            with contextlib.suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                used[name] += times.user + times.system
    return used


def memory_mib(processes: dict[str, list[psutil.Process]]) -> dict[str, float]:
    sizes = {}
    for name, group in processes.items():
        total = 0
        for process in group:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        sizes[name] = total / 2**20
    return sizes


@contextlib.contextmanager
def target_stack(log_dir: Path) -> Iterator[tuple[str, dict[str, int]]]:
    with running_stack(log_dir) as stack:
        yield stack.rasa_url, {service.name: service.process.pid for service in stack.services}


@contextlib.contextmanager
def target_run_prod(log_dir: Path) -> Iterator[tuple[str, dict[str, int]]]:
    with prod.running(log_dir) as (door, state, _runner):
        yield door, pids_from(state / "processes.json")


def pids_from(processes_json: Path) -> dict[str, int]:
    return {entry["name"]: entry["pid"] for entry in json.loads(processes_json.read_text())}


def start_profiles(pids: dict[str, int], seconds: int, out: Path) -> list[tuple[str, subprocess.Popen, Path]]:
    """py-spy on the first Rasa process and the first action server, for `seconds`, as collapsed stacks."""
    profiles = []
    for prefix in ("rasa", "actions"):
        name = next((n for n in sorted(pids) if n.startswith(prefix)), None)
        if name is None:
            continue
        target = out / f"profile-{name}.txt"
        command = [str(ROOT / ".venv" / "bin" / "py-spy"), "record", "--pid", str(pids[name])]
        command += [
            "--duration",
            str(seconds),
            "--rate",
            "50",
            "--format",
            "raw",
            "--output",
            str(target),
            "--nonblocking",
        ]
        profiles.append((name, subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), target))
    return profiles


def summarise_profile(path: Path, top: int = 15) -> dict[str, list[tuple[str, float]]]:
    """Where a process spends its samples: the functions running (self) and the functions on the stack
    (inclusive, without the frames nearly every sample has: the server's main loop), as shares."""
    own: Counter = Counter()
    inclusive: Counter = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames, samples = stack.split(";"), int(count)
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    if not total:
        return {}
    inner = [(f, n / total) for f, n in inclusive.most_common() if n / total < 0.9][:top]
    return {"self": [(f, n / total) for f, n in own.most_common(top)], "inclusive": inner}


def report(
    args: argparse.Namespace, tally: Tally, seconds: float, cpu: dict[str, float], memory: dict[str, float], load: tuple
) -> dict:
    latencies = tally.latencies_ms
    cpu_total = sum(cpu.values())
    answered = len(latencies)
    summary = {
        "target": args.target or args.url,
        "visitors": args.visitors,
        "think_s": args.think,
        "duration_s": round(seconds, 1),
        "turns": tally.turns,
        "answered": answered,
        "errors": dict(tally.errors),
        "turns_per_s": round(answered / seconds, 2),
        "turns_per_s_per_core": round(answered / seconds / (os.cpu_count() or 1), 2),
        "turns_per_cpu_s": round(answered / cpu_total, 2) if cpu_total else None,
        "cpu_s": cpu,
        "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "memory_mib": {name: round(size) for name, size in memory.items()},
        "load_average_before_after": load,
        "cores": os.cpu_count(),
    }
    print(json.dumps(summary, indent=2))
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--target", choices=("stack", "run-prod"), help="start this topology for the run")
    where.add_argument("--url", help="an already running door or Rasa server on loopback")
    parser.add_argument("--pids", type=Path, help="with --url: a processes.json whose processes to measure")
    parser.add_argument("--visitors", type=int, default=150)
    parser.add_argument("--think", type=float, default=4.0, help="seconds between a visitor's messages")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load (at most 600)")
    parser.add_argument("--profile", type=int, default=0, help="seconds of py-spy sampling during the run")
    parser.add_argument("--out", type=Path, default=RESULTS / "load")
    args = parser.parse_args()
    if args.url and urlsplit(args.url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("--url must be on loopback: this benchmark sends traffic to this machine only")
    args.duration = min(args.duration, 600.0)
    args.out.mkdir(parents=True, exist_ok=True)

    if args.target == "stack":
        context = target_stack(args.out / "logs")
    elif args.target == "run-prod":
        context = target_run_prod(args.out / "logs")
    else:
        context = contextlib.nullcontext((args.url.rstrip("/"), pids_from(args.pids) if args.pids else {}))
    with context as (base, pids):
        processes = serving_processes(pids)
        profiles = start_profiles(pids, args.profile, args.out) if args.profile else []
        load_before = os.getloadavg()
        cpu_before, started = cpu_seconds(processes), time.monotonic()
        tally = asyncio.run(drive(base, args.visitors, args.think, args.duration))
        seconds, cpu_after = time.monotonic() - started, cpu_seconds(processes)
        cpu = {name: round(cpu_after[name] - cpu_before[name], 1) for name in cpu_before}
        load = (tuple(round(x, 2) for x in load_before), tuple(round(x, 2) for x in os.getloadavg()))
        summary = report(args, tally, seconds, cpu, memory_mib(processes), load)
        for name, process, path in profiles:
            process.wait(timeout=args.profile + 60)
            if path.exists():
                for kind, rows in summarise_profile(path).items():
                    print(f"\npy-spy, {name}: share of samples in each function ({kind})")
                    for frame, share in rows:
                        print(f"  {share:6.1%}  {frame}")
    (args.out / f"load-{args.target or 'url'}-{args.visitors}.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
