#include "engine/database_file.h"

#include <fcntl.h>
#include <limits.h>
#include <lmdb.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

namespace fs = std::filesystem;
using Mode = DatabaseFile::Mode;

// Set in the environment of a re-executed copy of this binary that plays
// the second process (see SecondProcessCannotAttachWhileHeld).
constexpr char kChildPathEnv[] = "LMJET_DATABASE_FILE_TEST_CHILD_PATH";
constexpr char kChildFdEnv[] = "LMJET_DATABASE_FILE_TEST_CHILD_FD";

DatabaseFile::Options WithMode(Mode mode) {
  DatabaseFile::Options options;
  options.mode = mode;
  return options;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes `code` to `fd` and ends the (child) process without running any
// exit handlers or destructors.
[[noreturn]] void ReportAndExit(int fd, JET_ERR code) {
  const long value = code;
  ssize_t written = ::write(fd, &value, sizeof(value));
  _exit(written == sizeof(value) ? (code == JET_errSuccess ? 0 : 1) : 3);
}

// Reads the code a child reported and its exit status.
struct ChildResult {
  bool reported = false;
  long code = 0;
  bool exited = false;
  int exit_status = -1;
};

ChildResult WaitForChild(pid_t pid, int read_fd) {
  ChildResult result;
  long value = 0;
  ssize_t n;
  do {
    n = ::read(read_fd, &value, sizeof(value));
  } while (n < 0 && errno == EINTR);
  if (n == sizeof(value)) {
    result.reported = true;
    result.code = value;
  }
  ::close(read_fd);
  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (waited == pid && WIFEXITED(status)) {
    result.exited = true;
    result.exit_status = WEXITSTATUS(status);
  }
  return result;
}

// A fork()ed child that calls Acquire(kAttach) on `path` and reports the
// result.
ChildResult AttachInForkedChild(const std::string& path) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid < 0) return {};
  if (pid == 0) {
    ::close(fds[0]);
    DatabaseFile* file = nullptr;
    Status status = DatabaseFile::Acquire(path, WithMode(Mode::kAttach), &file);
    ReportAndExit(fds[1], status.code());
  }
  ::close(fds[1]);
  return WaitForChild(pid, fds[0]);
}

// A separate process -- this test binary executed afresh, running only the
// named test -- that calls Acquire(kAttach) on `path` and reports the
// result.
ChildResult AttachInExecutedChild(const std::string& path,
                                  const std::string& test_name) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid < 0) return {};
  if (pid == 0) {
    ::close(fds[0]);
    // Keep the child's gtest banner out of the log, and the child away from
    // the parent's test bookkeeping files.
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);
    ::unsetenv("TEST_PREMATURE_EXIT_FILE");
    ::unsetenv("XML_OUTPUT_FILE");
    ::unsetenv("GTEST_OUTPUT");
    ::setenv(kChildPathEnv, path.c_str(), 1);
    ::setenv(kChildFdEnv, std::to_string(fds[1]).c_str(), 1);
    const std::string filter = "--gtest_filter=" + test_name;
    char self[] = "/proc/self/exe";
    char* argv[] = {self, const_cast<char*>(filter.c_str()), nullptr};
    ::execv(self, argv);
    _exit(4);
  }
  ::close(fds[1]);
  return WaitForChild(pid, fds[0]);
}

// In the re-executed child: attaches, reports and exits. Returns if this
// process is not such a child.
void RunAsChildIfAsked() {
  const char* path = ::getenv(kChildPathEnv);
  const char* fd = ::getenv(kChildFdEnv);
  if (path == nullptr || fd == nullptr) return;
  DatabaseFile* file = nullptr;
  Status status = DatabaseFile::Acquire(path, WithMode(Mode::kAttach), &file);
  if (status.ok()) file->Release();
  ReportAndExit(std::atoi(fd), status.code());
}

class DatabaseFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RunAsChildIfAsked();  // in a re-executed child, this does not return
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "database_file_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    char real[PATH_MAX];
    ASSERT_NE(realpath(pattern.c_str(), real), nullptr);
    dir_ = real;
  }

  void TearDown() override {
    for (DatabaseFile* file : held_) file->Release();
    held_.clear();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  std::string PathOf(const std::string& name) const {
    return dir_ + "/" + name;
  }

  // Acquires and remembers the file so that TearDown releases it even when
  // an assertion fails first.
  Status Acquire(const std::string& path, Mode mode, DatabaseFile** file,
                 bool read_only = false) {
    DatabaseFile::Options options = WithMode(mode);
    options.read_only = read_only;
    *file = nullptr;
    Status status = DatabaseFile::Acquire(path, options, file);
    if (status.ok()) held_.push_back(*file);
    return status;
  }

  void Release(DatabaseFile* file) {
    for (auto it = held_.begin(); it != held_.end(); ++it) {
      if (*it == file) {
        held_.erase(it);
        file->Release();
        return;
      }
    }
    ADD_FAILURE() << "released a file the test did not hold";
  }

  // Creates a database file with lmjet and closes it again.
  void CreateClosed(const std::string& path) {
    DatabaseFile* file = nullptr;
    ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);
    Release(file);
  }

  std::string dir_;
  std::vector<DatabaseFile*> held_;
};

