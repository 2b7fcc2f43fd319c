#!/bin/bash
# Run once by the postgres image on an empty data folder (mounted into /docker-entrypoint-initdb.d/), as the bootstrap
# superuser POSTGRES_USER, which only operators use. Creates ImageSaga's two roles with create-roles.sql (mounted beside
# it in /etc/imagesaga/postgres/). The image does not run it again on an existing data folder: to add the roles to one,
# run the same psql command yourself as a superuser.
set -euo pipefail

for name in POSTGRES_OWNER_USER POSTGRES_OWNER_PASSWORD POSTGRES_APP_USER POSTGRES_APP_PASSWORD; do
    if [ -z "${!name:-}" ]; then
        echo "create-roles: $name is not set" >&2
        exit 1
    fi
done

psql --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set ON_ERROR_STOP=1 \
    --set database="$POSTGRES_DB" \
    --set owner="$POSTGRES_OWNER_USER" --set owner_password="$POSTGRES_OWNER_PASSWORD" \
    --set app="$POSTGRES_APP_USER" --set app_password="$POSTGRES_APP_PASSWORD" \
    --file "${IMAGESAGA_PROVISIONING:-/etc/imagesaga/postgres}/create-roles.sql"
