#!/usr/bin/env bash
# `npm run setup`: install the locked npm dependencies with `npm ci`.
# npm 11.7+ `npm ci` rejects lockfiles that lack other platforms' optional binaries
# (npm/cli#8805), and this registry does not serve the darwin/win32 builds, so no lockfile written
# here can list them. npm 10's `npm ci` installs the same lockfile exactly, so fall back to it.
set -euo pipefail
cd "$(dirname "$0")/.."
if npm ci --no-audit --no-fund 2>/tmp/fragscope-npm-ci.err; then
  exit 0
fi
if grep -q 'from lock file' /tmp/fragscope-npm-ci.err; then
  echo "npm $(npm --version) rejected the lockfile (npm/cli#8805); running npm 10's npm ci instead" >&2
  exec npx -y npm@10 ci --no-audit --no-fund
fi
cat /tmp/fragscope-npm-ci.err >&2
exit 1
