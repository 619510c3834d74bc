#ifndef LMJET_CURSOR_TABLE_CURSOR_H_
#define LMJET_CURSOR_TABLE_CURSOR_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "api/esent.h"
#include "base/short_copy.h"
#include "base/status.h"
#include "cursor/search_key.h"
#include "cursor/table.h"
#include "cursor/visible.h"
#include "engine/index_keys.h"
#include "engine/record.h"
#include "txn/transaction.h"
#include "txn/write_set.h"

namespace lmjet::cursor {

// A JET table cursor (ESE's FUCB): a current index, a position on it
// (currency), a search key, an index range and a prepared update, over one
// session's Transaction. Reference §4.3-§4.6 give the rules; the methods are
// the Jet* calls of the same names and return their errors and warnings.
//
// Every call runs inside the session's transaction, or, at level 0, in an
// implicit one of its own (read-only for reads; updates autocommit).
// Between calls at level 0 the cursor keeps its position as the stored key
// of its entry and finds it again in the next call's snapshot.
//
// Not thread-safe: used by its session's one thread at a time.
class TableCursor {
 public:
  TableCursor(std::shared_ptr<const TableInfo> table, txn::Transaction* txn,
              bool updatable);
  TableCursor(const TableCursor&) = delete;
  TableCursor& operator=(const TableCursor&) = delete;

  const TableInfo& table() const { return *table_; }
  engine::DatabaseFile* file() const { return table_->file; }
  bool updatable() const { return updatable_; }
  std::shared_ptr<const TableInfo> shared_table() const { return table_; }

  // --- Navigation --------------------------------------------------------
  // Inline: a one-row step of a scan is decided here (see the definition).
  __attribute__((always_inline)) Status Move(long rows, JET_GRBIT grbit);
  Status MakeKey(const void* data, unsigned long cb, JET_GRBIT grbit);
  Status Seek(JET_GRBIT grbit);
  Status SetIndexRange(JET_GRBIT grbit);
  Status SetCurrentIndex(const char* name, JET_GRBIT grbit,
                         unsigned long itag_sequence);
  Status GetCurrentIndex(char* name, unsigned long cb) const;
  Status GetBookmark(void* data, unsigned long cb, unsigned long* actual);
  Status GotoBookmark(const void* data, unsigned long cb);
  Status IndexRecordCount(unsigned long* count, unsigned long max);
  // JetGetRecordPosition / JetGotoPosition: exact counts here (ESE's are
  // estimates), found by walking the index, so O(entries).
  Status GetRecordPosition(JET_RECPOS* position, unsigned long cb);
  Status GotoPosition(const JET_RECPOS* position);
  // JetGetCursorInfo (level 0): JET_errNoCurrentRecord / RecordDeleted
  // without a current record, else success.
  Status GetCursorInfo();
  Status GetLock(JET_GRBIT grbit);

  // --- Retrieval ---------------------------------------------------------
  // Inline: a plain column of the scan's current record is read here.
  __attribute__((always_inline)) Status RetrieveColumn(
      JET_COLUMNID columnid, void* data, unsigned long cb,
      unsigned long* actual, JET_GRBIT grbit, JET_RETINFO* retinfo);
  Status RetrieveColumns(JET_RETRIEVECOLUMN* columns, unsigned long count);
  // JetEnumerateColumns (cursor/enumerate.h): the copy buffer with
  // JET_bitEnumerateCopy and an update prepared, else the current record.
  Status EnumerateColumns(unsigned long columnid_count,
                          const JET_ENUMCOLUMNID* columnids,
                          unsigned long* count, JET_ENUMCOLUMN** columns,
                          JET_PFNREALLOC realloc, void* realloc_context,
                          unsigned long cb_data_most, JET_GRBIT grbit);
  Status RetrieveKey(void* data, unsigned long cb, unsigned long* actual,
                     JET_GRBIT grbit);

  // --- Updates -----------------------------------------------------------
  Status PrepareUpdate(unsigned long prep);
  Status SetColumn(JET_COLUMNID columnid, const void* data, unsigned long cb,
                   JET_GRBIT grbit, const JET_SETINFO* setinfo);
  Status SetColumns(JET_SETCOLUMN* columns, unsigned long count);
  Status Update(void* bookmark, unsigned long cb, unsigned long* actual);
  Status Delete();
  // JetEscrowUpdate: adds `delta` (the column's 4 or 8 bytes) to an escrow
  // column of the current record. Escrow updates of different sessions
  // commute: at commit the delta is applied to the latest committed value.
  Status EscrowUpdate(JET_COLUMNID columnid, const void* delta,
                      unsigned long cb, void* old_value, unsigned long cb_old,
                      unsigned long* old_actual, JET_GRBIT grbit);

