#include "txn/write_set.h"

#include <limits.h>
#include <lmdb.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::txn {
namespace {

using Kind = WriteSet::Lookup::Kind;
constexpr size_t kUnlimited = SIZE_MAX;
constexpr MDB_dbi kA = 3;
constexpr MDB_dbi kB = 4;

std::string Describe(const WriteSet::Lookup& l) {
  switch (l.kind) {
    case Kind::kAbsent:
      return "<absent>";
    case Kind::kDeleted:
      return "<deleted>";
    case Kind::kPresent:
      return std::string(l.value);
  }
  return "?";
}

std::string Get(const WriteSet& ws, MDB_dbi dbi, std::string_view key) {
  return Describe(ws.Get(dbi, key));
}

std::vector<std::string> Finals(const WriteSet& ws) {
  std::vector<std::string> out;
  Status s = ws.ForEachFinal([&](const WriteSet::FinalOp& op) {
    out.push_back(std::to_string(op.dbi) + ":" + std::string(op.key) +
                  (op.deleted ? "=<del>" : "=" + std::string(op.value)));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok());
  return out;
}

TEST(WriteSetTest, LevelZeroRefusesWrites) {
  WriteSet ws(kUnlimited);
  EXPECT_EQ(ws.level(), 0);
  EXPECT_EQ(ws.Put(kA, "k", "v").code(), JET_errNotInTransaction);
  EXPECT_EQ(ws.Delete(kA, "k").code(), JET_errNotInTransaction);
  EXPECT_EQ(ws.RollbackLevel().code(), JET_errNotInTransaction);
  EXPECT_EQ(ws.CommitLevel().code(), JET_errNotInTransaction);
  EXPECT_TRUE(ws.empty());
  EXPECT_EQ(ws.bytes(), 0u);
}

// A counter passed at construction (Transaction's change stamp) moves
// exactly with version(): once per write, level commit or rollback and
// clear; never for reads or a new level.
TEST(WriteSetTest, TheSharedCounterMovesWithTheVersion) {
  uint64_t changes = 40;
  WriteSet writes(1 << 20, &changes);
  uint64_t version = writes.version();
  uint64_t counted = changes;
  // Expects both to have moved by `by` since the last check.
  const auto moved_by = [&](uint64_t by) {
    EXPECT_EQ(version + by, writes.version());
    EXPECT_EQ(counted + by, changes);
    version = writes.version();
    counted = changes;
  };
  EXPECT_EQ(writes.Put(1, "a", "x").code(), JET_errNotInTransaction);
  moved_by(0);
  writes.PushLevel();
  moved_by(0);
  ASSERT_EQ(writes.Put(1, "a", "x").code(), JET_errSuccess);
  ASSERT_EQ(writes.Delete(1, "b").code(), JET_errSuccess);
  moved_by(2);
  EXPECT_EQ(Kind::kPresent, writes.Get(1, "a").kind);
  moved_by(0);
  writes.PushLevel();
  ASSERT_EQ(writes.Put(1, "c", "y").code(), JET_errSuccess);
  ASSERT_EQ(writes.CommitLevel().code(), JET_errSuccess);
  moved_by(2);
  writes.PushLevel();
  ASSERT_EQ(writes.RollbackLevel().code(), JET_errSuccess);
  moved_by(1);
  writes.Clear();
  moved_by(1);
}

TEST(WriteSetTest, PutDeleteGetThroughLevels) {
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "a", "1").ok());
  ASSERT_TRUE(ws.Put(kA, "b", "2").ok());
  ASSERT_TRUE(ws.Delete(kA, "c").ok());
  ASSERT_TRUE(ws.Put(kB, "a", "other-dbi").ok());
  EXPECT_EQ(Get(ws, kA, "a"), "1");
  EXPECT_EQ(Get(ws, kA, "c"), "<deleted>");
  EXPECT_EQ(Get(ws, kA, "d"), "<absent>");
  EXPECT_EQ(Get(ws, kB, "a"), "other-dbi");
  EXPECT_EQ(Get(ws, kB, "b"), "<absent>");

  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "a", "1b").ok());
  ASSERT_TRUE(ws.Delete(kA, "b").ok());
  ASSERT_TRUE(ws.Put(kA, "c", "3").ok());
  EXPECT_EQ(Get(ws, kA, "a"), "1b");
  EXPECT_EQ(Get(ws, kA, "b"), "<deleted>");
  EXPECT_EQ(Get(ws, kA, "c"), "3");
  // Overwrite within the same level.
  ASSERT_TRUE(ws.Put(kA, "a", "1c").ok());
  EXPECT_EQ(Get(ws, kA, "a"), "1c");
}

