#include "engine/index_keys.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/esent.h"
#include "engine/key_codec.h"
#include "engine/record.h"
#include "engine/schema.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

// Column ids of the test table.
constexpr JET_COLUMNID kBit = 1, kUByte = 2, kShort = 3, kUShort = 4, kLong = 5,
                       kULong = 6, kLongLong = 7, kCurrency = 8, kULongLong = 9,
                       kSingle = 10, kDouble = 11, kDateTime = 12, kGuid = 13,
                       kFixedBinary = 14, kLongDefault = 15;
constexpr JET_COLUMNID kText = 128, kBinary = 129, kUnicode = 130,
                       kTextDefault = 131;
constexpr JET_COLUMNID kTags = 256,  // LongText, multi-valued
    kBins = 257,                     // LongBinary, multi-valued
    kMemo = 259,                     // LongText, single-valued
    kTagsDefault = 260;              // LongText, multi-valued, "zz"

template <typename T>
std::string Le(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(&s[0], &v, sizeof(T));
  return s;
}

std::string Hex(std::string_view s) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

ColumnDef Column(JET_COLUMNID id, JET_COLTYP coltyp, uint32_t cb_max = 0,
                 JET_GRBIT grbit = 0, unsigned short cp = 0) {
  ColumnDef c;
  c.name = "c" + std::to_string(id);
  c.columnid = id;
  c.coltyp = coltyp;
  c.cb_max = cb_max;
  c.cp = cp;
  c.grbit = grbit;
  return c;
}

TableDef TestTable() {
  TableDef t;
  t.name = "t";
  t.table_id = 1;
  t.columns = {
      Column(kBit, JET_coltypBit, 1, JET_bitColumnFixed),
      Column(kUByte, JET_coltypUnsignedByte, 1, JET_bitColumnFixed),
      Column(kShort, JET_coltypShort, 2, JET_bitColumnFixed),
      Column(kUShort, JET_coltypUnsignedShort, 2, JET_bitColumnFixed),
      Column(kLong, JET_coltypLong, 4, JET_bitColumnFixed),
      Column(kULong, JET_coltypUnsignedLong, 4, JET_bitColumnFixed),
      Column(kLongLong, JET_coltypLongLong, 8, JET_bitColumnFixed),
      Column(kCurrency, JET_coltypCurrency, 8, JET_bitColumnFixed),
      Column(kULongLong, JET_coltypUnsignedLongLong, 8, JET_bitColumnFixed),
      Column(kSingle, JET_coltypIEEESingle, 4, JET_bitColumnFixed),
      Column(kDouble, JET_coltypIEEEDouble, 8, JET_bitColumnFixed),
      Column(kDateTime, JET_coltypDateTime, 8, JET_bitColumnFixed),
      Column(kGuid, JET_coltypGUID, 16, JET_bitColumnFixed),
      Column(kFixedBinary, JET_coltypBinary, 3, JET_bitColumnFixed),
      Column(kLongDefault, JET_coltypLong, 4, JET_bitColumnFixed),
      Column(kText, JET_coltypText, 255, 0, 1252),
      Column(kBinary, JET_coltypBinary, 255),
      Column(kUnicode, JET_coltypText, 255, 0, 1200),
      Column(kTextDefault, JET_coltypText, 255, 0, 1252),
      Column(kTags, JET_coltypLongText, 0,
             JET_bitColumnTagged | JET_bitColumnMultiValued, 1252),
      Column(kBins, JET_coltypLongBinary, 0,
             JET_bitColumnTagged | JET_bitColumnMultiValued),
      Column(kMemo, JET_coltypLongText, 0, JET_bitColumnTagged, 1252),
      Column(kTagsDefault, JET_coltypLongText, 0,
             JET_bitColumnTagged | JET_bitColumnMultiValued, 1252),
  };
  for (ColumnDef& c : t.columns) {
    if (c.columnid == kLongDefault) {
      c.has_default = true;
      c.default_value = Le<int32_t>(7);
    } else if (c.columnid == kTextDefault) {
      c.has_default = true;
      c.default_value = "dflt";
    } else if (c.columnid == kTagsDefault) {
      c.has_default = true;
      c.default_value = "zz";
    }
  }
  return t;
}

