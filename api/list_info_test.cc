// The list information levels through the public API: JET_ColInfoList (and
// its Compact / SortColumnid forms and grbits), JET_IdxInfo /
// JET_IdxInfoList and JET_ObjInfoList(NoStats). Each returns a temporary
// table; these tests read every row through the columnids the JET_*LIST
// structure names, and check the table's life as a session resource.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

constexpr JET_GRBIT kUpdatable = JET_bitColumnUpdatable;
constexpr JET_GRBIT kFixed = JET_bitColumnFixed;
constexpr JET_GRBIT kTagged = JET_bitColumnTagged;
constexpr unsigned long kLCMapFlags = 0x00030401;

// One column of the test table as a column list row reports it.
struct ExpectedColumn {
  std::string name;
  JET_COLUMNID columnid;
  JET_COLTYP coltyp;
  unsigned short cp;
  unsigned long cb_max;
  JET_GRBIT grbit;  // without JET_bitColumnUpdatable
  std::optional<std::string> default_value;
};

// One key segment as an index list row reports it.
struct ExpectedSegment {
  std::string index;
  JET_GRBIT index_grbit;
  unsigned long segments;
  unsigned long segment;
  std::string column;
  JET_COLUMNID columnid;
  JET_COLTYP coltyp;
  unsigned short cp;
  JET_GRBIT column_grbit;
};

std::string Int64Bytes(int64_t v) {
  return std::string(reinterpret_cast<const char*>(&v), sizeof(v));
}

class ListInfoTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    path_ = dir_.File("list.edb");
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path_.c_str(), nullptr, &dbid_, 0));
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "Catalog", 0, 0, &table_));
    AddColumn("id", JET_coltypLong, 0, JET_bitColumnNotNULL, 0, "", &id_);
    const std::string price = Int64Bytes(500);
    AddColumn("price", JET_coltypCurrency, 0, 0, 0, price, &price_);
    AddColumn("Active", JET_coltypBit, 0, 0, 0, "\xFF", &active_);
    AddColumn("name", JET_coltypText, 100, 0, 1252, "", &name_);
    AddColumn("Blob", JET_coltypLongBinary, 0, 0, 0, "", &blob_);
    AddColumn("tags", JET_coltypText, 40,
              JET_bitColumnTagged | JET_bitColumnMultiValued, 1200, "", &tags_);
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "primary", JET_bitIndexPrimary,
                                 "+id\0", 5, 0));
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "ByNamePrice", 0,
                                 "+name\0-price\0", 14, 0));
    ASSERT_JET_OK(JetCreateIndex(sesid_, table_, "ByTag",
                                 JET_bitIndexIgnoreAnyNull, "-tags\0Active\0",
                                 14, 0));
    ASSERT_JET_OK(JetCloseTable(sesid_, table_));
    ASSERT_JET_OK(
        JetOpenTable(sesid_, dbid_, "Catalog", nullptr, 0, 0, &table_));
  }

  void AddColumn(const char* name, JET_COLTYP coltyp, unsigned long cb_max,
                 JET_GRBIT grbit, unsigned short cp,
                 const std::string& default_value, JET_COLUMNID* columnid) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof(def);
    def.coltyp = coltyp;
    def.cbMax = cb_max;
    def.grbit = grbit;
    def.cp = cp;
    ASSERT_JET_OK(JetAddColumn(
        sesid_, table_, name, &def,
        default_value.empty() ? nullptr : default_value.data(),
        static_cast<unsigned long>(default_value.size()), columnid));
  }

  // The columns in name order.
  std::vector<ExpectedColumn> ColumnsByName() const {
    return {
        {"Active", active_, JET_coltypBit, 0, 1, kFixed, std::string("\xFF")},
        {"Blob", blob_, JET_coltypLongBinary, 0, 0, kTagged, std::nullopt},
        {"id", id_, JET_coltypLong, 0, 4, kFixed | JET_bitColumnNotNULL,
         std::nullopt},
        {"name", name_, JET_coltypText, 1252, 100, 0, std::nullopt},
        {"price", price_, JET_coltypCurrency, 0, 8, kFixed, Int64Bytes(500)},
        {"tags", tags_, JET_coltypText, 1200, 40,
         kTagged | JET_bitColumnMultiValued, std::nullopt},
    };
  }
  std::vector<ExpectedColumn> ColumnsById() const {
    const std::vector<ExpectedColumn> by_name = ColumnsByName();
    return {by_name[2], by_name[4], by_name[0],
            by_name[3], by_name[1], by_name[5]};
  }

  // The value of a column of the current row; nullopt if NULL.
  std::optional<std::string> Get(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_COLUMNID columnid) {
    char buffer[512];
    unsigned long actual = 0;
    const JET_ERR err = JetRetrieveColumn(sesid, tableid, columnid, buffer,
                                          sizeof(buffer), &actual, 0, nullptr);
    if (err == JET_wrnColumnNull) return std::nullopt;
    EXPECT_EQ(JET_errSuccess, err) << "column " << columnid;
    if (err != JET_errSuccess) return std::nullopt;
    return std::string(buffer, actual);
  }
  std::optional<std::string> Get(JET_TABLEID tableid, JET_COLUMNID columnid) {
    return Get(sesid_, tableid, columnid);
  }
  // A Long (4 bytes) or Short (2 bytes) cell; -1 when NULL or of another
  // size.
  long Int(JET_TABLEID tableid, JET_COLUMNID columnid, size_t size) {
    const std::optional<std::string> v = Get(tableid, columnid);
    if (!v.has_value() || v->size() != size) return -1;
    if (size == 2) {
      uint16_t s;
      std::memcpy(&s, v->data(), 2);
      return s;
    }
    uint32_t l;
    std::memcpy(&l, v->data(), 4);
    return static_cast<long>(l);
  }
  long Long(JET_TABLEID tableid, JET_COLUMNID columnid) {
    return Int(tableid, columnid, 4);
  }
  long Short(JET_TABLEID tableid, JET_COLUMNID columnid) {
    return Int(tableid, columnid, 2);
  }

  // Reads every row of a column list and compares it with `expected`, in
  // order. `by_columnid`: PresentationOrder holds the columnid; `minimal`:
  // only the name and columnid are set.
  void ExpectColumnRows(const JET_COLUMNLIST& list,
                        const std::vector<ExpectedColumn>& expected,
                        JET_GRBIT updatable, bool by_columnid,
                        bool minimal = false) {
    EXPECT_EQ(sizeof(JET_COLUMNLIST), list.cbStruct);
    EXPECT_EQ(expected.size(), list.cRecord);
    EXPECT_EQ(list.columnidcolumnname, list.columnidDefinitionName);
    const JET_TABLEID t = list.tableid;
    // The table is positioned on its first row already.
    for (size_t i = 0; i < expected.size(); ++i) {
      const ExpectedColumn& e = expected[i];
      SCOPED_TRACE(e.name);
      if (i > 0) {
        ASSERT_JET_OK(JetMove(sesid_, t, JET_MoveNext, 0));
      }
      EXPECT_EQ(e.name, Get(t, list.columnidcolumnname));
      EXPECT_EQ(static_cast<long>(e.columnid), Long(t, list.columnidcolumnid));
      if (by_columnid) {
        EXPECT_EQ(static_cast<long>(e.columnid),
                  Long(t, list.columnidPresentationOrder));
      } else {
        EXPECT_EQ(std::nullopt, Get(t, list.columnidPresentationOrder));
      }
      if (minimal) {
        for (JET_COLUMNID c :
             {list.columnidcoltyp, list.columnidCountry, list.columnidLangid,
              list.columnidCp, list.columnidCollate, list.columnidcbMax,
              list.columnidgrbit, list.columnidDefault,
              list.columnidBaseTableName, list.columnidBaseColumnName}) {
          EXPECT_EQ(std::nullopt, Get(t, c)) << c;
        }
        continue;
      }
      EXPECT_EQ(static_cast<long>(e.coltyp), Long(t, list.columnidcoltyp));
      EXPECT_EQ(1, Short(t, list.columnidCountry));
      EXPECT_EQ(0x409, Short(t, list.columnidLangid));
      EXPECT_EQ(e.cp, Short(t, list.columnidCp));
      EXPECT_EQ(0, Short(t, list.columnidCollate));
      EXPECT_EQ(static_cast<long>(e.cb_max), Long(t, list.columnidcbMax));
      EXPECT_EQ(static_cast<long>(e.grbit | updatable),
                Long(t, list.columnidgrbit));
      EXPECT_EQ(e.default_value, Get(t, list.columnidDefault));
      EXPECT_EQ("Catalog", Get(t, list.columnidBaseTableName));
      EXPECT_EQ(e.name, Get(t, list.columnidBaseColumnName));
    }
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, t, JET_MoveNext, 0));
  }

  void ExpectIndexRows(const JET_INDEXLIST& list,
                       const std::vector<ExpectedSegment>& expected) {
    EXPECT_EQ(expected.size(), list.cRecord);
    const JET_TABLEID t = list.tableid;
    for (size_t i = 0; i < expected.size(); ++i) {
      const ExpectedSegment& e = expected[i];
      SCOPED_TRACE(e.index + "/" + e.column);
      if (i > 0) {
        ASSERT_JET_OK(JetMove(sesid_, t, JET_MoveNext, 0));
      }
      EXPECT_EQ(e.index, Get(t, list.columnidindexname));
      EXPECT_EQ(static_cast<long>(e.index_grbit),
                Long(t, list.columnidgrbitIndex));
      EXPECT_EQ(0, Long(t, list.columnidcKey));
      EXPECT_EQ(0, Long(t, list.columnidcEntry));
      EXPECT_EQ(0, Long(t, list.columnidcPage));
      EXPECT_EQ(static_cast<long>(e.segments), Long(t, list.columnidcColumn));
      EXPECT_EQ(static_cast<long>(e.segment), Long(t, list.columnidiColumn));
      EXPECT_EQ(static_cast<long>(e.columnid), Long(t, list.columnidcolumnid));
      EXPECT_EQ(static_cast<long>(e.coltyp), Long(t, list.columnidcoltyp));
      EXPECT_EQ(1, Short(t, list.columnidCountry));
      EXPECT_EQ(0x409, Short(t, list.columnidLangid));
      EXPECT_EQ(e.cp, Short(t, list.columnidCp));
      EXPECT_EQ(0, Short(t, list.columnidCollate));
      EXPECT_EQ(static_cast<long>(e.column_grbit),
                Long(t, list.columnidgrbitColumn));
      EXPECT_EQ(e.column, Get(t, list.columnidcolumnname));
      EXPECT_EQ(static_cast<long>(kLCMapFlags),
                Long(t, list.columnidLCMapFlags));
    }
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, t, JET_MoveNext, 0));
  }

  std::vector<ExpectedSegment> AllSegments() const {
    return {
        {"ByNamePrice", 0, 2, 0, "name", name_, JET_coltypText, 1252,
         JET_bitKeyAscending},
        {"ByNamePrice", 0, 2, 1, "price", price_, JET_coltypCurrency, 0,
         JET_bitKeyDescending},
        {"ByTag", JET_bitIndexIgnoreAnyNull, 2, 0, "tags", tags_,
         JET_coltypText, 1200, JET_bitKeyDescending},
        {"ByTag", JET_bitIndexIgnoreAnyNull, 2, 1, "Active", active_,
         JET_coltypBit, 0, JET_bitKeyAscending},
        {"primary", JET_bitIndexPrimary | JET_bitIndexUnique, 1, 0, "id", id_,
         JET_coltypLong, 0, JET_bitKeyAscending},
    };
  }

  // The table names of an object list, in order, after checking every
  // other field of every row.
  std::vector<std::string> ObjectNames(JET_SESID sesid,
                                       const JET_OBJECTLIST& list,
                                       JET_GRBIT flags_of_all = 0) {
    EXPECT_EQ(sizeof(JET_OBJECTLIST), list.cbStruct);
    std::vector<std::string> names;
    const JET_TABLEID t = list.tableid;
    JET_ERR err = JetMove(sesid, t, JET_MoveFirst, 0);
    for (; err == JET_errSuccess; err = JetMove(sesid, t, JET_MoveNext, 0)) {
      EXPECT_EQ("Tables", Get(sesid, t, list.columnidcontainername));
      EXPECT_EQ(std::string("\x01\0\0\0", 4),
                Get(sesid, t, list.columnidobjtyp));
      EXPECT_EQ(std::nullopt, Get(sesid, t, list.columniddtCreate));
      EXPECT_EQ(std::nullopt, Get(sesid, t, list.columniddtUpdate));
      EXPECT_EQ(std::string(4, '\0'), Get(sesid, t, list.columnidcRecord));
      EXPECT_EQ(std::string(4, '\0'), Get(sesid, t, list.columnidcPage));
      EXPECT_EQ(std::string("\x07\0\0\0", 4),
                Get(sesid, t, list.columnidgrbit));
      const std::optional<std::string> name =
          Get(sesid, t, list.columnidobjectname);
      names.push_back(name.value_or("<null>"));
      uint32_t flags = 0;
      const std::optional<std::string> f = Get(sesid, t, list.columnidflags);
      EXPECT_EQ(4u, f.value_or("").size());
      if (f.has_value() && f->size() == 4) std::memcpy(&flags, f->data(), 4);
      EXPECT_EQ(flags_of_all, flags) << names.back();
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    EXPECT_EQ(names.size(), list.cRecord);
    return names;
  }

  JET_ERR ObjectList(JET_SESID sesid, JET_OBJECTLIST* list,
                     JET_OBJTYP objtyp = JET_objtypTable,
                     unsigned long level = JET_ObjInfoList) {
    std::memset(list, 0xCC, sizeof(*list));
    return JetGetObjectInfo(sesid, dbid_, objtyp, nullptr, nullptr, list,
                            sizeof(*list), level);
  }

  std::string path_;
  JET_DBID dbid_ = 0;
  JET_TABLEID table_ = JET_tableidNil;
  JET_COLUMNID id_ = 0, price_ = 0, active_ = 0, name_ = 0, blob_ = 0,
               tags_ = 0;
};

