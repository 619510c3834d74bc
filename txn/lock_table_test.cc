#include "txn/lock_table.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::txn {
namespace {

constexpr uint64_t kTable = 7;
constexpr uint64_t kIndex = 8;
constexpr LockMode kModes[] = {LockMode::kRead, LockMode::kWrite,
                               LockMode::kEscrow};

JET_ERR Take(LockTable& t, LockSet& s, std::string_view key, LockMode mode,
             int level = 1, uint64_t snapshot = 100, uint64_t space = kTable) {
  return t.Acquire(&s, snapshot, level, space, key, mode).code();
}

bool Compatible(LockMode a, LockMode b) {
  return (a == LockMode::kRead && b == LockMode::kRead) ||
         (a == LockMode::kEscrow && b == LockMode::kEscrow);
}

TEST(LockTableTest, EveryModePairBetweenTwoOwners) {
  for (LockMode held : kModes) {
    for (LockMode want : kModes) {
      SCOPED_TRACE(testing::Message() << "held " << static_cast<int>(held)
                                      << " want " << static_cast<int>(want));
      LockTable t;
      LockSet a(1), b(2);
      ASSERT_EQ(Take(t, a, "k", held), JET_errSuccess);
      const JET_ERR expected =
          Compatible(held, want) ? JET_errSuccess : JET_errWriteConflict;
      EXPECT_EQ(Take(t, b, "k", want), expected);
      // A different key, and the same key bytes in another space, are free.
      EXPECT_EQ(Take(t, b, "other", want), JET_errSuccess);
      EXPECT_EQ(Take(t, b, "k", want, 1, 100, kIndex), JET_errSuccess);
      t.RollbackAll(&a);
      t.RollbackAll(&b);
      EXPECT_EQ(t.EntryCount(), 0u);
    }
  }
}

TEST(LockTableTest, SameOwnerUpgradesAndCombinations) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k", LockMode::kRead), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k", LockMode::kRead), JET_errSuccess);
  EXPECT_EQ(a.size(), 1u);  // A re-request records nothing.
  ASSERT_EQ(Take(t, a, "k", LockMode::kWrite), JET_errSuccess);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(Take(t, b, "k", LockMode::kRead), JET_errWriteConflict);
  // kWrite covers later requests of any mode.
  EXPECT_EQ(Take(t, a, "k", LockMode::kEscrow), JET_errSuccess);
  EXPECT_EQ(a.size(), 2u);
  t.RollbackAll(&a);

  // Read + escrow by one owner: another owner's read and escrow both conflict.
  ASSERT_EQ(Take(t, a, "k", LockMode::kEscrow), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k", LockMode::kRead), JET_errSuccess);
  EXPECT_EQ(Take(t, b, "k", LockMode::kEscrow), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k", LockMode::kRead), JET_errWriteConflict);
  t.RollbackAll(&a);

  // An upgrade while another owner shares the read lock conflicts.
  ASSERT_EQ(Take(t, a, "k", LockMode::kRead), JET_errSuccess);
  ASSERT_EQ(Take(t, b, "k", LockMode::kRead), JET_errSuccess);
  EXPECT_EQ(Take(t, a, "k", LockMode::kWrite), JET_errWriteConflict);
  EXPECT_EQ(a.size(), 1u);
  t.RollbackAll(&b);
  EXPECT_EQ(Take(t, a, "k", LockMode::kWrite), JET_errSuccess);
}

TEST(LockTableTest, InvalidOwnerAndLevel) {
  LockTable t;
  LockSet zero(0), a(1);
  EXPECT_EQ(Take(t, zero, "k", LockMode::kWrite), JET_errInvalidParameter);
  EXPECT_EQ(Take(t, a, "k", LockMode::kWrite, 0), JET_errInvalidParameter);
  EXPECT_EQ(t.EntryCount(), 0u);
}

TEST(LockTableTest, CommittedAfterSnapshotWriteConflicts) {
  LockTable t;
  LockSet a(1), b(2), c(3);
  // b's snapshot is 10; a commits its write at 11.
  ASSERT_EQ(Take(t, a, "k", LockMode::kWrite, 1, 10), JET_errSuccess);
  t.CommitAll(&a, 11);
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 10), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k", LockMode::kEscrow, 1, 10), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k", LockMode::kRead, 1, 10), JET_errWriteConflict);
  EXPECT_TRUE(b.empty());
  // A snapshot taken after the commit (>= 11) sees it: no conflict.
  EXPECT_EQ(Take(t, c, "k", LockMode::kWrite, 1, 11), JET_errSuccess);
  t.RollbackAll(&c);
  // The committer itself, in its next transaction with a fresh snapshot.
  EXPECT_EQ(Take(t, a, "k", LockMode::kWrite, 1, 11), JET_errSuccess);
  t.RollbackAll(&a);
}

