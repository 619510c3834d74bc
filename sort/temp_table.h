#ifndef LMJET_SORT_TEMP_TABLE_H_
#define LMJET_SORT_TEMP_TABLE_H_

// A cursor on a sort / temporary table (JetOpenTempTable family, reference
// §5). Open makes the table and its first cursor; Dup (JetDupCursor) more
// cursors on the same rows, and the rows go with the last one. No LMDB and
// no session: the session layer makes each cursor a resource with a
// JET_TABLEID.
//
// Columns (ESE's ErrSORTTableOpen): tagged if JET_bitColumnTagged or a long
// value type, fixed if a fixed-size type or JET_bitColumnFixed, otherwise
// variable; ids are given per class in array order from 1 (fixed), 128
// (variable) and 256 (tagged). The single index has the JET_bitColumnTTKey
// columns as segments in array order (JET_bitColumnTTDescending reverses
// one); records are engine::Record encodings, their keys
// engine::BuildIndexKeys of that index (the first value of a multi-valued
// key column). Column values follow cursor/column_io.h.
//
// Phases (sortapi.cxx ErrIsamOpenTempTable, ErrTTEndInsert):
//  - Insert: PrepareUpdate(JET_prepInsert / JET_prepCancel), SetColumn(s),
//    Update, MakeKey, Move and Seek. Every other call is
//    JET_errIllegalOperation. Records go to a sort::ExternalSorter (spilling
//    under Options::spill_directory beyond Options::memory_budget_bytes).
//  - The first Move or Seek ends the insert phase (a prepared insert is
//    dropped). The sorted records are then
//      * materialized (sorted by key then insertion order) when the table
//        is Updatable, or Indexed/Scrollable and the sort spilled, or the
//        sort fit in memory: Move in both directions, Seek, SetIndexRange,
//        GetBookmark/GotoBookmark, Retrieve; PrepareUpdate, SetColumn,
//        Update and Delete when Updatable (else JET_errIllegalOperation).
//        As in ESE's ErrIsamSortMove / ErrIsamSortSeek /
//        ErrIsamSortSetIndexRange, backward steps (not MoveFirst), Seek and
//        SetIndexRange need Scrollable or Indexed unless ESE would have
//        materialized the table (Updatable, or immediate materialization):
//        else JET_errIllegalOperation (MoveLast is allowed);
//      * otherwise (spilled, neither Updatable, Indexed nor Scrollable, or
//        ForwardOnly) streamed from the merge: JetMove(JET_MoveNext / +n)
//        and Retrieve only; MoveFirst before any record was passed.
//        MovePrevious, MoveLast, Seek, bookmarks: JET_errIllegalOperation.
//  - Immediate materialization (no TTKey column, or ForceMaterialization,
//    which is the same bit as ErrorOnDuplicateInsertion): records go
//    straight into the materialized structure; a duplicate key (unless the
//    table keeps duplicates) is JET_errKeyDuplicate and the record is not
//    inserted. Inserts and reads may then interleave only when Updatable.
// Where materialized rows live: a sort that fit in memory and is not
// Updatable is read in place from the sorter's sorted batch (no copy);
// otherwise the rows go to a sort::RowStore (a btree within the memory
// budget, an LMDB file under the spill directory beyond it), so memory stays
// bounded whatever the table's size. An Updatable sort that fit in memory
// moves into its RowStore one arena chunk at a time
// (ExternalSorter::DrainMemory), so the two hold little more than the rows
// once.
//
// Inserts build the key straight from the copy buffer (KeyOfCopy) and the
// sorter copies key and record once into its arena; reads of an in-memory
// sort are views into that arena.
//
// Duplicate removal is on unless ForwardOnly without Unique; duplicates are
// judged by key, the first inserted is kept. ForwardOnly with Indexed,
// Updatable, Scrollable or ForceMaterialization is
// JET_errCannotMaterializeForwardOnlySort (so ForwardOnly never scrolls).
//
// Bookmarks are the record's key followed by its 8-byte insertion number
// (big-endian). Keys are cut at RowStore::kMaxKeyBytes at most (503 bytes,
// so that key and number fit an LMDB key).
//
// Not thread-safe: used by one session at a time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/esent.h"
#include "base/status.h"
#include "cursor/search_key.h"
#include "engine/index_keys.h"
#include "engine/record.h"
#include "engine/schema.h"
#include "sort/external_sort.h"
#include "sort/row_store.h"

namespace lmjet::sort {

class TempTable {
 public:
  struct Options {
    // Memory for the insert phase's records before spilling.
    size_t memory_budget_bytes = 64 << 20;
    // JET_paramTempPath (a directory) for spill files.
    std::string spill_directory;
    // JET_OPENTEMPORARYTABLE.cbKeyMost: keys are cut at this length (0:
    // JET_cbKeyMost; at most LMDB's key limit, as for table indexes).
    unsigned long cb_key_most = 0;
  };

