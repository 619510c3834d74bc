#include "engine/schema.h"

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

JET_ERR Check(const char* name, std::string* out = nullptr) {
  std::string checked;
  const Status status = CheckName(name, &checked);
  if (out != nullptr) *out = checked;
  return status.code();
}

TEST(CheckNameTest, EsentRules) {
  std::string out;
  EXPECT_EQ(JET_errSuccess, Check("Customers", &out));
  EXPECT_EQ("Customers", out);
  EXPECT_EQ(JET_errSuccess, Check("trailing   ", &out));
  EXPECT_EQ("trailing", out);
  EXPECT_EQ(JET_errSuccess, Check("caf\xC3\xA9 \"x\"-#1", &out));
  EXPECT_EQ(JET_errInvalidName, Check(nullptr));
  EXPECT_EQ(JET_errInvalidName, Check(""));
  EXPECT_EQ(JET_errInvalidName, Check(" leading"));
  EXPECT_EQ(JET_errInvalidName, Check("   "));
  EXPECT_EQ(JET_errInvalidName, Check("a.b"));
  EXPECT_EQ(JET_errInvalidName, Check("a!b"));
  EXPECT_EQ(JET_errInvalidName, Check("a[b"));
  EXPECT_EQ(JET_errInvalidName, Check("a]b"));
  EXPECT_EQ(JET_errInvalidName, Check("tab\there"));
  EXPECT_EQ(JET_errSuccess, Check(std::string(64, 'n').c_str()));
  EXPECT_EQ(JET_errInvalidName, Check(std::string(65, 'n').c_str()));
}

TEST(ColumnIdTest, Ranges) {
  EXPECT_EQ(ColumnClass::kFixed, ClassOfColumnId(1));
  EXPECT_EQ(ColumnClass::kFixed, ClassOfColumnId(127));
  EXPECT_EQ(ColumnClass::kVariable, ClassOfColumnId(128));
  EXPECT_EQ(ColumnClass::kVariable, ClassOfColumnId(255));
  EXPECT_EQ(ColumnClass::kTagged, ClassOfColumnId(256));
  EXPECT_EQ(ColumnClass::kTagged, ClassOfColumnId(JET_ccolMost));
}

TEST(ColumnTypeTest, FixedSizes) {
  EXPECT_EQ(1u, FixedSizeOf(JET_coltypBit));
  EXPECT_EQ(1u, FixedSizeOf(JET_coltypUnsignedByte));
  EXPECT_EQ(2u, FixedSizeOf(JET_coltypShort));
  EXPECT_EQ(2u, FixedSizeOf(JET_coltypUnsignedShort));
  EXPECT_EQ(4u, FixedSizeOf(JET_coltypLong));
  EXPECT_EQ(4u, FixedSizeOf(JET_coltypUnsignedLong));
  EXPECT_EQ(4u, FixedSizeOf(JET_coltypIEEESingle));
  EXPECT_EQ(8u, FixedSizeOf(JET_coltypCurrency));
  EXPECT_EQ(8u, FixedSizeOf(JET_coltypIEEEDouble));
  EXPECT_EQ(8u, FixedSizeOf(JET_coltypDateTime));
  EXPECT_EQ(8u, FixedSizeOf(JET_coltypLongLong));
  EXPECT_EQ(8u, FixedSizeOf(JET_coltypUnsignedLongLong));
  EXPECT_EQ(16u, FixedSizeOf(JET_coltypGUID));
  EXPECT_EQ(0u, FixedSizeOf(JET_coltypText));
  EXPECT_EQ(0u, FixedSizeOf(JET_coltypBinary));
  EXPECT_EQ(0u, FixedSizeOf(JET_coltypLongText));
  EXPECT_EQ(0u, FixedSizeOf(JET_coltypLongBinary));
}

struct Request {
  JET_COLTYP coltyp;
  uint32_t cb_max = 0;
  JET_GRBIT grbit = 0;
  unsigned long cp = 0;
  const void* def = nullptr;
  unsigned long def_size = 0;
  ColumnRequestContext context{};
};

