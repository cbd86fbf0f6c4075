#!/usr/bin/env bash
# `git-kata start stash-untracked --dir DIR`, done with the git CLI: lessons/stash-untracked.yaml's
# steps, then the marker. Usage: start-stash-untracked.sh DIR
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
# shellcheck source=lib.sh
source "$here/lib.sh"

gk_sandbox "${1:?usage: start-stash-untracked.sh DIR}"
gk_init stash-practice
repo=$GK_ROOT/stash-practice

gk_write "$repo/config.txt" $'v1\n'
gk_commit_all "$repo" 'Initial commit'

gk_marker stash-untracked
