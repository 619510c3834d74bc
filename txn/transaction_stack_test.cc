#include "txn/transaction_stack.h"

#include <limits.h>
#include <lmdb.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "api/esent.h"
#include "engine/database_file.h"
#include "gtest/gtest.h"

namespace lmjet::txn {
namespace {

namespace fs = std::filesystem;
using engine::DatabaseFile;

class TransactionStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "transaction_stack_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    char real[PATH_MAX];
    ASSERT_NE(realpath(pattern.c_str(), real), nullptr);
    dir_ = real;

    ASSERT_NO_FATAL_FAILURE(Create(dir_ + "/a.edb", &file_));
    ASSERT_NO_FATAL_FAILURE(OpenTable(file_, &dbi_));
    stack_ = std::make_unique<TransactionStack>();
  }

  void TearDown() override {
    // Snapshots must be gone before the files close.
    stack_.reset();
    for (DatabaseFile* file : files_) file->Release();
    files_.clear();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  void Create(const std::string& path, DatabaseFile** file) {
    DatabaseFile::Options options;
    options.mode = DatabaseFile::Mode::kCreate;
    ASSERT_EQ(DatabaseFile::Acquire(path, options, file).code(),
              JET_errSuccess);
    files_.push_back(*file);
  }

  // Creates the sub-database "t" in a committed write transaction.
  static void OpenTable(DatabaseFile* file, MDB_dbi* dbi) {
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(file->env(), nullptr, 0, &txn), MDB_SUCCESS);
    int rc = mdb_dbi_open(txn, "t", MDB_CREATE, dbi);
    if (rc != MDB_SUCCESS) mdb_txn_abort(txn);
    ASSERT_EQ(rc, MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  }

  // Writes key=value into "t" through a short raw LMDB write transaction.
  void Put(DatabaseFile* file, MDB_dbi dbi, const std::string& key,
           const std::string& value) {
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(file->env(), nullptr, 0, &txn), MDB_SUCCESS);
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{value.size(), const_cast<char*>(value.data())};
    int rc = mdb_put(txn, dbi, &k, &v, 0);
    if (rc != MDB_SUCCESS) mdb_txn_abort(txn);
    ASSERT_EQ(rc, MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  }
  void Put(const std::string& key, const std::string& value) {
    Put(file_, dbi_, key, value);
  }

  // mdb_get through a snapshot: MDB_SUCCESS (value in *value) or its rc.
  static int Get(MDB_txn* snapshot, MDB_dbi dbi, const std::string& key,
                 std::string* value = nullptr) {
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v;
    int rc = mdb_get(snapshot, dbi, &k, &v);
    if (rc == MDB_SUCCESS && value != nullptr) {
      value->assign(static_cast<const char*>(v.mv_data), v.mv_size);
    }
    return rc;
  }
  int Get(const std::string& key, std::string* value = nullptr) {
    MDB_txn* snapshot = stack_->SnapshotOf(file_);
    if (snapshot == nullptr) {
      ADD_FAILURE() << "no snapshot";
      return -1;
    }
    return Get(snapshot, dbi_, key, value);
  }

  std::string dir_;
  std::vector<DatabaseFile*> files_;
  DatabaseFile* file_ = nullptr;
  MDB_dbi dbi_ = 0;
  std::unique_ptr<TransactionStack> stack_;
};

TEST_F(TransactionStackTest, FreshStackIsAtLevelZero) {
  EXPECT_EQ(stack_->level(), 0);
  EXPECT_FALSE(stack_->read_only());
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
}

TEST_F(TransactionStackTest, LevelCounting) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  EXPECT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 1);
  EXPECT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 2);
  EXPECT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 3);
  EXPECT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 2);
  EXPECT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 1);
  EXPECT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 2);
  EXPECT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 0);
}

TEST_F(TransactionStackTest, EighthBeginIsTooDeep) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  for (int i = 1; i <= kMaxTransactionLevel; ++i) {
    ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess) << i;
    ASSERT_EQ(stack_->level(), i);
  }
  EXPECT_EQ(kMaxTransactionLevel, 7);
  EXPECT_EQ(stack_->Begin(false).code(), JET_errTransTooDeep);
  EXPECT_EQ(stack_->level(), 7);
  EXPECT_EQ(stack_->Begin(true).code(), JET_errTransTooDeep);
  EXPECT_EQ(stack_->level(), 7);
  EXPECT_NE(stack_->SnapshotOf(file_), nullptr);

  // One level down, one more begin is allowed again.
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 7);

  for (int i = 7; i >= 1; --i) {
    ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess) << i;
  }
  EXPECT_EQ(stack_->level(), 0);
  EXPECT_EQ(stack_->Commit(nullptr).code(), JET_errNotInTransaction);
}

