#!/usr/bin/env bash
# Builds //bench:table_bench optimised, runs it (5 repetitions, every
# repetition and the aggregates in JSON) and prints the table of
# bench/report.py: lmjet next to raw LMDB and SQLite.
#
# Usage: bench/run_table_bench.sh [--out FILE] [--rows=N] [benchmark flags...]
#   --out FILE   where the JSON goes (default bench/results/table-<UTC date>.json)
#   --rows=N     rows in the table (default 100000; or LMJET_TABLE_BENCH_ROWS)
#   other flags are passed to the benchmark, e.g. --benchmark_min_time=0.2
#   (libbenchmark 1.7.1: a plain number of seconds) or
#   --benchmark_filter=SeekRetrieve
# Works from any directory. Takes two to four minutes on two CPUs.
set -euo pipefail

caller_dir="$(pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

out=""
args=()
while (($#)); do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    -h | --help) sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -z $out ]]; then
  out="$root/bench/results/table-$(date -u +%Y%m%d-%H%M%S).json"
elif [[ $out != /* ]]; then
  out="$caller_dir/$out"
fi

cd "$root"
./bazelw build -c opt //bench:table_bench
binary="$(./bazelw info -c opt bazel-bin 2>/dev/null)/bench/table_bench"

mkdir -p "$(dirname "$out")"
# Written under a temporary name (ignored by git) and moved into place only
# when the run completes.
partial="$out.tmp"
echo "run_table_bench: running $binary (two to four minutes)..." >&2
# The console table goes to stderr as progress; the JSON to the file.
# Repetitions of the different benchmarks run in a random interleaved order,
# so that a slow spell of the machine or its disk (fsync latency here varies
# between tens of microseconds and milliseconds) does not land on one engine
# only.
"$binary" \
  --benchmark_repetitions=5 \
  --benchmark_enable_random_interleaving=true \
  --benchmark_report_aggregates_only=false \
  --benchmark_out_format=json \
  --benchmark_out="$partial" \
  ${args[@]+"${args[@]}"} >&2
mv "$partial" "$out"

echo
/usr/bin/python3 bench/report.py "$out"
