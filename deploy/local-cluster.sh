#!/usr/bin/env bash
# Brings up three `earshot serve` nodes and HAProxy in front of them (deploy/haproxy.cfg), all on
# loopback ports that are free now, and keeps them until ctrl+c or SIGTERM, which drains the nodes
# (each ends its running sessions) and stops HAProxy. For trying the setup and for its test.
#
#   deploy/local-cluster.sh            # clients then use ws://127.0.0.1:<printed port>
#
# Environment:
#   EARSHOT_JAR    the CLI jar (default earshot-cli/target/earshot.jar, built when missing)
#   CLUSTER_DIR    where the logs and cluster.env go (default: a new temporary folder)
#   NODE_WORKERS   engine threads per node (default 1)
#   NODE_GRACE     seconds a draining node lets its sessions run (default 30)
# cluster.env, written once every node is ready and HAProxy listens, holds BALANCER_PORT and
# NODE<n>_PORT / NODE<n>_PID for n = 1..3, in shell syntax.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"
jar="${EARSHOT_JAR:-$root/earshot-cli/target/earshot.jar}"
dir="${CLUSTER_DIR:-$(mktemp -d -t earshot-cluster.XXXXXX)}"
workers="${NODE_WORKERS:-1}"
grace="${NODE_GRACE:-30}"
mkdir -p "$dir"
rm -f "$dir/cluster.env"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests >&2)
fi
command -v haproxy >/dev/null || { echo "haproxy not found: run scripts/install-deps.sh" >&2; exit 1; }

# A port nothing listens on now: bash's /dev/tcp connects only if something does.
free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! grep -qx "$p" "$dir/ports" 2>/dev/null; then
      echo "$p" >> "$dir/ports"
      echo "$p"
      return
    fi
  done
}

# Whether GET /ready on the port answers 200.
ready() {
  local status
  status=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /ready HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3) \
    2>/dev/null || true)
  [[ "$status" == *" 200 "* ]]
}

pids=()
stop() {
  # SIGTERM: each node drains; then wait for all to end.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 0' INT TERM

rm -f "$dir/ports"
declare -a ports
for n in 1 2 3; do
  ports[$n]=$(free_port)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" serve \
    --port "${ports[$n]}" --workers "$workers" --shutdown-grace-seconds "$grace" > "$dir/node$n.log" 2>&1 &
  pids+=($!)
  eval "node${n}_pid=$!"
done

for n in 1 2 3; do
  for _ in $(seq 1 600); do
    ready "${ports[$n]}" && break
    pid_var="node${n}_pid"
    kill -0 "${!pid_var}" 2>/dev/null || { echo "node $n exited; its log:" >&2; cat "$dir/node$n.log" >&2; exit 1; }
    sleep 0.1
  done
  ready "${ports[$n]}" || { echo "node $n not ready within 60 s; log: $dir/node$n.log" >&2; exit 1; }
done

balancer=$(free_port)
BALANCER_BIND="127.0.0.1:$balancer" NODE1_ADDR="127.0.0.1:${ports[1]}" NODE2_ADDR="127.0.0.1:${ports[2]}" \
  NODE3_ADDR="127.0.0.1:${ports[3]}" haproxy -db -f "$root/deploy/haproxy.cfg" > "$dir/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$balancer") 2>/dev/null && break
  kill -0 "$haproxy_pid" 2>/dev/null || { echo "haproxy exited; its log:" >&2; cat "$dir/haproxy.log" >&2; exit 1; }
  sleep 0.1
done

{
  echo "BALANCER_PORT=$balancer"
  for n in 1 2 3; do
    pid_var="node${n}_pid"
    echo "NODE${n}_PORT=${ports[$n]}"
    echo "NODE${n}_PID=${!pid_var}"
  done
} > "$dir/cluster.env.tmp"
mv "$dir/cluster.env.tmp" "$dir/cluster.env"
echo "cluster ready: ws://127.0.0.1:$balancer (nodes on ${ports[1]}, ${ports[2]}, ${ports[3]}); logs in $dir"
wait
