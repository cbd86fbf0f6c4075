#!/usr/bin/env bash
# Shows that the git CLI scripts do the same work as git-kata, so that timing them is fair:
#   1. start-L.sh builds the same sandbox as `git-kata start L`: same refs (commit ids), HEADs,
#      status, worktree registrations, files and marker; and `git-kata check` judges both alike.
#   2. check-mid-flight-hotfix.sh gives the same verdict for every objective, and recognises the
#      same mistakes, as `git-kata check --json`, on the fresh sandbox, the reference solution,
#      every mistake the lesson declares, and a few more states; it exits 0 only when solved.
#
# Usage: verify.sh GIT_KATA_BINARY     exit 0 when everything matches
set -euo pipefail

bin=$(realpath "${1:?usage: verify.sh GIT_KATA_BINARY}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
lessons=$here/../../lessons
work=$(mktemp -d "${TMPDIR:-/tmp}/git-kata-verify.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
mkdir -p "$HOME"
# As src/script.rs's isolation does for learners' commands.
printf '[advice]\n\tdetachedHead = false\n[core]\n\tpager = cat\n[init]\n\tdefaultBranch = main\n' >"$HOME/.gitconfig"

problems=0
problem() {
  echo "MISMATCH: $*" >&2
  problems=$((problems + 1))
}

# A sandbox's observable state, with its own path replaced by DIR.
describe() { # SANDBOX
  local sb=$1 repo
  (
    cd "$sb"
    for repo in */; do
      repo=${repo%/}
      echo "== $repo"
      git -C "$repo" for-each-ref --format='%(refname) %(objectname)'
      git -C "$repo" symbolic-ref -q HEAD || git -C "$repo" rev-parse HEAD
      git -C "$repo" status --porcelain=v1 --untracked-files=all
      git -C "$repo" worktree list --porcelain
      git -C "$repo" stash list --format='%H %gs'
      git -C "$repo" ls-files -s
      git -C "$repo" config --local --list | sort
    done
    find . -path '*/.git' -prune -o -type f -print | sort | while read -r f; do
      echo "-- $f"
      cat "$f"
    done
  ) | sed "s#$sb#DIR#g"
}

# --- 1. start ------------------------------------------------------------------------------------
for lesson in stash-untracked mid-flight-hotfix orphaned-worktree; do
  "$bin" start "$lesson" --dir "$work/kata-$lesson" >/dev/null
  "$here/start-$lesson.sh" "$work/cli-$lesson"
  # The marker records the HEAD reflog length of each linked worktree; `git worktree add` logs
  # two more entries there than libgit2 does, so that one number may differ.
  if ! diff <(describe "$work/kata-$lesson" | sed -E '/^-- .*sandbox.json/,/^}/{/"[a-z-]+": [0-9]+$/s/[0-9]+$/N/}') \
    <(describe "$work/cli-$lesson" | sed -E '/^-- .*sandbox.json/,/^}/{/"[a-z-]+": [0-9]+$/s/[0-9]+$/N/}'); then
    problem "start-$lesson.sh builds a different sandbox from git-kata start $lesson"
  fi
  # git-kata check must read the script's sandbox exactly as its own.
  k=$("$bin" check --json --dir "$work/kata-$lesson" | sed "s#$work/kata-$lesson#DIR#g" || true)
  c=$("$bin" check --json --dir "$work/cli-$lesson" | sed "s#$work/cli-$lesson#DIR#g" || true)
  [[ $k == "$c" ]] || problem "git-kata check judges the sandbox of start-$lesson.sh differently"
  echo "start $lesson: same sandbox"
done

# --- 2. check ------------------------------------------------------------------------------------
yaml=$lessons/mid-flight-hotfix.yaml
# The block scalar under `solution: |` (indent 2) and each mistake's `commands: |` (indent 6).
solution=$(awk '/^solution: \|/{on=1; next} on && /^[^ ]/{exit} on{sub(/^  /, ""); print}' "$yaml")
mapfile -t mistake_ids < <(awk '/^[a-z]/{on = /^mistakes:/} on && /^  - id: /{print $3}' "$yaml")
mistake_commands() { # ID
  awk -v id="$1" '
    /^  - id: /{mine = ($3 == id); block = 0; next}
    mine && /^    commands: \|/{block = 1; next}
    block && /^    [^ ]/{block = 0}
    block && /^      /{sub(/^      /, ""); print}' "$yaml"
}

# Objective verdicts and recognised mistakes, as `id status` lines.
kata_verdicts() { # SANDBOX
  "$bin" check --json --dir "$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)
for o in r["objectives"]: print(o["id"], o["status"])
for m in r["mistakes"]: print("mistake", m["id"])'
}
cli_verdicts() { # SANDBOX
  "$here/check-mid-flight-hotfix.sh" "$1" | sed -nE 's/^  ✓ \[([^]]+)\].*/\1 pass/p; s/^  ✗ \[([^]]+)\].*/\1 fail/p; s/^  Recognised mistake \((.+)\):$/mistake \1/p'
}

states=(as-built solution "${mistake_ids[@]}" worktree-kept stash-applied detached extra-file two-commits pruned-after-rm)
commands_for() { # STATE
  case $1 in
  as-built) : ;;
  solution) printf '%s\n' "$solution" ;;
  worktree-kept) printf '%s\n' "$solution" | grep -v 'worktree remove' ;;
  stash-applied) printf '%s\n' "$solution" 'git stash' 'git stash apply' ;;
  detached) printf '%s\n' "$solution" 'git checkout --detach' ;;
  extra-file) printf '%s\n' "$solution" 'echo todo > notes.txt' ;;
  two-commits)
    printf '%s\n' 'git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main' \
      'cd ../fleet-manager-hotfix' "sed -i 's/v1.0.0/v1.0.1/' deployment.yaml" 'git commit -qam fix' \
      'echo x >> README' 'git add README' 'git commit -qm more' 'cd ../k8s-fleet-manager' \
      'git worktree remove ../fleet-manager-hotfix' ;;
  pruned-after-rm) mistake_commands rm-rf-worktree && echo 'git worktree prune' ;;
  *) mistake_commands "$1" ;;
  esac
}

for state in "${states[@]}"; do
  sb=$work/check-$state
  "$bin" start mid-flight-hotfix --dir "$sb" >/dev/null
  (cd "$sb/k8s-fleet-manager" && bash -e -c "$(commands_for "$state")") >/dev/null 2>&1 ||
    problem "the commands of state $state failed"
  k=$(kata_verdicts "$sb" || true)
  c=$(cli_verdicts "$sb" || true)
  "$bin" check --dir "$sb" >/dev/null && k_rc=0 || k_rc=$?
  "$here/check-mid-flight-hotfix.sh" "$sb" >/dev/null && c_rc=0 || c_rc=$?
  if [[ $k != "$c" || $k_rc != "$c_rc" ]]; then
    problem "state $state: git-kata says (exit $k_rc)"$'\n'"$k"$'\n'"the script says (exit $c_rc)"$'\n'"$c"
  else
    echo "check $state: same verdicts (exit $c_rc): $(grep -c ' pass$' <<<"$c") passed, mistakes: $(grep '^mistake' <<<"$c" | cut -d' ' -f2 | paste -sd, -)"
  fi
done

if ((problems)); then
  echo "$problems mismatch(es)" >&2
  exit 1
fi
echo "all equivalent"
