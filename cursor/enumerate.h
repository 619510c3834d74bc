#ifndef LMJET_CURSOR_ENUMERATE_H_
#define LMJET_CURSOR_ENUMERATE_H_

// JetEnumerateColumns as esent.dll does it (fldenum.cxx
// ErrRECEnumerateAllColumns, ErrRECEnumerateReqColumns), as pure functions
// over a RecordSource. The values are read with RetrieveColumn
// (column_io.h), so defaults, fixed Bit and padded fixed Text/Binary read as
// there. The caller picks the source (JET_bitEnumerateCopy with an update
// prepared: the copy buffer; otherwise the current record) and runs the
// call in a transaction.
//
// Memory: everything returned is allocated with realloc(context, NULL, cb)
// and is the caller's to free with realloc(context, pv, 0): the
// JET_ENUMCOLUMN array, each column's JET_ENUMCOLUMNVALUE array, and each
// value's pvData. Zero-length values and empty arrays are not allocated
// (pvData / the array pointer is NULL). On an error every allocation is
// freed and the outputs are 0 / NULL, except for a column-id error (below),
// which leaves the full result for the caller to free, as ESE does.

#include "api/esent.h"
#include "base/status.h"
#include "cursor/column_io.h"
#include "engine/schema.h"

namespace lmjet::cursor {

// The checks ESE makes before it reads the record, in its order. First sets
// *count to 0 and *columns to NULL (each if not null). Then:
//  1. count, columns or realloc null, columnids null with columnid_count >
//     0, or a JET_ENUMCOLUMNID with ctagSequence > 0 and rgtagSequence null:
//     JET_errInvalidParameter.
//  2. Bits other than Copy, IgnoreDefault, Local, PresenceOnly, TaggedOnly,
//     CompressOutput, IgnoreUserDefinedDefault and InRecordOnly;
//     JET_bitEnumerateLocal (not implemented in ESE either); TaggedOnly
//     together with a column list: JET_errInvalidGrbit.
//  3. A column with JET_bitColumnUserDefinedDefault, unless IgnoreDefault
//     or IgnoreUserDefinedDefault: JET_errCallbackFailed.
Status CheckEnumerateColumns(const engine::TableDef& table,
                             unsigned long columnid_count,
                             const JET_ENUMCOLUMNID* columnids,
                             unsigned long* count, JET_ENUMCOLUMN** columns,
                             JET_PFNREALLOC realloc, JET_GRBIT grbit);

// JetEnumerateColumns on `source` (CheckEnumerateColumns first). Returns
// JET_errSuccess; per-column and per-value results are in the `err` fields.
//
// A column is "in the record" unless it is absent (never set, or reverted
// to its default); a NULL column is in the record with no values.
//
// columnid_count 0: every column in the record, in column id order (fixed,
// variable, tagged; only tagged with JET_bitEnumerateTaggedOnly), plus,
// unless JET_bitEnumerateIgnoreDefault, the absent columns that have a
// default (one value: the default). Other absent columns are left out.
// Each column: NULL: JET_wrnColumnNull; JET_bitEnumeratePresenceOnly:
// JET_wrnColumnPresent; JET_bitEnumerateCompressOutput and exactly one
// value: JET_wrnColumnSingleValue with the value in cbData / pvData;
// otherwise JET_errSuccess and one JET_ENUMCOLUMNVALUE per value,
// itagSequence 1..n.
//
// columnid_count > 0: one JET_ENUMCOLUMN per JET_ENUMCOLUMNID, in order.
// columnid 0: JET_wrnColumnSkipped. An id RetrieveColumn refuses:
// JET_errBadColumnId or JET_errColumnNotFound in that column's err, and the
// call returns the first such error (with the whole result). An absent
// column reads its default if it has one and IgnoreDefault is not given
// (one value); otherwise it has no values. With ctagSequence 0 (all
// values): absent with IgnoreDefault: JET_wrnColumnDefault; no values:
// JET_wrnColumnNull; then PresenceOnly and CompressOutput as above, and
// otherwise one entry per value. With ctagSequence > 0, one entry per
// rgtagSequence element: 0: JET_wrnColumnSkipped; beyond the values:
// JET_wrnColumnDefault (absent with IgnoreDefault) or JET_wrnColumnNull;
// PresenceOnly: JET_wrnColumnPresent; otherwise the value.
//
// cb_data_most caps long values (LongText, LongBinary): a longer one is
// returned cut to cb_data_most bytes with JET_wrnColumnTruncated in its
// entry, and is never put in the single-value form. (ESE caps only the long
// values it stores apart from the record; lmjet keeps all of them in the
// record, so it applies the documented cap to every long value.)
// realloc returning NULL: JET_errOutOfMemory.
Status EnumerateColumns(const engine::TableDef& table,
                        const RecordSource& source,
                        unsigned long columnid_count,
                        const JET_ENUMCOLUMNID* columnids, unsigned long* count,
                        JET_ENUMCOLUMN** columns, JET_PFNREALLOC realloc,
                        void* realloc_context, unsigned long cb_data_most,
                        JET_GRBIT grbit);

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_ENUMERATE_H_