IndexDef Index(std::vector<std::pair<JET_COLUMNID, bool>> segments,
               JET_GRBIT grbit = 0,
               std::vector<ConditionalColumn> conditions = {},
               uint32_t cb_key_most = JET_cbKeyMost) {
  IndexDef index;
  index.name = "i";
  index.index_id = 1;
  index.grbit = grbit;
  for (const auto& [columnid, descending] : segments) {
    IndexSegment s;
    s.columnid = columnid;
    s.descending = descending;
    index.segments.push_back(s);
  }
  index.conditional_columns = std::move(conditions);
  index.cb_key_most = cb_key_most;
  return index;
}

IndexDef Asc(std::vector<JET_COLUMNID> columns, JET_GRBIT grbit = 0) {
  std::vector<std::pair<JET_COLUMNID, bool>> segments;
  for (JET_COLUMNID c : columns) segments.emplace_back(c, false);
  return Index(segments, grbit);
}

// A long-value store in memory that records what was asked of it.
class FakeReader : public LongValuePrefixReader {
 public:
  std::map<uint64_t, std::string> values;
  mutable std::vector<std::pair<uint64_t, size_t>> calls;
  size_t short_by = 0;  // return this many bytes fewer than asked

  Status ReadPrefix(uint64_t lv_id, size_t max_bytes,
                    std::string* out) const override {
    calls.emplace_back(lv_id, max_bytes);
    auto it = values.find(lv_id);
    if (it == values.end()) return Status(JET_errLVCorrupted);
    *out = it->second.substr(0, max_bytes);
    out->resize(out->size() - std::min(short_by, out->size()));
    return Status::Ok();
  }
};

struct Built {
  Status status;
  std::vector<std::string> hex;
  std::vector<bool> truncated;
};

class IndexKeysTest : public ::testing::Test {
 protected:
  IndexKeysTest() : table_(TestTable()) {
    EXPECT_EQ(MakeRecordLayout(table_, &layout_), Status::Ok());
  }

  Built Build(const IndexDef& index,
              const LongValuePrefixReader* reader = nullptr) {
    EncodeOptions options;
    options.max_inline_value = 1 << 20;
    std::string bytes;
    EXPECT_EQ(record_.Encode(options, &bytes), Status::Ok());
    RecordView view;
    EXPECT_EQ(RecordView::Open(bytes, &layout_, &view), Status::Ok());
    std::vector<IndexKey> keys = {IndexKey{"stale", true}};
    Built b;
    b.status = BuildIndexKeys(table_, index, view, reader, &keys);
    for (const IndexKey& k : keys) {
      b.hex.push_back(Hex(k.bytes));
      b.truncated.push_back(k.truncated);
    }
    return b;
  }

  std::vector<std::string> Keys(const IndexDef& index,
                                const LongValuePrefixReader* reader = nullptr) {
    Built b = Build(index, reader);
    EXPECT_EQ(b.status, Status::Ok()) << b.status.code();
    return b.hex;
  }

  void Set(JET_COLUMNID c, std::string_view v, uint32_t itag = 0) {
    ASSERT_EQ(record_.Set(c, itag, v), Status::Ok());
  }

  TableDef table_;
  RecordLayout layout_;
  Record record_{&layout_};
};

using KeyList = std::vector<std::string>;

