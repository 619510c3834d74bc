// db_bench: db_bench-style workloads on lmjet, raw LMDB and SQLite, one
// Google Benchmark per "<workload>/<engine>" (bench/db_bench.h; workloads and
// what each engine stores: bench/README.md "## db_bench").
//
// Profiles (the runner runs every benchmark in its own process,
// --benchmark_filter='^<name>$', with 3 repetitions; --reads defaults to
// --num):
//   quick (the defaults; all 42 processes took 42-64 s on 2 CPUs, up to about
//   two minutes when the disk's syncs are slow):
//     --num=20000 --key_size=16 --value_size=100 --threads=2 --batch=1000
//     --reads=20000 --seek_nexts=10 --sync_num=200 --mixed_ops=1000
//     --write_pct=10 --lv_size=65536 --lv_num=200
//   full:
//     --num=1000000 --key_size=16 --value_size=100 --threads=4 --batch=1000
//     --reads=1000000 --seek_nexts=10 --sync_num=2000 --mixed_ops=20000
//     --write_pct=10 --lv_size=65536 --lv_num=2000
//
// Every parameter is also written to the JSON context. Each process makes
// its data in a fresh directory under $TMPDIR (or /tmp), removed at exit.

#include <cstdio>
#include <string>

#include "bench/bench_env.h"
#include "bench/db_bench.h"
#include "benchmark/benchmark.h"

int main(int argc, char** argv) {
  namespace bench = lmjet::bench;
  static bench::Params params;
  bench::Params& p = params;
  constexpr size_t kMax = size_t{1} << 32;
  constexpr size_t kUnset = ~size_t{0};
  p.reads = kUnset;  // --reads defaults to --num, as in LevelDB's db_bench
  const std::initializer_list<bench::SizeFlag> flags = {
      {"num", &p.num, 1, kMax - 1},
      {"key_size", &p.key_size, 4, bench::kMaxKeySize},
      {"value_size", &p.value_size, 8, size_t{1} << 24},
      {"threads", &p.threads, 1, 64},
      {"batch", &p.batch, 1, kMax},
      {"reads", &p.reads, 1, kMax},
      {"seek_nexts", &p.seek_nexts, 0, 1000},
      {"sync_num", &p.sync_num, 0, kMax},
      {"mixed_ops", &p.mixed_ops, 0, kMax},
      {"write_pct", &p.write_pct, 0, 100},
      {"lv_size", &p.lv_size, 8, size_t{1} << 24},
      {"lv_num", &p.lv_num, 1, kMax},
  };
  std::string error = bench::TakeSizeFlags(&argc, argv, flags);
  if (p.reads == kUnset) p.reads = p.num;
  if (error.empty()) error = bench::CheckParams(p);
  if (!error.empty()) {
    std::fprintf(stderr, "db_bench: %s\n", error.c_str());
    return 2;
  }

  bench::RegisterDbBenchmarks(&params);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (const bench::SizeFlag& flag : flags) {
    benchmark::AddCustomContext(flag.name, std::to_string(*flag.value));
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  bench::RunCleanups();
  return 0;
}