TEST(LockTableTest, CommittedEscrowCommutesWithEscrowOnly) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k", LockMode::kEscrow, 1, 10), JET_errSuccess);
  t.CommitAll(&a, 11);
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 10), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k", LockMode::kRead, 1, 10), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k", LockMode::kEscrow, 1, 10), JET_errSuccess);
  // Holding escrow does not let b upgrade past a's newer escrow commit.
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 10), JET_errWriteConflict);
  t.RollbackAll(&b);
}

TEST(LockTableTest, CommittedReadLockLeavesNoStamp) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k", LockMode::kRead, 1, 10), JET_errSuccess);
  t.CommitAll(&a, 11);
  EXPECT_EQ(t.EntryCount(), 0u);
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 10), JET_errSuccess);
  t.RollbackAll(&b);
}

TEST(LockTableTest, RolledBackWriteLeavesNoStamp) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k", LockMode::kWrite, 1, 10), JET_errSuccess);
  t.RollbackAll(&a);
  EXPECT_EQ(t.EntryCount(), 0u);
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 5), JET_errSuccess);
  t.RollbackAll(&b);
}

TEST(LockTableTest, NestedRollbackKeepsLocksTakenBelow) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k1", LockMode::kWrite, 1), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k2", LockMode::kWrite, 2), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k4", LockMode::kRead, 2), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k1", LockMode::kWrite, 3), JET_errSuccess);  // again
  ASSERT_EQ(Take(t, a, "k3", LockMode::kWrite, 3), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k4", LockMode::kWrite, 3), JET_errSuccess);  // upgrade

  t.RollbackLevel(&a, 3);
  EXPECT_EQ(Take(t, b, "k1", LockMode::kRead), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k2", LockMode::kRead), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k3", LockMode::kWrite), JET_errSuccess);
  // The upgrade is undone; the read lock from level 2 stays.
  EXPECT_EQ(Take(t, b, "k4", LockMode::kRead), JET_errSuccess);
  EXPECT_EQ(Take(t, b, "k4", LockMode::kWrite), JET_errWriteConflict);
  t.RollbackAll(&b);

  t.RollbackLevel(&a, 2);
  EXPECT_EQ(Take(t, b, "k1", LockMode::kRead), JET_errWriteConflict);
  EXPECT_EQ(Take(t, b, "k2", LockMode::kWrite), JET_errSuccess);
  EXPECT_EQ(Take(t, b, "k4", LockMode::kWrite), JET_errSuccess);
  t.RollbackAll(&b);
  EXPECT_EQ(a.size(), 1u);
}

TEST(LockTableTest, NestedCommitMovesLocksDown) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k1", LockMode::kWrite, 1), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k2", LockMode::kWrite, 2), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k3", LockMode::kWrite, 3), JET_errSuccess);
  t.CommitLevel(&a, 3);  // k3 now belongs to level 2
  ASSERT_EQ(Take(t, a, "k4", LockMode::kWrite, 2), JET_errSuccess);
  ASSERT_EQ(Take(t, a, "k5", LockMode::kWrite, 3), JET_errSuccess);
  t.CommitLevel(&a, 3);
  t.CommitLevel(&a, 2);  // k2..k5 now belong to level 1
  ASSERT_EQ(Take(t, a, "k6", LockMode::kWrite, 2), JET_errSuccess);
  t.RollbackLevel(&a, 2);  // releases k6 only
  for (const char* k : {"k1", "k2", "k3", "k4", "k5"}) {
    SCOPED_TRACE(k);
    EXPECT_EQ(Take(t, b, k, LockMode::kRead), JET_errWriteConflict);
  }
  EXPECT_EQ(Take(t, b, "k6", LockMode::kWrite), JET_errSuccess);
  t.RollbackAll(&b);

  // Rollback of level 1 is the whole transaction.
  t.RollbackLevel(&a, 1);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(t.EntryCount(), 0u);
}

