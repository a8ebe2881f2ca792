# Servers that twinguard's scripts run as native processes on 127.0.0.1: each in a session of its
# own (setsid with exec keeps the recorded pid that of the real process), recorded in a pid file,
# and stopped by process group, so that a script stops only what it started. Sourced by
# scripts/keycloak.sh and scripts/fabric.sh.

# Whether the process of a pid file runs: alive, and still the leader of the session it was
# started in (a stale pid file after a reboot names some other process, which leads no session).
pid_file_alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ]
}

# start_in_session PID_FILE LOG_FILE ENV_FUNCTION COMMAND...: starts COMMAND in a session of its
# own, in the environment ENV_FUNCTION exports (`:` for none), its output appended to LOG_FILE,
# and records its pid.
start_in_session() {
  local pid_file=$1 log_file=$2 env_function=$3
  shift 3
  (
    "$env_function"
    exec setsid "$@" >>"$log_file" 2>&1 </dev/null
  ) &
  local pid=$! i
  echo "$pid" >"$pid_file"
  # the subshell leads its own session only once `exec setsid` ran; until then pid_file_alive
  # would call it dead
  for i in $(seq 1 200); do
    [ "$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
}

# stop_pid_file PID_FILE SECONDS: TERM to the process group of the pid file's process, KILL when
# it still runs after SECONDS; removes the pid file. Returns 1 when the process did not run.
stop_pid_file() {
  local pid_file=$1 seconds=$2 pid i
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  if ! pid_file_alive "$pid_file"; then
    rm -f "$pid_file"
    return 1
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 $((seconds * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}
