// Runs every db_bench workload on every engine with tiny parameters and
// checks that the engine really did the work: the records a fill leaves,
// the values an overwrite or a mixed run leaves, the exact sequence of values
// a read workload returns (through its checksum), the errors of bad
// requests.

#include "bench/db_bench.h"

#include <lmdb.h>
#include <sqlite3.h>

#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/esent.h"
#include "bench/bench_env.h"
#include "gtest/gtest.h"

namespace lmjet::bench {
namespace {

// Terminates the lmjet instance and removes the directory after the tests.
class CleanupEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { RunCleanups(); }
};
::testing::Environment* const kCleanup =
    ::testing::AddGlobalTestEnvironment(new CleanupEnvironment);

Params TinyParams() {
  Params p;
  p.num = 300;
  p.batch = 64;   // does not divide num: the last transaction is partial
  p.reads = 450;  // more than num: the scans wrap around
  p.seek_nexts = 5;
  p.sync_num = 20;
  p.mixed_ops = 100;
  p.threads = 2;
  p.write_pct = 30;
  p.lv_size = 70000;
  p.lv_num = 6;
  return p;
}

const std::string& ProcessDir() {
  static const std::string dir = [] {
    std::string made;
    const std::string error = MakeTempDir("lmjet-db-bench-test", &made);
    EXPECT_EQ(error, "");
    return made;
  }();
  return dir;
}

// The engine's code for a duplicate key and for a missing key.
struct EngineCodes {
  long duplicate;
  long missing;
};
EngineCodes CodesOf(Engine e) {
  switch (e) {
    case Engine::kLmjet:
      return {JET_errKeyDuplicate, JET_errRecordNotFound};
    case Engine::kLmdb:
      return {MDB_KEYEXIST, MDB_NOTFOUND};
    case Engine::kSqlite:
      return {SQLITE_CONSTRAINT, SQLITE_DONE};
  }
  return {0, 0};
}

class DbBenchTest : public ::testing::TestWithParam<Engine> {
 protected:
  DbBenchTest() : p_(TinyParams()), d_(p_) {}

  // A store for `w`, filled as its benchmark fills it.
  std::unique_ptr<Store> StoreFor(Workload w) {
    static int serial = 0;
    std::unique_ptr<Store> store;
    const std::string dir =
        ProcessDir() + "/t" + std::to_string(++serial) + EngineName(GetParam());
    EXPECT_EQ(
        OpenStore(GetParam(), ProcessDir(), dir, p_, OptionsFor(w), &store),
        "");
    const size_t records = RecordsBefore(w, p_);
    if (store != nullptr && records > 0) {
      std::unique_ptr<Connection> c = Connect(store.get());
      const Result r =
          FillInOrder(c.get(), d_, records, OptionsFor(w).long_values);
      EXPECT_TRUE(r.ok()) << r.message();
    }
    return store;
  }

  std::unique_ptr<Connection> Connect(Store* store) {
    std::unique_ptr<Connection> c;
    const Result r = store->Connect(&c);
    EXPECT_TRUE(r.ok()) << r.message();
    return c;
  }

  // Runs `w` as its benchmark does (thread 0); returns the stats.
  RunStats Run(Workload w, Store* store) {
    std::unique_ptr<Connection> c = Connect(store);
    RunStats stats;
    PrepareRun(w, p_, &stats);
    const Result r = RunWorkload(w, c.get(), d_, 0, &stats);
    EXPECT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(stats.latencies_ns.size(), stats.ops);
    return stats;
  }

  // Expects exactly records 0..n-1, record i holding the value of
  // generation generation_of(i), and the index (if any) an entry per record.
  template <typename GenerationOf>
  void ExpectRecords(Store* store, size_t n, bool long_values,
                     GenerationOf generation_of) {
    uint64_t records = 0, index_entries = 0;
    const Result counted = store->Count(&records, &index_entries);
    ASSERT_TRUE(counted.ok()) << counted.message();
    EXPECT_EQ(records, n);
    const size_t size = long_values ? p_.lv_size : p_.value_size;
    std::unique_ptr<Connection> c = Connect(store);
    ASSERT_TRUE(c->BeginRead().ok());
    std::vector<uint8_t> key(p_.key_size), value(size + 1);
    for (size_t i = 0; i < n; ++i) {
      d_.Key(i, key.data());
      size_t actual = 0;
      const Result r =
          c->Get({key.data(), key.size()}, value.data(), value.size(), &actual);
      ASSERT_TRUE(r.ok()) << "record " << i << ": " << r.message();
      ASSERT_EQ(actual, size) << "record " << i;
      ASSERT_EQ(std::memcmp(value.data(), d_.Value(i, generation_of(i)), size),
                0)
          << "record " << i;
    }
    // Nothing beyond them.
    d_.Key(n, key.data());
    size_t actual = 0;
    const Result missing =
        c->Get({key.data(), key.size()}, value.data(), value.size(), &actual);
    EXPECT_EQ(missing.code, CodesOf(GetParam()).missing) << missing.message();
    EXPECT_TRUE(c->EndRead().ok());
  }

