// Tables, records and cursors through the public API (reference §4.3-§4.6,
// DESIGN.md §3).

#include <cstring>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

class TableApiTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    const std::string path = dir_.File("table.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path.c_str(), nullptr, &dbid_, 0));
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "people", 0, 0, &table_));
    AddColumn("id", JET_coltypLong, 0, &id_);
    AddColumn("name", JET_coltypText, 0, &name_);
    AddColumn("age", JET_coltypShort, 0, &age_);
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "primary", JET_bitIndexPrimary,
                                 "+id\0", 5, 100));
    ASSERT_JET_OK(
        JetCreateIndex(sesid_, table_, "by_name", 0, "+name\0-age\0", 12, 100));
    // JetCreateTable's cursor holds the table DenyRead: reopen it shared so
    // that other sessions can open it too.
    ASSERT_JET_OK(JetCloseTable(sesid_, table_));
    ASSERT_JET_OK(
        JetOpenTable(sesid_, dbid_, "people", nullptr, 0, 0, &table_));
  }

  void AddColumn(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit,
                 JET_COLUMNID* columnid) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = coltyp;
    def.grbit = grbit;
    ASSERT_JET_OK(
        JetAddColumn(sesid_, table_, name, &def, nullptr, 0, columnid));
  }

  JET_ERR Insert(JET_SESID sesid, JET_TABLEID table, int32_t id,
                 const std::string& name, int16_t age) {
    JET_ERR err = JetPrepareUpdate(sesid, table, JET_prepInsert);
    if (err != JET_errSuccess) return err;
    err = JetSetColumn(sesid, table, id_, &id, sizeof(id), 0, nullptr);
    if (err != JET_errSuccess) return err;
    err = JetSetColumn(sesid, table, name_, name.data(),
                       static_cast<unsigned long>(name.size()), 0, nullptr);
    if (err != JET_errSuccess) return err;
    err = JetSetColumn(sesid, table, age_, &age, sizeof(age), 0, nullptr);
    if (err != JET_errSuccess) return err;
    err = JetUpdate(sesid, table, nullptr, 0, nullptr);
    if (err != JET_errSuccess) JetPrepareUpdate(sesid, table, JET_prepCancel);
    return err;
  }
  JET_ERR Insert(int32_t id, const std::string& name, int16_t age) {
    return Insert(sesid_, table_, id, name, age);
  }

  int32_t CurrentId(JET_SESID sesid, JET_TABLEID table) {
    int32_t id = -1;
    unsigned long actual = 0;
    EXPECT_JET_OK(JetRetrieveColumn(sesid, table, id_, &id, sizeof(id), &actual,
                                    0, nullptr));
    EXPECT_EQ(sizeof(id), actual);
    return id;
  }
  int32_t CurrentId() { return CurrentId(sesid_, table_); }

  std::string CurrentName() {
    char buffer[256];
    unsigned long actual = 0;
    EXPECT_JET_OK(JetRetrieveColumn(sesid_, table_, name_, buffer,
                                    sizeof(buffer), &actual, 0, nullptr));
    return std::string(buffer, actual);
  }

  // Every id from the current index, first to last.
  std::vector<int32_t> Scan(JET_SESID sesid, JET_TABLEID table) {
    std::vector<int32_t> ids;
    JET_ERR err = JetMove(sesid, table, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
      ids.push_back(CurrentId(sesid, table));
      err = JetMove(sesid, table, JET_MoveNext, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    return ids;
  }
  std::vector<int32_t> Scan() { return Scan(sesid_, table_); }

  JET_ERR SeekId(JET_TABLEID table, int32_t id, JET_GRBIT grbit) {
    JET_ERR err = JetMakeKey(sesid_, table, &id, sizeof(id), JET_bitNewKey);
    if (err != JET_errSuccess) return err;
    return JetSeek(sesid_, table, grbit);
  }
  JET_ERR SeekId(int32_t id, JET_GRBIT grbit) {
    return SeekId(table_, id, grbit);
  }

  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = JET_tableidNil;
  JET_COLUMNID id_ = 0, name_ = 0, age_ = 0;
};

TEST_F(TableApiTest, InsertThenScanInPrimaryKeyOrder) {
  for (int32_t id : {30, 10, 20, -5}) {
    ASSERT_JET_OK(Insert(id, "n" + std::to_string(id), 1));
  }
  EXPECT_EQ((std::vector<int32_t>{-5, 10, 20, 30}), Scan());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveLast, 0));
  EXPECT_EQ(30, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MovePrevious, 0));
  EXPECT_EQ(20, CurrentId());
  EXPECT_EQ("n20", CurrentName());
}

// A scan's steps reuse the cursor's place in the snapshot; anything that
// changes what the cursor sees between two steps must be noticed: a write
// of the same session through another cursor, a commit (a new snapshot),
// DDL, and an index switch.
TEST_F(TableApiTest, ScanStepsSeeChangesMadeBetweenThem) {
  for (int32_t id : {10, 20, 30, 40, 50}) ASSERT_JET_OK(Insert(id, "x", 1));
  JET_TABLEID other = JET_tableidNil;
  ASSERT_JET_OK(JetDupCursor(sesid_, table_, &other, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ(10, CurrentId());
  // Inserted just after the current record by another cursor.
  ASSERT_JET_OK(Insert(sesid_, other, 15, "y", 2));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(15, CurrentId());
  EXPECT_EQ("y", CurrentName());
  // The next record deleted by another cursor is skipped.
  ASSERT_JET_OK(SeekId(other, 20, JET_bitSeekEQ));
  ASSERT_JET_OK(JetDelete(sesid_, other));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(30, CurrentId());
  // A commit ends the snapshot the cursor stood in.
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(Insert(sesid_, other, 35, "z", 3));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(35, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MovePrevious, 0));
  EXPECT_EQ(30, CurrentId());
  // DDL between two steps (a new column reads as NULL, records unchanged).
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  def.coltyp = JET_coltypLong;
  JET_COLUMNID extra = 0;
  ASSERT_JET_OK(JetAddColumn(sesid_, other, "extra", &def, nullptr, 0, &extra));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(35, CurrentId());
  int32_t value = 0;
  unsigned long actual = 1;
  EXPECT_EQ(JET_wrnColumnNull,
            JetRetrieveColumn(sesid_, table_, extra, &value, sizeof(value),
                              &actual, 0, nullptr));
  // The secondary index steps in its own order (equal keys by bookmark).
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "by_name"));
  EXPECT_EQ((std::vector<int32_t>{10, 30, 40, 50, 15, 35}), Scan());
  ASSERT_JET_OK(JetCloseTable(sesid_, other));
}

