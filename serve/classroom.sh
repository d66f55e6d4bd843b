#!/usr/bin/env bash
# A classroom's server: N Streamlit processes (default: one per core) behind nginx on one port (default 8080).
#
#   serve/classroom.sh [processes] [port]
#
# Each visitor sticks to one process: Streamlit keeps a session, and its download files, in the process that
# served the page. A new visitor is sent to a process at random and given a cookie naming it; later requests
# follow the cookie. Needs nginx from Debian's packages (apt-get install nginx-light). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

processes=${1:-$(nproc)}
port=${2:-8080}
first=${FIRST_PORT:-8601}
work=$(mktemp -d)
trap 'kill 0 2>/dev/null; rm -rf "$work"' EXIT INT TERM

upstreams="" routes="" known=""
share=$(awk "BEGIN { printf \"%.2f\", 100 / $processes }")
for i in $(seq 0 $((processes - 1))); do
  backend=$((first + i))
  python3 -m streamlit run app.py --server.port "$backend" --server.address 127.0.0.1 >"$work/streamlit-$i.log" 2>&1 &
  upstreams+="  upstream gdl_$i { server 127.0.0.1:$backend; }"$'\n'
  known+="gdl_$i gdl_$i; "
  if [ "$i" -lt $((processes - 1)) ]; then routes+="    $share% gdl_$i;"$'\n'; else routes+="    * gdl_$i;"$'\n'; fi
done

cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
$upstreams
  # A returning visitor's cookie names its process; a new one is spread by a random split.
  split_clients "\${remote_addr}\${remote_port}\${msec}" \$fresh {
$routes  }
  # Only a cookie that names a process here counts; anything else is a new visitor.
  map \$cookie_gdl_route \$route { $known default \$fresh; }
  map \$http_upgrade \$connection_upgrade { default upgrade; "" close; }
  server {
    listen $port;
    location / {
      proxy_pass http://\$route;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_read_timeout 86400;
      add_header Set-Cookie "gdl_route=\$route; Path=/; HttpOnly; SameSite=Lax";
    }
  }
}
EOF

for i in $(seq 0 $((processes - 1))); do
  waited=0
  until python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$((first + i))/_stcore/health" 2>/dev/null; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -ge 120 ]; then
      echo "Streamlit process $i did not come up on port $((first + i)) in 60 s; its log:" >&2
      cat "$work/streamlit-$i.log" >&2
      exit 1
    fi
  done
done
echo "Serving $processes processes at http://localhost:$port (health: /_stcore/health)"
nginx -c "$work/nginx.conf" -g "daemon off;"
