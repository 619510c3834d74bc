#include "cursor/search_key.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "api/esent.h"
#include "engine/key_codec.h"
#include "engine/schema.h"
#include "gtest/gtest.h"

namespace lmjet::cursor {
namespace {

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (i != 0) out.push_back(' ');
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

std::string Ff(size_t n) { return std::string(n, '\xFF'); }

SearchKeySegment Seg(JET_COLTYP coltyp, bool descending = false) {
  SearchKeySegment s;
  s.codec.coltyp = coltyp;
  s.codec.cp =
      engine::FixedSizeOf(coltyp) == 0 &&
              (coltyp == JET_coltypText || coltyp == JET_coltypLongText)
          ? 1252
          : 0;
  s.codec.descending = descending;
  s.fixed_size = engine::FixedSizeOf(coltyp);
  s.fixed_column = s.fixed_size != 0;
  return s;
}

SearchKeyIndex Index(std::vector<SearchKeySegment> segments,
                     size_t key_limit = JET_cbKeyMost) {
  SearchKeyIndex index;
  index.segments = std::move(segments);
  index.key_limit = key_limit;
  return index;
}

// Appends one value the way an index writer would (for building entries).
void Append(std::string* key, const SearchKeySegment& segment,
            const std::string* value) {
  const engine::KeyValue kind = value == nullptr ? engine::KeyValue::kNull
                                : value->empty() ? engine::KeyValue::kZeroLength
                                                 : engine::KeyValue::kData;
  ASSERT_TRUE(engine::AppendKeySegment(segment.codec, kind,
                                       value ? value->data() : nullptr,
                                       value ? value->size() : 0, key)
                  .ok());
}

std::string LongBytes(int32_t v) {
  std::string out(4, '\0');
  std::memcpy(&out[0], &v, 4);
  return out;
}

Status Make(SearchKey* key, const std::string& value, JET_GRBIT grbit) {
  return key->MakeKey(value.data(), static_cast<unsigned long>(value.size()),
                      grbit);
}

// ---------------------------------------------------------------------------
// The adapter from the catalog's definitions
// ---------------------------------------------------------------------------

TEST(MakeSearchKeyIndexTest, BuildsSegmentsFromColumns) {
  engine::ColumnDef id;
  id.columnid = 1;
  id.coltyp = JET_coltypLong;
  id.cb_max = 4;
  engine::ColumnDef name;
  name.columnid = 128;
  name.coltyp = JET_coltypText;
  name.cp = 1200;
  name.cb_max = 255;
  engine::ColumnDef code;
  code.columnid = 2;
  code.coltyp = JET_coltypBinary;
  code.cb_max = 6;  // a fixed Binary column
  engine::ColumnDef guid;
  guid.columnid = 256;
  guid.coltyp = JET_coltypGUID;

  engine::IndexDef index;
  index.grbit = JET_bitIndexSortNullsHigh | JET_bitIndexDotNetGuid;
  index.segments = {{128, true}, {1, false}, {2, false}, {256, false}};
  index.cb_key_most = 0;

  SearchKeyIndex out;
  ASSERT_EQ(JET_errSuccess,
            MakeSearchKeyIndex(index, {id, name, code, guid}, &out).code());
  ASSERT_EQ(4u, out.segments.size());
  EXPECT_EQ(static_cast<size_t>(JET_cbKeyMost), out.key_limit);
  EXPECT_EQ(JET_coltypText, out.segments[0].codec.coltyp);
  EXPECT_EQ(1200, out.segments[0].codec.cp);
  EXPECT_TRUE(out.segments[0].codec.descending);
  EXPECT_TRUE(out.segments[0].codec.sort_nulls_high);
  EXPECT_TRUE(out.segments[0].codec.dotnet_guid);
  EXPECT_EQ(0u, out.segments[0].fixed_size);
  EXPECT_FALSE(out.segments[0].fixed_column);
  EXPECT_EQ(4u, out.segments[1].fixed_size);
  EXPECT_TRUE(out.segments[1].fixed_column);
  EXPECT_FALSE(out.segments[1].codec.descending);
  EXPECT_EQ(6u, out.segments[2].fixed_size);
  EXPECT_TRUE(out.segments[2].fixed_column);
  EXPECT_EQ(16u, out.segments[3].fixed_size);
  EXPECT_FALSE(out.segments[3].fixed_column);

  index.cb_key_most = 1000;
  ASSERT_EQ(JET_errSuccess,
            MakeSearchKeyIndex(index, {id, name, code, guid}, &out).code());
  EXPECT_EQ(engine::kLmdbMaxKeyBytes - 1, out.key_limit);

  EXPECT_EQ(JET_errColumnNotFound,
            MakeSearchKeyIndex(index, {id, name}, &out).code());
  index.segments.clear();
  EXPECT_EQ(JET_errIndexInvalidDef,
            MakeSearchKeyIndex(index, {id, name}, &out).code());
}

// ---------------------------------------------------------------------------
// JetMakeKey: errors, in ESE's order
// ---------------------------------------------------------------------------

TEST(MakeKeyTest, ContinuingWithoutAKeyIsKeyNotMade) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypText)}));
  EXPECT_EQ(JET_errKeyNotMade, Make(&key, LongBytes(1), 0).code());
  EXPECT_FALSE(key.made());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  key.Reset();
  EXPECT_EQ(JET_errKeyNotMade, Make(&key, "ab", 0).code());
}

TEST(MakeKeyTest, MoreSegmentsThanTheIndexIsKeyIsMade) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypText)}));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, "ab", 0).code());
  const std::string before = key.bytes();
  EXPECT_EQ(JET_errKeyIsMade, Make(&key, "cd", 0).code());
  EXPECT_EQ(2, key.segment_count());
  EXPECT_EQ(before, key.bytes());
}

TEST(MakeKeyTest, SegmentAfterALimitIsKeyIsMade) {
  SearchKey key(Index({Seg(JET_coltypText), Seg(JET_coltypLong)}));
  ASSERT_EQ(
      JET_errSuccess,
      Make(&key, "ab", JET_bitNewKey | JET_bitFullColumnStartLimit).code());
  EXPECT_EQ(JET_errKeyIsMade, Make(&key, LongBytes(1), 0).code());
  // Limits come before the "no key" check, as in ESE; NewKey starts over.
  EXPECT_EQ(JET_errSuccess, Make(&key, "ab", JET_bitNewKey).code());
  EXPECT_FALSE(key.is_limit());
  EXPECT_EQ(JET_errSuccess, Make(&key, LongBytes(1), 0).code());
}

