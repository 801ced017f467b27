FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY apps/__init__.py apps/__init__.py
COPY config/__init__.py config/celery.py config/
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock

COPY . .
# collectstatic under production settings, so the hashed manifest that serving expects is
# written; the key only gets the settings past their checks and is used for nothing else.
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && DJANGO_ENV=production SECRET_KEY=build-only-collectstatic-key-never-used-to-sign-anything \
       ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && useradd --create-home app && mkdir -p var && chown app var
USER app

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