TEST(WriteSetTest, RollbackDropsExactlyTheTopLevel) {
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "a", "1").ok());
  ASSERT_TRUE(ws.Put(kA, "b", "2").ok());
  const size_t level1_bytes = ws.bytes();
  const std::vector<std::string> level1 = Finals(ws);

  ws.PushLevel();
  ASSERT_TRUE(ws.Delete(kA, "a").ok());  // a delete of a key put in level 1
  ASSERT_TRUE(ws.Put(kA, "b", "22").ok());
  ASSERT_TRUE(ws.Put(kA, "new", "x").ok());
  ASSERT_TRUE(ws.Delete(kB, "gone").ok());
  EXPECT_EQ(Get(ws, kA, "a"), "<deleted>");

  ASSERT_TRUE(ws.RollbackLevel().ok());
  EXPECT_EQ(ws.level(), 1);
  EXPECT_EQ(Get(ws, kA, "a"), "1");
  EXPECT_EQ(Get(ws, kA, "b"), "2");
  EXPECT_EQ(Get(ws, kA, "new"), "<absent>");
  EXPECT_EQ(Get(ws, kB, "gone"), "<absent>");
  EXPECT_EQ(ws.key_count(), 2u);
  EXPECT_EQ(ws.bytes(), level1_bytes);
  EXPECT_EQ(Finals(ws), level1);

  ASSERT_TRUE(ws.RollbackLevel().ok());
  EXPECT_EQ(ws.level(), 0);
  EXPECT_TRUE(ws.empty());
  EXPECT_EQ(ws.bytes(), 0u);
}

TEST(WriteSetTest, CommitMergesIntoParent) {
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "a", "1").ok());
  ASSERT_TRUE(ws.Put(kA, "b", "2").ok());
  ws.PushLevel();
  ASSERT_TRUE(ws.Delete(kA, "a").ok());
  ASSERT_TRUE(ws.Put(kA, "c", "3").ok());
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "b", "2c").ok());
  ASSERT_TRUE(ws.CommitLevel().ok());  // 3 -> 2
  ASSERT_TRUE(ws.CommitLevel().ok());  // 2 -> 1
  EXPECT_EQ(ws.level(), 1);
  EXPECT_EQ(Get(ws, kA, "a"), "<deleted>");
  EXPECT_EQ(Get(ws, kA, "b"), "2c");
  EXPECT_EQ(Get(ws, kA, "c"), "3");
  // One version per key is left, so the bytes are those of a flat set.
  WriteSet flat(kUnlimited);
  flat.PushLevel();
  ASSERT_TRUE(flat.Delete(kA, "a").ok());
  ASSERT_TRUE(flat.Put(kA, "b", "2c").ok());
  ASSERT_TRUE(flat.Put(kA, "c", "3").ok());
  EXPECT_EQ(ws.bytes(), flat.bytes());
  // Commit at level 1 is the caller's apply, not a merge.
  EXPECT_EQ(ws.CommitLevel().code(), JET_errNotInTransaction);
  EXPECT_EQ(ws.level(), 1);

  // Changes committed into level 1 are rolled back with it.
  ASSERT_TRUE(ws.RollbackLevel().ok());
  EXPECT_TRUE(ws.empty());
  EXPECT_EQ(ws.bytes(), 0u);
}

TEST(WriteSetTest, CommitThenRollbackOfParentLevel) {
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "keep", "1").ok());
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "x", "2").ok());
  ws.PushLevel();
  ASSERT_TRUE(ws.Delete(kA, "keep").ok());
  ASSERT_TRUE(ws.Put(kA, "x", "3").ok());
  ASSERT_TRUE(ws.CommitLevel().ok());  // 3 -> 2
  EXPECT_EQ(Get(ws, kA, "keep"), "<deleted>");
  EXPECT_EQ(Get(ws, kA, "x"), "3");
  ASSERT_TRUE(ws.RollbackLevel().ok());  // level 2, with what 3 gave it
  EXPECT_EQ(Get(ws, kA, "keep"), "1");
  EXPECT_EQ(Get(ws, kA, "x"), "<absent>");
  EXPECT_EQ(ws.key_count(), 1u);
}

