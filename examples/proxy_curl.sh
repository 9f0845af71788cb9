#!/usr/bin/env bash
# Proxy walkthrough: start `scrapeguard proxy`, send curl through it, stop it.
#
#   scrapeguard demo --serve &            # the demo site on 127.0.0.1:8000 (pages) and :8001 (CDN)
#   examples/proxy_curl.sh [BASE] [CDN]   # default http://127.0.0.1:8000 http://127.0.0.1:8001
#
# Environment: PROXY_PORT (8080), POLICY (gdpr-strict), AUDIT (proxy-audit.sqlite),
# SCRAPEGUARD (the command, default `scrapeguard`; e.g. "python -m scrapeguard"), CONFDIR (~/.mitmproxy: the proxy's CA).
set -euo pipefail

BASE="${1:-http://127.0.0.1:8000}"
CDN="${2:-http://127.0.0.1:8001}"
PORT="${PROXY_PORT:-8080}"
POLICY="${POLICY:-gdpr-strict}"
AUDIT="${AUDIT:-proxy-audit.sqlite}"
SCRAPEGUARD="${SCRAPEGUARD:-scrapeguard}"
CONFDIR="${CONFDIR:-$HOME/.mitmproxy}"
PROXY="http://127.0.0.1:${PORT}"

STARTED="$(mktemp)"
$SCRAPEGUARD proxy --listen "127.0.0.1:${PORT}" --policy "$POLICY" --audit "$AUDIT" --confdir "$CONFDIR" \
  > >(tee "$STARTED") &
PROXY_PID=$!
trap 'kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null || true; rm -f "$STARTED"' EXIT

# wait until it says it listens (at most ~15 s): whatever else answers on the port is not the guard
for _ in $(seq 1 60); do
  if grep -q "scrapeguard proxy listening" "$STARTED" 2>/dev/null; then break; fi
  if ! kill -0 "$PROXY_PID" 2>/dev/null; then break; fi   # port taken, command not found...
  sleep 0.25
done
if ! grep -q "scrapeguard proxy listening" "$STARTED" 2>/dev/null || ! kill -0 "$PROXY_PID" 2>/dev/null; then
  echo "scrapeguard proxy did not start (see its message above); nothing was checked" >&2
  exit 1
fi

# its mode, as its first line says ("… audit mode)"): an answer it let pass carries no X-Scrapeguard-Mode field
MODE="$(grep -o '[a-z]* mode)' "$STARTED" | head -n 1 | cut -d' ' -f1)"

show() {  # URL: status, what the guard did and why
  local url="$1"
  curl -s -o /dev/null -x "$PROXY" --noproxy '' -D - "$url" | tr -d '\r' | awk -v u="$url" -v proxymode="$MODE" '
    /^HTTP\//            { status = $2 }
    tolower($1) == "x-scrapeguard-action:" { action = $2 }
    tolower($1) == "x-scrapeguard-reason:" { reason = $2 }
    tolower($1) == "x-scrapeguard-mode:"   { mode = $2 }   # audit: recorded, not enforced
    END { action = (action ? action : "allow") (mode == "audit" || (proxymode == "audit" && status != 451 && status != 503) ? " (audit only)" : "")
          printf "%s  %-7s %s  %s\n", status, action, u, reason }'
}

echo "== through the proxy ($POLICY)"
show "$BASE/"                       # an ordinary page
show "$BASE/people/eileen.html"     # a profile page: its portrait is removed (redact)
show "$CDN/photos/eileen.jpg"       # the portrait itself, judged with the page's context
show "$BASE/private/hr.html"        # robots.txt Disallow: 451 before any upstream request
show "$BASE/gallery/noai.html"      # an opted-out page
show "$CDN/originals/eileen-full.jpg"   # the CDN's own robots.txt disallows /originals/

if [ "$MODE" = "audit" ]; then
  echo "== in audit mode only what an erasure suppressed is refused: $BASE/private/hr.html came through as sent"
else
  echo "== the explanation a blocked client receives (451 JSON body)"
  curl -s -x "$PROXY" --noproxy '' "$BASE/private/hr.html" | head -c 400; echo
fi

echo "== HTTPS: clients must trust mitmproxy's CA: $CONFDIR/mitmproxy-ca-cert.pem"
echo "   curl -x $PROXY --cacert $CONFDIR/mitmproxy-ca-cert.pem https://example.org/"
