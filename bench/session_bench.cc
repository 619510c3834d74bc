// Session, transaction and API-gate costs of lmjet, each measured in the same
// process next to the raw LMDB operation (or plain function call) it stands
// on. bench/report_session.py turns the JSON output into ratios; see
// bench/README.md for the pairs and the targets.
//
// Pairs:
//   BM_Lmjet_BeginEndSession   vs BM_Lmdb_ReadTxnBeginAbort
//   BM_Lmjet_EmptyTransaction  vs BM_Lmdb_ReadTxnRenewReset
//   BM_Lmjet_GateTrivialCall   vs BM_Baseline_TrivialCall
// and the first pair again with 1, 2, 4 and 8 threads.
//
// The raw LMDB environment is opened exactly as engine/database_file.cc opens
// lmjet's (MDB_NOSUBDIR | MDB_NOTLS, 1024 DBIs, 4096 readers, 1 GiB map), on
// a file in the same fresh temporary directory as lmjet's database.

#include <lmdb.h>
#include <stdlib.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

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

 private:
  bool Fail(const std::string& what, long code) {
    error_ = what + " failed: " + std::to_string(code);
    return false;
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
  MDB_env* lmdb_ = nullptr;
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
