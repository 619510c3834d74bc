// db_bench-style workloads on lmjet, raw LMDB and SQLite; see db_bench.h and
// bench/README.md ("## db_bench").
//
// What each engine stores for the same logical table of key -> value:
// - lmjet: one database, table "t": k (JET_coltypBinary, cbMax 255; the
//   primary index "+k\0"), v (JET_coltypBinary, cbMax 255, when values fit
//   in 255 bytes; JET_coltypLongBinary for bigger values and always for the
//   long-value workloads, which is what an ESE application would declare),
//   and for fillindexed tag (JET_coltypBinary, 8 bytes = v[0..8), indexed
//   by "+tag\0": ESE indexes whole columns, so the indexed part of the value
//   is its own column).
// - LMDB: the key bytes -> the value bytes in one DBI; fillindexed adds a
//   second DBI of v[0..8) || key -> key (the key is the bookmark, as in
//   lmjet's secondary index). The environment is opened like lmjet's
//   (bench_env.h); the lazy store adds MDB_NOSYNC.
// - SQLite: CREATE TABLE t(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT
//   ROWID: the records live in one B-tree ordered by the key, as lmjet's and
//   LMDB's do (a rowid table would add a second B-tree for the key, doing
//   more work per insert and lookup). fillindexed adds CREATE INDEX on
//   substr(v, 1, 8). WAL; synchronous=FULL, or NORMAL for the lazy store.

#include "bench/db_bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <system_error>
#include <utility>

#include "api/esent.h"
#include "benchmark/benchmark.h"

namespace lmjet::bench {
namespace {

constexpr size_t kTagBytes = 8;
constexpr size_t kMaxKeyDigits = 20;            // of a uint64_t
constexpr size_t kPoolBytes = size_t{1} << 20;  // distinct value offsets
constexpr size_t kReadTxnOps = 1000;  // reads per snapshot (readrandom, ...)
constexpr size_t kLvTxnBytes = size_t{16} << 20;  // long values per txn
constexpr uint64_t kSeed = 20261122;
constexpr unsigned long kMaxSessions = 256;
constexpr int kMaxWriteAttempts = 1000;  // mixed's retries of a conflict

// --- Names and parameters ----------------------------------------------------

struct WorkloadInfo {
  const char* name;
  StoreOptions options;
};

const WorkloadInfo& InfoOf(Workload w) {
  static const WorkloadInfo kInfo[] = {
      {"fillseq", {}},
      {"fillrandom", {}},
      {"overwrite", {}},
      {"readrandom", {}},
      {"readseq", {}},
      {"readreverse", {}},
      {"seekrandom", {}},
      {"deleterandom", {}},
      {"fillindexed", {/*indexed=*/true, false, false}},
      {"mixed", {}},
      {"fillsync", {}},
      {"filllazy", {false, /*lazy=*/true, false}},
      {"lvwrite", {false, false, /*long_values=*/true}},
      {"lvread", {false, false, /*long_values=*/true}},
  };
  return kInfo[static_cast<size_t>(w)];
}

// Operations of one run of `w` on one connection.
size_t OpsOf(Workload w, const Params& p) {
  switch (w) {
    case Workload::kReadRandom:
    case Workload::kReadSeq:
    case Workload::kReadReverse:
    case Workload::kSeekRandom:
      return p.reads;
    case Workload::kMixed:
      return p.mixed_ops;
    case Workload::kFillSync:
    case Workload::kFillLazy:
      return p.sync_num;
    case Workload::kLvWrite:
    case Workload::kLvRead:
      return p.lv_num;
    default:
      return p.num;
  }
}

size_t ValueSize(const Params& p, bool long_values) {
  return long_values ? p.lv_size : p.value_size;
}

// --- Timing ------------------------------------------------------------------

// One steady_clock read per op: each op's latency runs from the end of the
// previous one (or the start), so nothing between ops goes unmeasured.
class OpTimer {
 public:
  explicit OpTimer(std::vector<uint32_t>* out)
      : out_(out), last_(std::chrono::steady_clock::now()) {}

  void Done() {
    const auto now = std::chrono::steady_clock::now();
    const int64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_)
            .count();
    out_->push_back(static_cast<uint32_t>(
        std::min<int64_t>(ns, std::numeric_limits<uint32_t>::max())));
    last_ = now;
  }

 private:
  std::vector<uint32_t>* out_;
  std::chrono::steady_clock::time_point last_;
};

// --- lmjet -------------------------------------------------------------------

struct JetColumns {
  JET_COLUMNID key = 0, value = 0, tag = 0;
};

// Returns Result{what, code} from the enclosing function when `call`
// returns anything but 0 (JET_errSuccess, MDB_SUCCESS; JET warnings count
// as failures: no workload expects one).
#define RETURN_IF_FAILED(call, what)     \
  do {                                   \
    const long failed_code_ = (call);    \
    if (failed_code_ != 0) {             \
      return Result{what, failed_code_}; \
    }                                    \
  } while (0)

// The process's one lmjet instance, its files in `process_dir`.
std::string JetInstance(const std::string& process_dir,
                        JET_INSTANCE* instance) {
  static std::mutex mu;
  static std::string* error = nullptr;
  static JET_INSTANCE the_instance = 0;
  std::lock_guard<std::mutex> lock(mu);
  if (error == nullptr) {
    error = new std::string(InitJetInstance(process_dir, "lmjet-db-bench",
                                            kMaxSessions, &the_instance));
  }
  *instance = the_instance;
  return *error;
}

class LmjetConnection : public Connection {
 public:
  LmjetConnection(JET_SESID sesid, JET_TABLEID tableid, JetColumns columns,
                  bool indexed, bool lazy)
      : sesid_(sesid),
        tableid_(tableid),
        columns_(columns),
        indexed_(indexed),
        commit_bits_(lazy ? JET_bitCommitLazyFlush : 0) {}

  // Ends the session, which closes its table and database and rolls back
  // an open transaction.
  ~LmjetConnection() override { (void)JetEndSession(sesid_, 0); }

  Result BeginWrite() override {
    RETURN_IF_FAILED(JetBeginTransaction(sesid_), "JetBeginTransaction");
    return {};
  }
  Result CommitWrite() override {
    RETURN_IF_FAILED(JetCommitTransaction(sesid_, commit_bits_),
                     "JetCommitTransaction");
    return {};
  }
  void AbortWrite() override { (void)JetRollback(sesid_, 0); }

