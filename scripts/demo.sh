#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running app with demo data on http://localhost:3000.
# Installs dependencies, finds the database (scripts/database.mjs: DATABASE_URL, else the server on
# 127.0.0.1:5432, else the embedded PostgreSQL in .data/postgres), creates it if missing, applies
# migrations, seeds the demo project and accounts (passwords printed once), builds and serves the
# production app.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
port="${PORT:-3000}"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing dependencies"
  npm ci --no-audit --no-fund
fi
echo "== database"
# Resolved once here (one line on stderr); the commands below inherit DATABASE_URL.
database_env="$(node scripts/database.mjs env)"
eval "$database_env"
npm run -s exemplar -- migrate
echo "== demo data"
npm run -s exemplar -- seed:demo
# A build newer than every source (and the lockfile) is reused: a second start takes seconds.
build_id="${NEXT_DIST_DIR:-.next}/BUILD_ID"
if [ -f "$build_id" ] && [ -z "$(find app components lib prisma types proxy.ts next.config.js tsconfig.json package-lock.json -newer "$build_id" -print -quit 2>/dev/null)" ]; then
  echo "== build is up to date"
else
  echo "== building"
  build_log="$(mktemp "${TMPDIR:-/tmp}/exemplar-build.XXXXXX")"
  npm run -s build >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
  rm -f "$build_log"
fi

data="$database_label"
if [ "$database_source" = embedded ]; then
  data="$data;
            it keeps running when the app stops (npm run db -- stop); backups: README"
fi
cat <<SUMMARY
== ready
  app:      http://localhost:$port
  accounts: admin@example.com, reviewer@example.com, labeler1@example.com, labeler2@example.com
            (passwords printed above when the accounts were created; a later run keeps them)
  data:     $data
  Ctrl+C stops the app.
SUMMARY
exec node scripts/start.mjs
