#!/usr/bin/env bash
# The production shape on one machine (make production): 2 Rasa replicas and 2 action servers
# behind nginx, conversations and the catalogue on PostgreSQL, Rasa's lock store on Redis.
# Needs PostgreSQL and Redis running (127.0.0.1:5432 trust auth and 127.0.0.1:6379 by default);
# every setting can be overridden from the environment (README, "Configuration").
set -euo pipefail
cd "$(dirname "$0")/../.."

PG="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export TRACKER_STORE_URL="${TRACKER_STORE_URL:-postgresql://postgres@127.0.0.1:5432/microcred_conversations}"
export DATABASE_URL="${DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/microcred_catalogue}"
export LOCK_STORE_URL="${LOCK_STORE_URL:-redis://127.0.0.1:6379/0}"

# The two databases, once.
for url in "$TRACKER_STORE_URL" "$DATABASE_URL"; do
  name="${url##*/}"
  .venv/bin/python - "$PG" "$name" <<'PY'
import sys, psycopg
admin, name = sys.argv[1:]
with psycopg.connect(admin, autocommit=True) as db:
    if not db.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
        db.execute(f'CREATE DATABASE "{name}"')
        print(f">> created database {name}")
PY
done

exec .venv/bin/microcred run --rasa-replicas "${RASA_REPLICAS:-2}" --action-replicas "${ACTION_REPLICAS:-2}"
