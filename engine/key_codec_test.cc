#include "engine/key_codec.h"

#include <iconv.h>
#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

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

template <typename T>
std::string Raw(T value) {
  std::string out(sizeof(value), '\0');
  std::memcpy(&out[0], &value, sizeof(value));
  return out;
}

// UTF-16LE bytes of code units.
std::string Utf16(std::initializer_list<char16_t> units) {
  std::string out;
  for (char16_t u : units) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

std::string Utf16(const std::u16string& units) {
  std::string out;
  for (char16_t u : units) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

KeySegment Seg(JET_COLTYP coltyp, bool descending = false,
               bool nulls_high = false, unsigned short cp = 0,
               bool dotnet_guid = false) {
  KeySegment segment;
  segment.coltyp = coltyp;
  segment.cp = cp;
  segment.descending = descending;
  segment.sort_nulls_high = nulls_high;
  segment.dotnet_guid = dotnet_guid;
  return segment;
}

std::string Key(const KeySegment& segment, KeyValue kind,
                const std::string& value = std::string()) {
  std::string key;
  const Status status =
      AppendKeySegment(segment, kind, value.data(), value.size(), &key);
  EXPECT_EQ(status.code(), JET_errSuccess) << status.detail();
  return key;
}

std::string DataKey(const KeySegment& segment, const std::string& value) {
  return Key(segment, KeyValue::kData, value);
}

int Sign(int x) { return (x > 0) - (x < 0); }

template <typename T>
int Cmp(const T& a, const T& b) {
  return (b < a) - (a < b);
}

int MemCmp(const std::string& a, const std::string& b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return Sign(c);
  return Cmp(a.size(), b.size());
}

// ---------------------------------------------------------------------------
// The oracle: compares typed values directly, written without the codec.
// ---------------------------------------------------------------------------

// Uppercase of a code point as glibc's C.UTF-8 locale has it (Unicode 14 on
// Debian 12), below U+0530; the code point itself above. This is lmjet's
// documented folding, from an independent source.
char32_t OracleUpper(char32_t cp) {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  if (loc == nullptr) {
    ADD_FAILURE() << "the C.UTF-8 locale is needed (Debian: libc-bin)";
    return cp;
  }
  if (cp >= 0x530) return cp;
  return static_cast<char32_t>(towupper_l(static_cast<wint_t>(cp), loc));
}

// Windows-1252 to Unicode by glibc's iconv; the five bytes it leaves
// undefined are the C1 controls of the same value (lmjet's documented
// choice, as Windows maps them).
const std::vector<char32_t>& OracleCp1252() {
  static const std::vector<char32_t> table = [] {
    std::vector<char32_t> t(256, 0);
    iconv_t cd = iconv_open("UTF-32LE", "CP1252");
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      ADD_FAILURE() << "iconv has no CP1252";
      return t;
    }
    for (int b = 0; b < 256; ++b) {
      char in[1] = {static_cast<char>(b)};
      uint32_t out[2] = {0, 0};
      char* inp = in;
      char* outp = reinterpret_cast<char*>(out);
      size_t inleft = 1;
      size_t outleft = sizeof(out);
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      if (iconv(cd, &inp, &inleft, &outp, &outleft) ==
          static_cast<size_t>(-1)) {
        const bool undefined =
            b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D;
        EXPECT_TRUE(undefined) << "byte " << b;
        t[b] = static_cast<char32_t>(b);
      } else {
        t[b] = out[0];
      }
    }
    iconv_close(cd);
    return t;
  }();
  return table;
}

std::u32string DecodeOracle(const KeySegment& segment,
                            const std::string& bytes) {
  std::u32string out;
  if (segment.cp == 1200) {
    std::u16string units;
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
      units.push_back(static_cast<char16_t>(
          static_cast<unsigned char>(bytes[i]) |
          (static_cast<unsigned char>(bytes[i + 1]) << 8)));
    }
    size_t i = 0;
    while (i < units.size()) {
      const char16_t u = units[i];
      const bool high = u >= 0xD800 && u <= 0xDBFF;
      const bool next_low = i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
                            units[i + 1] <= 0xDFFF;
      if (high && next_low) {
        out.push_back(0x10000 + ((static_cast<char32_t>(u) & 0x3FF) << 10) +
                      (static_cast<char32_t>(units[i + 1]) & 0x3FF));
        i += 2;
      } else {
        out.push_back(u);
        i += 1;
      }
    }
  } else {
    for (char c : bytes) {
      out.push_back(OracleCp1252()[static_cast<unsigned char>(c)]);
    }
  }
  for (char32_t& c : out) c = OracleUpper(c);
  return out;
}

// IEEE 754 totalOrder: -NaN (larger payload first) < -inf < ... < -0 < +0 <
// ... < +inf < +NaN (larger payload last).
template <typename F, typename U>
int CompareFloat(const std::string& a_bytes, const std::string& b_bytes) {
  F a, b;
  U ua, ub;
  std::memcpy(&a, a_bytes.data(), sizeof(F));
  std::memcpy(&b, b_bytes.data(), sizeof(F));
  std::memcpy(&ua, a_bytes.data(), sizeof(U));
  std::memcpy(&ub, b_bytes.data(), sizeof(U));
  auto rank = [](F x) { return std::isnan(x) ? (std::signbit(x) ? 0 : 2) : 1; };
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return Cmp(ra, rb);
  if (ra == 1) {
    if (a < b) return -1;
    if (b < a) return 1;
    // Numerically equal: only -0 and +0 differ.
    return Cmp(!std::signbit(a), !std::signbit(b));
  }
  const U payload_mask = (U{1} << (std::numeric_limits<F>::digits - 1)) - 1;
  const int c = Cmp(ua & payload_mask, ub & payload_mask);
  return ra == 2 ? c : -c;
}

int CompareBytes(const std::string& a, const std::string& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]);
    const auto y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return Cmp(a.size(), b.size());
}

int CompareGuid(bool dotnet, const std::string& a, const std::string& b) {
  if (dotnet) {
    // .NET Guid.CompareTo: Data1 (uint32), Data2, Data3 (uint16), then the
    // eight bytes of Data4 in order. The struct is little-endian here.
    uint32_t a1, b1;
    uint16_t a2, b2, a3, b3;
    std::memcpy(&a1, a.data(), 4);
    std::memcpy(&b1, b.data(), 4);
    std::memcpy(&a2, a.data() + 4, 2);
    std::memcpy(&b2, b.data() + 4, 2);
    std::memcpy(&a3, a.data() + 6, 2);
    std::memcpy(&b3, b.data() + 6, 2);
    if (a1 != b1) return Cmp(a1, b1);
    if (a2 != b2) return Cmp(a2, b2);
    if (a3 != b3) return Cmp(a3, b3);
    return CompareBytes(a.substr(8), b.substr(8));
  }
  // SQL Server uniqueidentifier: the byte groups from the last to the first
  // (10-15, 8-9, 6-7, 4-5, 0-3), each group byte by byte.
  static const int kGroups[5][2] = {{10, 16}, {8, 10}, {6, 8}, {4, 6}, {0, 4}};
  for (const auto& g : kGroups) {
    const int c =
        CompareBytes(a.substr(g[0], g[1] - g[0]), b.substr(g[0], g[1] - g[0]));
    if (c != 0) return c;
  }
  return 0;
}

template <typename T>
int CompareAs(const std::string& a, const std::string& b) {
  T x, y;
  std::memcpy(&x, a.data(), sizeof(T));
  std::memcpy(&y, b.data(), sizeof(T));
  return Cmp(x, y);
}