// A raw LMDB environment on a file, for preparing and inspecting files
// while lmjet does not have them open.
class RawEnv {
 public:
  explicit RawEnv(const std::string& path) {
    rc_ = mdb_env_create(&env_);
    if (rc_ == MDB_SUCCESS) rc_ = mdb_env_set_maxdbs(env_, 8);
    if (rc_ == MDB_SUCCESS) rc_ = mdb_env_set_mapsize(env_, 1 << 24);
    if (rc_ == MDB_SUCCESS) {
      rc_ = mdb_env_open(env_, path.c_str(), MDB_NOSUBDIR | MDB_NOTLS, 0644);
    }
  }
  ~RawEnv() {
    if (env_ != nullptr) mdb_env_close(env_);
  }
  int rc() const { return rc_; }
  MDB_env* env() const { return env_; }

 private:
  MDB_env* env_ = nullptr;
  int rc_ = 0;
};

// Puts key=value into the named sub-database (created if needed) of `env`.
int RawPut(MDB_env* env, const char* db, const std::string& key,
           const std::string& value) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, 0, &txn);
  if (rc != MDB_SUCCESS) return rc;
  MDB_dbi dbi;
  rc = mdb_dbi_open(txn, db, MDB_CREATE, &dbi);
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v{value.size(), const_cast<char*>(value.data())};
  if (rc == MDB_SUCCESS) rc = mdb_put(txn, dbi, &k, &v, 0);
  if (rc != MDB_SUCCESS) {
    mdb_txn_abort(txn);
    return rc;
  }
  return mdb_txn_commit(txn);
}

// Reads key from the named sub-database; the rc of the first failing call.
int RawGet(MDB_env* env, const char* db, const std::string& key,
           std::string* value) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return rc;
  MDB_dbi dbi;
  rc = mdb_dbi_open(txn, db, 0, &dbi);
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v;
  if (rc == MDB_SUCCESS) rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_SUCCESS) {
    value->assign(static_cast<const char*>(v.mv_data), v.mv_size);
  }
  mdb_txn_abort(txn);
  return rc;
}

TEST_F(DatabaseFileTest, CreateMakesAFileAndAPositiveDbid) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);
  ASSERT_NE(file, nullptr);
  EXPECT_GE(file->dbid(), 1u);
  EXPECT_NE(file->dbid(), JET_dbidNil);
  EXPECT_EQ(file->path(), path);
  EXPECT_NE(file->env(), nullptr);
  EXPECT_FALSE(file->read_only());
  EXPECT_TRUE(fs::is_regular_file(path));

  // The file carries lmjet's format record.
  std::string record;
  ASSERT_EQ(RawGet(file->env(), kMetaDbName, kFormatKey, &record), MDB_SUCCESS);
  ASSERT_EQ(record.size(), 16u);
  EXPECT_EQ(std::memcmp(record.data(), "lmjetdb\0", 8), 0);
  uint32_t version = 0;
  uint32_t flags = 0;
  std::memcpy(&version, record.data() + 8, 4);
  std::memcpy(&flags, record.data() + 12, 4);
  EXPECT_EQ(version, kDatabaseFormatVersion);
  EXPECT_EQ(flags, 0u);
}

TEST_F(DatabaseFileTest, SecondCreateWhileHeldIsDuplicate) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);
  DatabaseFile* again = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kCreate, &again).code(),
            JET_errDatabaseDuplicate);
  EXPECT_EQ(Acquire(path, Mode::kCreateOverwrite, &again).code(),
            JET_errDatabaseDuplicate);
  // The held file is intact.
  std::string record;
  EXPECT_EQ(RawGet(file->env(), kMetaDbName, kFormatKey, &record), MDB_SUCCESS);
  EXPECT_TRUE(fs::is_regular_file(path));
}

TEST_F(DatabaseFileTest, CreateOfAnExistingClosedFileIsDuplicate) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  const std::string before = ReadAll(path);
  ASSERT_FALSE(before.empty());

  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kCreate, &file).code(),
            JET_errDatabaseDuplicate);
  // The existing file was neither removed nor changed, and still attaches.
  ASSERT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(ReadAll(path), before);
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errSuccess);
}