JET_ERR Define(const Request& r, ColumnDef* column = nullptr) {
  ColumnDef scratch;
  return CheckColumnDefinition(r.coltyp, r.cb_max, r.grbit, r.cp, r.def,
                               r.def_size, r.context,
                               column != nullptr ? column : &scratch)
      .code();
}

TEST(CheckColumnDefinitionTest, Types) {
  EXPECT_EQ(JET_errInvalidColumnType, Define({JET_coltypNil}));
  EXPECT_EQ(JET_errInvalidColumnType, Define({JET_coltypSLV}));
  EXPECT_EQ(JET_errInvalidColumnType, Define({JET_coltypMax}));
  EXPECT_EQ(JET_errInvalidColumnType, Define({100}));
  for (JET_COLTYP t = JET_coltypBit; t < JET_coltypMax; ++t) {
    if (t == JET_coltypSLV) continue;
    ColumnDef column;
    EXPECT_GE(Define({t}, &column), 0) << t;
    EXPECT_EQ(t, column.coltyp);
  }
}

TEST(CheckColumnDefinitionTest, CodePages) {
  ColumnDef column;
  ASSERT_EQ(JET_errSuccess, Define({JET_coltypText}, &column));
  EXPECT_EQ(1252, column.cp);
  Request unicode{JET_coltypLongText};
  unicode.cp = 1200;
  ASSERT_EQ(JET_errSuccess, Define(unicode, &column));
  EXPECT_EQ(1200, column.cp);
  Request bad{JET_coltypText};
  bad.cp = 437;
  EXPECT_EQ(JET_errInvalidCodePage, Define(bad));
  Request binary{JET_coltypBinary};
  binary.cp = 437;  // ignored for non-text columns
  ASSERT_EQ(JET_errSuccess, Define(binary, &column));
  EXPECT_EQ(0, column.cp);
}

TEST(CheckColumnDefinitionTest, LengthsAndClasses) {
  ColumnDef column;
  ASSERT_EQ(JET_errSuccess, Define({JET_coltypText}, &column));
  EXPECT_EQ(255u, column.cb_max);
  EXPECT_EQ(0u, column.grbit & JET_bitColumnTagged);
  Request long_text{JET_coltypText, 300};
  EXPECT_EQ(JET_wrnColumnMaxTruncated, Define(long_text, &column));
  EXPECT_EQ(255u, column.cb_max);
  ASSERT_EQ(JET_errSuccess, Define({JET_coltypLong, 99}, &column));
  EXPECT_EQ(4u, column.cb_max);
  ASSERT_EQ(JET_errSuccess, Define({JET_coltypLongBinary, 1u << 20}, &column));
  EXPECT_EQ(1u << 20, column.cb_max);
  EXPECT_NE(0u, column.grbit & JET_bitColumnTagged);  // long values are tagged
}

