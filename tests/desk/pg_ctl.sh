#!/bin/sh
# pg_ctl for the desk's tests. PostgreSQL refuses to run as root, so under root (CI containers) the
# server is run as the `postgres` user that Debian's package creates. CDM_PG_CTL overrides the binary.
set -eu
PG_CTL="${CDM_PG_CTL:-}"
if [ -z "$PG_CTL" ]; then
  PG_CTL="$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$PG_CTL" ]; then
  echo "pg_ctl not found: install PostgreSQL (make postgres-for-tests)" >&2
  exit 127
fi
if [ "$(id -u)" = 0 ]; then
  exec runuser -u postgres -- "$PG_CTL" "$@"
fi
exec "$PG_CTL" "$@"
