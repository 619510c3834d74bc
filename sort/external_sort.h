#ifndef LMJET_SORT_EXTERNAL_SORT_H_
#define LMJET_SORT_EXTERNAL_SORT_H_

// The engine under temp/sort tables (DESIGN.md §1): an external sorter of
// (key, value) byte strings ordered by memcmp of the key. Keys arrive already
// normalized by the key codec, so memcmp order is index order.
//
// Records are kept in memory (an arena of chunks plus an index of entries)
// until the batch would exceed Options::memory_budget_bytes; the batch is then
// sorted and written as a run file in Options::spill_directory, and the memory
// is reused. Finish() ends the insert phase; an Iterator then yields the k-way
// merge of the runs and the last in-memory batch. When more runs exist than
// Options::max_merge_fan_in, Finish() first merges consecutive groups of runs
// into bigger runs (multi-pass), so at most max_merge_fan_in run files are
// open per iterator.
//
// Order of equal keys is insertion order (the sort is stable across runs).
// With unique_keys, a record whose key equals an earlier record's key is
// dropped: the first inserted one is kept.
//
// With error_on_duplicate, a duplicate key is JET_errKeyDuplicate:
//   - Add() reports it, and rejects only that record, when the earlier record
//     is still in the in-memory batch (a hash set over the batch);
//   - otherwise (the earlier record was spilled) Finish() reports it: in this
//     mode Finish() merges every run and the batch into one run and checks
//     adjacent keys, so iteration never reports a duplicate.
//
// Run files are named "lmjet-sort-<pid>-<n>.run", created O_EXCL|O_CLOEXEC
// with mode 0600, and unlinked as soon as they are merged into a bigger run
// and when the sorter is destroyed. RemoveLeftoverRuns() removes those whose
// <pid> is no longer a live process (JetInit's cleanup after a crash).
//
// Run file format (integers little-endian):
//   header:  8 bytes magic "LMJSORT1", u64 record count
//   record:  u32 key length, u32 value length, key bytes, value bytes
// The count is written last (pwrite over the header) when the run is closed.
// A reader checks the magic, that every length fits in the bytes the file has
// left, that exactly `count` records are present and nothing follows; any
// violation, including a short read, is JET_errDatabaseCorrupted.
//
// I/O errors are engine::FromErrno (ENOSPC -> JET_errDiskFull). An I/O or
// corruption error leaves the sorter failed: later calls return that error.
//
// Not thread-safe: one sorter is used by one session at a time. Iterators
// must be destroyed before their sorter.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"

namespace lmjet::sort {

namespace internal {
class MergeSource;
class RunWriter;
}  // namespace internal

// A new path "<directory>/lmjet-sort-<pid>-<n><suffix>" for a spill file,
// n unique within the process (suffix ".run" for sort runs, ".mdb" for
// RowStore files). JET_errInvalidPath when `directory` is empty. Create the
// file with O_EXCL: only a dead process with the same pid can have left one.
Status NewSpillFilePath(const std::string& directory, std::string_view suffix,
                        std::string* path);

class ExternalSorter {
 public:
  struct Options {
    // Bytes of records (arena + index + duplicate set) held in memory before
    // the batch is spilled. A single record larger than the budget is held
    // alone. I/O buffers are extra and sized from the budget (see the .cc).
    size_t memory_budget_bytes = 64 << 20;
    // Where run files go (JET_paramTempPath). Only needed once a spill is.
    std::string spill_directory;
    // Drop records whose key equals an earlier record's key.
    bool unique_keys = false;
    // Report a duplicate key as JET_errKeyDuplicate instead (see above).
    bool error_on_duplicate = false;
    // Most runs merged at once, and so most run files open per iterator.
    size_t max_merge_fan_in = 64;
  };

  // Counters for tests and benchmarks.
  struct Stats {
    uint64_t records_added = 0;       // accepted by Add()
    uint64_t runs_written = 0;        // batches spilled from memory
    uint64_t merge_runs_written = 0;  // runs produced by intermediate merges
    uint64_t merge_passes = 0;        // intermediate merge passes in Finish()
    size_t peak_memory_bytes = 0;     // peak arena + index + set capacity
  };

  class Iterator {
   public:
    ~Iterator();
    Iterator(const Iterator&) = delete;
    Iterator& operator=(const Iterator&) = delete;

    bool Valid() const { return !heap_.empty() && status_.ok(); }
    // Only while Valid(); the views stay good until the next Next().
    std::string_view key() const;
    std::string_view value() const;
    // Moves to the next record in order. An I/O or corruption error ends the
    // iteration (Valid() becomes false) and is returned and kept in status().
    Status Next();
    Status status() const { return status_; }

   private:
    friend class ExternalSorter;
    Iterator(bool unique_keys);
    Status Init(std::vector<std::unique_ptr<internal::MergeSource>> sources);

    bool unique_keys_;
    std::vector<std::unique_ptr<internal::MergeSource>> sources_;
    std::vector<uint32_t> heap_;  // indexes into sources_, min-heap
    std::string last_key_;
    Status status_;
  };

  explicit ExternalSorter(Options options);
  ~ExternalSorter();  // unlinks every run file it created
  ExternalSorter(const ExternalSorter&) = delete;
  ExternalSorter& operator=(const ExternalSorter&) = delete;

  // Insert phase only (JET_errInvalidParameter after Finish()). Keys and
  // values are copied; each is at most 4 GiB - 1 bytes.
  Status Add(std::string_view key, std::string_view value);

  // Ends the insert phase. Idempotent once it succeeded.
  Status Finish();

