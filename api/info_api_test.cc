// The information calls through the public API: JetGetTableColumnInfo,
// JetGetColumnInfo, JetGetTableIndexInfo, JetGetIndexInfo, JetGetTableInfo
// and JetGetObjectInfo (cursor/info.h has the rules and their sources).

#include <cstdint>
#include <cstring>
#include <string>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

constexpr JET_GRBIT kUpdatable = JET_bitColumnUpdatable;

class InfoApiTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    const std::string path = dir_.File("info.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path.c_str(), nullptr, &dbid_, 0));
    JET_TABLEID created;
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "Books", 16, 90, &created));
    table_ = created;
    AddColumn("id", JET_coltypLong, 0, JET_bitColumnNotNULL, 0, &id_);
    AddColumn("title", JET_coltypText, 0, 0, 0, &title_);
    AddColumn("body", JET_coltypLongText, 0, 0, 1200, &body_);
    AddColumn("tags", JET_coltypText, 40,
              JET_bitColumnTagged | JET_bitColumnMultiValued, 0, &tags_);
    AddColumn("price", JET_coltypCurrency, 0, 0, 0, &price_);
    AddColumn("code", JET_coltypBinary, 10, JET_bitColumnFixed, 0, &code_);
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "pk", JET_bitIndexPrimary,
                                 "+id\0", 5, 0));
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "by_title", 0,
                                 "+title\0-price\0", 15, 70));
    JET_INDEXCREATE_A wide{};
    wide.cbStruct = sizeof(wide);
    wide.szIndexName = const_cast<char*>("wide");
    wide.szKey = const_cast<char*>("+code\0");
    wide.cbKey = 7;
    wide.grbit = JET_bitIndexKeyMost;
    wide.ulDensity = 100;
    wide.cbKeyMost = 500;
    ASSERT_JET_OK(JetCreateIndex2(sesid_, table_, &wide, 1));
    ASSERT_JET_OK(JetCloseTable(sesid_, table_));
    ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "Books", nullptr, 0, 0, &table_));
  }

  void AddColumn(const char* name, JET_COLTYP coltyp, unsigned long cb_max,
                 JET_GRBIT grbit, unsigned short cp, JET_COLUMNID* columnid) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = coltyp;
    def.cbMax = cb_max;
    def.grbit = grbit;
    def.cp = cp;
    ASSERT_JET_OK(
        JetAddColumn(sesid_, table_, name, &def, nullptr, 0, columnid));
  }

  JET_ERR ColumnDef(const char* name, JET_COLUMNDEF* def,
                    unsigned long level = JET_ColInfo) {
    std::memset(def, 0xCC, sizeof(*def));
    return JetGetTableColumnInfo(sesid_, table_, name, def, sizeof(*def),
                                 level);
  }

  void ExpectColumnDef(const JET_COLUMNDEF& def, JET_COLUMNID columnid,
                       JET_COLTYP coltyp, unsigned short cp,
                       unsigned long cb_max, JET_GRBIT grbit) {
    EXPECT_EQ(sizeof(JET_COLUMNDEF), def.cbStruct);
    EXPECT_EQ(columnid, def.columnid);
    EXPECT_EQ(coltyp, def.coltyp);
    EXPECT_EQ(1, def.wCountry);
    EXPECT_EQ(0x409, def.langid);
    EXPECT_EQ(cp, def.cp);
    EXPECT_EQ(0, def.wCollate);
    EXPECT_EQ(cb_max, def.cbMax);
    EXPECT_EQ(grbit, def.grbit);
  }

  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = JET_tableidNil;
  JET_COLUMNID id_ = 0, title_ = 0, body_ = 0, tags_ = 0, price_ = 0, code_ = 0;
};

// --- Columns ---------------------------------------------------------------

TEST_F(InfoApiTest, ColumnIdsFollowTheStorageClasses) {
  EXPECT_EQ(1u, id_);
  EXPECT_EQ(2u, price_);
  EXPECT_EQ(3u, code_);
  EXPECT_EQ(128u, title_);
  EXPECT_EQ(256u, body_);
  EXPECT_EQ(257u, tags_);
}