TEST(MakeKeyTest, FixedColumnWithWrongSizeIsInvalidBufferSize) {
  SearchKeySegment fixed_binary = Seg(JET_coltypBinary);
  fixed_binary.fixed_column = true;
  fixed_binary.fixed_size = 3;
  SearchKey key(Index({Seg(JET_coltypLong), fixed_binary}));
  EXPECT_EQ(JET_errInvalidBufferSize,
            Make(&key, std::string(3, 'x'), JET_bitNewKey).code());
  // NewKey discarded the key before the size check failed.
  EXPECT_FALSE(key.made());
  EXPECT_EQ(JET_errInvalidBufferSize,
            Make(&key, std::string(8, 'x'), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(7), JET_bitNewKey).code());
  EXPECT_EQ(JET_errInvalidBufferSize, Make(&key, "ab", 0).code());
  EXPECT_EQ(JET_errInvalidBufferSize, Make(&key, "abcd", 0).code());
  EXPECT_EQ(1, key.segment_count());
  EXPECT_EQ(JET_errSuccess, Make(&key, "abc", 0).code());
  EXPECT_EQ(Bytes({0x7F, 0x80, 0, 0, 7, 0x7F, 'a', 'b', 'c', 0, 0}),
            key.bytes());
}

TEST(MakeKeyTest, ShorterValueOfAFixedTextColumnIsAccepted) {
  SearchKeySegment fixed_text = Seg(JET_coltypText);
  fixed_text.fixed_column = true;
  fixed_text.fixed_size = 4;
  SearchKey key(Index({fixed_text}));
  EXPECT_EQ(JET_errSuccess, Make(&key, "ab", JET_bitNewKey).code());
  EXPECT_EQ(JET_errInvalidBufferSize,
            Make(&key, "abcde", JET_bitNewKey).code());
}

TEST(MakeKeyTest, UnknownGrbitIsInvalidGrbit) {
  SearchKey key(Index({Seg(JET_coltypLong)}));
  for (JET_GRBIT bad : {JET_GRBIT{0x20}, JET_GRBIT{0x40}, JET_GRBIT{0x80},
                        JET_GRBIT{0x1000}, JET_GRBIT{0x80000000}}) {
    EXPECT_EQ(JET_errInvalidGrbit,
              Make(&key, LongBytes(1), JET_bitNewKey | bad).code())
        << bad;
  }
  EXPECT_FALSE(key.made());
}

TEST(MakeKeyTest, MoreThanOneLimitOptionIsInvalidGrbit) {
  SearchKey key(Index({Seg(JET_coltypText), Seg(JET_coltypText)}));
  const JET_GRBIT options[] = {
      JET_bitFullColumnStartLimit, JET_bitFullColumnEndLimit,
      JET_bitPartialColumnStartLimit, JET_bitPartialColumnEndLimit};
  for (JET_GRBIT a : options) {
    for (JET_GRBIT b : options) {
      if (a == b) continue;
      EXPECT_EQ(JET_errInvalidGrbit,
                Make(&key, "ab", JET_bitNewKey | a | b).code());
    }
  }
  // The legacy bits combine with each other and with one option.
  EXPECT_EQ(
      JET_errSuccess,
      Make(&key, "ab", JET_bitNewKey | JET_bitStrLimit | JET_bitSubStrLimit)
          .code());
  EXPECT_EQ(JET_errSuccess,
            Make(&key, "ab",
                 JET_bitNewKey | JET_bitStrLimit | JET_bitFullColumnStartLimit)
                .code());
  EXPECT_EQ(KeyLimit::kFullColumnStart, key.limit());
  // The check follows the segment count check, as in ESE.
  ASSERT_EQ(JET_errSuccess, Make(&key, "ab", JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, "cd", 0).code());
  EXPECT_EQ(
      JET_errKeyIsMade,
      Make(&key, "ef", JET_bitFullColumnEndLimit | JET_bitFullColumnStartLimit)
          .code());
}

TEST(MakeKeyTest, PartialLimitNeedsTextOrVariableBinary) {
  SearchKeySegment fixed_binary = Seg(JET_coltypBinary);
  fixed_binary.fixed_column = true;
  fixed_binary.fixed_size = 2;
  for (const SearchKeySegment& s : {Seg(JET_coltypLong), Seg(JET_coltypGUID),
                                    Seg(JET_coltypBit), fixed_binary}) {
    SearchKey key(Index({s}));
    const std::string value(s.fixed_size, '\x01');
    EXPECT_EQ(JET_errInvalidGrbit,
              Make(&key, value, JET_bitNewKey | JET_bitPartialColumnStartLimit)
                  .code());
    EXPECT_EQ(
        JET_errInvalidGrbit,
        Make(&key, value, JET_bitNewKey | JET_bitPartialColumnEndLimit).code());
    EXPECT_EQ(
        JET_errSuccess,
        Make(&key, value, JET_bitNewKey | JET_bitFullColumnEndLimit).code());
  }
  for (JET_COLTYP t : {JET_coltypText, JET_coltypLongText, JET_coltypBinary,
                       JET_coltypLongBinary}) {
    SearchKey key(Index({Seg(t)}));
    EXPECT_EQ(
        JET_errSuccess,
        Make(&key, "ab", JET_bitNewKey | JET_bitPartialColumnEndLimit).code());
  }
}

