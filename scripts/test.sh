#!/usr/bin/env bash
# `npm test`: every test. Unit and integration (Vitest, files in parallel, each worker on a fresh database
# it creates; README "npm test"), then Playwright e2e in Chromium against the production build (spec files in
# parallel too, each worker with its own server on its own database; docs/decisions/026). The server the test
# databases are created on: TEST_POSTGRES_URL, else the one on 127.0.0.1:5432, else the embedded
# PostgreSQL (scripts/database.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
database_env="$(node scripts/database.mjs test-env)" # fails the script when no server can be had
eval "$database_env"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "prisma generate"
node scripts/prisma-generate.mjs >/dev/null

step "type check"
npx tsc --noEmit -p .

step "lint and format (biome)"
npx biome check .

rm -f test-results/vitest.json test-results/playwright.json
mkdir -p test-results

step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json

step "production build"
# The type check above already covered the whole tree: the build does not repeat it.
NEXT_SKIP_TYPECHECK=1 npx next build

step "end-to-end tests (playwright, chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json

node scripts/test-summary.mjs
