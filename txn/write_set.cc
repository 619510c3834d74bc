#include "txn/write_set.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <utility>

#include "api/esent.h"
#include "engine/lmdb_status.h"

namespace lmjet::txn {

namespace {

// memcmp order, shorter first on a common prefix: LMDB's default key order.
int CompareBytes(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  if (n != 0) {
    const int c = std::memcmp(a.data(), b.data(), n);
    if (c != 0) return c;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace

int WriteSet::KeyLess::Compare(MDB_dbi a_dbi, std::string_view a, MDB_dbi b_dbi,
                               std::string_view b) {
  if (a_dbi != b_dbi) return a_dbi < b_dbi ? -1 : 1;
  return CompareBytes(a, b);
}

void WriteSet::PushLevel() {
  // Once, so that Clear() can keep entries without allocating.
  if (cache_.capacity() < kCachedEntries) cache_.reserve(kCachedEntries);
  level_starts_.push_back(level_keys_.size());
}

Status WriteSet::Put(MDB_dbi dbi, std::string_view key,
                     std::string_view value) {
  return Write(dbi, key, /*deleted=*/false, value);
}

Status WriteSet::Delete(MDB_dbi dbi, std::string_view key) {
  return Write(dbi, key, /*deleted=*/true, std::string_view());
}

Status WriteSet::Write(MDB_dbi dbi, std::string_view key, bool deleted,
                       std::string_view value) {
  if (level_starts_.empty()) return Status(JET_errNotInTransaction);
  Changed();
  const int level = this->level();
  const KeyRef ref{dbi, key};
  auto it = map_.lower_bound(ref);
  const bool found = it != map_.end() && !KeyLess()(ref, it->first);

  // The byte cost first, so that a refusal changes nothing.
  size_t grow = 0;
  size_t shrink = 0;
  Version* same_level = nullptr;
  if (!found) {
    grow = kKeyOverhead + key.size() + kVersionOverhead + value.size();
  } else if (it->second.back().level == level) {
    same_level = &it->second.back();
    if (value.size() > same_level->value.size()) {
      grow = value.size() - same_level->value.size();
    } else {
      shrink = same_level->value.size() - value.size();
    }
  } else {
    grow = kVersionOverhead + value.size();
  }
  if (grow > limit_ - std::min(bytes_, limit_)) {
    return Status(JET_errVersionStoreOutOfMemory);
  }

  if (same_level != nullptr) {
    same_level->deleted = deleted;
    same_level->value.assign(value);
    if (deleted) same_level->value.shrink_to_fit();
  } else {
    if (level_keys_.size() == level_keys_.capacity()) {
      // May throw: nothing has changed yet.
      level_keys_.reserve(std::max<size_t>(16, 2 * level_keys_.capacity()));
    }
    if (!found) {
      it = InsertNew(it, dbi, key, level, deleted, value);
    } else {
      it->second.push_back(Version{level, deleted, std::string(value)});
    }
    level_keys_.push_back(it);
  }
  bytes_ = bytes_ + grow - shrink;
  return Status::Ok();
}

WriteSet::Map::iterator WriteSet::InsertNew(Map::iterator hint, MDB_dbi dbi,
                                            std::string_view key, int level,
                                            bool deleted,
                                            std::string_view value) {
  if (cache_.empty()) {
    Versions versions;
    versions.push_back(Version{level, deleted, std::string(value)});
    return map_.emplace_hint(hint, Key{dbi, std::string(key)},
                             std::move(versions));
  }
  Map::node_type node = std::move(cache_.back());
  cache_.pop_back();
  // Assigning reuses the strings' memory; a throw drops the node only.
  node.key().dbi = dbi;
  node.key().bytes.assign(key);
  Version& version = node.mapped().front();
  version.level = level;
  version.deleted = deleted;
  version.value.assign(value);
  return map_.insert(hint, std::move(node));
}

WriteSet::Lookup WriteSet::Get(MDB_dbi dbi, std::string_view key) const {
  auto it = map_.find(KeyRef{dbi, key});
  if (it == map_.end()) return Lookup{};
  const Version& top = it->second.back();
  if (top.deleted) return Lookup{Lookup::Kind::kDeleted, {}};
  return Lookup{Lookup::Kind::kPresent, top.value};
}

Status WriteSet::CommitLevel() {
  if (level_starts_.size() < 2) {
    return Status(JET_errNotInTransaction,
                  "the commit to level 0 applies the write set");
  }
  Changed();
  const int parent = level() - 1;
  const size_t start = level_starts_.back();
  level_starts_.pop_back();
  // The child's keys become the parent's, except those the parent wrote
  // too (already in its list): compacted out in place.
  size_t kept = start;
  for (size_t i = start; i < level_keys_.size(); ++i) {
    Map::iterator it = level_keys_[i];
    Versions& versions = it->second;
    const size_t n = versions.size();
    if (n >= 2 && versions[n - 2].level == parent) {
      // The parent wrote this key too: the child's version replaces it.
      bytes_ -= kVersionOverhead + versions[n - 2].value.size();
      versions[n - 2].deleted = versions[n - 1].deleted;
      versions[n - 2].value = std::move(versions[n - 1].value);
      versions.pop_back();
    } else {
      versions.back().level = parent;
      level_keys_[kept++] = it;
    }
  }
  level_keys_.resize(kept);
  return Status::Ok();
}

Status WriteSet::RollbackLevel() {
  if (level_starts_.empty()) return Status(JET_errNotInTransaction);
  Changed();
  const size_t start = level_starts_.back();
  for (size_t i = start; i < level_keys_.size(); ++i) {
    Map::iterator it = level_keys_[i];
    Versions& versions = it->second;
    bytes_ -= kVersionOverhead + versions.back().value.size();
    versions.pop_back();
    if (versions.empty()) {
      // No outer level wrote the key, so no other level list refers to it.
      bytes_ -= kKeyOverhead + it->first.bytes.size();
      map_.erase(it);
    }
  }
  level_keys_.resize(start);
  level_starts_.pop_back();
  return Status::Ok();
}

void WriteSet::Clear() {
  Changed();
  // Never allocates: cache_ was reserved by PushLevel. A few tries only, so
  // that a large set is still freed at once by clear().
  for (size_t tries = 0; tries < kCachedEntries &&
                         cache_.size() < cache_.capacity() && !map_.empty();
       ++tries) {
    Map::node_type node = map_.extract(map_.begin());
    if (node.mapped().size() == 1 &&
        node.mapped().front().value.capacity() <= kCachedValueBytes &&
        node.key().bytes.capacity() <= kCachedValueBytes) {
      cache_.push_back(std::move(node));
    }
  }
  map_.clear();
  level_keys_.clear();
  level_starts_.clear();
  bytes_ = 0;
}

Status WriteSet::ForEachFinal(
    absl::FunctionRef<Status(const FinalOp&)> fn) const {
  for (const auto& [key, versions] : map_) {
    const Version& top = versions.back();
    LMJET_RETURN_IF_ERROR(fn(FinalOp{
        key.dbi, key.bytes, top.deleted,
        top.deleted ? std::string_view() : std::string_view(top.value)}));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// MergedCursor

MergedCursor::~MergedCursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

Status MergedCursor::Open(MDB_txn* txn) {
  if (cursor_ != nullptr) {
    mdb_cursor_close(cursor_);
    cursor_ = nullptr;
  }
  base_valid_ = false;
  ws_valid_ = false;
  current_ = Source::kNone;
  status_ = Status::Ok();
  if (txn == nullptr) return status_;
  const int rc = mdb_cursor_open(txn, dbi_, &cursor_);
  if (rc == EINVAL) {
    // The sub-database was opened after this snapshot began, so the
    // snapshot holds none of its entries.
    cursor_ = nullptr;
    return status_;
  }
  status_ = engine::FromLmdb(rc);
  if (!status_.ok()) cursor_ = nullptr;
  return status_;
}

Status MergedCursor::Renew(MDB_txn* txn) {
  if (cursor_ == nullptr || txn == nullptr) return Open(txn);
  base_valid_ = false;
  ws_valid_ = false;
  current_ = Source::kNone;
  const int rc = mdb_cursor_renew(txn, cursor_);
  if (rc == MDB_SUCCESS) return status_ = Status::Ok();
  mdb_cursor_close(cursor_);
  cursor_ = nullptr;
  return Open(txn);
}

void MergedCursor::BaseGet(MDB_cursor_op op, std::string_view key) {
  base_valid_ = false;
  if (cursor_ == nullptr || !status_.ok()) return;
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v{0, nullptr};
  const int rc = mdb_cursor_get(cursor_, &k, &v, op);
  if (rc == MDB_NOTFOUND) return;
  if (rc != MDB_SUCCESS) {
    status_ = engine::FromLmdb(rc);
    return;
  }
  base_valid_ = true;
  base_key_ = k;
  base_value_ = v;
}

// LMDB refuses an empty key for MDB_SET_RANGE and never stores one, so an
// empty target is handled here.
void MergedCursor::BaseSeekGE(std::string_view key) {
  if (key.empty()) {
    BaseGet(MDB_FIRST);
  } else {
    BaseGet(MDB_SET_RANGE, key);
  }
}

void MergedCursor::BaseSeekGT(std::string_view key) {
  BaseSeekGE(key);
  if (base_valid_ && CompareBytes(BaseKey(), key) == 0) BaseGet(MDB_NEXT);
}

void MergedCursor::BaseSeekLE(std::string_view key) {
  if (key.empty()) {
    base_valid_ = false;
    return;
  }
  BaseGet(MDB_SET_RANGE, key);
  if (!base_valid_) {
    if (status_.ok()) BaseGet(MDB_LAST);
  } else if (CompareBytes(BaseKey(), key) != 0) {
    BaseGet(MDB_PREV);
  }
}

void MergedCursor::BaseSeekLT(std::string_view key) {
  if (key.empty()) {
    base_valid_ = false;
    return;
  }
  BaseGet(MDB_SET_RANGE, key);
  if (!base_valid_) {
    if (status_.ok()) BaseGet(MDB_LAST);
  } else {
    BaseGet(MDB_PREV);
  }
}

std::string_view MergedCursor::BaseKey() const { return ViewOf(base_key_); }

void MergedCursor::WsSet(WriteSet::Map::const_iterator it) {
  ws_it_ = it;
  ws_valid_ = it != ws_.map_.end() && it->first.dbi == dbi_;
}

// Positions the write-set side on the entry before `it`, if it is in dbi_.
void MergedCursor::WsSetBefore(WriteSet::Map::const_iterator it) {
  if (it == ws_.map_.begin()) {
    ws_valid_ = false;
    return;
  }
  WsSet(std::prev(it));
}

std::string_view MergedCursor::WsKey() const { return ws_it_->first.bytes; }

void MergedCursor::FindForward() {
  forward_ = true;
  current_ = Source::kNone;
  for (;;) {
    if (!status_.ok()) {
      base_valid_ = false;
      ws_valid_ = false;
      return;
    }
    if (!ws_valid_) {
      if (base_valid_) current_ = Source::kBase;
      return;
    }
    int c = -1;  // write set vs snapshot
    if (base_valid_) c = CompareBytes(WsKey(), BaseKey());
    if (c > 0) {
      current_ = Source::kBase;
      return;
    }
    if (!ws_it_->second.back().deleted) {
      current_ = Source::kWriteSet;
      return;
    }
    // A tombstone: skip it and the snapshot entry it hides.
    if (c == 0) BaseGet(MDB_NEXT);
    WsSet(std::next(ws_it_));
  }
}

void MergedCursor::FindBackward() {
  forward_ = false;
  current_ = Source::kNone;
  for (;;) {
    if (!status_.ok()) {
      base_valid_ = false;
      ws_valid_ = false;
      return;
    }
    if (!ws_valid_) {
      if (base_valid_) current_ = Source::kBase;
      return;
    }
    int c = 1;  // write set vs snapshot
    if (base_valid_) c = CompareBytes(WsKey(), BaseKey());
    if (c < 0) {
      current_ = Source::kBase;
      return;
    }
    if (!ws_it_->second.back().deleted) {
      current_ = Source::kWriteSet;
      return;
    }
    if (c == 0) BaseGet(MDB_PREV);
    WsSetBefore(ws_it_);
  }
}

void MergedCursor::First() {
  BaseGet(MDB_FIRST);
  WsSet(ws_.map_.lower_bound(WriteSet::KeyRef{dbi_, std::string_view()}));
  FindForward();
}

void MergedCursor::Last() {
  BaseGet(MDB_LAST);
  // The first key of a later dbi, or the end; the entry before it.
  auto it = ws_.map_.begin();
  if (dbi_ != static_cast<MDB_dbi>(-1)) {
    it = ws_.map_.lower_bound(WriteSet::KeyRef{dbi_ + 1, std::string_view()});
  } else {
    it = ws_.map_.end();
  }
  WsSetBefore(it);
  FindBackward();
}

void MergedCursor::SeekGE(std::string_view key) {
  BaseSeekGE(key);
  WsSet(ws_.map_.lower_bound(WriteSet::KeyRef{dbi_, key}));
  FindForward();
}

void MergedCursor::SeekLE(std::string_view key) {
  BaseSeekLE(key);
  WsSetBefore(ws_.map_.upper_bound(WriteSet::KeyRef{dbi_, key}));
  FindBackward();
}

void MergedCursor::BaseStepFailed(int rc) {
  base_valid_ = false;
  current_ = Source::kNone;
  if (rc != MDB_NOTFOUND) status_ = engine::FromLmdb(rc);
}

void MergedCursor::NextMerged() {
  if (!Valid()) return;
  if (!forward_) {
    // Both sides sit at or before the current key: move each past it.
    const std::string current(key());
    BaseSeekGT(current);
    WsSet(ws_.map_.upper_bound(WriteSet::KeyRef{dbi_, current}));
  } else if (current_ == Source::kBase) {
    // The write set is strictly after the current key (it wins ties).
    BaseGet(MDB_NEXT);
  } else {
    if (base_valid_ && CompareBytes(BaseKey(), WsKey()) == 0) {
      BaseGet(MDB_NEXT);
    }
    WsSet(std::next(ws_it_));
  }
  FindForward();
}

void MergedCursor::PrevMerged() {
  if (!Valid()) return;
  if (forward_) {
    // Both sides sit at or after the current key: move each before it.
    const std::string current(key());
    BaseSeekLT(current);
    WsSetBefore(ws_.map_.lower_bound(WriteSet::KeyRef{dbi_, current}));
  } else if (current_ == Source::kBase) {
    BaseGet(MDB_PREV);
  } else {
    if (base_valid_ && CompareBytes(BaseKey(), WsKey()) == 0) {
      BaseGet(MDB_PREV);
    }
    WsSetBefore(ws_it_);
  }
  FindBackward();
}

}  // namespace lmjet::txn
