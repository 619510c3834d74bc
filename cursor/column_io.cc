#include "cursor/column_io.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/column_types.h"
#include "engine/key_codec.h"

namespace lmjet::cursor {
namespace {

using engine::ColumnClass;
using engine::ColumnDef;
using engine::ColumnValue;
using engine::ValueKind;

// Grbit bits ESE refuses in SetColumn and RetrieveColumn: its internal bits
// (grbitSetColumnInternalFlagsMask, grbitRetrieveColumnInternalFlagsMask)
// and, on LP64, anything a 32-bit JET_GRBIT cannot hold.
constexpr unsigned long long kAcceptedGrbits = 0x0FFFFFFFull;

constexpr JET_GRBIT kUniqueGrbits =
    JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues;
constexpr JET_GRBIT kLongValueGrbits =
    JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV;

// What ESE's ErrRECSetLongField strips before mapping the rest of the grbit
// to an LV operation.
constexpr JET_GRBIT kLongValueHintGrbits =
    JET_bitSetSeparateLV | JET_bitSetUniqueMultiValues |
    JET_bitSetUniqueNormalizedMultiValues | JET_bitSetRevertToDefaultValue |
    JET_bitSetIntrinsicLV | JET_bitSetCompressed | JET_bitSetUncompressed;

bool Has(JET_GRBIT grbit, JET_GRBIT bit) { return (grbit & bit) != 0; }

Status FindColumn(const engine::TableDef& table, JET_COLUMNID columnid,
                  const ColumnDef** column) {
  const unsigned long long id = columnid;
  if ((id & ~0x8000FFFFull) != 0 || (id & 0xFFFFull) == 0) {
    return Status(JET_errBadColumnId);
  }
  *column = table.FindColumn(columnid);
  if (*column == nullptr) return Status(JET_errColumnNotFound);
  return Status::Ok();
}

uint32_t ClampItag(unsigned long itag) {
  return itag > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(itag);
}

// Fills bytes [from, to) of a fixed Text/Binary value as ESE pads it.
void Pad(const ColumnDef& column, char* value, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (column.coltyp == JET_coltypBinary) {
      value[i] = '\0';
    } else if (column.cp == 1200) {
      value[i] = (i % 2 == 0) ? ' ' : '\0';  // L' ' little-endian
    } else {
      value[i] = ' ';
    }
  }
}

// The key segment a unique-normalized check compares; `cut` tells whether
// the key was cut at JET_cbKeyMost.
Status NormalizedKey(const ColumnDef& column, std::string_view value,
                     std::string* key, bool* cut) {
  key->clear();
  if (engine::IsLongValueType(column.coltyp) && value.size() > JET_cbKeyMost) {
    value = value.substr(0, JET_cbKeyMost);
  }
  engine::KeySegment segment;
  segment.coltyp = column.coltyp;
  segment.cp = column.cp;
  LMJET_RETURN_IF_ERROR(engine::AppendKeySegment(
      segment, engine::KeyValue::kData, value.data(), value.size(), key));
  *cut = engine::TruncateKey(key, JET_cbKeyMost);
  return Status::Ok();
}

// JET_bitSetUniqueMultiValues / ...Normalized: no other value of the tagged
// column (value `itag` itself excepted) may equal `value`.
Status CheckUnique(const ColumnDef& column, const engine::Record& copy,
                   uint32_t itag, std::string_view value, bool normalized) {
  const uint32_t count = copy.CountValues(column.columnid);
  if (count == 0) return Status::Ok();
  std::string key;
  bool key_cut = false;
  if (normalized && !value.empty()) {
    LMJET_RETURN_IF_ERROR(NormalizedKey(column, value, &key, &key_cut));
  }
  std::string other_key;
  for (uint32_t i = 1; i <= count; ++i) {
    if (i == itag) continue;
    ColumnValue other;
    LMJET_RETURN_IF_ERROR(copy.Get(column.columnid, i, &other));
    if (other.kind == ValueKind::kLongValue) {
      return Status(JET_errLVCorrupted, "long value stored apart");
    }
    if (other.kind != ValueKind::kInline) continue;
    if (!normalized || value.empty() || other.data.empty()) {
      if (other.data == value) return Status(JET_errMultiValuedDuplicate);
      continue;
    }
    bool other_cut = false;
    LMJET_RETURN_IF_ERROR(
        NormalizedKey(column, other.data, &other_key, &other_cut));
    if (other_key == key) {
      return Status(key_cut || other_cut
                        ? JET_errMultiValuedDuplicateAfterTruncation
                        : JET_errMultiValuedDuplicate);
    }
  }
  return Status::Ok();
}

// A NULL set on a tagged column at `itag` (tagfld.cxx ErrSetColumn).
Status SetTaggedNull(const ColumnDef& column, uint32_t itag,
                     engine::Record* copy) {
  const JET_COLUMNID id = column.columnid;
  const uint32_t count = copy->CountValues(id);
  if (count == 0) {
    ColumnValue first;
    LMJET_RETURN_IF_ERROR(copy->Get(id, 1, &first));
    if (first.kind == ValueKind::kAbsent && column.has_default && itag == 1) {
      return copy->SetColumnNull(id);  // hides the default
    }
    return Status::Ok();
  }
  if (count == 1 && itag == 1 && column.has_default) {
    return copy->SetColumnNull(id);
  }
  return copy->SetNull(id, itag);
}

Status SetFixed(const ColumnDef& column, const void* data,
                unsigned long cb_data, engine::Record* copy) {
  const JET_COLUMNID id = column.columnid;
  if (cb_data == 0) {  // zero-length is NULL for fixed columns
    if (Has(column.grbit, JET_bitColumnNotNULL)) {
      return Status(JET_errNullInvalid);
    }
    return copy->SetNull(id, 1);
  }
  const uint32_t fixed_size = engine::FixedSizeOf(column.coltyp);
  const char* bytes = static_cast<const char*>(data);
  if (fixed_size != 0) {
    if (cb_data != fixed_size) return Status(JET_errInvalidBufferSize);
    if (column.coltyp == JET_coltypBit) {
      const char bit = bytes[0] == 0 ? '\0' : '\xFF';
      return copy->Set(id, 1, std::string_view(&bit, 1));
    }
    return copy->Set(id, 1, std::string_view(bytes, cb_data));
  }
  // Fixed Text/Binary.
  if (cb_data > column.cb_max) return Status(JET_errInvalidBufferSize);
  char value[JET_cbColumnMost];
  std::memcpy(value, bytes, cb_data);
  Pad(column, value, cb_data, column.cb_max);
  return copy->Set(id, 1, std::string_view(value, column.cb_max));
}

Status SetVariable(const ColumnDef& column, const void* data,
                   unsigned long cb_data, engine::Record* copy) {
  Status result;
  size_t size = cb_data;
  if (size > column.cb_max) {
    size = column.cb_max;
    result = Status(JET_wrnColumnMaxTruncated);
  }
  const std::string_view value =
      size == 0 ? std::string_view()
                : std::string_view(static_cast<const char*>(data), size);
  LMJET_RETURN_IF_ERROR(copy->Set(column.columnid, 1, value));
  return result;
}

Status SetTagged(const ColumnDef& column, const void* data,
                 unsigned long cb_data, uint32_t itag, bool enforce_unique,
                 bool normalized, engine::Record* copy) {
  if (column.cb_max > 0 && cb_data > column.cb_max) {
    return Status(JET_errColumnTooBig);
  }
  const uint32_t fixed_size = engine::FixedSizeOf(column.coltyp);
  if (fixed_size != 0 && cb_data > 0 && cb_data != fixed_size) {
    return Status(JET_errInvalidBufferSize);
  }
  const std::string_view value =
      cb_data == 0 ? std::string_view()
                   : std::string_view(static_cast<const char*>(data), cb_data);
  if (enforce_unique) {
    LMJET_RETURN_IF_ERROR(CheckUnique(column, *copy, itag, value, normalized));
  }
  return copy->Set(column.columnid, itag, value);
}

// ESE's LV operations (lv.cxx LVOP).
enum class LvOp {
  kNothing,
  kSetNull,
  kSetZeroLength,
  kReplace,
  kZeroedOut,
  kAppend,
  kResize,
  kOverwriteRange,
  kOverwriteRangeAndResize,
};

// lv.cxx ErrLVOpFromGrbit, on the grbit without kLongValueHintGrbits.
Status LvOpFromGrbit(JET_GRBIT grbit, unsigned long cb, bool new_instance,
                     unsigned long long ib, LvOp* op) {
  const bool empty = cb == 0;
  switch (grbit) {
    case JET_bitSetAppendLV:
      *op = empty ? (new_instance ? LvOp::kSetZeroLength : LvOp::kNothing)
                  : (new_instance ? LvOp::kReplace : LvOp::kAppend);
      return Status::Ok();
    case JET_bitSetOverwriteLV:
    case JET_bitSetOverwriteLV | JET_bitSetSizeLV: {
      const bool resize = grbit != JET_bitSetOverwriteLV;
      if (new_instance) {
        if (empty && resize) {
          *op = LvOp::kSetNull;
          return Status::Ok();
        }
        if (ib != 0) return Status(JET_errColumnNoChunk);
        *op = empty ? LvOp::kSetZeroLength : LvOp::kReplace;
        return Status::Ok();
      }
      if (empty) {
        *op = resize ? LvOp::kSetNull : LvOp::kNothing;
      } else {
        *op = resize ? LvOp::kOverwriteRangeAndResize : LvOp::kOverwriteRange;
      }
      return Status::Ok();
    }
    case JET_bitSetSizeLV:
      *op = empty ? LvOp::kSetNull
                  : (new_instance ? LvOp::kZeroedOut : LvOp::kResize);
      return Status::Ok();
    case JET_bitSetSizeLV | JET_bitSetZeroLength:
      *op = empty ? LvOp::kSetZeroLength
                  : (new_instance ? LvOp::kZeroedOut : LvOp::kResize);
      return Status::Ok();
    case JET_bitSetZeroLength:
      *op = empty ? LvOp::kSetZeroLength : LvOp::kReplace;
      return Status::Ok();
    default:
      *op = empty ? LvOp::kSetNull : LvOp::kReplace;
      return Status::Ok();
  }
}

Status SetLongValue(const ColumnDef& column, const void* data,
                    unsigned long cb_data, JET_GRBIT grbit, uint32_t itag,
                    unsigned long long ib, bool enforce_unique, bool normalized,
                    engine::Record* copy) {
  const JET_COLUMNID id = column.columnid;
  const char* bytes = static_cast<const char*>(data);
  if (enforce_unique) {
    const std::string_view value =
        cb_data == 0 ? std::string_view() : std::string_view(bytes, cb_data);
    LMJET_RETURN_IF_ERROR(CheckUnique(column, *copy, itag, value, normalized));
  }

  bool new_instance = itag == 0;
  std::string_view existing;
  if (!new_instance) {
    ColumnValue current;
    LMJET_RETURN_IF_ERROR(copy->Get(id, itag, &current));
    if (current.kind == ValueKind::kInline) {
      existing = current.data;
    } else if (current.kind == ValueKind::kLongValue) {
      return Status(JET_errLVCorrupted, "long value stored apart");
    } else if (current.kind == ValueKind::kAbsent && itag == 1 &&
               column.has_default) {
      existing = column.default_value;  // ESE reads the default here
    } else {
      new_instance = true;
    }
  }

  LvOp op;
  LMJET_RETURN_IF_ERROR(LvOpFromGrbit(grbit & ~kLongValueHintGrbits, cb_data,
                                      new_instance, ib, &op));
  const size_t cb = cb_data;
  const bool reads_data = op == LvOp::kReplace || op == LvOp::kAppend ||
                          op == LvOp::kOverwriteRange ||
                          op == LvOp::kOverwriteRangeAndResize;
  if (reads_data && bytes == nullptr && cb > 0) {
    // Only SizeLV keeps cb_data with null data; combined with bits that make
    // the operation read data, ESE would fault.
    return Status(JET_errInvalidParameter, "null data");
  }
  std::string value;
  switch (op) {
    case LvOp::kNothing:
      return Status::Ok();
    case LvOp::kSetNull:
      if (Has(grbit, JET_bitSetRevertToDefaultValue)) return copy->Unset(id);
      if (Has(column.grbit, JET_bitColumnNotNULL)) {
        return Status(JET_errNullInvalid);
      }
      return SetTaggedNull(column, itag, copy);
    case LvOp::kSetZeroLength:
      return copy->Set(id, itag, std::string_view());
    case LvOp::kReplace:
      value.assign(bytes, cb);
      break;
    case LvOp::kZeroedOut:
      value.assign(cb, '\0');
      break;
    case LvOp::kAppend:
      if (cb > JET_cbLVColumnMost - existing.size()) {
        return Status(JET_errColumnTooBig);
      }
      value.reserve(existing.size() + cb);
      value.assign(existing.data(), existing.size());
      value.append(bytes, cb);
      break;
    case LvOp::kResize:
      value.assign(existing.data(), std::min(existing.size(), cb));
      value.resize(cb, '\0');
      break;
    case LvOp::kOverwriteRange:
    case LvOp::kOverwriteRangeAndResize: {
      if (ib > existing.size()) return Status(JET_errColumnNoChunk);
      const size_t offset = static_cast<size_t>(ib);
      if (cb > JET_cbLVColumnMost - offset) return Status(JET_errColumnTooBig);
      const size_t end = offset + cb;
      const size_t size = op == LvOp::kOverwriteRangeAndResize
                              ? end
                              : std::max(existing.size(), end);
      value.reserve(size);
      value.assign(existing.data(), std::min(existing.size(), size));
      value.resize(size, '\0');
      value.replace(offset, cb, bytes, cb);
      break;
    }
  }
  if ((column.cb_max > 0 && value.size() > column.cb_max) ||
      value.size() > JET_cbLVColumnMost) {
    return Status(JET_errColumnTooBig);
  }
  return copy->Set(id, itag, value);
}

// The bytes RetrieveColumn returns, before ibLongValue and the buffer.
struct Fetched {
  bool null = true;
  std::string_view bytes;
};

// The default of `column` as it would be stored: a fixed Bit normalized to
// 0x00/0xFF, fixed Text/Binary padded to cbMax (into `scratch`).
std::string_view StoredDefault(const ColumnDef& column,
                               char (&scratch)[JET_cbColumnMost]) {
  const std::string& def = column.default_value;
  if (column.column_class() != ColumnClass::kFixed || def.empty()) return def;
  if (column.coltyp == JET_coltypBit) {
    scratch[0] = def[0] == 0 ? '\0' : '\xFF';
    return std::string_view(scratch, 1);
  }
  if (engine::FixedSizeOf(column.coltyp) != 0 || def.size() >= column.cb_max ||
      column.cb_max > JET_cbColumnMost) {
    return def;
  }
  std::memcpy(scratch, def.data(), def.size());
  Pad(column, scratch, def.size(), column.cb_max);
  return std::string_view(scratch, column.cb_max);
}

}  // namespace