TEST_F(TransactionStackTest, CommitAndRollbackOutsideATransaction) {
  int64_t commit_id = -7;
  EXPECT_EQ(stack_->Commit(&commit_id).code(), JET_errNotInTransaction);
  EXPECT_EQ(stack_->Commit(nullptr).code(), JET_errNotInTransaction);
  EXPECT_EQ(stack_->Rollback().code(), JET_errNotInTransaction);
  EXPECT_EQ(stack_->level(), 0);

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_EQ(stack_->Rollback().code(), JET_errNotInTransaction);
  EXPECT_EQ(stack_->Commit(&commit_id).code(), JET_errNotInTransaction);
  EXPECT_EQ(stack_->level(), 0);
}

TEST_F(TransactionStackTest, SnapshotExistsOnlyInsideATransaction) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  MDB_txn* snapshot = stack_->SnapshotOf(file_);
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(mdb_txn_env(snapshot), file_->env());
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_NE(stack_->SnapshotOf(file_), nullptr);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
}

TEST_F(TransactionStackTest, UntrackedFileHasNoSnapshot) {
  DatabaseFile* other = nullptr;
  ASSERT_NO_FATAL_FAILURE(Create(dir_ + "/b.edb", &other));
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_NE(stack_->SnapshotOf(file_), nullptr);
  EXPECT_EQ(stack_->SnapshotOf(other), nullptr);
  EXPECT_EQ(stack_->SnapshotOf(nullptr), nullptr);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, SnapshotIsolation) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_NO_FATAL_FAILURE(Put("before", "1"));

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  std::string value;
  EXPECT_EQ(Get("before", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "1");

  // Committed after the begin: invisible to the snapshot.
  ASSERT_NO_FATAL_FAILURE(Put("after", "2"));
  ASSERT_NO_FATAL_FAILURE(Put("before", "changed"));
  EXPECT_EQ(Get("after"), MDB_NOTFOUND);
  EXPECT_EQ(Get("before", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "1");

  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(Get("after", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "2");
  EXPECT_EQ(Get("before", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "changed");
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, RollbackToZeroAlsoEndsTheSnapshot) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_NO_FATAL_FAILURE(Put("k", "v"));
  EXPECT_EQ(Get("k"), MDB_NOTFOUND);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(Get("k"), MDB_SUCCESS);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, NestedLevelsKeepTheOuterSnapshot) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  MDB_txn* outer = stack_->SnapshotOf(file_);
  ASSERT_NE(outer, nullptr);
  ASSERT_NO_FATAL_FAILURE(Put("k1", "v"));

  // A nested begin does not take a new snapshot.
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), outer);
  EXPECT_EQ(Get("k1"), MDB_NOTFOUND);
  ASSERT_NO_FATAL_FAILURE(Put("k2", "v"));

  // Nested commit: same snapshot, same visibility.
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 1);
  EXPECT_EQ(stack_->SnapshotOf(file_), outer);
  EXPECT_EQ(Get("k1"), MDB_NOTFOUND);
  EXPECT_EQ(Get("k2"), MDB_NOTFOUND);

  // Nested rollback: likewise.
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->level(), 1);
  EXPECT_EQ(stack_->SnapshotOf(file_), outer);
  EXPECT_EQ(Get("k1"), MDB_NOTFOUND);

  // Only 1 -> 0 releases it.
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(Get("k1"), MDB_SUCCESS);
  EXPECT_EQ(Get("k2"), MDB_SUCCESS);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, EveryTrackedFileGetsASnapshotAtBegin) {
  DatabaseFile* other = nullptr;
  MDB_dbi other_dbi = 0;
  ASSERT_NO_FATAL_FAILURE(Create(dir_ + "/b.edb", &other));
  ASSERT_NO_FATAL_FAILURE(OpenTable(other, &other_dbi));
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->AddDatabase(other).code(), JET_errSuccess);

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  MDB_txn* a = stack_->SnapshotOf(file_);
  MDB_txn* b = stack_->SnapshotOf(other);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(mdb_txn_env(b), other->env());
  ASSERT_NO_FATAL_FAILURE(Put(other, other_dbi, "k", "v"));
  EXPECT_EQ(Get(b, other_dbi, "k"), MDB_NOTFOUND);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  EXPECT_EQ(stack_->SnapshotOf(other), nullptr);

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_NE(stack_->SnapshotOf(other), nullptr);
  EXPECT_EQ(Get(stack_->SnapshotOf(other), other_dbi, "k"), MDB_SUCCESS);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, ReadOnlyComesFromTheOutermostBegin) {
  ASSERT_EQ(stack_->Begin(true).code(), JET_errSuccess);
  EXPECT_TRUE(stack_->read_only());
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_TRUE(stack_->read_only());
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_TRUE(stack_->read_only());
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_FALSE(stack_->read_only());

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_FALSE(stack_->read_only());
  ASSERT_EQ(stack_->Begin(true).code(), JET_errSuccess);
  EXPECT_FALSE(stack_->read_only());
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_FALSE(stack_->read_only());

  ASSERT_EQ(stack_->Begin(true).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
  EXPECT_FALSE(stack_->read_only());
}

TEST_F(TransactionStackTest, AddDatabaseInsideATransactionSnapshotsAtOnce) {
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);  // not tracked yet
  // Committed after the begin but before the add: visible.
  ASSERT_NO_FATAL_FAILURE(Put("early", "v"));

  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_NE(stack_->SnapshotOf(file_), nullptr);
  EXPECT_EQ(Get("early"), MDB_SUCCESS);
  // Committed after the add: not visible.
  ASSERT_NO_FATAL_FAILURE(Put("late", "v"));
  EXPECT_EQ(Get("late"), MDB_NOTFOUND);

  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  // Tracked from now on: the next begin snapshots it.
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(Get("late"), MDB_SUCCESS);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, AddDatabaseAtLevelZeroTakesNoSnapshot) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  EXPECT_EQ(stack_->level(), 0);
}