TEST(MakeKeyTest, CodecErrors) {
  SearchKeySegment unicode = Seg(JET_coltypText);
  unicode.codec.cp = 1200;
  SearchKeySegment fixed_binary = Seg(JET_coltypBinary);
  fixed_binary.fixed_column = true;
  fixed_binary.fixed_size = 2;
  SearchKey key(Index({Seg(JET_coltypLong), unicode, fixed_binary}));
  EXPECT_EQ(
      JET_errInvalidBufferSize,
      key.MakeKey(nullptr, 0, JET_bitNewKey | JET_bitKeyDataZeroLength).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  EXPECT_EQ(JET_errInvalidCodePage, Make(&key, "abc", 0).code());
  EXPECT_EQ(JET_errInvalidParameter, key.MakeKey(nullptr, 4, 0).code());
  EXPECT_EQ(1, key.segment_count());
  ASSERT_EQ(JET_errSuccess, Make(&key, std::string("a\0", 2), 0).code());
  EXPECT_EQ(JET_errInvalidBufferSize,
            key.MakeKey(nullptr, 0, JET_bitKeyDataZeroLength).code());
  EXPECT_EQ(2, key.segment_count());
  EXPECT_EQ(Bytes({0x7F, 0x80, 0, 0, 1, 0x7F, 'A', 0, 0}), key.bytes());
}

// ---------------------------------------------------------------------------
// Segments and their bytes
// ---------------------------------------------------------------------------

TEST(MakeKeyTest, SegmentsNullAndZeroLength) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypText),
                       Seg(JET_coltypText, true), Seg(JET_coltypBinary)}));
  EXPECT_FALSE(key.made());
  EXPECT_EQ(0, key.segment_count());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  EXPECT_TRUE(key.made());
  EXPECT_EQ(1, key.segment_count());
  EXPECT_EQ("7F 80 00 00 01", Hex(key.bytes()));
  ASSERT_EQ(JET_errSuccess, key.MakeKey("x", 0, 0).code());  // NULL
  EXPECT_EQ(2, key.segment_count());
  EXPECT_EQ("7F 80 00 00 01 00", Hex(key.bytes()));
  ASSERT_EQ(JET_errSuccess, Make(&key, "ab", 0).code());  // descending
  EXPECT_EQ("7F 80 00 00 01 00 80 BE BD FF FF", Hex(key.bytes()));
  ASSERT_EQ(JET_errSuccess,
            key.MakeKey(nullptr, 0, JET_bitKeyDataZeroLength).code());
  EXPECT_EQ(4, key.segment_count());
  EXPECT_EQ("7F 80 00 00 01 00 80 BE BD FF FF 40", Hex(key.bytes()));
  EXPECT_FALSE(key.is_limit());
  EXPECT_FALSE(key.truncated());

  // A NULL Long; zero-length and NULL on a descending text segment.
  ASSERT_EQ(JET_errSuccess, key.MakeKey(nullptr, 0, JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, "a", 0).code());
  ASSERT_EQ(JET_errSuccess,
            key.MakeKey(nullptr, 0, JET_bitKeyDataZeroLength).code());
  EXPECT_EQ("00 7F 41 00 00 BF", Hex(key.bytes()));
  ASSERT_EQ(JET_errSuccess, key.MakeKey(nullptr, 0, JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, key.MakeKey(nullptr, 0, 0).code());
  ASSERT_EQ(JET_errSuccess, key.MakeKey(nullptr, 0, 0).code());
  EXPECT_EQ("00 00 FF", Hex(key.bytes()));

  // KeyDataZeroLength with data is ignored.
  ASSERT_EQ(JET_errSuccess,
            Make(&key, LongBytes(1), JET_bitNewKey | JET_bitKeyDataZeroLength)
                .code());
  EXPECT_EQ("7F 80 00 00 01", Hex(key.bytes()));

  SearchKeyIndex high = Index({Seg(JET_coltypLong)});
  high.segments[0].codec.sort_nulls_high = true;
  SearchKey nulls_high(high);
  ASSERT_EQ(JET_errSuccess,
            nulls_high.MakeKey(nullptr, 0, JET_bitNewKey).code());
  EXPECT_EQ("C0", Hex(nulls_high.bytes()));
}

// ---------------------------------------------------------------------------
// Limits: exact bytes
// ---------------------------------------------------------------------------

struct LimitCase {
  JET_GRBIT grbit;
  KeyLimit limit;
  std::string bytes;
};

TEST(LimitTest, TextBytesAscending) {
  const std::string ab = Bytes({0x7F, 'A', 'B', 0, 0});
  const std::string ab_open = Bytes({0x7F, 'A', 'B'});
  const LimitCase cases[] = {
      {JET_bitFullColumnStartLimit, KeyLimit::kFullColumnStart, ab},
      {JET_bitPartialColumnStartLimit, KeyLimit::kPartialColumnStart, ab_open},
      {JET_bitFullColumnEndLimit, KeyLimit::kFullColumnEnd, ab + Ff(12)},
      {JET_bitPartialColumnEndLimit, KeyLimit::kPartialColumnEnd,
       ab_open + Ff(14)},
      {JET_bitStrLimit, KeyLimit::kFullColumnEnd, ab + Ff(12)},
      {JET_bitSubStrLimit, KeyLimit::kPartialColumnEnd, ab_open + Ff(14)},
  };
  for (const LimitCase& c : cases) {
    SearchKey key(Index({Seg(JET_coltypText), Seg(JET_coltypLong)}, 16));
    ASSERT_EQ(JET_errSuccess, Make(&key, "ab", JET_bitNewKey | c.grbit).code());
    EXPECT_EQ(Hex(c.bytes), Hex(key.bytes())) << c.grbit;
    EXPECT_EQ(c.limit, key.limit()) << c.grbit;
    EXPECT_TRUE(key.is_limit());
    EXPECT_EQ(1, key.segment_count());
    EXPECT_FALSE(key.truncated());
  }
}

TEST(LimitTest, TextBytesDescendingAndAfterASegment) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypText, true)}, 16));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess,
            Make(&key, "ab", JET_bitPartialColumnStartLimit).code());
  EXPECT_EQ("7F 80 00 00 01 80 BE BD", Hex(key.bytes()));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess,
            Make(&key, "ab", JET_bitPartialColumnEndLimit).code());
  EXPECT_EQ(Bytes({0x7F, 0x80, 0, 0, 1, 0x80, 0xBE, 0xBD}) + Ff(9),
            key.bytes());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, "ab", JET_bitFullColumnEndLimit).code());
  EXPECT_EQ(Bytes({0x7F, 0x80, 0, 0, 1, 0x80, 0xBE, 0xBD, 0xFF, 0xFF}) + Ff(7),
            key.bytes());
  EXPECT_EQ(17u, key.bytes().size());
}

