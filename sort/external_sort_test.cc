#include "sort/external_sort.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::sort {
namespace {

struct Record {
  std::string key;
  std::string value;
  bool operator==(const Record& o) const {
    return key == o.key && value == o.value;
  }
};

std::ostream& operator<<(std::ostream& os, const Record& r) {
  return os << "{key size " << r.key.size() << ", value size " << r.value.size()
            << "}";
}

// std::string compares as unsigned char, which is memcmp order.
std::vector<Record> Expected(std::vector<Record> in, bool unique) {
  std::stable_sort(in.begin(), in.end(), [](const Record& a, const Record& b) {
    return a.key < b.key;
  });
  if (unique) {
    in.erase(std::unique(in.begin(), in.end(),
                         [](const Record& a, const Record& b) {
                           return a.key == b.key;
                         }),
             in.end());
  }
  return in;
}

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

class ExternalSortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/external_sort-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ExternalSorter::Options Opts(size_t budget, bool unique = false,
                               bool error_on_duplicate = false) {
    ExternalSorter::Options o;
    o.memory_budget_bytes = budget;
    o.spill_directory = dir_;
    o.unique_keys = unique;
    o.error_on_duplicate = error_on_duplicate;
    return o;
  }

  size_t RunFiles() const {
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      if (e.path().filename().string().rfind("lmjet-sort-", 0) == 0) ++n;
    }
    return n;
  }

  static std::vector<Record> AddAll(ExternalSorter& sorter,
                                    const std::vector<Record>& records) {
    for (const Record& r : records) {
      Status s = sorter.Add(r.key, r.value);
      EXPECT_TRUE(s.ok()) << s.code();
      if (!s.ok()) break;
    }
    return records;
  }

  // Iterates a finished sorter; the final status goes to *status.
  static std::vector<Record> Collect(const ExternalSorter& sorter,
                                     Status* status = nullptr) {
    std::vector<Record> out;
    std::unique_ptr<ExternalSorter::Iterator> it;
    Status s = sorter.NewIterator(&it);
    while (s.ok() && it->Valid()) {
      out.push_back({std::string(it->key()), std::string(it->value())});
      s = it->Next();
    }
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.code();
    }
    return out;
  }

  std::string dir_;
};

TEST_F(ExternalSortTest, InMemoryRandomKeysExactOrder) {
  std::mt19937_64 rng(1);
  std::vector<Record> records;
  for (int i = 0; i < 20000; ++i) {
    records.push_back({RandomBytes(rng, rng() % 24), std::to_string(i)});
  }
  ExternalSorter sorter(Opts(size_t{256} << 20));
  AddAll(sorter, records);
  ASSERT_TRUE(sorter.Finish().ok());
  EXPECT_EQ(Collect(sorter), Expected(records, false));
  EXPECT_EQ(0u, sorter.stats().runs_written);
  EXPECT_EQ(20000u, sorter.stats().records_added);
  EXPECT_EQ(0u, RunFiles());
}

TEST_F(ExternalSortTest, InMemoryEqualKeysStableOrUnique) {
  std::mt19937_64 rng(2);
  std::vector<Record> records;
  for (int i = 0; i < 5000; ++i) {
    records.push_back({std::string(1, static_cast<char>('a' + rng() % 7)) +
                           std::string(rng() % 2, 'x'),
                       std::to_string(i)});
  }
  for (bool unique : {false, true}) {
    ExternalSorter sorter(Opts(size_t{64} << 20, unique));
    AddAll(sorter, records);
    ASSERT_TRUE(sorter.Finish().ok());
    const std::vector<Record> got = Collect(sorter);
    EXPECT_EQ(got, Expected(records, unique)) << "unique " << unique;
    EXPECT_EQ(unique ? 14u : 5000u, got.size());
  }
}

