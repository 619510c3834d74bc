#include "cursor/table_cursor.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <utility>

#include "cursor/column_io.h"
#include "cursor/enumerate.h"
#include "cursor/visible.h"
#include "engine/column_types.h"
#include "engine/key_codec.h"
#include "engine/lmdb_status.h"

namespace lmjet::cursor {
namespace {

bool IsMoveFirst(long rows) {
  return rows == static_cast<long>(JET_MoveFirst) || rows == long{INT_MIN};
}

// A cursor over a table's records in a snapshot, closed when the scope
// ends; null when the snapshot holds no such sub-database (it is newer).
struct SnapshotRecords {
  SnapshotRecords(MDB_txn* snapshot, MDB_dbi dbi) {
    if (snapshot == nullptr ||
        mdb_cursor_open(snapshot, dbi, &cursor) != MDB_SUCCESS) {
      cursor = nullptr;
    }
  }
  ~SnapshotRecords() {
    if (cursor != nullptr) mdb_cursor_close(cursor);
  }
  SnapshotRecords(const SnapshotRecords&) = delete;
  SnapshotRecords& operator=(const SnapshotRecords&) = delete;
  MDB_cursor* cursor = nullptr;
};

engine::EncodeOptions RecordEncodeOptions() {
  engine::EncodeOptions options;
  // Long values are kept in the record: LMDB stores a large value on its
  // own overflow pages, and the write set then versions it with the record.
  options.max_inline_value = JET_cbLVColumnMost;
  return options;
}

bool ContainsKey(const std::vector<engine::IndexKey>& keys,
                 const std::string& bytes) {
  for (const engine::IndexKey& k : keys) {
    if (k.bytes == bytes) return true;
  }
  return false;
}

std::string Concat(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size());
  s.append(a);
  s.append(b);
  return s;
}

}  // namespace

TableCursor::TableCursor(std::shared_ptr<const TableInfo> table,
                         txn::Transaction* txn, bool updatable)
    : table_(std::move(table)),
      txn_(txn),
      updatable_(updatable),
      ddl_generation_(DdlGeneration()) {}

txn::WriteSet* TableCursor::writes() const { return txn_->WritesOf(file()); }

Status TableCursor::Refresh() {
  if (ddl_generation_ == DdlGeneration() || at_.prepared) return Status::Ok();
  std::shared_ptr<const TableInfo> fresh;
  Status status = TableCatalog::Load(txn_, file(), table_->def.name, &fresh);
  if (status.code() == JET_errObjectNotFound) return Status::Ok();
  LMJET_RETURN_IF_ERROR(status);
  ddl_generation_ = DdlGeneration();
  // Keep the current index by name; a dropped one falls back to clustered.
  size_t chosen = 0;
  if (index_ != 0) {
    const TableInfo::Index* same = fresh->FindIndex(index().def->name);
    if (same != nullptr) {
      chosen = static_cast<size_t>(same - fresh->indexes.data());
    } else {
      at_.position = Position::kBeforeFirst;
      at_.deferred_first = true;
    }
  }
  table_ = std::move(fresh);
  index_ = chosen;
  view_valid_ = false;
  DropMergedCursor();
  return Status::Ok();
}

Status TableCursor::PrepareCursor() {
  const MDB_dbi dbi = index().dbi;
  const uint64_t epoch = txn_->snapshot_epoch();
  if (merged_ != nullptr && merged_epoch_ == epoch && merged_dbi_ == dbi &&
      txn_->level() > 0) {
    // The common case: the same snapshot as the last call.
    if (merged_version_ != ws_->version()) {
      at_.merged_positioned = false;
      merged_version_ = ws_->version();
    }
    merged_stamp_ = txn_->change_stamp();
    return Status::Ok();
  }
  // Not positioned until a move puts the renewed cursor on an entry, even
  // if renewing it fails below.
  at_.merged_positioned = false;
  merged_stamp_ = 0;
  MDB_txn* snapshot = txn_->SnapshotOf(file());
  ws_ = writes();
  if (snapshot == nullptr || ws_ == nullptr) {
    return Status(JET_errNotInTransaction, "cursor used without a snapshot");
  }
  if (merged_ == nullptr || merged_dbi_ != dbi) {
    merged_ = std::make_unique<txn::MergedCursor>(*ws_, dbi);
    merged_dbi_ = dbi;
    LMJET_RETURN_IF_ERROR(merged_->Open(snapshot));
  } else {
    LMJET_RETURN_IF_ERROR(merged_->Renew(snapshot));
  }
  at_.merged_positioned = false;
  merged_epoch_ = epoch;
  merged_version_ = ws_->version();
  // A snapshot exists at level > 0 only.
  merged_stamp_ = txn_->change_stamp();
  return Status::Ok();
}

std::string_view TableCursor::EntryKey(std::string_view stored,
                                       std::string_view value) const {
  if (clustered()) return stored;
  return stored.substr(0, stored.size() - value.size());
}

bool TableCursor::InRange(std::string_view stored,
                          std::string_view value) const {
  if (!has_range_) return true;
  const std::string_view entry = EntryKey(stored, value);
  if (range_upper_) return range_bound_none_ || entry < range_bound_;
  return !range_bound_none_ && entry >= range_bound_;
}

Status TableCursor::TakeEntry(bool forward) {
  at_.merged_positioned = true;
  LMJET_RETURN_IF_ERROR(merged_->status());
  if (!merged_->Valid() || !InRange(merged_->key(), merged_->value())) {
    at_.position = forward ? Position::kAfterLast : Position::kBeforeFirst;
    at_.merged_positioned = false;
    return Status(JET_errNoCurrentRecord);
  }
  TakeValidEntry();
  return Status::Ok();
}

Status TableCursor::MoveFirstOrLast(bool first) {
  at_.deferred_first = false;
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  if (first) {
    if (has_range_ && !range_upper_) {
      if (range_bound_none_) {
        at_.position = Position::kAfterLast;
        return Status(JET_errNoCurrentRecord);
      }
      merged_->SeekGE(range_bound_);
    } else {
      merged_->First();
    }
    return TakeEntry(/*forward=*/true);
  }
  if (has_range_ && range_upper_ && !range_bound_none_) {
    merged_->SeekGE(range_bound_);
    if (merged_->Valid()) {
      merged_->Prev();
    } else {
      LMJET_RETURN_IF_ERROR(merged_->status());
      merged_->Last();
    }
  } else {
    merged_->Last();
  }
  // Entries below a secondary key's range bound share its prefix only in
  // the index-key part, so the last entry may still need stepping back.
  while (merged_->Valid() && !InRange(merged_->key(), merged_->value())) {
    merged_->Prev();
  }
  return TakeEntry(/*forward=*/false);
}

Status TableCursor::MoveStep(bool forward, bool key_ne) {
  switch (at_.position) {
    case Position::kNone:
      return Status(JET_errNoCurrentRecord);
    case Position::kBeforeFirst:
      if (!forward) return Status(JET_errNoCurrentRecord);
      return MoveFirstOrLast(true);
    case Position::kAfterLast:
      if (forward) return Status(JET_errNoCurrentRecord);
      return MoveFirstOrLast(false);
    case Position::kOnEntry:
    case Position::kOnDeleted:
      break;
  }
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  const std::string previous_key =
      key_ne ? std::string(EntryKey(
                   key_, clustered() ? std::string_view() : bookmark()))
             : std::string();
  bool on_current =
      at_.merged_positioned && merged_->Valid() && merged_->key() == key_;
  if (!on_current) {
    if (forward) {
      merged_->SeekGE(key_);
    } else {
      merged_->SeekLE(key_);
    }
    on_current = merged_->Valid() && merged_->key() == key_;
  }
  if (on_current || !merged_->Valid()) {
    if (on_current) {
      if (forward) {
        merged_->Next();
      } else {
        merged_->Prev();
      }
    }
  }
  if (key_ne) {
    while (merged_->Valid() &&
           EntryKey(merged_->key(), merged_->value()) == previous_key) {
      if (forward) {
        merged_->Next();
      } else {
        merged_->Prev();
      }
    }
  }
  return TakeEntry(forward);
}