TEST_F(TransactionStackTest, RemoveDatabaseDropsTheSnapshot) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_NE(stack_->SnapshotOf(file_), nullptr);

  stack_->RemoveDatabase(file_);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  EXPECT_EQ(stack_->level(), 1);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);

  // No longer tracked: a new transaction takes no snapshot of it.
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);

  // Removing an untracked file is harmless; adding it again works.
  stack_->RemoveDatabase(file_);
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_NE(stack_->SnapshotOf(file_), nullptr);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, RemoveDatabaseKeepsTheOthers) {
  DatabaseFile* other = nullptr;
  ASSERT_NO_FATAL_FAILURE(Create(dir_ + "/b.edb", &other));
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->AddDatabase(other).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  MDB_txn* kept = stack_->SnapshotOf(other);
  ASSERT_NE(kept, nullptr);
  stack_->RemoveDatabase(file_);
  EXPECT_EQ(stack_->SnapshotOf(file_), nullptr);
  EXPECT_EQ(stack_->SnapshotOf(other), kept);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, RemoveDatabaseAllowsTheFileToClose) {
  DatabaseFile* other = nullptr;
  ASSERT_NO_FATAL_FAILURE(Create(dir_ + "/b.edb", &other));
  ASSERT_EQ(stack_->AddDatabase(other).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_NE(stack_->SnapshotOf(other), nullptr);
  stack_->RemoveDatabase(other);
  // With its snapshot gone the file may be released mid-transaction.
  files_.erase(std::find(files_.begin(), files_.end(), other));
  other->Release();
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, CommitIdIsPositiveAndNeverDecreases) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  int64_t previous = 0;
  for (int i = 0; i < 20; ++i) {
    SCOPED_TRACE(i);
    ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
    const uint64_t begun = stack_->begin_timestamp();
    if (i % 2 == 0) {
      ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
      ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
    }
    int64_t commit_id = -1;
    ASSERT_EQ(stack_->Commit(&commit_id).code(), JET_errSuccess);
    EXPECT_GT(commit_id, 0);
    EXPECT_GE(commit_id, previous);
    EXPECT_GE(static_cast<uint64_t>(commit_id), begun);
    EXPECT_LE(static_cast<uint64_t>(commit_id), CurrentTimestamp());
    previous = commit_id;
    if (i % 3 == 0) {
      // After the clock moves on, a commit is not earlier than it.
      const uint64_t advanced = AdvanceTimestamp();
      ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
      ASSERT_EQ(stack_->Commit(&commit_id).code(), JET_errSuccess);
      EXPECT_GE(static_cast<uint64_t>(commit_id), advanced);
      EXPECT_GE(commit_id, previous);
      previous = commit_id;
    }
  }
}

