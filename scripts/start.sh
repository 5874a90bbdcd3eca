#!/usr/bin/env bash
# Starts the Pégase Portal demo: Node 22 and dependencies if missing, the stand-ins
# and the real git server fed from catalog/demo-gitops (and a real Prometheus when
# it can), then the backend on 7007 and the frontend on 3000.
# Stop with Ctrl-C: everything it started stops with it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
source scripts/demo-env.sh

echo "==> dependencies (yarn install)"
yarn install

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

mkdir -p .cache/demo
echo "==> stand-ins (logs: .cache/demo/stand-ins.log)"
yarn workspace @pcscol/stand-ins start-all --gitops "$PEGASE_GITOPS_DIR" \
  > .cache/demo/stand-ins.log 2>&1 &
pids+=($!)
scripts/wait-http.sh "$GITOPS_REPO_URL/info/refs?service=git-upload-pack" 120

if [ -x packages/stand-ins/prometheus/start-prometheus.sh ] && [ "${PEGASE_DEMO_PROMETHEUS:-1}" = 1 ]; then
  echo "==> Prometheus on 19090 (logs: .cache/demo/prometheus.log)"
  packages/stand-ins/prometheus/start-prometheus.sh --port 19090 \
    --data "$PWD/.cache/demo/prometheus" --gitops "$PEGASE_GITOPS_DIR" \
    > .cache/demo/prometheus.log 2>&1 &
  pids+=($!)
fi

echo "==> portal: backend http://localhost:7007, frontend http://localhost:3000"
yarn start &
pids+=($!)
wait "${pids[-1]}"
