#include "engine/group_commit.h"

#include <limits.h>
#include <lmdb.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <new>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "api/esent.h"
#include "base/status.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

namespace fs = std::filesystem;

// LMDB's main database: every test writes its keys there.
constexpr MDB_dbi kMainDbi = 1;

MDB_val Val(const std::string& s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}

// An apply that puts key=value and returns `result`.
Status PutAndReturn(MDB_txn* txn, const std::string& key,
                    const std::string& value, Status result) {
  MDB_val k = Val(key);
  MDB_val v = Val(value);
  const int rc = mdb_put(txn, kMainDbi, &k, &v, 0);
  if (rc != MDB_SUCCESS) {
    return rc == MDB_MAP_FULL ? Status(JET_errOutOfDatabaseSpace)
                              : Status(JET_errInternalError);
  }
  return result;
}

Status Put(MDB_txn* txn, const std::string& key, const std::string& value) {
  return PutAndReturn(txn, key, value, Status::Ok());
}

std::string KeyOf(int thread, int i) {
  return "t" + std::to_string(thread) + "." + std::to_string(i);
}

std::string ValueOf(int thread, int i) {
  return "value of " + KeyOf(thread, i);
}

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenEnv(uint64_t{64} << 20); }

  void TearDown() override {
    committer_.reset();
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = nullptr;
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  // (Re)opens a fresh environment of `map_bytes` (with `extra_flags`, e.g.
  // MDB_NOMETASYNC for the pipelined sync) and a committer on it.
  void OpenEnv(uint64_t map_bytes, unsigned extra_flags = 0) {
    TearDown();
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "group_commit_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    dir_ = pattern;
    ASSERT_EQ(mdb_env_create(&env_), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_set_mapsize(env_, map_bytes), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_open(env_, (dir_ + "/data.mdb").c_str(),
                           MDB_NOSUBDIR | MDB_NOTLS | extra_flags, 0644),
              MDB_SUCCESS);
    // Opening the main database once sets up its key comparison.
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn), MDB_SUCCESS);
    MDB_dbi dbi = 0;
    ASSERT_EQ(mdb_dbi_open(txn, nullptr, 0, &dbi), MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
    ASSERT_EQ(dbi, kMainDbi);
    committer_ = std::make_unique<GroupCommitter>(env_);
  }

  // Reads `key` in a fresh read transaction; the LMDB rc.
  int Get(const std::string& key, std::string* value) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
    if (rc != MDB_SUCCESS) return rc;
    MDB_val k = Val(key);
    MDB_val v;
    rc = mdb_get(txn, kMainDbi, &k, &v);
    if (rc == MDB_SUCCESS) {
      value->assign(static_cast<const char*>(v.mv_data), v.mv_size);
    }
    mdb_txn_abort(txn);
    return rc;
  }

  // The number of keys committed, or -1.
  int64_t Count() {
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn) != MDB_SUCCESS) {
      return -1;
    }
    MDB_stat stat;
    const int rc = mdb_stat(txn, kMainDbi, &stat);
    mdb_txn_abort(txn);
    return rc == MDB_SUCCESS ? static_cast<int64_t>(stat.ms_entries) : -1;
  }

  // Commits "a1" and "b1" as one batch of two callers, which both return:
  // the next leader has two callers released to wait for.
  void ReleaseTwoCallers() {
    ASSERT_EQ(
        CommitAsOneBatch({[](MDB_txn* txn) { return Put(txn, "a1", "1"); },
                          [](MDB_txn* txn) { return Put(txn, "b1", "1"); }}),
        (std::vector<JET_ERR>{JET_errSuccess, JET_errSuccess}));
  }

  // Expects exactly the keys KeyOf(t, i), t < threads, i < commits, each
  // with ValueOf(t, i).
  void ExpectEveryKey(int threads, int commits) {
    EXPECT_EQ(Count(), threads * commits);
    for (int t = 0; t < threads; ++t) {
      for (int i = 0; i < commits; ++i) {
        std::string value;
        ASSERT_EQ(Get(KeyOf(t, i), &value), MDB_SUCCESS) << KeyOf(t, i);
        ASSERT_EQ(value, ValueOf(t, i));
      }
    }
  }

  // Runs each of `applies` as a Commit() of its own thread, queued in the
  // order of `applies`; the committer is paused until every one is queued,
  // so they form one batch (or kMaxBatch-sized ones). The results are in
  // the order of `applies`.
  std::vector<JET_ERR> CommitAsOneBatch(
      const std::vector<std::function<Status(MDB_txn*)>>& applies) {
    std::vector<JET_ERR> results(applies.size(), 1);
    committer_->PauseForTesting();
    std::vector<std::thread> threads;
    for (size_t i = 0; i < applies.size(); ++i) {
      threads.emplace_back([this, &applies, &results, i] {
        results[i] = committer_->Commit(applies[i]).code();
      });
      // One at a time, so that the queue order is that of `applies`.
      committer_->WaitUntilQueuedForTesting(i + 1);
    }
    committer_->ResumeForTesting();
    for (std::thread& thread : threads) thread.join();
    return results;
  }

  std::string dir_;
  MDB_env* env_ = nullptr;
  std::unique_ptr<GroupCommitter> committer_;
};

