// Table workloads of lmjet through the JET API, each measured in the same
// process next to raw LMDB doing the same logical work on the same data (the
// floor) and SQLite (what users would pick instead). bench/report.py
// turns the JSON output into ratios; bench/README.md describes the workloads
// and their targets.
//
// The table: id (JET_coltypLong, primary index "+id\0"), k2 (JET_coltypLong)
// and payload (JET_coltypBinary, 100 bytes). N rows (--rows=N or the
// environment variable LMJET_TABLE_BENCH_ROWS; 100000 by default), with ids
// 0..N-1 inserted in a random order; k2, the payloads, the insertion order
// and the lookup sequence come from one fixed seed, so every engine gets the
// same data.
//
// Workloads (BM_<Engine>_<Workload>, Engine = Lmjet, Lmdb or Sqlite):
//   SeekRetrieve                  random point lookups by primary key,
//                                 copying the payload; one read transaction
//                                 renewed every 10000 lookups.
//   Scan                          every row in primary key order, copying
//                                 the payload, in one read transaction.
//   BulkInsertWithSecondaryIndex  N rows in random order into an empty table
//                                 with a secondary index on k2, 1000 rows per
//                                 durable transaction.
//   DurableSingleRowCommits       one row per durable transaction, with 1 and
//                                 8 threads, each with its own session (LMDB:
//                                 write transactions; SQLite: connection).
//
// Raw LMDB stores what lmjet stores, in the environment configuration of
// engine/database_file.cc (MDB_NOSUBDIR | MDB_NOTLS, 1024 DBIs, 4096
// readers, 1 GiB map, synced commits): a records DBI keyed by lmjet's
// normalized primary key (0x7f, then the id big-endian with its sign bit
// flipped) holding {id, k2, payload}, and for the secondary index a DBI
// keyed by normalized k2 || normalized id holding the normalized id (lmjet's
// secondary entries are key + bookmark, bookmark as the value).
//
// SQLite: CREATE TABLE t(id INTEGER PRIMARY KEY, k2 INTEGER, payload BLOB),
// WAL, synchronous=FULL, a 64 MiB page cache, prepared statements.
//
// Every database lives under one fresh temporary directory ($TMPDIR or
// /tmp), removed at exit. Every JET, LMDB and SQLite call is checked, in
// setup and in the timed loops; an unexpected result makes the run an error
// (SkipWithError with the call and its code).

#include <lmdb.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "api/esent.h"
#include "benchmark/benchmark.h"

namespace {

constexpr size_t kDefaultRows = 100000;
constexpr size_t kBatchRows = 1000;    // rows per bulk-insert transaction
constexpr size_t kReadTxnOps = 10000;  // lookups per read transaction
constexpr size_t kPayloadBytes = 100;
constexpr int kPayloadInt = static_cast<int>(kPayloadBytes);  // for SQLite
constexpr size_t kLookups = size_t{1} << 16;  // the lookup sequence, cycled
constexpr uint64_t kSeed = 20261122;

// DurableSingleRowCommits: each run of each thread takes a fresh block of
// ids, so runs and threads never insert the same key.
constexpr int32_t kCommitBlockRows = int32_t{1} << 20;

// As engine/database_file.cc opens lmjet's environments.
constexpr size_t kMapBytes = size_t{1} << 30;
constexpr unsigned kMaxDbis = 1024;
constexpr unsigned kMaxReaders = 4096;
constexpr unsigned kEnvFlags = MDB_NOSUBDIR | MDB_NOTLS;

constexpr unsigned long kMaxSessions = 64;

size_t g_rows = kDefaultRows;

// --- Data ------------------------------------------------------------------

// The rows and the access sequences every engine works with.
struct Data {
  size_t rows = 0;
  std::vector<int32_t> order;    // insertion order: a permutation of 0..rows-1
  std::vector<int32_t> k2;       // by id
  std::vector<uint8_t> payload;  // kPayloadBytes per id
  std::vector<int32_t> lookups;  // kLookups uniformly random ids

