# Shared by the cross scripts: Debian's Rust (rustc-web, cargo-web, rust-web-src), which
# ships std's source so that `-Zbuild-std` can build std for targets rustup is not asked for.
# Sourced, not run.

cross_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Installs Debian packages that are missing (as root, `apt-get update` first, once).
cross_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== apt-get install ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: ${missing[*]} missing and not root; install them with apt-get" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian's cargo and rustc, whatever rustup puts first on PATH; build-std is a nightly
# feature that RUSTC_BOOTSTRAP unlocks on this stable compiler.
cross_cargo() {
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    nice -n "${CROSS_NICE:-10}" /usr/bin/cargo "$@"
}
