#!/usr/bin/env bash
# `git-kata start orphaned-worktree --dir DIR`, done with the git CLI: lessons/orphaned-worktree.yaml's
# steps, then the marker. Usage: start-orphaned-worktree.sh DIR
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
# shellcheck source=lib.sh
source "$here/lib.sh"

gk_sandbox "${1:?usage: start-orphaned-worktree.sh DIR}"
gk_init k8s-operator
repo=$GK_ROOT/k8s-operator
wt=$GK_ROOT/testing-env

gk_write "$repo/go.mod" 'module example.com/k8s-operator

go 1.22
'
gk_write "$repo/deploy/manager.yaml" 'apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator-manager
spec:
  replicas: 1
'
gk_write "$repo/README.md" '# k8s-operator
Reconciles database clusters.
'
gk_commit_all "$repo" 'Initial operator scaffold'
# worktree_add: { path: testing-env, branch: test-deployment, new_branch_from: main }
git -C "$repo" worktree add -q -b test-deployment "$wt" main
gk_write "$wt/deploy/staging.yaml" 'apiVersion: apps/v1
kind: Deployment
metadata:
  name: operator-manager-staging
spec:
  replicas: 1
'
gk_commit_all "$wt" 'Add staging deployment for the test cluster'
# remove_dir: { path: testing-env }
rm -rf "$wt"

gk_marker orphaned-worktree