TEST(CheckColumnDefinitionTest, GrbitRules) {
  Request fixed_tagged{JET_coltypLong};
  fixed_tagged.grbit = JET_bitColumnFixed | JET_bitColumnTagged;
  EXPECT_EQ(JET_errInvalidGrbit, Define(fixed_tagged));
  Request fixed_lv{JET_coltypLongText};
  fixed_lv.grbit = JET_bitColumnFixed;
  EXPECT_EQ(JET_errInvalidGrbit, Define(fixed_lv));
  Request mv{JET_coltypLong};
  mv.grbit = JET_bitColumnMultiValued;
  EXPECT_EQ(JET_errMultiValuedColumnMustBeTagged, Define(mv));
  mv.grbit |= JET_bitColumnTagged;
  EXPECT_EQ(JET_errSuccess, Define(mv));
  Request mv_lv{JET_coltypLongBinary};
  mv_lv.grbit = JET_bitColumnMultiValued;
  EXPECT_EQ(JET_errSuccess, Define(mv_lv));

  Request autoinc{JET_coltypText};
  autoinc.grbit = JET_bitColumnAutoincrement;
  EXPECT_EQ(JET_errInvalidGrbit, Define(autoinc));
  for (JET_COLTYP t : {JET_coltypLong, JET_coltypLongLong,
                       JET_coltypUnsignedLongLong, JET_coltypCurrency}) {
    autoinc.coltyp = t;
    EXPECT_EQ(JET_errSuccess, Define(autoinc)) << t;
  }
  autoinc.coltyp = JET_coltypLong;
  autoinc.grbit |= JET_bitColumnTagged;
  EXPECT_EQ(JET_errCannotBeTagged, Define(autoinc));
  autoinc.grbit = JET_bitColumnAutoincrement;
  autoinc.context.exclusive_table_lock = false;
  EXPECT_EQ(JET_errExclusiveTableLockRequired, Define(autoinc));

  Request version{JET_coltypLongLong};
  version.grbit = JET_bitColumnVersion;
  EXPECT_EQ(JET_errInvalidGrbit, Define(version));
  version.coltyp = JET_coltypLong;
  EXPECT_EQ(JET_errSuccess, Define(version));
  version.grbit |= JET_bitColumnTagged;
  EXPECT_EQ(JET_errCannotBeTagged, Define(version));

  Request not_null{JET_coltypLongText};
  not_null.grbit = JET_bitColumnNotNULL;
  EXPECT_EQ(JET_errTaggedNotNULL, Define(not_null));
  not_null.coltyp = JET_coltypText;
  EXPECT_EQ(JET_errSuccess, Define(not_null));

  Request compressed{JET_coltypText};
  compressed.grbit = JET_bitColumnCompressed;
  EXPECT_EQ(JET_errColumnCannotBeCompressed, Define(compressed));
  compressed.coltyp = JET_coltypLongText;
  EXPECT_EQ(JET_errSuccess, Define(compressed));

  Request encrypted{JET_coltypBinary};
  encrypted.grbit = JET_bitColumnEncrypted;
  EXPECT_EQ(JET_errColumnCannotBeEncrypted, Define(encrypted));
  encrypted.coltyp = JET_coltypLongBinary;
  EXPECT_EQ(JET_errSuccess, Define(encrypted));
  encrypted.grbit |= JET_bitColumnMultiValued;
  EXPECT_EQ(JET_errColumnCannotBeEncrypted, Define(encrypted));

  Request unversioned{JET_coltypLong};
  unversioned.grbit = JET_bitColumnUnversioned;
  unversioned.context.in_transaction = true;
  EXPECT_EQ(JET_errInTransaction, Define(unversioned));
}

TEST(CheckColumnDefinitionTest, Escrow) {
  const int32_t zero = 0;
  Request escrow{JET_coltypLong};
  escrow.grbit = JET_bitColumnEscrowUpdate;
  EXPECT_EQ(JET_errInvalidParameter, Define(escrow));  // needs a default
  escrow.def = &zero;
  escrow.def_size = sizeof(zero);
  EXPECT_EQ(JET_errSuccess, Define(escrow));
  escrow.coltyp = JET_coltypShort;
  escrow.def_size = 2;
  EXPECT_EQ(JET_errInvalidGrbit, Define(escrow));
  escrow.coltyp = JET_coltypLong;
  escrow.def_size = 4;
  escrow.grbit |= JET_bitColumnVersion;
  EXPECT_EQ(JET_errInvalidGrbit, Define(escrow));
  escrow.grbit = JET_bitColumnEscrowUpdate;
  escrow.context.exclusive_table_lock = false;
  EXPECT_EQ(JET_errExclusiveTableLockRequired, Define(escrow));
}

TEST(CheckColumnDefinitionTest, Defaults) {
  ColumnDef column;
  const int64_t eight = 8;
  Request fixed{JET_coltypLong};
  fixed.def = &eight;
  fixed.def_size = sizeof(eight);
  EXPECT_EQ(JET_errInvalidBufferSize, Define(fixed));
  fixed.def_size = 4;
  ASSERT_EQ(JET_errSuccess, Define(fixed, &column));
  EXPECT_TRUE(column.has_default);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(&eight), 4),
            column.default_value);

  const std::string long_default(400, 'd');
  Request text{JET_coltypText, 10};
  text.def = long_default.data();
  text.def_size = long_default.size();
  ASSERT_EQ(JET_errSuccess, Define(text, &column));
  EXPECT_EQ(std::string(10, 'd'), column.default_value);
  Request lv{JET_coltypLongText};
  lv.def = long_default.data();
  lv.def_size = long_default.size();
  ASSERT_EQ(JET_errSuccess, Define(lv, &column));
  EXPECT_EQ(std::string(JET_cbLVDefaultValueMost, 'd'), column.default_value);

  Request sizeless{JET_coltypText};
  sizeless.def_size = 3;
  EXPECT_EQ(JET_errInvalidParameter, Define(sizeless));
  ASSERT_EQ(JET_errSuccess, Define({JET_coltypText}, &column));
  EXPECT_FALSE(column.has_default);
}