Status TableCursor::MoveInScope(long rows, JET_GRBIT grbit) {
  if (grbit & ~JET_GRBIT{JET_bitMoveKeyNE}) return Status(JET_errInvalidGrbit);
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  CancelUpdate();
  const bool key_ne = (grbit & JET_bitMoveKeyNE) != 0;
  Status status;
  if (IsMoveFirst(rows)) {
    status = MoveFirstOrLast(true);
  } else if (rows == JET_MoveLast) {
    status = MoveFirstOrLast(false);
  } else if (rows == 0) {
    status = EnsureCurrent();
  } else {
    if (at_.deferred_first) {
      at_.deferred_first = false;
      at_.position = Position::kBeforeFirst;
    }
    const bool forward = rows > 0;
    for (long n = forward ? rows : -rows; n > 0 && status.ok(); --n) {
      status = MoveStep(forward, key_ne);
    }
  }
  return scope.Finish(status);
}

Status TableCursor::EnsureCurrent() {
  if (at_.deferred_first) {
    Status status = MoveFirstOrLast(true);
    if (!status.ok()) return status;
  }
  switch (at_.position) {
    case Position::kOnEntry:
      return Status::Ok();
    case Position::kOnDeleted:
      return Status(JET_errRecordDeleted);
    default:
      return Status(JET_errNoCurrentRecord);
  }
}

Status TableCursor::CurrentRecord(std::string_view* bytes) {
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  if (clustered() && at_.merged_positioned) {
    // at_.merged_positioned: the merged cursor is on key_ in this snapshot.
    *bytes = merged_->value();
    return Status::Ok();
  }
  bool found = false;
  LMJET_RETURN_IF_ERROR(
      GetVisible(txn_, file(), table_->record_dbi, bookmark(), bytes, &found));
  if (!found) return Status(JET_errRecordDeleted);
  return Status::Ok();
}

inline const engine::RecordView* TableCursor::InPlaceView() {
  if (view_valid_ && !at_.deferred_first &&
      at_.position == Position::kOnEntry && txn_->level() > 0 &&
      view_epoch_ == txn_->snapshot_epoch() && ws_ != nullptr &&
      view_version_ == ws_->version()) {
    return &view_;
  }
  if (!clustered() || !OnEntryInPlace()) return nullptr;
  // merged_->value() is what CurrentRecord would find; a damaged record is
  // left to CurrentView to report.
  if (!engine::RecordView::TryOpenShaped(merged_->value(), &table_->layout,
                                         &shape_, &view_)) {
    return nullptr;
  }
  StampView();
  return &view_;
}

inline void TableCursor::StampView() {
  view_valid_ = true;
  view_epoch_ = txn_->snapshot_epoch();
  view_version_ = ws_->version();
}

inline Status TableCursor::OpenView(std::string_view bytes) {
  LMJET_RETURN_IF_ERROR(
      engine::RecordView::Open(bytes, &table_->layout, &view_));
  StampView();
  return Status::Ok();
}

Status TableCursor::CurrentView(const engine::RecordView** view) {
  *view = InPlaceView();
  if (*view != nullptr) return Status::Ok();
  std::string_view bytes;
  LMJET_RETURN_IF_ERROR(CurrentRecord(&bytes));
  LMJET_RETURN_IF_ERROR(OpenView(bytes));
  *view = &view_;
  return Status::Ok();
}

Status TableCursor::MakeKey(const void* data, unsigned long cb,
                            JET_GRBIT grbit) {
  if (!clustered() || table_->has_primary()) {
    if (!search_key_.has_value()) search_key_.emplace(index().key_index);
    return search_key_->MakeKey(data, cb, grbit);
  }
  // The sequential index has no columns: only a normalized key (a
  // bookmark) can be made on it.
  if (!(grbit & JET_bitNormalizedKey)) return Status(JET_errNoCurrentIndex);
  if (!search_key_.has_value()) search_key_.emplace(index().key_index);
  return search_key_->MakeKey(data, cb, grbit);
}

Status TableCursor::Seek(JET_GRBIT grbit) {
  SeekTarget target;
  if (!search_key_.has_value()) {
    // The checks of MakeSeekTarget, in its order, without a key.
    const JET_GRBIT directions = JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE |
                                 JET_bitSeekGE | JET_bitSeekGT;
    const JET_GRBIT d = grbit & directions;
    if (d == 0 || (d & (d - 1)) != 0) return Status(JET_errInvalidParameter);
    return Status(JET_errKeyNotMade);
  }
  if (grbit == JET_bitSeekEQ && search_key_->made() &&
      !search_key_->is_limit()) {
    return SeekEqual();
  }
  LMJET_RETURN_IF_ERROR(MakeSeekTarget(*search_key_, grbit, &target));
  search_key_->Reset();
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  CancelUpdate();
  has_range_ = false;
  at_.deferred_first = false;
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  if (target.op == SeekTarget::Op::kFirstAtOrAfter) {
    if (target.bound_past_end) {
      at_.position = Position::kNone;
      return Status(JET_errRecordNotFound);
    }
    merged_->SeekGE(target.bound);
  } else if (target.bound_past_end) {
    merged_->Last();
  } else {
    merged_->SeekGE(target.bound);
    if (merged_->Valid()) {
      merged_->Prev();
    } else {
      LMJET_RETURN_IF_ERROR(merged_->status());
      merged_->Last();
    }
  }
  // Positioned only if the seek worked: the fast paths trust the flag.
  at_.merged_positioned = false;
  LMJET_RETURN_IF_ERROR(merged_->status());
  at_.merged_positioned = true;
  if (!merged_->Valid()) {
    at_.position = Position::kNone;
    return Status(JET_errRecordNotFound);
  }
  const std::string_view entry = merged_->key();
  const bool equal = entry.substr(0, target.key.size()) == target.key;
  if (!equal && target.must_equal) {
    at_.position = Position::kNone;
    return Status(JET_errRecordNotFound);
  }
  at_.position = Position::kOnEntry;
  key_.assign(entry);
  bookmark_size_ = BookmarkOf(entry, merged_->value()).size();
  view_valid_ = false;
  Status result;
  if (!equal && target.warn_not_equal) result = Status(JET_wrnSeekNotEqual);
  if (target.set_index_range && equal) {
    RangeLimit limit;
    limit.upper = true;
    limit.inclusive = true;
    limit.key = target.key;
    SetRange(limit);
  }
  return scope.Finish(result);
}

Status TableCursor::SeekEqual() {
  // MakeSeekTarget's SeekEQ without copying the key: the first entry at or
  // after the key, which must start with it. The key is consumed on every
  // path.
  struct ConsumeKey {
    SearchKey* key;
    ~ConsumeKey() { key->Reset(); }
  } consume{&*search_key_};
  const std::string& key = search_key_->bytes();
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  CancelUpdate();
  has_range_ = false;
  at_.deferred_first = false;
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  merged_->SeekGE(key);
  at_.merged_positioned = false;
  LMJET_RETURN_IF_ERROR(merged_->status());
  at_.merged_positioned = true;
  if (!merged_->Valid() || merged_->key().substr(0, key.size()) != key) {
    at_.position = Position::kNone;
    at_.merged_positioned = false;
    return Status(JET_errRecordNotFound);
  }
  TakeValidEntry();
  return scope.Finish(Status::Ok());
}

void TableCursor::SetRange(const RangeLimit& limit) {
  has_range_ = true;
  range_upper_ = limit.upper;
  range_bound_none_ = false;
  const bool successor = limit.upper == limit.inclusive;
  if (successor) {
    range_bound_none_ = !PrefixSuccessor(limit.key, &range_bound_);
  } else {
    range_bound_ = limit.key;
  }
}

