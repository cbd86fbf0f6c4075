#!/usr/bin/env bash
# `git-kata check --dir DIR` for the mid-flight-hotfix lesson, done with the git CLI: every
# predicate of lessons/mid-flight-hotfix.yaml's objectives, and (only when one fails, as
# src/check/mod.rs does) of its mistakes, with the same verdicts. Setup facts ("main as it was at
# the start", the HEAD reflog length at setup, the setup's stashes) come from DIR/.git-kata/sandbox.json.
#
# Usage: check-mid-flight-hotfix.sh DIR     exit 0: all objectives met; 1: not (or unreadable)
#
# Each line of the checklist starts with a mark and the objective id in brackets, and each
# recognised mistake has a `Recognised mistake (ID)` line, so verify.sh can compare the verdicts
# with `git-kata check --json`.
set -euo pipefail
# shellcheck source=mid-flight-hotfix-files.sh
source "$(dirname "${BASH_SOURCE[0]}")/mid-flight-hotfix-files.sh"

dir=${1:?usage: check-mid-flight-hotfix.sh DIR}
cd -P -- "$dir"
root=$PWD
repo=$root/k8s-fleet-manager
hotfix_dir=$root/fleet-manager-hotfix


# --- The marker: what the setup made -----------------------------------------------------------
marker=''
IFS= read -r -d '' marker <"$root/.git-kata/sandbox.json" || true
re_ref='"refs/heads/([^"]+)": "([0-9a-f]{40})"'
declare -A setup_ref=()
rest=$marker
while [[ $rest =~ $re_ref ]]; do
  setup_ref[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
  rest=${rest#*"${BASH_REMATCH[0]}"}
done
re_log='"head_reflog": \{[^}]*"": ([0-9]+)'
[[ $marker =~ $re_log ]] && setup_head_log=${BASH_REMATCH[1]} || setup_head_log=0
re_stashes='"stashes": \[([^]]*)\]'
[[ $marker =~ $re_stashes ]] && setup_stashes=${BASH_REMATCH[1]} || setup_stashes=''

# --- Open the repository, refusing states that cannot be judged (context.rs's open_checked) -----
unreadable() {
  printf 'mid-flight-hotfix — The mid-flight hotfix\n  ! cannot check: %s\n' "$1"
  exit 1
}
[[ -d $repo ]] || unreadable "k8s-fleet-manager does not exist"
{ read -r gitdir && read -r head; } < <(git -C "$repo" rev-parse --absolute-git-dir --symbolic-full-name HEAD 2>/dev/null || true)
[[ -n ${gitdir:-} ]] || unreadable "k8s-fleet-manager is not a readable git repository"
[[ ! -e $gitdir/index.lock ]] || unreadable "k8s-fleet-manager has a .git/index.lock"
for busy in MERGE_HEAD REVERT_HEAD CHERRY_PICK_HEAD BISECT_LOG rebase-merge rebase-apply; do
  [[ ! -e $gitdir/$busy ]] || unreadable "in k8s-fleet-manager a git operation is in progress ($busy)"
done

# Every branch tip, read once (git-kata opens the repository once, too).
declare -A tip=()
while read -r name id; do
  tip[${name#refs/heads/}]=$id
done < <(git -C "$repo" for-each-ref --format='%(refname) %(objectname)' refs/heads/)

# --- Predicates: each sets `says` and returns 0 when it holds ---------------------------------
says=''

branch_exists() { # BRANCH
  if [[ -n ${tip[$1]:-} ]]; then says="branch $1 exists"; else says="there is no branch $1"; return 1; fi
}

commits_ahead() { # BRANCH SETUP-BRANCH COUNT
  local t=${tip[$1]:-} base=${setup_ref[$2]:?the setup made no branch $2} n
  [[ -n $t ]] || { says="there is no branch $1"; return 1; }
  if [[ $t != "$base" ]] && ! git -C "$repo" merge-base --is-ancestor "$base" "$t"; then
    says="$1 does not start from $2 as it was at the start"
    return 1
  fi
  n=$(git -C "$repo" rev-list --count "$t" "^$base")
  says="$1 is $n commit(s) ahead of $2 as it was at the start"
  [[ $n == "$3" ]]
}

commit_changes() { # BRANCH PATHS (sorted, space-separated)
  local t=${tip[$1]:-} changed
  [[ -n $t ]] || { says="\`$1\` names no commit"; return 1; }
  # Against the first parent, or the empty tree for a root commit, without rename detection:
  # the paths git2's diff_tree_to_tree reports, in git's (sorted) order.
  changed=$(git -C "$repo" diff-tree -r --root --no-commit-id --name-only --no-renames --diff-merges=first-parent "$t")
  changed=${changed//$'\n'/ }
  says="the commit at $1 changes ${changed:-nothing}"
  [[ $changed == "$2" ]]
}

declare -A blob_cache=()
blob_at() { # BRANCH PATH: sets `blob`; returns 1 if the branch or the file is missing
  local key="$1:$2" t=${tip[$1]:-}
  if [[ -z ${blob_cache[$key]+set} ]]; then
    blob_cache[$key]=''
    if [[ -n $t ]] && blob_cache[$key]=$(git -C "$repo" cat-file blob "$t:$2" 2>/dev/null && printf x); then :; fi
  fi
  blob=${blob_cache[$key]}
  [[ -n $blob ]] || return 1
  blob=${blob%x}
}

file_at_equals() { # BRANCH PATH EXPECTED
  blob_at "$1" "$2" || { says="$2 in $1 does not exist"; return 1; }
  if [[ $blob == "$3" ]]; then says="$2 in $1 is as expected"; else says="$2 in $1 differs from what is expected"; return 1; fi
}

file_at_contains() { # BRANCH PATH NEEDLE
  blob_at "$1" "$2" || { says="$2 in $1 does not exist"; return 1; }
  if [[ $blob == *"$3"* ]]; then says="$2 in $1 contains \"$3\""; else says="$2 in $1 does not contain \"$3\""; return 1; fi
}

worktree_list=''
worktrees() { # the porcelain worktree list, read once
  [[ -n $worktree_list ]] || worktree_list=$(git -C "$repo" worktree list --porcelain)$'\n'
}

registration() { # PATH: sets `reg` to the porcelain block of the worktree at PATH, or returns 1
  worktrees
  local block
  reg=''
  while IFS= read -r -d $'\x01' block; do
    if [[ $block == "worktree $1"$'\n'* ]]; then reg=$block; return 0; fi
  done < <(printf '%s\x01' "${worktree_list//$'\n\n'/$'\x01'}")
  return 1
}

worktree_gone() { # PATH
  if registration "$1"; then
    if [[ -e $1 ]]; then says="the worktree at $1 is still there"
    else says="the directory $1 is gone but git still has it registered: it was deleted without \`git worktree remove\`"; fi
    return 1
  fi
  [[ ! -e $1 ]] || { says="$1 still exists on disk, though git no longer tracks it as a worktree"; return 1; }
  says="no worktree is registered at $1 and the directory is gone"
}

worktree_stale() { # PATH: registered, its directory gone, not locked (`git worktree prune` would drop it)
  registration "$1" || { says="no worktree is registered at $1"; return 1; }
  if [[ $reg == *$'\nprunable'* && $reg != *$'\nlocked'* ]]; then
    says="git still has a worktree registered at $1, but its directory is gone"
  else
    says="the worktree registered at $1 is not stale"
    return 1
  fi
}

head_is() { # BRANCH
  if [[ $head == "refs/heads/$1" ]]; then says="k8s-fleet-manager is on $1"
  elif [[ $head == refs/heads/* ]]; then says="k8s-fleet-manager is on ${head#refs/heads/}, not on $1"; return 1
  else says="in k8s-fleet-manager HEAD is detached, not on $1"; return 1; fi
}

dirty_paths() { # PATHS (sorted, space-separated): exactly these have uncommitted changes
  # git status lists each path once (no renames), sorted.
  local entry joined=''
  while IFS= read -r -d '' entry; do
    joined+=${joined:+ }${entry:3}
  done < <(git -C "$repo" status --porcelain=v1 -z --untracked-files=all --no-renames)
  if [[ $joined == "$1" ]]; then says="in k8s-fleet-manager exactly $1 is uncommitted"
  else says="in k8s-fleet-manager the uncommitted changes are ${joined:-nothing}; expected $1"; return 1; fi
}

file_in_worktree_equals() { # PATH EXPECTED
  local content=''
  [[ -f $repo/$1 ]] || { says="k8s-fleet-manager/$1 does not exist"; return 1; }
  IFS= read -r -d '' content <"$repo/$1" || true
  if [[ $content == "$2" ]]; then says="k8s-fleet-manager/$1 is as expected"
  else says="k8s-fleet-manager/$1 differs from what is expected"; return 1; fi
}

branch_unchanged() { # BRANCH
  local setup=${setup_ref[$1]:-} now=${tip[$1]:-}
  [[ -n $now ]] || { says="branch $1 no longer exists"; return 1; }
  [[ -n $setup ]] || { says="the setup made no branch $1"; return 1; }
  [[ $setup != "$now" ]] || { says="$1 still points where it did at the start"; return 0; }
  if git -C "$repo" merge-base --is-ancestor "$setup" "$now"; then
    says="$1 has $(git -C "$repo" rev-list --count "$now" "^$setup") new commit(s) since the start"
  else
    says="$1 has been moved or rewritten since the start"
  fi
  return 1
}

head_never_switched() { # the HEAD reflog entries after the setup's hold no branch switch
  local entries=() moves='' e rest learner
  mapfile -t entries < <(git -C "$repo" reflog show --format=%gs HEAD)
  learner=$((${#entries[@]} - setup_head_log)) # newest first: the learner's come first
  for e in "${entries[@]:0:learner > 0 ? learner : 0}"; do
    [[ $e == "checkout: moving from "*" to "* ]] || continue
    rest=${e#checkout: moving from }
    [[ ${rest%% to *} != "${rest#* to }" ]] && moves+="${moves:+, }${rest%% to *} → ${rest#* to }"
  done
  if [[ -z $moves ]]; then says="k8s-fleet-manager has stayed on its branch the whole time"
  else says="k8s-fleet-manager switched branches since the start ($moves)"; return 1; fi
}

stash_created_since_setup() { # a stash-shaped commit in the object database that the setup did not make
  local kind id parents subject p2
  local -a commits=()
  local -A subject_of=() parents_of=()
  while read -r kind id; do
    [[ $kind == commit ]] && commits+=("$id")
  done < <(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectname)')
  ((${#commits[@]})) || { says="no stash was made since the start"; return 1; }
  while IFS=$'\t' read -r id parents subject; do
    subject_of[$id]=$subject
    parents_of[$id]=$parents
  done < <(printf '%s\n' "${commits[@]}" | git -C "$repo" log --stdin --no-walk=unsorted --format=$'%H\t%P\t%s')
  for id in "${commits[@]}"; do
    [[ $setup_stashes == *"$id"* ]] && continue
    subject=${subject_of[$id]:-}
    [[ $subject == "WIP on "* || $subject == "On "* ]] || continue
    read -r _ p2 _ <<<"${parents_of[$id]:-}"
    [[ -n ${p2:-} && ${subject_of[$p2]:-} == "index on "* ]] || continue
    says="a stash was made since the start"
    return 0
  done
  says="no stash was made since the start"
  return 1
}

# --- Objectives: each an `all` of predicates; `says` is the first failing one's, else the last's --
hotfix_branch() { branch_exists hotfix/image-patch && commits_ahead hotfix/image-patch main 1; }
hotfix_commit() {
  commit_changes hotfix/image-patch deployment.yaml &&
    file_at_equals hotfix/image-patch deployment.yaml "$production_v101"
}
worktree_removed() { branch_exists hotfix/image-patch && worktree_gone "$hotfix_dir"; }
feature_untouched() {
  head_is feature/reliability-upgrade && dirty_paths deployment.yaml &&
    file_in_worktree_equals deployment.yaml "$feature"
}
feature_no_commits() { branch_unchanged feature/reliability-upgrade; }
never_switched() { head_never_switched; }

ids=() titles=() verdicts=() messages=()
objective() { # ID TITLE FUNCTION
  local verdict=pass
  "$3" || verdict=fail
  ids+=("$1") titles+=("$2") verdicts+=("$verdict") messages+=("$says")
}
objective hotfix-branch 'hotfix/image-patch starts at main and is one commit ahead of it' hotfix_branch
objective hotfix-commit 'That commit changes only the image, to fleet-api:v1.0.1' hotfix_commit
objective worktree-removed 'The hotfix worktree is gone, removed with git' worktree_removed
objective feature-untouched 'Your feature edits are still here, uncommitted and unchanged' feature_untouched
objective feature-no-commits 'feature/reliability-upgrade has no new commits' feature_no_commits
objective never-switched 'This directory never left feature/reliability-upgrade' never_switched

# --- Mistakes -------------------------------------------------------------------------------------
stash_and_switch() { stash_created_since_setup || ! head_never_switched; }
rm_rf_worktree() { worktree_stale "$hotfix_dir"; }
feature_leaked() { file_at_contains hotfix/image-patch deployment.yaml livenessProbe; }
wip_commit() { ! branch_unchanged feature/reliability-upgrade; }

# --- Report ---------------------------------------------------------------------------------------
out='mid-flight-hotfix — The mid-flight hotfix'$'\n'
failed=0
for i in "${!ids[@]}"; do
  if [[ ${verdicts[i]} == pass ]]; then
    out+="  ✓ [${ids[i]}] ${titles[i]}"$'\n'
  else
    failed=$((failed + 1))
    out+="  ✗ [${ids[i]}] ${titles[i]}"$'\n'"      ${messages[i]}"$'\n'
  fi
done

if ((failed)); then
  # Mistakes are looked for only while something fails.
  mistake() { # ID MESSAGE FUNCTION
    if "$3"; then out+=$'\n'"  Recognised mistake ($1):"$'\n'"    $2"$'\n'; fi
  }
  mistake stash-and-switch 'You stashed or switched branches in your feature directory.' stash_and_switch
  mistake rm-rf-worktree "../fleet-manager-hotfix was deleted from disk, not removed with git: run git worktree prune." rm_rf_worktree
  mistake feature-leaked 'The hotfix commit carries your unfinished feature.' feature_leaked
  mistake wip-commit 'You committed the unfinished feature to get a clean directory.' wip_commit
  out+=$'\n'"$((${#ids[@]} - failed)) of ${#ids[@]} objectives met."$'\n'
  printf '%s' "$out"
  exit 1
fi
out+=$'\n'"All ${#ids[@]} objectives met. Well done!"$'\n'
printf '%s' "$out"
