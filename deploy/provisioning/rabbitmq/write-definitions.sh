#!/bin/sh
# The RabbitMQ container's entrypoint: writes the broker's users, virtual host and permissions (definitions.template.json
# with the values from the environment) to the file imagesaga.conf loads at boot, then runs the image's own entrypoint
# ("$@"). Three users, none of them guest:
#   RABBITMQ_ADMIN_USER    administrator, for operators (management UI); no ImageSaga process uses it
#   RABBITMQ_USER          the ImageSaga services: only the virtual host RABBITMQ_VHOST, no tags (no management API)
#   RABBITMQ_MONITOR_USER  the API's system page and KEDA: tag "management", may see the virtual host's queues and
#                          their counts but not configure, publish to or read from anything
set -eu

template_dir=$(dirname "$0")
out_dir=/tmp/imagesaga
: "${RABBITMQ_VHOST:=imagesaga}"

for name in RABBITMQ_VHOST RABBITMQ_ADMIN_USER RABBITMQ_ADMIN_PASSWORD RABBITMQ_USER RABBITMQ_PASSWORD \
    RABBITMQ_MONITOR_USER RABBITMQ_MONITOR_PASSWORD; do
    eval "value=\${$name:-}"
    # Plain characters only: the values go into JSON here and into URLs (the management URI, KEDA) and connection
    # settings elsewhere, and KEDA cannot read a URL whose password has special characters.
    case "$value" in
        '' ) echo "write-definitions: $name is not set" >&2; exit 1 ;;
        *[!A-Za-z0-9._-]* ) echo "write-definitions: $name may use only letters, digits, '.', '_' and '-'" >&2; exit 1 ;;
    esac
done
if [ "$RABBITMQ_USER" = "$RABBITMQ_ADMIN_USER" ] || [ "$RABBITMQ_MONITOR_USER" = "$RABBITMQ_ADMIN_USER" ] \
    || [ "$RABBITMQ_MONITOR_USER" = "$RABBITMQ_USER" ]; then
    echo "write-definitions: the admin, application and monitor users must be three different users" >&2
    exit 1
fi

mkdir -p "$out_dir"
umask 077
sed -e "s|\${RABBITMQ_VHOST}|$RABBITMQ_VHOST|g" \
    -e "s|\${RABBITMQ_ADMIN_USER}|$RABBITMQ_ADMIN_USER|g" \
    -e "s|\${RABBITMQ_ADMIN_PASSWORD}|$RABBITMQ_ADMIN_PASSWORD|g" \
    -e "s|\${RABBITMQ_USER}|$RABBITMQ_USER|g" \
    -e "s|\${RABBITMQ_PASSWORD}|$RABBITMQ_PASSWORD|g" \
    -e "s|\${RABBITMQ_MONITOR_USER}|$RABBITMQ_MONITOR_USER|g" \
    -e "s|\${RABBITMQ_MONITOR_PASSWORD}|$RABBITMQ_MONITOR_PASSWORD|g" \
    "$template_dir/definitions.template.json" > "$out_dir/definitions.json"
# The image's entrypoint starts the broker as the rabbitmq user; only that user may read the passwords.
if [ "$(id -u)" = 0 ]; then
    chown -R rabbitmq:rabbitmq "$out_dir"
fi

exec "$@"
