# shellcheck shell=bash
# Shared by the start-*.sh scripts: the git CLI counterpart of src/sandbox/builder.rs and
# src/sandbox/marker.rs. Sourced, not run. Only bash builtins apart from the git calls, so the
# script pays for git's work and not for cat/sed/mkdir processes git-kata does not start either.

# The directory of this file, without starting dirname.
GK_LIB_DIR=${BASH_SOURCE[0]%/*}
[[ $GK_LIB_DIR == "${BASH_SOURCE[0]}" ]] && GK_LIB_DIR=.
GK_LIB_DIR=$(cd "$GK_LIB_DIR" && pwd -P)
GK_LESSONS=${GK_LESSONS:-$GK_LIB_DIR/../../lessons}

# Setup commits: author and committer "git-kata", dated 2025-01-01T00:00:00Z plus one minute per
# commit, exactly as builder.rs's Clock does, so the commit ids equal git-kata's.
GK_EPOCH=1735689600
GK_TICKS=0
export GIT_AUTHOR_NAME=git-kata GIT_AUTHOR_EMAIL=lessons@git-kata.invalid
export GIT_COMMITTER_NAME=git-kata GIT_COMMITTER_EMAIL=lessons@git-kata.invalid

gk_tick() {
  GK_TICKS=$((GK_TICKS + 1))
  GIT_AUTHOR_DATE="@$((GK_EPOCH + 60 * GK_TICKS)) +0000"
  GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
  export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# gk_sandbox DIR: DIR must not exist or be empty (the contract); sets GK_ROOT to its absolute path.
gk_sandbox() {
  local dir=$1
  if [[ -e $dir ]]; then
    local entries=("$dir"/* "$dir"/.[!.]*)
    [[ -d $dir && ! -e ${entries[0]} && ! -e ${entries[1]} ]] || {
      echo "$dir already exists and is not empty" >&2
      return 2
    }
  fi
  [[ $dir == /* ]] || dir=$PWD/$dir
  GK_ROOT=$dir
  GK_REPOS=()
}

# gk_init NAME: a repository at GK_ROOT/NAME on main, with the local settings of builder.rs's
# LOCAL_CONFIG (one git process: they come in through the template's config file, and the
# template holds nothing else, so no sample hooks are copied either).
gk_init() {
  git init -q -b main --template="$GK_LIB_DIR/template" "$GK_ROOT/$1"
  GK_REPOS+=("$1")
}

# gk_write FILE CONTENT: a write step (parent directories made as needed).
gk_write() {
  [[ $1 == */* && ! -d ${1%/*} ]] && mkdir -p "${1%/*}"
  printf '%s' "$2" >"$1"
}

# gk_commit_all DIR MESSAGE: a `commit: { all: true }` step in the working tree DIR.
gk_commit_all() {
  gk_tick
  git -C "$1" add -A
  git -C "$1" commit -q -m "$2"
}

# gk_marker LESSON: DIR/.git-kata/sandbox.json and lesson.yaml, with what marker.rs records: each
# repository's branch and tag tips, its stash ids, and the length of each HEAD reflog.
gk_marker() {
  local lesson=$1 json name first=1 line refs gitdir log lines wt stashes
  json=$'{\n  "format": 1,\n  "lesson": "'$lesson$'",\n  "built_by": "0.1.0",\n  "repos": {'
  for name in "${GK_REPOS[@]}"; do
    gitdir=$GK_ROOT/$name/.git
    [[ -d $gitdir ]] || gitdir=$GK_ROOT/$name # a bare repository
    refs=''
    # Symbolic refs (a clone's origin/HEAD) are not recorded, as marker.rs does not.
    while read -r line; do
      [[ -n $line ]] || continue
      refs+=${refs:+,}$'\n        "'${line% *}'": "'${line#* }'"'
    done < <(git -C "$GK_ROOT/$name" for-each-ref \
      --format='%(if)%(symref)%(then)%(else)%(refname) %(objectname)%(end)' refs/heads refs/tags refs/remotes)
    stashes=''
    if [[ -s $gitdir/logs/refs/stash ]]; then
      while read -r line; do
        stashes+=${stashes:+,}$'\n        "'$line'"'
      done < <(git -C "$GK_ROOT/$name" reflog show --format=%H refs/stash)
    fi
    mapfile -t lines <"$gitdir/logs/HEAD"
    log=$'\n        "": '${#lines[@]}
    for wt in "$gitdir"/worktrees/*/; do
      [[ -d $wt ]] || continue
      lines=()
      [[ -f $wt/logs/HEAD ]] && mapfile -t lines <"$wt/logs/HEAD"
      wt=${wt%/}
      log+=$',\n        "'${wt##*/}'": '${#lines[@]}
    done
    # serde_json's pretty printer writes an empty list as [].
    [[ -n $stashes ]] && stashes+=$'\n      '
    ((first)) || json+=','
    first=0
    json+=$'\n    "'$name$'": {\n      "refs": {'$refs$'\n      },\n      "stashes": ['$stashes$'],\n      "head_reflog": {'$log$'\n      }\n    }'
  done
  json+=$'\n  }\n}'
  mkdir "$GK_ROOT/.git-kata"
  printf '%s' "$json" >"$GK_ROOT/.git-kata/sandbox.json"
  local text=''
  IFS= read -r -d '' text <"$GK_LESSONS/$lesson.yaml" || true
  printf '%s' "$text" >"$GK_ROOT/.git-kata/lesson.yaml"
}
