#ifndef LMJET_ENGINE_RECORD_H_
#define LMJET_ENGINE_RECORD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "api/esent.h"
#include "base/status.h"

namespace lmjet::engine {

// The encoding of one table record: the value stored under a record's key in
// its table's LMDB sub-database. The byte layout is specified in
// docs/file-format.md, "Record encoding".
//
// Column ids are ESE's: fixed columns 1..JET_ccolFixedMost (127), variable
// columns 128..255, tagged columns 256..JET_ccolMost (0xfee0). Any other id
// gives JET_errBadColumnId.
//
// Every column of a record is in one of three states: absent (never set; the
// column's default applies), NULL (set to NULL; hides any default), or one
// value. A tagged column holds instead an ordered list of one or more values
// (itagSequence 1, 2, ...), or is absent, or is NULL as a whole. A value is
// inline bytes (possibly zero-length, which is not NULL) or, in a tagged
// column only, a reference to a long value that the caller stores elsewhere.
//
// The codec checks the encoding's own limits only: exact fixed sizes,
// variable values of at most JET_cbColumnMost bytes, the record size. Schema
// rules (NOT NULL, truncation of variable columns with
// JET_wrnColumnMaxTruncated, padding of fixed Text/Binary, defaults) belong to
// the callers.

// What the encoding needs of a table's schema: the size of each fixed column.
// Fixed columns are laid out in id order, each at the sum of the sizes of
// the declared columns below it, so a declared size must never change and a
// fixed id must never be declared after records were written that contain a
// higher fixed id (the catalog hands out fixed ids in increasing order and
// never reuses them). Not thread-safe; may be read from many threads while
// nobody modifies it.
class RecordLayout {
 public:
  RecordLayout();

  // Declares fixed column `columnid` with values of exactly `size` bytes
  // (1, 2, 4, 8, 16, or a fixed Text/Binary column's cbMax). Declaring the
  // same size again is a no-op. JET_errBadColumnId if `columnid` is not a
  // fixed column id; JET_errInvalidParameter if `size` is 0 or above
  // JET_cbColumnMost, or the column is declared with another size.
  Status DeclareFixedColumn(JET_COLUMNID columnid, uint32_t size);

  // The declared size of fixed column `columnid`; 0 if it is not declared
  // or `columnid` is not a fixed column id.
  uint32_t FixedSize(JET_COLUMNID columnid) const {
    return columnid >= 1 && columnid <= JET_ccolFixedMost ? sizes_[columnid]
                                                          : 0;
  }

  // Where fixed column `columnid` (1..127) starts in the fixed-data area.
  uint32_t FixedOffset(JET_COLUMNID columnid) const {
    return offsets_[columnid];
  }

  // The size of the fixed-data area of a record whose highest fixed column
  // is `last_fixed` (0..127).
  uint32_t FixedAreaSize(uint32_t last_fixed) const {
    return offsets_[last_fixed + 1];
  }

 private:
  std::array<uint8_t, JET_ccolFixedMost + 1> sizes_{};     // by id; 0 = none
  std::array<uint16_t, JET_ccolFixedMost + 2> offsets_{};  // by id
};

// A long value's reference, as a record holds it.
struct LongValueRef {
  uint64_t id = 0;    // the long value's key in the long-value store
  uint32_t size = 0;  // its total length, at most JET_cbLVColumnMost
};

enum class ValueKind : uint8_t {
  kAbsent,     // no such value: column never set, or no value n
  kNull,       // NULL
  kInline,     // bytes stored in the record (may be zero-length)
  kLongValue,  // stored apart; `long_value` is its reference
};

// One value as read from a Record or a RecordView.
struct ColumnValue {
  ValueKind kind = ValueKind::kAbsent;
  std::string_view data;    // kInline: the bytes (points into the record)
  LongValueRef long_value;  // kLongValue: the reference
};

// Limits checked by Record::Encode.
struct EncodeOptions {
  // An encoding larger than this gives JET_errRecordTooBig.
  size_t max_record_size = std::numeric_limits<uint32_t>::max();
  // An inline tagged value larger than this gives JET_errColumnTooBig: the
  // caller must store it as a long value first (Record::FindInlineValueOver).
  size_t max_inline_value = 1024;
};

// An editable record: the copy buffer of a prepared update, or a decoded
// record. Not thread-safe. The layout must outlive the Record and must not
// change while the Record holds data. Views returned by Get point into the
// Record and stay valid until it is next modified or destroyed.
class Record {
 public:
  explicit Record(const RecordLayout* layout);