  const uint8_t* Payload(int32_t id) const {
    return payload.data() + static_cast<size_t>(id) * kPayloadBytes;
  }
};

const Data& TheData() {
  static const Data data = [] {
    Data d;
    d.rows = g_rows;
    std::mt19937_64 rng(kSeed);
    d.order.resize(d.rows);
    for (size_t i = 0; i < d.rows; ++i) d.order[i] = static_cast<int32_t>(i);
    // Fisher-Yates with plain modulo: the same permutation everywhere.
    for (size_t i = d.rows; i > 1; --i) {
      std::swap(d.order[i - 1], d.order[rng() % i]);
    }
    d.k2.resize(d.rows);
    for (auto& v : d.k2) v = static_cast<int32_t>(static_cast<uint32_t>(rng()));
    d.payload.resize(d.rows * kPayloadBytes);
    for (auto& b : d.payload) b = static_cast<uint8_t>(rng());
    d.lookups.resize(kLookups);
    for (auto& id : d.lookups) id = static_cast<int32_t>(rng() % d.rows);
    return d;
  }();
  return data;
}

// lmjet's normalized key of a JET_coltypLong: 0x7f, then big-endian with the
// sign bit flipped (api/table_api_test.cc, BookmarksRoundTrip).
constexpr size_t kKeyBytes = 5;
inline void EncodeKey(int32_t value, uint8_t* out) {
  const uint32_t u = static_cast<uint32_t>(value) ^ 0x80000000u;
  out[0] = 0x7f;
  out[1] = static_cast<uint8_t>(u >> 24);
  out[2] = static_cast<uint8_t>(u >> 16);
  out[3] = static_cast<uint8_t>(u >> 8);
  out[4] = static_cast<uint8_t>(u);
}

// Raw LMDB's record value: every column, as lmjet's record holds them.
struct RawRecord {
  int32_t id;
  int32_t k2;
  uint8_t payload[kPayloadBytes];
};
static_assert(sizeof(RawRecord) == 8 + kPayloadBytes, "packed");

inline RawRecord MakeRecord(const Data& d, int32_t id, int32_t row) {
  RawRecord r;
  r.id = id;
  r.k2 = d.k2[row];
  std::memcpy(r.payload, d.Payload(row), kPayloadBytes);
  return r;
}

// --- Errors ----------------------------------------------------------------

std::string Failed(const char* what, long code) {
  return std::string(what) + " failed: " + std::to_string(code);
}

std::string SqliteFailed(const char* what, int rc, sqlite3* db) {
  std::string message = Failed(what, rc);
  if (db != nullptr) message += std::string(" (") + sqlite3_errmsg(db) + ")";
  return message;
}

// Marks the run as an error. Callers then break out of the timed loop (or
// return before it).
void Skip(benchmark::State& state, const std::string& message) {
  state.SkipWithError(message.c_str());
}
void Skip(benchmark::State& state, const char* what, long code) {
  Skip(state, Failed(what, code));
}

// --- Process-wide resources --------------------------------------------------

// Cleanups run in reverse order by main() once every benchmark has run.
std::mutex g_cleanup_mu;
std::vector<std::function<void()>>& Cleanups() {
  static auto* cleanups = new std::vector<std::function<void()>>;
  return *cleanups;
}
void AtExit(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(g_cleanup_mu);
  Cleanups().push_back(std::move(fn));
}
void RunCleanups() {
  std::lock_guard<std::mutex> lock(g_cleanup_mu);
  auto& cleanups = Cleanups();
  for (auto it = cleanups.rbegin(); it != cleanups.rend(); ++it) (*it)();
  cleanups.clear();
}

// The temporary directory and the one lmjet instance.
struct Process {
  std::string error;
  std::string dir;
  JET_INSTANCE instance = 0;
};

std::string InitProcess(Process* p) {
  const char* tmp = getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
                        "/lmjet-table-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return Failed("mkdtemp", errno);
  p->dir = pattern;
  AtExit([dir = p->dir] {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  });

  JET_ERR err = JetCreateInstance(&p->instance, "lmjet-table-bench");
  if (err != JET_errSuccess) return Failed("JetCreateInstance", err);
  AtExit([instance = p->instance] {
    // Everything was closed by the later cleanups; fall back to a dirty
    // termination if something was left open by a failed run.
    if (JetTerm(instance) != JET_errSuccess) {
      (void)JetTerm2(instance, JET_bitTermDirty);
    }
  });
  const std::string dir_slash = p->dir + "/";
  const std::string temp_db = p->dir + "/tmp.edb";
  err = JetSetSystemParameter(&p->instance, 0, JET_paramMaxSessions,
                              kMaxSessions, nullptr);
  if (err != JET_errSuccess)
    return Failed("JetSetSystemParameter(MaxSessions)", err);
  err = JetSetSystemParameter(&p->instance, 0, JET_paramSystemPath, 0,
                              dir_slash.c_str());
  if (err != JET_errSuccess)
    return Failed("JetSetSystemParameter(SystemPath)", err);
  err = JetSetSystemParameter(&p->instance, 0, JET_paramLogFilePath, 0,
                              dir_slash.c_str());
  if (err != JET_errSuccess)
    return Failed("JetSetSystemParameter(LogFilePath)", err);
  err = JetSetSystemParameter(&p->instance, 0, JET_paramTempPath, 0,
                              temp_db.c_str());
  if (err != JET_errSuccess)
    return Failed("JetSetSystemParameter(TempPath)", err);
  err = JetInit(&p->instance);
  if (err != JET_errSuccess) return Failed("JetInit", err);
  return "";
}

Process& TheProcess() {
  static Process* p = [] {
    auto* process = new Process;
    process->error = InitProcess(process);
    return process;
  }();
  return *p;
}

std::string PathOf(const std::string& name) {
  return TheProcess().dir + "/" + name;
}

// Removes `name` and every file beside it whose name starts with it
// (LMDB's "-lock", SQLite's "-wal" and "-shm").
void RemoveFiles(const std::string& name) {
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(TheProcess().dir, ec)) {
    if (entry.path().filename().string().rfind(name, 0) == 0) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

// --- lmjet helpers -----------------------------------------------------------

struct JetTable {
  JET_SESID sesid = JET_sesidNil;
  JET_DBID dbid = 0;
  JET_TABLEID tableid = JET_tableidNil;
  JET_COLUMNID id = 0, k2 = 0, payload = 0;
};

// Creates table `name` (columns and primary index; the secondary index on
// k2 if asked) and leaves it open in t->tableid.
std::string CreateJetTable(JetTable* t, const char* name, bool secondary) {
  JET_ERR err = JetCreateTable(t->sesid, t->dbid, name, 0, 100, &t->tableid);
  if (err != JET_errSuccess) return Failed("JetCreateTable", err);
  struct {
    const char* name;
    JET_COLTYP coltyp;
    unsigned long cb_max;
    JET_COLUMNID* columnid;
  } columns[] = {
      {"id", JET_coltypLong, 0, &t->id},
      {"k2", JET_coltypLong, 0, &t->k2},
      {"payload", JET_coltypBinary, 255, &t->payload},
  };
  for (const auto& c : columns) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = c.coltyp;
    def.cbMax = c.cb_max;
    err = JetAddColumn(t->sesid, t->tableid, c.name, &def, nullptr, 0,
                       c.columnid);
    if (err != JET_errSuccess) return Failed("JetAddColumn", err);
  }
  static const char kPrimary[] = "+id\0";
  err = JetCreateIndex(t->sesid, t->tableid, "primary", JET_bitIndexPrimary,
                       kPrimary, sizeof(kPrimary), 100);
  if (err != JET_errSuccess) return Failed("JetCreateIndex(primary)", err);
  if (secondary) {
    static const char kByK2[] = "+k2\0";
    err = JetCreateIndex(t->sesid, t->tableid, "by_k2", 0, kByK2, sizeof(kByK2),
                         100);
    if (err != JET_errSuccess) return Failed("JetCreateIndex(by_k2)", err);
  }
  return "";
}

// The first failing call of an insert, or what == nullptr.
struct JetResult {
  const char* what = nullptr;
  JET_ERR err = JET_errSuccess;
  bool ok() const { return what == nullptr; }
  std::string message() const { return Failed(what, err); }
};

// Inserts row `row`'s k2 and payload under primary key `id` (the caller's
// transaction, if any). A failed insert is cancelled.
inline JetResult JetInsertRow(const JetTable& t, const Data& d, int32_t id,
                              int32_t row) {
  JetResult r;
  JET_ERR err = JetPrepareUpdate(t.sesid, t.tableid, JET_prepInsert);
  if (err != JET_errSuccess) return {"JetPrepareUpdate(insert)", err};
  if ((err = JetSetColumn(t.sesid, t.tableid, t.id, &id, sizeof(id), 0,
                          nullptr)) != JET_errSuccess) {
    r = {"JetSetColumn(id)", err};
  } else if ((err = JetSetColumn(t.sesid, t.tableid, t.k2, &d.k2[row],
                                 sizeof(int32_t), 0, nullptr)) !=
             JET_errSuccess) {
    r = {"JetSetColumn(k2)", err};
  } else if ((err = JetSetColumn(t.sesid, t.tableid, t.payload, d.Payload(row),
                                 kPayloadBytes, 0, nullptr)) !=
             JET_errSuccess) {
    r = {"JetSetColumn(payload)", err};
  } else if ((err = JetUpdate(t.sesid, t.tableid, nullptr, 0, nullptr)) !=
             JET_errSuccess) {
    r = {"JetUpdate", err};
  }
  if (!r.ok()) (void)JetPrepareUpdate(t.sesid, t.tableid, JET_prepCancel);
  return r;
}

// Inserts rows order[begin, end) of the data in transactions of kBatchRows.
JetResult JetLoad(const JetTable& t, const Data& d, size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    JET_ERR err = JetBeginTransaction(t.sesid);
    if (err != JET_errSuccess) return {"JetBeginTransaction", err};
    const size_t batch_end = std::min(end, i + kBatchRows);
    for (; i < batch_end; ++i) {
      const int32_t id = d.order[i];
      JetResult r = JetInsertRow(t, d, id, id);
      if (!r.ok()) {
        (void)JetRollback(t.sesid, 0);
        return r;
      }
    }
    err = JetCommitTransaction(t.sesid, 0);
    if (err != JET_errSuccess) {
      (void)JetRollback(t.sesid, 0);
      return {"JetCommitTransaction", err};
    }
  }
  return {};
}

