#include "engine/paths.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, named by its real (symlink-free) path and
// removed with everything in it afterwards.
class PathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir();
    if (pattern.empty() || pattern.back() != '/') pattern += '/';
    pattern += "paths_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << pattern;
    char real[PATH_MAX];
    ASSERT_NE(realpath(pattern.c_str(), real), nullptr);
    dir_ = real;
  }

  void TearDown() override {
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
      EXPECT_FALSE(ec) << ec.message();
    }
  }

  std::string Canonical(const std::string& path) {
    std::string canonical = "<unset>";
    Status status = CanonicalPath(path, &canonical);
    EXPECT_EQ(status.code(), JET_errSuccess) << path;
    return canonical;
  }

  std::string dir_;
};

// Restores the working directory when it goes out of scope.
class ScopedChdir {
 public:
  explicit ScopedChdir(const std::string& to) {
    char old[PATH_MAX];
    if (getcwd(old, sizeof(old)) != nullptr) old_ = old;
    ok_ = !old_.empty() && chdir(to.c_str()) == 0;
  }
  ~ScopedChdir() {
    if (!old_.empty()) {
      EXPECT_EQ(chdir(old_.c_str()), 0);
    }
  }
  bool ok() const { return ok_; }

 private:
  std::string old_;
  bool ok_ = false;
};

TEST(NativePathTest, BackslashesBecomeSlashes) {
  EXPECT_EQ(NativePath(".\\dir\\file.edb"), "./dir/file.edb");
  EXPECT_EQ(NativePath("a\\b"), "a/b");
  EXPECT_EQ(NativePath("\\\\"), "//");
  EXPECT_EQ(NativePath("data\\"), "data/");
}

TEST(NativePathTest, OtherPathsAreUnchanged) {
  EXPECT_EQ(NativePath("/var/lib/app.edb"), "/var/lib/app.edb");
  EXPECT_EQ(NativePath("file.edb"), "file.edb");
  EXPECT_EQ(NativePath("C:mixed/sep\\x"), "C:mixed/sep/x");
}

TEST(NativePathTest, NullAndEmptyAreEmpty) {
  EXPECT_EQ(NativePath(nullptr), "");
  EXPECT_EQ(NativePath(""), "");
}

TEST(DirectoryOfTest, ParentOfAFile) {
  EXPECT_EQ(DirectoryOf("a/b.edb"), "a");
  EXPECT_EQ(DirectoryOf("x/y/z.edb"), "x/y");
  EXPECT_EQ(DirectoryOf("/abs/file"), "/abs");
  EXPECT_EQ(DirectoryOf("/file"), "/");
}

TEST(DirectoryOfTest, BareFileNameIsDot) {
  EXPECT_EQ(DirectoryOf("b.edb"), ".");
  EXPECT_EQ(DirectoryOf(""), ".");
}

TEST(DirectoryOfTest, TrailingSlashNamesTheDirectoryItself) {
  EXPECT_EQ(DirectoryOf("dir/"), "dir/");
  EXPECT_EQ(DirectoryOf("a/b/"), "a/b/");
  EXPECT_EQ(DirectoryOf("./"), "./");
  EXPECT_EQ(DirectoryOf(NativePath(".\\")), "./");
  EXPECT_EQ(DirectoryOf("/"), "/");
}

TEST_F(PathsTest, RelativePathIsMadeAbsoluteUnderTheWorkingDirectory) {
  ScopedChdir cd(dir_);
  ASSERT_TRUE(cd.ok());
  EXPECT_EQ(Canonical("db.edb"), dir_ + "/db.edb");
  EXPECT_EQ(Canonical("./sub/db.edb"), dir_ + "/sub/db.edb");
  EXPECT_EQ(Canonical(NativePath(".\\sub\\db.edb")), dir_ + "/sub/db.edb");
}

TEST_F(PathsTest, DotAndDotDotAreNormalised) {
  // Nothing below dir_ exists.
  EXPECT_EQ(Canonical(dir_ + "/a/./b/../c"), dir_ + "/a/c");
  EXPECT_EQ(Canonical(dir_ + "//a///c"), dir_ + "/a/c");

  // The same once the directories exist.
  ASSERT_TRUE(fs::create_directories(dir_ + "/a/b"));
  EXPECT_EQ(Canonical(dir_ + "/a/./b/../c"), dir_ + "/a/c");
  EXPECT_EQ(Canonical(dir_ + "/a/b/../../a/c"), dir_ + "/a/c");
}

TEST_F(PathsTest, RelativeDotDotIsNormalised) {
  ASSERT_TRUE(fs::create_directories(dir_ + "/a/b"));
  ScopedChdir cd(dir_ + "/a/b");
  ASSERT_TRUE(cd.ok());
  EXPECT_EQ(Canonical("../c.edb"), dir_ + "/a/c.edb");
  EXPECT_EQ(Canonical("./../../a/./b/x.edb"), dir_ + "/a/b/x.edb");
}

