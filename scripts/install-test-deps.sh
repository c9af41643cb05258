#!/usr/bin/env bash
# Installs Chromium for the dashboard's e2e tests when it is missing, then the dev-only
# dependencies of the compatibility tests: every folder under
# test/compat/stacks/ is a separate npm project (its own package.json + package-lock.json,
# not an npm workspace) because the instrumentation stacks have conflicting peer
# dependencies. Runs `npm ci` in each, two at a time. A stack whose
# node_modules/.package-lock.json is newer than its package-lock.json is skipped, so a second
# run takes well under a second. Needs the npm registry (and Debian's packages for Chromium).
#
#   scripts/install-test-deps.sh            # all stacks
#   scripts/install-test-deps.sh langfuse   # some stacks
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# The dashboard's end-to-end tests drive Debian's Chromium through playwright-core (which
# downloads no browser of its own). Needs root, as on the CI machine.
if ! command -v chromium >/dev/null; then
  echo "install-test-deps: installing chromium (Debian) for the dashboard e2e tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

stacks_dir="$root/test/compat/stacks"

if [ "$#" -gt 0 ]; then
  stacks=("$@")
else
  stacks=()
  for d in "$stacks_dir"/*/; do stacks+=("$(basename "$d")"); done
fi

pending=()
for s in "${stacks[@]}"; do
  dir="$stacks_dir/$s"
  if [ ! -f "$dir/package-lock.json" ]; then
    echo "install-test-deps: no stack named '$s' (looked for $dir/package-lock.json)" >&2
    exit 2
  fi
  # npm ci writes node_modules/.package-lock.json last, so its mtime marks a finished install.
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
    [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    continue
  fi
  pending+=("$s")
done

if [ "${#pending[@]}" -eq 0 ]; then
  echo "install-test-deps: all ${#stacks[@]} stacks up to date"
  exit 0
fi

install_one() {
  local s="$1" log
  log="$(mktemp)"
  # --ignore-scripts: none of these packages needs an install script, and npm 11 would
  # otherwise warn about (or, with allow-scripts policies, refuse) them.
  if (cd "$stacks_dir/$s" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >"$log" 2>&1; then
    echo "install-test-deps: $s installed"
    rm -f "$log"
  else
    echo "install-test-deps: npm ci failed in test/compat/stacks/$s:" >&2
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
}

failed=0
pids=()
names=()
for s in "${pending[@]}"; do
  install_one "$s" &
  pids+=("$!")
  names+=("$s")
  if [ "${#pids[@]}" -ge 2 ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit "$failed"