Status TableCursor::SetIndexRange(JET_GRBIT grbit) {
  RangeLimit limit;
  if (grbit & JET_bitRangeRemove) {
    if (!has_range_) return Status(JET_errInvalidOperation);
    has_range_ = false;
    return Status::Ok();
  }
  if (!search_key_.has_value() || !search_key_->made()) {
    return Status(JET_errKeyNotMade);
  }
  LMJET_RETURN_IF_ERROR(IndexRangeLimit(*search_key_, grbit, &limit));
  search_key_->Reset();
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  const bool had_range = has_range_;
  const bool old_upper = range_upper_, old_none = range_bound_none_;
  const std::string old_bound = range_bound_;
  SetRange(limit);
  const std::string_view value = clustered() ? std::string_view() : bookmark();
  if (!InRange(key_, value)) {
    // ESE leaves no range behind when the current entry is outside it.
    has_range_ = false;
    return Status(JET_errNoCurrentRecord);
  }
  if (limit.instant_duration) {
    has_range_ = had_range;
    range_upper_ = old_upper;
    range_bound_none_ = old_none;
    range_bound_ = old_bound;
  }
  return scope.Finish(Status::Ok());
}

Status TableCursor::SetCurrentIndex(const char* name, JET_GRBIT grbit,
                                    unsigned long itag_sequence) {
  if (grbit != JET_bitMoveFirst && grbit != JET_bitNoMove) {
    return Status(JET_errInvalidGrbit);
  }
  if (itag_sequence == 0) return Status(JET_errInvalidParameter);
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  size_t target = 0;
  if (name != nullptr && name[0] != '\0') {
    const TableInfo::Index* found = table_->FindIndex(name);
    if (found == nullptr) return Status(JET_errIndexNotFound);
    target = static_cast<size_t>(found - table_->indexes.data());
  }
  if (grbit == JET_bitNoMove) {
    const bool had_record =
        !at_.deferred_first && at_.position == Position::kOnEntry;
    const std::string bookmark(this->bookmark());
    search_key_.reset();
    has_range_ = false;
    index_ = target;
    index_level_ = txn_->level() - (scope.began() ? 1 : 0);
    DropMergedCursor();
    if (!had_record) return scope.Finish(Status::Ok());
    return scope.Finish(GotoBookmarkInScope(bookmark, itag_sequence));
  }
  CancelUpdate();
  search_key_.reset();
  has_range_ = false;
  index_ = target;
  index_level_ = txn_->level() - (scope.began() ? 1 : 0);
  DropMergedCursor();
  at_.position = Position::kBeforeFirst;
  at_.deferred_first = true;
  return scope.Finish(Status::Ok());
}

Status TableCursor::GetCurrentIndex(char* name, unsigned long cb) const {
  if (name == nullptr || cb == 0) return Status(JET_errInvalidParameter);
  const std::string& current =
      index().def != nullptr ? index().def->name : std::string();
  if (cb < current.size() + 1) return Status(JET_errBufferTooSmall);
  std::memcpy(name, current.c_str(), current.size() + 1);
  return Status::Ok();
}

Status TableCursor::GetBookmark(void* data, unsigned long cb,
                                unsigned long* actual) {
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  if (actual != nullptr)
    *actual = static_cast<unsigned long>(bookmark().size());
  if (cb < bookmark().size()) return Status(JET_errBufferTooSmall);
  if (data == nullptr && !bookmark().empty()) {
    return Status(JET_errInvalidParameter);
  }
  if (!bookmark().empty())
    std::memcpy(data, bookmark().data(), bookmark().size());
  return scope.Finish(Status::Ok());
}

Status TableCursor::GotoBookmarkInScope(std::string_view bookmark,
                                        unsigned long itag_sequence) {
  std::string_view record;
  bool found = false;
  LMJET_RETURN_IF_ERROR(
      GetVisible(txn_, file(), table_->record_dbi, bookmark, &record, &found));
  if (!found) return Status(JET_errRecordDeleted);
  at_.deferred_first = false;
  if (clustered()) {
    at_.position = Position::kOnEntry;
    key_.assign(bookmark);
    bookmark_size_ = key_.size();
    view_valid_ = false;
    at_.merged_positioned = false;
    return Status::Ok();
  }
  std::vector<engine::IndexKey> keys;
  LMJET_RETURN_IF_ERROR(IndexKeysOf(index(), record, &keys));
  if (keys.empty() || itag_sequence > keys.size()) {
    at_.position = Position::kNone;
    return Status(JET_errNoCurrentRecord);
  }
  at_.position = Position::kOnEntry;
  key_ = Concat(keys[itag_sequence - 1].bytes, bookmark);
  bookmark_size_ = bookmark.size();
  view_valid_ = false;
  at_.merged_positioned = false;
  return Status::Ok();
}

Status TableCursor::GotoBookmark(const void* data, unsigned long cb) {
  if (data == nullptr || cb == 0 ||
      cb > std::max<size_t>(index().key_limit, table_->indexes[0].key_limit)) {
    return Status(JET_errInvalidBookmark);
  }
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  CancelUpdate();
  search_key_.reset();
  Status status = GotoBookmarkInScope(
      std::string_view(static_cast<const char*>(data), cb), 1);
  return scope.Finish(status);
}

Status TableCursor::IndexRecordCount(unsigned long* count, unsigned long max) {
  if (count == nullptr) return Status(JET_errInvalidParameter);
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  // Counts from the current entry to the end of the range, as ESE does.
  unsigned long n = 0;
  if (at_.deferred_first || at_.position != Position::kOnEntry) {
    merged_->First();
  } else {
    merged_->SeekGE(key_);
  }
  at_.merged_positioned = false;
  while (merged_->Valid() && (max == 0 || n < max) &&
         InRange(merged_->key(), merged_->value())) {
    ++n;
    merged_->Next();
  }
  LMJET_RETURN_IF_ERROR(merged_->status());
  *count = n;
  return scope.Finish(Status::Ok());
}

Status TableCursor::GetRecordPosition(JET_RECPOS* position, unsigned long cb) {
  if (position == nullptr || cb < sizeof(JET_RECPOS)) {
    return Status(JET_errInvalidParameter);
  }
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  unsigned long before = 0, total = 0;
  at_.merged_positioned = false;
  for (merged_->First(); merged_->Valid(); merged_->Next()) {
    if (merged_->key() < key_) ++before;
    ++total;
  }
  LMJET_RETURN_IF_ERROR(merged_->status());
  position->cbStruct = sizeof(JET_RECPOS);
  position->centriesLT = before;
  position->centriesInRange = 1;
  position->centriesTotal = total;
  return scope.Finish(Status::Ok());
}

Status TableCursor::GotoPosition(const JET_RECPOS* position) {
  if (position == nullptr || position->cbStruct < sizeof(JET_RECPOS) ||
      position->centriesTotal == 0 ||
      position->centriesLT > position->centriesTotal) {
    return Status(JET_errInvalidParameter);
  }
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  CancelUpdate();
  has_range_ = false;
  at_.deferred_first = false;
  LMJET_RETURN_IF_ERROR(PrepareCursor());
  at_.merged_positioned = false;
  unsigned long total = 0;
  for (merged_->First(); merged_->Valid(); merged_->Next()) ++total;
  LMJET_RETURN_IF_ERROR(merged_->status());
  if (total == 0) {
    at_.position = Position::kNone;
    return Status(JET_errRecordNotFound);
  }
  // The same fraction of this index; the last entry at most.
  unsigned long target = static_cast<unsigned long>(
      static_cast<unsigned long long>(position->centriesLT) * total /
      position->centriesTotal);
  if (target >= total) target = total - 1;
  merged_->First();
  for (unsigned long i = 0; i < target; ++i) merged_->Next();
  return scope.Finish(TakeEntry(/*forward=*/true));
}

Status TableCursor::GetCursorInfo() {
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::string_view bytes;
  return scope.Finish(CurrentRecord(&bytes));
}

Status TableCursor::GetLock(JET_GRBIT grbit) {
  if (txn_->level() == 0) return Status(JET_errNotInTransaction);
  if (grbit != JET_bitReadLock && grbit != JET_bitWriteLock) {
    return Status(JET_errInvalidGrbit);
  }
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  if (grbit == JET_bitWriteLock && txn_->read_only()) {
    return Status(JET_errTransReadOnly);
  }
  return txn_->Lock(
      table_->record_space, bookmark(),
      grbit == JET_bitReadLock ? txn::LockMode::kRead : txn::LockMode::kWrite);
}

// --- Retrieval --------------------------------------------------------------

