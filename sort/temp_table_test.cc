#include "sort/temp_table.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::sort {
namespace {

JET_COLUMNDEF Col(JET_COLTYP coltyp, JET_GRBIT grbit, unsigned long cb = 0) {
  JET_COLUMNDEF c{};
  c.cbStruct = sizeof(c);
  c.coltyp = coltyp;
  c.cbMax = cb;
  c.cp = (coltyp == JET_coltypText || coltyp == JET_coltypLongText) ? 1252 : 0;
  c.grbit = grbit;
  return c;
}

class TempTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/lmjet-tt-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Status Open(std::vector<JET_COLUMNDEF> cols, JET_GRBIT grbit,
              size_t budget = 64 << 20) {
    ids_.assign(cols.size(), 0);
    TempTable::Options options;
    options.memory_budget_bytes = budget;
    options.spill_directory = dir_;
    return TempTable::Open(cols.data(), static_cast<unsigned long>(cols.size()),
                           grbit, options, ids_.data(), &table_);
  }

  // Inserts one record with column i = values[i] (raw bytes).
  Status Insert(const std::vector<std::string>& values) {
    Status s = table_->PrepareUpdate(JET_prepInsert);
    if (!s.ok()) return s;
    for (size_t i = 0; i < values.size(); ++i) {
      s = table_->SetColumn(ids_[i], values[i].data(),
                            static_cast<unsigned long>(values[i].size()), 0,
                            nullptr);
      if (s.code() < 0) return s;
    }
    return table_->Update(nullptr, 0, nullptr);
  }

  std::string Get(size_t column) {
    char buf[512];
    unsigned long actual = 0;
    Status s = table_->RetrieveColumn(ids_[column], buf, sizeof(buf), &actual,
                                      0, nullptr);
    EXPECT_GE(s.code(), 0);
    return std::string(buf, std::min<size_t>(actual, sizeof(buf)));
  }

  // Every value of `column`, MoveFirst to the end.
  std::vector<std::string> ReadAll(size_t column) {
    std::vector<std::string> out;
    Status s = table_->Move(JET_MoveFirst, 0);
    while (s.ok()) {
      out.push_back(Get(column));
      s = table_->Move(JET_MoveNext, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, s.code());
    return out;
  }

  static std::string L(int32_t v) {
    return std::string(reinterpret_cast<const char*>(&v), 4);
  }
  static int32_t AsL(const std::string& s) {
    int32_t v = 0;
    std::memcpy(&v, s.data(), 4);
    return v;
  }

  std::string dir_;
  std::vector<JET_COLUMNID> ids_;
  std::unique_ptr<TempTable> table_;
};

TEST_F(TempTableTest, ColumnIdsPerClass) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypText, 0, 50),
            Col(JET_coltypLongBinary, 0), Col(JET_coltypShort, 0),
            Col(JET_coltypBinary, JET_bitColumnTagged)},
           JET_bitTTIntrinsicLVsOnly)
          .ok());
  EXPECT_EQ(1u, ids_[0]);
  EXPECT_EQ(128u, ids_[1]);
  EXPECT_EQ(256u, ids_[2]);
  EXPECT_EQ(2u, ids_[3]);
  EXPECT_EQ(257u, ids_[4]);
}

TEST_F(TempTableTest, BadGrbitsAndForwardOnlyMaterialization) {
  EXPECT_EQ(JET_errInvalidGrbit,
            Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0x200).code());
  EXPECT_EQ(JET_errCannotMaterializeForwardOnlySort,
            Open({Col(JET_coltypLong, JET_bitColumnTTKey)},
                 JET_bitTTForwardOnly | JET_bitTTScrollable)
                .code());
  EXPECT_EQ(JET_errCannotMaterializeForwardOnlySort,
            Open({Col(JET_coltypLong, 0)}, JET_bitTTForwardOnly).code());
}

TEST_F(TempTableTest, LongAscendingUniqueByDefault) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                    Col(JET_coltypText, 0, 20)},
                   0)
                  .ok());
  for (int32_t v : {5, -3, 100, 5, 0, -3}) {
    ASSERT_TRUE(Insert({L(v), "v" + std::to_string(v)}).ok());
  }
  std::vector<std::string> got = ReadAll(0);
  std::vector<int32_t> longs;
  for (auto& g : got) longs.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{-3, 0, 5, 100}), longs);
  std::vector<std::string> text = ReadAll(1);
  EXPECT_EQ((std::vector<std::string>{"v-3", "v0", "v5", "v100"}), text);
}

TEST_F(TempTableTest, TextDescendingAndBackwards) {
  ASSERT_TRUE(Open({Col(JET_coltypText,
                        JET_bitColumnTTKey | JET_bitColumnTTDescending, 30)},
                   JET_bitTTScrollable)
                  .ok());
  for (const char* v : {"pear", "apple", "zebra", "mango"}) {
    ASSERT_TRUE(Insert({v}).ok());
  }
  EXPECT_EQ((std::vector<std::string>{"zebra", "pear", "mango", "apple"}),
            ReadAll(0));
  ASSERT_TRUE(table_->Move(JET_MoveLast, 0).ok());
  EXPECT_EQ("apple", Get(0));
  ASSERT_TRUE(table_->Move(JET_MovePrevious, 0).ok());
  EXPECT_EQ("mango", Get(0));
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_EQ(JET_errNoCurrentRecord, table_->Move(JET_MovePrevious, 0).code());
}

