#!/usr/bin/env bash
# Starts the demo Prometheus (the Thanos Querier of the demo, THANOS_URL):
# installs Debian's `prometheus` if missing, backfills the demo fleet with
# promtool (7 days; 30 days for `ins`), scrapes the live exporter of the
# stand-ins (THANOS_EXPORTER_URL, default 127.0.0.1:18160), and stays in the
# foreground until stopped (SIGINT/SIGTERM stop Prometheus too).
#
#   packages/stand-ins/prometheus/start-prometheus.sh --port 19090 \
#     --data .cache/demo/prometheus --gitops catalog/demo-gitops [--fresh]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "==> installing Debian's prometheus"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get install -y --no-install-recommends prometheus >/dev/null ||
    { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y --no-install-recommends prometheus >/dev/null; }
fi
case "$(node --version 2>/dev/null)" in
  v22.*|v24.*) ;;
  *) source "$root/scripts/toolchain.sh" ;;
esac

exec node --require "$root/node_modules/@backstage/cli/config/nodeTransform.cjs" "$here/cli.ts" "$@"
