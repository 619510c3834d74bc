#include "sort/row_store.h"

#include <fcntl.h>
#include <lmdb.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "api/esent.h"
#include "engine/lmdb_status.h"
#include "sort/external_sort.h"

namespace lmjet::sort {
namespace {

// Estimated bytes a row costs in the btree beyond its payload: the Row in
// its node slot, the string's heap block header and node slack.
constexpr size_t kRowOverheadBytes = 64;
// Estimated dirty bytes one random (not appending) LMDB write adds: a page.
constexpr size_t kRandomWriteDirtyBytes = 4096;
// The LMDB transaction is committed at max(budget / 2, this).
constexpr size_t kMinCommitBytes = size_t{1} << 20;
// Address space reserved for the file; it grows only as rows arrive.
constexpr size_t kMapBytes = size_t{1} << 40;

// LMDB's comparator for key || seq keys.
int CompareStored(const MDB_val* a, const MDB_val* b) {
  const char* pa = static_cast<const char*>(a->mv_data);
  const char* pb = static_cast<const char*>(b->mv_data);
  return CompareRows(
      std::string_view(pa, a->mv_size - 8), DecodeSeq(pa + a->mv_size - 8),
      std::string_view(pb, b->mv_size - 8), DecodeSeq(pb + b->mv_size - 8));
}

// key || seq into *out (reusing its buffer).
void StoredKey(std::string_view key, uint64_t seq, std::string* out) {
  out->assign(key.data(), key.size());
  out->resize(key.size() + 8);
  EncodeSeq(seq, out->data() + key.size());
}

MDB_val Val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}

}  // namespace

void EncodeSeq(uint64_t seq, char* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(seq >> (56 - 8 * i));
}

uint64_t DecodeSeq(const char* in) {
  uint64_t seq = 0;
  for (int i = 0; i < 8; ++i) {
    seq = (seq << 8) | static_cast<unsigned char>(in[i]);
  }
  return seq;
}

int CompareRows(std::string_view a_key, uint64_t a_seq, std::string_view b_key,
                uint64_t b_seq) {
  const size_t n = std::min(a_key.size(), b_key.size());
  if (n != 0) {
    const int c = std::memcmp(a_key.data(), b_key.data(), n);
    if (c != 0) return c;
  }
  if (a_key.size() != b_key.size()) return a_key.size() < b_key.size() ? -1 : 1;
  return a_seq < b_seq ? -1 : (a_seq > b_seq ? 1 : 0);
}

// ---------------------------------------------------------------- RowStore

struct RowStore::Lmdb {
  MDB_env* env = nullptr;
  MDB_txn* txn = nullptr;
  MDB_dbi dbi = 0;
  MDB_cursor* cursor = nullptr;  // of txn; freed with it
  size_t dirty_bytes = 0;        // estimated, since txn began
  std::string scratch;           // a stored key being built
  ~Lmdb() {
    if (txn != nullptr) mdb_txn_abort(txn);  // frees the cursor too
    if (env != nullptr) mdb_env_close(env);
  }
};

uint64_t RowStore::Row::seq() const {
  return DecodeSeq(data.data() + key_size);
}

bool RowStore::RowLess::operator()(const Row& a, const Row& b) const {
  return CompareRows(a.key(), a.seq(), b.key(), b.seq()) < 0;
}
bool RowStore::RowLess::operator()(const Row& a, const Probe& b) const {
  return CompareRows(a.key(), a.seq(), b.key, b.seq) < 0;
}
bool RowStore::RowLess::operator()(const Probe& a, const Row& b) const {
  return CompareRows(a.key, a.seq, b.key(), b.seq()) < 0;
}

RowStore::RowStore(Options options) : options_(std::move(options)) {}

RowStore::~RowStore() {
  env_.reset();
  if (!path_.empty()) ::unlink(path_.c_str());
}

size_t RowStore::RowBytes(size_t key, size_t record) {
  return key + 8 + record + kRowOverheadBytes;
}

void RowStore::Account(long delta) {
  memory_bytes_ = static_cast<size_t>(static_cast<long>(memory_bytes_) + delta);
  peak_memory_bytes_ = std::max(peak_memory_bytes_, memory_bytes_);
}

Status RowStore::Unpositioned() const {
  return Status(JET_errInternalError, "row store cursor is not on a row");
}