TEST_F(DatabaseFileTest, CreateOverwriteReplacesAnExistingFile) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  {
    RawEnv raw(path);
    ASSERT_EQ(raw.rc(), MDB_SUCCESS);
    ASSERT_EQ(RawPut(raw.env(), "t", "key", "old data"), MDB_SUCCESS);
  }

  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreateOverwrite, &file).code(),
            JET_errSuccess);
  std::string value;
  EXPECT_EQ(RawGet(file->env(), "t", "key", &value), MDB_NOTFOUND);
  EXPECT_EQ(RawGet(file->env(), kMetaDbName, kFormatKey, &value), MDB_SUCCESS);
  EXPECT_EQ(value.size(), 16u);
}

TEST_F(DatabaseFileTest, CreateOverwriteOfAMissingFileCreatesIt) {
  const std::string path = PathOf("new.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreateOverwrite, &file).code(),
            JET_errSuccess);
  EXPECT_TRUE(fs::is_regular_file(path));
  std::string value;
  EXPECT_EQ(RawGet(file->env(), kMetaDbName, kFormatKey, &value), MDB_SUCCESS);
}

TEST_F(DatabaseFileTest, AttachOfAMissingFileIsFileNotFound) {
  const std::string path = PathOf("missing.edb");
  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errFileNotFound);
  EXPECT_FALSE(fs::exists(path));  // not created by the attempt
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file, /*read_only=*/true).code(),
            JET_errFileNotFound);
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(DatabaseFileTest, AttachIsSharedAndReferenceCounted) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));

  DatabaseFile* first = nullptr;
  DatabaseFile* second = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kAttach, &first).code(), JET_errSuccess);
  ASSERT_EQ(Acquire(path, Mode::kAttach, &second).code(), JET_errSuccess);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first->dbid(), second->dbid());
  const JET_DBID dbid = first->dbid();

  // One reference remains after the first release: the same file is found.
  Release(first);
  DatabaseFile* third = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kAttach, &third).code(), JET_errSuccess);
  EXPECT_EQ(third, second);
  EXPECT_EQ(third->dbid(), dbid);
  EXPECT_EQ(Acquire(path, Mode::kCreateOverwrite, &first).code(),
            JET_errDatabaseDuplicate);

  Release(second);
  EXPECT_EQ(Acquire(path, Mode::kCreateOverwrite, &first).code(),
            JET_errDatabaseDuplicate);

  // After the last release the file is closed: overwriting it is allowed.
  Release(third);
  DatabaseFile* fresh = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kCreateOverwrite, &fresh).code(),
            JET_errSuccess);
}

TEST_F(DatabaseFileTest, ReadOnlyAttach) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kAttach, &file, /*read_only=*/true).code(),
            JET_errSuccess);
  EXPECT_TRUE(file->read_only());
  std::string value;
  EXPECT_EQ(RawGet(file->env(), kMetaDbName, kFormatKey, &value), MDB_SUCCESS);
  // The environment refuses writes.
  MDB_txn* txn = nullptr;
  EXPECT_NE(mdb_txn_begin(file->env(), nullptr, 0, &txn), MDB_SUCCESS);
}

TEST_F(DatabaseFileTest, JunkFileIsRefusedAndLeftAlone) {
  const std::string path = PathOf("junk.edb");
  std::string junk(100, '\0');
  for (size_t i = 0; i < junk.size(); ++i) {
    junk[i] = static_cast<char>((i * 37 + 11) & 0xFF);
  }
  { std::ofstream(path, std::ios::binary) << junk; }
  ASSERT_EQ(ReadAll(path), junk);

  DatabaseFile* file = nullptr;
  Status status = Acquire(path, Mode::kAttach, &file);
  EXPECT_LT(status.code(), 0);
  EXPECT_EQ(file, nullptr);
  ASSERT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(ReadAll(path), junk);

  // Nothing was left registered: the same attempt fails the same way.
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), status.code());
  EXPECT_EQ(ReadAll(path), junk);
}

TEST_F(DatabaseFileTest, EmptyFileIsNotAnLmjetDatabase) {
  const std::string path = PathOf("empty.edb");
  { std::ofstream(path, std::ios::binary); }
  DatabaseFile* file = nullptr;
  EXPECT_LT(Acquire(path, Mode::kAttach, &file).code(), 0);
  // A failed attach changes nothing: the file is still empty.
  ASSERT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(fs::file_size(path), 0u);
}

