#include "engine/index_keys.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "engine/column_types.h"
#include "engine/key_codec.h"

namespace lmjet::engine {
namespace {

// One value of a segment's column, with the default applied.
struct SegmentValue {
  ValueKind kind = ValueKind::kNull;  // kNull, kInline or kLongValue
  std::string_view data;              // kInline
  LongValueRef long_value;            // kLongValue
  bool prefix_loaded = false;         // kLongValue: `prefix` was read
  std::string prefix;                 // kLongValue: its leading bytes
};

struct Segment {
  const ColumnDef* column = nullptr;
  KeySegment codec;
  absl::InlinedVector<SegmentValue, 1> values;  // at least one
};

// Value `itag_sequence` of `column` in `record`. A column absent from the
// record has its default (or NULL) as value 1 and nothing after it. Sets
// *present to false when there is no such value.
Status ResolveValue(const RecordView& record, const ColumnDef& column,
                    uint32_t itag_sequence, SegmentValue* value,
                    bool* present) {
  ColumnValue stored;
  LMJET_RETURN_IF_ERROR(record.Get(column.columnid, itag_sequence, &stored));
  *present = true;
  *value = SegmentValue();
  switch (stored.kind) {
    case ValueKind::kAbsent:
      if (itag_sequence != 1) {
        *present = false;
      } else if (column.has_default) {
        value->kind = ValueKind::kInline;
        value->data = column.default_value;
      }
      return Status::Ok();
    case ValueKind::kNull:
      if (itag_sequence != 1) *present = false;
      return Status::Ok();
    case ValueKind::kInline:
      value->kind = ValueKind::kInline;
      value->data = stored.data;
      return Status::Ok();
    case ValueKind::kLongValue:
      value->kind = ValueKind::kLongValue;
      value->long_value = stored.long_value;
      return Status::Ok();
  }
  return Status(JET_errInvalidParameter, "unknown value kind");
}

// Appends `value` as segment `segment` of `*key`.
Status AppendValue(const KeySegment& codec, size_t limit,
                   const LongValuePrefixReader* lv_reader, SegmentValue* value,
                   std::string* key) {
  switch (value->kind) {
    case ValueKind::kInline:
      return AppendKeySegment(codec, KeyValue::kData, value->data.data(),
                              value->data.size(), key, limit);
    case ValueKind::kLongValue: {
      if (key->size() >= limit) {
        // Whatever this segment appends is cut off; one byte says so, as a
        // whole segment would (ESE does not read the value either).
        key->push_back('\0');
        return Status::Ok();
      }
      if (!value->prefix_loaded) {
        if (lv_reader == nullptr) {
          return Status(JET_errInvalidParameter,
                        "long-value key column without a reader");
        }
        const size_t want = std::min<size_t>(KeyValueBytesNeeded(codec, limit),
                                             value->long_value.size);
        std::string prefix;
        LMJET_RETURN_IF_ERROR(
            lv_reader->ReadPrefix(value->long_value.id, want, &prefix));
        if (prefix.size() != want) {
          return Status(JET_errLVCorrupted, "long value shorter than its size");
        }
        value->prefix = std::move(prefix);
        value->prefix_loaded = true;
      }
      return AppendKeySegment(codec, KeyValue::kData, value->prefix.data(),
                              value->prefix.size(), key, limit);
    }
    default:
      return AppendKeySegment(codec, KeyValue::kNull, nullptr, 0, key, limit);
  }
}

bool IsMultiValued(const ColumnDef& column) {
  return column.column_class() == ColumnClass::kTagged &&
         (column.grbit & JET_bitColumnMultiValued) != 0;
}

}  // namespace

Status MakeRecordLayout(const TableDef& table, RecordLayout* layout) {
  if (layout == nullptr) return Status(JET_errInvalidParameter);
  std::vector<const ColumnDef*> fixed;
  for (const ColumnDef& c : table.columns) {
    if (c.column_class() == ColumnClass::kFixed) fixed.push_back(&c);
  }
  std::sort(fixed.begin(), fixed.end(),
            [](const ColumnDef* a, const ColumnDef* b) {
              return a->columnid < b->columnid;
            });
  RecordLayout built;
  for (const ColumnDef* c : fixed) {
    uint32_t size = FixedSizeOf(c->coltyp);
    if (size == 0) size = c->cb_max;  // fixed Text / Binary
    LMJET_RETURN_IF_ERROR(built.DeclareFixedColumn(c->columnid, size));
  }
  *layout = built;
  return Status::Ok();
}

size_t IndexKeyLimit(const IndexDef& index) {
  const size_t cb_key_most =
      index.cb_key_most == 0 ? size_t{JET_cbKeyMost} : index.cb_key_most;
  return std::min(cb_key_most, kLmdbMaxKeyBytes - 1);
}

Status BuildIndexKeys(const TableDef& table, const IndexDef& index,
                      const RecordView& record,
                      const LongValuePrefixReader* lv_reader,
                      std::vector<IndexKey>* keys) {
  if (keys == nullptr) return Status(JET_errInvalidParameter);
  keys->clear();
  if (index.segments.empty()) {
    return Status(JET_errIndexInvalidDef, "index without segments");
  }
  const JET_GRBIT grbit = index.grbit;
  const bool primary = (grbit & JET_bitIndexPrimary) != 0;
  const size_t limit = IndexKeyLimit(index);

  // The segments, and which of them enumerate their values (KeySequence):
  // none for the primary index, the first multi-valued one without
  // CrossProduct, every multi-valued one with it. Inline storage: this runs
  // for every index of every record written, and most keys have a few
  // segments of one value each.
  absl::InlinedVector<Segment, 4> segments(index.segments.size());
  bool enumerating = false;
  absl::InlinedVector<bool, 4> enumerate(segments.size(), false);
  for (size_t i = 0; i < segments.size(); ++i) {
    const ColumnDef* column = table.FindColumn(index.segments[i].columnid);
    if (column == nullptr) {
      return Status(JET_errColumnNotFound, "index segment column not found");
    }
    Segment& s = segments[i];
    s.column = column;
    s.codec.coltyp = column->coltyp;
    s.codec.cp = column->cp;
    s.codec.descending = index.segments[i].descending;
    s.codec.sort_nulls_high = (grbit & JET_bitIndexSortNullsHigh) != 0;
    s.codec.dotnet_guid = (grbit & JET_bitIndexDotNetGuid) != 0;
    if (!primary && IsMultiValued(*column) &&
        (!enumerating || (grbit & JET_bitIndexCrossProduct) != 0)) {
      enumerate[i] = true;
      enumerating = true;
    }
  }

  // Conditional columns: value 1, default applied.
  if (!primary) {
    for (const ConditionalColumn& cond : index.conditional_columns) {
      const ColumnDef* column = table.FindColumn(cond.columnid);
      if (column == nullptr) {
        return Status(JET_errColumnNotFound, "conditional column not found");
      }
      SegmentValue value;
      bool present = false;
      LMJET_RETURN_IF_ERROR(ResolveValue(record, *column, 1, &value, &present));
      const bool is_null = value.kind == ValueKind::kNull;
      if (is_null != cond.must_be_null) return Status::Ok();  // no entry
    }
  }

  // Each segment's values: value 1, or all of them when it enumerates.
  for (size_t i = 0; i < segments.size(); ++i) {
    Segment& s = segments[i];
    for (uint32_t itag = 1;; ++itag) {
      SegmentValue value;
      bool present = false;
      LMJET_RETURN_IF_ERROR(
          ResolveValue(record, *s.column, itag, &value, &present));
      if (!present) break;
      s.values.push_back(std::move(value));
      if (!enumerate[i]) break;
    }
  }

  // The entries, an odometer over the segments' values, the last segment
  // varying fastest (segments that do not enumerate have one value).
  absl::InlinedVector<size_t, 4> at(segments.size(), 0);
  // Duplicate entries can only come from enumerating segments.
  std::unordered_map<std::string, size_t> seen;
  std::vector<IndexKey> result;
  for (;;) {
    IndexKey entry;
    bool all_null = true;
    bool first_null = false;
    bool any_null = false;
    for (size_t i = 0; i < segments.size(); ++i) {
      SegmentValue& value = segments[i].values[at[i]];
      const bool is_null = value.kind == ValueKind::kNull;
      all_null = all_null && is_null;
      any_null = any_null || is_null;
      if (i == 0) first_null = is_null;
      Status status = AppendValue(segments[i].codec, limit, lv_reader, &value,
                                  &entry.bytes);
      if (!status.ok()) return status;
    }
    entry.truncated = TruncateKey(&entry.bytes, limit);
    if (entry.truncated && (grbit & JET_bitIndexDisallowTruncation) != 0) {
      return Status(JET_errKeyTruncated, "index key truncated");
    }
    if (any_null && (grbit & JET_bitIndexDisallowNull) != 0) {
      return Status(JET_errNullKeyDisallowed, "NULL index key segment");
    }
    if (!primary) {
      // ESE's order: all-NULL, then first-NULL, then some-NULL. A
      // segment's NULL-ness is the same in every entry of one record, so a
      // rejected entry ends the record's entries, as in ESE.
      bool allowed = true;
      const JET_GRBIT ignore_first =
          JET_bitIndexIgnoreFirstNull | JET_bitIndexIgnoreAnyNull;
      if (all_null) {
        allowed = (grbit & (JET_bitIndexIgnoreNull | ignore_first)) == 0;
      } else if (first_null) {
        allowed = (grbit & ignore_first) == 0;
      } else if (any_null) {
        allowed = (grbit & JET_bitIndexIgnoreAnyNull) == 0;
      }
      if (!allowed) {
        result.clear();
        break;
      }
    }
    if (!enumerating) {
      result.push_back(std::move(entry));
      break;  // the one combination
    }
    auto [it, inserted] = seen.emplace(entry.bytes, result.size());
    if (inserted) {
      result.push_back(std::move(entry));
    } else if (index.grbit & JET_bitIndexUnique) {
      // One record cannot hold a key of a unique index twice (ESE inserts
      // the second entry and finds the first).
      keys->clear();
      return Status(JET_errKeyDuplicate, "a record repeats a unique key");
    } else if (entry.truncated) {
      result[it->second].truncated = true;
    }

    // Next combination.
    bool done = true;
    for (size_t i = segments.size(); i-- > 0;) {
      if (++at[i] < segments[i].values.size()) {
        done = false;
        break;
      }
      at[i] = 0;
    }
    if (done) break;
  }
  *keys = std::move(result);
  return Status::Ok();
}

}  // namespace lmjet::engine
