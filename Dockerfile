# syntax=docker/dockerfile:1
# Ponte's container image: built in one stage (compilers, dev dependencies, TypeScript), run from a second one that
# has only Node, the production dependencies and the compiled dist/. Runs as the unprivileged "node" user with a
# read-only root filesystem; the SQLite database lives on the /data volume. See docs/deployment.md.

FROM node:22.23-bookworm-slim AS build
# better-sqlite3 is compiled here (no prebuilt binary is downloaded).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm ci generates the Prisma client and compiles dist/ (scripts/postinstall.mjs); then the dev tools go.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:22.23-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATABASE_URL=file:/data/ponte.db \
    CHECKPOINT_DISABLE=1 \
    MALLOC_ARENA_MAX=1 \
    MALLOC_MMAP_THRESHOLD_=32768 \
    MALLOC_TRIM_THRESHOLD_=65536 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    XDG_CACHE_HOME=/tmp/cache
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json /app/prisma.config.ts ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/prisma ./prisma
COPY --from=build --chown=root:root /app/scripts/postgres-schema.mjs ./scripts/postgres-schema.mjs
COPY --chown=root:root locales ./locales
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||process.env.PORT)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=256", "--optimize-for-size", "dist/main.js"]