TEST_F(TempTableTest, TwoSegmentsMixedDirections) {
  ASSERT_TRUE(Open({Col(JET_coltypShort, JET_bitColumnTTKey),
                    Col(JET_coltypLong,
                        JET_bitColumnTTKey | JET_bitColumnTTDescending)},
                   0)
                  .ok());
  auto S = [](int16_t v) {
    return std::string(reinterpret_cast<const char*>(&v), 2);
  };
  ASSERT_TRUE(Insert({S(2), L(1)}).ok());
  ASSERT_TRUE(Insert({S(1), L(1)}).ok());
  ASSERT_TRUE(Insert({S(1), L(7)}).ok());
  ASSERT_TRUE(Insert({S(2), L(9)}).ok());
  std::vector<int32_t> second;
  for (auto& g : ReadAll(1)) second.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{7, 1, 9, 1}), second);
}

// One key column of each type, ascending and descending: the values come
// back in the order of their numeric (or byte) value.
TEST_F(TempTableTest, OrderForSeveralTypes) {
  struct Case {
    JET_COLTYP coltyp;
    std::vector<std::string> sorted;  // ascending
  };
  auto LL = [](int64_t v) {
    return std::string(reinterpret_cast<const char*>(&v), 8);
  };
  auto UL = [](uint32_t v) {
    return std::string(reinterpret_cast<const char*>(&v), 4);
  };
  auto F = [](float v) {
    return std::string(reinterpret_cast<const char*>(&v), 4);
  };
  auto B = [](uint8_t v) { return std::string(1, static_cast<char>(v)); };
  const std::vector<Case> cases = {
      {JET_coltypLongLong,
       {LL(INT64_MIN), LL(-1), LL(0), LL(1), LL(INT64_MAX)}},
      {JET_coltypUnsignedLong,
       {UL(0), UL(7), UL(0x80000000u), UL(0xFFFFFFFFu)}},
      {JET_coltypIEEESingle, {F(-1e9f), F(-0.5f), F(0.0f), F(3.0f), F(1e9f)}},
      {JET_coltypUnsignedByte, {B(0), B(1), B(127), B(128), B(255)}},
      {JET_coltypBinary,
       {std::string(""), std::string("\x00", 1), std::string("\x00\x01", 2),
        std::string("\x01"), std::string("\xff\xff")}},
  };
  for (const Case& c : cases) {
    for (bool descending : {false, true}) {
      SCOPED_TRACE(std::to_string(c.coltyp) + (descending ? " desc" : " asc"));
      ASSERT_TRUE(Open({Col(c.coltyp,
                            JET_bitColumnTTKey |
                                (descending ? JET_bitColumnTTDescending : 0),
                            c.coltyp == JET_coltypBinary ? 10 : 0)},
                       JET_bitTTScrollable)
                      .ok());
      // Insert in a scrambled order.
      std::vector<std::string> input = c.sorted;
      std::reverse(input.begin(), input.end());
      std::rotate(input.begin(), input.begin() + 2, input.end());
      for (const std::string& v : input) {
        if (v.empty()) {
          // Zero-length binary: a value, not NULL.
          ASSERT_TRUE(table_->PrepareUpdate(JET_prepInsert).ok());
          ASSERT_TRUE(table_
                          ->SetColumn(ids_[0], nullptr, 0, JET_bitSetZeroLength,
                                      nullptr)
                          .ok());
          ASSERT_TRUE(table_->Update(nullptr, 0, nullptr).ok());
        } else {
          ASSERT_TRUE(Insert({v}).ok());
        }
      }
      std::vector<std::string> want = c.sorted;
      if (descending) std::reverse(want.begin(), want.end());
      EXPECT_EQ(want, ReadAll(0));
    }
  }
}

TEST_F(TempTableTest, ForwardOnlyKeepsDuplicatesInInsertionOrder) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypLong, 0)},
           JET_bitTTForwardOnly)
          .ok());
  ASSERT_TRUE(Insert({L(2), L(1)}).ok());
  ASSERT_TRUE(Insert({L(1), L(2)}).ok());
  ASSERT_TRUE(Insert({L(2), L(3)}).ok());
  ASSERT_TRUE(Insert({L(1), L(4)}).ok());
  std::vector<int32_t> payload;
  for (auto& g : ReadAll(1)) payload.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{2, 4, 1, 3}), payload);
  EXPECT_EQ(JET_errIllegalOperation, table_->Move(JET_MovePrevious, 0).code());
  ASSERT_TRUE(table_->Move(JET_MoveLast, 0).ok());  // in memory: allowed
  EXPECT_EQ(3, AsL(Get(1)));
}