TEST_F(DatabaseFileTest, LmdbFileWithoutMetaIsInvalidDatabase) {
  const std::string path = PathOf("plain.mdb");
  {
    RawEnv raw(path);
    ASSERT_EQ(raw.rc(), MDB_SUCCESS);
    ASSERT_EQ(RawPut(raw.env(), "data", "k", "v"), MDB_SUCCESS);
  }
  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errInvalidDatabase);
  // The foreign file is not deleted, and its data is intact.
  ASSERT_TRUE(fs::is_regular_file(path));
  RawEnv raw(path);
  ASSERT_EQ(raw.rc(), MDB_SUCCESS);
  std::string value;
  EXPECT_EQ(RawGet(raw.env(), "data", "k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "v");
}

TEST_F(DatabaseFileTest, FormatRecordWithBadMagicIsInvalidDatabase) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  {
    RawEnv raw(path);
    ASSERT_EQ(raw.rc(), MDB_SUCCESS);
    std::string record;
    ASSERT_EQ(RawGet(raw.env(), kMetaDbName, kFormatKey, &record), MDB_SUCCESS);
    ASSERT_EQ(record.size(), 16u);
    record[0] = 'X';
    ASSERT_EQ(RawPut(raw.env(), kMetaDbName, kFormatKey, record), MDB_SUCCESS);
  }
  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errInvalidDatabase);
  EXPECT_TRUE(fs::is_regular_file(path));
}

TEST_F(DatabaseFileTest, FormatRecordOfAnotherVersionIsRefused) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  {
    RawEnv raw(path);
    ASSERT_EQ(raw.rc(), MDB_SUCCESS);
    std::string record;
    ASSERT_EQ(RawGet(raw.env(), kMetaDbName, kFormatKey, &record), MDB_SUCCESS);
    ASSERT_EQ(record.size(), 16u);
    ASSERT_EQ(std::memcmp(record.data(), "lmjetdb\0", 8), 0);
    const uint32_t version = 99;
    std::memcpy(&record[8], &version, sizeof(version));
    ASSERT_EQ(RawPut(raw.env(), kMetaDbName, kFormatKey, record), MDB_SUCCESS);
  }
  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(),
            JET_errInvalidDatabaseVersion);
  // The file is kept, and so is its record.
  ASSERT_TRUE(fs::is_regular_file(path));
  RawEnv raw(path);
  ASSERT_EQ(raw.rc(), MDB_SUCCESS);
  std::string record;
  ASSERT_EQ(RawGet(raw.env(), kMetaDbName, kFormatKey, &record), MDB_SUCCESS);
  uint32_t version = 0;
  std::memcpy(&version, record.data() + 8, sizeof(version));
  EXPECT_EQ(version, 99u);
}

TEST_F(DatabaseFileTest, FormatRecordOfTheWrongSizeIsInvalidDatabase) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));
  {
    RawEnv raw(path);
    ASSERT_EQ(raw.rc(), MDB_SUCCESS);
    ASSERT_EQ(RawPut(raw.env(), kMetaDbName, kFormatKey, "lmjetdb"),
              MDB_SUCCESS);
  }
  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errInvalidDatabase);
}

TEST_F(DatabaseFileTest, SharedOpenersExcludeAnExclusiveOne) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  ASSERT_EQ(file->AddOpener(false).code(), JET_errSuccess);
  ASSERT_EQ(file->AddOpener(false).code(), JET_errSuccess);
  EXPECT_EQ(file->AddOpener(true).code(), JET_errDatabaseInUse);

  file->RemoveOpener(false);
  EXPECT_EQ(file->AddOpener(true).code(), JET_errDatabaseInUse);
  file->RemoveOpener(false);

  // The refused attempts were not counted.
  EXPECT_EQ(file->AddOpener(true).code(), JET_errSuccess);
  file->RemoveOpener(true);
}

TEST_F(DatabaseFileTest, ExclusiveOpenerLocksOutEveryOther) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  ASSERT_EQ(file->AddOpener(true).code(), JET_errSuccess);
  EXPECT_EQ(file->AddOpener(false).code(), JET_errDatabaseLocked);
  EXPECT_EQ(file->AddOpener(true).code(), JET_errDatabaseLocked);
  EXPECT_EQ(file->AddOpener(false).code(), JET_errDatabaseLocked);

  file->RemoveOpener(true);
  ASSERT_EQ(file->AddOpener(false).code(), JET_errSuccess);
  ASSERT_EQ(file->AddOpener(false).code(), JET_errSuccess);
  file->RemoveOpener(false);
  file->RemoveOpener(false);
  ASSERT_EQ(file->AddOpener(true).code(), JET_errSuccess);
  file->RemoveOpener(true);
}

TEST_F(DatabaseFileTest, OpenersAreCountedAcrossAcquirers) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* first = nullptr;
  DatabaseFile* second = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreate, &first).code(), JET_errSuccess);
  ASSERT_EQ(Acquire(path, Mode::kAttach, &second).code(), JET_errSuccess);
  ASSERT_EQ(first->AddOpener(true).code(), JET_errSuccess);
  EXPECT_EQ(second->AddOpener(false).code(), JET_errDatabaseLocked);
  first->RemoveOpener(true);
  EXPECT_EQ(second->AddOpener(false).code(), JET_errSuccess);
  second->RemoveOpener(false);
}