bool TableCursor::RetrieveInView(JET_COLUMNID columnid, void* data,
                                 unsigned long cb, unsigned long* actual,
                                 Status* result) {
  if (!IsPlainColumn(columnid)) return false;
  const engine::RecordView* view = InPlaceView();
  return view != nullptr &&
         CopyPlainValue(*view, columnid, data, cb, actual, result);
}

Status TableCursor::RetrieveColumnInScope(JET_COLUMNID columnid, void* data,
                                          unsigned long cb,
                                          unsigned long* actual,
                                          JET_GRBIT grbit,
                                          JET_RETINFO* retinfo) {
  if (grbit & JET_bitRetrieveCopy) {
    if (!at_.prepared) return Status(JET_errNoCurrentRecord);
    return cursor::RetrieveColumn(table_->def, columnid,
                                  RecordSource(*copy_, InsertPrepared()), data,
                                  cb, actual, grbit, retinfo);
  }
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  const engine::RecordView* view;
  LMJET_RETURN_IF_ERROR(CurrentView(&view));
  return scope.Finish(cursor::RetrieveColumn(table_->def, columnid,
                                             RecordSource(*view), data, cb,
                                             actual, grbit, retinfo));
}

Status TableCursor::RetrieveColumns(JET_RETRIEVECOLUMN* columns,
                                    unsigned long count) {
  if (columns == nullptr && count > 0) return Status(JET_errInvalidParameter);
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  const engine::RecordView* view = nullptr;
  Status result;
  for (unsigned long i = 0; i < count; ++i) {
    JET_RETRIEVECOLUMN& c = columns[i];
    JET_RETINFO info{sizeof(JET_RETINFO), c.ibLongValue, c.itagSequence, 0};
    Status s;
    if (c.grbit & JET_bitRetrieveCopy) {
      s = at_.prepared ? cursor::RetrieveColumn(
                             table_->def, c.columnid,
                             RecordSource(*copy_, InsertPrepared()), c.pvData,
                             c.cbData, &c.cbActual, c.grbit, &info)
                       : Status(JET_errNoCurrentRecord);
    } else if (c.grbit == 0 && RetrieveInView(c.columnid, c.pvData, c.cbData,
                                              &c.cbActual, &s)) {
      // What the general path below gives a fixed or variable column,
      // whatever itagSequence and ibLongValue say.
      info.columnidNextTagged = c.columnid;
    } else {
      if (view == nullptr) LMJET_RETURN_IF_ERROR(CurrentView(&view));
      s = cursor::RetrieveColumn(table_->def, c.columnid, RecordSource(*view),
                                 c.pvData, c.cbData, &c.cbActual, c.grbit,
                                 &info);
    }
    c.columnidNextTagged = info.columnidNextTagged;
    c.err = s.code();
    if (s.code() < 0 && result.code() >= 0) result = s;
    if (s.code() == JET_wrnBufferTruncated && result.code() == 0) result = s;
  }
  return scope.Finish(result);
}

Status TableCursor::EnumerateColumns(
    unsigned long columnid_count, const JET_ENUMCOLUMNID* columnids,
    unsigned long* count, JET_ENUMCOLUMN** columns, JET_PFNREALLOC realloc,
    void* realloc_context, unsigned long cb_data_most, JET_GRBIT grbit) {
  LMJET_RETURN_IF_ERROR(CheckEnumerateColumns(
      table_->def, columnid_count, columnids, count, columns, realloc, grbit));
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  if ((grbit & JET_bitEnumerateCopy) && at_.prepared) {
    return scope.Finish(cursor::EnumerateColumns(
        table_->def, RecordSource(*copy_, InsertPrepared()), columnid_count,
        columnids, count, columns, realloc, realloc_context, cb_data_most,
        grbit));
  }
  const engine::RecordView* view;
  LMJET_RETURN_IF_ERROR(CurrentView(&view));
  return scope.Finish(cursor::EnumerateColumns(
      table_->def, RecordSource(*view), columnid_count, columnids, count,
      columns, realloc, realloc_context, cb_data_most, grbit));
}

Status TableCursor::RetrieveKey(void* data, unsigned long cb,
                                unsigned long* actual, JET_GRBIT grbit) {
  if (grbit & ~JET_GRBIT{JET_bitRetrieveCopy}) {
    return Status(JET_errInvalidGrbit);
  }
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::string key;
  if (grbit & JET_bitRetrieveCopy) {
    if (!search_key_.has_value() || !search_key_->made()) {
      return Status(JET_errKeyNotMade);
    }
    key = search_key_->bytes();
  } else {
    LMJET_RETURN_IF_ERROR(EnsureCurrent());
    key.assign(EntryKey(key_, clustered() ? std::string_view() : bookmark()));
  }
  if (actual != nullptr) *actual = static_cast<unsigned long>(key.size());
  const size_t n = std::min<size_t>(cb, key.size());
  if (n > 0) {
    if (data == nullptr) return Status(JET_errInvalidParameter);
    std::memcpy(data, key.data(), n);
  }
  return scope.Finish(n < key.size() ? Status(JET_wrnBufferTruncated)
                                     : Status::Ok());
}

// --- Updates ----------------------------------------------------------------

bool TableCursor::InsertPrepared() const {
  return at_.prepared && prep_ != JET_prepReplace &&
         prep_ != JET_prepReplaceNoLock && prep_ != JET_prepReadOnlyCopy;
}

void TableCursor::CancelUpdate() {
  if (!at_.prepared) return;
  at_.prepared = false;
  copy_.reset();
  update_bookmark_.clear();
}

Status TableCursor::AssignAutoincrement() {
  const engine::ColumnDef* column = nullptr;
  for (const engine::ColumnDef& c : table_->def.columns) {
    if ((c.grbit & JET_bitColumnAutoincrement) && !c.deleted) column = &c;
  }
  if (column == nullptr) return Status::Ok();
  TableCounters& counters = *table_->counters;
  int64_t value;
  {
    MutexLock lock(&counters.mu);
    if (!counters.autoinc_loaded) {
      // The largest value committed so far: one scan, once per process.
      int64_t max = 0;
      SnapshotRecords records(txn_->SnapshotOf(file()), table_->record_dbi);
      if (MDB_cursor* c = records.cursor) {
        MDB_val k, v;
        int rc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
        while (rc == MDB_SUCCESS) {
          engine::RecordView view;
          engine::ColumnValue cv;
          if (engine::RecordView::Open(
                  std::string_view(static_cast<const char*>(v.mv_data),
                                   v.mv_size),
                  &table_->layout, &view)
                  .ok() &&
              view.Get(column->columnid, 1, &cv).ok() &&
              cv.kind == engine::ValueKind::kInline) {
            int64_t x = 0;
            if (cv.data.size() == 4) {
              int32_t y;
              std::memcpy(&y, cv.data.data(), 4);
              x = y;
            } else if (cv.data.size() == 8) {
              std::memcpy(&x, cv.data.data(), 8);
            }
            max = std::max(max, x);
          }
          rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
        }
      }
      counters.next_autoinc = max + 1;
      counters.autoinc_loaded = true;
    }
    value = counters.next_autoinc++;
  }
  if (engine::FixedSizeOf(column->coltyp) == 4) {
    const int32_t v32 = static_cast<int32_t>(value);
    return copy_->Set(column->columnid, 1,
                      std::string_view(reinterpret_cast<const char*>(&v32), 4));
  }
  return copy_->Set(column->columnid, 1,
                    std::string_view(reinterpret_cast<const char*>(&value), 8));
}