Status RecordSource::Get(JET_COLUMNID columnid, uint32_t itag_sequence,
                         ColumnValue* value) const {
  if (copy_ != nullptr) return copy_->Get(columnid, itag_sequence, value);
  return stored_->Get(columnid, itag_sequence, value);
}

Status SetColumn(const engine::TableDef& table, JET_COLUMNID columnid,
                 const void* data, unsigned long cb_data, JET_GRBIT grbit,
                 const JET_SETINFO* setinfo, bool replacing,
                 bool allow_autoincrement, engine::Record* copy) {
  if (copy == nullptr || cb_data > JET_cbLVColumnMost) {
    return Status(JET_errInvalidParameter);
  }
  uint32_t itag = 1;
  unsigned long long ib = 0;
  if (setinfo != nullptr) {
    if (setinfo->cbStruct < sizeof(JET_SETINFO)) {
      return Status(JET_errInvalidParameter, "JET_SETINFO.cbStruct");
    }
    itag = ClampItag(setinfo->itagSequence);
    ib = setinfo->ibLongValue;
  }
  const bool unique = Has(grbit, kUniqueGrbits);
  if (unique && Has(grbit, kLongValueGrbits)) {
    return Status(JET_errInvalidGrbit, "unique values with an LV operation");
  }
  if ((static_cast<unsigned long long>(grbit) & ~kAcceptedGrbits) != 0) {
    return Status(JET_errInvalidGrbit);
  }
  const ColumnDef* column;
  LMJET_RETURN_IF_ERROR(FindColumn(table, columnid, &column));
  const bool long_value = engine::IsLongValueType(column->coltyp);
  const bool enforce_unique = unique && ((data != nullptr && cb_data != 0) ||
                                         Has(grbit, JET_bitSetZeroLength));
  if (data == nullptr && !(long_value && Has(grbit, JET_bitSetSizeLV))) {
    cb_data = 0;
  }
  if (Has(column->grbit, JET_bitColumnAutoincrement) && !allow_autoincrement) {
    return Status(JET_errInvalidColumnType, "autoincrement column");
  }
  if (Has(column->grbit, JET_bitColumnVersion) && replacing) {
    return Status(JET_errInvalidColumnType, "version column in a replace");
  }
  const bool normalized = Has(grbit, JET_bitSetUniqueNormalizedMultiValues);
  if (long_value) {
    return SetLongValue(*column, data, cb_data, grbit, itag, ib, enforce_unique,
                        normalized, copy);
  }

  const bool set_null = cb_data == 0 && !Has(grbit, JET_bitSetZeroLength);
  if (set_null) {
    if (Has(grbit, JET_bitSetRevertToDefaultValue)) {
      return copy->Unset(column->columnid);
    }
    if (Has(column->grbit, JET_bitColumnNotNULL)) {
      return Status(JET_errNullInvalid);
    }
  }
  switch (column->column_class()) {
    case ColumnClass::kFixed:
      return SetFixed(*column, data, cb_data, copy);
    case ColumnClass::kVariable:
      if (set_null) return copy->SetNull(column->columnid, 1);
      return SetVariable(*column, data, cb_data, copy);
    case ColumnClass::kTagged:
      if (set_null) return SetTaggedNull(*column, itag, copy);
      return SetTagged(*column, data, cb_data, itag, enforce_unique, normalized,
                       copy);
  }
  return Status(JET_errInternalError);
}

