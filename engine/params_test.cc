#include "engine/params.h"

#include <cstring>
#include <string>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

JET_API_PTR GetInteger(const ParamValues& values, unsigned long id) {
  JET_API_PTR value = 0xDEADBEEF;
  Status status = values.Get(id, &value, nullptr, 0);
  EXPECT_EQ(status.code(), JET_errSuccess) << "param " << id;
  return value;
}

std::string GetString(const ParamValues& values, unsigned long id) {
  char buffer[512];
  std::memset(buffer, 'x', sizeof(buffer));
  Status status = values.Get(id, nullptr, buffer, sizeof(buffer));
  EXPECT_EQ(status.code(), JET_errSuccess) << "param " << id;
  return status.ok() ? std::string(buffer) : std::string("<error>");
}

TEST(ParamsTest, IntegerDefaults) {
  ParamValues values;
  EXPECT_EQ(values.integer(JET_paramMaxSessions), 16u);
  EXPECT_EQ(values.integer(JET_paramMaxOpenTables), 300u);
  EXPECT_EQ(values.integer(JET_paramMaxCursors), 1024u);
  EXPECT_EQ(values.integer(JET_paramMaxVerPages), 64u);
  EXPECT_EQ(values.integer(JET_paramMaxTemporaryTables), 20u);
  EXPECT_EQ(values.integer(JET_paramMaxInstances), 16u);
  EXPECT_EQ(values.integer(JET_paramEnableAdvanced), 1u);
  EXPECT_EQ(values.integer(JET_paramDatabasePageSize), 8192u);
  EXPECT_EQ(values.integer(JET_paramCircularLog), 0u);
  EXPECT_EQ(values.integer(JET_paramLogFileSize), 5120u);
  EXPECT_EQ(values.integer(JET_paramCreatePathIfNotExist), 0u);
  EXPECT_EQ(values.integer(JET_paramOneDatabasePerSession), 0u);

  EXPECT_EQ(GetInteger(values, JET_paramMaxSessions), 16u);
  EXPECT_EQ(GetInteger(values, JET_paramMaxOpenTables), 300u);
  EXPECT_EQ(GetInteger(values, JET_paramMaxCursors), 1024u);
  EXPECT_EQ(GetInteger(values, JET_paramMaxVerPages), 64u);
  EXPECT_EQ(GetInteger(values, JET_paramMaxTemporaryTables), 20u);
  EXPECT_EQ(GetInteger(values, JET_paramMaxInstances), 16u);
  EXPECT_EQ(GetInteger(values, JET_paramEnableAdvanced), 1u);
  EXPECT_EQ(GetInteger(values, JET_paramDatabasePageSize), 8192u);
  EXPECT_EQ(GetInteger(values, JET_paramCircularLog), 0u);
}

TEST(ParamsTest, StringDefaults) {
  ParamValues values;
  EXPECT_EQ(values.string(JET_paramBaseName), "edb");
  EXPECT_EQ(values.string(JET_paramSystemPath), ".\\");
  EXPECT_EQ(values.string(JET_paramLogFilePath), ".\\");
  EXPECT_EQ(values.string(JET_paramTempPath), "tmp.edb");
  EXPECT_EQ(values.string(JET_paramRecovery), "on");

  EXPECT_EQ(GetString(values, JET_paramBaseName), "edb");
  EXPECT_EQ(GetString(values, JET_paramSystemPath), ".\\");
  EXPECT_EQ(GetString(values, JET_paramRecovery), "on");
}

