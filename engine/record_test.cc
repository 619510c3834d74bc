#include "engine/record.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

constexpr JET_COLUMNID kLastTagged = JET_ccolMost;  // 0xfee0

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
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

// A value of `size` bytes that differs with `seed`.
std::string Pattern(size_t size, int seed) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) {
    s[i] = static_cast<char>((seed * 31 + i * 7 + 1) & 0xff);
  }
  return s;
}

bool PointsInto(std::string_view inner, std::string_view outer) {
  return inner.data() >= outer.data() &&
         inner.data() + inner.size() <= outer.data() + outer.size();
}

EncodeOptions Unlimited() {
  EncodeOptions options;
  options.max_record_size = std::numeric_limits<uint32_t>::max();
  options.max_inline_value = 1u << 20;
  return options;
}

std::string EncodeOrDie(const Record& record) {
  std::string out;
  Status status = record.Encode(Unlimited(), &out);
  EXPECT_TRUE(status.ok()) << status.code();
  EXPECT_EQ(out.size(), record.EncodedSize());
  return out;
}

ColumnValue GetOf(const Record& record, JET_COLUMNID id, uint32_t itag = 1) {
  ColumnValue value;
  Status status = record.Get(id, itag, &value);
  EXPECT_TRUE(status.ok()) << "column " << id << " itag " << itag << ": "
                           << status.code();
  return value;
}

ColumnValue GetOf(const RecordView& view, JET_COLUMNID id, uint32_t itag = 1) {
  ColumnValue value;
  Status status = view.Get(id, itag, &value);
  EXPECT_TRUE(status.ok()) << "column " << id << " itag " << itag << ": "
                           << status.code();
  return value;
}

uint32_t CountOf(const RecordView& view, JET_COLUMNID id) {
  uint32_t count = 99;
  Status status = view.CountValues(id, &count);
  EXPECT_TRUE(status.ok()) << status.code();
  return count;
}

void ExpectInline(const ColumnValue& value, std::string_view expected) {
  EXPECT_EQ(value.kind, ValueKind::kInline);
  EXPECT_EQ(value.data, expected);
}

void ExpectLongValue(const ColumnValue& value, uint64_t id, uint32_t size) {
  EXPECT_EQ(value.kind, ValueKind::kLongValue);
  EXPECT_EQ(value.long_value.id, id);
  EXPECT_EQ(value.long_value.size, size);
}

std::vector<JET_COLUMNID> TaggedIds(const Record& record) {
  std::vector<JET_COLUMNID> ids;
  for (JET_COLUMNID id = record.NextTaggedColumn(0); id != 0;
       id = record.NextTaggedColumn(id)) {
    ids.push_back(id);
  }
  return ids;
}

std::vector<JET_COLUMNID> TaggedIds(const RecordView& view) {
  std::vector<JET_COLUMNID> ids;
  for (JET_COLUMNID id = view.NextTaggedColumn(0); id != 0;
       id = view.NextTaggedColumn(id)) {
    ids.push_back(id);
  }
  return ids;
}

// Every column id the tests use, in every class, plus its neighbours.
std::vector<JET_COLUMNID> AllInterestingIds() {
  std::vector<JET_COLUMNID> ids;
  for (JET_COLUMNID id = 1; id <= 300; ++id) ids.push_back(id);
  for (JET_COLUMNID id : {1000u, 64999u, 65000u, 65001u, 0xfedfu, 0xfee0u}) {
    ids.push_back(id);
  }
  return ids;
}

// GetFixedOrVariable must answer exactly as Get(id, 1) does, or decline
// (false) -- and must decline wherever Get reports an error or the id is
// not a fixed or variable one.
void ExpectFastGetAgrees(const RecordView& view,
                         std::vector<JET_COLUMNID> ids) {
  ids.push_back(0);
  for (JET_COLUMNID id : ids) {
    ColumnValue value;
    const Status status = view.Get(id, 1, &value);
    ValueKind kind = ValueKind::kLongValue;
    std::string_view data = "unset";
    const bool answered = view.GetFixedOrVariable(id, &kind, &data);
    const bool fixed_or_variable = id >= 1 && id <= 255;
    if (!status.ok() || !fixed_or_variable) {
      EXPECT_FALSE(answered) << "column " << id;
      continue;
    }
    if (!answered) {
      ADD_FAILURE() << "declined a readable column " << id;
      continue;
    }
    EXPECT_EQ(kind, value.kind) << "column " << id;
    if (kind == ValueKind::kInline) {
      EXPECT_EQ(data.data(), value.data.data()) << "column " << id;
      EXPECT_EQ(data.size(), value.data.size()) << "column " << id;
    } else {
      EXPECT_EQ("unset", data) << "column " << id;
    }
  }
}

// Checks that `record`, its encoding decoded into a Record, and a view of
// the encoding read the same for every column, and that view data points
// into the encoding. Returns the encoding.
std::string ExpectRoundTrip(const Record& record) {
  std::string encoded = EncodeOrDie(record);
  Record decoded(&record.layout());
  Status status = decoded.Decode(encoded);
  EXPECT_TRUE(status.ok()) << status.code() << " for " << Hex(encoded);
  RecordView view;
  status = RecordView::Open(encoded, &record.layout(), &view);
  EXPECT_TRUE(status.ok()) << status.code();
  EXPECT_TRUE(view.Validate().ok());
  EXPECT_EQ(EncodeOrDie(decoded), encoded);

  for (JET_COLUMNID id : AllInterestingIds()) {
    uint32_t count = record.CountValues(id);
    EXPECT_EQ(decoded.CountValues(id), count) << "column " << id;
    EXPECT_EQ(CountOf(view, id), count) << "column " << id;
    for (uint32_t itag = 1; itag <= count + 2; ++itag) {
      ColumnValue want = GetOf(record, id, itag);
      ColumnValue from_record = GetOf(decoded, id, itag);
      ColumnValue from_view = GetOf(view, id, itag);
      for (const ColumnValue* got : {&from_record, &from_view}) {
        EXPECT_EQ(got->kind, want.kind) << "column " << id << " itag " << itag;
        EXPECT_EQ(got->data, want.data) << "column " << id << " itag " << itag;
        EXPECT_EQ(got->long_value.id, want.long_value.id);
        EXPECT_EQ(got->long_value.size, want.long_value.size);
      }
      if (from_view.kind == ValueKind::kInline && !from_view.data.empty()) {
        EXPECT_TRUE(PointsInto(from_view.data, encoded))
            << "column " << id << " itag " << itag << " was copied";
      }
    }
  }
  EXPECT_EQ(TaggedIds(decoded), TaggedIds(record));
  EXPECT_EQ(TaggedIds(view), TaggedIds(record));
  return encoded;
}

// --- RecordLayout ----------------------------------------------------------

TEST(RecordLayoutTest, OffsetsAreSumsOfTheDeclaredSizesBelow) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(2, 1).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(5, 8).ok());
  EXPECT_EQ(layout.FixedOffset(1), 0u);
  EXPECT_EQ(layout.FixedOffset(2), 4u);
  EXPECT_EQ(layout.FixedOffset(3), 5u);
  EXPECT_EQ(layout.FixedOffset(5), 5u);
  EXPECT_EQ(layout.FixedOffset(6), 13u);
  EXPECT_EQ(layout.FixedAreaSize(0), 0u);
  EXPECT_EQ(layout.FixedAreaSize(1), 4u);
  EXPECT_EQ(layout.FixedAreaSize(4), 5u);
  EXPECT_EQ(layout.FixedAreaSize(5), 13u);
  EXPECT_EQ(layout.FixedAreaSize(127), 13u);
  EXPECT_EQ(layout.FixedSize(5), 8u);
  EXPECT_EQ(layout.FixedSize(3), 0u);
  EXPECT_EQ(layout.FixedSize(128), 0u);
  // Declaring a column below others moves them (only allowed before any
  // record holds them; the catalog never does it).
  ASSERT_TRUE(layout.DeclareFixedColumn(3, 2).ok());
  EXPECT_EQ(layout.FixedOffset(5), 7u);
  EXPECT_EQ(layout.FixedAreaSize(127), 15u);
}