TEST_F(IndexKeysTest, FixedTypes) {
  std::string guid;
  for (int i = 0; i < 16; ++i) guid.push_back(static_cast<char>(i));
  struct Case {
    JET_COLUMNID column;
    std::string value;
    std::string key;
  } cases[] = {
      {kBit, Le<uint8_t>(1), "7f ff"},
      {kBit, Le<uint8_t>(0), "7f 00"},
      {kUByte, Le<uint8_t>(0x42), "7f 42"},
      {kShort, Le<int16_t>(-2), "7f 7f fe"},
      {kUShort, Le<uint16_t>(0x1234), "7f 12 34"},
      {kLong, Le<int32_t>(1), "7f 80 00 00 01"},
      {kLong, Le<int32_t>(-1), "7f 7f ff ff ff"},
      {kULong, Le<uint32_t>(0x01020304), "7f 01 02 03 04"},
      {kLongLong, Le<int64_t>(-1), "7f 7f ff ff ff ff ff ff ff"},
      {kCurrency, Le<int64_t>(1), "7f 80 00 00 00 00 00 00 01"},
      {kULongLong, Le<uint64_t>(5), "7f 00 00 00 00 00 00 00 05"},
      {kSingle, Le<float>(1.0f), "7f bf 80 00 00"},
      {kSingle, Le<float>(-1.0f), "7f 40 7f ff ff"},
      {kDouble, Le<double>(1.0), "7f bf f0 00 00 00 00 00 00"},
      {kDateTime, Le<double>(2.0), "7f c0 00 00 00 00 00 00 00"},
      {kGuid, guid, "7f 0a 0b 0c 0d 0e 0f 08 09 06 07 04 05 00 01 02 03"},
      {kFixedBinary, std::string("\x00\xff\x01", 3), "7f 00 01 ff 01 00 00"},
  };
  for (const Case& c : cases) {
    record_.Clear();
    Set(c.column, c.value);
    EXPECT_EQ(Keys(Asc({c.column})), KeyList{c.key}) << c.column;
  }
  // Absent, without a default, and NULL: the NULL segment.
  record_.Clear();
  EXPECT_EQ(Keys(Asc({kLong})), KeyList{"00"});
  ASSERT_EQ(record_.SetNull(kLong, 1), Status::Ok());
  EXPECT_EQ(Keys(Asc({kLong})), KeyList{"00"});
  EXPECT_EQ(Keys(Asc({kLong}, JET_bitIndexSortNullsHigh)), KeyList{"c0"});
}

TEST_F(IndexKeysTest, GuidOrders) {
  std::string guid;
  for (int i = 0; i < 16; ++i) guid.push_back(static_cast<char>(i));
  Set(kGuid, guid);
  EXPECT_EQ(Keys(Asc({kGuid}, JET_bitIndexDotNetGuid)),
            KeyList{"7f 03 02 01 00 05 04 07 06 08 09 0a 0b 0c 0d 0e 0f"});
}

TEST_F(IndexKeysTest, VariableTypesZeroLengthAndDefaults) {
  Set(kText, "ab");
  Set(kBinary, std::string("\x00\xff\x01", 3));
  Set(kUnicode, std::string("a\0b\0", 4));
  EXPECT_EQ(Keys(Asc({kText})), KeyList{"7f 41 42 00 00"});
  EXPECT_EQ(Keys(Asc({kBinary})), KeyList{"7f 00 01 ff 01 00 00"});
  EXPECT_EQ(Keys(Asc({kUnicode})), KeyList{"7f 41 42 00 00"});

  // Zero-length is a value, not NULL.
  record_.Clear();
  Set(kText, "");
  EXPECT_EQ(Keys(Asc({kText})), KeyList{"40"});
  EXPECT_EQ(Keys(Index({{kText, true}})), KeyList{"bf"});
  EXPECT_EQ(Keys(Asc({kText}, JET_bitIndexIgnoreAnyNull)), KeyList{"40"});

  // Defaults fill absent columns; NULL hides them.
  record_.Clear();
  EXPECT_EQ(Keys(Asc({kLongDefault})), KeyList{"7f 80 00 00 07"});
  EXPECT_EQ(Keys(Asc({kTextDefault})), KeyList{"7f 44 46 4c 54 00 00"});
  EXPECT_EQ(Keys(Asc({kTagsDefault})), KeyList{"7f 5a 5a 00 00"});
  ASSERT_EQ(record_.SetNull(kLongDefault, 1), Status::Ok());
  ASSERT_EQ(record_.SetNull(kTextDefault, 1), Status::Ok());
  ASSERT_EQ(record_.SetColumnNull(kTagsDefault), Status::Ok());
  EXPECT_EQ(Keys(Asc({kLongDefault})), KeyList{"00"});
  EXPECT_EQ(Keys(Asc({kTextDefault})), KeyList{"00"});
  EXPECT_EQ(Keys(Asc({kTagsDefault})), KeyList{"00"});
  record_.Clear();
  Set(kLongDefault, Le<int32_t>(-1));
  EXPECT_EQ(Keys(Asc({kLongDefault})), KeyList{"7f 7f ff ff ff"});
}

