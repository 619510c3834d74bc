#include "sort/row_store.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::sort {
namespace {

using Rows = std::map<std::pair<std::string, uint64_t>, std::string>;

class RowStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "row_store_test-XXXXXX")
            .string();
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RowStore::Options Opts(size_t budget) {
    RowStore::Options o;
    o.memory_budget_bytes = budget;
    o.spill_directory = dir_;
    return o;
  }
  size_t Files() const {
    size_t n = 0;
    for (auto& e : std::filesystem::directory_iterator(dir_)) {
      (void)e;
      ++n;
    }
    return n;
  }
  // Every row, first to last and last to first, must equal `want`.
  static void ExpectRows(RowStore& store, const Rows& want) {
    std::vector<std::pair<std::pair<std::string, uint64_t>, std::string>>
        forward, backward;
    bool found = false;
    ASSERT_TRUE(store.SeekFirst(&found).ok());
    while (found) {
      forward.push_back({{std::string(store.key()), store.seq()},
                         std::string(store.record())});
      ASSERT_TRUE(store.Next(&found).ok());
    }
    ASSERT_TRUE(store.SeekLast(&found).ok());
    while (found) {
      backward.push_back({{std::string(store.key()), store.seq()},
                          std::string(store.record())});
      ASSERT_TRUE(store.Prev(&found).ok());
    }
    std::reverse(backward.begin(), backward.end());
    const std::vector<std::pair<std::pair<std::string, uint64_t>, std::string>>
        expected(want.begin(), want.end());
    EXPECT_TRUE(forward == expected) << forward.size() << " rows";
    EXPECT_TRUE(backward == expected) << backward.size() << " rows";
    EXPECT_EQ(want.size(), store.size());
  }

  // Random rows; keys from a small alphabet so that prefixes and equal keys
  // (different seq) occur.
  static Rows Fill(RowStore& store, size_t count, uint32_t seed,
                   size_t record_bytes) {
    std::mt19937 rng(seed);
    Rows rows;
    for (uint64_t seq = 0; seq < count; ++seq) {
      std::string key(rng() % 4, '\0');
      for (char& c : key) c = "\x00\x01\xFEz"[rng() % 4];
      std::string record(record_bytes, static_cast<char>('a' + seq % 26));
      EXPECT_TRUE(store.Insert(key, seq, record).ok());
      rows[{key, seq}] = record;
    }
    return rows;
  }

  std::string dir_;
};

TEST(CompareRowsTest, PrefixFirstThenSeq) {
  EXPECT_LT(CompareRows("a", 9, std::string("a\0", 2), 0), 0);
  EXPECT_LT(CompareRows("", 9, "a", 0), 0);
  EXPECT_LT(CompareRows("b", 1, "b", 2), 0);
  EXPECT_EQ(0, CompareRows("b", 2, "b", 2));
  EXPECT_GT(CompareRows("\xFF", 0, "a", 7), 0);
}

TEST_F(RowStoreTest, InMemoryOrderSeekReplaceErase) {
  RowStore store(Opts(64 << 20));
  Rows rows = Fill(store, 2000, 1, 10);
  EXPECT_FALSE(store.on_disk());
  EXPECT_EQ(0u, Files());
  ExpectRows(store, rows);
  // Seek: the first row at or after (key, seq).
  bool found = false;
  ASSERT_TRUE(store.Seek("z", 0, &found).ok());
  auto it = rows.lower_bound({"z", 0});
  ASSERT_EQ(it != rows.end(), found);
  EXPECT_EQ(it->first.first, store.key());
  EXPECT_EQ(it->first.second, store.seq());
  ASSERT_TRUE(store.Seek("\xFF", 0, &found).ok());
  EXPECT_FALSE(found);
  // Next without a position after a change is refused.
  const auto first = rows.begin()->first;
  ASSERT_TRUE(store.Replace(first.first, first.second, "new").ok());
  rows[first] = "new";
  EXPECT_EQ(JET_errInternalError, store.Next(&found).code());
  EXPECT_EQ(JET_errRecordDeleted, store.Replace("nope", 1, "x").code());
  EXPECT_EQ(JET_errRecordDeleted, store.Erase(first.first, 99999).code());
  for (int i = 0; i < 500; ++i) {
    auto victim = std::next(rows.begin(), i % static_cast<int>(rows.size()));
    ASSERT_TRUE(store.Erase(victim->first.first, victim->first.second).ok());
    rows.erase(victim);
  }
  ExpectRows(store, rows);
  EXPECT_GT(store.memory_bytes(), 0u);
  // A (key, seq) already present.
  const auto present = rows.begin()->first;
  EXPECT_EQ(JET_errInternalError,
            store.Insert(present.first, present.second, "x").code());
}