// --- Columns ---------------------------------------------------------------

TEST_F(ListInfoTest, ColumnListHasEveryColumnInNameOrder) {
  JET_COLUMNLIST list;
  std::memset(&list, 0xCC, sizeof(list));
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                      sizeof(list), JET_ColInfoList));
  // esent.dll's list table: fixed columns from 1, variable from 128,
  // tagged from 256, in its column order.
  EXPECT_EQ(1u, list.columnidPresentationOrder);
  EXPECT_EQ(128u, list.columnidcolumnname);
  EXPECT_EQ(2u, list.columnidcolumnid);
  EXPECT_EQ(3u, list.columnidcoltyp);
  EXPECT_EQ(4u, list.columnidCountry);
  EXPECT_EQ(5u, list.columnidLangid);
  EXPECT_EQ(6u, list.columnidCp);
  EXPECT_EQ(7u, list.columnidCollate);
  EXPECT_EQ(8u, list.columnidcbMax);
  EXPECT_EQ(9u, list.columnidgrbit);
  EXPECT_EQ(256u, list.columnidDefault);
  EXPECT_EQ(129u, list.columnidBaseTableName);
  EXPECT_EQ(130u, list.columnidBaseColumnName);
  ExpectColumnRows(list, ColumnsByName(), kUpdatable, /*by_columnid=*/false);
  EXPECT_JET_OK(JetCloseTable(sesid_, list.tableid));
}

