# Shared by the load scenarios under bench/: a throwaway work directory, `xinqiao serve` on a
# free port, and the figures of a wrk run. Source it after `cd` to the repository root.

BIN=build/xinqiao
work=$(mktemp -d /tmp/xinqiao-bench.XXXXXX)
server_pid=""
port=""
bench_cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap bench_cleanup EXIT

json_field() {  # json_field NAME < json: first numeric value of "NAME":
  grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2
}

# start_server LABEL DB [serve options...]: serves DB on a free port; sets server_pid and port.
start_server() {
  local label=$1 db=$2
  shift 2
  "$BIN" serve --listen 127.0.0.1:0 --db "$db" --key-file "$work/bench.key" "$@" 2>"$work/serve-$label.err" &
  server_pid=$!
  port=""
  for _ in $(seq 1 300); do
    port=$(json_field port < "$work/serve-$label.err" || true)
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { cat "$work/serve-$label.err"; exit 1; }
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

# wrk_figures FILE: sets total, seconds, non2xx, ok_rps (2xx answers per second), p50 and p99
# from wrk's --latency output.
wrk_figures() {
  total=$(awk '/requests in/ {print $1}' "$1")
  seconds=$(awk '/requests in/ {gsub("s,", "", $4); print $4}' "$1")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$1")
  non2xx=${non2xx:-0}
  ok_rps=$(awk -v t="$total" -v n="$non2xx" -v s="$seconds" 'BEGIN { printf "%.0f", (t - n) / s }')
  p50=$(awk '/^ +50%/ {print $2}' "$1")
  p99=$(awk '/^ +99%/ {print $2}' "$1")
}

# server_cpu_ms: CPU time (user + system) the server has used so far, in milliseconds.
server_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$server_pid/stat"
}