TEST_F(RowStoreTest, SpillsToLmdbWithBoundedMemory) {
  constexpr size_t kBudget = 256 << 10;
  std::string path;
  {
    RowStore store(Opts(kBudget));
    Rows rows = Fill(store, 30000, 2, 200);  // about 6 MB of rows
    ASSERT_TRUE(store.on_disk());
    path = store.file_path();
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(0u, path.rfind(dir_ + "/lmjet-sort-", 0)) << path;
    EXPECT_EQ(".mdb", path.substr(path.size() - 4));
    EXPECT_EQ(1u, Files());  // no lock file
    // Memory stays within max(budget, 1 MiB) plus one row.
    EXPECT_LE(store.peak_memory_bytes(), (size_t{1} << 20) + 4096 + 300);
    EXPECT_GT(store.peak_memory_bytes(), kBudget / 2);
    ExpectRows(store, rows);
    // Changes after the spill.
    bool found = false;
    for (int i = 0; i < 3000; ++i) {
      auto victim = std::next(rows.begin(), (i * 7) % rows.size());
      if (i % 2 == 0) {
        ASSERT_TRUE(
            store.Replace(victim->first.first, victim->first.second, "r").ok());
        victim->second = "r";
      } else {
        ASSERT_TRUE(
            store.Erase(victim->first.first, victim->first.second).ok());
        rows.erase(victim);
      }
    }
    EXPECT_EQ(JET_errRecordDeleted, store.Erase("nope", 1).code());
    EXPECT_EQ(JET_errRecordDeleted, store.Replace("nope", 1, "x").code());
    ASSERT_TRUE(store.Insert(std::string("z\0", 2), 1u << 30, "late").ok());
    rows[{std::string("z\0", 2), 1u << 30}] = "late";
    ASSERT_TRUE(store.Insert("", 1u << 30, "early").ok());
    rows[{"", 1u << 30}] = "early";
    ExpectRows(store, rows);
    ASSERT_TRUE(store.Seek("z", 0, &found).ok());
    auto it = rows.lower_bound({"z", 0});
    ASSERT_TRUE(found);
    EXPECT_EQ(it->first.first, store.key());
    EXPECT_EQ(it->first.second, store.seq());
    ASSERT_TRUE(store.Prev(&found).ok());
    ASSERT_TRUE(found);
    EXPECT_EQ(std::prev(it)->first.first, store.key());
    EXPECT_LE(store.peak_memory_bytes(), (size_t{1} << 20) + 4096 + 300);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(0u, Files());
}

TEST_F(RowStoreTest, KeyTooLongAndNoSpillDirectory) {
  RowStore store(Opts(64 << 20));
  EXPECT_EQ(
      JET_errInvalidParameter,
      store.Insert(std::string(RowStore::kMaxKeyBytes + 1, 'k'), 0, "").code());
  EXPECT_TRUE(
      store.Insert(std::string(RowStore::kMaxKeyBytes, 'k'), 0, "").ok());
  RowStore::Options o;
  o.memory_budget_bytes = 4096;
  RowStore no_dir(o);
  Status s;
  for (uint64_t i = 0; i < 100 && s.ok(); ++i) {
    s = no_dir.Insert("key", i, std::string(100, 'v'));
  }
  EXPECT_EQ(JET_errInvalidPath, s.code());
  // Failed: every later call returns the error.
  bool found = true;
  EXPECT_EQ(JET_errInvalidPath, no_dir.SeekFirst(&found).code());
}

}  // namespace
}  // namespace lmjet::sort