  Result BeginRead() override {
    RETURN_IF_FAILED(JetBeginTransaction2(sesid_, JET_bitTransactionReadOnly),
                     "JetBeginTransaction2(ReadOnly)");
    return {};
  }
  Result EndRead() override {
    RETURN_IF_FAILED(JetCommitTransaction(sesid_, 0),
                     "JetCommitTransaction(read)");
    return {};
  }

  Result Insert(Bytes key, Bytes value) override {
    RETURN_IF_FAILED(JetPrepareUpdate(sesid_, tableid_, JET_prepInsert),
                     "JetPrepareUpdate(insert)");
    Result r = SetAndUpdate(key, value);
    if (!r.ok()) (void)JetPrepareUpdate(sesid_, tableid_, JET_prepCancel);
    return r;
  }

  Result Replace(Bytes key, Bytes value) override {
    RETURN_IF_FAILED(SeekEq(key), "JetSeek(EQ)");
    RETURN_IF_FAILED(JetPrepareUpdate(sesid_, tableid_, JET_prepReplace),
                     "JetPrepareUpdate(replace)");
    Result r = SetAndUpdate({nullptr, 0}, value);
    if (!r.ok()) (void)JetPrepareUpdate(sesid_, tableid_, JET_prepCancel);
    return r;
  }

  Result Remove(Bytes key) override {
    RETURN_IF_FAILED(SeekEq(key), "JetSeek(EQ)");
    RETURN_IF_FAILED(JetDelete(sesid_, tableid_), "JetDelete");
    return {};
  }

  Result Get(Bytes key, uint8_t* out, size_t cap, size_t* size) override {
    RETURN_IF_FAILED(SeekEq(key), "JetSeek(EQ)");
    return Retrieve(out, cap, size);
  }

  Result MoveTo(Move move, uint8_t* out, size_t cap, size_t* size,
                bool* found) override {
    static constexpr long kRows[] = {JET_MoveFirst, JET_MoveLast, JET_MoveNext,
                                     JET_MovePrevious};
    const JET_ERR err =
        JetMove(sesid_, tableid_, kRows[static_cast<int>(move)], 0);
    *found = err == JET_errSuccess;
    if (err == JET_errNoCurrentRecord) return {};
    RETURN_IF_FAILED(err, "JetMove");
    return Retrieve(out, cap, size);
  }

  Result SeekGE(Bytes key, uint8_t* out, size_t cap, size_t* size,
                bool* found) override {
    RETURN_IF_FAILED(
        JetMakeKey(sesid_, tableid_, key.data, key.size, JET_bitNewKey),
        "JetMakeKey");
    const JET_ERR err = JetSeek(sesid_, tableid_, JET_bitSeekGE);
    *found = err == JET_errSuccess || err == JET_wrnSeekNotEqual;
    if (err == JET_errRecordNotFound) return {};
    if (!*found) return {"JetSeek(GE)", err};
    return Retrieve(out, cap, size);
  }

 private:
  JET_ERR SeekEq(Bytes key) {
    const JET_ERR err =
        JetMakeKey(sesid_, tableid_, key.data, key.size, JET_bitNewKey);
    return err != JET_errSuccess ? err
                                 : JetSeek(sesid_, tableid_, JET_bitSeekEQ);
  }

  // Sets the key (if key.data), the value and the tag, and updates.
  Result SetAndUpdate(Bytes key, Bytes value) {
    if (key.data != nullptr) {
      RETURN_IF_FAILED(JetSetColumn(sesid_, tableid_, columns_.key, key.data,
                                    key.size, 0, nullptr),
                       "JetSetColumn(k)");
    }
    RETURN_IF_FAILED(JetSetColumn(sesid_, tableid_, columns_.value, value.data,
                                  value.size, 0, nullptr),
                     "JetSetColumn(v)");
    if (indexed_) {
      RETURN_IF_FAILED(JetSetColumn(sesid_, tableid_, columns_.tag, value.data,
                                    kTagBytes, 0, nullptr),
                       "JetSetColumn(tag)");
    }
    RETURN_IF_FAILED(JetUpdate(sesid_, tableid_, nullptr, 0, nullptr),
                     "JetUpdate");
    return {};
  }

  Result Retrieve(uint8_t* out, size_t cap, size_t* size) {
    unsigned long actual = 0;
    RETURN_IF_FAILED(JetRetrieveColumn(sesid_, tableid_, columns_.value, out,
                                       cap, &actual, 0, nullptr),
                     "JetRetrieveColumn(v)");
    *size = actual;
    return {};
  }

  const JET_SESID sesid_;
  const JET_TABLEID tableid_;
  const JetColumns columns_;
  const bool indexed_;
  const JET_GRBIT commit_bits_;
};

class LmjetStore : public Store {
 public:
  LmjetStore(JET_INSTANCE instance, std::string dir, StoreOptions options)
      : instance_(instance),
        dir_(std::move(dir)),
        path_(dir_ + "/data.edb"),
        options_(options) {}

