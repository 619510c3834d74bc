#ifndef LMJET_BASE_SLOT_TABLE_H_
#define LMJET_BASE_SLOT_TABLE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "base/mutex.h"

namespace lmjet {

// A table of reusable objects named by generation-checked 64-bit handles:
//
//   bits 63..56  kind tag    (distinguishes sessions from instances, ...)
//   bits 55..32  generation  (24 bits, never 0; bumped on every release)
//   bits 31..0   slot index
//
// Objects are constructed once per slot and reused, and slot memory is never
// returned while the table lives, so resolving any 64-bit value -- a stale,
// foreign or garbage handle -- reads only live memory. Find() is lock-free;
// Allocate() and Release() take a mutex (they are not per-call paths).
//
// A handle being "current" when Find() looks is only a hint: owners pair it
// with their own in-use handshake and re-check after entering.
template <typename T>
class SlotTable {
 public:
  static constexpr uint32_t kChunkSize = 256;
  static constexpr uint32_t kMaxChunks = 16384;  // 4M slots

  struct Found {
    T* object = nullptr;   // null: not a handle of this table at all
    bool current = false;  // the handle's generation is the slot's now

    // Re-checks `current` with one load, after the owner's own handshake.
    bool StillCurrent() const {
      return generation_word != nullptr &&
             generation_word->load(std::memory_order_acquire) == generation;
    }

    const std::atomic<uint32_t>* generation_word = nullptr;
    uint32_t generation = 0;
  };

  explicit SlotTable(uint8_t tag) : tag_(tag) {}
  // The engine's tables are never destroyed (handles must resolve until
  // exit); a table that is destroyed takes its objects with it.
  ~SlotTable() {
    for (std::atomic<Chunk*>& chunk : chunks_) {
      delete chunk.load(std::memory_order_relaxed);
    }
  }
  SlotTable(const SlotTable&) = delete;
  SlotTable& operator=(const SlotTable&) = delete;

  static uint32_t IndexOf(uint64_t handle) {
    return static_cast<uint32_t>(handle);
  }
  static uint32_t GenerationOf(uint64_t handle) {
    return static_cast<uint32_t>(handle >> 32) & kGenerationMask;
  }

  __attribute__((always_inline)) Found Find(uint64_t handle) const {
    if (static_cast<uint8_t>(handle >> 56) != tag_) return {};
    const Slot* slot = SlotAt(IndexOf(handle));
    if (slot == nullptr) return {};
    const uint32_t generation = GenerationOf(handle);
    return {&slot->object,
            generation != 0 &&
                slot->generation.load(std::memory_order_acquire) == generation,
            &slot->generation, generation};
  }

  bool IsCurrent(uint64_t handle) const { return Find(handle).current; }

  // Reserves a slot: returns its next handle and its (possibly reused)
  // object, or a null object when every slot is taken. The handle is not
  // current until Publish(), so the caller initialises the object first.
  std::pair<uint64_t, T*> Allocate() {
    MutexLock lock(&mu_);
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      if (next_index_ == kChunkSize * kMaxChunks) return {0, nullptr};
      index = next_index_++;
      if (index % kChunkSize == 0) {
        chunks_[index / kChunkSize].store(new Chunk, std::memory_order_release);
      }
    }
    Slot* slot = SlotAt(index);
    uint32_t generation = (slot->last_generation + 1) & kGenerationMask;
    if (generation == 0) generation = 1;
    slot->last_generation = generation;
    return {MakeHandle(generation, index), &slot->object};
  }

  // Makes an allocated handle current.
  void Publish(uint64_t handle) {
    SlotAt(IndexOf(handle))
        ->generation.store(GenerationOf(handle), std::memory_order_release);
  }

  // Ends `handle` (published or not): every later Find() of it reports not
  // current. The slot is not reused until Recycle(), so an owner can finish
  // its own handshake on the object first.
  void Retire(uint64_t handle) {
    SlotAt(IndexOf(handle))->generation.store(0, std::memory_order_release);
  }

  // Returns a retired handle's slot (and its object) for reuse.
  void Recycle(uint64_t handle) {
    MutexLock lock(&mu_);
    free_.push_back(IndexOf(handle));
  }

  void Release(uint64_t handle) {
    Retire(handle);
    Recycle(handle);
  }

 private:
  static constexpr uint32_t kGenerationMask = 0xFFFFFF;

  struct Slot {
    // The generation of the live handle, or 0 while the slot is free.
    std::atomic<uint32_t> generation{0};
    uint32_t last_generation = 0;  // guarded by mu_
    mutable T object;
  };
  struct Chunk {
    Slot slots[kChunkSize];
  };

  uint64_t MakeHandle(uint32_t generation, uint32_t index) const {
    return (uint64_t{tag_} << 56) | (uint64_t{generation} << 32) | index;
  }

  __attribute__((always_inline)) Slot* SlotAt(uint32_t index) const {
    const uint32_t chunk = index / kChunkSize;
    if (chunk >= kMaxChunks) return nullptr;
    Chunk* c = chunks_[chunk].load(std::memory_order_acquire);
    return c == nullptr ? nullptr : &c->slots[index % kChunkSize];
  }

  const uint8_t tag_;
  // Chunks live as long as the table; handles into them never dangle.
  std::atomic<Chunk*> chunks_[kMaxChunks] = {};
  Mutex mu_;
  std::vector<uint32_t> free_ ABSL_GUARDED_BY(mu_);
  uint32_t next_index_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace lmjet

#endif  // LMJET_BASE_SLOT_TABLE_H_
