#!/usr/bin/python3
"""Side-by-side report for bench/table_bench's JSON output.

Usage: bench/report_table.py [--cpu] RESULTS.json

For each workload it prints the median over the repetitions of lmjet, raw
LMDB and SQLite, the ratios lmjet/LMDB and lmjet/SQLite, the target and
met / NOT MET. Every figure comes from items_per_second, which the benchmark
computes from wall-clock time:

  SeekRetrieve, Scan, BulkInsertWithSecondaryIndex: ns per item
      (lookup or row) = 1e9 / items_per_second; ratio = lmjet time / other
      time, so lower is better and 1.0x means as fast as the other engine.
  DurableSingleRowCommits: commits per second (all threads together);
      ratio = lmjet throughput / other throughput, so higher is better.

Medians are taken over the individual repetitions in the file (or, if it
holds only aggregates, the median aggregate). --cpu measures the three timed
workloads by the benchmark thread's CPU time instead of wall clock (less
sensitive to a busy machine taking the CPU away, but blind to waiting for the
disk, which the bulk insert does); the commits are always wall clock.
Python 3 standard library only.
"""

import json
import statistics
import sys

_ENGINES = ("Lmjet", "Lmdb", "Sqlite")

# (workload, unit label, largest allowed lmjet/LMDB time ratio or None)
_TIMED = [
    ("SeekRetrieve", "ns/lookup", 1.5),
    ("Scan", "ns/row", 2.0),
    ("BulkInsertWithSecondaryIndex", "ns/row", 2.0),
]

_COMMITS = "DurableSingleRowCommits"
# lmjet with this many sessions must reach this multiple of the better of
# LMDB's commit rates (LMDB serialises writers, so its thread count hardly
# matters).
_COMMITS_TARGET_THREADS = 8
_COMMITS_TARGET_SPEEDUP = 3.0


def _parse_name(run_name):
    """(engine, workload, threads) of 'BM_Lmjet_Scan/real_time/threads:8'."""
    parts = run_name.split("/")
    head = parts[0]
    if head.startswith("BM_"):
        head = head[len("BM_"):]
    engine, _, workload = head.partition("_")
    threads = 1
    for part in parts[1:]:
        if part.startswith("threads:"):
            threads = int(part[len("threads:"):])
    return engine, workload, threads


class Results:
    """Median and coefficient of variation of items_per_second per run."""

    def __init__(self, data, use_cpu=False):
        self.context = data.get("context", {})
        self.errors = {}
        samples = {}
        aggregate_median = {}
        aggregate_cv = {}
        self.repetitions = None
        for entry in data.get("benchmarks", []):
            key = _parse_name(entry.get("run_name", entry["name"]))
            if entry.get("error_occurred"):
                self.errors.setdefault(key, entry.get("error_message", "error"))
                continue
            rate = entry.get("items_per_second")
            if rate is None:
                continue
            if use_cpu and key[1] != _COMMITS:
                # items/s is per wall-clock second; rescale it to CPU time.
                real, cpu = float(entry["real_time"]), float(entry["cpu_time"])
                if entry.get("aggregate_name") != "cv" and cpu > 0:
                    rate = float(rate) * real / cpu
            if entry.get("run_type") == "aggregate":
                name = entry.get("aggregate_name")
                if name == "median":
                    aggregate_median[key] = float(rate)
                    self.repetitions = entry.get("repetitions", self.repetitions)
                elif name == "cv":
                    aggregate_cv[key] = float(rate)
            else:
                samples.setdefault(key, []).append(float(rate))
        self.median = {}
        self.cv = {}
        for key, values in samples.items():
            self.median[key] = statistics.median(values)
            if len(values) > 1:
                mean = statistics.mean(values)
                self.cv[key] = statistics.stdev(values) / mean if mean else 0.0
            self.repetitions = self.repetitions or len(values)
        for key, value in aggregate_median.items():
            self.median.setdefault(key, value)
        for key, value in aggregate_cv.items():
            self.cv.setdefault(key, value)

    def rate(self, engine, workload, threads=1):
        """(items per second, None) or (None, why not)."""
        key = (engine, workload, threads)
        if key in self.errors:
            return None, "error: " + self.errors[key]
        if key not in self.median:
            return None, "not run"
        return self.median[key], None

    def max_cv(self, workload, threads=1):
        cvs = [self.cv[(e, workload, threads)] for e in _ENGINES
               if (e, workload, threads) in self.cv]
        return max(cvs) if cvs else None


def _fmt(value, width=10, precision=1):
    if value is None:
        return "%*s" % (width, "-")
    return "%*.*f" % (width, precision, value)


def _fmt_ratio(value):
    return "%10s" % ("%.2fx" % value if value is not None else "-")