TEST(RecordLayoutTest, RejectsBadDeclarations) {
  RecordLayout layout;
  EXPECT_EQ(layout.DeclareFixedColumn(0, 4).code(), JET_errBadColumnId);
  EXPECT_EQ(layout.DeclareFixedColumn(128, 4).code(), JET_errBadColumnId);
  EXPECT_EQ(layout.DeclareFixedColumn(256, 4).code(), JET_errBadColumnId);
  EXPECT_EQ(layout.DeclareFixedColumn(1, 0).code(), JET_errInvalidParameter);
  EXPECT_EQ(layout.DeclareFixedColumn(1, 256).code(), JET_errInvalidParameter);
  ASSERT_TRUE(layout.DeclareFixedColumn(127, 255).ok());
  EXPECT_TRUE(layout.DeclareFixedColumn(127, 255).ok());
  EXPECT_EQ(layout.DeclareFixedColumn(127, 4).code(), JET_errInvalidParameter);
  EXPECT_EQ(layout.FixedSize(127), 255u);
}

// --- The exact encoding ----------------------------------------------------

TEST(RecordEncodingTest, EmptyRecordIsTheFourByteHeader) {
  RecordLayout layout;
  Record record(&layout);
  EXPECT_EQ(EncodeOrDie(record), Bytes({0x01, 0x00, 0x00, 0x00}));
  const std::string empty = Bytes({1, 0, 0, 0});
  RecordView view;
  ASSERT_TRUE(RecordView::Open(empty, &layout, &view).ok());
  ASSERT_TRUE(view.Validate().ok());
  EXPECT_EQ(GetOf(view, 1).kind, ValueKind::kAbsent);
  EXPECT_EQ(GetOf(view, 128).kind, ValueKind::kAbsent);
  EXPECT_EQ(GetOf(view, 256).kind, ValueKind::kAbsent);
  EXPECT_EQ(view.NextTaggedColumn(0), 0u);
}

TEST(RecordEncodingTest, ExactBytesOfEveryArea) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(2, 1).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(3, 2).ok());
  Record record(&layout);
  ASSERT_TRUE(record.Set(1, 1, Bytes({0x44, 0x33, 0x22, 0x11})).ok());
  // Fixed 2 stays absent, fixed 3 is NULL.
  ASSERT_TRUE(record.SetNull(3, 1).ok());
  ASSERT_TRUE(record.Set(128, 1, "ab").ok());
  // Variable 129 stays absent, 130 is zero-length, 131 is NULL.
  ASSERT_TRUE(record.Set(130, 1, "").ok());
  ASSERT_TRUE(record.SetNull(131, 1).ok());
  ASSERT_TRUE(record.Set(256, 0, "x").ok());
  ASSERT_TRUE(record.Set(256, 0, "").ok());
  ASSERT_TRUE(
      record.SetLongValue(256, 0, LongValueRef{0x0102030405060708, 5000}).ok());
  ASSERT_TRUE(record.SetColumnNull(300).ok());
  ASSERT_TRUE(record.Set(65000, 0, "hello").ok());

  const std::string expected = Bytes({
      0x01, 0x01, 0x03, 0x04,  // version, flags (absent bitmap), F=3, N=4
      0x06,                    // NULL bitmap: fixed 2 and 3
      0x12,                    // absent bitmap: fixed 2 (bit 1), var 129 (4)
      0x44, 0x33, 0x22, 0x11,  // fixed 1
      0x00,                    // fixed 2 (absent)
      0x00, 0x00,              // fixed 3 (NULL)
      0x02, 0x00,              // var 128 ends at 2
      0x02, 0x80,              // var 129 no value (absent)
      0x02, 0x00,              // var 130 ends at 2: zero-length
      0x02, 0x80,              // var 131 NULL
      'a',  'b',               // variable data
      0x03, 0x00,              // 3 tagged columns
      0x00, 0x01, 0x11, 0x00, 0x00, 0x00,  // 256 ends at 17
      0x2c, 0x01, 0x12, 0x00, 0x00, 0x00,  // 300 ends at 18
      0xe8, 0xfd, 0x19, 0x00, 0x00, 0x00,  // 65000 ends at 25
      0x03,                                // 256: 3 values
      0x04, 'x',                           //   inline, 1 byte
      0x00,                                //   inline, zero-length
      0x01, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,  //   LV id
      0x88, 0x13, 0x00, 0x00,                                //   LV size
      0x00,                                                  // 300: NULL
      0x01, 0x14, 'h',  'e',  'l',  'l',  'o',  // 65000: one 5-byte value
  });
  EXPECT_EQ(record.EncodedSize(), 68u);
  EXPECT_EQ(Hex(EncodeOrDie(record)), Hex(expected));

  RecordView view;
  ASSERT_TRUE(RecordView::Open(expected, &layout, &view).ok());
  ASSERT_TRUE(view.Validate().ok());
  ExpectInline(GetOf(view, 1), Bytes({0x44, 0x33, 0x22, 0x11}));
  EXPECT_EQ(GetOf(view, 2).kind, ValueKind::kAbsent);
  EXPECT_EQ(GetOf(view, 3).kind, ValueKind::kNull);
  EXPECT_EQ(GetOf(view, 4).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 128), "ab");
  EXPECT_EQ(GetOf(view, 129).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 130), "");
  EXPECT_EQ(GetOf(view, 131).kind, ValueKind::kNull);
  EXPECT_EQ(GetOf(view, 132).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 256, 1), "x");
  ExpectInline(GetOf(view, 256, 2), "");
  ExpectLongValue(GetOf(view, 256, 3), 0x0102030405060708, 5000);
  EXPECT_EQ(GetOf(view, 256, 4).kind, ValueKind::kAbsent);
  EXPECT_EQ(GetOf(view, 300, 1).kind, ValueKind::kNull);
  EXPECT_EQ(CountOf(view, 300), 0u);
  ExpectInline(GetOf(view, 65000), "hello");
  EXPECT_EQ(TaggedIds(view), (std::vector<JET_COLUMNID>{256, 300, 65000}));
  ExpectRoundTrip(record);
}

TEST(RecordEncodingTest, NoAbsentBitmapWhenEveryColumnUpToTheLastIsSet) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 2).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(2, 1).ok());
  Record record(&layout);
  ASSERT_TRUE(record.SetNull(1, 0).ok());
  ASSERT_TRUE(record.Set(2, 0, "z").ok());
  ASSERT_TRUE(record.Set(128, 0, "q").ok());
  EXPECT_EQ(Hex(EncodeOrDie(record)),
            Hex(Bytes({0x01, 0x00, 0x02, 0x01, 0x01, 0x00, 0x00, 'z', 0x01,
                       0x00, 'q'})));
}

// --- Round trips -----------------------------------------------------------

TEST(RecordRoundTripTest, EveryFixedSize) {
  const uint32_t sizes[] = {1, 2, 4, 8, 16, 3, 255};
  RecordLayout layout;
  for (uint32_t i = 0; i < 7; ++i) {
    ASSERT_TRUE(layout.DeclareFixedColumn(i + 1, sizes[i]).ok());
  }
  ASSERT_TRUE(layout.DeclareFixedColumn(127, 8).ok());
  Record record(&layout);
  for (uint32_t i = 0; i < 7; ++i) {
    ASSERT_TRUE(record.Set(i + 1, 1, Pattern(sizes[i], i)).ok());
  }
  ASSERT_TRUE(record.Set(127, 1, Pattern(8, 127)).ok());
  std::string encoded = ExpectRoundTrip(record);
  RecordView view;
  ASSERT_TRUE(RecordView::Open(encoded, &layout, &view).ok());
  for (uint32_t i = 0; i < 7; ++i) {
    ExpectInline(GetOf(view, i + 1), Pattern(sizes[i], i));
  }
  ExpectInline(GetOf(view, 127), Pattern(8, 127));
  // 4 header + 16 NULL bitmap (F=127) + 16 absent bitmap (8..126) + data.
  EXPECT_EQ(encoded.size(), 4u + 16 + 16 + (1 + 2 + 4 + 8 + 16 + 3 + 255 + 8));
}

