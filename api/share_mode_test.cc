// Table share modes (JET_bitTableDenyRead / DenyWrite / ReadOnly): every
// combination across two sessions and within one, the grbits esent.dll
// refuses, JetCreateTable's exclusive cursor, JetDeleteTable on an open
// table, and every way a cursor's locks are released (cursor/table_share.h).

#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

constexpr JET_GRBIT kReadOnly = JET_bitTableReadOnly;
constexpr JET_GRBIT kUpdatable = JET_bitTableUpdatable;
constexpr JET_GRBIT kDenyWrite = JET_bitTableDenyWrite;
constexpr JET_GRBIT kDenyRead = JET_bitTableDenyRead;
constexpr JET_GRBIT kDenyBoth = JET_bitTableDenyRead | JET_bitTableDenyWrite;

class ShareModeTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    path_ = dir_.File("share.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path_.c_str(), nullptr, &db1_, 0));
    CreateTable("t");
    CreateTable("u");
    ASSERT_JET_OK(JetBeginSession(instance_, &other_, "", ""));
    ASSERT_JET_OK(JetOpenDatabase(other_, path_.c_str(), nullptr, &db2_, 0));
  }

  // A table with a Long primary key "k" and one row (k = 1), closed.
  void CreateTable(const char* name) {
    JET_TABLEID t;
    ASSERT_JET_OK(JetCreateTable(sesid_, db1_, name, 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypLong;
    ASSERT_JET_OK(JetAddColumn(sesid_, t, "k", &def, nullptr, 0, &k_));
    ASSERT_JET_OK(
        JetCreateIndex(sesid_, t, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    ASSERT_JET_OK(Insert(sesid_, t, 1));
    ASSERT_JET_OK(JetCloseTable(sesid_, t));
  }

  JET_ERR Insert(JET_SESID sesid, JET_TABLEID t, int32_t key) {
    JET_ERR err = JetPrepareUpdate(sesid, t, JET_prepInsert);
    if (err != JET_errSuccess) return err;
    err = JetSetColumn(sesid, t, k_, &key, sizeof(key), 0, nullptr);
    if (err == JET_errSuccess) err = JetUpdate(sesid, t, nullptr, 0, nullptr);
    if (err != JET_errSuccess) JetPrepareUpdate(sesid, t, JET_prepCancel);
    return err;
  }

  int32_t FirstKey(JET_SESID sesid, JET_TABLEID t) {
    int32_t key = -1;
    unsigned long actual = 0;
    EXPECT_JET_OK(JetMove(sesid, t, JET_MoveFirst, 0));
    EXPECT_JET_OK(JetRetrieveColumn(sesid, t, k_, &key, sizeof(key), &actual, 0,
                                    nullptr));
    return key;
  }

  // Opens "t" (or `table`) with `grbit`; a refused open must leave the
  // tableid nil.
  JET_ERR Open(JET_SESID sesid, JET_GRBIT grbit, JET_TABLEID* t,
               const char* table = "t") {
    const JET_DBID db = sesid == other_ ? db2_ : db1_;
    *t = 0x1234;
    const JET_ERR err = JetOpenTable(sesid, db, table, nullptr, 0, grbit, t);
    if (err < 0) {
      EXPECT_EQ(JET_tableidNil, *t);
    }
    return err;
  }

  // Proves that no lock is left on "t": the other session can open it
  // exclusively (which needs every cursor of this session closed).
  void ExpectTableFree() {
    JET_TABLEID t;
    ASSERT_JET_OK(Open(other_, kDenyBoth, &t));
    ASSERT_JET_OK(JetCloseTable(other_, t));
  }

  std::string path_;
  JET_DBID db1_ = 0, db2_ = 0;
  JET_SESID other_ = JET_sesidNil;
  JET_COLUMNID k_ = 0;
};

TEST_F(ShareModeTest, GrbitCombinationsEsentRefuses) {
  JET_TABLEID t;
  EXPECT_EQ(JET_errInvalidGrbit, Open(sesid_, kDenyRead | kReadOnly, &t));
  EXPECT_EQ(JET_errInvalidGrbit, Open(sesid_, kReadOnly | kUpdatable, &t));
  EXPECT_EQ(JET_errInvalidGrbit, Open(sesid_, JET_bitTablePermitDDL, &t));
  EXPECT_EQ(JET_errInvalidGrbit,
            Open(sesid_, JET_bitTablePermitDDL | kDenyWrite, &t));
  EXPECT_EQ(JET_errInvalidGrbit, Open(sesid_, 0x10000000, &t));
  ExpectTableFree();
  ASSERT_JET_OK(Open(sesid_, JET_bitTablePermitDDL | kDenyRead, &t));
  EXPECT_JET_OK(JetCloseTable(sesid_, t));
  ExpectTableFree();
}

// One cursor held with `held`, another asked for with `asked`, by the
// other session and by the same session. The expected errors are
// esent.dll's (fileopen.cxx ErrFILEISetMode).
struct Case {
  JET_GRBIT held;
  JET_GRBIT asked;
  JET_ERR other_session;
  JET_ERR same_session;
};

TEST_F(ShareModeTest, EveryCombinationAcrossAndWithinSessions) {
  constexpr JET_ERR kOk = JET_errSuccess;
  constexpr JET_ERR kLocked = JET_errTableLocked;
  constexpr JET_ERR kInUse = JET_errTableInUse;
  const std::vector<Case> cases = {
      // Held shared and updatable (grbit 0 or Updatable).
      {0, 0, kOk, kOk},
      {0, kReadOnly, kOk, kOk},
      {0, kUpdatable, kOk, kOk},
      {0, kDenyWrite, kInUse, kOk},
      {0, kDenyRead, kInUse, kOk},
      {0, kDenyBoth, kInUse, kOk},
      {kUpdatable, 0, kOk, kOk},
      {kUpdatable, kReadOnly, kOk, kOk},
      {kUpdatable, kUpdatable, kOk, kOk},
      {kUpdatable, kDenyWrite, kInUse, kOk},
      {kUpdatable, kDenyRead, kInUse, kOk},
      {kUpdatable, kDenyBoth, kInUse, kOk},
      // Held read-only: it does not stop DenyWrite.
      {kReadOnly, 0, kOk, kOk},
      {kReadOnly, kReadOnly, kOk, kOk},
      {kReadOnly, kUpdatable, kOk, kOk},
      {kReadOnly, kDenyWrite, kOk, kOk},
      {kReadOnly, kDenyRead, kInUse, kOk},
      {kReadOnly, kDenyBoth, kInUse, kOk},
      // Held DenyWrite: only explicitly Updatable opens of other sessions
      // are locked out; a second DenyWrite is refused even to its owner.
      {kDenyWrite, 0, kOk, kOk},
      {kDenyWrite, kReadOnly, kOk, kOk},
      {kDenyWrite, kUpdatable, kLocked, kOk},
      {kDenyWrite, kDenyWrite, kInUse, kInUse},
      {kDenyWrite, kDenyRead, kInUse, kOk},
      {kDenyWrite, kDenyBoth, kInUse, kInUse},
      // Held DenyRead: other sessions are locked out entirely.
      {kDenyRead, 0, kLocked, kOk},
      {kDenyRead, kReadOnly, kLocked, kOk},
      {kDenyRead, kUpdatable, kLocked, kOk},
      {kDenyRead, kDenyWrite, kLocked, kOk},
      {kDenyRead, kDenyRead, kLocked, kOk},
      {kDenyRead, kDenyBoth, kLocked, kOk},
      {kDenyBoth, 0, kLocked, kOk},
      {kDenyBoth, kReadOnly, kLocked, kOk},
      {kDenyBoth, kUpdatable, kLocked, kOk},
      {kDenyBoth, kDenyWrite, kLocked, kInUse},
      {kDenyBoth, kDenyRead, kLocked, kOk},
      {kDenyBoth, kDenyBoth, kLocked, kInUse},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("held " + std::to_string(c.held) + " asked " +
                 std::to_string(c.asked));
    for (const bool same : {false, true}) {
      SCOPED_TRACE(same ? "same session" : "other session");
      const JET_SESID asker = same ? sesid_ : other_;
      JET_TABLEID held, asked;
      ASSERT_JET_OK(Open(sesid_, c.held, &held));
      const JET_ERR expected = same ? c.same_session : c.other_session;
      EXPECT_EQ(expected, Open(asker, c.asked, &asked));
      // The other table is never affected.
      JET_TABLEID unrelated;
      EXPECT_JET_OK(Open(asker, c.asked, &unrelated, "u"));
      EXPECT_JET_OK(JetCloseTable(asker, unrelated));
      if (expected == kOk) {
        EXPECT_JET_OK(JetCloseTable(asker, asked));
      }
      ASSERT_JET_OK(JetCloseTable(sesid_, held));
      ExpectTableFree();
    }
  }
}

TEST_F(ShareModeTest, OpenWithoutUpdatableUnderDenyWriteCanStillWrite) {
  // esent.dll checks DenyWrite against JET_bitTableUpdatable only: a
  // cursor opened with grbit 0 is updatable and is let in.
  JET_TABLEID owner, plain;
  ASSERT_JET_OK(Open(sesid_, kDenyWrite, &owner));
  ASSERT_JET_OK(Open(other_, 0, &plain));
  EXPECT_JET_OK(Insert(other_, plain, 2));
  ASSERT_JET_OK(JetCloseTable(other_, plain));
  // The owner's session writes through any of its cursors.
  JET_TABLEID second;
  ASSERT_JET_OK(Open(sesid_, kUpdatable, &second));
  EXPECT_JET_OK(Insert(sesid_, second, 3));
  EXPECT_JET_OK(Insert(sesid_, owner, 4));
  unsigned long count = 0;
  ASSERT_JET_OK(JetIndexRecordCount(sesid_, owner, &count, 0));
  EXPECT_EQ(4u, count);
  ASSERT_JET_OK(JetCloseTable(sesid_, second));
  ASSERT_JET_OK(JetCloseTable(sesid_, owner));
  ExpectTableFree();
}

TEST_F(ShareModeTest, ReadOnlyCursorRefusesUpdatesAndStillReads) {
  JET_TABLEID t;
  ASSERT_JET_OK(Open(sesid_, kReadOnly, &t));
  EXPECT_EQ(1, FirstKey(sesid_, t));
  EXPECT_EQ(JET_errPermissionDenied,
            JetPrepareUpdate(sesid_, t, JET_prepInsert));
  EXPECT_EQ(JET_errPermissionDenied,
            JetPrepareUpdate(sesid_, t, JET_prepReplace));
  EXPECT_EQ(JET_errPermissionDenied, JetDelete(sesid_, t));
  // A duplicate keeps the cursor's read-only mode.
  JET_TABLEID dup;
  ASSERT_JET_OK(JetDupCursor(sesid_, t, &dup, 0));
  EXPECT_EQ(JET_errPermissionDenied,
            JetPrepareUpdate(sesid_, dup, JET_prepInsert));
  EXPECT_JET_OK(JetCloseTable(sesid_, dup));
  EXPECT_EQ(1, FirstKey(sesid_, t));
  unsigned long count = 0;
  ASSERT_JET_OK(JetIndexRecordCount(sesid_, t, &count, 0));
  EXPECT_EQ(1u, count);
  EXPECT_JET_OK(JetCloseTable(sesid_, t));
}

TEST_F(ShareModeTest, CreateTableCursorIsExclusiveUntilClosed) {
  JET_TABLEID created, t;
  ASSERT_JET_OK(JetCreateTable(sesid_, db1_, "fresh", 0, 0, &created));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &t, "fresh"));
  EXPECT_EQ(JET_errTableLocked, Open(other_, kReadOnly, &t, "fresh"));
  // The creating session opens it freely.
  JET_TABLEID mine;
  ASSERT_JET_OK(Open(sesid_, 0, &mine, "fresh"));
  ASSERT_JET_OK(JetCloseTable(sesid_, created));
  // Its shared cursor lets others read, not lock it.
  ASSERT_JET_OK(Open(other_, kReadOnly, &t, "fresh"));
  JET_TABLEID refused;
  EXPECT_EQ(JET_errTableInUse, Open(other_, kDenyRead, &refused, "fresh"));
  ASSERT_JET_OK(JetCloseTable(sesid_, mine));
  ASSERT_JET_OK(JetCloseTable(other_, t));
  ASSERT_JET_OK(Open(other_, kDenyRead, &t, "fresh"));
  ASSERT_JET_OK(JetCloseTable(other_, t));
}

TEST_F(ShareModeTest, CreateTableColumnIndexCursorIsExclusive) {
  JET_TABLECREATE_A create{};
  create.cbStruct = sizeof(create);
  create.szTableName = const_cast<char*>("fresh");
  ASSERT_JET_OK(JetCreateTableColumnIndex(sesid_, db1_, &create));
  JET_TABLEID t;
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &t, "fresh"));
  ASSERT_JET_OK(JetCloseTable(sesid_, create.tableid));
  ASSERT_JET_OK(Open(other_, 0, &t, "fresh"));
  ASSERT_JET_OK(JetCloseTable(other_, t));
}