TEST_F(InfoApiTest, ColumnDefOfEveryKindOfColumn) {
  JET_COLUMNDEF def;
  ASSERT_JET_OK(ColumnDef("id", &def));
  ExpectColumnDef(def, id_, JET_coltypLong, 0, 4,
                  JET_bitColumnFixed | JET_bitColumnNotNULL | kUpdatable);
  ASSERT_JET_OK(ColumnDef("title", &def));
  ExpectColumnDef(def, title_, JET_coltypText, 1252, 255, kUpdatable);
  ASSERT_JET_OK(ColumnDef("body", &def));
  ExpectColumnDef(def, body_, JET_coltypLongText, 1200, 0,
                  JET_bitColumnTagged | kUpdatable);
  ASSERT_JET_OK(ColumnDef("tags", &def));
  ExpectColumnDef(def, tags_, JET_coltypText, 1252, 40,
                  JET_bitColumnTagged | JET_bitColumnMultiValued | kUpdatable);
  ASSERT_JET_OK(ColumnDef("price", &def));
  ExpectColumnDef(def, price_, JET_coltypCurrency, 0, 8,
                  JET_bitColumnFixed | kUpdatable);
  ASSERT_JET_OK(ColumnDef("code", &def));
  ExpectColumnDef(def, code_, JET_coltypBinary, 0, 10,
                  JET_bitColumnFixed | kUpdatable);
}

TEST_F(InfoApiTest, ColumnNamesCompareCaseInsensitively) {
  JET_COLUMNDEF def;
  for (const char* name : {"TITLE", "Title", "tItLe", "title  "}) {
    ASSERT_JET_OK(ColumnDef(name, &def)) << name;
    EXPECT_EQ(title_, def.columnid) << name;
  }
}

TEST_F(InfoApiTest, ColumnDefByColumnId) {
  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_,
                                      reinterpret_cast<const char*>(&body_),
                                      &def, sizeof(def), JET_ColInfoByColid));
  ExpectColumnDef(def, body_, JET_coltypLongText, 1200, 0,
                  JET_bitColumnTagged | kUpdatable);
  const JET_COLUMNID missing = 999;
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetTableColumnInfo(sesid_, table_,
                                  reinterpret_cast<const char*>(&missing), &def,
                                  sizeof(def), JET_ColInfoByColid));
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetTableColumnInfo(sesid_, table_, nullptr, &def, sizeof(def),
                                  JET_ColInfoByColid));
}

TEST_F(InfoApiTest, ColumnBaseByNameAndByColumnId) {
  JET_COLUMNBASE_A base;
  std::memset(&base, 0xCC, sizeof(base));
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, "TAGS", &base,
                                      sizeof(base), JET_ColInfoBase));
  EXPECT_EQ(sizeof(JET_COLUMNBASE_A), base.cbStruct);
  EXPECT_EQ(tags_, base.columnid);
  EXPECT_EQ(JET_coltypText, base.coltyp);
  EXPECT_EQ(1, base.wCountry);
  EXPECT_EQ(0x409, base.langid);
  EXPECT_EQ(1252, base.cp);
  EXPECT_EQ(0, base.wFiller);
  EXPECT_EQ(40u, base.cbMax);
  EXPECT_EQ(JET_bitColumnTagged | JET_bitColumnMultiValued | kUpdatable,
            base.grbit);
  EXPECT_STREQ("Books", base.szBaseTableName);
  EXPECT_STREQ("tags", base.szBaseColumnName);  // as created

  std::memset(&base, 0xCC, sizeof(base));
  ASSERT_JET_OK(JetGetTableColumnInfo(
      sesid_, table_, reinterpret_cast<const char*>(&price_), &base,
      sizeof(base), JET_ColInfoBaseByColid));
  EXPECT_EQ(price_, base.columnid);
  EXPECT_EQ(JET_coltypCurrency, base.coltyp);
  EXPECT_EQ(8u, base.cbMax);
  EXPECT_EQ(JET_bitColumnFixed | kUpdatable, base.grbit);
  EXPECT_STREQ("Books", base.szBaseTableName);
  EXPECT_STREQ("price", base.szBaseColumnName);
}

