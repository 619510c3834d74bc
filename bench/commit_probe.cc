// A fixed amount of the DurableSingleRowCommits work (bench/table_bench.cc),
// for profilers and syscall counters rather than for timing: --threads
// sessions each make --commits durable one-row commits (JetBeginTransaction,
// JetPrepareUpdate(insert), 3 x JetSetColumn, JetUpdate,
// JetCommitTransaction(0)) into one table, then it prints the rate and, per
// commit, the process's CPU time and context switches (getrusage), so that
// `valgrind --tool=callgrind`, `strace -c -f` or `perf stat` counts can be
// divided by an exact number of commits. For lmjet it also prints where a
// batch's time went (LmjetGetCommitStats): the leader's gather, the applies,
// LMDB's commit, the wait for durability, and the rest, which is the
// sessions' own work between commits and their wake-ups. With --lmdb it
// makes the same commits with raw LMDB (one synced write transaction each)
// instead. With --lmdb_batched one thread makes, in each synced LMDB
// transaction, the rows that --threads sessions would commit in one group
// commit batch (the next row of each session's key block): the rate a
// batch's writes allow with no gathering, applies or wake-ups, the ceiling
// of lmjet's 8-session commits on this disk. --meta_sync, with either LMDB
// mode, syncs LMDB's meta page as lmjet does (MDB_NOMETASYNC, then
// mdb_env_sync after each commit) instead of LMDB's own way.
//
//   commit_probe [--threads=8] [--commits=2000]
//                [--lmdb | --lmdb_batched [--meta_sync]]
//
// Files go to a fresh directory under $TMPDIR (or /tmp), removed at exit.

#include <lmdb.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "api/esent.h"
#include "bench/bench_env.h"

