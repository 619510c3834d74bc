// JetEnumerateColumns through the public API: the current record, the copy
// buffer, defaults, errors and the caller's allocator.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

struct Allocator {
  int allocations = 0;
  int frees = 0;
  int fail_at = -1;  // the allocation (0-based) that returns NULL
  std::set<void*> live;
};

void* Realloc(void* context, void* pv, unsigned long cb) {
  Allocator* a = static_cast<Allocator*>(context);
  if (cb == 0) {
    if (pv != nullptr) {
      EXPECT_EQ(1u, a->live.erase(pv));
      ++a->frees;
      std::free(pv);
    }
    return nullptr;
  }
  EXPECT_EQ(nullptr, pv);
  if (a->allocations == a->fail_at) return nullptr;
  void* p = std::malloc(cb);
  ++a->allocations;
  a->live.insert(p);
  return p;
}

void FreeResult(Allocator* a, unsigned long count, JET_ENUMCOLUMN* columns) {
  for (unsigned long i = 0; i < count; ++i) {
    JET_ENUMCOLUMN& c = columns[i];
    if (c.err == JET_wrnColumnSingleValue) {
      Realloc(a, c.pvData, 0);
      continue;
    }
    for (unsigned long v = 0; v < c.cEnumColumnValue; ++v) {
      Realloc(a, c.rgEnumColumnValue[v].pvData, 0);
    }
    Realloc(a, c.rgEnumColumnValue, 0);
  }
  Realloc(a, columns, 0);
}

std::string Value(const void* data, unsigned long cb) {
  return data == nullptr ? std::string()
                         : std::string(static_cast<const char*>(data), cb);
}

class EnumerateApiTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    const std::string path = dir_.File("enum.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path.c_str(), nullptr, &dbid_, 0));
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "t", 0, 0, &table_));
    const int32_t forty_two = 42;
    id_ = Add("id", JET_coltypLong, JET_bitColumnFixed);
    deflt_ = Add("deflt", JET_coltypLong, JET_bitColumnFixed, &forty_two, 4);
    text_ = Add("text", JET_coltypText, 0);
    tags_ = Add("tags", JET_coltypLong,
                JET_bitColumnTagged | JET_bitColumnMultiValued);
    memo_ = Add("memo", JET_coltypLongText, 0);
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                                 "+id\0", 5, 100));
  }
  void TearDown() override {
    EXPECT_EQ(alloc_.allocations, alloc_.frees);
    EXPECT_TRUE(alloc_.live.empty());
    InstanceTest::TearDown();
  }

  JET_COLUMNID Add(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit,
                   const void* default_value = nullptr,
                   unsigned long default_size = 0) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = coltyp;
    def.grbit = grbit;
    JET_COLUMNID columnid = 0;
    EXPECT_JET_OK(JetAddColumn(sesid_, table_, name, &def, default_value,
                               default_size, &columnid));
    return columnid;
  }
  void SetColumn(JET_COLUMNID columnid, const void* data, unsigned long cb,
                 unsigned long itag = 1) {
    JET_SETINFO setinfo{sizeof(JET_SETINFO), 0, itag};
    ASSERT_JET_OK(
        JetSetColumn(sesid_, table_, columnid, data, cb, 0, &setinfo));
  }
  // Inserts id, text, and the tags (appended) and a memo if given.
  void Insert(int32_t id, const std::string& text,
              std::initializer_list<int32_t> tags, const std::string& memo) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
    SetColumn(id_, &id, sizeof(id));
    SetColumn(text_, text.data(), static_cast<unsigned long>(text.size()));
    for (int32_t t : tags) SetColumn(tags_, &t, sizeof(t), 0);
    if (!memo.empty()) {
      SetColumn(memo_, memo.data(), static_cast<unsigned long>(memo.size()));
    }
    ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  }

  JET_ERR Enumerate(unsigned long n, JET_ENUMCOLUMNID* ids,
                    unsigned long cb_data_most, JET_GRBIT grbit) {
    return JetEnumerateColumns(sesid_, table_, n, ids, &count_, &columns_,
                               Realloc, &alloc_, cb_data_most, grbit);
  }
  void Free() {
    FreeResult(&alloc_, count_, columns_);
    count_ = 0;
    columns_ = nullptr;
  }

  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = JET_tableidNil;
  JET_COLUMNID id_ = 0, deflt_ = 0, text_ = 0, tags_ = 0, memo_ = 0;
  Allocator alloc_;
  unsigned long count_ = 0;
  JET_ENUMCOLUMN* columns_ = nullptr;
};

