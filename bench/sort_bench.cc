// Sorting N records (a random 16-byte key and a random 100-byte payload)
// three ways, for issue 4's targets (lmjet within 3x of std::sort while the
// sort fits in memory, and faster than SQLite):
//
//   sort_<N>/lmjet        JetOpenTempTable with a TTKey key column and a
//                         payload column, JET_paramLmjetTempTableMemoryMax
//                         large enough that the sort stays in memory: insert
//                         every record (JetPrepareUpdate, JetSetColumns,
//                         JetUpdate), then JetMove(First/Next) over all of
//                         them reading key and payload (JetRetrieveColumns).
//   sort_<N>/lmjet_spill  the same at the parameter's default (64 MiB), so
//                         the sort spills runs under JET_paramTempPath.
//   sort_<N>/std_sort     the records copied into a std::vector, std::sort
//                         by key (memcmp), then one pass copying out key and
//                         payload of each.
//   sort_<N>/sqlite       a TEMP table (key BLOB, payload BLOB): the inserts
//                         through one prepared statement in one transaction,
//                         then SELECT key, payload ... ORDER BY key stepping
//                         every row and reading both columns.
//
// Every engine sorts the same records, generated once per N outside the
// timed region. One sort per iteration (Iterations(1)); use
// --benchmark_repetitions for medians. Counters: items_per_second (records),
// peak_rss_kb (the process's peak RSS when the benchmark ends, so run one
// benchmark per process to read it: --benchmark_filter='^sort_1M/lmjet$').
// Google Benchmark reports the names with "/iterations:1/real_time"
// appended; a filter ending in '$' is widened here to match that.
//
//   ./bazelw run -c opt //bench:sort_bench -- --benchmark_repetitions=3
//       --sort_sizes=1000000,10000000
//
// --sort_sizes=N[,N...] (default 1000000) is read before benchmark's flags.

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "api/esent.h"
#include "benchmark/benchmark.h"

namespace {

constexpr size_t kKeyBytes = 16;
constexpr size_t kPayloadBytes = 100;
constexpr size_t kRecordBytes = kKeyBytes + kPayloadBytes;
constexpr uint64_t kSeed = 20261122;
// JET_paramLmjetTempTableMemoryMax for the in-memory variant: far above
// what 10M records need, so no sort spills.
constexpr JET_API_PTR kInMemoryBudget = JET_API_PTR{64} << 30;

// N records, kRecordBytes each: key then payload.
struct Records {
  size_t count = 0;
  std::vector<uint8_t> bytes;
  const uint8_t* Key(size_t i) const { return &bytes[i * kRecordBytes]; }
  const uint8_t* Payload(size_t i) const { return Key(i) + kKeyBytes; }
};

const Records& TheRecords(size_t count) {
  static auto* cache = new std::map<size_t, std::unique_ptr<Records>>;
  std::unique_ptr<Records>& r = (*cache)[count];
  if (r == nullptr) {
    r = std::make_unique<Records>();
    r->count = count;
    r->bytes.resize(count * kRecordBytes);
    std::mt19937_64 rng(kSeed);
    for (size_t i = 0; i < r->bytes.size(); i += 8) {
      const uint64_t v = rng();
      std::memcpy(&r->bytes[i], &v, std::min<size_t>(8, r->bytes.size() - i));
    }
  }
  return *r;
}

void SetPeakRss(benchmark::State& state) {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_kb"] = static_cast<double>(usage.ru_maxrss);
}

// A scratch directory removed when the program ends.
const std::string& ScratchDir() {
  static const std::string* dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "lmjet-sort-bench-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      std::exit(1);
    }
    std::atexit([] { std::filesystem::remove_all(*dir); });
    return new std::string(pattern);
  }();
  return *dir;
}

// Checks that `key` is not below `previous` and remembers it.
bool InOrder(const uint8_t* key, uint8_t* previous, bool* first) {
  const bool ok = *first || std::memcmp(previous, key, kKeyBytes) <= 0;
  std::memcpy(previous, key, kKeyBytes);
  *first = false;
  return ok;
}