TEST(WriteSetTest, ForEachFinalGivesNetOpsInOrder) {
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kB, "b", "B").ok());
  ASSERT_TRUE(ws.Put(kA, "z", "1").ok());
  ASSERT_TRUE(ws.Put(kA, std::string("a\xff", 2), "ff").ok());
  ASSERT_TRUE(ws.Put(kA, "a", "short").ok());
  ASSERT_TRUE(ws.Delete(kA, "m").ok());
  ws.PushLevel();
  ASSERT_TRUE(ws.Delete(kA, "z").ok());
  ASSERT_TRUE(ws.Put(kA, "m", "back").ok());
  ASSERT_TRUE(ws.Put(kA, std::string("a\x00", 2), "zero").ok());
  ASSERT_TRUE(ws.CommitLevel().ok());
  EXPECT_EQ(Finals(ws), (std::vector<std::string>{
                            "3:a=short",
                            std::string("3:a\x00=zero", 9),
                            "3:a\xff=ff",
                            "3:m=back",
                            "3:z=<del>",
                            "4:b=B",
                        }));

  // An error from the callback stops the walk and is returned.
  int calls = 0;
  Status s = ws.ForEachFinal([&](const WriteSet::FinalOp&) {
    return ++calls == 2 ? Status(JET_errDiskIO) : Status::Ok();
  });
  EXPECT_EQ(s.code(), JET_errDiskIO);
  EXPECT_EQ(calls, 2);
}

// Clear() keeps a few entries' memory for the next transaction: reused
// entries must carry nothing of their past (keys, values, tombstones,
// levels), however their old and new sizes compare.
TEST(WriteSetTest, EntriesReusedAfterClearCarryNothingOver) {
  WriteSet ws(kUnlimited);
  for (int round = 0; round < 4; ++round) {
    const std::string big(300 + round, static_cast<char>('a' + round));
    ws.PushLevel();
    ASSERT_TRUE(
        ws.Put(kA, "long-key-" + std::to_string(round) + big, big).ok());
    ASSERT_TRUE(ws.Delete(kA, "gone").ok());
    ASSERT_TRUE(ws.Put(kB, "k", "v" + std::to_string(round)).ok());
    ws.PushLevel();
    ASSERT_TRUE(ws.Put(kA, "gone", "child").ok());
    ASSERT_TRUE(ws.Put(kA, "n", "nested").ok());
    ASSERT_TRUE(ws.CommitLevel().ok());
    EXPECT_EQ(ws.key_count(), 4u);
    EXPECT_EQ(Finals(ws),
              (std::vector<std::string>{
                  "3:gone=child",
                  "3:long-key-" + std::to_string(round) + big + "=" + big,
                  "3:n=nested",
                  "4:k=v" + std::to_string(round),
              }));
    if (round % 2 == 0) {
      // A rollback of the only level drops everything, reused or not.
      ASSERT_TRUE(ws.RollbackLevel().ok());
      EXPECT_TRUE(ws.empty());
      EXPECT_EQ(ws.bytes(), 0u);
    }
    ws.Clear();  // odd rounds: the long entries are kept for reuse

    // The next transaction, with shorter keys and values than before.
    ws.PushLevel();
    ASSERT_TRUE(ws.Put(kB, "x", "1").ok());
    ASSERT_TRUE(ws.Delete(kA, "y").ok());
    EXPECT_EQ(Get(ws, kB, "x"), "1");
    EXPECT_EQ(Get(ws, kA, "y"), "<deleted>");
    EXPECT_EQ(Get(ws, kA, "gone"), "<absent>");
    EXPECT_EQ(Finals(ws), (std::vector<std::string>{"3:y=<del>", "4:x=1"}));
    ws.PushLevel();
    ASSERT_TRUE(ws.Put(kB, "x", "2").ok());
    ASSERT_TRUE(ws.RollbackLevel().ok());
    EXPECT_EQ(Get(ws, kB, "x"), "1");
    ws.Clear();
    EXPECT_EQ(ws.level(), 0);
    EXPECT_TRUE(ws.empty());
  }
}

