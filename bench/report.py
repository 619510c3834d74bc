#!/usr/bin/python3
"""The report of lmjet's benchmark harness (bench/run.sh).

Usage:
  report.py RESULT.json [--md FILE] [--charts DIR] [--cpu]
      Prints the markdown report of a result file. --md also writes it to
      FILE; --charts writes DIR/<stem>-throughput.png and
      DIR/<stem>-latency.png (<stem>: the result file's name without .json)
      and links them from the markdown. RESULT.json is either a file of
      bench/run.sh (every program's output) or one program's own Google
      Benchmark JSON (the program is told by its executable's name, or by
      --program NAME). --cpu uses CPU time instead of wall clock for
      single-threaded runs measured in real time (steadier on a busy
      machine, blind to waits for the disk).
  report.py compare OLD.json NEW.json [--threshold PCT]
      Prints, per workload and engine, the ops/s of both files and the change
      in %, flagging changes beyond PCT (default 10) as improved / REGRESSED,
      then every target's measured value in both files.
  report.py assemble WORKDIR --out FILE --profile NAME
      Used by bench/run.sh: writes one result file from WORKDIR/<program>/*.json
      (Google Benchmark outputs), WORKDIR/<program>.params (key=value lines),
      WORKDIR/<program>.skipped (why a program or a run did not run) and a
      description of this machine.

Every figure is a median over a run's repetitions. Ratios are time ratios:
lmjet/X = X's ops/s / lmjet's ops/s = how many times slower lmjet is than X
(> 1 worse, < 1 better). The exit status is 0 whatever the targets; it is
non-zero only when a file cannot be read, or (report) when a benchmark
failed. Needs only Python 3's standard library; the charts need matplotlib
(Debian's python3-matplotlib) and are skipped, saying so, without it.
"""

import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

FORMAT = "lmjet-bench-results/1"

# The programs of the harness, in report order.
PROGRAMS = ("db_bench", "sort_bench", "table_bench", "session_bench")

# Per program with engine columns: the engines in display order and the two
# the lmjet ratios are taken against.
_ENGINES = {
    "db_bench": (("lmjet", "lmdb", "sqlite"), ("lmdb", "sqlite")),
    "sort_bench": (("lmjet", "lmjet_spill", "std_sort", "sqlite"),
                   ("std_sort", "sqlite")),
    "table_bench": (("lmjet", "lmdb", "sqlite"), ("lmdb", "sqlite")),
}
_ENGINE_TITLES = {"lmjet": "lmjet", "lmjet_spill": "lmjet (spill)",
                  "lmdb": "LMDB", "std_sort": "std::sort", "sqlite": "SQLite"}

# Workloads in report order; others follow in the order they appear.
_WORKLOAD_ORDER = (
    "fillseq", "fillrandom", "overwrite", "readrandom", "readseq",
    "readreverse", "seekrandom", "deleterandom", "fillindexed", "mixed",
    "fillsync", "filllazy", "lvwrite", "lvread", "sort_1M", "sort_10M",
    "SeekRetrieve", "Scan", "BulkInsertWithSecondaryIndex",
    "DurableSingleRowCommits")

_NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
_RUN_FLAGS = ("real_time", "manual_time", "process_time")
_PERCENTILES = ("p50_ns", "p90_ns", "p99_ns")


# --- Reading Google Benchmark output ----------------------------------------

def parse_run_name(run_name):
    """(head, args, threads) of a Google Benchmark run name.

    'readrandom/lmjet/threads:4/real_time' -> ('readrandom', ('lmjet',), 4);
    'BM_X/cursors:8/manual_time' -> ('BM_X', ('cursors:8',), None). threads
    is None when the name does not say."""
    parts = run_name.split("/")
    args, threads = [], None
    for part in parts[1:]:
        if part.startswith("threads:"):
            threads = int(part[len("threads:"):])
        elif part not in _RUN_FLAGS and not re.match(
                r"(iterations|repeats|min_time|min_warmup_time):", part):
            args.append(part)
    return parts[0], tuple(args), threads


def run_label(run_name):
    """run_name without the flags that do not change what is measured
    (real_time, min_time:..., iterations:...), threads last: the key that
    matches a run across files."""
    head, args, threads = parse_run_name(run_name)
    label = "/".join((head,) + args)
    return label if threads is None else label + "/threads:%d" % threads