TEST_F(DatabaseFileTest, DbidsAreReusedAfterRelease) {
  DatabaseFile* a = nullptr;
  DatabaseFile* b = nullptr;
  DatabaseFile* c = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &a).code(), JET_errSuccess);
  ASSERT_EQ(Acquire(PathOf("b.edb"), Mode::kCreate, &b).code(), JET_errSuccess);
  const JET_DBID a_dbid = a->dbid();
  const JET_DBID b_dbid = b->dbid();
  EXPECT_NE(a_dbid, b_dbid);
  EXPECT_GE(a_dbid, 1u);
  EXPECT_GE(b_dbid, 1u);

  Release(a);
  ASSERT_EQ(Acquire(PathOf("c.edb"), Mode::kCreate, &c).code(), JET_errSuccess);
  EXPECT_EQ(c->dbid(), a_dbid);
  EXPECT_EQ(b->dbid(), b_dbid);
}

TEST_F(DatabaseFileTest, FailedAcquireTakesNoDbid) {
  DatabaseFile* a = nullptr;
  DatabaseFile* missing = nullptr;
  DatabaseFile* b = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &a).code(), JET_errSuccess);
  const JET_DBID a_dbid = a->dbid();
  Release(a);
  ASSERT_EQ(Acquire(PathOf("missing.edb"), Mode::kAttach, &missing).code(),
            JET_errFileNotFound);
  ASSERT_EQ(Acquire(PathOf("b.edb"), Mode::kCreate, &b).code(), JET_errSuccess);
  EXPECT_EQ(b->dbid(), a_dbid);
}

TEST_F(DatabaseFileTest, ForkedChildCannotAttachAFileThisProcessHolds) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);

  ChildResult child = AttachInForkedChild(path);
  ASSERT_TRUE(child.exited);
  ASSERT_TRUE(child.reported) << "exit status " << child.exit_status;
  EXPECT_EQ(child.code, JET_errFileAccessDenied);
  EXPECT_EQ(child.exit_status, 1);

  // The parent's file is unaffected.
  std::string value;
  EXPECT_EQ(RawGet(file->env(), kMetaDbName, kFormatKey, &value), MDB_SUCCESS);
}

TEST_F(DatabaseFileTest, ForkedChildCanAttachAfterRelease) {
  const std::string path = PathOf("a.edb");
  ASSERT_NO_FATAL_FAILURE(CreateClosed(path));

  ChildResult child = AttachInForkedChild(path);
  ASSERT_TRUE(child.exited);
  ASSERT_TRUE(child.reported) << "exit status " << child.exit_status;
  EXPECT_EQ(child.code, JET_errSuccess);
  EXPECT_EQ(child.exit_status, 0);

  // And the child's exit released its lock.
  DatabaseFile* file = nullptr;
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errSuccess);
}

TEST_F(DatabaseFileTest, SecondProcessCannotAttachWhileHeld) {
  // The child runs only this test; its SetUp() attaches and exits.
  const ::testing::TestInfo* info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string test_name =
      std::string(info->test_suite_name()) + "." + info->name();
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);

  ChildResult held = AttachInExecutedChild(path, test_name);
  ASSERT_TRUE(held.exited);
  ASSERT_TRUE(held.reported) << "exit status " << held.exit_status;
  EXPECT_EQ(held.code, JET_errFileAccessDenied);
  EXPECT_EQ(held.exit_status, 1);

  Release(file);
  ChildResult released = AttachInExecutedChild(path, test_name);
  ASSERT_TRUE(released.exited);
  ASSERT_TRUE(released.reported) << "exit status " << released.exit_status;
  EXPECT_EQ(released.code, JET_errSuccess);
  EXPECT_EQ(released.exit_status, 0);

  // And the parent can attach it again afterwards.
  EXPECT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errSuccess);
}

// The errors these tests' applies can meet.
Status FromLmdbForTest(int rc) {
  if (rc == MDB_SUCCESS) return Status::Ok();
  if (rc == MDB_MAP_FULL) return Status(JET_errOutOfDatabaseSpace);
  return Status(JET_errInternalError);
}

// Puts key=value into `dbi` through DatabaseFile::Commit.
Status CommitPut(DatabaseFile* file, MDB_dbi dbi, const std::string& key,
                 const std::string& value) {
  return file->Commit([&](MDB_txn* txn) {
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{value.size(), const_cast<char*>(value.data())};
    return FromLmdbForTest(mdb_put(txn, dbi, &k, &v, 0));
  });
}

// Reads key from `dbi` in a fresh read transaction; the LMDB rc.
int GetFrom(MDB_env* env, MDB_dbi dbi, const std::string& key,
            std::string* value) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  if (rc != MDB_SUCCESS) return rc;
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v;
  rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_SUCCESS) {
    value->assign(static_cast<const char*>(v.mv_data), v.mv_size);
  }
  mdb_txn_abort(txn);
  return rc;
}