// Ascending comparison of two data values of the segment's type.
int CompareData(const KeySegment& segment, const std::string& a,
                const std::string& b) {
  switch (segment.coltyp) {
    case JET_coltypBit:
      return Cmp(a[0] != 0, b[0] != 0);
    case JET_coltypUnsignedByte:
      return CompareAs<uint8_t>(a, b);
    case JET_coltypShort:
      return CompareAs<int16_t>(a, b);
    case JET_coltypUnsignedShort:
      return CompareAs<uint16_t>(a, b);
    case JET_coltypLong:
      return CompareAs<int32_t>(a, b);
    case JET_coltypUnsignedLong:
      return CompareAs<uint32_t>(a, b);
    case JET_coltypLongLong:
    case JET_coltypCurrency:
      return CompareAs<int64_t>(a, b);
    case JET_coltypUnsignedLongLong:
      return CompareAs<uint64_t>(a, b);
    case JET_coltypIEEESingle:
      return CompareFloat<float, uint32_t>(a, b);
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
      return CompareFloat<double, uint64_t>(a, b);
    case JET_coltypGUID:
      return CompareGuid(segment.dotnet_guid, a, b);
    case JET_coltypBinary:
    case JET_coltypLongBinary:
      return CompareBytes(a, b);
    case JET_coltypText:
    case JET_coltypLongText: {
      const std::u32string x = DecodeOracle(segment, a);
      const std::u32string y = DecodeOracle(segment, b);
      return Sign(x.compare(y));
    }
    default:
      ADD_FAILURE() << "no oracle for coltyp " << segment.coltyp;
      return 0;
  }
}

struct Value {
  KeyValue kind = KeyValue::kNull;
  std::string bytes;
};

std::string Describe(const Value& v) {
  switch (v.kind) {
    case KeyValue::kNull:
      return "NULL";
    case KeyValue::kZeroLength:
      return "zero-length";
    case KeyValue::kData:
      return "data[" + Hex(v.bytes) + "]";
  }
  return "?";
}

// Documented placement: NULL < zero-length < data, or zero-length < data <
// NULL with SortNullsHigh; a descending segment reverses the whole order.
int CompareValues(const KeySegment& segment, const Value& a, const Value& b) {
  auto rank = [&segment](const Value& v) {
    switch (v.kind) {
      case KeyValue::kNull:
        return segment.sort_nulls_high ? 3 : 0;
      case KeyValue::kZeroLength:
        return 1;
      case KeyValue::kData:
        return v.bytes.empty() ? 1 : 2;
    }
    return -1;
  };
  const int ra = rank(a);
  const int rb = rank(b);
  int c = ra != rb  ? Cmp(ra, rb)
          : ra == 2 ? CompareData(segment, a.bytes, b.bytes)
                    : 0;
  return segment.descending ? -c : c;
}

std::string KeyOfValue(const KeySegment& segment, const Value& v) {
  return Key(segment, v.kind, v.bytes);
}

// ---------------------------------------------------------------------------
// Random values
// ---------------------------------------------------------------------------

class ValueGenerator {
 public:
  explicit ValueGenerator(uint64_t seed) : rng_(seed) {}

  size_t Uniform(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }
  uint64_t Bits() { return rng_(); }

  Value Make(const KeySegment& segment, const std::vector<Value>& earlier) {
    Value v;
    const size_t r = Uniform(100);
    const bool variable = FixedSizeOf(segment.coltyp) == 0;
    if (r < 8) {
      v.kind = KeyValue::kNull;
      return v;
    }
    if (variable && r < 12) {
      v.kind = KeyValue::kZeroLength;
      return v;
    }
    v.kind = KeyValue::kData;
    // Derive a value from an earlier one now and then, so that ties and
    // prefixes are common.
    if (!earlier.empty() && r < 30) {
      const Value& e = earlier[Uniform(earlier.size())];
      if (e.kind == KeyValue::kData && !e.bytes.empty()) {
        v.bytes = Derive(segment, e.bytes);
        return v;
      }
    }
    v.bytes = Fresh(segment);
    return v;
  }

 private:
  template <typename T>
  std::string Integer() {
    const size_t r = Uniform(10);
    T value;
    if (r < 2) {
      value = static_cast<T>(static_cast<int64_t>(Uniform(7)) - 3);
    } else if (r < 4) {
      static const T kEdges[] = {
          std::numeric_limits<T>::min(),
          std::numeric_limits<T>::max(),
          static_cast<T>(std::numeric_limits<T>::min() + 1),
          static_cast<T>(std::numeric_limits<T>::max() - 1),
          static_cast<T>(0),
      };
      value = kEdges[Uniform(5)];
    } else {
      value = static_cast<T>(Bits());
    }
    return Raw(value);
  }

  template <typename F, typename U>
  std::string Float() {
    const size_t r = Uniform(10);
    if (r < 3) {
      const F kSpecial[] = {
          F(0),
          -F(0),
          std::numeric_limits<F>::infinity(),
          -std::numeric_limits<F>::infinity(),
          std::numeric_limits<F>::quiet_NaN(),
          -std::numeric_limits<F>::quiet_NaN(),
          std::numeric_limits<F>::signaling_NaN(),
          std::numeric_limits<F>::denorm_min(),
          -std::numeric_limits<F>::denorm_min(),
          std::numeric_limits<F>::max(),
          std::numeric_limits<F>::lowest(),
          std::numeric_limits<F>::min(),
          F(1),
          F(-1),
      };
      return Raw(kSpecial[Uniform(sizeof(kSpecial) / sizeof(kSpecial[0]))]);
    }
    if (r < 6) {
      // Small values, many equal.
      return Raw(static_cast<F>(static_cast<int>(Uniform(9)) - 4) / F(4));
    }
    if (r < 7) {
      // A NaN with a random payload and sign.
      U bits = static_cast<U>(Bits());
      const U exponent = static_cast<U>(
          ((U{1} << (sizeof(U) * 8 - std::numeric_limits<F>::digits)) - 1)
          << (std::numeric_limits<F>::digits - 1));
      bits |= exponent;
      if ((bits & ~(exponent | (U{1} << (sizeof(U) * 8 - 1)))) == 0) bits |= 1;
      return Raw(bits);
    }
    return Raw(static_cast<U>(Bits()));
  }

  std::string Guid() {
    std::string g(16, '\0');
    static const unsigned char kBytes[] = {0x00, 0x01, 0x7F, 0x80, 0xFF};
    for (char& c : g) {
      c = static_cast<char>(Uniform(3) == 0 ? Bits() & 0xFF
                                            : kBytes[Uniform(5)]);
    }
    return g;
  }

  std::string BinaryString() {
    static const unsigned char kBytes[] = {0x00, 0x01, 0x02, 0x7F,
                                           0x80, 0xFE, 0xFF};
    const size_t len = Uniform(8) == 0 ? Uniform(40) : Uniform(7);
    std::string s;
    for (size_t i = 0; i < len; ++i) {
      s.push_back(static_cast<char>(Uniform(4) == 0 ? Bits() & 0xFF
                                                    : kBytes[Uniform(7)]));
    }
    return s;
  }

  std::string Cp1252String() {
    // Letters in both cases (ASCII and Latin-1 and the 0x80..0x9F pairs),
    // NUL, the undefined bytes, characters without a single uppercase.
    static const unsigned char kBytes[] = {
        'a',  'A',  'b',  'B',  'z',  'Z',  '_',  '0',  0x00, 0x01,
        0x7F, 0xE9, 0xC9, 0x9A, 0x8A, 0x9C, 0x8C, 0xFF, 0x9F, 0x80,
        0x81, 0x9D, 0xDF, 0xB5, 0x83, 0xF7, 0xD7, 0xA0, 0xE0, 0xC0};
    const size_t n = sizeof(kBytes);
    const size_t len = Uniform(8) == 0 ? Uniform(30) : Uniform(6);
    std::string s;
    for (size_t i = 0; i < len; ++i) {
      s.push_back(static_cast<char>(Uniform(5) == 0 ? Bits() & 0xFF
                                                    : kBytes[Uniform(n)]));
    }
    return s;
  }