TEST(ParamsTest, IntegerRoundTrip) {
  ParamValues values;
  ASSERT_EQ(values.Set(JET_paramMaxSessions, 250, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(values.integer(JET_paramMaxSessions), 250u);
  EXPECT_EQ(GetInteger(values, JET_paramMaxSessions), 250u);

  ASSERT_EQ(values.Set(JET_paramMaxCursors, 5, nullptr).code(), JET_errSuccess);
  EXPECT_EQ(GetInteger(values, JET_paramMaxCursors), 5u);
  // Other parameters are untouched.
  EXPECT_EQ(GetInteger(values, JET_paramMaxOpenTables), 300u);
}

TEST(ParamsTest, IntegerRangeBoundaries) {
  ParamValues values;
  EXPECT_EQ(values.Set(JET_paramMaxSessions, 0, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(values.integer(JET_paramMaxSessions), 0u);
  EXPECT_EQ(values.Set(JET_paramMaxSessions, 30000, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(values.integer(JET_paramMaxSessions), 30000u);

  EXPECT_EQ(values.Set(JET_paramMaxSessions, 30001, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.integer(JET_paramMaxSessions), 30000u);  // unchanged

  // MaxVerPages has a minimum of 1.
  EXPECT_EQ(values.Set(JET_paramMaxVerPages, 0, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.integer(JET_paramMaxVerPages), 64u);

  // MaxInstances: 1..10240.
  EXPECT_EQ(values.Set(JET_paramMaxInstances, 10241, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.Set(JET_paramMaxInstances, 0, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.integer(JET_paramMaxInstances), 16u);
  EXPECT_EQ(values.Set(JET_paramMaxInstances, 10240, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(values.integer(JET_paramMaxInstances), 10240u);
}

TEST(ParamsTest, NegativeLongIsOutOfRange) {
  // A caller passing -1 as a long reaches the engine as a huge JET_API_PTR.
  ParamValues values;
  EXPECT_EQ(
      values.Set(JET_paramMaxSessions, static_cast<JET_API_PTR>(-1L), nullptr)
          .code(),
      JET_errInvalidParameter);
  EXPECT_EQ(values.integer(JET_paramMaxSessions), 16u);
}

TEST(ParamsTest, DatabasePageSize) {
  ParamValues values;
  EXPECT_EQ(values.Set(JET_paramDatabasePageSize, 5000, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.integer(JET_paramDatabasePageSize), 8192u);
  EXPECT_EQ(values.Set(JET_paramDatabasePageSize, 1024, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.Set(JET_paramDatabasePageSize, 65536, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.integer(JET_paramDatabasePageSize), 8192u);

  for (JET_API_PTR size : {2048, 4096, 16384, 32768, 8192}) {
    SCOPED_TRACE(size);
    EXPECT_EQ(values.Set(JET_paramDatabasePageSize, size, nullptr).code(),
              JET_errSuccess);
    EXPECT_EQ(values.integer(JET_paramDatabasePageSize), size);
  }
  EXPECT_EQ(values.Set(JET_paramDatabasePageSize, 4096, nullptr).code(),
            JET_errSuccess);
  EXPECT_EQ(GetInteger(values, JET_paramDatabasePageSize), 4096u);
}

TEST(ParamsTest, StringRoundTrip) {
  ParamValues values;
  ASSERT_EQ(values.Set(JET_paramSystemPath, 0, ".\\data\\").code(),
            JET_errSuccess);
  EXPECT_EQ(values.string(JET_paramSystemPath), ".\\data\\");
  EXPECT_EQ(GetString(values, JET_paramSystemPath), ".\\data\\");

  ASSERT_EQ(values.Set(JET_paramBaseName, 0, "abc").code(), JET_errSuccess);
  EXPECT_EQ(GetString(values, JET_paramBaseName), "abc");

  ASSERT_EQ(values.Set(JET_paramSystemPath, 0, "").code(), JET_errSuccess);
  EXPECT_EQ(GetString(values, JET_paramSystemPath), "");
}

TEST(ParamsTest, StringGetClearsTheIntegerOut) {
  ParamValues values;
  JET_API_PTR integer = 77;
  char buffer[16];
  ASSERT_EQ(
      values.Get(JET_paramBaseName, &integer, buffer, sizeof(buffer)).code(),
      JET_errSuccess);
  EXPECT_STREQ(buffer, "edb");
  EXPECT_EQ(integer, 0u);
}

TEST(ParamsTest, BaseNameMustBeThreeCharacters) {
  ParamValues values;
  EXPECT_EQ(values.Set(JET_paramBaseName, 0, "ab").code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.Set(JET_paramBaseName, 0, "abcd").code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.Set(JET_paramBaseName, 0, "").code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.string(JET_paramBaseName), "edb");
  EXPECT_EQ(values.Set(JET_paramBaseName, 0, "xyz").code(), JET_errSuccess);
  EXPECT_EQ(values.string(JET_paramBaseName), "xyz");
}

TEST(ParamsTest, StringParamNeedsAString) {
  ParamValues values;
  EXPECT_EQ(values.Set(JET_paramBaseName, 123, nullptr).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.string(JET_paramBaseName), "edb");
}

TEST(ParamsTest, PathLengthLimit) {
  ParamValues values;
  const std::string longest(4095, 'p');
  const std::string too_long(4096, 'p');
  EXPECT_EQ(values.Set(JET_paramSystemPath, 0, too_long.c_str()).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.string(JET_paramSystemPath), ".\\");
  EXPECT_EQ(values.Set(JET_paramSystemPath, 0, longest.c_str()).code(),
            JET_errSuccess);
  EXPECT_EQ(values.string(JET_paramSystemPath), longest);
}

TEST(ParamsTest, RecoveryIsOnOrOff) {
  ParamValues values;
  EXPECT_EQ(values.Set(JET_paramRecovery, 0, "maybe").code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.Set(JET_paramRecovery, 0, "").code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.string(JET_paramRecovery), "on");

  EXPECT_EQ(values.Set(JET_paramRecovery, 0, "off").code(), JET_errSuccess);
  EXPECT_EQ(GetString(values, JET_paramRecovery), "off");
  EXPECT_EQ(values.Set(JET_paramRecovery, 0, "on").code(), JET_errSuccess);
  EXPECT_EQ(GetString(values, JET_paramRecovery), "on");
  // Case does not matter, as with esent.dll.
  EXPECT_EQ(values.Set(JET_paramRecovery, 0, "OFF").code(), JET_errSuccess);
  EXPECT_EQ(values.Set(JET_paramRecovery, 0, "On").code(), JET_errSuccess);
}

TEST(ParamsTest, BooleansAreStoredAsZeroOrOne) {
  ParamValues values;
  for (unsigned long id :
       {JET_paramCircularLog, JET_paramCreatePathIfNotExist,
        JET_paramOneDatabasePerSession, JET_paramNoInformationEvent,
        JET_paramEnableAdvanced}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(values.Set(id, 7, nullptr).code(), JET_errSuccess);
    EXPECT_EQ(values.integer(id), 1u);
    EXPECT_EQ(GetInteger(values, id), 1u);
    EXPECT_EQ(values.Set(id, 0, nullptr).code(), JET_errSuccess);
    EXPECT_EQ(values.integer(id), 0u);
    EXPECT_EQ(values.Set(id, ~JET_API_PTR{0}, nullptr).code(), JET_errSuccess);
    EXPECT_EQ(values.integer(id), 1u);
    EXPECT_EQ(values.Set(id, 1, nullptr).code(), JET_errSuccess);
    EXPECT_EQ(values.integer(id), 1u);
  }
}

TEST(ParamsTest, IsUnchanged) {
  ParamValues values;
  EXPECT_TRUE(values.IsUnchanged(JET_paramMaxSessions, 16, nullptr));
  EXPECT_FALSE(values.IsUnchanged(JET_paramMaxSessions, 17, nullptr));

  // Booleans compare as booleans.
  EXPECT_TRUE(values.IsUnchanged(JET_paramCircularLog, 0, nullptr));
  EXPECT_FALSE(values.IsUnchanged(JET_paramCircularLog, 1, nullptr));
  EXPECT_FALSE(values.IsUnchanged(JET_paramCircularLog, 5, nullptr));
  ASSERT_EQ(values.Set(JET_paramCircularLog, 1, nullptr).code(),
            JET_errSuccess);
  EXPECT_TRUE(values.IsUnchanged(JET_paramCircularLog, 5, nullptr));
  EXPECT_TRUE(values.IsUnchanged(JET_paramCircularLog, 1, nullptr));
  EXPECT_FALSE(values.IsUnchanged(JET_paramCircularLog, 0, nullptr));

  // Strings compare by content.
  EXPECT_TRUE(values.IsUnchanged(JET_paramBaseName, 0, "edb"));
  EXPECT_FALSE(values.IsUnchanged(JET_paramBaseName, 0, "xyz"));
  EXPECT_FALSE(values.IsUnchanged(JET_paramBaseName, 0, "edbx"));
  EXPECT_FALSE(values.IsUnchanged(JET_paramBaseName, 0, nullptr));
  const std::string copy = "edb";
  EXPECT_TRUE(values.IsUnchanged(JET_paramBaseName, 0, copy.c_str()));

  // Out-of-range ids are never "unchanged".
  EXPECT_FALSE(values.IsUnchanged(kParamIdLimit, 0, nullptr));

  // After a set, the new value is the unchanged one.
  ASSERT_EQ(values.Set(JET_paramMaxSessions, 99, nullptr).code(),
            JET_errSuccess);
  EXPECT_TRUE(values.IsUnchanged(JET_paramMaxSessions, 99, nullptr));
  EXPECT_FALSE(values.IsUnchanged(JET_paramMaxSessions, 16, nullptr));
}

TEST(ParamsTest, UnknownInRangeIdKeepsAnInteger) {
  ASSERT_EQ(FindParamSpec(23), nullptr);
  ParamValues values;
  EXPECT_EQ(GetInteger(values, 23), 0u);
  ASSERT_EQ(values.Set(23, 123456789, nullptr).code(), JET_errSuccess);
  EXPECT_EQ(GetInteger(values, 23), 123456789u);
  EXPECT_EQ(values.integer(23), 123456789u);
  EXPECT_TRUE(values.IsUnchanged(23, 123456789, nullptr));
  EXPECT_FALSE(values.IsUnchanged(23, 1, nullptr));
  // No range applies to it.
  ASSERT_EQ(values.Set(23, ~JET_API_PTR{0}, nullptr).code(), JET_errSuccess);
  EXPECT_EQ(GetInteger(values, 23), ~JET_API_PTR{0});
}

TEST(ParamsTest, UnknownInRangeIdKeepsAString) {
  ParamValues values;
  ASSERT_EQ(values.Set(23, 0, "some value").code(), JET_errSuccess);
  EXPECT_EQ(values.string(23), "some value");
  EXPECT_EQ(GetString(values, 23), "some value");
  EXPECT_TRUE(values.IsUnchanged(23, 0, "some value"));
  EXPECT_FALSE(values.IsUnchanged(23, 0, "other"));

  // Set back to an integer, it reads back as one.
  ASSERT_EQ(values.Set(23, 42, nullptr).code(), JET_errSuccess);
  EXPECT_EQ(GetInteger(values, 23), 42u);
}

TEST(ParamsTest, HighestValidIdIsAccepted) {
  ParamValues values;
  const unsigned long last = kParamIdLimit - 1;
  ASSERT_EQ(values.Set(last, 5, nullptr).code(), JET_errSuccess);
  EXPECT_EQ(GetInteger(values, last), 5u);
}

TEST(ParamsTest, IdAtOrPastTheLimitIsInvalid) {
  ParamValues values;
  EXPECT_EQ(kParamIdLimit,
            static_cast<unsigned long>(JET_paramMaxValueInvalid));
  for (unsigned long id : {kParamIdLimit, kParamIdLimit + 1, 4097ul, ~0ul}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(values.Set(id, 1, nullptr).code(), JET_errInvalidParameter);
    EXPECT_EQ(values.Set(id, 0, "x").code(), JET_errInvalidParameter);
    JET_API_PTR integer = 0;
    char buffer[8];
    EXPECT_EQ(values.Get(id, &integer, buffer, sizeof(buffer)).code(),
              JET_errInvalidParameter);
  }
}

TEST(ParamsTest, GetStringBufferTooSmall) {
  ParamValues values;
  char buffer[8];
  std::memset(buffer, 'x', sizeof(buffer));
  // "edb" needs 4 bytes with its NUL.
  EXPECT_EQ(values.Get(JET_paramBaseName, nullptr, buffer, 3).code(),
            JET_errBufferTooSmall);
  EXPECT_EQ(buffer[3], 'x');  // nothing written past cbMax
  EXPECT_EQ(values.Get(JET_paramBaseName, nullptr, buffer, 0).code(),
            JET_errBufferTooSmall);

  EXPECT_EQ(values.Get(JET_paramBaseName, nullptr, buffer, 4).code(),
            JET_errSuccess);
  EXPECT_STREQ(buffer, "edb");
  EXPECT_EQ(buffer[4], 'x');  // exact fit: nothing past the NUL
}

TEST(ParamsTest, GetLongStringExactFit) {
  ParamValues values;
  const std::string path = "C:\\some\\longer\\path\\";
  ASSERT_EQ(values.Set(JET_paramSystemPath, 0, path.c_str()).code(),
            JET_errSuccess);
  std::string buffer(path.size() + 5, 'x');
  EXPECT_EQ(values.Get(JET_paramSystemPath, nullptr, buffer.data(), path.size())
                .code(),
            JET_errBufferTooSmall);
  EXPECT_EQ(
      values.Get(JET_paramSystemPath, nullptr, buffer.data(), path.size() + 1)
          .code(),
      JET_errSuccess);
  EXPECT_EQ(std::string(buffer.c_str()), path);
  EXPECT_EQ(buffer[path.size() + 1], 'x');
}

TEST(ParamsTest, NullOutPointersAreInvalid) {
  ParamValues values;
  EXPECT_EQ(values.Get(JET_paramMaxSessions, nullptr, nullptr, 0).code(),
            JET_errInvalidParameter);
  char buffer[16];
  EXPECT_EQ(
      values.Get(JET_paramMaxSessions, nullptr, buffer, sizeof(buffer)).code(),
      JET_errInvalidParameter);
  JET_API_PTR integer = 0;
  EXPECT_EQ(values.Get(JET_paramBaseName, &integer, nullptr, 64).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(values.Get(JET_paramBaseName, nullptr, nullptr, 64).code(),
            JET_errInvalidParameter);
}

TEST(ParamsTest, CopiesAreIndependent) {
  ParamValues defaults;
  ParamValues copy = defaults;
  ASSERT_EQ(copy.Set(JET_paramMaxSessions, 100, nullptr).code(),
            JET_errSuccess);
  ASSERT_EQ(copy.Set(JET_paramBaseName, 0, "abc").code(), JET_errSuccess);
  EXPECT_EQ(defaults.integer(JET_paramMaxSessions), 16u);
  EXPECT_EQ(defaults.string(JET_paramBaseName), "edb");
  EXPECT_EQ(copy.integer(JET_paramMaxSessions), 100u);
  EXPECT_EQ(copy.string(JET_paramBaseName), "abc");
}

TEST(ParamsTest, FindParamSpec) {
  const ParamSpec* sessions = FindParamSpec(JET_paramMaxSessions);
  ASSERT_NE(sessions, nullptr);
  EXPECT_EQ(sessions->id, static_cast<unsigned long>(JET_paramMaxSessions));
  EXPECT_STREQ(sessions->name, "MaxSessions");
  EXPECT_EQ(sessions->default_integer, 16u);
  EXPECT_EQ(sessions->min, 0u);
  EXPECT_EQ(sessions->max, 30000u);
  EXPECT_NE(sessions->flags & kParamAdvanced, 0u);
  EXPECT_NE(sessions->flags & kParamFrozenAfterInit, 0u);
  EXPECT_EQ(sessions->flags & kParamString, 0u);

  const ParamSpec* base_name = FindParamSpec(JET_paramBaseName);
  ASSERT_NE(base_name, nullptr);
  EXPECT_STREQ(base_name->name, "BaseName");
  EXPECT_NE(base_name->flags & kParamString, 0u);
  EXPECT_STREQ(base_name->default_string, "edb");
  EXPECT_EQ(base_name->min, 3u);
  EXPECT_EQ(base_name->max, 3u);

  const ParamSpec* system_path = FindParamSpec(JET_paramSystemPath);
  ASSERT_NE(system_path, nullptr);
  EXPECT_NE(system_path->flags & kParamPath, 0u);
  EXPECT_NE(system_path->flags & kParamString, 0u);

  const ParamSpec* circular = FindParamSpec(JET_paramCircularLog);
  ASSERT_NE(circular, nullptr);
  EXPECT_NE(circular->flags & kParamBoolean, 0u);

  const ParamSpec* page_size = FindParamSpec(JET_paramDatabasePageSize);
  ASSERT_NE(page_size, nullptr);
  EXPECT_NE(page_size->flags & kParamGlobal, 0u);
  const ParamSpec* instances = FindParamSpec(JET_paramMaxInstances);
  ASSERT_NE(instances, nullptr);
  EXPECT_NE(instances->flags & kParamGlobal, 0u);

  EXPECT_EQ(FindParamSpec(23), nullptr);
  EXPECT_EQ(FindParamSpec(kParamIdLimit), nullptr);
  EXPECT_EQ(FindParamSpec(~0ul), nullptr);
}

TEST(ParamsTest, EverySpecIsConsistent) {
  ParamValues values;
  for (unsigned long id = 0; id < kParamIdLimit; ++id) {
    const ParamSpec* spec = FindParamSpec(id);
    if (spec == nullptr) continue;
    SCOPED_TRACE(spec->name);
    EXPECT_EQ(spec->id, id);
    EXPECT_LE(spec->min, spec->max);
    if (spec->flags & kParamString) {
      ASSERT_NE(spec->default_string, nullptr);
      EXPECT_EQ(values.string(id), spec->default_string);
      EXPECT_TRUE(values.IsUnchanged(id, 0, spec->default_string));
    } else {
      EXPECT_EQ(values.integer(id), spec->default_integer);
      EXPECT_TRUE(values.IsUnchanged(id, spec->default_integer, nullptr));
      // The default is inside the range.
      EXPECT_GE(spec->default_integer, spec->min);
      EXPECT_LE(spec->default_integer, spec->max);
    }
  }
}

}  // namespace
}  // namespace lmjet::engine
