#ifndef LMJET_API_API_TEST_UTIL_H_
#define LMJET_API_API_TEST_UTIL_H_

// Helpers shared by the API-level tests.

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "api/esent.h"
#include "base/scratch_dir.h"
#include "gtest/gtest.h"

#define ASSERT_JET_OK(expr) ASSERT_EQ(JET_errSuccess, (expr))
#define EXPECT_JET_OK(expr) EXPECT_EQ(JET_errSuccess, (expr))

namespace lmjet::testing {

// Creates and initializes a named instance whose paths are under `dir`.
inline JET_ERR StartInstance(const char* name, const ScratchDir& dir,
                             JET_INSTANCE* instance,
                             unsigned long max_sessions = 64) {
  JET_ERR err = JetCreateInstance(instance, name);
  if (err != JET_errSuccess) return err;
  const std::string path = dir.path() + "/";
  JetSetSystemParameter(instance, 0, JET_paramSystemPath, 0, path.c_str());
  JetSetSystemParameter(instance, 0, JET_paramLogFilePath, 0, path.c_str());
  JetSetSystemParameter(instance, 0, JET_paramTempPath, 0, path.c_str());
  err = JetSetSystemParameter(instance, 0, JET_paramMaxSessions, max_sessions,
                              nullptr);
  if (err != JET_errSuccess) return err;
  return JetInit(instance);
}

// A running instance with one session, for tests that need a session.
class InstanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_JET_OK(StartInstance(name.c_str(), dir_, &instance_));
    ASSERT_JET_OK(JetBeginSession(instance_, &sesid_, "", ""));
  }
  void TearDown() override {
    // TermDirty ends the instance even with transactions left open.
    if (instance_ != 0) {
      EXPECT_EQ(JET_errDirtyShutdown, JetTerm2(instance_, JET_bitTermDirty));
    }
  }
  // Ends the instance now (tests of what happens after JetTerm).
  void TermNow() {
    ASSERT_JET_OK(JetTerm(instance_));
    instance_ = 0;
  }

  ScratchDir dir_;
  JET_INSTANCE instance_ = 0;
  JET_SESID sesid_ = JET_sesidNil;
};

}  // namespace lmjet::testing

#endif  // LMJET_API_API_TEST_UTIL_H_
