# syntax=docker/dockerfile:1
# One image for every service of the assistant (compose.yaml, deploy/kubernetes/):
#   /app/.venv/bin/microcred serve rasa | actions | web | telegram, and microcred catalogue init.
# It holds both Python environments (.venv, .venv-rasa) and the trained model
# (models/current.tar.gz), all made by the Makefile's own targets, as on a laptop.
#
#   docker build -t microcred:local .
#
# linux/amd64 only: the sentence encoder's engine is compiled with -mavx2 -mfma (the CPU needs
# AVX2, any x86-64 server of the last ten years) and the Rasa lock is verified on x86-64 only.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the environments from their locks, the engine, then the model --------------------
FROM ${PYTHON_IMAGE} AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends make gcc libc6-dev libgomp1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The locks alone first, so that a change to the code or the data does not reinstall them.
COPY Makefile pyproject.toml ./
COPY requirements/ requirements/
RUN make .venv/.installed .venv-rasa/.installed
# Then everything else: the project itself, the engine, the model (Rasa's training cache,
# .rasa/, is not needed to serve).
COPY . .
RUN make install \
    && make train \
    && test -s models/current.tar.gz \
    && rm -rf .rasa

# --- runtime: the same base, the built /app, no compiler --------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/microcred microcred \
    && install -d -o microcred -g microcred /var/lib/microcred
# The virtual environments' scripts name /app/... in their first line: keep the path.
COPY --from=build /app /app
WORKDIR /app
RUN install -d -o microcred -g microcred /app/.rasa
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    HOME=/home/microcred \
    MICROCRED_DATA_DIR=/var/lib/microcred \
    BIND_HOST=0.0.0.0 \
    RASA_TELEMETRY_ENABLED=false
USER 10001
# Rasa (REST + socket.io), the action server, the widget and adviser pages.
EXPOSE 5005 5055 8080
# tini as PID 1 passes SIGTERM on and reaps children, so every service stops cleanly.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/app/.venv/bin/microcred", "--help"]