TEST_F(ShareModeTest, DupCursorTakesNoLockOfItsOwn) {
  JET_TABLEID owner, dup, t;
  ASSERT_JET_OK(Open(sesid_, kDenyWrite, &owner));
  ASSERT_JET_OK(JetDupCursor(sesid_, owner, &dup, 0));
  EXPECT_EQ(JET_errTableLocked, Open(other_, kUpdatable, &t));
  ASSERT_JET_OK(JetCloseTable(sesid_, owner));
  // The lock went with its cursor; the updatable duplicate still keeps
  // other sessions from taking DenyWrite.
  ASSERT_JET_OK(Open(other_, kUpdatable, &t));
  ASSERT_JET_OK(JetCloseTable(other_, t));
  EXPECT_EQ(JET_errTableInUse, Open(other_, kDenyWrite, &t));
  ASSERT_JET_OK(JetCloseTable(sesid_, dup));
  ExpectTableFree();
}

TEST_F(ShareModeTest, RollbackClosesTheCursorAndItsLocks) {
  JET_TABLEID t, locked;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Open(sesid_, kDenyRead, &locked));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &t));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(sesid_, locked));
  ExpectTableFree();
}

TEST_F(ShareModeTest, CommitKeepsTheCursorAndItsLocks) {
  JET_TABLEID t, locked;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Open(sesid_, kDenyRead, &locked));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &t));
  ASSERT_JET_OK(JetCloseTable(sesid_, locked));
  ExpectTableFree();
}