// As above, with the levels: the scan's fast paths trust a cursor's
// position while the session's transaction is unchanged, so a nested level
// begun, rolled back or committed between two calls, with writes through
// another cursor in it, must show in the next retrieve (without a move) and
// the next step; so must the rollback to level 0.
TEST_F(TableApiTest, ScanStepsSeeNestedLevelsAndRollbacksBetweenThem) {
  for (int32_t id : {10, 20, 30}) {
    ASSERT_JET_OK(Insert(id, "n" + std::to_string(id), 1));
  }
  JET_TABLEID other;
  ASSERT_JET_OK(JetDupCursor(sesid_, table_, &other, 0));
  // Renames `id` through the other cursor.
  const auto rename = [&](int32_t id, const std::string& name) {
    ASSERT_JET_OK(SeekId(other, id, JET_bitSeekEQ));
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, other, JET_prepReplace));
    ASSERT_JET_OK(JetSetColumn(sesid_, other, name_, name.data(),
                               static_cast<unsigned long>(name.size()), 0,
                               nullptr));
    ASSERT_JET_OK(JetUpdate(sesid_, other, nullptr, 0, nullptr));
  };

  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ("n10", CurrentName());
  rename(10, "first");
  EXPECT_EQ("first", CurrentName());
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  EXPECT_EQ("first", CurrentName());
  rename(10, "nested");
  EXPECT_EQ("nested", CurrentName());
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ("first", CurrentName());
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  rename(20, "second");
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(20, CurrentId());
  EXPECT_EQ("second", CurrentName());
  // A delete of the next row through the other cursor: the step skips it.
  ASSERT_JET_OK(SeekId(other, 30, JET_bitSeekEQ));
  ASSERT_JET_OK(JetDelete(sesid_, other));
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, table_, JET_MoveNext, 0));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MovePrevious, 0));
  EXPECT_EQ(20, CurrentId());
  // Rolled back to level 0: the cursor stays on 20, which reads as
  // committed, and 30 is back.
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(20, CurrentId());
  EXPECT_EQ("n20", CurrentName());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(30, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MovePrevious, 0));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MovePrevious, 0));
  EXPECT_EQ("n10", CurrentName());
  ASSERT_JET_OK(JetCloseTable(sesid_, other));
}

// A call that reloads the table after DDL without moving (JetMove(0, ...))
// drops the cursor's merged cursor; the next step and retrieve must not
// take the fast path on it.
TEST_F(TableApiTest, StepAfterAReloadThatDidNotMove) {
  for (int32_t id : {10, 20, 30}) ASSERT_JET_OK(Insert(id, "x", 1));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ(10, CurrentId());
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID db;
  ASSERT_JET_OK(
      JetOpenDatabase(other, dir_.File("table.edb").c_str(), nullptr, &db, 0));
  JET_TABLEID created;
  ASSERT_JET_OK(JetCreateTable(other, db, "elsewhere", 0, 0, &created));
  ASSERT_JET_OK(JetMove(sesid_, table_, 0, 0));
  EXPECT_EQ(10, CurrentId());
  ASSERT_JET_OK(JetCreateTable(other, db, "elsewhere2", 0, 0, &created));
  ASSERT_JET_OK(JetMove(sesid_, table_, 0, 0));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(20, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(30, CurrentId());
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, table_, JET_MoveNext, 0));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(JetEndSession(other, 0));
}

