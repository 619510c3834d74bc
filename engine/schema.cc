#include "engine/schema.h"

#include <strings.h>

#include <cstring>
#include <utility>

namespace lmjet::engine {
namespace {

// Version 2 added the deleted flag of a column; version 1 is still read.
constexpr uint8_t kTableDefVersion = 2;
constexpr uint8_t kTableDefVersionWithoutDeleted = 1;
constexpr uint32_t kVariableMostBytes = JET_cbColumnMost;

bool Has(JET_GRBIT grbit, JET_GRBIT bit) { return (grbit & bit) != 0; }

// --- Encoding helpers: little-endian fixed-width integers, length-prefixed
// strings. The reader checks every length against what is left.

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void String(const std::string& s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(const void* data, size_t size)
      : p_(static_cast<const unsigned char*>(data)), left_(size) {}

  bool U8(uint8_t* v) {
    if (left_ < 1) return false;
    *v = *p_++;
    --left_;
    return true;
  }
  bool U32(uint32_t* v) {
    if (left_ < 4) return false;
    *v = uint32_t{p_[0]} | uint32_t{p_[1]} << 8 | uint32_t{p_[2]} << 16 |
         uint32_t{p_[3]} << 24;
    p_ += 4;
    left_ -= 4;
    return true;
  }
  bool U16(unsigned short* v) {
    uint32_t wide;
    if (!U32(&wide) || wide > 0xFFFF) return false;
    *v = static_cast<unsigned short>(wide);
    return true;
  }
  bool Bool(bool* v) {
    uint8_t b;
    if (!U8(&b) || b > 1) return false;
    *v = b != 0;
    return true;
  }
  bool String(std::string* s) {
    uint32_t size;
    if (!U32(&size) || size > left_) return false;
    s->assign(reinterpret_cast<const char*>(p_), size);
    p_ += size;
    left_ -= size;
    return true;
  }
  // A count of items that each take at least `min_item_bytes`: refuses
  // counts the remaining bytes cannot hold (no huge reservations).
  bool Count(uint32_t min_item_bytes, uint32_t* count) {
    return U32(count) && uint64_t{*count} * min_item_bytes <= left_;
  }
  bool AtEnd() const { return left_ == 0; }

 private:
  const unsigned char* p_;
  size_t left_;
};

}  // namespace

Status CheckName(const char* name, std::string* checked) {
  if (name == nullptr) return Status(JET_errInvalidName);
  const size_t length = std::strlen(name);
  if (length == 0 || length > JET_cbNameMost || name[0] == ' ') {
    return Status(JET_errInvalidName);
  }
  for (size_t i = 0; i < length; ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == '!' || c == '.' || c == '[' || c == ']') {
      return Status(JET_errInvalidName);
    }
  }
  size_t end = length;
  while (end > 0 && name[end - 1] == ' ') --end;
  if (end == 0) return Status(JET_errInvalidName);
  checked->assign(name, end);
  return Status::Ok();
}

ColumnClass ClassOfColumnId(JET_COLUMNID columnid) {
  if (columnid <= kLastFixedColumnId) return ColumnClass::kFixed;
  if (columnid <= kLastVariableColumnId) return ColumnClass::kVariable;
  return ColumnClass::kTagged;
}

