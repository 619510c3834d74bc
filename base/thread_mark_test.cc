#include "base/thread_mark.h"

#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace lmjet {
namespace {

TEST(ThreadMarkTest, AssignedOnFirstUseAndStable) {
  std::thread([] {
    EXPECT_EQ(nullptr, AssignedThreadMark());
    ThreadMark* mark = CurrentThreadMark();
    ASSERT_NE(nullptr, mark);
    EXPECT_EQ(mark, AssignedThreadMark());
    EXPECT_EQ(mark, CurrentThreadMark());
    EXPECT_EQ(nullptr, mark->inside.load());
  }).join();
}

// Threads alive at once hold distinct marks; a mark freed by an exited
// thread is handed to a later one, so marks stay few and never dangle.
TEST(ThreadMarkTest, DistinctWhileAliveAndReusedAfterExit) {
  constexpr int kThreads = 8;
  std::vector<ThreadMark*> marks(kThreads);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      marks[t] = CurrentThreadMark();
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
    });
  }
  while (ready.load() < kThreads) std::this_thread::yield();
  go.store(true);
  for (std::thread& thread : threads) thread.join();
  const std::set<ThreadMark*> distinct(marks.begin(), marks.end());
  EXPECT_EQ(static_cast<size_t>(kThreads), distinct.size());
  ThreadMark* later = nullptr;
  std::thread([&] { later = CurrentThreadMark(); }).join();
  EXPECT_EQ(1u, distinct.count(later));
}

}  // namespace
}  // namespace lmjet
