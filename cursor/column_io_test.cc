#include "cursor/column_io.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <ostream>
#include <string>

#include "api/esent.h"
#include "engine/index_keys.h"
#include "engine/record.h"
#include "engine/schema.h"
#include "gtest/gtest.h"

namespace lmjet::cursor {
namespace {

// Fixed columns.
constexpr JET_COLUMNID kBit = 1;
constexpr JET_COLUMNID kUByte = 2;
constexpr JET_COLUMNID kShort = 3;
constexpr JET_COLUMNID kUShort = 4;
constexpr JET_COLUMNID kLong = 5;
constexpr JET_COLUMNID kULong = 6;
constexpr JET_COLUMNID kLongLong = 7;
constexpr JET_COLUMNID kULongLong = 8;
constexpr JET_COLUMNID kCurrency = 9;
constexpr JET_COLUMNID kSingle = 10;
constexpr JET_COLUMNID kDouble = 11;
constexpr JET_COLUMNID kDateTime = 12;
constexpr JET_COLUMNID kGuid = 13;
constexpr JET_COLUMNID kFixedText = 14;    // cp 1252, cbMax 8
constexpr JET_COLUMNID kFixedText16 = 15;  // cp 1200, cbMax 8
constexpr JET_COLUMNID kFixedBinary = 16;  // cbMax 6
constexpr JET_COLUMNID kNotNullLong = 17;
constexpr JET_COLUMNID kDefaultLong = 18;  // default 42
constexpr JET_COLUMNID kAutoInc = 19;
constexpr JET_COLUMNID kVersion = 20;
constexpr JET_COLUMNID kEscrow = 21;            // default 0
constexpr JET_COLUMNID kDefaultBit = 22;        // default 0x01
constexpr JET_COLUMNID kDefaultFixedText = 23;  // cbMax 5, default "ab"
// Variable columns.
constexpr JET_COLUMNID kText = 128;    // cp 1252, cbMax 10
constexpr JET_COLUMNID kText16 = 129;  // cp 1200, cbMax 10
constexpr JET_COLUMNID kBinary = 130;  // cbMax 5
constexpr JET_COLUMNID kNotNullText = 131;
constexpr JET_COLUMNID kDefaultBinary = 132;  // default "dflt"
// Tagged columns.
constexpr JET_COLUMNID kLongText = 256;
constexpr JET_COLUMNID kLongBinary = 257;
constexpr JET_COLUMNID kTaggedLong = 258;         // multi-valued
constexpr JET_COLUMNID kTaggedBinary = 259;       // multi-valued, cbMax 8
constexpr JET_COLUMNID kTaggedText = 260;         // multi-valued, cp 1252, 255
constexpr JET_COLUMNID kSmallLongBinary = 261;    // cbMax 16
constexpr JET_COLUMNID kDefaultLongText = 262;    // default "xyz"
constexpr JET_COLUMNID kDefaultTaggedLong = 263;  // default 7
constexpr JET_COLUMNID kTaggedBit = 264;

constexpr unsigned long kUnlimited = 0;

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

template <typename T>
std::string Raw(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(&out[0], &value, sizeof(T));
  return out;
}

void AddColumn(engine::TableDef* table, JET_COLUMNID columnid,
               JET_COLTYP coltyp, uint32_t cb_max, JET_GRBIT grbit,
               unsigned long cp = 0, const std::string& def = "") {
  engine::ColumnDef column;
  const Status status = engine::CheckColumnDefinition(
      coltyp, cb_max, grbit, cp, def.empty() ? nullptr : def.data(), def.size(),
      engine::ColumnRequestContext(), &column);
  ASSERT_TRUE(status.ok()) << columnid << ": " << status.code();
  column.name = "c" + std::to_string(columnid);
  column.columnid = columnid;
  table->columns.push_back(column);
}

struct Got {
  JET_ERR code = 0;
  std::string buffer;  // the whole output buffer (0x5A where untouched)
  unsigned long actual = 0;
  JET_COLUMNID next_tagged = 0;
};

bool operator==(const Got& a, const Got& b) {
  return a.code == b.code && a.buffer == b.buffer && a.actual == b.actual &&
         a.next_tagged == b.next_tagged;
}

std::ostream& operator<<(std::ostream& os, const Got& g) {
  os << "{code=" << g.code << " actual=" << g.actual << " buffer=";
  for (unsigned char c : g.buffer) os << std::hex << int(c) << ' ';
  return os << std::dec << "}";
}

class ColumnIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine::TableDef& t = table_;
    const JET_GRBIT fixed = JET_bitColumnFixed;
    AddColumn(&t, kBit, JET_coltypBit, 0, fixed);
    AddColumn(&t, kUByte, JET_coltypUnsignedByte, 0, fixed);
    AddColumn(&t, kShort, JET_coltypShort, 0, fixed);
    AddColumn(&t, kUShort, JET_coltypUnsignedShort, 0, fixed);
    AddColumn(&t, kLong, JET_coltypLong, 0, fixed);
    AddColumn(&t, kULong, JET_coltypUnsignedLong, 0, fixed);
    AddColumn(&t, kLongLong, JET_coltypLongLong, 0, fixed);
    AddColumn(&t, kULongLong, JET_coltypUnsignedLongLong, 0, fixed);
    AddColumn(&t, kCurrency, JET_coltypCurrency, 0, fixed);
    AddColumn(&t, kSingle, JET_coltypIEEESingle, 0, fixed);
    AddColumn(&t, kDouble, JET_coltypIEEEDouble, 0, fixed);
    AddColumn(&t, kDateTime, JET_coltypDateTime, 0, fixed);
    AddColumn(&t, kGuid, JET_coltypGUID, 0, fixed);
    AddColumn(&t, kFixedText, JET_coltypText, 8, fixed, 1252);
    AddColumn(&t, kFixedText16, JET_coltypText, 8, fixed, 1200);
    AddColumn(&t, kFixedBinary, JET_coltypBinary, 6, fixed);
    AddColumn(&t, kNotNullLong, JET_coltypLong, 0,
              fixed | JET_bitColumnNotNULL);
    AddColumn(&t, kDefaultLong, JET_coltypLong, 0, fixed, 0, Raw<int32_t>(42));
    AddColumn(&t, kAutoInc, JET_coltypLong, 0,
              fixed | JET_bitColumnAutoincrement);
    AddColumn(&t, kVersion, JET_coltypLong, 0, fixed | JET_bitColumnVersion);
    AddColumn(&t, kEscrow, JET_coltypLong, 0, fixed | JET_bitColumnEscrowUpdate,
              0, Raw<int32_t>(0));
    AddColumn(&t, kDefaultBit, JET_coltypBit, 0, fixed, 0, Bytes({1}));
    AddColumn(&t, kDefaultFixedText, JET_coltypText, 5, fixed, 1252, "ab");
    AddColumn(&t, kText, JET_coltypText, 10, 0, 1252);
    AddColumn(&t, kText16, JET_coltypText, 10, 0, 1200);
    AddColumn(&t, kBinary, JET_coltypBinary, 5, 0);
    AddColumn(&t, kNotNullText, JET_coltypText, 20, JET_bitColumnNotNULL, 1252);
    AddColumn(&t, kDefaultBinary, JET_coltypBinary, 20, 0, 0, "dflt");
    AddColumn(&t, kLongText, JET_coltypLongText, 0, 0, 1252);
    AddColumn(&t, kLongBinary, JET_coltypLongBinary, 0, 0);
    AddColumn(&t, kTaggedLong, JET_coltypLong, 0,
              JET_bitColumnTagged | JET_bitColumnMultiValued);
    AddColumn(&t, kTaggedBinary, JET_coltypBinary, 8,
              JET_bitColumnTagged | JET_bitColumnMultiValued);
    AddColumn(&t, kTaggedText, JET_coltypText, 0,
              JET_bitColumnTagged | JET_bitColumnMultiValued, 1252);
    AddColumn(&t, kSmallLongBinary, JET_coltypLongBinary, 16, 0);
    AddColumn(&t, kDefaultLongText, JET_coltypLongText, 0, 0, 1252, "xyz");
    AddColumn(&t, kDefaultTaggedLong, JET_coltypLong, 0, JET_bitColumnTagged, 0,
              Raw<int32_t>(7));
    AddColumn(&t, kTaggedBit, JET_coltypBit, 0, JET_bitColumnTagged);
    ASSERT_TRUE(engine::MakeRecordLayout(table_, &layout_).ok());
    copy_ = engine::Record(&layout_);
  }

