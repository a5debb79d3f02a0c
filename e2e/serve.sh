#!/usr/bin/env bash
# Serves the production build for e2e on a fresh database, with an admin whose credentials
# the fixtures read from e2e/.state/<database>.json (git-ignored; new every run).
set -euo pipefail
cd "$(dirname "$0")/.."
server="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
name="${E2E_DATABASE_NAME:-exemplar_e2e}"
export DATABASE_URL="${server%/*}/$name"

PGOPTIONS="-c client_min_messages=warning" psql -q "$server" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\"" >/dev/null
npm run -s exemplar -- migrate >/dev/null

mkdir -p e2e/.state
password="e2e-$(openssl rand -hex 12)"
EXEMPLAR_PASSWORD="$password" npm run -s exemplar -- user:create --email e2e-admin@example.test --name "E2E Admin" --role admin >/dev/null
token="$(npm run -s exemplar -- token:create --email e2e-admin@example.test --name e2e 2>/dev/null | tail -n1)"
printf '{"email":"e2e-admin@example.test","password":"%s","token":"%s"}\n' "$password" "$token" > "e2e/.state/$name.json"

exec node scripts/start.mjs