bool IsUpdatePrep(unsigned long prep) {
  switch (prep) {
    case JET_prepInsert:
    case JET_prepReplace:
    case JET_prepReplaceNoLock:
    case JET_prepInsertCopy:
    case JET_prepInsertCopyDeleteOriginal:
    case JET_prepReadOnlyCopy:
    case JET_prepInsertMustSetAutoIncrement:
      return true;
    default:
      return false;
  }
}

Status RetrieveColumn(const engine::TableDef& table, JET_COLUMNID columnid,
                      const RecordSource& source, void* data,
                      unsigned long cb_data, unsigned long* actual,
                      JET_GRBIT grbit, JET_RETINFO* retinfo) {
  unsigned long itag_in = 1;
  unsigned long long ib = 0;
  if (retinfo != nullptr) {
    if (retinfo->cbStruct < sizeof(JET_RETINFO)) {
      return Status(JET_errInvalidParameter, "JET_RETINFO.cbStruct");
    }
    itag_in = retinfo->itagSequence;
    ib = retinfo->ibLongValue;
  }
  if ((static_cast<unsigned long long>(grbit) & ~kAcceptedGrbits) != 0) {
    return Status(JET_errInvalidGrbit);
  }
  if (Has(grbit, JET_bitRetrieveTuple) &&
      !Has(grbit, JET_bitRetrieveFromIndex)) {
    return Status(JET_errInvalidGrbit, "RetrieveTuple needs FromIndex");
  }
  if (Has(grbit, JET_bitRetrieveFromIndex) &&
      Has(grbit, JET_bitRetrieveFromPrimaryBookmark)) {
    return Status(JET_errInvalidGrbit);
  }
  if (columnid == 0) {
    if (itag_in == 0) return Status(JET_errBadItagSequence);
    return Status(JET_errColumnNotFound, "tagged-column scan not here");
  }
  const ColumnDef* column;
  LMJET_RETURN_IF_ERROR(FindColumn(table, columnid, &column));
  const ColumnClass column_class = column->column_class();
  const bool tagged = column_class == ColumnClass::kTagged;
  if (tagged && itag_in == 0) return Status(JET_errBadItagSequence);
  const uint32_t itag = tagged ? ClampItag(itag_in) : 1;

  char scratch[JET_cbColumnMost];
  Fetched fetched;
  ColumnValue value;
  LMJET_RETURN_IF_ERROR(source.Get(column->columnid, itag, &value));
  switch (value.kind) {
    case ValueKind::kInline:
      fetched.null = false;
      fetched.bytes = value.data;
      break;
    case ValueKind::kLongValue:
      return Status(JET_errLVCorrupted, "long value stored apart");
    case ValueKind::kNull:
      break;
    case ValueKind::kAbsent:
      if (column->has_default && itag == 1 &&
          !(tagged && Has(grbit, JET_bitRetrieveIgnoreDefault))) {
        fetched.null = false;
        fetched.bytes = StoredDefault(*column, scratch);
      }
      break;
  }

  if (Has(grbit, JET_bitRetrieveLongId | JET_bitRetrieveLongValueRefCount)) {
    if (actual != nullptr) *actual = 0;
    return Status(JET_wrnColumnNull);
  }
  Status result;
  if (fetched.null) {
    result = Status(JET_wrnColumnNull);
  } else if (engine::IsLongValueType(column->coltyp)) {
    fetched.bytes = ib >= fetched.bytes.size()
                        ? std::string_view()
                        : fetched.bytes.substr(static_cast<size_t>(ib));
  }

  const size_t size = fetched.bytes.size();
  if (actual != nullptr) *actual = static_cast<unsigned long>(size);
  const size_t room = data == nullptr ? 0 : cb_data;
  const size_t copied = std::min(size, room);
  if (copied > 0) std::memcpy(data, fetched.bytes.data(), copied);
  if (size > room) result = Status(JET_wrnBufferTruncated);

  if (Has(column->grbit, JET_bitColumnEscrowUpdate) &&
      column_class == ColumnClass::kFixed && !source.insert_prepared() &&
      copied != engine::FixedSizeOf(column->coltyp)) {
    return Status(JET_errInvalidBufferSize, "escrow column buffer");
  }
  if (retinfo != nullptr) retinfo->columnidNextTagged = columnid;
  return result;
}

Status CheckRecordForUpdate(const engine::TableDef& table,
                            const engine::Record& copy) {
  for (const ColumnDef& column : table.columns) {
    if (column.deleted) continue;
    if (!Has(column.grbit, JET_bitColumnNotNULL)) continue;
    ColumnValue value;
    LMJET_RETURN_IF_ERROR(copy.Get(column.columnid, 1, &value));
    if (value.kind == ValueKind::kNull ||
        (value.kind == ValueKind::kAbsent && !column.has_default)) {
      return Status(JET_errNullInvalid);
    }
  }
  return Status::Ok();
}

}  // namespace lmjet::cursor
