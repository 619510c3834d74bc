// The wide (W) entry points against their narrow (A) twins: each W call must
// do what the A call with the converted arguments does (same codes, same
// objects, same data), names convert to Windows-1252 and paths to UTF-8,
// outputs come back as UTF-16 in byte-sized buffers, and bad input gives
// esent.dll's errors (api/wide.h).

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

using WideString = std::basic_string<WCHAR>;

WideString W(const char16_t* text) {
  WideString out;
  for (; *text != 0; ++text) out.push_back(static_cast<WCHAR>(*text));
  return out;
}

// A W index key from a literal holding its NULs; .second is cbKey.
template <size_t N>
std::pair<WideString, unsigned long> Key(const char16_t (&text)[N]) {
  WideString key;
  for (size_t i = 0; i + 1 < N; ++i) key.push_back(text[i]);
  return {key, static_cast<unsigned long>(key.size() * sizeof(WCHAR))};
}

// The UTF-16LE bytes of `text`: what a Unicode text column holds.
std::string Utf16Bytes(const char16_t* text) {
  const WideString w = W(text);
  return std::string(reinterpret_cast<const char*>(w.data()),
                     w.size() * sizeof(WCHAR));
}

const WCHAR kLoneSurrogate[] = {'a', 0xD800, 'b', 0};

constexpr JET_SESID kBadSesid = 0x12345678;
constexpr JET_TABLEID kBadTableid = 0x12345678;

// --- Instances and parameters ----------------------------------------------

TEST(WideInstanceTest, CreateInstanceNamesAreUtf8) {
  JET_INSTANCE wide = 0;
  ASSERT_JET_OK(JetCreateInstanceW(&wide, W(u"inst\u00e9\u65e5").c_str()));
  // The same name in UTF-8 through the A twin is the same instance name.
  JET_INSTANCE narrow = 0;
  EXPECT_EQ(JET_errInstanceNameInUse,
            JetCreateInstanceA(&narrow, "inst\xC3\xA9\xE6\x97\xA5"));
  JET_INSTANCE second = 0;
  EXPECT_EQ(JET_errInstanceNameInUse,
            JetCreateInstance2W(&second, W(u"inst\u00e9\u65e5").c_str(),
                                W(u"display").c_str(), 0));
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            JetCreateInstanceW(&second, kLoneSurrogate));
  EXPECT_EQ(
      JET_errUnicodeTranslationFail,
      JetCreateInstance2W(&second, W(u"other").c_str(), kLoneSurrogate, 0));
  EXPECT_EQ(JetCreateInstanceA(nullptr, "x"),
            JetCreateInstanceW(nullptr, W(u"x").c_str()));
  ASSERT_JET_OK(JetTerm(wide));
}

TEST(WideInstanceTest, SystemParametersConvertBothWays) {
  ScratchDir dir;
  const std::string utf8_dir = dir.path() + "/r\xC3\xA9pertoire\xE6\x97\xA5/";
  std::filesystem::create_directory(utf8_dir);
  WideString wide_dir;
  {
    // dir.path() is ASCII.
    for (char c : dir.path()) wide_dir.push_back(static_cast<WCHAR>(c));
    wide_dir += W(u"/r\u00e9pertoire\u65e5/");
  }
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstanceW(&inst, W(u"params").c_str()));
  ASSERT_JET_OK(JetSetSystemParameterW(&inst, 0, JET_paramSystemPath, 0,
                                       wide_dir.c_str()));
  ASSERT_JET_OK(JetSetSystemParameterW(&inst, 0, JET_paramLogFilePath, 0,
                                       wide_dir.c_str()));
  ASSERT_JET_OK(
      JetSetSystemParameterW(&inst, 0, JET_paramTempPath, 0, wide_dir.c_str()));
  ASSERT_JET_OK(
      JetSetSystemParameterW(&inst, 0, JET_paramMaxSessions, 7, nullptr));
  EXPECT_EQ(
      JET_errUnicodeTranslationFail,
      JetSetSystemParameterW(&inst, 0, JET_paramBaseName, 0, kLoneSurrogate));

  // The A twin reads the UTF-8 bytes.
  char narrow[512];
  ASSERT_JET_OK(JetGetSystemParameterA(inst, 0, JET_paramSystemPath, nullptr,
                                       narrow, sizeof(narrow)));
  EXPECT_EQ(utf8_dir, narrow);

  // The W form reads UTF-16, in a buffer of bytes.
  WCHAR wbuf[512];
  std::fill(std::begin(wbuf), std::end(wbuf), WCHAR{0xFFFF});
  JET_API_PTR value = 99;
  ASSERT_JET_OK(JetGetSystemParameterW(inst, 0, JET_paramSystemPath, &value,
                                       wbuf, sizeof(wbuf)));
  EXPECT_EQ(wide_dir, WideString(wbuf));
  const unsigned long exact = (wide_dir.size() + 1) * sizeof(WCHAR);
  std::fill(std::begin(wbuf), std::end(wbuf), WCHAR{0xFFFF});
  EXPECT_JET_OK(JetGetSystemParameterW(inst, 0, JET_paramSystemPath, nullptr,
                                       wbuf, exact));
  EXPECT_EQ(wide_dir, WideString(wbuf));
  std::fill(std::begin(wbuf), std::end(wbuf), WCHAR{0xFFFF});
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetSystemParameterW(inst, 0, JET_paramSystemPath, nullptr, wbuf,
                                   exact - 1));
  EXPECT_EQ(wide_dir.substr(0, wide_dir.size() - 1), WideString(wbuf));
  // The A twin needs only the UTF-8 bytes: fewer than the W form's.
  EXPECT_JET_OK(JetGetSystemParameterA(inst, 0, JET_paramSystemPath, nullptr,
                                       narrow, utf8_dir.size() + 1));

  // An integer parameter: the string buffer is not touched.
  std::fill(std::begin(wbuf), std::end(wbuf), WCHAR{0xFFFF});
  value = 0;
  ASSERT_JET_OK(JetGetSystemParameterW(inst, 0, JET_paramMaxSessions, &value,
                                       wbuf, sizeof(wbuf)));
  EXPECT_EQ(7u, value);
  EXPECT_EQ(0xFFFF, wbuf[0]);
  // A string parameter without a buffer: the A twin's error.
  EXPECT_EQ(JetGetSystemParameterA(inst, 0, JET_paramSystemPath, nullptr,
                                   nullptr, 100),
            JetGetSystemParameterW(inst, 0, JET_paramSystemPath, nullptr,
                                   nullptr, 100));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetSystemParameterW(inst, 0, JET_paramSystemPath, nullptr,
                                   nullptr, 100));
  // Unknown parameter ids fail alike.
  EXPECT_EQ(JetGetSystemParameterA(inst, 0, 0x7FFFFFFF, &value, narrow, 10),
            JetGetSystemParameterW(inst, 0, 0x7FFFFFFF, &value, wbuf, 20));

  // Init with a JET_RSTINFO_W, then a session and a database in that path.
  WideString from = W(u"a\u00e9.edb");
  WideString to = W(u"b.edb");
  JET_RSTMAP_W map = {from.data(), to.data()};
  JET_RSTINFO_W rst{};
  rst.cbStruct = sizeof(rst) + 1;
  rst.rgrstmap = &map;
  rst.crstmap = 1;
  EXPECT_EQ(JET_errInvalidParameter, JetInit3W(&inst, &rst, 0));
  rst.cbStruct = sizeof(rst);
  ASSERT_JET_OK(JetInit3W(&inst, &rst, 0));
  JET_SESID sesid = 0;
  ASSERT_JET_OK(
      JetBeginSessionW(inst, &sesid, W(u"user").c_str(), W(u"pass").c_str()));
  JET_DBID dbid = 0;
  ASSERT_JET_OK(JetCreateDatabaseW(
      sesid, (wide_dir + W(u"d\u00e9.edb")).c_str(), nullptr, &dbid, 0));
  EXPECT_TRUE(std::filesystem::exists(utf8_dir + "d\xC3\xA9.edb"));
  EXPECT_EQ(JetBeginSessionA(inst, nullptr, "", ""),
            JetBeginSessionW(inst, nullptr, nullptr, nullptr));
  EXPECT_EQ(JET_errInvalidParameter,
            JetBeginSessionW(inst, nullptr, nullptr, nullptr));
  ASSERT_JET_OK(JetTerm(inst));
}

