#!/usr/bin/env bash
# `make lab`: JupyterLab on notebooks/, quietly.  Prints one line with the
# address to open; JupyterLab's own log goes to .venv/jupyterlab.log.  Ctrl-C
# stops the server.
set -euo pipefail

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
LOG="$VENV/jupyterlab.log"
HOST="${KIT_LAB_HOST:-127.0.0.1}"

# A free port from 8888 up, and a fresh token for this run.
read -r PORT TOKEN < <("$PY" - "$HOST" <<'PY'
import secrets, socket, sys
host = sys.argv[1]
for port in range(8888, 8988):
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            continue
    print(port, secrets.token_hex(16))
    break
else:
    sys.exit("kit lab: no free port between 8888 and 8987")
PY
)

root=()
[ "$(id -u)" = "0" ] && root=(--allow-root)
"$VENV/bin/jupyter" lab --no-browser --ip="$HOST" --port="$PORT" --port-retries=0 \
  --notebook-dir=notebooks --IdentityProvider.token="$TOKEN" "${root[@]}" >"$LOG" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; exit 0' INT TERM

url="http://$HOST:$PORT/lab?token=$TOKEN"
for _ in $(seq 1 120); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "kit lab: JupyterLab stopped at start; see $LOG" >&2
    tail -5 "$LOG" >&2
    exit 1
  fi
  if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" \
       "http://$HOST:$PORT/api/status?token=$TOKEN" >/dev/null 2>&1; then
    echo "JupyterLab: $url   (Ctrl-C stops it; log: $LOG)"
    wait "$server"
    exit $?
  fi
  sleep 0.5
done
echo "kit lab: JupyterLab did not answer within 60 s; see $LOG" >&2
kill "$server" 2>/dev/null
exit 1
