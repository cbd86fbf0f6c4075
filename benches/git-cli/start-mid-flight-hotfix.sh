#!/usr/bin/env bash
# `git-kata start mid-flight-hotfix --dir DIR`, done with the git CLI: lessons/mid-flight-hotfix.yaml's
# steps, then the marker. Usage: start-mid-flight-hotfix.sh DIR
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=mid-flight-hotfix-files.sh
source "$here/mid-flight-hotfix-files.sh"

gk_sandbox "${1:?usage: start-mid-flight-hotfix.sh DIR}"
gk_init k8s-fleet-manager
repo=$GK_ROOT/k8s-fleet-manager

gk_write "$repo/deployment.yaml" "$production_v100"
gk_commit_all "$repo" 'Initial production release v1.0.0'
# branch: { name: feature/reliability-upgrade, switch: true }
git -C "$repo" switch -q -c feature/reliability-upgrade
gk_write "$repo/deployment.yaml" "$feature"

gk_marker mid-flight-hotfix
