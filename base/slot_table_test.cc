#include "base/slot_table.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace lmjet {
namespace {

struct Item {
  uint64_t handle = 0;
  int value = 0;
};

using Table = SlotTable<Item>;

constexpr uint8_t kTag = 0x5A;

uint64_t MakeRawHandle(uint8_t tag, uint32_t generation, uint32_t index) {
  return (uint64_t{tag} << 56) | (uint64_t{generation & 0xFFFFFF} << 32) |
         index;
}

// The table holds 16384 chunk pointers inline; keep it off the stack.
std::unique_ptr<Table> NewTable(uint8_t tag = kTag) {
  return std::make_unique<Table>(tag);
}

TEST(SlotTableTest, HandleLayoutCarriesTagGenerationAndIndex) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(handle >> 56, kTag);
  EXPECT_EQ(Table::IndexOf(handle), 0u);
  EXPECT_EQ(Table::GenerationOf(handle), 1u);
  EXPECT_EQ(Table::IndexOf(MakeRawHandle(kTag, 7, 1234)), 1234u);
  EXPECT_EQ(Table::GenerationOf(MakeRawHandle(kTag, 7, 1234)), 7u);
  EXPECT_EQ(Table::GenerationOf(MakeRawHandle(kTag, 0xFFFFFF, 0)), 0xFFFFFFu);
}

TEST(SlotTableTest, AllocatedHandleIsNotCurrentUntilPublished) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  EXPECT_NE(handle, 0u);

  Table::Found before = table->Find(handle);
  EXPECT_EQ(before.object, object);
  EXPECT_FALSE(before.current);
  EXPECT_FALSE(table->IsCurrent(handle));

  table->Publish(handle);
  Table::Found after = table->Find(handle);
  EXPECT_EQ(after.object, object);
  EXPECT_TRUE(after.current);
  EXPECT_TRUE(table->IsCurrent(handle));
}

TEST(SlotTableTest, FindOfZeroAndAllOnesIsNotAHandle) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Publish(handle);

  Table::Found zero = table->Find(0);
  EXPECT_EQ(zero.object, nullptr);
  EXPECT_FALSE(zero.current);

  Table::Found ones = table->Find(~uint64_t{0});
  EXPECT_EQ(ones.object, nullptr);
  EXPECT_FALSE(ones.current);
}

TEST(SlotTableTest, FindOfZeroInATableTaggedZeroIsNotCurrent) {
  // Tag 0 makes 0 look like "index 0, generation 0": still never current.
  auto table = NewTable(0);
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Publish(handle);
  EXPECT_TRUE(table->IsCurrent(handle));
  EXPECT_FALSE(table->Find(0).current);
}

TEST(SlotTableTest, FindOfAnotherTablesTagIsNotAHandle) {
  auto sessions = NewTable(1);
  auto instances = NewTable(2);
  auto [session, session_object] = sessions->Allocate();
  auto [instance, instance_object] = instances->Allocate();
  ASSERT_NE(session_object, nullptr);
  ASSERT_NE(instance_object, nullptr);
  sessions->Publish(session);
  instances->Publish(instance);

  // Same index and generation, other tag.
  EXPECT_EQ(Table::IndexOf(session), Table::IndexOf(instance));
  EXPECT_EQ(Table::GenerationOf(session), Table::GenerationOf(instance));
  Table::Found wrong_kind = sessions->Find(instance);
  EXPECT_EQ(wrong_kind.object, nullptr);
  EXPECT_FALSE(wrong_kind.current);
  EXPECT_EQ(instances->Find(session).object, nullptr);
  EXPECT_FALSE(instances->Find(session).current);

  // A forged handle with the right index and generation but any other tag.
  const uint64_t forged =
      MakeRawHandle(3, Table::GenerationOf(session), Table::IndexOf(session));
  EXPECT_EQ(sessions->Find(forged).object, nullptr);
  EXPECT_FALSE(sessions->Find(forged).current);
}

TEST(SlotTableTest, FindBeyondTheAllocatedRangeIsNotAHandle) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Publish(handle);

  // The first chunk exists; the second does not.
  for (uint32_t index : {Table::kChunkSize, Table::kChunkSize * 5 + 3,
                         Table::kChunkSize * Table::kMaxChunks - 1,
                         Table::kChunkSize * Table::kMaxChunks, 0xFFFFFFFFu}) {
    SCOPED_TRACE(index);
    Table::Found found = table->Find(MakeRawHandle(kTag, 1, index));
    EXPECT_EQ(found.object, nullptr);
    EXPECT_FALSE(found.current);
  }
}

TEST(SlotTableTest, FindOfAnUnallocatedSlotInAnAllocatedChunkIsNotCurrent) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Publish(handle);
  for (uint32_t generation : {0u, 1u, 2u}) {
    EXPECT_FALSE(table->Find(MakeRawHandle(kTag, generation, 1)).current);
    EXPECT_FALSE(
        table->Find(MakeRawHandle(kTag, generation, Table::kChunkSize - 1))
            .current);
  }
}