TEST(WriteSetTest, ByteLimitGivesVersionStoreOutOfMemoryAndChangesNothing) {
  const size_t one =
      WriteSet::kKeyOverhead + 1 + WriteSet::kVersionOverhead + 4;
  WriteSet ws(one);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(kA, "k", "vvvv").ok());  // exactly at the limit
  EXPECT_EQ(ws.bytes(), one);
  const std::vector<std::string> before = Finals(ws);

  EXPECT_EQ(ws.Put(kA, "j", "").code(), JET_errVersionStoreOutOfMemory);
  EXPECT_EQ(ws.Delete(kA, "j").code(), JET_errVersionStoreOutOfMemory);
  EXPECT_EQ(ws.Put(kA, "k", "vvvvv").code(), JET_errVersionStoreOutOfMemory);
  EXPECT_EQ(ws.bytes(), one);
  EXPECT_EQ(ws.key_count(), 1u);
  EXPECT_EQ(Get(ws, kA, "j"), "<absent>");
  EXPECT_EQ(Get(ws, kA, "k"), "vvvv");
  EXPECT_EQ(Finals(ws), before);

  // Shrinking in place is always allowed.
  ASSERT_TRUE(ws.Put(kA, "k", "vvv").ok());
  EXPECT_EQ(ws.bytes(), one - 1);
  ASSERT_TRUE(ws.Put(kA, "k", "vvvv").ok());
  EXPECT_EQ(ws.bytes(), one);

  // A new version at an inner level costs kVersionOverhead: refused, and the
  // transaction can still roll back.
  ws.PushLevel();
  EXPECT_EQ(ws.Delete(kA, "k").code(), JET_errVersionStoreOutOfMemory);
  EXPECT_EQ(Get(ws, kA, "k"), "vvvv");
  EXPECT_EQ(ws.bytes(), one);
  ASSERT_TRUE(ws.RollbackLevel().ok());
  ASSERT_TRUE(ws.RollbackLevel().ok());
  EXPECT_EQ(ws.bytes(), 0u);
  EXPECT_TRUE(ws.empty());

  // One byte less than needed fails; the freed room is usable again.
  WriteSet tight(one - 1);
  tight.PushLevel();
  EXPECT_EQ(tight.Put(kA, "k", "vvvv").code(), JET_errVersionStoreOutOfMemory);
  EXPECT_TRUE(tight.empty());
  EXPECT_EQ(tight.bytes(), 0u);
  ASSERT_TRUE(tight.Put(kA, "k", "vvv").ok());
}

// ---------------------------------------------------------------------------
// MergedCursor against a real LMDB environment.

namespace fs = std::filesystem;
using Model = std::map<std::string, std::string>;

class MergedCursorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "write_set_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    dir_ = pattern;
    ASSERT_EQ(mdb_env_create(&env_), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_set_maxdbs(env_, 4), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_set_mapsize(env_, 64u << 20), MDB_SUCCESS);
    ASSERT_EQ(mdb_env_open(env_, (dir_ + "/t.edb").c_str(),
                           MDB_NOSUBDIR | MDB_NOTLS, 0644),
              MDB_SUCCESS);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env_, nullptr, 0, &txn), MDB_SUCCESS);
    ASSERT_EQ(mdb_dbi_open(txn, "table", MDB_CREATE, &dbi_), MDB_SUCCESS);
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  }

  void TearDown() override {
    EndRead();
    if (env_ != nullptr) mdb_env_close(env_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Replaces the table's contents with `base`.
  void SetBase(const Model& base) {
    EndRead();
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env_, nullptr, 0, &txn), MDB_SUCCESS);
    ASSERT_EQ(mdb_drop(txn, dbi_, 0), MDB_SUCCESS);
    for (const auto& [k, v] : base) {
      MDB_val key{k.size(), const_cast<char*>(k.data())};
      MDB_val val{v.size(), const_cast<char*>(v.data())};
      ASSERT_EQ(mdb_put(txn, dbi_, &key, &val, 0), MDB_SUCCESS);
    }
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  }

  void BeginRead() {
    EndRead();
    ASSERT_EQ(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &read_), MDB_SUCCESS);
  }
  void EndRead() {
    if (read_ != nullptr) mdb_txn_abort(read_);
    read_ = nullptr;
  }

  Model ReadAll() {
    Model out;
    MDB_txn* txn = nullptr;
    EXPECT_EQ(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn), MDB_SUCCESS);
    MDB_cursor* c = nullptr;
    EXPECT_EQ(mdb_cursor_open(txn, dbi_, &c), MDB_SUCCESS);
    MDB_val k, v;
    for (int rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
      out.emplace(std::string(static_cast<char*>(k.mv_data), k.mv_size),
                  std::string(static_cast<char*>(v.mv_data), v.mv_size));
    }
    mdb_cursor_close(c);
    mdb_txn_abort(txn);
    return out;
  }

  // Applies the write set's net effect to the table, as the commit to level
  // 0 does; entries of other dbis are skipped.
  void Apply(const WriteSet& ws) {
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env_, nullptr, 0, &txn), MDB_SUCCESS);
    Status s = ws.ForEachFinal([&](const WriteSet::FinalOp& op) {
      if (op.dbi != dbi_) return Status::Ok();
      MDB_val key{op.key.size(), const_cast<char*>(op.key.data())};
      int rc;
      if (op.deleted) {
        rc = mdb_del(txn, dbi_, &key, nullptr);
        if (rc == MDB_NOTFOUND) rc = MDB_SUCCESS;
      } else {
        MDB_val val{op.value.size(), const_cast<char*>(op.value.data())};
        rc = mdb_put(txn, dbi_, &key, &val, 0);
      }
      return rc == MDB_SUCCESS ? Status::Ok() : Status(JET_errDiskIO);
    });
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(mdb_txn_commit(txn), MDB_SUCCESS);
  }

  std::string dir_;
  MDB_env* env_ = nullptr;
  MDB_txn* read_ = nullptr;
  MDB_dbi dbi_ = 0;
};