TEST_F(GroupCommitTest, SingleCommitIsVisibleWhenItReturns) {
  EXPECT_EQ(committer_->Commit([](MDB_txn* txn) { return Put(txn, "k", "v1"); })
                .code(),
            JET_errSuccess);
  std::string value;
  ASSERT_EQ(Get("k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "v1");
  EXPECT_EQ(Count(), 1);
  EXPECT_EQ(committer_->batches(), 1u);
  EXPECT_EQ(committer_->batched_commits(), 1u);
}

// The time statistics put each phase's time in its own sum: an apply, an
// mdb_txn_commit and a meta sync that each sleep are seen (at least) there.
constexpr std::chrono::milliseconds kPhaseSleep{30};

int SleepingCommit(MDB_txn* txn) {
  std::this_thread::sleep_for(kPhaseSleep);
  return mdb_txn_commit(txn);
}

int SleepingSync(MDB_env* env, int force) {
  std::this_thread::sleep_for(kPhaseSleep);
  return mdb_env_sync(env, force);
}

TEST_F(GroupCommitTest, StatsPutEachPhasesTimeInItsOwnSum) {
  OpenEnv(uint64_t{64} << 20, MDB_NOMETASYNC);
  EXPECT_EQ(committer_->stats().batches, 0u);

  ASSERT_EQ(committer_
                ->Commit([](MDB_txn* txn) {
                  std::this_thread::sleep_for(kPhaseSleep);
                  return Put(txn, "a", "1");
                })
                .code(),
            JET_errSuccess);
  const CommitStats applied = committer_->stats();
  EXPECT_EQ(applied.batches, 1u);
  EXPECT_EQ(applied.commits, 1u);
  EXPECT_GE(applied.apply, kPhaseSleep);

  committer_->SetTxnCommitForTesting(SleepingCommit);
  ASSERT_EQ(committer_->Commit([](MDB_txn* txn) { return Put(txn, "b", "2"); })
                .code(),
            JET_errSuccess);
  committer_->SetTxnCommitForTesting(nullptr);
  const CommitStats committed = committer_->stats();
  EXPECT_EQ(committed.batches, 2u);
  EXPECT_GE(committed.commit - applied.commit, kPhaseSleep);

  // Alone, the leader syncs the meta page itself.
  committer_->SetSyncForTesting(SleepingSync);
  ASSERT_EQ(committer_->Commit([](MDB_txn* txn) { return Put(txn, "c", "3"); })
                .code(),
            JET_errSuccess);
  committer_->SetSyncForTesting(nullptr);
  const CommitStats synced = committer_->stats();
  EXPECT_EQ(synced.batches, 3u);
  EXPECT_EQ(synced.commits, 3u);
  EXPECT_GE(synced.durable - committed.durable, kPhaseSleep);
}

TEST_F(GroupCommitTest, StatsCountABatchThatNeverCommits) {
  const CommitStats before = committer_->stats();
  EXPECT_EQ(
      committer_->Commit([](MDB_txn*) { return Status(JET_errWriteConflict); })
          .code(),
      JET_errWriteConflict);
  const CommitStats after = committer_->stats();
  EXPECT_EQ(after.batches - before.batches, 1u);
  EXPECT_EQ(after.commits - before.commits, 1u);
  // No mdb_txn_commit ran, and nothing was waited for.
  EXPECT_EQ(after.commit, before.commit);
  EXPECT_EQ(after.durable, before.durable);
}

TEST_F(GroupCommitTest, ApplyErrorCommitsNothingAndIsReturned) {
  EXPECT_EQ(committer_
                ->Commit([](MDB_txn* txn) {
                  return PutAndReturn(txn, "k", "v",
                                      Status(JET_errWriteConflict));
                })
                .code(),
            JET_errWriteConflict);
  std::string value;
  EXPECT_EQ(Get("k", &value), MDB_NOTFOUND);
  EXPECT_EQ(Count(), 0);

  // The write lock was released: the next caller commits.
  EXPECT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "k2", "v2"); })
          .code(),
      JET_errSuccess);
  ASSERT_EQ(Get("k2", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "v2");
  EXPECT_EQ(Get("k", &value), MDB_NOTFOUND);
  EXPECT_EQ(committer_->batches(), 2u);
}

