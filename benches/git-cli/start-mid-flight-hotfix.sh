#!/usr/bin/env bash
# `git-kata start mid-flight-hotfix --dir DIR`, done with the git CLI: lessons/mid-flight-hotfix.yaml's
# steps, then the marker. Usage: start-mid-flight-hotfix.sh DIR
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
# shellcheck source=lib.sh
source "$here/lib.sh"

gk_sandbox "${1:?usage: start-mid-flight-hotfix.sh DIR}"
gk_init k8s-fleet-manager
repo=$GK_ROOT/k8s-fleet-manager

gk_write "$repo/deployment.yaml" 'apiVersion: apps/v1
kind: Deployment
metadata:
  name: fleet-api
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: api
        image: fleet-api:v1.0.0
'
gk_commit_all "$repo" 'Initial production release v1.0.0'
# branch: { name: feature/reliability-upgrade, switch: true }
git -C "$repo" switch -q -c feature/reliability-upgrade
gk_write "$repo/deployment.yaml" 'apiVersion: apps/v1
kind: Deployment
metadata:
  name: fleet-api
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: api
        image: fleet-api:v1.1.0-rc1
        resources:
          requests:
            memory: "64Mi"
            cpu: "250m"
          limits:
            memory: "128Mi"
            cpu: "500m"
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
          initialDelaySeconds: 3
          periodSeconds: 3
'

gk_marker mid-flight-hotfix