Status TableCursor::PrepareUpdate(unsigned long prep) {
  if (prep == JET_prepCancel) {
    if (!at_.prepared) return Status(JET_errUpdateNotPrepared);
    CancelUpdate();
    return Status::Ok();
  }
  if (!IsUpdatePrep(prep)) return Status(JET_errInvalidParameter);
  if (at_.prepared) return Status(JET_errAlreadyPrepared);
  if (!updatable_ && prep != JET_prepReadOnlyCopy) {
    return Status(JET_errPermissionDenied);
  }
  if (prep == JET_prepReadOnlyCopy && txn_->level() == 0) {
    return Status(JET_errNotInTransaction);
  }
  if (txn_->read_only() && prep != JET_prepReadOnlyCopy) {
    return Status(JET_errTransReadOnly);
  }
  ImplicitTransaction scope(txn_, /*write=*/false);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  auto copy = std::make_unique<engine::Record>(&table_->layout);
  std::string bookmark;
  if (prep != JET_prepInsert && prep != JET_prepInsertMustSetAutoIncrement) {
    std::string_view bytes;
    LMJET_RETURN_IF_ERROR(CurrentRecord(&bytes));
    LMJET_RETURN_IF_ERROR(copy->Decode(bytes));
    bookmark = std::string(this->bookmark());
    if (prep == JET_prepReplace && txn_->level() > (scope.began() ? 1 : 0)) {
      // Replace inside a transaction write-locks the record now.
      LMJET_RETURN_IF_ERROR(
          txn_->Lock(table_->record_space, bookmark, txn::LockMode::kWrite));
    }
  }
  copy_ = std::move(copy);
  prep_ = prep;
  update_bookmark_ = std::move(bookmark);
  update_level_ = txn_->level() - (scope.began() ? 1 : 0);
  at_.prepared = true;
  if (prep == JET_prepInsert || prep == JET_prepInsertCopy ||
      prep == JET_prepInsertCopyDeleteOriginal) {
    Status status = AssignAutoincrement();
    if (!status.ok()) {
      CancelUpdate();
      return status;
    }
  }
  return scope.Finish(Status::Ok());
}

Status TableCursor::SetColumn(JET_COLUMNID columnid, const void* data,
                              unsigned long cb, JET_GRBIT grbit,
                              const JET_SETINFO* setinfo) {
  if (!at_.prepared || prep_ == JET_prepReadOnlyCopy) {
    return Status(JET_errUpdateNotPrepared);
  }
  const bool replacing =
      prep_ == JET_prepReplace || prep_ == JET_prepReplaceNoLock;
  return cursor::SetColumn(
      table_->def, columnid, data, cb, grbit, setinfo, replacing,
      prep_ == JET_prepInsertMustSetAutoIncrement, copy_.get());
}

Status TableCursor::SetColumns(JET_SETCOLUMN* columns, unsigned long count) {
  if (columns == nullptr && count > 0) return Status(JET_errInvalidParameter);
  Status result;
  for (unsigned long i = 0; i < count; ++i) {
    JET_SETCOLUMN& c = columns[i];
    JET_SETINFO info{sizeof(JET_SETINFO), c.ibLongValue, c.itagSequence};
    Status s = SetColumn(c.columnid, c.pvData, c.cbData, c.grbit, &info);
    c.err = s.code();
    if (!s.ok() && s.code() < 0) return s;
    if (s.code() > 0 && result.code() == 0) result = s;
  }
  return result;
}

Status TableCursor::IndexKeysOf(const TableInfo::Index& index,
                                std::string_view record,
                                std::vector<engine::IndexKey>* keys) const {
  keys->clear();
  if (record.empty() || index.def == nullptr) return Status::Ok();
  engine::RecordView view;
  LMJET_RETURN_IF_ERROR(
      engine::RecordView::Open(record, &table_->layout, &view));
  LMJET_RETURN_IF_ERROR(
      engine::BuildIndexKeys(table_->def, *index.def, view, nullptr, keys));
  bool cut = false;
  for (engine::IndexKey& key : *keys) {
    if (key.bytes.size() > index.key_limit) {
      key.bytes.resize(index.key_limit);
      key.truncated = true;
      cut = true;
    }
  }
  if (cut) {
    if (index.def->grbit & JET_bitIndexDisallowTruncation) {
      keys->clear();
      return Status(JET_errKeyTruncated);
    }
    std::vector<engine::IndexKey> unique;
    for (engine::IndexKey& key : *keys) {
      if (!ContainsKey(unique, key.bytes)) unique.push_back(std::move(key));
    }
    *keys = std::move(unique);
  }
  return Status::Ok();
}

Status TableCursor::CheckUnique(const TableInfo::Index& index,
                                const std::string& key,
                                std::string_view bookmark) {
  LMJET_RETURN_IF_ERROR(
      txn_->Lock(index.unique_space, key, txn::LockMode::kWrite));
  txn::MergedCursor probe(*writes(), index.dbi);
  LMJET_RETURN_IF_ERROR(probe.Open(txn_->SnapshotOf(file())));
  probe.SeekGE(key);
  while (probe.Valid()) {
    const std::string_view stored = probe.key();
    const std::string_view value = probe.value();
    const std::string_view entry =
        stored.substr(0, stored.size() - value.size());
    if (entry != key) break;
    if (value != bookmark) return Status(JET_errKeyDuplicate);
    probe.Next();
  }
  return probe.status();
}

Status TableCursor::WriteRecord(std::string_view old_record,
                                std::string_view new_record,
                                std::string_view bookmark_view) {
  // Every record change comes here, inside a transaction (the caller's or
  // an implicit one): a close before that transaction ends keeps the
  // cursor's table locks (ChangedDataInThisTransaction).
  changed_epoch_ = txn_->snapshot_epoch();
  // Everything is read and checked before the first write: the views point
  // into the snapshot or the write set, which writes invalidate.
  const std::string bookmark(bookmark_view);
  const std::string record(new_record);
  struct Change {
    const TableInfo::Index* index;
    std::vector<engine::IndexKey> removed;
    std::vector<engine::IndexKey> added;
  };
  std::vector<Change> changes;
  for (size_t i = 1; i < table_->indexes.size(); ++i) {
    const TableInfo::Index& index = table_->indexes[i];
    std::vector<engine::IndexKey> old_keys, new_keys;
    LMJET_RETURN_IF_ERROR(IndexKeysOf(index, old_record, &old_keys));
    LMJET_RETURN_IF_ERROR(IndexKeysOf(index, new_record, &new_keys));
    Change change{&index, {}, {}};
    for (engine::IndexKey& k : old_keys) {
      if (!ContainsKey(new_keys, k.bytes)) change.removed.push_back(k);
    }
    for (engine::IndexKey& k : new_keys) {
      if (!ContainsKey(old_keys, k.bytes)) change.added.push_back(k);
    }
    if (!change.removed.empty() || !change.added.empty()) {
      changes.push_back(std::move(change));
    }
  }
  for (const Change& change : changes) {
    if (change.index->unique_space == 0) continue;
    for (const engine::IndexKey& k : change.added) {
      LMJET_RETURN_IF_ERROR(CheckUnique(*change.index, k.bytes, bookmark));
    }
  }
  txn::WriteSet* ws = writes();
  for (const Change& change : changes) {
    for (const engine::IndexKey& k : change.removed) {
      LMJET_RETURN_IF_ERROR(
          ws->Delete(change.index->dbi, Concat(k.bytes, bookmark)));
    }
    for (const engine::IndexKey& k : change.added) {
      LMJET_RETURN_IF_ERROR(
          ws->Put(change.index->dbi, Concat(k.bytes, bookmark), bookmark));
    }
  }
  if (record.empty()) return ws->Delete(table_->record_dbi, bookmark);
  return ws->Put(table_->record_dbi, bookmark, record);
}

Status TableCursor::StampVersion(bool insert) {
  for (const engine::ColumnDef& c : table_->def.columns) {
    if (!(c.grbit & JET_bitColumnVersion) || c.coltyp != JET_coltypLong ||
        c.deleted) {
      continue;
    }
    // A new record starts at 0; each replace adds one (wrapping, as a
    // 32-bit counter).
    uint32_t version = 0;
    if (!insert) {
      engine::ColumnValue value;
      LMJET_RETURN_IF_ERROR(copy_->Get(c.columnid, 1, &value));
      if (value.kind == engine::ValueKind::kInline &&
          value.data.size() == sizeof(version)) {
        std::memcpy(&version, value.data.data(), sizeof(version));
        ++version;
      }
    }
    LMJET_RETURN_IF_ERROR(
        copy_->Set(c.columnid, 1,
                   std::string_view(reinterpret_cast<const char*>(&version),
                                    sizeof(version))));
  }
  return Status::Ok();
}