  const RecordLayout& layout() const { return *layout_; }

  // Reads value `itag_sequence` (1-based) of `columnid`. A fixed or
  // variable column has only value 1: kAbsent, kNull or kInline. For a
  // tagged column, value n of its list (kInline or kLongValue), kNull if the
  // column is NULL and n is 1, otherwise kAbsent. JET_errBadColumnId for an
  // invalid id, JET_errBadItagSequence for itag_sequence 0.
  Status Get(JET_COLUMNID columnid, uint32_t itag_sequence,
             ColumnValue* value) const;

  // The number of values: 0 or 1 for a fixed or variable column, the length
  // of a tagged column's list (0 when absent or NULL). 0 for invalid ids.
  uint32_t CountValues(JET_COLUMNID columnid) const;

  // The lowest tagged column id above `after` that is in the record (with
  // values, or NULL), or 0 if there is none. Start with `after` = 0.
  JET_COLUMNID NextTaggedColumn(JET_COLUMNID after) const;

  // Sets a value. Fixed column: `data` must be exactly the declared size
  // (JET_errInvalidBufferSize), an undeclared fixed column is
  // JET_errColumnNotFound. Variable column: at most JET_cbColumnMost bytes
  // (JET_errColumnTooBig). For both, itag_sequence must be 0 or 1
  // (JET_errBadItagSequence). Tagged column: itag_sequence 0, or above the
  // number of values, appends a value; n replaces value n; a NULL column
  // becomes a one-value list; at most JET_cbLVColumnMost bytes
  // (JET_errColumnTooBig). An empty `data` is a zero-length value, not NULL.
  Status Set(JET_COLUMNID columnid, uint32_t itag_sequence,
             std::string_view data);

  // As Set, for a long-value reference; tagged columns only
  // (JET_errInvalidParameter otherwise). JET_errColumnTooBig if `ref.size`
  // is above JET_cbLVColumnMost.
  Status SetLongValue(JET_COLUMNID columnid, uint32_t itag_sequence,
                      const LongValueRef& ref);

  // Sets NULL. Fixed or variable column: the column becomes NULL
  // (itag_sequence 0 or 1, else JET_errBadItagSequence; undeclared fixed:
  // JET_errColumnNotFound). Tagged column: value n is removed and the later
  // values move down by one; when the last value goes the column becomes
  // absent. itag_sequence 0 or above the number of values changes nothing.
  Status SetNull(JET_COLUMNID columnid, uint32_t itag_sequence);

  // Makes the whole column NULL: for a tagged column, all its values are
  // dropped and the column is stored as NULL (so that it hides a default).
  Status SetColumnNull(JET_COLUMNID columnid);

  // Makes the column absent (its default applies again).
  // JET_errColumnNotFound for an undeclared fixed column.
  Status Unset(JET_COLUMNID columnid);

  // Makes every column absent.
  void Clear();

  // The first inline tagged value (in column, then itag order) longer than
  // `budget` bytes: true and its position, or false if there is none.
  bool FindInlineValueOver(size_t budget, JET_COLUMNID* columnid,
                           uint32_t* itag_sequence) const;

  // The exact size Encode would produce.
  size_t EncodedSize() const;

  // Replaces *out with the record's encoding. JET_errColumnTooBig if an
  // inline tagged value exceeds options.max_inline_value, then
  // JET_errRecordTooBig if the encoding exceeds options.max_record_size (or
  // the format's limit, 4 GB of tagged data). On those errors *out is
  // unchanged. *out's buffer is reused (no allocation when it is big
  // enough).
  Status Encode(const EncodeOptions& options, std::string* out) const;

