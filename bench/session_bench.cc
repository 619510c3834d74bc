// Session, transaction and API-gate costs of lmjet, each measured in the same
// process next to the raw LMDB operation (or plain function call) it stands
// on. bench/report.py turns the JSON output into ratios; see
// bench/README.md for the pairs and the targets.
//
// Pairs:
//   BM_Lmjet_BeginEndSession   vs BM_Lmdb_ReadTxnBeginAbort
//   BM_Lmjet_EmptyTransaction  vs BM_Lmdb_ReadTxnRenewReset
//   BM_Lmjet_GateTrivialCall   vs BM_Baseline_TrivialCall
//   BM_Lmjet_EndSessionUnwind  vs BM_Lmdb_ReadTxnCursorsUnwind (same cursors)
// and the first and last pairs again with 1, 2, 4 and 8 threads.
//
// The raw LMDB environment is opened exactly as engine/database_file.cc opens
// lmjet's (MDB_NOSUBDIR | MDB_NOTLS, 1024 DBIs, 4096 readers, 1 GiB map), on
// a file in the same fresh temporary directory as lmjet's database.

#include <lmdb.h>
#include <stdlib.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "api/esent.h"
#include "benchmark/benchmark.h"

namespace {

// JetGetVersion's answer (api/jet_session.cc): JET_VERSION 0x0A01 in the
// high half, lmjet 0.1 in the low half. The baseline writes the same value.
constexpr unsigned long kVersionValue = (0x0A01ul << 16) | 0x0001ul;

constexpr uint64_t kMapBytes = uint64_t{1} << 30;  // as database_file.cc
constexpr unsigned kMaxDbis = 1024;
constexpr unsigned kMaxReaders = 4096;
constexpr unsigned kEnvFlags = MDB_NOSUBDIR | MDB_NOTLS;

// Sessions allowed to the benchmark instance: the two long-lived ones plus
// one per benchmark thread, with plenty to spare.
constexpr unsigned long kMaxSessions = 1000;

// The table the JetEndSession unwind benchmarks open their cursors on.
constexpr char kUnwindTable[] = "unwind";
constexpr int32_t kUnwindTableRows = 64;

// Everything the benchmarks share, set up once on first use and torn down at
// exit: one lmjet instance, one session with a database open (for the
// empty transaction), one plain session (for the gate), and one raw LMDB
// environment.
class Fixture {
 public:
  Fixture() { ok_ = SetUp(); }
  ~Fixture() { TearDown(); }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  bool ok() const { return ok_; }
  const char* error() const { return error_.c_str(); }

  JET_INSTANCE instance() const { return instance_; }
  JET_SESID txn_session() const { return txn_session_; }
  JET_SESID gate_session() const { return gate_session_; }
  MDB_env* lmdb() const { return lmdb_; }
  // The path of the database that holds kUnwindTable (attached to the
  // instance for as long as the fixture lives), and LMDB's matching DBI.
  const std::string& db_path() const { return db_path_; }
  MDB_dbi lmdb_rows() const { return lmdb_rows_; }

 private:
  bool Fail(const std::string& what, long code) {
    error_ = what + " failed: " + std::to_string(code);
    return false;
  }

  // kUnwindTable: a Long primary key and kUnwindTableRows rows, created by
  // txn_session_ and closed again.
  bool CreateUnwindTable(JET_DBID dbid) {
    JET_TABLEID table = JET_tableidNil;
    JET_ERR err =
        JetCreateTable(txn_session_, dbid, kUnwindTable, 0, 100, &table);
    if (err != JET_errSuccess) return Fail("JetCreateTable", err);
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypLong;
    JET_COLUMNID id_column = 0;
    err = JetAddColumn(txn_session_, table, "id", &def, nullptr, 0, &id_column);
    if (err != JET_errSuccess) return Fail("JetAddColumn", err);
    err = JetCreateIndex(txn_session_, table, "primary", JET_bitIndexPrimary,
                         "+id\0", 5, 100);
    if (err != JET_errSuccess) return Fail("JetCreateIndex", err);
    err = JetBeginTransaction(txn_session_);
    for (int32_t id = 0; err == JET_errSuccess && id < kUnwindTableRows; ++id) {
      err = JetPrepareUpdate(txn_session_, table, JET_prepInsert);
      if (err == JET_errSuccess)
        err = JetSetColumn(txn_session_, table, id_column, &id, sizeof(id), 0,
                           nullptr);
      if (err == JET_errSuccess)
        err = JetUpdate(txn_session_, table, nullptr, 0, nullptr);
    }
    if (err == JET_errSuccess) err = JetCommitTransaction(txn_session_, 0);
    if (err != JET_errSuccess) return Fail("filling the unwind table", err);
    err = JetCloseTable(txn_session_, table);
    if (err != JET_errSuccess) return Fail("JetCloseTable", err);
    return true;
  }

