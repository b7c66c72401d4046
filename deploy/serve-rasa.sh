#!/bin/sh
# One Rasa replica of a production deployment, started the same way everywhere: the image's command
# (deploy/docker/rasa.Dockerfile, hence compose and Kubernetes) and `make run-prod` (deploy/prod.py).
# Everything comes from the environment, so that one list of names serves all of them:
#   CDM_MODEL            the trained model archive (required)
#   CDM_RASA_TOKEN       the token of Rasa's HTTP API (required; a Secret, never given to anything public)
#   CDM_ALLOWED_ORIGINS  browser origins allowed by CORS, comma-separated (none by default)
#   CDM_HOST, RASA_PORT  where to listen (0.0.0.0 and 5005 in a container)
#   RASA                 the rasa command (the image's; .venv-rasa/bin/rasa under make run-prod)
# The endpoints (Redis tracker and lock stores, the action server) are deploy/endpoints.production.yml.
set -eu
: "${CDM_MODEL:?CDM_MODEL must name the trained model archive}"
: "${CDM_RASA_TOKEN:?CDM_RASA_TOKEN must hold the token of Rasa's HTTP API}"
# Rasa's --cors takes the origins as separate words.
origins=$(printf '%s' "${CDM_ALLOWED_ORIGINS:-}" | tr ',' ' ')
# shellcheck disable=SC2086
exec "${RASA:-rasa}" run --enable-api --auth-token="$CDM_RASA_TOKEN" --cors $origins \
  --model "$CDM_MODEL" --endpoints deploy/endpoints.production.yml --credentials bot/credentials.yml \
  -i "${CDM_HOST:-0.0.0.0}" -p "${RASA_PORT:-5005}"
