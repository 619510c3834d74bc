#include "engine/long_value.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

#include "engine/lmdb_status.h"

namespace lmjet::engine {
namespace {

// Keys are 12 bytes: the id (u64) and a chunk number (u32), both big-endian,
// so a value's records are adjacent and in order. Chunk number 0 is the
// header, 1..n the data chunks. Id 0 is not a long value: (0, 0) holds the
// id counter.
constexpr size_t kKeySize = 12;
constexpr uint32_t kHeaderChunk = 0;
constexpr uint64_t kCounterId = 0;
// Header value: u32 big-endian total size, u32 reserved (0).
constexpr size_t kHeaderSize = 8;
constexpr size_t kCounterSize = 8;

using Key = std::array<unsigned char, kKeySize>;

void PutBig32(unsigned char* p, uint32_t v) {
  for (int i = 3; i >= 0; --i) {
    p[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
}

void PutBig64(unsigned char* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
}

uint32_t GetBig32(const unsigned char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | p[i];
  return v;
}

uint64_t GetBig64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

Key MakeKey(uint64_t id, uint32_t chunk) {
  Key key;
  PutBig64(key.data(), id);
  PutBig32(key.data() + 8, chunk);
  return key;
}

MDB_val Val(const void* data, size_t size) {
  MDB_val v;
  v.mv_size = size;
  v.mv_data = const_cast<void*>(data);
  return v;
}

MDB_val KeyVal(const Key& key) { return Val(key.data(), key.size()); }

Status Corrupted(const char* detail) {
  return Status(JET_errLVCorrupted, detail);
}

// Data chunks are numbered from 1; `index` counts from 0.
uint32_t ChunkNumber(uint64_t index) {
  return static_cast<uint32_t>(index + 1);
}

uint64_t ChunkCount(uint64_t size) {
  return (size + kLongValueChunkSize - 1) / kLongValueChunkSize;
}

// The length of chunk `index` of a value of `size` bytes (index < count).
size_t ChunkLength(uint64_t size, uint64_t index) {
  return static_cast<size_t>(std::min<uint64_t>(
      kLongValueChunkSize, size - index * kLongValueChunkSize));
}

Status ReadHeader(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint32_t* size) {
  if (id == kCounterId) return Corrupted("long value id 0 does not exist");
  Key key = MakeKey(id, kHeaderChunk);
  MDB_val k = KeyVal(key), v;
  int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return Corrupted("long value not found");
  if (rc != MDB_SUCCESS) return FromLmdb(rc);
  if (v.mv_size != kHeaderSize) return Corrupted("bad long value header");
  const auto* p = static_cast<const unsigned char*>(v.mv_data);
  uint32_t total = GetBig32(p);
  if (total > kLongValueMaxSize || GetBig32(p + 4) != 0) {
    return Corrupted("bad long value header");
  }
  *size = total;
  return Status::Ok();
}

Status WriteHeader(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint64_t size,
                   unsigned flags) {
  Key key = MakeKey(id, kHeaderChunk);
  std::array<unsigned char, kHeaderSize> header{};
  PutBig32(header.data(), static_cast<uint32_t>(size));
  MDB_val k = KeyVal(key), v = Val(header.data(), header.size());
  int rc = mdb_put(txn, dbi, &k, &v, flags);
  if (rc == MDB_KEYEXIST) return Corrupted("long value id already in use");
  return FromLmdb(rc);
}

// Finds chunk `index` of a value of `size` bytes and checks its length.
// `out` points into LMDB's page: copy it before the next write.
Status GetChunk(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint64_t size,
                uint64_t index, MDB_val* out) {
  Key key = MakeKey(id, ChunkNumber(index));
  MDB_val k = KeyVal(key);
  int rc = mdb_get(txn, dbi, &k, out);
  if (rc == MDB_NOTFOUND) return Corrupted("long value chunk missing");
  if (rc != MDB_SUCCESS) return FromLmdb(rc);
  if (out->mv_size != ChunkLength(size, index)) {
    return Corrupted("long value chunk has the wrong length");
  }
  return Status::Ok();
}

Status PutChunk(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint64_t index,
                const void* data, size_t size) {
  Key key = MakeKey(id, ChunkNumber(index));
  MDB_val k = KeyVal(key), v = Val(data, size);
  return FromLmdb(mdb_put(txn, dbi, &k, &v, 0));
}

// Turns a value of `old_size` bytes into one of `new_size` bytes (the old
// bytes, truncated or zero-extended) with `data` written at `offset`
// (offset + data.size() <= new_size). Rewrites only the chunks whose bytes
// or length change, deletes the chunks past the new end, and leaves the
// header to the caller.
Status Rewrite(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint64_t old_size,
               uint64_t new_size, uint64_t offset, std::string_view data) {
  const uint64_t old_chunks = ChunkCount(old_size);
  const uint64_t new_chunks = ChunkCount(new_size);
  const uint64_t data_end = offset + data.size();

  uint64_t first = std::numeric_limits<uint64_t>::max();
  uint64_t end = 0;
  if (!data.empty()) {
    first = offset / kLongValueChunkSize;
    end = ChunkCount(data_end);
  }
  if (new_size != old_size) {
    // The chunk holding the old or new end changes length; when growing,
    // every chunk after it is new.
    const uint64_t boundary =
        std::min(old_size, new_size) / kLongValueChunkSize;
    first = std::min(first, boundary);
    end = std::max(end, new_size > old_size ? new_chunks : boundary + 1);
  }
  end = std::min(end, new_chunks);

  std::string buffer;
  for (uint64_t index = first; index < end; ++index) {
    const uint64_t begin = index * kLongValueChunkSize;
    const size_t length = ChunkLength(new_size, index);
    if (!data.empty() && offset <= begin && data_end >= begin + length) {
      // Wholly new bytes: no need to read the old chunk.
      LMJET_RETURN_IF_ERROR(PutChunk(txn, dbi, id, index,
                                     data.data() + (begin - offset), length));
      continue;
    }
    buffer.assign(length, '\0');
    if (index < old_chunks) {
      MDB_val old;
      LMJET_RETURN_IF_ERROR(GetChunk(txn, dbi, id, old_size, index, &old));
      std::memcpy(buffer.data(), old.mv_data, std::min(old.mv_size, length));
    }
    const uint64_t lo = std::max(begin, offset);
    const uint64_t hi = std::min<uint64_t>(begin + length, data_end);
    if (lo < hi) {
      std::memcpy(buffer.data() + (lo - begin), data.data() + (lo - offset),
                  static_cast<size_t>(hi - lo));
    }
    LMJET_RETURN_IF_ERROR(
        PutChunk(txn, dbi, id, index, buffer.data(), buffer.size()));
  }

  for (uint64_t index = new_chunks; index < old_chunks; ++index) {
    Key key = MakeKey(id, ChunkNumber(index));
    MDB_val k = KeyVal(key);
    int rc = mdb_del(txn, dbi, &k, nullptr);
    if (rc == MDB_NOTFOUND) return Corrupted("long value chunk missing");
    LMJET_RETURN_IF_ERROR(FromLmdb(rc));
  }
  return Status::Ok();
}

// Rewrites value `id` (currently `old_size` bytes) and updates its header
// when the size changes.
Status Change(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint32_t old_size,
              uint64_t new_size, uint64_t offset, std::string_view data) {
  LMJET_RETURN_IF_ERROR(
      Rewrite(txn, dbi, id, old_size, new_size, offset, data));
  if (new_size == old_size) return Status::Ok();
  return WriteHeader(txn, dbi, id, new_size, 0);
}

Status TooBig() {
  return Status(JET_errColumnTooBig, "long value larger than 2^31-1 bytes");
}

}  // namespace

Status NewLongValue(MDB_txn* txn, MDB_dbi dbi, std::string_view data,
                    uint64_t* id) {
  if (id == nullptr) return Status(JET_errInvalidParameter);
  if (data.size() > kLongValueMaxSize) return TooBig();

  Key counter_key = MakeKey(kCounterId, kHeaderChunk);
  MDB_val k = KeyVal(counter_key), v;
  uint64_t next = 1;
  int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_SUCCESS) {
    if (v.mv_size != kCounterSize) return Corrupted("bad long value counter");
    next = GetBig64(static_cast<const unsigned char*>(v.mv_data));
    if (next == kCounterId) return Corrupted("bad long value counter");
  } else if (rc != MDB_NOTFOUND) {
    return FromLmdb(rc);
  }
  if (next == std::numeric_limits<uint64_t>::max()) {
    return Status(JET_errOutOfLongValueIDs);
  }
  std::array<unsigned char, kCounterSize> counter;
  PutBig64(counter.data(), next + 1);
  v = Val(counter.data(), counter.size());
  LMJET_RETURN_IF_ERROR(FromLmdb(mdb_put(txn, dbi, &k, &v, 0)));

  LMJET_RETURN_IF_ERROR(
      WriteHeader(txn, dbi, next, data.size(), MDB_NOOVERWRITE));
  LMJET_RETURN_IF_ERROR(Rewrite(txn, dbi, next, 0, data.size(), 0, data));
  *id = next;
  return Status::Ok();
}

Status LongValueSize(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint32_t* size) {
  if (size == nullptr) return Status(JET_errInvalidParameter);
  return ReadHeader(txn, dbi, id, size);
}

Status ReadLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id, uint64_t offset,
                     void* buffer, size_t cb, uint32_t* total_size) {
  if (total_size == nullptr || (buffer == nullptr && cb > 0)) {
    return Status(JET_errInvalidParameter);
  }
  uint32_t size = 0;
  LMJET_RETURN_IF_ERROR(ReadHeader(txn, dbi, id, &size));
  *total_size = size;
  if (offset >= size || cb == 0) return Status::Ok();

  size_t remaining = static_cast<size_t>(std::min<uint64_t>(cb, size - offset));
  auto* out = static_cast<unsigned char*>(buffer);
  uint64_t index = offset / kLongValueChunkSize;
  size_t within = static_cast<size_t>(offset % kLongValueChunkSize);
  while (remaining > 0) {
    MDB_val chunk;
    LMJET_RETURN_IF_ERROR(GetChunk(txn, dbi, id, size, index, &chunk));
    // GetChunk checked the length, so `within` lies inside the chunk.
    size_t n = std::min(chunk.mv_size - within, remaining);
    std::memcpy(out, static_cast<const unsigned char*>(chunk.mv_data) + within,
                n);
    out += n;
    remaining -= n;
    within = 0;
    ++index;
  }
  return Status::Ok();
}

Status ReplaceLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                        std::string_view data) {
  if (data.size() > kLongValueMaxSize) return TooBig();
  uint32_t size = 0;
  LMJET_RETURN_IF_ERROR(ReadHeader(txn, dbi, id, &size));
  return Change(txn, dbi, id, size, data.size(), 0, data);
}

