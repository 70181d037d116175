# One image per app, all from the same build stage:
#   docker build --build-arg APP=gateway -t portcullis/gateway:dev .
# APP is one of: gateway auth user token security agent-capability webhook-dispatcher.
# The build stage does not depend on APP, so building all seven reuses one cached build.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# bcrypt is a native addon: the toolchain lets it compile if no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN node scripts/build.js --force \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the app user, so the image works with a read-only root filesystem.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
ARG APP
ENV APP=${APP}
RUN if [ ! -f "dist/apps/${APP:-?}/apps/${APP:-?}/src/main.js" ]; then \
      echo "APP='${APP}' is not an app: build with --build-arg APP=<app>" >&2; exit 1; \
    fi
USER node
# The gateway listens on PORT (3000, which keeps only /health of the ops routes); every app serves
# /health, /health/ready and /metrics on OPS_PORT, bound to OPS_HOST (gateway 3007, auth 3001, user 3002,
# token 3003, security 3004, agent-capability 3005, webhook-dispatcher 3006).
# exec replaces the shell, so node is PID 1 and receives SIGTERM directly (graceful drain).
CMD ["sh", "-c", "exec node dist/apps/${APP}/apps/${APP}/src/main.js"]
