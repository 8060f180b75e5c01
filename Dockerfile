# The API, the worker and the indexer share one image; compose.yaml picks the command.
FROM python:3.11-slim
WORKDIR /srv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY indexer ./indexer
COPY mappings ./mappings
COPY migrations ./migrations
COPY dashboards ./dashboards
# Editable, so the code finds mappings/ and dashboards/ beside it as it does in a checkout.
RUN pip install --no-cache-dir -e .
ENV API_HOST=0.0.0.0 STORAGE_DIR=/data/storage
EXPOSE 8080 9090
CMD ["hr-api"]
