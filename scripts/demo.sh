#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running app with demo data on http://localhost:3000.
# Installs dependencies, creates the database if missing, applies migrations, seeds the demo
# project and accounts (passwords printed once), builds and serves the production app.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing dependencies"
  npm ci --no-audit --no-fund
fi
echo "== database"
npm run -s exemplar -- migrate
echo "== demo data"
npm run -s exemplar -- seed:demo
echo "== building"
npm run -s build >/tmp/exemplar-build.log 2>&1 || { cat /tmp/exemplar-build.log; exit 1; }
echo "== serving on http://localhost:${PORT:-3000} (Ctrl+C stops)"
exec node scripts/start.mjs
