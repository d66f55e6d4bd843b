#!/usr/bin/env bash
# A classroom's server: N Streamlit processes (default: one per core) behind nginx on one port (default 8080).
#
#   serve/classroom.sh [processes] [port]
#   REMOTE="10.0.0.2:8601 10.0.0.2:8602" serve/classroom.sh [processes] [port]
#
# Each visitor sticks to one process: Streamlit keeps a session, and its download files, in the process that
# served the page. A new visitor is sent to a process at random and given a cookie naming it; later requests
# follow the cookie. REMOTE adds processes on other machines, each started there from this repository with
#   python3 -m streamlit run app.py --server.address 0.0.0.0 --server.port PORT
# so that a class larger than one machine shares one address. Needs nginx from Debian's packages
# (apt-get install nginx-light). Ctrl-C stops everything started here.
set -euo pipefail
cd "$(dirname "$0")/.."

processes=${1:-$(nproc)}
port=${2:-8080}
first=${FIRST_PORT:-8601}
work=$(mktemp -d)
trap 'kill 0 2>/dev/null; rm -rf "$work"' EXIT INT TERM

backends=()
for i in $(seq 0 $((processes - 1))); do
  backends+=("127.0.0.1:$((first + i))")
  python3 -m streamlit run app.py --server.port "$((first + i))" --server.address 127.0.0.1 \
    >"$work/streamlit-$i.log" 2>&1 &
done
read -r -a remote <<<"${REMOTE:-}"
backends+=("${remote[@]}")

upstreams="" routes="" known=""
count=${#backends[@]}
share=$(awk "BEGIN { printf \"%.2f\", 100 / $count }")
for i in "${!backends[@]}"; do
  upstreams+="  upstream gdl_$i { server ${backends[$i]}; }"$'\n'
  known+="gdl_$i gdl_$i; "
  if [ "$i" -lt $((count - 1)) ]; then routes+="    $share% gdl_$i;"$'\n'; else routes+="    * gdl_$i;"$'\n'; fi
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
      # The host as the browser wrote it, port included: the page writes links with it.
      proxy_set_header Host \$http_host;
      proxy_read_timeout 86400;
      add_header Set-Cookie "gdl_route=\$route; Path=/; HttpOnly; SameSite=Lax";
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
echo "Serving $count processes at http://localhost:$port (health: /_stcore/health)"
nginx -c "$work/nginx.conf" -g "daemon off;"