class Run:
    """One benchmark run's medians over its repetitions.

    rate: ops/s (items_per_second, or 1e9 / time per iteration when the
    benchmark sets no item count); time_ns: time per iteration; p50/p90/p99
    in ns and peak_rss_kb when the benchmark reports them; cv: coefficient
    of variation of the rate; error: the message if the run failed."""

    def __init__(self, name):
        self.name = name
        self.rate = self.time_ns = self.cv = self.error = None
        self.percentiles = {}
        self.peak_rss_kb = None


def _entry_values(entry, use_cpu):
    """(time_ns, rate) of one Google Benchmark entry."""
    unit = _NS_PER_UNIT[entry.get("time_unit", "ns")]
    real = float(entry["real_time"]) * unit
    time_ns = real
    rate = entry.get("items_per_second")
    rate = float(rate) if rate is not None else None
    single = entry.get("threads", 1) == 1
    flags = entry.get("run_name", entry["name"]).split("/")
    if use_cpu and single and "manual_time" not in flags:
        cpu = float(entry["cpu_time"]) * unit
        if cpu > 0:
            # items/s is per wall-clock second; rescale it to CPU time.
            rate = rate * real / cpu if rate is not None else None
            time_ns = cpu
    if rate is None and time_ns > 0:
        rate = 1e9 / time_ns
    return time_ns, rate


def read_runs(data, use_cpu=False):
    """{run name: Run} of one program's Google Benchmark JSON.

    Individual repetitions are preferred; a file holding only aggregates
    gives its median aggregates."""
    samples, medians, cvs, runs = {}, {}, {}, {}
    for entry in data.get("benchmarks", []):
        name = entry.get("run_name", entry["name"])
        run = runs.setdefault(name, Run(name))
        if entry.get("error_occurred"):
            run.error = entry.get("error_message", "error")
            continue
        if entry.get("run_type") == "aggregate":
            kind = entry.get("aggregate_name")
            if kind == "median":
                medians[name] = entry
            elif kind == "cv" and entry.get("items_per_second") is not None:
                cvs[name] = float(entry["items_per_second"])
            elif kind == "cv":
                cvs[name] = float(entry["real_time"])  # a fraction
            continue
        samples.setdefault(name, []).append(entry)
    for name, run in runs.items():
        entries = samples.get(name) or ([medians[name]] if name in medians
                                        else [])
        if not entries:
            continue
        values = [_entry_values(e, use_cpu) for e in entries]
        run.time_ns = statistics.median(v[0] for v in values)
        rates = [v[1] for v in values if v[1] is not None]
        run.rate = statistics.median(rates) if rates else None
        if len(rates) > 1 and statistics.mean(rates) > 0:
            run.cv = statistics.stdev(rates) / statistics.mean(rates)
        else:
            run.cv = cvs.get(name)
        for field in _PERCENTILES:
            found = [float(e[field]) for e in entries if field in e]
            if found:
                run.percentiles[field] = statistics.median(found)
        rss = [float(e["peak_rss_kb"]) for e in entries if "peak_rss_kb" in e]
        run.peak_rss_kb = max(rss) if rss else None
    return runs


class Result:
    """A result file: per program, its context and runs."""

    def __init__(self, data, path, use_cpu=False, program=None):
        self.path = path
        if data.get("format") == FORMAT:
            self.meta = data
            outputs = data.get("programs", {})
        else:  # one program's own Google Benchmark JSON
            name = program or _program_of(data.get("context", {}))
            if name is None:
                raise ValueError("cannot tell which program wrote it "
                                 "(use --program NAME)")
            self.meta = {"programs": {name: data}}
            outputs = {name: data}
        self.context = {p: o.get("context", {}) for p, o in outputs.items()}
        self.runs = {p: read_runs(o, use_cpu) for p, o in outputs.items()}
        self.skipped = self.meta.get("skipped", {})

    def failures(self):
        return ["%s %s: %s" % (p, r.name, r.error)
                for p in self.runs for r in self.runs[p].values() if r.error]


def _program_of(context):
    base = os.path.basename(context.get("executable", ""))
    return base if base in PROGRAMS else None


