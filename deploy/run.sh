#!/usr/bin/env bash
# The local runner behind `make run`: every service on loopback under one process runner (honcho),
# the URLs printed once all are healthy, everything stopped together on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDM_HOST="${CDM_HOST:-127.0.0.1}"
export RASA_PORT="${RASA_PORT:-5005}" ACTION_PORT="${ACTION_PORT:-5055}"
export SANIC_HOST="$CDM_HOST" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
# The action server embeds a question on two threads: ~15 ms instead of 20-25 on an idle 2-core machine
# (the Rasa server waits meanwhile). Set 1 on a host busy with other work.
export CDM_SEARCH_THREADS="${CDM_SEARCH_THREADS:-2}"
export ACTION_ENDPOINT_URL="http://$CDM_HOST:$ACTION_PORT/webhook"
# The desk (port 8000) and the token the action server shows it; generated once, kept in var/desk-token.
export CDM_DESK_HOST="$CDM_HOST" CDM_DESK_PORT="${CDM_DESK_PORT:-8000}"
export CDM_DESK_URL="http://$CDM_HOST:$CDM_DESK_PORT" CDM_RASA_URL="http://$CDM_HOST:$RASA_PORT"
mkdir -p var
# A secret generated once and kept under var/ (readable by this user only).
secret() {
  if [ ! -s "$1" ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' > "$1")
  fi
  cat "$1"
}
CDM_DESK_SERVICE_TOKEN="$(secret var/desk-token)"
# Rasa's HTTP API (/model, /conversations, /status...) answers only with this token: the desk uses it to
# pause and resume a conversation; nothing public gets it.
CDM_RASA_TOKEN="${CDM_RASA_TOKEN:-$(secret var/rasa-token)}"
# The browser origins that may call Rasa (the desk's pages embed the widget); comma-separated.
CDM_ALLOWED_ORIGINS="${CDM_ALLOWED_ORIGINS:-http://$CDM_HOST:$CDM_DESK_PORT}"
CDM_RASA_CORS="${CDM_ALLOWED_ORIGINS//,/ }"
export CDM_DESK_SERVICE_TOKEN CDM_RASA_TOKEN CDM_ALLOWED_ORIGINS CDM_RASA_CORS
MODEL="$(deploy/model.sh)"
export MODEL
mkdir -p var/log
exec .venv/bin/honcho -f deploy/Procfile -d . start