def _fmt_cv(value):
    return "%6.1f%%" % (100.0 * value) if value is not None else "%7s" % "-"


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
        sys.stderr.write("report_table: cannot read %s: %s\n" % (path, e))
        return 1

    ctx = results.context
    print("lmjet table benchmarks: %s" % path)
    print("  %s, %s CPUs @ %s MHz, %s rows of %s-byte payloads, median of %s "
          "repetitions"
          % (ctx.get("date", "?"), ctx.get("num_cpus", "?"),
             ctx.get("mhz_per_cpu", "?"), ctx.get("rows", "?"),
             ctx.get("payload_bytes", "?"), results.repetitions or "?"))
    print("  lookups, scan and bulk insert: %s; commits: wall clock"
          % ("CPU time of the benchmark thread" if use_cpu else "wall clock"))
    if ctx.get("cpu_scaling_enabled"):
        print("  warning: CPU frequency scaling is enabled; timings are noisier")
    print()

    failed = bool(results.errors)
    fmt = "%-36s %10s %10s %10s %10s %12s %7s  %-9s %s"
    header = fmt % ("workload (lower is better)", "lmjet", "LMDB", "SQLite",
                    "lmjet/LMDB", "lmjet/SQLite", "cv", "target", "result")
    print(header)
    print("-" * len(header))
    for workload, unit, limit in _TIMED:
        ns = {}
        problems = []
        for engine in _ENGINES:
            rate, problem = results.rate(engine, workload)
            ns[engine] = 1e9 / rate if rate else None
            if problem and problem.startswith("error"):
                problems.append("%s %s" % (engine, problem))
        lmjet, lmdb, sqlite = ns["Lmjet"], ns["Lmdb"], ns["Sqlite"]
        vs_lmdb = lmjet / lmdb if lmjet and lmdb else None
        vs_sqlite = lmjet / sqlite if lmjet and sqlite else None
        if limit is None:
            target, result = "report", "-"
        else:
            target = "<= %.1fx" % limit
            result = _verdict(vs_lmdb <= limit) if vs_lmdb is not None else "-"
        print("%-36s %s %s %s %s %12s %s  %-9s %s" % (
            "%s (%s)" % (workload, unit), _fmt(lmjet), _fmt(lmdb),
            _fmt(sqlite), _fmt_ratio(vs_lmdb),
            "%.2fx" % vs_sqlite if vs_sqlite is not None else "-",
            _fmt_cv(results.max_cv(workload)), target, result))
        for problem in problems:
            print("    %s" % problem)

    threads = sorted({t for (e, w, t) in list(results.median) + list(results.errors)
                      if w == _COMMITS})
    if threads:
        print()
        print("%s (commits/s, higher is better)" % _COMMITS)
        header = fmt % ("  threads", "lmjet", "LMDB", "SQLite", "lmjet/LMDB",
                        "lmjet/SQLite", "cv", "", "")
        print(header.rstrip())
        print("-" * len(header))
        cpus = ctx.get("num_cpus")
        for t in threads:
            rates = {}
            problems = []
            for engine in _ENGINES:
                rate, problem = results.rate(engine, _COMMITS, t)
                rates[engine] = rate
                if problem and problem.startswith("error"):
                    problems.append("%s %s" % (engine, problem))
            lmjet, lmdb, sqlite = rates["Lmjet"], rates["Lmdb"], rates["Sqlite"]
            label = "  %d thread%s%s" % (
                t, "" if t == 1 else "s",
                " (> CPUs)" if cpus and t > cpus else "")
            print("%-36s %s %s %s %s %12s %s" % (
                label, _fmt(lmjet, precision=0), _fmt(lmdb, precision=0),
                _fmt(sqlite, precision=0),
                _fmt_ratio(lmjet / lmdb if lmjet and lmdb else None),
                "%.2fx" % (lmjet / sqlite) if lmjet and sqlite else "-",
                _fmt_cv(results.max_cv(_COMMITS, t))))
            for problem in problems:
                print("    %s" % problem)

        lmjet, _ = results.rate("Lmjet", _COMMITS, _COMMITS_TARGET_THREADS)
        lmdb_rates = [r for r in (results.rate("Lmdb", _COMMITS, t)[0]
                                  for t in threads) if r]
        print()
        if lmjet and lmdb_rates:
            best = max(lmdb_rates)
            speedup = lmjet / best
            print("lmjet %d sessions / best LMDB rate (%.0f commits/s): %.2fx   "
                  "target >= %.1fx   %s" % (
                      _COMMITS_TARGET_THREADS, best, speedup,
                      _COMMITS_TARGET_SPEEDUP,
                      _verdict(speedup >= _COMMITS_TARGET_SPEEDUP)))
        else:
            print("lmjet %d sessions vs LMDB: not measured" %
                  _COMMITS_TARGET_THREADS)

    print()
    print("Times: lmjet/other = lmjet median time / other median time (lower")
    print("is better). Commits: lmjet/other = lmjet median commits/s / other")
    print("median commits/s (higher is better). cv = the largest coefficient")
    print("of variation of the engines' runs over the repetitions.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
