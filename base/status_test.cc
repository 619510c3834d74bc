#include "base/status.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include "api/esent.h"
#include "base/thread_id.h"
#include "gtest/gtest.h"

namespace lmjet {
namespace {

// Status is usable in constant expressions.
static_assert(Status().ok());
static_assert(!Status().is_warning());
static_assert(Status(JET_wrnColumnNull).ok());
static_assert(Status(JET_wrnColumnNull).is_warning());
static_assert(!Status(JET_errNoCurrentRecord).ok());
static_assert(Status(JET_errNoCurrentRecord).code() == JET_errNoCurrentRecord);
static_assert(Status::Ok() == Status());

TEST(StatusTest, DefaultIsSuccess) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_FALSE(status.is_warning());
  EXPECT_EQ(status.code(), JET_errSuccess);
  EXPECT_STREQ(status.detail(), "");
}

TEST(StatusTest, OkIsSuccess) {
  Status status = Status::Ok();
  EXPECT_TRUE(status.ok());
  EXPECT_FALSE(status.is_warning());
  EXPECT_EQ(status.code(), 0);
  EXPECT_STREQ(status.detail(), "");
}

TEST(StatusTest, ErrorIsNotOk) {
  Status status(JET_errInvalidParameter);
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(status.is_warning());
  EXPECT_EQ(status.code(), JET_errInvalidParameter);
  EXPECT_EQ(status.code(), -1003);
  EXPECT_STREQ(status.detail(), "");
}

TEST(StatusTest, WarningIsOkAndAWarning) {
  Status status(JET_wrnDatabaseAttached);
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.is_warning());
  EXPECT_EQ(status.code(), JET_wrnDatabaseAttached);
  EXPECT_EQ(status.code(), 1007);
}

TEST(StatusTest, SmallestWarningAndErrorAreClassifiedBySign) {
  EXPECT_TRUE(Status(1).ok());
  EXPECT_TRUE(Status(1).is_warning());
  EXPECT_FALSE(Status(-1).ok());
  EXPECT_FALSE(Status(-1).is_warning());
}

TEST(StatusTest, DetailIsKept) {
  static const char kWhy[] = "the reason";
  Status status(JET_errDiskIO, kWhy);
  EXPECT_EQ(status.code(), JET_errDiskIO);
  EXPECT_EQ(status.detail(), kWhy);  // the same pointer, not a copy
  EXPECT_STREQ(status.detail(), "the reason");

  Status no_detail(JET_errDiskIO, nullptr);
  EXPECT_STREQ(no_detail.detail(), "");
}

TEST(StatusTest, EqualityComparesCodesOnly) {
  EXPECT_TRUE(Status(JET_errDiskIO) == Status(JET_errDiskIO));
  EXPECT_FALSE(Status(JET_errDiskIO) != Status(JET_errDiskIO));
  EXPECT_TRUE(Status(JET_errDiskIO, "a") == Status(JET_errDiskIO, "b"));
  EXPECT_TRUE(Status(JET_errDiskIO) != Status(JET_errDiskFull));
  EXPECT_FALSE(Status(JET_errDiskIO) == Status(JET_errDiskFull));
  EXPECT_TRUE(Status() == Status::Ok());
  EXPECT_TRUE(Status(JET_errSuccess) == Status());
  EXPECT_TRUE(Status(JET_wrnColumnNull) != Status());
  EXPECT_TRUE(Status(JET_wrnColumnNull) != Status(-JET_wrnColumnNull));
}

TEST(StatusTest, IsSmall) { EXPECT_LE(sizeof(Status), 2 * sizeof(void*)); }

// Helpers for LMJET_RETURN_IF_ERROR: `reached` records whether the code
// after the macro ran.
Status Passthrough(Status inner, bool* reached) {
  *reached = false;
  LMJET_RETURN_IF_ERROR(inner);
  *reached = true;
  return Status(JET_errSuccess, "after");
}

