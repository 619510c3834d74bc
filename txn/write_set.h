#ifndef LMJET_TXN_WRITE_SET_H_
#define LMJET_TXN_WRITE_SET_H_

#include <lmdb.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "base/status.h"

namespace lmjet::txn {

// A session's uncommitted changes (DESIGN.md §3), layered by transaction
// level. Entries are keyed by (MDB_dbi, key bytes), keys ordered as LMDB
// orders them by default (memcmp, then length), and are either a put (value
// bytes) or a delete (tombstone: the key is hidden, whatever the snapshot
// holds).
//
// Layout: one ordered map from key to a short stack of versions, one per
// level that wrote the key (innermost last), plus, per level, the keys that
// level wrote. A key's bytes are copied once, when it is first written.
//
// The memory is ESE's version store: a Put or Delete that would take bytes()
// past the limit fails with JET_errVersionStoreOutOfMemory and changes
// nothing, so the transaction can still roll back.
//
// Views returned by Get(), ForEachFinal() and MergedCursor stay valid until
// the next mutation of the set. Not thread-safe (one session, one thread at a
// time).
class WriteSet {
 public:
  // Accounting estimates per key and per version, on top of the key and
  // value bytes themselves (map node, version stack, string headers).
  static constexpr size_t kKeyOverhead = 96;
  static constexpr size_t kVersionOverhead = 48;

  struct Lookup {
    enum class Kind { kAbsent, kDeleted, kPresent };
    Kind kind = Kind::kAbsent;
    std::string_view value;  // kPresent only
  };

  struct FinalOp {
    MDB_dbi dbi;
    std::string_view key;
    bool deleted;
    std::string_view value;  // empty for a delete
  };

  // `changes`, if not null, is incremented with version() (a counter shared
  // with the owner, Transaction::change_stamp) and must outlive the set.
  explicit WriteSet(size_t byte_limit, uint64_t* changes = nullptr)
      : limit_(byte_limit), changes_(changes) {}
  WriteSet(const WriteSet&) = delete;
  WriteSet& operator=(const WriteSet&) = delete;

  // Number of open levels; 0 when no transaction is open.
  int level() const { return static_cast<int>(level_starts_.size()); }
  size_t bytes() const { return bytes_; }
  size_t byte_limit() const { return limit_; }
  // Number of keys with at least one version.
  size_t key_count() const { return map_.size(); }
  bool empty() const { return map_.empty(); }
  // Changes with every mutation that can move or invalidate a view, so a
  // reader can tell whether what it read earlier is still valid.
  uint64_t version() const { return version_; }

  // Opens a level. The depth limit is TransactionStack's business.
  void PushLevel();

  // Record a put / a tombstone at the innermost level.
  // JET_errNotInTransaction at level 0; JET_errVersionStoreOutOfMemory past
  // the byte limit (nothing changed).
  Status Put(MDB_dbi dbi, std::string_view key, std::string_view value);
  Status Delete(MDB_dbi dbi, std::string_view key);

  // What the session sees for `key`, looking through the levels from the
  // innermost one.
  Lookup Get(MDB_dbi dbi, std::string_view key) const;

  // Merges the innermost level into its parent. Requires level() >= 2
  // (otherwise JET_errNotInTransaction, nothing changed): the commit to level
  // 0 applies the set (ForEachFinal) and then calls Clear().
  Status CommitLevel();
  // Drops the innermost level's changes exactly. JET_errNotInTransaction at
  // level 0.
  Status RollbackLevel();
  // Drops every level and entry. A few of the entries' allocations are kept
  // for the next transaction's first writes (bounded: kCachedEntries entries
  // of at most kCachedValueBytes each), so that a short transaction
  // allocates nothing in steady state.
  void Clear();

  // Calls `fn` with the net effect of all levels, in (dbi, key) order: one
  // put or delete per key. Stops at, and returns, the first error `fn`
  // returns. A delete may name a key the snapshot never had.
  Status ForEachFinal(absl::FunctionRef<Status(const FinalOp&)> fn) const;

 private:
  friend class MergedCursor;

  struct Key {
    MDB_dbi dbi;
    std::string bytes;
  };
  struct KeyRef {
    MDB_dbi dbi;
    std::string_view bytes;
  };
  struct KeyLess {
    using is_transparent = void;
    static int Compare(MDB_dbi a_dbi, std::string_view a, MDB_dbi b_dbi,
                       std::string_view b);
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Compare(a.dbi, a.bytes, b.dbi, b.bytes) < 0;
    }
  };
  struct Version {
    int level;
    bool deleted;
    std::string value;
  };
  using Versions = absl::InlinedVector<Version, 1>;
  using Map = std::map<Key, Versions, KeyLess>;

  static constexpr size_t kCachedEntries = 8;
  static constexpr size_t kCachedValueBytes = 4096;

  Status Write(MDB_dbi dbi, std::string_view key, bool deleted,
               std::string_view value);
  // Every mutation that changes version().
  void Changed() {
    ++version_;
    if (changes_ != nullptr) ++*changes_;
  }
  // Inserts (dbi, key) with one version before `hint`, reusing a cached
  // node when there is one.
  Map::iterator InsertNew(Map::iterator hint, MDB_dbi dbi, std::string_view key,
                          int level, bool deleted, std::string_view value);