TEST_F(InfoApiTest, ColumnInfoGrbitsAreMaskedOffTheLevel) {
  JET_COLUMNDEF def;
  const unsigned long grbits[] = {JET_ColInfoGrbitNonDerivedColumnsOnly,
                                  JET_ColInfoGrbitMinimalInfo,
                                  JET_ColInfoGrbitSortByColumnid};
  for (unsigned long grbit : grbits) {
    ASSERT_JET_OK(ColumnDef("id", &def, JET_ColInfo | grbit));
    EXPECT_EQ(id_, def.columnid);
  }
  ASSERT_JET_OK(JetGetTableColumnInfo(
      sesid_, table_, reinterpret_cast<const char*>(&code_), &def, sizeof(def),
      JET_ColInfoByColid | JET_ColInfoGrbitNonDerivedColumnsOnly));
  EXPECT_EQ(code_, def.columnid);
}

TEST_F(InfoApiTest, ColumnInfoErrors) {
  JET_COLUMNDEF def;
  JET_COLUMNLIST list;
  EXPECT_EQ(JET_errColumnNotFound, ColumnDef("isbn", &def));
  EXPECT_EQ(JET_errColumnNotFound, ColumnDef("", &def));
  EXPECT_EQ(JET_errColumnNotFound, ColumnDef(nullptr, &def));
  EXPECT_EQ(JET_errInvalidName, ColumnDef("a.b", &def));
  EXPECT_EQ(JET_errInvalidName,
            ColumnDef(std::string(JET_cbNameMost + 1, 'x').c_str(), &def));
  // Level and size are checked first (jetapi.cxx), then the column.
  EXPECT_EQ(JET_errInvalidParameter, ColumnDef("isbn", &def, 2));
  EXPECT_EQ(JET_errInvalidParameter, ColumnDef("id", &def, 9));
  EXPECT_EQ(JET_errFeatureNotAvailable,
            ColumnDef("id", &def, JET_ColInfoSysTabCursor));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableColumnInfo(sesid_, table_, "isbn", &def, sizeof(def) - 1,
                                  JET_ColInfo));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableColumnInfo(sesid_, table_, "id", &def, sizeof(def),
                                  JET_ColInfoBase));
  // The list levels (api/list_info_test.cc) check the size first too.
  for (unsigned long level :
       {JET_ColInfoList, JET_ColInfoListCompact, JET_ColInfoListSortColumnid}) {
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                    sizeof(list) - 1, level));
  }
}

TEST_F(InfoApiTest, ReadOnlyCursorReportsNoUpdatableColumns) {
  JET_TABLEID reader;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "Books", nullptr, 0,
                             JET_bitTableReadOnly, &reader));
  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, reader, "id", &def, sizeof(def),
                                      JET_ColInfo));
  EXPECT_EQ(JET_bitColumnFixed | JET_bitColumnNotNULL, def.grbit);
}

TEST_F(InfoApiTest, ColumnInfoByDatabaseAndTableName) {
  JET_COLUMNDEF def;
  std::memset(&def, 0xCC, sizeof(def));
  ASSERT_JET_OK(JetGetColumnInfo(sesid_, dbid_, "books", "TITLE", &def,
                                 sizeof(def), JET_ColInfo));
  // Never updatable by name (info.cxx resets the cursor's flag).
  ExpectColumnDef(def, title_, JET_coltypText, 1252, 255, 0);
  ASSERT_JET_OK(JetGetColumnInfo(sesid_, dbid_, "Books",
                                 reinterpret_cast<const char*>(&id_), &def,
                                 sizeof(def), JET_ColInfoByColid));
  ExpectColumnDef(def, id_, JET_coltypLong, 0, 4,
                  JET_bitColumnFixed | JET_bitColumnNotNULL);
  JET_COLUMNBASE_A base{};
  ASSERT_JET_OK(JetGetColumnInfo(sesid_, dbid_, "BOOKS", "body", &base,
                                 sizeof(base), JET_ColInfoBase));
  EXPECT_EQ(body_, base.columnid);
  EXPECT_EQ(JET_bitColumnTagged, base.grbit);
  EXPECT_STREQ("Books", base.szBaseTableName);
  EXPECT_STREQ("body", base.szBaseColumnName);
  ASSERT_JET_OK(JetGetColumnInfo(sesid_, dbid_, "Books",
                                 reinterpret_cast<const char*>(&code_), &base,
                                 sizeof(base), JET_ColInfoBaseByColid));
  EXPECT_STREQ("code", base.szBaseColumnName);
}