int g_evaluations = 0;
Status CountedError() {
  ++g_evaluations;
  return Status(JET_errOutOfMemory, "counted");
}

Status EvaluatesOnce(bool* reached) {
  *reached = false;
  LMJET_RETURN_IF_ERROR(CountedError());
  *reached = true;
  return Status::Ok();
}

TEST(StatusTest, ReturnIfErrorReturnsErrors) {
  bool reached = true;
  Status status =
      Passthrough(Status(JET_errWriteConflict, "conflict"), &reached);
  EXPECT_FALSE(reached);
  EXPECT_EQ(status.code(), JET_errWriteConflict);
  EXPECT_STREQ(status.detail(), "conflict");  // the detail travels too
}

TEST(StatusTest, ReturnIfErrorPassesWarningsThrough) {
  bool reached = false;
  Status status = Passthrough(Status(JET_wrnColumnNull), &reached);
  EXPECT_TRUE(reached);
  EXPECT_EQ(status.code(), JET_errSuccess);
  EXPECT_STREQ(status.detail(), "after");
}

TEST(StatusTest, ReturnIfErrorPassesSuccessThrough) {
  bool reached = false;
  Status status = Passthrough(Status::Ok(), &reached);
  EXPECT_TRUE(reached);
  EXPECT_EQ(status.code(), JET_errSuccess);
  EXPECT_STREQ(status.detail(), "after");
}

TEST(StatusTest, ReturnIfErrorEvaluatesItsArgumentOnce) {
  g_evaluations = 0;
  bool reached = true;
  Status status = EvaluatesOnce(&reached);
  EXPECT_EQ(g_evaluations, 1);
  EXPECT_FALSE(reached);
  EXPECT_EQ(status.code(), JET_errOutOfMemory);
}

TEST(StatusTest, ReturnIfErrorIsOneStatement) {
  // Usable as the body of an unbraced if/else.
  auto f = [](bool fail) -> Status {
    if (fail)
      LMJET_RETURN_IF_ERROR(Status(JET_errDiskFull));
    else
      LMJET_RETURN_IF_ERROR(Status(JET_wrnColumnNull));
    return Status(JET_wrnDatabaseAttached);
  };
  EXPECT_EQ(f(true).code(), JET_errDiskFull);
  EXPECT_EQ(f(false).code(), JET_wrnDatabaseAttached);
}

TEST(ThreadIdTest, IsNonZeroAndStable) {
  const uint64_t id = CurrentThreadId();
  EXPECT_NE(id, 0u);
  EXPECT_EQ(CurrentThreadId(), id);
  EXPECT_EQ(CurrentThreadId(), id);
}

TEST(ThreadIdTest, DiffersAcrossThreads) {
  constexpr int kThreads = 8;
  const uint64_t main_id = CurrentThreadId();
  std::vector<uint64_t> first(kThreads, 0);
  std::vector<uint64_t> second(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([i, &first, &second] {
      first[i] = CurrentThreadId();
      second[i] = CurrentThreadId();
    });
  }
  for (std::thread& t : threads) t.join();

  std::set<uint64_t> distinct;
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_NE(first[i], 0u) << i;
    EXPECT_EQ(first[i], second[i]) << i;
    EXPECT_NE(first[i], main_id) << i;
    distinct.insert(first[i]);
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads));
  EXPECT_EQ(CurrentThreadId(), main_id);
}

TEST(ThreadIdTest, IsNotReusedAfterAThreadEnds) {
  // Kernel thread ids are recycled; these must not be.
  std::set<uint64_t> seen = {CurrentThreadId()};
  for (int i = 0; i < 32; ++i) {
    uint64_t id = 0;
    std::thread([&id] { id = CurrentThreadId(); }).join();
    EXPECT_NE(id, 0u);
    EXPECT_TRUE(seen.insert(id).second) << "id " << id << " was reused";
  }
}

}  // namespace
}  // namespace lmjet
