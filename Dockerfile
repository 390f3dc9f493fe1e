# Production image for web (gunicorn), worker and beat. See docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DATALEK_VAR_DIR=/app/var
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY datalek datalek
COPY incidents incidents
COPY inventory inventory
COPY risk risk
COPY notifications notifications
COPY reports reports
COPY portal portal
COPY manage.py ./
RUN pip install . \
    && if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then python manage.py compilemessages; fi \
    && DEBUG=true STATIC_STORAGE=manifest python manage.py collectstatic --noinput \
    && useradd --system --home /app datalek && mkdir -p /app/var/media && chown -R datalek /app/var

USER datalek
EXPOSE 8000
CMD ["gunicorn", "datalek.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