// A plain retrieve (grbit 0, no JET_RETINFO) of a fixed or variable column
// during a scan takes a fast path; with a JET_RETINFO it takes the general
// one. Both must give the same code, size and bytes for every kind of value
// and buffer: set, NULL, absent with a default, truncated, no buffer, and
// on records of the snapshot and of the session's own write set.
TEST_F(TableApiTest, ScanRetrieveGivesWhatTheGeneralPathGives) {
  ASSERT_JET_OK(Insert(10, "ten", 1));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  int32_t twenty = 20;  // name and age left NULL
  ASSERT_JET_OK(
      JetSetColumn(sesid_, table_, id_, &twenty, sizeof(twenty), 0, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  // Added after the records exist: absent from them, read as its default.
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  def.coltyp = JET_coltypLong;
  const int32_t fallback = 77;
  JET_COLUMNID with_default = 0;
  ASSERT_JET_OK(JetAddColumn(sesid_, table_, "with_default", &def, &fallback,
                             sizeof(fallback), &with_default));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Insert(15, "fifteen-in-write-set", 3));
  const std::vector<JET_COLUMNID> columns = {id_, name_, age_, with_default};
  std::vector<int32_t> seen;
  JET_ERR err = JetMove(sesid_, table_, JET_MoveFirst, 0);
  while (err == JET_errSuccess) {
    seen.push_back(CurrentId());
    for (JET_COLUMNID column : columns) {
      for (unsigned long cb : {0ul, 1ul, 3ul, 256ul}) {
        for (bool no_buffer : {false, true}) {
          char fast[256], general[256];
          std::memset(fast, 0x5a, sizeof(fast));
          std::memset(general, 0x5a, sizeof(general));
          unsigned long fast_actual = 12345, general_actual = 12345;
          const JET_ERR fast_err = JetRetrieveColumn(
              sesid_, table_, column, no_buffer ? nullptr : fast, cb,
              &fast_actual, 0, nullptr);
          JET_RETINFO info{sizeof(JET_RETINFO), 0, 1, 0};
          const JET_ERR general_err = JetRetrieveColumn(
              sesid_, table_, column, no_buffer ? nullptr : general, cb,
              &general_actual, 0, &info);
          SCOPED_TRACE("id " + std::to_string(seen.back()) + " column " +
                       std::to_string(column) + " cb " + std::to_string(cb) +
                       (no_buffer ? " no buffer" : ""));
          EXPECT_EQ(general_err, fast_err);
          EXPECT_EQ(general_actual, fast_actual);
          EXPECT_EQ(0, std::memcmp(fast, general, sizeof(fast)));
        }
      }
    }
    // JetRetrieveColumns, every column at once, against single general-path
    // retrievals (itagSequence and ibLongValue mean nothing to fixed and
    // variable columns).
    for (unsigned long cb : {0ul, 2ul, 256ul}) {
      for (unsigned long itag : {0ul, 1ul, 2ul}) {
        SCOPED_TRACE("JetRetrieveColumns id " + std::to_string(seen.back()) +
                     " cb " + std::to_string(cb) + " itag " +
                     std::to_string(itag));
        char many[4][256];
        std::memset(many, 0x5a, sizeof(many));
        JET_RETRIEVECOLUMN retrieve[4] = {};
        for (size_t i = 0; i < columns.size(); ++i) {
          retrieve[i].columnid = columns[i];
          retrieve[i].pvData = many[i];
          retrieve[i].cbData = cb;
          retrieve[i].itagSequence = itag;
          retrieve[i].ibLongValue = 3;
          retrieve[i].cbActual = 12345;
        }
        const JET_ERR many_err =
            JetRetrieveColumns(sesid_, table_, retrieve, 4);
        JET_ERR want_err = JET_errSuccess;
        for (size_t i = 0; i < columns.size(); ++i) {
          char one[256];
          std::memset(one, 0x5a, sizeof(one));
          unsigned long one_actual = 12345;
          JET_RETINFO info{sizeof(JET_RETINFO), 0, 1, 0};
          const JET_ERR one_err = JetRetrieveColumn(
              sesid_, table_, columns[i], one, cb, &one_actual, 0, &info);
          EXPECT_EQ(one_err, retrieve[i].err) << "column " << columns[i];
          EXPECT_EQ(one_actual, retrieve[i].cbActual)
              << "column " << columns[i];
          EXPECT_EQ(columns[i], retrieve[i].columnidNextTagged);
          EXPECT_EQ(0, std::memcmp(one, many[i], sizeof(one)));
          if (one_err == JET_wrnBufferTruncated && want_err == 0) {
            want_err = one_err;
          }
        }
        EXPECT_EQ(want_err, many_err);
      }
    }
    err = JetMove(sesid_, table_, JET_MoveNext, 0);
  }
  EXPECT_EQ(JET_errNoCurrentRecord, err);
  EXPECT_EQ((std::vector<int32_t>{10, 15, 20}), seen);
  // The exact answers for the NULL and default cases, not only agreement.
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveLast, 0));
  int16_t age = 0;
  unsigned long actual = 9;
  EXPECT_EQ(JET_wrnColumnNull,
            JetRetrieveColumn(sesid_, table_, age_, &age, sizeof(age), &actual,
                              0, nullptr));
  EXPECT_EQ(0u, actual);
  int32_t value = 0;
  EXPECT_JET_OK(JetRetrieveColumn(sesid_, table_, with_default, &value,
                                  sizeof(value), &actual, 0, nullptr));
  EXPECT_EQ(77, value);
  EXPECT_EQ(sizeof(value), actual);
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  char name[4] = {};
  EXPECT_EQ(
      JET_wrnBufferTruncated,
      JetRetrieveColumn(sesid_, table_, name_, name, 2, &actual, 0, nullptr));
  EXPECT_EQ(3u, actual);
  EXPECT_STREQ("te", name);
  ASSERT_JET_OK(JetRollback(sesid_, 0));
}

TEST_F(TableApiTest, EmptyTableHasNoCurrentRecord) {
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, table_, JET_MoveNext, 0));
  int32_t id;
  EXPECT_EQ(JET_errNoCurrentRecord,
            JetRetrieveColumn(sesid_, table_, id_, &id, sizeof(id), nullptr, 0,
                              nullptr));
}

TEST_F(TableApiTest, DuplicatePrimaryKeyIsRefusedAndChangesNothing) {
  ASSERT_JET_OK(Insert(1, "a", 1));
  EXPECT_EQ(JET_errKeyDuplicate, Insert(1, "b", 2));
  EXPECT_EQ((std::vector<int32_t>{1}), Scan());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ("a", CurrentName());
}

TEST_F(TableApiTest, OpenedCursorDefersMoveFirst) {
  ASSERT_JET_OK(Insert(2, "b", 1));
  ASSERT_JET_OK(Insert(1, "a", 1));
  JET_TABLEID other;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "people", nullptr, 0, 0, &other));
  EXPECT_EQ(1, CurrentId(sesid_, other));
  ASSERT_JET_OK(JetCloseTable(sesid_, other));
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "PEOPLE", nullptr, 0, 0, &other));
  ASSERT_JET_OK(JetMove(sesid_, other, JET_MoveNext, 0));
  EXPECT_EQ(1, CurrentId(sesid_, other));
  ASSERT_JET_OK(JetCloseTable(sesid_, other));
}

TEST_F(TableApiTest, SeekDirections) {
  for (int32_t id : {10, 20, 30}) ASSERT_JET_OK(Insert(id, "x", 1));
  ASSERT_JET_OK(SeekId(20, JET_bitSeekEQ));
  EXPECT_EQ(20, CurrentId());
  EXPECT_EQ(JET_errRecordNotFound, SeekId(25, JET_bitSeekEQ));
  EXPECT_EQ(JET_wrnSeekNotEqual, SeekId(25, JET_bitSeekGE));
  EXPECT_EQ(30, CurrentId());
  EXPECT_EQ(JET_wrnSeekNotEqual, SeekId(25, JET_bitSeekLE));
  EXPECT_EQ(20, CurrentId());
  ASSERT_JET_OK(SeekId(20, JET_bitSeekGT));
  EXPECT_EQ(30, CurrentId());
  ASSERT_JET_OK(SeekId(20, JET_bitSeekLT));
  EXPECT_EQ(10, CurrentId());
  EXPECT_EQ(JET_errRecordNotFound, SeekId(30, JET_bitSeekGT));
  EXPECT_EQ(JET_errRecordNotFound, SeekId(10, JET_bitSeekLT));
  // The key is consumed by every seek.
  EXPECT_EQ(JET_errKeyNotMade, JetSeek(sesid_, table_, JET_bitSeekEQ));
  EXPECT_EQ(JET_errInvalidParameter, JetSeek(sesid_, table_, 0));
}