namespace {

namespace bench = lmjet::bench;

constexpr size_t kPayloadBytes = 100;
constexpr int32_t kThreadKeys = int32_t{1} << 24;

struct Table {
  JET_SESID sesid = JET_sesidNil;
  JET_DBID dbid = 0;
  JET_TABLEID tableid = JET_tableidNil;
  JET_COLUMNID id = 0, k2 = 0, payload = 0;
};

std::string Check(const char* what, JET_ERR err) {
  return err == JET_errSuccess ? std::string() : bench::Failed(what, err);
}

std::string CreateTable(JET_INSTANCE instance, const std::string& path) {
  Table t;
  std::string e =
      Check("JetBeginSession", JetBeginSession(instance, &t.sesid, "", ""));
  if (e.empty())
    e = Check("JetCreateDatabase",
              JetCreateDatabase(t.sesid, path.c_str(), "", &t.dbid,
                                JET_bitDbOverwriteExisting));
  if (e.empty())
    e = Check("JetCreateTable",
              JetCreateTable(t.sesid, t.dbid, "t", 0, 100, &t.tableid));
  if (e.empty())
    e = bench::AddJetColumns(t.sesid, t.tableid,
                             {{"id", JET_coltypLong, 0, &t.id},
                              {"k2", JET_coltypLong, 0, &t.k2},
                              {"payload", JET_coltypBinary, 255, &t.payload}});
  static const char kPrimary[] = "+id\0";
  if (e.empty())
    e = Check("JetCreateIndex",
              JetCreateIndex(t.sesid, t.tableid, "primary", JET_bitIndexPrimary,
                             kPrimary, sizeof(kPrimary), 100));
  if (t.sesid != JET_sesidNil) (void)JetEndSession(t.sesid, 0);
  return e;
}

std::string OpenTable(JET_INSTANCE instance, const std::string& path,
                      Table* t) {
  std::string e =
      Check("JetBeginSession", JetBeginSession(instance, &t->sesid, "", ""));
  if (e.empty())
    e = Check("JetOpenDatabase",
              JetOpenDatabase(t->sesid, path.c_str(), nullptr, &t->dbid, 0));
  if (e.empty())
    e = Check("JetOpenTable",
              JetOpenTable(t->sesid, t->dbid, "t", nullptr, 0, 0, &t->tableid));
  const struct {
    const char* name;
    JET_COLUMNID* id;
  } columns[] = {{"id", &t->id}, {"k2", &t->k2}, {"payload", &t->payload}};
  for (const auto& c : columns) {
    if (!e.empty()) break;
    JET_COLUMNDEF def{};
    e = Check("JetGetTableColumnInfo",
              JetGetTableColumnInfo(t->sesid, t->tableid, c.name, &def,
                                    sizeof(def), JET_ColInfo));
    *c.id = def.columnid;
  }
  return e;
}

std::string JetCommits(const Table& t, int32_t base, int commits) {
  uint8_t payload[kPayloadBytes];
  for (size_t i = 0; i < kPayloadBytes; ++i) payload[i] = uint8_t(i * 7);
  for (int i = 0; i < commits; ++i) {
    int32_t id = base + i;
    int32_t k2 = id * 31;
    std::string e = Check("JetBeginTransaction", JetBeginTransaction(t.sesid));
    if (e.empty())
      e = Check("JetPrepareUpdate",
                JetPrepareUpdate(t.sesid, t.tableid, JET_prepInsert));
    if (e.empty())
      e = Check("JetSetColumn", JetSetColumn(t.sesid, t.tableid, t.id, &id,
                                             sizeof(id), 0, nullptr));
    if (e.empty())
      e = Check("JetSetColumn", JetSetColumn(t.sesid, t.tableid, t.k2, &k2,
                                             sizeof(k2), 0, nullptr));
    if (e.empty())
      e = Check("JetSetColumn",
                JetSetColumn(t.sesid, t.tableid, t.payload, payload,
                             kPayloadBytes, 0, nullptr));
    if (e.empty())
      e = Check("JetUpdate",
                JetUpdate(t.sesid, t.tableid, nullptr, 0, nullptr));
    if (e.empty())
      e = Check("JetCommitTransaction", JetCommitTransaction(t.sesid, 0));
    if (!e.empty()) return e;
  }
  return "";
}

// Commits `commits` synced LMDB transactions; the i-th puts row i of each
// of `blocks` key blocks (block b starts at b * kThreadKeys).
std::string LmdbCommits(MDB_env* env, MDB_dbi dbi, int32_t first_block,
                        int blocks, int commits, bool meta_sync) {
  uint8_t row[4 + 4 + kPayloadBytes] = {};
  for (int i = 0; i < commits; ++i) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env, nullptr, 0, &txn);
    if (rc != MDB_SUCCESS) return bench::Failed("mdb_txn_begin", rc);
    for (int b = first_block; b < first_block + blocks; ++b) {
      const uint32_t id =
          static_cast<uint32_t>(b * kThreadKeys + i) ^ 0x80000000u;
      uint8_t key[5] = {0x7f, uint8_t(id >> 24), uint8_t(id >> 16),
                        uint8_t(id >> 8), uint8_t(id)};
      MDB_val k{sizeof(key), key}, v{sizeof(row), row};
      rc = mdb_put(txn, dbi, &k, &v, MDB_NOOVERWRITE);
      if (rc != MDB_SUCCESS) {
        mdb_txn_abort(txn);
        return bench::Failed("mdb_put", rc);
      }
    }
    rc = mdb_txn_commit(txn);
    if (rc != MDB_SUCCESS) return bench::Failed("mdb_txn_commit", rc);
    if (meta_sync) {
      rc = mdb_env_sync(env, 1);
      if (rc != MDB_SUCCESS) return bench::Failed("mdb_env_sync", rc);
    }
  }
  return "";
}