// Records on the current index of t, from the first.
JetResult JetCountIndex(const JetTable& t, unsigned long* count) {
  *count = 0;
  JET_ERR err = JetMove(t.sesid, t.tableid, JET_MoveFirst, 0);
  if (err == JET_errNoCurrentRecord) return {};
  if (err != JET_errSuccess) return {"JetMove(first)", err};
  err = JetIndexRecordCount(t.sesid, t.tableid, count, 0);
  if (err != JET_errSuccess) return {"JetIndexRecordCount", err};
  return {};
}

// --- LMDB helpers ------------------------------------------------------------

std::string OpenLmdb(const std::string& path, MDB_env** env) {
  int rc = mdb_env_create(env);
  if (rc != MDB_SUCCESS) {
    *env = nullptr;
    return Failed("mdb_env_create", rc);
  }
  rc = mdb_env_set_mapsize(*env, kMapBytes);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxdbs(*env, kMaxDbis);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxreaders(*env, kMaxReaders);
  if (rc == MDB_SUCCESS) rc = mdb_env_open(*env, path.c_str(), kEnvFlags, 0644);
  if (rc != MDB_SUCCESS) {
    mdb_env_close(*env);
    *env = nullptr;
    return Failed("mdb_env_open", rc);
  }
  return "";
}

// Opens (creating) the records DBI and, if index != nullptr, the k2 index
// DBI, in one committed write transaction.
std::string OpenLmdbDbis(MDB_env* env, MDB_dbi* records, MDB_dbi* index) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS) return Failed("mdb_txn_begin", rc);
  rc = mdb_dbi_open(txn, "records", MDB_CREATE, records);
  if (rc == MDB_SUCCESS && index != nullptr) {
    rc = mdb_dbi_open(txn, "by_k2", MDB_CREATE, index);
  }
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return Failed("mdb_dbi_open", rc);
  }
  rc = mdb_txn_commit(txn);
  if (rc != MDB_SUCCESS) return Failed("mdb_txn_commit", rc);
  return "";
}

// The puts of one row: the record under its normalized id (refusing a
// duplicate, as lmjet's primary index does) and, if index != 0, the index
// entry normalized k2 || normalized id -> normalized id.
inline int LmdbPutRow(MDB_txn* txn, MDB_dbi records, MDB_dbi index,
                      bool with_index, const Data& d, int32_t id, int32_t row) {
  uint8_t key[2 * kKeyBytes];
  EncodeKey(d.k2[row], key);
  EncodeKey(id, key + kKeyBytes);
  RawRecord record = MakeRecord(d, id, row);
  MDB_val k{kKeyBytes, key + kKeyBytes};
  MDB_val v{sizeof(record), &record};
  int rc = mdb_put(txn, records, &k, &v, MDB_NOOVERWRITE);
  if (rc != MDB_SUCCESS || !with_index) return rc;
  MDB_val ik{sizeof(key), key};
  MDB_val iv{kKeyBytes, key + kKeyBytes};
  return mdb_put(txn, index, &ik, &iv, 0);
}

// Inserts rows order[begin, end) in write transactions of kBatchRows, each
// committed (synced).
std::string LmdbLoad(MDB_env* env, MDB_dbi records, MDB_dbi index,
                     bool with_index, const Data& d, size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env, nullptr, 0, &txn);
    if (rc != MDB_SUCCESS) return Failed("mdb_txn_begin", rc);
    const size_t batch_end = std::min(end, i + kBatchRows);
    for (; i < batch_end; ++i) {
      const int32_t id = d.order[i];
      rc = LmdbPutRow(txn, records, index, with_index, d, id, id);
      if (rc != MDB_SUCCESS) {
        mdb_txn_abort(txn);
        return Failed("mdb_put", rc);
      }
    }
    rc = mdb_txn_commit(txn);
    if (rc != MDB_SUCCESS) return Failed("mdb_txn_commit", rc);
  }
  return "";
}

// --- SQLite helpers ----------------------------------------------------------

constexpr char kSqliteSchema[] =
    "CREATE TABLE t(id INTEGER PRIMARY KEY, k2 INTEGER, payload BLOB)";
constexpr char kSqliteIndex[] = "CREATE INDEX by_k2 ON t(k2)";
constexpr char kSqliteInsert[] =
    "INSERT INTO t(id, k2, payload) VALUES(?1, ?2, ?3)";

std::string SqliteExec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return "";
  std::string error = std::string(sql) + " failed: " + std::to_string(rc) +
                      " (" + (message != nullptr ? message : "?") + ")";
  sqlite3_free(message);
  return error;
}

// Opens (creating) `path` in WAL mode with synchronous=FULL, a 64 MiB page
// cache and a busy timeout.
std::string OpenSqlite(const std::string& path, sqlite3** db) {
  int rc = sqlite3_open_v2(
      path.c_str(), db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    std::string error = SqliteFailed("sqlite3_open_v2", rc, *db);
    sqlite3_close(*db);
    *db = nullptr;
    return error;
  }
  rc = sqlite3_busy_timeout(*db, 60000);
  if (rc != SQLITE_OK) return SqliteFailed("sqlite3_busy_timeout", rc, *db);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
        "PRAGMA cache_size=-65536"}) {
    std::string error = SqliteExec(*db, pragma);
    if (!error.empty()) return error;
  }
  return "";
}

