// What one durable commit costs the disk under $TMPDIR (or /tmp), without
// any engine: the shape of an LMDB commit's I/O, timed. Each round writes
// N 4 KiB pages with pwrite (scattered over a 8 MiB preallocated file, or
// as one contiguous run), then 120 bytes at offset 0 (a meta page's
// fields), then fdatasync; "0 pages" is that last write and sync alone, the
// meta page's sync of a group commit (engine/group_commit.h). It prints the
// median and 90th percentile of each shape, over --rounds rounds.
//
// Compare its figures with commit_probe's split of a batch: an LMDB commit
// of one row dirties about 4 pages, a group commit of 8 sessions' rows
// about 11 (bench/README.md, "Where a batch's time goes").
//
//   flush_probe [--rounds=200]

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_env.h"

namespace {

constexpr size_t kPage = 4096;
constexpr size_t kFilePages = 2048;  // 8 MiB
constexpr size_t kMaxRun = 16;

// Reports the failed call with errno, removes the temporary directory and
// exits.
[[noreturn]] void Fail(const char* what) {
  std::perror(what);
  lmjet::bench::RunCleanups();
  std::exit(1);
}

struct Shape {
  size_t pages;
  bool contiguous;
};

// Microseconds of each round of `shape`, sorted.
std::vector<double> Measure(int fd, Shape shape, int rounds,
                            std::mt19937* rng) {
  static char page[kPage * kMaxRun];
  std::memset(page, 0x5a, sizeof(page));
  std::uniform_int_distribution<size_t> pick(1, kFilePages - kMaxRun - 1);
  std::vector<double> us;
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    bool ok = true;
    if (shape.contiguous && shape.pages != 0) {
      const size_t bytes = kPage * shape.pages;
      ok = pwrite(fd, page, bytes, off_t(pick(*rng) * kPage)) == ssize_t(bytes);
    } else {
      for (size_t i = 0; i < shape.pages && ok; ++i) {
        ok = pwrite(fd, page, kPage, off_t(pick(*rng) * kPage)) ==
             ssize_t(kPage);
      }
    }
    ok = ok && pwrite(fd, page, 120, 0) == 120 && fdatasync(fd) == 0;
    if (!ok) Fail("flush_probe: write or fdatasync");
    us.push_back(std::chrono::duration<double, std::micro>(
                     std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(us.begin(), us.end());
  return us;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 200;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--rounds=", 9) == 0) {
      rounds = std::atoi(argv[i] + 9);
    } else {
      std::fprintf(stderr, "usage: flush_probe [--rounds=N]\n");
      return 2;
    }
  }
  if (rounds < 10 || rounds > 100000) {
    std::fprintf(stderr, "flush_probe: --rounds 10..100000\n");
    return 2;
  }
  std::string dir;
  const std::string error = lmjet::bench::MakeTempDir("lmjet-flush", &dir);
  if (!error.empty()) {
    std::fprintf(stderr, "flush_probe: %s\n", error.c_str());
    return 1;
  }
  const std::string path = dir + "/pages";
  const int fd = open(path.c_str(), O_RDWR | O_CREAT, 0644);
  if (fd < 0) Fail("flush_probe: open");
  // Every page written once and synced, so that the rounds overwrite
  // allocated blocks, as LMDB's commits mostly do.
  static char zeros[kPage * 64];
  for (size_t p = 0; p < kFilePages; p += 64) {
    if (pwrite(fd, zeros, sizeof(zeros), off_t(p * kPage)) !=
        ssize_t(sizeof(zeros))) {
      Fail("flush_probe: pwrite");
    }
  }
  if (fsync(fd) != 0) Fail("flush_probe: fsync");
  std::mt19937 rng(20261122);
  const Shape shapes[] = {{0, false},  {1, false}, {4, false},  {4, true},
                          {8, false},  {8, true},  {11, false}, {11, true},
                          {16, false}, {16, true}};
  std::printf("%-24s %10s %10s\n", "pages + meta + sync", "median us",
              "p90 us");
  for (const Shape& shape : shapes) {
    const std::vector<double> us = Measure(fd, shape, rounds, &rng);
    char name[64];
    std::snprintf(name, sizeof(name), "%zu %s", shape.pages,
                  shape.pages == 0   ? "(meta only)"
                  : shape.contiguous ? "contiguous"
                                     : "scattered");
    std::printf("%-24s %10.0f %10.0f\n", name, us[us.size() / 2],
                us[us.size() * 9 / 10]);
  }
  close(fd);
  lmjet::bench::RunCleanups();
  return 0;
}
