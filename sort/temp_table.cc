#include "sort/temp_table.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "cursor/column_io.h"
#include "engine/column_types.h"
#include "engine/index_keys.h"

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

void PutSeq(uint64_t seq, std::string* out) {
  for (int i = 7; i >= 0; --i)
    out->push_back(static_cast<char>(seq >> (8 * i)));
}

uint64_t GetSeq(std::string_view bytes) {
  uint64_t seq = 0;
  for (char c : bytes) seq = (seq << 8) | static_cast<unsigned char>(c);
  return seq;
}

engine::EncodeOptions RecordEncoding() {
  engine::EncodeOptions options;
  options.max_inline_value = JET_cbLVColumnMost;
  return options;
}

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
  table->grbit_ = grbit;
  table->def_.name = "temp";
  engine::IndexDef index;
  index.name = "primary";
  index.grbit = JET_bitIndexPrimary;
  if (grbit & JET_bitTTSortNullsHigh) index.grbit |= JET_bitIndexSortNullsHigh;
  if (grbit & JET_bitTTDotNetGuid) index.grbit |= JET_bitIndexDotNetGuid;
  if (options.cb_key_most != 0) {
    index.cb_key_most = static_cast<uint32_t>(options.cb_key_most);
  }
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
    table->def_.columns.push_back(std::move(column));
  }
  const bool no_key = index.segments.empty();
  table->immediate_ = no_key || (grbit & JET_bitTTForceMaterialization) ||
                      (has_long_value && !(grbit & JET_bitTTIntrinsicLVsOnly));
  if ((grbit & JET_bitTTForwardOnly) && table->immediate_) {
    return Status(JET_errCannotMaterializeForwardOnlySort);
  }
  if (!no_key) table->def_.indexes.push_back(std::move(index));
  LMJET_RETURN_IF_ERROR(engine::MakeRecordLayout(table->def_, &table->layout_));
  if (!no_key) {
    cursor::SearchKeyIndex key_index;
    LMJET_RETURN_IF_ERROR(cursor::MakeSearchKeyIndex(
        table->def_.indexes[0], table->def_.columns, &key_index));
    table->key_index_ = std::move(key_index);
  }
  if (table->immediate_) {
    table->phase_ = Phase::kInsert;
  } else {
    table->sorter_options_.memory_budget_bytes = options.memory_budget_bytes;
    table->sorter_options_.spill_directory = options.spill_directory;
    table->sorter_options_.unique_keys = !table->keeps_duplicates();
    table->sorter_ = std::make_unique<ExternalSorter>(table->sorter_options_);
  }
  for (unsigned long i = 0; i < count; ++i) {
    ids[i] = table->def_.columns[i].columnid;
  }
  *out = std::move(table);
  return Status::Ok();
}

TempTable::~TempTable() {
  iterator_.reset();
  sorter_.reset();
}

std::vector<std::string> TempTable::spill_files() const {
  return sorter_ == nullptr ? std::vector<std::string>() : sorter_->run_paths();
}

uint64_t TempTable::spilled_runs() const {
  return sorter_ == nullptr ? 0 : sorter_->stats().runs_written;
}

Status TempTable::KeyOf(std::string_view record, std::string* key) const {
  key->clear();
  if (def_.indexes.empty()) return Status::Ok();
  engine::RecordView view;
  LMJET_RETURN_IF_ERROR(engine::RecordView::Open(record, &layout_, &view));
  std::vector<engine::IndexKey> keys;
  LMJET_RETURN_IF_ERROR(
      engine::BuildIndexKeys(def_, def_.indexes[0], view, nullptr, &keys));
  if (!keys.empty()) *key = std::move(keys[0].bytes);
  if (key->size() > key_index_->key_limit) key->resize(key_index_->key_limit);
  return Status::Ok();
}