std::string SqlitePrepare(sqlite3* db, const char* sql, sqlite3_stmt** stmt) {
  const int rc = sqlite3_prepare_v2(db, sql, -1, stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteFailed("sqlite3_prepare_v2", rc, db);
  return "";
}

// Runs the prepared insert for one row; SQLITE_DONE on success.
inline int SqliteInsertRow(sqlite3_stmt* insert, const Data& d, int32_t id,
                           int32_t row) {
  int rc = sqlite3_bind_int(insert, 1, id);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(insert, 2, d.k2[row]);
  if (rc == SQLITE_OK) {
    rc = sqlite3_bind_blob(insert, 3, d.Payload(row), kPayloadInt,
                           SQLITE_STATIC);
  }
  if (rc == SQLITE_OK) rc = sqlite3_step(insert);
  const int reset = sqlite3_reset(insert);
  return rc == SQLITE_DONE && reset != SQLITE_OK ? reset : rc;
}

// Inserts rows order[begin, end) with BEGIN/COMMIT around each kBatchRows.
std::string SqliteLoad(sqlite3* db, sqlite3_stmt* insert, const Data& d,
                       size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    std::string error = SqliteExec(db, "BEGIN");
    if (!error.empty()) return error;
    const size_t batch_end = std::min(end, i + kBatchRows);
    for (; i < batch_end; ++i) {
      const int32_t id = d.order[i];
      const int rc = SqliteInsertRow(insert, d, id, id);
      if (rc != SQLITE_DONE) {
        error = SqliteFailed("INSERT", rc, db);
        (void)SqliteExec(db, "ROLLBACK");
        return error;
      }
    }
    error = SqliteExec(db, "COMMIT");
    if (!error.empty()) return error;
  }
  return "";
}

// --- The read fixture: N rows in each engine --------------------------------

struct Reads {
  std::string error;
  JetTable jet;
  MDB_env* lmdb = nullptr;
  MDB_dbi lmdb_records = 0;
  sqlite3* sqlite = nullptr;
  sqlite3_stmt* sqlite_select = nullptr;
  sqlite3_stmt* sqlite_scan = nullptr;
};