int32_t Int(const void* data) {
  int32_t v;
  std::memcpy(&v, data, sizeof(v));
  return v;
}

TEST_F(EnumerateApiTest, ParametersThenCurrency) {
  // Bad parameters are found before the missing current record.
  EXPECT_EQ(JET_errInvalidParameter,
            JetEnumerateColumns(sesid_, table_, 0, nullptr, nullptr, &columns_,
                                Realloc, &alloc_, 0, 0));
  EXPECT_EQ(JET_errInvalidParameter,
            JetEnumerateColumns(sesid_, table_, 0, nullptr, &count_, nullptr,
                                Realloc, &alloc_, 0, 0));
  EXPECT_EQ(JET_errInvalidParameter,
            JetEnumerateColumns(sesid_, table_, 0, nullptr, &count_, &columns_,
                                nullptr, &alloc_, 0, 0));
  EXPECT_EQ(JET_errInvalidGrbit, Enumerate(0, nullptr, 0, 0x4));
  count_ = 5;
  EXPECT_EQ(JET_errNoCurrentRecord, Enumerate(0, nullptr, 0, 0));
  EXPECT_EQ(0u, count_);
  EXPECT_EQ(nullptr, columns_);
  EXPECT_EQ(0, alloc_.allocations);
}

TEST_F(EnumerateApiTest, AllColumnsOfTheCurrentRecord) {
  Insert(7, "hello", {10, 20}, "");
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(Enumerate(0, nullptr, 0, 0));
  ASSERT_EQ(4u, count_);
  // id, deflt (its default), text, tags; memo is not in the record.
  EXPECT_EQ(id_, columns_[0].columnid);
  EXPECT_EQ(JET_errSuccess, columns_[0].err);
  ASSERT_EQ(1u, columns_[0].cEnumColumnValue);
  EXPECT_EQ(1u, columns_[0].rgEnumColumnValue[0].itagSequence);
  EXPECT_EQ(JET_errSuccess, columns_[0].rgEnumColumnValue[0].err);
  EXPECT_EQ(4u, columns_[0].rgEnumColumnValue[0].cbData);
  EXPECT_EQ(7, Int(columns_[0].rgEnumColumnValue[0].pvData));
  EXPECT_EQ(deflt_, columns_[1].columnid);
  ASSERT_EQ(1u, columns_[1].cEnumColumnValue);
  EXPECT_EQ(42, Int(columns_[1].rgEnumColumnValue[0].pvData));
  EXPECT_EQ(text_, columns_[2].columnid);
  ASSERT_EQ(1u, columns_[2].cEnumColumnValue);
  EXPECT_EQ("hello", Value(columns_[2].rgEnumColumnValue[0].pvData,
                           columns_[2].rgEnumColumnValue[0].cbData));
  EXPECT_EQ(tags_, columns_[3].columnid);
  EXPECT_EQ(JET_errSuccess, columns_[3].err);
  ASSERT_EQ(2u, columns_[3].cEnumColumnValue);
  EXPECT_EQ(1u, columns_[3].rgEnumColumnValue[0].itagSequence);
  EXPECT_EQ(10, Int(columns_[3].rgEnumColumnValue[0].pvData));
  EXPECT_EQ(2u, columns_[3].rgEnumColumnValue[1].itagSequence);
  EXPECT_EQ(20, Int(columns_[3].rgEnumColumnValue[1].pvData));
  EXPECT_EQ(1 + 4 + 5, alloc_.allocations);  // array, 4 value arrays, 5 values
  Free();

  // Compressed, without defaults.
  ASSERT_JET_OK(Enumerate(
      0, nullptr, 0,
      JET_bitEnumerateCompressOutput | JET_bitEnumerateIgnoreDefault));
  ASSERT_EQ(3u, count_);
  EXPECT_EQ(id_, columns_[0].columnid);
  EXPECT_EQ(JET_wrnColumnSingleValue, columns_[0].err);
  EXPECT_EQ(4u, columns_[0].cbData);
  EXPECT_EQ(7, Int(columns_[0].pvData));
  EXPECT_EQ(text_, columns_[1].columnid);
  EXPECT_EQ(JET_wrnColumnSingleValue, columns_[1].err);
  EXPECT_EQ("hello", Value(columns_[1].pvData, columns_[1].cbData));
  EXPECT_EQ(tags_, columns_[2].columnid);
  EXPECT_EQ(JET_errSuccess, columns_[2].err);
  EXPECT_EQ(2u, columns_[2].cEnumColumnValue);
  Free();

  // Tagged only, presence only.
  ASSERT_JET_OK(
      Enumerate(0, nullptr, 0,
                JET_bitEnumerateTaggedOnly | JET_bitEnumeratePresenceOnly));
  ASSERT_EQ(1u, count_);
  EXPECT_EQ(tags_, columns_[0].columnid);
  EXPECT_EQ(JET_wrnColumnPresent, columns_[0].err);
  EXPECT_EQ(0u, columns_[0].cEnumColumnValue);
  EXPECT_EQ(nullptr, columns_[0].rgEnumColumnValue);
  Free();
}