Status CheckColumnDefinition(JET_COLTYP coltyp, uint32_t cb_max,
                             JET_GRBIT grbit, unsigned long cp,
                             const void* default_value,
                             unsigned long default_size,
                             const ColumnRequestContext& context,
                             ColumnDef* column) {
  if (coltyp == JET_coltypNil || coltyp >= JET_coltypMax ||
      coltyp == JET_coltypSLV) {
    return Status(JET_errInvalidColumnType);
  }
  unsigned short code_page = 0;
  if (IsTextType(coltyp)) {
    if (cp == 0) cp = 1252;
    if (cp != 1252 && cp != 1200) return Status(JET_errInvalidCodePage);
    code_page = static_cast<unsigned short>(cp);
  }
  const bool long_value = IsLongValueType(coltyp);
  const bool tagged = Has(grbit, JET_bitColumnTagged) || long_value;
  if (Has(grbit, JET_bitColumnFixed) && tagged) {
    return Status(JET_errInvalidGrbit, "a fixed column cannot be tagged");
  }
  if (Has(grbit, JET_bitColumnMultiValued) && !tagged) {
    return Status(JET_errMultiValuedColumnMustBeTagged);
  }
  const bool autoincrement = Has(grbit, JET_bitColumnAutoincrement);
  const bool version = Has(grbit, JET_bitColumnVersion);
  const bool escrow = Has(grbit, JET_bitColumnEscrowUpdate);
  if (autoincrement) {
    if (coltyp != JET_coltypLong && coltyp != JET_coltypLongLong &&
        coltyp != JET_coltypUnsignedLongLong && coltyp != JET_coltypCurrency) {
      return Status(JET_errInvalidGrbit, "autoincrement needs an integer type");
    }
    if (version || escrow) return Status(JET_errInvalidGrbit);
  }
  if (version && coltyp != JET_coltypLong) {
    return Status(JET_errInvalidGrbit, "a version column is a Long");
  }
  if ((autoincrement || version) && tagged) {
    return Status(JET_errCannotBeTagged);
  }
  if (escrow) {
    if ((coltyp != JET_coltypLong && coltyp != JET_coltypLongLong) || tagged ||
        version || Has(grbit, JET_bitColumnMultiValued)) {
      return Status(JET_errInvalidGrbit, "bad escrow column");
    }
    if (default_value == nullptr || default_size == 0) {
      return Status(JET_errInvalidParameter,
                    "an escrow column needs a default");
    }
  }
  if ((autoincrement || version || escrow) && !context.exclusive_table_lock) {
    return Status(JET_errExclusiveTableLockRequired);
  }
  if (Has(grbit, JET_bitColumnNotNULL) && tagged) {
    return Status(JET_errTaggedNotNULL);
  }
  if (Has(grbit, JET_bitColumnCompressed) && !long_value) {
    return Status(JET_errColumnCannotBeCompressed);
  }
  if (Has(grbit, JET_bitColumnEncrypted) &&
      (!long_value || Has(grbit, JET_bitColumnMultiValued) ||
       default_value != nullptr)) {
    return Status(JET_errColumnCannotBeEncrypted);
  }
  if (Has(grbit, JET_bitColumnUnversioned) && context.in_transaction) {
    return Status(JET_errInTransaction);
  }
  if (default_value == nullptr && default_size != 0) {
    return Status(JET_errInvalidParameter, "default size without data");
  }

  Status result;
  const uint32_t fixed_size = FixedSizeOf(coltyp);
  uint32_t max = cb_max;
  if (fixed_size != 0) {
    max = fixed_size;
  } else if (!long_value) {  // Text and Binary, fixed, variable or tagged
    if (max == 0) max = kVariableMostBytes;
    if (max > kVariableMostBytes) {
      max = kVariableMostBytes;
      result = Status(JET_wrnColumnMaxTruncated);
    }
  }

  std::string default_bytes;
  if (default_value != nullptr && default_size != 0) {
    if (fixed_size != 0 && default_size != fixed_size) {
      return Status(JET_errInvalidBufferSize, "default of the wrong size");
    }
    size_t keep = default_size;
    if (long_value && keep > JET_cbLVDefaultValueMost) {
      keep = JET_cbLVDefaultValueMost;
    } else if (!long_value && fixed_size == 0 && keep > max) {
      keep = max;
    }
    default_bytes.assign(static_cast<const char*>(default_value), keep);
  }

  column->coltyp = coltyp;
  column->cp = code_page;
  column->cb_max = max;
  column->grbit = grbit | (tagged ? JET_bitColumnTagged : 0);
  column->has_default = !default_bytes.empty();
  column->default_value = std::move(default_bytes);
  return result;
}