// Checks that every engine returns the right payload for the first lookups.
std::string VerifyReads(Reads* r, const Data& d) {
  JetTable& t = r->jet;
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(r->lmdb, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return Failed("mdb_txn_begin", rc);
  std::string error;
  for (size_t i = 0; i < std::min<size_t>(1000, d.lookups.size()); ++i) {
    const int32_t id = d.lookups[i];
    uint8_t buffer[255];
    unsigned long actual = 0;
    JET_ERR err =
        JetMakeKey(t.sesid, t.tableid, &id, sizeof(id), JET_bitNewKey);
    if (err == JET_errSuccess) err = JetSeek(t.sesid, t.tableid, JET_bitSeekEQ);
    if (err == JET_errSuccess) {
      err = JetRetrieveColumn(t.sesid, t.tableid, t.payload, buffer,
                              sizeof(buffer), &actual, 0, nullptr);
    }
    if (err != JET_errSuccess) {
      error = Failed("verify: lmjet lookup", err);
      break;
    }
    if (actual != kPayloadBytes ||
        std::memcmp(buffer, d.Payload(id), kPayloadBytes) != 0) {
      error = "verify: lmjet returned the wrong payload";
      break;
    }
    uint8_t key[kKeyBytes];
    EncodeKey(id, key);
    MDB_val k{kKeyBytes, key}, v;
    rc = mdb_get(txn, r->lmdb_records, &k, &v);
    if (rc != MDB_SUCCESS) {
      error = Failed("verify: mdb_get", rc);
      break;
    }
    if (v.mv_size != sizeof(RawRecord) ||
        std::memcmp(static_cast<const RawRecord*>(v.mv_data)->payload,
                    d.Payload(id), kPayloadBytes) != 0) {
      error = "verify: LMDB returned the wrong payload";
      break;
    }
    sqlite3_stmt* select = r->sqlite_select;
    rc = sqlite3_bind_int(select, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(select);
    if (rc != SQLITE_ROW) {
      error = SqliteFailed("verify: SELECT", rc, r->sqlite);
    } else if (sqlite3_column_bytes(select, 0) != kPayloadInt ||
               std::memcmp(sqlite3_column_blob(select, 0), d.Payload(id),
                           kPayloadBytes) != 0) {
      error = "verify: SQLite returned the wrong payload";
    }
    sqlite3_reset(select);
    if (!error.empty()) break;
  }
  mdb_txn_abort(txn);
  return error;
}

std::string InitReads(Reads* r) {
  const Process& p = TheProcess();
  if (!p.error.empty()) return p.error;
  const Data& d = TheData();

  // lmjet: its own session, database and table, left open for the runs.
  JetTable& t = r->jet;
  JET_ERR err = JetBeginSession(p.instance, &t.sesid, "", "");
  if (err != JET_errSuccess) return Failed("JetBeginSession", err);
  AtExit([r] {
    if (r->jet.tableid != JET_tableidNil)
      (void)JetCloseTable(r->jet.sesid, r->jet.tableid);
    (void)JetEndSession(r->jet.sesid, 0);
  });
  err = JetCreateDatabase(t.sesid, PathOf("reads.edb").c_str(), "", &t.dbid,
                          JET_bitDbOverwriteExisting);
  if (err != JET_errSuccess) return Failed("JetCreateDatabase", err);
  std::string error = CreateJetTable(&t, "t", /*secondary=*/false);
  if (!error.empty()) return error;
  JetResult jr = JetLoad(t, d, 0, d.rows);
  if (!jr.ok()) return "load: " + jr.message();

  // Raw LMDB.
  error = OpenLmdb(PathOf("reads.mdb"), &r->lmdb);
  if (!error.empty()) return error;
  AtExit([r] { mdb_env_close(r->lmdb); });
  error = OpenLmdbDbis(r->lmdb, &r->lmdb_records, nullptr);
  if (error.empty()) {
    error = LmdbLoad(r->lmdb, r->lmdb_records, 0, false, d, 0, d.rows);
  }
  if (!error.empty()) return error;

  // SQLite.
  error = OpenSqlite(PathOf("reads.db"), &r->sqlite);
  AtExit([r] {
    sqlite3_finalize(r->sqlite_select);
    sqlite3_finalize(r->sqlite_scan);
    sqlite3_close(r->sqlite);
  });
  if (!error.empty()) return error;
  error = SqliteExec(r->sqlite, kSqliteSchema);
  sqlite3_stmt* insert = nullptr;
  if (error.empty()) error = SqlitePrepare(r->sqlite, kSqliteInsert, &insert);
  if (error.empty()) error = SqliteLoad(r->sqlite, insert, d, 0, d.rows);
  sqlite3_finalize(insert);
  if (!error.empty()) return error;
  error = SqlitePrepare(r->sqlite, "SELECT payload FROM t WHERE id = ?1",
                        &r->sqlite_select);
  if (error.empty()) {
    error = SqlitePrepare(r->sqlite, "SELECT payload FROM t", &r->sqlite_scan);
  }
  if (!error.empty()) return error;
  return VerifyReads(r, d);
}

Reads* ReadsOrSkip(benchmark::State& state) {
  static Reads* reads = [] {
    auto* r = new Reads;
    r->error = InitReads(r);
    return r;
  }();
  if (!reads->error.empty()) {
    Skip(state, reads->error);
    return nullptr;
  }
  return reads;
}

// ---------------------------------------------------------------------------
// SeekRetrieve: random point lookups by primary key, copying the payload, in
// one read transaction renewed every kReadTxnOps lookups.

void BM_Lmjet_SeekRetrieve(benchmark::State& state) {
  Reads* r = ReadsOrSkip(state);
  if (r == nullptr) return;
  const Data& d = TheData();
  const JetTable& t = r->jet;
  JET_ERR err = JetBeginTransaction2(t.sesid, JET_bitTransactionReadOnly);
  if (err != JET_errSuccess) return Skip(state, "JetBeginTransaction2", err);
  bool in_transaction = true;
  uint8_t buffer[255];
  size_t i = 0, in_txn = 0;
  for (auto _ : state) {
    if (in_txn == kReadTxnOps) {
      err = JetCommitTransaction(t.sesid, 0);
      if (err != JET_errSuccess) {
        Skip(state, "JetCommitTransaction", err);
        break;
      }
      err = JetBeginTransaction2(t.sesid, JET_bitTransactionReadOnly);
      if (err != JET_errSuccess) {
        Skip(state, "JetBeginTransaction2", err);
        in_transaction = false;
        break;
      }
      in_txn = 0;
    }
    ++in_txn;
    const int32_t id = d.lookups[i++ & (kLookups - 1)];
    err = JetMakeKey(t.sesid, t.tableid, &id, sizeof(id), JET_bitNewKey);
    if (err != JET_errSuccess) {
      Skip(state, "JetMakeKey", err);
      break;
    }
    err = JetSeek(t.sesid, t.tableid, JET_bitSeekEQ);
    if (err != JET_errSuccess) {
      Skip(state, "JetSeek(EQ)", err);
      break;
    }
    unsigned long actual = 0;
    err = JetRetrieveColumn(t.sesid, t.tableid, t.payload, buffer,
                            sizeof(buffer), &actual, 0, nullptr);
    if (err != JET_errSuccess) {
      Skip(state, "JetRetrieveColumn", err);
      break;
    }
    if (actual != kPayloadBytes) {
      Skip(state, "JetRetrieveColumn size", static_cast<long>(actual));
      break;
    }
    benchmark::DoNotOptimize(buffer);
  }
  if (in_transaction) {
    err = JetCommitTransaction(t.sesid, 0);
    if (err != JET_errSuccess && !state.error_occurred()) {
      Skip(state, "JetCommitTransaction", err);
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Lmdb_SeekRetrieve(benchmark::State& state) {
  Reads* r = ReadsOrSkip(state);
  if (r == nullptr) return;
  const Data& d = TheData();
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(r->lmdb, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return Skip(state, "mdb_txn_begin", rc);
  MDB_cursor* cursor = nullptr;
  rc = mdb_cursor_open(txn, r->lmdb_records, &cursor);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return Skip(state, "mdb_cursor_open", rc);
  }
  uint8_t buffer[255];
  size_t i = 0, in_txn = 0;
  for (auto _ : state) {
    if (in_txn == kReadTxnOps) {
      mdb_txn_reset(txn);
      rc = mdb_txn_renew(txn);
      if (rc == MDB_SUCCESS) rc = mdb_cursor_renew(txn, cursor);
      if (rc != MDB_SUCCESS) {
        Skip(state, "mdb_txn_renew", rc);
        break;
      }
      in_txn = 0;
    }
    ++in_txn;
    const int32_t id = d.lookups[i++ & (kLookups - 1)];
    uint8_t key[kKeyBytes];
    EncodeKey(id, key);
    MDB_val k{kKeyBytes, key}, v;
    rc = mdb_cursor_get(cursor, &k, &v, MDB_SET);
    if (rc != MDB_SUCCESS) {
      Skip(state, "mdb_cursor_get(MDB_SET)", rc);
      break;
    }
    if (v.mv_size != sizeof(RawRecord)) {
      Skip(state, "record size", static_cast<long>(v.mv_size));
      break;
    }
    std::memcpy(buffer, static_cast<const RawRecord*>(v.mv_data)->payload,
                kPayloadBytes);
    benchmark::DoNotOptimize(buffer);
  }
  mdb_cursor_close(cursor);
  mdb_txn_abort(txn);
  state.SetItemsProcessed(state.iterations());
}

void BM_Sqlite_SeekRetrieve(benchmark::State& state) {
  Reads* r = ReadsOrSkip(state);
  if (r == nullptr) return;
  const Data& d = TheData();
  sqlite3_stmt* select = r->sqlite_select;
  std::string error = SqliteExec(r->sqlite, "BEGIN");
  if (!error.empty()) return Skip(state, error);
  uint8_t buffer[255];
  size_t i = 0, in_txn = 0;
  for (auto _ : state) {
    if (in_txn == kReadTxnOps) {
      error = SqliteExec(r->sqlite, "COMMIT");
      if (error.empty()) error = SqliteExec(r->sqlite, "BEGIN");
      if (!error.empty()) {
        Skip(state, error);
        break;
      }
      in_txn = 0;
    }
    ++in_txn;
    const int32_t id = d.lookups[i++ & (kLookups - 1)];
    int rc = sqlite3_bind_int(select, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_step(select);
    if (rc != SQLITE_ROW) {
      sqlite3_reset(select);
      Skip(state, SqliteFailed("SELECT payload WHERE id", rc, r->sqlite));
      break;
    }
    const int size = sqlite3_column_bytes(select, 0);
    if (size != kPayloadInt) {
      sqlite3_reset(select);
      Skip(state, "payload size", size);
      break;
    }
    std::memcpy(buffer, sqlite3_column_blob(select, 0), kPayloadBytes);
    benchmark::DoNotOptimize(buffer);
    rc = sqlite3_reset(select);
    if (rc != SQLITE_OK) {
      Skip(state, SqliteFailed("sqlite3_reset", rc, r->sqlite));
      break;
    }
  }
  error = SqliteExec(r->sqlite, "COMMIT");
  if (!error.empty() && !state.error_occurred()) Skip(state, error);
  state.SetItemsProcessed(state.iterations());
}

// ---------------------------------------------------------------------------
// Scan: every row in primary key order, copying the payload, each scan in
// one read transaction. One iteration is one scan of N rows.

void BM_Lmjet_Scan(benchmark::State& state) {
  Reads* r = ReadsOrSkip(state);
  if (r == nullptr) return;
  const Data& d = TheData();
  const JetTable& t = r->jet;
  uint8_t buffer[255];
  for (auto _ : state) {
    JET_ERR err = JetBeginTransaction2(t.sesid, JET_bitTransactionReadOnly);
    if (err != JET_errSuccess) {
      Skip(state, "JetBeginTransaction2", err);
      break;
    }
    size_t rows = 0;
    const char* what = "JetMove(first)";
    err = JetMove(t.sesid, t.tableid, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
      unsigned long actual = 0;
      err = JetRetrieveColumn(t.sesid, t.tableid, t.payload, buffer,
                              sizeof(buffer), &actual, 0, nullptr);
      if (err != JET_errSuccess) {
        what = "JetRetrieveColumn";
        break;
      }
      if (actual != kPayloadBytes) {
        what = "JetRetrieveColumn size";
        err = static_cast<JET_ERR>(actual);
        break;
      }
      benchmark::DoNotOptimize(buffer);
      ++rows;
      what = "JetMove(next)";
      err = JetMove(t.sesid, t.tableid, JET_MoveNext, 0);
    }
    const JET_ERR commit = JetCommitTransaction(t.sesid, 0);
    if (err != JET_errNoCurrentRecord) {
      Skip(state, what, err);
      break;
    }
    if (commit != JET_errSuccess) {
      Skip(state, "JetCommitTransaction", commit);
      break;
    }
    if (rows != d.rows) {
      Skip(state, "scan row count", static_cast<long>(rows));
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.rows));
}

void BM_Lmdb_Scan(benchmark::State& state) {
  Reads* r = ReadsOrSkip(state);
  if (r == nullptr) return;
  const Data& d = TheData();
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(r->lmdb, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return Skip(state, "mdb_txn_begin", rc);
  MDB_cursor* cursor = nullptr;
  rc = mdb_cursor_open(txn, r->lmdb_records, &cursor);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return Skip(state, "mdb_cursor_open", rc);
  }
  mdb_txn_reset(txn);
  uint8_t buffer[255];
  for (auto _ : state) {
    rc = mdb_txn_renew(txn);
    if (rc == MDB_SUCCESS) rc = mdb_cursor_renew(txn, cursor);
    if (rc != MDB_SUCCESS) {
      Skip(state, "mdb_txn_renew", rc);
      break;
    }
    size_t rows = 0;
    MDB_val k, v;
    rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
    while (rc == MDB_SUCCESS) {
      if (v.mv_size != sizeof(RawRecord)) break;
      std::memcpy(buffer, static_cast<const RawRecord*>(v.mv_data)->payload,
                  kPayloadBytes);
      benchmark::DoNotOptimize(buffer);
      ++rows;
      rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
    }
    mdb_txn_reset(txn);
    if (rc != MDB_NOTFOUND) {
      Skip(state, "mdb_cursor_get(MDB_NEXT)", rc);
      break;
    }
    if (rows != d.rows) {
      Skip(state, "scan row count", static_cast<long>(rows));
      break;
    }
  }
  mdb_cursor_close(cursor);
  mdb_txn_abort(txn);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.rows));
}

void BM_Sqlite_Scan(benchmark::State& state) {
  Reads* r = ReadsOrSkip(state);
  if (r == nullptr) return;
  const Data& d = TheData();
  sqlite3_stmt* scan = r->sqlite_scan;
  uint8_t buffer[255];
  for (auto _ : state) {
    size_t rows = 0;
    int rc;
    bool bad_size = false;
    while ((rc = sqlite3_step(scan)) == SQLITE_ROW) {
      if (sqlite3_column_bytes(scan, 0) != kPayloadInt) {
        bad_size = true;
        break;
      }
      std::memcpy(buffer, sqlite3_column_blob(scan, 0), kPayloadBytes);
      benchmark::DoNotOptimize(buffer);
      ++rows;
    }
    const int reset = sqlite3_reset(scan);
    if (bad_size) {
      Skip(state, "payload size", 0);
      break;
    }
    if (rc != SQLITE_DONE || reset != SQLITE_OK) {
      Skip(state, SqliteFailed("SELECT payload", rc != SQLITE_DONE ? rc : reset,
                               r->sqlite));
      break;
    }
    if (rows != d.rows) {
      Skip(state, "scan row count", static_cast<long>(rows));
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.rows));
}

// ---------------------------------------------------------------------------
// BulkInsertWithSecondaryIndex: one iteration inserts the N rows, in random
// order, into a new database holding an empty table with an index on k2, in
// durable transactions of kBatchRows. Creating the database and table, and
// closing and removing them afterwards, is not timed.

std::atomic<int> g_bulk_serial{0};

void BM_Lmjet_BulkInsertWithSecondaryIndex(benchmark::State& state) {
  const Process& p = TheProcess();
  if (!p.error.empty()) return Skip(state, p.error);
  const Data& d = TheData();
  JetTable t;
  JET_ERR err = JetBeginSession(p.instance, &t.sesid, "", "");
  if (err != JET_errSuccess) return Skip(state, "JetBeginSession", err);
  bool verified = false;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string name = "bulk-" + std::to_string(++g_bulk_serial) + ".edb";
    const std::string path = PathOf(name);
    err = JetCreateDatabase(t.sesid, path.c_str(), "", &t.dbid,
                            JET_bitDbOverwriteExisting);
    if (err != JET_errSuccess) {
      Skip(state, "JetCreateDatabase", err);
      break;
    }
    std::string error = CreateJetTable(&t, "t", /*secondary=*/true);
    if (!error.empty()) {
      Skip(state, error);
      break;
    }
    state.ResumeTiming();

    const JetResult r = JetLoad(t, d, 0, d.rows);
    if (!r.ok()) {
      Skip(state, r.message());
      break;
    }

    state.PauseTiming();
    if (!verified) {  // both indexes hold every row
      verified = true;
      unsigned long primary = 0, by_k2 = 0;
      JetResult c = JetCountIndex(t, &primary);
      if (c.ok()) {
        err = JetSetCurrentIndex(t.sesid, t.tableid, "by_k2");
        if (err != JET_errSuccess) c = {"JetSetCurrentIndex(by_k2)", err};
      }
      if (c.ok()) c = JetCountIndex(t, &by_k2);
      if (!c.ok()) {
        Skip(state, c.message());
        break;
      }
      if (primary != d.rows || by_k2 != d.rows) {
        Skip(state, "index record count",
             static_cast<long>(std::min(primary, by_k2)));
        break;
      }
    }
    err = JetCloseTable(t.sesid, t.tableid);
    t.tableid = JET_tableidNil;
    if (err != JET_errSuccess) {
      Skip(state, "JetCloseTable", err);
      break;
    }
    err = JetCloseDatabase(t.sesid, t.dbid, 0);
    if (err != JET_errSuccess) {
      Skip(state, "JetCloseDatabase", err);
      break;
    }
    err = JetDetachDatabase(t.sesid, path.c_str());
    if (err != JET_errSuccess) {
      Skip(state, "JetDetachDatabase", err);
      break;
    }
    RemoveFiles(name);
    state.ResumeTiming();
  }
  if (t.tableid != JET_tableidNil) (void)JetCloseTable(t.sesid, t.tableid);
  err = JetEndSession(t.sesid, 0);
  if (err != JET_errSuccess && !state.error_occurred()) {
    Skip(state, "JetEndSession", err);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.rows));
}

void BM_Lmdb_BulkInsertWithSecondaryIndex(benchmark::State& state) {
  const Process& p = TheProcess();
  if (!p.error.empty()) return Skip(state, p.error);
  const Data& d = TheData();
  bool verified = false;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string name = "bulk-" + std::to_string(++g_bulk_serial) + ".mdb";
    MDB_env* env = nullptr;
    MDB_dbi records = 0, index = 0;
    std::string error = OpenLmdb(PathOf(name), &env);
    if (error.empty()) error = OpenLmdbDbis(env, &records, &index);
    if (!error.empty()) {
      if (env != nullptr) mdb_env_close(env);
      Skip(state, error);
      break;
    }
    state.ResumeTiming();

    error = LmdbLoad(env, records, index, true, d, 0, d.rows);

    state.PauseTiming();
    if (error.empty() && !verified) {
      verified = true;
      MDB_txn* txn = nullptr;
      MDB_stat by_id{}, by_k2{};
      int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
      if (rc == MDB_SUCCESS) rc = mdb_stat(txn, records, &by_id);
      if (rc == MDB_SUCCESS) rc = mdb_stat(txn, index, &by_k2);
      if (txn != nullptr) mdb_txn_abort(txn);
      if (rc != MDB_SUCCESS) {
        error = Failed("mdb_stat", rc);
      } else if (by_id.ms_entries != d.rows || by_k2.ms_entries != d.rows) {
        error = "index entry count wrong";
      }
    }
    mdb_env_close(env);
    RemoveFiles(name);
    if (!error.empty()) {
      Skip(state, error);
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.rows));
}

void BM_Sqlite_BulkInsertWithSecondaryIndex(benchmark::State& state) {
  const Process& p = TheProcess();
  if (!p.error.empty()) return Skip(state, p.error);
  const Data& d = TheData();
  bool verified = false;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string name = "bulk-" + std::to_string(++g_bulk_serial) + ".db";
    sqlite3* db = nullptr;
    sqlite3_stmt* insert = nullptr;
    std::string error = OpenSqlite(PathOf(name), &db);
    if (error.empty()) error = SqliteExec(db, kSqliteSchema);
    if (error.empty()) error = SqliteExec(db, kSqliteIndex);
    if (error.empty()) error = SqlitePrepare(db, kSqliteInsert, &insert);
    if (!error.empty()) {
      sqlite3_finalize(insert);
      sqlite3_close(db);
      Skip(state, error);
      break;
    }
    state.ResumeTiming();

    error = SqliteLoad(db, insert, d, 0, d.rows);

    state.PauseTiming();
    sqlite3_finalize(insert);
    if (error.empty() && !verified) {
      verified = true;
      sqlite3_stmt* count = nullptr;
      error = SqlitePrepare(
          db, "SELECT count(*) FROM t INDEXED BY by_k2 WHERE k2 IS NOT NULL",
          &count);
      if (error.empty()) {
        const int rc = sqlite3_step(count);
        if (rc != SQLITE_ROW) {
          error = SqliteFailed("SELECT count(*)", rc, db);
        } else if (sqlite3_column_int64(count, 0) !=
                   static_cast<int64_t>(d.rows)) {
          error = "index entry count wrong";
        }
      }
      sqlite3_finalize(count);
    }
    sqlite3_close(db);
    RemoveFiles(name);
    if (!error.empty()) {
      Skip(state, error);
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.rows));
}