  // Replaces the contents with the decoded `data` (copied), checked in full
  // (RecordView::Validate): anything Decode accepts, Encode reproduces
  // byte for byte. On error (JET_errDatabaseCorrupted) the record is empty.
  Status Decode(std::string_view data);

 private:
  enum State : uint8_t { kStateAbsent = 0, kStateNull = 1, kStateValue = 2 };

  struct TaggedValue {
    bool is_long_value = false;
    std::string data;
    LongValueRef long_value;
  };
  struct TaggedColumn {
    JET_COLUMNID columnid = 0;
    std::vector<TaggedValue> values;  // empty: the column is NULL
  };

  // The highest fixed / variable column id that is not absent, or 0.
  uint32_t LastFixed() const;
  uint32_t LastVariable() const;
  TaggedColumn* FindTagged(JET_COLUMNID columnid);
  const TaggedColumn* FindTagged(JET_COLUMNID columnid) const;
  TaggedColumn* FindOrAddTagged(JET_COLUMNID columnid);
  void EraseTagged(JET_COLUMNID columnid);
  Status SetTagged(JET_COLUMNID columnid, uint32_t itag_sequence,
                   TaggedValue value);
  void SetFixedState(JET_COLUMNID columnid, State state);
  void SetVariableState(JET_COLUMNID columnid, State state);
  // Raise the bounds below after a state change.
  void NoteFixed(uint32_t columnid) {
    if (columnid > fixed_high_) fixed_high_ = static_cast<uint8_t>(columnid);
  }
  void NoteVariable(uint32_t index) {
    if (index + 1 > variable_high_) variable_high_ = index + 1;
  }

  const RecordLayout* layout_;
  std::array<uint8_t, JET_ccolFixedMost + 1> fixed_state_{};  // by id
  std::string fixed_data_;  // the fixed-data area; zeros where no value
  std::array<uint8_t, JET_ccolVarMost> variable_state_{};  // by id - 128
  std::vector<std::string> variable_data_;                 // by id - 128
  std::vector<TaggedColumn> tagged_;                       // by column id
  // Bounds on the states that may not be absent: fixed ids above
  // fixed_high_ and variable indexes at or above variable_high_ are absent,
  // so LastFixed / LastVariable and Clear look at those below only.
  uint8_t fixed_high_ = 0;
  uint16_t variable_high_ = 0;
};

// What RecordView derives from a record's header (the first four bytes:
// format version, flags, highest fixed column id, variable column count)
// and the layout alone: where the areas before the variable data begin.
// The records of a table mostly share one header, so a reader that keeps
// one RecordShape opens them with one compare instead of the header's
// checks and sums (RecordView::TryOpenShaped). Empty until a record opens.
// It stays right while the layout object lives: RecordLayout never changes
// the size of a declared fixed column, and a record never holds a fixed
// column declared after it was written.
struct RecordShape {
  const RecordLayout* layout = nullptr;  // null: empty
  uint32_t header = 0;                   // the four bytes, little-endian
  uint32_t last_fixed = 0;
  uint32_t variable_count = 0;
  uint32_t absent_bitmap = 0;  // offsets in the record; 0: no absent bitmap
  uint32_t fixed_data = 0;
  uint32_t variable_offsets = 0;
  uint32_t variable_data = 0;
};

// A read-only, zero-copy view of an encoded record, for example an LMDB
// value. The bytes and the layout must outlive the view. Reading is
// memory-safe for any bytes that Open accepts: a damaged record gives
// JET_errDatabaseCorrupted from Open or from the accessor that meets the
// damage, never an out-of-bounds read. Only Validate proves that every
// value is as it was written. Views are cheap to copy; reading from many
// threads is safe.
class RecordView {
 public:
  RecordView() = default;  // an empty record

