#!/usr/bin/env bash
# A classroom's server: N Streamlit processes (default: one per core) behind nginx on one port (default 8080).
#
#   serve/classroom.sh [processes] [port]
#   REMOTE="10.0.0.2:8601 10.0.0.2:8602" serve/classroom.sh [processes] [port]
#   FRAME_ANCESTORS="'self' https://school.example" serve/classroom.sh     # pages that may embed this one
#
# Each visitor sticks to one process by a cookie (a random visitor id, hashed onto the processes): Streamlit
# keeps a session, and its download files, in the process that served the page. A process that dies is
# started again, and meanwhile nginx sends its visitors to a live one, so nobody sees a 502 (they lose only
# their place on the page). REMOTE adds processes on other machines, each started there from this repository
# with
#   python3 -m streamlit run app.py --server.address 0.0.0.0 --server.port PORT
# so that a class larger than one machine shares one address. Needs nginx from Debian's packages
# (apt-get install nginx-light). SIGTERM or Ctrl-C stops every process started here and removes its folder;
# docs/serving.md has a systemd unit for it.
set -euo pipefail
cd "$(dirname "$0")/.."

processes=${1:-$(nproc)}
port=${2:-8080}
first=${FIRST_PORT:-8601}
frame_ancestors=${FRAME_ANCESTORS:-"'self'"}

ports=("$port")
for i in $(seq 0 $((processes - 1))); do ports+=("$((first + i))"); done
if ! python3 - "${ports[@]}" <<'PYTHON'; then
import socket, sys
taken = []
for port in sys.argv[1:]:
    with socket.socket() as probe:
        # As the servers bind: a port whose last connections wait out TIME_WAIT (the class server just
        # stopped) is free; one with a listener is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", int(port)))
        except OSError:
            taken.append(port)
if taken:
    sys.exit(f"Port(s) {', '.join(taken)} already in use: stop what serves them, or pick others (the port "
             "argument, FIRST_PORT for the processes).")
PYTHON
  exit 1
fi

work=$(mktemp -d)
pids=()
stop() {
  trap - EXIT INT TERM
  if [ "${#pids[@]}" -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap 'stop; exit 143' TERM
trap 'stop; exit 130' INT
trap stop EXIT

# One Streamlit process, started again whenever it stops, until this script stops it.
supervise() {
  local i=$1 backend_port=$2 child=""
  trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait; exit 0' TERM
  while true; do
    python3 -m streamlit run app.py --server.port "$backend_port" --server.address 127.0.0.1 \
      >>"$work/streamlit-$i.log" 2>&1 &
    child=$!
    wait "$child" || true
    echo "$(date -Is) process $i stopped; starting it again" >>"$work/streamlit-$i.log"
    sleep 1
  done
}

backends=()
for i in $(seq 0 $((processes - 1))); do
  backends+=("127.0.0.1:$((first + i))")
  supervise "$i" "$((first + i))" &
  pids+=($!)
done
read -r -a remote <<<"${REMOTE:-}"
backends+=("${remote[@]}")

servers="" names=""
for i in "${!backends[@]}"; do
  servers+="    server ${backends[$i]} max_fails=1 fail_timeout=5s;"$'\n'
  names+="\"${backends[$i]}\" gdl_$i; "
done

cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  server_tokens off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  # A visitor is a random id in a cookie; only an id of the right shape counts, anything else is a new visitor.
  map \$cookie_gdl_visitor \$visitor { "~^[0-9a-f]{32}\$" \$cookie_gdl_visitor; default \$request_id; }
  # Which of the processes answered, by number (not by address), for the tests and for a teacher's questions.
  map \$upstream_addr \$process { $names default ""; }
  map \$http_upgrade \$connection_upgrade { default upgrade; "" close; }
  upstream streamlit {
    # The same visitor reaches the same process; a process that fails is skipped, its visitors spread over
    # the others until it answers again.
    hash \$visitor consistent;
$servers  }
  server {
    listen $port;
    add_header Set-Cookie "gdl_visitor=\$visitor; Path=/; HttpOnly; SameSite=Lax" always;
    add_header X-Process \$process always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy same-origin always;
    add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors $frame_ancestors" always;
    # Streamlit's own counters are for the machine's owner, not for the class.
    location = /_stcore/metrics { return 404; }
    location / {
      proxy_pass http://streamlit;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      # The host as the browser wrote it, port included: the page writes links with it.
      proxy_set_header Host \$http_host;
      proxy_read_timeout 86400;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
    }
  }
}
EOF

for i in "${!backends[@]}"; do
  waited=0
  until python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://${backends[$i]}/_stcore/health" 2>/dev/null; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -ge 120 ]; then
      echo "The Streamlit process at ${backends[$i]} did not answer its health check in 60 s." >&2
      if [ "$i" -lt "$processes" ]; then echo "Its log:" >&2; cat "$work/streamlit-$i.log" >&2; fi
      exit 1
    fi
  done
done
nginx -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
echo "Serving ${#backends[@]} processes at http://localhost:$port (health: /_stcore/health)"
# Waiting in the background, not in nginx's foreground, lets a SIGTERM reach the trap at once.
wait "${pids[-1]}"