Status TableCursor::DoUpdate(std::string* bookmark) {
  LMJET_RETURN_IF_ERROR(
      StampVersion(prep_ != JET_prepReplace && prep_ != JET_prepReplaceNoLock));
  std::string bytes;
  LMJET_RETURN_IF_ERROR(copy_->Encode(RecordEncodeOptions(), &bytes));
  const bool insert =
      prep_ != JET_prepReplace && prep_ != JET_prepReplaceNoLock;
  if (table_->has_primary()) {
    std::vector<engine::IndexKey> keys;
    LMJET_RETURN_IF_ERROR(IndexKeysOf(table_->indexes[0], bytes, &keys));
    if (keys.empty()) return Status(JET_errNullKeyDisallowed);
    *bookmark = std::move(keys[0].bytes);
  } else if (insert) {
    TableCounters& counters = *table_->counters;
    uint64_t next;
    {
      MutexLock lock(&counters.mu);
      if (!counters.bookmark_loaded) {
        // The last committed bookmark: once per process.
        uint64_t last = 0;
        SnapshotRecords records(txn_->SnapshotOf(file()), table_->record_dbi);
        if (MDB_cursor* c = records.cursor) {
          MDB_val k, v;
          if (mdb_cursor_get(c, &k, &v, MDB_LAST) == MDB_SUCCESS &&
              k.mv_size == kSequentialBookmarkBytes) {
            const auto* p = static_cast<const unsigned char*>(k.mv_data);
            for (size_t i = 0; i < kSequentialBookmarkBytes; ++i) {
              last = (last << 8) | p[i];
            }
          }
        }
        counters.next_bookmark = last + 1;
        counters.bookmark_loaded = true;
      }
      next = counters.next_bookmark++;
    }
    bookmark->resize(kSequentialBookmarkBytes);
    for (size_t i = 0; i < kSequentialBookmarkBytes; ++i) {
      (*bookmark)[kSequentialBookmarkBytes - 1 - i] =
          static_cast<char>(next >> (8 * i));
    }
  } else {
    *bookmark = update_bookmark_;
  }

  if (!insert) {
    LMJET_RETURN_IF_ERROR(txn_->Lock(table_->record_space, update_bookmark_,
                                     txn::LockMode::kWrite));
    std::string_view old_record;
    bool found = false;
    LMJET_RETURN_IF_ERROR(GetVisible(txn_, file(), table_->record_dbi,
                                     update_bookmark_, &old_record, &found));
    if (!found) return Status(JET_errRecordDeleted);
    if (*bookmark != update_bookmark_) {
      return Status(JET_errRecordPrimaryChanged);
    }
    return WriteRecord(old_record, bytes, *bookmark);
  }
  if (prep_ == JET_prepInsertCopyDeleteOriginal) {
    LMJET_RETURN_IF_ERROR(txn_->Lock(table_->record_space, update_bookmark_,
                                     txn::LockMode::kWrite));
    std::string_view original;
    bool found = false;
    LMJET_RETURN_IF_ERROR(GetVisible(txn_, file(), table_->record_dbi,
                                     update_bookmark_, &original, &found));
    if (!found) return Status(JET_errRecordDeleted);
    LMJET_RETURN_IF_ERROR(WriteRecord(original, {}, update_bookmark_));
  }
  LMJET_RETURN_IF_ERROR(
      txn_->Lock(table_->record_space, *bookmark, txn::LockMode::kWrite));
  std::string_view existing;
  bool found = false;
  LMJET_RETURN_IF_ERROR(GetVisible(txn_, file(), table_->record_dbi, *bookmark,
                                   &existing, &found));
  if (found) return Status(JET_errKeyDuplicate);
  return WriteRecord({}, bytes, *bookmark);
}

Status TableCursor::AllOrNothing(const ImplicitTransaction& scope,
                                 absl::FunctionRef<Status()> write) {
  // An implicit transaction already undoes everything on failure. Inside the
  // caller's, the write runs in a nested level of its own when there is
  // room, so that a failure leaves no partial change behind.
  const bool nested =
      !scope.began() && txn_->level() < txn::kMaxTransactionLevel;
  if (nested) LMJET_RETURN_IF_ERROR(txn_->Begin(false));
  Status status = write();
  if (nested) {
    Status end = status.ok() ? txn_->Commit(nullptr) : txn_->Rollback();
    if (status.ok()) status = end;
  }
  return status;
}

