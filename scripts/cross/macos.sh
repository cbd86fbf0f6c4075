#!/usr/bin/env bash
# Type-checks git-kata for macOS (aarch64-apple-darwin, x86_64-apple-darwin) on Debian, then
# tries to link it, with Debian's Rust (build-std) and zig (PyPI's ziglang) as the C compiler
# and linker. See CONTRIBUTING.md, "Platforms".
#
#   scripts/cross/macos.sh            # check both targets, then try to link aarch64
#   scripts/cross/macos.sh check      # check only
#
# Linking needs Apple's SDK: zig brings libSystem's stubs and macOS headers, but not the
# frameworks (CoreServices, for FSEvents in `watch`; CoreFoundation), and the SDK cannot be
# fetched here. The link step reports which symbols or frameworks it missed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$cross_root"
# zig, probed by the cc crate for libgit2-sys, leaves an empty a.o in that crate's directory.
trap 'rm -f "$cross_root/vendor/libgit2-sys/a.o"' EXIT
mode="${1:-all}"
export CARGO_TARGET_DIR="${CROSS_TARGET_DIR:-$cross_root/target-mac}"
cross_apt rustc-web cargo-web rust-web-src
tools="$CARGO_TARGET_DIR/tools"
if [ ! -x "$tools/bin/python-zig" ]; then
  echo "== ziglang from PyPI into $tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "ziglang==0.17.1"
fi

# cc-rs and rustc call "the C compiler" with a clang-style --target; zig wants its own -target.
wrapper() { # wrapper TRIPLE ZIG-TARGET
  local w="$tools/zcc-$1"
  cat >"$w" <<EOS
#!/usr/bin/env bash
args=()
for a in "\$@"; do
  case "\$a" in --target=*|-target) continue ;; esac
  args+=("\$a")
done
exec "$tools/bin/python-zig" cc -target $2 "\${args[@]}"
EOS
  chmod +x "$w"
  echo "$w"
}

status=0
for target in aarch64-apple-darwin x86_64-apple-darwin; do
  case $target in aarch64-*) zt=aarch64-macos ;; *) zt=x86_64-macos ;; esac
  cc=$(wrapper "$target" "$zt")
  t=${target//-/_}
  export "CC_$t=$cc" "AR_$t=$tools/bin/python-zig ar"
  T=$(echo "$t" | tr a-z A-Z)
  export "CARGO_TARGET_${T}_LINKER=$cc"
  echo "== cargo check --target $target"
  if cross_cargo check --locked --lib --bins -Zbuild-std=std,panic_unwind --target "$target"; then
    echo "check $target: clean"
  else
    echo "check $target: FAILED"; status=1
  fi
done

if [ "$mode" = all ]; then
  target=aarch64-apple-darwin
  echo "== cargo build --target $target (linking with zig, no Apple SDK)"
  if cross_cargo build --locked --bin git-kata -Zbuild-std=std,panic_unwind --target "$target" 2>"$CARGO_TARGET_DIR/link.log"; then
    file "$CARGO_TARGET_DIR/$target/debug/git-kata"
  else
    echo "link $target: failed, as expected without the SDK; the linker said:"
    grep -E "error|unable|undefined|framework" "$CARGO_TARGET_DIR/link.log" | sort -u | head -20
  fi
fi
exit $status
