#include "engine/record.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace lmjet::engine {
namespace {

// docs/file-format.md, "Record encoding".
using record_format::BitmapSize;
using record_format::kFlagAbsentBitmap;
using record_format::kFormatVersion;
using record_format::kHeaderSize;
using record_format::kTaggedEntrySize;
using record_format::kVariableEndMask;
constexpr uint16_t kVariableNullBit = 0x8000;
constexpr uint64_t kKindInline = 0;
constexpr uint64_t kKindLongValue = 1;
constexpr uint64_t kKindMask = 3;
constexpr size_t kLongValueRefSize = 12;  // id (8), size (4)
constexpr uint32_t kMaxValueSize = JET_cbLVColumnMost;
constexpr uint32_t kFirstVariable = JET_ccolFixedMost + 1;
constexpr uint32_t kLastVariable = JET_ccolFixedMost + JET_ccolVarMost;
constexpr uint32_t kFirstTagged = kLastVariable + 1;
constexpr uint32_t kLastTagged = JET_ccolMost;

enum class IdClass { kInvalid, kFixed, kVariable, kTagged };

IdClass ClassOf(JET_COLUMNID columnid) {
  if (columnid == 0 || columnid > kLastTagged) return IdClass::kInvalid;
  if (columnid <= JET_ccolFixedMost) return IdClass::kFixed;
  if (columnid <= kLastVariable) return IdClass::kVariable;
  return IdClass::kTagged;
}

Status Corrupted(const char* why) {
  return Status(JET_errDatabaseCorrupted, why);
}

const uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

std::string_view View(const uint8_t* p, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(p), size);
}

uint16_t Load16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}

uint32_t Load32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

uint64_t Load64(const uint8_t* p) {
  return static_cast<uint64_t>(Load32(p)) | static_cast<uint64_t>(Load32(p + 4))
                                                << 32;
}

uint8_t* Store16(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  return p + 2;
}

uint8_t* Store32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
  return p + 4;
}

uint8_t* Store64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
  return p + 8;
}

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

uint8_t* PutVarint(uint8_t* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  return p;
}

// Reads a varint from [*p, end) as PutVarint writes it: false if it is
// truncated, longer than needed, or above 64 bits.
bool GetVarint(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t result = 0;
  const uint8_t* q = *p;
  for (int shift = 0; shift < 64; shift += 7) {
    if (q == end) return false;
    uint8_t byte = *q++;
    if (shift == 63 && byte > 1) return false;  // above 64 bits
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      if (byte == 0 && shift != 0) return false;  // overlong
      *p = q;
      *v = result;
      return true;
    }
  }
  return false;
}

bool BitAt(const uint8_t* map, uint32_t bit) {
  return (map[bit / 8] >> (bit % 8)) & 1;
}

