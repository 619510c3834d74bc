#!/usr/bin/env bash
# Builds //bench:session_bench optimised, runs it (5 repetitions, JSON) and
# prints the side-by-side table of bench/report.py.
#
# Usage: bench/run_session_bench.sh [--out FILE] [benchmark flags...]
#   --out FILE   where the JSON goes (default bench/results/session-<date>.json)
#   other flags are passed to the benchmark, e.g. --benchmark_min_time=0.2
#   (libbenchmark 1.7.1: a plain number of seconds) or
#   --benchmark_filter=TrivialCall
# Works from any directory.
set -euo pipefail

caller_dir="$(pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

out=""
args=()
while (($#)); do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    -h | --help) sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ -z $out ]]; then
  out="$root/bench/results/session-$(date +%Y%m%d-%H%M%S).json"
elif [[ $out != /* ]]; then
  out="$caller_dir/$out"
fi

cd "$root"
./bazelw build -c opt //bench:session_bench
binary="$(./bazelw info -c opt bazel-bin 2>/dev/null)/bench/session_bench"

mkdir -p "$(dirname "$out")"
# Written under a temporary name (ignored by git) and moved into place only
# when the run completes.
partial="$out.tmp"
echo "run_session_bench: running $binary (a minute or two)..." >&2
"$binary" \
  --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true \
  --benchmark_format=json \
  --benchmark_out="$partial" \
  ${args[@]+"${args[@]}"} >/dev/null
mv "$partial" "$out"

echo
/usr/bin/python3 bench/report.py "$out"
