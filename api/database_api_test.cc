// Databases: create, attach, open, close, detach, and their errors.

#include <lmdb.h>

#include <cstring>
#include <fstream>
#include <string>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

class DatabaseApiTest : public InstanceTest {
 protected:
  std::string Db(const char* name) { return dir_.File(name); }

  // Creates database `db` and leaves it detached (a file on disk only).
  void CreateDetached(const std::string& db) {
    JET_DBID dbid;
    ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
    ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
    ASSERT_JET_OK(JetDetachDatabase(sesid_, db.c_str()));
  }
};

TEST_F(DatabaseApiTest, CreateOpensTheDatabase) {
  JET_DBID dbid = JET_dbidNil;
  ASSERT_JET_OK(
      JetCreateDatabase(sesid_, Db("a.edb").c_str(), nullptr, &dbid, 0));
  EXPECT_NE(JET_dbidNil, dbid);
  EXPECT_TRUE(std::filesystem::exists(Db("a.edb")));
  // Opened by the create: one close, then it is not open any more.
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  EXPECT_EQ(JET_errDatabaseNotFound, JetCloseDatabase(sesid_, dbid, 0));
}

TEST_F(DatabaseApiTest, CreateErrors) {
  JET_DBID dbid;
  EXPECT_EQ(JET_errDatabaseInvalidPath,
            JetCreateDatabase(sesid_, nullptr, nullptr, &dbid, 0));
  EXPECT_EQ(JET_errDatabaseInvalidPath,
            JetCreateDatabase(sesid_, "", nullptr, &dbid, 0));
  EXPECT_EQ(
      JET_errInvalidParameter,
      JetCreateDatabase(sesid_, Db("p.edb").c_str(), nullptr, nullptr, 0));
  EXPECT_EQ(JET_errInvalidGrbit, JetCreateDatabase(sesid_, Db("g.edb").c_str(),
                                                   nullptr, &dbid, 0x1));
  EXPECT_EQ(JET_errInvalidPath,
            JetCreateDatabase(sesid_, Db("missing/x.edb").c_str(), nullptr,
                              &dbid, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  EXPECT_EQ(JET_errInTransaction,
            JetCreateDatabase(sesid_, Db("t.edb").c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  // Nothing was left behind by the failures.
  EXPECT_FALSE(std::filesystem::exists(Db("p.edb")));
  EXPECT_FALSE(std::filesystem::exists(Db("g.edb")));
  EXPECT_FALSE(std::filesystem::exists(Db("t.edb")));
}

TEST_F(DatabaseApiTest, CreateDuplicateAndOverwrite) {
  JET_DBID dbid, again;
  const std::string db = Db("dup.edb");
  ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  // Attached: duplicate, even with overwrite.
  EXPECT_EQ(JET_errDatabaseDuplicate,
            JetCreateDatabase(sesid_, db.c_str(), nullptr, &again, 0));
  EXPECT_EQ(JET_errDatabaseDuplicate,
            JetCreateDatabase(sesid_, db.c_str(), nullptr, &again,
                              JET_bitDbOverwriteExisting));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  ASSERT_JET_OK(JetDetachDatabase(sesid_, db.c_str()));
  // The file exists: duplicate unless overwriting.
  EXPECT_EQ(JET_errDatabaseDuplicate,
            JetCreateDatabase(sesid_, db.c_str(), nullptr, &again, 0));
  EXPECT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &again,
                                  JET_bitDbOverwriteExisting));
}

TEST_F(DatabaseApiTest, CreateMakesDirectoriesWhenAsked) {
  JET_INSTANCE inst = 0;
  ScratchDir dir;
  ASSERT_JET_OK(JetCreateInstance(&inst, "create-path"));
  const std::string path = dir.path() + "/";
  JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, path.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist, 1, nullptr);
  ASSERT_JET_OK(JetInit(&inst));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  JET_DBID dbid;
  // A Windows-style path with backslashes names directories.
  const std::string windows = dir.path() + "\\sub\\dir\\w.edb";
  ASSERT_JET_OK(JetCreateDatabase(sesid, windows.c_str(), nullptr, &dbid, 0));
  EXPECT_TRUE(std::filesystem::exists(dir.File("sub/dir/w.edb")));
  // The same file, spelt the Linux way, is the same database.
  JET_DBID same;
  EXPECT_JET_OK(JetOpenDatabase(sesid, dir.File("sub/dir/w.edb").c_str(),
                                nullptr, &same, 0));
  EXPECT_EQ(dbid, same);
  EXPECT_JET_OK(JetTerm(inst));
}

TEST_F(DatabaseApiTest, AttachOpenCloseDetach) {
  const std::string db = Db("cycle.edb");
  ASSERT_NO_FATAL_FAILURE(CreateDetached(db));
  JET_DBID dbid;
  EXPECT_EQ(JET_errDatabaseNotFound,
            JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabase(sesid_, db.c_str()));

  ASSERT_JET_OK(JetAttachDatabase(sesid_, db.c_str(), 0));
  EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabase(sesid_, db.c_str(), 0));
  JET_DBID a, b;
  ASSERT_JET_OK(JetOpenDatabase(sesid_, db.c_str(), nullptr, &a, 0));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, db.c_str(), nullptr, &b, 0));
  EXPECT_EQ(a, b);
  // Open twice: detach refuses until both references are closed.
  EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(sesid_, db.c_str()));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, a, 0));
  EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(sesid_, db.c_str()));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, a, 0));
  EXPECT_JET_OK(JetDetachDatabase2(sesid_, db.c_str(), 0));
}