TEST_F(GroupCommitTest, WarningIsReturnedAfterTheCommit) {
  EXPECT_EQ(committer_
                ->Commit([](MDB_txn* txn) {
                  return PutAndReturn(txn, "k", "v", Status(JET_wrnColumnNull));
                })
                .code(),
            JET_wrnColumnNull);
  std::string value;
  ASSERT_EQ(Get("k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "v");
}

TEST_F(GroupCommitTest, ConcurrentCommitsAllLand) {
  constexpr int kThreads = 8;
  constexpr int kCommits = 500;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures] {
      for (int i = 0; i < kCommits; ++i) {
        const Status status = committer_->Commit([t, i](MDB_txn* txn) {
          return Put(txn, KeyOf(t, i), ValueOf(t, i));
        });
        if (status.code() != JET_errSuccess) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << t;
  ExpectEveryKey(kThreads, kCommits);
  // How many transactions the batching saved depends on the scheduler.
  RecordProperty("batches", std::to_string(committer_->batches()));
  EXPECT_GE(committer_->batches(), 1u);
  EXPECT_LE(committer_->batches(), uint64_t{kThreads * kCommits});
  EXPECT_EQ(committer_->batched_commits(), uint64_t{kThreads * kCommits});
}

// Callers that come back after uneven pauses: some gathers end by a
// caller's arrival (which takes the batch over), some by their deadline,
// racing with late arrivals; pipelined and lazy commits mix in. Every
// commit lands once and every caller gets its own result.
TEST_F(GroupCommitTest, GatheringRacesWithLateCallers) {
  OpenEnv(uint64_t{64} << 20, MDB_NOMETASYNC);
  constexpr int kThreads = 6;
  constexpr int kCommits = 300;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &failures] {
      std::minstd_rand rng(static_cast<unsigned>(t) + 1);
      for (int i = 0; i < kCommits; ++i) {
        const int pause_us = static_cast<int>(rng() % 400);
        if (pause_us >= 100) {
          std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
        }
        const Durability durability =
            rng() % 5 == 0 ? Durability::kLazy : Durability::kDurable;
        const Status status = committer_->Commit(
            [t, i](MDB_txn* txn) {
              return Put(txn, KeyOf(t, i), ValueOf(t, i));
            },
            durability);
        if (status.code() != JET_errSuccess) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << t;
  ExpectEveryKey(kThreads, kCommits);
  const CommitStats stats = committer_->stats();
  EXPECT_EQ(stats.commits, uint64_t{kThreads * kCommits});
  EXPECT_LE(stats.batches, stats.commits);
}

TEST_F(GroupCommitTest, FailingCallersLoseOnlyTheirOwnChanges) {
  constexpr int kThreads = 8;
  constexpr int kCommits = 200;
  // Every 7th commit of each thread fails after writing its key.
  auto fails = [](int i) { return i % 7 == 3; };
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &wrong, &fails] {
      for (int i = 0; i < kCommits; ++i) {
        const Status result =
            fails(i) ? Status(JET_errWriteConflict) : Status::Ok();
        const Status status = committer_->Commit([&](MDB_txn* txn) {
          return PutAndReturn(txn, KeyOf(t, i), ValueOf(t, i), result);
        });
        if (status.code() != result.code()) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  int expected = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(wrong[t], 0) << t;
    for (int i = 0; i < kCommits; ++i) {
      std::string value;
      if (fails(i)) {
        ASSERT_EQ(Get(KeyOf(t, i), &value), MDB_NOTFOUND) << KeyOf(t, i);
      } else {
        ++expected;
        ASSERT_EQ(Get(KeyOf(t, i), &value), MDB_SUCCESS) << KeyOf(t, i);
        ASSERT_EQ(value, ValueOf(t, i));
      }
    }
  }
  // 29 of each thread's 200 fail: i = 3, 10, ..., 199.
  EXPECT_EQ(expected, kThreads * (kCommits - 29));
  EXPECT_EQ(Count(), expected);
  EXPECT_EQ(committer_->batched_commits(), uint64_t{kThreads * kCommits});
}

TEST_F(GroupCommitTest, QueuedCallersShareOneTransaction) {
  std::vector<std::function<Status(MDB_txn*)>> applies;
  for (int t = 0; t < 8; ++t) {
    applies.push_back(
        [t](MDB_txn* txn) { return Put(txn, KeyOf(t, 0), ValueOf(t, 0)); });
  }
  const std::vector<JET_ERR> results = CommitAsOneBatch(applies);
  for (int t = 0; t < 8; ++t) {
    EXPECT_EQ(results[t], JET_errSuccess) << t;
    std::string value;
    ASSERT_EQ(Get(KeyOf(t, 0), &value), MDB_SUCCESS);
    EXPECT_EQ(value, ValueOf(t, 0));
  }
  EXPECT_EQ(Count(), 8);
  EXPECT_EQ(committer_->batches(), 1u);
  EXPECT_EQ(committer_->batched_commits(), 8u);
}

TEST_F(GroupCommitTest, TheLeaderWaitsForCallersTheLastBatchReleased) {
  // Two callers share a batch; both are released, so the next leader waits
  // for the other one to come back and takes it into its batch. The
  // other's arrival completes the batch, so it runs the batch itself, on
  // its own thread, rather than wake the waiting leader.
  ASSERT_NO_FATAL_FAILURE(ReleaseTwoCallers());
  committer_->SetGatherWaitForTesting(std::chrono::nanoseconds::max());
  std::thread::id ran_a, ran_b;
  JET_ERR first = 1;
  std::thread a([&] {
    first = committer_
                ->Commit([&](MDB_txn* txn) {
                  ran_a = std::this_thread::get_id();
                  return Put(txn, "a2", "2");
                })
                .code();
  });
  committer_->WaitUntilQueuedForTesting(1);
  EXPECT_EQ(committer_
                ->Commit([&](MDB_txn* txn) {
                  ran_b = std::this_thread::get_id();
                  return Put(txn, "b2", "2");
                })
                .code(),
            JET_errSuccess);
  const std::thread::id a_id = a.get_id();
  a.join();
  EXPECT_EQ(first, JET_errSuccess);
  EXPECT_EQ(ran_a, std::this_thread::get_id());
  EXPECT_EQ(ran_b, std::this_thread::get_id());
  EXPECT_NE(ran_a, a_id);
  EXPECT_EQ(committer_->batches(), 2u);
  EXPECT_EQ(committer_->batched_commits(), 4u);
  EXPECT_EQ(Count(), 4);
}

TEST_F(GroupCommitTest, TheLeaderStopsWaitingForCallersThatDoNotComeBack) {
  ASSERT_NO_FATAL_FAILURE(ReleaseTwoCallers());
  // The second caller never commits again: each later commit still
  // returns, alone in its batch.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(committer_
                  ->Commit([i](MDB_txn* txn) {
                    return Put(txn, KeyOf(0, i), ValueOf(0, i));
                  })
                  .code(),
              JET_errSuccess);
  }
  EXPECT_EQ(committer_->batches(), 4u);
  EXPECT_EQ(committer_->batched_commits(), 5u);
  EXPECT_EQ(Count(), 5);
}

TEST_F(GroupCommitTest, BatchesAreCapped) {
  const int callers = static_cast<int>(GroupCommitter::kMaxBatch) + 6;
  std::vector<std::function<Status(MDB_txn*)>> applies;
  for (int t = 0; t < callers; ++t) {
    applies.push_back(
        [t](MDB_txn* txn) { return Put(txn, KeyOf(t, 0), ValueOf(t, 0)); });
  }
  const std::vector<JET_ERR> results = CommitAsOneBatch(applies);
  for (int t = 0; t < callers; ++t) EXPECT_EQ(results[t], JET_errSuccess) << t;
  EXPECT_EQ(Count(), callers);
  // kMaxBatch callers, then the 6 left.
  EXPECT_EQ(committer_->batches(), 2u);
  EXPECT_EQ(committer_->batched_commits(), uint64_t(callers));
}

TEST_F(GroupCommitTest, ErrorInABatchDiscardsOnlyThatCaller) {
  const std::vector<JET_ERR> results = CommitAsOneBatch({
      [](MDB_txn* txn) { return Put(txn, "a", "va"); },
      [](MDB_txn* txn) {
        return PutAndReturn(txn, "b", "vb", Status(JET_errWriteConflict));
      },
      [](MDB_txn* txn) {
        return PutAndReturn(txn, "c", "vc", Status(JET_errKeyDuplicate));
      },
      [](MDB_txn* txn) { return Put(txn, "d", "vd"); },
  });
  EXPECT_EQ(results[0], JET_errSuccess);
  EXPECT_EQ(results[1], JET_errWriteConflict);
  EXPECT_EQ(results[2], JET_errKeyDuplicate);
  EXPECT_EQ(results[3], JET_errSuccess);
  std::string value;
  ASSERT_EQ(Get("a", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "va");
  EXPECT_EQ(Get("b", &value), MDB_NOTFOUND);
  EXPECT_EQ(Get("c", &value), MDB_NOTFOUND);
  ASSERT_EQ(Get("d", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "vd");
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(committer_->batches(), 1u);
}

TEST_F(GroupCommitTest, BatchOfOnlyFailuresCommitsNothing) {
  const std::vector<JET_ERR> results = CommitAsOneBatch({
      [](MDB_txn* txn) {
        return PutAndReturn(txn, "a", "va", Status(JET_errWriteConflict));
      },
      [](MDB_txn* txn) {
        return PutAndReturn(txn, "b", "vb", Status(JET_errWriteConflict));
      },
  });
  EXPECT_EQ(results[0], JET_errWriteConflict);
  EXPECT_EQ(results[1], JET_errWriteConflict);
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(committer_->Commit([](MDB_txn* txn) { return Put(txn, "c", "vc"); })
                .code(),
            JET_errSuccess);
  EXPECT_EQ(Count(), 1);
}

TEST_F(GroupCommitTest, MapFullAloneIsOutOfDatabaseSpace) {
  OpenEnv(uint64_t{1} << 20);
  const std::string big(uint64_t{2} << 20, 'x');
  EXPECT_EQ(
      committer_->Commit([&](MDB_txn* txn) { return Put(txn, "big", big); })
          .code(),
      JET_errOutOfDatabaseSpace);
  std::string value;
  EXPECT_EQ(Get("big", &value), MDB_NOTFOUND);
  // The environment is intact and takes small commits.
  EXPECT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "small", "s"); })
          .code(),
      JET_errSuccess);
  ASSERT_EQ(Get("small", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "s");
  EXPECT_EQ(Count(), 1);
}

TEST_F(GroupCommitTest, MapFullInABatchSparesTheSmallCaller) {
  OpenEnv(uint64_t{1} << 20);
  const std::string big(uint64_t{2} << 20, 'x');
  const std::vector<JET_ERR> results = CommitAsOneBatch({
      [](MDB_txn* txn) { return Put(txn, "small1", "s1"); },
      [&](MDB_txn* txn) { return Put(txn, "big", big); },
      [](MDB_txn* txn) { return Put(txn, "small2", "s2"); },
  });
  EXPECT_EQ(results[0], JET_errSuccess);
  EXPECT_EQ(results[1], JET_errOutOfDatabaseSpace);
  EXPECT_EQ(results[2], JET_errSuccess);
  std::string value;
  EXPECT_EQ(Get("big", &value), MDB_NOTFOUND);
  ASSERT_EQ(Get("small1", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "s1");
  ASSERT_EQ(Get("small2", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "s2");
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(committer_->batches(), 1u);
}

// An apply that breaks its contract -- it ignores LMDB's MDB_MAP_FULL and
// reports success -- leaves LMDB's transaction failed. Committing its child
// fails the batch transaction: every caller of the batch gets the error and
// nothing of the batch is visible.
TEST_F(GroupCommitTest, FailedBatchTransactionFailsEveryCaller) {
  OpenEnv(uint64_t{1} << 20);
  const std::string big(uint64_t{2} << 20, 'x');
  const std::vector<JET_ERR> results = CommitAsOneBatch({
      [](MDB_txn* txn) { return Put(txn, "a", "va"); },
      [&](MDB_txn* txn) {
        const std::string key = "big";
        MDB_val k = Val(key);
        MDB_val v = Val(big);
        if (mdb_put(txn, kMainDbi, &k, &v, 0) != MDB_MAP_FULL) {
          return Status(JET_errDiskFull);  // not what this test needs
        }
        return Status::Ok();
      },
      [](MDB_txn* txn) { return Put(txn, "c", "vc"); },
  });
  // LMDB reports the failed transaction as MDB_BAD_TXN.
  EXPECT_EQ(results[0], JET_errInternalError);
  EXPECT_EQ(results[1], JET_errInternalError);
  EXPECT_EQ(results[2], JET_errInternalError);
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(committer_->Commit([](MDB_txn* txn) { return Put(txn, "d", "vd"); })
                .code(),
            JET_errSuccess);
  EXPECT_EQ(Count(), 1);
}

TEST_F(GroupCommitTest, BadAllocIsOutOfMemory) {
  EXPECT_EQ(committer_
                ->Commit([](MDB_txn* txn) -> Status {
                  LMJET_RETURN_IF_ERROR(Put(txn, "k", "v"));
                  throw std::bad_alloc();
                })
                .code(),
            JET_errOutOfMemory);
  EXPECT_EQ(Count(), 0);

  const std::vector<JET_ERR> results = CommitAsOneBatch({
      [](MDB_txn* txn) { return Put(txn, "a", "va"); },
      [](MDB_txn* txn) -> Status {
        LMJET_RETURN_IF_ERROR(Put(txn, "b", "vb"));
        throw std::bad_alloc();
      },
      [](MDB_txn* txn) { return Put(txn, "c", "vc"); },
  });
  EXPECT_EQ(results[0], JET_errSuccess);
  EXPECT_EQ(results[1], JET_errOutOfMemory);
  EXPECT_EQ(results[2], JET_errSuccess);
  std::string value;
  EXPECT_EQ(Get("b", &value), MDB_NOTFOUND);
  ASSERT_EQ(Get("a", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "va");
  ASSERT_EQ(Get("c", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "vc");
  EXPECT_EQ(Count(), 2);
}

TEST_F(GroupCommitTest, OtherExceptionsReachTheirOwnCaller) {
  EXPECT_THROW(static_cast<void>(committer_->Commit([](MDB_txn* txn) -> Status {
                 LMJET_RETURN_IF_ERROR(Put(txn, "k", "v"));
                 throw std::runtime_error("alone");
               })),
               std::runtime_error);
  EXPECT_EQ(Count(), 0);

  // In a batch: the thrower's thread gets its exception, the others commit.
  committer_->PauseForTesting();
  std::atomic<int> caught{0};
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      try {
        const Status status = committer_->Commit([t](MDB_txn* txn) -> Status {
          LMJET_RETURN_IF_ERROR(Put(txn, KeyOf(t, 0), ValueOf(t, 0)));
          if (t == 1) throw std::runtime_error("in a batch");
          return Status::Ok();
        });
        if (t != 1 && status.code() == JET_errSuccess) ++committed;
      } catch (const std::runtime_error& e) {
        if (t == 1 && std::string(e.what()) == "in a batch") ++caught;
      }
    });
  }
  committer_->WaitUntilQueuedForTesting(3);
  committer_->ResumeForTesting();
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(caught.load(), 1);
  EXPECT_EQ(committed.load(), 2);
  std::string value;
  EXPECT_EQ(Get(KeyOf(1, 0), &value), MDB_NOTFOUND);
  ASSERT_EQ(Get(KeyOf(0, 0), &value), MDB_SUCCESS);
  EXPECT_EQ(value, ValueOf(0, 0));
  ASSERT_EQ(Get(KeyOf(2, 0), &value), MDB_SUCCESS);
  EXPECT_EQ(value, ValueOf(2, 0));
  EXPECT_EQ(Count(), 2);
}

// --- Pipelined sync (MDB_NOMETASYNC) ----------------------------------------

std::atomic<int> g_syncs{0};
std::atomic<int> g_sync_result{MDB_SUCCESS};

int CountingSync(MDB_env* env, int force) {
  ++g_syncs;
  const int result = g_sync_result.load();
  return result != MDB_SUCCESS ? result : mdb_env_sync(env, force);
}

class PipelinedGroupCommitTest : public GroupCommitTest {
 protected:
  void SetUp() override {
    OpenEnv(uint64_t{64} << 20, MDB_NOMETASYNC);
    g_syncs = 0;
    g_sync_result = MDB_SUCCESS;
    committer_->SetSyncForTesting(CountingSync);
  }
};

TEST_F(PipelinedGroupCommitTest, ACommitReturnsOnlyOnceASyncCoversIt) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(committer_
                  ->Commit([i](MDB_txn* txn) {
                    return Put(txn, KeyOf(0, i), ValueOf(0, i));
                  })
                  .code(),
              JET_errSuccess);
    EXPECT_EQ(committer_->committed_batches(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(committer_->durable_batches(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(g_syncs.load(), i + 1);  // alone: one sync per commit
  }
  EXPECT_EQ(Count(), 5);
}

TEST_F(PipelinedGroupCommitTest, ConcurrentCommitsAreAllCoveredBySyncs) {
  constexpr int kThreads = 8;
  constexpr int kCommits = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommits; ++i) {
        const Status status = committer_->Commit([t, i](MDB_txn* txn) {
          return Put(txn, KeyOf(t, i), ValueOf(t, i));
        });
        // Returned: a completed sync began after this batch committed.
        if (!status.ok() || committer_->durable_batches() < 1) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * kCommits);
  EXPECT_EQ(committer_->durable_batches(), committer_->committed_batches());
  EXPECT_EQ(committer_->committed_batches(), committer_->batches());
  EXPECT_LE(g_syncs.load(), static_cast<int>(committer_->batches()));
}

TEST_F(PipelinedGroupCommitTest, AFailedSyncFailsTheBatchesItWasToCover) {
  ASSERT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "before", "1"); })
          .code(),
      JET_errSuccess);
  g_sync_result = EIO;
  // Committed to LMDB (other readers see it) but not known durable.
  EXPECT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "during", "2"); })
          .code(),
      JET_errDiskIO);
  EXPECT_EQ(committer_->durable_batches(), 1u);
  g_sync_result = MDB_SUCCESS;
  ASSERT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "after", "3"); })
          .code(),
      JET_errSuccess);
  EXPECT_EQ(committer_->durable_batches(), 3u);
  std::string value;
  ASSERT_EQ(Get("after", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "3");
  EXPECT_EQ(Count(), 3);
}