Status TempTable::InsertRow(std::string key, uint64_t seq, std::string record,
                            size_t* index) {
  auto upper = std::upper_bound(keys_.begin(), keys_.end(), key);
  if (!keeps_duplicates() && !def_.indexes.empty() && upper != keys_.begin() &&
      *(upper - 1) == key) {
    return Status(JET_errKeyDuplicate);
  }
  const size_t at = static_cast<size_t>(upper - keys_.begin());
  keys_.insert(upper, std::move(key));
  rows_.insert(rows_.begin() + static_cast<long>(at),
               Row{seq, std::move(record)});
  // The cursor stays on (or before) the row it was on.
  if (pos_ >= static_cast<long>(at)) ++pos_;
  *index = at;
  return Status::Ok();
}

Status TempTable::EndInsert() {
  CancelUpdate();
  if (immediate_) {
    phase_ = Phase::kMaterialized;
    pos_ = -1;
    return Status::Ok();
  }
  Status s = sorter_->Finish();
  if (!s.ok()) {
    phase_ = Phase::kFailed;
    return s;
  }
  const bool spilled = sorter_->stats().runs_written > 0;
  const bool materialize = !spilled || updatable() ||
                           (grbit_ & (JET_bitTTIndexed | JET_bitTTScrollable));
  std::unique_ptr<ExternalSorter::Iterator> it;
  s = sorter_->NewIterator(&it);
  if (!s.ok()) {
    phase_ = Phase::kFailed;
    return s;
  }
  if (!materialize) {
    iterator_ = std::move(it);
    phase_ = Phase::kStreamed;
    return Status::Ok();
  }
  uint64_t seq = 0;
  while (it->Valid()) {
    keys_.emplace_back(it->key());
    rows_.push_back(Row{seq++, std::string(it->value())});
    s = it->Next();
    if (!s.ok()) {
      phase_ = Phase::kFailed;
      return s;
    }
  }
  next_seq_ = seq;
  it.reset();
  sorter_.reset();  // the spill files go now
  phase_ = Phase::kMaterialized;
  pos_ = -1;
  return Status::Ok();
}

// --- Navigation
// ---------------------------------------------------------------

bool TempTable::InRange(size_t index) const {
  return !range_.has_value() || cursor::RangeContains(*range_, keys_[index]);
}

