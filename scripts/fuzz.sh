#!/usr/bin/env bash
# Runs the cargo-fuzz targets for a bounded time each (RELIABILITY.md, "Fuzzing").
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 120 s, every target
# cargo-fuzz needs nightly compiler flags (-Z sanitizer, sancov): with only a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets stable accept them. cargo-fuzz is installed from crates.io if missing.
# Findings land in fuzz/artifacts/TARGET/; the corpus grows in fuzz/corpus/TARGET/ (both
# ignored by git). Exits non-zero when a target finds a crash, a panic or a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lesson_loader checker)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-fuzz/target}

# Seeds: the built-in lessons for the loader; the checker draws its own inputs.
mkdir -p fuzz/corpus/lesson_loader fuzz/corpus/checker
cp -n lessons/*.yaml fuzz/corpus/lesson_loader/ 2>/dev/null || true

status=0
for target in "${targets[@]}"; do
  echo "== $target for ${seconds}s"
  # -timeout: an input that runs longer than 10 s is reported as a hang.
  # -rss_limit_mb: a lesson or repository that makes the process grow past 2 GiB is a finding.
  if ! cargo fuzz run --sanitizer none "$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1; then
    status=1
  fi
done
exit $status
