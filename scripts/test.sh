#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need beyond `npm install`
# (the per-stack instrumentation libraries of the compatibility tests), then runs the type
# check, lint, format check and every test. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm install --no-audit --no-fund
if [ -f scripts/install-test-deps.sh ]; then bash scripts/install-test-deps.sh; fi

echo '== typecheck'
npx tsc --noEmit -p tsconfig.json
echo '== lint'
npx eslint --max-warnings 0 .
npx prettier --check . >/dev/null || { npx prettier --check . ; exit 1; }
echo '== tests'
npx vitest run
