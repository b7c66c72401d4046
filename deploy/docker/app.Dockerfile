# syntax=docker/dockerfile:1
# The Python 3.11 side of a deployment, one image per process: `--target actions` (the action server)
# and `--target desk` (the counsellors' desk). Both install the pinned set of requirements/app.txt
# (PyTorch's CPU build) in a build stage and run as an unprivileged user.
# Build from the repository's root:
#   docker build -f deploy/docker/app.Dockerfile --target actions -t cdm/actions:0.1.0 .
#   docker build -f deploy/docker/app.Dockerfile --target desk -t cdm/desk:0.1.0 .

FROM python:3.11.7-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements/app.txt requirements/app.txt
RUN python -m venv /opt/app \
    && /opt/app/bin/pip install --no-compile --extra-index-url https://download.pytorch.org/whl/cpu \
       -r requirements/app.txt
COPY pyproject.toml ./
COPY actions actions
COPY cdm cdm
COPY common common
COPY desk desk
COPY indexer indexer
COPY privacy privacy
COPY web web
RUN /opt/app/bin/pip install --no-deps --no-build-isolation .

FROM python:3.11.7-slim-bookworm AS runtime
# HOME on the writable /tmp: the root file system is read-only in the cluster (library caches).
ENV PATH=/opt/app/bin:$PATH PYTHONDONTWRITEBYTECODE=1 HF_HUB_OFFLINE=1 HOME=/tmp CDM_HOST=0.0.0.0
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin cdm
WORKDIR /app
COPY --from=build /opt/app /opt/app
COPY --from=build /app /app
# The centre: its site.yml (read at start) and the base the index job (`cdm index`) reads.
COPY knowledge_base knowledge_base
# The bot's intents, the closed list the figures are counted against (common/figures.py), on both sides.
COPY bot/domain bot/domain

# The action server: reads the index (built by the `cdm index` job into a shared volume) read-only.
FROM runtime AS actions
# In a container the action server must listen beyond loopback (its default); the network policy admits Rasa only.
ENV CDM_INDEX_DIR=/index CDM_SEARCH_THREADS=1 SANIC_HOST=0.0.0.0
USER 10001:10001
EXPOSE 5055
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=2)"]
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "-p", "5055"]

# The desk: PostgreSQL through DATABASE_URL; its schema is migrated at start (Alembic).
FROM runtime AS desk
ENV CDM_DESK_HOST=0.0.0.0 CDM_DESK_PORT=8000
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["python", "-m", "desk"]