TEST(WideInstanceTest, Init3WithoutRestoreInfo) {
  ScratchDir dir;
  JET_INSTANCE inst = 0;
  ASSERT_JET_OK(JetCreateInstanceW(&inst, W(u"plain").c_str()));
  const std::string path = dir.path() + "/";
  WideString wpath;
  for (char c : path) wpath.push_back(static_cast<WCHAR>(c));
  for (unsigned long id :
       {JET_paramSystemPath, JET_paramLogFilePath, JET_paramTempPath}) {
    ASSERT_JET_OK(JetSetSystemParameterW(&inst, 0, id, 0, wpath.c_str()));
  }
  ASSERT_JET_OK(JetInit3W(&inst, nullptr, 0));
  ASSERT_JET_OK(JetTerm(inst));
}

// --- Databases, tables, columns and indexes ----------------------------------

class WideApiTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    for (char c : dir_.path()) dir_w_.push_back(static_cast<WCHAR>(c));
  }
  // A path under the test directory, as UTF-16 and as the UTF-8 it names.
  WideString WPath(const char16_t* name) const {
    return dir_w_ + W(u"/") + W(name);
  }
  void CreateDb() {
    ASSERT_JET_OK(JetCreateDatabaseW(sesid_, WPath(u"t\u00e9st.edb").c_str(),
                                     nullptr, &dbid_, 0));
  }
  // Creates table `name` with columns "id" (Long) and "prénom" (Text) and
  // a primary index on id; leaves it open in table_.
  void CreateTable(const char16_t* name) {
    ASSERT_JET_OK(
        JetCreateTableW(sesid_, dbid_, W(name).c_str(), 0, 0, &table_));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypLong;
    ASSERT_JET_OK(JetAddColumnW(sesid_, table_, W(u"id").c_str(), &def, nullptr,
                                0, &id_));
    def.coltyp = JET_coltypText;
    def.cp = 1252;
    ASSERT_JET_OK(JetAddColumnW(sesid_, table_, W(u"pr\u00e9nom").c_str(), &def,
                                nullptr, 0, &name_));
    const auto [key, cb] = Key(u"+id\0\0");
    ASSERT_JET_OK(JetCreateIndexW(sesid_, table_, W(u"pk").c_str(),
                                  JET_bitIndexPrimary, key.data(), cb, 0));
  }

  WideString dir_w_;
  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = 0;
  JET_COLUMNID id_ = 0;
  JET_COLUMNID name_ = 0;
};

TEST_F(WideApiTest, DatabasePathsAreUtf8) {
  const std::string utf8 = dir_.path() + "/d\xC3\xA9\xE6\x97\xA5.edb";
  const WideString wide = WPath(u"d\u00e9\u65e5.edb");
  JET_DBID dbid = 0;
  ASSERT_JET_OK(JetCreateDatabase2W(sesid_, wide.c_str(), 0, &dbid, 0));
  EXPECT_TRUE(std::filesystem::exists(utf8));
  // The A twin names the same file.
  JET_DBID again = 0;
  ASSERT_JET_OK(JetOpenDatabaseA(sesid_, utf8.c_str(), nullptr, &again, 0));
  EXPECT_EQ(dbid, again);
  ASSERT_JET_OK(JetCloseDatabase(sesid_, again, 0));
  JET_DBID third = 0;
  ASSERT_JET_OK(JetOpenDatabaseW(sesid_, wide.c_str(), nullptr, &third, 0));
  EXPECT_EQ(dbid, third);
  ASSERT_JET_OK(JetCloseDatabase(sesid_, third, 0));
  ASSERT_JET_OK(JetCloseDatabase(sesid_, dbid, 0));
  EXPECT_EQ(JET_wrnDatabaseAttached,
            JetAttachDatabaseA(sesid_, utf8.c_str(), 0));
  EXPECT_EQ(JET_wrnDatabaseAttached,
            JetAttachDatabaseW(sesid_, wide.c_str(), 0));
  ASSERT_JET_OK(JetDetachDatabaseW(sesid_, wide.c_str()));
  EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabaseA(sesid_, utf8.c_str()));
  ASSERT_JET_OK(JetAttachDatabase2W(sesid_, wide.c_str(), 0, 0));
  ASSERT_JET_OK(JetDetachDatabase2W(sesid_, wide.c_str(), 0));
  ASSERT_JET_OK(JetAttachDatabaseW(sesid_, wide.c_str(), 0));
  ASSERT_JET_OK(JetDetachDatabaseA(sesid_, utf8.c_str()));
  // Detach of a file never attached: the A twin's error.
  EXPECT_EQ(JetDetachDatabaseA(sesid_, utf8.c_str()),
            JetDetachDatabaseW(sesid_, wide.c_str()));
  // A second create of an existing file fails alike.
  EXPECT_EQ(JetCreateDatabaseA(sesid_, utf8.c_str(), nullptr, &again, 0),
            JetCreateDatabaseW(sesid_, wide.c_str(), nullptr, &again, 0));
  EXPECT_EQ(JET_errDatabaseDuplicate,
            JetCreateDatabaseW(sesid_, wide.c_str(), nullptr, &again, 0));
}

