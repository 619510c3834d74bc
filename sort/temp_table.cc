#include "sort/temp_table.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "cursor/column_io.h"
#include "engine/column_types.h"
#include "engine/index_keys.h"
#include "engine/key_codec.h"

namespace lmjet::sort {
namespace {

constexpr JET_GRBIT kMaterializingGrbits =
    JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable |
    JET_bitTTForceMaterialization;

bool IsMoveFirst(long rows) {
  return rows == static_cast<long>(JET_MoveFirst) ||
         rows == static_cast<long>(static_cast<int32_t>(JET_MoveFirst));
}

bool IsLongValueType(JET_COLTYP coltyp) {
  return coltyp == JET_coltypLongText || coltyp == JET_coltypLongBinary;
}

// Appends the 8-byte seq of a bookmark.
void PutSeq(uint64_t seq, std::string* out) {
  const size_t at = out->size();
  out->resize(at + 8);
  EncodeSeq(seq, out->data() + at);
}

engine::EncodeOptions RecordEncoding() {
  engine::EncodeOptions options;
  options.max_inline_value = JET_cbLVColumnMost;
  return options;
}

// The sorted in-memory result of a sorter that never spilled, read in
// place; a row's seq is its position.
class SortedBatchCursor : public RowCursor {
 public:
  explicit SortedBatchCursor(const ExternalSorter* sorter)
      : sorter_(sorter), count_(sorter->memory_count()) {}
  Status SeekFirst(bool* found) override { return At(0, found); }
  Status SeekLast(bool* found) override {
    return count_ == 0 ? At(count_, found) : At(count_ - 1, found);
  }
  Status Seek(std::string_view key, uint64_t seq, bool* found) override {
    size_t lo = 0, hi = count_;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (CompareRows(sorter_->memory_key(mid), mid, key, seq) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return At(lo, found);
  }
  Status Next(bool* found) override {
    // Scans read the arena in sorted order, at random: fetch ahead.
    if (index_ + kPrefetchDistance + 1 < count_) {
      sorter_->PrefetchMemory(index_ + kPrefetchDistance + 1);
    }
    return At(index_ + 1, found);
  }
  Status Prev(bool* found) override {
    return index_ == 0 ? At(count_, found) : At(index_ - 1, found);
  }
  std::string_view key() const override { return sorter_->memory_key(index_); }
  uint64_t seq() const override { return index_; }
  std::string_view record() const override {
    return sorter_->memory_value(index_);
  }

 private:
  Status At(size_t index, bool* found) {
    index_ = index;
    *found = index < count_;
    return Status::Ok();
  }
  static constexpr size_t kPrefetchDistance = 32;
  const ExternalSorter* sorter_;
  size_t count_;
  size_t index_ = 0;
};

}  // namespace

Status TempTable::Open(const JET_COLUMNDEF* columns, unsigned long count,
                       JET_GRBIT grbit, const Options& options,
                       JET_COLUMNID* ids, std::unique_ptr<TempTable>* out) {
  if ((columns == nullptr && count > 0) || (ids == nullptr && count > 0) ||
      out == nullptr) {
    return Status(JET_errInvalidParameter);
  }
  if (grbit & ~kKnownGrbits) return Status(JET_errInvalidGrbit);
  if ((grbit & JET_bitTTForwardOnly) && (grbit & kMaterializingGrbits)) {
    return Status(JET_errCannotMaterializeForwardOnlySort);
  }
  std::unique_ptr<TempTable> table(new TempTable());
  table->sh_ = std::make_shared<Shared>();
  table->sh_->grbit = grbit;
  table->sh_->def.name = "temp";
  engine::IndexDef index;
  index.name = "primary";
  index.grbit = JET_bitIndexPrimary;
  if (grbit & JET_bitTTSortNullsHigh) index.grbit |= JET_bitIndexSortNullsHigh;
  if (grbit & JET_bitTTDotNetGuid) index.grbit |= JET_bitIndexDotNetGuid;
  // Keys and the 8-byte insertion number must fit an LMDB key (RowStore).
  index.cb_key_most = static_cast<uint32_t>(std::min<unsigned long>(
      options.cb_key_most != 0 ? options.cb_key_most : JET_cbKeyMost,
      RowStore::kMaxKeyBytes));
  JET_COLUMNID next_fixed = engine::kFirstFixedColumnId;
  JET_COLUMNID next_variable = engine::kFirstVariableColumnId;
  JET_COLUMNID next_tagged = engine::kFirstTaggedColumnId;
  bool has_long_value = false;
  for (unsigned long i = 0; i < count; ++i) {
    const JET_COLUMNDEF& c = columns[i];
    if (c.cbStruct < sizeof(JET_COLUMNDEF)) {
      return Status(JET_errInvalidParameter);
    }
    const JET_GRBIT tt_bits = JET_bitColumnTTKey | JET_bitColumnTTDescending;
    engine::ColumnDef column;
    engine::ColumnRequestContext context;
    Status s =
        engine::CheckColumnDefinition(c.coltyp, c.cbMax, c.grbit & ~tt_bits,
                                      c.cp, nullptr, 0, context, &column);
    if (s.code() < 0) return s;
    const bool tagged =
        (column.grbit & JET_bitColumnTagged) || IsLongValueType(column.coltyp);
    const bool fixed = !tagged && (engine::FixedSizeOf(column.coltyp) != 0 ||
                                   (column.grbit & JET_bitColumnFixed));
    if (tagged) {
      if (next_tagged > engine::kLastTaggedColumnId) {
        return Status(JET_errTooManyColumns);
      }
      column.columnid = next_tagged++;
    } else if (fixed) {
      if (next_fixed > engine::kLastFixedColumnId) {
        return Status(JET_errTooManyColumns);
      }
      column.columnid = next_fixed++;
    } else {
      if (next_variable > engine::kLastVariableColumnId) {
        return Status(JET_errTooManyColumns);
      }
      column.columnid = next_variable++;
    }
    if (IsLongValueType(column.coltyp)) has_long_value = true;
    column.name = "c" + std::to_string(i);
    if (c.grbit & JET_bitColumnTTKey) {
      engine::IndexSegment segment;
      segment.columnid = column.columnid;
      segment.descending = (c.grbit & JET_bitColumnTTDescending) != 0;
      index.segments.push_back(segment);
    }
    table->sh_->def.columns.push_back(std::move(column));
  }
  const bool no_key = index.segments.empty();
  table->sh_->immediate =
      no_key || (grbit & JET_bitTTForceMaterialization) ||
      (has_long_value && !(grbit & JET_bitTTIntrinsicLVsOnly));
  if ((grbit & JET_bitTTForwardOnly) && table->sh_->immediate) {
    return Status(JET_errCannotMaterializeForwardOnlySort);
  }
  if (!no_key) {
    table->sh_->key_build_limit = engine::IndexKeyLimit(index);
    bool fast = true;
    for (const engine::IndexSegment& segment : index.segments) {
      const engine::ColumnDef* column =
          table->sh_->def.FindColumn(segment.columnid);
      if (column == nullptr || column->has_default) fast = false;
      if (!fast) break;
      KeyColumn k;
      k.columnid = segment.columnid;
      k.codec.coltyp = column->coltyp;
      k.codec.cp = column->cp;
      k.codec.descending = segment.descending;
      k.codec.sort_nulls_high = (index.grbit & JET_bitIndexSortNullsHigh) != 0;
      k.codec.dotnet_guid = (index.grbit & JET_bitIndexDotNetGuid) != 0;
      table->sh_->key_columns.push_back(k);
    }
    if (!fast) table->sh_->key_columns.clear();
    table->sh_->def.indexes.push_back(std::move(index));
  }
  LMJET_RETURN_IF_ERROR(
      engine::MakeRecordLayout(table->sh_->def, &table->sh_->layout));
  if (!no_key) {
    cursor::SearchKeyIndex key_index;
    LMJET_RETURN_IF_ERROR(cursor::MakeSearchKeyIndex(
        table->sh_->def.indexes[0], table->sh_->def.columns, &key_index));
    table->sh_->key_index = std::move(key_index);
  }
  table->sh_->store_options.memory_budget_bytes = options.memory_budget_bytes;
  table->sh_->store_options.spill_directory = options.spill_directory;
  if (table->sh_->immediate) {
    table->sh_->phase = Phase::kInsert;
    LMJET_RETURN_IF_ERROR(table->NewRowStore());
  } else {
    table->sh_->sorter_options.memory_budget_bytes =
        options.memory_budget_bytes;
    table->sh_->sorter_options.spill_directory = options.spill_directory;
    table->sh_->sorter_options.unique_keys = !table->keeps_duplicates();
    table->sh_->sorter =
        std::make_unique<ExternalSorter>(table->sh_->sorter_options);
  }
  for (unsigned long i = 0; i < count; ++i) {
    ids[i] = table->sh_->def.columns[i].columnid;
  }
  *out = std::move(table);
  return Status::Ok();
}

TempTable::~TempTable() {
  // This cursor's readers go before the rows they read (the last cursor
  // takes the sorter, the store and their files with it).
  batch_cursor_.reset();
  iterator_.reset();
  if (sh_ != nullptr && sh_->rows_user == this) sh_->rows_user = nullptr;
  sh_.reset();
}

Status TempTable::Dup(std::unique_ptr<TempTable>* out) {
  if (out == nullptr) return Status(JET_errInvalidParameter);
  // ESE: ErrIllegalDupCursor in the insert phase of a sort and once its
  // end failed (vtfndefTTSortIns, vtfndefTTSortClose).
  if (sh_->phase == Phase::kFailed ||
      (sh_->phase == Phase::kInsert && !sh_->immediate)) {
    return Status(JET_errIllegalOperation);
  }
  std::unique_ptr<TempTable> dup(new TempTable());
  dup->sh_ = sh_;
  dup->where_ = Where::kBeforeFirst;
  if (sh_->phase == Phase::kStreamed) {
    // A sort read from its merge: a merge of its own, on the first record.
    LMJET_RETURN_IF_ERROR(sh_->sorter->NewIterator(&dup->iterator_));
    dup->stream_started_ = true;
  } else if (sh_->store != nullptr) {
    // A materialized table: a deferred MoveFirst.
    dup->rows_ = sh_->store.get();
    dup->deferred_first_ = true;
  } else {
    // A sort read in place: on its first row.
    dup->batch_cursor_ = std::make_unique<SortedBatchCursor>(sh_->sorter.get());
    dup->rows_ = dup->batch_cursor_.get();
    bool found = false;
    LMJET_RETURN_IF_ERROR(dup->rows_->SeekFirst(&found));
    if (found) dup->SetPosition();
  }
  *out = std::move(dup);
  return Status::Ok();
}

void TempTable::ResolveDeferredFirst() {
  if (!deferred_first_) return;
  deferred_first_ = false;
  if (sh_->phase != Phase::kMaterialized || where_ != Where::kBeforeFirst) {
    return;
  }
  bool found = false;
  Unsync();
  if (rows_->SeekFirst(&found).ok() && found) SetPosition();
}

std::vector<std::string> TempTable::spill_files() const {
  std::vector<std::string> files;
  if (sh_->sorter != nullptr) files = sh_->sorter->run_paths();
  if (rows_on_disk()) files.push_back(sh_->store->file_path());
  return files;
}

uint64_t TempTable::spilled_runs() const {
  return sh_->sorter == nullptr ? 0 : sh_->sorter->stats().runs_written;
}

size_t TempTable::peak_memory_bytes() const {
  size_t peak = sh_->sort_peak_memory_bytes;
  if (sh_->sorter != nullptr) {
    peak = std::max(peak, sh_->sorter->stats().peak_memory_bytes);
  }
  if (sh_->store != nullptr)
    peak = std::max(peak, sh_->store->peak_memory_bytes());
  return peak;
}

Status TempTable::KeyOf(std::string_view record, std::string* key) {
  key->clear();
  if (sh_->def.indexes.empty()) return Status::Ok();
  engine::RecordView view;
  LMJET_RETURN_IF_ERROR(engine::RecordView::Open(record, &sh_->layout, &view));
  LMJET_RETURN_IF_ERROR(engine::BuildIndexKeys(sh_->def, sh_->def.indexes[0],
                                               view, nullptr, &scratch_keys_));
  if (!scratch_keys_.empty()) key->swap(scratch_keys_[0].bytes);
  if (key->size() > sh_->key_index->key_limit)
    key->resize(sh_->key_index->key_limit);
  return Status::Ok();
}

Status TempTable::KeyOfCopy(std::string* key, bool* built) {
  *built = false;
  key->clear();
  if (sh_->key_columns.empty()) return Status::Ok();
  // As engine::BuildIndexKeys for a primary index: value 1 of each key
  // column (no defaults here), NULL when absent, cut at the index's limit.
  const size_t limit = sh_->key_build_limit;
  for (const KeyColumn& k : sh_->key_columns) {
    engine::ColumnValue value;
    LMJET_RETURN_IF_ERROR(copy_->Get(k.columnid, 1, &value));
    switch (value.kind) {
      case engine::ValueKind::kInline:
        LMJET_RETURN_IF_ERROR(engine::AppendKeySegment(
            k.codec, engine::KeyValue::kData, value.data.data(),
            value.data.size(), key, limit));
        break;
      case engine::ValueKind::kLongValue:
        return Status::Ok();  // not built: KeyOf reads it
      default:
        LMJET_RETURN_IF_ERROR(engine::AppendKeySegment(
            k.codec, engine::KeyValue::kNull, nullptr, 0, key, limit));
        break;
    }
  }
  engine::TruncateKey(key, limit);
  if (key->size() > sh_->key_index->key_limit)
    key->resize(sh_->key_index->key_limit);
  *built = true;
  return Status::Ok();
}

Status TempTable::NewRowStore() {
  sh_->store = std::make_unique<RowStore>(sh_->store_options);
  rows_ = sh_->store.get();
  return Status::Ok();
}

Status TempTable::InsertRow(std::string_view key, uint64_t seq,
                            std::string_view record) {
  if (!keeps_duplicates() && !sh_->def.indexes.empty()) {
    bool found = false;
    Unsync();
    LMJET_RETURN_IF_ERROR(sh_->store->Seek(key, 0, &found));
    if (found && sh_->store->key() == key) return Status(JET_errKeyDuplicate);
  }
  // The cursor keeps its place by (key, seq).
  Unsync();
  return sh_->store->Insert(key, seq, record);
}

Status TempTable::EndInsert() {
  CancelUpdate();
  where_ = Where::kBeforeFirst;
  if (sh_->immediate) {
    sh_->phase = Phase::kMaterialized;
    return Status::Ok();
  }
  Status s = sh_->sorter->Finish();
  if (!s.ok()) {
    sh_->phase = Phase::kFailed;
    return s;
  }
  const bool spilled = !sh_->sorter->in_memory();
  if (!spilled && !updatable()) {
    // Read in place: the sorted batch is the materialized table.
    batch_cursor_ = std::make_unique<SortedBatchCursor>(sh_->sorter.get());
    rows_ = batch_cursor_.get();
    sh_->next_seq = sh_->sorter->memory_count();
    sh_->phase = Phase::kMaterialized;
    return Status::Ok();
  }
  if (!spilled) {
    // Updatable, in memory: the rows move into the RowStore chunk by chunk,
    // each arena chunk freed once its rows are in, so the two together hold
    // little more than the rows once (not twice).
    const size_t count = sh_->sorter->memory_count();
    s = NewRowStore();
    if (s.ok()) {
      s = sh_->sorter->DrainMemory(
          [this](std::string_view key, std::string_view value, size_t index) {
            return sh_->store->Insert(key, index, value);
          });
    }
    if (!s.ok()) {
      sh_->phase = Phase::kFailed;
      return s;
    }
    sh_->next_seq = count;
    sh_->sort_peak_memory_bytes = sh_->sorter->stats().peak_memory_bytes;
    sh_->sorter.reset();
    sh_->phase = Phase::kMaterialized;
    return Status::Ok();
  }
  const bool materialize =
      updatable() || (sh_->grbit & (JET_bitTTIndexed | JET_bitTTScrollable));
  std::unique_ptr<ExternalSorter::Iterator> it;
  s = sh_->sorter->NewIterator(&it);
  if (!s.ok()) {
    sh_->phase = Phase::kFailed;
    return s;
  }
  if (!materialize) {
    iterator_ = std::move(it);
    sh_->phase = Phase::kStreamed;
    return Status::Ok();
  }
  s = NewRowStore();
  uint64_t seq = 0;
  while (s.ok() && it->Valid()) {
    s = sh_->store->Insert(it->key(), seq++, it->value());  // in order: appends
    if (s.ok()) s = it->Next();
  }
  if (!s.ok()) {
    sh_->phase = Phase::kFailed;
    return s;
  }
  sh_->next_seq = seq;
  it.reset();
  sh_->sort_peak_memory_bytes = sh_->sorter->stats().peak_memory_bytes;
  sh_->sorter.reset();  // the run files and the batch go now
  sh_->phase = Phase::kMaterialized;
  return Status::Ok();
}

// --- Navigation
// ---------------------------------------------------------------

bool TempTable::InRange(std::string_view key) const {
  return !range_.has_value() ||
         cursor::RangeContains(*range_, std::string(key));
}

Status TempTable::SyncCursor() {
  if (InSync()) return Status::Ok();
  bool found = false;
  LMJET_RETURN_IF_ERROR(rows_->Seek(pos_key_, pos_seq_, &found));
  if (!found || rows_->key() != pos_key_ || rows_->seq() != pos_seq_) {
    // Deleted through another cursor: moves go on from where it was.
    where_ = Where::kOnDeleted;
    return Status(JET_errRecordDeleted);
  }
  Synced();
  return Status::Ok();
}

void TempTable::SetPosition() {
  const std::string_view key = rows_->key();
  pos_key_.assign(key.data(), key.size());
  pos_seq_ = rows_->seq();
  where_ = Where::kOnRow;
  Synced();
}

Status TempTable::Step(bool forward, bool* found) {
  *found = false;
  switch (where_) {
    case Where::kBeforeFirst:
      return forward ? rows_->SeekFirst(found) : Status::Ok();
    case Where::kAfterLast:
      return forward ? Status::Ok() : rows_->SeekLast(found);
    case Where::kOnRow: {
      const Status synced = SyncCursor();
      if (synced.code() == JET_errRecordDeleted) return Step(forward, found);
      LMJET_RETURN_IF_ERROR(synced);
      return forward ? rows_->Next(found) : rows_->Prev(found);
    }
    case Where::kOnDeleted:
      // The rows after the deleted one start at its (key, seq).
      Unsync();
      LMJET_RETURN_IF_ERROR(rows_->Seek(pos_key_, pos_seq_, found));
      if (forward) return Status::Ok();
      return *found ? rows_->Prev(found) : rows_->SeekLast(found);
  }
  return Status::Ok();
}

Status TempTable::Move(long rows, JET_GRBIT grbit) {
  if (grbit & ~JET_GRBIT{JET_bitMoveKeyNE}) return Status(JET_errInvalidGrbit);
  if (sh_->phase == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (sh_->phase == Phase::kInsert) LMJET_RETURN_IF_ERROR(EndInsert());
  // ESE's ErrIsamSortMove: backward steps need Scrollable or Indexed
  // unless the table is materialized (a B-tree in ESE).
  if (rows < 0 && !IsMoveFirst(rows) && !CanScroll()) {
    return Status(JET_errIllegalOperation);
  }
  if (prepared_) CancelUpdate();
  if (sh_->phase == Phase::kStreamed) return MoveStreamed(rows, grbit);
  // A deferred MoveFirst: Move(0) asks for the first row; other moves
  // start before it (where_ is kBeforeFirst).
  if (rows == 0) {
    ResolveDeferredFirst();
  } else {
    deferred_first_ = false;
  }
  return MoveMaterialized(rows, grbit);
}

Status TempTable::MoveMaterialized(long rows, JET_GRBIT grbit) {
  const bool key_ne = (grbit & JET_bitMoveKeyNE) != 0;
  bool found = false;
  if (IsMoveFirst(rows) || rows == JET_MoveLast) {
    const bool first = IsMoveFirst(rows);
    Unsync();
    LMJET_RETURN_IF_ERROR(first ? rows_->SeekFirst(&found)
                                : rows_->SeekLast(&found));
    if (!found) {
      where_ = Where::kBeforeFirst;
      if (!first) range_.reset();
      return Status(JET_errNoCurrentRecord);
    }
    range_.reset();
    SetPosition();
    return Status::Ok();
  }
  if (rows == 0) {
    if (where_ == Where::kOnDeleted) return Status(JET_errRecordDeleted);
    return OnRow() ? Status::Ok() : Status(JET_errNoCurrentRecord);
  }
  const bool forward = rows > 0;
  std::string from;
  for (long left = forward ? rows : -rows; left > 0; --left) {
    const bool had_row = where_ == Where::kOnRow;
    if (key_ne && had_row) from = pos_key_;
    LMJET_RETURN_IF_ERROR(Step(forward, &found));
    while (found && key_ne && had_row && rows_->key() == from) {
      LMJET_RETURN_IF_ERROR(forward ? rows_->Next(&found)
                                    : rows_->Prev(&found));
    }
    if (!found || !InRange(rows_->key())) {
      if (found) range_.reset();
      where_ = forward ? Where::kAfterLast : Where::kBeforeFirst;
      Unsync();
      return Status(JET_errNoCurrentRecord);
    }
    SetPosition();
  }
  return Status::Ok();
}

Status TempTable::MoveStreamed(long rows, JET_GRBIT grbit) {
  (void)grbit;
  if (IsMoveFirst(rows)) {
    if (stream_moved_past_first_) return Status(JET_errIllegalOperation);
    stream_started_ = true;
    return iterator_->Valid() ? Status::Ok() : Status(JET_errNoCurrentRecord);
  }
  if (rows == JET_MoveLast || rows < 0) {
    return Status(JET_errIllegalOperation);
  }
  if (rows == 0) {
    return stream_started_ && iterator_->Valid()
               ? Status::Ok()
               : Status(JET_errNoCurrentRecord);
  }
  for (long left = rows; left > 0; --left) {
    if (!stream_started_) {
      stream_started_ = true;
    } else {
      if (!iterator_->Valid()) return Status(JET_errNoCurrentRecord);
      LMJET_RETURN_IF_ERROR(iterator_->Next());
      stream_moved_past_first_ = true;
    }
    if (!iterator_->Valid()) return Status(JET_errNoCurrentRecord);
  }
  return Status::Ok();
}

Status TempTable::MakeKey(const void* data, unsigned long cb, JET_GRBIT grbit) {
  if (sh_->phase == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!sh_->key_index.has_value()) return Status(JET_errNoCurrentIndex);
  if (!search_key_.has_value()) search_key_.emplace(*sh_->key_index);
  return search_key_->MakeKey(data, cb, grbit);
}

Status TempTable::Seek(JET_GRBIT grbit) {
  if (sh_->phase == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!search_key_.has_value() || !search_key_->made()) {
    return Status(JET_errKeyNotMade);
  }
  cursor::SeekTarget target;
  LMJET_RETURN_IF_ERROR(cursor::MakeSeekTarget(*search_key_, grbit, &target));
  search_key_->Reset();
  if (sh_->phase == Phase::kInsert) LMJET_RETURN_IF_ERROR(EndInsert());
  // ESE's ErrIsamSortSeek: JET_errIllegalOperation without Scrollable or
  // Indexed on a sort that is not materialized.
  if (sh_->phase == Phase::kStreamed || !CanScroll()) {
    return Status(JET_errIllegalOperation);
  }
  CancelUpdate();
  deferred_first_ = false;
  // As cursor::ExecuteSeek, over rows_: the first row with key >= bound, or
  // the last one below it.
  bool found = false;
  Unsync();
  if (target.bound_past_end) {
    if (target.op == cursor::SeekTarget::Op::kLastBefore) {
      LMJET_RETURN_IF_ERROR(rows_->SeekLast(&found));
    }
  } else {
    LMJET_RETURN_IF_ERROR(rows_->Seek(target.bound, 0, &found));
    if (target.op == cursor::SeekTarget::Op::kLastBefore) {
      LMJET_RETURN_IF_ERROR(found ? rows_->Prev(&found)
                                  : rows_->SeekLast(&found));
    }
  }
  if (!found) return Status(JET_errRecordNotFound);
  const std::string_view key = rows_->key();
  const bool equal = key.substr(0, target.key.size()) == target.key;
  if (target.must_equal && !equal) return Status(JET_errRecordNotFound);
  const Status s = target.warn_not_equal && !equal ? Status(JET_wrnSeekNotEqual)
                                                   : Status::Ok();
  range_.reset();
  SetPosition();
  if (target.set_index_range && s.ok()) {
    cursor::RangeLimit limit;
    limit.upper = true;
    limit.inclusive = true;
    limit.key = target.key;
    limit.key_truncated = target.key_truncated;
    range_ = limit;
  }
  return s;
}

Status TempTable::SetIndexRange(JET_GRBIT grbit) {
  if (sh_->phase == Phase::kInsert || sh_->phase == Phase::kFailed ||
      sh_->phase == Phase::kStreamed || !CanScroll()) {
    return Status(JET_errIllegalOperation);
  }
  if (grbit & JET_bitRangeRemove) {
    if (!range_.has_value()) return Status(JET_errInvalidOperation);
    range_.reset();
    return Status::Ok();
  }
  if (!search_key_.has_value() || !search_key_->made()) {
    return Status(JET_errKeyNotMade);
  }
  cursor::RangeLimit limit;
  LMJET_RETURN_IF_ERROR(cursor::IndexRangeLimit(*search_key_, grbit, &limit));
  search_key_->Reset();
  ResolveDeferredFirst();
  if (where_ == Where::kOnDeleted) return Status(JET_errRecordDeleted);
  if (!OnRow()) return Status(JET_errNoCurrentRecord);
  if (!cursor::RangeContains(limit, pos_key_)) {
    range_.reset();
    return Status(JET_errNoCurrentRecord);
  }
  if (!limit.instant_duration) range_ = limit;
  return Status::Ok();
}

Status TempTable::GetBookmark(void* data, unsigned long cb,
                              unsigned long* actual) {
  if (sh_->phase != Phase::kMaterialized) {
    return Status(JET_errIllegalOperation);
  }
  ResolveDeferredFirst();
  if (where_ == Where::kOnDeleted) return Status(JET_errRecordDeleted);
  if (!OnRow()) return Status(JET_errNoCurrentRecord);
  // A row deleted through another cursor has no bookmark any more.
  LMJET_RETURN_IF_ERROR(SyncCursor());
  std::string bookmark = pos_key_;
  PutSeq(pos_seq_, &bookmark);
  if (actual != nullptr) *actual = static_cast<unsigned long>(bookmark.size());
  if (cb < bookmark.size()) return Status(JET_errBufferTooSmall);
  if (data == nullptr) return Status(JET_errInvalidParameter);
  std::memcpy(data, bookmark.data(), bookmark.size());
  return Status::Ok();
}

Status TempTable::GotoBookmark(const void* data, unsigned long cb) {
  if (sh_->phase != Phase::kMaterialized)
    return Status(JET_errIllegalOperation);
  if (data == nullptr || cb < 8) return Status(JET_errInvalidBookmark);
  std::string_view bytes(static_cast<const char*>(data), cb);
  const std::string_view key = bytes.substr(0, cb - 8);
  const uint64_t seq = DecodeSeq(bytes.data() + cb - 8);
  bool found = false;
  Unsync();
  LMJET_RETURN_IF_ERROR(rows_->Seek(key, seq, &found));
  if (!found || rows_->key() != key || rows_->seq() != seq) {
    return Status(JET_errRecordDeleted);
  }
  CancelUpdate();
  deferred_first_ = false;
  SetPosition();
  return Status::Ok();
}

// --- Retrieval
// ----------------------------------------------------------------

Status TempTable::CurrentView(engine::RecordView* view) {
  if (sh_->phase == Phase::kInsert || sh_->phase == Phase::kFailed) {
    return Status(JET_errIllegalOperation);
  }
  std::string_view record;
  if (sh_->phase == Phase::kStreamed) {
    if (!stream_started_ || !iterator_->Valid()) {
      return Status(JET_errNoCurrentRecord);
    }
    record = iterator_->value();
  } else {
    ResolveDeferredFirst();
    if (where_ == Where::kOnDeleted) return Status(JET_errRecordDeleted);
    if (!OnRow()) return Status(JET_errNoCurrentRecord);
    LMJET_RETURN_IF_ERROR(SyncCursor());
    record = rows_->record();
  }
  return engine::RecordView::Open(record, &sh_->layout, view);
}

Status TempTable::RetrieveColumn(JET_COLUMNID columnid, void* data,
                                 unsigned long cb, unsigned long* actual,
                                 JET_GRBIT grbit, JET_RETINFO* retinfo) {
  if (sh_->phase == Phase::kInsert || sh_->phase == Phase::kFailed) {
    return Status(JET_errIllegalOperation);
  }
  if (grbit & JET_bitRetrieveCopy) {
    if (!prepared_) return Status(JET_errNoCurrentRecord);
    return cursor::RetrieveColumn(
        sh_->def, columnid,
        cursor::RecordSource(*copy_, prep_ == JET_prepInsert), data, cb, actual,
        grbit, retinfo);
  }
  engine::RecordView view;
  LMJET_RETURN_IF_ERROR(CurrentView(&view));
  return cursor::RetrieveColumn(sh_->def, columnid, cursor::RecordSource(view),
                                data, cb, actual, grbit, retinfo);
}

Status TempTable::RetrieveColumns(JET_RETRIEVECOLUMN* columns,
                                  unsigned long count) {
  if (sh_->phase == Phase::kInsert || sh_->phase == Phase::kFailed) {
    return Status(JET_errIllegalOperation);
  }
  if (columns == nullptr && count > 0) return Status(JET_errInvalidParameter);
  Status result;
  // The current record is opened once for all the columns.
  engine::RecordView view;
  bool view_opened = false;
  Status view_status;
  for (unsigned long i = 0; i < count; ++i) {
    JET_RETRIEVECOLUMN& c = columns[i];
    JET_RETINFO info{sizeof(JET_RETINFO), c.ibLongValue, c.itagSequence, 0};
    Status s;
    if (c.grbit & JET_bitRetrieveCopy) {
      s = RetrieveColumn(c.columnid, c.pvData, c.cbData, &c.cbActual, c.grbit,
                         &info);
    } else {
      if (!view_opened) {
        view_status = CurrentView(&view);
        view_opened = true;
      }
      s = !view_status.ok()
              ? view_status
              : cursor::RetrieveColumn(sh_->def, c.columnid,
                                       cursor::RecordSource(view), c.pvData,
                                       c.cbData, &c.cbActual, c.grbit, &info);
    }
    if (s.code() == JET_errNoCurrentRecord ||
        s.code() == JET_errRecordDeleted) {
      return s;
    }
    c.columnidNextTagged = info.columnidNextTagged;
    c.err = s.code();
    if (s.code() < 0 && result.code() >= 0) result = s;
    if (s.code() == JET_wrnBufferTruncated && result.code() == 0) result = s;
  }
  return result;
}

// --- Updates
// ------------------------------------------------------------------

void TempTable::CancelUpdate() {
  prepared_ = false;
  prep_ = 0;
}

Status TempTable::PrepareUpdate(unsigned long prep) {
  if (sh_->phase == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (prep == JET_prepCancel) {
    if (!prepared_) return Status(JET_errUpdateNotPrepared);
    CancelUpdate();
    return Status::Ok();
  }
  if (!cursor::IsUpdatePrep(prep)) return Status(JET_errInvalidParameter);
  if (sh_->phase == Phase::kInsert) {
    if (prep != JET_prepInsert) return Status(JET_errIllegalOperation);
  } else if (sh_->phase != Phase::kMaterialized || !updatable()) {
    return Status(JET_errIllegalOperation);
  }
  if (prepared_) return Status(JET_errAlreadyPrepared);
  // One copy buffer serves every update of the table.
  if (copy_ == nullptr) copy_ = std::make_unique<engine::Record>(&sh_->layout);
  update_bookmark_.clear();
  if (prep != JET_prepInsert && prep != JET_prepInsertMustSetAutoIncrement) {
    ResolveDeferredFirst();
    if (where_ == Where::kOnDeleted) return Status(JET_errRecordDeleted);
    if (!OnRow()) return Status(JET_errNoCurrentRecord);
    LMJET_RETURN_IF_ERROR(SyncCursor());
    LMJET_RETURN_IF_ERROR(copy_->Decode(rows_->record()));
    update_bookmark_ = pos_key_;
    PutSeq(pos_seq_, &update_bookmark_);
  } else {
    copy_->Clear();
  }
  prep_ = prep;
  prepared_ = true;
  return Status::Ok();
}

Status TempTable::SetColumn(JET_COLUMNID columnid, const void* data,
                            unsigned long cb, JET_GRBIT grbit,
                            const JET_SETINFO* setinfo) {
  if (sh_->phase == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!prepared_) return Status(JET_errUpdateNotPrepared);
  const bool replacing =
      prep_ == JET_prepReplace || prep_ == JET_prepReplaceNoLock;
  return cursor::SetColumn(
      sh_->def, columnid, data, cb, grbit, setinfo, replacing,
      prep_ == JET_prepInsertMustSetAutoIncrement, copy_.get());
}

Status TempTable::SetColumns(JET_SETCOLUMN* columns, unsigned long count) {
  if (columns == nullptr && count > 0) return Status(JET_errInvalidParameter);
  Status result;
  for (unsigned long i = 0; i < count; ++i) {
    JET_SETCOLUMN& c = columns[i];
    JET_SETINFO info{sizeof(JET_SETINFO), c.ibLongValue, c.itagSequence};
    Status s = SetColumn(c.columnid, c.pvData, c.cbData, c.grbit, &info);
    c.err = s.code();
    if (s.code() < 0) return s;
    if (s.code() > 0 && result.code() == 0) result = s;
  }
  return result;
}

Status TempTable::Update(void* bookmark, unsigned long cb,
                         unsigned long* actual) {
  if (sh_->phase == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!prepared_) return Status(JET_errUpdateNotPrepared);
  if (prep_ == JET_prepReadOnlyCopy) return Status(JET_errUpdateNotPrepared);
  LMJET_RETURN_IF_ERROR(cursor::CheckRecordForUpdate(sh_->def, *copy_));
  std::string& record = scratch_record_;
  LMJET_RETURN_IF_ERROR(copy_->Encode(RecordEncoding(), &record));
  std::string& key = scratch_key_;
  bool built = false;
  LMJET_RETURN_IF_ERROR(KeyOfCopy(&key, &built));
  if (!built) LMJET_RETURN_IF_ERROR(KeyOf(record, &key));
  const bool replacing =
      prep_ == JET_prepReplace || prep_ == JET_prepReplaceNoLock;
  const bool sorted_insert = sh_->phase == Phase::kInsert && !sh_->immediate;
  uint64_t seq = sh_->next_seq;
  if (replacing) {
    // The record keeps its place: the key may not change.
    const std::string_view old_bookmark(update_bookmark_);
    if (key != old_bookmark.substr(0, old_bookmark.size() - 8)) {
      return Status(JET_errRecordPrimaryChanged);
    }
    seq = DecodeSeq(old_bookmark.data() + old_bookmark.size() - 8);
    Unsync();
    LMJET_RETURN_IF_ERROR(sh_->store->Replace(key, seq, record));
  } else {
    if (sorted_insert) {
      LMJET_RETURN_IF_ERROR(sh_->sorter->Add(key, record));
    } else {
      LMJET_RETURN_IF_ERROR(InsertRow(key, seq, record));
    }
    ++sh_->next_seq;
  }
  CancelUpdate();
  // A sort's insert (ESE's ErrIsamSortUpdate) reports no bookmark.
  if (sorted_insert) return Status::Ok();
  std::string new_bookmark = key;
  PutSeq(seq, &new_bookmark);
  if (actual != nullptr) {
    *actual = static_cast<unsigned long>(new_bookmark.size());
  }
  if (bookmark != nullptr) {
    std::memcpy(bookmark, new_bookmark.data(),
                std::min<size_t>(cb, new_bookmark.size()));
  }
  return Status::Ok();
}

Status TempTable::Delete() {
  if (sh_->phase != Phase::kMaterialized || !updatable()) {
    return Status(JET_errIllegalOperation);
  }
  ResolveDeferredFirst();
  if (where_ == Where::kOnDeleted) return Status(JET_errRecordDeleted);
  if (!OnRow()) return Status(JET_errNoCurrentRecord);
  CancelUpdate();
  Unsync();
  LMJET_RETURN_IF_ERROR(sh_->store->Erase(pos_key_, pos_seq_));
  where_ = Where::kOnDeleted;  // moves go on from the deleted row's place
  return Status::Ok();
}

}  // namespace lmjet::sort
