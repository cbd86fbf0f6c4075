#!/usr/bin/env bash
# The broken-repository matrix (RELIABILITY.md): builds many broken states of real sandboxes
# with git and by hand, runs `check --json`, `status` and `grade --dir` on each under a
# timeout, and counts what must never happen:
#   hangs       a command killed at the timeout
#   wrong fails `check` says `fail` where git itself reports the repository damaged
#               (`git fsck` fails or cannot finish): the contract says `error`
#   leaks       bytes of a file outside the sandbox, or a raw escape sequence, in any output
#   panics      a Rust panic message anywhere
#
# Usage: scripts/broken-matrix.sh [GIT_KATA_BINARY]   (default: target/debug/git-kata)
# Environment: MATRIX_TIMEOUT (seconds per command, default 30), MATRIX_LESSONS (space-separated
# lesson ids), MATRIX_KEEP=1 to keep the work directory. Exits 1 if any count is not 0.
set -uo pipefail
cd "$(dirname "$0")/.."

bin=$(realpath "${1:-${CARGO_TARGET_DIR:-target}/debug/git-kata}")
limit=${MATRIX_TIMEOUT:-30}
lessons=${MATRIX_LESSONS:-"stash-message mid-flight-hotfix orphaned-worktree parallel-features"}
work=$(mktemp -d "${TMPDIR:-/tmp}/git-kata-matrix-XXXXXX")
[ "${MATRIX_KEEP:-0}" = 1 ] || trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT

# An isolated environment, as the tests use.
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name Matrix
git config --global user.email matrix@example.invalid
git config --global init.defaultBranch main
secret="MATRIX-SECRET-$RANDOM$RANDOM"
printf '%s\n' "$secret" >"$work/secret.txt"

states=0 errors=0
report="$work/report.txt"
: >"$report"
: >"$work/runs.txt"

