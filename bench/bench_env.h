// Setup shared by the side-by-side benchmark programs (table_bench, db_bench):
// error messages, a temporary directory removed at exit, the lmjet instance,
// LMDB environments opened as lmjet opens its own, SQLite connections, and
// size flags. Nothing here is timed; hot paths use the engines directly.

#ifndef LMJET_BENCH_BENCH_ENV_H_
#define LMJET_BENCH_BENCH_ENV_H_

#include <lmdb.h>
#include <sqlite3.h>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>

#include "api/esent.h"

namespace lmjet::bench {

// --- Errors ------------------------------------------------------------------

// "<what> failed: <code>".
std::string Failed(const char* what, long code);

// Failed(what, rc) followed by SQLite's message for `db` (if db != nullptr).
std::string SqliteFailed(const char* what, int rc, sqlite3* db);

// The first failing call of a sequence: its name and code; ok() when none
// failed. `what` points to a string literal.
struct CallResult {
  const char* what = nullptr;
  long code = 0;

  bool ok() const { return what == nullptr; }
  std::string message() const { return Failed(what, code); }
};

// --- Process-wide resources --------------------------------------------------

// Registers `fn` to run at RunCleanups(), in reverse order of registration.
// Thread-safe.
void AtExit(std::function<void()> fn);

// Runs the registered functions (last registered first) and forgets them.
// Programs call it once every benchmark has run.
void RunCleanups();

// Makes a fresh directory "$TMPDIR/<prefix>-XXXXXX" ("/tmp" when TMPDIR is
// unset or empty) and stores its path in *dir; RunCleanups() removes it with
// everything inside. Returns "" or the error.
std::string MakeTempDir(const char* prefix, std::string* dir);

// Removes every file directly in `dir` whose name starts with `prefix`
// (a database and LMDB's "-lock", SQLite's "-wal" and "-shm" beside it).
void RemoveFiles(const std::string& dir, const std::string& prefix);

// Creates and initializes an lmjet instance named `name` whose system, log
// and temporary files live in `dir`, allowing `max_sessions` sessions.
// RunCleanups() terminates it (dirty if something was left open). Returns ""
// or the failing call.
std::string InitJetInstance(const std::string& dir, const char* name,
                            unsigned long max_sessions, JET_INSTANCE* instance);

// --- lmjet -------------------------------------------------------------------

// One column to add: its name, type, cbMax (0: the type's default) and where
// its id goes.
struct JetColumnSpec {
  const char* name;
  JET_COLTYP coltyp;
  unsigned long cb_max;
  JET_COLUMNID* columnid;
};

// Adds `columns` to the open table, in order. Returns "" or the error.
std::string AddJetColumns(JET_SESID sesid, JET_TABLEID tableid,
                          std::initializer_list<JetColumnSpec> columns);

// --- LMDB --------------------------------------------------------------------

// Opens (creating) the environment file `path` exactly as
// engine/database_file.cc opens lmjet's (MDB_NOSUBDIR | MDB_NOTLS, 1024
// DBIs, 4096 readers, 1 GiB map), plus `extra_flags` (e.g. MDB_NOSYNC for
// a lazy baseline). On failure *env is nullptr. Returns "" or the error.
std::string OpenLmdb(const std::string& path, unsigned extra_flags,
                     MDB_env** env);

// Opens (creating) the named DBIs in one committed write transaction.
std::string OpenLmdbDbis(
    MDB_env* env, std::initializer_list<std::pair<const char*, MDB_dbi*>> dbis);

// --- SQLite ------------------------------------------------------------------

// synchronous=FULL (durable commits) or NORMAL (in WAL mode: commits are
// not synced, the WAL is at checkpoints).
enum class SqliteSync { kFull, kNormal };

// Opens (creating) `path` in WAL mode with the given synchronous setting, a
// 64 MiB page cache and a 60 s busy timeout. *db is set even on failure
// (sqlite3_close accepts it). Returns "" or the error.
std::string OpenSqlite(const std::string& path, SqliteSync sync, sqlite3** db);

// sqlite3_exec of `sql`; "" or the error naming the statement.
std::string SqliteExec(sqlite3* db, const char* sql);

// sqlite3_prepare_v2 of `sql`; "" or the error.
std::string SqlitePrepare(sqlite3* db, const char* sql, sqlite3_stmt** stmt);

// --- Flags -------------------------------------------------------------------

// A "--<name>=N" flag whose value must lie in [min, max].
struct SizeFlag {
  const char* name;  // without the leading "--"
  size_t* value;
  size_t min;
  size_t max;
};

// Parses `text` as a decimal number in [min, max] into *value. Returns "" or
// an error naming `name`.
std::string ParseSize(const char* name, const std::string& text, size_t min,
                      size_t max, size_t* value);

// Takes every "--<name>=N" of `flags` out of argv (keeping the other
// arguments, in order, for benchmark::Initialize) and stores the values.
// Returns "" or the first bad flag's error.
std::string TakeSizeFlags(int* argc, char** argv,
                          std::initializer_list<SizeFlag> flags);

}  // namespace lmjet::bench

#endif  // LMJET_BENCH_BENCH_ENV_H_
