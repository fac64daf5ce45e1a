# The Stronger Communities Forum bot as a container image.
#   docker build -t scf-bot .
#   docker run -d --name scf-bot --hostname scf-bot -p 3978:3978 -v scf-data:/data --env-file bot.env scf-bot
# docs/deployment.md has the rest (Azure, a council's own server, backups, upgrades).
# test/dockerfile.test.ts checks this file's facts against the project (the image is not built in CI).

# Node 20 is what the test suite runs on. It reached end of life in April 2026: build with
# --build-arg NODE_VERSION=22 once `npm test` passes on Node 22.
ARG NODE_VERSION=20

# --- Stage 1: production dependencies only -------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a production dependency: `npm start` runs the TypeScript sources through it, no build step.
# Install scripts are skipped: the only ones are esbuild's optional speed-up (its platform binary
# comes as a package) and dtrace-provider's native build, which restify works without.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- Stage 2: the runtime image -------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# What the running bot reads: its sources, the card templates, the seed plan and the ward list,
# package.json (the version it reports) and tsconfig.json (read by tsx). Owned by root: read-only
# to the bot.
COPY package.json tsconfig.json ./
COPY src ./src
COPY cards ./cards
COPY storage/seed ./storage/seed
COPY storage/reference ./storage/reference
# The data folder is the only place the bot writes. A new named volume takes this owner.
RUN mkdir -p /data && chown 1000:1000 /data
# The image's own `node` user, by number so platforms can check it is not root.
USER 1000:1000
VOLUME ["/data"]
EXPOSE 3978
# Slim images have no curl: Node's fetch asks /healthz (alive) on the bot's own port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start`'s command, run directly so node is PID 1 and gets SIGTERM itself (graceful shutdown:
# in-flight writes finish, snapshots are written, the data-folder lock is released).
CMD ["node", "--disable-warning=DEP0111", "--import", "tsx", "src/main.ts"]