  void ExpectFilled(Store* store, size_t n, bool long_values = false) {
    ExpectRecords(store, n, long_values, [](size_t) { return 0u; });
  }

  // The checksum of reading the values of `records`, generation 0.
  uint64_t ChecksumOf(const std::vector<uint64_t>& records) const {
    uint64_t h = 0;
    for (uint64_t i : records) h = ChecksumStep(h, d_.Value(i, 0));
    return h;
  }

  // Runs `w`, which must read `ops` values of the records random `stream`
  // picks from `n`, in that order.
  void ExpectRandomReads(Workload w, Stream stream, size_t ops, size_t n) {
    std::unique_ptr<Store> store = StoreFor(w);
    ASSERT_NE(store, nullptr);
    const RunStats stats = Run(w, store.get());
    EXPECT_EQ(stats.ops, ops);
    std::vector<uint64_t> expected;
    for (size_t i = 0; i < ops; ++i) {
      expected.push_back(Data::Random(stream, i, n));
    }
    EXPECT_EQ(stats.checksum, ChecksumOf(expected));
  }

  const Params p_;
  const Data d_;
};

TEST_P(DbBenchTest, FillsLeaveEveryRecordWithItsValue) {
  for (Workload w : {Workload::kFillSeq, Workload::kFillRandom,
                     Workload::kFillSync, Workload::kFillLazy}) {
    SCOPED_TRACE(WorkloadName(w));
    std::unique_ptr<Store> store = StoreFor(w);
    ASSERT_NE(store, nullptr);
    const RunStats stats = Run(w, store.get());
    const size_t n = static_cast<size_t>(RecordsAfter(w, p_));
    EXPECT_EQ(stats.ops, n);
    ExpectFilled(store.get(), n);
  }
}

TEST_P(DbBenchTest, FillIndexedFillsTheIndexToo) {
  std::unique_ptr<Store> store = StoreFor(Workload::kFillIndexed);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Run(Workload::kFillIndexed, store.get()).ops, p_.num);
  uint64_t records = 0, index_entries = 0;
  ASSERT_TRUE(store->Count(&records, &index_entries).ok());
  EXPECT_EQ(records, p_.num);
  EXPECT_EQ(index_entries, p_.num);
  ExpectFilled(store.get(), p_.num);
}

TEST_P(DbBenchTest, LvWriteStoresWholeLongValues) {
  std::unique_ptr<Store> store = StoreFor(Workload::kLvWrite);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Run(Workload::kLvWrite, store.get()).ops, p_.lv_num);
  ExpectFilled(store.get(), p_.lv_num, /*long_values=*/true);
}

TEST_P(DbBenchTest, OverwriteReplacesExactlyTheChosenRecords) {
  std::unique_ptr<Store> store = StoreFor(Workload::kOverwrite);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Run(Workload::kOverwrite, store.get()).ops, p_.num);
  std::set<uint64_t> overwritten;
  for (size_t i = 0; i < p_.num; ++i) {
    overwritten.insert(Data::Random(kOverwriteStream, i, p_.num));
  }
  ASSERT_LT(overwritten.size(), p_.num);  // some records keep generation 0
  ExpectRecords(store.get(), p_.num, false,
                [&](size_t i) { return overwritten.count(i) != 0 ? 1u : 0u; });
}

TEST_P(DbBenchTest, DeleteRandomRemovesEveryRecord) {
  std::unique_ptr<Store> store = StoreFor(Workload::kDeleteRandom);
  ASSERT_NE(store, nullptr);
  ExpectFilled(store.get(), p_.num);
  EXPECT_EQ(Run(Workload::kDeleteRandom, store.get()).ops, p_.num);
  ExpectFilled(store.get(), 0);
}