// --- lmjet -----------------------------------------------------------------

struct JetEnv {
  JET_INSTANCE instance = 0;
  JET_SESID sesid = JET_sesidNil;
  ~JetEnv() {
    if (sesid != JET_sesidNil) JetEndSession(sesid, 0);
    if (instance != 0) JetTerm(instance);
  }
};

JET_ERR StartJet(JET_API_PTR budget, JetEnv* env) {
  static int next = 0;
  const std::string name = "sort_bench" + std::to_string(next++);
  const std::string dir = ScratchDir() + "/" + name + "/";
  std::filesystem::create_directories(dir);
  JET_ERR err = JetCreateInstance(&env->instance, name.c_str());
  for (auto [id, text] : {std::pair{JET_paramSystemPath, dir},
                          std::pair{JET_paramLogFilePath, dir},
                          std::pair{JET_paramTempPath, dir}}) {
    if (err == JET_errSuccess) {
      err = JetSetSystemParameter(&env->instance, JET_sesidNil, id, 0,
                                  text.c_str());
    }
  }
  if (err == JET_errSuccess && budget != 0) {  // 0: the default
    err = JetSetSystemParameter(&env->instance, JET_sesidNil,
                                JET_paramLmjetTempTableMemoryMax, budget,
                                nullptr);
  }
  if (err == JET_errSuccess) err = JetInit(&env->instance);
  if (err == JET_errSuccess) {
    err = JetBeginSession(env->instance, &env->sesid, "", "");
  }
  return err;
}

// One sort through a temp table; the error of the first failing call.
JET_ERR JetSort(JET_SESID sesid, const Records& r, size_t* read,
                bool* ordered) {
  JET_COLUMNDEF cols[2] = {};
  for (JET_COLUMNDEF& c : cols) {
    c.cbStruct = sizeof(c);
    c.coltyp = JET_coltypBinary;
  }
  cols[0].cbMax = kKeyBytes;
  cols[0].grbit = JET_bitColumnTTKey;
  cols[1].cbMax = kPayloadBytes;
  JET_COLUMNID ids[2];
  JET_TABLEID table = JET_tableidNil;
  JET_ERR err = JetOpenTempTable(sesid, cols, 2, 0, &table, ids);
  if (err != JET_errSuccess) return err;
  JET_SETCOLUMN set[2] = {};
  set[0].columnid = ids[0];
  set[0].cbData = kKeyBytes;
  set[1].columnid = ids[1];
  set[1].cbData = kPayloadBytes;
  for (size_t i = 0; i < r.count && err >= 0; ++i) {
    err = JetPrepareUpdate(sesid, table, JET_prepInsert);
    set[0].pvData = r.Key(i);
    set[1].pvData = r.Payload(i);
    if (err >= 0) err = JetSetColumns(sesid, table, set, 2);
    if (err >= 0) err = JetUpdate(sesid, table, nullptr, 0, nullptr);
  }
  uint8_t key[kKeyBytes], payload[kPayloadBytes], previous[kKeyBytes];
  JET_RETRIEVECOLUMN get[2] = {};
  get[0].columnid = ids[0];
  get[0].pvData = key;
  get[0].cbData = sizeof(key);
  get[0].itagSequence = 1;
  get[1].columnid = ids[1];
  get[1].pvData = payload;
  get[1].cbData = sizeof(payload);
  get[1].itagSequence = 1;
  bool first = true;
  *read = 0;
  *ordered = true;
  if (err >= 0) err = JetMove(sesid, table, JET_MoveFirst, 0);
  while (err == JET_errSuccess) {
    err = JetRetrieveColumns(sesid, table, get, 2);
    if (err != JET_errSuccess) break;
    if (!InOrder(key, previous, &first)) *ordered = false;
    ++*read;
    err = JetMove(sesid, table, JET_MoveNext, 0);
  }
  if (err == JET_errNoCurrentRecord) err = JET_errSuccess;
  const JET_ERR close = JetCloseTable(sesid, table);
  return err != JET_errSuccess ? err : close;
}