TEST(SlotTableTest, RetiredHandleIsNotCurrent) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Publish(handle);
  ASSERT_TRUE(table->IsCurrent(handle));

  table->Retire(handle);
  Table::Found found = table->Find(handle);
  EXPECT_EQ(found.object, object);  // memory stays valid
  EXPECT_FALSE(found.current);
}

TEST(SlotTableTest, RetireOfAnUnpublishedHandleKeepsItNotCurrent) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Retire(handle);
  EXPECT_FALSE(table->IsCurrent(handle));
  table->Recycle(handle);
  auto [again, again_object] = table->Allocate();
  EXPECT_EQ(again_object, object);
  EXPECT_EQ(Table::IndexOf(again), Table::IndexOf(handle));
  EXPECT_NE(again, handle);
  EXPECT_FALSE(table->IsCurrent(again));
  EXPECT_FALSE(table->IsCurrent(handle));
}

TEST(SlotTableTest, HandleWithWrongGenerationIsNotCurrent) {
  auto table = NewTable();
  auto [handle, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  table->Publish(handle);
  const uint32_t index = Table::IndexOf(handle);
  const uint32_t generation = Table::GenerationOf(handle);

  for (uint32_t wrong : {0u, generation + 1, generation + 2, 0xFFFFFFu}) {
    SCOPED_TRACE(wrong);
    Table::Found found = table->Find(MakeRawHandle(kTag, wrong, index));
    EXPECT_EQ(found.object, object);
    EXPECT_FALSE(found.current);
  }
  EXPECT_TRUE(table->IsCurrent(handle));
}

TEST(SlotTableTest, ReusedSlotGetsANewHandleAndTheOldOneStaysDead) {
  auto table = NewTable();
  auto [first, first_object] = table->Allocate();
  ASSERT_NE(first_object, nullptr);
  first_object->value = 42;
  table->Publish(first);
  table->Release(first);
  EXPECT_FALSE(table->IsCurrent(first));

  auto [second, second_object] = table->Allocate();
  ASSERT_NE(second_object, nullptr);
  EXPECT_EQ(second_object, first_object);  // the object is reused
  EXPECT_EQ(second_object->value, 42);     // ... and not reconstructed
  EXPECT_EQ(Table::IndexOf(second), Table::IndexOf(first));
  EXPECT_NE(second, first);
  EXPECT_EQ(Table::GenerationOf(second), Table::GenerationOf(first) + 1);

  table->Publish(second);
  EXPECT_TRUE(table->IsCurrent(second));
  EXPECT_FALSE(table->IsCurrent(first));

  // Every further reuse bumps the generation again.
  uint64_t previous = second;
  std::set<uint64_t> seen = {first, second};
  for (int i = 0; i < 100; ++i) {
    table->Release(previous);
    auto [next, next_object] = table->Allocate();
    ASSERT_EQ(next_object, first_object);
    EXPECT_EQ(Table::GenerationOf(next), Table::GenerationOf(previous) + 1);
    EXPECT_TRUE(seen.insert(next).second);
    table->Publish(next);
    for (uint64_t old : seen) {
      EXPECT_EQ(table->IsCurrent(old), old == next);
    }
    previous = next;
  }
}

TEST(SlotTableTest, RetireWithoutRecycleKeepsTheSlotOutOfAllocate) {
  auto table = NewTable();
  auto [a, a_object] = table->Allocate();
  ASSERT_NE(a_object, nullptr);
  table->Publish(a);
  table->Retire(a);

  auto [b, b_object] = table->Allocate();
  ASSERT_NE(b_object, nullptr);
  EXPECT_NE(Table::IndexOf(b), Table::IndexOf(a));
  EXPECT_NE(b_object, a_object);
  auto [c, c_object] = table->Allocate();
  ASSERT_NE(c_object, nullptr);
  EXPECT_NE(Table::IndexOf(c), Table::IndexOf(a));

  table->Recycle(a);
  auto [d, d_object] = table->Allocate();
  EXPECT_EQ(d_object, a_object);
  EXPECT_EQ(Table::IndexOf(d), Table::IndexOf(a));
  EXPECT_NE(d, a);
  table->Publish(d);
  EXPECT_TRUE(table->IsCurrent(d));
  EXPECT_FALSE(table->IsCurrent(a));
}

TEST(SlotTableTest, AllocationsCrossChunkBoundaries) {
  auto table = NewTable();
  constexpr uint32_t kCount = Table::kChunkSize * 3 + 17;  // four chunks
  std::vector<std::pair<uint64_t, Item*>> handles;
  std::set<Item*> objects;
  for (uint32_t i = 0; i < kCount; ++i) {
    auto allocated = table->Allocate();
    ASSERT_NE(allocated.second, nullptr) << i;
    EXPECT_EQ(Table::IndexOf(allocated.first), i);
    EXPECT_TRUE(objects.insert(allocated.second).second) << i;
    allocated.second->handle = allocated.first;
    table->Publish(allocated.first);
    handles.push_back(allocated);
  }
  for (const auto& [handle, object] : handles) {
    Table::Found found = table->Find(handle);
    EXPECT_EQ(found.object, object);
    EXPECT_TRUE(found.current);
    EXPECT_EQ(found.object->handle, handle);
  }
  // The rest of the fourth chunk exists but holds nothing current; the fifth
  // chunk does not exist.
  Table::Found in_last_chunk = table->Find(MakeRawHandle(kTag, 1, kCount));
  EXPECT_NE(in_last_chunk.object, nullptr);
  EXPECT_FALSE(in_last_chunk.current);
  Table::Found past_last_chunk =
      table->Find(MakeRawHandle(kTag, 1, Table::kChunkSize * 4));
  EXPECT_EQ(past_last_chunk.object, nullptr);
  EXPECT_FALSE(past_last_chunk.current);

  // Releasing everything and allocating again reuses slots, not new ones.
  for (const auto& entry : handles) table->Release(entry.first);
  for (uint32_t i = 0; i < kCount; ++i) {
    auto [handle, object] = table->Allocate();
    ASSERT_NE(object, nullptr);
    EXPECT_LT(Table::IndexOf(handle), kCount);
    EXPECT_EQ(Table::GenerationOf(handle), 2u);
  }
  EXPECT_EQ(Table::IndexOf(table->Allocate().first), kCount);
}

// Counts live objects, to see the table construct and destroy them.
std::atomic<int> g_live_counted{0};
struct Counted {
  Counted() { g_live_counted.fetch_add(1); }
  ~Counted() { g_live_counted.fetch_sub(1); }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
};

TEST(SlotTableTest, ObjectsLiveAsLongAsTheTable) {
  ASSERT_EQ(g_live_counted.load(), 0);
  {
    auto table = std::make_unique<SlotTable<Counted>>(kTag);
    EXPECT_EQ(g_live_counted.load(), 0);  // no chunk yet
    std::vector<uint64_t> handles;
    for (uint32_t i = 0; i < Table::kChunkSize + 1; ++i) {
      auto [handle, object] = table->Allocate();
      ASSERT_NE(object, nullptr);
      handles.push_back(handle);
    }
    // Objects are constructed a chunk at a time and kept across releases.
    EXPECT_EQ(g_live_counted.load(), static_cast<int>(2 * Table::kChunkSize));
    for (uint64_t handle : handles) table->Release(handle);
    EXPECT_EQ(g_live_counted.load(), static_cast<int>(2 * Table::kChunkSize));
  }
  // Destroying the table destroys its chunks and every object in them.
  EXPECT_EQ(g_live_counted.load(), 0);
}

TEST(SlotTableTest, ConcurrentAllocatePublishFindRelease) {
  auto table = NewTable();
  constexpr int kThreads = 8;
  constexpr int kIterations = 10000;
  constexpr size_t kHeld = 8;
  std::vector<int> failures(kThreads, 0);

  auto worker = [&](int id) {
    std::vector<uint64_t> held;
    std::vector<uint64_t> released;
    int& failed = failures[id];
    for (int i = 0; i < kIterations; ++i) {
      auto [handle, object] = table->Allocate();
      if (object == nullptr) {
        ++failed;
        return;
      }
      object->handle = handle;
      object->value = id;
      if (table->IsCurrent(handle)) ++failed;  // not yet published
      table->Publish(handle);
      held.push_back(handle);

      for (uint64_t h : held) {
        Table::Found found = table->Find(h);
        if (found.object == nullptr || !found.current ||
            found.object->handle != h || found.object->value != id) {
          ++failed;
        }
      }
      for (uint64_t h : released) {
        Table::Found found = table->Find(h);
        if (found.object == nullptr || found.current) ++failed;
      }

      if (held.size() == kHeld || (i % 3) == 0) {
        const size_t victim = static_cast<size_t>(i) % held.size();
        const uint64_t h = held[victim];
        held.erase(held.begin() + victim);
        table->Release(h);
        if (table->IsCurrent(h)) ++failed;
        released.push_back(h);
        if (released.size() > 16) released.erase(released.begin());
      }
    }
    for (uint64_t h : held) table->Release(h);
    for (uint64_t h : held) {
      if (table->IsCurrent(h)) ++failed;
    }
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
  }
  // At most kThreads * kHeld slots were ever live at once, so no more than
  // that many were created.
  auto [next, object] = table->Allocate();
  ASSERT_NE(object, nullptr);
  EXPECT_LT(Table::IndexOf(next), uint32_t{kThreads * kHeld});
}

}  // namespace
}  // namespace lmjet