// ---------------------------------------------------------------------------
// DurableSingleRowCommits: each iteration is one transaction inserting one
// row, committed durably. With several threads each has its own session
// (connection) and its own keys; they commit concurrently.

// The next block of kCommitBlockRows ids for one run of one thread, or -1
// when the int32 key space is used up.
int32_t NextCommitBlock(std::atomic<int32_t>* blocks) {
  const int32_t block = blocks->fetch_add(1);
  if (block >= INT32_MAX / kCommitBlockRows) return -1;
  return block * kCommitBlockRows;
}

// Row whose k2 and payload the commit of key `id` inserts.
inline int32_t RowOf(const Data& d, int32_t id) {
  return static_cast<int32_t>(static_cast<size_t>(id) % d.rows);
}

struct Commits {
  std::string error;
  // lmjet: the session that created the database keeps it attached.
  JET_SESID jet_owner = JET_sesidNil;
  std::string jet_path;
  std::atomic<int32_t> jet_blocks{0};
  MDB_env* lmdb = nullptr;
  MDB_dbi lmdb_records = 0;
  std::atomic<int32_t> lmdb_blocks{0};
  std::string sqlite_path;
  sqlite3* sqlite_owner = nullptr;  // keeps the WAL in place between runs
  std::atomic<int32_t> sqlite_blocks{0};
};