TEST_F(TableApiTest, FailedSeekEqLeavesNoCurrency) {
  ASSERT_JET_OK(Insert(1, "a", 1));
  EXPECT_EQ(JET_errRecordNotFound, SeekId(2, JET_bitSeekEQ));
  int32_t id;
  EXPECT_EQ(JET_errNoCurrentRecord,
            JetRetrieveColumn(sesid_, table_, id_, &id, sizeof(id), nullptr, 0,
                              nullptr));
}

TEST_F(TableApiTest, SecondaryIndexOrderAndSeek) {
  ASSERT_JET_OK(Insert(1, "bob", 30));
  ASSERT_JET_OK(Insert(2, "alice", 20));
  ASSERT_JET_OK(Insert(3, "Bob", 40));  // case-insensitive: equal to "bob"
  ASSERT_JET_OK(Insert(4, "carol", 10));
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "by_name"));
  // name ascending, then age descending.
  EXPECT_EQ((std::vector<int32_t>{2, 3, 1, 4}), Scan());
  char index_name[JET_cbNameMost + 1];
  ASSERT_JET_OK(
      JetGetCurrentIndex(sesid_, table_, index_name, sizeof(index_name)));
  EXPECT_STREQ("by_name", index_name);

  ASSERT_JET_OK(JetMakeKey(sesid_, table_, "BOB", 3, JET_bitNewKey));
  ASSERT_JET_OK(JetSeek(sesid_, table_, JET_bitSeekEQ));
  EXPECT_EQ(3, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(1, CurrentId());
  EXPECT_EQ(JET_errIndexNotFound,
            JetSetCurrentIndex(sesid_, table_, "no_such_index"));
}

TEST_F(TableApiTest, IndexRangeStopsMoves) {
  for (int32_t id = 1; id <= 10; ++id) ASSERT_JET_OK(Insert(id, "x", 1));
  ASSERT_JET_OK(SeekId(4, JET_bitSeekGE));
  int32_t upper = 6;
  ASSERT_JET_OK(
      JetMakeKey(sesid_, table_, &upper, sizeof(upper), JET_bitNewKey));
  ASSERT_JET_OK(JetSetIndexRange(
      sesid_, table_, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
  std::vector<int32_t> ids{CurrentId()};
  while (JetMove(sesid_, table_, JET_MoveNext, 0) == JET_errSuccess) {
    ids.push_back(CurrentId());
  }
  EXPECT_EQ((std::vector<int32_t>{4, 5, 6}), ids);
  unsigned long count = 0;
  ASSERT_JET_OK(SeekId(2, JET_bitSeekEQ));  // a seek removes the range
  ASSERT_JET_OK(JetIndexRecordCount(sesid_, table_, &count, 0));
  EXPECT_EQ(9u, count);
  EXPECT_EQ(JET_errInvalidOperation,
            JetSetIndexRange(sesid_, table_, JET_bitRangeRemove));
  // SeekEQ with SetIndexRange limits moves to the equal keys.
  ASSERT_JET_OK(SeekId(7, JET_bitSeekEQ | JET_bitSetIndexRange));
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, table_, JET_MoveNext, 0));
}

TEST_F(TableApiTest, ReplaceAndDelete) {
  ASSERT_JET_OK(Insert(1, "a", 1));
  ASSERT_JET_OK(Insert(2, "b", 2));
  ASSERT_JET_OK(SeekId(1, JET_bitSeekEQ));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepReplace));
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, name_, "zed", 3, 0, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  EXPECT_EQ("zed", CurrentName());  // JetUpdate does not move the cursor
  // The secondary index follows the new value.
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "by_name"));
  EXPECT_EQ((std::vector<int32_t>{2, 1}), Scan());
  // Changing the primary key in a replace is refused.
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepReplace));
  int32_t new_id = 9;
  ASSERT_JET_OK(
      JetSetColumn(sesid_, table_, id_, &new_id, sizeof(new_id), 0, nullptr));
  EXPECT_EQ(JET_errRecordPrimaryChanged,
            JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepCancel));

  ASSERT_JET_OK(JetDelete(sesid_, table_));  // deletes id 2 ("b")
  int32_t id;
  EXPECT_EQ(JET_errRecordDeleted,
            JetRetrieveColumn(sesid_, table_, id_, &id, sizeof(id), nullptr, 0,
                              nullptr));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(1, CurrentId());
  EXPECT_EQ((std::vector<int32_t>{1}), Scan());
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, nullptr));
  EXPECT_EQ((std::vector<int32_t>{1}), Scan());
}