Status RowStore::Insert(std::string_view key, uint64_t seq,
                        std::string_view record) {
  if (!failed_.ok()) return failed_;
  if (key.size() > kMaxKeyBytes) {
    return Status(JET_errInvalidParameter, "temp table key too long");
  }
  positioned_ = false;
  // Past every row ever inserted, so past every row present.
  const bool past_max =
      !has_max_ || CompareRows(max_key_, max_seq_, key, seq) < 0;
  if (past_max) {
    max_key_.assign(key.data(), key.size());
    max_seq_ = seq;
    has_max_ = true;
  }
  if (env_ != nullptr) {
    // Appending skips LMDB's search.
    LMJET_RETURN_IF_ERROR(Put(key, seq, record, past_max));
    ++rows_;
    return MaybeCommit();
  }
  Row row;
  row.data.reserve(key.size() + 8 + record.size());
  row.data.append(key.data(), key.size());
  row.data.resize(key.size() + 8);
  EncodeSeq(seq, row.data.data() + key.size());
  row.data.append(record.data(), record.size());
  row.key_size = static_cast<uint32_t>(key.size());
  // A row past the others (a bulk load in order) goes in at the end.
  const bool inserted = past_max
                            ? (set_.insert(set_.end(), std::move(row)), true)
                            : set_.insert(std::move(row)).second;
  if (!inserted) return Status(JET_errInternalError, "duplicate temp row");
  ++rows_;
  Account(static_cast<long>(RowBytes(key.size(), record.size())));
  if (memory_bytes_ > options_.memory_budget_bytes) return MoveToDisk();
  return Status::Ok();
}

Status RowStore::Replace(std::string_view key, uint64_t seq,
                         std::string_view record) {
  if (!failed_.ok()) return failed_;
  positioned_ = false;
  if (env_ != nullptr) {
    StoredKey(key, seq, &env_->scratch);
    MDB_val k = Val(env_->scratch);
    MDB_val v;
    const int rc = mdb_get(env_->txn, env_->dbi, &k, &v);
    if (rc == MDB_NOTFOUND) return Status(JET_errRecordDeleted);
    if (rc != 0) return Fail(engine::FromLmdb(rc));
    LMJET_RETURN_IF_ERROR(Put(key, seq, record, false));
    return MaybeCommit();
  }
  auto it = set_.find(Probe{key, seq});
  if (it == set_.end()) return Status(JET_errRecordDeleted);
  const long before = static_cast<long>(it->data.size());
  // The key part stays, so the order does not change.
  std::string& data = it->data;
  data.resize(key.size() + 8);
  data.append(record.data(), record.size());
  Account(static_cast<long>(data.size()) - before);
  if (memory_bytes_ > options_.memory_budget_bytes) return MoveToDisk();
  return Status::Ok();
}

Status RowStore::Erase(std::string_view key, uint64_t seq) {
  if (!failed_.ok()) return failed_;
  positioned_ = false;
  if (env_ != nullptr) {
    StoredKey(key, seq, &env_->scratch);
    MDB_val k = Val(env_->scratch);
    const int rc = mdb_del(env_->txn, env_->dbi, &k, nullptr);
    if (rc == MDB_NOTFOUND) return Status(JET_errRecordDeleted);
    if (rc != 0) return Fail(engine::FromLmdb(rc));
    --rows_;
    env_->dirty_bytes += kRandomWriteDirtyBytes;
    Account(static_cast<long>(kRandomWriteDirtyBytes));
    return MaybeCommit();
  }
  auto it = set_.find(Probe{key, seq});
  if (it == set_.end()) return Status(JET_errRecordDeleted);
  Account(-static_cast<long>(RowBytes(it->key_size, it->record().size())));
  set_.erase(it);
  --rows_;
  return Status::Ok();
}

Status RowStore::MoveToDisk() {
  auto lmdb = std::make_unique<Lmdb>();
  // Create the file first (O_EXCL, 0600): a same-named file can only be a
  // dead process's leftover, and the next number is tried.
  std::string path;
  for (int attempt = 0;; ++attempt) {
    LMJET_RETURN_IF_ERROR(
        Fail(NewSpillFilePath(options_.spill_directory, ".mdb", &path)));
    const int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      break;
    }
    if (errno != EEXIST || attempt >= 16) return Fail(engine::FromErrno(errno));
  }
  path_ = path;
  int rc = mdb_env_create(&lmdb->env);
  if (rc == 0) rc = mdb_env_set_mapsize(lmdb->env, kMapBytes);
  if (rc == 0) {
    rc = mdb_env_open(lmdb->env, path.c_str(), MDB_NOSUBDIR | MDB_NOLOCK, 0600);
  }
  if (rc == 0) rc = mdb_txn_begin(lmdb->env, nullptr, 0, &lmdb->txn);
  if (rc == 0) rc = mdb_dbi_open(lmdb->txn, nullptr, 0, &lmdb->dbi);
  if (rc == 0) rc = mdb_set_compare(lmdb->txn, lmdb->dbi, CompareStored);
  if (rc != 0) return Fail(engine::FromLmdb(rc));
  env_ = std::move(lmdb);
  // The rows leave memory as they are written, in order (appends).
  while (!set_.empty()) {
    auto it = set_.begin();
    LMJET_RETURN_IF_ERROR(Put(it->key(), it->seq(), it->record(), true));
    Account(-static_cast<long>(RowBytes(it->key_size, it->record().size())));
    set_.erase(it);
    LMJET_RETURN_IF_ERROR(MaybeCommit());
  }
  Set().swap(set_);
  return Status::Ok();
}