TEST_F(DatabaseFileTest, OpenSubDatabaseCreatesOpensAndCaches) {
  const std::string path = PathOf("a.edb");
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);

  MDB_dbi first = 0;
  ASSERT_EQ(file->OpenSubDatabase("t1", /*create=*/true, &first).code(),
            JET_errSuccess);
  MDB_dbi again = 0;
  ASSERT_EQ(file->OpenSubDatabase("t1", /*create=*/true, &again).code(),
            JET_errSuccess);
  EXPECT_EQ(again, first);
  MDB_dbi opened = 0;
  ASSERT_EQ(file->OpenSubDatabase("t1", /*create=*/false, &opened).code(),
            JET_errSuccess);
  EXPECT_EQ(opened, first);
  MDB_dbi other = 0;
  ASSERT_EQ(file->OpenSubDatabase("t2", /*create=*/true, &other).code(),
            JET_errSuccess);
  EXPECT_NE(other, first);

  ASSERT_EQ(CommitPut(file, first, "k", "in t1").code(), JET_errSuccess);
  ASSERT_EQ(CommitPut(file, other, "k", "in t2").code(), JET_errSuccess);
  std::string value;
  ASSERT_EQ(GetFrom(file->env(), first, "k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "in t1");
  ASSERT_EQ(GetFrom(file->env(), other, "k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "in t2");

  // The creation was committed: after the file is closed and attached
  // again, the sub-database opens without `create`, data and all.
  Release(file);
  ASSERT_EQ(Acquire(path, Mode::kAttach, &file).code(), JET_errSuccess);
  ASSERT_EQ(file->OpenSubDatabase("t1", /*create=*/false, &opened).code(),
            JET_errSuccess);
  ASSERT_EQ(GetFrom(file->env(), opened, "k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "in t1");
}

TEST_F(DatabaseFileTest, OpenSubDatabaseOfAMissingOneIsObjectNotFound) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  MDB_dbi dbi = 12345;
  EXPECT_EQ(file->OpenSubDatabase("missing", /*create=*/false, &dbi).code(),
            JET_errObjectNotFound);
  EXPECT_EQ(dbi, 12345u);
  // Not created by the attempt, nor cached as missing.
  std::string value;
  EXPECT_EQ(RawGet(file->env(), "missing", "k", &value), MDB_NOTFOUND);
  EXPECT_EQ(file->OpenSubDatabase("missing", /*create=*/false, &dbi).code(),
            JET_errObjectNotFound);
  EXPECT_EQ(file->OpenSubDatabase("missing", /*create=*/true, &dbi).code(),
            JET_errSuccess);
  MDB_dbi again = 0;
  EXPECT_EQ(file->OpenSubDatabase("missing", /*create=*/false, &again).code(),
            JET_errSuccess);
  EXPECT_EQ(again, dbi);
}

TEST_F(DatabaseFileTest, OpenSubDatabaseRefusesBadNames) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  MDB_dbi dbi = 0;
  EXPECT_EQ(file->OpenSubDatabase("", /*create=*/true, &dbi).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(file->OpenSubDatabase(std::string("a\0b", 3), /*create=*/true, &dbi)
                .code(),
            JET_errInvalidParameter);
  EXPECT_EQ(file->OpenSubDatabase(std::string(512, 'n'), /*create=*/true, &dbi)
                .code(),
            JET_errInvalidParameter);
  // Nothing was created under the truncated name.
  EXPECT_EQ(file->OpenSubDatabase("a", /*create=*/false, &dbi).code(),
            JET_errObjectNotFound);
  // LMDB's key limit itself is fine.
  EXPECT_EQ(file->OpenSubDatabase(std::string(511, 'n'), /*create=*/true, &dbi)
                .code(),
            JET_errSuccess);
}

TEST_F(DatabaseFileTest, SubDatabaseHandleWorksInAnotherThreadsReadTxn) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  // A reader begun before the handle exists, as in the pool.
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(file->env(), nullptr, MDB_RDONLY, &txn), MDB_SUCCESS);
  mdb_txn_reset(txn);
  // Aborted before TearDown closes the file, whatever fails.
  std::unique_ptr<MDB_txn, void (*)(MDB_txn*)> reader(txn, &mdb_txn_abort);
  MDB_dbi dbi = 0;
  ASSERT_EQ(file->OpenSubDatabase("t", /*create=*/true, &dbi).code(),
            JET_errSuccess);
  ASSERT_EQ(CommitPut(file, dbi, "key", "value").code(), JET_errSuccess);

  int rc = -1;
  std::string value;
  std::thread other([&] { rc = GetFrom(file->env(), dbi, "key", &value); });
  other.join();
  ASSERT_EQ(rc, MDB_SUCCESS);
  EXPECT_EQ(value, "value");

  // And in the earlier reader, renewed on another thread.
  value.clear();
  std::thread renewer([&] {
    rc = mdb_txn_renew(txn);
    MDB_val k{3, const_cast<char*>("key")};
    MDB_val v;
    if (rc == MDB_SUCCESS) rc = mdb_get(txn, dbi, &k, &v);
    if (rc == MDB_SUCCESS) {
      value.assign(static_cast<const char*>(v.mv_data), v.mv_size);
    }
    mdb_txn_reset(txn);
  });
  renewer.join();
  file->ReturnReader(reader.release());
  ASSERT_EQ(rc, MDB_SUCCESS);
  EXPECT_EQ(value, "value");
}

TEST_F(DatabaseFileTest, ConcurrentOpensAgreeOnEveryHandle) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  constexpr int kThreads = 8;
  constexpr int kNames = 64;
  auto name_of = [](int n) { return "table" + std::to_string(n); };
  // Half the names exist beforehand, half are created by the race.
  for (int n = 0; n < kNames; n += 2) {
    ASSERT_EQ(RawPut(file->env(), name_of(n).c_str(), "k", name_of(n)),
              MDB_SUCCESS);
  }
  std::vector<std::vector<MDB_dbi>> handles(kThreads,
                                            std::vector<MDB_dbi>(kNames, 0));
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks the names from a different start.
      for (int i = 0; i < kNames; ++i) {
        const int n = (i + t * 8) % kNames;
        if (file->OpenSubDatabase(name_of(n), /*create=*/true, &handles[t][n])
                .code() != JET_errSuccess) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<MDB_dbi> distinct;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << t;
    for (int n = 0; n < kNames; ++n) {
      EXPECT_EQ(handles[t][n], handles[0][n]) << t << " " << n;
    }
  }
  for (int n = 0; n < kNames; ++n) distinct.insert(handles[0][n]);
  EXPECT_EQ(distinct.size(), size_t{kNames});

  // Every handle reaches its own sub-database.
  for (int n = 1; n < kNames; n += 2) {
    ASSERT_EQ(CommitPut(file, handles[0][n], "k", name_of(n)).code(),
              JET_errSuccess);
  }
  for (int n = 0; n < kNames; ++n) {
    std::string value;
    ASSERT_EQ(GetFrom(file->env(), handles[0][n], "k", &value), MDB_SUCCESS)
        << n;
    EXPECT_EQ(value, name_of(n));
    MDB_dbi again = 0;
    ASSERT_EQ(
        file->OpenSubDatabase(name_of(n), /*create=*/false, &again).code(),
        JET_errSuccess);
    EXPECT_EQ(again, handles[0][n]);
  }
}

TEST_F(DatabaseFileTest, OpenSubDatabaseBeyondTheLimitIsTooManyOpenTables) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  int opened = 0;
  Status status;
  MDB_dbi dbi = 0;
  while (opened < 2000) {
    status = file->OpenSubDatabase("t" + std::to_string(opened),
                                   /*create=*/true, &dbi);
    if (!status.ok()) break;
    ++opened;
  }
  EXPECT_EQ(status.code(), JET_errTooManyOpenTables);
  // lmjet allows 1024 sub-databases per file; lmjet.meta holds one.
  EXPECT_EQ(opened, 1023);
  // The refused one was not created: it is no key of the main database.
  const std::string refused = "t" + std::to_string(opened);
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(file->env(), nullptr, MDB_RDONLY, &txn), MDB_SUCCESS);
  MDB_dbi main_dbi = 0;
  int rc = mdb_dbi_open(txn, nullptr, 0, &main_dbi);
  MDB_val k{refused.size(), const_cast<char*>(refused.data())};
  MDB_val v;
  if (rc == MDB_SUCCESS) rc = mdb_get(txn, main_dbi, &k, &v);
  mdb_txn_abort(txn);
  EXPECT_EQ(rc, MDB_NOTFOUND);
  // With every handle in use, an uncached name cannot even be looked up;
  // the cached ones still open.
  EXPECT_EQ(file->OpenSubDatabase(refused, /*create=*/false, &dbi).code(),
            JET_errTooManyOpenTables);
  MDB_dbi first = 0;
  EXPECT_EQ(file->OpenSubDatabase("t0", /*create=*/false, &first).code(),
            JET_errSuccess);
}