std::string InitCommits(Commits* c) {
  const Process& p = TheProcess();
  if (!p.error.empty()) return p.error;

  JET_ERR err = JetBeginSession(p.instance, &c->jet_owner, "", "");
  if (err != JET_errSuccess) return Failed("JetBeginSession", err);
  AtExit([c] { (void)JetEndSession(c->jet_owner, 0); });
  c->jet_path = PathOf("commits.edb");
  JetTable t;
  t.sesid = c->jet_owner;
  err = JetCreateDatabase(t.sesid, c->jet_path.c_str(), "", &t.dbid,
                          JET_bitDbOverwriteExisting);
  if (err != JET_errSuccess) return Failed("JetCreateDatabase", err);
  std::string error = CreateJetTable(&t, "t", /*secondary=*/false);
  if (!error.empty()) return error;
  err = JetCloseTable(t.sesid, t.tableid);
  if (err != JET_errSuccess) return Failed("JetCloseTable", err);

  error = OpenLmdb(PathOf("commits.mdb"), &c->lmdb);
  if (!error.empty()) return error;
  AtExit([c] { mdb_env_close(c->lmdb); });
  error = OpenLmdbDbis(c->lmdb, &c->lmdb_records, nullptr);
  if (!error.empty()) return error;

  c->sqlite_path = PathOf("commits.db");
  error = OpenSqlite(c->sqlite_path, &c->sqlite_owner);
  AtExit([c] { sqlite3_close(c->sqlite_owner); });
  if (error.empty()) error = SqliteExec(c->sqlite_owner, kSqliteSchema);
  return error;
}

Commits* CommitsOrSkip(benchmark::State& state) {
  static Commits* commits = [] {
    auto* c = new Commits;
    c->error = InitCommits(c);
    return c;
  }();
  if (!commits->error.empty()) {
    Skip(state, commits->error);
    return nullptr;
  }
  return commits;
}

