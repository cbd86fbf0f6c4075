#!/usr/bin/env bash
# A Linux binary that runs on old and new distributions alike: fully static against musl
# (x86_64-unknown-linux-musl), built with Debian's Rust (build-std) and zig (PyPI's ziglang)
# as C compiler and linker. It then proves what it can here: no dynamic section, no
# interpreter, and the smoke of a learner's first minutes (list, start, check) run with an
# empty environment. See CONTRIBUTING.md, "Platforms".
#
#   scripts/cross/linux-musl.sh
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$cross_root"
export CARGO_TARGET_DIR="${CROSS_TARGET_DIR:-$cross_root/target-musl}"
cross_apt rustc-web cargo-web rust-web-src file
tools="$CARGO_TARGET_DIR/tools"
if [ ! -x "$tools/bin/python-zig" ]; then
  echo "== ziglang from PyPI into $tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "ziglang==0.17.1"
fi
cc="$tools/zcc-musl"
cat >"$cc" <<EOS
#!/usr/bin/env bash
args=()
for a in "\$@"; do case "\$a" in --target=*) continue ;; esac; args+=("\$a"); done
exec "$tools/bin/python-zig" cc -target x86_64-linux-musl "\${args[@]}"
EOS
chmod +x "$cc"
target=x86_64-unknown-linux-musl
export CC_x86_64_unknown_linux_musl="$cc" AR_x86_64_unknown_linux_musl="$tools/bin/python-zig ar"
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER="$cc"
echo "== cargo build --target $target"
cross_cargo build --locked --bin git-kata -Zbuild-std=std,panic_unwind --target "$target"
bin="$CARGO_TARGET_DIR/$target/debug/git-kata"
file "$bin"
if readelf -l "$bin" | grep -q INTERP || readelf -d "$bin" 2>/dev/null | grep -q NEEDED; then
  echo "FAIL: the binary needs a dynamic loader or libraries"; exit 1
fi
echo "static: no interpreter, no shared libraries"
work=$(mktemp -d)
env -i HOME="$work" PATH=/usr/bin:/bin "$bin" list | head -3
env -i HOME="$work" PATH=/usr/bin:/bin "$bin" start stash-message --dir "$work/kata" >/dev/null
set +e
env -i HOME="$work" PATH=/usr/bin:/bin "$bin" check --dir "$work/kata" | head -3
code=${PIPESTATUS[0]}
set -e
[ "$code" = 1 ] && echo "musl smoke: passed (check exits 1 on the unsolved lesson)"
