# Sourced by the bench scripts: `timed ROUNDS COMMAND...` runs a command ROUNDS times under GNU
# time and prints "median S s (min S, max S), median peak N MB" (wall time, peak memory).
timed() {
  local rounds=$1
  shift
  local times=() mems=() t m
  for _ in $(seq "$rounds"); do
    read -r t m < <(/usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1)
    times+=("$t")
    mems+=("$m")
  done
  local mid=$(((rounds + 1) / 2))
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local m_med
  m_med=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "${mid}p")
  echo "median $(sed -n "${mid}p" <<<"$sorted") s (min $(head -1 <<<"$sorted"), max $(tail -1 <<<"$sorted")), median peak $((m_med / 1024)) MB"
}