def load(path, use_cpu=False, program=None):
    with open(path, encoding="utf-8") as f:
        return Result(json.load(f), path, use_cpu, program)


# --- Engine tables: db_bench, sort_bench, table_bench -----------------------

def engine_key(program, run_name):
    """(workload label, engine) of a run of an engine program, or None.

    db_bench / sort_bench name runs '<workload>/<engine>[/...]';
    table_bench 'BM_<Engine>_<Workload>[/threads:N]'."""
    head, args, threads = parse_run_name(run_name)
    if program == "table_bench":
        if not head.startswith("BM_") or "_" not in head[3:]:
            return None
        engine, workload = head[3:].split("_", 1)
        engine, rest = engine.lower(), list(args)
    else:
        if not args:
            return None
        workload, engine, rest = head, args[0], list(args[1:])
    label = "/".join([workload] + rest)
    if threads is not None:
        label += "/threads:%d" % threads
    return label, engine


def engine_table(result, program):
    """{workload label: {engine: Run}} in report order."""
    table = {}
    for name, run in result.runs.get(program, {}).items():
        key = engine_key(program, name)
        if key:
            table.setdefault(key[0], {})[key[1]] = run
    order = _workload_order(list(table))
    return {label: table[label] for label in sorted(table, key=order)}


def _workload_order(labels):
    """A sort key for workload labels: _WORKLOAD_ORDER, then the order of
    labels, then the rest of the label (thread counts) in natural order."""
    def key(label):
        base = label.split("/")[0]
        if base in _WORKLOAD_ORDER:
            return _WORKLOAD_ORDER.index(base), _natural(label)
        return len(_WORKLOAD_ORDER) + labels.index(label), _natural(label)
    return key


def ordered_run_names(program, names):
    """names of one program's runs in report order: by workload, then by
    engine (engine programs); session_bench keeps the order given."""
    keys = {n: engine_key(program, n) for n in names} \
        if program in _ENGINES else {}
    if not any(keys.values()):
        return list(names)
    labels = []
    for n in names:
        label = keys[n][0] if keys[n] else n
        if label not in labels:
            labels.append(label)
    workload = _workload_order(labels)
    engines = list(_ENGINE_TITLES)

    def key(name):
        label, engine = keys[name] or (name, "")
        return (workload(label),
                engines.index(engine) if engine in engines else len(engines))
    return sorted(names, key=key)


def _rate_ratio(numerator, denominator):
    """numerator.rate / denominator.rate when both ran, else None."""
    if numerator and denominator and numerator.rate and denominator.rate \
            and not numerator.error and not denominator.error:
        return numerator.rate / denominator.rate
    return None


def _time_ratio(mine, theirs):
    """mine.time / theirs.time (how many times slower mine is), or None."""
    return _rate_ratio(theirs, mine)


def lmjet_ratio(runs, other):
    """lmjet time / other's time (= other ops/s / lmjet ops/s), or None;
    runs: {engine: Run} of one workload."""
    return _time_ratio(runs.get("lmjet"), runs.get(other))


# --- session_bench pairs ------------------------------------------------------

# (lmjet benchmark, its counterpart): fixed pairs. The unwind runs are paired
# by cursor count (BM_Lmdb_ReadTxnCursorsUnwind/cursors:N).
_SESSION_PAIRS = (
    ("BM_Lmjet_BeginEndSession", "BM_Lmdb_ReadTxnBeginAbort"),
    ("BM_Lmjet_EmptyTransaction", "BM_Lmdb_ReadTxnRenewReset"),
    ("BM_Lmjet_GateTrivialCall", "BM_Baseline_TrivialCall"),
    ("BM_Lmjet_EndSessionUnwind", "BM_Lmdb_ReadTxnCursorsUnwind"),
)


def session_rows(result):
    """[(label, lmjet Run, counterpart Run or None, counterpart name)]."""
    runs = result.runs.get("session_bench", {})
    index = {parse_run_name(n): r for n, r in runs.items()}
    rows = []
    for name, run in runs.items():
        head, args, threads = parse_run_name(name)
        pair = [b for a, b in _SESSION_PAIRS if a == head]
        if not pair:
            continue
        base_args = tuple(a for a in args if a.startswith("cursors:"))
        base = index.get((pair[0], base_args, threads))
        label = run_label(name)[len("BM_Lmjet_"):]
        base_label = "/".join([pair[0][len("BM_"):]] + list(base_args))
        rows.append((label, run, base, base_label))
    return rows