TEST_F(TableApiTest, UpdateErrors) {
  EXPECT_EQ(JET_errUpdateNotPrepared,
            JetSetColumn(sesid_, table_, id_, "abcd", 4, 0, nullptr));
  EXPECT_EQ(JET_errUpdateNotPrepared,
            JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  EXPECT_EQ(JET_errUpdateNotPrepared,
            JetPrepareUpdate(sesid_, table_, JET_prepCancel));
  EXPECT_EQ(JET_errInvalidParameter, JetPrepareUpdate(sesid_, table_, 99));
  EXPECT_EQ(JET_errNoCurrentRecord,
            JetPrepareUpdate(sesid_, table_, JET_prepReplace));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  EXPECT_EQ(JET_errAlreadyPrepared,
            JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  EXPECT_EQ(JET_errInvalidBufferSize,
            JetSetColumn(sesid_, table_, id_, "ab", 2, 0, nullptr));
  // A move cancels the prepared update.
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errUpdateNotPrepared,
            JetUpdate(sesid_, table_, nullptr, 0, nullptr));
}

TEST_F(TableApiTest, BookmarksRoundTrip) {
  ASSERT_JET_OK(Insert(5, "e", 1));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsert));
  int32_t id = 7;
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, id_, &id, sizeof(id), 0, nullptr));
  unsigned char bookmark[JET_cbBookmarkMost];
  unsigned long size = 0;
  ASSERT_JET_OK(JetUpdate(sesid_, table_, bookmark, sizeof(bookmark), &size));
  // An int primary key: prefix byte + 4 bytes, sign bit flipped.
  ASSERT_EQ(5u, size);
  EXPECT_EQ((std::vector<unsigned char>{0x7f, 0x80, 0, 0, 7}),
            std::vector<unsigned char>(bookmark, bookmark + size));
  ASSERT_JET_OK(JetGotoBookmark(sesid_, table_, bookmark, size));
  EXPECT_EQ(7, CurrentId());
  unsigned char again[JET_cbBookmarkMost];
  unsigned long again_size = 0;
  ASSERT_JET_OK(
      JetGetBookmark(sesid_, table_, again, sizeof(again), &again_size));
  EXPECT_EQ(std::vector<unsigned char>(bookmark, bookmark + size),
            std::vector<unsigned char>(again, again + again_size));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetBookmark(sesid_, table_, again, 2, &again_size));
  EXPECT_EQ(5u, again_size);
  ASSERT_JET_OK(JetDelete(sesid_, table_));
  EXPECT_EQ(JET_errRecordDeleted,
            JetGotoBookmark(sesid_, table_, bookmark, size));
  EXPECT_EQ(JET_errInvalidBookmark,
            JetGotoBookmark(sesid_, table_, bookmark, 0));
}

TEST_F(TableApiTest, RollbackUndoesRecordsAndClosesCursorsOpenedInIt) {
  ASSERT_JET_OK(Insert(1, "a", 1));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Insert(2, "b", 1));
  JET_TABLEID inner;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "people", nullptr, 0, 0, &inner));
  EXPECT_EQ((std::vector<int32_t>{1, 2}), Scan(sesid_, inner));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(SeekId(1, JET_bitSeekEQ));
  ASSERT_JET_OK(JetDelete(sesid_, table_));
  EXPECT_EQ((std::vector<int32_t>{2}), Scan());
  ASSERT_JET_OK(JetRollback(sesid_, 0));  // undoes the delete only
  EXPECT_EQ((std::vector<int32_t>{1, 2}), Scan());
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ((std::vector<int32_t>{1}), Scan());
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, inner, JET_MoveFirst, 0));
}

TEST_F(TableApiTest, SnapshotIsolationBetweenSessions) {
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, dir_.File("table.edb").c_str(), nullptr,
                                &other_db, 0));
  JET_TABLEID other_table;
  ASSERT_JET_OK(
      JetOpenTable(other, other_db, "people", nullptr, 0, 0, &other_table));
  ASSERT_JET_OK(Insert(1, "a", 1));

  ASSERT_JET_OK(JetBeginTransaction(other));
  EXPECT_EQ((std::vector<int32_t>{1}), Scan(other, other_table));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Insert(2, "b", 1));
  // Uncommitted: invisible to the other session.
  EXPECT_EQ((std::vector<int32_t>{1}), Scan(other, other_table));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  // Committed after the other's snapshot: still invisible to it.
  EXPECT_EQ((std::vector<int32_t>{1}), Scan(other, other_table));
  ASSERT_JET_OK(JetCommitTransaction(other, 0));
  EXPECT_EQ((std::vector<int32_t>{1, 2}), Scan(other, other_table));
  ASSERT_JET_OK(JetEndSession(other, 0));
}

TEST_F(TableApiTest, WriteConflictAtTheWrite) {
  ASSERT_JET_OK(Insert(1, "a", 1));
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, dir_.File("table.edb").c_str(), nullptr,
                                &other_db, 0));
  JET_TABLEID other_table;
  ASSERT_JET_OK(
      JetOpenTable(other, other_db, "people", nullptr, 0, 0, &other_table));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction(other));
  ASSERT_JET_OK(SeekId(1, JET_bitSeekEQ));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepReplace));
  ASSERT_JET_OK(JetMove(other, other_table, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errWriteConflict,
            JetPrepareUpdate(other, other_table, JET_prepReplace));
  EXPECT_EQ(JET_errWriteConflict, JetDelete(other, other_table));
  // Inserting the same new key from both sessions: the second conflicts.
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepCancel));
  ASSERT_JET_OK(Insert(sesid_, table_, 9, "n", 1));
  EXPECT_EQ(JET_errWriteConflict, Insert(other, other_table, 9, "m", 1));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  // A commit newer than the other's snapshot still conflicts.
  EXPECT_EQ(JET_errWriteConflict, JetDelete(other, other_table));
  ASSERT_JET_OK(JetRollback(other, 0));
  ASSERT_JET_OK(JetMove(other, other_table, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetDelete(other, other_table));
  EXPECT_EQ((std::vector<int32_t>{9}), Scan());
  ASSERT_JET_OK(JetEndSession(other, 0));
}

