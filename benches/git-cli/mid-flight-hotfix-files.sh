#!/usr/bin/env bash
# The contents of deployment.yaml in lessons/mid-flight-hotfix.yaml, shared by the start and
# check scripts: production as set up (v1.0.0), the hotfix's expected version (v1.0.1), and the
# learner's uncommitted feature work.
# shellcheck disable=SC2034  # used by the scripts that source this file
production_v100='apiVersion: apps/v1
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
production_v101=${production_v100/fleet-api:v1.0.0/fleet-api:v1.0.1}
feature='apiVersion: apps/v1
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