  Map map_;
  // The keys each level wrote (each once per level), levels one after the
  // other: level i + 1 wrote level_keys_[level_starts_[i], next start or
  // end). std::map iterators survive inserts and the erasure of other
  // nodes. Flat, so that Clear() keeps the memory.
  std::vector<Map::iterator> level_keys_;
  std::vector<size_t> level_starts_;
  // Nodes taken out by Clear(), each with one version, for InsertNew.
  std::vector<Map::node_type> cache_;
  size_t bytes_ = 0;
  size_t limit_;
  uint64_t version_ = 0;
  uint64_t* changes_;
};

// One dbi as the session sees it: an LMDB snapshot overlaid with a WriteSet
// (a put replaces or adds a key, a tombstone hides it). Where both hold a
// key, the write set wins. Keys in memcmp order, LMDB's default.
//
// Puts and Deletes on the write set keep the cursor's position but
// invalidate key()/value(); after RollbackLevel() or Clear() the cursor must
// be positioned again. An LMDB error makes the cursor invalid and is kept in
// status().
class MergedCursor {
 public:
  MergedCursor(const WriteSet& write_set, MDB_dbi dbi)
      : ws_(write_set), dbi_(dbi) {}
  MergedCursor(const MergedCursor&) = delete;
  MergedCursor& operator=(const MergedCursor&) = delete;
  // Closes the LMDB cursor. The snapshot is a read-only transaction, so
  // this may run before or after it ends.
  ~MergedCursor();

  // Opens an LMDB cursor on `txn` (the session's read snapshot). A null
  // `txn`, or a sub-database created after the snapshot began, reads as an
  // empty snapshot side. The cursor is unpositioned afterwards.
  Status Open(MDB_txn* txn);
  // As Open, reusing the LMDB cursor (no allocation) for a new snapshot.
  Status Renew(MDB_txn* txn);

  void First();
  void Last();
  // First visible key >= `key` / last visible key <= `key`.
  void SeekGE(std::string_view key);
  void SeekLE(std::string_view key);
  // Require Valid(). Inline for a scan's common step: on a snapshot entry
  // with nothing of the write set ahead, one LMDB step.
  void Next() {
    if (current_ == Source::kBase && forward_ && !ws_valid_) {
      BaseStep(MDB_NEXT);
    } else {
      NextMerged();
    }
  }
  void Prev() {
    if (current_ == Source::kBase && !forward_ && !ws_valid_) {
      BaseStep(MDB_PREV);
    } else {
      PrevMerged();
    }
  }

  bool Valid() const { return current_ != Source::kNone; }
  std::string_view key() const {
    switch (current_) {
      case Source::kBase:
        return ViewOf(base_key_);
      case Source::kWriteSet:
        return ws_it_->first.bytes;
      case Source::kNone:
        break;
    }
    return {};
  }
  std::string_view value() const {
    switch (current_) {
      case Source::kBase:
        return ViewOf(base_value_);
      case Source::kWriteSet:
        return ws_it_->second.back().value;
      case Source::kNone:
        break;
    }
    return {};
  }
  Status status() const { return status_; }

 private:
  enum class Source { kNone, kBase, kWriteSet };

  static std::string_view ViewOf(const MDB_val& v) {
    return std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
  }

  // Next / Prev in general: both sides, in either direction.
  void NextMerged();
  void PrevMerged();
  // One step of the snapshot side while it alone is current; the end or an
  // error (kept in status_) leaves the cursor invalid.
  void BaseStep(MDB_cursor_op op) {
    // LMDB writes the entry straight into base_key_ and base_value_; they
    // matter only while current_ is kBase, which a failure ends.
    const int rc = mdb_cursor_get(cursor_, &base_key_, &base_value_, op);
    if (__builtin_expect(rc != MDB_SUCCESS, 0)) BaseStepFailed(rc);
  }
  void BaseStepFailed(int rc);

  // Snapshot side.
  void BaseGet(MDB_cursor_op op, std::string_view key = {});
  void BaseSeekGE(std::string_view key);
  void BaseSeekGT(std::string_view key);
  void BaseSeekLE(std::string_view key);
  void BaseSeekLT(std::string_view key);
  std::string_view BaseKey() const;

  // Write-set side.
  void WsSet(WriteSet::Map::const_iterator it);
  void WsSetBefore(WriteSet::Map::const_iterator it);
  std::string_view WsKey() const;

  // Settle on the nearest visible entry in the direction of travel,
  // skipping tombstones and the snapshot entries they hide.
  void FindForward();
  void FindBackward();

  const WriteSet& ws_;
  MDB_dbi dbi_;
  MDB_cursor* cursor_ = nullptr;
  Status status_;

  bool base_valid_ = false;
  MDB_val base_key_{0, nullptr};
  MDB_val base_value_{0, nullptr};

  bool ws_valid_ = false;
  WriteSet::Map::const_iterator ws_it_;

  bool forward_ = true;
  Source current_ = Source::kNone;
};

}  // namespace lmjet::txn

#endif  // LMJET_TXN_WRITE_SET_H_