TEST_F(InfoApiTest, ColumnInfoByNameErrors) {
  JET_COLUMNDEF def;
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetColumnInfo(sesid_, dbid_, "Books", "isbn", &def, sizeof(def),
                             JET_ColInfo));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetColumnInfo(sesid_, dbid_, "Shelves", "id", &def, sizeof(def),
                             JET_ColInfo));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetColumnInfo(sesid_, dbid_, nullptr, "id", &def, sizeof(def),
                             JET_ColInfo));
  EXPECT_EQ(JET_errInvalidName,
            JetGetColumnInfo(sesid_, dbid_, "[Books]", "id", &def, sizeof(def),
                             JET_ColInfo));
  // The dbid comes first, then level and size, then the table.
  EXPECT_EQ(JET_errInvalidDatabaseId,
            JetGetColumnInfo(sesid_, dbid_ + 7, "Books", "id", &def,
                             sizeof(def), 99));
  EXPECT_EQ(
      JET_errInvalidParameter,
      JetGetColumnInfo(sesid_, dbid_, "Shelves", "id", &def, sizeof(def), 99));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetColumnInfo(sesid_, dbid_, "Shelves", "id", &def,
                             sizeof(def) - 1, JET_ColInfo));
  JET_COLUMNLIST list;
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetColumnInfo(sesid_, dbid_, "Books", nullptr, &list,
                             sizeof(list) - 1, JET_ColInfoList));
  EXPECT_EQ(JET_errInvalidSesid,
            JetGetColumnInfo(JET_sesidNil, dbid_, "Books", "id", &def,
                             sizeof(def), JET_ColInfo));
}

TEST_F(InfoApiTest, BadTableHandles) {
  JET_COLUMNDEF def;
  JET_OBJECTINFO info;
  int count = 0;
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableColumnInfo(sesid_, JET_tableidNil, "id", &def,
                                  sizeof(def), JET_ColInfo));
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableInfo(sesid_, 12345, &info, sizeof(info), JET_TblInfo));
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableIndexInfo(sesid_, JET_tableidNil, nullptr, &count,
                                 sizeof(count), JET_IdxInfoCount));
  JET_TABLEID closed;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "Books", nullptr, 0, 0, &closed));
  ASSERT_JET_OK(JetCloseTable(sesid_, closed));
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableInfo(sesid_, closed, &info, sizeof(info), JET_TblInfo));
  // Another session's cursor.
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  EXPECT_EQ(JET_errSesidTableIdMismatch,
            JetGetTableInfo(other, table_, &info, sizeof(info), JET_TblInfo));
  EXPECT_EQ(JET_errInvalidSesid, JetGetTableInfo(JET_sesidNil, table_, &info,
                                                 sizeof(info), JET_TblInfo));
  ASSERT_JET_OK(JetEndSession(other, 0));
}

// DDL shows at once to the session that made it, through every cursor and
// by name, stays hidden from other sessions, and is gone after a rollback.
TEST_F(InfoApiTest, ColumnAddedInATransactionUntilRollback) {
  JET_TABLEID second;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "Books", nullptr, 0, 0, &second));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  JET_COLUMNID extra = 0;
  AddColumn("extra", JET_coltypLong, 0, 0, 0, &extra);
  EXPECT_EQ(4u, extra);

  JET_COLUMNDEF def{};
  ASSERT_JET_OK(JetGetColumnInfo(sesid_, dbid_, "Books", "extra", &def,
                                 sizeof(def), JET_ColInfo));
  ExpectColumnDef(def, extra, JET_coltypLong, 0, 4, JET_bitColumnFixed);
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, second, "EXTRA", &def,
                                      sizeof(def), JET_ColInfo));
  EXPECT_EQ(extra, def.columnid);
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_,
                                      reinterpret_cast<const char*>(&extra),
                                      &def, sizeof(def), JET_ColInfoByColid));
  EXPECT_EQ(JET_coltypLong, def.coltyp);

  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_dbid;
  ASSERT_JET_OK(JetOpenDatabase(other, dir_.File("info.edb").c_str(), nullptr,
                                &other_dbid, 0));
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetColumnInfo(other, other_dbid, "Books", "extra", &def,
                             sizeof(def), JET_ColInfo));
  ASSERT_JET_OK(JetEndSession(other, 0));

  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetColumnInfo(sesid_, dbid_, "Books", "extra", &def, sizeof(def),
                             JET_ColInfo));
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetTableColumnInfo(sesid_, table_, "extra", &def, sizeof(def),
                                  JET_ColInfo));
  EXPECT_EQ(JET_errColumnNotFound,
            JetGetTableColumnInfo(sesid_, second,
                                  reinterpret_cast<const char*>(&extra), &def,
                                  sizeof(def), JET_ColInfoByColid));
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, second, "id", &def, sizeof(def),
                                      JET_ColInfo));
  EXPECT_EQ(id_, def.columnid);
}