void SetBit(uint8_t* map, uint32_t bit) {
  map[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
}

// True if the bits of `map` from `bits` to the end of its last byte are 0.
bool PaddingClear(const uint8_t* map, uint32_t bits) {
  if (bits % 8 == 0) return true;
  return (map[bits / 8] >> (bits % 8)) == 0;
}

// Walks the values of one tagged column, [begin, end) of the tagged data:
// a varint count (0: the column is NULL), then per value a varint header
// (length << 2 | kind) and the inline bytes, or header 1 and a long-value
// reference. Each step is bounds-checked.
class TaggedValueReader {
 public:
  TaggedValueReader(const uint8_t* begin, const uint8_t* end)
      : p_(begin), end_(end) {}

  // Reads the count. Every value takes at least one byte.
  Status Start(uint32_t* count) {
    uint64_t n = 0;
    if (!GetVarint(&p_, end_, &n)) return Corrupted("tagged value count");
    if (n > static_cast<uint64_t>(end_ - p_)) {
      return Corrupted("tagged value count exceeds the column");
    }
    *count = static_cast<uint32_t>(n);
    return Status::Ok();
  }

  Status Next(ColumnValue* value) {
    uint64_t header = 0;
    if (!GetVarint(&p_, end_, &header)) return Corrupted("tagged value");
    uint64_t kind = header & kKindMask;
    if (kind == kKindInline) {
      uint64_t length = header >> 2;
      if (length > static_cast<uint64_t>(end_ - p_) || length > kMaxValueSize) {
        return Corrupted("tagged value length");
      }
      value->kind = ValueKind::kInline;
      value->data = View(p_, static_cast<size_t>(length));
      p_ += length;
      return Status::Ok();
    }
    if (header != kKindLongValue) return Corrupted("tagged value kind");
    if (static_cast<size_t>(end_ - p_) < kLongValueRefSize) {
      return Corrupted("long-value reference");
    }
    value->kind = ValueKind::kLongValue;
    value->long_value.id = Load64(p_);
    value->long_value.size = Load32(p_ + 8);
    if (value->long_value.size > kMaxValueSize) {
      return Corrupted("long-value size");
    }
    p_ += kLongValueRefSize;
    return Status::Ok();
  }

  // After the last value: the column must end there.
  Status Finish() const {
    return p_ == end_ ? Status::Ok() : Corrupted("bytes after tagged values");
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace

// --- RecordLayout ----------------------------------------------------------

RecordLayout::RecordLayout() = default;

Status RecordLayout::DeclareFixedColumn(JET_COLUMNID columnid, uint32_t size) {
  if (ClassOf(columnid) != IdClass::kFixed) return Status(JET_errBadColumnId);
  if (size == 0 || size > JET_cbColumnMost) {
    return Status(JET_errInvalidParameter, "fixed column size");
  }
  if (sizes_[columnid] == size) return Status::Ok();
  if (sizes_[columnid] != 0) {
    return Status(JET_errInvalidParameter, "fixed column size changed");
  }
  sizes_[columnid] = static_cast<uint8_t>(size);
  for (uint32_t id = columnid + 1; id < offsets_.size(); ++id) {
    offsets_[id] = static_cast<uint16_t>(offsets_[id - 1] + sizes_[id - 1]);
  }
  return Status::Ok();
}

// --- Record ----------------------------------------------------------------

Record::Record(const RecordLayout* layout) : layout_(layout) {}

uint32_t Record::LastFixed() const {
  for (uint32_t id = fixed_high_; id > 0; --id) {
    if (fixed_state_[id] != kStateAbsent) return id;
  }
  return 0;
}

uint32_t Record::LastVariable() const {
  for (uint32_t i = variable_high_; i > 0; --i) {
    if (variable_state_[i - 1] != kStateAbsent) return kFirstVariable + i - 1;
  }
  return 0;
}

Record::TaggedColumn* Record::FindTagged(JET_COLUMNID columnid) {
  auto it = std::lower_bound(
      tagged_.begin(), tagged_.end(), columnid,
      [](const TaggedColumn& c, JET_COLUMNID id) { return c.columnid < id; });
  return it != tagged_.end() && it->columnid == columnid ? &*it : nullptr;
}

const Record::TaggedColumn* Record::FindTagged(JET_COLUMNID columnid) const {
  return const_cast<Record*>(this)->FindTagged(columnid);
}

Record::TaggedColumn* Record::FindOrAddTagged(JET_COLUMNID columnid) {
  auto it = std::lower_bound(
      tagged_.begin(), tagged_.end(), columnid,
      [](const TaggedColumn& c, JET_COLUMNID id) { return c.columnid < id; });
  if (it == tagged_.end() || it->columnid != columnid) {
    it = tagged_.insert(it, TaggedColumn());
    it->columnid = columnid;
  }
  return &*it;
}

void Record::EraseTagged(JET_COLUMNID columnid) {
  auto it = std::lower_bound(
      tagged_.begin(), tagged_.end(), columnid,
      [](const TaggedColumn& c, JET_COLUMNID id) { return c.columnid < id; });
  if (it != tagged_.end() && it->columnid == columnid) tagged_.erase(it);
}

void Record::SetFixedState(JET_COLUMNID columnid, State state) {
  fixed_state_[columnid] = state;
  NoteFixed(columnid);
  if (state == kStateValue) return;
  // Keep the bytes of a column without a value zero (the encoding's rule).
  size_t offset = layout_->FixedOffset(columnid);
  size_t size = layout_->FixedSize(columnid);
  if (offset < fixed_data_.size()) {
    size = std::min(size, fixed_data_.size() - offset);
    std::memset(&fixed_data_[offset], 0, size);
  }
}

void Record::SetVariableState(JET_COLUMNID columnid, State state) {
  uint32_t index = columnid - kFirstVariable;
  variable_state_[index] = state;
  NoteVariable(index);
  if (index < variable_data_.size()) variable_data_[index].clear();
}

Status Record::Get(JET_COLUMNID columnid, uint32_t itag_sequence,
                   ColumnValue* value) const {
  *value = ColumnValue();
  IdClass id_class = ClassOf(columnid);
  if (id_class == IdClass::kInvalid) return Status(JET_errBadColumnId);
  if (itag_sequence == 0) return Status(JET_errBadItagSequence);
  switch (id_class) {
    case IdClass::kFixed: {
      if (itag_sequence != 1) return Status::Ok();
      State state = static_cast<State>(fixed_state_[columnid]);
      if (state == kStateNull) value->kind = ValueKind::kNull;
      if (state != kStateValue) return Status::Ok();
      size_t offset = layout_->FixedOffset(columnid);
      size_t size = layout_->FixedSize(columnid);
      if (size == 0 || offset + size > fixed_data_.size()) {
        // Only if the layout changed under the record (a broken contract).
        return Status(JET_errInternalError, "record layout changed");
      }
      value->kind = ValueKind::kInline;
      value->data = std::string_view(fixed_data_).substr(offset, size);
      return Status::Ok();
    }
    case IdClass::kVariable: {
      if (itag_sequence != 1) return Status::Ok();
      uint32_t index = columnid - kFirstVariable;
      State state = static_cast<State>(variable_state_[index]);
      if (state == kStateNull) value->kind = ValueKind::kNull;
      if (state != kStateValue) return Status::Ok();
      value->kind = ValueKind::kInline;
      value->data = variable_data_[index];
      return Status::Ok();
    }
    default: {
      const TaggedColumn* column = FindTagged(columnid);
      if (column == nullptr) return Status::Ok();
      if (column->values.empty()) {
        if (itag_sequence == 1) value->kind = ValueKind::kNull;
        return Status::Ok();
      }
      if (itag_sequence > column->values.size()) return Status::Ok();
      const TaggedValue& v = column->values[itag_sequence - 1];
      if (v.is_long_value) {
        value->kind = ValueKind::kLongValue;
        value->long_value = v.long_value;
      } else {
        value->kind = ValueKind::kInline;
        value->data = v.data;
      }
      return Status::Ok();
    }
  }
}

uint32_t Record::CountValues(JET_COLUMNID columnid) const {
  switch (ClassOf(columnid)) {
    case IdClass::kInvalid:
      return 0;
    case IdClass::kFixed:
      return fixed_state_[columnid] == kStateValue ? 1 : 0;
    case IdClass::kVariable:
      return variable_state_[columnid - kFirstVariable] == kStateValue ? 1 : 0;
    case IdClass::kTagged: {
      const TaggedColumn* column = FindTagged(columnid);
      return column == nullptr ? 0
                               : static_cast<uint32_t>(column->values.size());
    }
  }
  return 0;
}

JET_COLUMNID Record::NextTaggedColumn(JET_COLUMNID after) const {
  auto it = std::upper_bound(
      tagged_.begin(), tagged_.end(), after,
      [](JET_COLUMNID id, const TaggedColumn& c) { return id < c.columnid; });
  return it == tagged_.end() ? 0 : it->columnid;
}

Status Record::Set(JET_COLUMNID columnid, uint32_t itag_sequence,
                   std::string_view data) {
  switch (ClassOf(columnid)) {
    case IdClass::kInvalid:
      return Status(JET_errBadColumnId);
    case IdClass::kFixed: {
      size_t size = layout_->FixedSize(columnid);
      if (size == 0) return Status(JET_errColumnNotFound);
      if (itag_sequence > 1) return Status(JET_errBadItagSequence);
      if (data.size() != size) return Status(JET_errInvalidBufferSize);
      size_t offset = layout_->FixedOffset(columnid);
      if (fixed_data_.size() < offset + size) {
        fixed_data_.resize(offset + size, '\0');
      }
      std::memcpy(&fixed_data_[offset], data.data(), size);
      fixed_state_[columnid] = kStateValue;
      NoteFixed(columnid);
      return Status::Ok();
    }
    case IdClass::kVariable: {
      if (itag_sequence > 1) return Status(JET_errBadItagSequence);
      if (data.size() > JET_cbColumnMost) return Status(JET_errColumnTooBig);
      uint32_t index = columnid - kFirstVariable;
      if (variable_data_.size() <= index) variable_data_.resize(index + 1);
      variable_data_[index].assign(data.data(), data.size());
      variable_state_[index] = kStateValue;
      NoteVariable(index);
      return Status::Ok();
    }
    case IdClass::kTagged: {
      if (data.size() > kMaxValueSize) return Status(JET_errColumnTooBig);
      TaggedValue value;
      value.data.assign(data.data(), data.size());
      return SetTagged(columnid, itag_sequence, std::move(value));
    }
  }
  return Status(JET_errBadColumnId);
}

Status Record::SetLongValue(JET_COLUMNID columnid, uint32_t itag_sequence,
                            const LongValueRef& ref) {
  IdClass id_class = ClassOf(columnid);
  if (id_class == IdClass::kInvalid) return Status(JET_errBadColumnId);
  if (id_class != IdClass::kTagged) {
    return Status(JET_errInvalidParameter, "long value in a non-tagged column");
  }
  if (ref.size > kMaxValueSize) return Status(JET_errColumnTooBig);
  TaggedValue value;
  value.is_long_value = true;
  value.long_value = ref;
  return SetTagged(columnid, itag_sequence, std::move(value));
}

Status Record::SetTagged(JET_COLUMNID columnid, uint32_t itag_sequence,
                         TaggedValue value) {
  TaggedColumn* column = FindOrAddTagged(columnid);
  if (itag_sequence == 0 || itag_sequence > column->values.size()) {
    column->values.push_back(std::move(value));
  } else {
    column->values[itag_sequence - 1] = std::move(value);
  }
  return Status::Ok();
}

Status Record::SetNull(JET_COLUMNID columnid, uint32_t itag_sequence) {
  switch (ClassOf(columnid)) {
    case IdClass::kInvalid:
      return Status(JET_errBadColumnId);
    case IdClass::kFixed:
      if (layout_->FixedSize(columnid) == 0) {
        return Status(JET_errColumnNotFound);
      }
      if (itag_sequence > 1) return Status(JET_errBadItagSequence);
      SetFixedState(columnid, kStateNull);
      return Status::Ok();
    case IdClass::kVariable:
      if (itag_sequence > 1) return Status(JET_errBadItagSequence);
      SetVariableState(columnid, kStateNull);
      return Status::Ok();
    case IdClass::kTagged: {
      TaggedColumn* column = FindTagged(columnid);
      if (column == nullptr || itag_sequence == 0 ||
          itag_sequence > column->values.size()) {
        return Status::Ok();
      }
      column->values.erase(column->values.begin() + (itag_sequence - 1));
      if (column->values.empty()) EraseTagged(columnid);
      return Status::Ok();
    }
  }
  return Status(JET_errBadColumnId);
}

Status Record::SetColumnNull(JET_COLUMNID columnid) {
  if (ClassOf(columnid) == IdClass::kTagged) {
    FindOrAddTagged(columnid)->values.clear();
    return Status::Ok();
  }
  return SetNull(columnid, 1);
}

Status Record::Unset(JET_COLUMNID columnid) {
  switch (ClassOf(columnid)) {
    case IdClass::kInvalid:
      return Status(JET_errBadColumnId);
    case IdClass::kFixed:
      if (layout_->FixedSize(columnid) == 0) {
        return Status(JET_errColumnNotFound);
      }
      SetFixedState(columnid, kStateAbsent);
      return Status::Ok();
    case IdClass::kVariable:
      SetVariableState(columnid, kStateAbsent);
      return Status::Ok();
    case IdClass::kTagged:
      EraseTagged(columnid);
      return Status::Ok();
  }
  return Status(JET_errBadColumnId);
}

void Record::Clear() {
  std::fill_n(fixed_state_.begin(), fixed_high_ + 1, kStateAbsent);
  fixed_high_ = 0;
  fixed_data_.clear();
  std::fill_n(variable_state_.begin(), variable_high_, kStateAbsent);
  variable_high_ = 0;
  // The strings keep their buffers: a copy buffer reused for every update
  // of a cursor then sets its values without allocating.
  for (std::string& data : variable_data_) data.clear();
  tagged_.clear();
}

bool Record::FindInlineValueOver(size_t budget, JET_COLUMNID* columnid,
                                 uint32_t* itag_sequence) const {
  for (const TaggedColumn& column : tagged_) {
    for (size_t i = 0; i < column.values.size(); ++i) {
      const TaggedValue& v = column.values[i];
      if (!v.is_long_value && v.data.size() > budget) {
        *columnid = column.columnid;
        *itag_sequence = static_cast<uint32_t>(i + 1);
        return true;
      }
    }
  }
  return false;
}

namespace {

size_t TaggedValueSize(size_t data_size, bool is_long_value) {
  if (is_long_value) return 1 + kLongValueRefSize;
  return VarintSize(static_cast<uint64_t>(data_size) << 2) + data_size;
}

}  // namespace

size_t Record::EncodedSize() const {
  uint32_t last_fixed = LastFixed();
  uint32_t last_variable = LastVariable();
  uint32_t variable_count =
      last_variable == 0 ? 0 : last_variable - kFirstVariable + 1;
  bool any_absent = false;
  for (uint32_t id = 1; id <= last_fixed; ++id) {
    any_absent |= fixed_state_[id] == kStateAbsent;
  }
  size_t variable_bytes = 0;
  for (uint32_t i = 0; i < variable_count; ++i) {
    any_absent |= variable_state_[i] == kStateAbsent;
    if (variable_state_[i] == kStateValue) {
      variable_bytes += variable_data_[i].size();
    }
  }
  size_t size = kHeaderSize + BitmapSize(last_fixed) +
                (any_absent ? BitmapSize(last_fixed + variable_count) : 0) +
                layout_->FixedAreaSize(last_fixed) + 2 * variable_count +
                variable_bytes;
  if (!tagged_.empty()) size += 2 + kTaggedEntrySize * tagged_.size();
  for (const TaggedColumn& column : tagged_) {
    size += VarintSize(column.values.size());
    for (const TaggedValue& v : column.values) {
      size += TaggedValueSize(v.data.size(), v.is_long_value);
    }
  }
  return size;
}

Status Record::Encode(const EncodeOptions& options, std::string* out) const {
  JET_COLUMNID big_column = 0;
  uint32_t big_itag = 0;
  if (FindInlineValueOver(options.max_inline_value, &big_column, &big_itag)) {
    return Status(JET_errColumnTooBig, "inline value over the budget");
  }
  size_t size = EncodedSize();
  if (size > options.max_record_size) return Status(JET_errRecordTooBig);

  uint32_t last_fixed = LastFixed();
  uint32_t last_variable = LastVariable();
  uint32_t variable_count =
      last_variable == 0 ? 0 : last_variable - kFirstVariable + 1;
  bool any_absent = false;
  for (uint32_t id = 1; id <= last_fixed; ++id) {
    any_absent |= fixed_state_[id] == kStateAbsent;
  }
  for (uint32_t i = 0; i < variable_count; ++i) {
    any_absent |= variable_state_[i] == kStateAbsent;
  }
  // The tagged directory holds 32-bit end offsets and a 16-bit count.
  size_t tagged_data_size = 0;
  for (const TaggedColumn& column : tagged_) {
    tagged_data_size += VarintSize(column.values.size());
    for (const TaggedValue& v : column.values) {
      tagged_data_size += TaggedValueSize(v.data.size(), v.is_long_value);
    }
  }
  if (tagged_data_size > std::numeric_limits<uint32_t>::max()) {
    return Status(JET_errRecordTooBig, "tagged data over 4 GB");
  }

  // Written in place: a buffer reused for every record (a cursor's scratch)
  // is not reallocated. Nothing below fails but the final self-check.
  out->assign(size, '\0');
  uint8_t* const begin = reinterpret_cast<uint8_t*>(&(*out)[0]);
  uint8_t* p = begin;
  *p++ = kFormatVersion;
  *p++ = any_absent ? kFlagAbsentBitmap : 0;
  *p++ = static_cast<uint8_t>(last_fixed);
  *p++ = static_cast<uint8_t>(variable_count);

  uint8_t* null_bitmap = p;
  p += BitmapSize(last_fixed);
  uint8_t* absent_bitmap = any_absent ? p : nullptr;
  if (any_absent) p += BitmapSize(last_fixed + variable_count);
  for (uint32_t id = 1; id <= last_fixed; ++id) {
    if (fixed_state_[id] == kStateValue) continue;
    SetBit(null_bitmap, id - 1);
    if (fixed_state_[id] == kStateAbsent) SetBit(absent_bitmap, id - 1);
  }

  size_t fixed_area = layout_->FixedAreaSize(last_fixed);
  std::memcpy(p, fixed_data_.data(), std::min(fixed_area, fixed_data_.size()));
  p += fixed_area;

  uint8_t* offsets = p;
  uint8_t* variable_data = p + 2 * variable_count;
  uint32_t end = 0;
  for (uint32_t i = 0; i < variable_count; ++i) {
    uint16_t entry = 0;
    if (variable_state_[i] == kStateValue) {
      const std::string& data = variable_data_[i];
      std::memcpy(variable_data + end, data.data(), data.size());
      end += static_cast<uint32_t>(data.size());
      entry = static_cast<uint16_t>(end);
    } else {
      entry = static_cast<uint16_t>(end | kVariableNullBit);
      if (variable_state_[i] == kStateAbsent) {
        SetBit(absent_bitmap, last_fixed + i);
      }
    }
    offsets = Store16(offsets, entry);
  }
  p = variable_data + end;

  if (!tagged_.empty()) {
    p = Store16(p, static_cast<uint32_t>(tagged_.size()));
    uint8_t* directory = p;
    uint8_t* const tagged_data = p + kTaggedEntrySize * tagged_.size();
    uint8_t* q = tagged_data;
    for (const TaggedColumn& column : tagged_) {
      q = PutVarint(q, column.values.size());
      for (const TaggedValue& v : column.values) {
        if (v.is_long_value) {
          q = PutVarint(q, kKindLongValue);
          q = Store64(q, v.long_value.id);
          q = Store32(q, v.long_value.size);
        } else {
          q = PutVarint(
              q, static_cast<uint64_t>(v.data.size()) << 2 | kKindInline);
          std::memcpy(q, v.data.data(), v.data.size());
          q += v.data.size();
        }
      }
      directory = Store16(directory, column.columnid);
      directory = Store32(directory, static_cast<uint32_t>(q - tagged_data));
    }
    p = q;
  }
  if (static_cast<size_t>(p - begin) != size) {
    return Status(JET_errInternalError, "record size miscomputed");
  }
  return Status::Ok();
}

Status Record::Decode(std::string_view data) {
  Clear();
  RecordView view;
  Status status = RecordView::Open(data, layout_, &view);
  if (status.ok()) status = view.Validate();
  if (!status.ok()) return status;

  const uint8_t* bytes = Bytes(data);
  uint32_t last_fixed = bytes[2];
  uint32_t variable_count = bytes[3];
  ColumnValue value;
  for (uint32_t id = 1; id <= last_fixed; ++id) {
    if (!(status = view.Get(id, 1, &value)).ok()) break;
    fixed_state_[id] = value.kind == ValueKind::kAbsent ? kStateAbsent
                       : value.kind == ValueKind::kNull ? kStateNull
                                                        : kStateValue;
    NoteFixed(id);
  }
  if (status.ok() && last_fixed > 0) {
    // Validated: the area exists and is zero where there is no value.
    size_t area = layout_->FixedAreaSize(last_fixed);
    size_t start = kHeaderSize + BitmapSize(last_fixed) +
                   ((bytes[1] & kFlagAbsentBitmap) != 0
                        ? BitmapSize(last_fixed + variable_count)
                        : 0);
    fixed_data_.assign(data.data() + start, area);
  }
  if (status.ok() && variable_count > 0) variable_data_.resize(variable_count);
  for (uint32_t i = 0; status.ok() && i < variable_count; ++i) {
    if (!(status = view.Get(kFirstVariable + i, 1, &value)).ok()) break;
    variable_state_[i] = value.kind == ValueKind::kAbsent ? kStateAbsent
                         : value.kind == ValueKind::kNull ? kStateNull
                                                          : kStateValue;
    NoteVariable(i);
    variable_data_[i].assign(value.data.data(), value.data.size());
  }
  for (JET_COLUMNID id = view.NextTaggedColumn(0); status.ok() && id != 0;
       id = view.NextTaggedColumn(id)) {
    uint32_t count = 0;
    if (!(status = view.CountValues(id, &count)).ok()) break;
    TaggedColumn* column = FindOrAddTagged(id);
    column->values.resize(count);
    for (uint32_t n = 1; status.ok() && n <= count; ++n) {
      if (!(status = view.Get(id, n, &value)).ok()) break;
      TaggedValue& v = column->values[n - 1];
      v.is_long_value = value.kind == ValueKind::kLongValue;
      v.long_value = value.long_value;
      v.data.assign(value.data.data(), value.data.size());
    }
  }
  if (!status.ok()) Clear();
  return status;
}

// --- RecordView ------------------------------------------------------------

Status RecordView::Open(std::string_view data, const RecordLayout* layout,
                        RecordView* view) {
  const char* damage = Parse(data, layout, view);
  if (damage == nullptr) return Status::Ok();
  *view = RecordView();
  return Corrupted(damage);
}

bool RecordView::FixedAbsent(uint32_t columnid) const {
  return absent_bitmap_ != nullptr && BitAt(absent_bitmap_, columnid - 1);
}

bool RecordView::FixedNull(uint32_t columnid) const {
  return BitAt(null_bitmap_, columnid - 1);
}

bool RecordView::VariableAbsent(uint32_t index) const {
  return absent_bitmap_ != nullptr &&
         BitAt(absent_bitmap_, last_fixed_ + index);
}

uint32_t RecordView::TaggedId(uint32_t i) const {
  return Load16(tagged_directory_ + kTaggedEntrySize * i);
}

Status RecordView::TaggedBlock(uint32_t i, const uint8_t** begin,
                               const uint8_t** end) const {
  uint32_t start =
      i == 0 ? 0 : Load32(tagged_directory_ + kTaggedEntrySize * (i - 1) + 2);
  uint32_t stop = Load32(tagged_directory_ + kTaggedEntrySize * i + 2);
  if (start >= stop || stop > tagged_data_size_) {
    return Corrupted("tagged column offsets");
  }
  *begin = tagged_data_ + start;
  *end = tagged_data_ + stop;
  return Status::Ok();
}

Status RecordView::FindTaggedColumn(JET_COLUMNID columnid,
                                    const uint8_t** begin, const uint8_t** end,
                                    bool* found) const {
  // Binary search; on a damaged (unsorted) directory it may miss a column,
  // but reads stay in bounds. Validate checks the order.
  uint32_t lo = 0;
  uint32_t hi = tagged_count_;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (TaggedId(mid) < columnid) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  *found = lo < tagged_count_ && TaggedId(lo) == columnid;
  if (!*found) return Status::Ok();
  return TaggedBlock(lo, begin, end);
}

Status RecordView::Get(JET_COLUMNID columnid, uint32_t itag_sequence,
                       ColumnValue* value) const {
  *value = ColumnValue();
  IdClass id_class = ClassOf(columnid);
  if (id_class == IdClass::kInvalid) return Status(JET_errBadColumnId);
  if (itag_sequence == 0) return Status(JET_errBadItagSequence);
  switch (id_class) {
    case IdClass::kFixed: {
      if (itag_sequence != 1 || columnid > last_fixed_) return Status::Ok();
      if (FixedAbsent(columnid)) return Status::Ok();
      if (FixedNull(columnid)) {
        value->kind = ValueKind::kNull;
        return Status::Ok();
      }
      uint32_t size = layout_->FixedSize(columnid);
      if (size == 0) return Corrupted("value in an undeclared fixed column");
      value->kind = ValueKind::kInline;
      value->data = View(fixed_data_ + layout_->FixedOffset(columnid), size);
      return Status::Ok();
    }
    case IdClass::kVariable: {
      uint32_t index = columnid - kFirstVariable;
      if (itag_sequence != 1 || index >= variable_count_) return Status::Ok();
      if (VariableAbsent(index)) return Status::Ok();
      uint16_t entry = Load16(variable_offsets_ + 2 * index);
      if ((entry & kVariableNullBit) != 0) {
        value->kind = ValueKind::kNull;
        return Status::Ok();
      }
      uint32_t start =
          index == 0
              ? 0
              : Load16(variable_offsets_ + 2 * (index - 1)) & kVariableEndMask;
      uint32_t end = entry & kVariableEndMask;
      if (start > end || end > variable_data_size_ ||
          end - start > JET_cbColumnMost) {
        return Corrupted("variable column offsets");
      }
      value->kind = ValueKind::kInline;
      value->data = View(variable_data_ + start, end - start);
      return Status::Ok();
    }
    default: {
      const uint8_t* begin = nullptr;
      const uint8_t* end = nullptr;
      bool found = false;
      LMJET_RETURN_IF_ERROR(FindTaggedColumn(columnid, &begin, &end, &found));
      if (!found) return Status::Ok();
      TaggedValueReader reader(begin, end);
      uint32_t count = 0;
      LMJET_RETURN_IF_ERROR(reader.Start(&count));
      if (count == 0) {
        LMJET_RETURN_IF_ERROR(reader.Finish());
        if (itag_sequence == 1) value->kind = ValueKind::kNull;
        return Status::Ok();
      }
      if (itag_sequence > count) return Status::Ok();
      for (uint32_t n = 1; n <= itag_sequence; ++n) {
        Status status = reader.Next(value);
        if (!status.ok()) {
          *value = ColumnValue();
          return status;
        }
      }
      return Status::Ok();
    }
  }
}

Status RecordView::CountValues(JET_COLUMNID columnid, uint32_t* count) const {
  *count = 0;
  ColumnValue value;
  switch (ClassOf(columnid)) {
    case IdClass::kInvalid:
      return Status::Ok();
    case IdClass::kFixed:
    case IdClass::kVariable:
      LMJET_RETURN_IF_ERROR(Get(columnid, 1, &value));
      *count = value.kind == ValueKind::kInline ? 1 : 0;
      return Status::Ok();
    case IdClass::kTagged:
      break;
  }
  const uint8_t* begin = nullptr;
  const uint8_t* end = nullptr;
  bool found = false;
  LMJET_RETURN_IF_ERROR(FindTaggedColumn(columnid, &begin, &end, &found));
  if (!found) return Status::Ok();
  TaggedValueReader reader(begin, end);
  uint32_t n = 0;
  LMJET_RETURN_IF_ERROR(reader.Start(&n));
  for (uint32_t i = 0; i < n; ++i) LMJET_RETURN_IF_ERROR(reader.Next(&value));
  LMJET_RETURN_IF_ERROR(reader.Finish());
  *count = n;
  return Status::Ok();
}

JET_COLUMNID RecordView::NextTaggedColumn(JET_COLUMNID after) const {
  uint32_t lo = 0;
  uint32_t hi = tagged_count_;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (TaggedId(mid) <= after) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < tagged_count_ ? TaggedId(lo) : 0;
}

Status RecordView::Validate() const {
  if (data_.empty()) return Status::Ok();  // the default-constructed view
  const uint32_t total = last_fixed_ + variable_count_;
  if (!PaddingClear(null_bitmap_, last_fixed_)) {
    return Corrupted("NULL bitmap padding");
  }
  if (absent_bitmap_ != nullptr) {
    bool any = false;
    for (uint32_t b = 0; b < BitmapSize(total); ++b) {
      any |= absent_bitmap_[b] != 0;
    }
    if (!any || !PaddingClear(absent_bitmap_, total)) {
      return Corrupted("absent bitmap");
    }
  }
  // The highest fixed and variable columns are the last ones present.
  if (last_fixed_ > 0 && FixedAbsent(last_fixed_)) {
    return Corrupted("last fixed column absent");
  }
  if (variable_count_ > 0 && VariableAbsent(variable_count_ - 1)) {
    return Corrupted("last variable column absent");
  }

  for (uint32_t id = 1; id <= last_fixed_; ++id) {
    const bool is_null = FixedNull(id);
    const bool absent = FixedAbsent(id);
    const uint32_t size = layout_->FixedSize(id);
    if (absent && !is_null) return Corrupted("absent fixed column not NULL");
    if (size == 0 && !absent) return Corrupted("undeclared fixed column");
    if (is_null) {
      const uint8_t* bytes = fixed_data_ + layout_->FixedOffset(id);
      for (uint32_t i = 0; i < size; ++i) {
        if (bytes[i] != 0) return Corrupted("bytes under a NULL fixed column");
      }
    }
  }

  uint32_t previous_end = 0;
  for (uint32_t i = 0; i < variable_count_; ++i) {
    const uint16_t entry = Load16(variable_offsets_ + 2 * i);
    const uint32_t end = entry & kVariableEndMask;
    const bool is_null = (entry & kVariableNullBit) != 0;
    if (VariableAbsent(i) && !is_null) {
      return Corrupted("absent variable column not NULL");
    }
    if (end < previous_end || (is_null && end != previous_end) ||
        end - previous_end > JET_cbColumnMost) {
      return Corrupted("variable column offsets");
    }
    previous_end = end;
  }

  uint32_t previous_id = 0;
  for (uint32_t i = 0; i < tagged_count_; ++i) {
    const uint32_t id = TaggedId(i);
    if (id < kFirstTagged || id > kLastTagged || id <= previous_id) {
      return Corrupted("tagged column ids");
    }
    previous_id = id;
    const uint8_t* begin = nullptr;
    const uint8_t* end = nullptr;
    LMJET_RETURN_IF_ERROR(TaggedBlock(i, &begin, &end));
    TaggedValueReader reader(begin, end);
    uint32_t count = 0;
    LMJET_RETURN_IF_ERROR(reader.Start(&count));
    ColumnValue value;
    for (uint32_t n = 0; n < count; ++n) {
      LMJET_RETURN_IF_ERROR(reader.Next(&value));
    }
    LMJET_RETURN_IF_ERROR(reader.Finish());
  }
  return Status::Ok();
}

}  // namespace lmjet::engine
