"""The production shape: Dockerfile, compose.yaml and deploy/ (deploy/README.md).

Offline, as far as this machine allows: every YAML parses; compose.yaml (its ${...} filled from
deploy/.env.example, as Compose does) validates against the Compose Specification's JSON schema
(vendored in deploy/schemas/); every Kubernetes manifest validates, strictly, against the
Kubernetes API's JSON schemas of the `kubernetes-validate` package; the kustomizations build
with `kubectl kustomize` and the nginx configuration passes `nginx -t` where those tools are
installed. Then what a schema cannot know: the variables are settings of bot/config.py, the
commands are the `microcred` command's, the ports are the defaults, Rasa and the action server
are replicated with a lock store, the image is built by the Makefile's own targets.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from bot import config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "kubernetes"
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = DEPLOY / ".env.example"
NGINX_CONF = DEPLOY / "nginx" / "microcred.conf"
COMPOSE_SCHEMA = DEPLOY / "schemas" / "compose-spec.json"
COMPOSE_SCHEMA_SHA256 = "1f91e091f16b2dd50ab8860e02bb391d22df553d91c145eacedb1b6eff9c3f0e"
KUSTOMIZATIONS = (K8S, K8S / "telegram", K8S / "datastores")
# The oldest Kubernetes the manifests are for (still supported by the big clouds), and the
# newest kubernetes-validate knows.
OLDEST_KUBERNETES = "1.29.0"

MICROCRED = "/app/.venv/bin/microcred"
# What a service of the image may run; the key is the service.
COMMANDS = {
    "rasa": [MICROCRED, "serve", "rasa"],
    "actions": [MICROCRED, "serve", "actions"],
    "web": [MICROCRED, "serve", "web"],
    "telegram": [MICROCRED, "serve", "telegram"],
    "catalogue-init": [MICROCRED, "catalogue", "init"],
}
# deploy/README.md: a deployment that imports its own catalogue may skip the sample.
OPTIONS = {"catalogue-init": ["--no-sample"]}
REPLICATED = ("rasa", "actions")
# Names the files may set besides bot.config.SETTINGS, each read by someone else.
OTHER_NAMES = {
    "POSTGRES_USER": "the postgres image",
    "POSTGRES_PASSWORD": "the postgres image",
    "POSTGRES_DB": "the postgres image",
    "PGDATA": "the postgres image",
    "SANIC_PROXIES_COUNT": "Sanic, Rasa's web server (SANIC_* settings)",
    "RASA_TELEMETRY_ENABLED": "Rasa",
    "PATH": "the shell",
    "HOME": "the shell",
    "PYTHONPATH": "Python",
    "PYTHONUNBUFFERED": "Python",
}
SETTING_NAMES = {s.name for s in config.SETTINGS}
SECRETS = ("ACTION_TOKEN", "REST_TOKEN", "ADVISER_TOKEN", "MICROCRED_SALT")


# --- reading the files -----------------------------------------------------------------------


def _yaml_files() -> list[Path]:
    return [COMPOSE, *sorted(DEPLOY.rglob("*.yaml")), *sorted(DEPLOY.rglob("*.yml"))]


def _load_all(path: Path) -> list:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def _env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def _interpolate(value: object, env: dict[str, str]) -> object:
    """Compose's interpolation of ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}``, ``$$``."""
    if isinstance(value, dict):
        return {key: _interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["bare"]
        op, arg, current = match["op"], match["arg"], env.get(name)
        unset_or_empty = current is None or (current == "" and op and op.startswith(":"))
        if op in (":-", "-") and unset_or_empty:
            return arg
        if op in (":?", "?") and unset_or_empty:
            raise ValueError(f"required variable {name} is missing: {arg}")
        return current or ""

    return _VARIABLE.sub(one, value)


def _compose_variables() -> set[str]:
    text = COMPOSE.read_text()
    return {m["braced"] or m["bare"] for m in _VARIABLE.finditer(text) if not m["escaped"]}


@pytest.fixture(scope="module")
def compose() -> dict:
    return _interpolate(yaml.safe_load(COMPOSE.read_text()), _env_example())


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def _app_services(compose: dict) -> dict[str, dict]:
    image = compose["x-app"]["image"]
    return {name: svc for name, svc in compose["services"].items() if svc.get("image") == image}


def _manifest_files() -> list[Path]:
    return [path for path in sorted(K8S.rglob("*.yaml")) if path.name != "kustomization.yaml"]


def _manifests(paths: list[Path] | None = None) -> Iterator[tuple[Path, dict]]:
    for path in paths or _manifest_files():
        for doc in _load_all(path):
            yield path, doc


def _workloads() -> dict[str, dict]:
    """Deployments, StatefulSets and Jobs by name."""
    return {
        doc["metadata"]["name"]: doc
        for _, doc in _manifests()
        if doc["kind"] in ("Deployment", "StatefulSet", "Job")
    }


def _containers(workload: dict) -> list[dict]:
    return workload["spec"]["template"]["spec"]["containers"]


def _uses_our_image(container: dict) -> bool:
    return container["image"].split(":")[0].split("/")[-1] == "microcred"


def _configmap() -> dict[str, str]:
    (doc,) = [d for _, d in _manifests() if d["kind"] == "ConfigMap"]
    return doc["data"]


def _secret_example() -> dict[str, str]:
    docs = _load_all(K8S / "secret.example.yaml")
    (doc,) = [d for d in docs if d["metadata"]["name"] == "microcred-secrets"]
    return doc["stringData"]


def _k8s_env(workload_name: str) -> dict[str, str]:
    """What a workload's first container sees: ConfigMap, then Secret, then its own env."""
    (container, *_) = _containers(_workloads()[workload_name])
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(_configmap())
        if "secretRef" in source:
            env.update(_secret_example())
    env.update({item["name"]: item.get("value", "") for item in container.get("env", [])})
    return env


def _default_ports(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    return {
        "rasa": config.rasa_port(),
        "actions": config.action_port(),
        "web": config.web_port(),
    }


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def _dockerfile_stages() -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current = None
    for keyword, rest in _dockerfile_instructions():
        if keyword == "FROM":
            current = rest.split()[-1] if " AS " in rest.upper() else rest
            stages[current] = []
        elif current is not None:
            stages[current].append((keyword, rest))
    return stages


# --- every file parses and matches its schema ------------------------------------------------


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_parses(path: Path) -> None:
    assert _load_all(path), f"{path} holds no YAML document"


def test_the_vendored_compose_schema_is_the_one_noted() -> None:
    digest = hashlib.sha256(COMPOSE_SCHEMA.read_bytes()).hexdigest()
    assert digest == COMPOSE_SCHEMA_SHA256, "update deploy/schemas/README.md and this test"
    assert (DEPLOY / "schemas" / "LICENSE.compose-spec").exists()


def test_compose_file_matches_the_compose_specification(compose: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the test extra")
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(compose)
    ]
    assert not errors, "\n".join(errors)


def test_compose_schema_catches_a_mistake(compose: dict) -> None:
    """The schema check can fail: a misspelt key is refused."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema comes with the test extra")
    validator = jsonschema.Draft7Validator(json.loads(COMPOSE_SCHEMA.read_text()))
    broken = json.loads(json.dumps(compose))
    broken["services"]["rasa"]["deploy"]["replica"] = 2
    assert list(validator.iter_errors(broken))


def test_docker_compose_accepts_the_file() -> None:
    if not shutil.which("docker"):
        pytest.skip("docker is not installed")
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    result = subprocess.run(
        ["docker", "compose", "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


@pytest.mark.parametrize("path", _manifest_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_kubernetes_manifests_match_the_kubernetes_schemas(path: Path) -> None:
    kv = pytest.importorskip(
        "kubernetes_validate", reason="kubernetes-validate comes with the test extra"
    )
    known = kv.utils.all_versions()
    oldest = OLDEST_KUBERNETES if OLDEST_KUBERNETES in known else min(known, key=_version_key)
    for doc in _load_all(path):
        for version in (oldest, kv.latest_version()):
            try:
                kv.validate(doc, version, strict=True)
            except kv.ValidationError as error:
                pytest.fail(
                    f"{path.name}: {doc['kind']} {doc['metadata']['name']} ({version}): {error}"
                )


def test_kubernetes_schema_catches_a_mistake() -> None:
    """The manifest check can fail: an unknown field is refused in strict mode."""
    kv = pytest.importorskip(
        "kubernetes_validate", reason="kubernetes-validate comes with the test extra"
    )
    rasa = json.loads(json.dumps(_workloads()["rasa"]))
    rasa["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    with pytest.raises(kv.ValidationError):
        kv.validate(rasa, kv.latest_version(), strict=True)


@pytest.mark.parametrize("directory", KUSTOMIZATIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_kustomizations_build(directory: Path) -> None:
    if not shutil.which("kubectl"):
        pytest.skip("kubectl is not installed (its kustomize builds offline)")
    result = subprocess.run(
        ["kubectl", "kustomize", str(directory)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    built = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    listed = yaml.safe_load((directory / "kustomization.yaml").read_text())["resources"]
    expected = {
        (doc["kind"], doc["metadata"]["name"])
        for name in listed
        for doc in _load_all(directory / name)
    }
    assert {(doc["kind"], doc["metadata"]["name"]) for doc in built} == expected
    for doc in built:
        assert doc["kind"] == "Namespace" or doc["metadata"]["namespace"] == "microcred"
        spec = doc.get("spec", {}).get("template", {}).get("spec", {})
        for container in spec.get("containers", []):
            # The image is rewritten to a registry's; a bare "microcred" would never pull.
            assert container["image"] != "microcred"


def test_nginx_accepts_its_configuration(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )
    if not nginx:
        pytest.skip("nginx is not installed (apt-get install nginx-light to check its config)")
    # The compose service names do not resolve here: the same config on loopback addresses.
    conf = re.sub(r"server\s+[a-z][a-z0-9-]*:(\d+)", r"server 127.0.0.1:\1", NGINX_CONF.read_text())
    (tmp_path / "microcred.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/microcred.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_docker_checks_the_dockerfile() -> None:
    if not shutil.which("docker"):
        pytest.skip("docker is not installed")
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        pytest.skip("no Docker daemon: the image cannot be checked or built here")
    result = subprocess.run(
        ["docker", "build", "--check", str(ROOT)], capture_output=True, text=True, timeout=300
    )
    if "pull" in result.stderr.lower() and result.returncode != 0:
        pytest.skip(f"the base image cannot be pulled here: {result.stderr.strip()[-200:]}")
    assert result.returncode == 0, result.stderr


# --- settings --------------------------------------------------------------------------------


def test_compose_sets_only_known_variables(compose: dict) -> None:
    for name, service in compose["services"].items():
        unknown = set(_environment(service)) - SETTING_NAMES - set(OTHER_NAMES)
        assert not unknown, f"compose service {name} sets {sorted(unknown)}"


def test_kubernetes_sets_only_known_variables() -> None:
    names = set(_configmap()) | set(_secret_example())
    for workload in _workloads().values():
        for container in _containers(workload):
            names |= {item["name"] for item in container.get("env", [])}
    unknown = names - SETTING_NAMES - set(OTHER_NAMES)
    assert not unknown, sorted(unknown)


def test_the_dockerfile_sets_only_known_variables() -> None:
    names = set()
    for keyword, rest in _dockerfile_instructions():
        if keyword == "ENV":
            names |= set(re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", rest))
    assert names, "the Dockerfile sets no environment?"
    assert not names - SETTING_NAMES - set(OTHER_NAMES), sorted(names)


def test_the_env_example_documents_every_compose_variable() -> None:
    documented = set(_env_example())
    used = _compose_variables()
    assert used - documented == set(), "compose.yaml reads these, deploy/.env.example lacks them"
    assert documented - used == set(), (
        "deploy/.env.example lists these, compose.yaml never reads them"
    )


def test_secrets_are_placeholders_and_required() -> None:
    example = _env_example()
    text = COMPOSE.read_text()
    for name in (*SECRETS, "POSTGRES_PASSWORD"):
        assert example[name] == "CHANGE-ME", f"deploy/.env.example holds a value for {name}"
        # compose refuses to start without it rather than run with an empty secret.
        assert re.search(rf"\$\{{{name}:\?", text), f"compose.yaml does not require {name}"
    for name, value in _secret_example().items():
        assert "PLACEHOLDER" in value, f"secret.example.yaml holds a real-looking {name}"
    for directory in KUSTOMIZATIONS:
        listed = yaml.safe_load((directory / "kustomization.yaml").read_text())["resources"]
        for name in listed:
            kinds = {doc["kind"] for doc in _load_all(directory / name)}
            assert "Secret" not in kinds, (
                f"{name}: Secrets are made by hand, never applied from git"
            )
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_every_referenced_configmap_and_secret_exists() -> None:
    configmaps = {d["metadata"]["name"] for _, d in _manifests() if d["kind"] == "ConfigMap"}
    secrets = {d["metadata"]["name"] for _, d in _manifests() if d["kind"] == "Secret"}
    for name, workload in _workloads().items():
        for container in _containers(workload):
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in configmaps, name
                if "secretRef" in source:
                    assert source["secretRef"]["name"] in secrets, name
            for item in container.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] in secrets, name


# --- commands --------------------------------------------------------------------------------


def _is_command(service: str, command: list[str]) -> bool:
    size = len(COMMANDS[service])
    head, options = command[:size], command[size:]
    return head == COMMANDS[service] and set(options) <= set(OPTIONS.get(service, []))


def test_compose_services_run_microcred_commands(compose: dict) -> None:
    apps = _app_services(compose)
    assert set(apps) == set(COMMANDS), "one compose service per microcred command"
    for name, service in apps.items():
        assert _is_command(name, service["command"]), name
        assert "entrypoint" not in service, f"{name}: the image's tini must stay PID 1"


def test_kubernetes_containers_run_microcred_commands() -> None:
    ours = {}
    for name, workload in _workloads().items():
        for container in _containers(workload):
            if _uses_our_image(container):
                # args, not command: command would replace the image's tini entrypoint.
                assert "command" not in container, name
                ours[name] = container["args"]
    assert set(ours) == set(COMMANDS)
    for name, args in ours.items():
        assert _is_command(name, args), name


def test_the_commands_are_the_cli_s() -> None:
    from bot.cli import build_parser

    parser = build_parser()
    subcommands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    if "serve" not in subcommands:
        pytest.skip("`microcred serve` is not in bot/cli.py yet")
    for name, command in COMMANDS.items():
        args = parser.parse_args(command[1:] + OPTIONS.get(name, []))
        assert callable(args.func), command


def test_the_catalogue_is_initialised_once_before_its_readers(compose: dict) -> None:
    services = compose["services"]
    init = services["catalogue-init"]
    assert init["restart"] == "no"
    for reader in ("actions", "web"):
        condition = services[reader]["depends_on"]["catalogue-init"]["condition"]
        assert condition == "service_completed_successfully", reader
    job = _workloads()["catalogue-init"]
    assert job["kind"] == "Job"
    assert job["spec"]["template"]["spec"]["restartPolicy"] in ("OnFailure", "Never")


# --- replicas, lock store, stores ------------------------------------------------------------


def test_rasa_and_actions_run_at_least_two_replicas(compose: dict) -> None:
    workloads = _workloads()
    for name in REPLICATED:
        assert compose["services"][name]["deploy"]["replicas"] >= 2, name
        assert workloads[name]["spec"]["replicas"] >= 2, name


def test_a_lock_store_wherever_rasa_has_replicas(compose: dict) -> None:
    rasa = compose["services"]["rasa"]
    env = _environment(rasa)
    if rasa.get("deploy", {}).get("replicas", 1) > 1:
        lock = urlsplit(env.get("LOCK_STORE_URL", ""))
        assert lock.scheme == "redis" and lock.hostname in compose["services"], env
        assert env["TRACKER_STORE_URL"].startswith("postgresql://")
        assert urlsplit(env["TRACKER_STORE_URL"]).hostname in compose["services"]
    k8s = _workloads()["rasa"]
    env = _k8s_env("rasa")
    if k8s["spec"]["replicas"] > 1:
        lock = urlsplit(env.get("LOCK_STORE_URL", ""))
        assert lock.scheme == "redis" and lock.port == 6379, env.get("LOCK_STORE_URL")
        assert env["TRACKER_STORE_URL"].startswith("postgresql://")


def test_the_databases_are_shared_postgresql(compose: dict) -> None:
    for name, service in _app_services(compose).items():
        url = _environment(service).get("DATABASE_URL")
        if url:
            assert url.startswith("postgresql+psycopg://"), name
            assert urlsplit(url).hostname == "postgres", name
    assert _secret_example()["DATABASE_URL"].startswith("postgresql+psycopg://")
    for name in ("actions", "web", "catalogue-init"):
        assert _k8s_env(name).get("DATABASE_URL", "").startswith("postgresql"), name


def test_telegram_is_optional_and_single(compose: dict) -> None:
    service = compose["services"]["telegram"]
    assert service["profiles"] == ["telegram"]
    assert service.get("deploy", {}).get("replicas", 1) == 1
    workload = _workloads()["telegram"]
    assert workload["spec"]["replicas"] == 1
    assert workload["spec"]["strategy"]["type"] == "Recreate"
    main = yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"]
    assert not any("telegram" in name for name in main)


def test_every_secret_a_service_needs_is_given(compose: dict) -> None:
    needs = {
        # The salt signs the socket.io sessions: every Rasa replica must share it.
        "rasa": {
            "ACTION_TOKEN",
            "REST_TOKEN",
            "TRACKER_STORE_URL",
            "LOCK_STORE_URL",
            "MICROCRED_SALT",
        },
        "actions": {"ACTION_TOKEN", "DATABASE_URL", "MICROCRED_SALT"},
        "web": {"ADVISER_TOKEN", "DATABASE_URL"},
        "telegram": {"REST_TOKEN", "TELEGRAM_TOKEN", "MICROCRED_SALT"},
        "catalogue-init": {"DATABASE_URL"},
    }
    for name, names in needs.items():
        assert names <= set(_environment(compose["services"][name])), name
        assert names - {"TELEGRAM_TOKEN"} <= set(_k8s_env(name)), name
    # The Rasa side and the action side share one token.
    assert (
        _environment(compose["services"]["rasa"])["ACTION_TOKEN"]
        == _environment(compose["services"]["actions"])["ACTION_TOKEN"]
    )


# --- ports and addresses ---------------------------------------------------------------------


def test_compose_ports_are_the_defaults(compose: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    ports = _default_ports(monkeypatch)
    for name, service in _app_services(compose).items():
        env = _environment(service)
        assert env["BIND_HOST"] == "0.0.0.0", name
        assert env["RASA_PORT"] == str(ports["rasa"])
        assert env["ACTION_PORT"] == str(ports["actions"])
        assert env["WEB_PORT"] == str(ports["web"])
    for name in ports:
        probe = " ".join(compose["services"][name]["healthcheck"]["test"])
        assert f"127.0.0.1:{ports[name]}/" in probe, name
        assert "ports" not in compose["services"][name], f"{name} is reached through nginx only"
    action_url = urlsplit(_environment(compose["services"]["rasa"])["ACTION_ENDPOINT_URL"])
    assert (action_url.hostname, action_url.port, action_url.path) == (
        "actions",
        ports["actions"],
        "/webhook",
    )
    relay = urlsplit(_environment(compose["services"]["telegram"])["RASA_URL"])
    assert (relay.hostname, relay.port) == ("rasa", ports["rasa"])


def test_kubernetes_ports_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    ports = _default_ports(monkeypatch)
    workloads = _workloads()
    services = {d["metadata"]["name"]: d for _, d in _manifests() if d["kind"] == "Service"}
    for name, port in ports.items():
        (container,) = _containers(workloads[name])
        assert [p["containerPort"] for p in container["ports"]] == [port], name
        assert services[name]["spec"]["ports"][0]["port"] == port, name
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["port"] in (port, container["ports"][0]["name"])
    settings = _configmap()
    assert settings["BIND_HOST"] == "0.0.0.0"
    assert (settings["RASA_PORT"], settings["ACTION_PORT"], settings["WEB_PORT"]) == tuple(
        str(ports[n]) for n in ("rasa", "actions", "web")
    )
    action_url = urlsplit(settings["ACTION_ENDPOINT_URL"])
    assert (action_url.hostname, action_url.port, action_url.path) == (
        "actions",
        ports["actions"],
        "/webhook",
    )
    rasa_url = urlsplit(settings["RASA_URL"])
    assert (rasa_url.hostname, rasa_url.port) == ("rasa", ports["rasa"])


def test_the_ingress_routes_to_the_services(monkeypatch: pytest.MonkeyPatch) -> None:
    ports = _default_ports(monkeypatch)
    ingresses = [d for _, d in _manifests() if d["kind"] == "Ingress"]
    routes = {}
    hosts = set()
    for ingress in ingresses:
        for rule in ingress["spec"]["rules"]:
            hosts.add(rule["host"])
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                routes[path["path"]] = (backend["name"], backend["port"]["number"])
    assert routes == {
        "/socket.io": ("rasa", ports["rasa"]),
        "/webhooks": ("rasa", ports["rasa"]),
        "/": ("web", ports["web"]),
    }
    (host,) = hosts
    # The demo page's widget connects from the browser to the public host, which must be an
    # allowed origin.
    assert _k8s_env("web")["RASA_URL"] == f"https://{host}"
    assert f"https://{host}" in _configmap()["WIDGET_ORIGINS"].split(",")
    (rasa_ingress,) = [i for i in ingresses if i["metadata"]["name"] == "rasa"]
    notes = rasa_ingress["metadata"]["annotations"]
    assert notes["nginx.org/lb-method"] == "ip_hash"
    assert notes["nginx.org/websocket-services"] == "rasa"
    assert "nginx.ingress.kubernetes.io/upstream-hash-by" in notes


def test_the_public_address_is_an_allowed_origin(compose: dict) -> None:
    example = _env_example()
    web = _environment(compose["services"]["web"])
    assert web["RASA_URL"] == example["PUBLIC_URL"]
    assert example["PUBLIC_URL"] in example["WIDGET_ORIGINS"].split(",")
    assert urlsplit(example["PUBLIC_URL"]).port == int(example["HTTP_PORT"])
    (published,) = compose["services"]["nginx"]["ports"]
    assert published == f"{example['HTTP_PORT']}:80"


def test_nginx_balances_rasa_for_socket_io(compose: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    ports = _default_ports(monkeypatch)
    conf = NGINX_CONF.read_text()
    upstreams = dict(re.findall(r"upstream\s+(\w+)\s*\{([^}]*)\}", conf))
    locations = dict(re.findall(r"location\s+(?:=\s*)?(\S+)\s*\{([^}]*)\}", conf))
    socket_io = locations["/socket.io/"]
    sticky = re.search(r"proxy_pass\s+http://(\w+);", socket_io)[1]
    assert "ip_hash;" in upstreams[sticky]
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", socket_io)
    assert re.search(r"proxy_set_header\s+Connection\s+\$connection_upgrade;", socket_io)
    assert "proxy_http_version 1.1;" in socket_io
    rest = re.search(r"proxy_pass\s+http://(\w+);", locations["/webhooks/"])[1]
    page = re.search(r"proxy_pass\s+http://(\w+);", locations["/"])[1]
    assert f"server rasa:{ports['rasa']}" in upstreams[sticky]
    assert f"server rasa:{ports['rasa']}" in upstreams[rest]
    assert f"server web:{ports['web']}" in upstreams[page]
    assert "actions" not in conf.replace("# The action servers", ""), "never publish the actions"
    mounts = compose["services"]["nginx"]["volumes"]
    assert "./deploy/nginx/microcred.conf:/etc/nginx/conf.d/default.conf:ro" in mounts


# --- health checks and pods ------------------------------------------------------------------


def test_long_running_compose_services_have_health_checks(compose: dict) -> None:
    for name, service in compose["services"].items():
        if name in ("catalogue-init", "telegram"):  # a one-off job; an outbound poller
            continue
        assert service.get("healthcheck", {}).get("test"), name
        assert service.get("restart") == "unless-stopped", name


def test_kubernetes_deployments_have_probes_and_run_unprivileged() -> None:
    for name, workload in _workloads().items():
        pod = workload["spec"]["template"]["spec"]
        # A Service named rasa or web would otherwise set RASA_PORT/WEB_PORT=tcp://... in pods.
        assert pod.get("enableServiceLinks") is False, name
        for container in pod["containers"]:
            if name in ("rasa", "actions", "web"):
                assert "readinessProbe" in container and "livenessProbe" in container, name
            if _uses_our_image(container):
                assert pod["securityContext"]["runAsNonRoot"] is True, name
                assert pod["securityContext"]["runAsUser"] == 10001, name
                assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
                assert "limits" in container["resources"], name


def test_kustomization_lists_every_manifest() -> None:
    for directory in KUSTOMIZATIONS:
        listed = set(yaml.safe_load((directory / "kustomization.yaml").read_text())["resources"])
        present = {
            p.name
            for p in directory.glob("*.yaml")
            if p.name not in ("kustomization.yaml", "secret.example.yaml")
        }
        assert listed == present, directory
    images = [
        yaml.safe_load((d / "kustomization.yaml").read_text()).get("images")
        for d in (K8S, K8S / "telegram")
    ]
    assert images[0] == images[1], "the same image everywhere"


# --- the image -------------------------------------------------------------------------------


def _makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    variables = dict(re.findall(r"^([A-Z_]+)\s*:=\s*(\S+)\s*$", text, re.M))
    targets = set()
    for line in re.findall(r"^([^\s#:=][^:=]*):(?!=)", text, re.M):
        for target in line.split():
            targets.add(re.sub(r"\$\((\w+)\)", lambda m: variables.get(m[1], m[0]), target))
    return targets


def test_the_image_is_built_by_the_makefile() -> None:
    stages = _dockerfile_stages()
    assert list(stages) == ["build", "runtime"]
    targets = _makefile_targets()
    runs = " && ".join(rest for keyword, rest in stages["build"] if keyword == "RUN")
    made = [
        target
        for command in re.findall(r"(?:^|&&|;)\s*make\s+([^&;]+)", runs)
        for target in command.split()
        if "=" not in target
    ]
    assert made[-2:] == ["install", "train"], made
    assert set(made) <= targets, set(made) - targets
    assert "models/current.tar.gz" in targets and "test -s models/current.tar.gz" in runs
    # Nothing installed behind the locks' back.
    for keyword, rest in _dockerfile_instructions():
        assert not (keyword == "RUN" and re.search(r"\bpip3?\s+install\b", rest)), rest
    runtime = stages["runtime"]
    assert ("COPY", "--from=build /app /app") in runtime
    user = [rest for keyword, rest in runtime if keyword == "USER"]
    assert user == ["10001"], "a numeric non-root user (runAsNonRoot can check it)"
    (entrypoint,) = [json.loads(rest) for keyword, rest in runtime if keyword == "ENTRYPOINT"]
    assert entrypoint[0].endswith("tini")
    (workdir,) = [rest for keyword, rest in runtime if keyword == "WORKDIR"]
    assert MICROCRED.startswith(workdir + "/")


def test_the_image_exposes_the_default_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    ports = _default_ports(monkeypatch)
    exposed = {
        int(port)
        for keyword, rest in _dockerfile_instructions()
        if keyword == "EXPOSE"
        for port in rest.split()
    }
    assert exposed == set(ports.values())


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves ``path`` out (its patterns, ``**`` and ``!`` included)."""
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = (
            re.escape(pattern)
            .replace(r"\*\*/", "(?:.*/)?")
            .replace(r"\*\*", ".*")
            .replace(r"\*", "[^/]*")
            .replace(r"\?", "[^/]")
        )
        if re.fullmatch(rf"{regex}(?:/.*)?", path):
            ignored = not negate
    return ignored


def test_dockerignore_keeps_what_the_build_needs_and_nothing_secret() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    needed = [
        "Makefile",
        "pyproject.toml",
        "README.md",
        "config.yml",
        "domain.yml",
        "endpoints.yml",
        "credentials.yml",
        "data/catalogue/sample.yaml",
        "bot/config.py",
        "bot/encoder_engine/e5.c",
        "actions/__init__.py",
    ]
    needed += [str(p.relative_to(ROOT)) for p in (ROOT / "requirements").glob("*.lock")]
    needed += [str(p.relative_to(ROOT)) for p in (ROOT / "data").rglob("*.yml")][:50]
    kept_out = [p for p in needed if _ignored(p, patterns)]
    assert not kept_out, kept_out
    for path in (
        ".env",
        "deploy/.env",
        ".git/config",
        ".venv/bin/python",
        ".venv-rasa/bin/rasa",
        "models/current.tar.gz",
        "var/catalogue.db",
        "bot/__pycache__/cli.cpython-311.pyc",
    ):
        assert _ignored(path, patterns), path
