#!/usr/bin/env bash
# Builds git-kata for Windows (x86_64-pc-windows-gnu) on Debian and runs a smoke suite of
# the real binary under wine. See CONTRIBUTING.md, "Cross builds".
#
#   scripts/cross/windows.sh            # install what is missing, build, run the smoke suite
#   scripts/cross/windows.sh check      # type-check only (no linker, no wine): about 3 minutes
#   scripts/cross/windows.sh build      # build only
#   scripts/cross/windows.sh smoke      # smoke suite on the binary already built
#
# Output goes to target-win/ (never committed). CPU-heavy: std and libgit2 are compiled from
# source; about 15 minutes on 2 cores the first time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$cross_root"

target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="${CROSS_TARGET_DIR:-$cross_root/target-win}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
exe="$CARGO_TARGET_DIR/$target/debug/git-kata.exe"
mode="${1:-all}"

if [ "$mode" = check ]; then
  cross_apt rustc-web cargo-web rust-web-src
  echo "== cargo check --target $target"
  cross_cargo check --locked --lib --bins -Zbuild-std=std,panic_unwind --target "$target"
  exit 0
fi

if [ "$mode" = all ] || [ "$mode" = build ]; then
  cross_apt rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64
  echo "== cargo build --target $target (debug profile: the smoke suite tests behaviour, not speed)"
  cross_cargo build --locked --bin git-kata -Zbuild-std=std,panic_unwind --target "$target"
  ls -l "$exe"
fi

if [ "$mode" = all ] || [ "$mode" = smoke ]; then
  cross_apt wine64 wine
  exec "$cross_root/scripts/cross/wine-smoke.sh" "$exe"
fi