// --- Tables ----------------------------------------------------------------

TEST_F(InfoApiTest, TableObjectInfo) {
  JET_OBJECTINFO info;
  std::memset(&info, 0xCC, sizeof(info));
  ASSERT_JET_OK(
      JetGetTableInfo(sesid_, table_, &info, sizeof(info), JET_TblInfo));
  EXPECT_EQ(sizeof(JET_OBJECTINFO), info.cbStruct);
  EXPECT_EQ(static_cast<JET_OBJTYP>(JET_objtypTable), info.objtyp);
  EXPECT_EQ(0.0, info.dtCreate);
  EXPECT_EQ(0.0, info.dtUpdate);
  EXPECT_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback |
                JET_bitTableInfoUpdatable,
            info.grbit);
  EXPECT_EQ(0u, info.flags);
  EXPECT_EQ(0u, info.cRecord);  // JetComputeStats statistics: never run
  EXPECT_EQ(0u, info.cPage);
  EXPECT_EQ(
      JET_errBufferTooSmall,
      JetGetTableInfo(sesid_, table_, &info, sizeof(info) - 1, JET_TblInfo));

  JET_TABLEID reader;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "Books", nullptr, 0,
                             JET_bitTableReadOnly, &reader));
  ASSERT_JET_OK(
      JetGetTableInfo(sesid_, reader, &info, sizeof(info), JET_TblInfo));
  EXPECT_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback, info.grbit);
}

TEST_F(InfoApiTest, FixedDdlAndTemplateTablesReportTheirFlags) {
  struct Case {
    const char* name;
    JET_GRBIT grbit;
    unsigned long flags;
  };
  for (const Case& c :
       {Case{"fixed", JET_bitTableCreateFixedDDL, JET_bitObjectTableFixedDDL},
        Case{"template", JET_bitTableCreateTemplateTable,
             JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL}}) {
    JET_TABLECREATE_A create{};
    create.cbStruct = sizeof(create);
    create.szTableName = const_cast<char*>(c.name);
    create.grbit = c.grbit;
    ASSERT_JET_OK(JetCreateTableColumnIndex(sesid_, dbid_, &create)) << c.name;
    JET_OBJECTINFO info{};
    ASSERT_JET_OK(JetGetTableInfo(sesid_, create.tableid, &info, sizeof(info),
                                  JET_TblInfo));
    EXPECT_EQ(c.flags, info.flags) << c.name;
    ASSERT_JET_OK(JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr,
                                   c.name, &info, sizeof(info), JET_ObjInfo));
    EXPECT_EQ(c.flags, info.flags) << c.name;
    ASSERT_JET_OK(JetCloseTable(sesid_, create.tableid));
  }
}

TEST_F(InfoApiTest, TableNameDbidAndTemplateName) {
  char name[6];
  std::memset(name, 'x', sizeof(name));
  ASSERT_JET_OK(
      JetGetTableInfo(sesid_, table_, name, sizeof(name), JET_TblInfoName));
  EXPECT_STREQ("Books", name);
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableInfo(sesid_, table_, name, 5, JET_TblInfoName));

  JET_DBID dbids[2] = {0, 0x5A5A5A5A};
  ASSERT_JET_OK(
      JetGetTableInfo(sesid_, table_, dbids, sizeof(dbids), JET_TblInfoDbid));
  EXPECT_EQ(dbid_, dbids[0]);
  EXPECT_EQ(0x5A5A5A5Au, dbids[1]);  // esent.dll writes one JET_DBID
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableInfo(sesid_, table_, dbids, sizeof(JET_DBID) - 1,
                            JET_TblInfoDbid));

  char template_name[JET_cbNameMost + 1];
  std::memset(template_name, 'x', sizeof(template_name));
  ASSERT_JET_OK(JetGetTableInfo(sesid_, table_, template_name,
                                sizeof(template_name),
                                JET_TblInfoTemplateTableName));
  EXPECT_STREQ("", template_name);
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableInfo(sesid_, table_, template_name, JET_cbNameMost,
                            JET_TblInfoTemplateTableName));
}