  Status Set(JET_COLUMNID columnid, const std::string& value,
             JET_GRBIT grbit = 0, const JET_SETINFO* setinfo = nullptr,
             bool replacing = false, bool allow_autoincrement = false) {
    return SetColumn(table_, columnid, value.data(), value.size(), grbit,
                     setinfo, replacing, allow_autoincrement, &copy_);
  }

  Status SetAt(JET_COLUMNID columnid, const std::string& value,
               unsigned long itag, JET_GRBIT grbit = 0, unsigned long ib = 0) {
    JET_SETINFO setinfo = {sizeof(JET_SETINFO), ib, itag};
    return Set(columnid, value, grbit, &setinfo);
  }

  Got Get(const RecordSource& source, JET_COLUMNID columnid, unsigned long cb,
          JET_GRBIT grbit, JET_RETINFO* retinfo, bool null_buffer) {
    Got got;
    got.buffer.assign(cb, '\x5A');
    got.actual = 0xABCD;
    void* data = null_buffer || cb == 0 ? nullptr : &got.buffer[0];
    got.code = RetrieveColumn(table_, columnid, source, data, cb, &got.actual,
                              grbit, retinfo)
                   .code();
    if (retinfo != nullptr) got.next_tagged = retinfo->columnidNextTagged;
    return got;
  }

  // Retrieves from the copy buffer and from its encoding (RecordView), and
  // expects the same answer from both.
  Got GetBoth(JET_COLUMNID columnid, unsigned long cb = 32, JET_GRBIT grbit = 0,
              const JET_RETINFO* retinfo = nullptr, bool null_buffer = false) {
    JET_RETINFO r1{}, r2{};
    if (retinfo != nullptr) r1 = r2 = *retinfo;
    const Got from_copy = Get(RecordSource(copy_, false), columnid, cb, grbit,
                              retinfo ? &r1 : nullptr, null_buffer);
    engine::EncodeOptions options;
    options.max_inline_value = JET_cbLVColumnMost;
    std::string encoded;
    EXPECT_TRUE(copy_.Encode(options, &encoded).ok());
    engine::RecordView view;
    EXPECT_TRUE(engine::RecordView::Open(encoded, &layout_, &view).ok());
    const Got from_view = Get(RecordSource(view), columnid, cb, grbit,
                              retinfo ? &r2 : nullptr, null_buffer);
    EXPECT_EQ(from_copy, from_view);
    return from_copy;
  }

  // The value bytes (success expected).
  std::string Value(JET_COLUMNID columnid, unsigned long itag = 1) {
    JET_RETINFO retinfo = {sizeof(JET_RETINFO), 0, itag, 0};
    const Got got = GetBoth(columnid, 300, 0, &retinfo);
    EXPECT_EQ(got.code, JET_errSuccess) << columnid;
    return got.buffer.substr(0, got.actual);
  }

  JET_ERR CodeAt(JET_COLUMNID columnid, unsigned long itag) {
    JET_RETINFO retinfo = {sizeof(JET_RETINFO), 0, itag, 0};
    return GetBoth(columnid, 300, 0, &retinfo).code;
  }

  engine::TableDef table_;
  engine::RecordLayout layout_;
  engine::Record copy_{nullptr};
};

// --- Column ids, parameters, grbits -----------------------------------

TEST_F(ColumnIoTest, UnknownColumnIds) {
  EXPECT_EQ(Set(99, Raw<int32_t>(1)).code(), JET_errColumnNotFound);
  EXPECT_EQ(Set(300, "x").code(), JET_errColumnNotFound);
  EXPECT_EQ(Set(0x80000005, Raw<int32_t>(1)).code(), JET_errColumnNotFound);
  EXPECT_EQ(Set(0, "x").code(), JET_errBadColumnId);
  EXPECT_EQ(Set(0x10005, "x").code(), JET_errBadColumnId);
  EXPECT_EQ(GetBoth(99).code, JET_errColumnNotFound);
  EXPECT_EQ(GetBoth(0x10005).code, JET_errBadColumnId);
}

TEST_F(ColumnIoTest, TooLongDataIsInvalidParameter) {
  if (sizeof(unsigned long) <= 4) GTEST_SKIP();
  const char byte = 'a';
  EXPECT_EQ(SetColumn(table_, kLongBinary, &byte, 0x80000000ul, 0, nullptr,
                      false, false, &copy_)
                .code(),
            JET_errInvalidParameter);
}

TEST_F(ColumnIoTest, NullDataWithSizeSetsNull) {
  ASSERT_EQ(Set(kText, "abc").code(), JET_errSuccess);
  // ESE (ErrFLDSetOneColumn) counts cbData as 0 when pvData is null.
  EXPECT_EQ(
      SetColumn(table_, kText, nullptr, 5, 0, nullptr, false, false, &copy_)
          .code(),
      JET_errSuccess);
  EXPECT_EQ(GetBoth(kText).code, JET_wrnColumnNull);
  EXPECT_EQ(SetColumn(table_, kText, nullptr, 5, JET_bitSetZeroLength, nullptr,
                      false, false, &copy_)
                .code(),
            JET_errSuccess);
  const Got got = GetBoth(kText);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 0u);
  EXPECT_EQ(SetColumn(table_, kNotNullLong, nullptr, 4, 0, nullptr, false,
                      false, &copy_)
                .code(),
            JET_errNullInvalid);
  EXPECT_EQ(
      SetColumn(table_, kLong, nullptr, 4, 0, nullptr, false, false, nullptr)
          .code(),
      JET_errInvalidParameter);
}

