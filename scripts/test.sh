#!/usr/bin/env bash
# Runs every check of Pégase Portal, as CI does: type check, lint, unit and
# integration tests (real PostgreSQL, Redis, Prometheus, git over HTTP), then the
# Playwright e2e suite in Debian's Chromium against the started demo portal.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
source scripts/demo-env.sh
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export PEGASE_TEST_POSTGRES_URL="${PEGASE_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
export PEGASE_TEST_REDIS_URL="${PEGASE_TEST_REDIS_URL:-redis://127.0.0.1:6379}"

summary=()
failed=0
step() {
  local name="$1"; shift
  local started=$SECONDS
  echo "==> $name"
  if "$@"; then
    summary+=("PASS  $name ($((SECONDS - started)) s)")
  else
    summary+=("FAIL  $name ($((SECONDS - started)) s)")
    failed=1
  fi
}
print_summary() {
  echo
  echo "==== summary ===="
  printf '%s\n' "${summary[@]}"
  [ -f .cache/test/jest.log ] && grep -E '^(Tests|Test Suites):' .cache/test/jest.log | tail -2
  [ -f .cache/test/jest-argocd-v3.5.log ] && grep -E '^(Tests|Test Suites):' .cache/test/jest-argocd-v3.5.log | tail -2
  [ -f .cache/test/e2e.log ] && grep -E '^\s+[0-9]+ (passed|failed|flaky|skipped)' .cache/test/e2e.log
  [ -f .cache/test/e2e-v3.5.log ] && grep -E '^\s+[0-9]+ (passed|failed|flaky|skipped)' .cache/test/e2e-v3.5.log
}
mkdir -p .cache/test

step "real peers (Chromium, Prometheus)" scripts/install-peers.sh
step "PostgreSQL and Redis are up" scripts/ensure-services.sh
step "dependencies (yarn install)" yarn install
if [ $failed -ne 0 ]; then print_summary; exit 1; fi

step "type check (tsc)" yarn tsc
step "formatting (prettier --check)" yarn prettier --check .
step "lint" yarn backstage-cli repo lint
# The API report of every package (plugins/*/report*.api.md) against the
# dist-types tsc just wrote (a full build here, as in CI): an exported change needs
# `yarn build:api-reports` (a full tsc, then the reports) and its reports committed.
step "API reports up to date (repo-tools)" yarn test:api-reports
run_jest() { yarn backstage-cli repo test --watchAll=false 2>&1 | tee .cache/test/jest.log; return "${PIPESTATUS[0]}"; }
step "unit and integration tests (jest)" run_jest
# The suites that talk to the ArgoCD stand-in (they import it, or start the
# portal test backend that does) again on the other profile: the default run
# is v2.14, this one v3.5 (packages/stand-ins/README.md, ArgoCD profiles).
argocd_suites() {
  grep -rlE --include="*.test.ts" --include="*.test.tsx" --exclude-dir=node_modules --exclude-dir=dist \
    "@pcscol/stand-ins/argocd|useFleetAndArgocd|__testUtils__/portalTestBackend" plugins packages | sort
}
run_jest_argocd_v35() {
  mapfile -t suites < <(argocd_suites)
  PEGASE_ARGOCD_PROFILE=v3.5 yarn backstage-cli repo test --watchAll=false "${suites[@]}" 2>&1 |
    tee .cache/test/jest-argocd-v3.5.log
  return "${PIPESTATUS[0]}"
}
step "ArgoCD suites on the v3.5 profile (jest)" run_jest_argocd_v35
# Every publishable package built, packed and installed into a create-app app
# whose backend starts with them (scripts/adoption-check.sh; after tsc, whose
# dist-types the builds read).
run_adoption_check() { scripts/adoption-check.sh 2>&1 | tee .cache/test/adoption.log; return "${PIPESTATUS[0]}"; }
step "adoption check (build, pack, install into a create-app app)" run_adoption_check
step "e2e (Playwright, Chromium)" scripts/e2e.sh
step "e2e ArgoCD spec on the v3.5 profile" env PEGASE_ARGOCD_PROFILE=v3.5 scripts/e2e.sh e2e/argocd.spec.ts
# After e2e: it builds packages/app/dist, which the demo's backend would then serve.
run_check_image() {
  node --require @backstage/cli/config/nodeTransform.cjs scripts/check-image.ts > .cache/test/check-image.json
}
step "production image: bundle, Dockerfile replay, start (check-image)" run_check_image

print_summary
exit $failed
