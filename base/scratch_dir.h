#ifndef LMJET_BASE_SCRATCH_DIR_H_
#define LMJET_BASE_SCRATCH_DIR_H_

// Test support for every layer: a scratch directory.

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "gtest/gtest.h"

namespace lmjet::testing {

// A fresh directory under the test's temporary directory, removed with its
// contents when the object dies. path() is empty if it could not be made.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = ::testing::TempDir() + "/lmjet-XXXXXX";
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace lmjet::testing

#endif  // LMJET_BASE_SCRATCH_DIR_H_