TEST_F(DatabaseFileTest, CommitIsVisibleWhenItReturns) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  MDB_dbi dbi = 0;
  ASSERT_EQ(file->OpenSubDatabase("t", /*create=*/true, &dbi).code(),
            JET_errSuccess);
  ASSERT_EQ(CommitPut(file, dbi, "k", "v").code(), JET_errSuccess);
  std::string value;
  ASSERT_EQ(GetFrom(file->env(), dbi, "k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "v");

  // An apply's error is returned and nothing of it lands.
  EXPECT_EQ(file->Commit([&](MDB_txn* txn) {
                  MDB_val k{2, const_cast<char*>("k2")};
                  MDB_val v{2, const_cast<char*>("v2")};
                  if (mdb_put(txn, dbi, &k, &v, 0) != MDB_SUCCESS) {
                    return Status(JET_errInternalError);
                  }
                  return Status(JET_errWriteConflict);
                })
                .code(),
            JET_errWriteConflict);
  EXPECT_EQ(GetFrom(file->env(), dbi, "k2", &value), MDB_NOTFOUND);
}

TEST_F(DatabaseFileTest, ConcurrentCommitsThroughTheFile) {
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(PathOf("a.edb"), Mode::kCreate, &file).code(),
            JET_errSuccess);
  MDB_dbi dbi = 0;
  ASSERT_EQ(file->OpenSubDatabase("t", /*create=*/true, &dbi).code(),
            JET_errSuccess);
  constexpr int kThreads = 4;
  constexpr int kCommits = 50;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommits; ++i) {
        const std::string key = std::to_string(t) + "." + std::to_string(i);
        if (CommitPut(file, dbi, key, "v" + key).code() != JET_errSuccess) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << t;
    for (int i = 0; i < kCommits; ++i) {
      const std::string key = std::to_string(t) + "." + std::to_string(i);
      std::string value;
      ASSERT_EQ(GetFrom(file->env(), dbi, key, &value), MDB_SUCCESS) << key;
      EXPECT_EQ(value, "v" + key);
    }
  }
  MDB_txn* txn = nullptr;
  ASSERT_EQ(mdb_txn_begin(file->env(), nullptr, MDB_RDONLY, &txn), MDB_SUCCESS);
  MDB_stat stat;
  EXPECT_EQ(mdb_stat(txn, dbi, &stat), MDB_SUCCESS);
  mdb_txn_abort(txn);
  EXPECT_EQ(stat.ms_entries, size_t{kThreads * kCommits});
}