TEST(RecordRoundTripTest, FixedNullAndReplace) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(2, 8).ok());
  Record record(&layout);
  ASSERT_TRUE(record.Set(1, 1, "abcd").ok());
  ASSERT_TRUE(record.Set(2, 1, "12345678").ok());
  ASSERT_TRUE(record.SetNull(2, 1).ok());
  EXPECT_EQ(GetOf(record, 2).kind, ValueKind::kNull);
  ASSERT_TRUE(record.Set(1, 0, "wxyz").ok());
  ExpectInline(GetOf(record, 1), "wxyz");
  std::string encoded = ExpectRoundTrip(record);
  // NULL leaves zeros behind: the encoding does not keep "12345678".
  EXPECT_EQ(encoded.find("1234"), std::string::npos);
  ASSERT_TRUE(record.Unset(2).ok());
  EXPECT_EQ(GetOf(record, 2).kind, ValueKind::kAbsent);
  EXPECT_EQ(EncodeOrDie(record), Bytes({1, 0, 1, 0, 0, 'w', 'x', 'y', 'z'}));
}

TEST(RecordRoundTripTest, VariableColumns) {
  RecordLayout layout;
  Record record(&layout);
  ASSERT_TRUE(record.SetNull(128, 1).ok());
  ASSERT_TRUE(record.Set(129, 1, "").ok());
  ASSERT_TRUE(record.Set(130, 1, Pattern(255, 3)).ok());
  ASSERT_TRUE(record.Set(200, 1, "mid").ok());
  ASSERT_TRUE(record.Set(255, 1, Pattern(255, 4)).ok());
  EXPECT_EQ(GetOf(record, 128).kind, ValueKind::kNull);
  ExpectInline(GetOf(record, 129), "");
  EXPECT_EQ(record.CountValues(129), 1u);
  EXPECT_EQ(record.CountValues(128), 0u);
  EXPECT_EQ(GetOf(record, 131).kind, ValueKind::kAbsent);
  ExpectRoundTrip(record);
  // Replacing and un-setting the last one shrinks the table.
  ASSERT_TRUE(record.Set(200, 1, "replaced").ok());
  ASSERT_TRUE(record.Unset(255).ok());
  std::string encoded = ExpectRoundTrip(record);
  EXPECT_EQ(static_cast<uint8_t>(encoded[3]), 200 - 127);
  ASSERT_TRUE(record.Unset(200).ok());
  ASSERT_TRUE(record.Unset(130).ok());
  encoded = ExpectRoundTrip(record);
  // 128 NULL, 129 zero-length: no absent bitmap, two table entries.
  EXPECT_EQ(Hex(encoded), Hex(Bytes({1, 0, 0, 2, 0x00, 0x80, 0x00, 0x00})));
}

TEST(RecordRoundTripTest, TaggedAppendReplaceAndRemoveWithShift) {
  RecordLayout layout;
  Record record(&layout);
  ASSERT_TRUE(record.Set(256, 0, "a").ok());
  ASSERT_TRUE(record.Set(256, 0, "b").ok());
  ASSERT_TRUE(record.Set(256, 0, "c").ok());
  ASSERT_TRUE(record.Set(256, 9, "d").ok());  // beyond the count: appends
  EXPECT_EQ(record.CountValues(256), 4u);
  ASSERT_TRUE(record.Set(256, 2, "B").ok());  // replace value 2
  ExpectInline(GetOf(record, 256, 2), "B");
  ExpectRoundTrip(record);

  ASSERT_TRUE(record.SetNull(256, 2).ok());  // remove "B": c, d move down
  EXPECT_EQ(record.CountValues(256), 3u);
  ExpectInline(GetOf(record, 256, 1), "a");
  ExpectInline(GetOf(record, 256, 2), "c");
  ExpectInline(GetOf(record, 256, 3), "d");
  EXPECT_EQ(GetOf(record, 256, 4).kind, ValueKind::kAbsent);
  std::string encoded = ExpectRoundTrip(record);
  RecordView view;
  ASSERT_TRUE(RecordView::Open(encoded, &layout, &view).ok());
  ExpectInline(GetOf(view, 256, 2), "c");
  EXPECT_EQ(CountOf(view, 256), 3u);

  // NULL at itag 0 or beyond the count changes nothing.
  ASSERT_TRUE(record.SetNull(256, 0).ok());
  ASSERT_TRUE(record.SetNull(256, 4).ok());
  EXPECT_EQ(EncodeOrDie(record), encoded);

  // Removing every value makes the column absent, not NULL.
  ASSERT_TRUE(record.SetNull(256, 3).ok());
  ASSERT_TRUE(record.SetNull(256, 1).ok());
  ASSERT_TRUE(record.SetNull(256, 1).ok());
  EXPECT_EQ(GetOf(record, 256).kind, ValueKind::kAbsent);
  EXPECT_EQ(record.NextTaggedColumn(0), 0u);
  EXPECT_EQ(EncodeOrDie(record), Bytes({1, 0, 0, 0}));
}

TEST(RecordRoundTripTest, TaggedNullIsNotZeroLength) {
  RecordLayout layout;
  Record record(&layout);
  ASSERT_TRUE(record.Set(256, 0, "").ok());
  ASSERT_TRUE(record.SetColumnNull(257).ok());
  ExpectInline(GetOf(record, 256), "");
  EXPECT_EQ(record.CountValues(256), 1u);
  EXPECT_EQ(GetOf(record, 257).kind, ValueKind::kNull);
  EXPECT_EQ(GetOf(record, 257, 2).kind, ValueKind::kAbsent);
  EXPECT_EQ(record.CountValues(257), 0u);
  EXPECT_EQ(TaggedIds(record), (std::vector<JET_COLUMNID>{256, 257}));
  std::string encoded = ExpectRoundTrip(record);
  EXPECT_EQ(Hex(encoded.substr(4)),
            Hex(Bytes({0x02, 0x00, 0x00, 0x01, 0x02, 0, 0, 0, 0x01, 0x01, 0x03,
                       0, 0, 0, 0x01, 0x00, 0x00})));
  // A value set on a NULL column replaces the NULL.
  ASSERT_TRUE(record.Set(257, 0, "v").ok());
  EXPECT_EQ(record.CountValues(257), 1u);
  ExpectInline(GetOf(record, 257), "v");
  // SetColumnNull drops every value.
  ASSERT_TRUE(record.Set(257, 0, "w").ok());
  ASSERT_TRUE(record.SetColumnNull(257).ok());
  EXPECT_EQ(record.CountValues(257), 0u);
  EXPECT_EQ(GetOf(record, 257).kind, ValueKind::kNull);
  ExpectRoundTrip(record);
  ASSERT_TRUE(record.Unset(257).ok());
  EXPECT_EQ(GetOf(record, 257).kind, ValueKind::kAbsent);
}