TEST_F(TempTableTest, ForwardOnlyUniqueRemovesDuplicates) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypLong, 0)},
           JET_bitTTForwardOnly | JET_bitTTUnique)
          .ok());
  ASSERT_TRUE(Insert({L(2), L(1)}).ok());
  ASSERT_TRUE(Insert({L(1), L(2)}).ok());
  ASSERT_TRUE(Insert({L(2), L(3)}).ok());
  std::vector<int32_t> payload;
  for (auto& g : ReadAll(1)) payload.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{2, 1}), payload);  // first one kept
}

TEST_F(TempTableTest, ErrorOnDuplicateInsertion) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypLong, 0)},
           JET_bitTTErrorOnDuplicateInsertion)
          .ok());
  ASSERT_TRUE(Insert({L(2), L(1)}).ok());
  EXPECT_EQ(JET_errKeyDuplicate, Insert({L(2), L(5)}).code());
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepCancel).ok());
  ASSERT_TRUE(Insert({L(1), L(6)}).ok());
  std::vector<int32_t> payload;
  for (auto& g : ReadAll(1)) payload.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{6, 1}), payload);
}

TEST_F(TempTableTest, SortNullsHigh) {
  for (JET_GRBIT grbit : {JET_GRBIT{0}, JET_GRBIT{JET_bitTTSortNullsHigh}}) {
    ASSERT_TRUE(
        Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypLong, 0)},
             grbit)
            .ok());
    ASSERT_TRUE(Insert({L(5), L(1)}).ok());
    ASSERT_TRUE(Insert({"", L(2)}).ok());  // NULL key
    ASSERT_TRUE(Insert({L(-5), L(3)}).ok());
    std::vector<int32_t> payload;
    for (auto& g : ReadAll(1)) payload.push_back(AsL(g));
    if (grbit == 0) {
      EXPECT_EQ((std::vector<int32_t>{2, 3, 1}), payload);
    } else {
      EXPECT_EQ((std::vector<int32_t>{3, 1, 2}), payload);
    }
  }
}

TEST_F(TempTableTest, PhaseRules) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0).ok());
  ASSERT_TRUE(Insert({L(1)}).ok());
  ASSERT_TRUE(Insert({L(3)}).ok());
  char buf[16];
  unsigned long actual = 0;
  // Read-side calls before the first move.
  EXPECT_EQ(
      JET_errIllegalOperation,
      table_->RetrieveColumn(ids_[0], buf, 4, &actual, 0, nullptr).code());
  EXPECT_EQ(JET_errIllegalOperation, table_->Delete().code());
  EXPECT_EQ(JET_errIllegalOperation,
            table_->GetBookmark(buf, sizeof(buf), &actual).code());
  EXPECT_EQ(JET_errIllegalOperation,
            table_->PrepareUpdate(JET_prepReplace).code());
  // The first move ends the insert phase.
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_EQ(1, AsL(Get(0)));
  EXPECT_EQ(JET_errIllegalOperation,
            table_->PrepareUpdate(JET_prepInsert).code());
  EXPECT_EQ(JET_errIllegalOperation, table_->Delete().code());
  EXPECT_EQ(JET_errUpdateNotPrepared,
            table_->SetColumn(ids_[0], buf, 4, 0, nullptr).code());
  // Neither Scrollable nor Indexed: no backward steps, seeks or ranges.
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(JET_errIllegalOperation, table_->Move(JET_MovePrevious, 0).code());
  int32_t k = 1;
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  EXPECT_EQ(JET_errIllegalOperation, table_->Seek(JET_bitSeekEQ).code());
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  EXPECT_EQ(JET_errIllegalOperation,
            table_->SetIndexRange(JET_bitRangeUpperLimit).code());
  ASSERT_TRUE(table_->Move(JET_MoveLast, 0).ok());
  EXPECT_EQ(3, AsL(Get(0)));
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_EQ(1, AsL(Get(0)));
}

TEST_F(TempTableTest, SeekAndRange) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, JET_bitTTIndexed).ok());
  for (int32_t v : {10, 20, 30, 40}) ASSERT_TRUE(Insert({L(v)}).ok());
  int32_t k = 20;
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  ASSERT_TRUE(table_->Seek(JET_bitSeekEQ).ok());
  EXPECT_EQ(20, AsL(Get(0)));
  k = 25;
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  EXPECT_EQ(JET_wrnSeekNotEqual, table_->Seek(JET_bitSeekGE).code());
  EXPECT_EQ(30, AsL(Get(0)));
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  EXPECT_EQ(JET_errRecordNotFound, table_->Seek(JET_bitSeekEQ).code());
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  EXPECT_EQ(JET_wrnSeekNotEqual, table_->Seek(JET_bitSeekLE).code());
  EXPECT_EQ(20, AsL(Get(0)));
  // Range [20, 30]: 20, 30, then the end.
  k = 30;
  ASSERT_TRUE(table_->MakeKey(&k, 4, JET_bitNewKey).ok());
  ASSERT_TRUE(
      table_->SetIndexRange(JET_bitRangeUpperLimit | JET_bitRangeInclusive)
          .ok());
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(30, AsL(Get(0)));
  EXPECT_EQ(JET_errNoCurrentRecord, table_->Move(JET_MoveNext, 0).code());
}