TEST_F(PipelinedGroupCommitTest, ALazyCommitDoesNotWaitForTheSync) {
  ASSERT_EQ(committer_
                ->Commit([](MDB_txn* txn) { return Put(txn, "lazy", "1"); },
                         Durability::kLazy)
                .code(),
            JET_errSuccess);
  EXPECT_EQ(g_syncs.load(), 0);
  EXPECT_EQ(committer_->committed_batches(), 1u);
  EXPECT_EQ(committer_->durable_batches(), 0u);
  std::string value;
  ASSERT_EQ(Get("lazy", &value), MDB_SUCCESS);  // committed and visible
  EXPECT_EQ(value, "1");
  // The next durable commit's sync covers the lazy one too.
  ASSERT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "durable", "2"); })
          .code(),
      JET_errSuccess);
  EXPECT_EQ(g_syncs.load(), 1);
  EXPECT_EQ(committer_->durable_batches(), 2u);
}

GroupCommitter* g_committer = nullptr;
std::atomic<int> g_txn_commits{0};
// The error the second batch commit of CommitTwoBatches fails with; 0: none.
std::atomic<int> g_second_commit_error{0};

// The batch commit of CommitTwoBatches: the first one waits until a second
// caller is queued behind its batch (too late to join it), the second one
// fails with g_second_commit_error if that is set.
int TwoBatchCommit(MDB_txn* txn) {
  const int n = ++g_txn_commits;
  if (n == 1) {
    // The batch stays queued while it runs: 2 means one more is queued.
    g_committer->WaitUntilQueuedForTesting(2);
  } else if (n == 2 && g_second_commit_error.load() != 0) {
    mdb_txn_abort(txn);
    return g_second_commit_error.load();
  }
  return mdb_txn_commit(txn);
}