TEST(RecordRoundTripTest, LongValueReferences) {
  RecordLayout layout;
  Record record(&layout);
  ASSERT_TRUE(record.SetLongValue(300, 0, {~0ull, JET_cbLVColumnMost}).ok());
  ASSERT_TRUE(record.Set(300, 0, "inline").ok());
  ASSERT_TRUE(record.SetLongValue(300, 0, {7, 0}).ok());
  ASSERT_TRUE(record.SetLongValue(300, 2, {42, 2048}).ok());  // replace
  ExpectLongValue(GetOf(record, 300, 1), ~0ull, JET_cbLVColumnMost);
  ExpectLongValue(GetOf(record, 300, 2), 42, 2048);
  ExpectLongValue(GetOf(record, 300, 3), 7, 0);
  std::string encoded = ExpectRoundTrip(record);
  RecordView view;
  ASSERT_TRUE(RecordView::Open(encoded, &layout, &view).ok());
  ExpectLongValue(GetOf(view, 300, 2), 42, 2048);
  // An inline value replaced by its long value.
  ASSERT_TRUE(record.Set(301, 0, Pattern(2000, 1)).ok());
  JET_COLUMNID column = 0;
  uint32_t itag = 0;
  ASSERT_TRUE(record.FindInlineValueOver(1024, &column, &itag));
  EXPECT_EQ(column, 301u);
  EXPECT_EQ(itag, 1u);
  ASSERT_TRUE(record.SetLongValue(column, itag, {99, 2000}).ok());
  EXPECT_FALSE(record.FindInlineValueOver(1024, &column, &itag));
  ExpectRoundTrip(record);
}

TEST(RecordRoundTripTest, SparseIdsAtEveryBoundary) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(127, 2).ok());
  Record record(&layout);
  ASSERT_TRUE(record.Set(1, 1, "1111").ok());
  ASSERT_TRUE(record.Set(127, 1, "zz").ok());
  ASSERT_TRUE(record.Set(128, 1, "first").ok());
  ASSERT_TRUE(record.Set(255, 1, "last").ok());
  ASSERT_TRUE(record.Set(256, 0, "t1").ok());
  ASSERT_TRUE(record.Set(65000, 0, "t2").ok());
  ASSERT_TRUE(record.Set(kLastTagged, 0, "t3").ok());
  std::string encoded = ExpectRoundTrip(record);
  EXPECT_EQ(static_cast<uint8_t>(encoded[2]), 127);  // F
  EXPECT_EQ(static_cast<uint8_t>(encoded[3]), 128);  // N
  RecordView view;
  ASSERT_TRUE(RecordView::Open(encoded, &layout, &view).ok());
  ExpectInline(GetOf(view, 1), "1111");
  EXPECT_EQ(GetOf(view, 2).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 127), "zz");
  ExpectInline(GetOf(view, 128), "first");
  EXPECT_EQ(GetOf(view, 129).kind, ValueKind::kAbsent);
  EXPECT_EQ(GetOf(view, 254).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 255), "last");
  ExpectInline(GetOf(view, 256), "t1");
  EXPECT_EQ(GetOf(view, 257).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 65000), "t2");
  ExpectInline(GetOf(view, kLastTagged), "t3");
  EXPECT_EQ(TaggedIds(view),
            (std::vector<JET_COLUMNID>{256, 65000, kLastTagged}));
  EXPECT_EQ(view.NextTaggedColumn(256), 65000u);
  EXPECT_EQ(view.NextTaggedColumn(64999), 65000u);
  EXPECT_EQ(view.NextTaggedColumn(kLastTagged), 0u);
}

TEST(RecordRoundTripTest, MaximalVariableArea) {
  RecordLayout layout;
  Record record(&layout);
  for (JET_COLUMNID id = 128; id <= 255; ++id) {
    ASSERT_TRUE(record.Set(id, 1, Pattern(255, id)).ok());
  }
  std::string encoded = ExpectRoundTrip(record);
  EXPECT_EQ(encoded.size(), 4u + 2 * 128 + 128 * 255);
}

// A record reused as a copy buffer (Clear, then new values) encodes
// exactly as a fresh one: nothing of the columns set before Clear, or
// before a Decode, survives in the encoding.
TEST(RecordReuseTest, ClearAndDecodeLeaveNoTrace) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(3, 4).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(127, 8).ok());
  Record reused(&layout);
  ASSERT_TRUE(reused.Set(127, 1, Pattern(8, 1)).ok());
  ASSERT_TRUE(reused.Set(255, 1, Pattern(200, 2)).ok());
  ASSERT_TRUE(reused.SetNull(254, 1).ok());
  ASSERT_TRUE(reused.Set(300, 1, "t").ok());
  const std::string big = EncodeOrDie(reused);
  reused.Clear();
  EXPECT_EQ(EncodeOrDie(reused), Bytes({0x01, 0x00, 0x00, 0x00}));
  ASSERT_TRUE(reused.Set(3, 1, "abcd").ok());
  ASSERT_TRUE(reused.Set(129, 1, "xy").ok());
  Record fresh(&layout);
  ASSERT_TRUE(fresh.Set(3, 1, "abcd").ok());
  ASSERT_TRUE(fresh.Set(129, 1, "xy").ok());
  EXPECT_EQ(Hex(EncodeOrDie(reused)), Hex(EncodeOrDie(fresh)));
  EXPECT_EQ(GetOf(reused, 255).kind, ValueKind::kAbsent);
  EXPECT_EQ(GetOf(reused, 127).kind, ValueKind::kAbsent);
  // Decode of the big record, then Clear and the small values again.
  ASSERT_TRUE(reused.Decode(big).ok());
  EXPECT_EQ(Hex(EncodeOrDie(reused)), Hex(big));
  reused.Clear();
  ASSERT_TRUE(reused.Set(3, 1, "abcd").ok());
  ASSERT_TRUE(reused.Set(129, 1, "xy").ok());
  EXPECT_EQ(Hex(EncodeOrDie(reused)), Hex(EncodeOrDie(fresh)));
  // Encode reuses the caller's buffer and replaces all of it.
  std::string out(500, 'z');
  ASSERT_TRUE(reused.Encode(Unlimited(), &out).ok());
  EXPECT_EQ(Hex(out), Hex(EncodeOrDie(fresh)));
}

TEST(RecordViewTest, ReadsWithoutCopying) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 8).ok());
  Record record(&layout);
  ASSERT_TRUE(record.Set(1, 1, "fixed-88").ok());
  ASSERT_TRUE(record.Set(140, 1, "variable").ok());
  ASSERT_TRUE(record.Set(400, 0, "tagged-1").ok());
  ASSERT_TRUE(record.Set(400, 0, "tagged-2").ok());
  const std::string encoded = EncodeOrDie(record);
  RecordView view;
  ASSERT_TRUE(RecordView::Open(encoded, &layout, &view).ok());
  const struct {
    JET_COLUMNID id;
    uint32_t itag;
    const char* text;
  } cases[] = {{1, 1, "fixed-88"},
               {140, 1, "variable"},
               {400, 1, "tagged-1"},
               {400, 2, "tagged-2"}};
  for (const auto& c : cases) {
    ColumnValue value = GetOf(view, c.id, c.itag);
    ExpectInline(value, c.text);
    const char* expected = encoded.data() + encoded.find(c.text);
    EXPECT_EQ(value.data.data(), expected) << c.text;
  }
  EXPECT_EQ(view.data().data(), encoded.data());
}

TEST(RecordViewTest, OlderRecordReadWithAnExtendedLayout) {
  // A fixed column added after the record was written is absent in it.
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  Record record(&layout);
  ASSERT_TRUE(record.Set(1, 1, "old!").ok());
  ASSERT_TRUE(record.Set(128, 1, "v").ok());
  const std::string encoded = EncodeOrDie(record);
  RecordLayout extended = layout;
  ASSERT_TRUE(extended.DeclareFixedColumn(2, 8).ok());
  RecordView view;
  ASSERT_TRUE(RecordView::Open(encoded, &extended, &view).ok());
  ASSERT_TRUE(view.Validate().ok());
  ExpectInline(GetOf(view, 1), "old!");
  EXPECT_EQ(GetOf(view, 2).kind, ValueKind::kAbsent);
  ExpectInline(GetOf(view, 128), "v");
  Record decoded(&extended);
  ASSERT_TRUE(decoded.Decode(encoded).ok());
  ASSERT_TRUE(decoded.Set(2, 1, "12345678").ok());
  Record again(&extended);
  ASSERT_TRUE(again.Decode(EncodeOrDie(decoded)).ok());
  ExpectInline(GetOf(again, 1), "old!");
  ExpectInline(GetOf(again, 2), "12345678");
}

