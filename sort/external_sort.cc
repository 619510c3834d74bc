#include "sort/external_sort.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <utility>

#include "api/esent.h"
#include "engine/lmdb_status.h"

namespace lmjet::sort {
namespace {

constexpr char kMagic[8] = {'L', 'M', 'J', 'S', 'O', 'R', 'T', '1'};
constexpr size_t kHeaderBytes = 16;
constexpr size_t kRecordHeaderBytes = 8;
// Estimated bytes per element of the duplicate-detection hash set (node plus
// its share of the bucket array).
constexpr size_t kSetBytesPerEntry = 32;
// The largest arena chunk that holds more than one record.
constexpr size_t kMaxChunkBytes = size_t{1} << 20;

char* AllocateChunk(size_t bytes) {
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<char*>(p);
}

Status Corrupted() {
  return Status(JET_errDatabaseCorrupted,
                "sort run file is truncated or corrupt");
}

void PutU32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
void PutU64(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

// memcmp order; a proper prefix sorts first.
int CompareKeys(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  if (n != 0) {
    const int c = std::memcmp(a.data(), b.data(), n);
    if (c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

uint64_t KeyPrefix(std::string_view key) {
  uint64_t p = 0;
  if (key.size() >= 8) {
    std::memcpy(&p, key.data(), 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    p = __builtin_bswap64(p);
#endif
    return p;
  }
  const size_t n = key.size();
  for (size_t i = 0; i < n; ++i) {
    p |= uint64_t{static_cast<unsigned char>(key[i])} << (56 - 8 * i);
  }
  return p;
}

size_t Clamp(size_t v, size_t lo, size_t hi) {
  return std::max(lo, std::min(v, hi));
}

Status WriteAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return engine::FromErrno(errno);
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

namespace internal {

// Buffered writer of one run file.
class RunWriter {
 public:
  explicit RunWriter(size_t buffer_bytes) { buf_.reserve(buffer_bytes); }
  ~RunWriter() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open(const std::string& path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) return engine::FromErrno(errno);
    char header[kHeaderBytes];
    std::memcpy(header, kMagic, sizeof(kMagic));
    PutU64(header + 8, 0);  // the count is filled in by Close()
    return Append(header, sizeof(header));
  }

  Status Add(std::string_view key, std::string_view value) {
    char h[kRecordHeaderBytes];
    PutU32(h, static_cast<uint32_t>(key.size()));
    PutU32(h + 4, static_cast<uint32_t>(value.size()));
    LMJET_RETURN_IF_ERROR(Append(h, sizeof(h)));
    LMJET_RETURN_IF_ERROR(Append(key.data(), key.size()));
    LMJET_RETURN_IF_ERROR(Append(value.data(), value.size()));
    ++count_;
    return Status::Ok();
  }

  Status Close() {
    LMJET_RETURN_IF_ERROR(Flush());
    char count[8];
    PutU64(count, count_);
    ssize_t w;
    do {
      w = ::pwrite(fd_, count, sizeof(count), 8);
    } while (w < 0 && errno == EINTR);
    if (w < 0) return engine::FromErrno(errno);
    if (w != sizeof(count)) return engine::FromErrno(EIO);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 && errno != EINTR) return engine::FromErrno(errno);
    return Status::Ok();
  }

 private:
  Status Append(const char* p, size_t n) {
    if (buf_.size() + n > buf_.capacity()) {
      LMJET_RETURN_IF_ERROR(Flush());
      if (n >= buf_.capacity()) return WriteAll(fd_, p, n);
    }
    buf_.insert(buf_.end(), p, p + n);
    return Status::Ok();
  }
  Status Flush() {
    Status s = WriteAll(fd_, buf_.data(), buf_.size());
    buf_.clear();
    return s;
  }

  int fd_ = -1;
  std::vector<char> buf_;
  uint64_t count_ = 0;
};

// One sorted input of a merge: a run file or the in-memory batch.
class MergeSource {
 public:
  virtual ~MergeSource() = default;
  // Moves to the next record; valid() is false past the last one.
  virtual Status Advance() = 0;
  bool valid() const { return valid_; }
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }

 protected:
  bool valid_ = false;
  std::string_view key_;
  std::string_view value_;
};

namespace {

class MemorySource : public MergeSource {
 public:
  using Get = std::function<void(size_t, std::string_view*, std::string_view*)>;
  MemorySource(size_t count, Get get) : count_(count), get_(std::move(get)) {}
  Status Advance() override {
    valid_ = next_ < count_;
    if (valid_) get_(next_++, &key_, &value_);
    return Status::Ok();
  }

 private:
  size_t count_;
  size_t next_ = 0;
  Get get_;
};

class RunReader : public MergeSource {
 public:
  explicit RunReader(size_t buffer_bytes) : buf_(buffer_bytes) {}
  ~RunReader() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return engine::FromErrno(errno);
    struct stat st;
    if (::fstat(fd_, &st) != 0) return engine::FromErrno(errno);
    if (st.st_size < static_cast<off_t>(kHeaderBytes)) return Corrupted();
    remaining_ = static_cast<uint64_t>(st.st_size);
    char header[kHeaderBytes];
    LMJET_RETURN_IF_ERROR(ReadExact(header, sizeof(header)));
    if (std::memcmp(header, kMagic, sizeof(kMagic)) != 0) return Corrupted();
    count_ = GetU64(header + 8);
    return Status::Ok();
  }

  Status Advance() override {
    valid_ = false;
    if (read_ == count_) {
      // Exactly `count` records and nothing after them.
      return remaining_ == 0 ? Status::Ok() : Corrupted();
    }
    char h[kRecordHeaderBytes];
    LMJET_RETURN_IF_ERROR(ReadExact(h, sizeof(h)));
    const uint64_t klen = GetU32(h);
    const uint64_t vlen = GetU32(h + 4);
    if (klen + vlen > remaining_) return Corrupted();
    record_.resize(static_cast<size_t>(klen + vlen));
    LMJET_RETURN_IF_ERROR(ReadExact(record_.data(), record_.size()));
    key_ = std::string_view(record_.data(), static_cast<size_t>(klen));
    value_ = std::string_view(record_.data() + klen, static_cast<size_t>(vlen));
    ++read_;
    valid_ = true;
    return Status::Ok();
  }

 private:
  // Reads n bytes; running out of file (by size or by a short read) is
  // corruption, never a read past what the file holds.
  Status ReadExact(char* dst, size_t n) {
    if (n > remaining_) return Corrupted();
    remaining_ -= n;
    while (n > 0) {
      if (pos_ == end_) {
        ssize_t r;
        do {
          r = ::read(fd_, buf_.data(), buf_.size());
        } while (r < 0 && errno == EINTR);
        if (r < 0) return engine::FromErrno(errno);
        if (r == 0) return Corrupted();
        pos_ = 0;
        end_ = static_cast<size_t>(r);
      }
      const size_t take = std::min(n, end_ - pos_);
      std::memcpy(dst, buf_.data() + pos_, take);
      pos_ += take;
      dst += take;
      n -= take;
    }
    return Status::Ok();
  }

  int fd_ = -1;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t remaining_ = 0;  // file bytes not yet consumed
  uint64_t count_ = 0;
  uint64_t read_ = 0;
  std::string record_;
};

}  // namespace
}  // namespace internal

namespace {

// Most of the budget goes to records; merges get buffers sized from it.
size_t ReaderBufferBytes(const ExternalSorter::Options& o) {
  return Clamp(o.memory_budget_bytes / (o.max_merge_fan_in + 1), 4 << 10,
               1 << 20);
}
size_t WriterBufferBytes(const ExternalSorter::Options& o) {
  return Clamp(o.memory_budget_bytes / 8, 4 << 10, 1 << 20);
}

Status OpenRun(const std::string& path, size_t buffer_bytes,
               std::unique_ptr<internal::MergeSource>* out) {
  auto reader = std::make_unique<internal::RunReader>(buffer_bytes);
  LMJET_RETURN_IF_ERROR(reader->Open(path));
  *out = std::move(reader);
  return Status::Ok();
}

}  // namespace

Status NewSpillFilePath(const std::string& directory, std::string_view suffix,
                        std::string* path) {
  static std::atomic<uint64_t> next_file{0};
  if (directory.empty()) {
    return Status(JET_errInvalidPath, "no temporary path to spill a sort to");
  }
  *path = directory;
  if (path->back() != '/') path->push_back('/');
  path->append(ExternalSorter::kRunPrefix);
  path->append(std::to_string(::getpid()) + "-" +
               std::to_string(next_file.fetch_add(1)));
  path->append(suffix);
  return Status::Ok();
}

// ---------------------------------------------------------------- Iterator

ExternalSorter::Iterator::Iterator(bool unique_keys)
    : unique_keys_(unique_keys) {}
ExternalSorter::Iterator::~Iterator() = default;

namespace {
// Heap order: smaller key first, then the older source (insertion order).
struct HeapAfter {
  const std::vector<std::unique_ptr<internal::MergeSource>>* sources;
  bool operator()(uint32_t a, uint32_t b) const {
    const int c = CompareKeys((*sources)[a]->key(), (*sources)[b]->key());
    return c != 0 ? c > 0 : a > b;
  }
};
}  // namespace

Status ExternalSorter::Iterator::Init(
    std::vector<std::unique_ptr<internal::MergeSource>> sources) {
  sources_ = std::move(sources);
  for (uint32_t i = 0; i < sources_.size(); ++i) {
    status_ = sources_[i]->Advance();
    if (!status_.ok()) {
      heap_.clear();
      return status_;
    }
    if (sources_[i]->valid()) heap_.push_back(i);
  }
  std::make_heap(heap_.begin(), heap_.end(), HeapAfter{&sources_});
  return Status::Ok();
}

std::string_view ExternalSorter::Iterator::key() const {
  return sources_[heap_.front()]->key();
}
std::string_view ExternalSorter::Iterator::value() const {
  return sources_[heap_.front()]->value();
}

Status ExternalSorter::Iterator::Next() {
  if (!Valid()) return status_;
  if (unique_keys_) last_key_.assign(key().data(), key().size());
  const HeapAfter after{&sources_};
  do {
    std::pop_heap(heap_.begin(), heap_.end(), after);
    const uint32_t top = heap_.back();
    Status s = sources_[top]->Advance();
    if (!s.ok()) {
      status_ = s;
      heap_.clear();
      return s;
    }
    if (sources_[top]->valid()) {
      std::push_heap(heap_.begin(), heap_.end(), after);
    } else {
      heap_.pop_back();
    }
    // With unique keys, skip every later record with the key just left.
  } while (unique_keys_ && !heap_.empty() && key() == last_key_);
  return Status::Ok();
}

// ---------------------------------------------------------- ExternalSorter

size_t ExternalSorter::EntryHash::operator()(uint32_t index) const {
  return std::hash<std::string_view>()(
      sorter->EntryKey(sorter->entries_[index]));
}

bool ExternalSorter::EntryEq::operator()(uint32_t a, uint32_t b) const {
  return sorter->EntryKey(sorter->entries_[a]) ==
         sorter->EntryKey(sorter->entries_[b]);
}

ExternalSorter::ExternalSorter(Options options)
    : options_(std::move(options)),
      batch_keys_(0, EntryHash{this}, EntryEq{this}) {
  options_.max_merge_fan_in = std::max<size_t>(options_.max_merge_fan_in, 2);
  if (options_.error_on_duplicate) options_.unique_keys = false;
}

ExternalSorter::~ExternalSorter() {
  for (const std::string& path : files_) ::unlink(path.c_str());
}

size_t ExternalSorter::MemoryBytesUsed() const {
  return arena_bytes_ + entries_.size() * sizeof(Entry) +
         batch_keys_.size() * kSetBytesPerEntry;
}

void ExternalSorter::NotePeak() {
  const size_t bytes = arena_bytes_ + entries_.capacity() * sizeof(Entry) +
                       batch_keys_.size() * kSetBytesPerEntry;
  stats_.peak_memory_bytes = std::max(stats_.peak_memory_bytes, bytes);
}

Status ExternalSorter::Add(std::string_view key, std::string_view value) {
  if (!failed_.ok()) return failed_;
  if (finished_) {
    return Status(JET_errInvalidParameter, "sorter is past its insert phase");
  }
  constexpr size_t kMaxLen = std::numeric_limits<uint32_t>::max();
  if (key.size() > kMaxLen || value.size() > kMaxLen) {
    return Status(JET_errInvalidParameter, "sort record too large");
  }
  const size_t record_bytes =
      key.size() + value.size() + sizeof(Entry) +
      (options_.error_on_duplicate ? kSetBytesPerEntry : 0);
  if (!entries_.empty() &&
      (MemoryBytesUsed() + record_bytes > options_.memory_budget_bytes ||
       entries_.size() >= std::numeric_limits<uint32_t>::max())) {
    LMJET_RETURN_IF_ERROR(SpillBatch());
  }

  // Chunks grow from 256 bytes to kMaxChunkBytes; a record larger than the
  // chunk size gets a chunk of its own.
  const size_t need = key.size() + value.size();
  if (chunks_.empty() || chunks_.back().capacity - chunks_.back().size < need) {
    // A chunk is at most 1/16 of the budget, so the unused tail of the last
    // one wastes little of it.
    const size_t cap = std::max<size_t>(
        256, std::min(kMaxChunkBytes, options_.memory_budget_bytes / 16));
    next_chunk_bytes_ =
        std::min(cap, std::max<size_t>(next_chunk_bytes_ * 2, 256));
    Chunk chunk;
    chunk.capacity = std::max(need, next_chunk_bytes_);
    chunk.data.reset(AllocateChunk(chunk.capacity));
    arena_bytes_ += chunk.capacity;
    chunks_.push_back(std::move(chunk));
  }
  Chunk& chunk = chunks_.back();
  const size_t offset = chunk.size;
  std::memcpy(chunk.data.get() + offset, key.data(), key.size());
  std::memcpy(chunk.data.get() + offset + key.size(), value.data(),
              value.size());
  chunk.size += need;
  entries_.push_back(
      Entry{KeyPrefix(key), static_cast<uint32_t>(chunks_.size() - 1),
            static_cast<uint32_t>(offset), static_cast<uint32_t>(key.size()),
            static_cast<uint32_t>(value.size())});
  if (options_.error_on_duplicate) {
    const uint32_t index = static_cast<uint32_t>(entries_.size() - 1);
    if (!batch_keys_.insert(index).second) {
      entries_.pop_back();
      chunk.size = offset;
      return Status(JET_errKeyDuplicate);
    }
  }
  ++stats_.records_added;
  NotePeak();
  return Status::Ok();
}

void ExternalSorter::SortBatch() {
  std::sort(
      entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        const int c = CompareKeys(EntryKey(a), EntryKey(b));
        // (chunk, offset) grows with insertion, so ties keep
        // insertion order.
        if (c != 0) return c < 0;
        return a.chunk != b.chunk ? a.chunk < b.chunk : a.offset < b.offset;
      });
  if (options_.unique_keys && !entries_.empty()) {
    size_t kept = 1;
    for (size_t i = 1; i < entries_.size(); ++i) {
      // Different prefixes or lengths settle it without reading the arena
      // (a cache miss per record once the batch is sorted).
      const Entry& a = entries_[i];
      const Entry& b = entries_[kept - 1];
      if (a.prefix != b.prefix || a.key_len != b.key_len ||
          EntryKey(a) != EntryKey(b)) {
        entries_[kept++] = entries_[i];
      }
    }
    entries_.resize(kept);
  }
}

Status ExternalSorter::CreateRun(std::unique_ptr<internal::RunWriter>* writer,
                                 std::string* path) {
  // A same-named file can only be a leftover of a dead process that had our
  // pid; O_EXCL refuses it and the next number is tried.
  for (int attempt = 0;; ++attempt) {
    LMJET_RETURN_IF_ERROR(
        NewSpillFilePath(options_.spill_directory, ".run", path));
    auto w = std::make_unique<internal::RunWriter>(WriterBufferBytes(options_));
    Status s = w->Open(*path);
    if (s.ok()) {
      files_.push_back(*path);
      *writer = std::move(w);
      return s;
    }
    if (errno != EEXIST || attempt >= 16) return s;
  }
}

void ExternalSorter::RemoveFile(const std::string& path) {
  ::unlink(path.c_str());
  files_.erase(std::remove(files_.begin(), files_.end(), path), files_.end());
}

Status ExternalSorter::SpillBatch() {
  SortBatch();
  std::unique_ptr<internal::RunWriter> w;
  std::string path;
  Status s = CreateRun(&w, &path);
  for (size_t i = 0; s.ok() && i < entries_.size(); ++i) {
    s = w->Add(EntryKey(entries_[i]), EntryValue(entries_[i]));
  }
  if (s.ok()) s = w->Close();
  if (!s.ok()) return Fail(s);
  runs_.push_back(path);
  ++stats_.runs_written;
  chunks_.clear();
  arena_bytes_ = 0;
  entries_.clear();
  batch_keys_.clear();
  return Status::Ok();
}

Status ExternalSorter::MergeRuns(size_t begin, size_t end,
                                 std::string* out_path) {
  std::vector<std::unique_ptr<internal::MergeSource>> sources;
  for (size_t i = begin; i < end; ++i) {
    sources.emplace_back();
    LMJET_RETURN_IF_ERROR(
        OpenRun(runs_[i], ReaderBufferBytes(options_), &sources.back()));
  }
  Iterator it(options_.unique_keys);
  LMJET_RETURN_IF_ERROR(it.Init(std::move(sources)));
  std::unique_ptr<internal::RunWriter> w;
  LMJET_RETURN_IF_ERROR(CreateRun(&w, out_path));
  std::string previous;
  bool have_previous = false;
  while (it.Valid()) {
    if (options_.error_on_duplicate) {
      if (have_previous && it.key() == previous) {
        return Status(JET_errKeyDuplicate);
      }
      previous.assign(it.key().data(), it.key().size());
      have_previous = true;
    }
    LMJET_RETURN_IF_ERROR(w->Add(it.key(), it.value()));
    LMJET_RETURN_IF_ERROR(it.Next());
  }
  LMJET_RETURN_IF_ERROR(it.status());
  LMJET_RETURN_IF_ERROR(w->Close());
  ++stats_.merge_runs_written;
  for (size_t i = begin; i < end; ++i) RemoveFile(runs_[i]);
  return Status::Ok();
}

Status ExternalSorter::MergeToFanIn(size_t limit) {
  const size_t fan_in = options_.max_merge_fan_in;
  while (runs_.size() > limit) {
    std::vector<std::string> merged;
    for (size_t begin = 0; begin < runs_.size(); begin += fan_in) {
      const size_t end = std::min(begin + fan_in, runs_.size());
      if (end - begin == 1) {
        merged.push_back(runs_[begin]);
        continue;
      }
      std::string out;
      Status s = MergeRuns(begin, end, &out);
      if (!s.ok()) return Fail(s);
      merged.push_back(std::move(out));
    }
    runs_ = std::move(merged);
    ++stats_.merge_passes;
  }
  return Status::Ok();
}

Status ExternalSorter::Finish() {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::Ok();
  if (runs_.empty()) {
    SortBatch();
  } else if (options_.error_on_duplicate) {
    // Every duplicate is found here: one run holds all, adjacent keys checked.
    if (!entries_.empty()) LMJET_RETURN_IF_ERROR(SpillBatch());
    LMJET_RETURN_IF_ERROR(MergeToFanIn(1));
  } else {
    SortBatch();
    LMJET_RETURN_IF_ERROR(MergeToFanIn(options_.max_merge_fan_in));
  }
  // The duplicate set is of no further use; release it.
  decltype(batch_keys_)(0, EntryHash{this}, EntryEq{this}).swap(batch_keys_);
  finished_ = true;
  return Status::Ok();
}

Status ExternalSorter::DrainMemory(
    const std::function<Status(std::string_view, std::string_view, size_t)>&
        sink) {
  if (!failed_.ok()) return failed_;
  if (!in_memory()) {
    return Status(JET_errInvalidParameter, "sorter is not a sorted batch");
  }
  // Positions of the batch in arena order ((chunk, offset) order).
  std::vector<uint32_t> order(entries_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
    const Entry& x = entries_[a];
    const Entry& y = entries_[b];
    return x.chunk != y.chunk ? x.chunk < y.chunk : x.offset < y.offset;
  });
  stats_.peak_memory_bytes =
      std::max(stats_.peak_memory_bytes,
               MemoryBytesUsed() + order.capacity() * sizeof(uint32_t));
  Status status;
  size_t next = 0;
  for (uint32_t c = 0; c < chunks_.size(); ++c) {
    for (;
         status.ok() && next < order.size() && entries_[order[next]].chunk == c;
         ++next) {
      const Entry& e = entries_[order[next]];
      status = sink(EntryKey(e), EntryValue(e), order[next]);
    }
    arena_bytes_ -= chunks_[c].capacity;
    chunks_[c].data.reset();
  }
  std::vector<Chunk>().swap(chunks_);
  std::vector<Entry>().swap(entries_);
  arena_bytes_ = 0;
  return status;
}

Status ExternalSorter::NewIterator(std::unique_ptr<Iterator>* out) const {
  if (!failed_.ok()) return failed_;
  if (!finished_) {
    return Status(JET_errInvalidParameter, "sorter is still inserting");
  }
  std::vector<std::unique_ptr<internal::MergeSource>> sources;
  for (const std::string& path : runs_) {
    sources.emplace_back();
    LMJET_RETURN_IF_ERROR(
        OpenRun(path, ReaderBufferBytes(options_), &sources.back()));
  }
  if (!entries_.empty()) {
    sources.push_back(std::make_unique<internal::MemorySource>(
        entries_.size(),
        [this](size_t i, std::string_view* k, std::string_view* v) {
          *k = EntryKey(entries_[i]);
          *v = EntryValue(entries_[i]);
        }));
  }
  std::unique_ptr<Iterator> it(new Iterator(options_.unique_keys));
  LMJET_RETURN_IF_ERROR(it->Init(std::move(sources)));
  *out = std::move(it);
  return Status::Ok();
}

Status ExternalSorter::RemoveLeftoverRuns(const std::string& directory,
                                          size_t* removed) {
  if (removed != nullptr) *removed = 0;
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) {
    return errno == ENOENT ? Status::Ok() : engine::FromErrno(errno);
  }
  const pid_t self = ::getpid();
  Status result;
  for (;;) {
    errno = 0;
    const struct dirent* ent = ::readdir(dir);
    if (ent == nullptr) {
      if (errno != 0 && result.ok()) result = engine::FromErrno(errno);
      break;
    }
    // Exactly kRunPrefix <digits> '-' <digits> (".run" or ".mdb").
    std::string_view name(ent->d_name);
    if (name.substr(0, kRunPrefix.size()) != kRunPrefix) continue;
    std::string_view rest = name.substr(kRunPrefix.size());
    size_t digits = 0;
    uint64_t pid = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' &&
           digits < 12) {
      pid = pid * 10 + static_cast<uint64_t>(rest[digits] - '0');
      ++digits;
    }
    if (digits == 0 || digits >= rest.size() || rest[digits] != '-') continue;
    std::string_view tail = rest.substr(digits + 1);
    size_t n = 0;
    while (n < tail.size() && tail[n] >= '0' && tail[n] <= '9') ++n;
    if (n == 0 || (tail.substr(n) != ".run" && tail.substr(n) != ".mdb")) {
      continue;
    }

    bool alive = false;
    if (pid == static_cast<uint64_t>(self)) {
      alive = true;
    } else if (pid > 0 && pid <= static_cast<uint64_t>(
                                     std::numeric_limits<pid_t>::max())) {
      alive = ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
    }
    if (alive) continue;
    if (::unlinkat(::dirfd(dir), ent->d_name, 0) == 0) {
      if (removed != nullptr) ++*removed;
    } else if (errno != ENOENT && result.ok()) {
      result = engine::FromErrno(errno);
    }
  }
  ::closedir(dir);
  return result;
}

}  // namespace lmjet::sort