TEST_F(ColumnIoTest, SetGrbits) {
  EXPECT_EQ(Set(kText, "a", 0x10000000).code(), JET_errInvalidGrbit);
  EXPECT_EQ(Set(kText, "a", 0x80000000).code(), JET_errInvalidGrbit);
  if (sizeof(JET_GRBIT) > 4) {
    EXPECT_EQ(Set(kText, "a", static_cast<JET_GRBIT>(1ull << 40)).code(),
              JET_errInvalidGrbit);
  }
  EXPECT_EQ(
      Set(kTaggedText, "a", JET_bitSetUniqueMultiValues | JET_bitSetAppendLV)
          .code(),
      JET_errInvalidGrbit);
  EXPECT_EQ(Set(kLongText, "a",
                JET_bitSetUniqueNormalizedMultiValues | JET_bitSetSizeLV)
                .code(),
            JET_errInvalidGrbit);
  // Unknown low bits are ignored, as ESE ignores them.
  EXPECT_EQ(Set(kText, "a", 0x2).code(), JET_errSuccess);
  EXPECT_EQ(Value(kText), "a");
  // Long-value hints are accepted.
  EXPECT_EQ(Set(kLongText, "lv", JET_bitSetIntrinsicLV).code(), JET_errSuccess);
  EXPECT_EQ(Set(kLongBinary, "lv", JET_bitSetSeparateLV).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongText), "lv");
  EXPECT_EQ(Value(kLongBinary), "lv");
}

TEST_F(ColumnIoTest, SetInfoSize) {
  JET_SETINFO setinfo = {sizeof(JET_SETINFO) - 1, 0, 1};
  EXPECT_EQ(Set(kTaggedLong, Raw<int32_t>(1), 0, &setinfo).code(),
            JET_errInvalidParameter);
  setinfo.cbStruct = sizeof(JET_SETINFO) + 8;  // larger is accepted (ESE)
  EXPECT_EQ(Set(kTaggedLong, Raw<int32_t>(1), 0, &setinfo).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kTaggedLong), Raw<int32_t>(1));
}

// --- Fixed columns ------------------------------------------------------

TEST_F(ColumnIoTest, FixedTypesNeedExactSizes) {
  struct Case {
    JET_COLUMNID columnid;
    size_t size;
  };
  const Case cases[] = {
      {kBit, 1},       {kUByte, 1},    {kShort, 2},  {kUShort, 2},
      {kLong, 4},      {kULong, 4},    {kSingle, 4}, {kLongLong, 8},
      {kULongLong, 8}, {kCurrency, 8}, {kDouble, 8}, {kDateTime, 8},
      {kGuid, 16},
  };
  for (const Case& c : cases) {
    // One byte short (for 1-byte types that is cb 0: NULL, not an error).
    EXPECT_EQ(Set(c.columnid, std::string(c.size - 1, '\x01')).code(),
              c.size == 1 ? JET_errSuccess : JET_errInvalidBufferSize)
        << c.columnid;
    EXPECT_EQ(Set(c.columnid, std::string(c.size + 1, '\x01')).code(),
              JET_errInvalidBufferSize)
        << c.columnid;
    std::string value;
    for (size_t i = 0; i < c.size; ++i) value.push_back(char(0x80 + i));
    if (c.columnid == kBit) value = Bytes({0xFF});
    EXPECT_EQ(Set(c.columnid, value).code(), JET_errSuccess) << c.columnid;
    EXPECT_EQ(Value(c.columnid), value) << c.columnid;
  }
  // An LP64 "long" is 8 bytes: the classic porting mistake.
  EXPECT_EQ(Set(kLong, Raw<int64_t>(5)).code(), JET_errInvalidBufferSize);
}

TEST_F(ColumnIoTest, BitIsNormalized) {
  ASSERT_EQ(Set(kBit, Bytes({0x05})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kBit), Bytes({0xFF}));
  ASSERT_EQ(Set(kBit, Bytes({0x00})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kBit), Bytes({0x00}));
  // A fixed Bit default reads as stored: 0xFF.
  EXPECT_EQ(Value(kDefaultBit), Bytes({0xFF}));
  // Tagged Bit values are stored as given (tagfld.cxx copies the bytes).
  ASSERT_EQ(Set(kTaggedBit, Bytes({0x05})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kTaggedBit), Bytes({0x05}));
}

TEST_F(ColumnIoTest, FixedTextAndBinaryArePadded) {
  EXPECT_EQ(Set(kFixedText, "123456789").code(), JET_errInvalidBufferSize);
  EXPECT_EQ(Set(kFixedBinary, "1234567").code(), JET_errInvalidBufferSize);
  ASSERT_EQ(Set(kFixedText, "abc").code(), JET_errSuccess);
  EXPECT_EQ(Value(kFixedText), "abc     ");
  ASSERT_EQ(Set(kFixedText16, Bytes({'a', 0, 'b', 0})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kFixedText16), Bytes({'a', 0, 'b', 0, ' ', 0, ' ', 0}));
  // An odd cp 1200 size is accepted; the fill follows the offset parity.
  ASSERT_EQ(Set(kFixedText16, Bytes({'a', 0, 'b'})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kFixedText16), Bytes({'a', 0, 'b', 0, ' ', 0, ' ', 0}));
  ASSERT_EQ(Set(kFixedText16, Bytes({'x'})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kFixedText16), Bytes({'x', 0, ' ', 0, ' ', 0, ' ', 0}));
  ASSERT_EQ(Set(kFixedBinary, Bytes({1, 2})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kFixedBinary), Bytes({1, 2, 0, 0, 0, 0}));
  ASSERT_EQ(Set(kFixedBinary, Bytes({1, 2, 3, 4, 5, 6})).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kFixedBinary), Bytes({1, 2, 3, 4, 5, 6}));
  // A short default reads padded, all cbMax bytes.
  const Got got = GetBoth(kDefaultFixedText, 3);
  EXPECT_EQ(got.code, JET_wrnBufferTruncated);
  EXPECT_EQ(got.actual, 5u);
  EXPECT_EQ(got.buffer, "ab ");
  EXPECT_EQ(Value(kDefaultFixedText), "ab   ");
}

TEST_F(ColumnIoTest, FixedZeroLengthIsNull) {
  ASSERT_EQ(Set(kLong, Raw<int32_t>(3)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kLong, "", JET_bitSetZeroLength).code(), JET_errSuccess);
  const Got got = GetBoth(kLong);
  EXPECT_EQ(got.code, JET_wrnColumnNull);
  EXPECT_EQ(got.actual, 0u);
  EXPECT_EQ(got.buffer, std::string(32, '\x5A'));
  EXPECT_EQ(Set(kNotNullLong, "", JET_bitSetZeroLength).code(),
            JET_errNullInvalid);
}

// --- Variable and NULL ---------------------------------------------------

TEST_F(ColumnIoTest, VariableIsTruncatedWithWarning) {
  EXPECT_EQ(Set(kText, "0123456789AB").code(), JET_wrnColumnMaxTruncated);
  EXPECT_EQ(Value(kText), "0123456789");
  EXPECT_EQ(Set(kBinary, "123456").code(), JET_wrnColumnMaxTruncated);
  EXPECT_EQ(Value(kBinary), "12345");
  EXPECT_EQ(Set(kBinary, "12345").code(), JET_errSuccess);
  // Tagged (not long) columns refuse instead.
  EXPECT_EQ(Set(kTaggedBinary, "123456789").code(), JET_errColumnTooBig);
  EXPECT_EQ(Set(kTaggedText, std::string(256, 'a')).code(),
            JET_errColumnTooBig);
  EXPECT_EQ(Set(kTaggedLong, Raw<int64_t>(1)).code(), JET_errColumnTooBig);
  EXPECT_EQ(Set(kTaggedLong, Raw<int16_t>(1)).code(), JET_errInvalidBufferSize);
}