TEST_F(ExternalSortTest, ErrorOnDuplicateInMemoryRejectsAtAdd) {
  ExternalSorter sorter(Opts(size_t{1} << 20, false, true));
  ASSERT_TRUE(sorter.Add("b", "1").ok());
  ASSERT_TRUE(sorter.Add("a", "2").ok());
  EXPECT_EQ(JET_errKeyDuplicate, sorter.Add("b", "3").code());
  EXPECT_EQ(JET_errKeyDuplicate, sorter.Add("a", "").code());
  ASSERT_TRUE(sorter.Add("c", "4").ok());  // the sorter stays usable
  ASSERT_TRUE(sorter.Finish().ok());
  EXPECT_EQ(Collect(sorter),
            (std::vector<Record>{{"a", "2"}, {"b", "1"}, {"c", "4"}}));
  EXPECT_EQ(3u, sorter.stats().records_added);
}

TEST_F(ExternalSortTest, SpillsAndMergesFullOrder) {
  constexpr size_t kBudget = 64 << 10;
  std::mt19937_64 rng(3);
  std::vector<Record> records;
  records.reserve(200000);
  for (int i = 0; i < 200000; ++i) {
    records.push_back({RandomBytes(rng, 16), RandomBytes(rng, 100)});
  }
  {
    ExternalSorter sorter(Opts(kBudget));
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_TRUE(sorter.Add(records[i].key, records[i].value).ok());
      if (i == records.size() / 2) {
        EXPECT_GT(RunFiles(), 1u);  // spilled files exist while inserting
      }
    }
    ASSERT_TRUE(sorter.Finish().ok());
    EXPECT_GT(sorter.stats().runs_written, 1u);
    EXPECT_LE(sorter.stats().peak_memory_bytes, 2 * kBudget);
    EXPECT_GT(sorter.stats().peak_memory_bytes, kBudget / 2);
    EXPECT_LE(sorter.run_paths().size(), 64u);
    EXPECT_GE(RunFiles(), 1u);
    const std::vector<Record> got = Collect(sorter);
    ASSERT_EQ(records.size(), got.size());
    EXPECT_TRUE(got == Expected(records, false));
    // A second iterator sees the same order.
    EXPECT_TRUE(Collect(sorter) == got);
  }
  EXPECT_EQ(0u, RunFiles());  // destruction removed every run
}

TEST_F(ExternalSortTest, MultiPassMergeKeepsFilesBounded) {
  std::mt19937_64 rng(4);
  std::vector<Record> records;
  for (int i = 0; i < 30000; ++i) {
    // Few distinct keys, so equal keys span many runs: checks stability.
    records.push_back({RandomBytes(rng, 2), std::to_string(i)});
  }
  for (size_t fan_in : {size_t{64}, size_t{3}}) {
    ExternalSorter::Options o = Opts(4 << 10);
    o.max_merge_fan_in = fan_in;
    ExternalSorter sorter(o);
    AddAll(sorter, records);
    EXPECT_GT(sorter.stats().runs_written, 64u);
    ASSERT_TRUE(sorter.Finish().ok());
    EXPECT_GE(sorter.stats().merge_passes, fan_in == 3 ? 4u : 1u);
    EXPECT_LE(sorter.run_paths().size(), fan_in);
    EXPECT_EQ(sorter.run_paths().size(), RunFiles());
    EXPECT_TRUE(Collect(sorter) == Expected(records, false)) << fan_in;
  }
  EXPECT_EQ(0u, RunFiles());
}

TEST_F(ExternalSortTest, UniqueKeysAcrossRunsKeepsFirstInserted) {
  std::mt19937_64 rng(5);
  std::vector<Record> records;
  for (int i = 0; i < 40000; ++i) {
    records.push_back({"k" + std::to_string(rng() % 1000), std::to_string(i)});
  }
  for (size_t fan_in : {size_t{64}, size_t{4}}) {
    ExternalSorter::Options o = Opts(8 << 10, /*unique=*/true);
    o.max_merge_fan_in = fan_in;
    ExternalSorter sorter(o);
    AddAll(sorter, records);
    ASSERT_TRUE(sorter.Finish().ok());
    EXPECT_GT(sorter.stats().runs_written, 1u);
    const std::vector<Record> got = Collect(sorter);
    EXPECT_EQ(1000u, got.size());
    EXPECT_TRUE(got == Expected(records, true)) << fan_in;
  }
}

