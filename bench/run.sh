#!/usr/bin/env bash
# The benchmark harness: builds every bench program with -c opt (one Bazel
# build), runs them, and writes the results and their report:
#
#   bench/results/<UTC date-time>.json             every program's Google
#       Benchmark JSON, the profile's parameters, the machine
#   bench/results/<UTC date-time>.md               the report (bench/report.py)
#   bench/results/<UTC date-time>-throughput.png   ops/s per workload/engine
#   bench/results/<UTC date-time>-latency.png      p50/p90/p99 per workload/engine
#
# Usage: bench/run.sh [--profile quick|full] [--out-dir DIR] [--only REGEX]
#   --profile quick   (default) 3 repetitions, small data; under 5 minutes
#                     on 2 cores once built
#   --profile full    5 repetitions, full sizes (10M-record sort); long
#   --out-dir DIR     where the files go (default bench/results)
#   --only REGEX      run only the benchmarks whose names match REGEX
#                     (extended regex, as --benchmark_filter)
# Programs: db_bench (every benchmark in its own process, so that its peak
# RSS is its own), sort_bench, table_bench, session_bench. A program whose
# Bazel target does not exist is skipped with a message. Files are written
# under DIR/<stamp>.tmp/ and moved into place once the report is complete.
# Works from any directory. Exit status: 0, or 1 if a benchmark failed.
set -euo pipefail

caller_dir="$(pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3

profile=quick
out_dir="$root/bench/results"
only=""
while (($#)); do
  case "$1" in
    --profile) profile="${2:?--profile needs quick or full}"; shift 2 ;;
    --profile=*) profile="${1#--profile=}"; shift ;;
    --out-dir) out_dir="${2:?--out-dir needs a directory}"; shift 2 ;;
    --out-dir=*) out_dir="${1#--out-dir=}"; shift ;;
    --only) only="${2:?--only needs a regex}"; shift 2 ;;
    --only=*) only="${1#--only=}"; shift ;;
    -h | --help) sed -n '2,24s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $out_dir == /* ]] || out_dir="$caller_dir/$out_dir"

# Per profile and program: the flags every run gets. Workload parameters
# are recorded in the result file beside them.
case "$profile" in
  quick)
    db_flags=(--num=10000 --benchmark_repetitions=3 --benchmark_min_time=0.1)
    sort_flags=(--sort_sizes=1000000 --benchmark_repetitions=1)
    table_flags=(--rows=20000 --benchmark_repetitions=3
      --benchmark_min_time=0.1)
    session_flags=(--benchmark_repetitions=3 --benchmark_min_time=0.05)
    ;;
  full)
    db_flags=(--num=1000000 --benchmark_repetitions=5)
    sort_flags=("--sort_sizes=1000000,10000000" --benchmark_repetitions=3)
    table_flags=(--rows=100000 --benchmark_repetitions=5)
    session_flags=(--benchmark_repetitions=5)
    ;;
  *) echo "run.sh: --profile must be quick or full" >&2; exit 2 ;;
esac
# Repetitions of different benchmarks interleave, so that a slow spell of
# the machine or its disk does not land on one engine only.
table_flags+=(--benchmark_enable_random_interleaving=true)

stamp="$(date -u +%Y%m%d-%H%M%S)"
work="$out_dir/$stamp.tmp"
mkdir -p "$work"
started=$SECONDS
failed=0
cd "$root"

programs=(db_bench sort_bench table_bench session_bench)
existing="$(./bazelw query 'kind("cc_binary", //bench:*)' 2>/dev/null)"
targets=()
for program in "${programs[@]}"; do
  if grep -qx "//bench:$program" <<<"$existing"; then
    targets+=("//bench:$program")
  else
    echo "run.sh: skipping $program: no Bazel target //bench:$program" >&2
    echo "not run: no Bazel target //bench:$program in this tree" \
      >"$work/$program.skipped"
  fi