TEST(LimitTest, OtherTypesAndNullSegments) {
  // StrLimit on a variable Binary is a partial end limit (ESE), on a fixed
  // type a full end limit; SubStrLimit alone on a non-text column is nothing.
  SearchKey bin(Index({Seg(JET_coltypBinary)}, 8));
  ASSERT_EQ(JET_errSuccess,
            Make(&bin, "\x01\x02", JET_bitNewKey | JET_bitStrLimit).code());
  EXPECT_EQ(KeyLimit::kPartialColumnEnd, bin.limit());
  EXPECT_EQ("7F 01 02 FF FF FF FF FF FF", Hex(bin.bytes()));
  ASSERT_EQ(JET_errSuccess,
            Make(&bin, "\x01\x02", JET_bitNewKey | JET_bitSubStrLimit).code());
  EXPECT_EQ(KeyLimit::kNone, bin.limit());
  EXPECT_EQ("7F 01 02 00 00", Hex(bin.bytes()));

  SearchKey num(Index({Seg(JET_coltypLong), Seg(JET_coltypLong)}, 8));
  ASSERT_EQ(JET_errSuccess,
            Make(&num, LongBytes(1), JET_bitNewKey | JET_bitStrLimit).code());
  EXPECT_EQ(KeyLimit::kFullColumnEnd, num.limit());
  EXPECT_EQ("7F 80 00 00 01 FF FF FF FF", Hex(num.bytes()));
  ASSERT_EQ(
      JET_errSuccess,
      Make(&num, LongBytes(1), JET_bitNewKey | JET_bitSubStrLimit).code());
  EXPECT_FALSE(num.is_limit());
  ASSERT_EQ(JET_errSuccess, Make(&num, LongBytes(1),
                                 JET_bitNewKey | JET_bitFullColumnStartLimit)
                                .code());
  EXPECT_EQ("7F 80 00 00 01", Hex(num.bytes()));
  EXPECT_EQ(KeyLimit::kFullColumnStart, num.limit());

  // A partial limit on NULL or zero-length is the full limit.
  SearchKey text(Index({Seg(JET_coltypText)}, 4));
  ASSERT_EQ(
      JET_errSuccess,
      text.MakeKey(nullptr, 0, JET_bitNewKey | JET_bitPartialColumnEndLimit)
          .code());
  EXPECT_EQ("00 FF FF FF FF", Hex(text.bytes()));
  ASSERT_EQ(JET_errSuccess,
            text.MakeKey(nullptr, 0,
                         JET_bitNewKey | JET_bitKeyDataZeroLength |
                             JET_bitPartialColumnStartLimit)
                .code());
  EXPECT_EQ("40", Hex(text.bytes()));
}

// ---------------------------------------------------------------------------
// Limits against sorted real index entries
// ---------------------------------------------------------------------------

// Secondary-index entries (text, Long) + a Long primary key, sorted.
struct Entry {
  const std::string* text;  // null = NULL
  int32_t n;
  std::string key;
};

class LimitOrderTest : public ::testing::TestWithParam<bool> {};