JET_ERR Parse(const std::string& key, std::vector<KeyColumn>* out) {
  return ParseIndexKey(key.data(), static_cast<unsigned long>(key.size()), out)
      .code();
}

TEST(ParseIndexKeyTest, Segments) {
  std::vector<KeyColumn> columns;
  ASSERT_EQ(JET_errSuccess,
            Parse(std::string("+CustomerID\0\0", 13), &columns));
  ASSERT_EQ(1u, columns.size());
  EXPECT_EQ("CustomerID", columns[0].name);
  EXPECT_FALSE(columns[0].descending);
  ASSERT_EQ(JET_errSuccess, Parse(std::string("-a\0+b\0c\0\0", 9), &columns));
  ASSERT_EQ(3u, columns.size());
  EXPECT_TRUE(columns[0].descending);
  EXPECT_EQ("b", columns[1].name);
  EXPECT_FALSE(columns[1].descending);
  EXPECT_EQ("c", columns[2].name);
  EXPECT_FALSE(columns[2].descending);
}

TEST(ParseIndexKeyTest, Errors) {
  std::vector<KeyColumn> columns;
  EXPECT_EQ(JET_errInvalidParameter,
            ParseIndexKey("+a\0\0", 0, &columns).code());
  EXPECT_EQ(JET_errIndexInvalidDef, Parse(std::string("a\0\0", 3), &columns));
  EXPECT_EQ(JET_errIndexInvalidDef, Parse(std::string("+a\0", 3), &columns));
  EXPECT_EQ(JET_errIndexInvalidDef, Parse(std::string("+a\0\0x", 5), &columns));
  EXPECT_EQ(JET_errIndexInvalidDef,
            Parse(std::string("+a\0\0b\0\0", 7), &columns));
  EXPECT_EQ(JET_errIndexInvalidDef, Parse(std::string("+\0\0", 3), &columns));
  EXPECT_EQ(JET_errIndexInvalidDef, Parse(std::string("\0\0", 2), &columns));
  std::string many;
  for (int i = 0; i <= JET_ccolKeyMost; ++i) {
    many += "+c" + std::to_string(i) + std::string(1, '\0');
  }
  many += '\0';
  EXPECT_EQ(JET_errIndexInvalidDef, Parse(many, &columns));
  many.erase(many.size() - 1 - std::to_string(JET_ccolKeyMost).size() - 3);
  many += '\0';
  EXPECT_EQ(JET_errSuccess, Parse(many, &columns));
  EXPECT_EQ(static_cast<size_t>(JET_ccolKeyMost), columns.size());
}

TEST(TableDefTest, NextColumnIdAndLookups) {
  TableDef table;
  JET_COLUMNID id = 0;
  ASSERT_EQ(JET_errSuccess,
            table.NextColumnId(ColumnClass::kFixed, &id).code());
  EXPECT_EQ(1u, id);
  ASSERT_EQ(JET_errSuccess,
            table.NextColumnId(ColumnClass::kVariable, &id).code());
  EXPECT_EQ(128u, id);
  ASSERT_EQ(JET_errSuccess,
            table.NextColumnId(ColumnClass::kTagged, &id).code());
  EXPECT_EQ(256u, id);
  table.columns.push_back(
      {"Name", 130, JET_coltypText, 1252, 255, 0, false, ""});
  ASSERT_EQ(JET_errSuccess,
            table.NextColumnId(ColumnClass::kVariable, &id).code());
  EXPECT_EQ(131u, id);
  table.columns.push_back({"Last", 127, JET_coltypLong, 0, 4, 0, false, ""});
  EXPECT_EQ(JET_errTooManyColumns,
            table.NextColumnId(ColumnClass::kFixed, &id).code());
  EXPECT_EQ(130u, table.FindColumn("name")->columnid);
  EXPECT_EQ("Last", table.FindColumn(127)->name);
  EXPECT_EQ(nullptr, table.FindColumn("missing"));
  EXPECT_EQ(nullptr, table.PrimaryIndex());
  IndexDef primary;
  primary.name = "PK";
  primary.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
  table.indexes.push_back(primary);
  EXPECT_EQ("PK", table.PrimaryIndex()->name);
  EXPECT_EQ("PK", table.FindIndex("pk")->name);
}