Status AppendLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                       std::string_view data) {
  uint32_t size = 0;
  LMJET_RETURN_IF_ERROR(ReadHeader(txn, dbi, id, &size));
  if (data.size() > kLongValueMaxSize - size) return TooBig();
  return Change(txn, dbi, id, size, size + data.size(), size, data);
}

Status OverwriteLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                          uint64_t offset, std::string_view data) {
  uint32_t size = 0;
  LMJET_RETURN_IF_ERROR(ReadHeader(txn, dbi, id, &size));
  if (offset > size) {
    return Status(JET_errColumnNoChunk, "offset past the end of the value");
  }
  if (data.size() > kLongValueMaxSize - offset) return TooBig();
  const uint64_t new_size = std::max<uint64_t>(size, offset + data.size());
  return Change(txn, dbi, id, size, new_size, offset, data);
}

Status SetLongValueSize(MDB_txn* txn, MDB_dbi dbi, uint64_t id,
                        uint64_t new_size) {
  uint32_t size = 0;
  LMJET_RETURN_IF_ERROR(ReadHeader(txn, dbi, id, &size));
  if (new_size > kLongValueMaxSize) return TooBig();
  return Change(txn, dbi, id, size, new_size, 0, std::string_view());
}

Status DeleteLongValue(MDB_txn* txn, MDB_dbi dbi, uint64_t id) {
  uint32_t size = 0;
  LMJET_RETURN_IF_ERROR(ReadHeader(txn, dbi, id, &size));
  LMJET_RETURN_IF_ERROR(Rewrite(txn, dbi, id, size, 0, 0, std::string_view()));
  Key key = MakeKey(id, kHeaderChunk);
  MDB_val k = KeyVal(key);
  return FromLmdb(mdb_del(txn, dbi, &k, nullptr));
}

}  // namespace lmjet::engine