TEST_F(WideApiTest, DatabaseBadInput) {
  JET_DBID dbid = 0;
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            JetCreateDatabaseW(sesid_, kLoneSurrogate, nullptr, &dbid, 0));
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            JetAttachDatabaseW(sesid_, kLoneSurrogate, 0));
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            JetOpenDatabaseW(sesid_, kLoneSurrogate, nullptr, &dbid, 0));
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            JetDetachDatabase2W(sesid_, kLoneSurrogate, 0));
  // A bad handle is reported before a bad string, as in esent.dll.
  EXPECT_EQ(JET_errInvalidSesid,
            JetCreateDatabaseW(kBadSesid, kLoneSurrogate, nullptr, &dbid, 0));
  EXPECT_EQ(JET_errInvalidSesid,
            JetAttachDatabase2W(kBadSesid, kLoneSurrogate, 0, 0));
  // Null paths: the A twin's answers.
  EXPECT_EQ(JetCreateDatabaseA(sesid_, nullptr, nullptr, &dbid, 0),
            JetCreateDatabaseW(sesid_, nullptr, nullptr, &dbid, 0));
  EXPECT_EQ(JetAttachDatabaseA(sesid_, nullptr, 0),
            JetAttachDatabaseW(sesid_, nullptr, 0));
  EXPECT_EQ(JetOpenDatabaseA(sesid_, nullptr, nullptr, &dbid, 0),
            JetOpenDatabaseW(sesid_, nullptr, nullptr, &dbid, 0));
}

TEST_F(WideApiTest, TableNamesAreWindows1252) {
  CreateDb();
  CreateTable(u"Caf\u00e9");
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  // The A twin opens it by its Windows-1252 name.
  JET_TABLEID t = 0;
  ASSERT_JET_OK(JetOpenTableA(sesid_, dbid_, "Caf\xE9", nullptr, 0, 0, &t));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  ASSERT_JET_OK(
      JetOpenTableW(sesid_, dbid_, W(u"CAF\u00e9").c_str(), nullptr, 0, 0, &t))
      << "names compare case-insensitively (ASCII letters)";
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  EXPECT_EQ(
      JetOpenTableA(sesid_, dbid_, "nope", nullptr, 0, 0, &t),
      JetOpenTableW(sesid_, dbid_, W(u"nope").c_str(), nullptr, 0, 0, &t));
  EXPECT_EQ(
      JET_errObjectNotFound,
      JetOpenTableW(sesid_, dbid_, W(u"nope").c_str(), nullptr, 0, 0, &t));
  // Not in Windows-1252, or an unpaired surrogate: JET_errInvalidName.
  EXPECT_EQ(
      JET_errInvalidName,
      JetCreateTableW(sesid_, dbid_, W(u"\u65e5\u672c").c_str(), 0, 0, &t));
  EXPECT_EQ(JET_errInvalidName,
            JetOpenTableW(sesid_, dbid_, kLoneSurrogate, nullptr, 0, 0, &t));
  EXPECT_EQ(JET_errInvalidName,
            JetDeleteTableW(sesid_, dbid_, W(u"\u0100").c_str()));
  EXPECT_EQ(JET_errInvalidSesid,
            JetCreateTableW(kBadSesid, dbid_, kLoneSurrogate, 0, 0, &t));
  // The engine's own name rules still apply, as for the A twin.
  const WideString long_name(JET_cbNameMost + 1, WCHAR{'x'});
  EXPECT_EQ(JET_errInvalidName,
            JetCreateTableW(sesid_, dbid_, long_name.c_str(), 0, 0, &t));
  EXPECT_EQ(JetCreateTableA(sesid_, dbid_, nullptr, 0, 0, &t),
            JetCreateTableW(sesid_, dbid_, nullptr, 0, 0, &t));
  EXPECT_EQ(JetCreateTableA(sesid_, dbid_, "a.b", 0, 0, &t),
            JetCreateTableW(sesid_, dbid_, W(u"a.b").c_str(), 0, 0, &t));
  // Delete through W, then the A twin no longer finds it.
  ASSERT_JET_OK(JetDeleteTableW(sesid_, dbid_, W(u"caf\u00e9").c_str()));
  EXPECT_EQ(JET_errObjectNotFound,
            JetOpenTableA(sesid_, dbid_, "Caf\xE9", nullptr, 0, 0, &t));
}