Status TableCursor::Update(void* bookmark_out, unsigned long cb,
                           unsigned long* actual) {
  if (!at_.prepared || prep_ == JET_prepReadOnlyCopy) {
    return Status(JET_errUpdateNotPrepared);
  }
  LMJET_RETURN_IF_ERROR(CheckRecordForUpdate(table_->def, *copy_));
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  ImplicitTransaction scope(txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::string bookmark;
  Status status =
      scope.Finish(AllOrNothing(scope, [&] { return DoUpdate(&bookmark); }));
  if (!status.ok()) return status;
  CancelUpdate();
  if (actual != nullptr) *actual = static_cast<unsigned long>(bookmark.size());
  if (bookmark_out != nullptr && cb > 0) {
    std::memcpy(bookmark_out, bookmark.data(),
                std::min<size_t>(cb, bookmark.size()));
  }
  return Status::Ok();
}

Status TableCursor::Delete() {
  if (!updatable_) return Status(JET_errPermissionDenied);
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  ImplicitTransaction scope(txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  LMJET_RETURN_IF_ERROR(Refresh());
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  Status status = AllOrNothing(scope, [&]() -> Status {
    LMJET_RETURN_IF_ERROR(
        txn_->Lock(table_->record_space, bookmark(), txn::LockMode::kWrite));
    std::string_view old_record;
    bool found = false;
    LMJET_RETURN_IF_ERROR(GetVisible(txn_, file(), table_->record_dbi,
                                     bookmark(), &old_record, &found));
    if (!found) return Status(JET_errRecordDeleted);
    return WriteRecord(old_record, {}, bookmark());
  });
  status = scope.Finish(status);
  if (status.ok()) {
    at_.position = Position::kOnDeleted;
    at_.merged_positioned = false;
  }
  return status;
}

namespace {

// An escrow column's value as a signed integer of its size (4 or 8 bytes);
// absent or NULL reads as the column's default, else 0.
int64_t EscrowValue(const engine::ColumnDef& column,
                    const engine::ColumnValue& value) {
  std::string_view bytes;
  if (value.kind == engine::ValueKind::kInline) {
    bytes = value.data;
  } else if (value.kind == engine::ValueKind::kAbsent && column.has_default) {
    bytes = column.default_value;
  }
  if (bytes.size() == 4) {
    int32_t v;
    std::memcpy(&v, bytes.data(), 4);
    return v;
  }
  if (bytes.size() == 8) {
    int64_t v;
    std::memcpy(&v, bytes.data(), 8);
    return v;
  }
  return 0;
}

std::string EscrowBytes(size_t size, int64_t value) {
  if (size == 4) {
    const int32_t v = static_cast<int32_t>(value);
    return std::string(reinterpret_cast<const char*>(&v), 4);
  }
  return std::string(reinterpret_cast<const char*>(&value), 8);
}

// The escrow column's value in the record stored under `bookmark` in `txn`;
// false if there is no such record.
Status ReadEscrow(MDB_txn* txn, const TableInfo& table,
                  const engine::ColumnDef& column, std::string_view bookmark,
                  int64_t* value, bool* found) {
  *found = false;
  if (txn == nullptr) return Status::Ok();
  MDB_val k{bookmark.size(), const_cast<char*>(bookmark.data())};
  MDB_val v;
  const int rc = mdb_get(txn, table.record_dbi, &k, &v);
  if (rc == MDB_NOTFOUND || rc == EINVAL) return Status::Ok();
  LMJET_RETURN_IF_ERROR(engine::FromLmdb(rc));
  engine::RecordView view;
  LMJET_RETURN_IF_ERROR(engine::RecordView::Open(
      std::string_view(static_cast<const char*>(v.mv_data), v.mv_size),
      &table.layout, &view));
  engine::ColumnValue cv;
  LMJET_RETURN_IF_ERROR(view.Get(column.columnid, 1, &cv));
  *value = EscrowValue(column, cv);
  *found = true;
  return Status::Ok();
}

}  // namespace

Status TableCursor::EscrowUpdate(JET_COLUMNID columnid, const void* delta,
                                 unsigned long cb, void* old_value,
                                 unsigned long cb_old,
                                 unsigned long* old_actual, JET_GRBIT grbit) {
  if (txn_->level() == 0) return Status(JET_errNotInTransaction);
  if (grbit & ~JET_GRBIT{JET_bitEscrowNoRollback}) {
    return Status(JET_errInvalidGrbit);
  }
  const engine::ColumnDef* column = table_->def.FindColumn(columnid);
  if (column == nullptr) return Status(JET_errColumnNotFound);
  if (!(column->grbit & JET_bitColumnEscrowUpdate)) {
    return Status(JET_errInvalidOperation, "not an escrow column");
  }
  const size_t size = engine::FixedSizeOf(column->coltyp);
  if (delta == nullptr || cb != size) return Status(JET_errInvalidBufferSize);
  if (!updatable_) return Status(JET_errPermissionDenied);
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  if (at_.prepared) return Status(JET_errAlreadyPrepared);
  LMJET_RETURN_IF_ERROR(EnsureCurrent());
  LMJET_RETURN_IF_ERROR(
      txn_->Lock(table_->record_space, bookmark(), txn::LockMode::kEscrow));
  std::string_view current;
  bool found = false;
  LMJET_RETURN_IF_ERROR(GetVisible(txn_, file(), table_->record_dbi, bookmark(),
                                   &current, &found));
  if (!found) return Status(JET_errRecordDeleted);
  engine::Record record(&table_->layout);
  LMJET_RETURN_IF_ERROR(record.Decode(current));
  engine::ColumnValue value;
  LMJET_RETURN_IF_ERROR(record.Get(columnid, 1, &value));
  const int64_t before = EscrowValue(*column, value);
  int64_t add = 0;
  if (size == 4) {
    int32_t d;
    std::memcpy(&d, delta, 4);
    add = d;
  } else {
    std::memcpy(&add, delta, 8);
  }
  const std::string old_bytes = EscrowBytes(size, before);
  if (old_actual != nullptr) *old_actual = static_cast<unsigned long>(size);
  if (old_value != nullptr && cb_old > 0) {
    std::memcpy(old_value, old_bytes.data(), std::min<size_t>(cb_old, size));
  }
  LMJET_RETURN_IF_ERROR(
      record.Set(columnid, 1, EscrowBytes(size, before + add)));
  std::string bytes;
  LMJET_RETURN_IF_ERROR(record.Encode(RecordEncodeOptions(), &bytes));
  const std::string old_record(current);
  LMJET_RETURN_IF_ERROR(WriteRecord(old_record, bytes, bookmark()));

  // At commit: latest committed + (this transaction's value - its snapshot's
  // value), so concurrent escrow updates add up instead of overwriting.
  struct Rebase {
    std::shared_ptr<const TableInfo> table;
    const engine::ColumnDef* column;
    std::string bookmark;
    MDB_txn* snapshot;
    txn::WriteSet* writes;
    bool skip = true;
    int64_t final_value = 0;
  };
  auto rebase = std::make_shared<Rebase>();
  rebase->table = table_;
  rebase->column = column;
  rebase->bookmark = std::string(bookmark());
  rebase->snapshot = txn_->SnapshotOf(file());
  rebase->writes = writes();
  txn_->OnCommit(
      file(),
      [rebase](MDB_txn* w) -> Status {
        const TableInfo& t = *rebase->table;
        int64_t latest = 0, base = 0;
        bool in_latest = false, in_base = false;
        LMJET_RETURN_IF_ERROR(ReadEscrow(
            w, t, *rebase->column, rebase->bookmark, &latest, &in_latest));
        LMJET_RETURN_IF_ERROR(ReadEscrow(rebase->snapshot, t, *rebase->column,
                                         rebase->bookmark, &base, &in_base));
        const txn::WriteSet::Lookup mine =
            rebase->writes->Get(t.record_dbi, rebase->bookmark);
        rebase->skip = !in_latest || !in_base ||
                       mine.kind != txn::WriteSet::Lookup::Kind::kPresent;
        if (rebase->skip) return Status::Ok();
        engine::RecordView view;
        LMJET_RETURN_IF_ERROR(
            engine::RecordView::Open(mine.value, &t.layout, &view));
        engine::ColumnValue cv;
        LMJET_RETURN_IF_ERROR(view.Get(rebase->column->columnid, 1, &cv));
        rebase->final_value =
            latest + (EscrowValue(*rebase->column, cv) - base);
        return Status::Ok();
      },
      [rebase](MDB_txn* w) -> Status {
        if (rebase->skip) return Status::Ok();
        const TableInfo& t = *rebase->table;
        MDB_val k{rebase->bookmark.size(),
                  const_cast<char*>(rebase->bookmark.data())};
        MDB_val v;
        LMJET_RETURN_IF_ERROR(
            engine::FromLmdb(mdb_get(w, t.record_dbi, &k, &v)));
        engine::Record stored(&t.layout);
        LMJET_RETURN_IF_ERROR(stored.Decode(
            std::string_view(static_cast<const char*>(v.mv_data), v.mv_size)));
        LMJET_RETURN_IF_ERROR(
            stored.Set(rebase->column->columnid, 1,
                       EscrowBytes(engine::FixedSizeOf(rebase->column->coltyp),
                                   rebase->final_value)));
        std::string out;
        LMJET_RETURN_IF_ERROR(stored.Encode(RecordEncodeOptions(), &out));
        MDB_val nv{out.size(), out.data()};
        return engine::FromLmdb(mdb_put(w, t.record_dbi, &k, &nv, 0));
      });
  return Status::Ok();
}

// --- DDL --------------------------------------------------------------------

Status TableCursor::AddColumn(const char* name, const JET_COLUMNDEF* def,
                              const void* default_value,
                              unsigned long default_size,
                              JET_COLUMNID* columnid) {
  if (def == nullptr) return Status(JET_errInvalidParameter);
  if (def->cbStruct < sizeof(JET_COLUMNDEF)) {
    return Status(JET_errInvalidParameter);
  }
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  ImplicitTransaction scope(txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::shared_ptr<const TableInfo> current;
  LMJET_RETURN_IF_ERROR(
      TableCatalog::Load(txn_, file(), table_->def.name, &current));
  engine::TableDef table = current->def;
  if (table.FindColumn(checked) != nullptr) {
    return Status(JET_errColumnDuplicate);
  }
  engine::ColumnRequestContext context;
  context.in_transaction = !scope.began();
  engine::ColumnDef column;
  Status check = engine::CheckColumnDefinition(
      def->coltyp, def->cbMax, def->grbit, def->cp, default_value, default_size,
      context, &column);
  LMJET_RETURN_IF_ERROR(check);
  column.name = checked;
  engine::ColumnClass column_class = engine::ColumnClass::kVariable;
  if (column.grbit & JET_bitColumnTagged) {
    column_class = engine::ColumnClass::kTagged;
  } else if (engine::FixedSizeOf(column.coltyp) > 0 ||
             (column.grbit & JET_bitColumnFixed)) {
    column_class = engine::ColumnClass::kFixed;
  }
  LMJET_RETURN_IF_ERROR(table.NextColumnId(column_class, &column.columnid));
  table.columns.push_back(column);
  LMJET_RETURN_IF_ERROR(TableCatalog::Store(txn_, file(), table));
  Status status = Refresh();
  status = scope.Finish(status);
  LMJET_RETURN_IF_ERROR(status);
  if (columnid != nullptr) *columnid = column.columnid;
  return check;
}

Status TableCursor::DeleteColumn(const char* name) {
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  if (at_.prepared) return Status(JET_errAlreadyPrepared);
  ImplicitTransaction scope(txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::shared_ptr<const TableInfo> current;
  LMJET_RETURN_IF_ERROR(
      TableCatalog::Load(txn_, file(), table_->def.name, &current));
  engine::TableDef table = current->def;
  const engine::ColumnDef* found = table.FindColumn(checked);
  if (found == nullptr) return Status(JET_errColumnNotFound);
  const JET_COLUMNID columnid = found->columnid;
  for (const engine::IndexDef& index : table.indexes) {
    for (const engine::IndexSegment& segment : index.segments) {
      if (segment.columnid == columnid) return Status(JET_errColumnInUse);
    }
    for (const engine::ConditionalColumn& c : index.conditional_columns) {
      if (c.columnid == columnid) return Status(JET_errColumnInUse);
    }
  }
  for (engine::ColumnDef& c : table.columns) {
    if (c.columnid == columnid) c.deleted = true;
  }
  LMJET_RETURN_IF_ERROR(TableCatalog::Store(txn_, file(), table));
  return scope.Finish(Refresh());
}

Status TableCursor::BuildIndexEntries(const TableInfo::Index& index) {
  txn::MergedCursor records(*writes(), table_->record_dbi);
  LMJET_RETURN_IF_ERROR(records.Open(txn_->SnapshotOf(file())));
  // Collected first: the writes below invalidate the scan's views.
  std::vector<std::pair<std::string, std::string>> entries;
  for (records.First(); records.Valid(); records.Next()) {
    std::vector<engine::IndexKey> keys;
    LMJET_RETURN_IF_ERROR(IndexKeysOf(index, records.value(), &keys));
    for (engine::IndexKey& k : keys) {
      entries.emplace_back(std::move(k.bytes), std::string(records.key()));
    }
  }
  LMJET_RETURN_IF_ERROR(records.status());
  if (index.unique_space != 0) {
    std::vector<std::string> sorted;
    sorted.reserve(entries.size());
    for (const auto& e : entries) sorted.push_back(e.first);
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      return Status(JET_errKeyDuplicate);
    }
  }
  txn::WriteSet* ws = writes();
  for (const auto& [key, bookmark] : entries) {
    LMJET_RETURN_IF_ERROR(ws->Put(index.dbi, Concat(key, bookmark), bookmark));
  }
  return Status::Ok();
}

Status TableCursor::CreateIndex(const char* name, JET_GRBIT grbit,
                                const char* key, unsigned long cb_key,
                                unsigned long density,
                                unsigned long cb_key_most,
                                const JET_CONDITIONALCOLUMN_A* conditional,
                                unsigned long conditional_count) {
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  std::vector<engine::KeyColumn> key_columns;
  if (key == nullptr) return Status(JET_errInvalidParameter);
  LMJET_RETURN_IF_ERROR(engine::ParseIndexKey(key, cb_key, &key_columns));
  const JET_GRBIT ignores = JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull |
                            JET_bitIndexIgnoreFirstNull;
  if ((grbit & JET_bitIndexPrimary) && (grbit & ignores)) {
    return Status(JET_errInvalidGrbit);
  }
  if ((grbit & JET_bitIndexPrimary) && conditional_count > 0) {
    return Status(JET_errIndexInvalidDef);
  }
  if (density != 0 && (density < 20 || density > 100)) {
    return Status(JET_errDensityInvalid);
  }
  if (grbit & JET_bitIndexKeyMost) {
    if (cb_key_most < JET_cbKeyMostMin || cb_key_most > 1000) {
      return Status(JET_errIndexInvalidDef);
    }
  } else {
    cb_key_most = JET_cbKeyMost;
  }
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  ImplicitTransaction scope(txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::shared_ptr<const TableInfo> current;
  LMJET_RETURN_IF_ERROR(
      TableCatalog::Load(txn_, file(), table_->def.name, &current));
  engine::TableDef table = current->def;
  if (table.FindIndex(checked) != nullptr) {
    return Status(JET_errIndexDuplicate);
  }
  if ((grbit & JET_bitIndexPrimary) && table.PrimaryIndex() != nullptr) {
    return Status(JET_errIndexHasPrimary);
  }
  engine::IndexDef index;
  index.name = checked;
  index.grbit = grbit;
  if (grbit & JET_bitIndexPrimary) index.grbit |= JET_bitIndexUnique;
  index.cb_key_most = static_cast<uint32_t>(cb_key_most);
  index.density = density == 0 ? 80 : static_cast<uint32_t>(density);
  for (const engine::KeyColumn& k : key_columns) {
    const engine::ColumnDef* column = table.FindColumn(k.name);
    if (column == nullptr) return Status(JET_errColumnNotFound);
    index.segments.push_back({column->columnid, k.descending});
  }
  for (unsigned long i = 0; i < conditional_count; ++i) {
    const JET_CONDITIONALCOLUMN_A& c = conditional[i];
    if (c.cbStruct != sizeof(JET_CONDITIONALCOLUMN_A) ||
        c.szColumnName == nullptr) {
      return Status(JET_errInvalidParameter);
    }
    const engine::ColumnDef* column = table.FindColumn(c.szColumnName);
    if (column == nullptr) return Status(JET_errColumnNotFound);
    if (c.grbit != JET_bitIndexColumnMustBeNull &&
        c.grbit != JET_bitIndexColumnMustBeNonNull) {
      return Status(JET_errInvalidGrbit);
    }
    index.conditional_columns.push_back(
        {column->columnid, c.grbit == JET_bitIndexColumnMustBeNull});
  }
  if (grbit & JET_bitIndexPrimary) {
    // The records are clustered by the primary key: it comes first.
    txn::MergedCursor records(*writes(), current->record_dbi);
    LMJET_RETURN_IF_ERROR(records.Open(txn_->SnapshotOf(file())));
    records.First();
    LMJET_RETURN_IF_ERROR(records.status());
    if (records.Valid()) return Status(JET_errTableNotEmpty);
  }
  LMJET_RETURN_IF_ERROR(
      TableCatalog::PrepareIndexStorage(file(), &table, &index));
  table.indexes.push_back(index);
  LMJET_RETURN_IF_ERROR(TableCatalog::Store(txn_, file(), table));
  LMJET_RETURN_IF_ERROR(Refresh());
  Status status;
  if (!(grbit & JET_bitIndexPrimary)) {
    const TableInfo::Index* created = table_->FindIndex(checked);
    status = created == nullptr ? Status(JET_errInternalError)
                                : BuildIndexEntries(*created);
  } else {
    // Clustering changes: start over on the new primary index.
    DropMergedCursor();
    index_ = 0;
    at_.position = Position::kBeforeFirst;
    at_.deferred_first = true;
  }
  return scope.Finish(status);
}

Status TableCursor::DeleteIndex(const char* name) {
  std::string checked;
  LMJET_RETURN_IF_ERROR(engine::CheckName(name, &checked));
  if (txn_->read_only()) return Status(JET_errTransReadOnly);
  ImplicitTransaction scope(txn_, /*write=*/true);
  LMJET_RETURN_IF_ERROR(scope.status());
  std::shared_ptr<const TableInfo> current;
  LMJET_RETURN_IF_ERROR(
      TableCatalog::Load(txn_, file(), table_->def.name, &current));
  const TableInfo::Index* index = current->FindIndex(checked);
  if (index == nullptr) return Status(JET_errIndexNotFound);
  if (index->def->grbit & JET_bitIndexPrimary) {
    return Status(JET_errIndexMustStay);
  }
  engine::TableDef table = current->def;
  table.indexes.erase(std::find_if(table.indexes.begin(), table.indexes.end(),
                                   [&](const engine::IndexDef& d) {
                                     return engine::SameName(d.name, checked);
                                   }));
  const MDB_dbi dbi = index->dbi;
  LMJET_RETURN_IF_ERROR(TableCatalog::Store(txn_, file(), table));
  txn_->OnCommit(file(), [dbi](MDB_txn* w) -> Status {
    return engine::FromLmdb(mdb_drop(w, dbi, 0));
  });
  Status status = Refresh();
  return scope.Finish(status);
}

void TableCursor::RollbackTo(int level) {
  if (at_.prepared && update_level_ > level) CancelUpdate();
  if (index_ != 0 && index_level_ > level) {
    index_ = 0;
    index_level_ = 0;
    DropMergedCursor();
    search_key_.reset();
    has_range_ = false;
    at_.position = Position::kBeforeFirst;
    at_.deferred_first = true;
  }
  // Whatever the cursor had read may be gone with the rolled-back writes.
  at_.merged_positioned = false;
  view_valid_ = false;
  ddl_generation_ = 0;  // DDL may have rolled back too: reload
}

}  // namespace lmjet::cursor
