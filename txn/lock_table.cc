#include "txn/lock_table.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/inlined_vector.h"
#include "absl/container/node_hash_map.h"
#include "api/esent.h"
#include "base/mutex.h"

namespace lmjet::txn {
namespace {

constexpr uint8_t Bit(LockMode m) {
  return static_cast<uint8_t>(1u << static_cast<unsigned>(m));
}
constexpr uint8_t kReadBit = Bit(LockMode::kRead);
constexpr uint8_t kWriteBit = Bit(LockMode::kWrite);
constexpr uint8_t kEscrowBit = Bit(LockMode::kEscrow);

// The modes another owner may hold while one wants `m`.
constexpr uint8_t CompatibleWith(LockMode m) {
  switch (m) {
    case LockMode::kRead:
      return kReadBit;
    case LockMode::kEscrow:
      return kEscrowBit;
    case LockMode::kWrite:
      return 0;
  }
  return 0;
}

struct LockKey {
  uint64_t space;
  std::string key;
};

struct LockKeyView {
  uint64_t space;
  std::string_view key;
};

// Multiplicative mixing, 8 key bytes at a time, then a full avalanche, so
// that both the shard (high bits) and the map's slot and tag bits depend on
// every byte. absl::Hash of the (space, key) tuple cost about 370
// instructions for a 5-byte primary key (callgrind), several times this. The
// seed differs between processes, like absl::Hash's, so that the keys an
// application stores cannot be chosen to collide in every run.
uint64_t Mix(uint64_t h, uint64_t word) {
  h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 31);
}

size_t HashKey(uint64_t space, std::string_view key) {
  static const char seed_anchor = 0;
  const uint64_t seed = reinterpret_cast<uintptr_t>(&seed_anchor);
  uint64_t h = Mix(seed ^ key.size(), space);
  const char* p = key.data();
  size_t n = key.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = Mix(h, word);
  }
  if (n != 0) {
    uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = Mix(h, word);
  }
  h = (h ^ (h >> 32)) * 0xd6e8feb86659fd93ULL;
  return static_cast<size_t>(h ^ (h >> 32));
}

// Transparent hash and equality, so a lookup by string_view allocates nothing.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(const LockKey& k) const { return HashKey(k.space, k.key); }
  size_t operator()(const LockKeyView& k) const {
    return HashKey(k.space, k.key);
  }
};

struct KeyEq {
  using is_transparent = void;
  static LockKeyView View(const LockKey& k) { return {k.space, k.key}; }
  static LockKeyView View(const LockKeyView& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    LockKeyView x = View(a), y = View(b);
    return x.space == y.space && x.key == y.key;
  }
};

struct Holder {
  uint64_t owner;
  uint8_t modes;  // Bit(LockMode) set
};

constexpr size_t kInlineHolders = 2;

}  // namespace

namespace lock_table_internal {
struct Entry {
  const LockKey* key = nullptr;  // The map's key of this node (stable).
  absl::InlinedVector<Holder, kInlineHolders> holders;
  uint64_t write_stamp = 0;   // Last commit of a kWrite holder, 0 if none.
  uint64_t escrow_stamp = 0;  // Last commit of a kEscrow holder, 0 if none.
};
}  // namespace lock_table_internal

using lock_table_internal::Entry;

namespace {

using Map = absl::node_hash_map<LockKey, Entry, KeyHash, KeyEq>;

// Approximate heap bytes of one entry: the map node, its slot and control
// byte, the key bytes beyond the string's inline buffer, spilled holders.
size_t Footprint(const Entry& n) {
  size_t bytes = sizeof(Map::value_type) + sizeof(void*) + 1 + 16;
  if (n.key->key.capacity() > 15) bytes += n.key->key.capacity() + 1;
  if (n.holders.capacity() > kInlineHolders) {
    bytes += n.holders.capacity() * sizeof(Holder);
  }
  return bytes;
}

}  // namespace

struct alignas(64) LockTable::Shard {
  Mutex mu;
  Map map ABSL_GUARDED_BY(mu);
};

LockSet::~LockSet() {
  if (table_ != nullptr && !records_.empty()) table_->RollbackAll(this);
}

LockTable::LockTable() : shards_(new Shard[kShards]) {}

LockTable::~LockTable() = default;

