// A disk that fills during a commit (issue 3): JET_errDiskFull, the failed
// transaction rolls back, nothing committed is lost, and once there is room
// again the same work succeeds and survives a restart.
//
// The disk is "filled" without mounts or root: RLIMIT_FSIZE caps the size
// of any file this process writes, and with SIGXFSZ ignored a write past
// the cap fails with EFBIG, which is what a full file system looks like to
// this process. The limit is process-wide, so this test has a binary of its
// own, lowers it only around the calls that must fail, restores it on every
// path (FileSizeLimit) and reports nothing while it is lowered: the test
// log and GoogleTest's XML file are files too.
//
// A failed write of LMDB's header pages makes LMDB's environment fatal
// (MDB_PANIC); a full disk never causes one, so a pwrite() interposer
// defined here (the executable's symbol wins over libc's for liblmdb)
// fails those writes on demand.

#include <dlfcn.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

// While not 0: the inode of the database file whose header writes fail.
std::atomic<ino_t> g_fail_header_writes_of{0};

extern "C" ssize_t pwrite(int fd, const void* data, size_t size, off_t offset) {
  using Pwrite = ssize_t (*)(int, const void*, size_t, off_t);
  static const Pwrite real =
      reinterpret_cast<Pwrite>(dlsym(RTLD_NEXT, "pwrite"));
  const ino_t failing = g_fail_header_writes_of.load();
  struct stat st {};
  if (failing != 0 && offset < 2 * sysconf(_SC_PAGESIZE) &&
      fstat(fd, &st) == 0 && st.st_ino == failing) {
    errno = EIO;
    return -1;
  }
  return real(fd, data, size, offset);
}

namespace lmjet::testing {
namespace {

// While alive, files of this process cannot grow past `bytes` and writes
// past it fail with EFBIG instead of raising SIGXFSZ. The destructor puts
// back the limit and the signal disposition found at construction.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ok_ = sigaction(SIGXFSZ, &ignore, &saved_action_) == 0;
    if (!ok_) return;
    ok_ = getrlimit(RLIMIT_FSIZE, &saved_limit_) == 0;
    if (!ok_) return;
    struct rlimit lowered = saved_limit_;
    lowered.rlim_cur = bytes;
    ok_ = setrlimit(RLIMIT_FSIZE, &lowered) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_limit_);
    sigaction(SIGXFSZ, &saved_action_, nullptr);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
  struct rlimit saved_limit_ {};
  struct sigaction saved_action_ {};
};

// The payload stored under `key`: its size and bytes follow from the key.
std::string Payload(int32_t key, size_t size) {
  std::string payload(size, '\0');
  for (size_t i = 0; i < size; ++i) {
    payload[i] = static_cast<char>((key * 131 + i * 7) & 0xFF);
  }
  return payload;
}