// esent.dll defers the close of a cursor that changed data until the
// transaction ends, so its locks outlive JetCloseTable; a cursor that only
// read lets them go at once.
TEST_F(ShareModeTest, CloseInsideATransactionKeepsTheLocksOfACursorThatWrote) {
  JET_TABLEID t, o;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Open(sesid_, kDenyRead, &t));
  EXPECT_EQ(1, FirstKey(sesid_, t));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  ExpectTableFree();                           // read only: released at close
  ASSERT_JET_OK(JetBeginTransaction(sesid_));  // level 2
  ASSERT_JET_OK(Open(sesid_, kDenyRead, &t));
  ASSERT_JET_OK(Insert(sesid_, t, 2));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &o));
  // Also for other tables' cursors of this session: only "t" is held.
  ASSERT_JET_OK(Open(other_, kDenyBoth, &o, "u"));
  ASSERT_JET_OK(JetCloseTable(other_, o));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));  // to level 1: still held
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &o));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));  // level 0: released
  ExpectTableFree();
  // A rollback to level 0 releases them too.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(Open(sesid_, kDenyWrite, &t));
  ASSERT_JET_OK(Insert(sesid_, t, 3));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  EXPECT_EQ(JET_errTableLocked, Open(other_, kUpdatable, &o));
  ASSERT_JET_OK(Open(other_, kReadOnly, &o));  // DenyWrite lets readers in
  ASSERT_JET_OK(JetCloseTable(other_, o));
  ASSERT_JET_OK(JetRollback(sesid_, JET_bitRollbackAll));
  ExpectTableFree();
  // Outside a transaction an update commits at once: nothing is held.
  ASSERT_JET_OK(Open(sesid_, kDenyRead, &t));
  ASSERT_JET_OK(Insert(sesid_, t, 4));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  ExpectTableFree();
  ASSERT_JET_OK(Open(other_, 0, &o));
  EXPECT_EQ(1, FirstKey(other_, o));
  ASSERT_JET_OK(JetCloseTable(other_, o));
}