Status LockTable::Acquire(LockSet* set, uint64_t snapshot_ts, int level,
                          uint64_t space, std::string_view key, LockMode mode) {
  if (set->owner_ == 0 || level < 1) {
    return Status(JET_errInvalidParameter, "lock owner 0 or level < 1");
  }
  if (set->table_ == nullptr) {
    set->table_ = this;
  } else if (set->table_ != this) {
    return Status(JET_errInvalidParameter, "LockSet used with another table");
  }
  assert(set->records_.empty() || set->records_.back().level <= level);

  const uint64_t owner = set->owner_;
  const size_t hash = HashKey(space, key);
  const uint32_t shard_index =
      static_cast<uint32_t>((static_cast<uint64_t>(hash) >> 32) % kShards);
  Shard& shard = shards_[shard_index];
  const uint8_t compatible = CompatibleWith(mode);

  MutexLock lock(&shard.mu);
  auto it = shard.map.find(LockKeyView{space, key});
  if (it == shard.map.end()) {
    // A fresh key: no holder, no stamp, no conflict.
    set->records_.push_back({nullptr, shard_index, mode, level});
    try {
      it = shard.map.try_emplace(LockKey{space, std::string(key)}).first;
      Entry& node = it->second;
      node.key = &it->first;
      node.holders.push_back({owner, Bit(mode)});
      set->records_.back().node = &node;
      bytes_.fetch_add(Footprint(node), std::memory_order_relaxed);
    } catch (...) {
      set->records_.pop_back();
      if (it != shard.map.end() && it->second.holders.empty()) {
        shard.map.erase(it);
      }
      throw;
    }
    return Status::Ok();
  }

  Entry& node = it->second;
  Holder* mine = nullptr;
  for (Holder& h : node.holders) {
    if (h.owner == owner) {
      mine = &h;
    } else if ((h.modes & ~compatible) != 0) {
      return Status(JET_errWriteConflict, "key locked by another session");
    }
  }
  if (mine != nullptr && (mine->modes & (Bit(mode) | kWriteBit)) != 0) {
    return Status::Ok();  // Already held (kWrite covers every mode).
  }
  // A commit after my snapshot conflicts as its uncommitted lock would have.
  if (node.write_stamp > snapshot_ts ||
      (mode != LockMode::kEscrow && node.escrow_stamp > snapshot_ts)) {
    return Status(JET_errWriteConflict, "key committed after snapshot");
  }

  set->records_.push_back({&node, shard_index, mode, level});
  if (mine != nullptr) {
    mine->modes |= Bit(mode);
    return Status::Ok();
  }
  const size_t before = Footprint(node);
  try {
    node.holders.push_back({owner, Bit(mode)});
  } catch (...) {
    set->records_.pop_back();
    throw;
  }
  bytes_.fetch_add(Footprint(node) - before, std::memory_order_relaxed);
  return Status::Ok();
}

void LockTable::Release(uint64_t owner, const LockSet::Record& r,
                        uint64_t commit_ts) {
  Shard& shard = shards_[r.shard];
  MutexLock lock(&shard.mu);
  Entry& node = *r.node;
  auto& holders = node.holders;
  for (size_t i = 0; i < holders.size(); ++i) {
    if (holders[i].owner != owner) continue;
    holders[i].modes &= static_cast<uint8_t>(~Bit(r.mode));
    if (holders[i].modes == 0) {
      holders[i] = holders.back();
      holders.pop_back();
    }
    break;
  }
  if (commit_ts != 0) {
    if (r.mode == LockMode::kWrite) {
      node.write_stamp = std::max(node.write_stamp, commit_ts);
    } else if (r.mode == LockMode::kEscrow) {
      node.escrow_stamp = std::max(node.escrow_stamp, commit_ts);
    }
  }
  if (holders.empty() && node.write_stamp == 0 && node.escrow_stamp == 0) {
    bytes_.fetch_sub(Footprint(node), std::memory_order_relaxed);
    auto it = shard.map.find(LockKeyView{node.key->space, node.key->key});
    assert(it != shard.map.end());
    shard.map.erase(it);
  }
}

void LockTable::CommitLevel(LockSet* set, int level) {
  assert(level > 1);
  for (auto r = set->records_.rbegin();
       r != set->records_.rend() && r->level >= level; ++r) {
    r->level = level - 1;
  }
}

void LockTable::RollbackLevel(LockSet* set, int level) {
  auto& records = set->records_;
  while (!records.empty() && records.back().level >= level) {
    Release(set->owner_, records.back(), 0);
    records.pop_back();
  }
}

void LockTable::CommitAll(LockSet* set, uint64_t commit_ts) {
  for (const LockSet::Record& r : set->records_) {
    Release(set->owner_, r, commit_ts);
  }
  set->records_.clear();
}

void LockTable::RollbackAll(LockSet* set) {
  for (const LockSet::Record& r : set->records_) Release(set->owner_, r, 0);
  set->records_.clear();
}

void LockTable::Prune(uint64_t oldest_active_snapshot) {
  for (size_t s = 0; s < kShards; ++s) {
    Shard& shard = shards_[s];
    MutexLock lock(&shard.mu);
    for (auto it = shard.map.begin(); it != shard.map.end();) {
      Entry& node = it->second;
      if (node.write_stamp <= oldest_active_snapshot) node.write_stamp = 0;
      if (node.escrow_stamp <= oldest_active_snapshot) node.escrow_stamp = 0;
      if (node.holders.empty() && node.write_stamp == 0 &&
          node.escrow_stamp == 0) {
        bytes_.fetch_sub(Footprint(node), std::memory_order_relaxed);
        shard.map.erase(it++);
      } else {
        ++it;
      }
    }
  }
}

size_t LockTable::ApproximateBytes() const {
  return sizeof(*this) + kShards * sizeof(Shard) +
         bytes_.load(std::memory_order_relaxed);
}

size_t LockTable::EntryCount() const {
  size_t n = 0;
  for (size_t s = 0; s < kShards; ++s) {
    Shard& shard = shards_[s];
    MutexLock lock(&shard.mu);
    n += shard.map.size();
  }
  return n;
}

}  // namespace lmjet::txn