  bool SetUp() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
                          "/lmjet-session-bench-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return Fail("mkdtemp", errno);
    dir_ = pattern;

    // --- lmjet -------------------------------------------------------------
    JET_ERR err = JetCreateInstance(&instance_, "lmjet-session-bench");
    if (err != JET_errSuccess) return Fail("JetCreateInstance", err);
    err = JetSetSystemParameter(&instance_, 0, JET_paramMaxSessions,
                                kMaxSessions, nullptr);
    if (err != JET_errSuccess)
      return Fail("JetSetSystemParameter(MaxSessions)", err);
    // Keep whatever the instance puts beside its paths out of the cwd.
    const std::string dir_slash = dir_ + "/";
    const std::string temp_db = dir_ + "/tmp.edb";
    err = JetSetSystemParameter(&instance_, 0, JET_paramSystemPath, 0,
                                dir_slash.c_str());
    if (err != JET_errSuccess)
      return Fail("JetSetSystemParameter(SystemPath)", err);
    err = JetSetSystemParameter(&instance_, 0, JET_paramLogFilePath, 0,
                                dir_slash.c_str());
    if (err != JET_errSuccess)
      return Fail("JetSetSystemParameter(LogFilePath)", err);
    err = JetSetSystemParameter(&instance_, 0, JET_paramTempPath, 0,
                                temp_db.c_str());
    if (err != JET_errSuccess)
      return Fail("JetSetSystemParameter(TempPath)", err);
    err = JetInit(&instance_);
    if (err != JET_errSuccess) return Fail("JetInit", err);

    err = JetBeginSession(instance_, &txn_session_, "", "");
    if (err != JET_errSuccess) return Fail("JetBeginSession", err);
    const std::string db_path = dir_ + "/session_bench.edb";
    JET_DBID dbid = 0;
    err = JetCreateDatabase(txn_session_, db_path.c_str(), "", &dbid,
                            JET_bitDbOverwriteExisting);
    if (err != JET_errSuccess) return Fail("JetCreateDatabase", err);
    db_path_ = db_path;
    if (!CreateUnwindTable(dbid)) return false;

    err = JetBeginSession(instance_, &gate_session_, "", "");
    if (err != JET_errSuccess) return Fail("JetBeginSession", err);

