// Runs the C translation units' end-to-end smoke tests: esent.h compiles as
// C (narrow, and with JET_UNICODE) and the API works when called from C.

#include <string>

#include "gtest/gtest.h"

extern "C" int lmjet_esent_c_smoke(void);
extern "C" int lmjet_esent_c_wide_smoke(const char* ascii_dir);

namespace {

TEST(EsentCTest, ApiWorksFromC) { EXPECT_EQ(0, lmjet_esent_c_smoke()); }

TEST(EsentCTest, WideApiWorksFromCWithJetUnicode) {
  // Bazel's test temporary directory: an ASCII path.
  const std::string dir = ::testing::TempDir();
  EXPECT_EQ(0, lmjet_esent_c_wide_smoke(
                   dir.substr(0, dir.find_last_not_of('/') + 1).c_str()));
}

}  // namespace
