#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster:
#   - docker-compose.yml through docker-compose's own parser and schema, with a throwaway env file made from
#     .env.example (so every ${VAR:?} must be answered by the example);
#   - that every ImageSaga service but the API can be scaled (`--scale`), i.e. has no container_name and no fixed
#     host port: `config` accepts both, `up --scale` then fails;
#   - where kubectl is installed, that every kustomization under deploy/kubernetes builds.
# Installs Debian's docker-compose package if docker-compose is missing. Prints "deploy: docker-compose.yml valid" last.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
    # Quiet unless it fails: apt and debconf chatter on stderr even when all goes well.
    apt_log=$(mktemp)
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose; } \
        >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        echo "deploy: could not install docker-compose with apt-get" >&2
        exit 1
    fi
    rm -f "$apt_log"
fi

env_file=$(mktemp)
rendered=$(mktemp)
trap 'rm -f "$env_file" "$rendered"' EXIT
if [ -f .env.example ]; then
    cp .env.example "$env_file"
fi

# Compose reads variables from the shell before the env file: check what the example alone gives.
unset RABBITMQ_ADMIN_USER RABBITMQ_ADMIN_PASSWORD RABBITMQ_USER RABBITMQ_PASSWORD RABBITMQ_MONITOR_USER \
    RABBITMQ_MONITOR_PASSWORD POSTGRES_ADMIN_USER POSTGRES_ADMIN_PASSWORD POSTGRES_OWNER_USER POSTGRES_OWNER_PASSWORD \
    POSTGRES_APP_USER POSTGRES_APP_PASSWORD POSTGRES_DB IMAGESAGA_ADMIN_KEY

docker-compose -f docker-compose.yml --env-file "$env_file" config -q
docker-compose -f docker-compose.yml --env-file "$env_file" config > "$rendered"

# docker-compose runs on Debian's python3, which its package brings with PyYAML.
python=/usr/bin/python3
if ! "$python" -c 'import yaml' 2>/dev/null; then
    python=python3
fi
"$python" - "$rendered" <<'PY'
import sys
import yaml

with open(sys.argv[1]) as rendered:
    services = yaml.safe_load(rendered)["services"]

problems = []
for name, service in services.items():
    command = service.get("command") or []
    if isinstance(command, str):
        command = command.split()
    if "--services" not in command:
        continue  # RabbitMQ and PostgreSQL: one each, on purpose
    selected = command[command.index("--services") + 1]
    if selected == "api":
        continue  # publishes 5080 for people; run more API replicas behind a proxy instead
    if "container_name" in service:
        problems.append(f"{name}: container_name {service['container_name']!r} stops --scale {name}=N")
    for port in service.get("ports") or []:
        published = port.get("published") if isinstance(port, dict) else (str(port).split(":")[-2] if ":" in str(port) else None)
        if published:
            problems.append(f"{name}: host port {published} stops --scale {name}=N")

for problem in problems:
    print(f"deploy: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

if command -v kubectl >/dev/null 2>&1; then
    for kustomization in $(find deploy/kubernetes -name kustomization.yaml | sort); do
        folder=$(dirname "$kustomization")
        if ! kubectl kustomize "$folder" >/dev/null; then
            echo "deploy: kubectl kustomize $folder failed" >&2
            exit 1
        fi
    done
    echo "deploy: kustomizations build ($(find deploy/kubernetes -name kustomization.yaml | wc -l) checked)"
else
    echo "deploy: kubectl not found; kustomizations not built (tests/ImageSaga.Deployment.Tests still checks them)"
fi

echo "deploy: docker-compose.yml valid"