TEST_P(LimitOrderTest, StartLimitBeforeAndEndLimitAfterEveryPrefixedKey) {
  const bool descending = GetParam();
  const SearchKeySegment text = Seg(JET_coltypText, descending);
  const SearchKeySegment num = Seg(JET_coltypLong);
  const SearchKeySegment pk = Seg(JET_coltypLong);
  static const std::string kTexts[] = {
      "",    "a",   "aa",  "ab",    "AB",   std::string("ab\0", 3),
      "abc", "ABD", "abz", "ab ",   "abcd", "ac",
      "b",   "aB",  "`",   "a\x7F", "\xE9"};
  std::vector<Entry> entries;
  int32_t id = 0;
  for (int i = -1; i < static_cast<int>(sizeof(kTexts) / sizeof(kTexts[0]));
       ++i) {
    for (int32_t n : {-5, 0, 7}) {
      Entry e{i < 0 ? nullptr : &kTexts[i], n, ""};
      Append(&e.key, text, e.text);
      const std::string nb = LongBytes(n);
      Append(&e.key, num, &nb);
      const std::string idb = LongBytes(++id);
      Append(&e.key, pk, &idb);
      entries.push_back(e);
    }
  }
  auto upper = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(c));
    return s;
  };
  const std::string needle = "ab";
  SearchKey key(Index({text, num}, 40));
  auto limit_key = [&](JET_GRBIT grbit) {
    EXPECT_EQ(JET_errSuccess, Make(&key, needle, JET_bitNewKey | grbit).code());
    return key.bytes();
  };
  const std::string full_start = limit_key(JET_bitFullColumnStartLimit);
  const std::string full_end = limit_key(JET_bitFullColumnEndLimit);
  const std::string part_start = limit_key(JET_bitPartialColumnStartLimit);
  const std::string part_end = limit_key(JET_bitPartialColumnEndLimit);
  EXPECT_EQ(part_end, limit_key(JET_bitSubStrLimit));
  EXPECT_EQ(full_end, limit_key(JET_bitStrLimit));

  int full_hits = 0;
  int partial_hits = 0;
  for (const Entry& e : entries) {
    const bool same = e.text != nullptr && upper(*e.text) == "AB";
    const bool prefixed =
        e.text != nullptr && upper(*e.text).compare(0, 2, "AB") == 0;
    // Every entry with the value lies in [start, end); every other one is
    // outside it.
    EXPECT_EQ(same, full_start <= e.key && e.key < full_end)
        << Hex(e.key) << " " << descending;
    EXPECT_EQ(prefixed, part_start <= e.key && e.key < part_end)
        << Hex(e.key) << " " << descending;
    full_hits += same;
    partial_hits += prefixed;
  }
  EXPECT_EQ(9, full_hits);                       // "ab", "AB", "aB" x 3 numbers
  EXPECT_EQ(3 * (2 + 1 + 5 + 1), partial_hits);  // + aB, ab\0, abc, ... ab

  // Seek on the limits: SeekGE on the start limit finds the first entry
  // with the prefix, SeekLT on the end limit the last one.
  std::vector<std::string> sorted;
  for (const Entry& e : entries) sorted.push_back(e.key);
  std::sort(sorted.begin(), sorted.end());
  for (auto bounds : {std::make_pair(part_start, part_end),
                      std::make_pair(full_start, full_end)}) {
    SearchKey start(key.index());
    ASSERT_EQ(JET_errSuccess,
              start
                  .MakeKey(bounds.first.data(),
                           static_cast<unsigned long>(bounds.first.size()),
                           JET_bitNormalizedKey)
                  .code());
    SeekTarget ge;
    ASSERT_EQ(JET_errSuccess, MakeSeekTarget(start, JET_bitSeekGE, &ge).code());
    size_t first = 0;
    ASSERT_EQ(JET_errSuccess, ExecuteSeek(ge, sorted, &first).code());
    SearchKey end(key.index());
    ASSERT_EQ(JET_errSuccess,
              end.MakeKey(bounds.second.data(),
                          static_cast<unsigned long>(bounds.second.size()),
                          JET_bitNormalizedKey)
                  .code());
    SeekTarget lt;
    ASSERT_EQ(JET_errSuccess, MakeSeekTarget(end, JET_bitSeekLT, &lt).code());
    size_t last = 0;
    ASSERT_EQ(JET_errSuccess, ExecuteSeek(lt, sorted, &last).code());
    ASSERT_LE(first, last);
    for (size_t i = 0; i < sorted.size(); ++i) {
      EXPECT_EQ(i >= first && i <= last,
                bounds.first <= sorted[i] && sorted[i] < bounds.second);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AscendingAndDescending, LimitOrderTest,
                         ::testing::Bool());

// ---------------------------------------------------------------------------
// JetSeek
// ---------------------------------------------------------------------------

TEST(SeekTargetTest, Validation) {
  SearchKey key(Index({Seg(JET_coltypLong)}));
  SeekTarget t;
  EXPECT_EQ(JET_errInvalidParameter, MakeSeekTarget(key, 0, &t).code());
  EXPECT_EQ(JET_errInvalidParameter,
            MakeSeekTarget(key, JET_bitSetIndexRange, &t).code());
  EXPECT_EQ(JET_errKeyNotMade, MakeSeekTarget(key, JET_bitSeekEQ, &t).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(3), JET_bitNewKey).code());
  EXPECT_EQ(JET_errInvalidParameter,
            MakeSeekTarget(key, JET_bitSeekEQ | JET_bitSeekGE, &t).code());
  EXPECT_EQ(JET_errInvalidParameter,
            MakeSeekTarget(key, JET_bitSeekLT | JET_bitSeekGT, &t).code());

  ASSERT_EQ(
      JET_errSuccess,
      MakeSeekTarget(key, JET_bitSeekEQ | JET_bitSetIndexRange, &t).code());
  EXPECT_TRUE(t.set_index_range);
  EXPECT_FALSE(t.check_uniqueness);
  EXPECT_TRUE(t.must_equal);
  ASSERT_EQ(
      JET_errSuccess,
      MakeSeekTarget(key, JET_bitSeekEQ | JET_bitCheckUniqueness, &t).code());
  EXPECT_TRUE(t.check_uniqueness);
  ASSERT_EQ(JET_errSuccess,
            MakeSeekTarget(key,
                           JET_bitSeekGE | JET_bitSetIndexRange |
                               JET_bitCheckUniqueness | 0x1000,
                           &t)
                .code());
  EXPECT_FALSE(t.set_index_range);
  EXPECT_FALSE(t.check_uniqueness);
  EXPECT_EQ(static_cast<JET_GRBIT>(JET_bitSeekGE), t.direction);
  // Making a target does not consume the key; the cursor does.
  EXPECT_TRUE(key.made());
}

TEST(SeekTargetTest, DescriptionsOfTheFiveDirections) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypLong)}));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(3), JET_bitNewKey).code());
  const std::string x = Bytes({0x7F, 0x80, 0, 0, 3});
  const std::string s = Bytes({0x7F, 0x80, 0, 0, 4});
  struct Case {
    JET_GRBIT grbit;
    SeekTarget::Op op;
    std::string bound;
    bool must_equal;
    bool warn;
  };
  const Case cases[] = {
      {JET_bitSeekEQ, SeekTarget::Op::kFirstAtOrAfter, x, true, false},
      {JET_bitSeekGE, SeekTarget::Op::kFirstAtOrAfter, x, false, true},
      {JET_bitSeekGT, SeekTarget::Op::kFirstAtOrAfter, s, false, false},
      {JET_bitSeekLE, SeekTarget::Op::kLastBefore, s, false, true},
      {JET_bitSeekLT, SeekTarget::Op::kLastBefore, x, false, false},
  };
  for (const Case& c : cases) {
    SeekTarget t;
    ASSERT_EQ(JET_errSuccess, MakeSeekTarget(key, c.grbit, &t).code());
    EXPECT_EQ(c.grbit, t.direction);
    EXPECT_EQ(c.op, t.op) << c.grbit;
    EXPECT_EQ(Hex(c.bound), Hex(t.bound)) << c.grbit;
    EXPECT_FALSE(t.bound_past_end);
    EXPECT_EQ(x, t.key);
    EXPECT_EQ(s, t.equal_upper);
    EXPECT_FALSE(t.equal_upper_past_end);
    EXPECT_EQ(c.must_equal, t.must_equal);
    EXPECT_EQ(c.warn, t.warn_not_equal);
    EXPECT_FALSE(t.key_truncated);
  }
}