TEST_F(IndexKeysTest, MultiSegmentMixedDirections) {
  Set(kLong, Le<int32_t>(1));
  Set(kText, "ab");
  Set(kShort, Le<int16_t>(-2));
  const IndexDef index =
      Index({{kLong, false}, {kText, true}, {kShort, false}});
  EXPECT_EQ(Keys(index), KeyList{"7f 80 00 00 01 80 be bd ff ff 7f 7f fe"});
  ASSERT_EQ(record_.SetNull(kText, 1), Status::Ok());
  EXPECT_EQ(Keys(index), KeyList{"7f 80 00 00 01 ff 7f 7f fe"});
  EXPECT_EQ(Keys(Index({{kLong, true}, {kText, true}, {kShort, true}},
                       JET_bitIndexSortNullsHigh)),
            KeyList{"80 7f ff ff fe 3f 80 80 01"});
}

// Index "+Long +Short" on the four NULL patterns, for each flag.
TEST_F(IndexKeysTest, NullFlags) {
  enum Pattern { kAllNull, kFirstNull, kSomeNull, kNoNull };
  auto fill = [&](Pattern p) {
    record_.Clear();
    if (p == kSomeNull || p == kNoNull) Set(kLong, Le<int32_t>(1));
    if (p == kFirstNull || p == kNoNull) Set(kShort, Le<int16_t>(-2));
  };
  const std::string expected[] = {"00 00", "00 7f 7f fe", "7f 80 00 00 01 00",
                                  "7f 80 00 00 01 7f 7f fe"};
  struct Case {
    JET_GRBIT grbit;
    JET_ERR result[4];  // 1: one entry, 0: none, else the error
  } cases[] = {
      {0, {1, 1, 1, 1}},
      {JET_bitIndexIgnoreNull, {0, 1, 1, 1}},
      {JET_bitIndexIgnoreFirstNull, {0, 0, 1, 1}},
      {JET_bitIndexIgnoreAnyNull, {0, 0, 0, 1}},
      {JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull, {0, 0, 0, 1}},
      {JET_bitIndexDisallowNull,
       {JET_errNullKeyDisallowed, JET_errNullKeyDisallowed,
        JET_errNullKeyDisallowed, 1}},
      {JET_bitIndexPrimary, {1, 1, 1, 1}},
      {JET_bitIndexPrimary | JET_bitIndexIgnoreAnyNull, {1, 1, 1, 1}},
      {JET_bitIndexPrimary | JET_bitIndexDisallowNull,
       {JET_errNullKeyDisallowed, JET_errNullKeyDisallowed,
        JET_errNullKeyDisallowed, 1}},
  };
  for (const Case& c : cases) {
    for (int p = kAllNull; p <= kNoNull; ++p) {
      fill(static_cast<Pattern>(p));
      Built b = Build(Asc({kLong, kShort}, c.grbit));
      const JET_ERR want = c.result[p];
      if (want < 0) {
        EXPECT_EQ(b.status.code(), want) << c.grbit << " " << p;
        EXPECT_TRUE(b.hex.empty());
      } else {
        EXPECT_EQ(b.status, Status::Ok()) << c.grbit << " " << p;
        EXPECT_EQ(b.hex, want == 1 ? KeyList{expected[p]} : KeyList{})
            << c.grbit << " " << p;
      }
    }
  }
  EXPECT_EQ(JET_errNullKeyDisallowed, -1053);
}