TEST_F(ListInfoTest, ColumnListSortedByColumnid) {
  for (unsigned long level :
       {JET_ColInfoListSortColumnid,
        JET_ColInfoList | JET_ColInfoGrbitSortByColumnid}) {
    SCOPED_TRACE(level);
    JET_COLUMNLIST list{};
    ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                        sizeof(list), level));
    ExpectColumnRows(list, ColumnsById(), kUpdatable, /*by_columnid=*/true);
    EXPECT_JET_OK(JetCloseTable(sesid_, list.tableid));
  }
}

TEST_F(ListInfoTest, CompactColumnListIsInColumnidOrderWithBinaryDefault) {
  // JET_ColInfoList with esent.dll's private compacting bit is the same.
  for (unsigned long level :
       {JET_ColInfoListCompact, JET_ColInfoList | 0x10000000U}) {
    SCOPED_TRACE(level);
    JET_COLUMNLIST list{};
    ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                        sizeof(list), level));
    // The Default column is variable Binary: after ColumnName.
    EXPECT_EQ(128u, list.columnidcolumnname);
    EXPECT_EQ(129u, list.columnidDefault);
    EXPECT_EQ(130u, list.columnidBaseTableName);
    EXPECT_EQ(131u, list.columnidBaseColumnName);
    ExpectColumnRows(list, ColumnsById(), kUpdatable, /*by_columnid=*/false);
  }
}

TEST_F(ListInfoTest, MinimalColumnListHasNamesAndColumnidsOnly) {
  JET_COLUMNLIST list{};
  ASSERT_JET_OK(
      JetGetTableColumnInfo(sesid_, table_, nullptr, &list, sizeof(list),
                            JET_ColInfoList | JET_ColInfoGrbitMinimalInfo |
                                JET_ColInfoGrbitNonDerivedColumnsOnly));
  ExpectColumnRows(list, ColumnsByName(), 0, /*by_columnid=*/false,
                   /*minimal=*/true);
  ASSERT_JET_OK(
      JetGetTableColumnInfo(sesid_, table_, nullptr, &list, sizeof(list),
                            JET_ColInfoList | JET_ColInfoGrbitMinimalInfo |
                                JET_ColInfoGrbitSortByColumnid));
  ExpectColumnRows(list, ColumnsById(), 0, /*by_columnid=*/true,
                   /*minimal=*/true);
}

TEST_F(ListInfoTest, ColumnListByTableNameIsNotUpdatable) {
  JET_COLUMNLIST list{};
  ASSERT_JET_OK(JetGetColumnInfo(sesid_, dbid_, "CATALOG", nullptr, &list,
                                 sizeof(list), JET_ColInfoList));
  ExpectColumnRows(list, ColumnsByName(), 0, /*by_columnid=*/false);
  // A read-only cursor reports no Updatable bit either.
  JET_TABLEID reader;
  ASSERT_JET_OK(JetOpenTable(sesid_, dbid_, "Catalog", nullptr, 0,
                             JET_bitTableReadOnly, &reader));
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, reader, "", &list, sizeof(list),
                                      JET_ColInfoListSortColumnid));
  ExpectColumnRows(list, ColumnsById(), 0, /*by_columnid=*/true);
}

TEST_F(ListInfoTest, ColumnListFollowsDdl) {
  ASSERT_JET_OK(JetDeleteColumn(sesid_, table_, "Blob"));
  JET_COLUMNID added;
  AddColumn("Added", JET_coltypUnsignedLongLong, 0, 0, 0, "", &added);
  JET_COLUMNLIST list{};
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                      sizeof(list), JET_ColInfoList));
  std::vector<ExpectedColumn> expected = ColumnsByName();
  // "Blob" is gone; "Added" sorts in its place, after "Active".
  expected[1] = {"Added", added,       JET_coltypUnsignedLongLong, 0, 8,
                 kFixed,  std::nullopt};
  ExpectColumnRows(list, expected, kUpdatable, /*by_columnid=*/false);
}