// --- Errors ----------------------------------------------------------------

TEST(RecordErrorTest, WrongFixedSizes) {
  RecordLayout layout;
  const uint32_t sizes[] = {1, 2, 4, 8, 16, 255};
  for (uint32_t i = 0; i < 6; ++i) {
    ASSERT_TRUE(layout.DeclareFixedColumn(i + 1, sizes[i]).ok());
  }
  Record record(&layout);
  for (uint32_t i = 0; i < 6; ++i) {
    const JET_COLUMNID id = i + 1;
    for (size_t size : {size_t{0}, size_t{sizes[i] - 1}, size_t{sizes[i] + 1},
                        size_t{sizes[i] * 2}}) {
      if (size == sizes[i]) continue;
      EXPECT_EQ(record.Set(id, 1, Pattern(size, 1)).code(),
                JET_errInvalidBufferSize)
          << "column " << id << " size " << size;
    }
    EXPECT_TRUE(record.Set(id, 1, Pattern(sizes[i], 1)).ok());
  }
  // The failed Sets changed nothing.
  Record expected(&layout);
  for (uint32_t i = 0; i < 6; ++i) {
    ASSERT_TRUE(expected.Set(i + 1, 1, Pattern(sizes[i], 1)).ok());
  }
  EXPECT_EQ(EncodeOrDie(record), EncodeOrDie(expected));
  // Undeclared fixed column.
  EXPECT_EQ(record.Set(7, 1, "x").code(), JET_errColumnNotFound);
  EXPECT_EQ(record.SetNull(7, 1).code(), JET_errColumnNotFound);
  EXPECT_EQ(record.SetColumnNull(7).code(), JET_errColumnNotFound);
  EXPECT_EQ(record.Unset(7).code(), JET_errColumnNotFound);
  EXPECT_EQ(GetOf(record, 7).kind, ValueKind::kAbsent);
}

TEST(RecordErrorTest, BadIdsItagsAndSizes) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  Record record(&layout);
  ColumnValue value;
  for (JET_COLUMNID id :
       std::vector<JET_COLUMNID>{0, kLastTagged + 1, 0x10000, 0xffffffff}) {
    EXPECT_EQ(record.Set(id, 1, "x").code(), JET_errBadColumnId);
    EXPECT_EQ(record.SetNull(id, 1).code(), JET_errBadColumnId);
    EXPECT_EQ(record.SetColumnNull(id).code(), JET_errBadColumnId);
    EXPECT_EQ(record.Unset(id).code(), JET_errBadColumnId);
    EXPECT_EQ(record.SetLongValue(id, 1, {1, 1}).code(), JET_errBadColumnId);
    EXPECT_EQ(record.Get(id, 1, &value).code(), JET_errBadColumnId);
    EXPECT_EQ(record.CountValues(id), 0u);
  }
  EXPECT_EQ(record.Get(1, 0, &value).code(), JET_errBadItagSequence);
  EXPECT_EQ(record.Get(256, 0, &value).code(), JET_errBadItagSequence);
  EXPECT_EQ(record.Set(1, 2, "abcd").code(), JET_errBadItagSequence);
  EXPECT_EQ(record.Set(128, 2, "a").code(), JET_errBadItagSequence);
  EXPECT_EQ(record.SetNull(128, 2).code(), JET_errBadItagSequence);
  EXPECT_EQ(record.Set(128, 1, Pattern(256, 0)).code(), JET_errColumnTooBig);
  EXPECT_TRUE(record.Set(128, 1, Pattern(255, 0)).ok());
  EXPECT_EQ(record.SetLongValue(1, 1, {1, 1}).code(), JET_errInvalidParameter);
  EXPECT_EQ(record.SetLongValue(128, 1, {1, 1}).code(),
            JET_errInvalidParameter);
  EXPECT_EQ(record.SetLongValue(256, 1, {1, 0x80000000u}).code(),
            JET_errColumnTooBig);
  // A fixed or variable column's value 2 does not exist.
  ASSERT_TRUE(record.Set(1, 0, "abcd").ok());
  EXPECT_EQ(GetOf(record, 1, 2).kind, ValueKind::kAbsent);

  RecordView view;
  ASSERT_TRUE(RecordView::Open(EncodeOrDie(record), &layout, &view).ok());
  EXPECT_EQ(view.Get(0, 1, &value).code(), JET_errBadColumnId);
  EXPECT_EQ(view.Get(kLastTagged + 1, 1, &value).code(), JET_errBadColumnId);
  EXPECT_EQ(view.Get(1, 0, &value).code(), JET_errBadItagSequence);
  EXPECT_EQ(GetOf(view, 1, 2).kind, ValueKind::kAbsent);
}

TEST(RecordErrorTest, RecordTooBigAtExactlyOneByteOver) {
  RecordLayout layout;
  Record record(&layout);
  ASSERT_TRUE(record.Set(128, 1, Pattern(200, 1)).ok());
  ASSERT_TRUE(record.Set(256, 0, Pattern(1000, 2)).ok());
  const size_t size = record.EncodedSize();
  EXPECT_EQ(size, 4u + 2 + 200 + 2 + 6 + 1 + 2 + 1000);
  EncodeOptions options;
  options.max_record_size = size - 1;
  std::string out = "untouched";
  EXPECT_EQ(record.Encode(options, &out).code(), JET_errRecordTooBig);
  EXPECT_EQ(out, "untouched");
  options.max_record_size = size;
  ASSERT_TRUE(record.Encode(options, &out).ok());
  EXPECT_EQ(out.size(), size);
}

TEST(RecordErrorTest, InlineValueOverTheBudget) {
  RecordLayout layout;
  Record record(&layout);
  ASSERT_TRUE(record.Set(256, 0, Pattern(1024, 1)).ok());
  EncodeOptions options;  // budget 1024
  EXPECT_EQ(options.max_inline_value, 1024u);
  std::string out;
  ASSERT_TRUE(record.Encode(options, &out).ok());
  ASSERT_TRUE(record.Set(257, 0, "small").ok());
  ASSERT_TRUE(record.Set(257, 0, Pattern(1025, 2)).ok());
  out = "untouched";
  EXPECT_EQ(record.Encode(options, &out).code(), JET_errColumnTooBig);
  EXPECT_EQ(out, "untouched");
  JET_COLUMNID column = 0;
  uint32_t itag = 0;
  ASSERT_TRUE(record.FindInlineValueOver(1024, &column, &itag));
  EXPECT_EQ(column, 257u);
  EXPECT_EQ(itag, 2u);
  // Too big and over budget: the budget is reported first, so that the
  // caller separates the value and tries again.
  options.max_record_size = 10;
  EXPECT_EQ(record.Encode(options, &out).code(), JET_errColumnTooBig);
  ASSERT_TRUE(record.SetLongValue(257, 2, {5, 1025}).ok());
  EXPECT_EQ(record.Encode(options, &out).code(), JET_errRecordTooBig);
}