  // Points *view at `data` after checking, in constant time, the header
  // and the sizes of the record's areas. JET_errDatabaseCorrupted if they do
  // not fit in `data` (*view is then empty).
  static Status Open(std::string_view data, const RecordLayout* layout,
                     RecordView* view);

  // Open for the retrieval fast path, inline and without a message: true
  // with *view set exactly where Open succeeds; false (and *view unusable)
  // where Open would report damage. Built on a local view, only what the
  // caller then reads is computed.
  __attribute__((always_inline)) static bool TryOpen(std::string_view data,
                                                     const RecordLayout* layout,
                                                     RecordView* view) {
    return Parse(data, layout, view) == nullptr;
  }

  // TryOpen for a reader that opens many records of one table: `*shape`
  // keeps what the last header seen derives from `layout`, and a record
  // with the same header is opened without checking or summing the header
  // again. The answer and *view are exactly TryOpen's; *shape is updated
  // when a record with another header opens.
  __attribute__((always_inline)) static bool TryOpenShaped(
      std::string_view data, const RecordLayout* layout, RecordShape* shape,
      RecordView* view);

  // As Record::Get; kInline data points into the viewed bytes.
  // Fixed and variable columns are read in constant time, tagged columns
  // with a binary search and a walk of the column's values up to n.
  Status Get(JET_COLUMNID columnid, uint32_t itag_sequence,
             ColumnValue* value) const;

  // Get(columnid, 1, ...) for a fixed or variable column, inline for the
  // retrieval fast path: sets *kind (kInline, kNull or kAbsent) and, for
  // kInline, *data, exactly as Get would. False, with nothing set, for
  // any other column id and wherever Get would report damage (the caller
  // then asks Get).
  __attribute__((always_inline)) bool GetFixedOrVariable(
      JET_COLUMNID columnid, ValueKind* kind, std::string_view* data) const {
    if (columnid - 1 < JET_ccolFixedMost) {  // 1..127
      const uint32_t bit = columnid - 1;
      if (columnid > last_fixed_ ||
          (absent_bitmap_ != nullptr && TestBit(absent_bitmap_, bit))) {
        *kind = ValueKind::kAbsent;
        return true;
      }
      if (TestBit(null_bitmap_, bit)) {
        *kind = ValueKind::kNull;
        return true;
      }
      const uint32_t size = layout_->FixedSize(columnid);
      if (size == 0) return false;
      *kind = ValueKind::kInline;
      *data = std::string_view(reinterpret_cast<const char*>(fixed_data_) +
                                   layout_->FixedOffset(columnid),
                               size);
      return true;
    }
    const uint32_t index = columnid - (JET_ccolFixedMost + 1);
    if (index >= JET_ccolVarMost) return false;
    if (index >= variable_count_ ||
        (absent_bitmap_ != nullptr &&
         TestBit(absent_bitmap_, last_fixed_ + index))) {
      *kind = ValueKind::kAbsent;
      return true;
    }
    const uint16_t entry = Read16(variable_offsets_ + 2 * index);
    if ((entry & 0x8000) != 0) {
      *kind = ValueKind::kNull;
      return true;
    }
    const uint32_t start =
        index == 0 ? 0 : Read16(variable_offsets_ + 2 * (index - 1)) & 0x7fff;
    const uint32_t end = entry & 0x7fff;
    if (start > end || end > variable_data_size_ ||
        end - start > JET_cbColumnMost) {
      return false;
    }
    *kind = ValueKind::kInline;
    *data = std::string_view(
        reinterpret_cast<const char*>(variable_data_) + start, end - start);
    return true;
  }

  // As Record::CountValues; checks the whole tagged column.
  Status CountValues(JET_COLUMNID columnid, uint32_t* count) const;

  // As Record::NextTaggedColumn.
  JET_COLUMNID NextTaggedColumn(JET_COLUMNID after) const;

  // Checks everything, in linear time: JET_errDatabaseCorrupted unless the
  // bytes are exactly what Record::Encode produces for some record.
  Status Validate() const;

