# Rasid as a container job. The default command runs one cycle (`rasid run`) and exits, for a
# scheduler (cron, a Kubernetes CronJob, systemd timers); `docker run … IMAGE daemon` keeps it running
# on its own schedules instead. State lives on the /data volume; configuration is mounted at /config
# (a recipients file there is named with -e RASID_RECIPIENTS=/config/recipients.yaml).
# Checked without a Docker engine by test/docker/check-image.sh (see the README, "Container job").

# --- build: compile src/ into dist/, then keep production dependencies only
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# node-gyp uses the headers of the image's own Node instead of downloading them.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
COPY scripts ./scripts
# Every dependency, for the build (esbuild is a dev dependency); `prepare` finds no sources yet and
# builds nothing, so this layer is reused until package-lock.json changes.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY schema ./schema
COPY src ./src
COPY bin ./bin
COPY watchlists ./watchlists
# Then the dev dependencies go (esbuild, tsx, TypeScript, the test tools), and so do better-sqlite3's
# C sources and object files (25 MB): only its compiled addon is needed at run time.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/deps \
      node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target \
      node_modules/better-sqlite3/build/Release/.deps node_modules/better-sqlite3/build/Release/sqlite3.a \
      node_modules/better-sqlite3/build/Release/test_extension.node

# --- runtime: compiled JavaScript only (no TypeScript sources or toolchain), no compiler, no root
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    RASID_DB=/data/rasid.db \
    RASID_OUTBOX=/data/outbox \
    RASID_FEEDS=/config/feeds.yaml \
    RASID_WATCHLISTS=/app/watchlists \
    RASID_STATUS_STALE_AFTER=1h
WORKDIR /app
# The application belongs to root and is read-only for the user that runs it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/scripts/build-state.mjs ./scripts/build-state.mjs
COPY --from=build /app/schema/migrations ./schema/migrations
COPY --from=build /app/schema/migrations-postgres ./schema/migrations-postgres
COPY --from=build /app/watchlists ./watchlists
COPY --from=build /app/src/demo/samples ./src/demo/samples
COPY --from=build /app/src/web/static ./src/web/static
RUN mkdir -p /data /config \
 && chown node:node /data
USER node
VOLUME ["/data"]
# Healthy while runs complete and nothing needs attention (`rasid status`: exit 3 lists what does).
# Meant for the daemon; a one-shot `run` container exits long before the first check. A daemon on
# a slower schedule sets RASID_STATUS_STALE_AFTER above its period (e.g. -e RASID_STATUS_STALE_AFTER=7h).
HEALTHCHECK --interval=5m --timeout=30s --start-period=15m --retries=1 \
  CMD ["node", "bin/rasid.mjs", "status"]
ENTRYPOINT ["node", "bin/rasid.mjs"]
CMD ["run"]
