#!/usr/bin/python3
"""Side-by-side report for bench/session_bench's JSON output.

Usage: bench/report_session.py [--cpu] RESULTS.json

For each lmjet benchmark it prints the median time of lmjet, the median of
the raw LMDB operation (or plain call) it is paired with, their ratio, and the
target with met / NOT MET. Times are wall-clock ("real_time"); --cpu uses the
CPU time of the single-threaded runs instead (less sensitive to a busy or
virtualised machine taking the CPU away). The threaded runs are always wall
clock. Python 3 standard library only.
"""

import json
import statistics
import sys

_NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

# (lmjet benchmark, its counterpart, largest allowed ratio or None)
_PAIRS = [
    ("BM_Lmjet_BeginEndSession", "BM_Lmdb_ReadTxnBeginAbort", 2.0),
    ("BM_Lmjet_EmptyTransaction", "BM_Lmdb_ReadTxnRenewReset", None),
    ("BM_Lmjet_GateTrivialCall", "BM_Baseline_TrivialCall", None),
]
_GATE = ("BM_Lmjet_GateTrivialCall", "BM_Baseline_TrivialCall")
_GATE_OVERHEAD_TARGET_NS = 10.0
_THREADED = ("BM_Lmjet_BeginEndSession", "BM_Lmdb_ReadTxnBeginAbort", 2.0)


def _key(run_name):
    """(function name, thread count or None) of a run name such as
    'BM_Lmjet_BeginEndSession/real_time/threads:4'."""
    parts = run_name.split("/")
    threads = None
    for part in parts[1:]:
        if part.startswith("threads:"):
            threads = int(part[len("threads:"):])
    return parts[0], threads


def _ns(entry, field):
    return float(entry[field]) * _NS_PER_UNIT[entry.get("time_unit", "ns")]


class Results:
    """Median and coefficient of variation of every run in a results file."""

    def __init__(self, data, use_cpu=False):
        self.context = data.get("context", {})
        self.median = {}
        self.cv = {}
        self.errors = {}
        self.repetitions = None
        samples = {}
        for entry in data.get("benchmarks", []):
            key = _key(entry.get("run_name", entry["name"]))
            # Threaded runs measure wall-clock time (UseRealTime).
            field = "cpu_time" if use_cpu and key[1] is None else "real_time"
            if entry.get("error_occurred"):
                self.errors[key] = entry.get("error_message", "error")
                continue
            if entry.get("run_type") == "aggregate":
                name = entry.get("aggregate_name")
                if name == "median":
                    self.median[key] = _ns(entry, field)
                    self.repetitions = entry.get("repetitions", self.repetitions)
                elif name == "cv":
                    # A fraction (aggregate_unit "percentage").
                    self.cv[key] = float(entry[field])
            else:
                samples.setdefault(key, []).append(_ns(entry, field))
        # Runs without aggregates (one repetition, or the full report):
        # take the median of the iterations themselves.
        for key, values in samples.items():
            if key not in self.median:
                self.median[key] = statistics.median(values)
                if len(values) > 1 and key not in self.cv:
                    mean = statistics.mean(values)
                    self.cv[key] = statistics.stdev(values) / mean if mean else 0.0

    def get(self, name, threads=None):
        key = (name, threads)
        if key in self.errors:
            return None, "error: " + self.errors[key]
        if key not in self.median:
            return None, "not run"
        return self.median[key], None


def _short(name):
    """BM_Lmjet_X -> X, BM_Lmdb_X -> X, BM_Baseline_X -> Baseline_X."""
    name = name[len("BM_"):] if name.startswith("BM_") else name
    for prefix in ("Lmjet_", "Lmdb_"):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _fmt_ns(value):
    return "%10.1f" % value if value is not None else "%10s" % "-"


def _fmt_cv(results, *keys):
    cvs = [results.cv[k] for k in keys if k in results.cv]
    return "%6.1f%%" % (100.0 * max(cvs)) if cvs else "%7s" % "-"


def _is_error(*problems):
    """1 if a benchmark of the pair failed (not merely filtered out)."""
    return int(any(p and p.startswith("error") for p in problems))