TEST_F(TempTableTest, UpdatableMaterialized) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypLong, 0)},
           JET_bitTTUpdatable | JET_bitTTScrollable)
          .ok());
  ASSERT_TRUE(Insert({L(1), L(100)}).ok());
  ASSERT_TRUE(Insert({L(3), L(300)}).ok());
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_TRUE(table_->materialized());
  // Insert after reading.
  ASSERT_TRUE(Insert({L(2), L(200)}).ok());
  EXPECT_EQ(JET_errKeyDuplicate, Insert({L(2), L(999)}).code());
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepCancel).ok());
  // Bookmark of the current record (key 1).
  char bookmark[64];
  unsigned long cb = 0;
  ASSERT_TRUE(table_->GetBookmark(bookmark, sizeof(bookmark), &cb).ok());
  // Replace the payload of key 3.
  ASSERT_TRUE(table_->Move(JET_MoveLast, 0).ok());
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepReplace).ok());
  const std::string v = L(333);
  ASSERT_TRUE(table_->SetColumn(ids_[1], v.data(), 4, 0, nullptr).ok());
  ASSERT_TRUE(table_->Update(nullptr, 0, nullptr).ok());
  // Changing the key is refused.
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepReplace).ok());
  const std::string k = L(7);
  ASSERT_TRUE(table_->SetColumn(ids_[0], k.data(), 4, 0, nullptr).ok());
  EXPECT_EQ(JET_errRecordPrimaryChanged,
            table_->Update(nullptr, 0, nullptr).code());
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepCancel).ok());
  // Delete key 2.
  ASSERT_TRUE(table_->Move(JET_MovePrevious, 0).ok());
  EXPECT_EQ(2, AsL(Get(0)));
  ASSERT_TRUE(table_->Delete().ok());
  char buf[8];
  unsigned long actual = 0;
  EXPECT_EQ(
      JET_errRecordDeleted,
      table_->RetrieveColumn(ids_[0], buf, 4, &actual, 0, nullptr).code());
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(3, AsL(Get(0)));
  std::vector<int32_t> payload;
  for (auto& g : ReadAll(1)) payload.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{100, 333}), payload);
  ASSERT_TRUE(table_->GotoBookmark(bookmark, cb).ok());
  EXPECT_EQ(1, AsL(Get(0)));
}

TEST_F(TempTableTest, NoKeyColumnsKeepInsertionOrder) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, 0)}, 0).ok());
  EXPECT_TRUE(table_->materialized() || table_->inserting());
  for (int32_t v : {3, 1, 2, 1}) ASSERT_TRUE(Insert({L(v)}).ok());
  std::vector<int32_t> got;
  for (auto& g : ReadAll(0)) got.push_back(AsL(g));
  EXPECT_EQ((std::vector<int32_t>{3, 1, 2, 1}), got);
}

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

TEST_F(TempTableTest, SpillStreamsInFullOrderAndCleansUp) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                    Col(JET_coltypBinary, 0, 100)},
                   JET_bitTTForwardOnly, /*budget=*/16 << 10)
                  .ok());
  std::mt19937 rng(42);
  std::vector<int32_t> values;
  for (int i = 0; i < 20000; ++i) {
    const int32_t v = static_cast<int32_t>(rng());
    values.push_back(v);
    ASSERT_TRUE(Insert({L(v), std::string(60, 'x')}).ok());
  }
  EXPECT_GT(table_->spilled_runs(), 1u);
  EXPECT_GT(FilesIn(dir_), 0u);
  std::sort(values.begin(), values.end());
  std::vector<int32_t> got;
  for (auto& g : ReadAll(0)) got.push_back(AsL(g));
  EXPECT_FALSE(table_->materialized());
  EXPECT_EQ(values, got);
  EXPECT_EQ(JET_errIllegalOperation, table_->Move(JET_MovePrevious, 0).code());
  table_.reset();
  EXPECT_EQ(0u, FilesIn(dir_));
}

TEST_F(TempTableTest, SpilledScrollableIsMaterializedUniqueSorted) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey)},
                   JET_bitTTScrollable, /*budget=*/8 << 10)
                  .ok());
  std::vector<int32_t> values;
  for (int i = 0; i < 5000; ++i) {
    const int32_t v = (i * 7919) % 3001;  // duplicates
    values.push_back(v);
    ASSERT_TRUE(Insert({L(v)}).ok());
  }
  EXPECT_GT(table_->spilled_runs(), 1u);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<int32_t> got;
  for (auto& g : ReadAll(0)) got.push_back(AsL(g));
  EXPECT_TRUE(table_->materialized());
  EXPECT_EQ(values, got);
  // The runs are gone; past the budget the rows are in one LMDB file.
  EXPECT_TRUE(table_->rows_on_disk());
  EXPECT_EQ(1u, FilesIn(dir_));
  ASSERT_TRUE(table_->Move(JET_MoveLast, 0).ok());
  EXPECT_EQ(values.back(), AsL(Get(0)));
  table_.reset();
  EXPECT_EQ(0u, FilesIn(dir_));
}