TEST_F(PathsTest, SymlinkedDirectoryIsResolved) {
  ASSERT_TRUE(fs::create_directory(dir_ + "/real"));
  fs::create_directory_symlink(dir_ + "/real", dir_ + "/link");

  // A file that does not exist yet, under the link.
  EXPECT_EQ(Canonical(dir_ + "/link/db.edb"), dir_ + "/real/db.edb");
  // One that does.
  { std::ofstream(dir_ + "/real/db.edb") << "x"; }
  EXPECT_EQ(Canonical(dir_ + "/link/db.edb"), dir_ + "/real/db.edb");
  // Both spellings name one file.
  EXPECT_EQ(Canonical(dir_ + "/link/db.edb"), Canonical(dir_ + "/real/db.edb"));
}

TEST_F(PathsTest, RelativeSymlinkIsResolved) {
  ASSERT_TRUE(fs::create_directories(dir_ + "/data/v1"));
  fs::create_directory_symlink("data/v1", dir_ + "/current");
  ScopedChdir cd(dir_);
  ASSERT_TRUE(cd.ok());
  EXPECT_EQ(Canonical("current/app.edb"), dir_ + "/data/v1/app.edb");
}

TEST_F(PathsTest, SymlinkedFileIsResolved) {
  { std::ofstream(dir_ + "/target.edb") << "x"; }
  fs::create_symlink(dir_ + "/target.edb", dir_ + "/alias.edb");
  EXPECT_EQ(Canonical(dir_ + "/alias.edb"), dir_ + "/target.edb");
}

TEST_F(PathsTest, NonExistentFileWorks) {
  EXPECT_EQ(Canonical(dir_ + "/missing.edb"), dir_ + "/missing.edb");
  EXPECT_EQ(Canonical(dir_ + "/no/such/dir/x.edb"),
            dir_ + "/no/such/dir/x.edb");
  EXPECT_FALSE(fs::exists(dir_ + "/no"));  // nothing was created
}

TEST_F(PathsTest, AlreadyCanonicalPathIsUnchanged) {
  { std::ofstream(dir_ + "/db.edb") << "x"; }
  EXPECT_EQ(Canonical(dir_ + "/db.edb"), dir_ + "/db.edb");
  EXPECT_EQ(Canonical(dir_), dir_);
}

TEST_F(PathsTest, EnsureExistingDirectory) {
  EXPECT_EQ(EnsureDirectory(dir_, false, JET_errInvalidPath).code(),
            JET_errSuccess);
  EXPECT_EQ(EnsureDirectory(dir_, true, JET_errInvalidPath).code(),
            JET_errSuccess);
  EXPECT_EQ(EnsureDirectory(dir_ + "/", false, JET_errInvalidPath).code(),
            JET_errSuccess);
}

TEST_F(PathsTest, EnsureMissingDirectoryWithoutCreateGivesTheGivenError) {
  const std::string missing = dir_ + "/missing";
  EXPECT_EQ(EnsureDirectory(missing, false, JET_errInvalidPath).code(),
            JET_errInvalidPath);
  EXPECT_EQ(EnsureDirectory(missing, false, JET_errFileNotFound).code(),
            JET_errFileNotFound);
  EXPECT_EQ(EnsureDirectory(dir_ + "/a/b/c", false, JET_errDiskIO).code(),
            JET_errDiskIO);
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_FALSE(fs::exists(dir_ + "/a"));
}

TEST_F(PathsTest, EnsureMissingDirectoryWithCreateCreatesIt) {
  const std::string missing = dir_ + "/new";
  EXPECT_EQ(EnsureDirectory(missing, true, JET_errInvalidPath).code(),
            JET_errSuccess);
  EXPECT_TRUE(fs::is_directory(missing));
  // Now it exists, even without create.
  EXPECT_EQ(EnsureDirectory(missing, false, JET_errInvalidPath).code(),
            JET_errSuccess);
}

TEST_F(PathsTest, EnsureNestedDirectoryWithCreateCreatesParents) {
  const std::string nested = dir_ + "/x/y/z";
  EXPECT_EQ(EnsureDirectory(nested, true, JET_errInvalidPath).code(),
            JET_errSuccess);
  EXPECT_TRUE(fs::is_directory(dir_ + "/x"));
  EXPECT_TRUE(fs::is_directory(dir_ + "/x/y"));
  EXPECT_TRUE(fs::is_directory(nested));
  // With a trailing slash, as DirectoryOf returns for "dir/".
  const std::string slashed = dir_ + "/p/q/";
  EXPECT_EQ(EnsureDirectory(slashed, true, JET_errInvalidPath).code(),
            JET_errSuccess);
  EXPECT_TRUE(fs::is_directory(dir_ + "/p/q"));
}

TEST_F(PathsTest, EnsureDirectoryOverARegularFileFails) {
  const std::string file = dir_ + "/plain";
  { std::ofstream(file) << "x"; }
  EXPECT_EQ(EnsureDirectory(file, false, JET_errInvalidPath).code(),
            JET_errInvalidPath);
  EXPECT_FALSE(EnsureDirectory(file, true, JET_errInvalidPath).ok());
  EXPECT_TRUE(fs::is_regular_file(file));
}

}  // namespace
}  // namespace lmjet::engine