TEST_F(WideApiTest, ColumnsAndIndexes) {
  CreateDb();
  CreateTable(u"T");
  // The A twin sees the W column under its Windows-1252 name.
  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetTableColumnInfoA(sesid_, table_, "pr\xE9nom", &def,
                                       sizeof(def), JET_ColInfo));
  EXPECT_EQ(name_, def.columnid);
  EXPECT_EQ(static_cast<JET_COLTYP>(JET_coltypText), def.coltyp);
  JET_COLUMNID dup = 0;
  JET_COLUMNDEF text{};
  text.cbStruct = sizeof(text);
  text.coltyp = JET_coltypText;
  EXPECT_EQ(JetAddColumnA(sesid_, table_, "PR\xE9NOM", &text, nullptr, 0, &dup),
            JetAddColumnW(sesid_, table_, W(u"PR\u00e9NOM").c_str(), &text,
                          nullptr, 0, &dup));
  EXPECT_EQ(JET_errColumnDuplicate,
            JetAddColumnW(sesid_, table_, W(u"pr\u00e9nom").c_str(), &text,
                          nullptr, 0, &dup));
  EXPECT_EQ(JET_errInvalidName,
            JetAddColumnW(sesid_, table_, W(u"\u65e5").c_str(), &text, nullptr,
                          0, &dup));
  EXPECT_EQ(JET_errInvalidTableId,
            JetAddColumnW(sesid_, kBadTableid, W(u"\u65e5").c_str(), &text,
                          nullptr, 0, &dup));

  // Indexes: the one-call form and the three structure forms.
  const auto [key, cb] = Key(u"-pr\u00e9nom\0+id\0\0");
  ASSERT_JET_OK(JetCreateIndexW(sesid_, table_, W(u"by\u00e9").c_str(), 0,
                                key.data(), cb, 0));
  EXPECT_EQ(JET_errIndexDuplicate,
            JetCreateIndexA(sesid_, table_, "BY\xE9", 0, "+id\0", 5, 0));
  EXPECT_EQ(
      JET_errInvalidParameter,
      JetCreateIndexW(sesid_, table_, W(u"x").c_str(), 0, key.data(), 0, 0));
  const auto [unsigned_key, cb2] = Key(u"id\0\0");
  EXPECT_EQ(JET_errIndexInvalidDef,
            JetCreateIndexW(sesid_, table_, W(u"x").c_str(), 0,
                            unsigned_key.data(), cb2, 0));
  EXPECT_EQ(JET_errIndexInvalidDef,
            JetCreateIndexW(sesid_, table_, W(u"x").c_str(), 0, key.data(),
                            cb - 2, 0));
  EXPECT_EQ(JET_errInvalidName, JetCreateIndexW(sesid_, table_, kLoneSurrogate,
                                                0, key.data(), cb, 0));
  const auto [cjk_key, cb3] = Key(u"+\u65e5\0\0");
  EXPECT_EQ(JET_errUnicodeTranslationFail,
            JetCreateIndexW(sesid_, table_, W(u"x").c_str(), 0, cjk_key.data(),
                            cb3, 0));
  EXPECT_EQ(JET_errInvalidTableId,
            JetCreateIndexW(sesid_, kBadTableid, W(u"x").c_str(), 0, key.data(),
                            0, 0));

  // JetCreateIndex2W: two indexes, each element's err written back.
  JET_INDEXCREATE_W two[2]{};
  WideString names[2] = {W(u"i1"), W(u"i2")};
  const auto [k1, c1] = Key(u"+pr\u00e9nom\0\0");
  for (int i = 0; i < 2; ++i) {
    two[i].cbStruct = sizeof(JET_INDEXCREATE_W);
    two[i].szIndexName = names[i].data();
    two[i].szKey = const_cast<WCHAR*>(k1.data());
    two[i].cbKey = c1;
    two[i].err = 12345;
  }
  ASSERT_JET_OK(JetCreateIndex2W(sesid_, table_, two, 2));
  EXPECT_EQ(JET_errSuccess, two[0].err);
  EXPECT_EQ(JET_errSuccess, two[1].err);
  // A duplicate second element: the first is created, the second's err is
  // the A twin's.
  names[0] = W(u"i3");
  two[0].szIndexName = names[0].data();
  EXPECT_EQ(JET_errIndexDuplicate, JetCreateIndex2W(sesid_, table_, two, 2));
  EXPECT_EQ(JET_errSuccess, two[0].err);
  EXPECT_EQ(JET_errIndexDuplicate, two[1].err);
  two[0].cbStruct = sizeof(JET_INDEXCREATE_W) + 8;
  EXPECT_EQ(JET_errInvalidParameter, JetCreateIndex2W(sesid_, table_, two, 1));
  EXPECT_EQ(JetCreateIndex2A(sesid_, table_, nullptr, 1),
            JetCreateIndex2W(sesid_, table_, nullptr, 1));

  // JetCreateIndex3W with a conditional column.
  WideString cond_name = W(u"pr\u00e9nom");
  JET_CONDITIONALCOLUMN_W cond{sizeof(cond), cond_name.data(),
                               JET_bitIndexColumnMustBeNonNull};
  WideString i4 = W(u"i4");
  JET_INDEXCREATE2_W three{};
  three.cbStruct = sizeof(three);
  three.szIndexName = i4.data();
  three.szKey = const_cast<WCHAR*>(k1.data());
  three.cbKey = c1;
  three.rgconditionalcolumn = &cond;
  three.cConditionalColumn = 1;
  ASSERT_JET_OK(JetCreateIndex3W(sesid_, table_, &three, 1));
  EXPECT_EQ(JET_errSuccess, three.err);
  cond.cbStruct = 1;
  WideString i5 = W(u"i5");
  three.szIndexName = i5.data();
  EXPECT_EQ(JET_errInvalidParameter,
            JetCreateIndex3W(sesid_, table_, &three, 1));
  cond.cbStruct = sizeof(cond);
  WideString bad_cond = W(u"\u65e5");
  cond.szColumnName = bad_cond.data();
  EXPECT_EQ(JET_errInvalidName, JetCreateIndex3W(sesid_, table_, &three, 1));

  // JetCreateIndex4W.
  JET_INDEXCREATE3_W four{};
  four.cbStruct = sizeof(four);
  WideString i6 = W(u"i6");
  four.szIndexName = i6.data();
  four.szKey = const_cast<WCHAR*>(k1.data());
  four.cbKey = c1;
  ASSERT_JET_OK(JetCreateIndex4W(sesid_, table_, &four, 1));

  // Every index exists under its Windows-1252 name.
  for (const char* name : {"by\xE9", "i1", "i2", "i3", "i4", "i6"}) {
    EXPECT_JET_OK(JetSetCurrentIndexA(sesid_, table_, name)) << name;
  }
  EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(sesid_, table_, "i5"));

  // Current index: set through each W form, read back through W and A.
  ASSERT_JET_OK(JetSetCurrentIndexW(sesid_, table_, W(u"by\u00e9").c_str()));
  char narrow[JET_cbNameMost + 1];
  ASSERT_JET_OK(JetGetCurrentIndexA(sesid_, table_, narrow, sizeof(narrow)));
  EXPECT_STREQ("by\xE9", narrow);
  WCHAR wide[JET_cbNameMost + 1];
  std::fill(std::begin(wide), std::end(wide), WCHAR{0xFFFF});
  ASSERT_JET_OK(JetGetCurrentIndexW(sesid_, table_, wide, sizeof(wide)));
  EXPECT_EQ(W(u"by\u00e9"), WideString(wide));
  // Sizes are bytes: "byé" and its NUL need 8.
  std::fill(std::begin(wide), std::end(wide), WCHAR{0xFFFF});
  EXPECT_JET_OK(JetGetCurrentIndexW(sesid_, table_, wide, 8));
  EXPECT_EQ(W(u"by\u00e9"), WideString(wide));
  std::fill(std::begin(wide), std::end(wide), WCHAR{0xFFFF});
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetCurrentIndexW(sesid_, table_, wide, 7));
  EXPECT_EQ(W(u"by"), WideString(wide));
  EXPECT_EQ(JetGetCurrentIndexA(sesid_, table_, nullptr, 8),
            JetGetCurrentIndexW(sesid_, table_, nullptr, 8));
  EXPECT_EQ(JetGetCurrentIndexA(sesid_, table_, narrow, 0),
            JetGetCurrentIndexW(sesid_, table_, wide, 0));

  ASSERT_JET_OK(
      JetSetCurrentIndex2W(sesid_, table_, W(u"i1").c_str(), JET_bitMoveFirst));
  ASSERT_JET_OK(JetGetCurrentIndexW(sesid_, table_, wide, sizeof(wide)));
  EXPECT_EQ(W(u"i1"), WideString(wide));
  ASSERT_JET_OK(JetSetCurrentIndex3W(sesid_, table_, W(u"i2").c_str(),
                                     JET_bitMoveFirst, 1));
  ASSERT_JET_OK(JetGetCurrentIndexW(sesid_, table_, wide, sizeof(wide)));
  EXPECT_EQ(W(u"i2"), WideString(wide));
  ASSERT_JET_OK(JetSetCurrentIndex4W(sesid_, table_, nullptr, nullptr,
                                     JET_bitMoveFirst, 1));
  ASSERT_JET_OK(JetGetCurrentIndexW(sesid_, table_, wide, sizeof(wide)));
  EXPECT_EQ(W(u"pk"), WideString(wide));
  EXPECT_EQ(JetSetCurrentIndex2A(sesid_, table_, "i1", 0x100),
            JetSetCurrentIndex2W(sesid_, table_, W(u"i1").c_str(), 0x100));
  EXPECT_EQ(JET_errIndexNotFound,
            JetSetCurrentIndexW(sesid_, table_, W(u"zz").c_str()));
  EXPECT_EQ(JET_errInvalidName,
            JetSetCurrentIndexW(sesid_, table_, W(u"\u65e5").c_str()));

  // Delete an index and a column through W.
  ASSERT_JET_OK(JetDeleteIndexW(sesid_, table_, W(u"I6").c_str()));
  EXPECT_EQ(JET_errIndexNotFound, JetSetCurrentIndexA(sesid_, table_, "i6"));
  EXPECT_EQ(JetDeleteIndexA(sesid_, table_, "i6"),
            JetDeleteIndexW(sesid_, table_, W(u"i6").c_str()));
  JET_COLUMNID extra = 0;
  ASSERT_JET_OK(JetAddColumnW(sesid_, table_, W(u"extra").c_str(), &text,
                              nullptr, 0, &extra));
  EXPECT_EQ(JetDeleteColumn2A(sesid_, table_, "extra", 0x2),
            JetDeleteColumn2W(sesid_, table_, W(u"extra").c_str(), 0x2));
  ASSERT_JET_OK(JetDeleteColumn2W(sesid_, table_, W(u"extra").c_str(), 0));
  EXPECT_EQ(JET_errColumnNotFound,
            JetDeleteColumnW(sesid_, table_, W(u"extra").c_str()));
  ASSERT_JET_OK(JetAddColumnW(sesid_, table_, W(u"extra2").c_str(), &text,
                              nullptr, 0, &extra));
  ASSERT_JET_OK(JetDeleteColumnW(sesid_, table_, W(u"EXTRA2").c_str()));
  EXPECT_EQ(JET_errInvalidName,
            JetDeleteColumnW(sesid_, table_, kLoneSurrogate));
}