TEST_F(TransactionStackTest, BeginTimestampIsTakenAtTheOutermostBegin) {
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  const uint64_t begun = stack_->begin_timestamp();
  EXPECT_EQ(begun, CurrentTimestamp());
  AdvanceTimestamp();
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(stack_->begin_timestamp(), begun);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
  EXPECT_EQ(stack_->begin_timestamp(), begun);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);

  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_GT(stack_->begin_timestamp(), begun);
  EXPECT_EQ(stack_->begin_timestamp(), CurrentTimestamp());
  ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, ManyTransactionsReuseTheirReaderSlot) {
  // More transactions than the environment has reader slots (4096): a
  // transaction that leaked its reader would make a later begin fail.
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_EQ(stack_->Begin(i % 2 == 0).code(), JET_errSuccess) << i;
    ASSERT_NE(stack_->SnapshotOf(file_), nullptr) << i;
    if (i % 2 == 0) {
      ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess) << i;
    } else {
      ASSERT_EQ(stack_->Rollback().code(), JET_errSuccess) << i;
    }
  }
  EXPECT_EQ(stack_->level(), 0);
}

TEST_F(TransactionStackTest, ManyStacksOnOneFile) {
  // Each stack holds its own reader; they are freed when stacks go away.
  for (int round = 0; round < 3; ++round) {
    std::vector<std::unique_ptr<TransactionStack>> stacks;
    for (int i = 0; i < 100; ++i) {
      stacks.push_back(std::make_unique<TransactionStack>());
      ASSERT_EQ(stacks.back()->AddDatabase(file_).code(), JET_errSuccess);
      ASSERT_EQ(stacks.back()->Begin(false).code(), JET_errSuccess);
    }
    ASSERT_NO_FATAL_FAILURE(Put("round" + std::to_string(round), "v"));
    for (auto& s : stacks) {
      EXPECT_EQ(
          Get(s->SnapshotOf(file_), dbi_, "round" + std::to_string(round)),
          MDB_NOTFOUND);
    }
    // Destroyed inside their transactions.
  }
}

TEST_F(TransactionStackTest, DestroyingAStackInsideATransactionFreesIt) {
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  stack_.reset();
  // The file can still be written and read normally.
  ASSERT_NO_FATAL_FAILURE(Put("k", "v"));
  stack_ = std::make_unique<TransactionStack>();
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(Get("k"), MDB_SUCCESS);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST_F(TransactionStackTest, StackMayMoveBetweenThreads) {
  // MDB_NOTLS: a snapshot begun on one thread is usable and ended on another.
  ASSERT_EQ(stack_->AddDatabase(file_).code(), JET_errSuccess);
  Status begun;
  std::thread([&] { begun = stack_->Begin(false); }).join();
  ASSERT_EQ(begun.code(), JET_errSuccess);
  ASSERT_NO_FATAL_FAILURE(Put("k", "v"));
  int rc = 0;
  std::thread([&] { rc = Get(stack_->SnapshotOf(file_), dbi_, "k"); }).join();
  EXPECT_EQ(rc, MDB_NOTFOUND);
  Status committed;
  std::thread([&] { committed = stack_->Commit(nullptr); }).join();
  EXPECT_EQ(committed.code(), JET_errSuccess);
  ASSERT_EQ(stack_->Begin(false).code(), JET_errSuccess);
  EXPECT_EQ(Get("k"), MDB_SUCCESS);
  ASSERT_EQ(stack_->Commit(nullptr).code(), JET_errSuccess);
}

TEST(TimestampTest, AdvanceIsMonotonic) {
  const uint64_t start = CurrentTimestamp();
  EXPECT_GT(start, 0u);
  uint64_t previous = start;
  for (int i = 0; i < 100; ++i) {
    const uint64_t next = AdvanceTimestamp();
    EXPECT_EQ(next, previous + 1);
    EXPECT_EQ(CurrentTimestamp(), next);
    previous = next;
  }
}

TEST(TimestampTest, ConcurrentAdvancesAreDistinct) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 1000;
  const uint64_t start = CurrentTimestamp();
  std::vector<std::vector<uint64_t>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &seen] {
      uint64_t last = 0;
      for (int i = 0; i < kPerThread; ++i) {
        const uint64_t value = AdvanceTimestamp();
        seen[t].push_back(value);
        if (value <= last) seen[t].push_back(0);  // flags a regression
        last = value;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<uint64_t> all;
  for (const auto& values : seen) {
    for (uint64_t v : values) {
      EXPECT_GT(v, start);
      EXPECT_TRUE(all.insert(v).second) << v;
    }
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(CurrentTimestamp(), start + kThreads * kPerThread);
  EXPECT_EQ(*all.rbegin(), start + kThreads * kPerThread);
}

}  // namespace
}  // namespace lmjet::txn