constexpr int32_t kCommittedRows = 300;
constexpr size_t kCommittedPayload = 700;
constexpr int32_t kLargeKey = 100000;
constexpr size_t kLargePayload = 4 << 20;  // far past the file's end
constexpr int32_t kTransactionFirstKey = 200000;
constexpr int32_t kTransactionRows = 64;
constexpr size_t kTransactionPayload = 32 << 10;

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("full.edb");
    ASSERT_JET_OK(StartInstance("diskfull", dir_, &instance_));
    ASSERT_JET_OK(JetBeginSession(instance_, &sesid_, "", ""));
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path_.c_str(), nullptr, &dbid_, 0));
    JET_TABLEID created;
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "rows", 0, 0, &created));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypLong;
    ASSERT_JET_OK(JetAddColumn(sesid_, created, "k", &def, nullptr, 0, &k_));
    def.coltyp = JET_coltypLongBinary;
    ASSERT_JET_OK(
        JetAddColumn(sesid_, created, "payload", &def, nullptr, 0, &payload_));
    ASSERT_JET_OK(JetCreateIndex(sesid_, created, "pk", JET_bitIndexPrimary,
                                 "+k\0", 4, 100));
    ASSERT_JET_OK(JetCloseTable(sesid_, created));
    OpenRows();
  }
  void TearDown() override {
    if (instance_ != 0) JetTerm2(instance_, JET_bitTermDirty);
  }

  void OpenRows() {
    ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "rows", nullptr, 0, 0, &table_));
  }

  JET_ERR Insert(int32_t key, size_t size) {
    const std::string payload = Payload(key, size);
    JET_ERR err = JetPrepareUpdate(sesid_, table_, JET_prepInsert);
    if (err != JET_errSuccess) return err;
    err = JetSetColumn(sesid_, table_, k_, &key, sizeof(key), 0, nullptr);
    if (err == JET_errSuccess) {
      err =
          JetSetColumn(sesid_, table_, payload_, payload.data(),
                       static_cast<unsigned long>(payload.size()), 0, nullptr);
    }
    if (err == JET_errSuccess) {
      err = JetUpdate(sesid_, table_, nullptr, 0, nullptr);
    }
    if (err != JET_errSuccess) JetPrepareUpdate(sesid_, table_, JET_prepCancel);
    return err;
  }

  // The rows of a transaction, inserted and committed; the first error.
  JET_ERR InsertInTransaction() {
    JET_ERR err = JetBeginTransaction(sesid_);
    for (int32_t i = 0; i < kTransactionRows && err == JET_errSuccess; ++i) {
      err = Insert(kTransactionFirstKey + i, kTransactionPayload);
    }
    if (err == JET_errSuccess) err = JetCommitTransaction(sesid_, 0);
    return err;
  }

  // The keys of the table in order, and whether each row's payload is
  // exactly the one its key was stored with.
  struct Contents {
    std::vector<int32_t> keys;
    std::vector<int32_t> bad_payloads;
    JET_ERR error = JET_errSuccess;
  };
  Contents Read() {
    Contents contents;
    std::string buffer(kLargePayload, '\0');
    JET_ERR err = JetMove(sesid_, table_, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
      int32_t key = 0;
      unsigned long actual = 0;
      err = JetRetrieveColumn(sesid_, table_, k_, &key, sizeof(key), &actual, 0,
                              nullptr);
      if (err != JET_errSuccess) break;
      err = JetRetrieveColumn(sesid_, table_, payload_, buffer.data(),
                              static_cast<unsigned long>(buffer.size()),
                              &actual, 0, nullptr);
      if (err != JET_errSuccess) break;
      contents.keys.push_back(key);
      if (buffer.compare(0, actual, Payload(key, actual)) != 0 ||
          actual != ExpectedSize(key)) {
        contents.bad_payloads.push_back(key);
      }
      err = JetMove(sesid_, table_, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord) contents.error = err;
    return contents;
  }

  static size_t ExpectedSize(int32_t key) {
    if (key == kLargeKey) return kLargePayload;
    if (key >= kTransactionFirstKey) return kTransactionPayload;
    return kCommittedPayload;
  }

  static std::vector<int32_t> Keys(bool large, bool transaction) {
    std::vector<int32_t> keys;
    for (int32_t k = 0; k < kCommittedRows; ++k) keys.push_back(k);
    if (large) keys.push_back(kLargeKey);
    for (int32_t i = 0; transaction && i < kTransactionRows; ++i) {
      keys.push_back(kTransactionFirstKey + i);
    }
    return keys;
  }

  // `contents` holds exactly the rows `keys`, each with its own payload.
  static void ExpectRows(const Contents& contents,
                         const std::vector<int32_t>& keys) {
    EXPECT_EQ(JET_errSuccess, contents.error);
    EXPECT_EQ(keys, contents.keys);
    EXPECT_TRUE(contents.bad_payloads.empty());
  }

  off_t FileSize() const {
    struct stat st {};
    return stat(path_.c_str(), &st) == 0 ? st.st_size : -1;
  }

  ScratchDir dir_;
  std::string path_;
  JET_INSTANCE instance_ = 0;
  JET_SESID sesid_ = JET_sesidNil;
  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = JET_tableidNil;
  JET_COLUMNID k_ = 0, payload_ = 0;
};

