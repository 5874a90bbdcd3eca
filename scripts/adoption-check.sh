#!/usr/bin/env bash
# The adoption check (issue 27): what a hosting team installing Pégase Portal
# into its own Backstage gets. Builds every publishable package (plugins/*),
# `yarn pack`s it, installs the packs into a copy of create-app's app
# (adoption/app, Backstage 1.57; its other dependencies from the registry),
# type-checks that app, then starts its backend with the catalog module and the
# ArgoCD, Vault, Thanos, Fleet and Architecture backends and checks that their
# health routes answer and that the catalog module read the GitOps folder.
# Prints one JSON line of timings on success; exits non-zero on any failure.
#   ADOPTION_KEEP=1  keeps the work folder (its path is printed)
#   ADOPTION_SKIP_BUILD=1  packs the dist/ already built
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh
set -euo pipefail
root="$PWD"

work="$(mktemp -d "${TMPDIR:-/tmp}/pegase-adoption.XXXXXX")"
app="$work/app"
backend_pid=""
cleanup() {
  # the backend runs in its own process group (setsid): end that group only
  if [ -n "$backend_pid" ]; then kill -- "-$backend_pid" 2>/dev/null || kill "$backend_pid" 2>/dev/null || true; fi
  if [ "${ADOPTION_KEEP:-}" = 1 ]; then echo "adoption: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "adoption: FAILED: $*" >&2; exit 1; }
started=$SECONDS
t() { echo $((SECONDS - started)); }

# 1. Build and pack every package that is not private.
mapfile -t packages < <(for f in plugins/*/package.json; do
  node -e 'const p=require(process.argv[1]); process.exit(p.private ? 1 : 0)' "$root/$f" && dirname "$f"
done)
[ "${#packages[@]}" -gt 0 ] || fail "no publishable package under plugins/"
mkdir -p "$app/packs"
if [ "${ADOPTION_SKIP_BUILD:-}" != 1 ]; then
  for dir in "${packages[@]}"; do
    (cd "$dir" && yarn backstage-cli package build > "$work/build-$(basename "$dir").log" 2>&1) ||
      { tail -30 "$work/build-$(basename "$dir").log" >&2; fail "$dir does not build"; }
  done
fi
t_build=$(t)
# prepack rewrites package.json in place until postpack: one packer at a time
# (another check, a person packing by hand), and the file put back whatever happens
pack_one() {
  local dir="$1" name="$2" saved="$work/package.json-$2"
  cp "$dir/package.json" "$saved"
  (cd "$dir" && yarn pack --out "$app/packs/$name.tgz" > "$work/pack-$name.log" 2>&1)
  local rc=$?
  cmp -s "$saved" "$dir/package.json" || cp "$saved" "$dir/package.json"
  return $rc
}
exec 9> "${TMPDIR:-/tmp}/pegase-adoption-pack.lock"
flock 9
for dir in "${packages[@]}"; do
  name="$(node -p 'require(process.argv[1]).name.replace(/^@/, "").replace("/", "-")' "$root/$dir/package.json")"
  pack_one "$dir" "$name" || { tail -30 "$work/pack-$name.log" >&2; fail "$dir does not pack"; }
done
flock -u 9
t_pack=$(t)

# 2. The app as create-app makes it, our packages from the packs (resolutions).
cp -r adoption/app/. "$app/"
mkdir -p "$app/.yarn/releases"
cp .yarn/releases/yarn-4.13.0.cjs "$app/.yarn/releases/"
cd "$app"
# the packs' checksums change at every build: the committed lockfile is updated, not enforced
YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install > "$work/install.log" 2>&1 ||
  { grep -E 'YN0001|YN0009|YN0028|Error' "$work/install.log" | head -30 >&2; fail "yarn install in the app"; }
for dir in "${packages[@]}"; do
  name="$(node -p 'require(process.argv[1]).name' "$root/$dir/package.json")"
  [ -f "node_modules/$name/package.json" ] || fail "$name is not installed in the app"
done
# the catalog module's command, from the pack (bin/ runs dist/ there)
node_modules/.bin/pegase-catalog preview --repo "${ADOPTION_GITOPS_DIR:-$root/catalog/demo-gitops}" --format json \
  > "$work/preview.json" 2> "$work/preview.log" || { tail -20 "$work/preview.log" >&2; fail "pegase-catalog preview from the pack"; }
preview_entities="$(node -e 'const j=require(process.argv[1]); console.log((Array.isArray(j) ? j : j.entities ?? []).length)' "$work/preview.json")"
[ "$preview_entities" -gt 0 ] || fail "pegase-catalog preview gave no entity"
t_install=$(t)

# 3. The app type-checks with our packages' published types.
yarn tsc > "$work/tsc.log" 2>&1 || { head -40 "$work/tsc.log" >&2; fail "the app does not type-check"; }
t_tsc=$(t)

# 4. The backend starts with our plugins and they answer.
export ADOPTION_PORT="${ADOPTION_PORT:-17107}"
export ADOPTION_DATABASE_URL="${ADOPTION_DATABASE_URL:-${PEGASE_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}}"
export ADOPTION_GITOPS_DIR="${ADOPTION_GITOPS_DIR:-$root/catalog/demo-gitops}"
export ADOPTION_TOKEN="adoption-$RANDOM$RANDOM"
base="http://127.0.0.1:$ADOPTION_PORT"
# a clean start: the previous run's databases go
for db in $(psql "$ADOPTION_DATABASE_URL/postgres" -Atc "select datname from pg_database where datname like 'adoption_check_%'" 2>/dev/null); do
  psql "$ADOPTION_DATABASE_URL/postgres" -qc "drop database \"$db\"" >/dev/null 2>&1 || true
done
(cd packages/backend && exec setsid yarn backstage-cli package start \
  --config ../../app-config.yaml --config ../../app-config.pegase.yaml) > "$work/backend.log" 2>&1 &
backend_pid=$!
ready=""
for _ in $(seq 1 180); do
  if curl -sf "$base/.backstage/health/v1/readiness" > /dev/null 2>&1; then ready=1; break; fi
  kill -0 "$backend_pid" 2>/dev/null || break
  sleep 1
done
[ -n "$ready" ] || { tail -40 "$work/backend.log" >&2; fail "the backend did not start"; }
t_start=$(t)
for plugin in pegase-argocd pegase-vault pegase-thanos fleet architecture; do
  answer="$(curl -sf "$base/api/$plugin/health")" || { tail -40 "$work/backend.log" >&2; fail "/api/$plugin/health does not answer"; }
  echo "$answer" | grep -q '"ok"' || fail "/api/$plugin/health answered $answer"
done
# the catalog module's providers: the Pégase instances reach the catalog
entities=0
for _ in $(seq 1 120); do
  entities="$(curl -sf -H "authorization: Bearer $ADOPTION_TOKEN" \
    "$base/api/catalog/entities/by-query?filter=kind=resource,spec.type=pegase-instance&limit=1" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).totalItems??0)}catch{console.log(0)}})')" || entities=0
  [ "$entities" -gt 0 ] && break
  sleep 1
done
[ "$entities" -gt 0 ] || { tail -40 "$work/backend.log" >&2; fail "the catalog module gave no Pégase instance"; }
t_checks=$(t)
grep -qE 'ERR_UNSUPPORTED|Cannot find module' "$work/backend.log" && { grep -E 'ERR_UNSUPPORTED|Cannot find module' "$work/backend.log" | head >&2; fail "the backend logged a module error"; }

printf '{"packages":%d,"previewEntities":%d,"instances":%d,"seconds":{"build":%d,"pack":%d,"install":%d,"tsc":%d,"backendStart":%d,"checks":%d,"total":%d}}\n' \
  "${#packages[@]}" "$preview_entities" "$entities" "$t_build" $((t_pack - t_build)) $((t_install - t_pack)) $((t_tsc - t_install)) \
  $((t_start - t_tsc)) $((t_checks - t_start)) "$(t)"
