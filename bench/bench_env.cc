#include "bench/bench_env.h"

#include <stdlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

namespace lmjet::bench {
namespace {

// As engine/database_file.cc opens lmjet's environments.
constexpr size_t kMapBytes = size_t{1} << 30;
constexpr unsigned kMaxDbis = 1024;
constexpr unsigned kMaxReaders = 4096;
constexpr unsigned kEnvFlags = MDB_NOSUBDIR | MDB_NOTLS;

std::mutex g_cleanup_mu;
std::vector<std::function<void()>>& Cleanups() {
  static auto* cleanups = new std::vector<std::function<void()>>;
  return *cleanups;
}

}  // namespace

std::string Failed(const char* what, long code) {
  return std::string(what) + " failed: " + std::to_string(code);
}

std::string SqliteFailed(const char* what, int rc, sqlite3* db) {
  std::string message = Failed(what, rc);
  if (db != nullptr) message += std::string(" (") + sqlite3_errmsg(db) + ")";
  return message;
}

void AtExit(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(g_cleanup_mu);
  Cleanups().push_back(std::move(fn));
}

void RunCleanups() {
  // Taken out first so that a cleanup may register another.
  std::vector<std::function<void()>> cleanups;
  {
    std::lock_guard<std::mutex> lock(g_cleanup_mu);
    cleanups.swap(Cleanups());
  }
  for (auto it = cleanups.rbegin(); it != cleanups.rend(); ++it) (*it)();
}

std::string MakeTempDir(const char* prefix, std::string* dir) {
  const char* tmp = getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") +
                        "/" + prefix + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return Failed("mkdtemp", errno);
  *dir = pattern;
  AtExit([pattern] {
    std::error_code ec;
    std::filesystem::remove_all(pattern, ec);
  });
  return "";
}

void RemoveFiles(const std::string& dir, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

std::string InitJetInstance(const std::string& dir, const char* name,
                            unsigned long max_sessions,
                            JET_INSTANCE* instance) {
  JET_ERR err = JetCreateInstance(instance, name);
  if (err != JET_errSuccess) return Failed("JetCreateInstance", err);
  AtExit([instance = *instance] {
    // The later cleanups closed everything; fall back to a dirty
    // termination if a failed run left something open.
    if (JetTerm(instance) != JET_errSuccess) {
      (void)JetTerm2(instance, JET_bitTermDirty);
    }
  });
  const std::string dir_slash = dir + "/";
  const std::string temp_db = dir + "/tmp.edb";
  err = JetSetSystemParameter(instance, 0, JET_paramMaxSessions, max_sessions,
                              nullptr);
  if (err != JET_errSuccess) {
    return Failed("JetSetSystemParameter(MaxSessions)", err);
  }
  err = JetSetSystemParameter(instance, 0, JET_paramSystemPath, 0,
                              dir_slash.c_str());
  if (err != JET_errSuccess) {
    return Failed("JetSetSystemParameter(SystemPath)", err);
  }
  err = JetSetSystemParameter(instance, 0, JET_paramLogFilePath, 0,
                              dir_slash.c_str());
  if (err != JET_errSuccess) {
    return Failed("JetSetSystemParameter(LogFilePath)", err);
  }
  err =
      JetSetSystemParameter(instance, 0, JET_paramTempPath, 0, temp_db.c_str());
  if (err != JET_errSuccess) {
    return Failed("JetSetSystemParameter(TempPath)", err);
  }
  err = JetInit(instance);
  if (err != JET_errSuccess) return Failed("JetInit", err);
  return "";
}

std::string AddJetColumns(JET_SESID sesid, JET_TABLEID tableid,
                          std::initializer_list<JetColumnSpec> columns) {
  for (const JetColumnSpec& c : columns) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = c.coltyp;
    def.cbMax = c.cb_max;
    const JET_ERR err =
        JetAddColumn(sesid, tableid, c.name, &def, nullptr, 0, c.columnid);
    if (err != JET_errSuccess) return Failed("JetAddColumn", err);
  }
  return "";
}

std::string OpenLmdb(const std::string& path, unsigned extra_flags,
                     MDB_env** env) {
  int rc = mdb_env_create(env);
  if (rc != MDB_SUCCESS) {
    *env = nullptr;
    return Failed("mdb_env_create", rc);
  }
  rc = mdb_env_set_mapsize(*env, kMapBytes);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxdbs(*env, kMaxDbis);
  if (rc == MDB_SUCCESS) rc = mdb_env_set_maxreaders(*env, kMaxReaders);
  if (rc == MDB_SUCCESS) {
    rc = mdb_env_open(*env, path.c_str(), kEnvFlags | extra_flags, 0644);
  }
  if (rc != MDB_SUCCESS) {
    mdb_env_close(*env);
    *env = nullptr;
    return Failed("mdb_env_open", rc);
  }
  return "";
}

std::string OpenLmdbDbis(
    MDB_env* env,
    std::initializer_list<std::pair<const char*, MDB_dbi*>> dbis) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS) return Failed("mdb_txn_begin", rc);
  for (const auto& [name, dbi] : dbis) {
    rc = mdb_dbi_open(txn, name, MDB_CREATE, dbi);
    if (rc != MDB_SUCCESS) {
      mdb_txn_abort(txn);
      return Failed("mdb_dbi_open", rc);
    }
  }
  rc = mdb_txn_commit(txn);
  if (rc != MDB_SUCCESS) return Failed("mdb_txn_commit", rc);
  return "";
}

std::string SqliteExec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return "";
  std::string error = std::string(sql) + " failed: " + std::to_string(rc) +
                      " (" + (message != nullptr ? message : "?") + ")";
  sqlite3_free(message);
  return error;
}

std::string OpenSqlite(const std::string& path, SqliteSync sync, sqlite3** db) {
  int rc = sqlite3_open_v2(
      path.c_str(), db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) return SqliteFailed("sqlite3_open_v2", rc, *db);
  rc = sqlite3_busy_timeout(*db, 60000);
  if (rc != SQLITE_OK) return SqliteFailed("sqlite3_busy_timeout", rc, *db);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL",
        sync == SqliteSync::kFull ? "PRAGMA synchronous=FULL"
                                  : "PRAGMA synchronous=NORMAL",
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

std::string ParseSize(const char* name, const std::string& text, size_t min,
                      size_t max, size_t* value) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long parsed = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end == text.c_str() || *end != '\0' ||
      errno != 0 || parsed < min || parsed > max) {
    return std::string("--") + name + " wants " + std::to_string(min) + ".." +
           std::to_string(max) + ", not '" + text + "'";
  }
  *value = static_cast<size_t>(parsed);
  return "";
}

std::string TakeSizeFlags(int* argc, char** argv,
                          std::initializer_list<SizeFlag> flags) {
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const SizeFlag* matched = nullptr;
    const char* text = nullptr;
    for (const SizeFlag& flag : flags) {
      const size_t length = std::strlen(flag.name);
      if (std::strncmp(argv[i], "--", 2) == 0 &&
          std::strncmp(argv[i] + 2, flag.name, length) == 0 &&
          argv[i][2 + length] == '=') {
        matched = &flag;
        text = argv[i] + 3 + length;
        break;
      }
    }
    if (matched == nullptr) {
      argv[kept++] = argv[i];
      continue;
    }
    std::string error = ParseSize(matched->name, text, matched->min,
                                  matched->max, matched->value);
    if (!error.empty()) return error;
  }
  *argc = kept;
  return "";
}

}  // namespace lmjet::bench