TableDef SampleTable() {
  TableDef t;
  t.name = "Orders";
  t.table_id = 42;
  t.grbit = JET_bitTableCreateFixedDDL;
  t.pages = 16;
  t.density = 80;
  t.next_index_id = 3;
  t.columns.push_back(
      {"Id", 1, JET_coltypLong, 0, 4, JET_bitColumnAutoincrement, false, ""});
  t.columns.push_back({"Note", 128, JET_coltypText, 1200, 100, 0, true,
                       std::string("n\0te", 4)});
  t.columns.push_back({"Tags", 256, JET_coltypLongText, 1252, 0,
                       JET_bitColumnTagged | JET_bitColumnMultiValued, false,
                       ""});
  IndexDef pk;
  pk.name = "PK";
  pk.index_id = 1;
  pk.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
  pk.segments = {{1, false}};
  IndexDef by_note;
  by_note.name = "ByNote";
  by_note.index_id = 2;
  by_note.grbit = JET_bitIndexIgnoreNull;
  by_note.segments = {{128, true}, {1, false}};
  by_note.conditional_columns = {{256, true}};
  by_note.cb_key_most = 400;
  by_note.density = 90;
  by_note.lcid = 1033;
  t.indexes = {pk, by_note};
  return t;
}

TEST(TableDefEncodingTest, RoundTrip) {
  const TableDef t = SampleTable();
  const std::string encoded = EncodeTableDef(t);
  EXPECT_EQ(2, encoded[0]);  // format version
  TableDef d;
  ASSERT_EQ(JET_errSuccess,
            DecodeTableDef(encoded.data(), encoded.size(), &d).code());
  EXPECT_EQ(t.name, d.name);
  EXPECT_EQ(t.table_id, d.table_id);
  EXPECT_EQ(t.grbit, d.grbit);
  EXPECT_EQ(t.pages, d.pages);
  EXPECT_EQ(t.density, d.density);
  EXPECT_EQ(t.next_index_id, d.next_index_id);
  ASSERT_EQ(t.columns.size(), d.columns.size());
  for (size_t i = 0; i < t.columns.size(); ++i) {
    EXPECT_EQ(t.columns[i].name, d.columns[i].name);
    EXPECT_EQ(t.columns[i].columnid, d.columns[i].columnid);
    EXPECT_EQ(t.columns[i].coltyp, d.columns[i].coltyp);
    EXPECT_EQ(t.columns[i].cp, d.columns[i].cp);
    EXPECT_EQ(t.columns[i].cb_max, d.columns[i].cb_max);
    EXPECT_EQ(t.columns[i].grbit, d.columns[i].grbit);
    EXPECT_EQ(t.columns[i].has_default, d.columns[i].has_default);
    EXPECT_EQ(t.columns[i].default_value, d.columns[i].default_value);
  }
  ASSERT_EQ(2u, d.indexes.size());
  const IndexDef& by_note = d.indexes[1];
  EXPECT_EQ("ByNote", by_note.name);
  EXPECT_EQ(2u, by_note.index_id);
  EXPECT_EQ(static_cast<JET_GRBIT>(JET_bitIndexIgnoreNull), by_note.grbit);
  ASSERT_EQ(2u, by_note.segments.size());
  EXPECT_EQ(128u, by_note.segments[0].columnid);
  EXPECT_TRUE(by_note.segments[0].descending);
  EXPECT_FALSE(by_note.segments[1].descending);
  ASSERT_EQ(1u, by_note.conditional_columns.size());
  EXPECT_EQ(256u, by_note.conditional_columns[0].columnid);
  EXPECT_TRUE(by_note.conditional_columns[0].must_be_null);
  EXPECT_EQ(400u, by_note.cb_key_most);
  EXPECT_EQ(90u, by_note.density);
  EXPECT_EQ(1033ul, by_note.lcid);
  EXPECT_EQ(encoded, EncodeTableDef(d));
}