  std::string Utf16String() {
    static const char16_t kUnits[] = {
        u'a',   u'A',   u'b',   u'B',   u'_',   0x0000, 0x0001, 0x00E9,
        0x00C9, 0x03B1, 0x0391, 0x03C2, 0x03C3, 0x03A3, 0x0444, 0x0424,
        0x0451, 0x0401, 0x0131, u'I',   u'i',   0x017F, u's',   u'S',
        0x00B5, 0x03BC, 0x039C, 0x0345, 0x1E9E, 0xFF21, 0xFF41, 0xD7FF,
        0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFF, 0x00DF, 0x0530};
    const size_t n = sizeof(kUnits) / sizeof(kUnits[0]);
    const size_t len = Uniform(8) == 0 ? Uniform(30) : Uniform(6);
    std::u16string s;
    for (size_t i = 0; i < len; ++i) {
      const size_t r = Uniform(10);
      if (r == 0) {
        s.push_back(static_cast<char16_t>(Bits() & 0xFFFF));
      } else if (r == 1) {
        // A surrogate pair for a random supplementary code point.
        const char32_t cp = 0x10000 + static_cast<char32_t>(Bits() % 0x100000);
        s.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
        s.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
      } else {
        s.push_back(kUnits[Uniform(n)]);
      }
    }
    return Utf16(s);
  }

  std::string Fresh(const KeySegment& segment) {
    switch (segment.coltyp) {
      case JET_coltypBit: {
        static const unsigned char kBits[] = {0x00, 0x01, 0x80, 0xFF};
        return std::string(1, static_cast<char>(kBits[Uniform(4)]));
      }
      case JET_coltypUnsignedByte:
        return Integer<uint8_t>();
      case JET_coltypShort:
        return Integer<int16_t>();
      case JET_coltypUnsignedShort:
        return Integer<uint16_t>();
      case JET_coltypLong:
        return Integer<int32_t>();
      case JET_coltypUnsignedLong:
        return Integer<uint32_t>();
      case JET_coltypLongLong:
      case JET_coltypCurrency:
        return Integer<int64_t>();
      case JET_coltypUnsignedLongLong:
        return Integer<uint64_t>();
      case JET_coltypIEEESingle:
        return Float<float, uint32_t>();
      case JET_coltypIEEEDouble:
      case JET_coltypDateTime:
        return Float<double, uint64_t>();
      case JET_coltypGUID:
        return Guid();
      case JET_coltypBinary:
      case JET_coltypLongBinary:
        return BinaryString();
      default:
        return segment.cp == 1200 ? Utf16String() : Cp1252String();
    }
  }

  // A value near `base`: equal, a prefix, an extension, or (text) the same
  // letters in another case.
  std::string Derive(const KeySegment& segment, const std::string& base) {
    if (FixedSizeOf(segment.coltyp) != 0) {
      std::string v = base;
      if (Uniform(2) == 0) v[Uniform(v.size())] ^= static_cast<char>(1);
      return v;
    }
    const size_t unit = segment.cp == 1200 ? 2 : 1;
    const size_t units = base.size() / unit;
    switch (Uniform(4)) {
      case 0:
        return base.substr(0, unit * Uniform(units + 1));
      case 1:
        return base + Fresh(segment).substr(0, unit * (1 + Uniform(2)));
      case 2: {
        std::string v = base;
        if (segment.coltyp == JET_coltypText ||
            segment.coltyp == JET_coltypLongText) {
          // Flip the case of ASCII letters.
          for (size_t i = 0; i < v.size(); i += unit) {
            if (std::isalpha(static_cast<unsigned char>(v[i])) &&
                (unit == 1 || v[i + 1] == 0) && Uniform(2) == 0) {
              v[i] = static_cast<char>(v[i] ^ 0x20);
            }
          }
        }
        return v;
      }
      default:
        return base;
    }
  }

  std::mt19937_64 rng_;
};

// ---------------------------------------------------------------------------
// Exact bytes
// ---------------------------------------------------------------------------

TEST(KeyCodecTest, PrefixBytesAreEsesValues) {
  // fldnorm.cxx: bPrefixNull 0x00, bPrefixZeroLength 0x40, bPrefixData 0x7f,
  // bPrefixNullHigh 0xc0.
  EXPECT_EQ(kKeyPrefixNull, 0x00);
  EXPECT_EQ(kKeyPrefixZeroLength, 0x40);
  EXPECT_EQ(kKeyPrefixData, 0x7F);
  EXPECT_EQ(kKeyPrefixNullHigh, 0xC0);
}

TEST(KeyCodecTest, LongBytes) {
  const KeySegment s = Seg(JET_coltypLong);
  EXPECT_EQ(Hex(DataKey(s, Raw<int32_t>(1))), "7F 80 00 00 01");
  EXPECT_EQ(Hex(DataKey(s, Raw<int32_t>(-1))), "7F 7F FF FF FF");
  EXPECT_EQ(Hex(DataKey(s, Raw<int32_t>(0))), "7F 80 00 00 00");
  EXPECT_EQ(Hex(DataKey(s, Raw<int32_t>(INT32_MIN))), "7F 00 00 00 00");
  EXPECT_EQ(Hex(DataKey(s, Raw<int32_t>(INT32_MAX))), "7F FF FF FF FF");
  EXPECT_EQ(Hex(DataKey(s, Raw<int32_t>(0x01020304))), "7F 81 02 03 04");
  // ESE's bookmark of an int primary key is 5 bytes (reference §4.6).
  EXPECT_EQ(DataKey(s, Raw<int32_t>(42)).size(), 5u);
  EXPECT_EQ(Hex(Key(s, KeyValue::kNull)), "00");
  EXPECT_EQ(Hex(Key(Seg(JET_coltypLong, false, true), KeyValue::kNull)), "C0");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypLong, true), Raw<int32_t>(1))),
            "80 7F FF FF FE");
  EXPECT_EQ(Hex(Key(Seg(JET_coltypLong, true), KeyValue::kNull)), "FF");
  EXPECT_EQ(Hex(Key(Seg(JET_coltypLong, true, true), KeyValue::kNull)), "3F");
}

TEST(KeyCodecTest, OtherIntegerBytes) {
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypBit), Bytes({0x00}))), "7F 00");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypBit), Bytes({0x01}))), "7F FF");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypBit), Bytes({0x80}))), "7F FF");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypUnsignedByte), Bytes({0xAB}))), "7F AB");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypShort), Raw<int16_t>(-2))), "7F 7F FE");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypShort), Raw<int16_t>(0x1234))),
            "7F 92 34");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypUnsignedShort), Raw<uint16_t>(0x1234))),
            "7F 12 34");
  EXPECT_EQ(
      Hex(DataKey(Seg(JET_coltypUnsignedLong), Raw<uint32_t>(0xDEADBEEF))),
      "7F DE AD BE EF");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypLongLong), Raw<int64_t>(1))),
            "7F 80 00 00 00 00 00 00 01");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypCurrency), Raw<int64_t>(-1))),
            "7F 7F FF FF FF FF FF FF FF");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypUnsignedLongLong),
                        Raw<uint64_t>(0x0102030405060708ull))),
            "7F 01 02 03 04 05 06 07 08");
}

