"""What the production topology is, as data: its ports, its secrets, each service's environment and the
door's placeholders. deploy/prod.py runs it on loopback; tests/deploy checks that the manifests
(deploy/k8s), the compose file and the images give each service the same names and ports.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from deploy.stack import ROOT, free_port

# The door's template lives with the manifests (kustomize reads files below its own folder only).
DOOR_TEMPLATE = ROOT / "deploy" / "k8s" / "nginx" / "cdm.conf.template"
SERVICES_TEMPLATE = ROOT / "deploy" / "nginx" / "services.conf.template"
PLACEHOLDER = re.compile(r"\$\{(CDM_NGINX_[A-Z_]+)\}")


def render(template: str, values: dict[str, str]) -> str:
    """The template with its ${CDM_NGINX_*} placeholders filled, as the nginx image's envsubst step does;
    nginx's own $variables are left alone. A placeholder without a value is an error, not an empty string."""
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise KeyError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def secret(path: Path) -> str:
    """A random token kept in `path` (mode 0600), generated the first time."""
    if not path.is_file() or not path.read_text().strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        old = os.umask(0o077)
        try:
            path.write_text(secrets.token_urlsafe(32) + "\n")
        finally:
            os.umask(old)
    return path.read_text().strip()


@dataclass(frozen=True)
class Ports:
    door: int
    rasa: list[int]
    actions: list[int]
    actions_balancer: int
    rasa_balancer: int
    desk: int
    redis: int
    postgres: int

    @classmethod
    def choose(cls, door: int, rasa_replicas: int, action_replicas: int, free: bool) -> Ports:
        """The documented ports (README, "make run-prod"), or free ones for tests beside other stacks."""
        if free:
            return cls(
                door,
                [free_port() for _ in range(rasa_replicas)],
                [free_port() for _ in range(action_replicas)],
                free_port(),
                free_port(),
                free_port(),
                free_port(),
                free_port(),
            )
        return cls(
            door,
            [5005 + i for i in range(rasa_replicas)],
            [5055 + i for i in range(action_replicas)],
            5054,
            5004,
            8000,
            6379,
            5432,
        )


@dataclass(frozen=True)
class Secrets:
    """Every token and password of the topology (Kubernetes: the `cdm-secrets` Secret, same names)."""

    desk_token: str
    rasa_token: str
    redis_password: str
    postgres_password: str

    @classmethod
    def load(cls, state: Path) -> Secrets:
        # The two API tokens live where `make run` keeps them (var/), the passwords with the cluster.
        return cls(
            desk_token=secret(ROOT / "var" / "desk-token"),
            rasa_token=secret(ROOT / "var" / "rasa-token"),
            redis_password=secret(state / "secrets" / "redis-password"),
            postgres_password=secret(state / "secrets" / "postgres-password"),
        )


def door_url(ports: Ports) -> str:
    return f"http://127.0.0.1:{ports.door}"


def rasa_env(ports: Ports, keys: Secrets, model: str, port: int) -> dict[str, str]:
    """A Rasa replica's environment (deploy/serve-rasa.sh and deploy/endpoints.production.yml read it)."""
    return {
        "CDM_MODEL": model,
        "CDM_RASA_TOKEN": keys.rasa_token,
        "CDM_ALLOWED_ORIGINS": door_url(ports),
        "CDM_TRUSTED_PROXIES": "127.0.0.1",
        "CDM_HOST": "127.0.0.1",
        "RASA_PORT": str(port),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports.actions_balancer}/webhook",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(ports.redis),
        "REDIS_DB": "0",
        "REDIS_PASSWORD": keys.redis_password,
        "CDM_CONVERSATION_TTL_SECONDS": "1800",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


def desk_url(ports: Ports) -> str:
    return f"http://127.0.0.1:{ports.desk}"


def actions_env(ports: Ports, keys: Secrets) -> dict[str, str]:
    """An action server's environment: the desk inside (service token) and as visitors reach it (the door)."""
    return {
        "CDM_DESK_URL": desk_url(ports),
        "CDM_DESK_PUBLIC_URL": door_url(ports),
        "CDM_DESK_SERVICE_TOKEN": keys.desk_token,
        # One thread per embedding: two action servers already share the two cores.
        "CDM_SEARCH_THREADS": "1",
        "CDM_INDEX_DIR": str(ROOT / "var" / "index"),
    }


def database_url(ports: Ports, keys: Secrets) -> str:
    return f"postgresql://cdm:{keys.postgres_password}@127.0.0.1:{ports.postgres}/desk"


def desk_env(ports: Ports, keys: Secrets) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url(ports, keys),
        "CDM_DESK_SERVICE_TOKEN": keys.desk_token,
        "CDM_DESK_HOST": "127.0.0.1",
        "CDM_DESK_PORT": str(ports.desk),
        "CDM_RASA_URL": f"http://127.0.0.1:{ports.rasa_balancer}",  # any replica: the conversation is in Redis
        "CDM_RASA_TOKEN": keys.rasa_token,
        "CDM_ALLOWED_ORIGINS": door_url(ports),
        "CDM_TRUSTED_PROXIES": "127.0.0.1",
    }


def nginx_values(ports: Ports, site_conf: Path) -> dict[str, str]:
    """The door's placeholders for loopback (deploy/k8s/nginx.yaml sets the same names for the cluster)."""

    def servers(port_list: list[int]) -> str:
        return " ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in port_list)

    return {
        "CDM_NGINX_LISTEN": f"127.0.0.1:{ports.door}",
        "CDM_NGINX_SITE_CONF": str(site_conf),
        "CDM_NGINX_RESOLVER": "",  # loopback addresses never move
        "CDM_NGINX_RASA_SERVERS": servers(ports.rasa),
        "CDM_NGINX_DESK_SERVERS": servers([ports.desk]),
        "CDM_NGINX_ACTIONS_LISTEN": f"127.0.0.1:{ports.actions_balancer}",
        "CDM_NGINX_ACTION_SERVERS": servers(ports.actions),
        "CDM_NGINX_RASA_API_LISTEN": f"127.0.0.1:{ports.rasa_balancer}",
    }