first_repo() { # the lesson's first repository, from the sandbox
  for d in "$1"/*/; do [ -d "$d/.git" ] && { basename "$d"; return; }; done
}

loose_of() { # the loose object file of id $2 in repo $1
  printf '%s/.git/objects/%s/%s' "$1" "${2:0:2}" "${2:2}"
}

checked_file() { # a file the lesson's objectives read, else any tracked file
  case "$1" in
    mid-flight-hotfix) echo deployment.yaml ;;
    *) git -C "$2" ls-files | head -n 1 ;;
  esac
}

# Each breakage: NAME, then a function body run with $repo, $dir, $lesson set.
breakages=(
  head-commit-deleted truncated-loose-commit pack-half pack-empty pack-flipped idx-deleted
  idx-truncated tree-deleted blob-deleted head-to-missing branch-to-missing tag-to-missing
  stash-to-missing packed-refs-garbage head-garbage index-truncated index-garbage
  config-garbage garbage-commit alternates-nowhere objects-dir-gone shallow-garbage
  index-lock merge-head fifo-checked zero-link-checked secret-link-checked escape-file
  escape-commit sparse-checkout split-index sparse-index gitfile-nowhere worktree-gitdir-gone
  fifo-config
)

new_commit() { # a loose commit of the learner's, returned as its id
  git -C "$repo" commit -q --allow-empty -m "learner commit" && git -C "$repo" rev-parse HEAD
}

break_repo() {
  local kind=$1 id pack file
  pack=$(ls "$repo"/.git/objects/pack/*.pack 2>/dev/null | head -n 1)
  file=$(checked_file "$lesson" "$repo")
  case "$kind" in
    head-commit-deleted) id=$(new_commit); rm -f "$(loose_of "$repo" "$id")" ;;
    truncated-loose-commit) id=$(new_commit); f=$(loose_of "$repo" "$id"); chmod u+w "$f"; truncate -s 20 "$f" ;;
    pack-half) chmod u+w "$pack"; truncate -s $(( $(stat -c %s "$pack") / 2 )) "$pack" ;;
    pack-empty) chmod u+w "$pack"; truncate -s 0 "$pack" ;;
    pack-flipped) chmod u+w "$pack"; python3 -c "
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read())
for i in range(len(b)//3, len(b)//3+64): b[i]^=0xff
open(p,'wb').write(b)" "$pack" ;;
    idx-deleted) rm -f "${pack%.pack}.idx" ;;
    idx-truncated) f="${pack%.pack}.idx"; chmod u+w "$f"; truncate -s 100 "$f" ;;
    tree-deleted) echo x >>"$repo/matrix-new.txt"; git -C "$repo" add matrix-new.txt
      git -C "$repo" commit -q -m "learner tree"; id=$(git -C "$repo" rev-parse 'HEAD^{tree}')
      rm -f "$(loose_of "$repo" "$id")" ;;
    blob-deleted) echo "unique $RANDOM" >"$repo/matrix-blob.txt"; git -C "$repo" add matrix-blob.txt
      git -C "$repo" commit -q -m "learner blob"; id=$(git -C "$repo" rev-parse HEAD:matrix-blob.txt)
      rm -f "$(loose_of "$repo" "$id")" ;;
    head-to-missing) echo 0123456789abcdef0123456789abcdef01234567 >"$repo/.git/HEAD" ;;
    branch-to-missing) git -C "$repo" update-ref --no-deref refs/heads/main 0123456789abcdef0123456789abcdef01234567 2>/dev/null \
      || echo 0123456789abcdef0123456789abcdef01234567 >"$repo/.git/refs/heads/main" ;;
    tag-to-missing) mkdir -p "$repo/.git/refs/tags"; echo 0123456789abcdef0123456789abcdef01234567 >"$repo/.git/refs/tags/v-broken" ;;
    stash-to-missing) echo 0123456789abcdef0123456789abcdef01234567 >"$repo/.git/refs/stash" ;;
    packed-refs-garbage) printf 'garbage\x00\x01 not refs\n' >>"$repo/.git/packed-refs" ;;
    head-garbage) printf 'ref: \x01\x02garbage\n' >"$repo/.git/HEAD" ;;
    index-truncated) truncate -s 30 "$repo/.git/index" ;;
    index-garbage) head -c 2000 /dev/urandom >"$repo/.git/index" ;;
    config-garbage) printf '[core\n\x01 = = \n' >>"$repo/.git/config" ;;
    garbage-commit) id=$(new_commit); f=$(loose_of "$repo" "$id"); chmod u+w "$f"
      python3 -c "import zlib,sys; open(sys.argv[1],'wb').write(zlib.compress(b'commit 20\x00not a commit at all!'))" "$f" ;;
    alternates-nowhere) mkdir -p "$repo/.git/objects/info"; echo /nonexistent/objects >"$repo/.git/objects/info/alternates"
      rm -f "$repo"/.git/objects/pack/* ;;
    objects-dir-gone) rm -rf "$repo/.git/objects" ;;
    shallow-garbage) echo "not-an-id" >"$repo/.git/shallow" ;;
    index-lock) : >"$repo/.git/index.lock" ;;
    merge-head) git -C "$repo" rev-parse HEAD >"$repo/.git/MERGE_HEAD" ;;
    fifo-checked) rm -f "$repo/$file"; mkfifo "$repo/$file" ;;
    zero-link-checked) rm -f "$repo/$file"; ln -s /dev/zero "$repo/$file" ;;
    secret-link-checked) rm -f "$repo/$file"; ln -s "$work/secret.txt" "$repo/$file"
      ln -s "$work/secret.txt" "$repo/notes-link.txt" ;;
    escape-file) printf '\033[2J\033]52;c;aGk=\007\rAll objectives met\n' >"$repo/$file" ;;
    escape-commit) git -C "$repo" commit -q --allow-empty -m "$(printf '\033[2J\033[H\rAll objectives met')" ;;
    sparse-checkout) git -C "$repo" sparse-checkout set --no-cone '/*.md' >/dev/null 2>&1 ;;
    split-index) git -C "$repo" update-index --split-index ;;
    sparse-index) git -C "$repo" sparse-checkout set --sparse-index nothing >/dev/null 2>&1 ;;
    gitfile-nowhere) rm -rf "$repo/.git"; echo "gitdir: /nonexistent/gitdir" >"$repo/.git" ;;
    worktree-gitdir-gone) git -C "$repo" worktree add -q "$dir/matrix-wt" -b matrix-wt >/dev/null 2>&1
      rm -rf "$repo/.git/worktrees/matrix-wt" ;;
    fifo-config) rm -f "$repo/.git/config"; mkfifo "$repo/.git/config" ;;
  esac
}

# Runs the binary under the timeout; records hangs, panics and leaks; prints stdout.
run() {
  local what=$1; shift
  local out="$work/out" err="$work/err" code
  timeout -k 5 "$limit" "$bin" "$@" >"$out" 2>"$err" </dev/null
  code=$?
  # Counted through files: `run` also runs in command substitutions (subshells).
  echo "$what: $*" >>"$work/runs.txt"
  if [ "$code" = 124 ] || [ "$code" = 137 ]; then
    echo "HANG   $what: $*" >>"$report"
  fi
  if grep -q "panicked at" "$out" "$err"; then
    echo "PANIC  $what: $*" >>"$report"
  fi
  if grep -qa "$secret" "$out" "$err" || grep -qaP '[\x1b\x07\r]' "$out" "$err"; then
    echo "LEAK   $what: $*" >>"$report"
  fi
  cat "$out"
  return "$code"
}

for lesson in $lessons; do
  for state in fresh solved; do
    for kind in "${breakages[@]}"; do
      dir="$work/s/$lesson-$state-$kind"
      "$bin" start "$lesson" --dir "$dir" >/dev/null 2>&1 || { echo "cannot start $lesson" >&2; exit 2; }
      repo="$dir/$(first_repo "$dir")"
      if [ "$state" = solved ]; then
        # The reference solution, as the lesson file gives it.
        python3 - "lessons/$lesson.yaml" >"$work/solution.sh" <<'EOF'
import sys, re
text = open(sys.argv[1]).read()
m = re.search(r'^solution: \|\n((?:  .*\n|\n)+)', text, re.M)
print("\n".join(l[2:] for l in m.group(1).splitlines()))
EOF
        (cd "$repo" && bash "$work/solution.sh" >/dev/null 2>&1)
        repo="$dir/$(first_repo "$dir")"
      fi
      ( break_repo "$kind" ) >/dev/null 2>&1
      states=$((states + 1))
      # What git says: damaged if fsck fails or cannot finish.
      if timeout -k 2 20 git -C "$repo" fsck --no-progress >/dev/null 2>&1; then git_damaged=0; else git_damaged=1; fi
      name="$lesson/$state/$kind"
      json=$(run "$name" check --json --dir "$dir")
      status=$(printf '%s' "$json" | python3 -c 'import json,sys
try: print(json.load(sys.stdin)["status"])
except Exception: print("none")')
      [ "$status" = error ] && errors=$((errors + 1))
      if [ "$git_damaged" = 1 ] && [ "$status" = fail ]; then
        echo "WRONG  $name: check says fail, git fsck says damaged" >>"$report"
      fi
      run "$name" check --dir "$dir" >/dev/null
      run "$name" status --dir "$dir" >/dev/null
      run "$name" grade --dir "$dir" --format text >/dev/null
      printf '%-55s git:%s check:%s\n' "$name" "$([ $git_damaged = 1 ] && echo damaged || echo ok)" "$status" >>"$work/states.txt"
    done
  done
done

cat "$work/states.txt"
echo
cat "$report"
count() { grep -c "^$1" "$report"; }
hangs=$(count HANG) wrong=$(count WRONG) leaks=$(count LEAK) panics=$(count PANIC)
echo "states: $states  runs: $(wc -l <"$work/runs.txt")  check=error: $errors"
echo "hangs: $hangs  wrong fails: $wrong  leaks: $leaks  panics: $panics"
[ $((hangs + wrong + leaks + panics)) = 0 ]