    // --- raw LMDB, opened like engine/database_file.cc ----------------------
    int rc = mdb_env_create(&lmdb_);
    if (rc != MDB_SUCCESS) {
      lmdb_ = nullptr;
      return Fail("mdb_env_create", rc);
    }
    rc = mdb_env_set_mapsize(lmdb_, kMapBytes);
    if (rc == MDB_SUCCESS) rc = mdb_env_set_maxdbs(lmdb_, kMaxDbis);
    if (rc == MDB_SUCCESS) rc = mdb_env_set_maxreaders(lmdb_, kMaxReaders);
    if (rc != MDB_SUCCESS) return Fail("mdb_env_set_*", rc);
    const std::string raw_path = dir_ + "/raw.mdb";
    rc = mdb_env_open(lmdb_, raw_path.c_str(), kEnvFlags, 0644);
    if (rc != MDB_SUCCESS) return Fail("mdb_env_open", rc);
    int stale = 0;
    mdb_reader_check(lmdb_, &stale);
    // One committed write, as lmjet writes its format record on create, so
    // both files are at the same transaction id with a named DBI.
    MDB_txn* txn = nullptr;
    rc = mdb_txn_begin(lmdb_, nullptr, 0, &txn);
    if (rc != MDB_SUCCESS) return Fail("mdb_txn_begin(write)", rc);
    MDB_dbi dbi;
    rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &dbi);
    char key_bytes[] = "format";
    char value_bytes[16] = "lmjet-bench";
    MDB_val key{sizeof(key_bytes) - 1, key_bytes};
    MDB_val value{sizeof(value_bytes), value_bytes};
    if (rc == MDB_SUCCESS) rc = mdb_put(txn, dbi, &key, &value, 0);
    // The rows the unwind benchmarks' raw cursors stand on, as lmjet's table.
    if (rc == MDB_SUCCESS)
      rc = mdb_dbi_open(txn, kUnwindTable, MDB_CREATE, &lmdb_rows_);
    for (int32_t id = 0; rc == MDB_SUCCESS && id < kUnwindTableRows; ++id) {
      MDB_val row_key{sizeof(id), &id};
      MDB_val row_value{sizeof(id), &id};
      rc = mdb_put(txn, lmdb_rows_, &row_key, &row_value, 0);
    }
    if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      return Fail("mdb_put", rc);
    }
    rc = mdb_txn_commit(txn);
    if (rc != MDB_SUCCESS) return Fail("mdb_txn_commit", rc);
    return true;
  }

  void TearDown() {
    if (gate_session_ != JET_sesidNil) (void)JetEndSession(gate_session_, 0);
    if (txn_session_ != JET_sesidNil) (void)JetEndSession(txn_session_, 0);
    // JetTerm also frees an instance whose JetInit never ran.
    if (instance_ != 0 && instance_ != JET_instanceNil)
      (void)JetTerm(instance_);
    if (lmdb_ != nullptr) mdb_env_close(lmdb_);
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  bool ok_ = false;
  std::string error_;
  std::string dir_;
  JET_INSTANCE instance_ = 0;
  JET_SESID txn_session_ = JET_sesidNil;
  JET_SESID gate_session_ = JET_sesidNil;
  std::string db_path_;
  MDB_env* lmdb_ = nullptr;
  MDB_dbi lmdb_rows_ = 0;
};

Fixture& Shared() {
  // Thread-safe first use; destroyed at exit, before the libraries it uses.
  static Fixture fixture;
  return fixture;
}

// Reports `what` failing with `code` and makes the run an error. The message
// is copied by the library; it only has to live through the call.
void Skip(benchmark::State& state, const char* what, long code) {
  const std::string message =
      std::string(what) + " failed: " + std::to_string(code);
  state.SkipWithError(message.c_str());
}

bool FixtureReady(benchmark::State& state) {
  Fixture& f = Shared();
  if (!f.ok()) state.SkipWithError(f.error());
  return f.ok();
}

// ---------------------------------------------------------------------------
// Session begin/end vs an LMDB read transaction begin/abort.
//
// A session is lmjet's unit of concurrency, as a read transaction (with its
// reader slot) is LMDB's: both are "get a handle that can read, give it back".

void BM_Lmjet_BeginEndSession(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  const JET_INSTANCE instance = Shared().instance();
  JET_SESID sesid = JET_sesidNil;
  JET_ERR err = JetBeginSession(instance, &sesid, "", "");
  if (err != JET_errSuccess) return Skip(state, "JetBeginSession", err);
  err = JetEndSession(sesid, 0);
  if (err != JET_errSuccess) return Skip(state, "JetEndSession", err);

  JET_ERR errors = JET_errSuccess;
  for (auto _ : state) {
    errors |= JetBeginSession(instance, &sesid, "", "");
    benchmark::DoNotOptimize(sesid);
    errors |= JetEndSession(sesid, 0);
  }
  if (errors != JET_errSuccess)
    Skip(state, "JetBeginSession/JetEndSession", errors);
}

void BM_Lmdb_ReadTxnBeginAbort(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  MDB_env* env = Shared().lmdb();
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return Skip(state, "mdb_txn_begin", rc);
  mdb_txn_abort(txn);

  int errors = MDB_SUCCESS;
  for (auto _ : state) {
    errors |= mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
    benchmark::DoNotOptimize(txn);
    mdb_txn_abort(txn);
  }
  if (errors != MDB_SUCCESS) Skip(state, "mdb_txn_begin", errors);
}

