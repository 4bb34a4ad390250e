#!/usr/bin/env bash
# `npm test`: everything, against real servers. Needs Debian's redis-server and chromium
# (.ci/run installs them). The defrag-capable lab build is made once and cached outside the clone.
# The defrag tests (lab, fidelity, run accounting) run on every engine the lab builds, by default:
# the formula, the Lua arena, the decay and the pass timer differ between them.
#   FRAGSCOPE_LAB_ENGINES="redis-7.0" npm test   # one engine, for a quick local run
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export FRAGSCOPE_LAB_ENGINES="${FRAGSCOPE_LAB_ENGINES:-redis-7.0 redis-8.0 redis-8.6 valkey-8.1 valkey-9.1}"

step() { printf '\n=== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }

step "typecheck"
npx tsc --noEmit -p .

step "lint (eslint, prettier --check)"
npm run --silent lint

step "lab builds: $FRAGSCOPE_LAB_ENGINES (cached after the first run)"
for engine in $FRAGSCOPE_LAB_ENGINES; do
  npm run --silent lab -- build --engine "$engine"
done

step "unit and integration tests (vitest, real redis-server)"
npx vitest run --config scripts/vitest.config.mts

step "next build"
npx next build

step "end-to-end tests (Playwright, Debian chromium)"
npx playwright test -c e2e/playwright.config.ts
