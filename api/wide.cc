#include "api/wide.h"

#include <cstring>

#include "base/utf8.h"

namespace lmjet::api {
namespace {

// Windows-1252's bytes 0x80..0x9F; the rest of the code page is Latin-1.
constexpr WCHAR kHigh1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

WCHAR Windows1252Char(unsigned char byte) {
  return byte >= 0x80 && byte < 0xA0 ? kHigh1252[byte - 0x80] : WCHAR{byte};
}

// The Windows-1252 byte of `unit`, or -1.
int Windows1252Byte(WCHAR unit) {
  if (unit < 0x80 || (unit >= 0xA0 && unit <= 0xFF)) return unit;
  for (int i = 0; i < 32; ++i) {
    if (kHigh1252[i] == unit) return 0x80 + i;
  }
  return -1;
}

bool IsHighSurrogate(unsigned unit) { return unit >= 0xD800 && unit < 0xDC00; }
bool IsLowSurrogate(unsigned unit) { return unit >= 0xDC00 && unit < 0xE000; }

// Windows-1252 bytes of the `count` units at `text` appended to `*out`.
JET_ERR AppendWindows1252(const WCHAR* text, size_t count, std::string* out) {
  for (size_t i = 0; i < count; ++i) {
    const int byte = Windows1252Byte(text[i]);
    if (byte < 0) return JET_errUnicodeTranslationFail;
    out->push_back(static_cast<char>(byte));
  }
  return JET_errSuccess;
}

}  // namespace

size_t WideLength(const WCHAR* text) {
  size_t n = 0;
  while (text[n] != 0) ++n;
  return n;
}

JET_ERR WideToWindows1252(const WCHAR* text, std::string* out) {
  out->clear();
  return AppendWindows1252(text, WideLength(text), out);
}

WideString Windows1252ToWide(std::string_view text) {
  WideString out;
  out.reserve(text.size());
  for (const char c : text) {
    out.push_back(Windows1252Char(static_cast<unsigned char>(c)));
  }
  return out;
}

JET_ERR WideToUtf8(const WCHAR* text, std::string* out) {
  out->clear();
  for (size_t i = 0; text[i] != 0; ++i) {
    const unsigned unit = text[i];
    char32_t c = unit;
    if (IsHighSurrogate(unit)) {
      const unsigned next = text[i + 1];
      if (!IsLowSurrogate(next)) return JET_errUnicodeTranslationFail;
      c = 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00);
      ++i;
    } else if (IsLowSurrogate(unit)) {
      return JET_errUnicodeTranslationFail;
    }
    AppendUtf8(c, out);
  }
  return JET_errSuccess;
}

JET_ERR Utf8ToWide(std::string_view text, WideString* out) {
  out->clear();
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    char32_t c = 0;
    char32_t min = 0;
    if (lead < 0x80) {
      c = lead;
    } else if (lead >= 0xC2 && lead < 0xE0) {
      extra = 1, c = lead & 0x1F, min = 0x80;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      extra = 2, c = lead & 0x0F, min = 0x800;
    } else if (lead >= 0xF0 && lead < 0xF5) {
      extra = 3, c = lead & 0x07, min = 0x10000;
    } else {
      return JET_errUnicodeTranslationFail;
    }
    if (text.size() - i - 1 < extra) return JET_errUnicodeTranslationFail;
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return JET_errUnicodeTranslationFail;
      c = (c << 6) | (next & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000)) {
      return JET_errUnicodeTranslationFail;
    }
    if (c >= 0x10000) {
      out->push_back(static_cast<WCHAR>(0xD800 + ((c - 0x10000) >> 10)));
      out->push_back(static_cast<WCHAR>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      out->push_back(static_cast<WCHAR>(c));
    }
    i += extra + 1;
  }
  return JET_errSuccess;
}

JET_ERR PutWide(const WideString& text, WCHAR* out, unsigned long cb) {
  const size_t room = cb / sizeof(WCHAR);
  if (text.size() < room) {
    std::memcpy(out, text.data(), text.size() * sizeof(WCHAR));
    out[text.size()] = 0;
    return JET_errSuccess;
  }
  if (room > 0) {
    std::memcpy(out, text.data(), (room - 1) * sizeof(WCHAR));
    out[room - 1] = 0;
  }
  return JET_errBufferTooSmall;
}

JET_ERR NarrowArg::Set(const WCHAR* text, Kind kind) {
  null_ = text == nullptr;
  text_.clear();
  if (null_) return JET_errSuccess;
  if (kind == Kind::kName) {
    return WideToWindows1252(text, &text_) == JET_errSuccess
               ? JET_errSuccess
               : JET_errInvalidName;
  }
  return WideToUtf8(text, &text_);
}

JET_ERR WideIndexKeyToNarrow(const WCHAR* key, unsigned long cb,
                             std::string* out) {
  out->clear();
  if (cb == 0 || key == nullptr) return JET_errInvalidParameter;
  const size_t units = cb / sizeof(WCHAR);
  // The multi-string: units up to its final NUL, read within `units` only.
  size_t end = 0;  // index of the final NUL
  bool found = false;
  for (size_t i = 0; i < units; ++i) {
    if (key[i] == 0 && (i == 0 || key[i - 1] == 0)) {
      end = i;
      found = true;
      break;
    }
  }
  if (!found) return JET_errIndexInvalidDef;
  if ((key[0] != '+' && key[0] != '-') || units < 2 || key[units - 1] != 0 ||
      key[units - 2] != 0) {
    return JET_errIndexInvalidDef;
  }
  // Each segment and its NUL, then the final NUL.
  for (size_t start = 0; start < end;) {
    size_t stop = start;
    while (key[stop] != 0) ++stop;
    const JET_ERR err = AppendWindows1252(key + start, stop - start, out);
    if (err != JET_errSuccess) return err;
    out->push_back('\0');
    start = stop + 1;
  }
  out->push_back('\0');
  // What follows the string, in bytes: nothing, a LANGID, or a LANGID and a
  // cbVarSegMac byte, each followed by two NUL WCHARs.
  const auto* past = reinterpret_cast<const char*>(key + end + 1);
  const unsigned long past_cb = cb - (end + 1) * sizeof(WCHAR);
  constexpr unsigned long kLangid = 2 + 2 * sizeof(WCHAR);
  constexpr unsigned long kLangidAndVarSegMac = kLangid + 1 + 2 * sizeof(WCHAR);
  if (past_cb != 0 && past_cb != kLangid && past_cb != kLangidAndVarSegMac) {
    return JET_errIndexInvalidDef;
  }
  if (past_cb >= kLangid) {
    out->append(past, 2);
    out->append(2, '\0');
  }
  if (past_cb == kLangidAndVarSegMac) {
    out->push_back(past[kLangid]);
    out->append(2, '\0');
  }
  return JET_errSuccess;
}

}  // namespace lmjet::api