void BM_Lmjet_DurableSingleRowCommits(benchmark::State& state) {
  Commits* c = CommitsOrSkip(state);
  if (c == nullptr) return;
  const Data& d = TheData();
  JetTable t;
  JET_ERR err = JetBeginSession(TheProcess().instance, &t.sesid, "", "");
  if (err != JET_errSuccess) return Skip(state, "JetBeginSession", err);
  const char* what = nullptr;
  err = JetOpenDatabase(t.sesid, c->jet_path.c_str(), nullptr, &t.dbid, 0);
  if (err != JET_errSuccess) what = "JetOpenDatabase";
  if (what == nullptr) {
    err = JetOpenTable(t.sesid, t.dbid, "t", nullptr, 0, 0, &t.tableid);
    if (err != JET_errSuccess) what = "JetOpenTable";
  }
  const struct {
    const char* name;
    JET_COLUMNID* columnid;
  } columns[] = {{"id", &t.id}, {"k2", &t.k2}, {"payload", &t.payload}};
  for (const auto& column : columns) {
    if (what != nullptr) break;
    JET_COLUMNDEF def{};
    err = JetGetTableColumnInfo(t.sesid, t.tableid, column.name, &def,
                                sizeof(def), JET_ColInfo);
    if (err != JET_errSuccess) what = "JetGetTableColumnInfo";
    *column.columnid = def.columnid;
  }
  const int32_t base = NextCommitBlock(&c->jet_blocks);
  if (what == nullptr && base < 0) {
    what = "key blocks used up";
    err = 0;
  }
  if (what != nullptr) {
    Skip(state, what, err);
  } else {
    int32_t n = 0;
    for (auto _ : state) {
      if (n == kCommitBlockRows) {
        Skip(state, "key block used up", n);
        break;
      }
      const int32_t id = base + n++;
      err = JetBeginTransaction(t.sesid);
      if (err != JET_errSuccess) {
        Skip(state, "JetBeginTransaction", err);
        break;
      }
      const JetResult r = JetInsertRow(t, d, id, RowOf(d, id));
      if (!r.ok()) {
        (void)JetRollback(t.sesid, 0);
        Skip(state, r.message());
        break;
      }
      err = JetCommitTransaction(t.sesid, 0);
      if (err != JET_errSuccess) {
        (void)JetRollback(t.sesid, 0);
        Skip(state, "JetCommitTransaction", err);
        break;
      }
    }
  }
  // Ends the session's table and database with it.
  err = JetEndSession(t.sesid, 0);
  if (err != JET_errSuccess && !state.error_occurred()) {
    Skip(state, "JetEndSession", err);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Lmdb_DurableSingleRowCommits(benchmark::State& state) {
  Commits* c = CommitsOrSkip(state);
  if (c == nullptr) return;
  const Data& d = TheData();
  const int32_t base = NextCommitBlock(&c->lmdb_blocks);
  if (base < 0) return Skip(state, "key blocks used up", 0);
  int32_t n = 0;
  for (auto _ : state) {
    if (n == kCommitBlockRows) {
      Skip(state, "key block used up", n);
      break;
    }
    const int32_t id = base + n++;
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(c->lmdb, nullptr, 0, &txn);
    if (rc != MDB_SUCCESS) {
      Skip(state, "mdb_txn_begin", rc);
      break;
    }
    rc = LmdbPutRow(txn, c->lmdb_records, 0, false, d, id, RowOf(d, id));
    if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      Skip(state, "mdb_put", rc);
      break;
    }
    rc = mdb_txn_commit(txn);
    if (rc != MDB_SUCCESS) {
      Skip(state, "mdb_txn_commit", rc);
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Sqlite_DurableSingleRowCommits(benchmark::State& state) {
  Commits* c = CommitsOrSkip(state);
  if (c == nullptr) return;
  const Data& d = TheData();
  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  std::string error = OpenSqlite(c->sqlite_path, &db);
  if (error.empty()) error = SqlitePrepare(db, kSqliteInsert, &insert);
  const int32_t base = NextCommitBlock(&c->sqlite_blocks);
  if (error.empty() && base < 0) error = "key blocks used up";
  if (!error.empty()) {
    Skip(state, error);
  } else {
    int32_t n = 0;
    for (auto _ : state) {
      if (n == kCommitBlockRows) {
        Skip(state, "key block used up", n);
        break;
      }
      const int32_t id = base + n++;
      // Autocommit: the INSERT is its own (durable) transaction.
      const int rc = SqliteInsertRow(insert, d, id, RowOf(d, id));
      if (rc != SQLITE_DONE) {
        Skip(state, SqliteFailed("INSERT", rc, db));
        break;
      }
    }
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

// Registration order keeps each workload's engines adjacent. Every run is
// measured in wall-clock time (the durable workloads wait on the disk).
#define TABLE_BENCH(fn) BENCHMARK(fn)->UseRealTime()

TABLE_BENCH(BM_Lmjet_SeekRetrieve)->Unit(benchmark::kNanosecond);
TABLE_BENCH(BM_Lmdb_SeekRetrieve)->Unit(benchmark::kNanosecond);
TABLE_BENCH(BM_Sqlite_SeekRetrieve)->Unit(benchmark::kNanosecond);

TABLE_BENCH(BM_Lmjet_Scan)->Unit(benchmark::kMillisecond);
TABLE_BENCH(BM_Lmdb_Scan)->Unit(benchmark::kMillisecond);
TABLE_BENCH(BM_Sqlite_Scan)->Unit(benchmark::kMillisecond);

// One load of N rows per repetition.
TABLE_BENCH(BM_Lmjet_BulkInsertWithSecondaryIndex)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
TABLE_BENCH(BM_Lmdb_BulkInsertWithSecondaryIndex)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
TABLE_BENCH(BM_Sqlite_BulkInsertWithSecondaryIndex)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

TABLE_BENCH(BM_Lmjet_DurableSingleRowCommits)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(8);
TABLE_BENCH(BM_Lmdb_DurableSingleRowCommits)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(8);
TABLE_BENCH(BM_Sqlite_DurableSingleRowCommits)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(8);

// --rows=N (or LMJET_TABLE_BENCH_ROWS=N) sets the table size; every other
// flag goes to Google Benchmark.
int main(int argc, char** argv) {
  const char* env_rows = getenv("LMJET_TABLE_BENCH_ROWS");
  std::string rows_text = env_rows != nullptr ? env_rows : "";
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--rows=", 7) == 0) {
      rows_text = argv[i] + 7;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  if (!rows_text.empty()) {
    char* end = nullptr;
    const unsigned long long rows = std::strtoull(rows_text.c_str(), &end, 10);
    if (end == rows_text.c_str() || *end != '\0' || rows == 0 ||
        rows > (1ull << 24)) {
      std::fprintf(stderr, "table_bench: --rows wants 1..16777216, not '%s'\n",
                   rows_text.c_str());
      return 2;
    }
    g_rows = static_cast<size_t>(rows);
  }

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("rows", std::to_string(g_rows));
  benchmark::AddCustomContext("payload_bytes", std::to_string(kPayloadBytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  RunCleanups();
  return 0;
}
