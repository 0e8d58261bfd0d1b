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

# metric NAME: the value of the server's Prometheus metric NAME (first series), or 0.
metric() {
  curl -s "http://127.0.0.1:$port/metrics" | awk -v n="$1" '$1 ~ "^" n "({|$)" { print $2; found = 1; exit } END { if (!found) print 0 }'
}

# writer_snapshot: "writes busy_seconds cpu_seconds" of the SQLite writer so far.
writer_snapshot() {
  echo "$(metric xinqiao_db_writer_writes_total) $(metric xinqiao_db_writer_busy_seconds_total) $(metric xinqiao_db_writer_cpu_seconds_total)"
}

# writer_figures BEFORE AFTER SECONDS: sets writer_cpu_us (writer CPU per write, microseconds)
# and writer_busy (share of the run's seconds the writer was busy, percent) between snapshots.
writer_figures() {
  read -r w0 b0 c0 <<< "$1"
  read -r w1 b1 c1 <<< "$2"
  writer_cpu_us=$(awk -v w="$(( ${w1%.*} - ${w0%.*} ))" -v c0="$c0" -v c1="$c1" 'BEGIN { printf "%.0f", (w > 0 ? (c1 - c0) * 1e6 / w : 0) }')
  writer_busy=$(awk -v b0="$b0" -v b1="$b1" -v s="$3" 'BEGIN { printf "%.0f", (s > 0 ? (b1 - b0) * 100 / s : 0) }')
}
