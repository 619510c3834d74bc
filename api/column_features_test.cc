// Special columns and indexes through the public API: autoincrement,
// version and escrow columns, multi-valued and conditional indexes, long
// values, defaults and NOT NULL.

#include <cstring>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

class ColumnFeaturesTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    path_ = dir_.File("features.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path_.c_str(), nullptr, &dbid_, 0));
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "t", 0, 0, &table_));
  }

  JET_COLUMNID Add(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit,
                   const void* default_value = nullptr,
                   unsigned long default_size = 0, unsigned long cb_max = 0) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = coltyp;
    def.grbit = grbit;
    def.cbMax = cb_max;
    JET_COLUMNID columnid = 0;
    EXPECT_JET_OK(JetAddColumn(sesid_, table_, name, &def, default_value,
                               default_size, &columnid));
    return columnid;
  }

  int32_t Long(JET_TABLEID table, JET_COLUMNID columnid, JET_GRBIT grbit = 0) {
    int32_t v = -12345;
    unsigned long actual = 0;
    EXPECT_JET_OK(JetRetrieveColumn(sesid_, table, columnid, &v, sizeof(v),
                                    &actual, grbit, nullptr));
    EXPECT_EQ(4u, actual);
    return v;
  }

  JET_ERR SeekLong(JET_TABLEID table, int32_t key, JET_GRBIT grbit) {
    JET_ERR err = JetMakeKey(sesid_, table, &key, sizeof(key), JET_bitNewKey);
    return err != JET_errSuccess ? err : JetSeek(sesid_, table, grbit);
  }

  std::string path_;
  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = JET_tableidNil;
};

TEST_F(ColumnFeaturesTest, AutoincrementIsAssignedAtPrepareAndNeverReused) {
  const JET_COLUMNID id = Add("id", JET_coltypLong, JET_bitColumnAutoincrement);
  const JET_COLUMNID v = Add("v", JET_coltypLong, 0);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+id\0", 5, 100));
  for (int32_t i = 0; i < 3; ++i) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
    // Readable from the copy buffer before the update.
    EXPECT_EQ(i + 1, Long(table_, id, JET_bitRetrieveCopy));
    EXPECT_EQ(JET_errInvalidColumnType,
              JetSetColumn(sesid_, table_, id, &i, sizeof(i), 0, nullptr));
    ASSERT_JET_OK(JetSetColumn(sesid_, table_, v, &i, sizeof(i), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  }
  // A value handed out to a rolled-back insert is not given again.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  EXPECT_EQ(4, Long(table_, id, JET_bitRetrieveCopy));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  EXPECT_EQ(5, Long(table_, id, JET_bitRetrieveCopy));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  std::vector<int32_t> ids;
  for (JET_ERR err = JetMove(sesid_, table_, JET_MoveFirst, 0);
       err == JET_errSuccess; err = JetMove(sesid_, table_, JET_MoveNext, 0)) {
    ids.push_back(Long(table_, id));
  }
  EXPECT_EQ((std::vector<int32_t>{1, 2, 3, 5}), ids);
}

TEST_F(ColumnFeaturesTest, VersionColumnCountsReplaces) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const JET_COLUMNID ver = Add("ver", JET_coltypLong, JET_bitColumnVersion);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  const int32_t key = 1;
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  ASSERT_JET_OK(SeekLong(table_, 1, JET_bitSeekEQ));
  EXPECT_EQ(0, Long(table_, ver));
  for (int i = 1; i <= 3; ++i) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepReplace));
    EXPECT_EQ(JET_errInvalidColumnType,
              JetSetColumn(sesid_, table_, ver, &i, sizeof(i), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
    EXPECT_EQ(i, Long(table_, ver));
  }
}

