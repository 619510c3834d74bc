#ifndef LMJET_CURSOR_COLUMN_IO_H_
#define LMJET_CURSOR_COLUMN_IO_H_

// Column values as JetSetColumn and JetRetrieveColumn see them: esent.dll's
// rules (fldmod.cxx ErrFLDSetOneColumn, tagfld.cxx, lv.cxx, fldext.cxx
// ErrIsamRetrieveColumn) as pure functions over the record codec. No LMDB,
// no cursor: the caller supplies the prepared update's copy buffer or the
// current record, and does the cursor-level checks (update prepared, current
// record, transaction) and the grbits that need an index or a cursor.
//
// Long values (LongText, LongBinary) live inline in the record (engine::
// Record::Set): the table's records are encoded with
// EncodeOptions::max_inline_value = JET_cbLVColumnMost, so a
// ValueKind::kLongValue reference never occurs; one that does gives
// JET_errLVCorrupted.
//
// Column ids: 0, or a value with bits set above 0xFFFF (other than ESE's
// template bit 0x80000000), is JET_errBadColumnId; any other id that is not a
// column of the table is JET_errColumnNotFound.

#include <cstdint>

#include "api/esent.h"
#include "base/status.h"
#include "engine/record.h"
#include "engine/schema.h"

namespace lmjet::cursor {

// Where RetrieveColumn reads: the copy buffer of a prepared update
// (JET_bitRetrieveCopy) or the stored current record. Holds references only
// (no allocation); the record must outlive the source. `insert_prepared`
// tells whether the cursor has an insert prepared: ESE then skips the escrow
// buffer-size check (see RetrieveColumn), whatever the source.
class RecordSource {
 public:
  RecordSource(const engine::Record& copy, bool insert_prepared)
      : copy_(&copy), insert_prepared_(insert_prepared) {}
  explicit RecordSource(const engine::RecordView& stored,
                        bool insert_prepared = false)
      : stored_(&stored), insert_prepared_(insert_prepared) {}
  RecordSource(const engine::Record&&, bool) = delete;
  RecordSource(const engine::RecordView&&, bool = false) = delete;

  // As Record::Get / RecordView::Get.
  Status Get(JET_COLUMNID columnid, uint32_t itag_sequence,
             engine::ColumnValue* value) const;
  bool insert_prepared() const { return insert_prepared_; }