TEST_F(ColumnIoTest, OddUnicodeTextIsStoredAsGiven) {
  ASSERT_EQ(Set(kText16, Bytes({'a', 0, 'b'})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kText16), Bytes({'a', 0, 'b'}));
  EXPECT_EQ(Set(kText16, std::string(11, 'z')).code(),
            JET_wrnColumnMaxTruncated);
  EXPECT_EQ(Value(kText16), std::string(10, 'z'));
}

TEST_F(ColumnIoTest, EmptyDataSetsNullUnlessZeroLength) {
  ASSERT_EQ(Set(kText, "abc").code(), JET_errSuccess);
  ASSERT_EQ(Set(kText, "").code(), JET_errSuccess);
  Got got = GetBoth(kText);
  EXPECT_EQ(got.code, JET_wrnColumnNull);
  EXPECT_EQ(got.actual, 0u);
  ASSERT_EQ(Set(kText, "", JET_bitSetZeroLength).code(), JET_errSuccess);
  got = GetBoth(kText);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 0u);
  EXPECT_EQ(got.buffer, std::string(32, '\x5A'));
  // ZeroLength with data sets the data.
  ASSERT_EQ(Set(kText, "q", JET_bitSetZeroLength).code(), JET_errSuccess);
  EXPECT_EQ(Value(kText), "q");
  // A tagged fixed-size type takes zero-length values (tagfld.cxx).
  ASSERT_EQ(Set(kTaggedLong, "", JET_bitSetZeroLength).code(), JET_errSuccess);
  got = GetBoth(kTaggedLong);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 0u);
}

TEST_F(ColumnIoTest, NullOnNotNullColumnFailsAtOnce) {
  EXPECT_EQ(Set(kNotNullLong, "").code(), JET_errNullInvalid);
  EXPECT_EQ(Set(kNotNullText, "").code(), JET_errNullInvalid);
  EXPECT_EQ(Set(kNotNullText, "", JET_bitSetZeroLength).code(), JET_errSuccess);
  EXPECT_EQ(Set(kNotNullLong, Raw<int32_t>(9)).code(), JET_errSuccess);
  EXPECT_EQ(Value(kNotNullLong), Raw<int32_t>(9));
}

// --- Special columns -------------------------------------------------------

TEST_F(ColumnIoTest, AutoincrementVersionAndEscrowColumns) {
  EXPECT_EQ(Set(kAutoInc, Raw<int32_t>(5)).code(), JET_errInvalidColumnType);
  EXPECT_EQ(Set(kAutoInc, Raw<int32_t>(5), 0, nullptr, true).code(),
            JET_errInvalidColumnType);
  EXPECT_EQ(Set(kAutoInc, Raw<int32_t>(5), 0, nullptr, false, true).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kAutoInc), Raw<int32_t>(5));
  EXPECT_EQ(Set(kVersion, Raw<int32_t>(3), 0, nullptr, true).code(),
            JET_errInvalidColumnType);
  EXPECT_EQ(Set(kVersion, Raw<int32_t>(3)).code(), JET_errSuccess);
  EXPECT_EQ(Value(kVersion), Raw<int32_t>(3));
  // ESE's SetColumn does not guard escrow columns.
  EXPECT_EQ(Set(kEscrow, Raw<int32_t>(11), 0, nullptr, true).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kEscrow), Raw<int32_t>(11));
}

TEST_F(ColumnIoTest, EscrowRetrievalNeedsItsSize) {
  ASSERT_EQ(Set(kEscrow, Raw<int32_t>(0x01020304)).code(), JET_errSuccess);
  const Got small = GetBoth(kEscrow, 2);
  EXPECT_EQ(small.code, JET_errInvalidBufferSize);
  EXPECT_EQ(small.actual, 4u);
  EXPECT_EQ(GetBoth(kEscrow, 8).code, JET_errSuccess);
  // With an insert prepared ESE does not check.
  const Got insert =
      Get(RecordSource(copy_, true), kEscrow, 2, 0, nullptr, false);
  EXPECT_EQ(insert.code, JET_wrnBufferTruncated);
  EXPECT_EQ(insert.buffer, Raw<int32_t>(0x01020304).substr(0, 2));
  // NULL copies 0 bytes: also the wrong size.
  ASSERT_EQ(Set(kEscrow, "").code(), JET_errSuccess);
  EXPECT_EQ(GetBoth(kEscrow, 8).code, JET_errInvalidBufferSize);
  // The default (0) when absent.
  ASSERT_TRUE(copy_.Unset(kEscrow).ok());
  EXPECT_EQ(Value(kEscrow), Raw<int32_t>(0));
}

// --- Multi-valued tagged columns -------------------------------------------

TEST_F(ColumnIoTest, ItagSequenceAppendsAndReplaces) {
  ASSERT_EQ(SetAt(kTaggedLong, Raw<int32_t>(10), 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedLong, Raw<int32_t>(20), 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedLong, Raw<int32_t>(30), 9).code(), JET_errSuccess);
  EXPECT_EQ(Value(kTaggedLong, 1), Raw<int32_t>(10));
  EXPECT_EQ(Value(kTaggedLong, 2), Raw<int32_t>(20));
  EXPECT_EQ(Value(kTaggedLong, 3), Raw<int32_t>(30));
  ASSERT_EQ(SetAt(kTaggedLong, Raw<int32_t>(21), 2).code(), JET_errSuccess);
  EXPECT_EQ(Value(kTaggedLong, 2), Raw<int32_t>(21));
  // No setinfo: itagSequence 1, replacing the first value.
  ASSERT_EQ(Set(kTaggedLong, Raw<int32_t>(11)).code(), JET_errSuccess);
  EXPECT_EQ(Value(kTaggedLong, 1), Raw<int32_t>(11));
  EXPECT_EQ(copy_.CountValues(kTaggedLong), 3u);
  // Beyond the count: JET_wrnColumnNull with *actual 0.
  JET_RETINFO retinfo = {sizeof(JET_RETINFO), 0, 4, 0};
  const Got got = GetBoth(kTaggedLong, 8, 0, &retinfo);
  EXPECT_EQ(got.code, JET_wrnColumnNull);
  EXPECT_EQ(got.actual, 0u);
  EXPECT_EQ(got.buffer, std::string(8, '\x5A'));
}

TEST_F(ColumnIoTest, NullRemovesValueN) {
  for (int v : {1, 2, 3}) {
    ASSERT_EQ(SetAt(kTaggedLong, Raw<int32_t>(v), 0).code(), JET_errSuccess);
  }
  ASSERT_EQ(SetAt(kTaggedLong, "", 2).code(), JET_errSuccess);
  EXPECT_EQ(Value(kTaggedLong, 1), Raw<int32_t>(1));
  EXPECT_EQ(Value(kTaggedLong, 2), Raw<int32_t>(3));
  EXPECT_EQ(CodeAt(kTaggedLong, 3), JET_wrnColumnNull);
  // itag 0 and beyond the count change nothing.
  ASSERT_EQ(SetAt(kTaggedLong, "", 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedLong, "", 7).code(), JET_errSuccess);
  EXPECT_EQ(copy_.CountValues(kTaggedLong), 2u);
  ASSERT_EQ(SetAt(kTaggedLong, "", 1).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedLong, "", 1).code(), JET_errSuccess);
  EXPECT_EQ(copy_.CountValues(kTaggedLong), 0u);
  EXPECT_EQ(CodeAt(kTaggedLong, 1), JET_wrnColumnNull);
}