// esent.dll's delete-pending lock: a table deleted inside a transaction is
// locked for other sessions until it ends; after a rollback they open it
// again, after a commit it is gone.
TEST_F(ShareModeTest, TableDeletedInATransactionIsLockedUntilItEnds) {
  JET_TABLEID o;
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetDeleteTable(sesid_, db1_, "t"));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &o));
  EXPECT_EQ(JET_errTableLocked, Open(other_, kReadOnly, &o));
  EXPECT_EQ(JET_errObjectNotFound, Open(sesid_, 0, &o));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  ExpectTableFree();
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetDeleteTable(sesid_, db1_, "t"));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &o));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  EXPECT_EQ(JET_errObjectNotFound, Open(other_, 0, &o));
  // Deleted outside a transaction: no lock lingers on the name's new table.
  ASSERT_JET_OK(JetDeleteTable(sesid_, db1_, "u"));
  EXPECT_EQ(JET_errObjectNotFound, Open(other_, 0, &o, "u"));
  CreateTable("u");
  ASSERT_JET_OK(Open(other_, kDenyBoth, &o, "u"));
  ASSERT_JET_OK(JetCloseTable(other_, o));
}

TEST_F(ShareModeTest, EndSessionReleasesLocks) {
  JET_SESID third;
  ASSERT_JET_OK(JetBeginSession(instance_, &third, "", ""));
  JET_DBID db;
  ASSERT_JET_OK(JetOpenDatabase(third, path_.c_str(), nullptr, &db, 0));
  JET_TABLEID locked, t;
  ASSERT_JET_OK(JetOpenTable(third, db, "t", nullptr, 0, kDenyBoth, &locked));
  EXPECT_EQ(JET_errTableLocked, Open(other_, kReadOnly, &t));
  ASSERT_JET_OK(JetEndSession(third, 0));
  ExpectTableFree();
}