TEST_P(DbBenchTest, ReadRandomReadsTheChosenRecords) {
  ExpectRandomReads(Workload::kReadRandom, kReadStream, p_.reads, p_.num);
}

TEST_P(DbBenchTest, ScansReadInKeyOrderAndWrapAround) {
  std::unique_ptr<Store> store = StoreFor(Workload::kReadSeq);
  ASSERT_NE(store, nullptr);
  std::vector<uint64_t> forward, reverse;
  for (size_t i = 0; i < p_.reads; ++i) {
    forward.push_back(i % p_.num);
    reverse.push_back(p_.num - 1 - i % p_.num);
  }
  RunStats stats = Run(Workload::kReadSeq, store.get());
  EXPECT_EQ(stats.ops, p_.reads);
  EXPECT_EQ(stats.checksum, ChecksumOf(forward));
  stats = Run(Workload::kReadReverse, store.get());
  EXPECT_EQ(stats.ops, p_.reads);
  EXPECT_EQ(stats.checksum, ChecksumOf(reverse));
}

TEST_P(DbBenchTest, SeekRandomReadsTheRecordAndTheNextOnes) {
  std::unique_ptr<Store> store = StoreFor(Workload::kSeekRandom);
  ASSERT_NE(store, nullptr);
  const RunStats stats = Run(Workload::kSeekRandom, store.get());
  EXPECT_EQ(stats.ops, p_.reads);
  std::vector<uint64_t> expected;
  bool reached_end = false;
  for (size_t i = 0; i < p_.reads; ++i) {
    const uint64_t start = Data::Random(kSeekStream, i, p_.num);
    for (uint64_t r = start; r <= start + p_.seek_nexts && r < p_.num; ++r) {
      expected.push_back(r);
    }
    reached_end |= start + p_.seek_nexts >= p_.num;
  }
  EXPECT_TRUE(reached_end);  // the short reads at the end are covered
  EXPECT_EQ(stats.checksum, ChecksumOf(expected));
}

TEST_P(DbBenchTest, LvReadReadsTheChosenLongValues) {
  ExpectRandomReads(Workload::kLvRead, kLvReadStream, p_.lv_num, p_.lv_num);
}

TEST_P(DbBenchTest, MixedThreadsLeaveExactlyTheirWrites) {
  std::unique_ptr<Store> store = StoreFor(Workload::kMixed);
  ASSERT_NE(store, nullptr);
  const int threads = static_cast<int>(p_.threads);
  std::vector<std::unique_ptr<Connection>> connections;
  for (int t = 0; t < threads; ++t) {
    connections.push_back(Connect(store.get()));
  }
  std::vector<RunStats> stats(threads);
  std::vector<Result> results(threads);
  std::vector<std::thread> runners;
  for (int t = 0; t < threads; ++t) {
    PrepareRun(Workload::kMixed, p_, &stats[t]);
    runners.emplace_back([&, t] {
      results[t] =
          RunWorkload(Workload::kMixed, connections[t].get(), d_, t, &stats[t]);
    });
  }
  for (auto& runner : runners) runner.join();
  connections.clear();
  std::set<uint64_t> written;
  for (int t = 0; t < threads; ++t) {
    EXPECT_TRUE(results[t].ok()) << results[t].message();
    EXPECT_EQ(stats[t].ops, p_.mixed_ops);
    for (size_t i = 0; i < p_.mixed_ops; ++i) {
      const uint64_t stream = kMixedStream + static_cast<uint64_t>(t);
      if (Data::Random(stream, 2 * i + 1, 100) < p_.write_pct) {
        written.insert(Data::Random(stream, 2 * i, p_.num));
      }
    }
  }
  ASSERT_FALSE(written.empty());
  ExpectRecords(store.get(), p_.num, false,
                [&](size_t i) { return written.count(i) != 0 ? 1u : 0u; });
}

TEST_P(DbBenchTest, LongestKeysStayDistinct) {
  Params p = p_;
  p.key_size = kMaxKeySize;
  const Data d(p);
  std::unique_ptr<Store> store;
  ASSERT_EQ(OpenStore(GetParam(), ProcessDir(),
                      ProcessDir() + "/longkeys-" + EngineName(GetParam()), p,
                      {}, &store),
            "");
  std::unique_ptr<Connection> c = Connect(store.get());
  const Result r = FillInOrder(c.get(), d, p.num, false);
  ASSERT_TRUE(r.ok()) << r.message();
  uint64_t records = 0, index_entries = 0;
  ASSERT_TRUE(store->Count(&records, &index_entries).ok());
  EXPECT_EQ(records, p.num);
}