TEST_F(ColumnIoTest, NullHidesTaggedDefaultAndRevertRestoresIt) {
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(7));
  ASSERT_EQ(Set(kDefaultTaggedLong, "").code(), JET_errSuccess);
  EXPECT_EQ(GetBoth(kDefaultTaggedLong).code, JET_wrnColumnNull);
  ASSERT_EQ(Set(kDefaultTaggedLong, "", JET_bitSetRevertToDefaultValue).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(7));
  // Removing the only value leaves an explicit NULL too.
  ASSERT_EQ(Set(kDefaultTaggedLong, Raw<int32_t>(8)).code(), JET_errSuccess);
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(8));
  ASSERT_EQ(Set(kDefaultTaggedLong, "").code(), JET_errSuccess);
  EXPECT_EQ(GetBoth(kDefaultTaggedLong).code, JET_wrnColumnNull);
  // A value replaces the explicit NULL.
  ASSERT_EQ(SetAt(kDefaultTaggedLong, Raw<int32_t>(9), 0).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(9));
  // Revert drops every value.
  ASSERT_EQ(SetAt(kDefaultTaggedLong, Raw<int32_t>(10), 0).code(),
            JET_errSuccess);
  ASSERT_EQ(
      SetAt(kDefaultTaggedLong, "", 2, JET_bitSetRevertToDefaultValue).code(),
      JET_errSuccess);
  EXPECT_EQ(copy_.CountValues(kDefaultTaggedLong), 0u);
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(7));
  // With data the flag is ignored.
  ASSERT_EQ(
      Set(kDefaultTaggedLong, Raw<int32_t>(5), JET_bitSetRevertToDefaultValue)
          .code(),
      JET_errSuccess);
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(5));
}

TEST_F(ColumnIoTest, RevertToDefaultOnFixedAndVariable) {
  ASSERT_EQ(Set(kDefaultLong, Raw<int32_t>(1)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kDefaultLong, "", JET_bitSetRevertToDefaultValue).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kDefaultLong), Raw<int32_t>(42));
  ASSERT_EQ(Set(kDefaultBinary, "zz").code(), JET_errSuccess);
  ASSERT_EQ(Set(kDefaultBinary, "", JET_bitSetRevertToDefaultValue).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kDefaultBinary), "dflt");
  // NOT NULL is then JetUpdate's business.
  ASSERT_EQ(Set(kNotNullLong, "", JET_bitSetRevertToDefaultValue).code(),
            JET_errSuccess);
}

TEST_F(ColumnIoTest, UniqueMultiValues) {
  ASSERT_EQ(SetAt(kTaggedBinary, "abc", 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedBinary, "def", 0).code(), JET_errSuccess);
  EXPECT_EQ(SetAt(kTaggedBinary, "abc", 0, JET_bitSetUniqueMultiValues).code(),
            JET_errMultiValuedDuplicate);
  EXPECT_EQ(SetAt(kTaggedBinary, "def", 1, JET_bitSetUniqueMultiValues).code(),
            JET_errMultiValuedDuplicate);
  // Replacing a value by itself is not a duplicate.
  EXPECT_EQ(SetAt(kTaggedBinary, "abc", 1, JET_bitSetUniqueMultiValues).code(),
            JET_errSuccess);
  EXPECT_EQ(SetAt(kTaggedBinary, "ABC", 0, JET_bitSetUniqueMultiValues).code(),
            JET_errSuccess);
  EXPECT_EQ(copy_.CountValues(kTaggedBinary), 3u);
  // NULL sets are not checked; zero-length values are.
  EXPECT_EQ(SetAt(kTaggedBinary, "", 0, JET_bitSetUniqueMultiValues).code(),
            JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedBinary, "", 0, JET_bitSetZeroLength).code(),
            JET_errSuccess);
  EXPECT_EQ(SetAt(kTaggedBinary, "", 0,
                  JET_bitSetZeroLength | JET_bitSetUniqueMultiValues)
                .code(),
            JET_errMultiValuedDuplicate);
  EXPECT_EQ(copy_.CountValues(kTaggedBinary), 4u);
}

TEST_F(ColumnIoTest, UniqueNormalizedMultiValues) {
  ASSERT_EQ(SetAt(kTaggedText, "Hello", 0).code(), JET_errSuccess);
  EXPECT_EQ(SetAt(kTaggedText, "hello", 0, JET_bitSetUniqueMultiValues).code(),
            JET_errSuccess);
  EXPECT_EQ(
      SetAt(kTaggedText, "HELLO", 0, JET_bitSetUniqueNormalizedMultiValues)
          .code(),
      JET_errMultiValuedDuplicate);
  // Equal only after the key is cut at JET_cbKeyMost.
  const std::string a = std::string(254, 'k') + "a";
  const std::string b = std::string(254, 'k') + "b";
  ASSERT_EQ(SetAt(kTaggedText, a, 0).code(), JET_errSuccess);
  EXPECT_EQ(
      SetAt(kTaggedText, b, 0, JET_bitSetUniqueNormalizedMultiValues).code(),
      JET_errMultiValuedDuplicateAfterTruncation);
  EXPECT_EQ(copy_.CountValues(kTaggedText), 3u);
}

TEST_F(ColumnIoTest, UniqueLongValues) {
  ASSERT_EQ(SetAt(kLongText, "alpha", 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kLongText, "beta", 0).code(), JET_errSuccess);
  EXPECT_EQ(SetAt(kLongText, "alpha", 0, JET_bitSetUniqueMultiValues).code(),
            JET_errMultiValuedDuplicate);
  EXPECT_EQ(SetAt(kLongText, "ALPHA", 0, JET_bitSetUniqueNormalizedMultiValues)
                .code(),
            JET_errMultiValuedDuplicate);
  EXPECT_EQ(SetAt(kLongText, "alpha", 1, JET_bitSetUniqueMultiValues).code(),
            JET_errSuccess);
  EXPECT_EQ(copy_.CountValues(kLongText), 2u);
}

// --- Long values -------------------------------------------------------

TEST_F(ColumnIoTest, AppendLV) {
  ASSERT_EQ(Set(kLongBinary, "abc", JET_bitSetAppendLV).code(), JET_errSuccess);
  ASSERT_EQ(Set(kLongBinary, "def", JET_bitSetAppendLV).code(), JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), "abcdef");
  ASSERT_EQ(Set(kLongBinary, "", JET_bitSetAppendLV).code(), JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), "abcdef");
  // Appending nothing to no value makes a zero-length value.
  ASSERT_EQ(Set(kLongText, "", JET_bitSetAppendLV).code(), JET_errSuccess);
  const Got got = GetBoth(kLongText);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 0u);
  // Appending to an absent column with a default appends to the default.
  ASSERT_EQ(Set(kDefaultLongText, "!", JET_bitSetAppendLV).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kDefaultLongText), "xyz!");
}