TEST(SeekTargetTest, PrefixSuccessor) {
  std::string s;
  EXPECT_TRUE(PrefixSuccessor(Bytes({0x7F, 0x41}), &s));
  EXPECT_EQ(Bytes({0x7F, 0x42}), s);
  EXPECT_TRUE(PrefixSuccessor(Bytes({0x7F, 0xFF, 0xFF}), &s));
  EXPECT_EQ(Bytes({0x80}), s);
  EXPECT_FALSE(PrefixSuccessor(Bytes({0xFF, 0xFF}), &s));
  EXPECT_FALSE(PrefixSuccessor("", &s));

  // A descending NULL key (FF) has no successor: SeekGT finds nothing and
  // SeekLE the last entry.
  SearchKey key(Index({Seg(JET_coltypLong, true)}));
  ASSERT_EQ(JET_errSuccess, key.MakeKey(nullptr, 0, JET_bitNewKey).code());
  EXPECT_EQ("FF", Hex(key.bytes()));
  const std::vector<std::string> sorted = {Bytes({0x80, 1}), Bytes({0xFF})};
  SeekTarget t;
  size_t pos = 9;
  ASSERT_EQ(JET_errSuccess, MakeSeekTarget(key, JET_bitSeekGT, &t).code());
  EXPECT_TRUE(t.bound_past_end);
  EXPECT_EQ(JET_errRecordNotFound, ExecuteSeek(t, sorted, &pos).code());
  ASSERT_EQ(JET_errSuccess, MakeSeekTarget(key, JET_bitSeekLE, &t).code());
  ASSERT_EQ(JET_errSuccess, ExecuteSeek(t, sorted, &pos).code());
  EXPECT_EQ(1u, pos);
}

// Entries of a secondary index on (Long a, Long b), each followed by a
// primary key, so that a full key is equal to several entries.
class SeekExecutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const SearchKeySegment l = Seg(JET_coltypLong);
    int32_t id = 0;
    for (int32_t a : {1, 3, 3, 3, 5}) {
      for (int32_t b : {10, 20}) {
        std::string k;
        const std::string ab = LongBytes(a), bb = LongBytes(b);
        Append(&k, l, &ab);
        Append(&k, l, &bb);
        const std::string idb = LongBytes(++id);
        Append(&k, l, &idb);
        sorted_.push_back(k);
        a_.push_back(a);
        b_.push_back(b);
      }
    }
    std::vector<size_t> order(sorted_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return sorted_[x] < sorted_[y]; });
    std::vector<std::string> s;
    std::vector<int32_t> a, b;
    for (size_t i : order) {
      s.push_back(sorted_[i]);
      a.push_back(a_[i]);
      b.push_back(b_[i]);
    }
    sorted_ = s;
    a_ = a;
    b_ = b;
  }

  // Seeks with key (a) or (a, b); returns the status, sets a/b found.
  JET_ERR Seek(JET_GRBIT grbit, int32_t a, const int32_t* b, int32_t* fa,
               int32_t* fb) {
    SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypLong)}));
    EXPECT_EQ(JET_errSuccess, Make(&key, LongBytes(a), JET_bitNewKey).code());
    if (b != nullptr) {
      EXPECT_EQ(JET_errSuccess, Make(&key, LongBytes(*b), 0).code());
    }
    SeekTarget t;
    EXPECT_EQ(JET_errSuccess, MakeSeekTarget(key, grbit, &t).code());
    size_t pos = 0;
    const Status st = ExecuteSeek(t, sorted_, &pos);
    if (st.ok()) {
      *fa = a_[pos];
      *fb = b_[pos];
      position_ = pos;
    }
    return st.code();
  }

  std::vector<std::string> sorted_;
  std::vector<int32_t> a_, b_;
  size_t position_ = 0;
};

TEST_F(SeekExecutionTest, FullKey) {
  int32_t a = 0, b = 0;
  const int32_t b20 = 20, b15 = 15;
  // (3, 20) is in three entries: positions 3, 5, 7 (ids 4, 6, 8).
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekEQ, 3, &b20, &a, &b));
  EXPECT_EQ(3, a);
  EXPECT_EQ(20, b);
  EXPECT_EQ(5u, position_);  // the first of (3, 20): after three (3, 10)
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekGE, 3, &b20, &a, &b));
  EXPECT_EQ(5u, position_);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekLE, 3, &b20, &a, &b));
  EXPECT_EQ(7u, position_);  // the last of (3, 20)
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekGT, 3, &b20, &a, &b));
  EXPECT_EQ(8u, position_);
  EXPECT_EQ(5, a);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekLT, 3, &b20, &a, &b));
  EXPECT_EQ(4u, position_);
  EXPECT_EQ(10, b);

  EXPECT_EQ(JET_errRecordNotFound, Seek(JET_bitSeekEQ, 3, &b15, &a, &b));
  EXPECT_EQ(JET_wrnSeekNotEqual, Seek(JET_bitSeekGE, 3, &b15, &a, &b));
  EXPECT_EQ(5u, position_);
  EXPECT_EQ(JET_wrnSeekNotEqual, Seek(JET_bitSeekLE, 3, &b15, &a, &b));
  EXPECT_EQ(4u, position_);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekGT, 3, &b15, &a, &b));
  EXPECT_EQ(5u, position_);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekLT, 3, &b15, &a, &b));
  EXPECT_EQ(4u, position_);

  EXPECT_EQ(JET_errRecordNotFound, Seek(JET_bitSeekLT, 1, nullptr, &a, &b));
  EXPECT_EQ(JET_errRecordNotFound, Seek(JET_bitSeekGT, 5, nullptr, &a, &b));
  EXPECT_EQ(JET_errRecordNotFound, Seek(JET_bitSeekGE, 6, nullptr, &a, &b));
  EXPECT_EQ(JET_errRecordNotFound, Seek(JET_bitSeekLE, 0, nullptr, &a, &b));
}

TEST_F(SeekExecutionTest, PartialKey) {
  int32_t a = 0, b = 0;
  // (3) matches the six entries at positions 2..7.
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekEQ, 3, nullptr, &a, &b));
  EXPECT_EQ(2u, position_);
  EXPECT_EQ(10, b);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekGE, 3, nullptr, &a, &b));
  EXPECT_EQ(2u, position_);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekLE, 3, nullptr, &a, &b));
  EXPECT_EQ(7u, position_);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekGT, 3, nullptr, &a, &b));
  EXPECT_EQ(8u, position_);
  EXPECT_EQ(JET_errSuccess, Seek(JET_bitSeekLT, 3, nullptr, &a, &b));
  EXPECT_EQ(1u, position_);

  EXPECT_EQ(JET_errRecordNotFound, Seek(JET_bitSeekEQ, 4, nullptr, &a, &b));
  EXPECT_EQ(JET_wrnSeekNotEqual, Seek(JET_bitSeekGE, 4, nullptr, &a, &b));
  EXPECT_EQ(8u, position_);
  EXPECT_EQ(JET_wrnSeekNotEqual, Seek(JET_bitSeekLE, 4, nullptr, &a, &b));
  EXPECT_EQ(7u, position_);
}