// Big-endian, so that memcmp order (the key order of an unsigned column
// checked here through the table) is numeric order.
std::string Be(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (24 - 8 * i));
  return s;
}

// Far more rows than the budget holds, Indexed: every row, in order, both
// ways; seeks; bookmarks; the memory the table held stays bounded.
class TempTableSpillTest : public TempTableTest {
 protected:
  static constexpr size_t kBudget = 64 << 10;
  static constexpr uint32_t kRows = 20000;  // about 2.5 MB of records
  // The bound RowStore promises: max(budget, 1 MiB) plus a row; the sorter
  // keeps within twice the budget.
  static constexpr size_t kMemoryBound = (size_t{1} << 20) + 4096 + 512;

  // A 4-byte fixed binary key column and a payload column.
  Status OpenKeyPayload(JET_GRBIT grbit, size_t budget) {
    return Open(
        {Col(JET_coltypBinary, JET_bitColumnTTKey | JET_bitColumnFixed, 4),
         Col(JET_coltypBinary, 0, 200)},
        grbit, budget);
  }
  // Inserts key = Be(3 * i) (a permutation) with a 100-byte payload.
  std::map<uint32_t, std::string> Fill() {
    std::map<uint32_t, std::string> model;
    std::vector<uint32_t> keys(kRows);
    for (uint32_t i = 0; i < kRows; ++i) keys[i] = 3 * i;
    std::shuffle(keys.begin(), keys.end(), std::mt19937(5));
    for (uint32_t k : keys) {
      std::string payload(100, static_cast<char>('a' + k % 26));
      std::memcpy(payload.data(), &k, 4);
      EXPECT_TRUE(Insert({Be(k), payload}).ok());
      model[k] = payload;
    }
    return model;
  }
  // Every row forward then backward against the model.
  void ExpectModel(const std::map<uint32_t, std::string>& model) {
    std::vector<std::pair<uint32_t, std::string>> forward, backward;
    Status s = table_->Move(JET_MoveFirst, 0);
    while (s.ok()) {
      forward.push_back({Key(), Get(1)});
      s = table_->Move(JET_MoveNext, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, s.code());
    s = table_->Move(JET_MoveLast, 0);
    while (s.ok()) {
      backward.push_back({Key(), Get(1)});
      s = table_->Move(JET_MovePrevious, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, s.code());
    std::reverse(backward.begin(), backward.end());
    const std::vector<std::pair<uint32_t, std::string>> want(model.begin(),
                                                             model.end());
    EXPECT_TRUE(forward == want) << forward.size() << " of " << want.size();
    EXPECT_TRUE(backward == want) << backward.size() << " of " << want.size();
  }
  uint32_t Key() {
    const std::string k = Get(0);
    uint32_t v = 0;
    for (char c : k) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
  }
  Status SeekTo(uint32_t k, JET_GRBIT grbit) {
    const std::string key = Be(k);
    Status s = table_->MakeKey(key.data(), 4, JET_bitNewKey);
    return s.ok() ? table_->Seek(grbit) : s;
  }
};

TEST_F(TempTableSpillTest, IndexedPastTheBudget) {
  ASSERT_TRUE(OpenKeyPayload(JET_bitTTIndexed, kBudget).ok());
  const auto model = Fill();
  EXPECT_GT(table_->spilled_runs(), 1u);
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_TRUE(table_->materialized());
  EXPECT_TRUE(table_->rows_on_disk());
  EXPECT_EQ(1u, FilesIn(dir_));
  ExpectModel(model);
  // Seeks: exact, between keys, past the ends.
  ASSERT_EQ(JET_errSuccess, SeekTo(3000, JET_bitSeekEQ).code());
  EXPECT_EQ(3000u, Key());
  EXPECT_EQ(JET_errRecordNotFound, SeekTo(3001, JET_bitSeekEQ).code());
  ASSERT_EQ(JET_wrnSeekNotEqual, SeekTo(3001, JET_bitSeekGE).code());
  EXPECT_EQ(3003u, Key());
  ASSERT_EQ(JET_wrnSeekNotEqual, SeekTo(3001, JET_bitSeekLE).code());
  EXPECT_EQ(3000u, Key());
  ASSERT_EQ(JET_errSuccess, SeekTo(3003, JET_bitSeekLT).code());
  EXPECT_EQ(3000u, Key());
  EXPECT_EQ(JET_errRecordNotFound, SeekTo(3 * kRows, JET_bitSeekGE).code());
  ASSERT_EQ(JET_wrnSeekNotEqual, SeekTo(3 * kRows, JET_bitSeekLE).code());
  EXPECT_EQ(3 * (kRows - 1), Key());
  // Moves by several rows from a seek, and a bookmark.
  ASSERT_TRUE(SeekTo(30000, JET_bitSeekEQ).ok());
  char bookmark[64];
  unsigned long cb = 0;
  ASSERT_TRUE(table_->GetBookmark(bookmark, sizeof(bookmark), &cb).ok());
  EXPECT_EQ(17u, cb);  // 9-byte normalized key + 8-byte insertion number
  ASSERT_TRUE(table_->Move(5, 0).ok());
  EXPECT_EQ(30015u, Key());
  ASSERT_TRUE(table_->Move(-10, 0).ok());
  EXPECT_EQ(29985u, Key());
  ASSERT_TRUE(table_->GotoBookmark(bookmark, cb).ok());
  EXPECT_EQ(30000u, Key());
  bookmark[cb - 1] ^= 1;  // another insertion number: no such row
  EXPECT_EQ(JET_errRecordDeleted, table_->GotoBookmark(bookmark, cb).code());
  // An index range over the spilled rows.
  ASSERT_TRUE(SeekTo(300, JET_bitSeekGE).ok());
  const std::string upper = Be(330);
  ASSERT_TRUE(table_->MakeKey(upper.data(), 4, JET_bitNewKey).ok());
  ASSERT_TRUE(
      table_->SetIndexRange(JET_bitRangeUpperLimit | JET_bitRangeInclusive)
          .ok());
  int in_range = 1;
  while (table_->Move(JET_MoveNext, 0).ok()) ++in_range;
  EXPECT_EQ(11, in_range);  // 300, 303, ..., 330
  // Memory stayed bounded, far below the ~2.5 MB of rows.
  EXPECT_LE(table_->peak_memory_bytes(), kMemoryBound);
  EXPECT_GT(table_->peak_memory_bytes(), kBudget / 2);
  table_.reset();
  EXPECT_EQ(0u, FilesIn(dir_));
}

TEST_F(TempTableSpillTest, UpdatablePastTheBudget) {
  ASSERT_TRUE(OpenKeyPayload(JET_bitTTUpdatable, kBudget).ok());
  auto model = Fill();
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_TRUE(table_->rows_on_disk());
  // Replace every 7th row's payload, delete every 5th, insert new keys
  // between the old ones, all after the spill.
  for (uint32_t k = 0; k < 3 * kRows; k += 21) {
    ASSERT_TRUE(SeekTo(k, JET_bitSeekEQ).ok());
    ASSERT_TRUE(table_->PrepareUpdate(JET_prepReplace).ok());
    const std::string payload = "replaced" + std::to_string(k);
    ASSERT_TRUE(table_
                    ->SetColumn(ids_[1], payload.data(),
                                static_cast<unsigned long>(payload.size()), 0,
                                nullptr)
                    .ok());
    ASSERT_TRUE(table_->Update(nullptr, 0, nullptr).ok());
    model[k] = payload;
  }
  for (uint32_t k = 0; k < 3 * kRows; k += 15) {
    ASSERT_TRUE(SeekTo(k, JET_bitSeekEQ).ok());
    ASSERT_TRUE(table_->Delete().ok());
    model.erase(k);
  }
  for (uint32_t k = 1; k < 3 * kRows; k += 30) {
    ASSERT_TRUE(Insert({Be(k), "new"}).ok());
    model[k] = "new";
  }
  EXPECT_EQ(JET_errKeyDuplicate, Insert({Be(3), "dup"}).code());
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepCancel).ok());
  // After a delete, moves go on from the deleted row's place.
  ASSERT_TRUE(SeekTo(6, JET_bitSeekEQ).ok());
  ASSERT_TRUE(table_->Delete().ok());
  model.erase(6);
  ASSERT_TRUE(table_->Move(JET_MovePrevious, 0).ok());
  EXPECT_EQ(3u, Key());
  ASSERT_TRUE(SeekTo(9, JET_bitSeekEQ).ok());
  ASSERT_TRUE(table_->Delete().ok());
  model.erase(9);
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(12u, Key());
  ExpectModel(model);
  EXPECT_LE(table_->peak_memory_bytes(), kMemoryBound);
  EXPECT_EQ(1u, FilesIn(dir_));
  table_.reset();
  EXPECT_EQ(0u, FilesIn(dir_));
}

