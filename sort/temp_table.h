#ifndef LMJET_SORT_TEMP_TABLE_H_
#define LMJET_SORT_TEMP_TABLE_H_

// A sort / temporary table (JetOpenTempTable family, reference §5) and its
// one cursor. No LMDB and no session: the session layer makes it a resource
// with a JET_TABLEID.
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
//      * materialized (in memory, sorted by key then insertion order) when
//        the table is Updatable, or Indexed/Scrollable and the sort
//        spilled, or the sort fit in memory (lmjet's in-memory run is the
//        same structure): Move in both directions, Seek, SetIndexRange,
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
// Duplicate removal is on unless ForwardOnly without Unique; duplicates are
// judged by key, the first inserted is kept. ForwardOnly with Indexed,
// Updatable, Scrollable or ForceMaterialization is
// JET_errCannotMaterializeForwardOnlySort (so ForwardOnly never scrolls).
//
// Bookmarks are the record's key followed by its 8-byte insertion number.
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
#include "engine/record.h"
#include "engine/schema.h"
#include "sort/external_sort.h"

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

  // --- Introspection for tests ----------------------------------------------
  const engine::TableDef& def() const { return def_; }
  bool inserting() const { return phase_ == Phase::kInsert; }
  bool materialized() const { return phase_ == Phase::kMaterialized; }
  // Spill files that exist now.
  std::vector<std::string> spill_files() const;
  uint64_t spilled_runs() const;

 private:
  enum class Phase { kInsert, kMaterialized, kStreamed, kFailed };
  struct Row {
    uint64_t seq;
    std::string record;
  };

  TempTable() = default;
  bool keeps_duplicates() const {
    return (grbit_ & JET_bitTTForwardOnly) && !(grbit_ & JET_bitTTUnique);
  }
  bool updatable() const { return grbit_ & JET_bitTTUpdatable; }
  // Backward moves, Seek and SetIndexRange: Scrollable or Indexed, or a
  // table ESE materializes as a B-tree (Updatable, or from the start).
  bool CanScroll() const {
    return immediate_ || updatable() ||
           (grbit_ & (JET_bitTTScrollable | JET_bitTTIndexed));
  }
  Status KeyOf(std::string_view record, std::string* key) const;
  // Ends the insert phase (the first Move or Seek).
  Status EndInsert();
  // Inserts into the materialized rows; JET_errKeyDuplicate unless
  // duplicates are kept. `*index` receives the new row's position.
  Status InsertRow(std::string key, uint64_t seq, std::string record,
                   size_t* index);
  bool OnRow() const {
    return phase_ == Phase::kMaterialized && !on_deleted_ && pos_ >= 0 &&
           static_cast<size_t>(pos_) < keys_.size();
  }
  Status CurrentView(engine::RecordView* view);
  Status MoveMaterialized(long rows, JET_GRBIT grbit);
  Status MoveStreamed(long rows, JET_GRBIT grbit);
  bool InRange(size_t index) const;
  void CancelUpdate();

  JET_GRBIT grbit_ = 0;
  engine::TableDef def_;
  engine::RecordLayout layout_;
  std::optional<cursor::SearchKeyIndex> key_index_;
  std::optional<cursor::SearchKey> search_key_;
  ExternalSorter::Options sorter_options_;
  bool immediate_ = false;  // materialized from the start

  Phase phase_ = Phase::kInsert;
  uint64_t next_seq_ = 0;
  std::unique_ptr<ExternalSorter> sorter_;

  // Materialized rows, sorted by (key, seq).
  std::vector<std::string> keys_;
  std::vector<Row> rows_;
  // Position: -1 before first, keys_.size() after last; with on_deleted_
  // the row that was at pos_ was deleted (pos_ is where the next one is).
  long pos_ = -1;
  bool on_deleted_ = false;

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
