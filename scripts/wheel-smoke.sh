#!/usr/bin/env bash
# Builds the git-kata wheel (maturin, pyproject.toml), installs it into a fresh venv with no
# Rust on PATH, and plays the first minutes of a learner with it: list, start, check (which
# fails as built, exit 1), the first hint, then the reference solution with git and a check
# that passes (exit 0). Usage: scripts/wheel-smoke.sh [--profile dev]  (default: release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=release
[ "${1:-}" = --profile ] && profile=$2
work=${WHEEL_WORK:-$(mktemp -d)}
tools=${LINT_TOOLS_DIR:-${CARGO_TARGET_DIR:-target}/wheel-tools}

if [ ! -x "$tools/bin/maturin" ]; then
  echo "== maturin from PyPI into $tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "maturin>=1.9,<2"
fi
echo "== maturin build --profile $profile"
rm -rf "$work/wheels"
nice -n 10 "$tools/bin/maturin" build --locked --profile "$profile" --out "$work/wheels" 2>&1 | tail -3
wheel=$(ls "$work"/wheels/git_kata-*.whl)
echo "built $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"
python3 -m zipfile -l "$wheel"

echo "== a fresh venv, the wheel installed, rustup's cargo off PATH"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "$wheel"
bin_dir="$work/venv/bin"
export PATH="$bin_dir:/usr/local/bin:/usr/bin:/bin"
[ "$(command -v git-kata)" = "$bin_dir/git-kata" ] || { echo "git-kata is not the wheel's"; exit 1; }
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 XDG_DATA_HOME="$work/home/.local/share" NO_COLOR=1
mkdir -p "$HOME"
git config --global user.name Learner; git config --global user.email learner@example.com
git config --global init.defaultBranch main
command -v git-kata
git-kata --version
git-kata list | head -3
sandbox="$work/kata"
git-kata start stash-message --dir "$sandbox" >/dev/null
cd "$sandbox/payments-api"
set +e
git-kata check >"$work/check1.txt"; code=$?
set -e
head -4 "$work/check1.txt"
[ "$code" = 1 ] || { echo "FAIL: check as built exited $code, expected 1"; exit 1; }
git-kata hint | head -2
# The reference solution, read from the lesson file, played with git as a learner would.
python3 - "$root/lessons/stash-message.yaml" >"$work/solution.sh" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"^solution: \|\n((?:  .*\n|\n)+)", text, re.M)
print("\n".join(l[2:] for l in m.group(1).splitlines()))
PY
bash -e "$work/solution.sh" >/dev/null
git-kata check; echo "check after the reference solution: exit $?"
echo "wheel smoke: passed"