  // After Finish(): a new iterator positioned on the first record (or not
  // Valid() when there are none). Several may exist at once.
  Status NewIterator(std::unique_ptr<Iterator>* out) const;

  const Stats& stats() const { return stats_; }
  // Bytes of arena chunks held now.
  size_t arena_bytes() const { return arena_bytes_; }
  // Paths of the run files that currently exist, oldest first.
  std::vector<std::string> run_paths() const { return runs_; }

  // After Finish(), when no batch was ever spilled, the sorted records stay
  // in memory and can be read by position, 0 <= i < memory_count(), in
  // iteration order (duplicates already dropped under unique_keys).
  bool in_memory() const { return finished_ && stats_.runs_written == 0; }
  size_t memory_count() const { return in_memory() ? entries_.size() : 0; }
  std::string_view memory_key(size_t i) const { return EntryKey(entries_[i]); }
  std::string_view memory_value(size_t i) const {
    return EntryValue(entries_[i]);
  }
  // Empties a sorter that is in_memory(): hands every record to `sink` with
  // its place in iteration order (0 .. memory_count() - 1), in arena order,
  // not sorted order, and frees each arena chunk as soon as its records
  // have been handed over, so a caller copying the records elsewhere holds
  // at most one chunk of both at once (plus the batch index and 4 bytes a
  // record while draining). The first error of `sink` stops it and is
  // returned (the records not handed over are lost). Afterwards the sorter
  // holds nothing: memory_count() is 0. JET_errInvalidParameter unless
  // in_memory().
  Status DrainMemory(
      const std::function<Status(std::string_view key, std::string_view value,
                                 size_t index)>& sink);

  // A hint that record i (i < memory_count()) will be read soon: its bytes
  // are fetched into the cache. Sorted order visits the arena at random, so
  // a reader prefetching a few records ahead hides most of the misses.
  void PrefetchMemory(size_t i) const {
    const Entry& e = entries_[i];
    const char* p = EntryData(e);
    const size_t size = size_t{e.key_len} + e.value_len;
    Prefetch(p);
    if (size > 64) Prefetch(p + 64);
    if (size > 1) Prefetch(p + size - 1);
  }

  // Removes "lmjet-sort-<pid>-<n>.run" and "lmjet-sort-<pid>-<n>.mdb" files
  // (sort::RowStore's) in `directory` whose <pid> is not a live process (this
  // process's files are kept). A missing directory is
  // not an error. `removed`, when given, receives the number removed.
  static Status RemoveLeftoverRuns(const std::string& directory,
                                   size_t* removed = nullptr);

  // The file-name prefix of run files, "lmjet-sort-".
  static constexpr std::string_view kRunPrefix = "lmjet-sort-";

 private:
  // Records are copied into chunks that never move (no reallocation copies
  // as the batch grows); (chunk, offset) increases with insertion order.
  struct FreeChunk {
    void operator()(char* p) const { std::free(p); }
  };
  struct Chunk {
    std::unique_ptr<char, FreeChunk> data;  // malloc
    size_t size = 0;
    size_t capacity = 0;
  };
  struct Entry {
    uint64_t prefix;  // first 8 key bytes, big-endian, zero-padded
    uint32_t chunk;   // index in chunks_
    uint32_t offset;  // of the key in the chunk; the value follows it
    uint32_t key_len;
    uint32_t value_len;
  };
  struct EntryHash {
    const ExternalSorter* sorter;
    size_t operator()(uint32_t index) const;
  };
  struct EntryEq {
    const ExternalSorter* sorter;
    bool operator()(uint32_t a, uint32_t b) const;
  };

  static void Prefetch(const char* p) {
#if defined(__x86_64__) || defined(__i386__)
    // GCC 12 at -O2 drops __builtin_prefetch in PrefetchMemory (its DCE
    // treats it as removable); the instruction cannot be dropped.
    asm volatile("prefetcht0 %0" : : "m"(*p));
#else
    __builtin_prefetch(p);
#endif
  }
  const char* EntryData(const Entry& e) const {
    return chunks_[e.chunk].data.get() + e.offset;
  }
  std::string_view EntryKey(const Entry& e) const {
    return std::string_view(EntryData(e), e.key_len);
  }
  std::string_view EntryValue(const Entry& e) const {
    return std::string_view(EntryData(e) + e.key_len, e.value_len);
  }
  size_t MemoryBytesUsed() const;
  void NotePeak();
  // Sorts the batch (and drops duplicates with unique_keys).
  void SortBatch();
  Status SpillBatch();
  // Creates a new run file (recorded in files_) and its writer.
  Status CreateRun(std::unique_ptr<internal::RunWriter>* writer,
                   std::string* path);
  void RemoveFile(const std::string& path);
  // Merges runs_[begin, end) into one new run; unlinks the inputs.
  Status MergeRuns(size_t begin, size_t end, std::string* out_path);
  Status MergeToFanIn(size_t limit);
  Status Fail(Status s) {
    failed_ = s;
    return s;
  }

  Options options_;
  Stats stats_;
  bool finished_ = false;
  Status failed_;

  std::vector<Chunk> chunks_;
  size_t arena_bytes_ = 0;       // capacity of chunks_
  size_t next_chunk_bytes_ = 0;  // capacity of the next chunk
  std::vector<Entry> entries_;
  std::unordered_set<uint32_t, EntryHash, EntryEq> batch_keys_;
  std::vector<std::string> runs_;   // sorted runs, oldest first
  std::vector<std::string> files_;  // every run file not yet unlinked
};

}  // namespace lmjet::sort

#endif  // LMJET_SORT_EXTERNAL_SORT_H_