TEST_F(ColumnFeaturesTest, EscrowUpdatesCommuteAcrossSessions) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const int32_t zero = 0;
  const JET_COLUMNID count = Add(
      "count", JET_coltypLong, JET_bitColumnEscrowUpdate, &zero, sizeof(zero));
  const JET_COLUMNID plain = Add("plain", JET_coltypLong, 0);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  const int32_t key = 7;
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  // The created cursor holds the table DenyRead; reopen it shared.
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "t", nullptr, 0, 0, &table_));

  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, path_.c_str(), nullptr, &other_db, 0));
  JET_TABLEID other_table;
  ASSERT_JET_OK(
      JetOpenTable(other, other_db, "t", nullptr, 0, 0, &other_table));

  int32_t delta = 5, old = -1;
  unsigned long old_size = 0;
  ASSERT_JET_OK(SeekLong(table_, 7, JET_bitSeekEQ));
  EXPECT_EQ(JET_errNotInTransaction,
            JetEscrowUpdate(sesid_, table_, count, &delta, sizeof(delta), &old,
                            sizeof(old), &old_size, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction(other));
  EXPECT_EQ(JET_errInvalidOperation,
            JetEscrowUpdate(sesid_, table_, plain, &delta, sizeof(delta), &old,
                            sizeof(old), &old_size, 0));
  EXPECT_EQ(JET_errInvalidBufferSize,
            JetEscrowUpdate(sesid_, table_, count, &delta, 2, &old, sizeof(old),
                            &old_size, 0));
  ASSERT_JET_OK(JetEscrowUpdate(sesid_, table_, count, &delta, sizeof(delta),
                                &old, sizeof(old), &old_size, 0));
  EXPECT_EQ(0, old);
  EXPECT_EQ(4u, old_size);
  EXPECT_EQ(5, Long(table_, count));

  // The other session's delta commutes: no write conflict.
  int32_t other_delta = 100;
  ASSERT_JET_OK(JetMove(other, other_table, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetEscrowUpdate(other, other_table, count, &other_delta,
                                sizeof(other_delta), &old, sizeof(old),
                                &old_size, 0));
  EXPECT_EQ(0, old);  // its snapshot
  // A plain write of the record conflicts with the escrow locks.
  EXPECT_EQ(JET_errWriteConflict,
            JetPrepareUpdate(other, other_table, JET_prepReplace));

  ASSERT_JET_OK(JetCommitTransaction(other, 0));
  ASSERT_JET_OK(JetEscrowUpdate(sesid_, table_, count, &delta, sizeof(delta),
                                &old, sizeof(old), &old_size, 0));
  EXPECT_EQ(5, old);
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(SeekLong(table_, 7, JET_bitSeekEQ));
  EXPECT_EQ(110, Long(table_, count));  // 5 + 5 + 100: nothing lost

  // A rolled-back delta leaves nothing.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetEscrowUpdate(sesid_, table_, count, &delta, sizeof(delta),
                                nullptr, 0, nullptr, 0));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(110, Long(table_, count));
  ASSERT_JET_OK(JetEndSession(other, 0));
}

