# Parley application image: the same image runs the ASGI server, Celery worker and beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PARLEY_VAR_DIR=/var/lib/parley
WORKDIR /app
# Fonts the summary PDF embeds (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, CJK).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY config ./config
COPY dialogues ./dialogues
COPY facilitation ./facilitation
COPY participants ./participants
RUN pip install --no-cache-dir .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
# The interface's translations, compiled with Babel (installed with the project) at build time.
COPY locale ./locale
RUN pybabel -q compile -d locale -D "django djangojs"
RUN useradd --system --home /app parley && mkdir -p /var/lib/parley && chown parley /var/lib/parley
USER parley
EXPOSE 8000
CMD ["python", "-m", "uvicorn", "config.asgi:application", "--host", "0.0.0.0", "--port", "8000", \
     "--proxy-headers", "--forwarded-allow-ips", "*", "--ws-max-size", "1048576", \
     "--ws-per-message-deflate", "false", "--lifespan", "off"]