// Within the budget an Updatable table keeps its rows in memory.
TEST_F(TempTableSpillTest, UpdatableWithinTheBudgetStaysInMemory) {
  ASSERT_TRUE(OpenKeyPayload(JET_bitTTUpdatable, 64 << 20).ok());
  auto model = Fill();
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  EXPECT_FALSE(table_->rows_on_disk());
  EXPECT_EQ(0u, FilesIn(dir_));
  ExpectModel(model);
}

// --- JetDupCursor ------------------------------------------------------------

// Column `column`'s value on `t`'s current row, or the error.
std::string GetFrom(TempTable* t, JET_COLUMNID column, JET_ERR* err) {
  char buf[512];
  unsigned long actual = 0;
  Status s = t->RetrieveColumn(column, buf, sizeof(buf), &actual, 0, nullptr);
  *err = s.code();
  if (s.code() < 0) return std::string();
  return std::string(buf, std::min<size_t>(actual, sizeof(buf)));
}

int32_t LongAt(TempTable* t, JET_COLUMNID column) {
  JET_ERR err = 0;
  const std::string v = GetFrom(t, column, &err);
  EXPECT_EQ(JET_errSuccess, err);
  int32_t out = -1;
  if (v.size() == 4) std::memcpy(&out, v.data(), 4);
  return out;
}