// ---------------------------------------------------------------------------
// NormalizedKey
// ---------------------------------------------------------------------------

TEST(NormalizedKeyTest, ReplacesTheKey) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypText)}, 16));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  ASSERT_EQ(
      JET_errSuccess,
      Make(&key, Bytes({0x7F, 0x80, 0, 0, 9}), JET_bitNormalizedKey).code());
  EXPECT_EQ("7F 80 00 00 09", Hex(key.bytes()));
  EXPECT_EQ(1, key.segment_count());
  EXPECT_FALSE(key.is_limit());
  // It counts as one segment: one more fits, a third does not.
  ASSERT_EQ(JET_errSuccess, Make(&key, "a", 0).code());
  EXPECT_EQ("7F 80 00 00 09 7F 41 00 00", Hex(key.bytes()));
  EXPECT_EQ(JET_errKeyIsMade, Make(&key, "b", 0).code());

  // Without NewKey, with a limit in progress, and ignoring other bits.
  ASSERT_EQ(JET_errSuccess,
            Make(&key, LongBytes(2), JET_bitNewKey | JET_bitFullColumnEndLimit)
                .code());
  ASSERT_EQ(JET_errSuccess,
            Make(&key, Bytes({0x00}),
                 JET_bitNormalizedKey | JET_bitStrLimit |
                     JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit)
                .code());
  EXPECT_EQ("00", Hex(key.bytes()));
  EXPECT_FALSE(key.is_limit());

  // Longer than key_limit: cut to key_limit + 1 and a limit; longer than
  // both key_limit + 1 and JET_cbKeyMost: JET_errInvalidParameter.
  ASSERT_EQ(JET_errSuccess,
            Make(&key, std::string(100, '\x41'), JET_bitNormalizedKey).code());
  EXPECT_EQ(std::string(17, '\x41'), key.bytes());
  EXPECT_EQ(KeyLimit::kNormalized, key.limit());
  EXPECT_EQ(JET_errKeyIsMade, Make(&key, "b", 0).code());
  EXPECT_EQ(
      JET_errInvalidParameter,
      Make(&key, std::string(JET_cbKeyMost + 1, '\x41'), JET_bitNormalizedKey)
          .code());
  EXPECT_EQ(JET_errInvalidParameter,
            key.MakeKey(nullptr, 3, JET_bitNormalizedKey).code());
  EXPECT_EQ(std::string(17, '\x41'), key.bytes());

  SearchKey big(Index({Seg(JET_coltypText)}, 300));
  ASSERT_EQ(JET_errSuccess,
            Make(&big, std::string(301, 'a'), JET_bitNormalizedKey).code());
  EXPECT_EQ(KeyLimit::kNormalized, big.limit());
  EXPECT_EQ(JET_errInvalidParameter,
            Make(&big, std::string(302, 'a'), JET_bitNormalizedKey).code());

  // An empty normalized key is made and matches everything.
  ASSERT_EQ(JET_errSuccess,
            key.MakeKey(nullptr, 0, JET_bitNormalizedKey).code());
  EXPECT_TRUE(key.made());
  EXPECT_EQ("", key.bytes());
  SeekTarget t;
  ASSERT_EQ(JET_errSuccess, MakeSeekTarget(key, JET_bitSeekEQ, &t).code());
  EXPECT_TRUE(t.equal_upper_past_end);
  size_t pos = 9;
  EXPECT_EQ(JET_errSuccess, ExecuteSeek(t, {"a", "b"}, &pos).code());
  EXPECT_EQ(0u, pos);
}

// ---------------------------------------------------------------------------
// Truncation
// ---------------------------------------------------------------------------

TEST(TruncationTest, KeyIsCutAndRemembersIt) {
  SearchKey key(Index(
      {Seg(JET_coltypLong), Seg(JET_coltypText), Seg(JET_coltypLong)}, 8));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(1), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, "ab", 0).code());  // 10 bytes
  EXPECT_EQ("7F 80 00 00 01 7F 41 42", Hex(key.bytes()));
  EXPECT_TRUE(key.truncated());
  EXPECT_EQ(2, key.segment_count());
  // The full key takes no more bytes but counts and checks segments.
  EXPECT_EQ(JET_errInvalidBufferSize, Make(&key, "abc", 0).code());
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(5), 0).code());
  EXPECT_EQ(3, key.segment_count());
  EXPECT_EQ("7F 80 00 00 01 7F 41 42", Hex(key.bytes()));

  // SeekEQ compares the truncated prefix only: "abc" and "ab" match.
  const SearchKeySegment l = Seg(JET_coltypLong), t = Seg(JET_coltypText);
  std::vector<std::string> sorted;
  for (const char* s : {"aa", "ab", "abc", "ac"}) {
    std::string k;
    const std::string one = LongBytes(1), text = s;
    Append(&k, l, &one);
    Append(&k, t, &text);
    engine::TruncateKey(&k, 8);
    sorted.push_back(k);
  }
  std::sort(sorted.begin(), sorted.end());
  SeekTarget target;
  ASSERT_EQ(JET_errSuccess, MakeSeekTarget(key, JET_bitSeekEQ, &target).code());
  EXPECT_TRUE(target.key_truncated);
  size_t pos = 0;
  ASSERT_EQ(JET_errSuccess, ExecuteSeek(target, sorted, &pos).code());
  EXPECT_EQ(1u, pos);
  ASSERT_EQ(JET_errSuccess, MakeSeekTarget(key, JET_bitSeekLE, &target).code());
  ASSERT_EQ(JET_errSuccess, ExecuteSeek(target, sorted, &pos).code());
  EXPECT_EQ(2u, pos);

  // An exact fit is not a cut; an end limit still goes one byte past it.
  SearchKey fit(Index({Seg(JET_coltypLong), Seg(JET_coltypText)}, 5));
  ASSERT_EQ(JET_errSuccess, Make(&fit, LongBytes(1), JET_bitNewKey).code());
  EXPECT_FALSE(fit.truncated());
  ASSERT_EQ(JET_errSuccess, Make(&fit, "ab", JET_bitFullColumnEndLimit).code());
  EXPECT_EQ("7F 80 00 00 01 FF", Hex(fit.bytes()));
  EXPECT_TRUE(fit.truncated());  // the segment's bytes were dropped
  EXPECT_EQ(KeyLimit::kFullColumnEnd, fit.limit());

  // A cut inside a limited segment: the partial limit's bytes are cut, the
  // end padding follows the cut.
  SearchKey cut(Index({Seg(JET_coltypText)}, 4));
  ASSERT_EQ(JET_errSuccess,
            Make(&cut, "abcdef", JET_bitNewKey | JET_bitPartialColumnEndLimit)
                .code());
  EXPECT_EQ("7F 41 42 43 FF", Hex(cut.bytes()));
  EXPECT_TRUE(cut.truncated());
  ASSERT_EQ(
      JET_errSuccess,
      Make(&cut, "abc", JET_bitNewKey | JET_bitPartialColumnStartLimit).code());
  EXPECT_EQ("7F 41 42 43", Hex(cut.bytes()));
  EXPECT_FALSE(cut.truncated());
}