// ---------------------------------------------------------------------------
// An empty transaction vs LMDB read-transaction renew/reset.
//
// With one database open, JetBeginTransaction renews the session's reset
// LMDB read transaction on it and the level-0 commit resets it again
// (txn/transaction_stack.cc), so renew + reset is the floor.

void BM_Lmjet_EmptyTransaction(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  const JET_SESID sesid = Shared().txn_session();
  // The first begin creates the read transaction; later ones renew it.
  JET_ERR err = JetBeginTransaction(sesid);
  if (err != JET_errSuccess) return Skip(state, "JetBeginTransaction", err);
  err = JetCommitTransaction(sesid, 0);
  if (err != JET_errSuccess) return Skip(state, "JetCommitTransaction", err);

  JET_ERR errors = JET_errSuccess;
  for (auto _ : state) {
    errors |= JetBeginTransaction(sesid);
    errors |= JetCommitTransaction(sesid, 0);
  }
  benchmark::ClobberMemory();
  if (errors != JET_errSuccess) {
    Skip(state, "JetBeginTransaction/JetCommitTransaction", errors);
  }
}

void BM_Lmdb_ReadTxnRenewReset(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  MDB_env* env = Shared().lmdb();
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return Skip(state, "mdb_txn_begin", rc);
  mdb_txn_reset(txn);
  rc = mdb_txn_renew(txn);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return Skip(state, "mdb_txn_renew", rc);
  }
  mdb_txn_reset(txn);

  int errors = MDB_SUCCESS;
  for (auto _ : state) {
    errors |= mdb_txn_renew(txn);
    mdb_txn_reset(txn);
  }
  benchmark::ClobberMemory();
  mdb_txn_abort(txn);
  if (errors != MDB_SUCCESS) Skip(state, "mdb_txn_renew", errors);
}

// ---------------------------------------------------------------------------
// The API gate vs a plain call.
//
// JetGetVersion does nothing but write a constant, so its cost is the gate
// (handle lookup, the session's biased entry, re-checks, state word load,
// leave) plus a call. The baseline is the same call without the gate. Both
// are called through a volatile function pointer so that the call sequence
// is identical and nothing is inlined or hoisted.

using GetVersionFn = JET_ERR (*)(JET_SESID, unsigned long*);

extern "C" __attribute__((noinline)) JET_ERR BaselineGetVersion(
    JET_SESID sesid, unsigned long* pwVersion) {
  (void)sesid;
  *pwVersion = kVersionValue;
  return JET_errSuccess;
}

void RunTrivialCall(benchmark::State& state, GetVersionFn target,
                    JET_SESID sesid, const char* what) {
  GetVersionFn volatile fn = target;
  unsigned long version = 0;
  const JET_ERR err = fn(sesid, &version);
  if (err != JET_errSuccess) return Skip(state, what, err);
  if (version != kVersionValue)
    return Skip(state, what, static_cast<long>(version));

  JET_ERR errors = JET_errSuccess;
  for (auto _ : state) {
    errors |= fn(sesid, &version);
    benchmark::DoNotOptimize(version);
  }
  if (errors != JET_errSuccess) Skip(state, what, errors);
}

void BM_Lmjet_GateTrivialCall(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  RunTrivialCall(state, &JetGetVersion, Shared().gate_session(),
                 "JetGetVersion");
}

void BM_Baseline_TrivialCall(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  RunTrivialCall(state, &BaselineGetVersion, Shared().gate_session(),
                 "BaselineGetVersion");
}