TEST_F(DatabaseApiTest, AttachErrors) {
  EXPECT_EQ(JET_errDatabaseInvalidPath, JetAttachDatabase(sesid_, "", 0));
  EXPECT_EQ(JET_errDatabaseInvalidPath, JetAttachDatabase(sesid_, nullptr, 0));
  EXPECT_EQ(JET_errFileNotFound,
            JetAttachDatabase(sesid_, Db("nope.edb").c_str(), 0));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetAttachDatabase(sesid_, Db("nope.edb").c_str(), 0x4));
  EXPECT_EQ(
      JET_errInvalidGrbit,
      JetAttachDatabase(sesid_, Db("nope.edb").c_str(),
                        JET_bitDbReadOnly | JET_bitDbDeleteUnicodeIndexes));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  EXPECT_EQ(JET_errInTransaction,
            JetAttachDatabase(sesid_, Db("nope.edb").c_str(), 0));
  EXPECT_EQ(JET_errInTransaction,
            JetDetachDatabase(sesid_, Db("nope.edb").c_str()));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  // A file that is not a database.
  {
    std::ofstream junk(Db("junk.edb"));
    junk << std::string(8192, 'x');
  }
  EXPECT_EQ(JET_errInvalidDatabase,
            JetAttachDatabase(sesid_, Db("junk.edb").c_str(), 0));
  EXPECT_EQ(8192u, std::filesystem::file_size(Db("junk.edb")));
}

TEST_F(DatabaseApiTest, IncompatibleFormatVersionIsRefused) {
  const std::string db = Db("old.edb");
  ASSERT_NO_FATAL_FAILURE(CreateDetached(db));
  JET_DBID dbid;
  // Rewrite the format record as a future lmjet would.
  MDB_env* env;
  ASSERT_EQ(0, mdb_env_create(&env));
  ASSERT_EQ(0, mdb_env_set_maxdbs(env, 4));
  ASSERT_EQ(0, mdb_env_open(env, db.c_str(), MDB_NOSUBDIR, 0644));
  MDB_txn* txn;
  MDB_dbi dbi;
  ASSERT_EQ(0, mdb_txn_begin(env, nullptr, 0, &txn));
  ASSERT_EQ(0, mdb_dbi_open(txn, "lmjet.meta", 0, &dbi));
  MDB_val key{6, const_cast<char*>("format")}, value;
  ASSERT_EQ(0, mdb_get(txn, dbi, &key, &value));
  ASSERT_EQ(16u, value.mv_size);
  char record[16];
  std::memcpy(record, value.mv_data, 16);
  const uint32_t future = 2;
  std::memcpy(record + 8, &future, 4);
  MDB_val updated{16, record};
  ASSERT_EQ(0, mdb_put(txn, dbi, &key, &updated, 0));
  ASSERT_EQ(0, mdb_txn_commit(txn));
  mdb_env_close(env);
  EXPECT_EQ(JET_errInvalidDatabaseVersion,
            JetAttachDatabase(sesid_, db.c_str(), 0));
  EXPECT_EQ(JET_errDatabaseNotFound,
            JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
}

TEST_F(DatabaseApiTest, OpenErrorsAndExclusivity) {
  const std::string db = Db("x.edb");
  JET_DBID dbid;
  ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  EXPECT_EQ(JET_errDatabaseInvalidPath,
            JetOpenDatabase(sesid_, "", nullptr, &dbid, 0));
  EXPECT_EQ(JET_errInvalidParameter,
            JetOpenDatabase(sesid_, db.c_str(), nullptr, nullptr, 0));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0x8));
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_dbid;
  // Open elsewhere: an exclusive open is refused.
  EXPECT_EQ(JET_errDatabaseInUse,
            JetOpenDatabase(other, db.c_str(), nullptr, &other_dbid,
                            JET_bitDbExclusive));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  ASSERT_JET_OK(JetOpenDatabase(other, db.c_str(), nullptr, &other_dbid,
                                JET_bitDbExclusive));
  // Held exclusively: every other open is refused.
  EXPECT_EQ(JET_errDatabaseLocked,
            JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetCloseDatabase(other, other_dbid, 0));
  EXPECT_JET_OK(JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
}

