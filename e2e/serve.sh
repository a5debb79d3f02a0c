#!/usr/bin/env bash
# Serves the production build for e2e on a fresh database, with an admin whose credentials
# the fixtures read from e2e/.state/<database>.json (git-ignored; new every run). Needs only Node:
# the database is found by scripts/database.mjs (TEST_POSTGRES_URL, else 127.0.0.1:5432, else
# the embedded PostgreSQL) and created with node, not psql.
set -euo pipefail
cd "$(dirname "$0")/.."
database_env="$(node scripts/database.mjs test-env)" # fails the script when no server can be had
eval "$database_env"
name="${E2E_DATABASE_NAME:-exemplar_e2e}"
export DATABASE_URL="${TEST_POSTGRES_URL%/*}/$name"

node scripts/database.mjs recreate "$name"
npm run -s exemplar -- migrate >/dev/null

mkdir -p e2e/.state
password="e2e-$(node -e 'process.stdout.write(require("node:crypto").randomBytes(12).toString("hex"))')"
EXEMPLAR_PASSWORD="$password" npm run -s exemplar -- user:create --email e2e-admin@example.test --name "E2E Admin" --role admin >/dev/null
token="$(npm run -s exemplar -- token:create --email e2e-admin@example.test --name e2e 2>/dev/null | tail -n1)"
printf '{"email":"e2e-admin@example.test","password":"%s","token":"%s"}\n' "$password" "$token" > "e2e/.state/$name.json"

exec node scripts/start.mjs