TEST_F(IndexKeysTest, ConditionalColumns) {
  Set(kLong, Le<int32_t>(1));
  const std::string key = "7f 80 00 00 01";
  auto index = [](std::vector<ConditionalColumn> conds, JET_GRBIT g = 0) {
    return Index({{kLong, false}}, g, std::move(conds));
  };
  const ConditionalColumn short_null{kShort, true};
  const ConditionalColumn short_set{kShort, false};
  EXPECT_EQ(Keys(index({short_null})), KeyList{key});  // kShort absent
  EXPECT_EQ(Keys(index({short_set})), KeyList{});
  Set(kShort, Le<int16_t>(3));
  EXPECT_EQ(Keys(index({short_null})), KeyList{});
  EXPECT_EQ(Keys(index({short_set})), KeyList{key});
  // Every condition must hold.
  EXPECT_EQ(Keys(index({short_set, {kText, false}})), KeyList{});
  Set(kText, "");  // zero-length is not NULL
  EXPECT_EQ(Keys(index({short_set, {kText, false}})), KeyList{key});
  // Defaults count: an absent column with a default is not NULL.
  EXPECT_EQ(Keys(index({{kLongDefault, true}})), KeyList{});
  EXPECT_EQ(Keys(index({{kTagsDefault, false}})), KeyList{key});
  ASSERT_EQ(record_.SetNull(kLongDefault, 1), Status::Ok());
  EXPECT_EQ(Keys(index({{kLongDefault, true}})), KeyList{key});
  // A primary index ignores conditions.
  EXPECT_EQ(Keys(index({short_null}, JET_bitIndexPrimary)), KeyList{key});
  // A failing condition wins over DisallowNull.
  record_.Clear();
  EXPECT_EQ(Keys(index({short_set}, JET_bitIndexDisallowNull)), KeyList{});
  EXPECT_EQ(Build(index({{999, true}})).status.code(), JET_errColumnNotFound);
}

TEST_F(IndexKeysTest, MultiValuedOneColumn) {
  const IndexDef index = Asc({kTags});
  Set(kTags, "a");
  EXPECT_EQ(Keys(index), KeyList{"7f 41 00 00"});
  Set(kTags, "c");
  Set(kTags, "b");
  EXPECT_EQ(Keys(index),
            (KeyList{"7f 41 00 00", "7f 43 00 00", "7f 42 00 00"}));
  // Descending keeps itagSequence order.
  EXPECT_EQ(Keys(Index({{kTags, true}})),
            (KeyList{"80 be ff ff", "80 bc ff ff", "80 bd ff ff"}));
  // Duplicates (case-folded equal, or equal) give one entry.
  record_.Clear();
  Set(kTags, "a");
  Set(kTags, "b");
  Set(kTags, "A");
  Set(kTags, "b");
  EXPECT_EQ(Keys(index), (KeyList{"7f 41 00 00", "7f 42 00 00"}));
  // No values: one NULL entry, unless NULLs are ignored.
  record_.Clear();
  EXPECT_EQ(Keys(index), KeyList{"00"});
  EXPECT_EQ(Keys(Asc({kTags}, JET_bitIndexIgnoreNull)), KeyList{});
  ASSERT_EQ(record_.SetColumnNull(kTags), Status::Ok());
  EXPECT_EQ(Keys(index), KeyList{"00"});
  // A default is the one value of an absent column.
  EXPECT_EQ(Keys(Asc({kTagsDefault})), KeyList{"7f 5a 5a 00 00"});
  // After a single-valued segment.
  record_.Clear();
  Set(kLong, Le<int32_t>(1));
  Set(kTags, "x");
  Set(kTags, "y");
  EXPECT_EQ(Keys(Asc({kLong, kTags})), (KeyList{"7f 80 00 00 01 7f 58 00 00",
                                                "7f 80 00 00 01 7f 59 00 00"}));
  // A primary index uses value 1 only.
  EXPECT_EQ(Keys(Asc({kLong, kTags}, JET_bitIndexPrimary)),
            KeyList{"7f 80 00 00 01 7f 58 00 00"});
}