  // --- DDL through the cursor ------------------------------------------
  Status AddColumn(const char* name, const JET_COLUMNDEF* def,
                   const void* default_value, unsigned long default_size,
                   JET_COLUMNID* columnid);
  // JetDeleteColumn: JET_errColumnNotFound, JET_errColumnInUse when an
  // index uses the column. Records keep the column's bytes, unread.
  Status DeleteColumn(const char* name);
  // One index of JetCreateIndex*; existing records are indexed.
  Status CreateIndex(const char* name, JET_GRBIT grbit, const char* key,
                     unsigned long cb_key, unsigned long density,
                     unsigned long cb_key_most,
                     const JET_CONDITIONALCOLUMN_A* conditional,
                     unsigned long conditional_count);
  Status DeleteIndex(const char* name);

  // --- Session bookkeeping ---------------------------------------------
  // True if this cursor inserted, replaced or deleted a record in the
  // session's open transaction (level > 0): esent.dll keeps such a cursor's
  // table locks past JetCloseTable until the transaction ends.
  bool ChangedDataInThisTransaction() const {
    return txn_->level() > 0 && changed_epoch_ == txn_->snapshot_epoch();
  }
  // JetRollback to `level`: cancels an update prepared above it and drops
  // an index chosen above it (back to the clustered index, deferred
  // MoveFirst).
  void RollbackTo(int level);

 private:
  enum class Position : uint8_t {
    kBeforeFirst,  // also the deferred MoveFirst
    kAfterLast,
    kOnEntry,    // key_ is the current entry
    kOnDeleted,  // key_ was the entry; it has been deleted
    kNone,       // lost (a failed SeekEQ)
  };

  const TableInfo::Index& index() const { return table_->indexes[index_]; }
  bool clustered() const { return index_ == 0; }
  txn::WriteSet* writes() const;

  // Reloads the definition after DDL (this or another session's).
  Status Refresh();
  // Puts the merged cursor on the current snapshot of the current index.
  Status PrepareCursor();
  // Frees the merged cursor; the fast paths (OnEntryInPlace) then stay off
  // until PrepareCursor makes a new one and a move positions it.
  void DropMergedCursor() {
    merged_.reset();
    at_.merged_positioned = false;
  }
  // True when nothing has happened since the cursor took its current entry
  // that the general paths would re-validate: same level, snapshot and
  // write sets (one compare of the transaction's change stamp), index and
  // table definition, no prepared update, and the merged cursor still on
  // key_ (at_.merged_positioned implies a merged cursor). A one-row move or
  // a retrieve then works on the merged cursor directly (the steps of a
  // scan).
  //
  // The merged cursor is on the current index: every change of index_ drops
  // it (DropMergedCursor), and PrepareCursor makes one on index().dbi.
  bool OnEntryInPlace() const {
    uint32_t flags;
    std::memcpy(&flags, &at_, sizeof(flags));
    return flags == kInPlaceWord && merged_stamp_ == txn_->change_stamp() &&
           ddl_generation_ == DdlGeneration();
  }
  // The index-key part of a stored entry of the current index.
  std::string_view EntryKey(std::string_view stored,
                            std::string_view value) const;
  // Settles on the merged cursor's entry (or the end) after a move.
  Status TakeEntry(bool forward);
  // TakeEntry's work once the entry is known valid and in range.
  __attribute__((always_inline)) void TakeValidEntry();
  // JetMove in general (Move after its one-row fast path).
  __attribute__((noinline)) Status MoveInScope(long rows, JET_GRBIT grbit);
  bool InRange(std::string_view stored, std::string_view value) const;
  Status MoveFirstOrLast(bool first);
  Status MoveStep(bool forward, bool key_ne);
  // Resolves a deferred MoveFirst; then requires a current record.
  Status EnsureCurrent();
  // The current record's bytes.
  Status CurrentRecord(std::string_view* bytes);
  // The current record, opened once per entry and snapshot.
  Status CurrentView(const engine::RecordView** view);
  // The scan's retrieve, with grbit 0 and no JET_RETINFO: a column of
  // TableInfo::plain_columns, set or null, of the clustered entry the
  // merged cursor is on (OnEntryInPlace), read through a view opened on
  // the stack. Exactly what RetrieveColumnInScope does for it; false, with
  // nothing done, for anything else (not in place, an absent value and its
  // default, a damaged record), which that path handles and reports.
  __attribute__((always_inline)) bool RetrieveInPlace(JET_COLUMNID columnid,
                                                      void* data,
                                                      unsigned long cb,
                                                      unsigned long* actual,
                                                      Status* result);
  // A column of TableInfo::plain_columns: fixed or variable, not long, not
  // escrow, so read in place by the fast paths.
  bool IsPlainColumn(JET_COLUMNID columnid) const {
    return columnid < engine::kFirstTaggedColumnId &&
           table_->plain_columns[columnid] != nullptr;
  }
  // RetrieveInPlace for JetRetrieveColumns, which reads several columns of
  // one record: through InPlaceView's cached view.
  bool RetrieveInView(JET_COLUMNID columnid, void* data, unsigned long cb,
                      unsigned long* actual, Status* result);
  // The value of a set or null plain column of `view`, copied as
  // JetRetrieveColumn does; false for anything else.
  __attribute__((always_inline)) static bool CopyPlainValue(
      const engine::RecordView& view, JET_COLUMNID columnid, void* data,
      unsigned long cb, unsigned long* actual, Status* result);
  // JetRetrieveColumn in general (RetrieveColumn after RetrieveInPlace).
  __attribute__((noinline)) Status RetrieveColumnInScope(
      JET_COLUMNID columnid, void* data, unsigned long cb,
      unsigned long* actual, JET_GRBIT grbit, JET_RETINFO* retinfo);
  // CurrentView when it needs no lookup or checks beyond OnEntryInPlace's
  // (the view is cached, or the merged cursor is on the clustered entry);
  // null otherwise.
  __attribute__((always_inline)) const engine::RecordView* InPlaceView();
  // Opens view_ over `bytes` (the current record) and stamps it with the
  // snapshot and write-set version it is valid for.
  Status OpenView(std::string_view bytes);
  // Marks view_ valid for the current snapshot and write-set version.
  void StampView();
  // The bookmark of the entry the merged cursor is on.
  std::string_view BookmarkOf(std::string_view stored,
                              std::string_view value) const {
    return clustered() ? stored : value;
  }
  void CancelUpdate();
  bool InsertPrepared() const;
  void SetRange(const RangeLimit& limit);
  // JetSeek(JET_bitSeekEQ) with a key that is not a limit, the common case.
  Status SeekEqual();
  // GotoBookmark's work, inside the caller's transaction scope; on a
  // secondary index, the record's entry number `itag_sequence`.
  Status GotoBookmarkInScope(std::string_view bookmark,
                             unsigned long itag_sequence);

