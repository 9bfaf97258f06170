# syntax=docker/dockerfile:1
# The adapter as a container image: `docker build -t oneroster-adapter .` (README, "Deploy").
#
# Every stage starts from the same Node image, so better-sqlite3's native binary is built (or its
# prebuilt binary downloaded) for the glibc and Node ABI it runs on. Pin the image by digest in
# your registry (NODE_IMAGE=node:20-bookworm-slim@sha256:…) for reproducible builds.
ARG NODE_IMAGE=node:20-bookworm-slim

# Compilers for node-gyp: better-sqlite3 falls back to compiling when no prebuilt binary fits
# (another architecture, a registry mirror without GitHub access). Never part of the runtime image.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# TypeScript → dist/, with the dev dependencies (tsc, type packages).
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only, installed apart so the runtime copies no dev package.
FROM toolchain AS runtime-dependencies
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# A numeric, non-root user (Kubernetes' runAsNonRoot can only verify a numeric one). The code is
# owned by root and read-only to it; the one writable place is /var/lib/oneroster.
RUN groupadd --system --gid 10001 oneroster \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin oneroster \
 && mkdir -p /var/lib/oneroster \
 && chown 10001:10001 /var/lib/oneroster \
 && chmod 0700 /var/lib/oneroster
WORKDIR /app
# The CLI reads its --version from package.json beside dist/.
COPY package.json ./
COPY --from=runtime-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY config ./config
COPY mappings ./mappings
# Everything the adapter writes goes under /var/lib/oneroster, so the root filesystem can be
# read-only: the embedded demo SIS (generated on first start when no ONEROSTER_SOURCE_URL is set)
# and the default per-instance change-tracking store. Several instances need a shared store
# instead: set ONEROSTER_TRACKING_STORE to a MySQL/MariaDB/PostgreSQL URL (deploy/kubernetes does).
# These are environment overrides, so they win over the same settings in a config file.
ENV ONEROSTER_DEMO_FILE=/var/lib/oneroster/demo.sqlite \
    ONEROSTER_TRACKING_STORE=sqlite:/var/lib/oneroster/tracking.sqlite
# With `docker run --read-only` this stays writable (an anonymous volume unless you mount one).
VOLUME ["/var/lib/oneroster"]
USER 10001:10001
EXPOSE 3000
# The adapter drains on SIGTERM: in-flight answers finish (up to 25 s), then it exits 0
# (src/http/graceful-shutdown.ts). Give `docker stop` time for it: `docker stop -t 40`.
STOPSIGNAL SIGTERM
# For `docker run` and Compose; Kubernetes ignores it and uses the Deployment's probes instead.
# Node's own fetch, as the slim image has no curl. /health/live never touches the database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker run IMAGE` serves; `docker run IMAGE mappings check`, `… doctor` run the other commands.
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