TEST_F(IndexKeysTest, TwoMultiValuedSegments) {
  Set(kTags, "a");
  Set(kTags, "b");
  Set(kBins, "\x01");
  Set(kBins, "\x02");
  Set(kBins, "\x03");
  const std::string a = "7f 41 00 00 ", b = "7f 42 00 00 ";
  // Without CrossProduct only the first multi-valued segment enumerates;
  // the second uses its first value.
  EXPECT_EQ(Keys(Asc({kTags, kBins})),
            (KeyList{a + "7f 01 00 00", b + "7f 01 00 00"}));
  EXPECT_EQ(Keys(Asc({kBins, kTags})),
            (KeyList{"7f 01 00 00 7f 41 00 00", "7f 02 00 00 7f 41 00 00",
                     "7f 03 00 00 7f 41 00 00"}));
  // With CrossProduct: every combination, the last segment fastest.
  EXPECT_EQ(Keys(Asc({kTags, kBins}, JET_bitIndexCrossProduct)),
            (KeyList{a + "7f 01 00 00", a + "7f 02 00 00", a + "7f 03 00 00",
                     b + "7f 01 00 00", b + "7f 02 00 00", b + "7f 03 00 00"}));
  // Duplicate combinations collapse.
  Set(kTags, "A");
  EXPECT_EQ(Keys(Asc({kTags, kBins}, JET_bitIndexCrossProduct)).size(), 6u);
  // An empty multi-valued segment contributes NULL to every combination.
  record_.Clear();
  Set(kTags, "a");
  Set(kTags, "b");
  EXPECT_EQ(Keys(Asc({kTags, kBins}, JET_bitIndexCrossProduct)),
            (KeyList{a + "00", b + "00"}));
  EXPECT_EQ(Keys(Asc({kTags, kBins},
                     JET_bitIndexCrossProduct | JET_bitIndexIgnoreAnyNull)),
            KeyList{});
  EXPECT_EQ(Keys(Asc({kBins, kTags}, JET_bitIndexCrossProduct)),
            (KeyList{"00 7f 41 00 00", "00 7f 42 00 00"}));
  EXPECT_EQ(Keys(Asc({kBins, kTags},
                     JET_bitIndexCrossProduct | JET_bitIndexIgnoreFirstNull)),
            KeyList{});
  EXPECT_EQ(Keys(Asc({kBins, kTags},
                     JET_bitIndexCrossProduct | JET_bitIndexIgnoreNull)),
            (KeyList{"00 7f 41 00 00", "00 7f 42 00 00"}));
}

TEST_F(IndexKeysTest, Truncation) {
  const IndexDef index = Asc({kText});
  // 252 bytes of text: 255 key bytes exactly, not truncated.
  Set(kText, std::string(252, 'a'));
  Built b = Build(index);
  ASSERT_EQ(b.status, Status::Ok());
  ASSERT_EQ(b.hex.size(), 1u);
  EXPECT_EQ(b.hex[0].size(), 255u * 3 - 1);
  EXPECT_EQ(b.hex[0].substr(0, 5), "7f 41");
  EXPECT_EQ(b.hex[0].substr(b.hex[0].size() - 5), "00 00");
  EXPECT_FALSE(b.truncated[0]);
  EXPECT_EQ(Build(Asc({kText}, JET_bitIndexDisallowTruncation)).status,
            Status::Ok());

  // 254 bytes: 257 key bytes, cut to 255, the terminator lost.
  record_.Clear();
  Set(kText, std::string(254, 'a'));
  b = Build(index);
  ASSERT_EQ(b.hex.size(), 1u);
  std::string want = "7f";
  for (int i = 0; i < 254; ++i) want += " 41";
  EXPECT_EQ(b.hex[0], want);
  EXPECT_TRUE(b.truncated[0]);
  // cb_key_most 0 means JET_cbKeyMost.
  EXPECT_EQ(Keys(Index({{kText, false}}, 0, {}, 0)), KeyList{want});
  b = Build(Asc({kText}, JET_bitIndexDisallowTruncation));
  EXPECT_EQ(b.status.code(), JET_errKeyTruncated);
  EXPECT_EQ(JET_errKeyTruncated, -346);
  EXPECT_TRUE(b.hex.empty());
  // A larger cbKeyMost keeps it whole.
  b = Build(Index({{kText, false}}, JET_bitIndexDisallowTruncation, {}, 1000));
  ASSERT_EQ(b.status, Status::Ok());
  EXPECT_EQ(b.hex[0].size(), 257u * 3 - 1);

  // A later segment past the limit is cut off entirely.
  record_.Clear();
  Set(kText, std::string(252, 'a'));
  Set(kLong, Le<int32_t>(1));
  b = Build(Asc({kText, kLong}));
  ASSERT_EQ(b.hex.size(), 1u);
  EXPECT_EQ(b.hex[0], Build(index).hex[0]);
  EXPECT_TRUE(b.truncated[0]);

  // Values that differ only past the limit give one entry.
  record_.Clear();
  Set(kTags, std::string(300, 'q') + "1");
  Set(kTags, std::string(300, 'q') + "2");
  b = Build(Asc({kTags}));
  ASSERT_EQ(b.hex.size(), 1u);
  EXPECT_TRUE(b.truncated[0]);
}