TEST_F(DatabaseApiTest, SameDbidForEverySession) {
  const std::string db = Db("shared.edb");
  JET_DBID mine, theirs;
  ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &mine, 0));
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  ASSERT_JET_OK(JetOpenDatabase(other, db.c_str(), nullptr, &theirs, 0));
  EXPECT_EQ(mine, theirs);
  // A dbid another session opened is not this session's to close.
  ASSERT_JET_OK(JetCloseDatabase(sesid_, mine, 0));
  EXPECT_EQ(JET_errDatabaseNotFound, JetCloseDatabase(sesid_, mine, 0));
  EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(sesid_, 9999, 0));
  EXPECT_JET_OK(JetCloseDatabase(other, theirs, 0));
}

TEST_F(DatabaseApiTest, ReadOnlyAttach) {
  const std::string db = Db("ro.edb");
  ASSERT_NO_FATAL_FAILURE(CreateDetached(db));
  JET_DBID dbid;
  ASSERT_JET_OK(JetAttachDatabase(sesid_, db.c_str(), JET_bitDbReadOnly));
  // Opening without the read-only bit opens read-only, with a warning.
  EXPECT_EQ(JET_wrnFileOpenReadOnly,
            JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  EXPECT_JET_OK(
      JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
}

TEST_F(DatabaseApiTest, CommitStatsErrors) {
  JET_DBID dbid;
  ASSERT_JET_OK(
      JetCreateDatabase(sesid_, Db("s.edb").c_str(), nullptr, &dbid, 0));
  LMJET_COMMITSTATS stats;
  EXPECT_EQ(JET_errInvalidSesid,
            LmjetGetCommitStats(JET_sesidNil, dbid, &stats, sizeof(stats)));
  EXPECT_EQ(JET_errInvalidDatabaseId,
            LmjetGetCommitStats(sesid_, dbid + 1, &stats, sizeof(stats)));
  EXPECT_EQ(JET_errInvalidParameter,
            LmjetGetCommitStats(sesid_, dbid, nullptr, sizeof(stats)));
  std::memset(&stats, 0xab, sizeof(stats));
  EXPECT_EQ(JET_errInvalidBufferSize,
            LmjetGetCommitStats(sesid_, dbid, &stats, sizeof(stats) - 1));
  EXPECT_EQ(0xababababababababull, stats.cBatch);  // left alone
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  // Closed: not open in the session any more.
  EXPECT_EQ(JET_errInvalidDatabaseId,
            LmjetGetCommitStats(sesid_, dbid, &stats, sizeof(stats)));
}

TEST_F(DatabaseApiTest, CommitStatsCountEveryCommitToTheFile) {
  JET_DBID dbid;
  ASSERT_JET_OK(
      JetCreateDatabase(sesid_, Db("c.edb").c_str(), nullptr, &dbid, 0));
  JET_TABLEID tableid;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid, "t", 0, 100, &tableid));
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  def.coltyp = JET_coltypLong;
  JET_COLUMNID id;
  ASSERT_JET_OK(JetAddColumn(sesid_, tableid, "id", &def, nullptr, 0, &id));

  LMJET_COMMITSTATS before;
  ASSERT_JET_OK(LmjetGetCommitStats(sesid_, dbid, &before, sizeof(before)));
  EXPECT_EQ(sizeof(LMJET_COMMITSTATS), before.cbStruct);
  // The create and the DDL committed already.
  EXPECT_GT(before.cBatch, 0u);
  EXPECT_EQ(before.cBatch, before.cCommit);  // one session: batches of one

  constexpr int kInserts = 5;
  for (int32_t i = 0; i < kInserts; ++i) {
    ASSERT_JET_OK(JetPrepareUpdate(sesid_, tableid, JET_prepInsert));
    ASSERT_JET_OK(JetSetColumn(sesid_, tableid, id, &i, sizeof(i), 0, nullptr));
    ASSERT_JET_OK(
        JetUpdate(sesid_, tableid, nullptr, 0, nullptr));  // autocommit
  }
  // A transaction that writes nothing does not commit to the file.
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));

  LMJET_COMMITSTATS after;
  ASSERT_JET_OK(LmjetGetCommitStats(sesid_, dbid, &after, sizeof(after)));
  EXPECT_EQ(before.cBatch + kInserts, after.cBatch);
  EXPECT_EQ(before.cCommit + kInserts, after.cCommit);
  // Each insert's batch applied, committed, and synced its meta page.
  EXPECT_GT(after.nsApply, before.nsApply);
  EXPECT_GT(after.nsCommit, before.nsCommit);
  EXPECT_GT(after.nsDurable, before.nsDurable);
}