// JetCreateTableColumnIndex*W against the A twin on a second table.
template <typename TW, typename IW>
void ExpectTableCreateMatches(JET_SESID sesid, JET_DBID dbid,
                              const char16_t* table_name,
                              JET_ERR (*create_fn)(JET_SESID, JET_DBID, TW*)) {
  WideString table = W(table_name);
  WideString col_names[2] = {W(u"k"), W(u"v\u00e9")};
  JET_COLUMNCREATE_W columns[2]{};
  for (int i = 0; i < 2; ++i) {
    columns[i].cbStruct = sizeof(JET_COLUMNCREATE_W);
    columns[i].szColumnName = col_names[i].data();
    columns[i].coltyp = i == 0 ? JET_coltypLong : JET_coltypText;
    columns[i].cp = i == 0 ? 0 : 1252;
    columns[i].err = 777;
  }
  WideString index_name = W(u"pk\u00e9");
  auto [key, cb] = Key(u"+k\0\0");
  IW index{};
  index.cbStruct = sizeof(IW);
  index.szIndexName = index_name.data();
  index.szKey = key.data();
  index.cbKey = cb;
  index.grbit = JET_bitIndexPrimary;
  index.err = 777;
  TW tc{};
  tc.cbStruct = sizeof(TW);
  tc.szTableName = table.data();
  tc.rgcolumncreate = columns;
  tc.cColumns = 2;
  tc.rgindexcreate = &index;
  tc.cIndexes = 1;
  tc.tableid = 0;

  // A wrong cbStruct: nothing is created.
  tc.cbStruct = sizeof(TW) - 8;
  EXPECT_EQ(JET_errInvalidParameter, create_fn(sesid, dbid, &tc));
  tc.cbStruct = sizeof(TW);
  // A column whose cbStruct is wrong: esent.dll refuses the whole request.
  columns[1].cbStruct = 3;
  EXPECT_EQ(JET_errInvalidParameter, create_fn(sesid, dbid, &tc));
  columns[1].cbStruct = sizeof(JET_COLUMNCREATE_W);
  // A column name outside Windows-1252.
  WideString bad = W(u"\u65e5");
  columns[1].szColumnName = bad.data();
  EXPECT_EQ(JET_errInvalidName, create_fn(sesid, dbid, &tc));
  columns[1].szColumnName = col_names[1].data();
  EXPECT_EQ(JET_errInvalidSesid, create_fn(kBadSesid, dbid, &tc));
  JET_TABLEID t = 0;
  EXPECT_EQ(JET_errObjectNotFound,
            JetOpenTableW(sesid, dbid, table.c_str(), nullptr, 0, 0, &t));

  ASSERT_JET_OK(create_fn(sesid, dbid, &tc));
  EXPECT_NE(JET_tableidNil, tc.tableid);
  EXPECT_EQ(4u, tc.cCreated);  // the table, two columns, one index
  EXPECT_EQ(JET_errSuccess, columns[0].err);
  EXPECT_EQ(JET_errSuccess, columns[1].err);
  EXPECT_EQ(JET_errSuccess, index.err);
  // The columnids are those the A twin's table reports for its columns.
  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetTableColumnInfoA(sesid, tc.tableid, "v\xE9", &def,
                                       sizeof(def), JET_ColInfo));
  EXPECT_EQ(columns[1].columnid, def.columnid);
  ASSERT_JET_OK(JetGetTableColumnInfoA(sesid, tc.tableid, "k", &def,
                                       sizeof(def), JET_ColInfo));
  EXPECT_EQ(columns[0].columnid, def.columnid);
  char current[JET_cbNameMost + 1];
  ASSERT_JET_OK(JetSetCurrentIndexA(sesid, tc.tableid, "pk\xE9"));
  ASSERT_JET_OK(
      JetGetCurrentIndexA(sesid, tc.tableid, current, sizeof(current)));
  EXPECT_STREQ("pk\xE9", current);
  ASSERT_JET_OK(JetCloseTable(sesid, tc.tableid));

  // Creating it again: the A twin's error, with the same per-column errs.
  tc.tableid = 0;
  EXPECT_EQ(JET_errTableDuplicate, create_fn(sesid, dbid, &tc));
  EXPECT_EQ(JET_tableidNil, tc.tableid);
  EXPECT_EQ(0u, tc.cCreated);
}