TEST_F(DiskFullTest, CommitsFailWithDiskFullAndLoseNothing) {
  for (int32_t k = 0; k < kCommittedRows; ++k) {
    ASSERT_JET_OK(Insert(k, kCommittedPayload));  // durable autocommits
  }
  const off_t size = FileSize();
  ASSERT_GT(size, 0);

  JET_ERR autocommit = JET_errSuccess, commit = JET_errSuccess;
  JET_ERR rollback = JET_errSuccess;
  int level_after_failed_commit = -1;
  Contents while_full;
  {
    FileSizeLimit full(static_cast<rlim_t>(size));
    ASSERT_TRUE(full.ok());
    autocommit = Insert(kLargeKey, kLargePayload);
    commit = InsertInTransaction();
    // The failed commit leaves the transaction open, to be rolled back.
    level_after_failed_commit = commit == JET_errSuccess ? 0 : 1;
    rollback = JetRollback(sesid_, 0);
    while_full = Read();
  }
  EXPECT_EQ(JET_errDiskFull, autocommit);
  EXPECT_EQ(JET_errDiskFull, commit);
  EXPECT_EQ(1, level_after_failed_commit);
  EXPECT_EQ(JET_errSuccess, rollback);
  ExpectRows(while_full, Keys(false, false));
  EXPECT_EQ(JET_errNotInTransaction, JetRollback(sesid_, 0));

  // Room again: the same work succeeds in the same environment.
  ASSERT_JET_OK(Insert(kLargeKey, kLargePayload));
  ASSERT_JET_OK(InsertInTransaction());
  ExpectRows(Read(), Keys(true, true));

  // And it is on disk: a new instance attaches the file and reads it all.
  ASSERT_JET_OK(JetTerm(instance_));
  instance_ = 0;
  ASSERT_JET_OK(StartInstance("diskfull2", dir_, &instance_));
  ASSERT_JET_OK(JetBeginSession(instance_, &sesid_, "", ""));
  ASSERT_JET_OK(JetAttachDatabase(sesid_, path_.c_str(), 0));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, path_.c_str(), nullptr, &dbid_, 0));
  OpenRows();
  ExpectRows(Read(), Keys(true, true));
}

// While alive, every write of the header pages (LMDB's meta pages) of
// the file at `path` fails with EIO.
class FailHeaderWrites {
 public:
  explicit FailHeaderWrites(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) == 0) g_fail_header_writes_of = st.st_ino;
  }
  ~FailHeaderWrites() { g_fail_header_writes_of = 0; }
  bool ok() const { return g_fail_header_writes_of != 0; }
};

TEST_F(DiskFullTest, FailedHeaderWriteNeedsReattachAndLosesNothing) {
  for (int32_t k = 0; k < kCommittedRows; ++k) {
    ASSERT_JET_OK(Insert(k, kCommittedPayload));
  }
  JET_ERR failed_commit = JET_errSuccess;
  {
    FailHeaderWrites fail(path_);
    ASSERT_TRUE(fail.ok());
    failed_commit = Insert(kCommittedRows, kCommittedPayload);
  }
  EXPECT_EQ(JET_errDiskIO, failed_commit);
  // LMDB refuses the environment from now on: reads and writes of this
  // database, and snapshots of it, fail cleanly.
  EXPECT_EQ(JET_errDiskIO, Insert(kCommittedRows, kCommittedPayload));
  EXPECT_EQ(JET_errDiskIO, JetMove(sesid_, table_, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errDiskIO, JetBeginTransaction(sesid_));
  EXPECT_EQ(JET_errNotInTransaction, JetRollback(sesid_, 0));

  // Closed everywhere, detached and attached again, it is the last
  // successful commit, and usable.
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid_, 0));
  ASSERT_JET_OK(JetDetachDatabase(sesid_, path_.c_str()));
  ASSERT_JET_OK(JetAttachDatabase(sesid_, path_.c_str(), 0));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, path_.c_str(), nullptr, &dbid_, 0));
  OpenRows();
  ExpectRows(Read(), Keys(false, false));
  ASSERT_JET_OK(InsertInTransaction());
  ExpectRows(Read(), Keys(false, true));
}

}  // namespace
}  // namespace lmjet::testing