TEST(KeyCodecTest, FloatBytes) {
  const KeySegment f = Seg(JET_coltypIEEESingle);
  EXPECT_EQ(Hex(DataKey(f, Raw(1.0f))), "7F BF 80 00 00");
  EXPECT_EQ(Hex(DataKey(f, Raw(-1.0f))), "7F 40 7F FF FF");
  EXPECT_EQ(Hex(DataKey(f, Raw(0.0f))), "7F 80 00 00 00");
  EXPECT_EQ(Hex(DataKey(f, Raw(-0.0f))), "7F 7F FF FF FF");
  EXPECT_EQ(Hex(DataKey(f, Raw(std::numeric_limits<float>::infinity()))),
            "7F FF 80 00 00");
  EXPECT_EQ(Hex(DataKey(f, Raw(std::numeric_limits<float>::quiet_NaN()))),
            "7F FF C0 00 00");
  EXPECT_EQ(Hex(DataKey(f, Raw(-std::numeric_limits<float>::quiet_NaN()))),
            "7F 00 3F FF FF");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypIEEEDouble), Raw(1.0))),
            "7F BF F0 00 00 00 00 00 00");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypIEEEDouble), Raw(-2.0))),
            "7F 3F FF FF FF FF FF FF FF");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypDateTime), Raw(1.0))),
            "7F BF F0 00 00 00 00 00 00");
}

TEST(KeyCodecTest, GuidBytes) {
  std::string g;
  for (int i = 0; i < 16; ++i) g.push_back(static_cast<char>(i));
  // The byte orders of fldnorm.cxx FLDNormalizeFixedSegment.
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypGUID), g)),
            "7F 0A 0B 0C 0D 0E 0F 08 09 06 07 04 05 00 01 02 03");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypGUID, false, false, 0, true), g)),
            "7F 03 02 01 00 05 04 07 06 08 09 0A 0B 0C 0D 0E 0F");
}

TEST(KeyCodecTest, VariableBytes) {
  const KeySegment text = Seg(JET_coltypText);
  EXPECT_EQ(Hex(DataKey(text, "ab")), "7F 41 42 00 00");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypText, true), "ab")), "80 BE BD FF FF");
  EXPECT_EQ(Hex(Key(text, KeyValue::kZeroLength)), "40");
  EXPECT_EQ(Hex(DataKey(text, "")), "40");
  EXPECT_EQ(Hex(Key(Seg(JET_coltypText, true), KeyValue::kZeroLength)), "BF");
  EXPECT_EQ(Hex(Key(text, KeyValue::kNull)), "00");
  EXPECT_EQ(Hex(Key(Seg(JET_coltypText, false, true), KeyValue::kNull)), "C0");
  EXPECT_EQ(Hex(DataKey(text, std::string("a\0b", 3))), "7F 41 00 01 42 00 00");
  EXPECT_EQ(Hex(DataKey(text, "\xE9")), "7F C3 89 00 00");     // é -> É
  EXPECT_EQ(Hex(DataKey(text, "\x80")), "7F E2 82 AC 00 00");  // €
  EXPECT_EQ(Hex(DataKey(text, "\x81")), "7F C2 81 00 00");     // undefined
  EXPECT_EQ(Hex(DataKey(text, "\xDF")), "7F C3 9F 00 00");     // ß unchanged
  EXPECT_EQ(Hex(DataKey(text, "\xFF")), "7F C5 B8 00 00");     // ÿ -> Ÿ
  EXPECT_EQ(Hex(DataKey(text, "Caf\xE9")), "7F 43 41 46 C3 89 00 00");

  const KeySegment wide = Seg(JET_coltypLongText, false, false, 1200);
  EXPECT_EQ(Hex(DataKey(wide, Utf16({u'a', u'b'}))), "7F 41 42 00 00");
  EXPECT_EQ(Hex(DataKey(wide, Utf16({0xD83D, 0xDE00}))),
            "7F F0 9F 98 80 00 00");  // U+1F600
  EXPECT_EQ(Hex(DataKey(wide, Utf16({0xD800}))), "7F ED A0 80 00 00");
  EXPECT_EQ(Hex(DataKey(wide, Utf16({0xDC00, 0xD800}))),
            "7F ED B0 80 ED A0 80 00 00");
  EXPECT_EQ(Hex(DataKey(wide, Utf16({0x0000}))), "7F 00 01 00 00");

  const KeySegment bin = Seg(JET_coltypBinary);
  EXPECT_EQ(Hex(DataKey(bin, Bytes({0x00, 0xFF, 0x01}))),
            "7F 00 01 FF 01 00 00");
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypLongBinary, true), Bytes({0x00}))),
            "80 FF FE FF FF");
  // cp is not looked at for binary columns.
  EXPECT_EQ(Hex(DataKey(Seg(JET_coltypBinary, false, false, 1200), "a")),
            "7F 61 00 00");
}