TEST_F(ExternalSortTest, ErrorOnDuplicateAcrossRunsReportedByFinish) {
  {
    ExternalSorter sorter(Opts(4 << 10, false, true));
    std::vector<Record> records;
    for (int i = 0; i < 2000; ++i) {
      records.push_back({"key" + std::to_string(i), std::string(40, 'v')});
    }
    AddAll(sorter, records);
    ASSERT_GT(sorter.stats().runs_written, 1u);
    ASSERT_TRUE(sorter.Add("key7", "again").ok());  // key7 was spilled
    EXPECT_EQ(JET_errKeyDuplicate, sorter.Finish().code());
    std::unique_ptr<ExternalSorter::Iterator> it;
    EXPECT_EQ(JET_errKeyDuplicate, sorter.NewIterator(&it).code());
  }
  {
    // Without duplicates, everything ends in one verified run.
    ExternalSorter sorter(Opts(4 << 10, false, true));
    std::vector<Record> records;
    for (int i = 0; i < 2000; ++i) {
      records.push_back({"key" + std::to_string(i), std::to_string(i)});
    }
    AddAll(sorter, records);
    ASSERT_TRUE(sorter.Finish().ok());
    EXPECT_EQ(1u, sorter.run_paths().size());
    EXPECT_TRUE(Collect(sorter) == Expected(records, false));
  }
  EXPECT_EQ(0u, RunFiles());
}

TEST_F(ExternalSortTest, EmptySorterAndPhaseRules) {
  ExternalSorter sorter(Opts(1 << 20));
  std::unique_ptr<ExternalSorter::Iterator> it;
  EXPECT_EQ(JET_errInvalidParameter, sorter.NewIterator(&it).code());
  ASSERT_TRUE(sorter.Finish().ok());
  ASSERT_TRUE(sorter.Finish().ok());
  ASSERT_TRUE(sorter.NewIterator(&it).ok());
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->Next().ok());
  EXPECT_FALSE(it->Valid());
  EXPECT_EQ(JET_errInvalidParameter, sorter.Add("a", "b").code());
}

TEST_F(ExternalSortTest, ZeroAndFfBytesEmptyKeysAndValues) {
  std::vector<Record> records = {
      {std::string("\xff", 1), "1"},
      {"", ""},
      {std::string("\0", 1), "2"},
      {std::string("\0\0", 2), ""},
      {std::string("a\0", 2), "3"},
      {"a", ""},
      {std::string("\xff\0", 2), "4"},
      {std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x01", 9), "5"},
      {std::string("\xff\xff\xff\xff\xff\xff\xff\xff", 8), "6"},
      {std::string("\x00\x00\x00\x00\x00\x00\x00\x00\x00", 9), "7"},
      {"", "8"},
      {std::string("\x7f", 1), ""},
      {std::string("\x80", 1), "9"},
  };
  // Budget 1: every record is its own run (fan-in 3 forces merge passes).
  for (size_t budget : {size_t{1} << 20, size_t{1}}) {
    for (bool unique : {false, true}) {
      ExternalSorter::Options o = Opts(budget, unique);
      o.max_merge_fan_in = 3;
      ExternalSorter sorter(o);
      AddAll(sorter, records);
      ASSERT_TRUE(sorter.Finish().ok());
      EXPECT_EQ(Collect(sorter), Expected(records, unique))
          << "budget " << budget << " unique " << unique;
      if (budget == 1) {
        EXPECT_GE(sorter.stats().runs_written, 12u);
      }
    }
  }
}

TEST_F(ExternalSortTest, RemoveLeftoverRunsRemovesOnlyDeadPids) {
  long pid_max = 4194304;
  std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
  const std::string dead =
      dir_ + "/lmjet-sort-" + std::to_string(pid_max + 1000) + "-7.run";
  const std::string mine =
      dir_ + "/lmjet-sort-" + std::to_string(getpid()) + "-7.run";
  const std::string odd = dir_ + "/lmjet-sort-x-1.run";
  const std::string other = dir_ + "/other.run";
  for (const std::string& p : {dead, mine, odd, other}) {
    std::ofstream(p) << "x";
  }
  size_t removed = 99;
  ASSERT_TRUE(ExternalSorter::RemoveLeftoverRuns(dir_, &removed).ok());
  EXPECT_EQ(1u, removed);
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(mine));
  EXPECT_TRUE(std::filesystem::exists(odd));
  EXPECT_TRUE(std::filesystem::exists(other));
  EXPECT_TRUE(ExternalSorter::RemoveLeftoverRuns(dir_ + "/missing").ok());
}