def _session_run(result, head, threads=None):
    for name, run in result.runs.get("session_bench", {}).items():
        if parse_run_name(name) == (head, (), threads):
            return run
    return None


# --- Targets (issues 2-4) -----------------------------------------------------

class Target:
    """One target: its measured value and whether it is met.

    status is 'met', 'NOT met', 'not run' (a benchmark missing from the file)
    or 'error' (a benchmark failed)."""

    def __init__(self, issue, what, goal, value, unit, ok, runs):
        self.issue, self.what, self.goal = issue, what, goal
        self.value, self.unit = value, unit
        if any(r is not None and r.error for r in runs):
            self.status = "error"
        elif value is None:
            self.status = "not run"
        else:
            self.status = "met" if ok(value) else "NOT met"

    def measured(self):
        if self.value is None:
            return self.status
        return ("%.2f%s" if self.unit == "x" else "%.1f %s") % (
            self.value, self.unit)


def targets(result):
    """The targets of issues 2-4, in order."""
    out = []
    # Issue 2: session_bench.
    lmjet = _session_run(result, "BM_Lmjet_BeginEndSession")
    lmdb = _session_run(result, "BM_Lmdb_ReadTxnBeginAbort")
    out.append(Target(2, "BeginEndSession / LMDB ReadTxnBeginAbort (time)",
                      "<= 2x", _time_ratio(lmjet, lmdb), "x",
                      lambda v: v <= 2.0, [lmjet, lmdb]))
    for threads in (2, 4, 8):  # the scaling runs, when the file has them
        lmjet = _session_run(result, "BM_Lmjet_BeginEndSession", threads)
        lmdb = _session_run(result, "BM_Lmdb_ReadTxnBeginAbort", threads)
        if lmjet or lmdb:
            out.append(Target(
                2, "BeginEndSession / ReadTxnBeginAbort, %d threads" % threads,
                "<= 2x", _time_ratio(lmjet, lmdb), "x", lambda v: v <= 2.0,
                [lmjet, lmdb]))
    gate = _session_run(result, "BM_Lmjet_GateTrivialCall")
    call = _session_run(result, "BM_Baseline_TrivialCall")
    overhead = None
    if gate and call and gate.time_ns is not None and call.time_ns is not None:
        overhead = gate.time_ns - call.time_ns
    out.append(Target(2, "gate overhead: GateTrivialCall - TrivialCall",
                      "< 10 ns", overhead, "ns", lambda v: v < 10.0,
                      [gate, call]))
    # Issue 3: table_bench.
    table = engine_table(result, "table_bench")
    for workload, limit in (("SeekRetrieve", 1.5), ("Scan", 2.0),
                            ("BulkInsertWithSecondaryIndex", 2.0)):
        runs = table.get(workload, {})
        out.append(Target(3, "%s / LMDB (time)" % workload,
                          "<= %gx" % limit, lmjet_ratio(runs, "lmdb"), "x",
                          lambda v, limit=limit: v <= limit,
                          [runs.get("lmjet"), runs.get("lmdb")]))
    commits = "DurableSingleRowCommits"
    lmjet8 = table.get(commits + "/threads:8", {}).get("lmjet")
    lmdb_runs = [runs["lmdb"] for label, runs in table.items()
                 if label.split("/")[0] == commits and "lmdb" in runs]
    best = max((r for r in lmdb_runs if r.rate and not r.error),
               key=lambda r: r.rate, default=None)
    out.append(Target(3, "8-session durable commits/s / best LMDB commits/s",
                      ">= 3x", _rate_ratio(lmjet8, best), "x",
                      lambda v: v >= 3.0, [lmjet8] + lmdb_runs))
    # Issue 4: sort_bench; 10M only when the file has it.
    sorts = engine_table(result, "sort_bench")
    for size in ("1M", "10M"):
        runs = sorts.get("sort_" + size)
        if runs is None and size != "1M":
            continue
        runs = runs or {}
        out.append(Target(4, "sort_%s lmjet / std::sort (time)" % size,
                          "<= 3x", lmjet_ratio(runs, "std_sort"), "x",
                          lambda v: v <= 3.0,
                          [runs.get("lmjet"), runs.get("std_sort")]))
        out.append(Target(4, "sort_%s lmjet / SQLite (time)" % size,
                          "< 1x (faster)", lmjet_ratio(runs, "sqlite"), "x",
                          lambda v: v < 1.0,
                          [runs.get("lmjet"), runs.get("sqlite")]))
    return out