TEST(KeyCodecTest, MultiSegmentBytes) {
  std::string key;
  ASSERT_TRUE(
      AppendKeySegment(Seg(JET_coltypText), KeyValue::kData, "ab", 2, &key)
          .ok());
  const int32_t one = 1;
  ASSERT_TRUE(AppendKeySegment(Seg(JET_coltypLong, true), KeyValue::kData, &one,
                               sizeof(one), &key)
                  .ok());
  ASSERT_TRUE(AppendKeySegment(Seg(JET_coltypBinary, false, true),
                               KeyValue::kNull, nullptr, 0, &key)
                  .ok());
  EXPECT_EQ(Hex(key), "7F 41 42 00 00 80 7F FF FF FE C0");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

const JET_COLTYP kFixedTypes[] = {
    JET_coltypBit,        JET_coltypUnsignedByte,
    JET_coltypShort,      JET_coltypUnsignedShort,
    JET_coltypLong,       JET_coltypUnsignedLong,
    JET_coltypLongLong,   JET_coltypUnsignedLongLong,
    JET_coltypCurrency,   JET_coltypIEEESingle,
    JET_coltypIEEEDouble, JET_coltypDateTime,
    JET_coltypGUID};

const JET_COLTYP kVariableTypes[] = {JET_coltypBinary, JET_coltypLongBinary,
                                     JET_coltypText, JET_coltypLongText};

JET_ERR AppendCode(const KeySegment& segment, KeyValue kind, const void* data,
                   size_t size, std::string* key) {
  return AppendKeySegment(segment, kind, data, size, key).code();
}

TEST(KeyCodecTest, FixedSizes) {
  const size_t kSizes[] = {1, 1, 2, 2, 4, 4, 8, 8, 8, 4, 8, 8, 16};
  for (size_t i = 0; i < sizeof(kSizes) / sizeof(kSizes[0]); ++i) {
    EXPECT_EQ(FixedSizeOf(kFixedTypes[i]), kSizes[i]) << kFixedTypes[i];
  }
  for (JET_COLTYP t : kVariableTypes) EXPECT_EQ(FixedSizeOf(t), 0u);
  EXPECT_EQ(FixedSizeOf(JET_coltypNil), 0u);
  EXPECT_EQ(FixedSizeOf(JET_coltypSLV), 0u);
}

TEST(KeyCodecTest, WrongSizesAreInvalidBufferSize) {
  const char buffer[32] = {};
  for (JET_COLTYP t : kFixedTypes) {
    const size_t size = FixedSizeOf(t);
    for (size_t bad : {size_t{0}, size - 1, size + 1, size_t{32}}) {
      if (bad == size) continue;
      std::string key = "xyz";
      EXPECT_EQ(AppendCode(Seg(t), KeyValue::kData, buffer, bad, &key),
                JET_errInvalidBufferSize)
          << "coltyp " << t << " size " << bad;
      EXPECT_EQ(key, "xyz");
    }
    std::string key = "xyz";
    // A zero-length value of a fixed-size type (JetMakeKey with
    // JET_bitKeyDataZeroLength gives the same error in ESE).
    EXPECT_EQ(AppendCode(Seg(t), KeyValue::kZeroLength, nullptr, 0, &key),
              JET_errInvalidBufferSize)
        << "coltyp " << t;
    EXPECT_EQ(key, "xyz");
    EXPECT_EQ(AppendCode(Seg(t), KeyValue::kData, buffer, size, &key),
              JET_errSuccess);
    EXPECT_EQ(key.size(), 3 + 1 + size);
  }
}

TEST(KeyCodecTest, TextInputErrors) {
  const char buffer[8] = {'a', 0, 'b', 0, 'c', 0, 'd', 0};
  for (JET_COLTYP t : {JET_coltypText, JET_coltypLongText}) {
    for (size_t odd : {1, 3, 7}) {
      std::string key = "xyz";
      EXPECT_EQ(AppendCode(Seg(t, false, false, 1200), KeyValue::kData, buffer,
                           odd, &key),
                JET_errInvalidCodePage)
          << odd;
      EXPECT_EQ(key, "xyz");
      // Also with an early stop that would not reach the end.
      EXPECT_EQ(AppendKeySegment(Seg(t, false, false, 1200), KeyValue::kData,
                                 buffer, odd, &key, 0)
                    .code(),
                JET_errInvalidCodePage);
      EXPECT_EQ(key, "xyz");
    }
    for (unsigned short cp : {1251, 65001, 1201}) {
      std::string key = "xyz";
      EXPECT_EQ(AppendCode(Seg(t, false, false, cp), KeyValue::kData, buffer, 2,
                           &key),
                JET_errInvalidCodePage)
          << cp;
      EXPECT_EQ(AppendCode(Seg(t, false, false, cp), KeyValue::kNull, nullptr,
                           0, &key),
                JET_errInvalidCodePage)
          << cp;
      EXPECT_EQ(key, "xyz");
    }
    std::string key;
    EXPECT_EQ(AppendCode(Seg(t, false, false, 1252), KeyValue::kData, buffer, 3,
                         &key),
              JET_errSuccess);
  }
}

TEST(KeyCodecTest, OtherErrors) {
  const char buffer[4] = {};
  for (JET_COLTYP t : {JET_COLTYP{JET_coltypNil}, JET_COLTYP{JET_coltypSLV},
                       JET_COLTYP{JET_coltypMax}, JET_COLTYP{100}}) {
    std::string key = "xyz";
    EXPECT_EQ(AppendCode(Seg(t), KeyValue::kData, buffer, 4, &key),
              JET_errInvalidColumnType)
        << t;
    EXPECT_EQ(AppendCode(Seg(t), KeyValue::kNull, nullptr, 0, &key),
              JET_errInvalidColumnType)
        << t;
    EXPECT_EQ(key, "xyz");
  }
  std::string key = "xyz";
  EXPECT_EQ(AppendCode(Seg(JET_coltypLong), KeyValue::kData, nullptr, 4, &key),
            JET_errInvalidParameter);
  EXPECT_EQ(
      AppendCode(Seg(JET_coltypBinary), KeyValue::kData, nullptr, 4, &key),
      JET_errInvalidParameter);
  EXPECT_EQ(key, "xyz");
  // A null pointer with size 0 is the zero-length value.
  EXPECT_EQ(
      AppendCode(Seg(JET_coltypBinary), KeyValue::kData, nullptr, 0, &key),
      JET_errSuccess);
  EXPECT_EQ(Hex(key), "78 79 7A 40");
}

// ---------------------------------------------------------------------------
// Case folding
// ---------------------------------------------------------------------------

TEST(KeyCodecTest, FoldMatchesUnicodeSimpleUppercase) {
  int folded = 0;
  for (char32_t cp = 0; cp < 0x530; ++cp) {
    EXPECT_EQ(FoldKeyCodePoint(cp), OracleUpper(cp))
        << std::hex << static_cast<uint32_t>(cp);
    if (FoldKeyCodePoint(cp) != cp) ++folded;
  }
  EXPECT_EQ(folded, 457);
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0x530) {
      ASSERT_EQ(FoldKeyCodePoint(cp), cp)
          << std::hex << static_cast<uint32_t>(cp);
    }
    ASSERT_EQ(FoldKeyCodePoint(FoldKeyCodePoint(cp)), FoldKeyCodePoint(cp))
        << std::hex << static_cast<uint32_t>(cp);
  }
  // Spot checks that do not depend on the C library.
  EXPECT_EQ(FoldKeyCodePoint(U'a'), U'A');
  EXPECT_EQ(FoldKeyCodePoint(U'A'), U'A');
  EXPECT_EQ(FoldKeyCodePoint(0xE9), 0xC9u);    // é
  EXPECT_EQ(FoldKeyCodePoint(0xFF), 0x178u);   // ÿ
  EXPECT_EQ(FoldKeyCodePoint(0xB5), 0x39Cu);   // µ
  EXPECT_EQ(FoldKeyCodePoint(0xDF), 0xDFu);    // ß has no single uppercase
  EXPECT_EQ(FoldKeyCodePoint(0xF7), 0xF7u);    // ÷
  EXPECT_EQ(FoldKeyCodePoint(0x131), 0x49u);   // ı
  EXPECT_EQ(FoldKeyCodePoint(0x17F), 0x53u);   // ſ
  EXPECT_EQ(FoldKeyCodePoint(0x161), 0x160u);  // š
  EXPECT_EQ(FoldKeyCodePoint(0x153), 0x152u);  // œ
  EXPECT_EQ(FoldKeyCodePoint(0x192), 0x191u);  // ƒ
  EXPECT_EQ(FoldKeyCodePoint(0x3C2), 0x3A3u);  // ς
  EXPECT_EQ(FoldKeyCodePoint(0x3C3), 0x3A3u);  // σ
  EXPECT_EQ(FoldKeyCodePoint(0x3AC), 0x386u);  // ά
  EXPECT_EQ(FoldKeyCodePoint(0x44F), 0x42Fu);  // я
  EXPECT_EQ(FoldKeyCodePoint(0x451), 0x401u);  // ё
  EXPECT_EQ(FoldKeyCodePoint(0x457), 0x407u);  // ї
  EXPECT_EQ(FoldKeyCodePoint(0x52F), 0x52Eu);
  EXPECT_EQ(FoldKeyCodePoint(0xFF41), 0xFF41u);  // fullwidth: not folded
}

TEST(KeyCodecTest, Cp1252DecodesAsWindows) {
  const KeySegment narrow = Seg(JET_coltypText, false, false, 1252);
  const KeySegment wide = Seg(JET_coltypText, false, false, 1200);
  for (int b = 0; b < 256; ++b) {
    const char32_t cp = OracleCp1252()[b];
    ASSERT_LT(cp, 0x10000u);
    EXPECT_EQ(Hex(DataKey(narrow, std::string(1, static_cast<char>(b)))),
              Hex(DataKey(wide, Utf16({static_cast<char16_t>(cp)}))))
        << "byte " << b;
  }
}

