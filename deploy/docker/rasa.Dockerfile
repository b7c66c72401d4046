# syntax=docker/dockerfile:1
# The Rasa server of a deployment: Rasa 3.6 (Python 3.10), the bot's channels and components, and the
# model trained in the build stage, so that nothing is trained or downloaded when a replica starts.
# Build from the repository's root: docker build -f deploy/docker/rasa.Dockerfile -t cdm/rasa:0.1.0 .
# Runs deploy/serve-rasa.sh (the same command as `make run-prod`); its environment is listed there.

FROM python:3.10.13-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 RASA_TELEMETRY_ENABLED=false
WORKDIR /app
COPY requirements/rasa.txt requirements/rasa.txt
RUN python -m venv /opt/rasa \
    && /opt/rasa/bin/pip install --no-compile -r requirements/rasa.txt
COPY config.yml ./
COPY bot bot
COPY common common
COPY privacy privacy
# The model carries a hash of what shapes it in `make run`; here one image is one model, named plainly.
RUN /opt/rasa/bin/rasa train --config config.yml --domain bot/domain --data bot/data \
      --out /app/models --fixed-model-name cdm

FROM python:3.10.13-slim-bookworm AS rasa
# HOME on the writable /tmp: the root file system is read-only in the cluster (caches, Rasa's config).
ENV PATH=/opt/rasa/bin:$PATH PYTHONPATH=/app PYTHONDONTWRITEBYTECODE=1 HOME=/tmp \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
    CDM_MODEL=/app/models/cdm.tar.gz CDM_HOST=0.0.0.0 RASA_PORT=5005 RASA=rasa
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin cdm
WORKDIR /app
COPY --from=build /opt/rasa /opt/rasa
COPY --from=build /app/models/cdm.tar.gz models/cdm.tar.gz
COPY bot bot
COPY common common
COPY privacy privacy
COPY deploy/serve-rasa.sh deploy/endpoints.production.yml deploy/
USER 10001:10001
EXPOSE 5005
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/webhooks/rest/', timeout=2)"]
CMD ["deploy/serve-rasa.sh"]