TEST(RecordErrorTest, DamagedEncodingsAreCorrupted) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 2).ok());
  const struct {
    const char* what;
    std::string bytes;
  } cases[] = {
      {"empty", ""},
      {"short header", Bytes({1, 0, 0})},
      {"version 0", Bytes({0, 0, 0, 0})},
      {"version 2", Bytes({2, 0, 0, 0})},
      {"unknown flag", Bytes({1, 2, 0, 0})},
      {"F beyond 127", Bytes({1, 0, 128, 0})},
      {"N beyond 128", Bytes({1, 0, 0, 129})},
      {"fixed area missing", Bytes({1, 0, 1, 0, 0, 'a'})},
      {"variable data missing", Bytes({1, 0, 0, 1, 3, 0, 'a', 'b'})},
      {"one stray byte", Bytes({1, 0, 0, 0, 7})},
      {"zero tagged columns", Bytes({1, 0, 0, 0, 0, 0})},
      {"directory cut", Bytes({1, 0, 0, 0, 1, 0, 0, 1, 1, 0})},
      {"tagged size mismatch", Bytes({1, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0, 0})},
  };
  for (const auto& c : cases) {
    RecordView view;
    EXPECT_EQ(RecordView::Open(c.bytes, &layout, &view).code(),
              JET_errDatabaseCorrupted)
        << c.what;
    EXPECT_FALSE(RecordView::TryOpen(c.bytes, &layout, &view)) << c.what;
    Record record(&layout);
    EXPECT_EQ(record.Decode(c.bytes).code(), JET_errDatabaseCorrupted)
        << c.what;
  }
}

// TryOpenShaped keeps the last header it opened and reuses it for records
// with the same header and layout object; another header or layout is
// opened in full and replaces it. A record the shape fits but whose sizes
// do not is refused, and leaves the shape as it was.
TEST(RecordViewTest, ShapedOpensReuseTheHeaderOfTheLastRecord) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 4).ok());
  Record with_name(&layout);
  ASSERT_TRUE(with_name.Set(1, 1, "abcd").ok());
  ASSERT_TRUE(with_name.Set(128, 1, "name").ok());
  Record other_name = with_name;
  ASSERT_TRUE(other_name.Set(128, 1, "a longer name").ok());
  Record no_name(&layout);
  ASSERT_TRUE(no_name.Set(1, 1, "wxyz").ok());
  const std::string a = EncodeOrDie(with_name);
  const std::string b = EncodeOrDie(other_name);
  const std::string c = EncodeOrDie(no_name);
  ASSERT_EQ(a.substr(0, 4), b.substr(0, 4));
  ASSERT_NE(a.substr(0, 4), c.substr(0, 4));

  RecordShape shape;
  RecordView view;
  ColumnValue value;
  ASSERT_TRUE(RecordView::TryOpenShaped(a, &layout, &shape, &view));
  EXPECT_EQ(&layout, shape.layout);
  EXPECT_EQ(0x01010001u, shape.header);  // bytes 1, 0, 1, 1: F 1, N 1
  EXPECT_EQ(4u + 1 + 4 + 2, shape.variable_data);
  ASSERT_TRUE(view.Get(128, 1, &value).ok());
  EXPECT_EQ("name", value.data);

  // Same header: the shape stays, the view reads the new record.
  ASSERT_TRUE(RecordView::TryOpenShaped(b, &layout, &shape, &view));
  EXPECT_EQ(0x01010001u, shape.header);
  ASSERT_TRUE(view.Get(128, 1, &value).ok());
  EXPECT_EQ("a longer name", value.data);
  ASSERT_TRUE(view.Get(1, 1, &value).ok());
  EXPECT_EQ("abcd", value.data);

  // The same header with its variable data cut short, or with a stray
  // byte after it: refused as TryOpen refuses them, the shape unchanged.
  const RecordShape before = shape;
  for (const std::string& damaged : {b.substr(0, b.size() - 1), b + "x"}) {
    RecordView ignored;
    EXPECT_FALSE(RecordView::TryOpen(damaged, &layout, &ignored));
    EXPECT_FALSE(RecordView::TryOpenShaped(damaged, &layout, &shape, &view));
    EXPECT_EQ(before.header, shape.header);
    EXPECT_EQ(before.variable_data, shape.variable_data);
  }

  // Another header replaces the shape.
  ASSERT_TRUE(RecordView::TryOpenShaped(c, &layout, &shape, &view));
  EXPECT_EQ(0x00010001u, shape.header);  // no variable columns
  ASSERT_TRUE(view.Get(128, 1, &value).ok());
  EXPECT_EQ(ValueKind::kAbsent, value.kind);
  ASSERT_TRUE(view.Get(1, 1, &value).ok());
  EXPECT_EQ("wxyz", value.data);

  // Another layout object, though declared alike, is opened in full.
  RecordLayout wider;
  ASSERT_TRUE(wider.DeclareFixedColumn(1, 4).ok());
  ASSERT_TRUE(RecordView::TryOpenShaped(a, &wider, &shape, &view));
  EXPECT_EQ(&wider, shape.layout);
  ASSERT_TRUE(view.Get(128, 1, &value).ok());
  EXPECT_EQ("name", value.data);
}

TEST(RecordErrorTest, NonCanonicalEncodingsFailValidation) {
  RecordLayout layout;
  ASSERT_TRUE(layout.DeclareFixedColumn(1, 2).ok());
  ASSERT_TRUE(layout.DeclareFixedColumn(2, 1).ok());
  const struct {
    const char* what;
    std::string bytes;
  } cases[] = {
      {"NULL bitmap padding", Bytes({1, 0, 1, 0, 0x02, 'a', 'b'})},
      {"bytes under a NULL fixed column", Bytes({1, 0, 1, 0, 0x01, 'a', 0})},
      {"absent bitmap without absent column",
       Bytes({1, 1, 1, 0, 0x00, 0x00, 'a', 'b'})},
      {"last fixed column absent", Bytes({1, 1, 1, 0, 0x01, 0x01, 0, 0})},
      {"absent fixed column not NULL",
       Bytes({1, 1, 2, 0, 0x00, 0x01, 0, 0, 'c'})},
      {"undeclared fixed column present",
       Bytes({1, 0, 3, 0, 0x04, 'a', 'b', 'c'})},
      {"NULL variable column with data", Bytes({1, 0, 0, 1, 0x01, 0x80, 'x'})},
      {"variable offsets going back",
       Bytes({1, 0, 0, 2, 0x02, 0x00, 0x01, 0x00, 'x'})},
      {"tagged ids out of order",
       Bytes({1, 0, 0,    0,    2, 0, 0x01, 0x01, 1,    0,
              0, 0, 0x00, 0x01, 2, 0, 0,    0,    0x00, 0x00})},
      {"tagged id below 256",
       Bytes({1, 0, 0, 0, 1, 0, 0xff, 0x00, 1, 0, 0, 0, 0x00})},
      {"tagged id above JET_ccolMost",
       Bytes({1, 0, 0, 0, 1, 0, 0xe1, 0xfe, 1, 0, 0, 0, 0x00})},
      {"overlong count varint",
       Bytes({1, 0, 0, 0, 1, 0, 0x00, 0x01, 2, 0, 0, 0, 0x80, 0x00})},
      {"bytes after the values",
       Bytes({1, 0, 0, 0, 1, 0, 0x00, 0x01, 2, 0, 0, 0, 0x00, 0x00})},
      {"unknown value kind",
       Bytes({1, 0, 0, 0, 1, 0, 0x00, 0x01, 2, 0, 0, 0, 0x01, 0x02})},
      {"long-value header with a length",
       Bytes({1,    0, 0, 0, 1, 0, 0x00, 0x01, 14, 0, 0, 0, 0x01,
              0x05, 1, 0, 0, 0, 0, 0,    0,    0,  1, 0, 0, 0})},
      {"long value above 2 GB",
       Bytes({1,    0, 0, 0, 1, 0, 0x00, 0x01, 14, 0, 0, 0, 0x01,
              0x01, 1, 0, 0, 0, 0, 0,    0,    0,  0, 0, 0, 0x80})},
  };
  for (const auto& c : cases) {
    RecordView view;
    Status status = RecordView::Open(c.bytes, &layout, &view);
    if (status.ok()) status = view.Validate();
    EXPECT_EQ(status.code(), JET_errDatabaseCorrupted) << c.what;
    Record record(&layout);
    EXPECT_EQ(record.Decode(c.bytes).code(), JET_errDatabaseCorrupted)
        << c.what;
    EXPECT_EQ(EncodeOrDie(record), Bytes({1, 0, 0, 0})) << c.what;
  }
}