// Runs two durable commits as two batches, the second one queued while the
// first one commits, so that the first batch's leader finds the second
// batch queued when its own commit is done. The first caller puts
// first=1; `second` is the second caller's apply.
struct TwoBatches {
  JET_ERR first = 1;
  JET_ERR second = 1;
  int syncs_when_first_returned = -1;
  uint64_t durable_when_first_returned = 0;
};

TwoBatches CommitTwoBatches(GroupCommitter* committer,
                            std::function<Status(MDB_txn*)> second) {
  g_committer = committer;
  g_txn_commits = 0;
  committer->SetTxnCommitForTesting(TwoBatchCommit);
  TwoBatches result;
  std::atomic<bool> first_applied{false};
  std::thread first([&] {
    result.first = committer
                       ->Commit([&](MDB_txn* txn) {
                         first_applied = true;
                         return Put(txn, "first", "1");
                       })
                       .code();
    result.syncs_when_first_returned = g_syncs.load();
    result.durable_when_first_returned = committer->durable_batches();
  });
  while (!first_applied.load()) std::this_thread::yield();
  std::thread second_thread(
      [&] { result.second = committer->Commit(second).code(); });
  first.join();
  second_thread.join();
  committer->SetTxnCommitForTesting(nullptr);
  return result;
}

