# The billing service (API + console). Build: docker build -t billing .  Run: see docker-compose.yml.

# Build stage: the whole workspace, because `npm run build` (tsc -b) type-checks every project
# the root tsconfig references, and npm ci needs every workspace's package.json anyway.
FROM node:20-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

# Runtime stage: the same tree without dev dependencies (TypeScript, Jest, Nx, ESLint).
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
RUN npm prune --omit=dev --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