// Builds a finished sorter with several runs and no merge pass.
std::unique_ptr<ExternalSorter> SpilledSorter(
    const ExternalSorter::Options& o) {
  auto sorter = std::make_unique<ExternalSorter>(o);
  for (int i = 0; i < 3000; ++i) {
    EXPECT_TRUE(
        sorter->Add("k" + std::to_string(i * 7919 % 3000), std::string(20, 'v'))
            .ok());
  }
  EXPECT_TRUE(sorter->Finish().ok());
  EXPECT_GT(sorter->run_paths().size(), 2u);
  EXPECT_EQ(0u, sorter->stats().merge_passes);
  return sorter;
}

// Iterates to the end and returns the first error (from NewIterator or Next).
Status Drain(const ExternalSorter& sorter) {
  std::unique_ptr<ExternalSorter::Iterator> it;
  LMJET_RETURN_IF_ERROR(sorter.NewIterator(&it));
  while (it->Valid()) LMJET_RETURN_IF_ERROR(it->Next());
  return it->status();
}

TEST_F(ExternalSortTest, TruncatedRunIsCorruption) {
  auto sorter = SpilledSorter(Opts(8 << 10));
  ASSERT_TRUE(Drain(*sorter).ok());
  const std::string run = sorter->run_paths()[1];
  const off_t size = std::filesystem::file_size(run);
  for (off_t cut : {size - 1, size / 2, off_t{20}, off_t{9}, off_t{0}}) {
    ASSERT_EQ(0, truncate(run.c_str(), cut));
    EXPECT_EQ(JET_errDatabaseCorrupted, Drain(*sorter).code()) << cut;
  }
}

TEST_F(ExternalSortTest, DamagedRunIsCorruption) {
  auto sorter = SpilledSorter(Opts(8 << 10));
  const std::string run = sorter->run_paths()[0];
  auto patch = [&](off_t at, const std::string& bytes) {
    int fd = open(run.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(static_cast<ssize_t>(bytes.size()),
              pwrite(fd, bytes.data(), bytes.size(), at));
    close(fd);
  };
  // A key length far beyond the file: never read out of bounds.
  patch(16, std::string("\xff\xff\xff\x7f", 4));
  EXPECT_EQ(JET_errDatabaseCorrupted, Drain(*sorter).code());
  patch(16, std::string("\x05\x00\x00\x00", 4));  // shifts every record
  EXPECT_EQ(JET_errDatabaseCorrupted, Drain(*sorter).code());
  patch(0, "XXXXXXXX");  // bad magic
  EXPECT_EQ(JET_errDatabaseCorrupted, Drain(*sorter).code());

  std::filesystem::remove(run);  // a run that vanished
  EXPECT_EQ(JET_errFileNotFound, Drain(*sorter).code());
}

TEST_F(ExternalSortTest, TrailingBytesAreCorruption) {
  auto sorter = SpilledSorter(Opts(8 << 10));
  std::ofstream(sorter->run_paths()[2], std::ios::app) << "junk";
  EXPECT_EQ(JET_errDatabaseCorrupted, Drain(*sorter).code());
}

TEST_F(ExternalSortTest, TruncatedRunFoundByIntermediateMerge) {
  ExternalSorter::Options o = Opts(4 << 10);
  o.max_merge_fan_in = 4;
  ExternalSorter sorter(o);
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(sorter.Add("k" + std::to_string(i), std::string(30, 'v')).ok());
  }
  ASSERT_GT(sorter.run_paths().size(), 4u);
  ASSERT_EQ(0, truncate(sorter.run_paths()[3].c_str(), 100));
  EXPECT_EQ(JET_errDatabaseCorrupted, sorter.Finish().code());
  // The failure is sticky.
  EXPECT_EQ(JET_errDatabaseCorrupted, sorter.Finish().code());
  EXPECT_EQ(JET_errDatabaseCorrupted, sorter.Add("a", "b").code());
}