  std::string_view data() const { return data_; }

 private:
  static bool TestBit(const uint8_t* map, uint32_t bit) {
    return (map[bit / 8] >> (bit % 8)) & 1;
  }
  static uint16_t Read16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | p[1] << 8);
  }
  static uint32_t Read32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 |
           static_cast<uint32_t>(p[3]) << 24;
  }
  // Open's checks and settings: null on success, else what is damaged (and
  // *view is partly set).
  __attribute__((always_inline)) static const char* Parse(
      std::string_view data, const RecordLayout* layout, RecordView* view);
  // Parse from the variable data on: `pos` is where it begins (no further
  // than the end of `data`), and the view's header fields are set.
  __attribute__((always_inline)) static const char* ParseTail(
      std::string_view data, size_t pos, RecordView* view);
  bool FixedAbsent(uint32_t columnid) const;
  bool FixedNull(uint32_t columnid) const;
  bool VariableAbsent(uint32_t index) const;
  // The tagged column's bytes; false if the column is not in the record.
  Status FindTaggedColumn(JET_COLUMNID columnid, const uint8_t** begin,
                          const uint8_t** end, bool* found) const;
  uint32_t TaggedId(uint32_t i) const;
  Status TaggedBlock(uint32_t i, const uint8_t** begin,
                     const uint8_t** end) const;

  std::string_view data_;
  const RecordLayout* layout_ = nullptr;
  uint32_t last_fixed_ = 0;
  uint32_t variable_count_ = 0;
  const uint8_t* null_bitmap_ = nullptr;
  const uint8_t* absent_bitmap_ = nullptr;  // null when there is none
  const uint8_t* fixed_data_ = nullptr;
  const uint8_t* variable_offsets_ = nullptr;
  const uint8_t* variable_data_ = nullptr;
  uint32_t variable_data_size_ = 0;
  uint32_t tagged_count_ = 0;
  const uint8_t* tagged_directory_ = nullptr;
  const uint8_t* tagged_data_ = nullptr;
  size_t tagged_data_size_ = 0;
};

// docs/file-format.md, "Record encoding": what the inline reader needs.
namespace record_format {
inline constexpr uint8_t kFormatVersion = 1;
inline constexpr uint8_t kFlagAbsentBitmap = 0x01;
inline constexpr size_t kHeaderSize = 4;
inline constexpr uint16_t kVariableEndMask = 0x7fff;
inline constexpr size_t kTaggedEntrySize = 6;  // column id (2), end offset (4)
inline constexpr size_t BitmapSize(uint32_t bits) { return (bits + 7) / 8; }
}  // namespace record_format

inline const char* RecordView::Parse(std::string_view data,
                                     const RecordLayout* layout,
                                     RecordView* view) {
  using namespace record_format;  // NOLINT(build/namespaces)
  RecordView& v = *view;
  const uint8_t* const p = reinterpret_cast<const uint8_t*>(data.data());
  const size_t size = data.size();
  if (size < kHeaderSize) return "record shorter than its header";
  if (p[0] != kFormatVersion) return "unknown record version";
  const uint8_t flags = p[1];
  if ((flags & ~kFlagAbsentBitmap) != 0) return "record flags";
  const uint32_t last_fixed = p[2];
  const uint32_t variable_count = p[3];
  if (last_fixed > JET_ccolFixedMost || variable_count > JET_ccolVarMost) {
    return "record column counts";
  }

  v.data_ = data;
  v.layout_ = layout;
  v.last_fixed_ = last_fixed;
  v.variable_count_ = variable_count;
  // Every area is bounded by the checks below; sizes are small enough
  // (at most a few tens of kilobytes before the tagged area) not to
  // overflow.
  size_t pos = kHeaderSize;
  v.null_bitmap_ = p + pos;
  pos += BitmapSize(last_fixed);
  v.absent_bitmap_ = nullptr;
  if ((flags & kFlagAbsentBitmap) != 0) {
    v.absent_bitmap_ = p + pos;
    pos += BitmapSize(last_fixed + variable_count);
  }
  v.fixed_data_ = p + pos;
  pos += layout->FixedAreaSize(last_fixed);
  v.variable_offsets_ = p + pos;
  pos += 2 * static_cast<size_t>(variable_count);
  if (pos > size) return "record truncated before variable data";
  return ParseTail(data, pos, view);
}