TEST_F(WideApiTest, CreateTableColumnIndexAllVersions) {
  CreateDb();
  ExpectTableCreateMatches<JET_TABLECREATE_W, JET_INDEXCREATE_W>(
      sesid_, dbid_, u"t1\u00e9", JetCreateTableColumnIndexW);
  ExpectTableCreateMatches<JET_TABLECREATE2_W, JET_INDEXCREATE_W>(
      sesid_, dbid_, u"t2\u00e9", JetCreateTableColumnIndex2W);
  ExpectTableCreateMatches<JET_TABLECREATE3_W, JET_INDEXCREATE2_W>(
      sesid_, dbid_, u"t3\u00e9", JetCreateTableColumnIndex3W);
  ExpectTableCreateMatches<JET_TABLECREATE4_W, JET_INDEXCREATE3_W>(
      sesid_, dbid_, u"t4\u00e9", JetCreateTableColumnIndex4W);
  EXPECT_EQ(JetCreateTableColumnIndexA(sesid_, dbid_, nullptr),
            JetCreateTableColumnIndexW(sesid_, dbid_, nullptr));
  EXPECT_EQ(JET_errInvalidParameter,
            JetCreateTableColumnIndex4W(sesid_, dbid_, nullptr));
}

// --- Information calls -----------------------------------------------------

// The value of `columnid` in the current row of list table `t`.
std::string Cell(JET_SESID sesid, JET_TABLEID t, JET_COLUMNID columnid) {
  char buf[512];
  unsigned long actual = 0;
  const JET_ERR err = JetRetrieveColumn(sesid, t, columnid, buf, sizeof(buf),
                                        &actual, 0, nullptr);
  if (err != JET_errSuccess) return "<err " + std::to_string(err) + ">";
  return std::string(buf, actual);
}