TEST_F(InfoApiTest, TableSpaceAllocationAsGivenAtCreate) {
  unsigned long wide[2] = {0, 0};
  ASSERT_JET_OK(JetGetTableInfo(sesid_, table_, wide, sizeof(wide),
                                JET_TblInfoSpaceAlloc));
  EXPECT_EQ(16u, wide[0]);
  EXPECT_EQ(90u, wide[1]);
  uint32_t narrow[2] = {0, 0};
  ASSERT_JET_OK(JetGetTableInfo(sesid_, table_, narrow, sizeof(narrow),
                                JET_TblInfoSpaceAlloc));
  EXPECT_EQ(16u, narrow[0]);
  EXPECT_EQ(90u, narrow[1]);
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableInfo(sesid_, table_, narrow, sizeof(uint32_t),
                            JET_TblInfoSpaceAlloc));
  // Density 0 is stored as esent.dll's default.
  JET_TABLEID plain;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "plain", 0, 0, &plain));
  ASSERT_JET_OK(JetGetTableInfo(sesid_, plain, wide, sizeof(wide),
                                JET_TblInfoSpaceAlloc));
  EXPECT_EQ(0u, wide[0]);
  EXPECT_EQ(80u, wide[1]);
}

TEST_F(InfoApiTest, TableInfoLevelsNotServed) {
  unsigned long buffer[64];
  const unsigned long levels[] = {JET_TblInfoMostMany,
                                  JET_TblInfoRvt,
                                  JET_TblInfoOLC,
                                  JET_TblInfoResetOLC,
                                  JET_TblInfoSpaceUsage,
                                  JET_TblInfoDumpTable,
                                  JET_TblInfoSpaceOwned,
                                  JET_TblInfoSpaceAvailable,
                                  99};
  for (unsigned long level : levels) {
    EXPECT_EQ(JET_errFeatureNotAvailable,
              JetGetTableInfo(sesid_, table_, buffer, sizeof(buffer), level))
        << level;
  }
}

// --- Indexes ---------------------------------------------------------------

TEST_F(InfoApiTest, IndexCountIncludesTheClusteredIndex) {
  int count = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, nullptr, &count,
                                     sizeof(count), JET_IdxInfoCount));
  EXPECT_EQ(3, count);
  unsigned long wide = 0;
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "Books", "ignored", &wide,
                                sizeof(wide), JET_IdxInfoCount));
  EXPECT_EQ(3u, wide);

  // Without a primary index the sequential clustered index counts as one.
  JET_TABLEID log;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "log", 0, 0, &log));
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, log, nullptr, &count,
                                     sizeof(count), JET_IdxInfoCount));
  EXPECT_EQ(1, count);
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  def.coltyp = JET_coltypLong;
  JET_COLUMNID value;
  ASSERT_JET_OK(JetAddColumn(sesid_, log, "value", &def, nullptr, 0, &value));
  ASSERT_JET_OK(JetCreateIndex(sesid_, log, "by_value", 0, "+value\0", 8, 0));
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, log, "", &count, sizeof(count),
                                     JET_IdxInfoCount));
  EXPECT_EQ(2, count);
}

TEST_F(InfoApiTest, IndexDensityLcidAndKeySizes) {
  unsigned long density = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "pk", &density,
                                     sizeof(density), JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(80u, density);  // created with 0
  uint32_t density32 = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "BY_TITLE", &density32,
                                     sizeof(density32), JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(70u, density32);

  unsigned long lcid = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "by_title", &lcid,
                                     sizeof(lcid), JET_IdxInfoLCID));
  EXPECT_EQ(0x409u, lcid);
  uint32_t lcid32 = 0;
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "Books", "pk", &lcid32,
                                sizeof(lcid32), JET_IdxInfoLCID));
  EXPECT_EQ(0x409u, lcid32);
  unsigned short langid = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "pk", &langid,
                                     sizeof(langid), JET_IdxInfoLangid));
  EXPECT_EQ(0x409, langid);

  unsigned short value = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "by_title", &value,
                                     sizeof(value), JET_IdxInfoVarSegMac));
  EXPECT_EQ(JET_cbKeyMost, value);
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "by_title", &value,
                                     sizeof(value), JET_IdxInfoKeyMost));
  EXPECT_EQ(JET_cbKeyMost, value);
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "books", "Wide", &value,
                                sizeof(value), JET_IdxInfoKeyMost));
  EXPECT_EQ(500, value);
}