# --- Markdown -----------------------------------------------------------------

def _si(value, unit=""):
    """A compact figure: 1234567 -> '1.23M'."""
    if value is None:
        return "-"
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return "%.3g%s%s" % (value / scale, suffix, unit)
    return "%.3g%s" % (value, unit)


def _ns(value):
    if value is None:
        return "-"
    if value >= 1e6:
        return "%.2f ms" % (value / 1e6)
    if value >= 1e3:
        return "%.2f us" % (value / 1e3)
    return "%.1f ns" % value


def _mib(kb):
    return "-" if kb is None else "%.1f MiB" % (kb / 1024.0)


def _cv(*runs):
    """The largest coefficient of variation of runs, as a percentage."""
    cvs = [r.cv for r in runs if r is not None and r.cv is not None]
    return "%.1f%%" % (100.0 * max(cvs)) if cvs else "-"


def _x(ratio):
    return "-" if ratio is None else "%.2fx" % ratio


def _machine_lines(meta):
    m = meta.get("machine")
    if not m:
        return []
    return ["- machine: %s x %s, %s memory, Linux %s, Debian %s, temp dir %s "
            "(%s), commit %s%s" % (
                m.get("cpu_count", "?"), m.get("cpu_model", "?"),
                "%.1f GiB" % (m["memory_kb"] / 1048576.0)
                if m.get("memory_kb") else "?",
                m.get("kernel", "?"), m.get("debian", "?"),
                m.get("temp_dir", "?"), m.get("temp_fs", "?"),
                m.get("git_commit", "?"),
                " with uncommitted changes" if m.get("git_dirty") else "")]


def _section_head(result, program):
    """A program's heading and the parameters it ran with."""
    lines = ["## %s" % program, ""]
    params = result.meta.get("parameters", {}).get(program)
    if params:
        lines += ["Parameters: " + ", ".join(
            "%s=%s" % kv for kv in sorted(params.items())), ""]
    return lines


def _engine_section(result, program):
    table = engine_table(result, program)
    engines, baselines = _ENGINES[program]
    titles = [_ENGINE_TITLES[b] for b in baselines]
    lines = _section_head(result, program)
    if not table:
        return lines + ["No runs.", ""]
    lines += [
        "ops/s, p50, p99: medians over the repetitions; cv: the coefficient "
        "of variation of ops/s over them (a ratio is only as good as its "
        "noise); peak RSS: the largest of the repetitions. lmjet/%s and "
        "lmjet/%s are time ratios: how many times slower lmjet is (> 1 "
        "worse, < 1 better)." % tuple(titles), "",
        "| workload | engine | ops/s | cv | p50 | p99 | peak RSS | lmjet/%s | "
        "lmjet/%s |" % tuple(titles),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for workload, runs in table.items():
        order = [e for e in engines if e in runs] + sorted(
            e for e in runs if e not in engines)
        for i, engine in enumerate(order):
            run = runs[engine]
            if run.error:
                cells = ["error: " + run.error, "", "", "", "", "", ""]
            else:
                ratios = ([_x(lmjet_ratio(runs, b)) for b in baselines]
                          if engine == "lmjet" else ["", ""])
                cells = [_si(run.rate), _cv(run),
                         _ns(run.percentiles.get("p50_ns")),
                         _ns(run.percentiles.get("p99_ns")),
                         _mib(run.peak_rss_kb)] + ratios
            lines.append("| %s | %s | %s |" % (
                workload if i == 0 else "", _ENGINE_TITLES.get(engine, engine),
                " | ".join(cells)))
    return lines + [""]


def _session_section(result):
    rows = session_rows(result)
    lines = _section_head(result, "session_bench")
    if not rows:
        return lines + ["No runs.", ""]
    lines += [
        "Time per operation, medians over the repetitions. ratio = lmjet / "
        "counterpart (how many times slower lmjet is); cv: the larger "
        "coefficient of variation of the two. Threaded runs: wall "
        "time (EndSessionUnwind: time inside the timed call) / calls of all "
        "threads, so falling with threads means scaling. EndSessionUnwind's "
        "counterpart closes the same number of LMDB cursors and aborts one "
        "read transaction (LMDB has no nested levels or sort tables).", "",
        "| lmjet | time | counterpart | time | ratio | cv |",
        "|---|---:|---|---:|---:|---:|"]
    for label, run, base, base_label in rows:
        if run.error or (base and base.error):
            lines.append("| %s | error: %s | %s | | | |" % (
                label, run.error or base.error, base_label))
            continue
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            label, _ns(run.time_ns), base_label if base else "-",
            _ns(base.time_ns) if base else "-",
            _x(_time_ratio(run, base)), _cv(run, base)))
    return lines + [""]