Status ParseIndexKey(const char* key, unsigned long cb_key,
                     std::vector<KeyColumn>* columns) {
  if (cb_key == 0) return Status(JET_errInvalidParameter, "cbKey is 0");
  if (key == nullptr || cb_key < 3 || key[cb_key - 1] != '\0' ||
      key[cb_key - 2] != '\0') {
    return Status(JET_errIndexInvalidDef, "key must end in two NULs");
  }
  columns->clear();
  size_t pos = 0;
  while (pos < cb_key - 1) {
    const size_t length = std::strlen(key + pos);  // bounded by the NULs
    if (length == 0) break;                        // the closing NUL
    const char sign = key[pos];
    KeyColumn column;
    size_t name_start = pos;
    if (sign == '+' || sign == '-') {
      column.descending = sign == '-';
      ++name_start;
    } else if (columns->empty()) {
      return Status(JET_errIndexInvalidDef, "first segment needs + or -");
    }
    column.name.assign(key + name_start, pos + length - name_start);
    if (column.name.empty()) {
      return Status(JET_errIndexInvalidDef, "empty column name");
    }
    columns->push_back(std::move(column));
    if (columns->size() > JET_ccolKeyMost) {
      return Status(JET_errIndexInvalidDef, "too many key segments");
    }
    pos += length + 1;
  }
  if (pos != cb_key - 1 || columns->empty()) {
    return Status(JET_errIndexInvalidDef, "bytes after the closing NULs");
  }
  return Status::Ok();
}

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

const ColumnDef* TableDef::FindColumn(const std::string& column_name) const {
  for (const ColumnDef& c : columns) {
    if (!c.deleted && SameName(c.name, column_name)) return &c;
  }
  return nullptr;
}

const ColumnDef* TableDef::FindColumn(JET_COLUMNID columnid) const {
  for (const ColumnDef& c : columns) {
    if (c.columnid == columnid && !c.deleted) return &c;
  }
  return nullptr;
}

const IndexDef* TableDef::FindIndex(const std::string& index_name) const {
  for (const IndexDef& i : indexes) {
    if (SameName(i.name, index_name)) return &i;
  }
  return nullptr;
}

const IndexDef* TableDef::PrimaryIndex() const {
  for (const IndexDef& i : indexes) {
    if (i.grbit & JET_bitIndexPrimary) return &i;
  }
  return nullptr;
}

Status TableDef::NextColumnId(ColumnClass column_class,
                              JET_COLUMNID* columnid) const {
  JET_COLUMNID first, last;
  switch (column_class) {
    case ColumnClass::kFixed:
      first = kFirstFixedColumnId;
      last = kLastFixedColumnId;
      break;
    case ColumnClass::kVariable:
      first = kFirstVariableColumnId;
      last = kLastVariableColumnId;
      break;
    default:
      first = kFirstTaggedColumnId;
      last = kLastTaggedColumnId;
      break;
  }
  // Ids are never reused while the table lives (a deleted column's id stays
  // taken by its data in old records), so the next id follows the highest.
  JET_COLUMNID next = first;
  for (const ColumnDef& c : columns) {
    if (c.columnid >= first && c.columnid <= last && c.columnid >= next) {
      next = c.columnid + 1;
    }
  }
  if (next > last) return Status(JET_errTooManyColumns);
  *columnid = next;
  return Status::Ok();
}