  // Index maintenance for one record change (old or new may be empty).
  Status IndexKeysOf(const TableInfo::Index& index, std::string_view record,
                     std::vector<engine::IndexKey>* keys) const;
  Status CheckUnique(const TableInfo::Index& index, const std::string& key,
                     std::string_view bookmark);
  Status WriteRecord(std::string_view old_record, std::string_view new_record,
                     std::string_view bookmark);
  Status DoUpdate(std::string* bookmark);
  // Runs `write` so that, when it fails, none of it remains.
  Status AllOrNothing(const ImplicitTransaction& scope,
                      absl::FunctionRef<Status()> write);
  Status AssignAutoincrement();
  // Sets the version column (if any) of the copy buffer for the update.
  Status StampVersion(bool insert);
  Status BuildIndexEntries(const TableInfo::Index& index);

  std::shared_ptr<const TableInfo> table_;
  txn::Transaction* txn_;
  // The snapshot epoch of the transaction of the last record change; 0 for
  // none (epochs start at 1).
  uint64_t changed_epoch_ = 0;
  bool updatable_;
  uint64_t ddl_generation_;

  size_t index_ = 0;     // into table_->indexes
  int index_level_ = 0;  // transaction level the index was chosen at
  std::unique_ptr<txn::MergedCursor> merged_;
  MDB_dbi merged_dbi_ = 0;
  uint64_t merged_epoch_ = 0;
  uint64_t merged_version_ = 0;
  // txn_->change_stamp() when PrepareCursor last succeeded (at level > 0,
  // with merged_epoch_ and merged_version_ current); 0 for none. Still
  // equal, it proves them current and the level above 0 (OnEntryInPlace).
  uint64_t merged_stamp_ = 0;

  // Where the cursor stands, and whether an update is prepared: the four
  // flags OnEntryInPlace tests, packed in one word so that one compare
  // tests them all (kInPlaceWord).
  struct Flags {
    Position position = Position::kBeforeFirst;
    // The merged cursor exists and is on key_ (see OnEntryInPlace).
    bool merged_positioned = false;
    // Opened, or index chosen, and not moved since: the first use acts on
    // the first record (ESE's deferred MoveFirst).
    bool deferred_first = true;
    bool prepared = false;  // an update is prepared (below)
  };
  static_assert(sizeof(Flags) == 4, "OnEntryInPlace reads Flags as a word");
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
                "kInPlaceWord is little-endian");
  // Flags{kOnEntry, merged_positioned, !deferred_first, !prepared}.
  static constexpr uint32_t kInPlaceWord =
      static_cast<uint32_t>(Position::kOnEntry) | 1u << 8;
  Flags at_;
  std::string key_;  // stored key of the current / deleted entry
  // The current record's bookmark (primary key) is the last
  // bookmark_size_ bytes of key_ (all of it on the clustered index).
  size_t bookmark_size_ = 0;
  std::string_view bookmark() const {
    return std::string_view(key_).substr(key_.size() - bookmark_size_);
  }
  // The current record's view, while it is valid (same entry, snapshot
  // and write-set version).
  engine::RecordView view_;
  // The header the fast paths last opened a record with (TryOpenShaped).
  engine::RecordShape shape_;
  bool view_valid_ = false;
  uint64_t view_epoch_ = 0;
  uint64_t view_version_ = 0;
  // The session's write set and snapshot of this file, cached per epoch.
  txn::WriteSet* ws_ = nullptr;