TEST_F(ColumnFeaturesTest, MultiValuedIndexHasOneEntryPerValue) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const JET_COLUMNID tags = Add("tags", JET_coltypText,
                                JET_bitColumnTagged | JET_bitColumnMultiValued);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "by_tag",
                               JET_bitIndexIgnoreAnyNull, "+tags\0", 7, 100));
  auto insert = [&](int32_t key, std::vector<std::string> values) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
    ASSERT_JET_OK(
        JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr));
    for (const std::string& value : values) {
      JET_SETINFO info{sizeof(JET_SETINFO), 0, 0};  // itag 0: append
      ASSERT_JET_OK(JetSetColumn(sesid_, table_, tags, value.data(),
                                 static_cast<unsigned long>(value.size()), 0,
                                 &info));
    }
    ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  };
  insert(1, {"red", "blue"});
  insert(2, {"blue"});
  insert(3, {});  // no tags: not in the index (IgnoreAnyNull)
  insert(4, {"green", "red", "amber"});

  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "by_tag"));
  std::vector<std::pair<std::string, int32_t>> entries;
  for (JET_ERR err = JetMove(sesid_, table_, JET_MoveFirst, 0);
       err == JET_errSuccess; err = JetMove(sesid_, table_, JET_MoveNext, 0)) {
    int32_t key;
    ASSERT_JET_OK(JetRetrieveColumn(sesid_, table_, k, &key, sizeof(key),
                                    nullptr, 0, nullptr));
    char key_bytes[JET_cbKeyMost];
    unsigned long key_size = 0;
    ASSERT_JET_OK(JetRetrieveKey(sesid_, table_, key_bytes, sizeof(key_bytes),
                                 &key_size, 0));
    entries.emplace_back(std::string(key_bytes, key_size), key);
  }
  ASSERT_EQ(6u, entries.size());
  std::vector<int32_t> order;
  for (const auto& e : entries) order.push_back(e.second);
  // amber(4) blue(1) blue(2) green(4) red(1) red(4)
  EXPECT_EQ((std::vector<int32_t>{4, 1, 2, 4, 1, 4}), order);

  // Every value of a record is retrievable by itagSequence.
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, nullptr));
  ASSERT_JET_OK(SeekLong(table_, 4, JET_bitSeekEQ));
  std::vector<std::string> values;
  for (unsigned long itag = 1;; ++itag) {
    char buffer[32];
    unsigned long actual = 0;
    JET_RETINFO info{sizeof(JET_RETINFO), 0, itag, 0};
    const JET_ERR err = JetRetrieveColumn(sesid_, table_, tags, buffer,
                                          sizeof(buffer), &actual, 0, &info);
    if (err == JET_wrnColumnNull) break;
    ASSERT_JET_OK(err);
    values.emplace_back(buffer, actual);
  }
  EXPECT_EQ((std::vector<std::string>{"green", "red", "amber"}), values);
}

TEST_F(ColumnFeaturesTest, ConditionalIndexAndDefaults) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const int16_t fallback = 42;
  const JET_COLUMNID s =
      Add("s", JET_coltypShort, 0, &fallback, sizeof(fallback));
  const JET_COLUMNID flag = Add("flag", JET_coltypBit, 0);
  const JET_COLUMNID required =
      Add("required", JET_coltypLong, JET_bitColumnNotNULL);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  JET_CONDITIONALCOLUMN_A condition{sizeof(JET_CONDITIONALCOLUMN_A),
                                    const_cast<char*>("flag"),
                                    JET_bitIndexColumnMustBeNonNull};
  JET_INDEXCREATE_A create{};
  create.cbStruct = sizeof(create);
  create.szIndexName = const_cast<char*>("flagged");
  create.szKey = const_cast<char*>("+k\0");
  create.cbKey = 4;
  create.ulDensity = 100;
  create.rgconditionalcolumn = &condition;
  create.cConditionalColumn = 1;
  ASSERT_JET_OK(JetCreateIndex2(sesid_, table_, &create, 1));
  EXPECT_EQ(JET_errSuccess, create.err);

  for (int32_t key = 1; key <= 4; ++key) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
    ASSERT_JET_OK(
        JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr));
    if (key % 2 == 0) {
      const unsigned char on = 1;
      ASSERT_JET_OK(JetSetColumn(sesid_, table_, flag, &on, 1, 0, nullptr));
    }
    EXPECT_EQ(JET_errNullInvalid,
              JetUpdate(sesid_, table_, nullptr, 0, nullptr));
    ASSERT_JET_OK(
        JetSetColumn(sesid_, table_, required, &key, sizeof(key), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  }
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "flagged"));
  std::vector<int32_t> keys;
  for (JET_ERR err = JetMove(sesid_, table_, JET_MoveFirst, 0);
       err == JET_errSuccess; err = JetMove(sesid_, table_, JET_MoveNext, 0)) {
    keys.push_back(Long(table_, k));
    int16_t value = 0;
    ASSERT_JET_OK(JetRetrieveColumn(sesid_, table_, s, &value, sizeof(value),
                                    nullptr, 0, nullptr));
    EXPECT_EQ(42, value);  // the default of a column never set
  }
  EXPECT_EQ((std::vector<int32_t>{2, 4}), keys);
}