std::vector<std::pair<std::string, std::string>> ScanForward(MergedCursor& c) {
  std::vector<std::pair<std::string, std::string>> out;
  for (c.First(); c.Valid(); c.Next()) {
    out.emplace_back(std::string(c.key()), std::string(c.value()));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ScanBackward(MergedCursor& c) {
  std::vector<std::pair<std::string, std::string>> out;
  for (c.Last(); c.Valid(); c.Prev()) {
    out.emplace_back(std::string(c.key()), std::string(c.value()));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Pairs(const Model& m) {
  return {m.begin(), m.end()};
}

TEST_F(MergedCursorTest, OverlayReplacesAddsAndHides) {
  SetBase({{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}, {"e", "E"}});
  BeginRead();
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(dbi_, "b", "B2").ok());   // replaces
  ASSERT_TRUE(ws.Put(dbi_, "bb", "BB").ok());  // adds
  ASSERT_TRUE(ws.Delete(dbi_, "c").ok());      // a run of tombstones
  ASSERT_TRUE(ws.Delete(dbi_, "cc").ok());     //   (one hides nothing)
  ASSERT_TRUE(ws.Delete(dbi_, "d").ok());
  ASSERT_TRUE(ws.Put(dbi_ + 1, "a", "noise").ok());
  ASSERT_TRUE(ws.Put(dbi_ - 1, "zz", "noise").ok());

  MergedCursor c(ws, dbi_);
  ASSERT_TRUE(c.Open(read_).ok());
  const Model want = {{"a", "A"}, {"b", "B2"}, {"bb", "BB"}, {"e", "E"}};
  EXPECT_EQ(ScanForward(c), Pairs(want));
  auto back = Pairs(want);
  std::reverse(back.begin(), back.end());
  EXPECT_EQ(ScanBackward(c), back);

  c.SeekGE("c");
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.key(), "e");
  c.SeekLE("d");
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.key(), "bb");
  c.SeekLE("b");
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.key(), "b");
  EXPECT_EQ(c.value(), "B2");
  c.SeekGE("f");
  EXPECT_FALSE(c.Valid());
  c.SeekLE("");
  EXPECT_FALSE(c.Valid());
  c.SeekGE("");
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.key(), "a");
  EXPECT_TRUE(c.status().ok());
}