TEST_F(TableApiTest, TableIdsBelongToTheirSession) {
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  EXPECT_EQ(JET_errSesidTableIdMismatch,
            JetMove(other, table_, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, 0x1234, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(sesid_, table_));
  table_ = JET_tableidNil;
  ASSERT_JET_OK(JetEndSession(other, 0));
}

// The gate reaches a cursor's session from the cursor (api/gate.h): a stale
// session handle whose slot a new session took over must still be refused,
// even with a cursor of that new session.
TEST_F(TableApiTest, StaleSessionHandleIsRefusedWithTheSlotsNewCursor) {
  JET_SESID old_session;
  ASSERT_JET_OK(JetBeginSession(instance_, &old_session, "", ""));
  ASSERT_JET_OK(JetEndSession(old_session, 0));
  JET_SESID reused;
  ASSERT_JET_OK(JetBeginSession(instance_, &reused, "", ""));
  // Same slot, next generation.
  ASSERT_EQ(static_cast<uint32_t>(old_session), static_cast<uint32_t>(reused));
  ASSERT_NE(old_session, reused);
  JET_DBID db;
  ASSERT_JET_OK(
      JetOpenDatabase(reused, dir_.File("table.edb").c_str(), nullptr, &db, 0));
  JET_TABLEID t;
  ASSERT_JET_OK(JetOpenTable(reused, db, "people", nullptr, 0, 0, &t));
  ASSERT_JET_OK(Insert(reused, t, 7, "g", 1));
  ASSERT_JET_OK(JetMove(reused, t, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetMove(old_session, t, JET_MoveNext, 0));
  int32_t id = 0;
  unsigned long actual = 0;
  EXPECT_EQ(JET_errInvalidSesid,
            JetRetrieveColumn(old_session, t, id_, &id, sizeof(id), &actual, 0,
                              nullptr));
  EXPECT_EQ(0, id);
  // The new session's own calls still work, and the cursor stayed put.
  ASSERT_JET_OK(
      JetRetrieveColumn(reused, t, id_, &id, sizeof(id), &actual, 0, nullptr));
  EXPECT_EQ(7, id);
  // Another live session with the cursor: the mismatch, as before.
  EXPECT_EQ(JET_errSesidTableIdMismatch, JetMove(sesid_, t, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetEndSession(reused, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetMove(reused, t, JET_MoveFirst, 0));
}

TEST_F(TableApiTest, EndSessionClosesCursors) {
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, dir_.File("table.edb").c_str(), nullptr,
                                &other_db, 0));
  JET_TABLEID t;
  ASSERT_JET_OK(JetOpenTable(other, other_db, "people", nullptr, 0, 0, &t));
  ASSERT_JET_OK(JetBeginTransaction(other));
  ASSERT_JET_OK(Insert(other, t, 4, "d", 1));
  ASSERT_JET_OK(JetEndSession(other, 0));
  EXPECT_EQ(JET_errInvalidSesid, JetMove(other, t, JET_MoveFirst, 0));
  EXPECT_EQ(std::vector<int32_t>{}, Scan());  // rolled back
}

TEST_F(TableApiTest, DdlErrorsAndDeleteTable) {
  JET_TABLEID t;
  EXPECT_EQ(JET_errTableDuplicate,
            JetCreateTable(sesid_, dbid_, "People", 0, 0, &t));
  EXPECT_EQ(JET_tableidNil, t);
  EXPECT_EQ(JET_errInvalidName,
            JetCreateTable(sesid_, dbid_, "bad.name", 0, 0, &t));
  EXPECT_EQ(JET_errObjectNotFound,
            JetOpenTable(sesid_, dbid_, "nothing", nullptr, 0, 0, &t));
  JET_COLUMNDEF def{sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
  JET_COLUMNID columnid;
  EXPECT_EQ(JET_errColumnDuplicate,
            JetAddColumn(sesid_, table_, "ID", &def, nullptr, 0, &columnid));
  EXPECT_EQ(JET_errIndexHasPrimary,
            JetCreateIndex(sesid_, table_, "p2", JET_bitIndexPrimary, "+age\0",
                           6, 100));
  EXPECT_EQ(JET_errIndexDuplicate,
            JetCreateIndex(sesid_, table_, "by_name", 0, "+age\0", 6, 100));
  EXPECT_EQ(JET_errIndexInvalidDef,
            JetCreateIndex(sesid_, table_, "bad", 0, "age\0", 5, 100));
  EXPECT_EQ(JET_errColumnNotFound,
            JetCreateIndex(sesid_, table_, "bad", 0, "+nope\0", 7, 100));

  EXPECT_EQ(JET_errTableInUse, JetDeleteTable(sesid_, dbid_, "people"));
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  ASSERT_JET_OK(JetDeleteTable(sesid_, dbid_, "people"));
  EXPECT_EQ(JET_errObjectNotFound,
            JetOpenTable(sesid_, dbid_, "people", nullptr, 0, 0, &t));
  table_ = JET_tableidNil;
}

TEST_F(TableApiTest, DdlInATransactionRollsBack) {
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  JET_TABLEID t;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "scratch", 0, 0, &t));
  JET_COLUMNDEF def{sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
  JET_COLUMNID columnid;
  ASSERT_JET_OK(JetAddColumn(sesid_, t, "c", &def, nullptr, 0, &columnid));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(sesid_, t));
  EXPECT_EQ(JET_errObjectNotFound,
            JetOpenTable(sesid_, dbid_, "scratch", nullptr, 0, 0, &t));
  // The name is free again.
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "scratch", 0, 0, &t));
}

TEST_F(TableApiTest, CreateIndexIndexesExistingRecords) {
  ASSERT_JET_OK(Insert(1, "a", 30));
  ASSERT_JET_OK(Insert(2, "b", 10));
  ASSERT_JET_OK(Insert(3, "c", 20));
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "by_age", 0, "+age\0", 6, 100));
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "by_age"));
  EXPECT_EQ((std::vector<int32_t>{2, 3, 1}), Scan());
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "uniq_id", JET_bitIndexUnique,
                               "+id\0", 5, 100));
  ASSERT_JET_OK(Insert(4, "d", 10));
  EXPECT_EQ(JET_errKeyDuplicate,
            JetCreateIndex(sesid_, table_, "uniq_age", JET_bitIndexUnique,
                           "+age\0", 6, 100));
}

TEST_F(TableApiTest, UniqueSecondaryIndex) {
  ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "uniq_name", JET_bitIndexUnique,
                               "+name\0", 7, 100));
  ASSERT_JET_OK(Insert(1, "a", 1));
  EXPECT_EQ(JET_errKeyDuplicate, Insert(2, "A", 1));
  EXPECT_EQ((std::vector<int32_t>{1}), Scan());
}

