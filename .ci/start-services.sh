# shellcheck shell=bash
# Starts RabbitMQ (with the management plugin) and PostgreSQL for the ImageSaga
# integration tests, without systemd, and exports the IMAGESAGA_TEST_* variables.
#
#   source .ci/start-services.sh      # developers: services + env vars in this shell
#   (sourced by .ci/run in CI)
#
# Idempotent: installs the Debian packages only when missing, starts each service
# only when it is not already answering, and (re)creates users/permissions safely.
# It never changes the options (set -e, ...) of the shell that sources it: all the
# work happens in a subshell; only the exports below touch the caller's shell.

_imagesaga_start_services() (
    set -euo pipefail

    local_logdir="${IMAGESAGA_CI_LOGDIR:-/tmp/imagesaga-ci}"
    mkdir -p "$local_logdir"

    user=imagesaga
    pass=imagesaga
    db=imagesaga_test

    log() { printf '[services] %s\n' "$*"; }
    die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }
    now() { date +%s; }

    # Root for apt and service control; sudo when a developer runs it unprivileged.
    if [ "$(id -u)" -eq 0 ]; then
        as_root() { "$@"; }
    elif command -v sudo >/dev/null 2>&1; then
        as_root() { sudo "$@"; }
    else
        die "need root (or sudo) to install/start services"
    fi
    as_postgres() { as_root runuser -u postgres -- "$@"; }

    # ------------------------------------------------------------------ install
    # Only the packages that are missing: naming an installed one would upgrade it.
    missing=()
    for pkg in rabbitmq-server postgresql curl; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    need_install=0
    [ "${#missing[@]}" -eq 0 ] || need_install=1
    if [ "$need_install" -eq 1 ]; then
        apt_log="$local_logdir/apt.log"
        t0=$(now)
        log "installing ${missing[*]} (log: $apt_log) ..."
        # Keep the packages' postinst from auto-starting the services (invoke-rc.d
        # honours policy-rc.d): we start them ourselves below, with our config.
        policy_created=0
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
            policy_created=1
        fi
        rc=0
        {
            as_root apt-get update &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
                "${missing[@]}"
        } >"$apt_log" 2>&1 || rc=$?
        if [ "$policy_created" -eq 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
        if [ "$rc" -ne 0 ]; then
            cat "$apt_log" >&2
            die "apt-get failed (exit $rc)"
        fi
        log "installed ${missing[*]} in $(( $(now) - t0 ))s"
    else
        log "rabbitmq-server, postgresql and curl already installed"
    fi
    # Debian's chromium for the web console's browser tests (Playwright cannot download browsers here). Only when
    # missing, quietly; a failure is reported, not fatal: those tests then say why they cannot run.
    if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
        t0=$(now)
        log "installing chromium (log: $local_logdir/apt-chromium.log) ..."
        if { [ "$need_install" -eq 1 ] || as_root apt-get update; } >"$local_logdir/apt-chromium.log" 2>&1 &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >>"$local_logdir/apt-chromium.log" 2>&1; then
            log "installed chromium in $(( $(now) - t0 ))s"
        else
            log "WARNING: could not install chromium (see $local_logdir/apt-chromium.log)"
        fi
    fi

    # ----------------------------------------------------------------- RabbitMQ
    t0=$(now)
    # Node name pinned to rabbit@localhost: independent of the machine's hostname
    # (a hostname that does not resolve breaks Erlang distribution / rabbitmqctl).
    if ! grep -qs '^NODENAME=rabbit@localhost$' /etc/rabbitmq/rabbitmq-env.conf; then
        as_root sh -c 'mkdir -p /etc/rabbitmq && { grep -vs "^NODENAME=" /etc/rabbitmq/rabbitmq-env.conf || true; echo "NODENAME=rabbit@localhost"; } > /etc/rabbitmq/rabbitmq-env.conf.new && mv /etc/rabbitmq/rabbitmq-env.conf.new /etc/rabbitmq/rabbitmq-env.conf'
    fi
    export RABBITMQ_NODENAME=rabbit@localhost

    rmq_log="$local_logdir/rabbitmq-start.log"
    : >"$rmq_log"
    if as_root rabbitmqctl -q status >/dev/null 2>&1; then
        log "RabbitMQ already running"
        # Enable the management plugin online unless it is already serving HTTP.
        if [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:15672/api/overview || true)" = 000 ]; then
            as_root rabbitmq-plugins -q enable rabbitmq_management >>"$rmq_log" 2>&1 \
                || { cat "$rmq_log" >&2; die "could not enable rabbitmq_management"; }
        fi
    else
        if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then
            die "port 5672 is taken but node rabbit@localhost is not running: another RabbitMQ node (e.g. rabbit@$(hostname -s), started by the package) is up; stop it first"
        fi
        as_root rabbitmq-plugins -q enable --offline rabbitmq_management >>"$rmq_log" 2>&1 \
            || { cat "$rmq_log" >&2; die "could not enable rabbitmq_management (offline)"; }
        log "starting RabbitMQ ..."
        # -detached: daemonises (no systemd here); the Debian wrapper drops to the
        # rabbitmq user, so the Erlang cookie is /var/lib/rabbitmq/.erlang.cookie.
        as_root rabbitmq-server -detached >>"$rmq_log" 2>&1 \
            || { cat "$rmq_log" >&2; die "rabbitmq-server -detached failed"; }
    fi
    # await_startup fails at once while the node is not yet reachable, so poll it.
    ok=0
    deadline=$(( $(now) + 120 ))
    while [ "$(now)" -lt "$deadline" ]; do
        if as_root timeout 60 rabbitmqctl -q await_startup --timeout 10 >>"$rmq_log" 2>&1; then
            ok=1; break
        fi
        sleep 2
    done
    if [ "$ok" -ne 1 ]; then
        cat "$rmq_log" >&2
        tail -n 50 /var/log/rabbitmq/rabbit@localhost.log >&2 2>/dev/null || true
        die "RabbitMQ did not start within 120s"
    fi

    if ! as_root rabbitmqctl -q list_users 2>/dev/null | awk '{print $1}' | grep -qx "$user"; then
        as_root rabbitmqctl -q add_user "$user" "$pass" >/dev/null
    else
        as_root rabbitmqctl -q change_password "$user" "$pass" >/dev/null
    fi
    as_root rabbitmqctl -q set_user_tags "$user" administrator >/dev/null
    as_root rabbitmqctl -q set_permissions -p / "$user" '.*' '.*' '.*' >/dev/null

    ok=0
    for _ in $(seq 1 120); do
        if curl -fsS -o /dev/null -u "$user:$pass" http://localhost:15672/api/overview 2>/dev/null; then
            ok=1; break
        fi
        sleep 1
    done
    [ "$ok" -eq 1 ] || die "RabbitMQ management API (http://localhost:15672/api/overview) not answering for $user"
    (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null || die "RabbitMQ AMQP port 5672 not open"
    log "RabbitMQ ready (AMQP :5672, management :15672) in $(( $(now) - t0 ))s"

    # --------------------------------------------------------------- PostgreSQL
    t0=$(now)
    pg_ver="${IMAGESAGA_PG_VERSION:-}"
    if [ -z "$pg_ver" ]; then
        # Newest installed server (Debian 12: 15).
        for bin in /usr/lib/postgresql/*/bin/postgres; do
            [ -x "$bin" ] || continue
            v=${bin#/usr/lib/postgresql/}; v=${v%%/*}
            if [ -z "$pg_ver" ] || [ "$v" -gt "$pg_ver" ]; then pg_ver=$v; fi
        done
    fi
    [ -n "$pg_ver" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$pg_ver main"; then
        log "creating PostgreSQL $pg_ver cluster 'main'"
        as_root pg_createcluster "$pg_ver" main >/dev/null
    fi
    pg_port=$(pg_lsclusters -h | awk -v v="$pg_ver" '$1==v && $2=="main" {print $3}')
    if pg_isready -q -h localhost -p "$pg_port"; then
        log "PostgreSQL $pg_ver already running"
    else
        log "starting PostgreSQL $pg_ver ..."
        pg_log="$local_logdir/postgres-start.log"
        # pg_ctlcluster works without systemd and recreates /var/run/postgresql.
        as_root pg_ctlcluster "$pg_ver" main start >"$pg_log" 2>&1 || {
            cat "$pg_log" >&2
            tail -n 50 "/var/log/postgresql/postgresql-$pg_ver-main.log" >&2 || true
            die "pg_ctlcluster $pg_ver main start failed"
        }
    fi
    ok=0
    for _ in $(seq 1 120); do
        if pg_isready -q -h localhost -p "$pg_port"; then ok=1; break; fi
        sleep 1
    done
    [ "$ok" -eq 1 ] || die "PostgreSQL not ready within 120s"
    [ "$pg_port" = 5432 ] || log "WARNING: PostgreSQL cluster listens on port $pg_port, not 5432"

    as_postgres psql -p "$pg_port" -X -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN CREATEDB PASSWORD '$pass';
  ELSE
    ALTER ROLE $user LOGIN CREATEDB PASSWORD '$pass';
  END IF;
  -- The superuser the deployments' provisioning scripts run as, for the test that runs them (DatabaseRolesTests);
  -- every other test connects as $user.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}_admin') THEN
    CREATE ROLE ${user}_admin LOGIN SUPERUSER PASSWORD '$pass';
  END IF;
END
\$\$;
SQL
    if [ "$(as_postgres psql -p "$pg_port" -X -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
        as_postgres createdb -p "$pg_port" -O "$user" "$db"
    else
        as_postgres psql -p "$pg_port" -X -q -d postgres -c "ALTER DATABASE $db OWNER TO $user" >/dev/null
    fi
    PGPASSWORD="$pass" psql -X -q -h localhost -p "$pg_port" -U "$user" -d "$db" -tAc 'select 1' >/dev/null \
        || die "cannot log in to PostgreSQL as $user"
    log "PostgreSQL $pg_ver ready (localhost:$pg_port, db $db) in $(( $(now) - t0 ))s"
)

if _imagesaga_start_services; then
    unset -f _imagesaga_start_services
    export IMAGESAGA_TEST_RABBITMQ="amqp://imagesaga:imagesaga@localhost:5672/"
    export IMAGESAGA_TEST_RABBITMQ_MANAGEMENT="http://imagesaga:imagesaga@localhost:15672/"
    export IMAGESAGA_TEST_POSTGRES="Host=localhost;Port=5432;Username=imagesaga;Password=imagesaga;Database=imagesaga_test"
    export IMAGESAGA_TEST_POSTGRES_SUPERUSER="Host=localhost;Port=5432;Username=imagesaga_admin;Password=imagesaga;Database=imagesaga_test"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1
    export DOTNET_NOLOGO=1
else
    unset -f _imagesaga_start_services
    echo "[services] failed to start the test services" >&2
    # 'return' when sourced, 'exit' when executed directly.
    # shellcheck disable=SC2317
    return 1 2>/dev/null || exit 1
fi