TEST(TableDefEncodingTest, DamageIsDetectedNeverOverread) {
  const std::string encoded = EncodeTableDef(SampleTable());
  TableDef d;
  // Every truncation fails cleanly.
  for (size_t n = 0; n < encoded.size(); ++n) {
    const std::string cut = encoded.substr(0, n);
    EXPECT_EQ(JET_errDatabaseCorrupted,
              DecodeTableDef(cut.data(), cut.size(), &d).code())
        << n;
  }
  // Trailing garbage, and another version.
  std::string longer = encoded + "x";
  EXPECT_EQ(JET_errDatabaseCorrupted,
            DecodeTableDef(longer.data(), longer.size(), &d).code());
  std::string newer = encoded;
  newer[0] = 3;
  EXPECT_EQ(JET_errInvalidDatabaseVersion,
            DecodeTableDef(newer.data(), newer.size(), &d).code());
  // Random damage decodes or fails; under ASan it never reads out of bounds.
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string damaged = encoded;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      damaged[rng() % damaged.size()] = static_cast<char>(rng());
    }
    const JET_ERR err =
        DecodeTableDef(damaged.data(), damaged.size(), &d).code();
    EXPECT_TRUE(err == JET_errSuccess || err == JET_errDatabaseCorrupted ||
                err == JET_errInvalidDatabaseVersion)
        << err;
  }
}

}  // namespace

// Version 1 encodings (before JetDeleteColumn) still decode: the same bytes
// without each column's deleted flag.
TEST(TableDefEncodingTest, VersionOneDecodes) {
  TableDef t = SampleTable();
  const std::string v2 = EncodeTableDef(t);
  std::string v1(1, '\x01');
  size_t at = 1;
  auto copy = [&](size_t n) {
    v1.append(v2, at, n);
    at += n;
  };
  auto u32_at = [&](size_t pos) {
    uint32_t x;
    std::memcpy(&x, v2.data() + pos, 4);
    return x;
  };
  copy(4 + u32_at(at));  // name
  copy(5 * 4);           // table id, grbit, pages, density, next index id
  const uint32_t columns = u32_at(at);
  copy(4);
  for (uint32_t i = 0; i < columns; ++i) {
    copy(4 + u32_at(at));  // name
    copy(5 * 4 + 1);       // id, coltyp, cp, cb_max, grbit, has_default
    copy(4 + u32_at(at));  // default value
    EXPECT_EQ(0, v2[at]);  // the deleted flag, dropped
    ++at;
  }
  v1.append(v2, at, std::string::npos);
  TableDef d;
  ASSERT_EQ(JET_errSuccess, DecodeTableDef(v1.data(), v1.size(), &d).code());
  EXPECT_EQ(EncodeTableDef(t), EncodeTableDef(d));
}

TEST(TableDefEncodingTest, DeletedColumnsAreKeptButNotFound) {
  TableDef t = SampleTable();
  t.columns[1].deleted = true;  // "Note", id 128
  const std::string encoded = EncodeTableDef(t);
  TableDef d;
  ASSERT_EQ(JET_errSuccess,
            DecodeTableDef(encoded.data(), encoded.size(), &d).code());
  ASSERT_EQ(3u, d.columns.size());
  EXPECT_TRUE(d.columns[1].deleted);
  EXPECT_EQ(nullptr, d.FindColumn("Note"));
  EXPECT_EQ(nullptr, d.FindColumn(JET_COLUMNID{128}));
  ASSERT_NE(nullptr, d.FindColumn("Id"));
  // Its id is not given again.
  JET_COLUMNID next = 0;
  ASSERT_EQ(JET_errSuccess,
            d.NextColumnId(ColumnClass::kVariable, &next).code());
  EXPECT_EQ(129u, next);
}

}  // namespace lmjet::engine