TEST_F(ExternalSortTest, SpillDirectoryErrors) {
  ExternalSorter::Options o = Opts(1);
  o.spill_directory.clear();
  ExternalSorter no_dir(o);
  ASSERT_TRUE(no_dir.Add("a", "1").ok());  // the first record stays in memory
  EXPECT_EQ(JET_errInvalidPath, no_dir.Add("b", "2").code());

  o.spill_directory = dir_ + "/does-not-exist";
  ExternalSorter missing(o);
  ASSERT_TRUE(missing.Add("a", "1").ok());
  EXPECT_EQ(JET_errFileNotFound, missing.Add("b", "2").code());
  EXPECT_EQ(JET_errFileNotFound, missing.Finish().code());
}

// DrainMemory hands over every kept record once, with its place in
// iteration order, and frees the arena as it goes.
TEST_F(ExternalSortTest, DrainMemoryHandsOverEveryRecordAndFreesAsItGoes) {
  std::mt19937_64 rng(11);
  ExternalSorter sorter(Opts(64 << 20, /*unique=*/true));
  for (int i = 0; i < 50000; ++i) {
    const std::string key = RandomBytes(rng, 1 + rng() % 3);
    ASSERT_TRUE(sorter.Add(key, RandomBytes(rng, 100 + rng() % 100)).ok());
  }
  ASSERT_TRUE(sorter.Finish().ok());
  ASSERT_TRUE(sorter.in_memory());
  const std::vector<Record> sorted = Collect(sorter);
  ASSERT_EQ(sorted.size(), sorter.memory_count());
  const size_t arena_before = sorter.arena_bytes();
  std::vector<bool> seen(sorted.size(), false);
  size_t handed = 0;
  size_t arena_at_last = 0;
  bool order_scrambled = false;
  size_t previous = 0;
  Status s = sorter.DrainMemory(
      [&](std::string_view key, std::string_view value, size_t index) {
        EXPECT_LT(index, sorted.size());
        if (index >= sorted.size() || seen[index]) return Status(-1);
        seen[index] = true;
        EXPECT_EQ(sorted[index].key, key);
        EXPECT_EQ(sorted[index].value, value);
        if (handed > 0 && index < previous) order_scrambled = true;
        previous = index;
        ++handed;
        arena_at_last = sorter.arena_bytes();
        return Status::Ok();
      });
  ASSERT_TRUE(s.ok()) << s.code();
  EXPECT_EQ(sorted.size(), handed);
  EXPECT_TRUE(order_scrambled);  // arena order, not sorted order
  // When the last record went, every chunk but its own was freed already.
  EXPECT_GT(arena_before, size_t{4} << 20);
  EXPECT_LE(arena_at_last, size_t{2} << 20);
  EXPECT_EQ(0u, sorter.arena_bytes());
  EXPECT_EQ(0u, sorter.memory_count());
}

TEST_F(ExternalSortTest, DrainMemoryStopsAtTheSinksErrorAndNeedsABatch) {
  ExternalSorter sorter(Opts(64 << 20));
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(sorter.Add(std::string(1, static_cast<char>(i)), "v").ok());
  }
  auto sink = [](std::string_view, std::string_view, size_t) {
    return Status::Ok();
  };
  EXPECT_EQ(JET_errInvalidParameter, sorter.DrainMemory(sink).code());
  ASSERT_TRUE(sorter.Finish().ok());
  int calls = 0;
  EXPECT_EQ(JET_errDiskFull,
            sorter
                .DrainMemory([&](std::string_view, std::string_view, size_t) {
                  return ++calls == 3 ? Status(JET_errDiskFull) : Status::Ok();
                })
                .code());
  EXPECT_EQ(3, calls);
  EXPECT_EQ(0u, sorter.arena_bytes());
  // A sorter that spilled has no batch to drain.
  ExternalSorter spilled(Opts(4096));
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE(spilled.Add(std::to_string(i), std::string(20, 'x')).ok());
  }
  ASSERT_TRUE(spilled.Finish().ok());
  ASSERT_FALSE(spilled.in_memory());
  EXPECT_EQ(JET_errInvalidParameter, spilled.DrainMemory(sink).code());
}

}  // namespace
}  // namespace lmjet::sort