TEST(LockTableTest, CommitAllAndRollbackAllReleaseEverything) {
  LockTable t;
  for (bool commit : {false, true}) {
    SCOPED_TRACE(commit ? "CommitAll" : "RollbackAll");
    LockSet a(1), b(2);
    int level = 1;
    for (int i = 0; i < 20; ++i) {
      level = std::min(7, 1 + i / 3);
      ASSERT_EQ(Take(t, a, "k" + std::to_string(i), kModes[i % 3], level, 10),
                JET_errSuccess);
    }
    if (commit) {
      t.CommitAll(&a, 11);
    } else {
      t.RollbackAll(&a);
    }
    EXPECT_TRUE(a.empty());
    for (int i = 0; i < 20; ++i) {
      // A snapshot after the commit: only held locks could conflict.
      EXPECT_EQ(Take(t, b, "k" + std::to_string(i), LockMode::kWrite, 1, 11),
                JET_errSuccess);
    }
    t.RollbackAll(&b);
    t.Prune(11);
    EXPECT_EQ(t.EntryCount(), 0u);
  }
}

TEST(LockTableTest, PruneDropsStampsNoSnapshotNeeds) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k", LockMode::kWrite, 1, 10), JET_errSuccess);
  t.CommitAll(&a, 20);
  EXPECT_EQ(t.EntryCount(), 1u);

  // An active snapshot at 15 still needs the stamp.
  t.Prune(15);
  EXPECT_EQ(t.EntryCount(), 1u);
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 15), JET_errWriteConflict);

  // Once every snapshot is at or past 20 the stamp is gone, and so the entry.
  t.Prune(20);
  EXPECT_EQ(t.EntryCount(), 0u);
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite, 1, 20), JET_errSuccess);
  t.RollbackAll(&b);
}

TEST(LockTableTest, PruneKeepsHeldEntries) {
  LockTable t;
  LockSet a(1), b(2);
  ASSERT_EQ(Take(t, a, "k", LockMode::kWrite, 1, 10), JET_errSuccess);
  t.Prune(1000);
  EXPECT_EQ(t.EntryCount(), 1u);
  EXPECT_EQ(Take(t, b, "k", LockMode::kRead, 1, 1000), JET_errWriteConflict);
}

TEST(LockTableTest, ApproximateBytesFollowsEntries) {
  LockTable t;
  const size_t empty = t.ApproximateBytes();
  LockSet a(1);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(
        Take(t, a, std::string(40, 'x') + std::to_string(i), LockMode::kWrite),
        JET_errSuccess);
  }
  const size_t full = t.ApproximateBytes();
  EXPECT_GE(full, empty + 100 * 40);
  t.RollbackAll(&a);
  EXPECT_EQ(t.ApproximateBytes(), empty);
}

TEST(LockTableTest, DestroyingASetReleasesItsLocks) {
  LockTable t;
  LockSet b(2);
  {
    LockSet a(1);
    ASSERT_EQ(Take(t, a, "k", LockMode::kWrite), JET_errSuccess);
  }
  EXPECT_EQ(Take(t, b, "k", LockMode::kWrite), JET_errSuccess);
  t.RollbackAll(&b);
}

TEST(LockTableTest, ASetIsBoundToOneTable) {
  LockTable t1, t2;
  LockSet a(1);
  ASSERT_EQ(Take(t1, a, "k", LockMode::kWrite), JET_errSuccess);
  EXPECT_EQ(Take(t2, a, "k", LockMode::kWrite), JET_errInvalidParameter);
  t1.RollbackAll(&a);
}

