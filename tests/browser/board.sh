#!/usr/bin/env bash
# The workshop board's end-to-end test in Debian's headless Chromium, driven by playwright-core.
# Installs what it needs (chromium from apt, playwright-core from npm into tests/browser/
# node_modules, which git ignores); when it cannot, it FAILS saying why, it never skips.
# The screenshots land in target/artefacts/ (not committed).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)

# Only what is missing: a node installed some other way (nodesource, nvm) conflicts with
# Debian's npm, and asking apt for all three then installs none of them.
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} for the board's browser test"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 || true
fi
for need in node npm /usr/bin/chromium; do
  if ! command -v "$need" >/dev/null; then
    echo "browser test: FAIL: $need is not installed and could not be (apt-get install nodejs npm chromium)" >&2
    exit 1
  fi
done
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error || {
    echo "browser test: FAIL: npm could not install playwright-core" >&2
    exit 1
  }
fi

target=${CARGO_TARGET_DIR:-$root/target}
(cd "$root" && cargo build --locked --quiet)
mkdir -p "$target/artefacts"
GIT_KATA="$target/debug/git-kata" ARTEFACTS="$target/artefacts" node board.mjs