TEST_F(ColumnFeaturesTest, LongValuesRoundTripAtOffsets) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const JET_COLUMNID body = Add("body", JET_coltypLongBinary, 0);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) {
    big[i] = static_cast<char>((i * 131) >> 7);
  }
  const int32_t key = 1;
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr));
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, body, big.data(),
                             static_cast<unsigned long>(big.size()), 0,
                             nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  // Appending to a record in place.
  ASSERT_JET_OK(SeekLong(table_, 1, JET_bitSeekEQ));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepReplace));
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, body, "tail", 4,
                             JET_bitSetAppendLV, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  big += "tail";

  std::string back(big.size(), '\0');
  unsigned long actual = 0;
  ASSERT_JET_OK(JetRetrieveColumn(sesid_, table_, body, back.data(),
                                  static_cast<unsigned long>(back.size()),
                                  &actual, 0, nullptr));
  EXPECT_EQ(big.size(), actual);
  EXPECT_TRUE(back == big);
  char piece[8];
  JET_RETINFO info{sizeof(JET_RETINFO),
                   static_cast<unsigned long>(big.size() - 6), 1, 0};
  EXPECT_EQ(
      JET_wrnBufferTruncated,
      JetRetrieveColumn(sesid_, table_, body, piece, 4, &actual, 0, &info));
  EXPECT_EQ(6u, actual);
  EXPECT_EQ(big.substr(big.size() - 6, 4), std::string(piece, 4));
}

TEST_F(ColumnFeaturesTest, UniqueMultiValuedIndexRefusesRepeatedKeys) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const JET_COLUMNID tags = Add("tags", JET_coltypText,
                                JET_bitColumnTagged | JET_bitColumnMultiValued);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "tag_unique",
                               JET_bitIndexUnique | JET_bitIndexIgnoreAnyNull,
                               "+tags\0", 7, 100));
  auto insert = [&](int32_t key, std::vector<std::string> values) {
    JET_ERR err = JetPrepareUpdate(sesid_, table_, JET_prepInsert);
    if (err == JET_errSuccess) {
      err = JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr);
    }
    for (const std::string& value : values) {
      JET_SETINFO info{sizeof(JET_SETINFO), 0, 0};
      if (err == JET_errSuccess) {
        err = JetSetColumn(sesid_, table_, tags, value.data(),
                           static_cast<unsigned long>(value.size()), 0, &info);
      }
    }
    if (err == JET_errSuccess) {
      err = JetUpdate(sesid_, table_, nullptr, 0, nullptr);
    }
    JetPrepareUpdate(sesid_, table_, JET_prepCancel);
    return err;
  };
  // "x" and "X" normalize to one key: a record cannot hold it twice.
  EXPECT_EQ(JET_errKeyDuplicate, insert(1, {"x", "X"}));
  EXPECT_EQ(JET_errSuccess, insert(1, {"x", "y"}));
  EXPECT_EQ(JET_errKeyDuplicate, insert(2, {"z", "Y"}));
  EXPECT_EQ(JET_errSuccess, insert(2, {"z"}));
  unsigned long count = 0;
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "tag_unique"));
  ASSERT_JET_OK(JetIndexRecordCount(sesid_, table_, &count, 0));
  EXPECT_EQ(3u, count);  // x, y, z
}