// ---------------------------------------------------------------------------
// JetEndSession unwinding what a session holds vs LMDB closing a read
// transaction's cursors and aborting it.
//
// Each iteration builds, untimed, a fresh session holding: the database of
// kUnwindTable opened (JetOpenDatabase; the fixture keeps it attached),
// range(0) cursors on kUnwindTable (JetOpenTable, opened at level 0),
// range(1) transaction levels (JetBeginTransaction), every cursor positioned
// on the first row inside them (JetMove(JET_MoveFirst), so each reads
// through the snapshot), and range(2) sort tables (JetOpenTempTable, one Long
// key column, one record inserted). Only JetEndSession(sesid, 0) is timed:
// rolling back every level, closing the sort tables and cursors, closing the
// database, freeing the slot. Timing is manual (steady_clock around the one
// call), so the setup never counts.
//
// The LMDB side builds a read transaction with range(0) cursors positioned
// on the first row of the same 64 rows (mdb_cursor_open + MDB_FIRST) and
// times mdb_cursor_close of each plus mdb_txn_abort: a read-only
// transaction's cursors are not freed by its abort, so closing them is part
// of LMDB's unwind. LMDB has no nested levels and no sort tables; its
// counterpart is the same for every level and sort count.
//
// With several threads every thread builds and ends its own sessions (or
// transactions). Manual time is the time inside the timed calls; Google
// Benchmark divides it by the number of threads and by the calls of all
// threads, so a threaded run's time per op falls as the calls scale. The
// `ns_per_call` counter is the mean latency of one call (per thread, averaged).

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

// Builds the session the unwind benchmark ends; see above.
JET_ERR BuildSessionToUnwind(const Fixture& f, int cursors, int levels,
                             int sorts, JET_SESID* sesid) {
  JET_ERR err = JetBeginSession(f.instance(), sesid, "", "");
  if (err != JET_errSuccess) return err;
  JET_DBID dbid = 0;
  err = JetOpenDatabase(*sesid, f.db_path().c_str(), "", &dbid, 0);
  std::vector<JET_TABLEID> tables(cursors, JET_tableidNil);
  for (JET_TABLEID& table : tables) {
    if (err == JET_errSuccess)
      err = JetOpenTable(*sesid, dbid, kUnwindTable, nullptr, 0, 0, &table);
  }
  for (int level = 0; err == JET_errSuccess && level < levels; ++level)
    err = JetBeginTransaction(*sesid);
  for (JET_TABLEID table : tables) {
    if (err == JET_errSuccess) err = JetMove(*sesid, table, JET_MoveFirst, 0);
  }
  JET_COLUMNDEF key_def{};
  key_def.cbStruct = sizeof(key_def);
  key_def.coltyp = JET_coltypLong;
  key_def.grbit = JET_bitColumnTTKey;
  for (int32_t sort = 0; err == JET_errSuccess && sort < sorts; ++sort) {
    JET_TABLEID sort_table = JET_tableidNil;
    JET_COLUMNID key_column = 0;
    err = JetOpenTempTable(*sesid, &key_def, 1, 0, &sort_table, &key_column);
    if (err == JET_errSuccess)
      err = JetPrepareUpdate(*sesid, sort_table, JET_prepInsert);
    if (err == JET_errSuccess)
      err = JetSetColumn(*sesid, sort_table, key_column, &sort, sizeof(sort), 0,
                         nullptr);
    if (err == JET_errSuccess)
      err = JetUpdate(*sesid, sort_table, nullptr, 0, nullptr);
  }
  return err;
}

// Reports the mean latency of one timed call as the `ns_per_call` counter.
void SetNsPerCall(benchmark::State& state, double timed_seconds) {
  if (state.iterations() == 0) return;
  state.counters["ns_per_call"] = benchmark::Counter(
      timed_seconds * 1e9 / static_cast<double>(state.iterations()),
      benchmark::Counter::kAvgThreads);
}

void BM_Lmjet_EndSessionUnwind(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  const Fixture& f = Shared();
  const int cursors = static_cast<int>(state.range(0));
  const int levels = static_cast<int>(state.range(1));
  const int sorts = static_cast<int>(state.range(2));
  double timed_seconds = 0;
  for (auto _ : state) {
    JET_SESID sesid = JET_sesidNil;
    const JET_ERR built =
        BuildSessionToUnwind(f, cursors, levels, sorts, &sesid);
    if (built != JET_errSuccess) {
      if (sesid != JET_sesidNil) (void)JetEndSession(sesid, 0);
      return Skip(state, "building the session to unwind", built);
    }
    const Clock::time_point start = Clock::now();
    const JET_ERR err = JetEndSession(sesid, 0);
    const Clock::time_point end = Clock::now();
    if (err != JET_errSuccess) return Skip(state, "JetEndSession", err);
    state.SetIterationTime(Seconds(start, end));
    timed_seconds += Seconds(start, end);
  }
  SetNsPerCall(state, timed_seconds);
}

