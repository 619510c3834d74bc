#include "engine/key_codec.h"

#include <cstring>

#include "base/utf8.h"

namespace lmjet::engine {
namespace {

// --- Case folding ----------------------------------------------------------

// Code points at or above this fold to themselves.
constexpr char32_t kFoldLimit = 0x530;

// A run of code points first, first + step, ... <= last that fold to
// themselves plus `delta`. Generated once from Unicode 14.0's simple
// uppercase mappings (UnicodeData.txt field 12) and frozen here: the table is
// part of the file format.
struct FoldRun {
  char16_t first;
  char16_t last;
  int32_t delta;
  uint8_t step;
};

constexpr FoldRun kFoldRuns[] = {
    // Basic Latin, Latin-1 Supplement (micro sign U+00B5 -> U+039C, U+00FF ->
    // U+0178).
    {0x0061, 0x007A, -32, 1},
    {0x00B5, 0x00B5, 743, 1},
    {0x00E0, 0x00F6, -32, 1},
    {0x00F8, 0x00FE, -32, 1},
    {0x00FF, 0x00FF, 121, 1},
    // Latin Extended-A (dotless i U+0131 -> I, long s U+017F -> S).
    {0x0101, 0x012F, -1, 2},
    {0x0131, 0x0131, -232, 1},
    {0x0133, 0x0137, -1, 2},
    {0x013A, 0x0148, -1, 2},
    {0x014B, 0x0177, -1, 2},
    {0x017A, 0x017E, -1, 2},
    {0x017F, 0x017F, -300, 1},
    // Latin Extended-B.
    {0x0180, 0x0180, 195, 1},
    {0x0183, 0x0185, -1, 2},
    {0x0188, 0x0188, -1, 1},
    {0x018C, 0x018C, -1, 1},
    {0x0192, 0x0192, -1, 1},
    {0x0195, 0x0195, 97, 1},
    {0x0199, 0x0199, -1, 1},
    {0x019A, 0x019A, 163, 1},
    {0x019E, 0x019E, 130, 1},
    {0x01A1, 0x01A5, -1, 2},
    {0x01A8, 0x01A8, -1, 1},
    {0x01AD, 0x01AD, -1, 1},
    {0x01B0, 0x01B0, -1, 1},
    {0x01B4, 0x01B6, -1, 2},
    {0x01B9, 0x01B9, -1, 1},
    {0x01BD, 0x01BD, -1, 1},
    {0x01BF, 0x01BF, 56, 1},
    {0x01C5, 0x01C5, -1, 1},
    {0x01C6, 0x01C6, -2, 1},
    {0x01C8, 0x01C8, -1, 1},
    {0x01C9, 0x01C9, -2, 1},
    {0x01CB, 0x01CB, -1, 1},
    {0x01CC, 0x01CC, -2, 1},
    {0x01CE, 0x01DC, -1, 2},
    {0x01DD, 0x01DD, -79, 1},
    {0x01DF, 0x01EF, -1, 2},
    {0x01F2, 0x01F2, -1, 1},
    {0x01F3, 0x01F3, -2, 1},
    {0x01F5, 0x01F5, -1, 1},
    {0x01F9, 0x021F, -1, 2},
    {0x0223, 0x0233, -1, 2},
    {0x023C, 0x023C, -1, 1},
    {0x023F, 0x0240, 10815, 1},
    {0x0242, 0x0242, -1, 1},
    {0x0247, 0x024F, -1, 2},
    // IPA Extensions (capitals in Latin Extended-B, -C and -D).
    {0x0250, 0x0250, 10783, 1},
    {0x0251, 0x0251, 10780, 1},
    {0x0252, 0x0252, 10782, 1},
    {0x0253, 0x0253, -210, 1},
    {0x0254, 0x0254, -206, 1},
    {0x0256, 0x0257, -205, 1},
    {0x0259, 0x0259, -202, 1},
    {0x025B, 0x025B, -203, 1},
    {0x025C, 0x025C, 42319, 1},
    {0x0260, 0x0260, -205, 1},
    {0x0261, 0x0261, 42315, 1},
    {0x0263, 0x0263, -207, 1},
    {0x0265, 0x0265, 42280, 1},
    {0x0266, 0x0266, 42308, 1},
    {0x0268, 0x0268, -209, 1},
    {0x0269, 0x0269, -211, 1},
    {0x026A, 0x026A, 42308, 1},
    {0x026B, 0x026B, 10743, 1},
    {0x026C, 0x026C, 42305, 1},
    {0x026F, 0x026F, -211, 1},
    {0x0271, 0x0271, 10749, 1},
    {0x0272, 0x0272, -213, 1},
    {0x0275, 0x0275, -214, 1},
    {0x027D, 0x027D, 10727, 1},
    {0x0280, 0x0280, -218, 1},
    {0x0282, 0x0282, 42307, 1},
    {0x0283, 0x0283, -218, 1},
    {0x0287, 0x0287, 42282, 1},
    {0x0288, 0x0288, -218, 1},
    {0x0289, 0x0289, -69, 1},
    {0x028A, 0x028B, -217, 1},
    {0x028C, 0x028C, -71, 1},
    {0x0292, 0x0292, -219, 1},
    {0x029D, 0x029D, 42261, 1},
    {0x029E, 0x029E, 42258, 1},
    // Combining ypogegrammeni, Greek and Coptic (final sigma -> U+03A3).
    {0x0345, 0x0345, 84, 1},
    {0x0371, 0x0373, -1, 2},
    {0x0377, 0x0377, -1, 1},
    {0x037B, 0x037D, 130, 1},
    {0x03AC, 0x03AC, -38, 1},
    {0x03AD, 0x03AF, -37, 1},
    {0x03B1, 0x03C1, -32, 1},
    {0x03C2, 0x03C2, -31, 1},
    {0x03C3, 0x03CB, -32, 1},
    {0x03CC, 0x03CC, -64, 1},
    {0x03CD, 0x03CE, -63, 1},
    {0x03D0, 0x03D0, -62, 1},
    {0x03D1, 0x03D1, -57, 1},
    {0x03D5, 0x03D5, -47, 1},
    {0x03D6, 0x03D6, -54, 1},
    {0x03D7, 0x03D7, -8, 1},
    {0x03D9, 0x03EF, -1, 2},
    {0x03F0, 0x03F0, -86, 1},
    {0x03F1, 0x03F1, -80, 1},
    {0x03F2, 0x03F2, 7, 1},
    {0x03F3, 0x03F3, -116, 1},
    {0x03F5, 0x03F5, -96, 1},
    {0x03F8, 0x03F8, -1, 1},
    {0x03FB, 0x03FB, -1, 1},
    // Cyrillic, Cyrillic Supplement.
    {0x0430, 0x044F, -32, 1},
    {0x0450, 0x045F, -80, 1},
    {0x0461, 0x0481, -1, 2},
    {0x048B, 0x04BF, -1, 2},
    {0x04C2, 0x04CE, -1, 2},
    {0x04CF, 0x04CF, -15, 1},
    {0x04D1, 0x052F, -1, 2},
};

struct FoldTable {
  char16_t upper[kFoldLimit];
};

constexpr FoldTable BuildFoldTable() {
  FoldTable table{};
  for (char32_t c = 0; c < kFoldLimit; ++c) {
    table.upper[c] = static_cast<char16_t>(c);
  }
  for (const FoldRun& run : kFoldRuns) {
    for (char32_t c = run.first; c <= run.last; c += run.step) {
      table.upper[c] =
          static_cast<char16_t>(static_cast<int32_t>(c) + run.delta);
    }
  }
  return table;
}

constexpr FoldTable kFold = BuildFoldTable();

// --- Code page 1252 ----------------------------------------------------------

// Bytes 0x80..0x9F of Windows code page 1252. The five bytes the code page
// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of
// the same value, as Windows' MultiByteToWideChar maps them. Every other byte
// is the Latin-1 code point of the same value.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

inline char32_t Cp1252ToUnicode(unsigned char b) {
  return (b >= 0x80 && b < 0xA0) ? kCp1252High[b - 0x80] : b;
}

// --- Encoding ----------------------------------------------------------------

bool IsVariableType(JET_COLTYP coltyp) {
  return coltyp == JET_coltypBinary || coltyp == JET_coltypLongBinary ||
         coltyp == JET_coltypText || coltyp == JET_coltypLongText;
}

// Appends one byte of a variable-size value: 0x00 becomes 0x00 0x01, so that
// the terminator 0x00 0x00 sorts below every continuation.
inline void AppendEscaped(unsigned char b, std::string* key) {
  if (b == 0) {
    key->push_back('\0');
    key->push_back('\x01');
  } else {
    key->push_back(static_cast<char>(b));
  }
}

// Appends a folded code point as UTF-8 (surrogates as three-byte sequences),
// escaped. The bytes of UTF-8 compare as the code points do.
inline void AppendCodePoint(char32_t cp, std::string* key) {
  cp = FoldKeyCodePoint(cp);
  if (cp < 0x80) {
    AppendEscaped(static_cast<unsigned char>(cp), key);
  } else {
    AppendUtf8(cp, key);
  }
}

inline void AppendTerminator(std::string* key) {
  key->push_back('\0');
  key->push_back('\0');
}

void AppendBinary(const unsigned char* p, size_t size, std::string* key,
                  size_t max_key_bytes) {
  // As AppendEscaped byte by byte, stopping once the key is longer than
  // max_key_bytes, but each run of non-zero bytes is appended at once.
  size_t i = 0;
  while (i < size) {
    if (key->size() > max_key_bytes) return;
    if (p[i] == 0) {
      AppendEscaped(0, key);
      ++i;
      continue;
    }
    const void* zero = std::memchr(p + i, 0, size - i);
    const size_t run =
        (zero == nullptr ? p + size : static_cast<const unsigned char*>(zero)) -
        (p + i);
    // Byte by byte, the run would stop one byte past max_key_bytes.
    const size_t room = max_key_bytes - key->size();
    const size_t take = run <= room ? run : room + 1;
    key->append(reinterpret_cast<const char*>(p + i), take);
    i += take;
  }
  AppendTerminator(key);
}

void AppendCp1252(const unsigned char* p, size_t size, std::string* key,
                  size_t max_key_bytes) {
  for (size_t i = 0; i < size; ++i) {
    if (key->size() > max_key_bytes) return;
    AppendCodePoint(Cp1252ToUnicode(p[i]), key);
  }
  AppendTerminator(key);
}

// UTF-16LE; a surrogate pair is one code point, an unpaired surrogate is kept
// as the code point of its value. `size` is even.
void AppendUtf16(const unsigned char* p, size_t size, std::string* key,
                 size_t max_key_bytes) {
  const size_t units = size / 2;
  auto unit = [p](size_t i) -> char32_t {
    return static_cast<char32_t>(p[2 * i]) |
           (static_cast<char32_t>(p[2 * i + 1]) << 8);
  };
  for (size_t i = 0; i < units; ++i) {
    if (key->size() > max_key_bytes) return;
    char32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < units) {
      const char32_t low = unit(i + 1);
      if (low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        ++i;
      }
    }
    AppendCodePoint(cp, key);
  }
  AppendTerminator(key);
}

template <typename T>
T Load(const void* data) {
  T value;
  std::memcpy(&value, data, sizeof(value));
  return value;
}

// Appends the low `bytes` bytes of `value`, most significant first.
void AppendBigEndian(uint64_t value, int bytes, std::string* key) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    key->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

// Fixed-size types; `data` has FixedSizeOf(coltyp) bytes.
void AppendFixed(const KeySegment& segment, const unsigned char* data,
                 std::string* key) {
  switch (segment.coltyp) {
    case JET_coltypBit:
      key->push_back(data[0] == 0 ? '\0' : '\xFF');
      break;
    case JET_coltypUnsignedByte:
      key->push_back(static_cast<char>(data[0]));
      break;
    case JET_coltypShort:
      AppendBigEndian(Load<uint16_t>(data) ^ 0x8000u, 2, key);
      break;
    case JET_coltypUnsignedShort:
      AppendBigEndian(Load<uint16_t>(data), 2, key);
      break;
    case JET_coltypLong:
      AppendBigEndian(Load<uint32_t>(data) ^ 0x80000000u, 4, key);
      break;
    case JET_coltypUnsignedLong:
      AppendBigEndian(Load<uint32_t>(data), 4, key);
      break;
    case JET_coltypLongLong:
    case JET_coltypCurrency:
      AppendBigEndian(Load<uint64_t>(data) ^ (uint64_t{1} << 63), 8, key);
      break;
    case JET_coltypUnsignedLongLong:
      AppendBigEndian(Load<uint64_t>(data), 8, key);
      break;
    case JET_coltypIEEESingle: {
      // Negative: all bits inverted; positive: the sign bit set. This orders
      // every bit pattern as IEEE 754 totalOrder does (ESE's transform).
      const uint32_t bits = Load<uint32_t>(data);
      AppendBigEndian((bits & 0x80000000u) ? ~bits : (bits | 0x80000000u), 4,
                      key);
      break;
    }
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime: {
      const uint64_t bits = Load<uint64_t>(data);
      const uint64_t sign = uint64_t{1} << 63;
      AppendBigEndian((bits & sign) ? ~bits : (bits | sign), 8, key);
      break;
    }
    case JET_coltypGUID: {
      // ESE's byte orders (fldnorm.cxx). Default: SQL Server's uniqueidentifier
      // order, bytes 10..15, 8..9, 6..7, 4..5, 0..3. DotNetGuid: .NET
      // Guid.CompareTo order, Data1, Data2, Data3 as unsigned numbers (stored
      // little-endian, so their bytes reversed), then bytes 8..15.
      static constexpr unsigned char kSqlOrder[16] = {
          10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3};
      static constexpr unsigned char kDotNetOrder[16] = {
          3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
      const unsigned char* order =
          segment.dotnet_guid ? kDotNetOrder : kSqlOrder;
      for (int i = 0; i < 16; ++i) {
        key->push_back(static_cast<char>(data[order[i]]));
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

char32_t FoldKeyCodePoint(char32_t cp) {
  return cp < kFoldLimit ? kFold.upper[cp] : cp;
}

Status AppendKeySegment(const KeySegment& segment, KeyValue kind,
                        const void* data, size_t size, std::string* key,
                        size_t max_key_bytes) {
  const JET_COLTYP coltyp = segment.coltyp;
  const size_t fixed_size = FixedSizeOf(coltyp);
  const bool variable = IsVariableType(coltyp);
  if (fixed_size == 0 && !variable) {
    return Status(JET_errInvalidColumnType, "not a key column type");
  }
  const bool text = IsTextType(coltyp);
  const unsigned short cp = segment.cp == 0 ? 1252 : segment.cp;
  if (text && cp != 1252 && cp != 1200) {
    return Status(JET_errInvalidCodePage, "text keys are cp 1252 or 1200");
  }
  if (kind == KeyValue::kData) {
    if (data == nullptr && size != 0) {
      return Status(JET_errInvalidParameter, "null key data");
    }
    if (variable) {
      if (size == 0) kind = KeyValue::kZeroLength;
      if (text && cp == 1200 && size % 2 != 0) {
        return Status(JET_errInvalidCodePage, "odd size for UTF-16 text");
      }
    } else if (size != fixed_size) {
      return Status(JET_errInvalidBufferSize, "wrong size for the type");
    }
  } else if (kind == KeyValue::kZeroLength && !variable) {
    return Status(JET_errInvalidBufferSize, "zero-length fixed-size value");
  }

  const size_t start = key->size();
  switch (kind) {
    case KeyValue::kNull:
      key->push_back(static_cast<char>(
          segment.sort_nulls_high ? kKeyPrefixNullHigh : kKeyPrefixNull));
      break;
    case KeyValue::kZeroLength:
      key->push_back(static_cast<char>(kKeyPrefixZeroLength));
      break;
    case KeyValue::kData: {
      const auto* p = static_cast<const unsigned char*>(data);
      key->push_back(static_cast<char>(kKeyPrefixData));
      if (!variable) {
        AppendFixed(segment, p, key);
      } else if (!text) {
        AppendBinary(p, size, key, max_key_bytes);
      } else if (cp == 1200) {
        AppendUtf16(p, size, key, max_key_bytes);
      } else {
        AppendCp1252(p, size, key, max_key_bytes);
      }
      break;
    }
  }
  if (segment.descending) {
    for (size_t i = start; i < key->size(); ++i) {
      (*key)[i] = static_cast<char>(~static_cast<unsigned char>((*key)[i]));
    }
  }
  return Status::Ok();
}

size_t KeyValueBytesNeeded(const KeySegment& segment, size_t max_key_bytes) {
  const size_t fixed_size = FixedSizeOf(segment.coltyp);
  if (fixed_size != 0) return fixed_size;
  constexpr size_t kMax = std::numeric_limits<size_t>::max();
  // Every input byte (cp 1252, Binary) or code unit (cp 1200) yields at least
  // one output byte, so the first max_key_bytes + 1 of them, after the prefix
  // byte, reach past the cut. A UTF-16 unit's output also depends on the unit
  // after it (a surrogate pair), hence one unit more.
  if (IsTextType(segment.coltyp) && segment.cp == 1200) {
    if (max_key_bytes > kMax / 2 - 2) return kMax;
    return 2 * (max_key_bytes + 2);
  }
  if (max_key_bytes == kMax) return kMax;
  return max_key_bytes + 1;
}

bool TruncateKey(std::string* key, size_t max_bytes) {
  if (key->size() <= max_bytes) return false;
  key->resize(max_bytes);
  return true;
}

}  // namespace lmjet::engine