def markdown(result, charts=None, chart_note=None):
    """The report as markdown lines. charts: (throughput, latency) file
    names to link (None for one that was not drawn)."""
    meta = result.meta
    title = os.path.basename(result.path)
    lines = ["# lmjet benchmarks: %s" % title, ""]
    if meta.get("created"):
        lines.append("- created %s, profile `%s`" % (
            meta["created"], meta.get("profile", "?")))
    lines += _machine_lines(meta)
    for program, why in sorted(result.skipped.items()):
        lines.append("- %s: %s" % (program, why.replace("\n", "; ")))
    for failure in result.failures():
        lines.append("- FAILED: %s" % failure)
    lines += ["", "## Targets", "",
              "| issue | measure | target | measured | result |",
              "|---|---|---|---:|---|"]
    for t in targets(result):
        lines.append("| %d | %s | %s | %s | %s |" % (
            t.issue, t.what, t.goal, t.measured(),
            "**NOT met**" if t.status == "NOT met" else t.status))
    lines.append("")
    if charts or chart_note:
        lines += ["## Charts", ""]
        for name in charts or ():
            if name:
                lines += ["![%s](%s)" % (name, name), ""]
        if chart_note:
            lines += [chart_note, ""]
    for program in PROGRAMS:
        if program not in result.runs:
            continue
        if program == "session_bench":
            lines += _session_section(result)
        else:
            lines += _engine_section(result, program)
    return lines


# --- Charts -------------------------------------------------------------------

def _chart_groups(result):
    """[(program, workload, {engine: Run})] of every engine program."""
    return [(p, w, runs) for p in PROGRAMS if p in _ENGINES
            for w, runs in engine_table(result, p).items()]