Status TempTable::Move(long rows, JET_GRBIT grbit) {
  if (grbit & ~JET_GRBIT{JET_bitMoveKeyNE}) return Status(JET_errInvalidGrbit);
  if (phase_ == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (phase_ == Phase::kInsert) LMJET_RETURN_IF_ERROR(EndInsert());
  // ESE's ErrIsamSortMove: backward steps need Scrollable or Indexed
  // unless the table is materialized (a B-tree in ESE).
  if (rows < 0 && !IsMoveFirst(rows) && !CanScroll()) {
    return Status(JET_errIllegalOperation);
  }
  CancelUpdate();
  if (phase_ == Phase::kStreamed) return MoveStreamed(rows, grbit);
  return MoveMaterialized(rows, grbit);
}

Status TempTable::MoveMaterialized(long rows, JET_GRBIT grbit) {
  const long n = static_cast<long>(keys_.size());
  const bool key_ne = (grbit & JET_bitMoveKeyNE) != 0;
  if (IsMoveFirst(rows)) {
    on_deleted_ = false;
    pos_ = 0;
    if (n == 0) {
      pos_ = -1;
      return Status(JET_errNoCurrentRecord);
    }
    range_.reset();
    return Status::Ok();
  }
  if (rows == JET_MoveLast) {
    on_deleted_ = false;
    range_.reset();
    pos_ = n - 1;
    if (n == 0) return Status(JET_errNoCurrentRecord);
    return Status::Ok();
  }
  if (rows == 0) {
    if (on_deleted_) return Status(JET_errRecordDeleted);
    return OnRow() ? Status::Ok() : Status(JET_errNoCurrentRecord);
  }
  const bool forward = rows > 0;
  for (long left = forward ? rows : -rows; left > 0; --left) {
    std::string from;
    if (OnRow()) from = keys_[static_cast<size_t>(pos_)];
    const bool had_row = OnRow();
    do {
      if (forward) {
        if (on_deleted_) {
          on_deleted_ = false;  // pos_ already names the next row
        } else if (pos_ < n) {
          ++pos_;
        }
      } else {
        on_deleted_ = false;
        if (pos_ >= 0) --pos_;
      }
    } while (key_ne && had_row && pos_ >= 0 && pos_ < n &&
             keys_[static_cast<size_t>(pos_)] == from);
    if (pos_ < 0 || pos_ >= n) {
      pos_ = forward ? n : -1;
      return Status(JET_errNoCurrentRecord);
    }
    if (!InRange(static_cast<size_t>(pos_))) {
      range_.reset();
      pos_ = forward ? n : -1;
      return Status(JET_errNoCurrentRecord);
    }
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
  if (phase_ == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!key_index_.has_value()) return Status(JET_errNoCurrentIndex);
  if (!search_key_.has_value()) search_key_.emplace(*key_index_);
  return search_key_->MakeKey(data, cb, grbit);
}

Status TempTable::Seek(JET_GRBIT grbit) {
  if (phase_ == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!search_key_.has_value() || !search_key_->made()) {
    return Status(JET_errKeyNotMade);
  }
  cursor::SeekTarget target;
  LMJET_RETURN_IF_ERROR(cursor::MakeSeekTarget(*search_key_, grbit, &target));
  search_key_->Reset();
  if (phase_ == Phase::kInsert) LMJET_RETURN_IF_ERROR(EndInsert());
  // ESE's ErrIsamSortSeek: JET_errIllegalOperation without Scrollable or
  // Indexed on a sort that is not materialized.
  if (phase_ == Phase::kStreamed || !CanScroll()) {
    return Status(JET_errIllegalOperation);
  }
  CancelUpdate();
  size_t position = 0;
  Status s = cursor::ExecuteSeek(target, keys_, &position);
  if (s.code() < 0) return s;
  on_deleted_ = false;
  range_.reset();
  pos_ = static_cast<long>(position);
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
  if (phase_ == Phase::kInsert || phase_ == Phase::kFailed ||
      phase_ == Phase::kStreamed || !CanScroll()) {
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
  if (on_deleted_) return Status(JET_errRecordDeleted);
  if (!OnRow()) return Status(JET_errNoCurrentRecord);
  if (!cursor::RangeContains(limit, keys_[static_cast<size_t>(pos_)])) {
    range_.reset();
    return Status(JET_errNoCurrentRecord);
  }
  if (!limit.instant_duration) range_ = limit;
  return Status::Ok();
}

Status TempTable::GetBookmark(void* data, unsigned long cb,
                              unsigned long* actual) {
  if (phase_ != Phase::kMaterialized) return Status(JET_errIllegalOperation);
  if (on_deleted_) return Status(JET_errRecordDeleted);
  if (!OnRow()) return Status(JET_errNoCurrentRecord);
  std::string bookmark = keys_[static_cast<size_t>(pos_)];
  PutSeq(rows_[static_cast<size_t>(pos_)].seq, &bookmark);
  if (actual != nullptr) *actual = static_cast<unsigned long>(bookmark.size());
  if (cb < bookmark.size()) return Status(JET_errBufferTooSmall);
  if (data == nullptr) return Status(JET_errInvalidParameter);
  std::memcpy(data, bookmark.data(), bookmark.size());
  return Status::Ok();
}

Status TempTable::GotoBookmark(const void* data, unsigned long cb) {
  if (phase_ != Phase::kMaterialized) return Status(JET_errIllegalOperation);
  if (data == nullptr || cb < 8) return Status(JET_errInvalidBookmark);
  std::string_view bytes(static_cast<const char*>(data), cb);
  const std::string key(bytes.substr(0, cb - 8));
  const uint64_t seq = GetSeq(bytes.substr(cb - 8));
  auto lower = std::lower_bound(keys_.begin(), keys_.end(), key);
  for (auto it = lower; it != keys_.end() && *it == key; ++it) {
    const size_t index = static_cast<size_t>(it - keys_.begin());
    if (rows_[index].seq == seq) {
      CancelUpdate();
      pos_ = static_cast<long>(index);
      on_deleted_ = false;
      return Status::Ok();
    }
  }
  return Status(JET_errRecordDeleted);
}

// --- Retrieval
// ----------------------------------------------------------------

Status TempTable::CurrentView(engine::RecordView* view) {
  if (phase_ == Phase::kInsert || phase_ == Phase::kFailed) {
    return Status(JET_errIllegalOperation);
  }
  std::string_view record;
  if (phase_ == Phase::kStreamed) {
    if (!stream_started_ || !iterator_->Valid()) {
      return Status(JET_errNoCurrentRecord);
    }
    record = iterator_->value();
  } else {
    if (on_deleted_) return Status(JET_errRecordDeleted);
    if (!OnRow()) return Status(JET_errNoCurrentRecord);
    record = rows_[static_cast<size_t>(pos_)].record;
  }
  return engine::RecordView::Open(record, &layout_, view);
}

Status TempTable::RetrieveColumn(JET_COLUMNID columnid, void* data,
                                 unsigned long cb, unsigned long* actual,
                                 JET_GRBIT grbit, JET_RETINFO* retinfo) {
  if (phase_ == Phase::kInsert || phase_ == Phase::kFailed) {
    return Status(JET_errIllegalOperation);
  }
  if (grbit & JET_bitRetrieveCopy) {
    if (!prepared_) return Status(JET_errNoCurrentRecord);
    return cursor::RetrieveColumn(
        def_, columnid, cursor::RecordSource(*copy_, prep_ == JET_prepInsert),
        data, cb, actual, grbit, retinfo);
  }
  engine::RecordView view;
  LMJET_RETURN_IF_ERROR(CurrentView(&view));
  return cursor::RetrieveColumn(def_, columnid, cursor::RecordSource(view),
                                data, cb, actual, grbit, retinfo);
}

Status TempTable::RetrieveColumns(JET_RETRIEVECOLUMN* columns,
                                  unsigned long count) {
  if (phase_ == Phase::kInsert || phase_ == Phase::kFailed) {
    return Status(JET_errIllegalOperation);
  }
  if (columns == nullptr && count > 0) return Status(JET_errInvalidParameter);
  Status result;
  for (unsigned long i = 0; i < count; ++i) {
    JET_RETRIEVECOLUMN& c = columns[i];
    JET_RETINFO info{sizeof(JET_RETINFO), c.ibLongValue, c.itagSequence, 0};
    Status s = RetrieveColumn(c.columnid, c.pvData, c.cbData, &c.cbActual,
                              c.grbit, &info);
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
  copy_.reset();
  update_bookmark_.clear();
}

Status TempTable::PrepareUpdate(unsigned long prep) {
  if (phase_ == Phase::kFailed) return Status(JET_errIllegalOperation);
  switch (prep) {
    case JET_prepCancel:
      if (!prepared_) return Status(JET_errUpdateNotPrepared);
      CancelUpdate();
      return Status::Ok();
    case JET_prepInsert:
    case JET_prepReplace:
    case JET_prepReplaceNoLock:
    case JET_prepInsertCopy:
    case JET_prepInsertCopyDeleteOriginal:
    case JET_prepReadOnlyCopy:
    case JET_prepInsertMustSetAutoIncrement:
      break;
    default:
      return Status(JET_errInvalidParameter);
  }
  if (phase_ == Phase::kInsert) {
    if (prep != JET_prepInsert) return Status(JET_errIllegalOperation);
  } else if (phase_ != Phase::kMaterialized || !updatable()) {
    return Status(JET_errIllegalOperation);
  }
  if (prepared_) return Status(JET_errAlreadyPrepared);
  auto copy = std::make_unique<engine::Record>(&layout_);
  std::string bookmark;
  if (prep != JET_prepInsert && prep != JET_prepInsertMustSetAutoIncrement) {
    if (on_deleted_) return Status(JET_errRecordDeleted);
    if (!OnRow()) return Status(JET_errNoCurrentRecord);
    LMJET_RETURN_IF_ERROR(
        copy->Decode(rows_[static_cast<size_t>(pos_)].record));
    bookmark = keys_[static_cast<size_t>(pos_)];
    PutSeq(rows_[static_cast<size_t>(pos_)].seq, &bookmark);
  }
  copy_ = std::move(copy);
  prep_ = prep;
  update_bookmark_ = std::move(bookmark);
  prepared_ = true;
  return Status::Ok();
}

Status TempTable::SetColumn(JET_COLUMNID columnid, const void* data,
                            unsigned long cb, JET_GRBIT grbit,
                            const JET_SETINFO* setinfo) {
  if (phase_ == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!prepared_) return Status(JET_errUpdateNotPrepared);
  const bool replacing =
      prep_ == JET_prepReplace || prep_ == JET_prepReplaceNoLock;
  return cursor::SetColumn(def_, columnid, data, cb, grbit, setinfo, replacing,
                           prep_ == JET_prepInsertMustSetAutoIncrement,
                           copy_.get());
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
  if (phase_ == Phase::kFailed) return Status(JET_errIllegalOperation);
  if (!prepared_) return Status(JET_errUpdateNotPrepared);
  if (prep_ == JET_prepReadOnlyCopy) return Status(JET_errUpdateNotPrepared);
  LMJET_RETURN_IF_ERROR(cursor::CheckRecordForUpdate(def_, *copy_));
  std::string record;
  LMJET_RETURN_IF_ERROR(copy_->Encode(RecordEncoding(), &record));
  std::string key;
  LMJET_RETURN_IF_ERROR(KeyOf(record, &key));
  const bool replacing =
      prep_ == JET_prepReplace || prep_ == JET_prepReplaceNoLock;
  std::string new_bookmark;
  const bool sorted_insert = phase_ == Phase::kInsert && !immediate_;
  if (replacing) {
    // The record keeps its place: the key may not change.
    const std::string old_key =
        update_bookmark_.substr(0, update_bookmark_.size() - 8);
    if (key != old_key) return Status(JET_errRecordPrimaryChanged);
    const uint64_t seq = GetSeq(
        std::string_view(update_bookmark_).substr(update_bookmark_.size() - 8));
    auto lower = std::lower_bound(keys_.begin(), keys_.end(), key);
    bool found = false;
    for (auto it = lower; it != keys_.end() && *it == key; ++it) {
      Row& row = rows_[static_cast<size_t>(it - keys_.begin())];
      if (row.seq == seq) {
        row.record = std::move(record);
        found = true;
        break;
      }
    }
    if (!found) return Status(JET_errRecordDeleted);
    new_bookmark = update_bookmark_;
  } else {
    const uint64_t seq = next_seq_;
    if (sorted_insert) {
      LMJET_RETURN_IF_ERROR(sorter_->Add(key, record));
    } else {
      size_t index = 0;
      LMJET_RETURN_IF_ERROR(InsertRow(key, seq, std::move(record), &index));
    }
    ++next_seq_;
    new_bookmark = key;
    PutSeq(seq, &new_bookmark);
  }
  CancelUpdate();
  // A sort's insert (ESE's ErrIsamSortUpdate) reports no bookmark.
  if (sorted_insert) return Status::Ok();
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
  if (phase_ != Phase::kMaterialized || !updatable()) {
    return Status(JET_errIllegalOperation);
  }
  if (on_deleted_) return Status(JET_errRecordDeleted);
  if (!OnRow()) return Status(JET_errNoCurrentRecord);
  CancelUpdate();
  const size_t index = static_cast<size_t>(pos_);
  keys_.erase(keys_.begin() + static_cast<long>(index));
  rows_.erase(rows_.begin() + static_cast<long>(index));
  on_deleted_ = true;  // pos_ now names the next row
  return Status::Ok();
}

}  // namespace lmjet::sort