TEST_F(WideApiTest, ColumnInfo) {
  CreateDb();
  CreateTable(u"Caf\u00e9");
  // JET_ColInfo: the same JET_COLUMNDEF as the A twin.
  JET_COLUMNDEF a{}, w{};
  ASSERT_JET_OK(JetGetTableColumnInfoA(sesid_, table_, "pr\xE9nom", &a,
                                       sizeof(a), JET_ColInfo));
  ASSERT_JET_OK(JetGetTableColumnInfoW(
      sesid_, table_, W(u"pr\u00e9nom").c_str(), &w, sizeof(w), JET_ColInfo));
  EXPECT_EQ(0, std::memcmp(&a, &w, sizeof(a)));
  std::memset(&w, 0, sizeof(w));
  ASSERT_JET_OK(JetGetColumnInfoW(sesid_, dbid_, W(u"caf\u00e9").c_str(),
                                  W(u"PR\u00e9NOM").c_str(), &w, sizeof(w),
                                  JET_ColInfo));
  JET_COLUMNDEF by_name{};
  ASSERT_JET_OK(JetGetColumnInfoA(sesid_, dbid_, "Caf\xE9", "pr\xE9nom",
                                  &by_name, sizeof(by_name), JET_ColInfo));
  EXPECT_EQ(0, std::memcmp(&by_name, &w, sizeof(w)));
  // ByColid: the name argument is a JET_COLUMNID, passed through.
  std::memset(&w, 0, sizeof(w));
  ASSERT_JET_OK(JetGetTableColumnInfoW(sesid_, table_,
                                       reinterpret_cast<const WCHAR*>(&name_),
                                       &w, sizeof(w), JET_ColInfoByColid));
  EXPECT_EQ(name_, w.columnid);

  // JET_ColInfoBase: JET_COLUMNBASE_W with UTF-16 names.
  JET_COLUMNBASE_A base_a{};
  ASSERT_JET_OK(JetGetTableColumnInfoA(sesid_, table_, "pr\xE9nom", &base_a,
                                       sizeof(base_a), JET_ColInfoBase));
  JET_COLUMNBASE_W base{};
  ASSERT_JET_OK(JetGetTableColumnInfoW(sesid_, table_,
                                       W(u"pr\u00e9nom").c_str(), &base,
                                       sizeof(base), JET_ColInfoBase));
  EXPECT_EQ(sizeof(JET_COLUMNBASE_W), base.cbStruct);
  EXPECT_EQ(base_a.columnid, base.columnid);
  EXPECT_EQ(base_a.coltyp, base.coltyp);
  EXPECT_EQ(base_a.cp, base.cp);
  EXPECT_EQ(base_a.langid, base.langid);
  EXPECT_EQ(base_a.cbMax, base.cbMax);
  EXPECT_EQ(base_a.grbit, base.grbit);
  EXPECT_EQ(W(u"Caf\u00e9"), WideString(base.szBaseTableName));
  EXPECT_EQ(W(u"pr\u00e9nom"), WideString(base.szBaseColumnName));
  JET_COLUMNBASE_W by_id{};
  ASSERT_JET_OK(JetGetColumnInfoW(sesid_, dbid_, W(u"Caf\u00e9").c_str(),
                                  reinterpret_cast<const WCHAR*>(&id_), &by_id,
                                  sizeof(by_id), JET_ColInfoBaseByColid));
  EXPECT_EQ(W(u"id"), WideString(by_id.szBaseColumnName));
  // The W structure is larger: its size is the minimum.
  EXPECT_EQ(
      JET_errBufferTooSmall,
      JetGetTableColumnInfoW(sesid_, table_, W(u"id").c_str(), &base,
                             sizeof(JET_COLUMNBASE_W) - 1, JET_ColInfoBase));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableColumnInfoW(sesid_, table_, W(u"id").c_str(), &base,
                                   sizeof(JET_COLUMNBASE_A), JET_ColInfoBase));
  // The Base levels check their result before the name, as esent.dll's W
  // forms do.
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetTableColumnInfoW(sesid_, table_, W(u"zz").c_str(), nullptr,
                                   sizeof(JET_COLUMNBASE_W), JET_ColInfoBase));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetColumnInfoW(sesid_, dbid_, W(u"Caf\u00e9").c_str(),
                              W(u"\u65e5").c_str(), &base,
                              sizeof(JET_COLUMNBASE_A), JET_ColInfoBase));
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableColumnInfoW(sesid_, kBadTableid, W(u"id").c_str(),
                                   nullptr, 0, JET_ColInfoBase));
  // Errors as the A twin's.
  EXPECT_EQ(
      JetGetTableColumnInfoA(sesid_, table_, "zz", &a, sizeof(a), JET_ColInfo),
      JetGetTableColumnInfoW(sesid_, table_, W(u"zz").c_str(), &w, sizeof(w),
                             JET_ColInfo));
  EXPECT_EQ(JetGetTableColumnInfoA(sesid_, table_, "id", &a, sizeof(a), 99),
            JetGetTableColumnInfoW(sesid_, table_, W(u"id").c_str(), &w,
                                   sizeof(w), 99));
  EXPECT_EQ(JET_errInvalidName,
            JetGetTableColumnInfoW(sesid_, table_, W(u"\u65e5").c_str(), &w,
                                   sizeof(w), JET_ColInfo));
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableColumnInfoW(sesid_, kBadTableid, W(u"\u65e5").c_str(),
                                   &w, sizeof(w), JET_ColInfo));
  EXPECT_EQ(JET_errInvalidName,
            JetGetColumnInfoW(sesid_, dbid_, kLoneSurrogate, W(u"id").c_str(),
                              &w, sizeof(w), JET_ColInfo));

  // JET_ColInfoList: the names are UTF-16 in the W form's list.
  for (int form = 0; form < 2; ++form) {
    JET_COLUMNLIST list{};
    if (form == 0) {
      ASSERT_JET_OK(JetGetTableColumnInfoW(sesid_, table_, nullptr, &list,
                                           sizeof(list), JET_ColInfoList));
    } else {
      ASSERT_JET_OK(JetGetColumnInfoW(sesid_, dbid_, W(u"caf\u00e9").c_str(),
                                      nullptr, &list, sizeof(list),
                                      JET_ColInfoList));
    }
    EXPECT_EQ(2u, list.cRecord);
    ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveFirst, 0));
    // Rows are ordered by name: "id", then "prénom".
    EXPECT_EQ(Utf16Bytes(u"id"),
              Cell(sesid_, list.tableid, list.columnidcolumnname));
    ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveNext, 0));
    EXPECT_EQ(Utf16Bytes(u"pr\u00e9nom"),
              Cell(sesid_, list.tableid, list.columnidcolumnname));
    EXPECT_EQ(Utf16Bytes(u"Caf\u00e9"),
              Cell(sesid_, list.tableid, list.columnidBaseTableName));
    EXPECT_EQ(Utf16Bytes(u"pr\u00e9nom"),
              Cell(sesid_, list.tableid, list.columnidBaseColumnName));
    const std::string columnid =
        Cell(sesid_, list.tableid, list.columnidcolumnid);
    ASSERT_EQ(4u, columnid.size());
    uint32_t value = 0;
    std::memcpy(&value, columnid.data(), 4);
    EXPECT_EQ(name_, value);
    ASSERT_JET_OK(JetCloseTable(sesid_, list.tableid));
  }
  // The A form's list keeps Windows-1252 names.
  JET_COLUMNLIST list{};
  ASSERT_JET_OK(JetGetTableColumnInfoA(sesid_, table_, nullptr, &list,
                                       sizeof(list), JET_ColInfoList));
  ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveLast, 0));
  EXPECT_EQ("pr\xE9nom", Cell(sesid_, list.tableid, list.columnidcolumnname));
  ASSERT_JET_OK(JetCloseTable(sesid_, list.tableid));
}

TEST_F(WideApiTest, IndexInfo) {
  CreateDb();
  CreateTable(u"Caf\u00e9");
  const auto [key, cb] = Key(u"+pr\u00e9nom\0\0");
  ASSERT_JET_OK(JetCreateIndexW(sesid_, table_, W(u"by\u00e9").c_str(), 0,
                                key.data(), cb, 0));
  // Scalar levels: the A twin's values.
  unsigned long count_a = 0, count_w = 0;
  ASSERT_JET_OK(JetGetTableIndexInfoA(sesid_, table_, nullptr, &count_a,
                                      sizeof(count_a), JET_IdxInfoCount));
  ASSERT_JET_OK(JetGetTableIndexInfoW(sesid_, table_, nullptr, &count_w,
                                      sizeof(count_w), JET_IdxInfoCount));
  EXPECT_EQ(2u, count_w);
  EXPECT_EQ(count_a, count_w);
  JET_INDEXID id_a{}, id_w{};
  ASSERT_JET_OK(JetGetIndexInfoA(sesid_, dbid_, "Caf\xE9", "by\xE9", &id_a,
                                 sizeof(id_a), JET_IdxInfoIndexId));
  ASSERT_JET_OK(JetGetIndexInfoW(sesid_, dbid_, W(u"caf\u00e9").c_str(),
                                 W(u"BY\u00e9").c_str(), &id_w, sizeof(id_w),
                                 JET_IdxInfoIndexId));
  EXPECT_EQ(0, std::memcmp(&id_a, &id_w, sizeof(id_a)));
  EXPECT_EQ(JetGetTableIndexInfoA(sesid_, table_, "zz", &count_a,
                                  sizeof(count_a), JET_IdxInfoSpaceAlloc),
            JetGetTableIndexInfoW(sesid_, table_, W(u"zz").c_str(), &count_w,
                                  sizeof(count_w), JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(JET_errInvalidName,
            JetGetTableIndexInfoW(sesid_, table_, W(u"\u65e5").c_str(),
                                  &count_w, sizeof(count_w), JET_IdxInfoCount));
  EXPECT_EQ(JET_errInvalidSesid,
            JetGetIndexInfoW(kBadSesid, dbid_, W(u"x").c_str(), kLoneSurrogate,
                             &count_w, sizeof(count_w), JET_IdxInfoCount));

  // The list: index and column names in UTF-16.
  JET_INDEXLIST list{};
  ASSERT_JET_OK(JetGetIndexInfoW(sesid_, dbid_, W(u"Caf\u00e9").c_str(),
                                 W(u"by\u00e9").c_str(), &list, sizeof(list),
                                 JET_IdxInfoList));
  EXPECT_EQ(1u, list.cRecord);
  ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveFirst, 0));
  EXPECT_EQ(Utf16Bytes(u"by\u00e9"),
            Cell(sesid_, list.tableid, list.columnidindexname));
  EXPECT_EQ(Utf16Bytes(u"pr\u00e9nom"),
            Cell(sesid_, list.tableid, list.columnidcolumnname));
  ASSERT_JET_OK(JetCloseTable(sesid_, list.tableid));
  ASSERT_JET_OK(JetGetTableIndexInfoW(sesid_, table_, nullptr, &list,
                                      sizeof(list), JET_IdxInfo));
  EXPECT_EQ(2u, list.cRecord);
  ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveFirst, 0));
  EXPECT_EQ(Utf16Bytes(u"by\u00e9"),
            Cell(sesid_, list.tableid, list.columnidindexname));
  ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveNext, 0));
  EXPECT_EQ(Utf16Bytes(u"pk"),
            Cell(sesid_, list.tableid, list.columnidindexname));
  EXPECT_EQ(Utf16Bytes(u"id"),
            Cell(sesid_, list.tableid, list.columnidcolumnname));
  ASSERT_JET_OK(JetCloseTable(sesid_, list.tableid));
}