TEST_F(InfoApiTest, IndexIdsIdentifyIndexesWithinTheTable) {
  JET_INDEXID pk, pk_upper, by_title, by_name;
  std::memset(&pk, 0xCC, sizeof(pk));
  std::memset(&pk_upper, 0x33, sizeof(pk_upper));
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "pk", &pk, sizeof(pk),
                                     JET_IdxInfoIndexId));
  EXPECT_EQ(sizeof(JET_INDEXID), pk.cbStruct);
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "PK", &pk_upper,
                                     sizeof(pk_upper), JET_IdxInfoIndexId));
  EXPECT_EQ(0, std::memcmp(&pk, &pk_upper, sizeof(pk)));
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "by_title", &by_title,
                                     sizeof(by_title), JET_IdxInfoIndexId));
  EXPECT_NE(0, std::memcmp(&pk, &by_title, sizeof(pk)));
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "Books", "by_title", &by_name,
                                sizeof(by_name), JET_IdxInfoIndexId));
  EXPECT_EQ(0, std::memcmp(&by_title, &by_name, sizeof(by_name)));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableIndexInfo(sesid_, table_, "pk", &pk, sizeof(pk) - 1,
                                 JET_IdxInfoIndexId));
}

TEST_F(InfoApiTest, IndexInfoErrors) {
  unsigned long value = 0;
  EXPECT_EQ(JET_errIndexNotFound,
            JetGetTableIndexInfo(sesid_, table_, "by_author", &value,
                                 sizeof(value), JET_IdxInfoSpaceAlloc));
  // NULL and "" name no index: esent.dll looks the name up.
  for (const char* name : {static_cast<const char*>(nullptr), ""}) {
    EXPECT_EQ(JET_errIndexNotFound,
              JetGetTableIndexInfo(sesid_, table_, name, &value, sizeof(value),
                                   JET_IdxInfoSpaceAlloc));
    JET_INDEXID id;
    EXPECT_EQ(JET_errIndexNotFound,
              JetGetTableIndexInfo(sesid_, table_, name, &id, sizeof(id),
                                   JET_IdxInfoIndexId));
  }
  EXPECT_EQ(JET_errInvalidName,
            JetGetTableIndexInfo(sesid_, table_, "by.title", &value,
                                 sizeof(value), JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetTableIndexInfo(sesid_, table_, "by_author", &value,
                                 sizeof(value), 99));
  for (unsigned long level :
       {JET_IdxInfoSysTabCursor, JET_IdxInfoOLC, JET_IdxInfoResetOLC}) {
    EXPECT_EQ(JET_errFeatureNotAvailable,
              JetGetTableIndexInfo(sesid_, table_, "pk", &value, sizeof(value),
                                   level));
  }
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableIndexInfo(sesid_, table_, "pk", &value, 3,
                                 JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableIndexInfo(sesid_, table_, nullptr, &value, 3,
                                 JET_IdxInfoCount));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetTableIndexInfo(sesid_, table_, "pk", &value, 1,
                                 JET_IdxInfoKeyMost));
  // The list levels (api/list_info_test.cc) check the size first too.
  JET_INDEXLIST list;
  for (unsigned long level : {JET_IdxInfo, JET_IdxInfoList}) {
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetTableIndexInfo(sesid_, table_, nullptr, &list, 16, level));
    EXPECT_EQ(
        JET_errBufferTooSmall,
        JetGetIndexInfo(sesid_, dbid_, "Shelves", nullptr, &list, 16, level));
  }

  EXPECT_EQ(JET_errInvalidDatabaseId,
            JetGetIndexInfo(sesid_, dbid_ + 7, "Books", "pk", &value,
                            sizeof(value), 99));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetIndexInfo(sesid_, dbid_, "Shelves", "pk", &value,
                            sizeof(value), 99));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetIndexInfo(sesid_, dbid_, "Shelves", "pk", &value,
                            sizeof(value), JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(JET_errIndexNotFound,
            JetGetIndexInfo(sesid_, dbid_, "Books", "by_author", &value,
                            sizeof(value), JET_IdxInfoSpaceAlloc));
}