// --- Randomized model test -------------------------------------------------

struct ModelValue {
  bool is_long_value = false;
  std::string data;
  LongValueRef ref;
};

// A column that is in the record: NULL (no values) or its values.
struct ModelColumn {
  bool is_null = false;
  std::vector<ModelValue> values;
};

using Model = std::map<JET_COLUMNID, ModelColumn>;

template <typename Reader>
void ExpectMatchesModel(const Model& model, const Reader& reader,
                        const std::vector<JET_COLUMNID>& ids, const char* what,
                        int step) {
  for (JET_COLUMNID id : ids) {
    auto it = model.find(id);
    const bool tagged = id > 255;
    uint32_t want_count = 0;
    if (it != model.end() && !it->second.is_null) {
      want_count = tagged ? static_cast<uint32_t>(it->second.values.size()) : 1;
    }
    for (uint32_t itag = 1; itag <= want_count + 2; ++itag) {
      ColumnValue got = GetOf(reader, id, itag);
      ValueKind want_kind = ValueKind::kAbsent;
      const ModelValue* want = nullptr;
      if (it != model.end()) {
        if (it->second.is_null) {
          if (itag == 1) want_kind = ValueKind::kNull;
        } else if (itag <= it->second.values.size()) {
          want = &it->second.values[itag - 1];
          want_kind =
              want->is_long_value ? ValueKind::kLongValue : ValueKind::kInline;
        }
      }
      ASSERT_EQ(got.kind, want_kind)
          << what << " step " << step << " column " << id << " itag " << itag;
      if (want != nullptr && want->is_long_value) {
        ASSERT_EQ(got.long_value.id, want->ref.id);
        ASSERT_EQ(got.long_value.size, want->ref.size);
      } else if (want != nullptr) {
        ASSERT_EQ(got.data, want->data)
            << what << " step " << step << " column " << id;
      }
    }
  }
  std::vector<JET_COLUMNID> want_tagged;
  for (const auto& [id, column] : model) {
    if (id > 255) want_tagged.push_back(id);
  }
  ASSERT_EQ(TaggedIds(reader), want_tagged) << what << " step " << step;
}

TEST(RecordModelTest, RandomEditsMatchAMapModelThroughEncodeAndDecode) {
  RecordLayout layout;
  const std::map<JET_COLUMNID, uint32_t> fixed = {
      {1, 1}, {2, 2}, {3, 8}, {64, 16}, {127, 4}};
  for (const auto& [id, size] : fixed) {
    ASSERT_TRUE(layout.DeclareFixedColumn(id, size).ok());
  }
  const std::vector<JET_COLUMNID> ids = {1,   2,    3,     5,          64,  127,
                                         128, 129,  200,   255,        256, 257,
                                         999, 1000, 65000, kLastTagged};

  std::mt19937 rng(20260517);
  auto uniform = [&rng](uint32_t n) {
    return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng);
  };
  auto random_bytes = [&](size_t size) {
    std::string s(size, '\0');
    for (char& c : s) c = static_cast<char>(uniform(256));
    return s;
  };

  Record record(&layout);
  Model model;
  int cycles_with_tagged = 0;
  for (int step = 0; step < 4000; ++step) {
    const JET_COLUMNID id = ids[uniform(ids.size())];
    const bool is_fixed = id <= 127;
    const bool is_tagged = id > 255;
    const bool declared = fixed.count(id) != 0;
    auto it = model.find(id);
    const uint32_t count =
        it == model.end() || it->second.is_null
            ? 0
            : static_cast<uint32_t>(it->second.values.size());
    uint32_t itag = is_tagged ? uniform(count + 3) : uniform(3);
    JET_ERR want = JET_errSuccess;
    Status status;

    switch (uniform(6)) {
      case 0:
      case 1: {  // Set
        size_t size;
        if (is_fixed) {
          size = declared ? fixed.at(id) : 1;
          if (uniform(8) == 0) size += 1;
        } else if (!is_tagged) {
          size = uniform(8) == 0 ? 256 : uniform(256);
        } else {
          size = uniform(4) == 0 ? 0 : uniform(60);
        }
        const std::string data = random_bytes(size);
        status = record.Set(id, itag, data);
        if (is_fixed && !declared) {
          want = JET_errColumnNotFound;
        } else if (!is_tagged && itag > 1) {
          want = JET_errBadItagSequence;
        } else if (is_fixed && size != fixed.at(id)) {
          want = JET_errInvalidBufferSize;
        } else if (!is_tagged && size > 255) {
          want = JET_errColumnTooBig;
        } else if (is_tagged) {
          ModelColumn& column = model[id];
          column.is_null = false;
          ModelValue value;
          value.data = data;
          if (itag == 0 || itag > column.values.size()) {
            column.values.push_back(value);
          } else {
            column.values[itag - 1] = value;
          }
        } else {
          model[id] = ModelColumn{false, {ModelValue{false, data, {}}}};
        }
        break;
      }
      case 2: {  // SetLongValue
        LongValueRef ref{rng() | static_cast<uint64_t>(rng()) << 32,
                         1025 + uniform(100000)};
        status = record.SetLongValue(id, itag, ref);
        if (!is_tagged) {
          want = JET_errInvalidParameter;
        } else {
          ModelColumn& column = model[id];
          column.is_null = false;
          ModelValue value;
          value.is_long_value = true;
          value.ref = ref;
          if (itag == 0 || itag > column.values.size()) {
            column.values.push_back(value);
          } else {
            column.values[itag - 1] = value;
          }
        }
        break;
      }
      case 3: {  // SetNull
        status = record.SetNull(id, itag);
        if (is_fixed && !declared) {
          want = JET_errColumnNotFound;
        } else if (!is_tagged && itag > 1) {
          want = JET_errBadItagSequence;
        } else if (!is_tagged) {
          model[id] = ModelColumn{true, {}};
        } else if (itag >= 1 && itag <= count) {
          std::vector<ModelValue>& values = model[id].values;
          values.erase(values.begin() + (itag - 1));
          if (values.empty()) model.erase(id);
        }
        break;
      }
      case 4: {  // SetColumnNull
        status = record.SetColumnNull(id);
        if (is_fixed && !declared) {
          want = JET_errColumnNotFound;
        } else {
          model[id] = ModelColumn{true, {}};
        }
        break;
      }
      case 5: {  // Unset
        status = record.Unset(id);
        if (is_fixed && !declared) {
          want = JET_errColumnNotFound;
        } else {
          model.erase(id);
        }
        break;
      }
    }
    ASSERT_EQ(status.code(), want) << "step " << step << " column " << id;

    ASSERT_NO_FATAL_FAILURE(
        ExpectMatchesModel(model, record, ids, "record", step));
    std::string encoded;
    ASSERT_TRUE(record.Encode(Unlimited(), &encoded).ok());
    ASSERT_EQ(encoded.size(), record.EncodedSize());
    RecordView view;
    ASSERT_TRUE(RecordView::Open(encoded, &layout, &view).ok());
    ASSERT_TRUE(view.Validate().ok()) << Hex(encoded);
    ASSERT_NO_FATAL_FAILURE(ExpectMatchesModel(model, view, ids, "view", step));
    ExpectFastGetAgrees(view, AllInterestingIds());
    Record decoded(&layout);
    ASSERT_TRUE(decoded.Decode(encoded).ok());
    ASSERT_NO_FATAL_FAILURE(
        ExpectMatchesModel(model, decoded, ids, "decoded", step));
    std::string again;
    ASSERT_TRUE(decoded.Encode(Unlimited(), &again).ok());
    ASSERT_EQ(again, encoded) << "step " << step;
    if (view.NextTaggedColumn(0) != 0) ++cycles_with_tagged;
    // Keep editing the decoded copy now and then.
    if (uniform(5) == 0) record = decoded;
    // And start over once in a while, so that sparse records come up.
    if (uniform(300) == 0) {
      record.Clear();
      model.clear();
    }
  }
  EXPECT_GT(cycles_with_tagged, 1000);
}