TEST_F(IndexKeysTest, IndexKeyLimit) {
  EXPECT_EQ(IndexKeyLimit(Index({{kLong, false}}, 0, {}, 0)), 255u);
  EXPECT_EQ(IndexKeyLimit(Index({{kLong, false}}, 0, {}, 255)), 255u);
  EXPECT_EQ(IndexKeyLimit(Index({{kLong, false}}, 0, {}, 400)), 400u);
  EXPECT_EQ(IndexKeyLimit(Index({{kLong, false}}, 0, {}, 2000)), 510u);
}

TEST_F(IndexKeysTest, LongValueColumns) {
  FakeReader reader;
  reader.values[7] = std::string(100000, 'q');
  reader.values[8] = "xyz";
  ASSERT_EQ(record_.SetLongValue(kMemo, 1, {7, 100000}), Status::Ok());

  // Only the bytes that decide the key are read: limit + 1 for cp 1252.
  Built b = Build(Asc({kMemo}), &reader);
  ASSERT_EQ(b.status, Status::Ok());
  std::string want = "7f";
  for (int i = 0; i < 254; ++i) want += " 51";
  EXPECT_EQ(b.hex, KeyList{want});
  EXPECT_TRUE(b.truncated[0]);
  ASSERT_EQ(reader.calls.size(), 1u);
  EXPECT_EQ(reader.calls[0], (std::pair<uint64_t, size_t>(7, 256)));
  EXPECT_EQ(Build(Asc({kMemo}, JET_bitIndexDisallowTruncation), &reader)
                .status.code(),
            JET_errKeyTruncated);

  // A short long value is read whole.
  reader.calls.clear();
  ASSERT_EQ(record_.SetLongValue(kMemo, 1, {8, 3}), Status::Ok());
  EXPECT_EQ(Keys(Asc({kMemo}), &reader), KeyList{"7f 58 59 5a 00 00"});
  EXPECT_EQ(reader.calls, (std::vector<std::pair<uint64_t, size_t>>{{8, 3}}));

  // No reader: JET_errInvalidParameter. A short read: JET_errLVCorrupted.
  b = Build(Asc({kMemo}), nullptr);
  EXPECT_EQ(b.status.code(), JET_errInvalidParameter);
  EXPECT_TRUE(b.hex.empty());
  reader.short_by = 1;
  EXPECT_EQ(Build(Asc({kMemo}), &reader).status.code(), JET_errLVCorrupted);
  reader.short_by = 0;
  ASSERT_EQ(record_.SetLongValue(kMemo, 1, {9, 3}), Status::Ok());
  EXPECT_EQ(Build(Asc({kMemo}), &reader).status.code(), JET_errLVCorrupted);

  // Not read when the key is already full: the segment is cut off anyway.
  reader.calls.clear();
  Set(kText, std::string(255, 'a'));
  b = Build(Asc({kText, kMemo}), nullptr);
  ASSERT_EQ(b.status, Status::Ok());
  EXPECT_EQ(b.hex, Build(Asc({kText})).hex);
  EXPECT_TRUE(b.truncated[0]);

  // Multi-valued long values, each read once, with a cross product.
  record_.Clear();
  reader.calls.clear();
  ASSERT_EQ(record_.SetLongValue(kTags, 0, {8, 3}), Status::Ok());
  Set(kTags, "w");
  Set(kBins, "\x01");
  Set(kBins, "\x02");
  EXPECT_EQ(
      Keys(Asc({kTags, kBins}, JET_bitIndexCrossProduct), &reader),
      (KeyList{"7f 58 59 5a 00 00 7f 01 00 00", "7f 58 59 5a 00 00 7f 02 00 00",
               "7f 57 00 00 7f 01 00 00", "7f 57 00 00 7f 02 00 00"}));
  EXPECT_EQ(reader.calls.size(), 1u);
}

