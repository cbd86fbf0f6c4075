#!/usr/bin/env bash
# The Windows binary's smoke suite, run under wine: every command a learner and an instructor
# use first, with the exit codes of docs/CONTRACT.md, in sandboxes whose paths have a drive
# letter, backslashes, spaces and non-ASCII letters, plus a lesson pack with CRLF line endings.
# There is no git under wine, so nothing here plays the learner: each lesson is checked as
# built (its objectives fail, none errors). Usage: wine-smoke.sh PATH/TO/git-kata.exe
set -uo pipefail
exe=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
export WINEPREFIX="${WINEPREFIX:-$(dirname "$exe")/wineprefix}" WINEDEBUG=-all
export GIT_KATA_LESSONS=
failures=0
passes=0

ok() { passes=$((passes + 1)); echo "ok   $*"; }
bad() { failures=$((failures + 1)); echo "FAIL $*"; }

# kata EXPECTED_EXIT ARGS...: runs the binary, keeps its output in $out, checks the exit code.
kata() {
  local want=$1; shift
  out=$(wine "$exe" "$@" 2>&1 | tr -d '\r')
  local got=${PIPESTATUS[0]}
  if [ "$got" = "$want" ]; then ok "git-kata $* (exit $got)"; else
    bad "git-kata $* exited $got, expected $want"; printf '%s\n' "$out" | sed 's/^/     | /' | head -20
  fi
}

expect() { # expect DESCRIPTION PYTHON-CONDITION-ON-json
  if printf '%s' "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); sys.exit(0 if ($2) else 1)" 2>/dev/null
  then ok "  $1"; else bad "  $1"; printf '%s\n' "$out" | head -20 | sed 's/^/     | /'; fi
}
contains() { if grep -qF -- "$2" <<<"$out"; then ok "  $1"; else bad "  $1: no \"$2\" in:"; printf '%s\n' "$out" | head -10 | sed 's/^/     | /'; fi; }

echo "== wine $(wine --version) running $(basename "$exe") in $WINEPREFIX"
wineboot -i >/dev/null 2>&1 || true
# Wine 8.0 (Debian 12) lacks bcryptprimitives.dll, which Rust's std calls (ProcessPrng) on
# Windows 10 and later; without it the program cannot even start (exit 53). Real Windows has
# it; the prefix gets a stand-in built from wine/bcryptprimitives.c.
system32="$WINEPREFIX/drive_c/windows/system32"
if ! wine "$exe" --version >/dev/null 2>&1 && [ ! -e "$system32/bcryptprimitives.dll" ]; then
  echo "== wine has no bcryptprimitives.dll: installing the stand-in (scripts/cross/wine/)"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" \
    "$root/scripts/cross/wine/bcryptprimitives.c" -ladvapi32
fi
drive_c="$WINEPREFIX/drive_c"
# A learner's folder with a space and an umlaut, reached by its drive-letter path.
base_unix="$drive_c/users/Jürgen Müller/kata smoke"
base_win='C:\users\Jürgen Müller\kata smoke'
rm -rf "$base_unix"; mkdir -p "$base_unix"

kata 0 --version
kata 0 list
lessons=$(sed -n 's/^id: *//p' "$root"/lessons/*.yaml | tr -d '"'"'"'\r')
for id in $lessons; do contains "list names $id" "$id"; done

for id in $lessons; do
  dir="$base_win\\$id"
  kata 0 start "$id" --dir "$dir"
  kata 1 check --json --dir "$dir"
  expect "$id as built: fails, no objective errors, at least one fails" \
    "j['status']=='fail' and all(o['status'] in ('pass','fail') for o in j['objectives']) and any(o['status']=='fail' for o in j['objectives'])"
  # Worktree links and remote URLs name the sandbox where it ended up, not where it was built.
  stale=$(grep -rl --include=.git --include=gitdir --include=config -e '.git-kata-build' "$base_unix/$id" 2>/dev/null | head -3)
  if [ -z "$stale" ]; then ok "  $id: every worktree link and remote URL points inside the sandbox"
  else bad "  $id: links still point into the build directory: $stale"; fi
done

first=mid-flight-hotfix
dir="$base_win\\$first"
kata 0 status --dir "$dir"
contains "status shows the worktrees" "main"
# hint and reset work from inside the sandbox, as a learner types them.
repo_unix=$(ls -d "$base_unix/$first"/*/ | head -1)
pushd "$repo_unix" >/dev/null
kata 0 hint
contains "hint gives hint 1" "Hint 1"
kata 0 brief
popd >/dev/null
kata 1 grade --dir "$dir"
kata 1 grade --dir "$dir" --format json
expect "grade --format json: one result that fails" "'fail' in json.dumps(j)"
touch "$repo_unix/learner-file.txt"
kata 0 reset --yes --dir "$dir"
if [ ! -e "$repo_unix/learner-file.txt" ]; then ok "  reset --yes rebuilt the sandbox"; else bad "  reset kept learner-file.txt"; fi
kata 1 check --json --dir "$dir"

echo "== exit codes"
kata 2 start no-such-lesson --dir "$base_win\\x"
kata 2 check --dir 'C:\users'
contains "outside a sandbox is said so" "sandbox"
kata 2 --no-such-flag
# No Git for Windows under wine: scripts cannot run, and that is said plainly.
printf 'git stash push -m "x"\n' > "$base_unix/solution.sh"
kata 3 grade stash-message --script "$base_win\\solution.sh"
contains "--script without bash names Git for Windows" "Git for Windows"

echo "== a lesson pack with Windows (CRLF) line endings"
pack_unix="$drive_c/crlf pack"; rm -rf "$pack_unix"; mkdir -p "$pack_unix"
for f in "$root"/lessons/stash-message.yaml "$root"/lessons/worktree-add.yaml; do
  sed 's/$/\r/' "$f" > "$pack_unix/$(basename "$f")"
done
kata 0 --lessons 'C:\crlf pack' list
contains "the CRLF pack lists its lessons" "stash-message"
for id in stash-message worktree-add; do
  kata 0 --lessons 'C:\crlf pack' start "$id" --dir "$base_win\\crlf-$id"
  kata 1 --lessons 'C:\crlf pack' check --json --dir "$base_win\\crlf-$id"
  crlf=$out
  kata 1 check --json --dir "$base_win\\$id"
  if [ "$(python3 -c 'import json,sys; print([(o["id"],o["status"],o["message"]) for o in json.loads(sys.argv[1])["objectives"]])' "$crlf")" = \
       "$(python3 -c 'import json,sys; print([(o["id"],o["status"],o["message"]) for o in json.loads(sys.argv[1])["objectives"]])' "$out")" ]; then
    ok "  $id: the CRLF pack judges exactly as the built-in lesson"
  else bad "  $id: CRLF and LF verdicts differ"; fi
done

echo "smoke: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
