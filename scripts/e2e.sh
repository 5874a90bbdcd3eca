#!/usr/bin/env bash
# Starts the demo portal (scripts/start.sh), waits until it serves the catalog,
# runs the Playwright suite in e2e/ against it (or the specs given as
# arguments), then stops it. The ArgoCD stand-in answers as the profile of
# PEGASE_ARGOCD_PROFILE (default v2.14); another profile logs to e2e-<profile>.log.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
mkdir -p .cache/test
# another ArgoCD profile keeps its own portal log, e2e log and failure
# artifacts, so that its run does not wipe those of the default profile's run
profile="${PEGASE_ARGOCD_PROFILE:-v2.14}"
suffix=
[ "$profile" = v2.14 ] || suffix="-$profile"
portal_log=".cache/test/portal$suffix.log"
for port in 3000 7007 18100; do
  if curl -s -o /dev/null "http://127.0.0.1:$port"; then
    echo "port $port is already in use: stop the running portal first" >&2
    exit 1
  fi
done
setsid scripts/start.sh > "$portal_log" 2>&1 &
portal=$!
stop_portal() { kill -TERM -- "-$portal" 2>/dev/null; wait "$portal" 2>/dev/null; }
trap stop_portal EXIT

scripts/wait-http.sh http://localhost:7007/.backstage/health/v1/readiness 600 &&
  scripts/wait-http.sh http://localhost:3000 600 || {
    echo "the portal did not start; last lines of $portal_log:" >&2
    tail -n 40 "$portal_log" >&2
    exit 1
  }
if grep -E "Plugin '[^']+' threw an error|startup failed|failed to start" "$portal_log" .cache/demo/stand-ins.log; then
  echo "the backend or a stand-in logged a startup error" >&2
  exit 1
fi
node scripts/wait-catalog.mjs http://localhost:7007 600 || exit 1
log=".cache/test/e2e$suffix.log"
keep=
if [ -n "$suffix" ]; then
  # another ArgoCD profile: the README screenshots stay the default profile's
  keep=$(mktemp -d)
  cp -a docs/screenshots/. "$keep"/
fi
yarn playwright test --output "node_modules/.cache/e2e-test-results$suffix" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ -n "$keep" ]; then cp -a "$keep"/. docs/screenshots/ && rm -rf "$keep"; fi
exit "$status"
