#ifndef LMJET_ENGINE_INDEX_KEYS_H_
#define LMJET_ENGINE_INDEX_KEYS_H_

// The index entries one record contributes to one index: the normalized keys
// that index maintenance writes when the record is inserted and deletes when
// it goes (a replace deletes the old record's keys that the new one lacks
// and writes the new ones the old one lacked). Pure code over key_codec,
// record and schema: no LMDB. docs/file-format.md ("Index entries") states
// the rules; they are ESE's (fldnorm.cxx ErrRECIIRetrieveKey, the
// KeySequence class of rec.hxx, and the callers that turn its
// warnings into "insert", "skip" or JET_errNullKeyDisallowed).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "api/esent.h"
#include "base/status.h"
#include "engine/record.h"
#include "engine/schema.h"

namespace lmjet::engine {

// The record layout (engine/record.h) a table's schema implies: every fixed
// column of `table.columns` declared with its size (FixedSizeOf its type,
// or cb_max for a fixed Text/Binary column). Deleted columns are not
// modelled yet: TableDef keeps no trace of a deleted fixed column, so its
// bytes in old records would shift the columns above it; the catalog must
// keep deleted fixed columns (with their size) before JetDeleteColumn can
// delete one. Errors: JET_errBadColumnId / JET_errInvalidParameter from
// RecordLayout::DeclareFixedColumn (a size of 0 or above JET_cbColumnMost,
// a column id declared twice with two sizes). On error `*layout` is
// unchanged.
Status MakeRecordLayout(const TableDef& table, RecordLayout* layout);

// The length at which an index's keys are cut: its cb_key_most (0 means
// JET_cbKeyMost), and at most kLmdbMaxKeyBytes - 1, the limit
// cursor/search_key.h uses for JetMakeKey keys (stored and search keys must
// be cut at the same length).
size_t IndexKeyLimit(const IndexDef& index);

// Reads the beginning of a long value, for key columns stored apart.
class LongValuePrefixReader {
 public:
  virtual ~LongValuePrefixReader() = default;
  // Replaces *out with the first min(max_bytes, size) bytes of long value
  // `lv_id`. Errors are passed on by BuildIndexKeys.
  virtual Status ReadPrefix(uint64_t lv_id, size_t max_bytes,
                            std::string* out) const = 0;
};

// One index entry of a record.
struct IndexKey {
  std::string bytes;       // the normalized key, cut at IndexKeyLimit()
  bool truncated = false;  // something was cut off

  friend bool operator==(const IndexKey& a, const IndexKey& b) {
    return a.bytes == b.bytes && a.truncated == b.truncated;
  }
};

// Replaces *keys with the entries `record` contributes to `index` of
// `table`, in itagSequence order (below), without duplicates (the first
// occurrence of a key is kept; in a unique index a repeated key is
// JET_errKeyDuplicate instead, as a record cannot hold a unique key twice).
// An empty result means the record is not in the index.
//
// Segment values. A column absent from the record takes the column's
// default value if it has one, else NULL. A segment's value is encoded with
// AppendKeySegment (engine/key_codec.h): the column's coltyp and code page,
// the segment's direction, the index's JET_bitIndexSortNullsHigh and
// JET_bitIndexDotNetGuid. A zero-length value is not NULL. The key is cut
// at IndexKeyLimit(index); with JET_bitIndexDisallowTruncation a key that
// had to be cut is JET_errKeyTruncated.
//
// Multi-valued columns (JET_bitColumnMultiValued) make one entry per value,
// as ESE's KeySequence enumerates them. Without JET_bitIndexCrossProduct
// only the FIRST multi-valued segment of the index enumerates its values;
// every other segment uses its column's first value (itagSequence 1). With
// JET_bitIndexCrossProduct every multi-valued segment enumerates its values
// and the entries are all combinations, the last such segment varying
// fastest (an odometer in segment order). A multi-valued column without
// values (absent without a default, or NULL) enumerates one value: its
// default, or NULL. A column that is not multi-valued always uses value 1.
//
// NULL rules, applied to each entry (a segment's NULL-ness is the same in
// every entry of one record, so they keep or drop all of them):
//   JET_bitIndexDisallowNull   any NULL segment: JET_errNullKeyDisallowed.
//   JET_bitIndexIgnoreNull     every segment NULL: no entry.
//   JET_bitIndexIgnoreFirstNull the first segment NULL: no entry (this
//                              implies IgnoreNull).
//   JET_bitIndexIgnoreAnyNull  any segment NULL: no entry.
// The primary index (JET_bitIndexPrimary) always has exactly one entry,
// built from value 1 of every column: its Ignore* flags and conditional
// columns are ignored (ESE refuses them when the index is created), NULL
// segments are allowed unless JET_bitIndexDisallowNull.
//
// Conditional columns (IndexDef::conditional_columns, secondary indexes
// only): the record has no entry unless every condition holds; a condition
// looks at value 1 of its column, with the default applied (MustBeNull:
// NULL; otherwise: not NULL; zero-length is not NULL).
//
// Long values: a segment value stored apart (ValueKind::kLongValue) is read
// through `lv_reader`, only its first KeyValueBytesNeeded(segment, limit)
// bytes, and not at all when the key is already longer than the limit. A
// null `lv_reader` is then JET_errInvalidParameter; a reader that returns
// another number of bytes than min(needed, size) is JET_errLVCorrupted.
//
// Other errors: JET_errIndexInvalidDef (no segments), JET_errColumnNotFound
// (a segment or conditional column not in `table`), JET_errInvalidParameter
// (null `keys`), and those of RecordView::Get, AppendKeySegment (a stored
// value of the wrong size for its type, a bad code page) and the reader. On
// error *keys is empty.
Status BuildIndexKeys(const TableDef& table, const IndexDef& index,
                      const RecordView& record,
                      const LongValuePrefixReader* lv_reader,
                      std::vector<IndexKey>* keys);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_INDEX_KEYS_H_