def _verdict(ok):
    return "met" if ok else "NOT MET"


def main(argv):
    args = argv[1:]
    use_cpu = "--cpu" in args
    args = [a for a in args if a != "--cpu"]
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write("usage: %s [--cpu] RESULTS.json\n" % argv[0])
        return 2
    path = args[0]
    try:
        with open(path, encoding="utf-8") as f:
            results = Results(json.load(f), use_cpu)
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write("report_session: cannot read %s: %s\n" % (path, e))
        return 1

    ctx = results.context
    print("lmjet session benchmarks: %s" % path)
    print("  %s, %s CPUs @ %s MHz, libbenchmark %s build, median of %s repetitions"
          % (ctx.get("date", "?"), ctx.get("num_cpus", "?"),
             ctx.get("mhz_per_cpu", "?"), ctx.get("library_build_type", "?"),
             results.repetitions or "?"))
    print("  single-threaded times: %s" % ("CPU time" if use_cpu else "wall clock"))
    if ctx.get("cpu_scaling_enabled"):
        print("  warning: CPU frequency scaling is enabled; timings are noisier")
    print()

    failures = 0
    header = "%-40s %10s %10s %8s %7s  %-10s %s" % (
        "lmjet / counterpart (ns per op)", "lmjet", "counter", "ratio", "cv",
        "target", "result")
    print(header)
    print("-" * len(header))
    for lmjet, base, limit in _PAIRS:
        a, a_err = results.get(lmjet)
        b, b_err = results.get(base)
        label = "%s / %s" % (_short(lmjet), _short(base))
        if a_err or b_err:
            failures += _is_error(a_err, b_err)
            print("%-40s %s" % (label, a_err or b_err))
            continue
        ratio = a / b if b else float("inf")
        target = "<= %.1fx" % limit if limit is not None else "report"
        verdict = _verdict(ratio <= limit) if limit is not None else "-"
        print("%-40s %s %s %7.2fx %s  %-10s %s" % (
            label, _fmt_ns(a), _fmt_ns(b), ratio,
            _fmt_cv(results, (lmjet, None), (base, None)), target, verdict))

    gate, gate_err = results.get(_GATE[0])
    call, call_err = results.get(_GATE[1])
    if gate_err or call_err:
        failures += _is_error(gate_err, call_err)
        print("%-40s %s" % ("gate overhead", gate_err or call_err))
    else:
        overhead = gate - call
        print("%-40s %10.1f %10s %8s %7s  %-10s %s" % (
            "gate overhead = Gate - Baseline (ns)", overhead, "", "", "",
            "< %.0f ns" % _GATE_OVERHEAD_TARGET_NS,
            _verdict(overhead < _GATE_OVERHEAD_TARGET_NS)))

    lmjet, base, limit = _THREADED
    threads = sorted({t for (name, t) in list(results.median) + list(results.errors)
                      if name in (lmjet, base) and t is not None})
    if threads:
        print()
        print("threads: wall time / operations of all threads (1 / throughput)")
        header = "%-40s %10s %10s %8s %7s  %-10s %s" % (
            "%s / %s" % (_short(lmjet), _short(base)), "lmjet", "counter",
            "ratio", "cv", "target", "result")
        print(header)
        print("-" * len(header))
        cpus = ctx.get("num_cpus")
        for t in threads:
            a, a_err = results.get(lmjet, t)
            b, b_err = results.get(base, t)
            label = "  %d thread%s%s" % (t, "" if t == 1 else "s",
                                         " (> CPUs)" if cpus and t > cpus else "")
            if a_err or b_err:
                failures += _is_error(a_err, b_err)
                print("%-40s %s" % (label, a_err or b_err))
                continue
            ratio = a / b if b else float("inf")
            print("%-40s %s %s %7.2fx %s  %-10s %s" % (
                label, _fmt_ns(a), _fmt_ns(b), ratio,
                _fmt_cv(results, (lmjet, t), (base, t)),
                "<= %.1fx" % limit, _verdict(ratio <= limit)))

    print()
    print("ratio = lmjet median / counterpart median; cv = the larger coefficient")
    print("of variation of the two over the repetitions.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
