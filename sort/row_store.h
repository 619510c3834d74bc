#ifndef LMJET_SORT_ROW_STORE_H_
#define LMJET_SORT_ROW_STORE_H_

// The rows of a materialized temp table (sort::TempTable): records ordered
// by (key, seq), where key is the normalized index key (memcmp order, a
// proper prefix first) and seq the row's 8-byte insertion number. (key, seq)
// is unique; several rows may share a key.
//
// RowCursor is a position over such rows. RowStore holds them under a
// memory budget with one built-in cursor:
//   - in memory, an absl::btree_set (O(log n) insert, erase and seek), while
//     its accounted bytes (memory_bytes()) stay within
//     Options::memory_budget_bytes;
//   - past the budget, every row moves to an LMDB environment in a file
//     "lmjet-sort-<pid>-<n>.mdb" under Options::spill_directory (created
//     then, O_EXCL, mode 0600, MDB_NOSUBDIR | MDB_NOLOCK: no lock file) and
//     stays there. LMDB orders its keys key || seq (8 bytes, big-endian, the
//     temp table's bookmark format) with a comparator giving (key, seq)
//     order. One LMDB write transaction stays open and is committed when
//     its estimated dirty bytes reach max(budget / 2, 1 MiB), which bounds
//     its memory. The file is never reopened, so its durability does not
//     matter; it is removed by the destructor (and, after a crash, by
//     ExternalSorter::RemoveLeftoverRuns at the next JetInit).
// Keys are at most kMaxKeyBytes (LMDB's key limit less the seq).
//
// Errors: LMDB and I/O failures as engine::FromLmdb / FromErrno (a full
// disk is JET_errDiskFull); after one, the store is failed and every call
// returns that error.
//
// Not thread-safe; one session uses it at a time (from any thread: with
// MDB_NOLOCK the write transaction is not tied to the thread that began it).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/btree_set.h"
#include "base/status.h"

namespace lmjet::sort {

// The 8-byte big-endian encoding of a row's seq, as in bookmarks and the
// LMDB file's keys: EncodeSeq writes 8 bytes at `out`; DecodeSeq reads 8.
void EncodeSeq(uint64_t seq, char* out);
uint64_t DecodeSeq(const char* in);

// Orders (key, seq) pairs: keys by memcmp (a proper prefix first), then seq.
int CompareRows(std::string_view a_key, uint64_t a_seq, std::string_view b_key,
                uint64_t b_seq);

// A position over rows ordered by (key, seq). The views returned stay valid
// until the next call on the cursor or the next change to its rows.
class RowCursor {
 public:
  virtual ~RowCursor() = default;
  // Each positions the cursor and sets *found to whether it is on a row.
  virtual Status SeekFirst(bool* found) = 0;
  virtual Status SeekLast(bool* found) = 0;
  // The first row at or after (key, seq).
  virtual Status Seek(std::string_view key, uint64_t seq, bool* found) = 0;
  // From the row the cursor is on, with no change to the rows since it was
  // positioned (else JET_errInternalError).
  virtual Status Next(bool* found) = 0;
  virtual Status Prev(bool* found) = 0;
  // Only while on a row.
  virtual std::string_view key() const = 0;
  virtual uint64_t seq() const = 0;
  virtual std::string_view record() const = 0;
};

class RowStore : public RowCursor {
 public:
  struct Options {
    size_t memory_budget_bytes = 64 << 20;
    std::string spill_directory;  // JET_paramTempPath's directory
  };
  // Longest key: LMDB's key limit (511) less the 8-byte seq.
  static constexpr size_t kMaxKeyBytes = 503;

  explicit RowStore(Options options);
  ~RowStore() override;  // removes the file
  RowStore(const RowStore&) = delete;
  RowStore& operator=(const RowStore&) = delete;

  // Adds a row; (key, seq) must not be present (JET_errInternalError).
  // Rows added in increasing (key, seq) order take a fast path.
  Status Insert(std::string_view key, uint64_t seq, std::string_view record);
  // Replaces the record of (key, seq); JET_errRecordDeleted if absent.
  Status Replace(std::string_view key, uint64_t seq, std::string_view record);
  // Removes (key, seq); JET_errRecordDeleted if absent.
  Status Erase(std::string_view key, uint64_t seq);
  // Each of the three invalidates the cursor's position (reposition with
  // Seek before Next / Prev).

  // RowCursor.
  Status SeekFirst(bool* found) override;
  Status SeekLast(bool* found) override;
  Status Seek(std::string_view key, uint64_t seq, bool* found) override;
  Status Next(bool* found) override;
  Status Prev(bool* found) override;
  std::string_view key() const override;
  uint64_t seq() const override;
  std::string_view record() const override;

  // --- Accounting (tests and docs) -----------------------------------------
  // Bytes the store holds in memory now: the in-memory rows (payload plus an
  // estimated per-row overhead), or, on disk, the estimated dirty bytes of
  // the open LMDB transaction. At most max(budget, 1 MiB) plus one row.
  size_t memory_bytes() const { return memory_bytes_; }
  size_t peak_memory_bytes() const { return peak_memory_bytes_; }
  uint64_t size() const { return rows_; }
  bool on_disk() const { return env_ != nullptr; }
  // The LMDB file once on disk, else empty.
  const std::string& file_path() const { return path_; }

 private:
  // One in-memory row: key || seq (8 bytes, big-endian) || record.
  struct Row {
    // Replace changes the record part in place; the key part never changes
    // while the row is in the set.
    mutable std::string data;
    uint32_t key_size;
    std::string_view key() const { return {data.data(), key_size}; }
    uint64_t seq() const;
    std::string_view record() const {
      return std::string_view(data).substr(key_size + 8);
    }
  };
  // (key, seq) of a lookup.
  struct Probe {
    std::string_view key;
    uint64_t seq;
  };
  struct RowLess {
    using is_transparent = void;
    bool operator()(const Row& a, const Row& b) const;
    bool operator()(const Row& a, const Probe& b) const;
    bool operator()(const Probe& a, const Row& b) const;
  };
  using Set = absl::btree_set<Row, RowLess>;
  struct Lmdb;

  static size_t RowBytes(size_t key, size_t record);
  void Account(long delta);
  // Moves every row to a new LMDB file.
  Status MoveToDisk();
  // LMDB: puts key||seq -> record (append: known to be the last key).
  Status Put(std::string_view key, uint64_t seq, std::string_view record,
             bool append);
  // LMDB: commits when the dirty estimate reaches its limit.
  Status MaybeCommit();
  Status LmdbCursor();
  Status LmdbGet(int op, const Probe* probe, bool* found);
  Status Fail(Status s) {
    if (failed_.ok()) failed_ = s;
    return s;
  }
  Status Unpositioned() const;

  Options options_;
  Status failed_;
  uint64_t rows_ = 0;
  size_t memory_bytes_ = 0;
  size_t peak_memory_bytes_ = 0;

  // In memory.
  Set set_;
  Set::const_iterator it_;
  bool positioned_ = false;  // it_ / the LMDB cursor is on a row

  // The greatest (key, seq) ever inserted: a row past it is appended.
  std::string max_key_;
  uint64_t max_seq_ = 0;
  bool has_max_ = false;

  // On disk.
  std::string path_;
  std::unique_ptr<Lmdb> env_;
  std::string current_key_;  // the LMDB cursor's row: key and seq
  uint64_t current_seq_ = 0;
  std::string_view current_record_;
};

}  // namespace lmjet::sort

#endif  // LMJET_SORT_ROW_STORE_H_