inline const char* RecordView::ParseTail(std::string_view data, size_t pos,
                                         RecordView* view) {
  using namespace record_format;  // NOLINT(build/namespaces)
  RecordView& v = *view;
  const uint8_t* const p = reinterpret_cast<const uint8_t*>(data.data());
  const size_t size = data.size();
  const uint32_t variable_count = v.variable_count_;
  v.variable_data_ = p + pos;
  v.variable_data_size_ = 0;
  if (variable_count > 0) {
    v.variable_data_size_ =
        Read16(v.variable_offsets_ + 2 * (variable_count - 1)) &
        kVariableEndMask;
  }
  pos += v.variable_data_size_;
  if (pos > size) return "record truncated in variable data";

  size_t rest = size - pos;
  v.tagged_count_ = 0;
  v.tagged_directory_ = nullptr;
  v.tagged_data_ = nullptr;
  v.tagged_data_size_ = 0;
  if (rest > 0) {
    if (rest < 2) return "tagged column count";
    v.tagged_count_ = Read16(p + pos);
    pos += 2;
    rest -= 2;
    if (v.tagged_count_ == 0 || rest / kTaggedEntrySize < v.tagged_count_) {
      return "tagged column directory";
    }
    v.tagged_directory_ = p + pos;
    const size_t directory_size = kTaggedEntrySize * v.tagged_count_;
    v.tagged_data_ = v.tagged_directory_ + directory_size;
    v.tagged_data_size_ = rest - directory_size;
    const uint32_t last_end = Read32(
        v.tagged_directory_ + kTaggedEntrySize * (v.tagged_count_ - 1) + 2);
    if (last_end != v.tagged_data_size_) return "tagged data size";
  }
  return nullptr;
}

inline bool RecordView::TryOpenShaped(std::string_view data,
                                      const RecordLayout* layout,
                                      RecordShape* shape, RecordView* view) {
  using namespace record_format;  // NOLINT(build/namespaces)
  const uint8_t* const p = reinterpret_cast<const uint8_t*>(data.data());
  const size_t size = data.size();
  if (__builtin_expect(size >= kHeaderSize && shape->layout == layout &&
                           Read32(p) == shape->header,
                       1)) {
    // Parse's checks up to the variable data passed for this header; only
    // the record's size can fail them.
    if (shape->variable_data > size) return false;
    RecordView& v = *view;
    v.data_ = data;
    v.layout_ = layout;
    v.last_fixed_ = shape->last_fixed;
    v.variable_count_ = shape->variable_count;
    v.null_bitmap_ = p + kHeaderSize;
    v.absent_bitmap_ =
        shape->absent_bitmap == 0 ? nullptr : p + shape->absent_bitmap;
    v.fixed_data_ = p + shape->fixed_data;
    v.variable_offsets_ = p + shape->variable_offsets;
    return ParseTail(data, shape->variable_data, view) == nullptr;
  }
  if (Parse(data, layout, view) != nullptr) return false;
  const RecordView& v = *view;
  shape->layout = layout;
  shape->header = Read32(p);
  shape->last_fixed = v.last_fixed_;
  shape->variable_count = v.variable_count_;
  shape->absent_bitmap = v.absent_bitmap_ == nullptr
                             ? 0
                             : static_cast<uint32_t>(v.absent_bitmap_ - p);
  shape->fixed_data = static_cast<uint32_t>(v.fixed_data_ - p);
  shape->variable_offsets = static_cast<uint32_t>(v.variable_offsets_ - p);
  shape->variable_data = static_cast<uint32_t>(v.variable_data_ - p);
  return true;
}

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_RECORD_H_