TEST_P(DbBenchTest, BadRequestsGetTheEngineError) {
  std::unique_ptr<Store> store = StoreFor(Workload::kFillSeq);
  ASSERT_NE(store, nullptr);
  std::unique_ptr<Connection> c = Connect(store.get());
  std::vector<uint8_t> key(p_.key_size);
  d_.Key(7, key.data());
  const Bytes k{key.data(), key.size()};
  const Bytes v{d_.Value(7, 0), p_.value_size};
  ASSERT_TRUE(c->BeginWrite().ok());
  ASSERT_TRUE(c->Insert(k, v).ok());
  const Result duplicate = c->Insert(k, v);
  EXPECT_EQ(duplicate.code, CodesOf(GetParam()).duplicate)
      << duplicate.message();
  c->AbortWrite();
  // The aborted transaction left nothing.
  ExpectFilled(store.get(), 0);

  // A value bigger than the reader's buffer is refused, not overrun.
  ASSERT_TRUE(c->BeginWrite().ok());
  ASSERT_TRUE(c->Insert(k, v).ok());
  ASSERT_TRUE(c->CommitWrite().ok());
  ASSERT_TRUE(c->BeginRead().ok());
  uint8_t small[8];
  size_t size = 0;
  EXPECT_FALSE(c->Get(k, small, sizeof(small), &size).ok());
  EXPECT_TRUE(c->EndRead().ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, DbBenchTest,
                         ::testing::Values(Engine::kLmjet, Engine::kLmdb,
                                           Engine::kSqlite),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                           return std::string(EngineName(info.param));
                         });

TEST(DbBenchParams, CheckParamsRefusesWhatCannotWork) {
  EXPECT_EQ(CheckParams(Params()), "");
  const struct {
    void (*change)(Params*);
    const char* error;
  } kCases[] = {
      {[](Params* p) { p->key_size = 3; }, "--key_size wants 4..252"},
      {[](Params* p) { p->key_size = 253; }, "--key_size wants 4..252"},
      {[](Params* p) { p->key_size = 4, p->num = 10000; }, ""},
      {[](Params* p) { p->key_size = 4, p->num = 10001; },
       "--num does not fit in --key_size digits"},
      {[](Params* p) { p->value_size = 7; },
       "--value_size and --lv_size want at least 8"},
      {[](Params* p) { p->batch = 0; },
       "--num, --batch, --threads and --lv_num want at least 1"},
  };
  for (const auto& c : kCases) {
    Params p;
    c.change(&p);
    EXPECT_EQ(CheckParams(p), c.error);
  }
}

TEST(BenchEnv, TakeSizeFlagsTakesItsFlagsAndKeepsTheOthers) {
  size_t num = 1, batch = 2;
  char arg0[] = "db_bench", arg1[] = "--num=42", arg2[] = "--benchmark_x=1",
       arg3[] = "--batch=7";
  char* argv[] = {arg0, arg1, arg2, arg3};
  int argc = 4;
  EXPECT_EQ(TakeSizeFlags(&argc, argv,
                          {{"num", &num, 1, 100}, {"batch", &batch, 1, 100}}),
            "");
  EXPECT_EQ(num, 42u);
  EXPECT_EQ(batch, 7u);
  ASSERT_EQ(argc, 2);
  EXPECT_STREQ(argv[1], "--benchmark_x=1");

  char bad0[] = "db_bench", bad1[] = "--num=12x";
  char* bad_argv[] = {bad0, bad1};
  argc = 2;
  EXPECT_EQ(TakeSizeFlags(&argc, bad_argv, {{"num", &num, 1, 100}}),
            "--num wants 1..100, not '12x'");
  char big0[] = "db_bench", big1[] = "--num=101";
  char* big_argv[] = {big0, big1};
  argc = 2;
  EXPECT_EQ(TakeSizeFlags(&argc, big_argv, {{"num", &num, 1, 100}}),
            "--num wants 1..100, not '101'");
  EXPECT_EQ(num, 42u);
}

}  // namespace
}  // namespace lmjet::bench
