"""`make run-prod`: the production topology of deploy/k8s on loopback, from Debian's packages.

nginx is the only door (the shared template deploy/k8s/nginx/cdm.conf.template, rendered for loopback); behind
it two Rasa replicas on Redis (tracker and lock store, no persistence), two action servers, the desk on a
PostgreSQL cluster kept under the state folder; inside, loopback balancers stand for the cluster's
`actions` and `rasa` Services (deploy/nginx/services.conf.template). Like Kubernetes, the runner restarts a
process that dies, and it writes `processes.json` (name, pid, port of each process) whenever a pid
changes. Ctrl-C or SIGTERM stops everything, the door first.

What the topology is (ports, secrets, each service's environment, the door's values) is deploy/topology.py;
this module starts, watches and stops it.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
import requests

from deploy.stack import ROOT, free_port, trained_model
from deploy.topology import (
    DOOR_TEMPLATE,
    SERVICES_TEMPLATE,
    Ports,
    Secrets,
    actions_env,
    desk_env,
    desk_url,
    door_url,
    nginx_values,
    rasa_env,
    render,
)

START_TIMEOUT_S = float(os.environ.get("CDM_START_TIMEOUT", "600"))
# How many times a process may die within RESTART_WINDOW_S before the runner gives up and stops everything.
MAX_RESTARTS, RESTART_WINDOW_S = 5, 300.0
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def http_ok(url: str) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    return check


@dataclass
class Process:
    """One supervised process: how to start it, how to tell it is ready, how to stop it."""

    name: str
    port: int
    command: list[str]
    env: dict[str, str]
    ready: Callable[[], bool]
    log: Path
    user: str | None = None
    stdin_text: str | None = None
    stop_signal: int = signal.SIGTERM
    popen: subprocess.Popen | None = None
    deaths: list[float] = field(default_factory=list)

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("a") as handle:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdin=subprocess.PIPE if self.stdin_text is not None else subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                user=self.user,
                group=self.user,
                extra_groups=[] if self.user else None,
                start_new_session=True,  # Ctrl-C reaches the runner only; it stops each process in order
                text=True,
            )
        if self.stdin_text is not None:
            assert self.popen.stdin is not None
            self.popen.stdin.write(self.stdin_text)
            self.popen.stdin.close()

    def signal_stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(self.stop_signal)

    def wait_stopped(self, timeout: float = 20) -> None:
        if self.popen is None:
            return
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


def wait_ready(processes: list[Process], timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    pending = list(processes)
    while pending:
        for process in list(pending):
            assert process.popen is not None
            if process.popen.poll() is not None:
                raise RuntimeError(f"{process.name} exited at start:\n{process.tail()}")
            if process.ready():
                pending.remove(process)
        if pending and time.monotonic() > deadline:
            raise RuntimeError(f"{pending[0].name} not ready after {timeout:.0f} s:\n{pending[0].tail()}")
        if pending:
            time.sleep(0.5)


def postgres_bin(program: str) -> str:
    """A PostgreSQL server program from Debian's package (its binaries are not on PATH)."""
    found = shutil.which(program) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"), key=lambda p: int(p.parts[-3]))[::-1]),
        None,
    )
    if not found:
        raise SystemExit(f"{program} not found: install PostgreSQL (make run-prod-packages)")
    return str(found)


def server_user() -> str | None:
    """PostgreSQL refuses to run as root: under root, its files and process belong to Debian's `postgres`."""
    return "postgres" if os.geteuid() == 0 else None