  // The grbits lmjet knows (reference §5.3); others: JET_errInvalidGrbit.
  static constexpr JET_GRBIT kKnownGrbits =
      JET_bitTTIndexed | JET_bitTTUnique | JET_bitTTUpdatable |
      JET_bitTTScrollable | JET_bitTTSortNullsHigh |
      JET_bitTTForceMaterialization | JET_bitTTForwardOnly |
      JET_bitTTIntrinsicLVsOnly | JET_bitTTDotNetGuid;

  // Checks, in order: columns null with count > 0, or ids null:
  // JET_errInvalidParameter; unknown grbits: JET_errInvalidGrbit; ForwardOnly
  // with a materializing bit (or with no TTKey column):
  // JET_errCannotMaterializeForwardOnlySort; each column as
  // engine::CheckColumnDefinition (cbStruct < sizeof(JET_COLUMNDEF):
  // JET_errInvalidParameter); too many columns of a class:
  // JET_errTooManyColumns. ids[i] receives column i's id.
  static Status Open(const JET_COLUMNDEF* columns, unsigned long count,
                     JET_GRBIT grbit, const Options& options, JET_COLUMNID* ids,
                     std::unique_ptr<TempTable>* out);

  ~TempTable();
  TempTable(const TempTable&) = delete;
  TempTable& operator=(const TempTable&) = delete;

  // --- The Jet* calls (names as on cursor::TableCursor) --------------------
  Status Move(long rows, JET_GRBIT grbit);
  Status MakeKey(const void* data, unsigned long cb, JET_GRBIT grbit);
  Status Seek(JET_GRBIT grbit);
  Status SetIndexRange(JET_GRBIT grbit);
  Status RetrieveColumn(JET_COLUMNID columnid, void* data, unsigned long cb,
                        unsigned long* actual, JET_GRBIT grbit,
                        JET_RETINFO* retinfo);
  Status RetrieveColumns(JET_RETRIEVECOLUMN* columns, unsigned long count);
  Status PrepareUpdate(unsigned long prep);
  Status SetColumn(JET_COLUMNID columnid, const void* data, unsigned long cb,
                   JET_GRBIT grbit, const JET_SETINFO* setinfo);
  Status SetColumns(JET_SETCOLUMN* columns, unsigned long count);
  Status Update(void* bookmark, unsigned long cb, unsigned long* actual);
  Status Delete();
  Status GetBookmark(void* data, unsigned long cb, unsigned long* actual);
  Status GotoBookmark(const void* data, unsigned long cb);

  // JetDupCursor (ESE's vtables: ErrTTSortRetDupCursor for a sort being
  // read, ErrTTBaseDupCursor for a materialized table, ErrIllegalDupCursor
  // in the insert phase or after a failed end of it): a second cursor on the
  // same rows, with its own currency, search key, index range and prepared
  // update. JET_errIllegalOperation while a sort (not a table materialized
  // from the start) is still in its insert phase, or after its end failed.
  // The new cursor is on the first row of a sort being read (ESE's
  // ErrIsamSortDupCursor moves it there), and before a deferred MoveFirst
  // on a materialized table (ErrIsamDupCursor): the next Move(+n) starts
  // from the beginning, a retrieve sees the first row. The rows live until
  // the last cursor is destroyed (spill files go then). A row deleted
  // through one cursor is JET_errRecordDeleted for another standing on it,
  // and its moves go on from where the row was.
  Status Dup(std::unique_ptr<TempTable>* out);

  // --- Introspection for tests ----------------------------------------------
  const engine::TableDef& def() const { return sh_->def; }
  bool inserting() const { return sh_->phase == Phase::kInsert; }
  bool materialized() const { return sh_->phase == Phase::kMaterialized; }
  // Spill files that exist now (sort runs and the RowStore's file).
  std::vector<std::string> spill_files() const;
  uint64_t spilled_runs() const;
  // The most bytes of records the table has held in memory at once: the
  // sorter's peak, or its materialized rows' (RowStore::peak_memory_bytes),
  // whichever is larger.
  size_t peak_memory_bytes() const;
  // The materialized rows are in an LMDB file.
  bool rows_on_disk() const {
    return sh_->store != nullptr && sh_->store->on_disk();
  }

 private:
  enum class Phase { kInsert, kMaterialized, kStreamed, kFailed };
  // The cursor's place among materialized rows. kOnRow and kOnDeleted name
  // the row (pos_key_, pos_seq_); after a delete, moves go from where the
  // deleted row was.
  enum class Where { kBeforeFirst, kOnRow, kAfterLast, kOnDeleted };

  // The index's segments as key_codec wants them, for KeyOfCopy.
  struct KeyColumn {
    JET_COLUMNID columnid;
    engine::KeySegment codec;
  };