TEST_F(TableApiTest, DataSurvivesReopen) {
  ASSERT_JET_OK(Insert(1, "persisted", 3));
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid_, 0));
  TermNow();
  ASSERT_JET_OK(StartInstance("reopen", dir_, &instance_));
  ASSERT_JET_OK(JetBeginSession(instance_, &sesid_, "", ""));
  const std::string path = dir_.File("table.edb");
  ASSERT_JET_OK(JetAttachDatabase(sesid_, path.c_str(), 0));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, path.c_str(), nullptr, &dbid_, 0));
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "people", nullptr, 0, 0, &table_));
  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, "name", &def, sizeof(def),
                                      JET_ColInfo));
  EXPECT_EQ(JET_coltypText, def.coltyp);
  EXPECT_EQ(name_, def.columnid);
  EXPECT_EQ((std::vector<int32_t>{1}), Scan());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ("persisted", CurrentName());
}

TEST_F(TableApiTest, TableWithoutPrimaryIndexUsesSequentialBookmarks) {
  JET_TABLEID t;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "log", 0, 0, &t));
  JET_COLUMNDEF def{sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
  JET_COLUMNID value;
  ASSERT_JET_OK(JetAddColumn(sesid_, t, "value", &def, nullptr, 0, &value));
  for (int32_t v : {3, 1, 2}) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, t, JET_prepInsert));
    ASSERT_JET_OK(JetSetColumn(sesid_, t, value, &v, sizeof(v), 0, nullptr));
    ASSERT_JET_OK(JetUpdate(sesid_, t, nullptr, 0, nullptr));
  }
  std::vector<int32_t> values;
  for (JET_ERR err = JetMove(sesid_, t, JET_MoveFirst, 0);
       err == JET_errSuccess; err = JetMove(sesid_, t, JET_MoveNext, 0)) {
    int32_t v;
    ASSERT_JET_OK(JetRetrieveColumn(sesid_, t, value, &v, sizeof(v), nullptr, 0,
                                    nullptr));
    values.push_back(v);
  }
  EXPECT_EQ((std::vector<int32_t>{3, 1, 2}), values);  // insertion order
}

TEST_F(TableApiTest, RecordPositionsAndGotoPosition) {
  for (int32_t id = 1; id <= 8; ++id) ASSERT_JET_OK(Insert(id, "x", 1));
  ASSERT_JET_OK(SeekId(3, JET_bitSeekEQ));
  JET_RECPOS pos{};
  ASSERT_JET_OK(JetGetRecordPosition(sesid_, table_, &pos, sizeof(pos)));
  EXPECT_EQ(2u, pos.centriesLT);
  EXPECT_EQ(1u, pos.centriesInRange);
  EXPECT_EQ(8u, pos.centriesTotal);
  JET_RECPOS half{sizeof(JET_RECPOS), 1, 1, 2};
  ASSERT_JET_OK(JetGotoPosition(sesid_, table_, &half));
  EXPECT_EQ(5, CurrentId());
  JET_RECPOS last{sizeof(JET_RECPOS), 8, 1, 8};
  ASSERT_JET_OK(JetGotoPosition(sesid_, table_, &last));
  EXPECT_EQ(8, CurrentId());
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetRecordPosition(sesid_, table_, &pos, 4));
  ASSERT_JET_OK(JetGetCursorInfo(sesid_, table_, nullptr, 0, 0));
}

TEST_F(TableApiTest, SetCurrentIndexNoMoveKeepsTheRecord) {
  ASSERT_JET_OK(Insert(1, "c", 1));
  ASSERT_JET_OK(Insert(2, "a", 1));
  ASSERT_JET_OK(Insert(3, "b", 1));
  ASSERT_JET_OK(SeekId(3, JET_bitSeekEQ));
  ASSERT_JET_OK(JetSetCurrentIndex2(sesid_, table_, "by_name", JET_bitNoMove));
  EXPECT_EQ(3, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, 0));
  EXPECT_EQ(1, CurrentId());  // "b" then "c"
  EXPECT_EQ(JET_errInvalidGrbit,
            JetSetCurrentIndex2(sesid_, table_, "by_name", 0x100));
  JET_INDEXID bad{};
  EXPECT_EQ(JET_errInvalidParameter,
            JetSetCurrentIndex4(sesid_, table_, "by_name", &bad, 0, 1));
}

TEST_F(TableApiTest, MoveKeyNESkipsEqualKeys) {
  ASSERT_JET_OK(Insert(1, "same", 1));
  ASSERT_JET_OK(Insert(2, "same", 2));
  ASSERT_JET_OK(Insert(3, "zzz", 3));
  // by_name is (name, age): the two "same" entries differ in age.
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "by_name"));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, JET_bitMoveKeyNE));
  EXPECT_EQ(1, CurrentId());
  ASSERT_JET_OK(
      JetCreateIndex(sesid_, table_, "name_only", 0, "+name\0", 7, 100));
  ASSERT_JET_OK(JetSetCurrentIndex(sesid_, table_, "name_only"));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MoveNext, JET_bitMoveKeyNE));
  EXPECT_EQ(3, CurrentId());
  ASSERT_JET_OK(JetMove(sesid_, table_, JET_MovePrevious, JET_bitMoveKeyNE));
  EXPECT_EQ(2, CurrentId());  // the last entry of the "same" key
  EXPECT_EQ(JET_errInvalidGrbit, JetMove(sesid_, table_, JET_MoveNext, 0x4));
}