TEST(KeyCodecTest, TextIsCaseInsensitive) {
  for (JET_COLTYP t : {JET_coltypText, JET_coltypLongText}) {
    for (bool desc : {false, true}) {
      const KeySegment n = Seg(t, desc, false, 0);
      EXPECT_EQ(DataKey(n, "abc"), DataKey(n, "ABC"));
      EXPECT_EQ(DataKey(n, "abc"), DataKey(n, "AbC"));
      EXPECT_NE(DataKey(n, "abc"), DataKey(n, "abd"));
      EXPECT_EQ(DataKey(n, "\xE9"), DataKey(n, "\xC9"));  // é É
      EXPECT_EQ(DataKey(n, "\x9A"), DataKey(n, "\x8A"));  // š Š
      EXPECT_EQ(DataKey(n, "\x9C"), DataKey(n, "\x8C"));  // œ Œ
      EXPECT_EQ(DataKey(n, "\x9E"), DataKey(n, "\x8E"));  // ž Ž
      EXPECT_EQ(DataKey(n, "\xFF"), DataKey(n, "\x9F"));  // ÿ Ÿ
      EXPECT_NE(DataKey(n, "\xE9"), DataKey(n, "E"));     // accents count
      EXPECT_NE(DataKey(n, "\xDF"), DataKey(n, "SS"));    // ß is not SS

      const KeySegment w = Seg(t, desc, false, 1200);
      EXPECT_EQ(DataKey(w, Utf16(u"abc")), DataKey(w, Utf16(u"ABC")));
      EXPECT_EQ(DataKey(w, Utf16(u"abc")), DataKey(w, Utf16(u"AbC")));
      EXPECT_EQ(DataKey(w, Utf16(u"\u03B1\u03B2\u03B3\u03B4")),
                DataKey(w, Utf16(u"\u0391\u0392\u0393\u0394")));  // αβγδ
      EXPECT_EQ(DataKey(w, Utf16(u"\u03C2")), DataKey(w, Utf16(u"\u03A3")));
      EXPECT_EQ(DataKey(w, Utf16(u"\u03C3")), DataKey(w, Utf16(u"\u03A3")));
      EXPECT_EQ(DataKey(w, Utf16(u"\u03AC")), DataKey(w, Utf16(u"\u0386")));
      EXPECT_EQ(
          DataKey(w, Utf16(u"\u043F\u0440\u0438\u0432\u0435\u0442")),
          DataKey(w,
                  Utf16(u"\u041F\u0420\u0418\u0412\u0415\u0422")));  // привет
      EXPECT_EQ(DataKey(w, Utf16(u"\u0451")), DataKey(w, Utf16(u"\u0401")));
      EXPECT_EQ(DataKey(w, Utf16(u"\u0457")), DataKey(w, Utf16(u"\u0407")));
      EXPECT_NE(DataKey(w, Utf16(u"\u0430")), DataKey(w, Utf16(u"a")));
      // The same text gives the same key in a cp 1252 and a cp 1200 column.
      EXPECT_EQ(DataKey(n, "Caf\xE9"), DataKey(w, Utf16(u"CAF\u00C9")));
    }
  }
}

// ---------------------------------------------------------------------------
// Order, per column type (randomized, fixed seed)
// ---------------------------------------------------------------------------

struct OrderCase {
  std::string name;
  KeySegment segment;
};

std::vector<OrderCase> AllOrderCases() {
  struct Type {
    const char* name;
    JET_COLTYP coltyp;
    unsigned short cp;
    bool dotnet;
  };
  const Type kTypes[] = {
      {"Bit", JET_coltypBit, 0, false},
      {"UnsignedByte", JET_coltypUnsignedByte, 0, false},
      {"Short", JET_coltypShort, 0, false},
      {"UnsignedShort", JET_coltypUnsignedShort, 0, false},
      {"Long", JET_coltypLong, 0, false},
      {"UnsignedLong", JET_coltypUnsignedLong, 0, false},
      {"LongLong", JET_coltypLongLong, 0, false},
      {"UnsignedLongLong", JET_coltypUnsignedLongLong, 0, false},
      {"Currency", JET_coltypCurrency, 0, false},
      {"IEEESingle", JET_coltypIEEESingle, 0, false},
      {"IEEEDouble", JET_coltypIEEEDouble, 0, false},
      {"DateTime", JET_coltypDateTime, 0, false},
      {"GUID", JET_coltypGUID, 0, false},
      {"GUIDDotNet", JET_coltypGUID, 0, true},
      {"Binary", JET_coltypBinary, 0, false},
      {"LongBinary", JET_coltypLongBinary, 0, false},
      {"Text1252", JET_coltypText, 1252, false},
      {"Text1200", JET_coltypText, 1200, false},
      {"LongText1252", JET_coltypLongText, 1252, false},
      {"LongText1200", JET_coltypLongText, 1200, false},
  };
  std::vector<OrderCase> cases;
  for (const Type& t : kTypes) {
    for (bool desc : {false, true}) {
      for (bool high : {false, true}) {
        OrderCase c;
        c.name = std::string(t.name) + (desc ? "_Desc" : "_Asc") +
                 (high ? "_NullsHigh" : "_NullsLow");
        c.segment = Seg(t.coltyp, desc, high, t.cp, t.dotnet);
        cases.push_back(c);
      }
    }
  }
  return cases;
}

class KeyOrderTest : public testing::TestWithParam<OrderCase> {};

constexpr size_t kValuesPerType = 1500;
constexpr size_t kPairsPerType = 20000;

std::vector<Value> RandomValues(const KeySegment& segment, uint64_t seed,
                                size_t n) {
  ValueGenerator gen(seed);
  std::vector<Value> values;
  values.reserve(n);
  for (size_t i = 0; i < n; ++i) values.push_back(gen.Make(segment, values));
  return values;
}

uint64_t SeedOf(const std::string& name) {
  uint64_t h = 1469598103934665603ull;
  for (char c : name)
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

TEST_P(KeyOrderTest, MemcmpOrderIsTheTypedOrder) {
  const KeySegment& segment = GetParam().segment;
  const std::vector<Value> values =
      RandomValues(segment, SeedOf(GetParam().name), kValuesPerType);
  std::vector<std::string> keys;
  for (const Value& v : values) keys.push_back(KeyOfValue(segment, v));

  std::mt19937_64 rng(7);
  std::uniform_int_distribution<size_t> pick(0, values.size() - 1);
  int failures = 0;
  int equal = 0;
  for (size_t i = 0; i < kPairsPerType && failures < 10; ++i) {
    const size_t a = pick(rng);
    const size_t b = pick(rng);
    const int expected = CompareValues(segment, values[a], values[b]);
    const int actual = MemCmp(keys[a], keys[b]);
    if (expected == 0) ++equal;
    if (expected != actual) {
      ++failures;
      ADD_FAILURE() << Describe(values[a]) << " vs " << Describe(values[b])
                    << ": expected " << expected << ", keys " << Hex(keys[a])
                    << " vs " << Hex(keys[b]);
    }
  }
  // The generator makes ties (equal keys) often enough to test them.
  EXPECT_GT(equal, 20);
}

TEST_P(KeyOrderTest, SortingByKeyAndByValueAgree) {
  const KeySegment& segment = GetParam().segment;
  const std::vector<Value> values =
      RandomValues(segment, SeedOf(GetParam().name) + 1, kValuesPerType);
  std::vector<std::string> keys;
  for (const Value& v : values) keys.push_back(KeyOfValue(segment, v));

  std::vector<size_t> by_key(values.size());
  std::iota(by_key.begin(), by_key.end(), 0);
  std::vector<size_t> by_value = by_key;
  std::sort(by_key.begin(), by_key.end(), [&keys](size_t a, size_t b) {
    return MemCmp(keys[a], keys[b]) < 0;
  });
  std::stable_sort(by_value.begin(), by_value.end(),
                   [&values, &segment](size_t a, size_t b) {
                     return CompareValues(segment, values[a], values[b]) < 0;
                   });
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(Hex(keys[by_key[i]]), Hex(keys[by_value[i]]))
        << "position " << i << ": " << Describe(values[by_key[i]]) << " vs "
        << Describe(values[by_value[i]]);
  }
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    const Value& a = values[by_key[i]];
    const Value& b = values[by_key[i + 1]];
    const int c = CompareValues(segment, a, b);
    ASSERT_LE(c, 0) << Describe(a) << " before " << Describe(b);
    ASSERT_EQ(c == 0, keys[by_key[i]] == keys[by_key[i + 1]])
        << Describe(a) << " and " << Describe(b);
  }
}

