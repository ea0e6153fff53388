# icusync as a single zipapp on a slim Python image.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md build.sh ./
COPY icusync ./icusync
COPY static ./static
RUN pip install --no-cache-dir "shiv>=1.0" && PYTHON=python ./build.sh

FROM python:3.11-slim
RUN useradd --create-home --uid 1000 icusync && mkdir -p /data && chown icusync:icusync /data
COPY --from=build /src/dist/icusync.pyz /app/icusync.pyz
ENV ICUSYNC_DATA_DIR=/data \
    SHIV_ROOT=/home/icusync/.shiv \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz').status != 200)"
# A volume mounted over /data (Fly.io's, Docker's) may belong to root: hand it to the icusync
# user, private to it, then drop to that user for good (setpriv is part of Debian's util-linux).
CMD ["/bin/sh", "-c", "chown -R icusync:icusync /data && chmod 700 /data && exec setpriv --reuid=icusync --regid=icusync --init-groups python /app/icusync.pyz serve --host 0.0.0.0 --port 8080"]