TEST_F(EnumerateApiTest, RequestedColumnsKeepTheResultOnAColumnError) {
  Insert(1, "a", {5}, "");
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  unsigned long tags[] = {2, 0, 1};
  JET_ENUMCOLUMNID ids[] = {{memo_, 0, nullptr},
                            {0, 0, nullptr},
                            {0x7FFF, 0, nullptr},
                            {tags_, 3, tags},
                            {deflt_, 0, nullptr}};
  ASSERT_EQ(JET_errColumnNotFound, Enumerate(5, ids, 0, 0));
  ASSERT_EQ(5u, count_);
  EXPECT_EQ(memo_, columns_[0].columnid);
  EXPECT_EQ(JET_wrnColumnNull, columns_[0].err);
  EXPECT_EQ(JET_wrnColumnSkipped, columns_[1].err);
  EXPECT_EQ(0x7FFFu, columns_[2].columnid);
  EXPECT_EQ(JET_errColumnNotFound, columns_[2].err);
  EXPECT_EQ(JET_errSuccess, columns_[3].err);
  ASSERT_EQ(3u, columns_[3].cEnumColumnValue);
  EXPECT_EQ(2u, columns_[3].rgEnumColumnValue[0].itagSequence);
  EXPECT_EQ(JET_wrnColumnNull, columns_[3].rgEnumColumnValue[0].err);
  EXPECT_EQ(nullptr, columns_[3].rgEnumColumnValue[0].pvData);
  EXPECT_EQ(0u, columns_[3].rgEnumColumnValue[1].itagSequence);
  EXPECT_EQ(JET_wrnColumnSkipped, columns_[3].rgEnumColumnValue[1].err);
  EXPECT_EQ(1u, columns_[3].rgEnumColumnValue[2].itagSequence);
  EXPECT_EQ(JET_errSuccess, columns_[3].rgEnumColumnValue[2].err);
  EXPECT_EQ(5, Int(columns_[3].rgEnumColumnValue[2].pvData));
  ASSERT_EQ(1u, columns_[4].cEnumColumnValue);
  EXPECT_EQ(42, Int(columns_[4].rgEnumColumnValue[0].pvData));
  Free();  // the caller frees the result that came with the error

  ASSERT_JET_OK(Enumerate(1, &ids[4], 0, JET_bitEnumerateIgnoreDefault));
  ASSERT_EQ(1u, count_);
  EXPECT_EQ(JET_wrnColumnDefault, columns_[0].err);
  Free();
}