  // What every cursor of the table shares: its definition, phase and rows.
  struct Shared {
    JET_GRBIT grbit = 0;
    engine::TableDef def;
    engine::RecordLayout layout;
    std::optional<cursor::SearchKeyIndex> key_index;
    // Empty when a key column has a default (then KeyOf is used).
    std::vector<KeyColumn> key_columns;
    size_t key_build_limit = 0;  // engine::IndexKeyLimit of the index
    ExternalSorter::Options sorter_options;
    RowStore::Options store_options;
    bool immediate = false;  // materialized from the start
    Phase phase = Phase::kInsert;
    uint64_t next_seq = 0;
    std::unique_ptr<ExternalSorter> sorter;
    // Materialized rows in a RowStore (else, when materialized, the
    // sorter's sorted batch, each cursor reading it through its own
    // SortedBatchCursor).
    std::unique_ptr<RowStore> store;
    size_t sort_peak_memory_bytes = 0;
    // The cursor that last positioned store's built-in cursor on its row,
    // or null when a probe or a change moved it since.
    const TempTable* rows_user = nullptr;
  };

  TempTable() = default;
  bool keeps_duplicates() const {
    return (sh_->grbit & JET_bitTTForwardOnly) &&
           !(sh_->grbit & JET_bitTTUnique);
  }
  bool updatable() const { return sh_->grbit & JET_bitTTUpdatable; }
  // Backward moves, Seek and SetIndexRange: Scrollable or Indexed, or a
  // table ESE materializes as a B-tree (Updatable, or from the start).
  bool CanScroll() const {
    return sh_->immediate || updatable() ||
           (sh_->grbit & (JET_bitTTScrollable | JET_bitTTIndexed));
  }
  // rows_ is (still) on this cursor's row (pos_key_, pos_seq_).
  bool InSync() const {
    return cursor_on_pos_ &&
           (rows_ != sh_->store.get() || sh_->rows_user == this);
  }
  void Synced() {
    cursor_on_pos_ = true;
    if (rows_ == sh_->store.get()) sh_->rows_user = this;
  }
  void Unsync() {
    cursor_on_pos_ = false;
    if (rows_ == sh_->store.get()) sh_->rows_user = nullptr;
  }
  // A deferred MoveFirst (a duplicated cursor) becomes a real one.
  void ResolveDeferredFirst();
  Status KeyOf(std::string_view record, std::string* key);
  // The key of the prepared record (copy_), as KeyOf would build it from
  // its encoding but straight from the copy buffer; *built is false when
  // the fast way does not apply (a key column holding a long-value
  // reference) and KeyOf must be used.
  Status KeyOfCopy(std::string* key, bool* built);
  // Ends the insert phase (the first Move or Seek).
  Status EndInsert();
  Status NewRowStore();
  // Inserts into the materialized rows; JET_errKeyDuplicate unless
  // duplicates are kept.
  Status InsertRow(std::string_view key, uint64_t seq, std::string_view record);
  bool OnRow() const {
    return sh_->phase == Phase::kMaterialized && where_ == Where::kOnRow;
  }
  // Puts rows_ on the current row (kOnRow) if a change or a probe moved it.
  Status SyncCursor();
  // Makes rows_'s row the current one.
  void SetPosition();
  // One step from the current position; *found: a row is there.
  Status Step(bool forward, bool* found);
  Status CurrentView(engine::RecordView* view);
  Status MoveMaterialized(long rows, JET_GRBIT grbit);
  Status MoveStreamed(long rows, JET_GRBIT grbit);
  bool InRange(std::string_view key) const;
  void CancelUpdate();

  std::shared_ptr<Shared> sh_;
  std::optional<cursor::SearchKey> search_key_;

  // Materialized rows, ordered by (key, seq): sh_->store, or the sorter's
  // in-memory result through batch_cursor_; rows_ is the one in use.
  std::unique_ptr<RowCursor> batch_cursor_;
  RowCursor* rows_ = nullptr;
  Where where_ = Where::kBeforeFirst;
  bool deferred_first_ = false;  // see Dup
  std::string pos_key_;
  uint64_t pos_seq_ = 0;
  bool cursor_on_pos_ = false;  // see InSync

  // Reused by every Update.
  std::string scratch_record_;
  std::string scratch_key_;
  std::vector<engine::IndexKey> scratch_keys_;

  // Streamed reading.
  std::unique_ptr<ExternalSorter::Iterator> iterator_;
  bool stream_started_ = false;  // a record was made current
  bool stream_moved_past_first_ = false;

  std::optional<cursor::RangeLimit> range_;

  // The prepared update.
  bool prepared_ = false;
  unsigned long prep_ = 0;
  std::string update_bookmark_;
  std::unique_ptr<engine::Record> copy_;
};

}  // namespace lmjet::sort

#endif  // LMJET_SORT_TEMP_TABLE_H_