def chown_to(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        for item in [path, *path.rglob("*")]:
            os.chown(item, entry.pw_uid, entry.pw_gid)


class Topology:
    """The processes of `make run-prod`, their order, and their supervision."""

    def __init__(self, state: Path, ports: Ports, model: str) -> None:
        self.state, self.ports, self.model = state, ports, model
        self.keys = Secrets.load(state)
        self.logs = state / "log"
        self.stages: list[list[Process]] = []
        self.stopping = False

    @property
    def processes(self) -> list[Process]:
        return [process for stage in self.stages for process in stage]

    # -- preparing what the processes need -------------------------------------------------------------
    def init_postgres(self) -> Path:
        data, user = self.state / "postgres", server_user()
        if not (data / "PG_VERSION").is_file():
            shutil.rmtree(data, ignore_errors=True)
            data.mkdir(parents=True, mode=0o700)
            password_file = data.parent / "secrets" / "postgres-initdb"
            password_file.write_text(self.keys.postgres_password + "\n")
            chown_to(data, user)
            chown_to(password_file, user)
            try:
                subprocess.run(
                    [
                        *(postgres_bin("initdb"), "-D", str(data), "-U", "cdm", "--pwfile", str(password_file)),
                        *("--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--no-locale"),
                    ],
                    check=True,
                    capture_output=True,
                    user=user,
                    group=user,
                    extra_groups=[] if user else None,
                )
            finally:
                password_file.unlink()
        return data

    def render_nginx(self) -> Path:
        """The door's main configuration: the shared template for loopback, plus the actions balancer."""
        conf_dir = self.state / "nginx"
        temp = conf_dir / "temp"
        temp.mkdir(parents=True, exist_ok=True)
        site_conf = conf_dir / "site.conf"
        site_conf.write_text("# Loopback: no TLS (Kubernetes and compose: deploy/k8s/nginx/tls.conf).\n")
        values = nginx_values(self.ports, site_conf)
        (conf_dir / "cdm.conf").write_text(render(DOOR_TEMPLATE.read_text(), values))
        (conf_dir / "services.conf").write_text(render(SERVICES_TEMPLATE.read_text(), values))
        worker_user = "www-data" if os.geteuid() == 0 else None
        chown_to(temp, worker_user)
        main = conf_dir / "nginx.conf"
        main.write_text(
            "\n".join(
                [
                    "# Written by deploy/prod.py: the nginx of `make run-prod`, in the foreground.",
                    f"user {worker_user};" if worker_user else "",
                    "worker_processes 1;",
                    f"pid {conf_dir / 'nginx.pid'};",
                    "error_log stderr warn;",
                    "daemon off;",
                    "events { worker_connections 4096; }",
                    "http {",
                    "    default_type application/octet-stream;",
                    *(f"    {kind}_temp_path {temp / kind};" for kind in TEMP_PATHS),
                    f"    include {conf_dir / 'cdm.conf'};",
                    f"    include {conf_dir / 'services.conf'};",
                    "}",
                    "",
                ]
            )
        )
        return main

    # -- the processes -----------------------------------------------------------------------------------
    def build(self) -> list[list[Process]]:
        """The processes in start-up stages: each stage waits for the one before to be ready."""
        ports, keys, user = self.ports, self.keys, server_user()
        data = self.init_postgres()
        postgres = Process(
            "postgres",
            ports.postgres,
            [
                *(postgres_bin("postgres"), "-D", str(data), "-p", str(ports.postgres)),
                *("-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=100"),
            ],
            {},
            self.postgres_ready,
            self.logs / "postgres.log",
            user=user,
            stop_signal=signal.SIGINT,  # "fast" shutdown: the desk's pooled connections would hold a "smart" one
        )
        redis_conf = (
            f'bind 127.0.0.1\nport {ports.redis}\nprotected-mode yes\nsave ""\nappendonly no\n'
            f"requirepass {keys.redis_password}\ndir {self.state}\nloglevel warning\n"
        )
        redis_server = Process(
            "redis",
            ports.redis,
            ["redis-server", "-"],  # the configuration on standard input keeps the password out of `ps`
            {},
            self.redis_ready,
            self.logs / "redis.log",
            stdin_text=redis_conf,
        )
        python = str(ROOT / ".venv" / "bin" / "python")
        desk = Process(
            "desk",
            ports.desk,
            [python, "-m", "desk"],
            desk_env(ports, keys),
            http_ok(f"{desk_url(ports)}/healthz"),
            self.logs / "desk.log",
        )
        actions = [
            Process(
                f"actions-{i + 1}",
                port,
                [python, "-m", "rasa_sdk", "--actions", "actions", "-p", str(port)],
                actions_env(ports, keys),
                http_ok(f"http://127.0.0.1:{port}/health"),
                self.logs / f"actions-{i + 1}.log",
            )
            for i, port in enumerate(ports.actions)
        ]
        rasa = [
            Process(
                f"rasa-{i + 1}",
                port,
                [str(ROOT / "deploy" / "serve-rasa.sh")],
                {**rasa_env(ports, keys, self.model, port), "RASA": str(ROOT / ".venv-rasa" / "bin" / "rasa")},
                http_ok(f"http://127.0.0.1:{port}/webhooks/rest/"),
                self.logs / f"rasa-{i + 1}.log",
            )
            for i, port in enumerate(ports.rasa)
        ]
        nginx = Process(
            "nginx",
            ports.door,
            ["nginx", "-p", str(self.state / "nginx"), "-c", str(self.render_nginx()), "-e", "stderr"],
            {},
            http_ok(f"{door_url(ports)}/door-health"),
            self.logs / "nginx.log",
            stop_signal=signal.SIGQUIT,  # graceful: finishes the requests in flight
        )
        return [[postgres, redis_server], [desk, *actions], rasa, [nginx]]

    def postgres_ready(self) -> bool:
        try:
            with psycopg.connect(self._postgres_dsn("postgres"), connect_timeout=2) as conn:
                conn.autocommit = True
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'desk'").fetchone() is None:
                    conn.execute("CREATE DATABASE desk")
            return True
        except psycopg.OperationalError:
            return False

    def _postgres_dsn(self, dbname: str) -> str:
        password = self.keys.postgres_password
        return f"host=127.0.0.1 port={self.ports.postgres} user=cdm password={password} dbname={dbname}"

    def redis_ready(self) -> bool:
        try:
            client = redis.Redis(port=self.ports.redis, password=self.keys.redis_password, socket_timeout=2)
            return bool(client.ping())
        except redis.RedisError:
            return False

    # -- running -----------------------------------------------------------------------------------------
    def write_processes(self) -> None:
        entries = [
            {"name": p.name, "pid": p.popen.pid, "port": p.port}
            for p in self.processes
            if p.popen is not None and p.popen.poll() is None
        ]
        target = self.state / "processes.json"
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries, indent=2) + "\n")
        temporary.replace(target)  # readers never see half a file

    def up(self) -> None:
        for stage in self.build():
            self.stages.append(stage)
            for process in stage:
                process.start()
            self.write_processes()
            wait_ready(stage)
        self.warm_up()
        self.write_processes()

    def warm_up(self) -> None:
        """One turn through each replica, so that the first visitor does not pay for lazy loading."""
        for port in self.ports.rasa:
            payload = {"sender": f"warm-up-{secrets.token_hex(6)}", "message": "bonjour"}
            requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook", json=payload, timeout=120)

    def supervise(self) -> None:
        """Restart what dies, as Kubernetes would, until asked to stop."""
        while not self.stopping:
            for process in self.processes:
                if self.stopping or process.popen is None or process.popen.poll() is None:
                    continue
                now = time.monotonic()
                process.deaths = [t for t in process.deaths if now - t < RESTART_WINDOW_S] + [now]
                print(f"{process.name} exited ({process.popen.returncode}); restarting", file=sys.stderr, flush=True)
                if len(process.deaths) > MAX_RESTARTS:
                    raise RuntimeError(f"{process.name} died {MAX_RESTARTS} times:\n{process.tail()}")
                process.start()
                self.write_processes()
            time.sleep(0.5)

    def down(self) -> None:
        self.stopping = True
        for stage in reversed(self.stages):  # the door first, the databases last; a stage at once
            for process in stage:
                process.signal_stop()
            for process in stage:
                process.wait_stopped()
        (self.state / "processes.json").unlink(missing_ok=True)