// Many owners on many threads: random keys from a small set, random modes,
// nested levels, commits and rollbacks. An independent shadow of who holds
// what, kept by the threads themselves, checks that no two owners ever hold
// conflicting locks at once.
class Shadow {
 public:
  // Records that `owner` holds `mode` on `key`; reports whether a different
  // owner already holds a conflicting mode there.
  bool AddAndCheck(int key, uint64_t owner, LockMode mode) {
    std::lock_guard<std::mutex> lock(mu_);
    bool ok = true;
    for (const auto& [other, counts] : held_[key]) {
      if (other == owner) continue;
      for (LockMode m : kModes) {
        if (counts[static_cast<int>(m)] > 0 && !Compatible(m, mode)) {
          ok = false;
        }
      }
    }
    ++held_[key][owner][static_cast<int>(mode)];
    return ok;
  }
  void Remove(int key, uint64_t owner, LockMode mode) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& per_key = held_[key];
    auto& counts = per_key[owner];
    --counts[static_cast<int>(mode)];
    if (counts[0] == 0 && counts[1] == 0 && counts[2] == 0) {
      per_key.erase(owner);
    }
  }

 private:
  std::mutex mu_;
  std::map<int, std::map<uint64_t, std::array<int, 3>>> held_;
};

TEST(LockTableTest, ConcurrentOwnersNeverHoldConflictingLocks) {
  constexpr int kThreads = 12;
  constexpr int kKeys = 16;
  constexpr int kTransactions = 1500;
  LockTable table;
  Shadow shadow;
  std::atomic<uint64_t> clock{1};
  std::atomic<uint64_t> active_snapshot[kThreads];
  for (auto& s : active_snapshot) s.store(UINT64_MAX);
  std::atomic<int> violations{0};
  std::atomic<int> granted{0};
  std::atomic<int> conflicts{0};

  auto worker = [&](int thread) {
    std::mt19937 rng(1234 + thread);
    const uint64_t owner = 1000 + thread;
    LockSet set(owner);
    for (int txn = 0; txn < kTransactions; ++txn) {
      // The thread's own model: every granted (key, mode) with its level.
      struct Held {
        int key;
        LockMode mode;
        int level;
      };
      std::vector<Held> model;
      auto drop_model = [&](int from_level) {
        for (auto it = model.begin(); it != model.end();) {
          if (it->level >= from_level) {
            shadow.Remove(it->key, owner, it->mode);
            it = model.erase(it);
          } else {
            ++it;
          }
        }
      };
      const uint64_t snapshot = clock.load();
      active_snapshot[thread].store(snapshot);
      int level = 1;
      const int ops = 1 + static_cast<int>(rng() % 8);
      for (int op = 0; op < ops; ++op) {
        const int action = static_cast<int>(rng() % 10);
        if (action == 0 && level < 7) {
          ++level;
        } else if (action == 1 && level > 1) {
          drop_model(level);  // shadow first, then the table
          table.RollbackLevel(&set, level);
          --level;
        } else if (action == 2 && level > 1) {
          for (Held& h : model) {
            if (h.level == level) h.level = level - 1;
          }
          table.CommitLevel(&set, level);
          --level;
        } else {
          const int key = static_cast<int>(rng() % kKeys);
          const LockMode mode = kModes[rng() % 3];
          const std::string bytes = "key" + std::to_string(key);
          Status s = table.Acquire(&set, snapshot, level, kTable, bytes, mode);
          if (s.ok()) {
            granted.fetch_add(1);
            bool already = false;
            for (const Held& h : model) {
              if (h.key == key && h.mode == mode) already = true;
            }
            if (!already) {
              if (!shadow.AddAndCheck(key, owner, mode)) violations++;
              model.push_back({key, mode, level});
            }
          } else if (s.code() == JET_errWriteConflict) {
            conflicts.fetch_add(1);
          } else {
            violations++;
          }
        }
      }
      drop_model(1);
      if (rng() % 2 == 0) {
        table.CommitAll(&set, clock.fetch_add(1) + 1);
      } else {
        table.RollbackAll(&set);
      }
      active_snapshot[thread].store(UINT64_MAX);
      if (!set.empty()) violations++;
      if (txn % 100 == 99) {
        uint64_t oldest = clock.load();
        for (auto& a : active_snapshot) oldest = std::min(oldest, a.load());
        table.Prune(oldest);
      }
    }
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back(worker, i);
  for (auto& th : threads) th.join();

  EXPECT_EQ(violations.load(), 0);
  EXPECT_GT(granted.load(), 0);
  EXPECT_GT(conflicts.load(), 0);
  // All released; a prune past every commit leaves nothing behind.
  table.Prune(clock.load());
  EXPECT_EQ(table.EntryCount(), 0u);
}

}  // namespace
}  // namespace lmjet::txn