TEST_F(InfoApiTest, IndexCreatedInATransactionUntilRollback) {
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  ASSERT_JET_OK(
      JetCreateIndex(sesid_, table_, "by_price", 0, "-price\0", 8, 60));
  int count = 0;
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "Books", nullptr, &count,
                                sizeof(count), JET_IdxInfoCount));
  EXPECT_EQ(4, count);
  unsigned long density = 0;
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "by_price", &density,
                                     sizeof(density), JET_IdxInfoSpaceAlloc));
  EXPECT_EQ(60u, density);
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, nullptr, &count,
                                     sizeof(count), JET_IdxInfoCount));
  EXPECT_EQ(3, count);
  EXPECT_EQ(JET_errIndexNotFound,
            JetGetIndexInfo(sesid_, dbid_, "Books", "by_price", &density,
                            sizeof(density), JET_IdxInfoSpaceAlloc));
}

// --- Objects ---------------------------------------------------------------

TEST_F(InfoApiTest, ObjectInfoOfATable) {
  for (unsigned long level : {JET_ObjInfo, JET_ObjInfoNoStats}) {
    for (const char* container :
         {static_cast<const char*>(nullptr), "", "Tables", "TABLES"}) {
      JET_OBJECTINFO info;
      std::memset(&info, 0xCC, sizeof(info));
      ASSERT_JET_OK(JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, container,
                                     "books", &info, sizeof(info), level));
      EXPECT_EQ(sizeof(JET_OBJECTINFO), info.cbStruct);
      EXPECT_EQ(static_cast<JET_OBJTYP>(JET_objtypTable), info.objtyp);
      EXPECT_EQ(0.0, info.dtCreate);
      EXPECT_EQ(0.0, info.dtUpdate);
      EXPECT_EQ(JET_bitTableInfoBookmark | JET_bitTableInfoRollback |
                    JET_bitTableInfoUpdatable,
                info.grbit);
      EXPECT_EQ(0u, info.flags);
      EXPECT_EQ(0u, info.cRecord);
      EXPECT_EQ(0u, info.cPage);
    }
  }
}

TEST_F(InfoApiTest, ObjectInfoErrors) {
  JET_OBJECTINFO info;
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, "Shelves",
                             &info, sizeof(info), JET_ObjInfo));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, nullptr,
                             &info, sizeof(info), JET_ObjInfo));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, "Queries", "Books",
                             &info, sizeof(info), JET_ObjInfo));
  EXPECT_EQ(JET_errInvalidName,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, "Ta.bles", "Books",
                             &info, sizeof(info), JET_ObjInfo));
  EXPECT_EQ(JET_errInvalidName,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, "Bo!oks",
                             &info, sizeof(info), JET_ObjInfo));
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, "Books",
                             &info, sizeof(info) - 1, JET_ObjInfo));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, "Books",
                             &info, sizeof(info), 99));
  for (unsigned long level :
       {JET_ObjInfoSysTabCursor, JET_ObjInfoSysTabReadOnly, JET_ObjInfoListACM,
        JET_ObjInfoRulesLoaded}) {
    EXPECT_EQ(JET_errFeatureNotAvailable,
              JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, "Books",
                               &info, sizeof(info), level));
  }
  JET_OBJECTLIST list;
  // The list levels (api/list_info_test.cc) check the size first too.
  for (unsigned long level : {JET_ObjInfoList, JET_ObjInfoListNoStats}) {
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetObjectInfo(sesid_, dbid_, JET_objtypNil, nullptr, nullptr,
                               &list, sizeof(list) - 1, level));
  }
  EXPECT_EQ(JET_errInvalidDatabaseId,
            JetGetObjectInfo(sesid_, dbid_ + 7, JET_objtypTable, nullptr,
                             "Books", &info, sizeof(info), 99));
  EXPECT_EQ(JET_errInvalidSesid,
            JetGetObjectInfo(JET_sesidNil, dbid_, JET_objtypTable, nullptr,
                             "Books", &info, sizeof(info), JET_ObjInfo));
}

}  // namespace
}  // namespace lmjet::testing