Status RowStore::Put(std::string_view key, uint64_t seq,
                     std::string_view record, bool append) {
  StoredKey(key, seq, &env_->scratch);
  MDB_val k = Val(env_->scratch);
  MDB_val v = Val(record);
  const int rc = mdb_put(env_->txn, env_->dbi, &k, &v, append ? MDB_APPEND : 0);
  if (rc != 0) return Fail(engine::FromLmdb(rc));
  const size_t dirty =
      key.size() + 8 + record.size() + (append ? 16 : kRandomWriteDirtyBytes);
  env_->dirty_bytes += dirty;
  Account(static_cast<long>(dirty));
  return Status::Ok();
}

Status RowStore::MaybeCommit() {
  const size_t limit =
      std::max(options_.memory_budget_bytes / 2, kMinCommitBytes);
  if (env_->dirty_bytes < limit) return Status::Ok();
  MDB_txn* txn = env_->txn;
  env_->txn = nullptr;
  env_->cursor = nullptr;  // freed by the commit
  positioned_ = false;
  int rc = mdb_txn_commit(txn);
  if (rc == 0) rc = mdb_txn_begin(env_->env, nullptr, 0, &env_->txn);
  if (rc != 0) return Fail(engine::FromLmdb(rc));
  Account(-static_cast<long>(env_->dirty_bytes));
  env_->dirty_bytes = 0;
  return Status::Ok();
}

// --- The cursor --------------------------------------------------------------

Status RowStore::LmdbGet(int op, const Probe* probe, bool* found) {
  *found = false;
  positioned_ = false;
  if (env_->cursor == nullptr) {
    const int rc = mdb_cursor_open(env_->txn, env_->dbi, &env_->cursor);
    if (rc != 0) return Fail(engine::FromLmdb(rc));
  }
  MDB_val k{0, nullptr};
  MDB_val v{0, nullptr};
  if (probe != nullptr) {
    StoredKey(probe->key, probe->seq, &env_->scratch);
    k = Val(env_->scratch);
  }
  const int rc =
      mdb_cursor_get(env_->cursor, &k, &v, static_cast<MDB_cursor_op>(op));
  if (rc == MDB_NOTFOUND) return Status::Ok();
  if (rc != 0) return Fail(engine::FromLmdb(rc));
  const char* stored = static_cast<const char*>(k.mv_data);
  current_key_.assign(stored, k.mv_size - 8);
  current_seq_ = DecodeSeq(stored + k.mv_size - 8);
  current_record_ =
      std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
  positioned_ = true;
  *found = true;
  return Status::Ok();
}

Status RowStore::SeekFirst(bool* found) {
  if (!failed_.ok()) return failed_;
  if (env_ != nullptr) return LmdbGet(MDB_FIRST, nullptr, found);
  it_ = set_.begin();
  positioned_ = *found = it_ != set_.end();
  return Status::Ok();
}

Status RowStore::SeekLast(bool* found) {
  if (!failed_.ok()) return failed_;
  if (env_ != nullptr) return LmdbGet(MDB_LAST, nullptr, found);
  positioned_ = *found = !set_.empty();
  if (*found) it_ = std::prev(set_.end());
  return Status::Ok();
}

Status RowStore::Seek(std::string_view key, uint64_t seq, bool* found) {
  if (!failed_.ok()) return failed_;
  const Probe probe{key, seq};
  if (env_ != nullptr) return LmdbGet(MDB_SET_RANGE, &probe, found);
  it_ = set_.lower_bound(probe);
  positioned_ = *found = it_ != set_.end();
  return Status::Ok();
}

Status RowStore::Next(bool* found) {
  if (!failed_.ok()) return failed_;
  if (!positioned_) return Unpositioned();
  if (env_ != nullptr) return LmdbGet(MDB_NEXT, nullptr, found);
  ++it_;
  positioned_ = *found = it_ != set_.end();
  return Status::Ok();
}

Status RowStore::Prev(bool* found) {
  if (!failed_.ok()) return failed_;
  if (!positioned_) return Unpositioned();
  if (env_ != nullptr) return LmdbGet(MDB_PREV, nullptr, found);
  if (it_ == set_.begin()) {
    positioned_ = *found = false;
    return Status::Ok();
  }
  --it_;
  *found = true;
  return Status::Ok();
}

std::string_view RowStore::key() const {
  return env_ != nullptr ? std::string_view(current_key_) : it_->key();
}

uint64_t RowStore::seq() const {
  return env_ != nullptr ? current_seq_ : it_->seq();
}

std::string_view RowStore::record() const {
  return env_ != nullptr ? current_record_ : it_->record();
}

}  // namespace lmjet::sort
