# The Stronger Communities Forum bot as a container image.
#   docker build -t scf-bot .
#   docker run -d --name scf-bot --hostname scf-bot -p 3978:3978 -v scf-data:/data --env-file bot.env scf-bot
# docs/deployment.md has the rest (Azure, a council's own server, backups, upgrades).
# test/dockerfile.test.ts checks this file's facts against the project (the image is not built in CI).

# Node 20 is what the test suite runs on. It reached end of life in April 2026: build with
# --build-arg NODE_VERSION=22 once `npm test` passes on Node 22.
ARG NODE_VERSION=20

# --- Stage 1: the build: TypeScript compiled to JavaScript (dist/) -------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npm run build

# --- Stage 2: production dependencies only -------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No TypeScript tooling: the image runs the compiled JavaScript. Install scripts are skipped: the
# only ones are esbuild's optional speed-up (a dev dependency) and dtrace-provider's native build,
# which restify works without.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- Stage 3: the runtime image -------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# What the running bot reads besides its code: the card templates, the seed plan and the ward list,
# and package.json (the version it reports; it also marks the project folder). Owned by root:
# read-only to the bot.
COPY package.json ./
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
# `npm start`'s command (after its build), run directly so node is PID 1 and gets SIGTERM itself
# (graceful shutdown: in-flight writes finish, snapshots are written, the data-folder lock is released).
CMD ["node", "--disable-warning=DEP0111", "dist/src/main.js"]