TEST_F(TableApiTest, InsertCopyNeedsANewPrimaryKey) {
  ASSERT_JET_OK(Insert(1, "orig", 5));
  ASSERT_JET_OK(SeekId(1, JET_bitSeekEQ));
  ASSERT_JET_OK(JetPrepareUpdate(sesid_, table_, JET_prepInsertCopy));
  EXPECT_EQ(JET_errKeyDuplicate,
            JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  int32_t id = 2;
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, id_, &id, sizeof(id), 0, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  ASSERT_JET_OK(SeekId(2, JET_bitSeekEQ));
  EXPECT_EQ("orig", CurrentName());
  // InsertCopyDeleteOriginal moves the record to a new primary key.
  ASSERT_JET_OK(
      JetPrepareUpdate(sesid_, table_, JET_prepInsertCopyDeleteOriginal));
  id = 9;
  ASSERT_JET_OK(JetSetColumn(sesid_, table_, id_, &id, sizeof(id), 0, nullptr));
  ASSERT_JET_OK(JetUpdate(sesid_, table_, nullptr, 0, nullptr));
  EXPECT_EQ((std::vector<int32_t>{1, 9}), Scan());
}

TEST_F(TableApiTest, GetLockNeedsATransactionAndConflicts) {
  ASSERT_JET_OK(Insert(1, "a", 1));
  ASSERT_JET_OK(SeekId(1, JET_bitSeekEQ));
  EXPECT_EQ(JET_errNotInTransaction,
            JetGetLock(sesid_, table_, JET_bitReadLock));
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_db;
  ASSERT_JET_OK(JetOpenDatabase(other, dir_.File("table.edb").c_str(), nullptr,
                                &other_db, 0));
  JET_TABLEID t;
  ASSERT_JET_OK(JetOpenTable(other, other_db, "people", nullptr, 0, 0, &t));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction(other));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetGetLock(sesid_, table_, JET_bitReadLock | JET_bitWriteLock));
  ASSERT_JET_OK(JetGetLock(sesid_, table_, JET_bitReadLock));
  ASSERT_JET_OK(JetMove(other, t, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetGetLock(other, t, JET_bitReadLock));  // reads commute
  EXPECT_EQ(JET_errWriteConflict, JetGetLock(other, t, JET_bitWriteLock));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(JetGetLock(other, t, JET_bitWriteLock));
  ASSERT_JET_OK(JetEndSession(other, 0));
}

TEST_F(TableApiTest, CreateTableColumnIndexAllVersions) {
  JET_COLUMNCREATE_A columns[2] = {};
  const char* column_names[2] = {"k", "v"};
  for (int i = 0; i < 2; ++i) {
    columns[i].cbStruct = sizeof(JET_COLUMNCREATE_A);
    columns[i].szColumnName = const_cast<char*>(column_names[i]);
    columns[i].coltyp = i == 0 ? JET_coltypLong : JET_coltypText;
  }
  JET_INDEXCREATE3_A indexes[3] = {};
  const char* names[3] = {"pk", "by_v", "bad.name"};
  for (int i = 0; i < 3; ++i) {
    indexes[i].cbStruct = sizeof(JET_INDEXCREATE3_A);
    indexes[i].szIndexName = const_cast<char*>(names[i]);
    indexes[i].szKey = const_cast<char*>(i == 0 ? "+k\0" : "+v\0");
    indexes[i].cbKey = i == 0 ? 4 : 4;
    indexes[i].grbit = i == 0 ? JET_bitIndexPrimary : 0;
    indexes[i].ulDensity = 100;
  }
  JET_TABLECREATE4_A create{};
  create.cbStruct = sizeof(create);
  create.szTableName = const_cast<char*>("t4");
  create.rgcolumncreate = columns;
  create.cColumns = 2;
  create.rgindexcreate = indexes;
  create.cIndexes = 3;
  // The third index's name is invalid: the call fails and creates nothing
  // (as ManagedEsent's JetCreateTableColumnIndexWithInvalidIndexName shows).
  EXPECT_EQ(JET_errInvalidName,
            JetCreateTableColumnIndex4(sesid_, dbid_, &create));
  EXPECT_EQ(JET_errSuccess, indexes[0].err);
  EXPECT_EQ(JET_errSuccess, indexes[1].err);
  EXPECT_EQ(JET_errInvalidName, indexes[2].err);
  EXPECT_EQ(JET_tableidNil, create.tableid);
  JET_TABLEID t;
  EXPECT_EQ(JET_errObjectNotFound,
            JetOpenTable(sesid_, dbid_, "t4", nullptr, 0, 0, &t));

  create.cIndexes = 2;
  ASSERT_JET_OK(JetCreateTableColumnIndex4(sesid_, dbid_, &create));
  EXPECT_EQ(5u, create.cCreated);  // table + 2 columns + 2 indexes
  EXPECT_NE(JET_tableidNil, create.tableid);
  ASSERT_JET_OK(JetCloseTable(sesid_, create.tableid));

  JET_TABLECREATE3_A create3{};
  create3.cbStruct = sizeof(create3) + 1;
  create3.szTableName = const_cast<char*>("t3");
  EXPECT_EQ(JET_errInvalidParameter,
            JetCreateTableColumnIndex3(sesid_, dbid_, &create3));
  create3.cbStruct = sizeof(create3);
  ASSERT_JET_OK(JetCreateTableColumnIndex3(sesid_, dbid_, &create3));
  EXPECT_EQ(1u, create3.cCreated);

  // JetCreateIndex3 / 4 on an open table.
  JET_INDEXCREATE2_A by_age{};
  by_age.cbStruct = sizeof(by_age);
  by_age.szIndexName = const_cast<char*>("by_age");
  by_age.szKey = const_cast<char*>("-age\0");
  by_age.cbKey = 6;
  by_age.ulDensity = 90;
  ASSERT_JET_OK(JetCreateIndex3(sesid_, table_, &by_age, 1));
  JET_INDEXCREATE3_A again{};
  again.cbStruct = sizeof(again);
  again.szIndexName = const_cast<char*>("by_age");
  again.szKey = const_cast<char*>("+age\0");
  again.cbKey = 6;
  EXPECT_EQ(JET_errIndexDuplicate, JetCreateIndex4(sesid_, table_, &again, 1));
  EXPECT_EQ(JET_errIndexDuplicate, again.err);
  again.cbStruct = sizeof(JET_INDEXCREATE2_A) - 4;
  EXPECT_EQ(JET_errInvalidParameter,
            JetCreateIndex4(sesid_, table_, &again, 1));
}

}  // namespace
}  // namespace lmjet::testing
