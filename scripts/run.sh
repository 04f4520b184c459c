#!/usr/bin/env bash
# Start the assistant: catalogue ready, action server, then Rasa. Ctrl-C or SIGTERM stops all.
#   scripts/run.sh         serve (REST + socket.io on $RASA_PORT)
#   scripts/run.sh shell   chat in this terminal instead
set -euo pipefail
cd "$(dirname "$0")/.."

export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export MICROCRED_DATA_DIR="${MICROCRED_DATA_DIR:-$PWD/var}"
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:$ACTION_PORT/webhook}"
export TRACKER_DIALECT="${TRACKER_DIALECT:-sqlite}"
export TRACKER_HOST="${TRACKER_HOST:-}"
export RASA_TELEMETRY_ENABLED=false
export TRACKER_DB="${TRACKER_DB:-$MICROCRED_DATA_DIR/conversations.db}"
mkdir -p "$MICROCRED_DATA_DIR"

pids=()
stop() {
  local code=${1:-$?}
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo ">> stopped"
  exit "$code"
}
trap 'stop 0' INT TERM
trap stop EXIT

echo ">> catalogue: $(.venv/bin/microcred catalogue init)"
# Records older than RETENTION_DAYS (90) go at each start; `microcred purge` does it any time.
.venv/bin/microcred purge | sed 's/^/>> /'

echo ">> action server on :$ACTION_PORT"
.venv/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" &
pids+=($!)

if [ "${1:-}" = shell ]; then
  .venv-rasa/bin/rasa shell --model models/current.tar.gz --endpoints endpoints.yml
  exit 0
fi

echo ">> Rasa server on :$RASA_PORT (loading the model)"
.venv-rasa/bin/rasa run --model models/current.tar.gz --endpoints endpoints.yml \
  --credentials credentials.yml --port "$RASA_PORT" --cors "*" &
pids+=($!)

# Rasa answers HTTP before its model is loaded (with empty replies): wait for a real reply.
until curl -sf "http://localhost:$RASA_PORT/webhooks/rest/webhook" \
    -d '{"sender": "readiness-check", "message": "/greet"}' 2>/dev/null | grep -q '"text"'; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "!! Rasa failed to start" >&2; exit 1; }
  sleep 1
done
if [ -n "${TELEGRAM_TOKEN:-}" ]; then
  echo ">> Telegram bot (long polling, or webhook when TELEGRAM_WEBHOOK_URL is set)"
  .venv/bin/microcred telegram --rasa-url "http://localhost:$RASA_PORT" &
  pids+=($!)
fi

WEB_PORT="${WEB_PORT:-8080}"
if [ -z "${ADVISER_TOKEN:-}" ]; then
  # The adviser page refuses everyone without a token: make one for this run.
  ADVISER_TOKEN="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(18))')"
  export ADVISER_TOKEN
  token_note="(generated for this run; set ADVISER_TOKEN to keep one)"
else
  token_note="(from ADVISER_TOKEN)"
fi
echo ">> widget demo page and adviser page on :$WEB_PORT"
.venv/bin/microcred web --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
pids+=($!)

cat <<MSG

  The assistant is up.
    REST:      POST http://localhost:$RASA_PORT/webhooks/rest/webhook  {"sender": "me", "message": "How much is the fee?"}
    socket.io: http://localhost:$RASA_PORT/socket.io
    actions:   http://localhost:$ACTION_PORT/health
    widget:    http://localhost:$WEB_PORT/  (demo page with the chat widget)
    advisers:  http://localhost:$WEB_PORT/advisers  token: $ADVISER_TOKEN $token_note
  Ctrl-C stops everything.

MSG
wait -n "${pids[@]}"