TEST_F(ListInfoTest, ListTableScrollsAndSeeks) {
  JET_COLUMNLIST list{};
  ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                      sizeof(list), JET_ColInfoList));
  const JET_TABLEID t = list.tableid;
  ASSERT_JET_OK(JetMove(sesid_, t, JET_MoveLast, 0));
  EXPECT_EQ("tags", Get(t, list.columnidcolumnname));
  ASSERT_JET_OK(JetMove(sesid_, t, JET_MovePrevious, 0));
  EXPECT_EQ("price", Get(t, list.columnidcolumnname));
  // The key is (PresentationOrder, ColumnName): NULL, then the name.
  ASSERT_JET_OK(JetMakeKey(sesid_, t, nullptr, 0, JET_bitNewKey));
  ASSERT_JET_OK(JetMakeKey(sesid_, t, "ID", 2, 0));
  ASSERT_JET_OK(JetSeek(sesid_, t, JET_bitSeekEQ));
  EXPECT_EQ("id", Get(t, list.columnidcolumnname));
  char name[16];
  int32_t columnid = 0;
  JET_RETRIEVECOLUMN columns[2] = {};
  columns[0].columnid = list.columnidcolumnname;
  columns[0].pvData = name;
  columns[0].cbData = sizeof(name);
  columns[0].itagSequence = 1;
  columns[1].columnid = list.columnidcolumnid;
  columns[1].pvData = &columnid;
  columns[1].cbData = sizeof(columnid);
  columns[1].itagSequence = 1;
  ASSERT_JET_OK(JetRetrieveColumns(sesid_, t, columns, 2));
  EXPECT_EQ("id", std::string(name, columns[0].cbActual));
  EXPECT_EQ(static_cast<int32_t>(id_), columnid);
  // A list table is read-only.
  EXPECT_EQ(JET_errIllegalOperation,
            JetPrepareUpdate(sesid_, t, JET_prepInsert));
  // Information calls do not take a list table.
  JET_COLUMNLIST inner;
  EXPECT_EQ(JET_errIllegalOperation,
            JetGetTableColumnInfo(sesid_, t, nullptr, &inner, sizeof(inner),
                                  JET_ColInfoList));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, t, JET_MoveFirst, 0));
}

TEST_F(ListInfoTest, ColumnListErrors) {
  JET_COLUMNLIST list;
  std::memset(&list, 0xCC, sizeof(list));
  const JET_COLUMNLIST untouched = list;
  for (unsigned long level :
       {JET_ColInfoList, JET_ColInfoListCompact, JET_ColInfoListSortColumnid}) {
    EXPECT_EQ(JET_errBufferTooSmall,
              JetGetTableColumnInfo(sesid_, table_, nullptr, &list,
                                    sizeof(list) - 1, level));
    EXPECT_EQ(JET_errInvalidParameter,
              JetGetTableColumnInfo(sesid_, table_, nullptr, nullptr,
                                    sizeof(list), level));
    // The column name is not used, but must be a valid name.
    EXPECT_EQ(JET_errInvalidName,
              JetGetTableColumnInfo(sesid_, table_, "a.b", &list, sizeof(list),
                                    level));
    EXPECT_EQ(
        JET_errBufferTooSmall,
        JetGetColumnInfo(sesid_, dbid_, "Catalog", nullptr, &list, 8, level));
  }
  EXPECT_EQ(0, std::memcmp(&untouched, &list, sizeof(list)));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetColumnInfo(sesid_, dbid_, "Shelves", nullptr, &list,
                             sizeof(list), JET_ColInfoList));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetColumnInfo(sesid_, dbid_, nullptr, nullptr, &list,
                             sizeof(list), JET_ColInfoList));
  EXPECT_EQ(JET_errInvalidDatabaseId,
            JetGetColumnInfo(sesid_, dbid_ + 7, "Catalog", nullptr, &list,
                             sizeof(list), JET_ColInfoList));
  EXPECT_EQ(JET_errInvalidTableId,
            JetGetTableColumnInfo(sesid_, JET_tableidNil, nullptr, &list,
                                  sizeof(list), JET_ColInfoList));
  // No failed call wrote to the result.
  EXPECT_EQ(0, std::memcmp(&untouched, &list, sizeof(list)));
}

// --- Indexes ---------------------------------------------------------------

TEST_F(ListInfoTest, IndexListHasOneRowPerSegmentInNameOrder) {
  for (unsigned long level : {JET_IdxInfo, JET_IdxInfoList}) {
    SCOPED_TRACE(level);
    JET_INDEXLIST list;
    std::memset(&list, 0xCC, sizeof(list));
    ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, nullptr, &list,
                                       sizeof(list), level));
    EXPECT_EQ(sizeof(JET_INDEXLIST), list.cbStruct);
    EXPECT_EQ(128u, list.columnidindexname);
    EXPECT_EQ(1u, list.columnidgrbitIndex);
    EXPECT_EQ(2u, list.columnidcKey);
    EXPECT_EQ(3u, list.columnidcEntry);
    EXPECT_EQ(4u, list.columnidcPage);
    EXPECT_EQ(5u, list.columnidcColumn);
    EXPECT_EQ(6u, list.columnidiColumn);
    EXPECT_EQ(7u, list.columnidcolumnid);
    EXPECT_EQ(8u, list.columnidcoltyp);
    EXPECT_EQ(9u, list.columnidCountry);
    EXPECT_EQ(10u, list.columnidLangid);
    EXPECT_EQ(11u, list.columnidCp);
    EXPECT_EQ(12u, list.columnidCollate);
    EXPECT_EQ(13u, list.columnidgrbitColumn);
    EXPECT_EQ(129u, list.columnidcolumnname);
    EXPECT_EQ(14u, list.columnidLCMapFlags);
    ExpectIndexRows(list, AllSegments());
    EXPECT_JET_OK(JetCloseTable(sesid_, list.tableid));
  }
}

