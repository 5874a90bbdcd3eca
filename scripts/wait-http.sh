#!/usr/bin/env bash
# wait-http.sh URL [SECONDS]: waits until URL answers 2xx/3xx (or 401: it is up).
url="$1"; limit="${2:-120}"
for _ in $(seq 1 $((limit * 5))); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
  case "$code" in 2??|3??|401) exit 0 ;; esac
  sleep 0.2
done
echo "timed out after ${limit}s waiting for $url" >&2
exit 1