TEST_P(KeyOrderTest, NullAndZeroLengthPlacement) {
  const KeySegment& segment = GetParam().segment;
  const bool variable = FixedSizeOf(segment.coltyp) == 0;
  ValueGenerator gen(SeedOf(GetParam().name) + 2);
  const std::string null_key = Key(segment, KeyValue::kNull);
  std::vector<Value> none;
  for (int i = 0; i < 200; ++i) {
    Value v = gen.Make(segment, none);
    if (v.kind != KeyValue::kData) continue;
    const std::string key = KeyOfValue(segment, v);
    // NULL is first unless exactly one of SortNullsHigh and descending.
    const bool null_first = segment.sort_nulls_high == segment.descending;
    if (null_first) {
      EXPECT_LT(MemCmp(null_key, key), 0) << Describe(v);
    } else {
      EXPECT_GT(MemCmp(null_key, key), 0) << Describe(v);
    }
    if (variable && !v.bytes.empty()) {
      const std::string zero_key = Key(segment, KeyValue::kZeroLength);
      EXPECT_EQ(MemCmp(zero_key, key), segment.descending ? 1 : -1);
      EXPECT_EQ(MemCmp(null_key, zero_key), null_first ? -1 : 1);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, KeyOrderTest,
                         testing::ValuesIn(AllOrderCases()),
                         [](const testing::TestParamInfo<OrderCase>& info) {
                           return info.param.name;
                         });

TEST(KeyCodecTest, DescendingPrefixesSortAfter) {
  for (JET_COLTYP t : kVariableTypes) {
    const KeySegment asc = Seg(t);
    const KeySegment desc = Seg(t, true);
    EXPECT_LT(MemCmp(DataKey(asc, "ab"), DataKey(asc, "abc")), 0) << t;
    EXPECT_GT(MemCmp(DataKey(desc, "ab"), DataKey(desc, "abc")), 0) << t;
    // A NUL byte continues a value; it is not its end.
    EXPECT_LT(MemCmp(DataKey(asc, "ab"), DataKey(asc, std::string("ab\0", 3))),
              0);
    EXPECT_GT(
        MemCmp(DataKey(desc, "ab"), DataKey(desc, std::string("ab\0", 3))), 0);
    EXPECT_LT(MemCmp(DataKey(asc, std::string("ab\0", 3)),
                     DataKey(asc, std::string("ab\x01", 3))),
              0);
  }
}

// ---------------------------------------------------------------------------
// Several segments
// ---------------------------------------------------------------------------

struct Schema {
  const char* name;
  std::vector<KeySegment> segments;
};

std::vector<Schema> MultiSegmentSchemas() {
  return {
      {"text_asc+long_desc",
       {Seg(JET_coltypText, false, false, 1252), Seg(JET_coltypLong, true)}},
      {"binary_desc+text1200_asc_high",
       {Seg(JET_coltypBinary, true), Seg(JET_coltypText, false, true, 1200)}},
      {"longtext_desc+binary_asc+guid_asc",
       {Seg(JET_coltypLongText, true, false, 1252), Seg(JET_coltypBinary),
        Seg(JET_coltypGUID)}},
      {"binary_asc+double_desc_high+short_asc",
       {Seg(JET_coltypBinary), Seg(JET_coltypIEEEDouble, true, true),
        Seg(JET_coltypShort)}},
      {"bit_asc+text1200_desc+longbinary_desc",
       {Seg(JET_coltypBit), Seg(JET_coltypText, true, false, 1200),
        Seg(JET_coltypLongBinary, true)}},
  };
}

TEST(KeyCodecTest, MultiSegmentKeysCompareSegmentBySegment) {
  for (const Schema& schema : MultiSegmentSchemas()) {
    SCOPED_TRACE(schema.name);
    const size_t n = 1200;
    std::vector<std::vector<Value>> columns;
    for (size_t s = 0; s < schema.segments.size(); ++s) {
      columns.push_back(
          RandomValues(schema.segments[s], SeedOf(schema.name) + s, n));
    }
    std::vector<std::string> keys(n);
    for (size_t i = 0; i < n; ++i) {
      for (size_t s = 0; s < schema.segments.size(); ++s) {
        const Value& v = columns[s][i];
        ASSERT_TRUE(AppendKeySegment(schema.segments[s], v.kind, v.bytes.data(),
                                     v.bytes.size(), &keys[i])
                        .ok());
      }
    }
    auto compare = [&](size_t a, size_t b) {
      for (size_t s = 0; s < schema.segments.size(); ++s) {
        const int c =
            CompareValues(schema.segments[s], columns[s][a], columns[s][b]);
        if (c != 0) return c;
      }
      return 0;
    };
    auto describe = [&](size_t i) {
      std::string out;
      for (size_t s = 0; s < schema.segments.size(); ++s) {
        out += (s ? ", " : "") + Describe(columns[s][i]);
      }
      return out;
    };
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    int failures = 0;
    for (int i = 0; i < 20000 && failures < 10; ++i) {
      // Pairs that share leading segments are the interesting ones: make
      // half of them share the first segment's value.
      size_t a = pick(rng);
      size_t b = pick(rng);
      if (i % 2 == 0) {
        for (int tries = 0; tries < 50; ++tries) {
          const size_t c = pick(rng);
          if (CompareValues(schema.segments[0], columns[0][a], columns[0][c]) ==
              0) {
            b = c;
            break;
          }
        }
      }
      const int expected = compare(a, b);
      const int actual = MemCmp(keys[a], keys[b]);
      if (expected != actual) {
        ++failures;
        ADD_FAILURE() << "(" << describe(a) << ") vs (" << describe(b)
                      << "): expected " << expected << ", keys " << Hex(keys[a])
                      << " vs " << Hex(keys[b]);
      }
    }
    std::vector<size_t> by_key(n);
    std::iota(by_key.begin(), by_key.end(), 0);
    std::vector<size_t> by_value = by_key;
    std::sort(by_key.begin(), by_key.end(), [&keys](size_t a, size_t b) {
      return MemCmp(keys[a], keys[b]) < 0;
    });
    std::stable_sort(
        by_value.begin(), by_value.end(),
        [&compare](size_t a, size_t b) { return compare(a, b) < 0; });
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(keys[by_key[i]], keys[by_value[i]]) << "position " << i;
    }
  }
}

TEST(KeyCodecTest, ShortFirstSegmentDoesNotBorrowFromTheNext) {
  // ("ab", "c") < ("abc", "") even though "ab"+"c" == "abc" as bytes.
  const KeySegment t = Seg(JET_coltypText);
  std::string k1 = DataKey(t, "ab") + DataKey(t, "c");
  std::string k2 = DataKey(t, "abc") + Key(t, KeyValue::kZeroLength);
  std::string k3 = DataKey(t, "ab") + DataKey(t, "\xFF\xFF");
  EXPECT_LT(MemCmp(k1, k2), 0);
  EXPECT_LT(MemCmp(k3, k2), 0);
  const KeySegment d = Seg(JET_coltypBinary, true);
  k1 = DataKey(d, "ab") + DataKey(d, "c");
  k2 = DataKey(d, "abc") + DataKey(d, "c");
  EXPECT_GT(MemCmp(k1, k2), 0);
}

// ---------------------------------------------------------------------------
// Truncation
// ---------------------------------------------------------------------------

TEST(KeyCodecTest, TruncateKeyCutsOnlyLongKeys) {
  std::string key;
  EXPECT_FALSE(TruncateKey(&key, 0));
  key = "abc";
  EXPECT_FALSE(TruncateKey(&key, 3));
  EXPECT_FALSE(TruncateKey(&key, 255));
  EXPECT_EQ(key, "abc");
  EXPECT_TRUE(TruncateKey(&key, 2));
  EXPECT_EQ(key, "ab");
  EXPECT_TRUE(TruncateKey(&key, 0));
  EXPECT_EQ(key, "");
}

TEST(KeyCodecTest, ValuesDifferingPastTheLimitGetEqualKeys) {
  const KeySegment t = Seg(JET_coltypText);
  const std::string base(300, 'x');
  std::string a = base, b = base;
  a[290] = 'a';
  b[290] = 'b';
  std::string ka = DataKey(t, a);
  std::string kb = DataKey(t, b);
  EXPECT_LT(MemCmp(ka, kb), 0);
  EXPECT_TRUE(TruncateKey(&ka, JET_cbKeyMost));
  EXPECT_TRUE(TruncateKey(&kb, JET_cbKeyMost));
  EXPECT_EQ(ka.size(), 255u);
  EXPECT_EQ(ka, kb);  // as ESE: SeekEQ can find the wrong record

  a = base;
  b = base;
  a[10] = 'a';
  b[10] = 'b';
  ka = DataKey(t, a);
  kb = DataKey(t, b);
  EXPECT_TRUE(TruncateKey(&ka, JET_cbKeyMost));
  EXPECT_TRUE(TruncateKey(&kb, JET_cbKeyMost));
  EXPECT_LT(MemCmp(ka, kb), 0);

  // A short value is not cut.
  std::string ks = DataKey(t, "short");
  EXPECT_FALSE(TruncateKey(&ks, JET_cbKeyMost));
  EXPECT_EQ(Hex(ks), "7F 53 48 4F 52 54 00 00");
}

TEST(KeyCodecTest, TruncationKeepsOrderWeakly) {
  for (const OrderCase& c : AllOrderCases()) {
    SCOPED_TRACE(c.name);
    const std::vector<Value> values =
        RandomValues(c.segment, SeedOf(c.name) + 3, 400);
    std::vector<std::string> keys;
    for (const Value& v : values) keys.push_back(KeyOfValue(c.segment, v));
    for (size_t max : {size_t{1}, size_t{3}, size_t{6}, size_t{12}}) {
      for (size_t a = 0; a < values.size(); a += 3) {
        for (size_t b = 1; b < values.size(); b += 7) {
          std::string ta = keys[a], tb = keys[b];
          EXPECT_EQ(TruncateKey(&ta, max), keys[a].size() > max);
          TruncateKey(&tb, max);
          const int full = CompareValues(c.segment, values[a], values[b]);
          const int cut = MemCmp(ta, tb);
          ASSERT_TRUE(cut == 0 || cut == full)
              << Describe(values[a]) << " vs " << Describe(values[b]);
          ASSERT_EQ(cut == 0, keys[a].compare(0, max, keys[b], 0, max) == 0);
        }
      }
    }
  }
}

// A long value of the segment's type: long runs that hit the cut inside a
// multi-byte character or a surrogate pair.
std::string LongValue(const KeySegment& segment, std::mt19937_64* rng) {
  std::uniform_int_distribution<int> len(0, 700);
  const int n = len(*rng);
  std::string out;
  if (segment.coltyp == JET_coltypText ||
      segment.coltyp == JET_coltypLongText) {
    if (segment.cp == 1200) {
      static const char16_t kUnits[] = {u'a',   0x00E9, 0x20AC, 0xD83D,
                                        0xDE00, 0x0000, 0xD800};
      std::u16string s;
      for (int i = 0; i < n; ++i) s.push_back(kUnits[(*rng)() % 7]);
      return Utf16(s);
    }
    static const char kBytes[] = {'a', '\xE9', '\x80', '\0', 'Z'};
    for (int i = 0; i < n; ++i) out.push_back(kBytes[(*rng)() % 5]);
    return out;
  }
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((*rng)() % 3));
  return out;
}