TEST_F(ListInfoTest, IndexListOfOneIndex) {
  JET_INDEXLIST list{};
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "bytag", &list,
                                     sizeof(list), JET_IdxInfo));
  const std::vector<ExpectedSegment> all = AllSegments();
  ExpectIndexRows(list, {all[2], all[3]});
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "Catalog", "PRIMARY", &list,
                                sizeof(list), JET_IdxInfoList));
  ExpectIndexRows(list, {all[4]});
  // By table name, all of them.
  ASSERT_JET_OK(JetGetIndexInfo(sesid_, dbid_, "Catalog", "", &list,
                                sizeof(list), JET_IdxInfoList));
  ExpectIndexRows(list, all);
}

TEST_F(ListInfoTest, IndexListOldStructureHasNoLCMapFlags) {
  JET_INDEXLIST list;
  std::memset(&list, 0xCC, sizeof(list));
  const unsigned long old_size = offsetof(JET_INDEXLIST, columnidLCMapFlags);
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, "primary", &list, old_size,
                                     JET_IdxInfoList));
  EXPECT_EQ(old_size, list.cbStruct);
  EXPECT_EQ(1u, list.cRecord);
  EXPECT_EQ(129u, list.columnidcolumnname);
  JET_COLUMNID untouched;
  std::memset(&untouched, 0xCC, sizeof(untouched));
  EXPECT_EQ(untouched, list.columnidLCMapFlags);
  EXPECT_EQ("primary", Get(list.tableid, list.columnidindexname));
}

TEST_F(ListInfoTest, TableWithoutPrimaryIndexListsItsSecondaryIndexes) {
  JET_TABLEID t;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "Plain", 0, 0, &t));
  JET_COLUMNID k;
  JET_COLUMNDEF def{};
  def.cbStruct = sizeof(def);
  def.coltyp = JET_coltypLongLong;
  ASSERT_JET_OK(JetAddColumn(sesid_, t, "k", &def, nullptr, 0, &k));
  JET_INDEXLIST list{};
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, t, nullptr, &list, sizeof(list),
                                     JET_IdxInfo));
  EXPECT_EQ(0u, list.cRecord);
  EXPECT_EQ(JET_errNoCurrentRecord,
            JetMove(sesid_, list.tableid, JET_MoveFirst, 0));
  ASSERT_JET_OK(
      JetCreateIndex(sesid_, t, "byk", JET_bitIndexUnique, "-k\0", 4, 0));
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, t, nullptr, &list, sizeof(list),
                                     JET_IdxInfo));
  ExpectIndexRows(list, {{"byk", JET_bitIndexUnique, 1, 0, "k", k,
                          JET_coltypLongLong, 0, JET_bitKeyDescending}});
}

TEST_F(ListInfoTest, IndexListErrors) {
  JET_INDEXLIST list{};
  EXPECT_EQ(JET_errIndexNotFound,
            JetGetTableIndexInfo(sesid_, table_, "ByAuthor", &list,
                                 sizeof(list), JET_IdxInfoList));
  EXPECT_EQ(JET_errInvalidName,
            JetGetTableIndexInfo(sesid_, table_, "by.tag", &list, sizeof(list),
                                 JET_IdxInfo));
  EXPECT_EQ(
      JET_errBufferTooSmall,
      JetGetTableIndexInfo(sesid_, table_, nullptr, &list,
                           offsetof(JET_INDEXLIST, columnidLCMapFlags) - 1,
                           JET_IdxInfoList));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetTableIndexInfo(sesid_, table_, nullptr, nullptr, sizeof(list),
                                 JET_IdxInfoList));
  EXPECT_EQ(JET_errIndexNotFound,
            JetGetIndexInfo(sesid_, dbid_, "Catalog", "ByAuthor", &list,
                            sizeof(list), JET_IdxInfo));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetIndexInfo(sesid_, dbid_, "Shelves", nullptr, &list,
                            sizeof(list), JET_IdxInfo));
  EXPECT_EQ(JET_errInvalidName,
            JetGetIndexInfo(sesid_, dbid_, nullptr, nullptr, &list,
                            sizeof(list), JET_IdxInfo));
}

// --- Objects ---------------------------------------------------------------