std::string EncodeTableDef(const TableDef& table) {
  Writer w;
  w.U8(kTableDefVersion);
  w.String(table.name);
  w.U32(table.table_id);
  w.U32(static_cast<uint32_t>(table.grbit));
  w.U32(table.pages);
  w.U32(table.density);
  w.U32(table.next_index_id);
  w.U32(static_cast<uint32_t>(table.columns.size()));
  for (const ColumnDef& c : table.columns) {
    w.String(c.name);
    w.U32(static_cast<uint32_t>(c.columnid));
    w.U32(static_cast<uint32_t>(c.coltyp));
    w.U32(c.cp);
    w.U32(c.cb_max);
    w.U32(static_cast<uint32_t>(c.grbit));
    w.U8(c.has_default ? 1 : 0);
    w.String(c.default_value);
    w.U8(c.deleted ? 1 : 0);
  }
  w.U32(static_cast<uint32_t>(table.indexes.size()));
  for (const IndexDef& i : table.indexes) {
    w.String(i.name);
    w.U32(i.index_id);
    w.U32(static_cast<uint32_t>(i.grbit));
    w.U32(i.cb_key_most);
    w.U32(i.density);
    w.U32(static_cast<uint32_t>(i.lcid));
    w.U32(static_cast<uint32_t>(i.segments.size()));
    for (const IndexSegment& s : i.segments) {
      w.U32(static_cast<uint32_t>(s.columnid));
      w.U8(s.descending ? 1 : 0);
    }
    w.U32(static_cast<uint32_t>(i.conditional_columns.size()));
    for (const ConditionalColumn& c : i.conditional_columns) {
      w.U32(static_cast<uint32_t>(c.columnid));
      w.U8(c.must_be_null ? 1 : 0);
    }
  }
  return w.Take();
}

Status DecodeTableDef(const void* data, size_t size, TableDef* table) {
  const Status corrupt(JET_errDatabaseCorrupted, "bad table definition");
  Reader r(data, size);
  uint8_t version;
  if (!r.U8(&version)) return corrupt;
  if (version != kTableDefVersion &&
      version != kTableDefVersionWithoutDeleted) {
    return Status(JET_errInvalidDatabaseVersion, "table definition version");
  }
  const bool has_deleted = version >= 2;
  TableDef t;
  uint32_t grbit, count;
  if (!r.String(&t.name) || !r.U32(&t.table_id) || !r.U32(&grbit) ||
      !r.U32(&t.pages) || !r.U32(&t.density) || !r.U32(&t.next_index_id) ||
      !r.Count(/*min column bytes=*/has_deleted ? 30 : 29, &count)) {
    return corrupt;
  }
  t.grbit = grbit;
  t.columns.resize(count);
  for (ColumnDef& c : t.columns) {
    uint32_t columnid, coltyp, column_grbit;
    if (!r.String(&c.name) || !r.U32(&columnid) || !r.U32(&coltyp) ||
        !r.U16(&c.cp) || !r.U32(&c.cb_max) || !r.U32(&column_grbit) ||
        !r.Bool(&c.has_default) || !r.String(&c.default_value) ||
        (has_deleted && !r.Bool(&c.deleted))) {
      return corrupt;
    }
    if (columnid == 0 || columnid > kLastTaggedColumnId ||
        coltyp == JET_coltypNil || coltyp >= JET_coltypMax) {
      return corrupt;
    }
    c.columnid = columnid;
    c.coltyp = coltyp;
    c.grbit = column_grbit;
  }
  if (!r.Count(/*min index bytes=*/32, &count)) return corrupt;
  t.indexes.resize(count);
  for (IndexDef& i : t.indexes) {
    uint32_t index_grbit, lcid, segments, conditionals;
    if (!r.String(&i.name) || !r.U32(&i.index_id) || !r.U32(&index_grbit) ||
        !r.U32(&i.cb_key_most) || !r.U32(&i.density) || !r.U32(&lcid) ||
        !r.Count(5, &segments)) {
      return corrupt;
    }
    i.grbit = index_grbit;
    i.lcid = lcid;
    i.segments.resize(segments);
    for (IndexSegment& s : i.segments) {
      uint32_t columnid;
      if (!r.U32(&columnid) || !r.Bool(&s.descending)) return corrupt;
      s.columnid = columnid;
    }
    if (!r.Count(5, &conditionals)) return corrupt;
    i.conditional_columns.resize(conditionals);
    for (ConditionalColumn& c : i.conditional_columns) {
      uint32_t columnid;
      if (!r.U32(&columnid) || !r.Bool(&c.must_be_null)) return corrupt;
      c.columnid = columnid;
    }
  }
  if (!r.AtEnd()) return corrupt;
  *table = std::move(t);
  return Status::Ok();
}

}  // namespace lmjet::engine