TEST_F(DatabaseFileTest, CommitBeyondMaxBytesIsOutOfDatabaseSpace) {
  DatabaseFile::Options options = WithMode(Mode::kCreate);
  options.max_bytes = uint64_t{1} << 20;
  DatabaseFile* file = nullptr;
  ASSERT_EQ(DatabaseFile::Acquire(PathOf("a.edb"), options, &file).code(),
            JET_errSuccess);
  held_.push_back(file);
  MDB_dbi dbi = 0;
  ASSERT_EQ(file->OpenSubDatabase("t", /*create=*/true, &dbi).code(),
            JET_errSuccess);
  const std::string big(uint64_t{2} << 20, 'x');
  EXPECT_EQ(CommitPut(file, dbi, "big", big).code(), JET_errOutOfDatabaseSpace);
  std::string value;
  EXPECT_EQ(GetFrom(file->env(), dbi, "big", &value), MDB_NOTFOUND);
  ASSERT_EQ(CommitPut(file, dbi, "small", "s").code(), JET_errSuccess);
  ASSERT_EQ(GetFrom(file->env(), dbi, "small", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "s");
}

TEST_F(DatabaseFileTest, ReadOnlyFileRefusesCommitsAndCreation) {
  const std::string path = PathOf("a.edb");
  {
    DatabaseFile* file = nullptr;
    ASSERT_EQ(Acquire(path, Mode::kCreate, &file).code(), JET_errSuccess);
    MDB_dbi dbi = 0;
    ASSERT_EQ(file->OpenSubDatabase("t", /*create=*/true, &dbi).code(),
              JET_errSuccess);
    ASSERT_EQ(CommitPut(file, dbi, "k", "v").code(), JET_errSuccess);
    Release(file);
  }
  DatabaseFile* file = nullptr;
  ASSERT_EQ(Acquire(path, Mode::kAttach, &file, /*read_only=*/true).code(),
            JET_errSuccess);
  MDB_dbi dbi = 0;
  ASSERT_EQ(file->OpenSubDatabase("t", /*create=*/true, &dbi).code(),
            JET_errSuccess);
  std::string value;
  ASSERT_EQ(GetFrom(file->env(), dbi, "k", &value), MDB_SUCCESS);
  EXPECT_EQ(value, "v");
  MDB_dbi missing = 0;
  EXPECT_EQ(file->OpenSubDatabase("u", /*create=*/true, &missing).code(),
            JET_errFileAccessDenied);
  EXPECT_EQ(file->OpenSubDatabase("u", /*create=*/false, &missing).code(),
            JET_errObjectNotFound);

  bool applied = false;
  EXPECT_EQ(file->Commit([&](MDB_txn*) {
                  applied = true;
                  return Status::Ok();
                })
                .code(),
            JET_errFileAccessDenied);
  EXPECT_FALSE(applied);
}

}  // namespace
}  // namespace lmjet::engine