TEST_F(IndexKeysTest, Errors) {
  EXPECT_EQ(Build(Asc({})).status.code(), JET_errIndexInvalidDef);
  EXPECT_EQ(Build(Asc({kLong, 999})).status.code(), JET_errColumnNotFound);
  Set(kLong, Le<int32_t>(1));
  RecordView view;
  EXPECT_EQ(BuildIndexKeys(table_, Asc({kLong}), view, nullptr, nullptr).code(),
            JET_errInvalidParameter);
  // A key column whose stored size does not fit its type.
  TableDef table = table_;
  for (ColumnDef& c : table.columns) {
    if (c.columnid == kText) c.coltyp = JET_coltypLong;
  }
  std::string bytes;
  record_.Clear();
  Set(kText, "abc");
  ASSERT_EQ(record_.Encode(EncodeOptions(), &bytes), Status::Ok());
  ASSERT_EQ(RecordView::Open(bytes, &layout_, &view), Status::Ok());
  std::vector<IndexKey> keys;
  EXPECT_EQ(BuildIndexKeys(table, Asc({kText}), view, nullptr, &keys).code(),
            JET_errInvalidBufferSize);
  EXPECT_TRUE(keys.empty());
}

TEST(MakeRecordLayoutTest, MatchesHandBuiltLayout) {
  TableDef table;
  table.columns = {
      Column(5, JET_coltypGUID, 16, JET_bitColumnFixed),
      Column(1, JET_coltypLong, 4, JET_bitColumnFixed),
      Column(2, JET_coltypShort, 2, JET_bitColumnFixed),
      Column(3, JET_coltypBinary, 10, JET_bitColumnFixed),
      Column(7, JET_coltypText, 6, JET_bitColumnFixed, 1252),
      Column(128, JET_coltypText, 255, 0, 1252),
      Column(256, JET_coltypLongBinary, 0, JET_bitColumnTagged),
  };
  RecordLayout built;
  ASSERT_EQ(MakeRecordLayout(table, &built), Status::Ok());
  RecordLayout hand;
  ASSERT_EQ(hand.DeclareFixedColumn(1, 4), Status::Ok());
  ASSERT_EQ(hand.DeclareFixedColumn(2, 2), Status::Ok());
  ASSERT_EQ(hand.DeclareFixedColumn(3, 10), Status::Ok());
  ASSERT_EQ(hand.DeclareFixedColumn(5, 16), Status::Ok());
  ASSERT_EQ(hand.DeclareFixedColumn(7, 6), Status::Ok());
  for (JET_COLUMNID c = 1; c <= JET_ccolFixedMost; ++c) {
    EXPECT_EQ(built.FixedSize(c), hand.FixedSize(c)) << c;
    EXPECT_EQ(built.FixedOffset(c), hand.FixedOffset(c)) << c;
    EXPECT_EQ(built.FixedAreaSize(c), hand.FixedAreaSize(c)) << c;
  }
  EXPECT_EQ(built.FixedOffset(5), 16u);
  EXPECT_EQ(built.FixedOffset(7), 32u);
  EXPECT_EQ(built.FixedAreaSize(7), 38u);

  // A fixed Text column without a size: the layout is left unchanged.
  table.columns.push_back(Column(9, JET_coltypText, 0, JET_bitColumnFixed));
  EXPECT_EQ(MakeRecordLayout(table, &built).code(), JET_errInvalidParameter);
  EXPECT_EQ(built.FixedSize(9), 0u);
  EXPECT_EQ(built.FixedSize(7), 6u);
}

}  // namespace
}  // namespace lmjet::engine
