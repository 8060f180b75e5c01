# The API, the worker, the indexer and the MCP server share one image; compose.yaml picks the command.
# Migrations run as `hr-api migrate` (compose's `migrate` service), from the migrations inside the package.

# Both stages on one exact release (Python's patch and Debian's): `python:3.11-slim` was whatever the registry
# held on the day of the build, so two builds of one commit could run on different Pythons and libcs.
ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

# Build: the wheel, from the source. Nothing of this stage but the wheel reaches the image.
FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY indexer ./indexer
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

# Runtime: the locked dependencies, then the wheel (no source tree, no editable install), as a non-root user.
FROM ${PYTHON_IMAGE}
# UID and GID 10001: numeric, so an orchestrator can check that the image runs as non-root.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /srv --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /srv /data/storage \
    && chown app:app /srv /data/storage
COPY requirements.lock /tmp/requirements.lock
RUN pip install --no-cache-dir -r /tmp/requirements.lock && rm /tmp/requirements.lock
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir --no-deps /tmp/dist/*.whl && rm -rf /tmp/dist
WORKDIR /srv
USER 10001:10001
ENV API_HOST=0.0.0.0 STORAGE_DIR=/data/storage PYTHONDONTWRITEBYTECODE=1
EXPOSE 8080 9090
CMD ["hr-api"]