TEST_F(TempTableTest, DupIllegalInTheInsertPhase) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0).ok());
  ASSERT_TRUE(Insert({L(1)}).ok());
  std::unique_ptr<TempTable> dup;
  EXPECT_EQ(JET_errIllegalOperation, table_->Dup(&dup).code());
  EXPECT_EQ(nullptr, dup);
}

// A sort read in place: the duplicate stands on the first row, each cursor
// moves on its own, and the rows outlive the original cursor.
TEST_F(TempTableTest, DupOfASortIsOnItsFirstRow) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0).ok());
  for (int32_t v : {30, 10, 20, 40}) ASSERT_TRUE(Insert({L(v)}).ok());
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(30, LongAt(table_.get(), ids_[0]));
  std::unique_ptr<TempTable> dup;
  ASSERT_TRUE(table_->Dup(&dup).ok());
  EXPECT_EQ(10, LongAt(dup.get(), ids_[0]));
  EXPECT_EQ(30, LongAt(table_.get(), ids_[0]));
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(20, LongAt(dup.get(), ids_[0]));
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(40, LongAt(table_.get(), ids_[0]));
  EXPECT_EQ(20, LongAt(dup.get(), ids_[0]));
  // Neither Updatable nor Scrollable: the sort's own rules hold for both.
  EXPECT_EQ(JET_errIllegalOperation, dup->Move(JET_MovePrevious, 0).code());
  EXPECT_EQ(JET_errIllegalOperation, dup->PrepareUpdate(JET_prepInsert).code());
  table_.reset();
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(30, LongAt(dup.get(), ids_[0]));
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(40, LongAt(dup.get(), ids_[0]));
  EXPECT_EQ(JET_errNoCurrentRecord, dup->Move(JET_MoveNext, 0).code());
  // A duplicate of a duplicate.
  std::unique_ptr<TempTable> third;
  ASSERT_TRUE(dup->Dup(&third).ok());
  EXPECT_EQ(10, LongAt(third.get(), ids_[0]));
}

TEST_F(TempTableTest, DupOfAnEmptySort) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0).ok());
  EXPECT_EQ(JET_errNoCurrentRecord, table_->Move(JET_MoveFirst, 0).code());
  std::unique_ptr<TempTable> dup;
  ASSERT_TRUE(table_->Dup(&dup).ok());
  JET_ERR err = 0;
  GetFrom(dup.get(), ids_[0], &err);
  EXPECT_EQ(JET_errNoCurrentRecord, err);
  EXPECT_EQ(JET_errNoCurrentRecord, dup->Move(JET_MoveNext, 0).code());
}

// A materialized table: the duplicate is before a deferred MoveFirst, and
// the two cursors see each other's changes.
TEST_F(TempTableTest, DupOfAnUpdatableTableSharesItsRows) {
  ASSERT_TRUE(
      Open({Col(JET_coltypLong, JET_bitColumnTTKey), Col(JET_coltypLong, 0)},
           JET_bitTTUpdatable)
          .ok());
  for (int32_t v : {1, 2, 3, 4}) ASSERT_TRUE(Insert({L(v), L(10 * v)}).ok());
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  std::unique_ptr<TempTable> dup;
  ASSERT_TRUE(table_->Dup(&dup).ok());
  // Deferred MoveFirst: the next Move(+1) lands on the first row.
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(1, LongAt(dup.get(), ids_[0]));
  std::unique_ptr<TempTable> dup2;
  ASSERT_TRUE(table_->Dup(&dup2).ok());
  EXPECT_EQ(1, LongAt(dup2.get(), ids_[0]));  // a read resolves it
  ASSERT_TRUE(dup2->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(2, LongAt(dup2.get(), ids_[0]));
  // The original stands on 2; the duplicate deletes it.
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  ASSERT_TRUE(dup->Delete().ok());
  char bookmark[64];
  unsigned long cb = 0;
  EXPECT_EQ(JET_errRecordDeleted,
            table_->GetBookmark(bookmark, sizeof(bookmark), &cb).code());
  JET_ERR err = 0;
  GetFrom(table_.get(), ids_[0], &err);
  EXPECT_EQ(JET_errRecordDeleted, err);
  EXPECT_EQ(JET_errRecordDeleted,
            table_->PrepareUpdate(JET_prepReplace).code());
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(3, LongAt(table_.get(), ids_[0]));
  // dup2 stood on 2 as well: its backward step goes from where 2 was.
  ASSERT_TRUE(dup2->Move(JET_MovePrevious, 0).ok());
  EXPECT_EQ(1, LongAt(dup2.get(), ids_[0]));
  // A replace through one cursor is read through the other.
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepReplace).ok());
  const std::string v = L(33);
  ASSERT_TRUE(table_->SetColumn(ids_[1], v.data(), 4, 0, nullptr).ok());
  ASSERT_TRUE(table_->Update(nullptr, 0, nullptr).ok());
  ASSERT_TRUE(dup2->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(3, LongAt(dup2.get(), ids_[0]));
  EXPECT_EQ(33, LongAt(dup2.get(), ids_[1]));
  // An insert through the duplicate; a key taken is a duplicate for both.
  std::swap(table_, dup);
  ASSERT_TRUE(Insert({L(5), L(50)}).ok());
  EXPECT_EQ(JET_errKeyDuplicate, Insert({L(3), L(0)}).code());
  ASSERT_TRUE(table_->PrepareUpdate(JET_prepCancel).ok());
  std::swap(table_, dup);
  table_.reset();
  dup.reset();
  std::vector<int32_t> got;
  bool more = dup2->Move(JET_MoveFirst, 0).ok();
  for (; more; more = dup2->Move(JET_MoveNext, 0).ok()) {
    got.push_back(LongAt(dup2.get(), ids_[0]));
  }
  EXPECT_EQ((std::vector<int32_t>{1, 3, 4, 5}), got);
}