TEST(KeyCodecTest, EarlyStopAndPartialValuesTruncateAlike) {
  const KeySegment kSegments[] = {
      Seg(JET_coltypLongBinary),
      Seg(JET_coltypLongBinary, true),
      Seg(JET_coltypLongText, false, false, 1252),
      Seg(JET_coltypLongText, true, false, 1252),
      Seg(JET_coltypLongText, false, false, 1200),
      Seg(JET_coltypLongText, true, true, 1200),
      Seg(JET_coltypText, false, false, 1200),
  };
  std::mt19937_64 rng(5);
  for (const KeySegment& segment : kSegments) {
    for (int round = 0; round < 300; ++round) {
      const std::string value = LongValue(segment, &rng);
      const std::string before =
          round % 2 ? DataKey(Seg(JET_coltypText), "lead") : std::string();
      const size_t max = rng() % 2 ? rng() % 20 : rng() % 600;

      std::string full = before;
      ASSERT_TRUE(AppendKeySegment(segment, KeyValue::kData, value.data(),
                                   value.size(), &full)
                      .ok());
      std::string stopped = before;
      ASSERT_TRUE(AppendKeySegment(segment, KeyValue::kData, value.data(),
                                   value.size(), &stopped, max)
                      .ok());
      ASSERT_EQ(full.compare(0, stopped.size(), stopped), 0) << "not a prefix";
      ASSERT_EQ(full.size() > max, stopped.size() > max);

      const size_t need = KeyValueBytesNeeded(segment, max);
      const std::string part = value.substr(0, std::min(need, value.size()));
      std::string partial = before;
      ASSERT_TRUE(AppendKeySegment(segment, KeyValue::kData, part.data(),
                                   part.size(), &partial)
                      .ok());

      const bool cut_full = TruncateKey(&full, max);
      EXPECT_EQ(TruncateKey(&stopped, max), cut_full);
      EXPECT_EQ(TruncateKey(&partial, max), cut_full);
      ASSERT_EQ(Hex(stopped), Hex(full)) << "max " << max;
      ASSERT_EQ(Hex(partial), Hex(full)) << "max " << max << " need " << need;
    }
  }
  EXPECT_EQ(KeyValueBytesNeeded(Seg(JET_coltypLong), 2), 4u);
  EXPECT_EQ(KeyValueBytesNeeded(Seg(JET_coltypGUID), 255), 16u);
  EXPECT_EQ(KeyValueBytesNeeded(Seg(JET_coltypBinary), 255), 256u);
  EXPECT_EQ(KeyValueBytesNeeded(Seg(JET_coltypText, false, false, 1200), 255),
            514u);
  EXPECT_EQ(KeyValueBytesNeeded(Seg(JET_coltypLongText),
                                std::numeric_limits<size_t>::max()),
            std::numeric_limits<size_t>::max());
}

TEST(KeyCodecTest, HugeValueStopsEarly) {
  const std::string big(1 << 20, 'q');
  std::string key;
  ASSERT_TRUE(AppendKeySegment(Seg(JET_coltypLongText), KeyValue::kData,
                               big.data(), big.size(), &key, JET_cbKeyMost)
                  .ok());
  EXPECT_GT(key.size(), size_t{JET_cbKeyMost});
  EXPECT_LT(key.size(), size_t{JET_cbKeyMost} + 8);
  EXPECT_TRUE(TruncateKey(&key, JET_cbKeyMost));
  EXPECT_EQ(key, "\x7F" + std::string(254, 'Q'));
}

// Binary values are appended a run of non-zero bytes at a time; the result,
// including where a max_key_bytes cut stops, must be the byte-by-byte
// escaping's: prefix, each byte (0x00 as 0x00 0x01) while the key is not
// longer than the limit, and the terminator only after the last byte.
TEST(KeyCodecTest, BinaryRunsMatchByteByByteEscaping) {
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string value(rng() % 40, '\0');
    for (char& c : value) c = (rng() % 4 == 0) ? 0 : static_cast<char>(rng());
    const std::string before(rng() % 6, 'k');
    const size_t limit =
        round % 5 == 0 ? std::numeric_limits<size_t>::max() : rng() % 60;
    std::string expected = before + std::string(1, '\x7F');
    bool stopped = false;
    for (char c : value) {
      if (expected.size() > limit) {
        stopped = true;
        break;
      }
      expected.push_back(c);
      if (c == 0) expected.push_back('\x01');
    }
    if (!stopped) expected.append(2, '\0');
    if (value.empty()) expected = before + std::string(1, '\x40');
    std::string key = before;
    ASSERT_TRUE(AppendKeySegment(Seg(JET_coltypBinary), KeyValue::kData,
                                 value.data(), value.size(), &key, limit)
                    .ok());
    ASSERT_EQ(Hex(key), Hex(expected)) << "round " << round;
  }
}

}  // namespace
}  // namespace lmjet::engine