TEST_F(DatabaseApiTest, CommitStatsOfAReadOnlyDatabaseAreZero) {
  const std::string db = Db("rs.edb");
  ASSERT_NO_FATAL_FAILURE(CreateDetached(db));
  JET_DBID dbid;
  ASSERT_JET_OK(JetAttachDatabase(sesid_, db.c_str(), JET_bitDbReadOnly));
  ASSERT_JET_OK(
      JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, JET_bitDbReadOnly));
  LMJET_COMMITSTATS stats;
  std::memset(&stats, 0xab, sizeof(stats));
  ASSERT_JET_OK(LmjetGetCommitStats(sesid_, dbid, &stats, sizeof(stats)));
  EXPECT_EQ(sizeof(LMJET_COMMITSTATS), stats.cbStruct);
  EXPECT_EQ(0u, stats.cBatch);
  EXPECT_EQ(0u, stats.cCommit);
  EXPECT_EQ(0u,
            stats.nsGather + stats.nsApply + stats.nsCommit + stats.nsDurable);
}

TEST_F(DatabaseApiTest, DetachAll) {
  JET_DBID a, b;
  ASSERT_JET_OK(JetCreateDatabase(sesid_, Db("1.edb").c_str(), nullptr, &a, 0));
  ASSERT_JET_OK(JetCreateDatabase(sesid_, Db("2.edb").c_str(), nullptr, &b, 0));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, a, 0));
  // One is still open: nothing is detached.
  EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(sesid_, nullptr));
  EXPECT_EQ(JET_wrnDatabaseAttached,
            JetAttachDatabase(sesid_, Db("1.edb").c_str(), 0));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, b, 0));
  ASSERT_JET_OK(JetDetachDatabase(sesid_, nullptr));
  EXPECT_EQ(JET_errDatabaseNotFound,
            JetDetachDatabase(sesid_, Db("1.edb").c_str()));
  EXPECT_EQ(JET_errDatabaseNotFound,
            JetDetachDatabase(sesid_, Db("2.edb").c_str()));
  EXPECT_EQ(JET_errInvalidGrbit, JetDetachDatabase2(sesid_, nullptr, 0x10));
}

TEST_F(DatabaseApiTest, OneDatabasePerSession) {
  JET_INSTANCE inst = 0;
  ScratchDir dir;
  ASSERT_JET_OK(JetCreateInstance(&inst, "one-db"));
  const std::string path = dir.path() + "/";
  JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, path.c_str());
  JetSetSystemParameter(&inst, 0, JET_paramOneDatabasePerSession, 1, nullptr);
  ASSERT_JET_OK(JetInit(&inst));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(inst, &sesid, "", ""));
  JET_DBID a, b;
  ASSERT_JET_OK(
      JetCreateDatabase(sesid, dir.File("a.edb").c_str(), nullptr, &a, 0));
  EXPECT_EQ(
      JET_errOneDatabasePerSession,
      JetCreateDatabase(sesid, dir.File("b.edb").c_str(), nullptr, &b, 0));
  // The same database again is fine.
  EXPECT_JET_OK(
      JetOpenDatabase(sesid, dir.File("a.edb").c_str(), nullptr, &b, 0));
  EXPECT_JET_OK(JetTerm(inst));
}

TEST_F(DatabaseApiTest, SharedAcrossInstances) {
  const std::string db = Db("across.edb");
  JET_DBID dbid;
  ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  JET_INSTANCE second = 0;
  ScratchDir dir;
  ASSERT_JET_OK(StartInstance("second-instance", dir, &second));
  JET_SESID sesid;
  ASSERT_JET_OK(JetBeginSession(second, &sesid, "", ""));
  // Attaching in a second instance shares the process-wide environment.
  ASSERT_JET_OK(JetAttachDatabase(sesid, db.c_str(), 0));
  JET_DBID theirs;
  ASSERT_JET_OK(JetOpenDatabase(sesid, db.c_str(), nullptr, &theirs, 0));
  EXPECT_EQ(dbid, theirs);
  EXPECT_JET_OK(JetTerm(second));
  // The first instance still has it.
  EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabase(sesid_, db.c_str(), 0));
}

TEST_F(DatabaseApiTest, SnapshotTakenForDatabaseOpenedInTransaction) {
  const std::string db = Db("snap.edb");
  JET_DBID dbid;
  ASSERT_JET_OK(JetCreateDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, db.c_str(), nullptr, &dbid, 0));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(JetCommitTransaction(sesid_, 0));
  EXPECT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
}

}  // namespace
}  // namespace lmjet::testing