  ~LmjetStore() override {
    if (owner_ != JET_sesidNil) {
      if (attached_) {
        (void)JetCloseDatabase(owner_, dbid_, 0);
        (void)JetDetachDatabase(owner_, path_.c_str());
      }
      (void)JetEndSession(owner_, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Creates the database and the table; the owner session keeps the
  // database attached.
  std::string Create(const Params& p) {
    JET_ERR err = JetBeginSession(instance_, &owner_, "", "");
    if (err != JET_errSuccess) return Failed("JetBeginSession", err);
    err = JetCreateDatabase(owner_, path_.c_str(), "", &dbid_, 0);
    if (err != JET_errSuccess) return Failed("JetCreateDatabase", err);
    attached_ = true;
    JET_TABLEID table = JET_tableidNil;
    err = JetCreateTable(owner_, dbid_, "t", 0, 100, &table);
    if (err != JET_errSuccess) return Failed("JetCreateTable", err);
    const bool long_column = options_.long_values || ValueSize(p, false) > 255;
    std::string error = AddJetColumns(
        owner_, table,
        {{"k", JET_coltypBinary, 255, &columns_.key},
         long_column
             ? JetColumnSpec{"v", JET_coltypLongBinary, 0, &columns_.value}
             : JetColumnSpec{"v", JET_coltypBinary, 255, &columns_.value}});
    if (error.empty() && options_.indexed) {
      error = AddJetColumns(
          owner_, table, {{"tag", JET_coltypBinary, kTagBytes, &columns_.tag}});
    }
    static const char kPrimary[] = "+k\0";
    if (error.empty()) {
      err = JetCreateIndex(owner_, table, "primary", JET_bitIndexPrimary,
                           kPrimary, sizeof(kPrimary), 100);
      if (err != JET_errSuccess) error = Failed("JetCreateIndex(primary)", err);
    }
    static const char kByTag[] = "+tag\0";
    if (error.empty() && options_.indexed) {
      err = JetCreateIndex(owner_, table, "by_tag", 0, kByTag, sizeof(kByTag),
                           100);
      if (err != JET_errSuccess) error = Failed("JetCreateIndex(by_tag)", err);
    }
    err = JetCloseTable(owner_, table);
    if (error.empty() && err != JET_errSuccess) {
      error = Failed("JetCloseTable", err);
    }
    return error;
  }

  Result Connect(std::unique_ptr<Connection>* out) override {
    JET_SESID sesid = JET_sesidNil;
    RETURN_IF_FAILED(JetBeginSession(instance_, &sesid, "", ""),
                     "JetBeginSession");
    JET_DBID dbid = 0;
    JET_TABLEID tableid = JET_tableidNil;
    JET_ERR err = JetOpenDatabase(sesid, path_.c_str(), nullptr, &dbid, 0);
    Result r;
    if (err != JET_errSuccess) {
      r = {"JetOpenDatabase", err};
    } else if ((err = JetOpenTable(sesid, dbid, "t", nullptr, 0, 0,
                                   &tableid)) != JET_errSuccess) {
      r = {"JetOpenTable", err};
    }
    if (!r.ok()) {
      (void)JetEndSession(sesid, 0);
      return r;
    }
    *out = std::make_unique<LmjetConnection>(sesid, tableid, columns_,
                                             options_.indexed, options_.lazy);
    return {};
  }

  Result Count(uint64_t* records, uint64_t* index_entries) override {
    JET_TABLEID table = JET_tableidNil;
    RETURN_IF_FAILED(JetOpenTable(owner_, dbid_, "t", nullptr, 0, 0, &table),
                     "JetOpenTable");
    Result r = CountIndex(table, records);
    *index_entries = 0;
    if (r.ok() && options_.indexed) {
      const JET_ERR err = JetSetCurrentIndex(owner_, table, "by_tag");
      r = err != JET_errSuccess ? Result{"JetSetCurrentIndex", err}
                                : CountIndex(table, index_entries);
    }
    const JET_ERR err = JetCloseTable(owner_, table);
    if (r.ok() && err != JET_errSuccess) r = {"JetCloseTable", err};
    return r;
  }

 private:
  Result CountIndex(JET_TABLEID table, uint64_t* count) {
    *count = 0;
    const JET_ERR err = JetMove(owner_, table, JET_MoveFirst, 0);
    if (err == JET_errNoCurrentRecord) return {};
    RETURN_IF_FAILED(err, "JetMove(first)");
    unsigned long n = 0;
    RETURN_IF_FAILED(JetIndexRecordCount(owner_, table, &n, 0),
                     "JetIndexRecordCount");
    *count = n;
    return {};
  }

  const JET_INSTANCE instance_;
  const std::string dir_;
  const std::string path_;
  const StoreOptions options_;
  JET_SESID owner_ = JET_sesidNil;
  JET_DBID dbid_ = 0;
  bool attached_ = false;
  JetColumns columns_;
};

// --- LMDB --------------------------------------------------------------------

inline MDB_val Val(Bytes b) {
  return MDB_val{b.size, const_cast<uint8_t*>(b.data)};
}

inline Result CopyOut(const MDB_val& v, uint8_t* out, size_t cap,
                      size_t* size) {
  if (v.mv_size > cap) return {"value larger than the buffer", 0};
  std::memcpy(out, v.mv_data, v.mv_size);
  *size = v.mv_size;
  return {};
}

class LmdbConnection : public Connection {
 public:
  // Takes a reset read transaction and its cursor on `records`.
  LmdbConnection(MDB_env* env, MDB_dbi records, MDB_dbi index, bool indexed,
                 MDB_txn* read_txn, MDB_cursor* cursor)
      : env_(env),
        records_(records),
        index_(index),
        indexed_(indexed),
        read_txn_(read_txn),
        cursor_(cursor) {}

  ~LmdbConnection() override {
    if (write_txn_ != nullptr) mdb_txn_abort(write_txn_);
    mdb_cursor_close(cursor_);
    mdb_txn_abort(read_txn_);
  }

  Result BeginWrite() override {
    RETURN_IF_FAILED(mdb_txn_begin(env_, nullptr, 0, &write_txn_),
                     "mdb_txn_begin");
    return {};
  }
  Result CommitWrite() override {
    const int rc = mdb_txn_commit(write_txn_);
    write_txn_ = nullptr;
    RETURN_IF_FAILED(rc, "mdb_txn_commit");
    return {};
  }
  void AbortWrite() override {
    if (write_txn_ != nullptr) mdb_txn_abort(write_txn_);
    write_txn_ = nullptr;
  }

  Result BeginRead() override {
    RETURN_IF_FAILED(mdb_txn_renew(read_txn_), "mdb_txn_renew");
    RETURN_IF_FAILED(mdb_cursor_renew(read_txn_, cursor_), "mdb_cursor_renew");
    return {};
  }
  Result EndRead() override {
    mdb_txn_reset(read_txn_);
    return {};
  }

  Result Insert(Bytes key, Bytes value) override {
    MDB_val k = Val(key), v = Val(value);
    RETURN_IF_FAILED(mdb_put(write_txn_, records_, &k, &v, MDB_NOOVERWRITE),
                     "mdb_put");
    if (indexed_) {
      uint8_t entry[kTagBytes + 255];
      std::memcpy(entry, value.data, kTagBytes);
      std::memcpy(entry + kTagBytes, key.data, key.size);
      MDB_val ik{kTagBytes + key.size, entry};
      RETURN_IF_FAILED(mdb_put(write_txn_, index_, &ik, &k, 0),
                       "mdb_put(index)");
    }
    return {};
  }

  Result Replace(Bytes key, Bytes value) override {
    MDB_val k = Val(key), v = Val(value);
    RETURN_IF_FAILED(mdb_put(write_txn_, records_, &k, &v, 0), "mdb_put");
    return {};
  }

  Result Remove(Bytes key) override {
    MDB_val k = Val(key);
    RETURN_IF_FAILED(mdb_del(write_txn_, records_, &k, nullptr), "mdb_del");
    return {};
  }

  Result Get(Bytes key, uint8_t* out, size_t cap, size_t* size) override {
    MDB_val k = Val(key), v;
    RETURN_IF_FAILED(mdb_get(read_txn_, records_, &k, &v), "mdb_get");
    return CopyOut(v, out, cap, size);
  }

  Result MoveTo(Move move, uint8_t* out, size_t cap, size_t* size,
                bool* found) override {
    static constexpr MDB_cursor_op kOps[] = {MDB_FIRST, MDB_LAST, MDB_NEXT,
                                             MDB_PREV};
    MDB_val k, v;
    return Position(
        mdb_cursor_get(cursor_, &k, &v, kOps[static_cast<int>(move)]), v, out,
        cap, size, found);
  }

  Result SeekGE(Bytes key, uint8_t* out, size_t cap, size_t* size,
                bool* found) override {
    MDB_val k = Val(key), v;
    return Position(mdb_cursor_get(cursor_, &k, &v, MDB_SET_RANGE), v, out, cap,
                    size, found);
  }

 private:
  static Result Position(int rc, const MDB_val& v, uint8_t* out, size_t cap,
                         size_t* size, bool* found) {
    *found = rc == MDB_SUCCESS;
    if (rc == MDB_NOTFOUND) return {};
    RETURN_IF_FAILED(rc, "mdb_cursor_get");
    return CopyOut(v, out, cap, size);
  }

  MDB_env* const env_;
  const MDB_dbi records_;
  const MDB_dbi index_;
  const bool indexed_;
  MDB_txn* const read_txn_;
  MDB_cursor* const cursor_;
  MDB_txn* write_txn_ = nullptr;
};

class LmdbStore : public Store {
 public:
  LmdbStore(std::string dir, StoreOptions options)
      : dir_(std::move(dir)), options_(options) {}

  ~LmdbStore() override {
    if (env_ != nullptr) mdb_env_close(env_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string Create() {
    std::string error =
        OpenLmdb(dir_ + "/data.mdb", options_.lazy ? MDB_NOSYNC : 0u, &env_);
    if (!error.empty()) return error;
    if (options_.indexed) {
      return OpenLmdbDbis(env_, {{"records", &records_}, {"by_tag", &index_}});
    }
    return OpenLmdbDbis(env_, {{"records", &records_}});
  }

  Result Connect(std::unique_ptr<Connection>* out) override {
    MDB_txn* txn = nullptr;
    RETURN_IF_FAILED(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn),
                     "mdb_txn_begin");
    MDB_cursor* cursor = nullptr;
    const int rc = mdb_cursor_open(txn, records_, &cursor);
    if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      return {"mdb_cursor_open", rc};
    }
    mdb_txn_reset(txn);
    *out = std::make_unique<LmdbConnection>(env_, records_, index_,
                                            options_.indexed, txn, cursor);
    return {};
  }

  Result Count(uint64_t* records, uint64_t* index_entries) override {
    MDB_txn* txn = nullptr;
    RETURN_IF_FAILED(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn),
                     "mdb_txn_begin");
    MDB_stat by_key{}, by_tag{};
    int rc = mdb_stat(txn, records_, &by_key);
    if (rc == MDB_SUCCESS && options_.indexed) {
      rc = mdb_stat(txn, index_, &by_tag);
    }
    mdb_txn_abort(txn);
    RETURN_IF_FAILED(rc, "mdb_stat");
    *records = by_key.ms_entries;
    *index_entries = by_tag.ms_entries;
    return {};
  }

 private:
  const std::string dir_;
  const StoreOptions options_;
  MDB_env* env_ = nullptr;
  MDB_dbi records_ = 0;
  MDB_dbi index_ = 0;
};

// --- SQLite ------------------------------------------------------------------

constexpr char kSqliteSchema[] =
    "CREATE TABLE t(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID";
constexpr char kSqliteIndex[] = "CREATE INDEX t_tag ON t(substr(v, 1, 8))";

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  ~SqliteConnection() override {
    for (sqlite3_stmt* stmt : stmts_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  // Prepares every statement. Returns "" or the error.
  std::string Prepare() {
    static const char* const kSql[kStatements] = {
        "BEGIN",
        "BEGIN IMMEDIATE",
        "COMMIT",
        "ROLLBACK",
        "INSERT INTO t(k, v) VALUES(?1, ?2)",
        "UPDATE t SET v = ?2 WHERE k = ?1",
        "DELETE FROM t WHERE k = ?1",
        "SELECT v FROM t WHERE k = ?1",
        "SELECT v FROM t ORDER BY k",
        "SELECT v FROM t ORDER BY k DESC",
        "SELECT v FROM t WHERE k >= ?1 ORDER BY k",
    };
    for (int i = 0; i < kStatements; ++i) {
      std::string error = SqlitePrepare(db_, kSql[i], &stmts_[i]);
      if (!error.empty()) return error;
    }
    return "";
  }

  Result BeginWrite() override { return Run(kBeginWrite, "BEGIN IMMEDIATE"); }
  Result CommitWrite() override { return Run(kCommit, "COMMIT"); }
  void AbortWrite() override { (void)Run(kRollback, "ROLLBACK"); }

  Result BeginRead() override { return Run(kBegin, "BEGIN"); }
  Result EndRead() override {
    if (cursor_ != nullptr) sqlite3_reset(cursor_);
    cursor_ = nullptr;
    return Run(kCommit, "COMMIT");
  }

  Result Insert(Bytes key, Bytes value) override {
    return Write(kInsert, "INSERT", key, value);
  }
  Result Replace(Bytes key, Bytes value) override {
    return Write(kUpdate, "UPDATE", key, value);
  }
  Result Remove(Bytes key) override {
    return Write(kDelete, "DELETE", key, {nullptr, 0});
  }

  Result Get(Bytes key, uint8_t* out, size_t cap, size_t* size) override {
    sqlite3_stmt* stmt = stmts_[kGet];
    int rc = Bind(stmt, 1, key);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    Result r;
    if (rc == SQLITE_ROW) {
      r = CopyColumn(stmt, out, cap, size);
    } else {
      r = {rc == SQLITE_DONE ? "SELECT: no row" : "SELECT", rc};
    }
    sqlite3_reset(stmt);
    return r;
  }

  Result MoveTo(Move move, uint8_t* out, size_t cap, size_t* size,
                bool* found) override {
    if (move == Move::kFirst || move == Move::kLast) {
      if (cursor_ != nullptr) sqlite3_reset(cursor_);
      cursor_ = stmts_[move == Move::kFirst ? kFirst : kLast];
    }
    return Step(out, cap, size, found);
  }

  Result SeekGE(Bytes key, uint8_t* out, size_t cap, size_t* size,
                bool* found) override {
    if (cursor_ != nullptr) sqlite3_reset(cursor_);
    cursor_ = stmts_[kSeek];
    const int rc = Bind(cursor_, 1, key);
    if (rc != SQLITE_OK) return {"sqlite3_bind_blob", rc};
    return Step(out, cap, size, found);
  }

 private:
  enum Statement {
    kBegin,
    kBeginWrite,
    kCommit,
    kRollback,
    kInsert,
    kUpdate,
    kDelete,
    kGet,
    kFirst,
    kLast,
    kSeek,
    kStatements
  };

  static int Bind(sqlite3_stmt* stmt, int index, Bytes b) {
    return sqlite3_bind_blob(stmt, index, b.data, static_cast<int>(b.size),
                             SQLITE_STATIC);
  }

  static Result CopyColumn(sqlite3_stmt* stmt, uint8_t* out, size_t cap,
                           size_t* size) {
    const size_t n = static_cast<size_t>(sqlite3_column_bytes(stmt, 0));
    if (n > cap) return {"value larger than the buffer", 0};
    std::memcpy(out, sqlite3_column_blob(stmt, 0), n);
    *size = n;
    return {};
  }

  Result Run(Statement s, const char* what) {
    sqlite3_stmt* stmt = stmts_[s];
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return {what, rc};
    return {};
  }

  // Runs an INSERT, UPDATE or DELETE of one row; UPDATE and DELETE must
  // change exactly one.
  Result Write(Statement s, const char* what, Bytes key, Bytes value) {
    sqlite3_stmt* stmt = stmts_[s];
    int rc = Bind(stmt, 1, key);
    if (rc == SQLITE_OK && value.data != nullptr) rc = Bind(stmt, 2, value);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return {what, rc};
    if (sqlite3_changes(db_) != 1) return {"UPDATE/DELETE: no row", 0};
    return {};
  }

  Result Step(uint8_t* out, size_t cap, size_t* size, bool* found) {
    const int rc = sqlite3_step(cursor_);
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return {"sqlite3_step(scan)", rc};
    return CopyColumn(cursor_, out, cap, size);
  }

  sqlite3* const db_;
  sqlite3_stmt* stmts_[kStatements] = {};
  sqlite3_stmt* cursor_ = nullptr;  // the scan or seek being stepped
};

class SqliteStore : public Store {
 public:
  SqliteStore(std::string dir, StoreOptions options)
      : dir_(std::move(dir)),
        path_(dir_ + "/data.db"),
        sync_(options.lazy ? SqliteSync::kNormal : SqliteSync::kFull),
        options_(options) {}

  ~SqliteStore() override {
    sqlite3_close(owner_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Creates the schema; the owner connection stays open so that the WAL is
  // not checkpointed away between connections.
  std::string Create() {
    std::string error = OpenSqlite(path_, sync_, &owner_);
    if (error.empty()) error = SqliteExec(owner_, kSqliteSchema);
    if (error.empty() && options_.indexed) {
      error = SqliteExec(owner_, kSqliteIndex);
    }
    return error;
  }

  Result Connect(std::unique_ptr<Connection>* out) override {
    sqlite3* db = nullptr;
    std::string error = OpenSqlite(path_, sync_, &db);
    auto connection = std::make_unique<SqliteConnection>(db);
    if (error.empty()) error = connection->Prepare();
    if (!error.empty()) {
      // Result holds a literal; the message lives on in this thread.
      thread_local std::string connect_error;
      connect_error = error;
      return {connect_error.c_str(), 0};
    }
    *out = std::move(connection);
    return {};
  }

  Result Count(uint64_t* records, uint64_t* index_entries) override {
    *index_entries = 0;
    Result r = CountRows("SELECT count(*) FROM t", records);
    if (r.ok() && options_.indexed) {
      r = CountRows(
          "SELECT count(*) FROM t INDEXED BY t_tag "
          "WHERE substr(v, 1, 8) IS NOT NULL",
          index_entries);
    }
    return r;
  }

 private:
  Result CountRows(const char* sql, uint64_t* count) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(owner_, sql, -1, &stmt, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) *count = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW) return {"SELECT count(*)", rc};
    return {};
  }

  const std::string dir_;
  const std::string path_;
  const SqliteSync sync_;
  const StoreOptions options_;
  sqlite3* owner_ = nullptr;
};

// --- Workloads ---------------------------------------------------------------

// A key buffer for record numbers.
class KeyBuffer {
 public:
  explicit KeyBuffer(const Data& d) : d_(d) {}
  Bytes Of(uint64_t i) {
    d_.Key(i, bytes_);
    return {bytes_, d_.params().key_size};
  }

 private:
  const Data& d_;
  uint8_t bytes_[255];
};

// Inserts (or replaces, or removes) `ops` records, record_of(i) for op i, in
// transactions of `batch`.
enum class WriteKind { kInsert, kReplace, kRemove };
template <typename RecordOf>
Result WriteBatches(Connection* c, const Data& d, WriteKind kind, size_t ops,
                    size_t batch, uint32_t generation, size_t value_size,
                    RecordOf record_of, RunStats* stats) {
  KeyBuffer key(d);
  OpTimer timer(&stats->latencies_ns);
  for (size_t i = 0; i < ops; ++i) {
    if (i % batch == 0) {
      Result r = c->BeginWrite();
      if (!r.ok()) return r;
    }
    const uint64_t record = record_of(i);
    const Bytes k = key.Of(record);
    const Bytes v{d.Value(record, generation), value_size};
    Result r = kind == WriteKind::kInsert    ? c->Insert(k, v)
               : kind == WriteKind::kReplace ? c->Replace(k, v)
                                             : c->Remove(k);
    if (r.ok() && (i % batch == batch - 1 || i + 1 == ops)) {
      r = c->CommitWrite();
    }
    if (!r.ok()) {
      c->AbortWrite();
      return r;
    }
    timer.Done();
    ++stats->ops;
  }
  return {};
}

// Runs `ops` read ops, read_op(i) for op i, in snapshots of kReadTxnOps.
template <typename ReadOp>
Result ReadInSnapshots(Connection* c, size_t ops, ReadOp read_op,
                       RunStats* stats) {
  OpTimer timer(&stats->latencies_ns);
  for (size_t i = 0; i < ops; ++i) {
    Result r;
    if (i % kReadTxnOps == 0) r = c->BeginRead();
    if (r.ok()) r = read_op(i);
    if (r.ok() && (i % kReadTxnOps == kReadTxnOps - 1 || i + 1 == ops)) {
      r = c->EndRead();
    }
    if (!r.ok()) {
      (void)c->EndRead();
      return r;
    }
    timer.Done();
    ++stats->ops;
  }
  return {};
}

// Point reads of record_of(i) for op i, copying the value.
template <typename RecordOf>
Result PointReads(Connection* c, const Data& d, size_t ops, RecordOf record_of,
                  RunStats* stats) {
  KeyBuffer key(d);
  uint8_t* const out = stats->buffer.data();
  const size_t cap = stats->buffer.size();
  return ReadInSnapshots(
      c, ops,
      [&](size_t i) {
        size_t size = 0;
        Result r = c->Get(key.Of(record_of(i)), out, cap, &size);
        if (r.ok() && size < kTagBytes) r = {"value too short", 0};
        if (r.ok()) stats->checksum = ChecksumStep(stats->checksum, out);
        return r;
      },
      stats);
}

// readseq / readreverse: `ops` values in key order (or reverse), starting a
// new pass (and snapshot) at the end of the table.
Result Scan(Connection* c, size_t ops, bool forward, RunStats* stats) {
  using Move = Connection::Move;
  uint8_t* const out = stats->buffer.data();
  const size_t cap = stats->buffer.size();
  bool in_pass = false;
  OpTimer timer(&stats->latencies_ns);
  while (stats->ops < ops) {
    Result r;
    bool found = false;
    size_t size = 0;
    if (!in_pass) {
      r = c->BeginRead();
      if (r.ok()) {
        r = c->MoveTo(forward ? Move::kFirst : Move::kLast, out, cap, &size,
                      &found);
      }
      if (r.ok() && !found) r = {"scan: the table is empty", 0};
      in_pass = true;
    } else {
      r = c->MoveTo(forward ? Move::kNext : Move::kPrev, out, cap, &size,
                    &found);
      if (r.ok() && !found) {  // end of this pass
        in_pass = false;
        r = c->EndRead();
        if (r.ok()) continue;
      }
    }
    if (r.ok() && size < kTagBytes) r = {"value too short", 0};
    if (!r.ok()) {
      (void)c->EndRead();
      return r;
    }
    stats->checksum = ChecksumStep(stats->checksum, out);
    timer.Done();
    ++stats->ops;
  }
  return in_pass ? c->EndRead() : Result{};
}

// seekrandom: seek GE to a random record's key, then read it and the
// p.seek_nexts records after it (fewer at the end). One op per seek.
Result SeekRandom(Connection* c, const Data& d, RunStats* stats) {
  const Params& p = d.params();
  KeyBuffer key(d);
  uint8_t* const out = stats->buffer.data();
  const size_t cap = stats->buffer.size();
  return ReadInSnapshots(
      c, p.reads,
      [&](size_t i) {
        bool found = false;
        size_t size = 0;
        Result r = c->SeekGE(key.Of(Data::Random(kSeekStream, i, p.num)), out,
                             cap, &size, &found);
        if (r.ok() && !found) r = {"seek: no record >= an existing key", 0};
        for (size_t n = 0; r.ok() && found; ++n) {
          stats->checksum = ChecksumStep(stats->checksum, out);
          if (n == p.seek_nexts) break;
          r = c->MoveTo(Connection::Move::kNext, out, cap, &size, &found);
        }
        return r;
      },
      stats);
}

// mixed: p.mixed_ops random records; p.write_pct percent of the ops replace
// the value (generation 1) in their own durable transaction, the others read
// it in their own snapshot.
Result Mixed(Connection* c, const Data& d, int thread, RunStats* stats) {
  const Params& p = d.params();
  const uint64_t stream = kMixedStream + static_cast<uint64_t>(thread);
  KeyBuffer key(d);
  uint8_t* const out = stats->buffer.data();
  const size_t cap = stats->buffer.size();
  OpTimer timer(&stats->latencies_ns);
  for (size_t i = 0; i < p.mixed_ops; ++i) {
    const uint64_t record = Data::Random(stream, 2 * i, p.num);
    const bool write = Data::Random(stream, 2 * i + 1, 100) < p.write_pct;
    const Bytes k = key.Of(record);
    Result r;
    if (write) {
      // lmjet reports a concurrent change of the same record at once
      // (JET_errWriteConflict); like an ESE application, retry the
      // transaction. (LMDB serializes writers; SQLite waits in its busy
      // handler.)
      for (int attempt = 0; attempt < kMaxWriteAttempts; ++attempt) {
        r = c->BeginWrite();
        if (r.ok()) {
          r = c->Replace(k, {d.Value(record, 1), p.value_size});
        }
        if (r.ok()) r = c->CommitWrite();
        if (r.ok()) break;
        c->AbortWrite();
        if (r.code != JET_errWriteConflict) break;
      }
    } else {
      r = c->BeginRead();
      size_t size = 0;
      if (r.ok()) r = c->Get(k, out, cap, &size);
      if (r.ok() && size != p.value_size) r = {"value size", 0};
      const Result end = c->EndRead();
      if (r.ok()) r = end;
    }
    if (!r.ok()) return r;
    timer.Done();
    ++stats->ops;
  }
  return {};
}

size_t LvBatch(const Params& p) {
  return std::max<size_t>(1, std::min(p.batch, kLvTxnBytes / p.lv_size));
}

}  // namespace

// --- Public ------------------------------------------------------------------

const char* EngineName(Engine e) {
  static const char* const kNames[] = {"lmjet", "lmdb", "sqlite"};
  return kNames[static_cast<int>(e)];
}

const char* WorkloadName(Workload w) { return InfoOf(w).name; }

std::string CheckParams(const Params& p) {
  if (p.key_size < 4 || p.key_size > kMaxKeySize) {
    return "--key_size wants 4.." + std::to_string(kMaxKeySize);
  }
  uint64_t key_space = 1;  // 10^key_size, capped
  for (size_t d = 0; d < p.key_size && key_space <= p.num; ++d) key_space *= 10;
  if (p.num > key_space) return "--num does not fit in --key_size digits";
  if (p.value_size < kTagBytes || p.lv_size < kTagBytes) {
    return "--value_size and --lv_size want at least 8";
  }
  if (p.num == 0 || p.batch == 0 || p.threads == 0 || p.lv_num == 0) {
    return "--num, --batch, --threads and --lv_num want at least 1";
  }
  if (p.num > UINT32_MAX) return "--num wants at most 2^32-1";
  if (p.write_pct > 100) return "--write_pct wants 0..100";
  return "";
}

Data::Data(const Params& p) : params_(p) {
  std::mt19937_64 rng(kSeed);
  pool_.resize(kPoolBytes + std::max(p.value_size, p.lv_size));
  for (auto& b : pool_) b = static_cast<uint8_t>(rng());
  order_.resize(p.num);
  for (size_t i = 0; i < p.num; ++i) order_[i] = static_cast<uint32_t>(i);
  // Fisher-Yates with plain modulo: the same permutation everywhere.
  for (size_t i = p.num; i > 1; --i)
    std::swap(order_[i - 1], order_[rng() % i]);
}

void Data::Key(uint64_t i, uint8_t* out) const {
  const size_t size = params_.key_size;
  const size_t digits = std::min<size_t>(kMaxKeyDigits, size);
  std::memset(out, '0', size - digits);
  for (size_t b = 1; b <= digits; ++b, i /= 10) {
    out[size - b] = static_cast<uint8_t>('0' + i % 10);
  }
}

const uint8_t* Data::Value(uint64_t i, uint32_t generation) const {
  // An odd multiplier makes the offsets of i < kPoolBytes distinct.
  const uint64_t offset =
      (i * 2654435761u + uint64_t{generation} * 40503u) % kPoolBytes;
  return pool_.data() + offset;
}

uint64_t Data::Random(uint64_t stream, uint64_t op, uint64_t n) {
  // splitmix64 of (stream, op).
  uint64_t z = stream * 0x9E3779B97F4A7C15ull + op + kSeed;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return z % n;
}

std::string OpenStore(Engine e, const std::string& process_dir,
                      const std::string& dir, const Params& p,
                      const StoreOptions& options,
                      std::unique_ptr<Store>* out) {
  std::error_code ec;
  if (!std::filesystem::create_directory(dir, ec)) {
    return "cannot create " + dir + ": " + ec.message();
  }
  std::string error;
  switch (e) {
    case Engine::kLmjet: {
      JET_INSTANCE instance = 0;
      error = JetInstance(process_dir, &instance);
      if (!error.empty()) {
        std::filesystem::remove_all(dir, ec);
        return error;
      }
      auto store = std::make_unique<LmjetStore>(instance, dir, options);
      error = store->Create(p);
      *out = std::move(store);
      break;
    }
    case Engine::kLmdb: {
      auto store = std::make_unique<LmdbStore>(dir, options);
      error = store->Create();
      *out = std::move(store);
      break;
    }
    case Engine::kSqlite: {
      auto store = std::make_unique<SqliteStore>(dir, options);
      error = store->Create();
      *out = std::move(store);
      break;
    }
  }
  if (!error.empty()) out->reset();
  return error;
}

void PrepareRun(Workload w, const Params& p, RunStats* stats) {
  stats->ops = 0;
  stats->checksum = 0;
  stats->latencies_ns.clear();
  stats->latencies_ns.reserve(OpsOf(w, p));
  stats->buffer.resize(ValueSize(p, InfoOf(w).options.long_values));
}

StoreOptions OptionsFor(Workload w) { return InfoOf(w).options; }

size_t RecordsBefore(Workload w, const Params& p) {
  switch (w) {
    case Workload::kFillSeq:
    case Workload::kFillRandom:
    case Workload::kFillIndexed:
    case Workload::kFillSync:
    case Workload::kFillLazy:
    case Workload::kLvWrite:
      return 0;
    case Workload::kLvRead:
      return p.lv_num;
    default:
      return p.num;
  }
}

int64_t RecordsAfter(Workload w, const Params& p) {
  switch (w) {
    case Workload::kFillSeq:
    case Workload::kFillRandom:
    case Workload::kFillIndexed:
      return static_cast<int64_t>(p.num);
    case Workload::kFillSync:
    case Workload::kFillLazy:
      return static_cast<int64_t>(p.sync_num);
    case Workload::kLvWrite:
      return static_cast<int64_t>(p.lv_num);
    case Workload::kDeleteRandom:
      return 0;
    default:
      return -1;
  }
}

Result FillInOrder(Connection* c, const Data& d, size_t n, bool long_values) {
  const Params& p = d.params();
  RunStats stats;
  stats.latencies_ns.reserve(n);
  return WriteBatches(
      c, d, WriteKind::kInsert, n, long_values ? LvBatch(p) : p.batch, 0,
      ValueSize(p, long_values), [](size_t i) { return i; }, &stats);
}

Result RunWorkload(Workload w, Connection* c, const Data& d, int thread,
                   RunStats* stats) {
  const Params& p = d.params();
  const auto in_order = [](size_t i) { return i; };
  const auto shuffled = [&d](size_t i) { return d.order()[i]; };
  switch (w) {
    case Workload::kFillSeq:
      return WriteBatches(c, d, WriteKind::kInsert, p.num, p.batch, 0,
                          p.value_size, in_order, stats);
    case Workload::kFillRandom:
    case Workload::kFillIndexed:
      return WriteBatches(c, d, WriteKind::kInsert, p.num, p.batch, 0,
                          p.value_size, shuffled, stats);
    case Workload::kOverwrite:
      return WriteBatches(
          c, d, WriteKind::kReplace, p.num, p.batch, 1, p.value_size,
          [&p](size_t i) { return Data::Random(kOverwriteStream, i, p.num); },
          stats);
    case Workload::kDeleteRandom:
      return WriteBatches(c, d, WriteKind::kRemove, p.num, p.batch, 0,
                          p.value_size, shuffled, stats);
    case Workload::kFillSync:
    case Workload::kFillLazy:
      return WriteBatches(c, d, WriteKind::kInsert, p.sync_num, 1, 0,
                          p.value_size, in_order, stats);
    case Workload::kLvWrite:
      return WriteBatches(c, d, WriteKind::kInsert, p.lv_num, LvBatch(p), 0,
                          p.lv_size, in_order, stats);
    case Workload::kReadRandom:
      return PointReads(
          c, d, p.reads,
          [&p](size_t i) { return Data::Random(kReadStream, i, p.num); },
          stats);
    case Workload::kLvRead:
      return PointReads(
          c, d, p.lv_num,
          [&p](size_t i) { return Data::Random(kLvReadStream, i, p.lv_num); },
          stats);
    case Workload::kReadSeq:
      return Scan(c, p.reads, /*forward=*/true, stats);
    case Workload::kReadReverse:
      return Scan(c, p.reads, /*forward=*/false, stats);
    case Workload::kSeekRandom:
      return SeekRandom(c, d, stats);
    case Workload::kMixed:
      return Mixed(c, d, thread, stats);
  }
  return {"unknown workload", static_cast<long>(w)};
}

// --- Benchmarks --------------------------------------------------------------

namespace {

// The process's temporary directory, made on first use.
const std::string& ProcessDir(std::string* error) {
  static std::string dir_error;
  static const std::string dir = [] {
    std::string made;
    dir_error = MakeTempDir("lmjet-db-bench", &made);
    return made;
  }();
  *error = dir_error;
  return dir;
}

std::string NewStoreDir(const std::string& process_dir) {
  static std::atomic<int> serial{0};
  return process_dir + "/s" + std::to_string(++serial);
}

const Data& TheData(const Params& p) {
  static const Data* data = new Data(p);
  return *data;
}

// Opens a store for `w` and fills it with RecordsBefore(w) records.
std::string OpenFilledStore(Engine e, Workload w, const Data& d,
                            std::unique_ptr<Store>* out) {
  std::string error;
  const std::string& dir = ProcessDir(&error);
  if (!error.empty()) return error;
  const Params& p = d.params();
  const StoreOptions options = OptionsFor(w);
  error = OpenStore(e, dir, NewStoreDir(dir), p, options, out);
  if (!error.empty()) return error;
  const size_t records = RecordsBefore(w, p);
  if (records == 0) return "";
  std::unique_ptr<Connection> c;
  Result r = (*out)->Connect(&c);
  if (r.ok()) r = FillInOrder(c.get(), d, records, options.long_values);
  if (!r.ok()) return "fill: " + r.message();
  return "";
}

// The filled store the reading workloads (and overwrite and mixed) of one
// engine share within a process, made on first use; RunCleanups closes it.
Store* SharedStore(Engine e, Workload w, const Data& d, std::string* error) {
  static std::mutex mu;
  static auto* stores = new std::map<std::pair<Engine, bool>, Store*>;
  std::lock_guard<std::mutex> lock(mu);
  const auto key = std::make_pair(e, OptionsFor(w).long_values);
  auto it = stores->find(key);
  if (it != stores->end()) return it->second;
  std::unique_ptr<Store> store;
  *error = OpenFilledStore(e, w, d, &store);
  if (!error->empty()) return nullptr;
  Store* shared = store.release();
  (*stores)[key] = shared;
  AtExit([shared] { delete shared; });
  return shared;
}

bool UsesSharedStore(Workload w) {
  switch (w) {
    case Workload::kOverwrite:
    case Workload::kReadRandom:
    case Workload::kReadSeq:
    case Workload::kReadReverse:
    case Workload::kSeekRandom:
    case Workload::kMixed:
    case Workload::kLvRead:
      return true;
    default:
      return false;
  }
}

// Gathers the latencies of every thread of one repetition; the last thread
// to arrive gets them all.
class LatencyGather {
 public:
  // Adds `latencies`; returns true (with all of them in *all) for the last
  // of `threads` callers of this repetition.
  bool Add(const std::vector<uint32_t>& latencies, int threads,
           std::vector<uint32_t>* all) {
    std::lock_guard<std::mutex> lock(mu_);
    gathered_.insert(gathered_.end(), latencies.begin(), latencies.end());
    if (++arrived_ < threads) return false;
    all->swap(gathered_);
    gathered_.clear();
    arrived_ = 0;
    return true;
  }

 private:
  std::mutex mu_;
  std::vector<uint32_t> gathered_;
  int arrived_ = 0;
};

double Percentile(std::vector<uint32_t>* v, double fraction) {
  if (v->empty()) return 0;
  const size_t index =
      std::min(v->size() - 1,
               static_cast<size_t>(fraction * static_cast<double>(v->size())));
  std::nth_element(v->begin(), v->begin() + static_cast<ptrdiff_t>(index),
                   v->end());
  return (*v)[index];
}

void RunDbBenchmark(benchmark::State& state, Workload w, Engine e,
                    const Params* p) {
  static LatencyGather gather;
  const Data& d = TheData(*p);
  std::string error;
  std::unique_ptr<Store> owned;
  Store* store = nullptr;
  if (UsesSharedStore(w)) {
    store = SharedStore(e, w, d, &error);
  } else {
    error = OpenFilledStore(e, w, d, &owned);
    store = owned.get();
  }
  std::unique_ptr<Connection> connection;
  if (error.empty()) {
    const Result r = store->Connect(&connection);
    if (!r.ok()) error = r.message();
  }
  if (!error.empty()) state.SkipWithError(error.c_str());

  RunStats stats;
  PrepareRun(w, *p, &stats);
  Result result;
  // Every thread enters the loop (it holds the start and stop barriers);
  // after an error it runs no iteration.
  for (auto _ : state) {
    result = RunWorkload(w, connection.get(), d, state.thread_index(), &stats);
  }
  connection.reset();
  if (!state.error_occurred() && !result.ok()) {
    error = result.message();
    state.SkipWithError(error.c_str());
  }
  // The work really happened: the store holds what it should.
  const int64_t expected = RecordsAfter(w, *p);
  if (!state.error_occurred() && expected >= 0) {
    uint64_t records = 0, index_entries = 0;
    const Result r = store->Count(&records, &index_entries);
    const uint64_t expected_index = OptionsFor(w).indexed ? records : 0;
    if (!r.ok()) {
      error = "count: " + r.message();
    } else if (records != static_cast<uint64_t>(expected) ||
               index_entries != expected_index) {
      error = "count: " + std::to_string(records) + " records, " +
              std::to_string(index_entries) + " index entries; expected " +
              std::to_string(expected);
    }
    if (!error.empty()) state.SkipWithError(error.c_str());
  }
  owned.reset();

  state.SetItemsProcessed(static_cast<int64_t>(stats.ops));
  std::vector<uint32_t> all;
  if (gather.Add(stats.latencies_ns, state.threads(), &all)) {
    state.counters["p50_ns"] = Percentile(&all, 0.50);
    state.counters["p90_ns"] = Percentile(&all, 0.90);
    state.counters["p99_ns"] = Percentile(&all, 0.99);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["peak_rss_kb"] = static_cast<double>(usage.ru_maxrss);
  }
}

}  // namespace

void RegisterDbBenchmarks(const Params* p) {
  for (Workload w : kWorkloads) {
    for (Engine e : kEngines) {
      const std::string name =
          std::string(WorkloadName(w)) + "/" + EngineName(e);
      auto* b = benchmark::RegisterBenchmark(
          name.c_str(), [w, e, p](benchmark::State& state) {
            RunDbBenchmark(state, w, e, p);
          });
      // One run of the whole workload per repetition.
      b->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
      if (w == Workload::kMixed) b->Threads(static_cast<int>(p->threads));
    }
  }
}

}  // namespace lmjet::bench