TEST(TruncationTest, LongValueIsNotEncodedWhole) {
  SearchKey key(Index({Seg(JET_coltypLongBinary)}, 255));
  const std::string big(1 << 20, '\x01');
  ASSERT_EQ(JET_errSuccess, Make(&key, big, JET_bitNewKey).code());
  EXPECT_EQ(255u, key.bytes().size());
  EXPECT_TRUE(key.truncated());
}

// ---------------------------------------------------------------------------
// JetSetIndexRange
// ---------------------------------------------------------------------------

TEST(IndexRangeTest, ValidationAndFlags) {
  SearchKey key(Index({Seg(JET_coltypLong)}));
  RangeLimit r;
  ASSERT_EQ(JET_errSuccess,
            IndexRangeLimit(key, JET_bitRangeRemove, &r).code());
  EXPECT_TRUE(r.remove);
  EXPECT_EQ(JET_errKeyNotMade, IndexRangeLimit(key, 0, &r).code());
  EXPECT_EQ(
      JET_errKeyNotMade,
      IndexRangeLimit(key, JET_bitRangeUpperLimit | JET_bitRangeInclusive, &r)
          .code());
  EXPECT_EQ(JET_errKeyNotMade,
            IndexRangeLimit(key, JET_bitRangeInstantDuration, &r).code());

  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(3), JET_bitNewKey).code());
  ASSERT_EQ(JET_errSuccess,
            IndexRangeLimit(key,
                            JET_bitRangeUpperLimit | JET_bitRangeInclusive |
                                JET_bitRangeInstantDuration,
                            &r)
                .code());
  EXPECT_FALSE(r.remove);
  EXPECT_TRUE(r.upper);
  EXPECT_TRUE(r.inclusive);
  EXPECT_TRUE(r.instant_duration);
  EXPECT_EQ("7F 80 00 00 03", Hex(r.key));
  ASSERT_EQ(JET_errSuccess, IndexRangeLimit(key, 0, &r).code());
  EXPECT_FALSE(r.upper);
  EXPECT_FALSE(r.inclusive);
  EXPECT_FALSE(r.instant_duration);
  // RangeRemove wins over the other bits and ignores the key.
  ASSERT_EQ(
      JET_errSuccess,
      IndexRangeLimit(key, JET_bitRangeRemove | JET_bitRangeUpperLimit, &r)
          .code());
  EXPECT_TRUE(r.remove);
  EXPECT_TRUE(r.key.empty());
}

TEST(IndexRangeTest, ContainsWithPrefixEquality) {
  SearchKey key(Index({Seg(JET_coltypLong), Seg(JET_coltypLong)}));
  ASSERT_EQ(JET_errSuccess, Make(&key, LongBytes(3), JET_bitNewKey).code());
  const SearchKeySegment l = Seg(JET_coltypLong);
  auto entry = [&](int32_t a, int32_t b) {
    std::string k;
    const std::string ab = LongBytes(a), bb = LongBytes(b);
    Append(&k, l, &ab);
    Append(&k, l, &bb);
    return k;
  };
  const std::string below = entry(2, 99), equal = entry(3, -1),
                    above = entry(4, -99);
  struct Case {
    JET_GRBIT grbit;
    bool below, equal, above;
  };
  const Case cases[] = {
      {JET_bitRangeUpperLimit | JET_bitRangeInclusive, true, true, false},
      {JET_bitRangeUpperLimit, true, false, false},
      {JET_bitRangeInclusive, false, true, true},
      {0, false, false, true},
      {JET_bitRangeRemove, true, true, true},
  };
  for (const Case& c : cases) {
    RangeLimit r;
    ASSERT_EQ(JET_errSuccess, IndexRangeLimit(key, c.grbit, &r).code());
    EXPECT_EQ(c.below, RangeContains(r, below)) << c.grbit;
    EXPECT_EQ(c.equal, RangeContains(r, equal)) << c.grbit;
    EXPECT_EQ(c.above, RangeContains(r, above)) << c.grbit;
  }

  // An all-FF key has no successor: an inclusive upper limit holds
  // everything, an exclusive lower one nothing.
  SearchKey ff(Index({Seg(JET_coltypLong, true)}));
  ASSERT_EQ(JET_errSuccess, ff.MakeKey(nullptr, 0, JET_bitNewKey).code());
  RangeLimit r;
  ASSERT_EQ(
      JET_errSuccess,
      IndexRangeLimit(ff, JET_bitRangeUpperLimit | JET_bitRangeInclusive, &r)
          .code());
  EXPECT_TRUE(RangeContains(r, Bytes({0xFF, 0xFF})));
  ASSERT_EQ(JET_errSuccess, IndexRangeLimit(ff, 0, &r).code());
  EXPECT_FALSE(RangeContains(r, Bytes({0xFF, 0xFF})));
}

}  // namespace
}  // namespace lmjet::cursor
