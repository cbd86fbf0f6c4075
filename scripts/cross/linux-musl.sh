#!/usr/bin/env bash
# A Linux binary that runs on old and new distributions alike: fully static against musl
# (x86_64-unknown-linux-musl), built with Debian's Rust (build-std) and zig (PyPI's ziglang)
# as C compiler and linker. It then proves what it can here: no dynamic section, no
# interpreter, and the smoke of a learner's first minutes (list, start, check) run with an
# empty environment. See CONTRIBUTING.md, "Platforms".
#
#   scripts/cross/linux-musl.sh            # debug build, then the checks and the smoke
#   scripts/cross/linux-musl.sh release    # the release profile: what the Linux archives ship
#                                          # and what benches/run.sh --bin times
set -euo pipefail
profile=debug
[ "${1:-}" = release ] && profile=release
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
# Debian's rustc has no self-contained musl start files (rustup's rust-std carries them):
# zig's linker brings its own, and its libunwind for `-lunwind`.
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C link-self-contained=no"
echo "== cargo build --target $target"
profile_flag=()
[ "$profile" = release ] && profile_flag=(--release)
# Both programs the archives carry: git-kata and the workshop server beside it.
cross_cargo build --locked "${profile_flag[@]}" --bins -Zbuild-std=std,panic_unwind --target "$target"
bin="$CARGO_TARGET_DIR/$target/$profile/git-kata"
for b in "$bin" "$bin-workshop"; do
  file "$b"
  if readelf -l "$b" | grep -q INTERP || readelf -d "$b" 2>/dev/null | grep -q NEEDED; then
    echo "FAIL: $b needs a dynamic loader or libraries"; exit 1
  fi
done
echo "static: no interpreter, no shared libraries"
work=$(mktemp -d)
# Whole outputs first: `| head` would close the pipe early (SIGPIPE, and pipefail).
listed=$(env -i HOME="$work" PATH=/usr/bin:/bin "$bin" list)
printf '%s\n' "$listed" | head -3
env -i HOME="$work" PATH=/usr/bin:/bin "$bin" start stash-message --dir "$work/kata" >/dev/null
code=0
checked=$(env -i HOME="$work" PATH=/usr/bin:/bin "$bin" check --dir "$work/kata") || code=$?
printf '%s\n' "$checked" | head -3
if [ "$code" != 1 ]; then
  echo "FAIL: check exited $code on the unsolved lesson (1 expected)"; exit 1
fi
echo "musl smoke: passed (check exits 1 on the unsolved lesson)"
# Every built-in lesson proven by the static binary with this machine's git: built, not
# solved as built, solved by its solution, each mistake recognised (as CI does with the
# glibc build).
echo "== lesson validate lessons/ with the static binary"
env -i HOME="$work" PATH=/usr/bin:/bin GIT_CONFIG_NOSYSTEM=1 "$bin" lesson validate "$cross_root/lessons" | tail -1
rm -rf "$work"