UP = "The production topology is up"


@contextmanager
def running(log_dir: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    """This runner as a child process, on free ports with its state in a temporary folder, until the block
    ends (tests/deploy, bench/load.py): the door's URL, the state folder, the runner. The runner's output
    and the processes' logs are left in `log_dir`."""
    state, port = Path(tempfile.mkdtemp(prefix="cdm-run-prod-")), free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    output = log_dir / "runner.log"
    with output.open("w") as log:
        runner = subprocess.Popen(
            [sys.executable, "-m", "deploy.prod", "--state", str(state), "--port", str(port), "--free-ports"],
            cwd=ROOT,
            env={**os.environ, "CDM_MODEL": trained_model()},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while UP not in output.read_text():
                if runner.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"run-prod did not come up:\n{output.read_text()[-4000:]}")
                time.sleep(1)
            yield f"http://127.0.0.1:{port}", state, runner
        finally:
            runner.send_signal(signal.SIGTERM)
            try:
                runner.wait(timeout=120)
            except subprocess.TimeoutExpired:
                runner.kill()
            shutil.copytree(state / "log", log_dir, dirs_exist_ok=True)
            shutil.rmtree(state, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, default=Path(os.environ.get("CDM_PROD_DIR", ROOT / "var" / "run-prod")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CDM_PROD_PORT", "8080")), help="the door")
    parser.add_argument("--rasa-replicas", type=int, default=2)
    parser.add_argument("--action-replicas", type=int, default=2)
    parser.add_argument("--free-ports", action="store_true", help="free loopback ports behind the door")
    args = parser.parse_args(argv)
    args.state.mkdir(parents=True, exist_ok=True)
    args.state.chmod(0o755)  # the PostgreSQL and nginx workers may run as other users
    ports = Ports.choose(args.port, args.rasa_replicas, args.action_replicas, args.free_ports)
    topology = Topology(args.state.resolve(), ports, trained_model())

    def on_signal(signum: int, _frame: object) -> None:
        topology.stopping = True
        raise KeyboardInterrupt  # also while starting up: stop waiting, stop what has started

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        topology.up()
        print(f"\n{UP}; the only door: {door_url(ports)}/", flush=True)
        for process in topology.processes:
            print(f"  {process.name:<10} pid {process.popen.pid:<8} port {process.port}", flush=True)
        print(f"Processes: {args.state / 'processes.json'}; logs: {topology.logs}. Stop with Ctrl-C.\n", flush=True)
        topology.supervise()
    except RuntimeError as error:
        print(f"run-prod: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("run-prod: stopping", file=sys.stderr, flush=True)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        topology.down()
    return 0


if __name__ == "__main__":
    sys.exit(main())