 private:
  const engine::Record* copy_ = nullptr;
  const engine::RecordView* stored_ = nullptr;
  bool insert_prepared_ = false;
};

// True for the JetPrepareUpdate kinds that prepare an update (every
// JET_prep* esent.dll knows except JET_prepCancel); callers give any other
// value JET_errInvalidParameter.
bool IsUpdatePrep(unsigned long prep);

// JetSetColumn on the copy buffer `copy` of a prepared update of `table`.
// `replacing`: a Replace-style update (JET_prepReplace, ReplaceNoLock).
// `allow_autoincrement`: JET_prepInsertMustSetAutoIncrement. On an error the
// copy buffer is unchanged. Checks, in ESE's order:
//  1. cb_data > JET_cbLVColumnMost: JET_errInvalidParameter. A null `copy`
//     too.
//  2. setinfo->cbStruct < sizeof(JET_SETINFO): JET_errInvalidParameter (a
//     larger cbStruct is accepted, as in ESE). No setinfo means
//     itagSequence 1 and ibLongValue 0.
//  3. JET_bitSetUniqueMultiValues or ...UniqueNormalizedMultiValues together
//     with AppendLV, OverwriteLV or SizeLV: JET_errInvalidGrbit.
//  4. Bits in 0xF0000000 (ESE's internal SetColumn bits) or above 32 bits:
//     JET_errInvalidGrbit. Other unknown bits are ignored, as in ESE, and so
//     are SeparateLV, IntrinsicLV, Compressed and Uncompressed.
//  5. The column id (see above).
//  6. `data` null: cb_data counts as 0 (ESE does this, so null data with
//     cb_data > 0 sets NULL), except SizeLV on a long-value column.
//  7. JET_errInvalidColumnType: the autoincrement column unless
//     `allow_autoincrement`; the version column when `replacing`. An escrow
//     column may be set (ESE checks nothing for it here).
// Then by column class. "A NULL set" is cb_data 0 without
// JET_bitSetZeroLength. JET_bitSetRevertToDefaultValue on a NULL set makes
// the whole column absent (Record::Unset: the default applies again), for
// every class and itagSequence (ESE's documented effect; its code removes
// only value n of a multi-valued column); with data it is ignored. A NULL set
// on a NOT NULL column (JET_bitColumnNotNULL) is JET_errNullInvalid at once.
//  Fixed: zero-length counts as NULL. Fixed-size types need exactly their
//    size (JET_errInvalidBufferSize). A nonzero Bit is stored as 0xFF. Fixed
//    Text/Binary (JET_bitColumnFixed) longer than cbMax:
//    JET_errInvalidBufferSize; shorter is padded to cbMax: Binary with 0x00,
//    Text cp 1252 with ' ', Text cp 1200 with the bytes of L' ' by offset
//    parity (even offsets 0x20, odd 0x00).
//  Variable (Text/Binary): longer than cbMax is cut to cbMax bytes with
//    JET_wrnColumnMaxTruncated. Zero-length is a value.
//  Tagged, not long: itagSequence 0 or above the value count appends, n
//    replaces value n. Longer than cbMax: JET_errColumnTooBig (no truncation
//    for tagged columns); a fixed-size type with 0 < cb_data != its size:
//    JET_errInvalidBufferSize (zero-length is allowed). A NULL set removes
//    value n (later values move down; itag 0 or beyond the count changes
//    nothing); removing the only value of a column with a default, or a NULL
//    set at itag 1 of an absent column with a default, stores an explicit
//    NULL that hides the default.
//  Long (LongText/LongBinary), ESE's LV grbit matrix on the value at
//    itagSequence (or the column's default, when the column is absent and
//    itagSequence is 1; none or NULL makes a "new instance"):
//      AppendLV      appends (cb 0: nothing, or zero-length when new)
//      OverwriteLV   writes at ibLongValue, growing the value as needed
//                    (cb 0: nothing, or zero-length when new)
//      SizeLV        cb_data is the new size (data may be null): grows with
//                    0x00 or shrinks; cb 0 is a NULL set
//      SizeLV|ZeroLength       as SizeLV, but cb 0 sets zero-length
//      SizeLV|OverwriteLV      writes at ibLongValue and ends the value there
//      none, ZeroLength, other combinations: replaces (or sets NULL /
//                    zero-length as for other columns)
//    ibLongValue past the end of the value, or nonzero for a new instance:
//    JET_errColumnNoChunk. A result longer than cbMax (if not 0) or
//    JET_cbLVColumnMost: JET_errColumnTooBig. AppendLV, OverwriteLV and
//    SizeLV on other columns are ignored, as in ESE.
//  Unique values (tagged columns; with cb_data > 0 or ZeroLength): another
//    value of the column (not value n itself) with the same bytes:
//    JET_errMultiValuedDuplicate. ...Normalized compares the key segments
//    (engine::AppendKeySegment, the column's type and code page, cut at
//    JET_cbKeyMost; long values normalize their first JET_cbKeyMost bytes);
//    equal keys one of which was cut: JET_errMultiValuedDuplicateAfter-
//    Truncation. Codec errors (an odd cp 1200 size) are returned.
// Text values are stored as given: cp 1200 values of odd size are accepted.
Status SetColumn(const engine::TableDef& table, JET_COLUMNID columnid,
                 const void* data, unsigned long cb_data, JET_GRBIT grbit,
                 const JET_SETINFO* setinfo, bool replacing,
                 bool allow_autoincrement, engine::Record* copy);

// JetRetrieveColumn from `source`. `actual` and `retinfo` may be null; null
// `data` counts as cb_data 0 (ESE would fault copying into it). Checks, in
// ESE's order:
//  1. retinfo->cbStruct < sizeof(JET_RETINFO): JET_errInvalidParameter. No
//     retinfo means itagSequence 1 and ibLongValue 0.
//  2. JET_errInvalidGrbit: bits in 0xF0000000 or above 32 bits;
//     JET_bitRetrieveTuple without JET_bitRetrieveFromIndex; FromIndex with
//     FromPrimaryBookmark. JET_bitRetrieveCopy, FromIndex,
//     FromPrimaryBookmark (the cursor falls back to the record), Tag and Null
//     are the cursor's and are ignored here, as are unknown bits.
//  3. columnid 0 (scan all tagged columns): itagSequence 0 is
//     JET_errBadItagSequence, anything else JET_errColumnNotFound (the scan
//     is left to the cursor layer). Other ids as above.
//  4. A tagged column with itagSequence 0: JET_errBadItagSequence. Fixed and
//     variable columns ignore itagSequence.
// The value: absent fixed/variable columns read their default (even with
// JET_bitRetrieveIgnoreDefault, as in ESE, which applies it to tagged
// columns only); a default of a fixed Bit or fixed Text/Binary column reads
// as SetColumn would have stored it. An absent tagged column reads its
// default at itagSequence 1 unless IgnoreDefault. NULL, no default, or no
// value n: JET_wrnColumnNull with *actual 0. JET_bitRetrieveLongId or
// LongValueRefCount (no separated long values here): JET_wrnColumnNull with
// *actual 0. Long values start at ibLongValue; at or past the end they are
// zero bytes with success. Fixed Text/Binary read all cbMax bytes.
// *actual is the full size; a smaller buffer receives the first cb_data
// bytes and JET_wrnBufferTruncated. An escrow column
// (JET_bitColumnEscrowUpdate) read into a buffer smaller than its size, or
// NULL (nothing copied), is JET_errInvalidBufferSize unless an insert is
// prepared (ESE's check before adding pending escrow deltas; adding them is
// the caller's). On success or warning retinfo->columnidNextTagged =
// columnid (any class).
Status RetrieveColumn(const engine::TableDef& table, JET_COLUMNID columnid,
                      const RecordSource& source, void* data,
                      unsigned long cb_data, unsigned long* actual,
                      JET_GRBIT grbit, JET_RETINFO* retinfo);

// JetUpdate's check of a finished copy buffer: a NOT NULL column that is NULL,
// or absent without a default, is JET_errNullInvalid. Zero-length is a value.
Status CheckRecordForUpdate(const engine::TableDef& table,
                            const engine::Record& copy);

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_COLUMN_IO_H_
