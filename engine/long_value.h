#ifndef LMJET_ENGINE_LONG_VALUE_H_
#define LMJET_ENGINE_LONG_VALUE_H_

#include <lmdb.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/esent.h"
#include "base/status.h"

namespace lmjet::engine {

// The long-value store of one table: the LMDB sub-database
// Catalog::LongValueDbName(table_id) ("t<id>.lv"). A record holds only a
// LongValueRef (id and size); the bytes live here, cut into chunks
// (docs/file-format.md, "Long values").
//
// Every function works inside the caller's LMDB transaction (a write
// transaction for those that change anything) and never commits or aborts
// it: aborting the transaction undoes everything. Each is expressed as plain
// mdb_get / mdb_put / mdb_del of (key, value) pairs on the one `dbi`, so a
// write set can later carry the same puts and deletes.
//
// A long value belongs to exactly one record: lmjet never shares a long value
// between records, so there is no reference count.
//
// Errors:
//  - a value larger than kLongValueMaxSize (JET_cbLVColumnMost, 2^31-1):
//    JET_errColumnTooBig;
//  - an id with no long value, a damaged header, a missing chunk or a chunk
//    of the wrong length: JET_errLVCorrupted (a record points at a long
//    value that is not, or not wholly, there). Damaged data is never read
//    out of bounds;
//  - null output pointers (or a null buffer with cb > 0):
//    JET_errInvalidParameter;
//  - LMDB failures: their translation by FromLmdb.
// On error the transaction may hold part of a change; the caller aborts it
// (or rolls back its savepoint).
//
// `data` arguments must not point into this transaction's LMDB pages (copy
// bytes read from the store first): a put may reuse those pages.

// Bytes of value per chunk. Every chunk but the last is full. 4 LMDB pages
// of 4096 bytes minus the 16-byte page header: such a chunk fills one run of
// four overflow pages exactly (see docs/file-format.md). Part of the format.
inline constexpr uint32_t kLongValueChunkSize = 4 * 4096 - 16;

// The largest long value, in bytes.
inline constexpr uint64_t kLongValueMaxSize = JET_cbLVColumnMost;

// Stores `data` as a new long value and returns its id (>= 1). Ids come from
// a counter in the same sub-database and are never reused, even after
// DeleteLongValue.
Status NewLongValue(MDB_txn* txn, MDB_dbi dbi, std::string_view data,
                    uint64_t* id);

// The total size of long value `id`.
Status LongValueSize(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint32_t* size);

// Copies up to `cb` bytes of long value `id`, starting at byte `offset`
// (JET_RETINFO.ibLongValue), into `buffer`, and sets *total_size to the
// value's total size. The bytes copied are min(cb, total_size - offset);
// an offset at or past the end copies nothing (and is not an error). The
// caller derives ESE's pcbActual and JET_wrnBufferTruncated from these.
Status ReadLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint64_t offset,
                     void* buffer, size_t cb, uint32_t* total_size);

// Replaces the whole value with `data` (a plain JetSetColumn).
Status ReplaceLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                        std::string_view data);

// Appends `data` (JET_bitSetAppendLV).
Status AppendLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                       std::string_view data);

// Writes `data` at byte `offset` (JET_bitSetOverwriteLV), extending the
// value if it runs past the end. As in ESE, `offset` may equal the current
// size (an append) but not exceed it: JET_errColumnNoChunk.
Status OverwriteLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                          uint64_t offset, std::string_view data);

// Truncates the value to `new_size` bytes or extends it with zero bytes
// (JET_bitSetSizeLV). Chunks past the new end are deleted.
Status SetLongValueSize(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                        uint64_t new_size);

// Deletes the value: its header and every chunk. The id is not reused.
Status DeleteLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_LONG_VALUE_H_