TEST_F(ColumnIoTest, OverwriteLV) {
  ASSERT_EQ(Set(kLongBinary, "abcdef").code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kLongBinary, "XY", 1, JET_bitSetOverwriteLV, 2).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), "abXYef");
  ASSERT_EQ(SetAt(kLongBinary, "123", 1, JET_bitSetOverwriteLV, 5).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), "abXYe123");
  ASSERT_EQ(SetAt(kLongBinary, "!", 1, JET_bitSetOverwriteLV, 8).code(),
            JET_errSuccess);  // at the end: an append
  EXPECT_EQ(Value(kLongBinary), "abXYe123!");
  EXPECT_EQ(SetAt(kLongBinary, "?", 1, JET_bitSetOverwriteLV, 10).code(),
            JET_errColumnNoChunk);
  EXPECT_EQ(Value(kLongBinary), "abXYe123!");
  // With SizeLV the value ends after the written bytes.
  ASSERT_EQ(
      SetAt(kLongBinary, "Z", 1, JET_bitSetOverwriteLV | JET_bitSetSizeLV, 1)
          .code(),
      JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), "aZ");
  // A new instance takes only offset 0.
  EXPECT_EQ(SetAt(kLongText, "x", 1, JET_bitSetOverwriteLV, 1).code(),
            JET_errColumnNoChunk);
  EXPECT_EQ(SetAt(kLongText, "", 1, JET_bitSetOverwriteLV, 1).code(),
            JET_errColumnNoChunk);
  ASSERT_EQ(SetAt(kLongText, "new", 1, JET_bitSetOverwriteLV, 0).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongText), "new");
}

TEST_F(ColumnIoTest, SizeLV) {
  ASSERT_EQ(Set(kLongBinary, "abcdef").code(), JET_errSuccess);
  // cb_data is the size; the data itself is not read (it may be null).
  ASSERT_EQ(SetColumn(table_, kLongBinary, nullptr, 3, JET_bitSetSizeLV,
                      nullptr, false, false, &copy_)
                .code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), "abc");
  ASSERT_EQ(Set(kLongBinary, "12345", JET_bitSetSizeLV).code(), JET_errSuccess);
  EXPECT_EQ(Value(kLongBinary), Bytes({'a', 'b', 'c', 0, 0}));
  // A new instance is zeroed out.
  ASSERT_EQ(SetColumn(table_, kLongText, nullptr, 4, JET_bitSetSizeLV, nullptr,
                      false, false, &copy_)
                .code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongText), std::string(4, '\0'));
  // Size 0 sets NULL; with ZeroLength, zero-length.
  ASSERT_EQ(Set(kLongText, "", JET_bitSetSizeLV).code(), JET_errSuccess);
  EXPECT_EQ(GetBoth(kLongText).code, JET_wrnColumnNull);
  ASSERT_EQ(Set(kLongText, "", JET_bitSetSizeLV | JET_bitSetZeroLength).code(),
            JET_errSuccess);
  const Got got = GetBoth(kLongText);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 0u);
  // Null data with an operation that reads it.
  EXPECT_EQ(SetColumn(table_, kLongText, nullptr, 4,
                      JET_bitSetSizeLV | JET_bitSetAppendLV, nullptr, false,
                      false, &copy_)
                .code(),
            JET_errInvalidParameter);
}

TEST_F(ColumnIoTest, LongValueMaxSize) {
  EXPECT_EQ(Set(kSmallLongBinary, std::string(17, 'x')).code(),
            JET_errColumnTooBig);
  ASSERT_EQ(Set(kSmallLongBinary, std::string(16, 'x')).code(), JET_errSuccess);
  EXPECT_EQ(Set(kSmallLongBinary, "y", JET_bitSetAppendLV).code(),
            JET_errColumnTooBig);
  EXPECT_EQ(Set(kSmallLongBinary, "yy", JET_bitSetSizeLV).code(),
            JET_errSuccess);
  EXPECT_EQ(
      Set(kSmallLongBinary, std::string(17, 'z'), JET_bitSetSizeLV).code(),
      JET_errColumnTooBig);
  EXPECT_EQ(Value(kSmallLongBinary), "xx");
}

TEST_F(ColumnIoTest, LongValueGrbitsOnOtherColumnsAreIgnored) {
  ASSERT_EQ(Set(kText, "abc").code(), JET_errSuccess);
  ASSERT_EQ(Set(kText, "def", JET_bitSetAppendLV).code(), JET_errSuccess);
  EXPECT_EQ(Value(kText), "def");
  ASSERT_EQ(Set(kLong, Raw<int32_t>(4), JET_bitSetOverwriteLV).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLong), Raw<int32_t>(4));
  ASSERT_EQ(SetColumn(table_, kBinary, nullptr, 3, JET_bitSetSizeLV, nullptr,
                      false, false, &copy_)
                .code(),
            JET_errSuccess);
  EXPECT_EQ(GetBoth(kBinary).code, JET_wrnColumnNull);
}

TEST_F(ColumnIoTest, LongValueMultiValues) {
  ASSERT_EQ(SetAt(kLongText, "one", 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kLongText, "two", 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kLongText, "+", 2, JET_bitSetAppendLV).code(),
            JET_errSuccess);
  ASSERT_EQ(SetAt(kLongText, "three", 0, JET_bitSetAppendLV).code(),
            JET_errSuccess);
  EXPECT_EQ(Value(kLongText, 1), "one");
  EXPECT_EQ(Value(kLongText, 2), "two+");
  EXPECT_EQ(Value(kLongText, 3), "three");
  ASSERT_EQ(SetAt(kLongText, "", 1).code(), JET_errSuccess);
  EXPECT_EQ(Value(kLongText, 1), "two+");
  EXPECT_EQ(copy_.CountValues(kLongText), 2u);
}

// --- Retrieval -----------------------------------------------------------

TEST_F(ColumnIoTest, AbsentColumnsReadTheirDefault) {
  EXPECT_EQ(Value(kDefaultLong), Raw<int32_t>(42));
  EXPECT_EQ(Value(kDefaultBinary), "dflt");
  EXPECT_EQ(Value(kDefaultLongText), "xyz");
  EXPECT_EQ(Value(kDefaultTaggedLong), Raw<int32_t>(7));
  // IgnoreDefault applies to tagged columns only (as in ESE).
  Got got = GetBoth(kDefaultTaggedLong, 8, JET_bitRetrieveIgnoreDefault);
  EXPECT_EQ(got.code, JET_wrnColumnNull);
  EXPECT_EQ(got.actual, 0u);
  EXPECT_EQ(GetBoth(kDefaultLongText, 8, JET_bitRetrieveIgnoreDefault).code,
            JET_wrnColumnNull);
  got = GetBoth(kDefaultLong, 8, JET_bitRetrieveIgnoreDefault);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.buffer.substr(0, 4), Raw<int32_t>(42));
  // The default is value 1 only.
  EXPECT_EQ(CodeAt(kDefaultTaggedLong, 2), JET_wrnColumnNull);
  // A NULL hides it.
  ASSERT_EQ(Set(kDefaultLong, "").code(), JET_errSuccess);
  EXPECT_EQ(GetBoth(kDefaultLong).code, JET_wrnColumnNull);
  // No default: NULL.
  got = GetBoth(kLong);
  EXPECT_EQ(got.code, JET_wrnColumnNull);
  EXPECT_EQ(got.actual, 0u);
}