std::atomic<int64_t> g_durable_at_first_sync{-1};

// CountingSync that also notes how many batches were durable when the first
// sync began.
int NotingSync(MDB_env* env, int force) {
  int64_t unset = -1;
  g_durable_at_first_sync.compare_exchange_strong(
      unset, static_cast<int64_t>(g_committer->durable_batches()));
  return CountingSync(env, force);
}

TEST_F(PipelinedGroupCommitTest, TheNextBatchsCommitCoversTheMetaPage) {
  g_committer = committer_.get();
  g_durable_at_first_sync = -1;
  committer_->SetSyncForTesting(NotingSync);
  const TwoBatches r = CommitTwoBatches(
      committer_.get(), [](MDB_txn* txn) { return Put(txn, "second", "2"); });
  EXPECT_EQ(r.first, JET_errSuccess);
  EXPECT_EQ(r.second, JET_errSuccess);
  // The first batch was made durable by the second one's commit, which
  // synced the file after the first meta page was written: it was durable
  // before any sync ran, and only the last batch needed a sync of its own.
  EXPECT_EQ(g_durable_at_first_sync.load(), 1);
  EXPECT_GE(r.durable_when_first_returned, 1u);
  EXPECT_EQ(committer_->batches(), 2u);
  EXPECT_EQ(committer_->durable_batches(), 2u);
  EXPECT_EQ(g_syncs.load(), 1);
  EXPECT_EQ(Count(), 2);
}