TEST_F(ListInfoTest, ObjectListHasEveryTableInNameOrder) {
  JET_TABLEID t;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "Zebra", 0, 0, &t));
  ASSERT_JET_OK(JetCloseTable(sesid_, t));
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "alpha", 0, 0, &t));
  for (unsigned long level : {JET_ObjInfoList, JET_ObjInfoListNoStats}) {
    for (JET_OBJTYP objtyp : {JET_objtypTable, JET_objtypNil}) {
      JET_OBJECTLIST list;
      ASSERT_JET_OK(ObjectList(sesid_, &list, objtyp, level));
      // Fixed columns from 1, variable from 128, in esent.dll's order.
      EXPECT_EQ(128u, list.columnidcontainername);
      EXPECT_EQ(129u, list.columnidobjectname);
      EXPECT_EQ(1u, list.columnidobjtyp);
      EXPECT_EQ(2u, list.columniddtCreate);
      EXPECT_EQ(3u, list.columniddtUpdate);
      EXPECT_EQ(4u, list.columnidcRecord);
      EXPECT_EQ(5u, list.columnidcPage);
      EXPECT_EQ(6u, list.columnidgrbit);
      EXPECT_EQ(7u, list.columnidflags);
      EXPECT_EQ((std::vector<std::string>{"alpha", "Catalog", "Zebra"}),
                ObjectNames(sesid_, list));
      ASSERT_JET_OK(JetCloseTable(sesid_, list.tableid));
    }
  }
  // The object name is ignored by the list levels.
  JET_OBJECTLIST list;
  ASSERT_JET_OK(JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, "tables",
                                 "Nothing", &list, sizeof(list),
                                 JET_ObjInfoList));
  EXPECT_EQ(3u, list.cRecord);
  ASSERT_JET_OK(JetDeleteTable(sesid_, dbid_, "Zebra"));
  ASSERT_JET_OK(ObjectList(sesid_, &list));
  EXPECT_EQ((std::vector<std::string>{"alpha", "Catalog"}),
            ObjectNames(sesid_, list));
}

TEST_F(ListInfoTest, ObjectListOfOtherTypesIsEmpty) {
  JET_OBJECTLIST list;
  ASSERT_JET_OK(ObjectList(sesid_, &list, 2));
  EXPECT_EQ(0u, list.cRecord);
  EXPECT_EQ(JET_errNoCurrentRecord,
            JetMove(sesid_, list.tableid, JET_MoveFirst, 0));
}

TEST_F(ListInfoTest, ObjectListReportsFixedDdlAndTemplateTables) {
  ASSERT_JET_OK(JetCloseTable(sesid_, table_));
  ASSERT_JET_OK(JetDeleteTable(sesid_, dbid_, "Catalog"));
  JET_TABLECREATE_A create{};
  create.cbStruct = sizeof(create);
  create.szTableName = const_cast<char*>("Fixed");
  create.grbit = JET_bitTableCreateFixedDDL;
  ASSERT_JET_OK(JetCreateTableColumnIndex(sesid_, dbid_, &create));
  ASSERT_JET_OK(JetCloseTable(sesid_, create.tableid));
  JET_OBJECTLIST list;
  ASSERT_JET_OK(ObjectList(sesid_, &list));
  EXPECT_EQ(std::vector<std::string>{"Fixed"},
            ObjectNames(sesid_, list, JET_bitObjectTableFixedDDL));
}

TEST_F(ListInfoTest, ObjectListSeesTheSessionsOwnTransaction) {
  JET_SESID other;
  ASSERT_JET_OK(JetBeginSession(instance_, &other, "", ""));
  JET_DBID other_dbid;
  ASSERT_JET_OK(JetOpenDatabase(other, path_.c_str(), nullptr, &other_dbid, 0));
  ASSERT_EQ(dbid_, other_dbid);

  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  JET_TABLEID t;
  ASSERT_JET_OK(JetCreateTable(sesid_, dbid_, "Pending", 0, 0, &t));
  JET_OBJECTLIST mine, theirs;
  ASSERT_JET_OK(ObjectList(sesid_, &mine));
  EXPECT_EQ((std::vector<std::string>{"Catalog", "Pending"}),
            ObjectNames(sesid_, mine));
  ASSERT_JET_OK(ObjectList(other, &theirs));
  EXPECT_EQ(std::vector<std::string>{"Catalog"}, ObjectNames(other, theirs));
  // Tableids are per session.
  EXPECT_EQ(JET_errSesidTableIdMismatch,
            JetMove(other, mine.tableid, JET_MoveFirst, 0));

  // The rollback undoes the table and closes the list opened in it.
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidTableId,
            JetMove(sesid_, mine.tableid, JET_MoveFirst, 0));
  ASSERT_JET_OK(ObjectList(sesid_, &mine));
  EXPECT_EQ(std::vector<std::string>{"Catalog"}, ObjectNames(sesid_, mine));
  EXPECT_JET_OK(JetEndSession(other, 0));
}