void BM_Lmjet(benchmark::State& state, size_t count, JET_API_PTR budget) {
  const Records& r = TheRecords(count);
  JetEnv env;
  JET_ERR err = StartJet(budget, &env);
  if (err != JET_errSuccess) {
    state.SkipWithError(("lmjet start failed: " + std::to_string(err)).c_str());
    return;
  }
  for (auto _ : state) {
    size_t read = 0;
    bool ordered = false;
    err = JetSort(env.sesid, r, &read, &ordered);
    if (err != JET_errSuccess || read != count || !ordered) {
      state.SkipWithError(("lmjet sort failed: err " + std::to_string(err) +
                           ", read " + std::to_string(read))
                              .c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(count));
  SetPeakRss(state);
}

// --- std::sort -------------------------------------------------------------

struct Record {
  uint8_t key[kKeyBytes];
  uint8_t payload[kPayloadBytes];
};

void BM_StdSort(benchmark::State& state, size_t count) {
  const Records& r = TheRecords(count);
  for (auto _ : state) {
    std::vector<Record> v(count);
    std::memcpy(v.data(), r.bytes.data(), count * kRecordBytes);
    std::sort(v.begin(), v.end(), [](const Record& a, const Record& b) {
      return std::memcmp(a.key, b.key, kKeyBytes) < 0;
    });
    uint8_t key[kKeyBytes], payload[kPayloadBytes], previous[kKeyBytes];
    bool first = true, ordered = true;
    for (const Record& rec : v) {
      std::memcpy(key, rec.key, kKeyBytes);
      std::memcpy(payload, rec.payload, kPayloadBytes);
      benchmark::DoNotOptimize(payload);
      if (!InOrder(key, previous, &first)) ordered = false;
    }
    if (!ordered) {
      state.SkipWithError("std::sort out of order");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(count));
  SetPeakRss(state);
}

// --- SQLite ----------------------------------------------------------------

// One sort through a TEMP table; an error message or "".
std::string SqliteSort(sqlite3* db, const Records& r, size_t* read,
                       bool* ordered) {
  auto exec = [db](const char* sql) -> std::string {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) {
      return "";
    }
    std::string error = std::string(sql) + ": " + (message ? message : "?");
    sqlite3_free(message);
    return error;
  };
  std::string error =
      exec("CREATE TEMP TABLE t(key BLOB NOT NULL, payload BLOB NOT NULL)");
  if (error.empty()) error = exec("BEGIN");
  sqlite3_stmt* insert = nullptr;
  if (error.empty() &&
      sqlite3_prepare_v2(db, "INSERT INTO t(key, payload) VALUES(?1, ?2)", -1,
                         &insert, nullptr) != SQLITE_OK) {
    error = sqlite3_errmsg(db);
  }
  for (size_t i = 0; error.empty() && i < r.count; ++i) {
    int rc = sqlite3_bind_blob(insert, 1, r.Key(i), kKeyBytes, SQLITE_STATIC);
    if (rc == SQLITE_OK) {
      rc = sqlite3_bind_blob(insert, 2, r.Payload(i), kPayloadBytes,
                             SQLITE_STATIC);
    }
    if (rc == SQLITE_OK) rc = sqlite3_step(insert);
    if (rc != SQLITE_DONE) error = sqlite3_errmsg(db);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  if (error.empty()) error = exec("COMMIT");
  sqlite3_stmt* select = nullptr;
  if (error.empty() &&
      sqlite3_prepare_v2(db, "SELECT key, payload FROM t ORDER BY key", -1,
                         &select, nullptr) != SQLITE_OK) {
    error = sqlite3_errmsg(db);
  }
  uint8_t key[kKeyBytes], payload[kPayloadBytes], previous[kKeyBytes];
  bool first = true;
  *read = 0;
  *ordered = true;
  int rc = SQLITE_ROW;
  while (error.empty() && (rc = sqlite3_step(select)) == SQLITE_ROW) {
    if (sqlite3_column_bytes(select, 0) != static_cast<int>(kKeyBytes) ||
        sqlite3_column_bytes(select, 1) != static_cast<int>(kPayloadBytes)) {
      error = "bad column size";
      break;
    }
    std::memcpy(key, sqlite3_column_blob(select, 0), kKeyBytes);
    std::memcpy(payload, sqlite3_column_blob(select, 1), kPayloadBytes);
    benchmark::DoNotOptimize(payload);
    if (!InOrder(key, previous, &first)) *ordered = false;
    ++*read;
  }
  if (error.empty() && rc != SQLITE_DONE) error = sqlite3_errmsg(db);
  sqlite3_finalize(select);
  const std::string drop = exec("DROP TABLE t");
  return error.empty() ? drop : error;
}

void BM_Sqlite(benchmark::State& state, size_t count) {
  const Records& r = TheRecords(count);
  const std::string path = ScratchDir() + "/sqlite-" + std::to_string(count) +
                           "-" + std::to_string(state.thread_index()) + ".db";
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    state.SkipWithError("sqlite3_open failed");
    sqlite3_close(db);
    return;
  }
  for (auto _ : state) {
    size_t read = 0;
    bool ordered = false;
    const std::string error = SqliteSort(db, r, &read, &ordered);
    if (!error.empty() || read != count || !ordered) {
      state.SkipWithError(("sqlite sort failed: " + error).c_str());
      break;
    }
  }
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(count));
  SetPeakRss(state);
}

// --- main ------------------------------------------------------------------

// "1M" for 1000000, "10M" for 10000000, else the number.
std::string SizeLabel(size_t n) {
  if (n % 1000000 == 0) return std::to_string(n / 1000000) + "M";
  if (n % 1000 == 0) return std::to_string(n / 1000) + "K";
  return std::to_string(n);
}

bool ParseSizes(const std::string& text, std::vector<size_t>* sizes) {
  sizes->clear();
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(begin, end - begin);
    char* stop = nullptr;
    const unsigned long long n = std::strtoull(item.c_str(), &stop, 10);
    if (item.empty() || *stop != '\0' || n == 0 || n > (1ull << 28)) {
      return false;
    }
    sizes->push_back(static_cast<size_t>(n));
    begin = end + 1;
  }
  return !sizes->empty();
}

}  // namespace

