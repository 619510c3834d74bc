#ifndef LMJET_API_WIDE_H_
#define LMJET_API_WIDE_H_

// Text conversions behind the wide (W) entry points, which convert their
// arguments and call the narrow (A) twins. Two encodings on the narrow side:
//
//  * Object names (tables, columns, indexes, index keys) are Windows-1252,
//    as in esent.dll, which converts W names with its fixed English code
//    page (jetapi.cxx CAutoSZDDL, OSSTR_FIXED_CONVERSION) and refuses a
//    name that does not convert without loss. So a table created by
//    JetCreateTableA("caf\xE9") is the one JetOpenTableW(u"café") opens.
//  * Paths, instance names and parameter strings are UTF-8, what Linux file
//    names and A callers use.
//
// UTF-16 text is WCHAR code units (api/esent.h); std::u16string is not used
// because WCHAR is unsigned short, not char16_t.

#include <string>
#include <string_view>

#include "api/esent.h"

namespace lmjet::api {

using WideString = std::basic_string<WCHAR>;

// Code units before the NUL of a NUL-terminated UTF-16 string.
size_t WideLength(const WCHAR* text);

// UTF-16 `text` (NUL-terminated, not null) as a Windows-1252 name in
// `*out`. JET_errUnicodeTranslationFail for a character outside
// Windows-1252 or an unpaired surrogate, as when esent.dll's conversion
// falls back to the default character. (Windows' WideCharToMultiByte also
// maps some other characters to look-alikes, which esent.dll then accepts;
// lmjet has no best-fit table and refuses them.) The five bytes
// Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stand for
// U+0081 ... U+009D, as in Windows.
JET_ERR WideToWindows1252(const WCHAR* text, std::string* out);

// A Windows-1252 string as UTF-16 (every byte has a character).
WideString Windows1252ToWide(std::string_view text);

// UTF-16 `text` (NUL-terminated, not null) as UTF-8 in `*out`.
// JET_errUnicodeTranslationFail for an unpaired surrogate.
JET_ERR WideToUtf8(const WCHAR* text, std::string* out);

// UTF-8 `text` as UTF-16 in `*out`. JET_errUnicodeTranslationFail for bytes
// that are not UTF-8 (overlong forms, surrogates, values above U+10FFFF,
// truncated sequences).
JET_ERR Utf8ToWide(std::string_view text, WideString* out);

// Writes `text` and a NUL into `out`, a buffer of `cb` bytes (cb / 2
// WCHARs). If they do not fit: JET_errBufferTooSmall, having written as
// much of `text` as fits before a NUL (nothing if cb < 2), as esent.dll's
// conversions leave the buffer. `out` must not be null when cb >= 2.
JET_ERR PutWide(const WideString& text, WCHAR* out, unsigned long cb);

// An input string of a W function, converted for its A twin. A null input
// stays null (the A function gives its own error for it).
class NarrowArg {
 public:
  enum class Kind {
    kName,  // Windows-1252; failure is JET_errInvalidName
    kText,  // UTF-8; failure is JET_errUnicodeTranslationFail
  };
  // 0, or the conversion's error.
  JET_ERR Set(const WCHAR* text, Kind kind);
  const char* get() const { return null_ ? nullptr : text_.c_str(); }

 private:
  bool null_ = true;
  std::string text_;
};

// A JET_INDEXCREATE*_W key ("+a\0-b\0\0" in WCHARs, `cb` bytes) as the
// narrow key its A twin takes, following esent.dll's rules (jetapi.cxx
// CAutoIDXCREATE*::ErrSet): cb 0 or a null key -> JET_errInvalidParameter;
// no double NUL within cb, a first character other than '+' or '-', or a
// key whose last two WCHARs are not NUL -> JET_errIndexInvalidDef; a
// column name outside Windows-1252 -> JET_errUnicodeTranslationFail. Bytes
// past the double NUL may carry a LANGID (2 bytes + 2 NUL WCHARs) and then
// a cbVarSegMac byte (+ 2 NUL WCHARs): they are copied with narrow NULs;
// any other trailing length -> JET_errIndexInvalidDef.
JET_ERR WideIndexKeyToNarrow(const WCHAR* key, unsigned long cb,
                             std::string* out);

}  // namespace lmjet::api

#endif  // LMJET_API_WIDE_H_