double Seconds(const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

int Run(int threads, int commits, bool lmdb, bool batched, bool meta_sync) {
  std::string dir;
  std::string e = bench::MakeTempDir("lmjet-commit-probe", &dir);
  JET_INSTANCE instance = 0;
  std::vector<Table> tables(threads);
  MDB_env* env = nullptr;
  MDB_dbi dbi = 0;
  if (e.empty() && !lmdb) {
    e = bench::InitJetInstance(dir, "lmjet-commit-probe", threads + 4,
                               &instance);
    const std::string path = dir + "/probe.edb";
    if (e.empty()) e = CreateTable(instance, path);
    for (int i = 0; i < threads && e.empty(); ++i)
      e = OpenTable(instance, path, &tables[i]);
  }
  if (e.empty() && lmdb) {
    e = bench::OpenLmdb(dir + "/probe.mdb", meta_sync ? MDB_NOMETASYNC : 0,
                        &env);
    if (e.empty()) e = bench::OpenLmdbDbis(env, {{"records", &dbi}});
  }
  if (!e.empty()) {
    std::fprintf(stderr, "commit_probe: %s\n", e.c_str());
    bench::RunCleanups();
    return 1;
  }
  std::vector<std::string> errors(threads);
  LMJET_COMMITSTATS stats_before{}, stats_after{};
  if (!lmdb) {
    e = Check("LmjetGetCommitStats",
              LmjetGetCommitStats(tables[0].sesid, tables[0].dbid,
                                  &stats_before, sizeof(stats_before)));
  }
  rusage before{}, after{};
  getrusage(RUSAGE_SELF, &before);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  if (batched) {
    errors[0] = LmdbCommits(env, dbi, 0, threads, commits, meta_sync);
  }
  for (int i = 0; i < threads && !batched; ++i) {
    workers.emplace_back([&, i] {
      errors[i] = lmdb ? LmdbCommits(env, dbi, i, 1, commits, meta_sync)
                       : JetCommits(tables[i], i * kThreadKeys, commits);
    });
  }
  for (std::thread& w : workers) w.join();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  getrusage(RUSAGE_SELF, &after);
  if (!lmdb && e.empty()) {
    e = Check("LmjetGetCommitStats",
              LmjetGetCommitStats(tables[0].sesid, tables[0].dbid, &stats_after,
                                  sizeof(stats_after)));
  }
  if (!e.empty()) errors.push_back(e);
  int rc = 0;
  for (const std::string& error : errors) {
    if (!error.empty()) {
      std::fprintf(stderr, "commit_probe: %s\n", error.c_str());
      rc = 1;
    }
  }
  const double n = double(threads) * commits;
  std::string label = batched ? "lmdb_batched" : lmdb ? "lmdb" : "lmjet";
  if (meta_sync) label += "+meta_sync";
  std::printf(
      "%s threads=%d commits=%.0f  %.0f commits/s  per commit: user %.1f us, "
      "sys %.1f us, voluntary cs %.2f, involuntary cs %.2f\n",
      label.c_str(), threads, n, n / wall,
      (Seconds(after.ru_utime) - Seconds(before.ru_utime)) * 1e6 / n,
      (Seconds(after.ru_stime) - Seconds(before.ru_stime)) * 1e6 / n,
      (after.ru_nvcsw - before.ru_nvcsw) / n,
      (after.ru_nivcsw - before.ru_nivcsw) / n);
  const double batches = double(stats_after.cBatch - stats_before.cBatch);
  if (!lmdb && batches > 0) {
    const auto us = [&](unsigned long long LMJET_COMMITSTATS::*field) {
      return double(stats_after.*field - stats_before.*field) / batches / 1e3;
    };
    const double cycle = wall * 1e6 / batches;
    const double gather = us(&LMJET_COMMITSTATS::nsGather);
    const double apply = us(&LMJET_COMMITSTATS::nsApply);
    const double commit = us(&LMJET_COMMITSTATS::nsCommit);
    const double durable = us(&LMJET_COMMITSTATS::nsDurable);
    // With batches one at a time (a leader waits for its own sync), the
    // rest of the cycle is the sessions' work between their commits and
    // their wake-ups.
    std::printf(
        "  per batch (%.0f, %.2f commits each): %.0f us = gather %.0f + "
        "apply %.0f + commit %.0f + durable %.0f + the rest %.0f\n",
        batches, double(stats_after.cCommit - stats_before.cCommit) / batches,
        cycle, gather, apply, commit, durable,
        cycle - gather - apply - commit - durable);
  }
  for (Table& t : tables) (void)JetEndSession(t.sesid, 0);
  if (env != nullptr) mdb_env_close(env);
  bench::RunCleanups();
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 8, commits = 2000;
  bool lmdb = false, batched = false, meta_sync = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--threads=", 10) == 0) {
      threads = std::atoi(argv[i] + 10);
    } else if (std::strncmp(argv[i], "--commits=", 10) == 0) {
      commits = std::atoi(argv[i] + 10);
    } else if (std::strcmp(argv[i], "--lmdb") == 0) {
      lmdb = true;
    } else if (std::strcmp(argv[i], "--lmdb_batched") == 0) {
      lmdb = batched = true;
    } else if (std::strcmp(argv[i], "--meta_sync") == 0) {
      meta_sync = true;
    } else {
      std::fprintf(stderr,
                   "usage: commit_probe [--threads=N] [--commits=N] "
                   "[--lmdb | --lmdb_batched [--meta_sync]]\n");
      return 2;
    }
  }
  if (threads < 1 || threads > 64 || commits < 1 || commits > kThreadKeys) {
    std::fprintf(stderr, "commit_probe: --threads 1..64, --commits 1..2^24\n");
    return 2;
  }
  if (meta_sync && !lmdb) {
    std::fprintf(stderr,
                 "commit_probe: --meta_sync needs --lmdb or "
                 "--lmdb_batched\n");
    return 2;
  }
  return Run(threads, commits, lmdb, batched, meta_sync);
}
