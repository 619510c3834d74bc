#!/usr/bin/python3
"""Tests of bench/report.py on the synthetic result bench/testdata/result.json.

The fixture's figures are chosen so that every ratio below is exact: see the
comment on each assertion. Runs report.py as a program, as bench/run.sh does.
"""

import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(HERE, "report.py")
FIXTURE = os.path.join(HERE, "testdata", "result.json")
PYTHON = "/usr/bin/python3"


def run_report(*args, env=None):
    done = subprocess.run([PYTHON, REPORT] + list(args), capture_output=True,
                          text=True, env=env)
    return done.returncode, done.stdout, done.stderr


def rows(markdown, first_cell):
    """The cells of the markdown table rows whose first cell is first_cell."""
    found = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            found.append(cells)
    return found


def target(markdown, measure):
    """(measured, result) of a row of the Targets table."""
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1] == measure:
            return cells[3], cells[4]
    raise AssertionError("no target row %r in:\n%s" % (measure, markdown))


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        cls.md_path = os.path.join(cls.tmp, "result.md")
        cls.status, cls.md, cls.err = run_report(
            FIXTURE, "--md", cls.md_path, "--charts", cls.tmp)

    def test_exit_status_says_a_benchmark_failed(self):
        # The fixture's BM_Lmjet_EmptyTransaction failed.
        self.assertEqual(self.status, 1, self.err)
        self.assertIn("- FAILED: session_bench BM_Lmjet_EmptyTransaction: "
                      "JetBeginTransaction failed: -1101", self.md)

    def test_markdown_file_matches_stdout(self):
        with open(self.md_path, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.md)

    def test_engine_table_medians_and_time_ratios(self):
        # fillseq: lmjet median 100k ops/s of (100k, 110k, 90k); LMDB 200k,
        # SQLite 50k: lmjet is 2x slower than LMDB, 2x faster than SQLite.
        # p50 median of 8/9/10 us, p99 of 20/30/25 us, peak RSS the largest
        # of 10/12/11 MiB; cv = stdev 10k / mean 100k.
        self.assertEqual(rows(self.md, "fillseq"), [
            ["fillseq", "lmjet", "100k", "10.0%", "9.00 us", "25.00 us",
             "12.0 MiB", "2.00x", "0.50x"]])
        # readrandom has no SQLite run: its ratio is "-".
        self.assertEqual(rows(self.md, "readrandom/threads:4")[0][7:],
                         ["2.50x", "-"])
        self.assertEqual(rows(self.md, "sort_1M")[0][7:], ["2.50x", "0.50x"])
        self.assertEqual(rows(self.md, "SeekRetrieve")[0][7:],
                         ["1.67x", "0.50x"])

    def test_parameters(self):
        self.assertIn("## db_bench\n\nParameters: key_size=16, num=100000, "
                      "value_size=100\n", self.md)

    def test_session_pairs(self):
        self.assertEqual(rows(self.md, "BeginEndSession"), [
            ["BeginEndSession", "300.0 ns", "Lmdb_ReadTxnBeginAbort",
             "100.0 ns", "3.00x", "3.3%"]])
        # 6 us against 750 ns.
        self.assertEqual(
            rows(self.md, "EndSessionUnwind/cursors:8/levels:1/sorts:0")[0][4],
            "8.00x")

    def test_targets(self):
        md = self.md
        self.assertEqual(target(md, "BeginEndSession / LMDB ReadTxnBeginAbort "
                                    "(time)"), ("3.00x", "**NOT met**"))
        # 12 ns - 2.5 ns.
        self.assertEqual(target(md, "gate overhead: GateTrivialCall - "
                                    "TrivialCall"), ("9.5 ns", "met"))
        # 1e6 / 600k.
        self.assertEqual(target(md, "SeekRetrieve / LMDB (time)"),
                         ("1.67x", "**NOT met**"))
        self.assertEqual(target(md, "Scan / LMDB (time)"), ("1.50x", "met"))
        self.assertEqual(
            target(md, "BulkInsertWithSecondaryIndex / LMDB (time)"),
            ("not run", "not run"))
        # 24000 commits/s / the better of LMDB's 7000 and 6000.
        self.assertEqual(target(md, "8-session durable commits/s / best LMDB "
                                    "commits/s"), ("3.43x", "met"))
        self.assertEqual(target(md, "sort_1M lmjet / std::sort (time)"),
                         ("2.50x", "met"))
        self.assertEqual(target(md, "sort_1M lmjet / SQLite (time)"),
                         ("0.50x", "met"))
        # The fixture has no 10M sort, so it has no 10M targets.
        self.assertNotIn("sort_10M", md)

    def test_missing_programs_are_not_run_never_met(self):
        with open(FIXTURE, encoding="utf-8") as f:
            data = json.load(f)
        del data["programs"]["sort_bench"]
        del data["programs"]["table_bench"]
        data["skipped"] = {
            "sort_bench": "not run: no target //bench:sort_bench"}
        path = os.path.join(self.tmp, "partial.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
        _, md, _ = run_report(path)
        self.assertIn("- sort_bench: not run: no target //bench:sort_bench", md)
        for measure in ("sort_1M lmjet / std::sort (time)",
                        "Scan / LMDB (time)",
                        "8-session durable commits/s / best LMDB commits/s"):
            self.assertEqual(target(md, measure), ("not run", "not run"))

    def test_charts(self):
        # report.py runs under /usr/bin/python3, whatever runs this test.
        if subprocess.run([PYTHON, "-c", "import matplotlib"],
                          capture_output=True).returncode != 0:
            self.skipTest("matplotlib is not installed")
        for name in ("result-throughput.png", "result-latency.png"):
            with open(os.path.join(self.tmp, name), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            self.assertIn("![%s](%s)" % (name, name), self.md)

    def test_without_matplotlib_the_markdown_says_charts_were_skipped(self):
        # A directory whose matplotlib package fails to import shadows the
        # real one.
        fake = os.path.join(self.tmp, "fake")
        os.makedirs(os.path.join(fake, "matplotlib"), exist_ok=True)
        with open(os.path.join(fake, "matplotlib", "__init__.py"), "w",
                  encoding="utf-8") as f:
            f.write("raise ImportError('hidden by report_test')\n")
        env = dict(os.environ, PYTHONPATH=fake)
        charts = os.path.join(self.tmp, "no-charts")
        _, md, _ = run_report(FIXTURE, "--charts", charts, env=env)
        self.assertIn("Charts skipped: matplotlib is not installed", md)
        self.assertEqual(os.listdir(charts), [])
        self.assertEqual(target(md, "Scan / LMDB (time)"), ("1.50x", "met"))

    def test_compare(self):
        with open(FIXTURE, encoding="utf-8") as f:
            old = json.load(f)
        new = copy.deepcopy(old)
        scale = {("db_bench", "fillseq/lmjet/real_time"): 1.2,
                 ("sort_bench", "sort_1M/lmjet/real_time"): 0.95,
                 ("table_bench", "BM_Lmjet_SeekRetrieve/real_time"): 1.25}
        for program, output in new["programs"].items():
            for entry in output["benchmarks"]:
                factor = scale.get((program, entry["run_name"]))
                if factor:
                    entry["items_per_second"] *= factor
                    entry["real_time"] /= factor
        # Only in the old file.
        del new["programs"]["db_bench"]["benchmarks"][-3:]
        # A name that differs only by a setting (min_time) is the same run.
        for entry in new["programs"]["session_bench"]["benchmarks"]:
            entry["run_name"] = entry["run_name"].replace(
                "/manual_time", "/min_time:0.050/manual_time")
        old_path = os.path.join(self.tmp, "old.json")
        new_path = os.path.join(self.tmp, "new.json")
        for path, data in ((old_path, old), (new_path, new)):
            with open(path, "w", encoding="utf-8") as f:
                json.dump(data, f)
        status, out, err = run_report("compare", old_path, new_path)
        self.assertEqual(status, 0, err)
        self.assertEqual(rows(out, "db_bench")[0], [
            "db_bench", "fillseq/lmjet", "100k", "120k", "+20.0%",
            "improved"])
        self.assertEqual(rows(out, "db_bench")[1][4:], ["+0.0%", ""])
        self.assertEqual(rows(out, "db_bench")[-1][1:],
                         ["readrandom/lmdb/threads:4", "1M", "-",
                          "-", "only in old"])
        self.assertEqual(
            rows(out, "session_bench")[-1],
            ["session_bench", "BM_Lmdb_ReadTxnCursorsUnwind/cursors:8",
             "1.33M", "1.33M", "+0.0%", ""])
        # -5% is within the default 10% threshold, flagged beyond 4%.
        self.assertEqual(rows(out, "sort_bench")[0][4:], ["-5.0%", ""])
        _, out4, _ = run_report("compare", old_path, new_path,
                                "--threshold", "4")
        self.assertEqual(rows(out4, "sort_bench")[0][4:],
                         ["-5.0%", "**REGRESSED**"])
        # SeekRetrieve: 1e6 / 750k = 1.33x, now met.
        seek = [line for line in out.splitlines()
                if "| SeekRetrieve / LMDB (time) |" in line]
        self.assertEqual(seek, ["| 3 | SeekRetrieve / LMDB (time) | <= 1.5x "
                                "| 1.67x | 1.33x | NOT met -> met |"])

    def test_a_single_program_file_is_reported(self):
        with open(FIXTURE, encoding="utf-8") as f:
            data = json.load(f)["programs"]["table_bench"]
        path = os.path.join(self.tmp, "table_bench.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
        status, md, err = run_report(path)  # known by its executable's name
        self.assertEqual(status, 0, err)
        self.assertEqual(target(md, "Scan / LMDB (time)"), ("1.50x", "met"))
        self.assertEqual(target(md, "gate overhead: GateTrivialCall - "
                                    "TrivialCall"), ("not run", "not run"))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