TEST_F(PipelinedGroupCommitTest, AFailedNextBatchCoversNothing) {
  const TwoBatches r = CommitTwoBatches(
      committer_.get(), [](MDB_txn*) { return Status(JET_errWriteConflict); });
  EXPECT_EQ(r.first, JET_errSuccess);
  EXPECT_EQ(r.second, JET_errWriteConflict);
  // The second batch wrote nothing, so the first one ran its own sync.
  EXPECT_EQ(r.syncs_when_first_returned, 1);
  EXPECT_EQ(r.durable_when_first_returned, 1u);
  EXPECT_EQ(committer_->committed_batches(), 1u);
  EXPECT_EQ(Count(), 1);
}

TEST_F(PipelinedGroupCommitTest, AnEmptyNextBatchCoversNothing) {
  // The second apply writes nothing: LMDB commits it without a sync and
  // without a meta page, which proves nothing about the first batch.
  const TwoBatches r =
      CommitTwoBatches(committer_.get(), [](MDB_txn*) { return Status::Ok(); });
  EXPECT_EQ(r.first, JET_errSuccess);
  EXPECT_EQ(r.second, JET_errSuccess);
  EXPECT_GE(r.syncs_when_first_returned, 1);
  EXPECT_GE(r.durable_when_first_returned, 1u);
  EXPECT_EQ(committer_->committed_batches(), 2u);
  EXPECT_EQ(Count(), 1);
}

