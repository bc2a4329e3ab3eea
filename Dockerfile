# One image for the web server, the Celery worker and Celery beat; docker-compose.yml picks
# the command. The default command is the web server.
FROM python:3.11-slim

# PYTHONPATH: the code runs from /app, where templates/ and static/ sit beside it (settings
# find them relative to the package), so /app comes before the copy pip puts in site-packages.
# PRIVATE_STORAGE_ROOT: applicants' documents when no S3 bucket is set (a volume in
# docker-compose.yml). WEB_CONCURRENCY: gunicorn's number of worker processes (the others,
# WEB_THREADS and the timeouts, have their defaults in gunicorn.conf.py).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=hmc_portal.settings.production \
    PRIVATE_STORAGE_ROOT=/data/private \
    WEB_CONCURRENCY=3

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

# The dependencies first, in a layer of their own, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print(*deps, sep=chr(10))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the project itself (no dev extra: no test tools in the image).
COPY . .
RUN pip install . \
    && rm -rf build ./*.egg-info

# The static files, hashed and compressed for whitenoise, and the compiled translations
# (locale/*/django.mo; GNU gettext is needed only for this step). Settings need a secret and
# service URLs to load; these values exist only for this command and are never used at run
# time (nothing connects to the database or Redis here).
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends gettext \
    && DJANGO_SETTINGS_MODULE=hmc_portal.settings.production \
    SECRET_KEY=ys-vsIEgPmoUVoSZ_DxHECjdWJaRoJINBJv7tPQihgF4G87X2cHupe4BxU-9Jzhg \
    DATABASE_URL=postgres://x@localhost/x \
    REDIS_URL=redis://localhost:6379/0 \
    PROGRAM_OFFICE_EMAIL=build@localhost \
    sh -c "python manage.py collectstatic --noinput && python manage.py compilemessages -v 0" \
    && apt-get purge -y -qq gettext && apt-get autoremove -y -qq \
    && rm -rf /var/lib/apt/lists/*

# Code and static files stay owned by root (read-only for the app); only the documents
# folder is the app's to write.
RUN mkdir -p /data/private && chown app:app /data/private
USER app

EXPOSE 8000

# No curl in the slim image: Python asks /healthz, which answers 200 only when PostgreSQL
# and Redis both answer (production settings exempt it from the HTTPS redirect).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# Workers, threads and timeouts: gunicorn.conf.py, from WEB_* variables.
CMD ["gunicorn", "hmc_portal.wsgi:application", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