TEST_F(ShareModeTest, CloseDatabaseReleasesLocks) {
  JET_TABLEID t, locked;
  ASSERT_JET_OK(Open(sesid_, kDenyRead, &locked));
  EXPECT_EQ(JET_errTableLocked, Open(other_, 0, &t));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, db1_, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(sesid_, locked));
  ExpectTableFree();
}

TEST_F(ShareModeTest, DeleteTableWhileOpen) {
  JET_TABLEID t;
  // A cursor of the deleting session.
  ASSERT_JET_OK(Open(sesid_, kReadOnly, &t));
  EXPECT_EQ(JET_errTableInUse, JetDeleteTable(sesid_, db1_, "t"));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  // A shared cursor of another session.
  ASSERT_JET_OK(Open(other_, kReadOnly, &t));
  EXPECT_EQ(JET_errTableInUse, JetDeleteTable(sesid_, db1_, "t"));
  ASSERT_JET_OK(JetCloseTable(other_, t));
  // Another session's exclusive cursor.
  ASSERT_JET_OK(Open(other_, kDenyRead, &t));
  EXPECT_EQ(JET_errTableLocked, JetDeleteTable(sesid_, db1_, "t"));
  ASSERT_JET_OK(JetCloseTable(other_, t));
  // A refused delete changed nothing.
  ASSERT_JET_OK(Open(other_, 0, &t));
  EXPECT_EQ(1, FirstKey(other_, t));
  ASSERT_JET_OK(JetCloseTable(other_, t));
  ASSERT_JET_OK(JetDeleteTable(sesid_, db1_, "t"));
  EXPECT_EQ(JET_errObjectNotFound, Open(other_, 0, &t));
}

TEST_F(ShareModeTest, DeleteTableWhileItsCreateCursorIsOpen) {
  JET_TABLEID created;
  ASSERT_JET_OK(JetCreateTable(sesid_, db1_, "fresh", 0, 0, &created));
  EXPECT_EQ(JET_errTableInUse, JetDeleteTable(sesid_, db1_, "fresh"));
  EXPECT_EQ(JET_errTableLocked, JetDeleteTable(other_, db2_, "fresh"));
  ASSERT_JET_OK(JetCloseTable(sesid_, created));
  ASSERT_JET_OK(JetDeleteTable(other_, db2_, "fresh"));
}

TEST_F(ShareModeTest, TempTablesAreNotAffected) {
  JET_TABLEID locked;
  ASSERT_JET_OK(Open(sesid_, kDenyBoth, &locked));
  JET_COLUMNDEF column{};
  column.cbStruct = sizeof(column);
  column.coltyp = JET_coltypLong;
  column.grbit = JET_bitColumnTTKey;
  JET_COLUMNID columnid;
  JET_TABLEID temp;
  ASSERT_JET_OK(JetOpenTempTable(other_, &column, 1, 0, &temp, &columnid));
  ASSERT_JET_OK(JetCloseTable(other_, temp));
  ASSERT_JET_OK(JetCloseTable(sesid_, locked));
  ExpectTableFree();
}

}  // namespace
}  // namespace lmjet::testing