TEST_F(EnumerateApiTest, CopyBufferOfAPreparedUpdate) {
  Insert(1, "old", {}, "");
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepReplace));
  SetColumn(text_, "new", 3);
  JET_ENUMCOLUMNID ids[] = {{text_, 0, nullptr}};
  ASSERT_JET_OK(Enumerate(
      1, ids, 0, JET_bitEnumerateCompressOutput | JET_bitEnumerateCopy));
  EXPECT_EQ(JET_wrnColumnSingleValue, columns_[0].err);
  EXPECT_EQ("new", Value(columns_[0].pvData, columns_[0].cbData));
  Free();
  ASSERT_JET_OK(Enumerate(1, ids, 0, JET_bitEnumerateCompressOutput));
  EXPECT_EQ("old", Value(columns_[0].pvData, columns_[0].cbData));
  Free();
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepCancel));
  // Without an update prepared, Copy reads the record.
  ASSERT_JET_OK(Enumerate(
      1, ids, 0, JET_bitEnumerateCompressOutput | JET_bitEnumerateCopy));
  EXPECT_EQ("old", Value(columns_[0].pvData, columns_[0].cbData));
  Free();
  // An insert's copy buffer before the record exists.
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  const int32_t id = 2;
  SetColumn(id_, &id, sizeof(id));
  ASSERT_JET_OK(Enumerate(0, nullptr, 0,
                          JET_bitEnumerateCopy | JET_bitEnumerateIgnoreDefault |
                              JET_bitEnumerateCompressOutput));
  ASSERT_EQ(1u, count_);
  EXPECT_EQ(id_, columns_[0].columnid);
  EXPECT_EQ(2, Int(columns_[0].pvData));
  Free();
}

TEST_F(EnumerateApiTest, LongValuesAreCappedByCbDataMost) {
  const std::string memo(5000, 'm');
  Insert(1, "a", {}, memo);
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  JET_ENUMCOLUMNID ids[] = {{memo_, 0, nullptr}};
  ASSERT_JET_OK(Enumerate(1, ids, 100, JET_bitEnumerateCompressOutput));
  EXPECT_EQ(JET_errSuccess, columns_[0].err);
  ASSERT_EQ(1u, columns_[0].cEnumColumnValue);
  EXPECT_EQ(JET_wrnColumnTruncated, columns_[0].rgEnumColumnValue[0].err);
  EXPECT_EQ(std::string(100, 'm'),
            Value(columns_[0].rgEnumColumnValue[0].pvData,
                  columns_[0].rgEnumColumnValue[0].cbData));
  Free();
  ASSERT_JET_OK(Enumerate(1, ids, 5000, JET_bitEnumerateCompressOutput));
  EXPECT_EQ(JET_wrnColumnSingleValue, columns_[0].err);
  EXPECT_EQ(memo, Value(columns_[0].pvData, columns_[0].cbData));
  Free();
}

TEST_F(EnumerateApiTest, FailedAllocationsLeaveNothingBehind) {
  Insert(3, "xyz", {1, 2, 3}, "memo");
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  for (int n = 0; n < 100; ++n) {
    alloc_.fail_at = alloc_.allocations + n;
    const JET_ERR err = Enumerate(0, nullptr, 0xFFFFFFFF, 0);
    if (err == JET_errSuccess) {
      EXPECT_EQ(n, alloc_.allocations - alloc_.frees);
      Free();
      break;
    }
    EXPECT_EQ(JET_errOutOfMemory, err);
    EXPECT_EQ(0u, count_);
    EXPECT_EQ(nullptr, columns_);
    EXPECT_EQ(alloc_.allocations, alloc_.frees);
  }
  alloc_.fail_at = -1;
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
}

}  // namespace
}  // namespace lmjet::testing