TEST_F(MergedCursorTest, DirectionChanges) {
  SetBase({{"a", "A"}, {"c", "C"}, {"e", "E"}, {"g", "G"}});
  BeginRead();
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(dbi_, "b", "b").ok());
  ASSERT_TRUE(ws.Put(dbi_, "c", "c").ok());  // same key in both sources
  ASSERT_TRUE(ws.Delete(dbi_, "e").ok());
  ASSERT_TRUE(ws.Put(dbi_, "f", "f").ok());
  MergedCursor c(ws, dbi_);
  ASSERT_TRUE(c.Open(read_).ok());
  // Visible: a b c(ws) f g
  c.SeekGE("c");
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.value(), "c");
  c.Next();
  EXPECT_EQ(c.key(), "f");
  c.Prev();
  EXPECT_EQ(c.key(), "c");
  EXPECT_EQ(c.value(), "c");
  c.Prev();
  EXPECT_EQ(c.key(), "b");
  c.Next();
  EXPECT_EQ(c.key(), "c");
  EXPECT_EQ(c.value(), "c");
  c.Next();
  c.Next();
  EXPECT_EQ(c.key(), "g");
  c.Prev();
  EXPECT_EQ(c.key(), "f");
  c.Next();
  EXPECT_EQ(c.key(), "g");
  c.Next();
  EXPECT_FALSE(c.Valid());
  c.First();
  c.Prev();
  EXPECT_FALSE(c.Valid());
  c.Last();
  EXPECT_EQ(c.key(), "g");
  c.Prev();
  c.Prev();
  EXPECT_EQ(c.key(), "c");
  c.Next();
  EXPECT_EQ(c.key(), "f");
}

TEST_F(MergedCursorTest, EmptyBase) {
  SetBase({});
  BeginRead();
  WriteSet ws(kUnlimited);
  MergedCursor c(ws, dbi_);
  ASSERT_TRUE(c.Open(read_).ok());
  c.First();
  EXPECT_FALSE(c.Valid());
  c.Last();
  EXPECT_FALSE(c.Valid());
  ws.PushLevel();
  ASSERT_TRUE(ws.Put(dbi_, "x", "1").ok());
  ASSERT_TRUE(ws.Put(dbi_, "y", "2").ok());
  ASSERT_TRUE(ws.Delete(dbi_, "w").ok());
  EXPECT_EQ(ScanForward(c), Pairs({{"x", "1"}, {"y", "2"}}));
  EXPECT_EQ(ScanBackward(c), (std::vector<std::pair<std::string, std::string>>{
                                 {"y", "2"}, {"x", "1"}}));
  c.SeekLE("xa");
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.key(), "x");
}

TEST_F(MergedCursorTest, EverythingDeleted) {
  SetBase({{"a", "A"}, {"b", "B"}, {"c", "C"}});
  BeginRead();
  WriteSet ws(kUnlimited);
  ws.PushLevel();
  ASSERT_TRUE(ws.Delete(dbi_, "a").ok());
  ASSERT_TRUE(ws.Delete(dbi_, "b").ok());
  ws.PushLevel();
  ASSERT_TRUE(ws.Delete(dbi_, "c").ok());
  ASSERT_TRUE(ws.Put(dbi_ + 1, "b", "noise").ok());
  MergedCursor c(ws, dbi_);
  ASSERT_TRUE(c.Open(read_).ok());
  c.First();
  EXPECT_FALSE(c.Valid());
  c.Last();
  EXPECT_FALSE(c.Valid());
  c.SeekGE("b");
  EXPECT_FALSE(c.Valid());
  c.SeekLE("b");
  EXPECT_FALSE(c.Valid());
  // Rolling back the inner level brings "c" back.
  ASSERT_TRUE(ws.RollbackLevel().ok());
  EXPECT_EQ(ScanForward(c), Pairs({{"c", "C"}}));
  EXPECT_EQ(ScanBackward(c), Pairs({{"c", "C"}}));
}