void BM_Lmdb_ReadTxnCursorsUnwind(benchmark::State& state) {
  if (!FixtureReady(state)) return;
  MDB_env* env = Shared().lmdb();
  const MDB_dbi dbi = Shared().lmdb_rows();
  std::vector<MDB_cursor*> cursors(static_cast<size_t>(state.range(0)));
  double timed_seconds = 0;
  for (auto _ : state) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
    if (rc != MDB_SUCCESS) return Skip(state, "mdb_txn_begin", rc);
    size_t opened = 0;
    for (; rc == MDB_SUCCESS && opened < cursors.size(); ++opened) {
      rc = mdb_cursor_open(txn, dbi, &cursors[opened]);
      if (rc != MDB_SUCCESS) break;
      MDB_val key, value;
      rc = mdb_cursor_get(cursors[opened], &key, &value, MDB_FIRST);
    }
    const Clock::time_point start = Clock::now();
    for (size_t i = 0; i < opened; ++i) mdb_cursor_close(cursors[i]);
    mdb_txn_abort(txn);
    const Clock::time_point end = Clock::now();
    if (rc != MDB_SUCCESS) return Skip(state, "mdb_cursor_open/get", rc);
    state.SetIterationTime(Seconds(start, end));
    timed_seconds += Seconds(start, end);
  }
  SetNsPerCall(state, timed_seconds);
}

}  // namespace

// Registration order keeps each pair adjacent.
BENCHMARK(BM_Lmjet_BeginEndSession)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Lmdb_ReadTxnBeginAbort)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Lmjet_EmptyTransaction)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Lmdb_ReadTxnRenewReset)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Lmjet_GateTrivialCall)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_Baseline_TrivialCall)->Unit(benchmark::kNanosecond);

// Multi-threaded: every thread begins and ends its own sessions (or read
// transactions) concurrently. Measured in wall-clock time, so a run's time
// per iteration is wall time / operations of all threads (the inverse of the
// throughput); time spent blocked on a lock counts.
BENCHMARK(BM_Lmjet_BeginEndSession)
    ->Unit(benchmark::kNanosecond)
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->Threads(8);
BENCHMARK(BM_Lmdb_ReadTxnBeginAbort)
    ->Unit(benchmark::kNanosecond)
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->Threads(8);

// The unwind runs' own minimum of timed seconds per repetition, whatever
// --benchmark_min_time says: an iteration's untimed setup costs up to ~20
// times its timed call, so the default 0.5 s of timed calls would take
// minutes per run. 0.05 s is still tens of thousands of calls for the
// cheapest shapes and a few hundred for the dearest.
constexpr double kUnwindMinSeconds = 0.05;

// The settings every unwind run shares.
void UnwindRun(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kNanosecond)->UseManualTime()->MinTime(kUnwindMinSeconds);
}

void OneToEightThreads(benchmark::internal::Benchmark* b) {
  b->Threads(1)->Threads(2)->Threads(4)->Threads(8);
}

// JetEndSession unwinding: every combination of {0, 8, 64} cursors x {1, 7}
// transaction levels x {0, 4} sort tables, and LMDB's read transaction with
// the same cursor counts.
BENCHMARK(BM_Lmjet_EndSessionUnwind)
    ->Apply(UnwindRun)
    ->ArgNames({"cursors", "levels", "sorts"})
    ->ArgsProduct({{0, 8, 64}, {1, 7}, {0, 4}});
BENCHMARK(BM_Lmdb_ReadTxnCursorsUnwind)
    ->Apply(UnwindRun)
    ->ArgNames({"cursors"})
    ->Args({0})
    ->Args({8})
    ->Args({64});

// Scaling of the unwind with 8 cursors (1 level, no sort tables).
BENCHMARK(BM_Lmjet_EndSessionUnwind)
    ->Apply(UnwindRun)
    ->ArgNames({"cursors", "levels", "sorts"})
    ->Args({8, 1, 0})
    ->Apply(OneToEightThreads);
BENCHMARK(BM_Lmdb_ReadTxnCursorsUnwind)
    ->Apply(UnwindRun)
    ->ArgNames({"cursors"})
    ->Args({8})
    ->Apply(OneToEightThreads);