TEST_F(WideApiTest, TableAndObjectInfo) {
  CreateDb();
  CreateTable(u"Caf\u00e9");
  // JET_TblInfo: the same JET_OBJECTINFO.
  JET_OBJECTINFO a{}, w{};
  ASSERT_JET_OK(JetGetTableInfoA(sesid_, table_, &a, sizeof(a), JET_TblInfo));
  ASSERT_JET_OK(JetGetTableInfoW(sesid_, table_, &w, sizeof(w), JET_TblInfo));
  EXPECT_EQ(0, std::memcmp(&a, &w, sizeof(a)));
  // JET_TblInfoName: UTF-16, cbMax in bytes.
  WCHAR name[JET_cbNameMost + 1];
  std::fill(std::begin(name), std::end(name), WCHAR{0xFFFF});
  ASSERT_JET_OK(
      JetGetTableInfoW(sesid_, table_, name, sizeof(name), JET_TblInfoName));
  EXPECT_EQ(W(u"Caf\u00e9"), WideString(name));
  EXPECT_JET_OK(JetGetTableInfoW(sesid_, table_, name, 10, JET_TblInfoName));
  std::fill(std::begin(name), std::end(name), WCHAR{0xFFFF});
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableInfoW(sesid_, table_, name, 9, JET_TblInfoName));
  EXPECT_EQ(W(u"Caf"), WideString(name));
  // The A form fits in 5 bytes; W's 5 bytes hold 2 WCHARs.
  char narrow[8];
  EXPECT_JET_OK(JetGetTableInfoA(sesid_, table_, narrow, 5, JET_TblInfoName));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableInfoW(sesid_, table_, name, 5, JET_TblInfoName));
  WCHAR template_name[JET_cbNameMost + 1];
  template_name[0] = 0xFFFF;
  ASSERT_JET_OK(JetGetTableInfoW(sesid_, table_, template_name,
                                 sizeof(template_name),
                                 JET_TblInfoTemplateTableName));
  EXPECT_EQ(0, template_name[0]);
  EXPECT_EQ(JetGetTableInfoA(sesid_, table_, nullptr, 100, JET_TblInfoName),
            JetGetTableInfoW(sesid_, table_, nullptr, 100, JET_TblInfoName));
  JET_DBID dbid = 0;
  ASSERT_JET_OK(
      JetGetTableInfoW(sesid_, table_, &dbid, sizeof(dbid), JET_TblInfoDbid));
  EXPECT_EQ(dbid_, dbid);

  // JetGetObjectInfoW: one object, then the list.
  JET_OBJECTINFO oa{}, ow{};
  ASSERT_JET_OK(JetGetObjectInfoA(sesid_, dbid_, JET_objtypTable, "Tables",
                                  "Caf\xE9", &oa, sizeof(oa), JET_ObjInfo));
  ASSERT_JET_OK(JetGetObjectInfoW(sesid_, dbid_, JET_objtypTable,
                                  W(u"Tables").c_str(), W(u"caf\u00e9").c_str(),
                                  &ow, sizeof(ow), JET_ObjInfo));
  EXPECT_EQ(0, std::memcmp(&oa, &ow, sizeof(oa)));
  EXPECT_EQ(
      JetGetObjectInfoA(sesid_, dbid_, JET_objtypTable, "Other", "x", &oa,
                        sizeof(oa), JET_ObjInfo),
      JetGetObjectInfoW(sesid_, dbid_, JET_objtypTable, W(u"Other").c_str(),
                        W(u"x").c_str(), &ow, sizeof(ow), JET_ObjInfo));
  EXPECT_EQ(
      JET_errInvalidName,
      JetGetObjectInfoW(sesid_, dbid_, JET_objtypTable, nullptr,
                        W(u"\u65e5").c_str(), &ow, sizeof(ow), JET_ObjInfo));
  JET_OBJECTLIST list{};
  ASSERT_JET_OK(JetGetObjectInfoW(sesid_, dbid_, JET_objtypTable, nullptr,
                                  nullptr, &list, sizeof(list),
                                  JET_ObjInfoList));
  EXPECT_EQ(1u, list.cRecord);
  ASSERT_JET_OK(JetMove(sesid_, list.tableid, JET_MoveFirst, 0));
  EXPECT_EQ(Utf16Bytes(u"Tables"),
            Cell(sesid_, list.tableid, list.columnidcontainername));
  EXPECT_EQ(Utf16Bytes(u"Caf\u00e9"),
            Cell(sesid_, list.tableid, list.columnidobjectname));
  ASSERT_JET_OK(JetCloseTable(sesid_, list.tableid));
}

}  // namespace
}  // namespace lmjet::testing