TEST_F(ColumnIoTest, BufferTooSmall) {
  ASSERT_EQ(Set(kText, "abcdef").code(), JET_errSuccess);
  Got got = GetBoth(kText, 4);
  EXPECT_EQ(got.code, JET_wrnBufferTruncated);
  EXPECT_EQ(got.actual, 6u);
  EXPECT_EQ(got.buffer, "abcd");
  got = GetBoth(kText, 0);
  EXPECT_EQ(got.code, JET_wrnBufferTruncated);
  EXPECT_EQ(got.actual, 6u);
  // Null data counts as no room.
  got = GetBoth(kText, 4, 0, nullptr, true);
  EXPECT_EQ(got.code, JET_wrnBufferTruncated);
  EXPECT_EQ(got.actual, 6u);
  EXPECT_EQ(got.buffer, std::string(4, '\x5A'));
  got = GetBoth(kText, 6);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.buffer, "abcdef");
  // actual and retinfo may be null.
  char buffer[3];
  EXPECT_EQ(RetrieveColumn(table_, kText, RecordSource(copy_, false), buffer, 3,
                           nullptr, 0, nullptr)
                .code(),
            JET_wrnBufferTruncated);
  EXPECT_EQ(std::string(buffer, 3), "abc");
}

TEST_F(ColumnIoTest, RetInfo) {
  ASSERT_EQ(SetAt(kTaggedBinary, "v1", 0).code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedBinary, "v2", 0).code(), JET_errSuccess);
  JET_RETINFO retinfo = {sizeof(JET_RETINFO) - 1, 0, 1, 0};
  EXPECT_EQ(GetBoth(kTaggedBinary, 8, 0, &retinfo).code,
            JET_errInvalidParameter);
  retinfo = {sizeof(JET_RETINFO), 0, 2, 0};
  Got got = GetBoth(kTaggedBinary, 8, 0, &retinfo);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.buffer.substr(0, got.actual), "v2");
  EXPECT_EQ(got.next_tagged, kTaggedBinary);
  retinfo = {sizeof(JET_RETINFO), 0, 0, 0};
  got = GetBoth(kTaggedBinary, 8, 0, &retinfo);
  EXPECT_EQ(got.code, JET_errBadItagSequence);
  EXPECT_EQ(got.next_tagged, 0u);
  // Fixed and variable columns ignore itagSequence.
  ASSERT_EQ(Set(kLong, Raw<int32_t>(6)).code(), JET_errSuccess);
  retinfo = {sizeof(JET_RETINFO), 0, 0, 0};
  got = GetBoth(kLong, 8, 0, &retinfo);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.next_tagged, kLong);
  retinfo = {sizeof(JET_RETINFO), 3, 5, 0};
  got = GetBoth(kLong, 8, 0, &retinfo);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.buffer.substr(0, 4), Raw<int32_t>(6));
  // Also set for a NULL value.
  retinfo = {sizeof(JET_RETINFO), 0, 1, 0};
  EXPECT_EQ(GetBoth(kText, 8, 0, &retinfo).next_tagged, kText);
}

TEST_F(ColumnIoTest, LongValueOffset) {
  ASSERT_EQ(Set(kLongBinary, "0123456789").code(), JET_errSuccess);
  JET_RETINFO retinfo = {sizeof(JET_RETINFO), 4, 1, 0};
  Got got = GetBoth(kLongBinary, 32, 0, &retinfo);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 6u);
  EXPECT_EQ(got.buffer.substr(0, 6), "456789");
  retinfo = {sizeof(JET_RETINFO), 8, 1, 0};
  got = GetBoth(kLongBinary, 1, 0, &retinfo);
  EXPECT_EQ(got.code, JET_wrnBufferTruncated);
  EXPECT_EQ(got.actual, 2u);
  EXPECT_EQ(got.buffer, "8");
  for (unsigned long ib : {10ul, 11ul, 0xFFFFFFFFul}) {
    retinfo = {sizeof(JET_RETINFO), ib, 1, 0};
    got = GetBoth(kLongBinary, 4, 0, &retinfo);
    EXPECT_EQ(got.code, JET_errSuccess) << ib;
    EXPECT_EQ(got.actual, 0u) << ib;
    EXPECT_EQ(got.buffer, std::string(4, '\x5A')) << ib;
  }
  // Also for a default; not for other columns.
  retinfo = {sizeof(JET_RETINFO), 1, 1, 0};
  got = GetBoth(kDefaultLongText, 8, 0, &retinfo);
  EXPECT_EQ(got.buffer.substr(0, got.actual), "yz");
  ASSERT_EQ(Set(kBinary, "abc").code(), JET_errSuccess);
  got = GetBoth(kBinary, 8, 0, &retinfo);
  EXPECT_EQ(got.buffer.substr(0, got.actual), "abc");
  // An offset on NULL stays JET_wrnColumnNull.
  retinfo = {sizeof(JET_RETINFO), 1, 1, 0};
  EXPECT_EQ(GetBoth(kLongText, 8, 0, &retinfo).code, JET_wrnColumnNull);
}

TEST_F(ColumnIoTest, RetrieveGrbits) {
  ASSERT_EQ(Set(kText, "abc").code(), JET_errSuccess);
  EXPECT_EQ(GetBoth(kText, 8, 0x20000000).code, JET_errInvalidGrbit);
  EXPECT_EQ(GetBoth(kText, 8, JET_bitRetrieveTuple).code, JET_errInvalidGrbit);
  EXPECT_EQ(
      GetBoth(kText, 8,
              JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark)
          .code,
      JET_errInvalidGrbit);
  // Cursor-level bits read the record here.
  for (JET_GRBIT grbit :
       {JET_GRBIT{JET_bitRetrieveCopy}, JET_GRBIT{JET_bitRetrieveFromIndex},
        JET_GRBIT{JET_bitRetrieveFromPrimaryBookmark},
        JET_GRBIT{JET_bitRetrieveTag}, JET_GRBIT{JET_bitRetrieveNull},
        JET_GRBIT{JET_bitRetrieveFromIndex | JET_bitRetrieveTuple}}) {
    const Got got = GetBoth(kText, 8, grbit);
    EXPECT_EQ(got.code, JET_errSuccess) << grbit;
    EXPECT_EQ(got.buffer.substr(0, got.actual), "abc") << grbit;
  }
  // No separated long values: LongId and the refcount read as NULL.
  ASSERT_EQ(Set(kLongText, "lv").code(), JET_errSuccess);
  for (JET_GRBIT grbit : {JET_GRBIT{JET_bitRetrieveLongId},
                          JET_GRBIT{JET_bitRetrieveLongValueRefCount}}) {
    JET_RETINFO retinfo = {sizeof(JET_RETINFO), 0, 1, 0};
    const Got got = GetBoth(kLongText, 8, grbit, &retinfo);
    EXPECT_EQ(got.code, JET_wrnColumnNull);
    EXPECT_EQ(got.actual, 0u);
    EXPECT_EQ(got.next_tagged, 0u);
  }
}

