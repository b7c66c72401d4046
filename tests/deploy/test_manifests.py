"""Static checks of the deployment files (no container daemon here): the Dockerfiles pass hadolint, the
kustomize base renders and passes kubernetes-validate, the compose file passes the compose schema, and the
manifests, the compose file and `make run-prod` stay in step: one door template, the same environment
names per service, the same ports, the same command for the Rasa replicas. Each checker is also shown a
broken file, so that a checker that silently accepts everything fails here."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import yaml

from deploy import prod, topology
from deploy.stack import ROOT

DEPLOY = ROOT / "deploy"
BIN = ROOT / ".venv" / "bin"
DOCKERFILES = sorted((DEPLOY / "docker").glob("*.Dockerfile"))
COMPOSE_SCHEMA = Path(__file__).with_name("schemas") / "compose-spec.json"
# Names an image sets for its own use (interpreter, paths), which run-prod has no reason to set.
IMAGE_ONLY = {"PATH", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "HF_HUB_OFFLINE", "RASA"}
# Set in a manifest only to be interpolated into another value (DATABASE_URL).
INTERMEDIATE = {"POSTGRES_PASSWORD"}


def run(command: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


# -- hadolint ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.name)
def test_dockerfiles_pass_hadolint(dockerfile: Path):
    result = run([str(BIN / "hadolint"), "--failure-threshold", "info", str(dockerfile)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_rejects_a_careless_dockerfile():
    careless = "FROM python:latest\nRUN apt-get update && apt-get install -y nginx\nCMD nginx\n"
    result = run([str(BIN / "hadolint"), "-"], stdin=careless)
    assert result.returncode != 0 and "DL3007" in result.stdout, result.stdout


def test_every_image_is_multi_stage_pinned_unprivileged_and_checked():
    for dockerfile in DOCKERFILES:
        text = dockerfile.read_text()
        bases = re.findall(r"^FROM (\S+)", text, re.MULTILINE)
        assert len(bases) >= 2, f"{dockerfile.name}: one stage"
        external = [base for base in bases if ":" in base]
        assert all(re.search(r":\d+\.\d+\.\d+", base) or "@sha256:" in base for base in external), external
        assert re.search(r"^USER 10001", text, re.MULTILINE) and "HEALTHCHECK" in text, dockerfile.name


# -- kustomize and kubernetes-validate -------------------------------------------------------------------
@cache
def rendered_k8s() -> str:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl is missing: `make deploy-check-tools` installs it"
    result = run([kubectl, "kustomize", str(DEPLOY / "k8s")])
    assert result.returncode == 0, result.stderr
    return result.stdout


def k8s_objects() -> list[dict]:
    return [doc for doc in yaml.safe_load_all(rendered_k8s()) if doc]


def test_the_kustomize_base_passes_kubernetes_validate(tmp_path: Path):
    manifest = tmp_path / "cdm.yaml"
    manifest.write_text(rendered_k8s())
    result = run([str(BIN / "kubernetes-validate"), "--strict", "--quiet", str(manifest)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_validate_rejects_a_broken_manifest(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: two}\n")
    assert run([str(BIN / "kubernetes-validate"), "--strict", "--quiet", str(broken)]).returncode != 0


def workload(name: str) -> dict:
    kinds = {"Deployment", "StatefulSet"}
    return next(o for o in k8s_objects() if o["kind"] in kinds and o["metadata"]["name"] == name)


def container(name: str) -> dict:
    return workload(name)["spec"]["template"]["spec"]["containers"][0]


def test_every_workload_has_probes_resources_and_no_root():
    for obj in k8s_objects():
        if obj["kind"] not in {"Deployment", "StatefulSet"}:
            continue
        spec = obj["spec"]["template"]["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, obj["metadata"]["name"]
        for each in spec["containers"]:
            assert each["readinessProbe"] and each["livenessProbe"], obj["metadata"]["name"]
            assert each["resources"]["requests"] and each["resources"]["limits"], obj["metadata"]["name"]


def test_replicated_services_have_disruption_budgets_and_secrets_come_from_secrets():
    budgets = {o["spec"]["selector"]["matchLabels"]["app"] for o in k8s_objects() if o["kind"] == "PodDisruptionBudget"}
    assert {"rasa", "actions", "nginx"} <= budgets
    assert workload("rasa")["spec"]["replicas"] >= 2 and workload("actions")["spec"]["replicas"] >= 2
    for obj in k8s_objects():
        if obj["kind"] in {"Deployment", "StatefulSet"}:
            for each in obj["spec"]["template"]["spec"]["containers"]:
                for env in each.get("env", []):
                    if re.search(r"TOKEN|PASSWORD", env["name"]):
                        assert "secretKeyRef" in env.get("valueFrom", {}), (obj["metadata"]["name"], env)


# -- compose ---------------------------------------------------------------------------------------------
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yml").read_text())


def compose_errors(document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(json.loads(COMPOSE_SCHEMA.read_text()))
    return [error.message for error in validator.iter_errors(document)]


def test_the_compose_file_passes_the_compose_schema():
    assert compose_errors(compose()) == []


def test_the_compose_schema_rejects_a_broken_file():
    broken = compose()
    broken["services"]["rasa"]["restart_policy"] = "always"  # not a service key
    broken["services"]["desk"]["ports"] = "8000"  # a string, not a list
    assert len(compose_errors(broken)) >= 2


def test_only_the_door_publishes_a_port():
    published = {name for name, service in compose()["services"].items() if service.get("ports")}
    assert published == {"nginx"}
    assert (
        next(o for o in k8s_objects() if o["kind"] == "Service" and o["spec"].get("type") == "LoadBalancer")[
            "metadata"
        ]["name"]
        == "nginx"
    )


# -- in step with `make run-prod` ------------------------------------------------------------------------
PORTS = topology.Ports.choose(8080, 2, 2, free=False)
KEYS = topology.Secrets("d", "r", "p", "q")


def image_env(dockerfile: str, stage: str) -> set[str]:
    """ENV names a stage of a Dockerfile sets, with those of the stages it is built FROM."""
    text = (DEPLOY / "docker" / dockerfile).read_text().replace("\\\n", " ")
    stages = re.split(r"^FROM ", text, flags=re.MULTILINE)[1:]
    names: dict[str, set[str]] = {}
    for body in stages:
        header, _, rest = body.partition("\n")
        base, _, name = header.partition(" AS ")
        env = {n for line in re.findall(r"^ENV (.+)$", rest, re.MULTILINE) for n in re.findall(r"(\w+)=", line)}
        names[name.strip() or header] = env | names.get(base.strip(), set())
    return names[stage]


def run_prod_env() -> dict[str, set[str]]:
    return {
        "rasa": set(topology.rasa_env(PORTS, KEYS, "model.tar.gz", 5005)),
        "actions": set(topology.actions_env(PORTS, KEYS)),
        "desk": set(topology.desk_env(PORTS, KEYS)),
    }


IMAGES = {
    "rasa": ("rasa.Dockerfile", "rasa"),
    "actions": ("app.Dockerfile", "actions"),
    "desk": ("app.Dockerfile", "desk"),
}


def test_the_manifests_and_compose_give_each_service_the_environment_run_prod_gives():
    for service, names in run_prod_env().items():
        from_image = image_env(*IMAGES[service])
        k8s = {env["name"] for env in container(service).get("env", [])}
        composed = set(compose()["services"][service].get("environment", {}))
        for where, given in (("k8s", k8s), ("compose", composed)):
            assert names - IMAGE_ONLY <= given | from_image, (service, where, names - given - from_image)
            assert given - INTERMEDIATE <= names, (service, where, given - names)


def test_the_same_ports_everywhere():
    expected = {"rasa": PORTS.rasa[0], "actions": PORTS.actions[0], "desk": PORTS.desk}
    expected |= {"redis": PORTS.redis, "postgres": PORTS.postgres}
    for service, port in expected.items():
        assert [p["containerPort"] for p in container(service)["ports"]] == [port], service
    for service in ("rasa", "actions", "desk"):
        assert compose()["services"][service]["expose"] == [str(expected[service])]
        dockerfile, _ = IMAGES[service]
        assert f"EXPOSE {expected[service]}" in (DEPLOY / "docker" / dockerfile).read_text()


def test_the_rasa_replicas_start_with_the_same_script_everywhere():
    assert 'CMD ["deploy/serve-rasa.sh"]' in (DEPLOY / "docker" / "rasa.Dockerfile").read_text()
    assert "command" not in container("rasa") and "args" not in container("rasa")
    assert "command" not in compose()["services"]["rasa"]
    assert "serve-rasa.sh" in Path(prod.__file__).read_text()


def test_one_door_template_for_the_cluster_compose_and_run_prod(tmp_path: Path):
    template = (DEPLOY / "k8s" / "nginx" / "cdm.conf.template").read_text()
    shipped = next(
        o for o in k8s_objects() if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("cdm-nginx-templates")
    )
    assert shipped["data"]["cdm.conf.template"] == template
    assert (
        "./k8s/nginx/cdm.conf.template:/etc/nginx/templates/cdm.conf.template:ro"
        in compose()["services"]["nginx"]["volumes"]
    )
    placeholders = set(topology.PLACEHOLDER.findall(template))
    cluster = {e["name"]: e["value"] for e in container("nginx")["env"] if e["name"].startswith("CDM_NGINX_")}
    composed = {k: v for k, v in compose()["services"]["nginx"]["environment"].items() if k.startswith("CDM_NGINX_")}
    loopback = topology.nginx_values(PORTS, tmp_path / "site.conf")
    assert set(cluster) == set(composed) == placeholders <= set(loopback)

    def routes(values: dict[str, str]) -> list[str]:
        return [line.strip() for line in topology.render(template, values).splitlines() if "location" in line]

    assert routes(cluster) == routes(composed) == routes(loopback)
    assert any("/webhooks/" in r for r in routes(loopback)) and any("/socket.io/" in r for r in routes(loopback))