// Randomized comparison with a std::map model of snapshot + layers.
TEST_F(MergedCursorTest, RandomizedAgainstModel) {
  std::mt19937 rng(0x6c6d6a65);  // fixed seed
  const char alphabet[] = {'\x00', '\x01', 'a', 'b', '\x7f', '\x80', '\xff'};
  auto random_key = [&](size_t min_len) {
    std::string k;
    const size_t len = min_len + rng() % (4 - min_len);
    for (size_t i = 0; i < len; ++i) k += alphabet[rng() % sizeof(alphabet)];
    return k;
  };
  auto random_value = [&] { return std::to_string(rng() % 1000); };

  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Model base;
    const int base_n = round % 10 == 0 ? 0 : static_cast<int>(rng() % 40);
    for (int i = 0; i < base_n; ++i) base[random_key(1)] = random_value();
    ASSERT_NO_FATAL_FAILURE(SetBase(base));
    ASSERT_NO_FATAL_FAILURE(BeginRead());

    WriteSet ws(kUnlimited);
    std::vector<std::map<std::string, std::optional<std::string>>> layers;
    const int start_levels = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < start_levels; ++i) {
      ws.PushLevel();
      layers.emplace_back();
    }
    const int ops = static_cast<int>(rng() % 60);
    for (int i = 0; i < ops; ++i) {
      const unsigned r = rng() % 100;
      if (r < 8 && layers.size() < 3) {
        ws.PushLevel();
        layers.emplace_back();
      } else if (r < 16 && layers.size() >= 2) {
        ASSERT_TRUE(ws.CommitLevel().ok());
        for (auto& [k, v] : layers.back()) layers[layers.size() - 2][k] = v;
        layers.pop_back();
      } else if (r < 22 && layers.size() >= 2) {
        ASSERT_TRUE(ws.RollbackLevel().ok());
        layers.pop_back();
      } else {
        // Mostly keys of the snapshot, so puts replace and deletes hide.
        std::string k;
        if (!base.empty() && rng() % 2 == 0) {
          auto it = base.begin();
          std::advance(it, rng() % base.size());
          k = it->first;
        } else {
          k = random_key(1);
        }
        if (rng() % 10 == 0) {  // noise in neighbouring dbis
          ASSERT_TRUE(ws.Put(rng() % 2 ? dbi_ + 1 : dbi_ - 1, k, "noise").ok());
        } else if (rng() % 2 == 0) {
          const std::string v = random_value();
          ASSERT_TRUE(ws.Put(dbi_, k, v).ok());
          layers.back()[k] = v;
        } else {
          ASSERT_TRUE(ws.Delete(dbi_, k).ok());
          layers.back()[k] = std::nullopt;
        }
      }
    }
    ASSERT_EQ(ws.level(), static_cast<int>(layers.size()));

    Model visible = base;
    for (const auto& layer : layers) {
      for (const auto& [k, v] : layer) {
        if (v) {
          visible[k] = *v;
        } else {
          visible.erase(k);
        }
      }
    }
    for (const auto& layer : layers) {
      for (const auto& [k, v] : layer) {
        auto it = visible.find(k);
        EXPECT_EQ(Get(ws, dbi_, k),
                  it == visible.end() ? "<deleted>" : it->second);
      }
    }

    const auto want = Pairs(visible);
    auto want_back = want;
    std::reverse(want_back.begin(), want_back.end());
    {
      MergedCursor c(ws, dbi_);
      ASSERT_TRUE(c.Open(read_).ok());
      ASSERT_EQ(ScanForward(c), want);
      ASSERT_EQ(ScanBackward(c), want_back);

      // Random seeks, each followed by a random walk with direction changes.
      for (int s = 0; s < 30; ++s) {
        const std::string target = random_key(0);
        const bool ge = rng() % 2 == 0;
        long idx;  // model position in `want`
        if (ge) {
          c.SeekGE(target);
          idx = std::distance(visible.begin(), visible.lower_bound(target));
        } else {
          c.SeekLE(target);
          idx = static_cast<long>(std::distance(visible.begin(),
                                                visible.upper_bound(target))) -
                1;
        }
        for (int step = 0;; ++step) {
          const bool model_valid =
              idx >= 0 && idx < static_cast<long>(want.size());
          ASSERT_EQ(c.Valid(), model_valid)
              << (ge ? "SeekGE " : "SeekLE ") << target << " step " << step;
          if (!model_valid || step == 8) break;
          ASSERT_EQ(c.key(), want[idx].first);
          ASSERT_EQ(c.value(), want[idx].second);
          if (rng() % 2 == 0) {
            c.Next();
            ++idx;
          } else {
            c.Prev();
            --idx;
          }
        }
      }
      EXPECT_TRUE(c.status().ok());
    }

    // The commit to level 0: merge to level 1, apply the net effect.
    while (ws.level() > 1) ASSERT_TRUE(ws.CommitLevel().ok());
    EndRead();
    ASSERT_NO_FATAL_FAILURE(Apply(ws));
    EXPECT_EQ(ReadAll(), visible);
    ws.Clear();
    EXPECT_EQ(ws.bytes(), 0u);
  }
}

}  // namespace
}  // namespace lmjet::txn