// --- Corruption ------------------------------------------------------------

// A record with something in every area: both bitmaps, every value kind.
Record RichRecord(const RecordLayout* layout) {
  Record record(layout);
  EXPECT_TRUE(record.Set(1, 1, "A").ok());
  EXPECT_TRUE(record.SetNull(2, 1).ok());
  EXPECT_TRUE(record.Set(4, 1, Pattern(8, 4)).ok());
  EXPECT_TRUE(record.Set(5, 1, Pattern(16, 5)).ok());
  EXPECT_TRUE(record.Set(128, 1, "var").ok());
  EXPECT_TRUE(record.SetNull(129, 1).ok());
  EXPECT_TRUE(record.Set(131, 1, "").ok());
  EXPECT_TRUE(record.Set(133, 1, Pattern(40, 133)).ok());
  EXPECT_TRUE(record.Set(256, 0, "one").ok());
  EXPECT_TRUE(record.Set(256, 0, "").ok());
  EXPECT_TRUE(record.SetLongValue(256, 0, {77, 4096}).ok());
  EXPECT_TRUE(record.Set(256, 0, Pattern(150, 256)).ok());
  EXPECT_TRUE(record.SetColumnNull(260).ok());
  EXPECT_TRUE(record.Set(65000, 0, "end").ok());
  return record;
}

RecordLayout RichLayout() {
  RecordLayout layout;
  EXPECT_TRUE(layout.DeclareFixedColumn(1, 1).ok());
  EXPECT_TRUE(layout.DeclareFixedColumn(2, 2).ok());
  EXPECT_TRUE(layout.DeclareFixedColumn(3, 4).ok());
  EXPECT_TRUE(layout.DeclareFixedColumn(4, 8).ok());
  EXPECT_TRUE(layout.DeclareFixedColumn(5, 16).ok());
  return layout;
}

// The shape TryOpenShaped keeps after opening `bytes` (which must open).
RecordShape ShapeOf(std::string_view bytes, const RecordLayout* layout) {
  RecordShape shape;
  RecordView view;
  EXPECT_TRUE(RecordView::TryOpenShaped(bytes, layout, &shape, &view));
  return shape;
}

// Reads everything a caller could read; must never crash. Returns whether
// the bytes decoded; if they did, they are canonical. TryOpen, and
// TryOpenShaped both with an empty shape and with `primed` (the shape of
// the record the bytes were damaged from), must answer as Open does.
bool ExerciseDamaged(std::string_view bytes, const RecordLayout* layout,
                     const RecordShape& primed = {}) {
  RecordView view;
  RecordView tried;
  const bool try_opened = RecordView::TryOpen(bytes, layout, &tried);
  const bool opened = RecordView::Open(bytes, layout, &view).ok();
  EXPECT_EQ(try_opened, opened);
  RecordShape fresh, reused = primed;
  RecordView shaped_fresh, shaped_reused;
  EXPECT_EQ(opened,
            RecordView::TryOpenShaped(bytes, layout, &fresh, &shaped_fresh));
  EXPECT_EQ(opened,
            RecordView::TryOpenShaped(bytes, layout, &reused, &shaped_reused));
  if (opened) {
    ExpectFastGetAgrees(view, AllInterestingIds());
    if (try_opened) ExpectFastGetAgrees(tried, AllInterestingIds());
    ExpectFastGetAgrees(shaped_fresh, AllInterestingIds());
    ExpectFastGetAgrees(shaped_reused, AllInterestingIds());
    ColumnValue value;
    uint32_t count = 0;
    for (JET_COLUMNID id : AllInterestingIds()) {
      for (uint32_t itag = 1; itag <= 4; ++itag) {
        if (view.Get(id, itag, &value).ok() &&
            value.kind == ValueKind::kInline) {
          EXPECT_TRUE(value.data.empty() || PointsInto(value.data, bytes));
        }
      }
      (void)view.CountValues(id, &count);
    }
    int steps = 0;
    for (JET_COLUMNID id = view.NextTaggedColumn(0); id != 0;
         id = view.NextTaggedColumn(id)) {
      (void)view.Get(id, 1, &value);
      (void)view.CountValues(id, &count);
      EXPECT_LT(++steps, 70000);
    }
    (void)view.Validate();
  }
  Record record(layout);
  if (!record.Decode(bytes).ok()) return false;
  std::string again;
  EXPECT_TRUE(record.Encode(Unlimited(), &again).ok());
  EXPECT_EQ(Hex(again), Hex(bytes)) << "accepted a non-canonical encoding";
  return true;
}

TEST(RecordCorruptionTest, EveryTruncationFailsOrIsTheRecordWithoutTags) {
  const RecordLayout layout = RichLayout();
  const std::string encoded = EncodeOrDie(RichRecord(&layout));
  Record untagged = RichRecord(&layout);
  for (JET_COLUMNID id : {256u, 260u, 65000u}) {
    ASSERT_TRUE(untagged.Unset(id).ok());
  }
  const size_t untagged_size = untagged.EncodedSize();
  ASSERT_LT(untagged_size, encoded.size());
  ASSERT_EQ(encoded.substr(0, untagged_size), EncodeOrDie(untagged));

  for (size_t length = 0; length < encoded.size(); ++length) {
    // A copy of exactly `length` bytes, so ASan sees any read beyond it.
    std::vector<char> prefix(encoded.begin(), encoded.begin() + length);
    const bool decoded =
        ExerciseDamaged(std::string_view(prefix.data(), prefix.size()), &layout,
                        ShapeOf(encoded, &layout));
    EXPECT_EQ(decoded, length == untagged_size) << "length " << length;
  }
  EXPECT_TRUE(ExerciseDamaged(encoded, &layout, ShapeOf(encoded, &layout)));
}

TEST(RecordCorruptionTest, RandomByteFlipsNeverCrash) {
  const RecordLayout layout = RichLayout();
  const std::string encoded = EncodeOrDie(RichRecord(&layout));
  std::mt19937 rng(4242);
  int decoded = 0;
  int rejected = 0;
  for (int i = 0; i < 5000; ++i) {
    std::vector<char> damaged(encoded.begin(), encoded.end());
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    }
    if (rng() % 4 == 0) damaged.resize(rng() % damaged.size());
    if (ExerciseDamaged(std::string_view(damaged.data(), damaged.size()),
                        &layout, ShapeOf(encoded, &layout))) {
      ++decoded;
    } else {
      ++rejected;
    }
  }
  // Flips inside value bytes give other valid records; the rest is caught.
  EXPECT_GT(decoded, 100);
  EXPECT_GT(rejected, 1000);
}

TEST(RecordCorruptionTest, RandomGarbageNeverCrashes) {
  const RecordLayout layout = RichLayout();
  std::mt19937 rng(99);
  for (int i = 0; i < 3000; ++i) {
    std::vector<char> garbage(rng() % 200);
    for (char& c : garbage) c = static_cast<char>(rng());
    if (garbage.size() >= 4 && rng() % 2 == 0) {
      garbage[0] = 1;  // a plausible header
      garbage[1] = static_cast<char>(rng() % 2);
      garbage[2] = static_cast<char>(rng() % 6);
      garbage[3] = static_cast<char>(rng() % 4);
    }
    // Primed with the header the garbage claims, when it is a valid one.
    RecordShape primed;
    if (garbage.size() >= 4) {
      std::string header(garbage.begin(), garbage.begin() + 4);
      RecordView ignored;
      (void)RecordView::TryOpenShaped(header, &layout, &primed, &ignored);
    }
    ExerciseDamaged(std::string_view(garbage.data(), garbage.size()), &layout,
                    primed);
  }
}

}  // namespace
}  // namespace lmjet::engine