// A table materialized from the start (no key column) may be duplicated
// before its first move.
TEST_F(TempTableTest, DupOfAnImmediateTableInItsInsertPhase) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, 0)}, JET_bitTTUpdatable).ok());
  for (int32_t v : {7, 5}) ASSERT_TRUE(Insert({L(v)}).ok());
  std::unique_ptr<TempTable> dup;
  ASSERT_TRUE(table_->Dup(&dup).ok());
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(7, LongAt(dup.get(), ids_[0]));
  ASSERT_TRUE(Insert({L(6)}).ok());
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(5, LongAt(dup.get(), ids_[0]));
  ASSERT_TRUE(dup->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(6, LongAt(dup.get(), ids_[0]));
}

// A spilled sort read from its merge: each cursor merges on its own; the
// run files go with the last cursor.
TEST_F(TempTableTest, DupOfAStreamedSortMergesOnItsOwn) {
  ASSERT_TRUE(Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                    Col(JET_coltypBinary, 0, 100)},
                   JET_bitTTForwardOnly, /*budget=*/16 << 10)
                  .ok());
  std::vector<int32_t> values;
  for (int32_t i = 0; i < 3000; ++i) {
    values.push_back((i * 7919) % 3000);
    ASSERT_TRUE(Insert({L(values.back()), std::string(60, 'y')}).ok());
  }
  std::sort(values.begin(), values.end());
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  ASSERT_FALSE(table_->materialized());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  std::unique_ptr<TempTable> dup;
  ASSERT_TRUE(table_->Dup(&dup).ok());
  EXPECT_EQ(values[10], LongAt(table_.get(), ids_[0]));
  std::vector<int32_t> got;
  Status s = Status::Ok();
  for (; s.ok(); s = dup->Move(JET_MoveNext, 0)) {
    got.push_back(LongAt(dup.get(), ids_[0]));
  }
  EXPECT_EQ(JET_errNoCurrentRecord, s.code());
  EXPECT_EQ(values, got);
  ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  EXPECT_EQ(values[11], LongAt(table_.get(), ids_[0]));
  const size_t files = FilesIn(dir_);
  EXPECT_GT(files, 0u);
  table_.reset();
  EXPECT_EQ(files, FilesIn(dir_));
  dup.reset();
  EXPECT_EQ(0u, FilesIn(dir_));
}

// Past the budget an Updatable table's rows are in an LMDB file with one
// built-in cursor: two cursors interleaving steps keep their own places.
TEST_F(TempTableSpillTest, DupCursorsInterleaveOnDisk) {
  ASSERT_TRUE(OpenKeyPayload(JET_bitTTUpdatable, kBudget).ok());
  const auto model = Fill();
  ASSERT_TRUE(table_->Move(JET_MoveFirst, 0).ok());
  ASSERT_TRUE(table_->rows_on_disk());
  std::unique_ptr<TempTable> dup;
  ASSERT_TRUE(table_->Dup(&dup).ok());
  ASSERT_TRUE(dup->Move(JET_MoveLast, 0).ok());
  auto forward = model.begin();
  auto backward = model.rbegin();
  for (int i = 0; i < 500; ++i, ++forward, ++backward) {
    EXPECT_EQ(forward->first, Key());
    std::swap(table_, dup);
    EXPECT_EQ(backward->first, Key());
    ASSERT_TRUE(table_->Move(JET_MovePrevious, 0).ok());
    std::swap(table_, dup);
    ASSERT_TRUE(table_->Move(JET_MoveNext, 0).ok());
  }
  EXPECT_EQ(1u, FilesIn(dir_));
  table_.reset();
  EXPECT_EQ(1u, FilesIn(dir_));
  dup.reset();
  EXPECT_EQ(0u, FilesIn(dir_));
}

}  // namespace
}  // namespace lmjet::sort