TEST_F(PipelinedGroupCommitTest, AFailedNextCommitFailsTheBatchItWasToCover) {
  g_second_commit_error = EIO;  // as if its sync had failed
  const TwoBatches r = CommitTwoBatches(
      committer_.get(), [](MDB_txn* txn) { return Put(txn, "second", "2"); });
  g_second_commit_error = 0;
  // The first batch is committed (visible) but its sync failed with the
  // second commit's: a later sync cannot vouch for it.
  EXPECT_EQ(r.first, JET_errDiskIO);
  EXPECT_EQ(r.second, JET_errDiskIO);
  EXPECT_EQ(g_syncs.load(), 0);
  EXPECT_EQ(committer_->durable_batches(), 0u);
  EXPECT_EQ(Count(), 1);
  // Later batches are not affected.
  EXPECT_EQ(
      committer_->Commit([](MDB_txn* txn) { return Put(txn, "third", "3"); })
          .code(),
      JET_errSuccess);
  EXPECT_EQ(committer_->durable_batches(), 2u);
  EXPECT_EQ(Count(), 2);
}

TEST_F(PipelinedGroupCommitTest,
       ANextCommitFailingBeforeItsWritesFailsOnlyItself) {
  // LMDB's own codes come before anything is written or synced: the first
  // batch is neither covered nor harmed, and syncs by itself.
  g_second_commit_error = MDB_MAP_FULL;
  const TwoBatches r = CommitTwoBatches(
      committer_.get(), [](MDB_txn* txn) { return Put(txn, "second", "2"); });
  g_second_commit_error = 0;
  EXPECT_EQ(r.first, JET_errSuccess);
  EXPECT_EQ(r.second, JET_errOutOfDatabaseSpace);
  EXPECT_EQ(r.syncs_when_first_returned, 1);
  EXPECT_EQ(r.durable_when_first_returned, 1u);
  EXPECT_EQ(committer_->committed_batches(), 1u);
  EXPECT_EQ(Count(), 1);
}

TEST_F(GroupCommitTest, WithoutNoMetaSyncTheCommitIsTheSync) {
  g_syncs = 0;
  committer_->SetSyncForTesting(CountingSync);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(committer_
                  ->Commit([i](MDB_txn* txn) {
                    return Put(txn, KeyOf(0, i), ValueOf(0, i));
                  })
                  .code(),
              JET_errSuccess);
  }
  EXPECT_EQ(g_syncs.load(), 0);
  EXPECT_EQ(committer_->committed_batches(), 3u);
  EXPECT_EQ(committer_->durable_batches(), 0u);
}

}  // namespace
}  // namespace lmjet::engine