int main(int argc, char** argv) {
  std::string sizes_text = "1000000";
  std::string filter;  // kept alive for benchmark::Initialize
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--sort_sizes=", 13) == 0) {
      sizes_text = argv[i] + 13;
      continue;
    }
    if (std::strncmp(argv[i], "--benchmark_filter=", 19) == 0) {
      // Google Benchmark appends "/iterations:1/real_time" to each name;
      // let a filter anchored at the end ('^sort_1M/lmjet$') match it.
      filter = argv[i];
      if (filter.size() > 19 && filter.back() == '$' &&
          filter[filter.size() - 2] != '\\') {
        filter.insert(filter.size() - 1, "(/iterations:1/real_time)?");
        argv[i] = filter.data();
      }
    }
    argv[kept++] = argv[i];
  }
  argc = kept;
  std::vector<size_t> sizes;
  if (!ParseSizes(sizes_text, &sizes)) {
    std::fprintf(stderr,
                 "sort_bench: --sort_sizes wants N[,N...] with 1 <= N <= "
                 "2^28, not '%s'\n",
                 sizes_text.c_str());
    return 2;
  }
  for (size_t n : sizes) {
    const std::string prefix = "sort_" + SizeLabel(n) + "/";
    for (auto* b : {
             benchmark::RegisterBenchmark((prefix + "lmjet").c_str(), BM_Lmjet,
                                          n, kInMemoryBudget),
             benchmark::RegisterBenchmark((prefix + "lmjet_spill").c_str(),
                                          BM_Lmjet, n, JET_API_PTR{0}),
             benchmark::RegisterBenchmark((prefix + "std_sort").c_str(),
                                          BM_StdSort, n),
             benchmark::RegisterBenchmark((prefix + "sqlite").c_str(),
                                          BM_Sqlite, n),
         }) {
      b->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("key_bytes", std::to_string(kKeyBytes));
  benchmark::AddCustomContext("payload_bytes", std::to_string(kPayloadBytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