done
((${#targets[@]})) || { echo "run.sh: no bench programs" >&2; exit 1; }
./bazelw build -c opt "${targets[@]}"
bin="$(./bazelw info -c opt bazel-bin 2>/dev/null)/bench"

# Whether PROGRAM's target exists (a stale binary in bazel-bin does not count).
built() { [[ " ${targets[*]} " == *" //bench:$1 "* ]]; }

# Records how PROGRAM ran with FLAGS...: one key=value line per --key=value
# flag (the workload parameters and the Google Benchmark settings), plus
# the profile and --only.
params() {
  local program=$1 flag; shift
  {
    echo "profile=$profile"
    [[ -z $only ]] || echo "only=$only"
    for flag in "$@"; do echo "${flag#--}"; done
  } >"$work/$program.params"
}

# Lists the names PROGRAM registers with FLAGS... (sort_bench's names depend
# on --sort_sizes) that match --only.
list_names() {
  local program=$1; shift
  "$bin/$program" "$@" --benchmark_list_tests \
    ${only:+--benchmark_filter="$only"} 2>/dev/null || true
}

# Runs PROGRAM with FLAGS..., its JSON to $work/PROGRAM/NAME.json and its
# console output to $work/PROGRAM.log. A crash is recorded, not fatal.
run_one() {
  local program=$1 name=$2; shift 2
  mkdir -p "$work/$program"
  local out="$work/$program/$name.json" rc=0
  "$bin/$program" --benchmark_out_format=json --benchmark_out="$out" \
    "$@" >>"$work/$program.log" 2>&1 || rc=$?
  if ((rc)); then
    echo "run.sh: $program $* exited with $rc" >&2
    echo "exited with $rc: $program $*" >>"$work/$program.skipped"
    rm -f "$out"
    failed=1
  fi
}

# Runs a program whose benchmarks share one process.
run_program() {
  local program=$1; shift
  built "$program" || return 0
  if [[ -z $(list_names "$program" "$@") ]]; then
    echo "not run: no benchmark matches --only '$only'" >"$work/$program.skipped"
    return 0
  fi
  echo "run.sh: $program $*" >&2
  params "$program" "$@"
  run_one "$program" all "$@" ${only:+--benchmark_filter="$only"}
}

if built db_bench; then
  mapfile -t names < <(list_names db_bench "${db_flags[@]}")
  params db_bench "${db_flags[@]}"
  ((${#names[@]})) ||
    echo "not run: no benchmark matches --only '$only'" >"$work/db_bench.skipped"
  for i in "${!names[@]}"; do
    name="${names[$i]}"
    echo "run.sh: db_bench [$((i + 1))/${#names[@]}] $name" >&2
    # One process per benchmark: peak_rss_kb is this workload's alone. The
    # name is matched literally (regex characters escaped).
    # shellcheck disable=SC2001
    run_one db_bench "$i" "${db_flags[@]}" \
      --benchmark_filter="^$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$name")\$"
  done
fi
run_program sort_bench "${sort_flags[@]}"
run_program table_bench "${table_flags[@]}"
run_program session_bench "${session_flags[@]}"

# Assemble, report, then move the finished files into place.
"$python" bench/report.py assemble "$work" --profile "$profile" \
  --out "$work/$stamp.json"
status=0
"$python" bench/report.py "$work/$stamp.json" --md "$work/$stamp.md" \
  --charts "$work" || status=$?
written=()
for file in "$stamp.json" "$stamp-throughput.png" "$stamp-latency.png" \
  "$stamp.md"; do
  [[ -e $work/$file ]] || continue
  mv "$work/$file" "$out_dir/$file"
  written+=("$file")
done
echo >&2
echo "run.sh: $profile profile took $((SECONDS - started)) s; wrote" \
  "${written[*]} in $out_dir" >&2
if ((failed)); then
  echo "run.sh: a program exited with an error; its console output is kept" \
    "in $work" >&2
  exit 1
fi
rm -rf "$work"
exit "$status"
