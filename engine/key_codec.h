#ifndef LMJET_ENGINE_KEY_CODEC_H_
#define LMJET_ENGINE_KEY_CODEC_H_

// Normalized keys: the byte strings that LMDB orders with memcmp, built so
// that memcmp order is the collation ESE gives index keys.
//
// A key is the concatenation of one encoded segment per index column. Every
// segment encoding is prefix-free among the values of its column, so two keys
// compare segment by segment, as ESE compares keys. docs/file-format.md ("Key
// encoding") is the normative description of the bytes; this header states
// the contracts.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "api/esent.h"
#include "base/status.h"
#include "engine/column_types.h"

namespace lmjet::engine {

// The first byte of every segment (before a descending segment is inverted).
// These are ESE's values (fldnorm.cxx), so NULL sorts first by default and
// last with JET_bitIndexSortNullsHigh.
inline constexpr unsigned char kKeyPrefixNull = 0x00;
inline constexpr unsigned char kKeyPrefixZeroLength = 0x40;
inline constexpr unsigned char kKeyPrefixData = 0x7F;
inline constexpr unsigned char kKeyPrefixNullHigh = 0xC0;

// LMDB's key size limit (MDB_MAXKEYSIZE in Debian's build): no stored key,
// whatever the index's cbKeyMost, may be longer.
inline constexpr size_t kLmdbMaxKeyBytes = 511;

// How one index segment normalizes its column.
struct KeySegment {
  // JET_coltypBit .. JET_coltypUnsignedLongLong, except JET_coltypSLV.
  JET_COLTYP coltyp = JET_coltypNil;
  // Text and LongText only: 1252 (0 means 1252) or 1200 (UTF-16LE input).
  unsigned short cp = 0;
  bool descending = false;       // a "-" segment
  bool sort_nulls_high = false;  // JET_bitIndexSortNullsHigh
  bool dotnet_guid = false;      // JET_bitIndexDotNetGuid
};

// What kind of value a segment holds. A zero-length value exists only for the
// variable-size types (Binary, LongBinary, Text, LongText).
enum class KeyValue { kNull, kZeroLength, kData };

// Appends the normalized form of one value to `*key`.
//
// `data`/`size` is the value as JetSetColumn and JetMakeKey get it: fixed
// types in host byte order (JET_coltypGUID: the 16 bytes of a GUID struct),
// Text in cp 1252 bytes or UTF-16LE code units (cp 1200), Binary as bytes.
// For kNull and kZeroLength, `data` and `size` are ignored. kData with size 0
// for a variable-size type is the zero-length value.
//
// Errors (`*key` is then unchanged):
//   JET_errInvalidColumnType  `segment.coltyp` is not a column type.
//   JET_errInvalidBufferSize  a fixed-size type given kZeroLength, or kData
//                             whose size is not FixedSizeOf()
//                             (engine/column_types.h).
//   JET_errInvalidCodePage    Text with a cp other than 0, 1252 and 1200, or a
//                             cp 1200 value with an odd size.
//   JET_errInvalidParameter   `data` is null and `size` is not 0 (kData).
//
// `max_key_bytes` lets a caller with a long value stop early: once `*key` is
// longer than `max_key_bytes`, encoding may stop. What was appended is then a
// prefix of the full encoding, longer than `max_key_bytes`, so
// TruncateKey(key, max_key_bytes) gives the same key and the same answer as it
// would for the full encoding. Errors are detected all the same.
Status AppendKeySegment(
    const KeySegment& segment, KeyValue kind, const void* data, size_t size,
    std::string* key,
    size_t max_key_bytes = std::numeric_limits<size_t>::max());

// For a caller that reads long values piece by piece: how many leading bytes
// of a kData value decide everything TruncateKey(key, max_key_bytes) keeps.
// Appending the value cut to this many bytes (a value that is shorter is
// passed whole) gives a key that truncates to the same bytes, with the same
// answer from TruncateKey, as the whole value would, whatever the segments
// before it. The value's own size errors past the cut (an odd cp 1200 size)
// are not seen. For fixed-size types it is FixedSizeOf()
// (engine/column_types.h).
size_t KeyValueBytesNeeded(const KeySegment& segment, size_t max_key_bytes);

// Cuts `*key` to `max_bytes`: the index's cbKeyMost (JET_cbKeyMost, 255, by
// default), and at most kLmdbMaxKeyBytes minus the room the caller reserves
// (a secondary index appends the primary key). Returns true if it cut
// anything. Values that differ only past the cut get equal keys, as in ESE;
// JET_bitIndexDisallowTruncation turns a true result into JET_errKeyTruncated.
// Truncation keeps order weakly: if key a <= key b then cut(a) <= cut(b).
bool TruncateKey(std::string* key, size_t max_bytes);

// The case folding of text keys: a code point's simple uppercase mapping
// (Unicode 14.0) when the code point is below U+0530 (Basic Latin through
// Cyrillic Supplement), else the code point itself. Part of the file format:
// changing it changes stored keys.
char32_t FoldKeyCodePoint(char32_t cp);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_KEY_CODEC_H_