TEST_F(ColumnFeaturesTest, DeleteColumnKeepsTheOtherColumnsReadable) {
  const JET_COLUMNID k = Add("k", JET_coltypLong, 0);
  const JET_COLUMNID gone = Add("gone", JET_coltypShort, 0);
  const JET_COLUMNID after = Add("after", JET_coltypLongLong, 0);
  Add("text", JET_coltypText, 0);
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                               "+k\0", 4, 100));
  ASSERT_JET_OK(
      JetCreateIndex(sesid_, table_, "by_text", 0, "+text\0", 7, 100));
  auto insert = [&](int32_t key, int64_t value) {
    const int16_t g = 7;
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
    ASSERT_JET_OK(
        JetSetColumn(sesid_, table_, k, &key, sizeof(key), 0, nullptr));
    if (value >= 0) {
      // Only while the column exists.
      JET_ERR err =
          JetSetColumn(sesid_, table_, gone, &g, sizeof(g), 0, nullptr);
      ASSERT_TRUE(err == JET_errSuccess || err == JET_errColumnNotFound);
    }
    ASSERT_JET_OK(
        JetSetColumn(sesid_, table_, after, &value, sizeof(value), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  };
  insert(1, 100);
  EXPECT_EQ(JET_errColumnInUse, JetDeleteColumn(sesid_, table_, "text"));
  EXPECT_EQ(JET_errColumnNotFound, JetDeleteColumn(sesid_, table_, "nope"));

  // Rolled back: the column is still there.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetDeleteColumn(sesid_, table_, "GONE"));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, "gone", &def, sizeof(def),
                                      JET_ColInfo));

  ASSERT_JET_OK(JetDeleteColumn2(sesid_, table_, "gone", 0));
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetTableColumnInfo(sesid_, table_, "gone", &def, sizeof(def),
                                  JET_ColInfo));
  insert(2, 200);
  // Both records' later fixed column reads right: the deleted column's
  // bytes still sit before it in the first record.
  for (int32_t key : {1, 2}) {
    ASSERT_JET_OK(SeekLong(table_, key, JET_bitSeekEQ));
    int64_t value = 0;
    ASSERT_JET_OK(JetRetrieveColumn(sesid_, table_, after, &value,
                                    sizeof(value), nullptr, 0, nullptr));
    EXPECT_EQ(key * 100, value);
    int16_t g;
    EXPECT_EQ(JET_errColumnNotFound,
              JetRetrieveColumn(sesid_, table_, gone, &g, sizeof(g), nullptr, 0,
                                nullptr));
  }
  // The name is free; the id is not reused.
  const JET_COLUMNID again = Add("gone", JET_coltypShort, 0);
  EXPECT_NE(gone, again);
  ASSERT_JET_OK(SeekLong(table_, 1, JET_bitSeekEQ));
  int16_t g = -1;
  EXPECT_EQ(JET_wrnColumnNull,
            JetRetrieveColumn(sesid_, table_, again, &g, sizeof(g), nullptr, 0,
                              nullptr));
}

// A sequential bookmark (or autoincrement value) handed to a transaction
// stays taken after that transaction closes its last cursor on the table.
TEST_F(ColumnFeaturesTest, SequentialBookmarksOutliveTheCursor) {
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  def.coltyp = JET_coltypLong;
  JET_TABLEID log;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "log", 0, 0, &log));
  JET_COLUMNID v;
  ASSERT_JET_OK(JetAddColumn(sesid_, log, "v", &def, nullptr, 0, &v));
  ASSERT_JET_OK(JetCloseTable(sesid_, log));
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  table_ = JET_tableidNil;

  auto insert = [&](JET_SESID sesid, JET_DBID dbid, int32_t value) {
    JET_TABLEID t;
    JET_ERR err = JetOpenTable(sesid, dbid, "log", nullptr, 0, 0, &t);
    if (err == JET_errSuccess) err = JetPrepareUpdate(sesid, t, JET_prepInsert);
    if (err == JET_errSuccess) {
      err = JetSetColumn(sesid, t, v, &value, sizeof(value), 0, nullptr);
    }
    if (err == JET_errSuccess) err = JetUpdate(sesid, t, nullptr, 0, nullptr);
    JetCloseTable(sesid, t);  // the last cursor on the table goes
    return err;
  };
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, path_.c_str(), nullptr, &other_db, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(insert(sesid_, dbid_, 1));
  ASSERT_JET_OK(JetBeginTransaction(other));
  ASSERT_JET_OK(insert(other, other_db, 2));  // not the same bookmark
  ASSERT_JET_OK(JetCommitTransaction(other, 0));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  JET_TABLEID t;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "log", nullptr, 0, 0, &t));
  std::vector<int32_t> values;
  for (JET_ERR err = JetMove(sesid_, t, JET_MoveFirst, 0);
       err == JET_errSuccess; err = JetMove(sesid_, t, JET_MoveNext, 0)) {
    values.push_back(Long(t, v));
  }
  EXPECT_EQ((std::vector<int32_t>{1, 2}), values);
  ASSERT_JET_OK(JetEndSession(other, 0));
}

}  // namespace
}  // namespace lmjet::testing