TEST_F(ColumnIoTest, ColumnIdZero) {
  JET_RETINFO retinfo = {sizeof(JET_RETINFO), 0, 0, 0};
  EXPECT_EQ(GetBoth(0, 8, 0, &retinfo).code, JET_errBadItagSequence);
  EXPECT_EQ(GetBoth(0, 8).code, JET_errColumnNotFound);
}

TEST_F(ColumnIoTest, EveryTypeRoundTrips) {
  const std::string guid =
      Bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  ASSERT_EQ(Set(kUByte, Bytes({0xFE})).code(), JET_errSuccess);
  ASSERT_EQ(Set(kShort, Raw<int16_t>(-2)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kUShort, Raw<uint16_t>(65534)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kLong, Raw<int32_t>(-5)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kULong, Raw<uint32_t>(4000000000u)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kLongLong, Raw<int64_t>(-1234567890123ll)).code(),
            JET_errSuccess);
  ASSERT_EQ(Set(kULongLong, Raw<uint64_t>(~0ull)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kCurrency, Raw<int64_t>(12345)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kSingle, Raw<float>(1.5f)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kDouble, Raw<double>(-2.25)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kDateTime, Raw<double>(45000.5)).code(), JET_errSuccess);
  ASSERT_EQ(Set(kGuid, guid).code(), JET_errSuccess);
  ASSERT_EQ(Set(kText, "text").code(), JET_errSuccess);
  ASSERT_EQ(Set(kText16, Bytes({'t', 0, 'x', 0})).code(), JET_errSuccess);
  ASSERT_EQ(Set(kBinary, Bytes({0, 1, 0})).code(), JET_errSuccess);
  const std::string big(70000, 'L');
  ASSERT_EQ(Set(kLongText, big).code(), JET_errSuccess);
  ASSERT_EQ(Set(kLongBinary, Bytes({0, 0, 7})).code(), JET_errSuccess);
  EXPECT_EQ(Value(kUByte), Bytes({0xFE}));
  EXPECT_EQ(Value(kShort), Raw<int16_t>(-2));
  EXPECT_EQ(Value(kUShort), Raw<uint16_t>(65534));
  EXPECT_EQ(Value(kLong), Raw<int32_t>(-5));
  EXPECT_EQ(Value(kULong), Raw<uint32_t>(4000000000u));
  EXPECT_EQ(Value(kLongLong), Raw<int64_t>(-1234567890123ll));
  EXPECT_EQ(Value(kULongLong), Raw<uint64_t>(~0ull));
  EXPECT_EQ(Value(kCurrency), Raw<int64_t>(12345));
  EXPECT_EQ(Value(kSingle), Raw<float>(1.5f));
  EXPECT_EQ(Value(kDouble), Raw<double>(-2.25));
  EXPECT_EQ(Value(kDateTime), Raw<double>(45000.5));
  EXPECT_EQ(Value(kGuid), guid);
  EXPECT_EQ(Value(kText), "text");
  EXPECT_EQ(Value(kText16), Bytes({'t', 0, 'x', 0}));
  EXPECT_EQ(Value(kBinary), Bytes({0, 1, 0}));
  EXPECT_EQ(Value(kLongBinary), Bytes({0, 0, 7}));
  const Got got = GetBoth(kLongText, 100000);
  EXPECT_EQ(got.code, JET_errSuccess);
  EXPECT_EQ(got.actual, 70000u);
  EXPECT_EQ(got.buffer.substr(0, 70000), big);
}

TEST_F(ColumnIoTest, ErrorsLeaveTheCopyBufferUnchanged) {
  ASSERT_EQ(Set(kLongBinary, "keep").code(), JET_errSuccess);
  ASSERT_EQ(Set(kFixedText, "keep").code(), JET_errSuccess);
  ASSERT_EQ(SetAt(kTaggedBinary, "keep", 0).code(), JET_errSuccess);
  engine::EncodeOptions options;
  options.max_inline_value = JET_cbLVColumnMost;
  std::string before;
  ASSERT_TRUE(copy_.Encode(options, &before).ok());
  EXPECT_EQ(SetAt(kLongBinary, "x", 1, JET_bitSetOverwriteLV, 9).code(),
            JET_errColumnNoChunk);
  EXPECT_EQ(Set(kFixedText, std::string(9, 'x')).code(),
            JET_errInvalidBufferSize);
  EXPECT_EQ(SetAt(kTaggedBinary, "keep", 0, JET_bitSetUniqueMultiValues).code(),
            JET_errMultiValuedDuplicate);
  std::string after;
  ASSERT_TRUE(copy_.Encode(options, &after).ok());
  EXPECT_EQ(before, after);
}

// --- JetUpdate's NOT NULL check ------------------------------------------

TEST_F(ColumnIoTest, CheckRecordForUpdate) {
  EXPECT_EQ(CheckRecordForUpdate(table_, copy_).code(), JET_errNullInvalid);
  ASSERT_EQ(Set(kNotNullLong, Raw<int32_t>(1)).code(), JET_errSuccess);
  EXPECT_EQ(CheckRecordForUpdate(table_, copy_).code(), JET_errNullInvalid);
  ASSERT_EQ(Set(kNotNullText, "", JET_bitSetZeroLength).code(), JET_errSuccess);
  EXPECT_EQ(CheckRecordForUpdate(table_, copy_).code(), JET_errSuccess);
  ASSERT_EQ(Set(kNotNullLong, "", JET_bitSetRevertToDefaultValue).code(),
            JET_errSuccess);
  EXPECT_EQ(CheckRecordForUpdate(table_, copy_).code(), JET_errNullInvalid);

  // Absent with a default counts as set; an explicit NULL does not.
  engine::TableDef table;
  AddColumn(&table, 1, JET_coltypLong, 0,
            JET_bitColumnFixed | JET_bitColumnNotNULL, 0, Raw<int32_t>(3));
  engine::RecordLayout layout;
  ASSERT_TRUE(engine::MakeRecordLayout(table, &layout).ok());
  engine::Record copy(&layout);
  EXPECT_EQ(CheckRecordForUpdate(table, copy).code(), JET_errSuccess);
  ASSERT_TRUE(copy.SetNull(1, 1).ok());
  EXPECT_EQ(CheckRecordForUpdate(table, copy).code(), JET_errNullInvalid);
}

TEST(IsUpdatePrepTest, EveryKindButCancel) {
  for (unsigned long prep :
       {JET_prepInsert, JET_prepReplace, JET_prepReplaceNoLock,
        JET_prepInsertCopy, JET_prepInsertCopyDeleteOriginal,
        JET_prepReadOnlyCopy, JET_prepInsertMustSetAutoIncrement}) {
    EXPECT_TRUE(IsUpdatePrep(prep)) << prep;
  }
  EXPECT_FALSE(IsUpdatePrep(JET_prepCancel));
  EXPECT_FALSE(IsUpdatePrep(99));
}

}  // namespace
}  // namespace lmjet::cursor