def write_charts(result, throughput_path, latency_path):
    """Draws the two charts; returns (paths drawn or None, note)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return (None, None), ("Charts skipped: matplotlib is not installed "
                              "(apt-get install python3-matplotlib).")
    groups = [(p, w, r) for p, w, r in _chart_groups(result)
              if any(x.rate for x in r.values())]
    notes = []
    drawn = [None, None]
    if groups:
        _grouped_bars(plt, groups, throughput_path, "ops/s (log scale)",
                      "Throughput per workload and engine (higher is better)",
                      lambda run: [(run.rate, 1.0)])
        drawn[0] = throughput_path
    else:
        notes.append("no throughput figures")
    groups = [(p, w, r) for p, w, r in groups
              if any(x.percentiles for x in r.values())]
    if groups:
        shades = {"p99_ns": 0.3, "p90_ns": 0.6, "p50_ns": 1.0}
        _grouped_bars(plt, groups, latency_path,
                      "ns per op (log scale)",
                      "Latency per workload and engine: p50 (dark), p90, "
                      "p99 (light); lower is better",
                      lambda run: [(run.percentiles.get(f), shades[f])
                                   for f in ("p99_ns", "p90_ns", "p50_ns")])
        drawn[1] = latency_path
    else:
        notes.append("latency chart skipped: no run reported p50/p90/p99")
    return tuple(drawn), ("; ".join(notes).capitalize() + "." if notes
                          else None)


def _grouped_bars(plt, groups, path, ylabel, title, bars_of):
    """One bar per engine per workload; bars_of(run) gives the (height,
    alpha) layers drawn over each other at the engine's place."""
    engines = []
    for _, _, runs in groups:
        engines += [e for e in runs if e not in engines]
    known = list(_ENGINE_TITLES)
    engines.sort(key=lambda e: known.index(e) if e in known else len(known))
    colours = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(max(8.0, 0.9 * len(groups) + 2), 5.5))
    for i, (_, _, runs) in enumerate(groups):
        # Each group is as wide as the engines it has.
        present = [e for e in engines if e in runs and not runs[e].error]
        width = 0.8 / max(1, len(present))
        for k, engine in enumerate(present):
            x = i - 0.4 + width * (k + 0.5)
            for height, alpha in bars_of(runs[engine]):
                if height:
                    ax.bar(x, height, width, alpha=alpha,
                           color=colours(engines.index(engine) % 10))
    for j, engine in enumerate(engines):
        ax.bar(0, 0, 0, color=colours(j % 10),
               label=_ENGINE_TITLES.get(engine, engine))
    ax.set_yscale("log")
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([w for _, w, _ in groups], rotation=30, ha="right",
                       fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(axis="y", which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# --- compare ------------------------------------------------------------------

def compare_lines(old, new, threshold_pct):
    """The compare report: per run, ops/s old -> new and the change."""
    lines = ["# Compare %s -> %s" % (old.path, new.path), ""]
    for label, result in (("old", old), ("new", new)):
        meta, machine = result.meta, result.meta.get("machine", {})
        lines.append("- %s: created %s, profile %s, commit %s" % (
            label, meta.get("created", "?"), meta.get("profile", "?"),
            machine.get("git_commit", "?")))
    lines += ["",
             "ops/s medians; change = new / old - 1; beyond +-%g%% is flagged "
             "(improved / REGRESSED)." % threshold_pct, "",
             "| program | run | old ops/s | new ops/s | change | |",
             "|---|---|---:|---:|---:|---|"]
    for program in PROGRAMS:
        before, after = ({run_label(n): r
                          for n, r in x.runs.get(program, {}).items()}
                         for x in (old, new))
        names = list(before) + [n for n in after if n not in before]
        for name in ordered_run_names(program, names):
            a, b = before.get(name), after.get(name)
            ra = a.rate if a and not a.error else None
            rb = b.rate if b and not b.error else None
            if ra and rb:
                change = 100.0 * (rb / ra - 1.0)
                flag = ("" if abs(change) <= threshold_pct else
                        "improved" if change > 0 else "**REGRESSED**")
                delta = "%+.1f%%" % change
            else:
                delta = "-"
                flag = ("only in new" if b and not a else
                        "only in old" if a and not b else "error")
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                program, name, _si(ra), _si(rb), delta, flag))
    lines += ["", "## Targets", "",
              "| issue | measure | target | old | new | |",
              "|---|---|---|---:|---:|---|"]
    # A target only one file has (thread counts, the 10M sort) is "not run"
    # in the other.
    old_targets = {t.what: t for t in targets(old)}
    new_targets = {t.what: t for t in targets(new)}
    for what in list(old_targets) + [w for w in new_targets
                                     if w not in old_targets]:
        t = new_targets.get(what) or old_targets[what]
        before = old_targets[what].measured() if what in old_targets \
            else "not run"
        after = new_targets[what].measured() if what in new_targets \
            else "not run"
        status = [x[what].status if what in x else "not run"
                  for x in (old_targets, new_targets)]
        change = "" if status[0] == status[1] else "%s -> %s" % tuple(status)
        lines.append("| %d | %s | %s | %s | %s | %s |" % (
            t.issue, what, t.goal, before, after, change))
    return lines


# --- assemble -----------------------------------------------------------------