  std::optional<SearchKey> search_key_;
  // The index range: entries are inside while (upper) entry < bound or
  // (lower) entry >= bound, comparing the index-key part only; a missing
  // bound (no prefix successor) is past every entry.
  bool has_range_ = false;
  bool range_upper_ = false;
  bool range_bound_none_ = false;
  std::string range_bound_;

  // The prepared update (and at_.prepared).
  unsigned long prep_ = 0;
  int update_level_ = 0;
  std::string update_bookmark_;           // Replace / InsertCopyDeleteOriginal
  std::unique_ptr<engine::Record> copy_;  // over table_->layout
};

// --- The scan's fast paths, inline so that the API gate's call is the only
// call of a scan step (docs/architecture.md, "The scan's fast path").

inline void TableCursor::TakeValidEntry() {
  at_.merged_positioned = true;
  at_.position = Position::kOnEntry;
  const std::string_view key = merged_->key();
  if (key.size() == key_.size()) {
    // Scans of fixed-size keys: no call, no reallocation check, no length
    // update.
    ShortCopy(key_.data(), key.data(), key.size());
  } else {
    key_.assign(key);
  }
  bookmark_size_ = BookmarkOf(key, merged_->value()).size();
  view_valid_ = false;
}

inline Status TableCursor::Move(long rows, JET_GRBIT grbit) {
  if ((rows == JET_MoveNext || rows == JET_MovePrevious) && grbit == 0 &&
      OnEntryInPlace()) {
    // What MoveStep would do, without the checks OnEntryInPlace made.
    const bool forward = rows > 0;
    if (forward) {
      merged_->Next();
    } else {
      merged_->Prev();
    }
    // Valid() implies an ok status(); outside a range every entry counts.
    if (merged_->Valid() && !has_range_) {
      TakeValidEntry();
      return Status::Ok();
    }
    return TakeEntry(forward);
  }
  return MoveInScope(rows, grbit);
}

inline bool TableCursor::CopyPlainValue(const engine::RecordView& view,
                                        JET_COLUMNID columnid, void* data,
                                        unsigned long cb, unsigned long* actual,
                                        Status* result) {
  engine::ValueKind kind;
  std::string_view value;
  if (!view.GetFixedOrVariable(columnid, &kind, &value)) return false;
  if (kind == engine::ValueKind::kInline) {
    const size_t size = value.size();
    if (actual != nullptr) *actual = static_cast<unsigned long>(size);
    const size_t room = data == nullptr ? 0 : cb;
    const size_t copied = size < room ? size : room;
    ShortCopy(data, value.data(), copied);
    *result = size > room ? Status(JET_wrnBufferTruncated) : Status::Ok();
    return true;
  }
  if (kind == engine::ValueKind::kNull) {
    if (actual != nullptr) *actual = 0;
    *result = Status(JET_wrnColumnNull);
    return true;
  }
  return false;
}

inline bool TableCursor::RetrieveInPlace(JET_COLUMNID columnid, void* data,
                                         unsigned long cb,
                                         unsigned long* actual,
                                         Status* result) {
  if (!IsPlainColumn(columnid) || !clustered() || !OnEntryInPlace()) {
    return false;
  }
  // merged_->value() is what CurrentRecord would find; a damaged record is
  // left to the general path to report.
  engine::RecordView view;
  return engine::RecordView::TryOpenShaped(merged_->value(), &table_->layout,
                                           &shape_, &view) &&
         CopyPlainValue(view, columnid, data, cb, actual, result);
}

inline Status TableCursor::RetrieveColumn(JET_COLUMNID columnid, void* data,
                                          unsigned long cb,
                                          unsigned long* actual,
                                          JET_GRBIT grbit,
                                          JET_RETINFO* retinfo) {
  Status result;
  if (grbit == 0 && retinfo == nullptr &&
      RetrieveInPlace(columnid, data, cb, actual, &result)) {
    return result;
  }
  return RetrieveColumnInScope(columnid, data, cb, actual, grbit, retinfo);
}

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_TABLE_CURSOR_H_