TEST_F(ListInfoTest, ObjectListErrors) {
  JET_OBJECTLIST list{};
  EXPECT_EQ(JET_errBufferTooSmall,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, nullptr,
                             &list, sizeof(list) - 1, JET_ObjInfoList));
  EXPECT_EQ(JET_errInvalidParameter,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, nullptr,
                             nullptr, sizeof(list), JET_ObjInfoListNoStats));
  EXPECT_EQ(JET_errObjectNotFound,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, "Queries", nullptr,
                             &list, sizeof(list), JET_ObjInfoList));
  EXPECT_EQ(JET_errInvalidName,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, "Ta.bles", nullptr,
                             &list, sizeof(list), JET_ObjInfoList));
  EXPECT_EQ(JET_errInvalidName,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, "[x]",
                             &list, sizeof(list), JET_ObjInfoList));
  EXPECT_EQ(JET_errFeatureNotAvailable,
            JetGetObjectInfo(sesid_, dbid_, JET_objtypTable, nullptr, nullptr,
                             &list, sizeof(list), JET_ObjInfoListACM));
  EXPECT_EQ(JET_errInvalidDatabaseId,
            JetGetObjectInfo(sesid_, dbid_ + 7, JET_objtypTable, nullptr,
                             nullptr, &list, sizeof(list), JET_ObjInfoList));
}

// --- List tables as session resources ---------------------------------------

TEST_F(ListInfoTest, ListTablesCountAgainstMaxTemporaryTables) {
  // JET_paramMaxTemporaryTables is 20 by default; list tables are
  // temporary tables, as in esent.dll.
  std::vector<JET_TABLEID> open;
  JET_COLUMNLIST columns{};
  JET_INDEXLIST indexes{};
  JET_OBJECTLIST objects{};
  for (int i = 0; i < 20; ++i) {
    ASSERT_JET_OK(JetGetTableColumnInfo(sesid_, table_, nullptr, &columns,
                                        sizeof(columns), JET_ColInfoList));
    open.push_back(columns.tableid);
  }
  EXPECT_EQ(JET_errTooManySorts,
            JetGetTableColumnInfo(sesid_, table_, nullptr, &columns,
                                  sizeof(columns), JET_ColInfoList));
  EXPECT_EQ(JET_errTooManySorts,
            JetGetTableIndexInfo(sesid_, table_, nullptr, &indexes,
                                 sizeof(indexes), JET_IdxInfoList));
  EXPECT_EQ(JET_errTooManySorts, ObjectList(sesid_, &objects));
  ASSERT_JET_OK(JetCloseTable(sesid_, open.back()));
  open.pop_back();
  ASSERT_JET_OK(ObjectList(sesid_, &objects));
  EXPECT_EQ(1u, objects.cRecord);
  open.push_back(objects.tableid);

  // JetEndSession closes them all and gives their places back.
  ASSERT_JET_OK(JetEndSession(sesid_, 0));
  ASSERT_JET_OK(JetBeginSession(instance_, &sesid_, "", ""));
  ASSERT_JET_OK(JetOpenDatabase(sesid_, path_.c_str(), nullptr, &dbid_, 0));
  for (int i = 0; i < 20; ++i) {
    ASSERT_JET_OK(ObjectList(sesid_, &objects));
  }
  EXPECT_EQ(JET_errTooManySorts, ObjectList(sesid_, &objects));
}

TEST_F(ListInfoTest, RollbackClosesOnlyListsOpenedInTheLevel) {
  JET_INDEXLIST before{};
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, nullptr, &before,
                                     sizeof(before), JET_IdxInfoList));
  ASSERT_JET_OK(JetBeginTransaction(sesid_));
  JET_INDEXLIST inside{};
  ASSERT_JET_OK(JetGetTableIndexInfo(sesid_, table_, nullptr, &inside,
                                     sizeof(inside), JET_IdxInfoList));
  ASSERT_JET_OK(JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidTableId,
            JetMove(sesid_, inside.tableid, JET_MoveFirst, 0));
  ASSERT_JET_OK(JetMove(sesid_, before.tableid, JET_MoveLast, 0));
  EXPECT_EQ("primary", Get(before.tableid, before.columnidindexname));
}

TEST(ListInfoZeroTest, NoTemporaryTablesNoLists) {
  ScratchDir dir;
  JET_INSTANCE instance = 0;
  ASSERT_JET_OK(JetCreateInstance(&instance, "list-zero"));
  const std::string path = dir.path() + "/";
  JetSetSystemParameter(&instance, 0, JET_paramSystemPath, 0, path.c_str());
  JetSetSystemParameter(&instance, 0, JET_paramLogFilePath, 0, path.c_str());
  JetSetSystemParameter(&instance, 0, JET_paramTempPath, 0, path.c_str());
  ASSERT_JET_OK(JetSetSystemParameter(&instance, 0, JET_paramMaxTemporaryTables,
                                      0, nullptr));
  ASSERT_JET_OK(JetInit(&instance));
  JET_SESID sesid = JET_sesidNil;
  ASSERT_JET_OK(JetBeginSession(instance, &sesid, "", ""));
  JET_DBID dbid = 0;
  ASSERT_JET_OK(JetCreateDatabase(sesid, dir.File("zero.edb").c_str(), nullptr,
                                  &dbid, 0));
  JET_OBJECTLIST list{};
  EXPECT_EQ(JET_errTooManySorts,
            JetGetObjectInfo(sesid, dbid, JET_objtypTable, nullptr, nullptr,
                             &list, sizeof(list), JET_ObjInfoList));
  ASSERT_JET_OK(JetTerm(instance));
}

}  // namespace
}  // namespace lmjet::testing