def _command(*argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine_description(root, temp_dir):
    info = {"kernel": platform.release(), "cpu_count": os.cpu_count()}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            models = re.findall(r"^model name\s*:\s*(.*)$", f.read(), re.M)
        info["cpu_model"] = models[0] if models else None
        with open("/proc/meminfo", encoding="utf-8") as f:
            info["memory_kb"] = int(re.search(r"MemTotal:\s*(\d+)",
                                              f.read()).group(1))
        with open("/etc/debian_version", encoding="utf-8") as f:
            info["debian"] = f.read().strip()
    except (OSError, AttributeError):
        pass
    info["temp_dir"] = temp_dir
    info["temp_fs"] = (_command("findmnt", "-n", "-o", "FSTYPE", "--target",
                                temp_dir) or
                       _command("stat", "-f", "-c", "%T", temp_dir))
    info["git_commit"] = _command("git", "-C", root, "rev-parse", "HEAD")
    dirty = _command("git", "-C", root, "status", "--porcelain",
                     "--untracked-files=no")
    info["git_dirty"] = bool(dirty)
    return info


def assemble(workdir, profile):
    """The result file's content from bench/run.sh's work directory."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = {"format": FORMAT,
           "created": datetime.datetime.now(datetime.timezone.utc)
           .strftime("%Y-%m-%dT%H:%M:%SZ"),
           "profile": profile,
           "machine": machine_description(
               root, os.environ.get("TMPDIR") or "/tmp"),
           "parameters": {}, "skipped": {}, "programs": {}}
    for program in PROGRAMS:
        base = os.path.join(workdir, program)
        if os.path.exists(base + ".params"):
            with open(base + ".params", encoding="utf-8") as f:
                out["parameters"][program] = dict(
                    line.rstrip("\n").split("=", 1) for line in f
                    if "=" in line)
        if os.path.exists(base + ".skipped"):
            with open(base + ".skipped", encoding="utf-8") as f:
                out["skipped"][program] = f.read().strip()
        if not os.path.isdir(base):
            continue
        merged = {"context": {}, "benchmarks": []}
        for name in sorted(os.listdir(base), key=_natural):
            with open(os.path.join(base, name), encoding="utf-8") as f:
                data = json.load(f)
            merged["context"] = merged["context"] or data.get("context", {})
            merged["benchmarks"] += data.get("benchmarks", [])
        out["programs"][program] = merged
    return out


def _natural(name):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


# --- main ---------------------------------------------------------------------

def main(argv):
    args = argv[1:]
    try:
        if args[:1] == ["assemble"]:
            out = _take(args, "--out")
            profile = _take(args, "--profile") or "custom"
            if len(args) != 2 or not out:
                raise _Usage()
            with open(out, "w", encoding="utf-8") as f:
                json.dump(assemble(args[1], profile), f, indent=1)
                f.write("\n")
            return 0
        if args[:1] == ["compare"]:
            threshold = float(_take(args, "--threshold") or 10.0)
            if len(args) != 3:
                raise _Usage()
            print("\n".join(compare_lines(load(args[1]), load(args[2]),
                                          threshold)))
            return 0
        use_cpu = "--cpu" in args
        args = [a for a in args if a != "--cpu"]
        md_path = _take(args, "--md")
        chart_dir = _take(args, "--charts")
        program = _take(args, "--program")
        if len(args) != 1 or args[0].startswith("-"):
            raise _Usage()
        result = load(args[0], use_cpu, program)
    except _Usage:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    except (OSError, ValueError, KeyError) as e:
        sys.stderr.write("report.py: cannot read results: %s\n" % e)
        return 1

    charts, note = None, None
    if chart_dir is not None:
        os.makedirs(chart_dir, exist_ok=True)
        stem = os.path.splitext(os.path.basename(args[0]))[0]
        paths = (os.path.join(chart_dir, stem + "-throughput.png"),
                 os.path.join(chart_dir, stem + "-latency.png"))
        drawn, note = write_charts(result, *paths)
        charts = [os.path.basename(p) if p else None for p in drawn]
        if note:
            sys.stderr.write("report.py: %s\n" % note)
    text = "\n".join(markdown(result, charts, note)) + "\n"
    if md_path:
        with open(md_path, "w", encoding="utf-8") as f:
            f.write(text)
    sys.stdout.write(text)
    return 1 if result.failures() else 0


class _Usage(Exception):
    pass


def _take(args, name):
    """Removes '--name VALUE' or '--name=VALUE' from args; returns VALUE."""
    for i, arg in enumerate(args):
        if arg == name:
            if i + 1 >= len(args):
                raise _Usage()
            value = args[i + 1]
            del args[i:i + 2]
            return value
        if arg.startswith(name + "="):
            del args[i]
            return arg[len(name) + 1:]
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv))
