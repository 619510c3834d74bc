#include "engine/long_value.h"

#include <lmdb.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace lmjet::engine {
namespace {

constexpr uint64_t C = kLongValueChunkSize;

// Deterministic, position-dependent bytes (never all zero, so zero fill is
// distinguishable).
std::string Pattern(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    s[i] = static_cast<char>((x >> 16) | 1);
  }
  return s;
}

class LongValueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/long_value-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern.data()));
    dir_ = pattern;
    ASSERT_EQ(0, mdb_env_create(&env_));
    ASSERT_EQ(0, mdb_env_set_maxdbs(env_, 8));
    ASSERT_EQ(0, mdb_env_set_mapsize(env_, size_t{512} << 20));
    ASSERT_EQ(0, mdb_env_open(env_, (dir_ + "/lv.edb").c_str(),
                              MDB_NOSUBDIR | MDB_NOTLS, 0644));
    MDB_txn* txn = Write();
    ASSERT_EQ(0, mdb_dbi_open(txn, "t1.lv", MDB_CREATE, &dbi_));
    ASSERT_EQ(0, mdb_txn_commit(txn));
  }
  void TearDown() override {
    mdb_env_close(env_);
    std::filesystem::remove_all(dir_);
  }

  MDB_txn* Write() {
    MDB_txn* txn = nullptr;
    EXPECT_EQ(0, mdb_txn_begin(env_, nullptr, 0, &txn));
    return txn;
  }
  MDB_txn* Read() {
    MDB_txn* txn = nullptr;
    EXPECT_EQ(0, mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn));
    return txn;
  }

  size_t Entries(MDB_txn* txn) {
    MDB_stat st;
    EXPECT_EQ(0, mdb_stat(txn, dbi_, &st));
    return st.ms_entries;
  }

  // The whole value, or a failure with the error code in *code.
  std::string ReadAll(MDB_txn* txn, uint64_t id, JET_ERR* code = nullptr) {
    uint32_t size = 0;
    Status s = LongValueSize(txn, dbi_, id, &size);
    if (code != nullptr) *code = s.code();
    if (!s.ok()) return "<error>";
    std::string out(size, '\0');
    uint32_t total = 0;
    s = ReadLongValue(txn, dbi_, id, 0, out.data(), out.size(), &total);
    if (code != nullptr) *code = s.code();
    if (!s.ok()) return "<error>";
    EXPECT_EQ(size, total);
    return out;
  }

  uint64_t New(MDB_txn* txn, const std::string& data) {
    uint64_t id = 0;
    EXPECT_EQ(JET_errSuccess, NewLongValue(txn, dbi_, data, &id).code());
    return id;
  }

  // Raw access for damage tests.
  static std::string Key(uint64_t id, uint32_t chunk) {
    std::string k(12, '\0');
    for (int i = 0; i < 8; ++i) k[i] = static_cast<char>(id >> (56 - 8 * i));
    for (int i = 0; i < 4; ++i) {
      k[8 + i] = static_cast<char>(chunk >> (24 - 8 * i));
    }
    return k;
  }
  int RawPut(MDB_txn* txn, const std::string& key, const std::string& value) {
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{value.size(), const_cast<char*>(value.data())};
    return mdb_put(txn, dbi_, &k, &v, 0);
  }
  int RawDel(MDB_txn* txn, const std::string& key) {
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    return mdb_del(txn, dbi_, &k, nullptr);
  }

  std::string dir_;
  MDB_env* env_ = nullptr;
  MDB_dbi dbi_ = 0;
};

TEST_F(LongValueTest, RoundTripsEverySize) {
  const std::vector<size_t> sizes = {0,     1,         C - 1,           C,
                                     C + 1, 3 * C + 7, size_t{10} << 20};
  std::vector<uint64_t> ids;
  size_t expected_entries = 1;  // the id counter
  MDB_txn* txn = Write();
  for (size_t i = 0; i < sizes.size(); ++i) {
    std::string data = Pattern(sizes[i], static_cast<uint32_t>(i));
    ids.push_back(New(txn, data));
    expected_entries += 1 + (sizes[i] + C - 1) / C;
    EXPECT_EQ(data, ReadAll(txn, ids.back())) << "size " << sizes[i];
    EXPECT_EQ(expected_entries, Entries(txn)) << "size " << sizes[i];
  }
  ASSERT_EQ(0, mdb_txn_commit(txn));

  txn = Read();
  // The chunk-size choice, measured: with 4096-byte pages every full chunk
  // fills exactly 4 overflow pages. A short last chunk (under about half a
  // page, LMDB's overflow threshold) stays in its leaf page; a longer one
  // takes ceil((16 + n) / 4096) overflow pages.
  MDB_stat st;
  ASSERT_EQ(0, mdb_stat(txn, dbi_, &st));
  if (st.ms_psize == 4096) {
    size_t pages = 0;
    for (size_t n : sizes) {
      pages += 4 * (n / C);
      size_t tail = n % C;  // here 0, 1, 7, 10240 or C - 1
      if (tail > 2048) pages += (16 + tail + 4095) / 4096;
    }
    EXPECT_EQ(pages, st.ms_overflow_pages);
  }
  for (size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_EQ(i + 1, ids[i]);
    uint32_t size = 0;
    ASSERT_EQ(JET_errSuccess, LongValueSize(txn, dbi_, ids[i], &size).code());
    EXPECT_EQ(sizes[i], size);
    EXPECT_EQ(Pattern(sizes[i], static_cast<uint32_t>(i)),
              ReadAll(txn, ids[i]));
  }
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, ReadsAtEveryInterestingOffset) {
  const std::string data = Pattern(3 * C + 100, 7);
  MDB_txn* txn = Write();
  uint64_t id = New(txn, data);
  const std::vector<uint64_t> offsets = {0,
                                         1,
                                         C - 1,
                                         C,
                                         C + 1,
                                         2 * C - 1,
                                         2 * C,
                                         3 * C,
                                         data.size() - 1,
                                         data.size(),
                                         data.size() + 1,
                                         uint64_t{1} << 40};
  const std::vector<size_t> lengths = {0, 1,     2,         C - 1,
                                       C, C + 2, 2 * C + 3, data.size() + 10};
  for (uint64_t offset : offsets) {
    for (size_t cb : lengths) {
      std::string buffer(cb + 4, '#');
      uint32_t total = 0;
      ASSERT_EQ(JET_errSuccess,
                ReadLongValue(txn, dbi_, id, offset, buffer.data(), cb, &total)
                    .code());
      EXPECT_EQ(data.size(), total);
      size_t n = offset >= data.size()
                     ? 0
                     : std::min<size_t>(cb, data.size() - offset);
      if (n > 0) {
        EXPECT_EQ(data.substr(offset, n), buffer.substr(0, n))
            << "offset " << offset << " cb " << cb;
      }
      // Nothing written past the bytes copied.
      EXPECT_EQ(std::string(buffer.size() - n, '#'), buffer.substr(n))
          << "offset " << offset << " cb " << cb;
    }
  }
  uint32_t total = 0;
  EXPECT_EQ(JET_errInvalidParameter,
            ReadLongValue(txn, dbi_, id, 0, nullptr, 1, &total).code());
  EXPECT_EQ(JET_errSuccess,
            ReadLongValue(txn, dbi_, id, 0, nullptr, 0, &total).code());
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, AppendsAcrossChunkBoundaries) {
  MDB_txn* txn = Write();
  uint64_t id = New(txn, "");
  std::string model;
  const std::vector<size_t> pieces = {1, C - 2, 1, 1, C, 5, 2 * C + 3, 0, 1};
  uint32_t seed = 100;
  for (size_t n : pieces) {
    std::string piece = Pattern(n, seed++);
    ASSERT_EQ(JET_errSuccess, AppendLongValue(txn, dbi_, id, piece).code());
    model += piece;
    EXPECT_EQ(model, ReadAll(txn, id)) << "after appending " << n;
    EXPECT_EQ(2 + (model.size() + C - 1) / C, Entries(txn));
  }
  ASSERT_EQ(0, mdb_txn_commit(txn));
  txn = Read();
  EXPECT_EQ(model, ReadAll(txn, id));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, OverwritesInsideAtTheEndAndRefusesPastTheEnd) {
  MDB_txn* txn = Write();
  std::string model = Pattern(2 * C + 10, 1);
  uint64_t id = New(txn, model);

  // Inside, across the first chunk boundary.
  std::string patch = Pattern(300, 2);
  ASSERT_EQ(JET_errSuccess,
            OverwriteLongValue(txn, dbi_, id, C - 150, patch).code());
  model.replace(C - 150, patch.size(), patch);
  EXPECT_EQ(model, ReadAll(txn, id));

  // Straddling the end: extends.
  patch = Pattern(C, 3);
  ASSERT_EQ(JET_errSuccess,
            OverwriteLongValue(txn, dbi_, id, model.size() - 5, patch).code());
  model.resize(model.size() - 5);
  model += patch;
  EXPECT_EQ(model, ReadAll(txn, id));

  // Exactly at the end: an append.
  patch = Pattern(7, 4);
  ASSERT_EQ(JET_errSuccess,
            OverwriteLongValue(txn, dbi_, id, model.size(), patch).code());
  model += patch;
  EXPECT_EQ(model, ReadAll(txn, id));
  EXPECT_EQ(2 + (model.size() + C - 1) / C, Entries(txn));

  // Past the end: ESE's JET_errColumnNoChunk; nothing changes.
  EXPECT_EQ(JET_errColumnNoChunk,
            OverwriteLongValue(txn, dbi_, id, model.size() + 1, "x").code());
  EXPECT_EQ(JET_errColumnNoChunk,
            OverwriteLongValue(txn, dbi_, id, model.size() + 1, "").code());
  EXPECT_EQ(model, ReadAll(txn, id));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, SetSizeShrinksAndGrowsWithZeros) {
  MDB_txn* txn = Write();
  std::string model = Pattern(4 * C + 3, 9);
  uint64_t id = New(txn, model);
  EXPECT_EQ(1u + 1 + 5, Entries(txn));

  const std::vector<uint64_t> steps = {C + 1,     C,         C - 1, 0,
                                       2 * C + 5, 2 * C + 5, 3,     3 * C};
  for (uint64_t n : steps) {
    ASSERT_EQ(JET_errSuccess, SetLongValueSize(txn, dbi_, id, n).code());
    model.resize(n, '\0');
    EXPECT_EQ(model, ReadAll(txn, id)) << "size " << n;
    EXPECT_EQ(2 + (n + C - 1) / C, Entries(txn)) << "size " << n;
  }
  // Grown bytes really are zeros.
  EXPECT_EQ(std::string(3 * C - 3, '\0'), model.substr(3));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, ReplaceChangesTheWholeValue) {
  MDB_txn* txn = Write();
  uint64_t id = New(txn, Pattern(3 * C, 1));
  for (size_t n : {size_t{5}, 2 * C + 1, size_t{0}, C}) {
    std::string data = Pattern(n, static_cast<uint32_t>(n));
    ASSERT_EQ(JET_errSuccess, ReplaceLongValue(txn, dbi_, id, data).code());
    EXPECT_EQ(data, ReadAll(txn, id));
    EXPECT_EQ(2 + (n + C - 1) / C, Entries(txn));
  }
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, DeleteRemovesEverythingAndIdsAreNeverReused) {
  MDB_txn* txn = Write();
  uint64_t a = New(txn, Pattern(3 * C + 1, 1));
  uint64_t b = New(txn, "b");
  ASSERT_EQ(JET_errSuccess, DeleteLongValue(txn, dbi_, a).code());
  EXPECT_EQ(1u + 2, Entries(txn));  // counter + b's header and chunk
  ASSERT_EQ(JET_errSuccess, DeleteLongValue(txn, dbi_, b).code());
  EXPECT_EQ(1u, Entries(txn));  // only the counter
  JET_ERR code = 0;
  ReadAll(txn, a, &code);
  EXPECT_EQ(JET_errLVCorrupted, code);
  EXPECT_EQ(JET_errLVCorrupted, DeleteLongValue(txn, dbi_, a).code());
  uint64_t c = New(txn, "c");
  EXPECT_GT(c, b);
  ASSERT_EQ(0, mdb_txn_commit(txn));

  txn = Write();
  ASSERT_EQ(JET_errSuccess, DeleteLongValue(txn, dbi_, c).code());
  ASSERT_EQ(0, mdb_txn_commit(txn));
  txn = Write();
  uint64_t d = New(txn, "d");
  EXPECT_GT(d, c);
  EXPECT_EQ("d", ReadAll(txn, d));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, SizesAboveTheLimitAreColumnTooBig) {
  MDB_txn* txn = Write();
  uint64_t id = New(txn, "x");
  // The views are never read: the size check comes first.
  std::string_view huge("x", 1);
  huge = std::string_view(huge.data(), kLongValueMaxSize + 1);
  std::string_view largest(huge.data(), kLongValueMaxSize);
  uint64_t other = 0;
  EXPECT_EQ(JET_errColumnTooBig, NewLongValue(txn, dbi_, huge, &other).code());
  EXPECT_EQ(JET_errColumnTooBig, ReplaceLongValue(txn, dbi_, id, huge).code());
  EXPECT_EQ(JET_errColumnTooBig,
            AppendLongValue(txn, dbi_, id, largest).code());
  EXPECT_EQ(JET_errColumnTooBig,
            OverwriteLongValue(txn, dbi_, id, 1, largest).code());
  EXPECT_EQ(JET_errColumnTooBig,
            SetLongValueSize(txn, dbi_, id, kLongValueMaxSize + 1).code());
  EXPECT_EQ(JET_errColumnTooBig,
            SetLongValueSize(txn, dbi_, id, uint64_t{1} << 40).code());
  EXPECT_EQ("x", ReadAll(txn, id));
  EXPECT_EQ(1u + 2, Entries(txn));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, MissingIdsAndDamageAreLVCorrupted) {
  MDB_txn* txn = Write();
  const std::string data = Pattern(4 * C, 5);
  uint64_t id = New(txn, data);
  ASSERT_EQ(0, mdb_txn_commit(txn));

  auto expect_corrupted = [&](MDB_txn* t, uint64_t which, uint64_t offset,
                              int line) {
    SCOPED_TRACE(::testing::Message() << "line " << line);
    std::string buffer(data.size() + 2 * C, '\0');
    uint32_t total = 0;
    EXPECT_EQ(JET_errLVCorrupted,
              ReadLongValue(t, dbi_, which, offset, buffer.data(),
                            buffer.size(), &total)
                  .code());
  };

  txn = Read();
  expect_corrupted(txn, 0, 0, __LINE__);  // id 0 is the counter, not a value
  expect_corrupted(txn, 99, 0, __LINE__);
  uint32_t size = 0;
  EXPECT_EQ(JET_errLVCorrupted, LongValueSize(txn, dbi_, 99, &size).code());
  mdb_txn_abort(txn);

  // A missing middle chunk: reads crossing it fail, reads before it work.
  txn = Write();
  ASSERT_EQ(0, RawDel(txn, Key(id, 3)));
  expect_corrupted(txn, id, 0, __LINE__);
  expect_corrupted(txn, id, 2 * C + 1, __LINE__);
  std::string buffer(C, '\0');
  uint32_t total = 0;
  EXPECT_EQ(JET_errSuccess, ReadLongValue(txn, dbi_, id, C, buffer.data(),
                                          buffer.size(), &total)
                                .code());
  EXPECT_EQ(data.substr(C, C), buffer);
  EXPECT_EQ(JET_errLVCorrupted, SetLongValueSize(txn, dbi_, id, 3).code());
  mdb_txn_abort(txn);

  // Damaged headers.
  const std::vector<std::string> headers = {
      std::string(),                         // empty
      std::string("\0\0\1", 3),              // short
      std::string("\0\0\0\1\0\0\0\0\0", 9),  // long
      std::string("\x80\0\0\0\0\0\0\0", 8),  // size above 2^31-1
      std::string("\0\0\0\1\0\0\0\1", 8),    // reserved not zero
  };
  for (const std::string& header : headers) {
    txn = Write();
    ASSERT_EQ(0, RawPut(txn, Key(id, 0), header));
    expect_corrupted(txn, id, 0, __LINE__);
    EXPECT_EQ(JET_errLVCorrupted, LongValueSize(txn, dbi_, id, &size).code());
    EXPECT_EQ(JET_errLVCorrupted, AppendLongValue(txn, dbi_, id, "x").code());
    mdb_txn_abort(txn);
  }

  // A header claiming more (or less) than the chunks hold.
  for (uint32_t claimed :
       {uint32_t(4 * C + 1), uint32_t(4 * C - 1), uint32_t(5 * C)}) {
    txn = Write();
    std::string header(8, '\0');
    for (int i = 0; i < 4; ++i) {
      header[i] = static_cast<char>(claimed >> (24 - 8 * i));
    }
    ASSERT_EQ(0, RawPut(txn, Key(id, 0), header));
    expect_corrupted(txn, id, 0, __LINE__);
    mdb_txn_abort(txn);
  }

  // A chunk of the wrong length.
  txn = Write();
  ASSERT_EQ(0, RawPut(txn, Key(id, 2), "short"));
  expect_corrupted(txn, id, C + 3, __LINE__);
  mdb_txn_abort(txn);

  // A damaged counter.
  txn = Write();
  ASSERT_EQ(0, RawPut(txn, Key(0, 0), "bad"));
  uint64_t other = 0;
  EXPECT_EQ(JET_errLVCorrupted, NewLongValue(txn, dbi_, "x", &other).code());
  mdb_txn_abort(txn);

  // A counter pointing at an id in use.
  txn = Write();
  ASSERT_EQ(0, RawPut(txn, Key(0, 0), Key(id, 0).substr(0, 8)));
  EXPECT_EQ(JET_errLVCorrupted, NewLongValue(txn, dbi_, "x", &other).code());
  mdb_txn_abort(txn);

  // Undamaged after all the aborts.
  txn = Read();
  EXPECT_EQ(data, ReadAll(txn, id));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, AbortingTheTransactionLeavesNothing) {
  MDB_txn* txn = Write();
  uint64_t a = New(txn, Pattern(2 * C + 1, 1));
  New(txn, "second");
  ASSERT_EQ(JET_errSuccess, AppendLongValue(txn, dbi_, a, "more").code());
  EXPECT_GT(Entries(txn), 0u);
  mdb_txn_abort(txn);

  txn = Read();
  EXPECT_EQ(0u, Entries(txn));
  uint32_t size = 0;
  EXPECT_EQ(JET_errLVCorrupted, LongValueSize(txn, dbi_, a, &size).code());
  mdb_txn_abort(txn);

  // Committed data survives an aborted change to it.
  txn = Write();
  a = New(txn, "kept");
  ASSERT_EQ(0, mdb_txn_commit(txn));
  txn = Write();
  ASSERT_EQ(JET_errSuccess,
            ReplaceLongValue(txn, dbi_, a, Pattern(3 * C, 2)).code());
  ASSERT_EQ(JET_errSuccess, DeleteLongValue(txn, dbi_, a).code());
  mdb_txn_abort(txn);
  txn = Read();
  EXPECT_EQ("kept", ReadAll(txn, a));
  EXPECT_EQ(1u + 2, Entries(txn));
  mdb_txn_abort(txn);
}

TEST_F(LongValueTest, RandomOperationsMatchAModel) {
  std::mt19937 rng(20240607);
  auto pick = [&](uint64_t n) {
    return std::uniform_int_distribution<uint64_t>(0, n)(rng);
  };
  // A random length, biased towards chunk boundaries.
  auto length = [&]() -> size_t {
    switch (pick(3)) {
      case 0:
        return pick(40);
      case 1:
        return (1 + pick(1)) * C + pick(4) - 2;
      default:
        return pick(3 * C);
    }
  };

  constexpr int kValues = 4;
  std::vector<uint64_t> ids(kValues);
  std::vector<std::string> models(kValues);
  uint64_t highest_id = 0;
  MDB_txn* txn = Write();
  for (int i = 0; i < kValues; ++i) {
    models[i] = Pattern(length(), i);
    ids[i] = New(txn, models[i]);
    highest_id = ids[i];
  }

  uint32_t seed = 1000;
  for (int step = 0; step < 1500; ++step) {
    const int i = static_cast<int>(pick(kValues - 1));
    std::string& model = models[i];
    const uint64_t op = pick(7);
    SCOPED_TRACE(::testing::Message() << "step " << step << " op " << op
                                      << " size " << model.size());
    switch (op) {
      case 0: {  // replace
        std::string data = Pattern(length(), seed++);
        ASSERT_EQ(JET_errSuccess,
                  ReplaceLongValue(txn, dbi_, ids[i], data).code());
        model = data;
        break;
      }
      case 1: {  // append
        std::string data = Pattern(length(), seed++);
        ASSERT_EQ(JET_errSuccess,
                  AppendLongValue(txn, dbi_, ids[i], data).code());
        model += data;
        break;
      }
      case 2: {  // overwrite, sometimes past the end
        uint64_t offset = pick(model.size() + 2);
        std::string data = Pattern(length(), seed++);
        Status s = OverwriteLongValue(txn, dbi_, ids[i], offset, data);
        if (offset > model.size()) {
          ASSERT_EQ(JET_errColumnNoChunk, s.code());
        } else {
          ASSERT_EQ(JET_errSuccess, s.code());
          if (model.size() < offset + data.size()) {
            model.resize(offset + data.size());
          }
          model.replace(offset, data.size(), data);
        }
        break;
      }
      case 3: {  // set size
        uint64_t n = pick(1) ? pick(model.size()) : length();
        ASSERT_EQ(JET_errSuccess,
                  SetLongValueSize(txn, dbi_, ids[i], n).code());
        model.resize(n, '\0');
        break;
      }
      case 4: {  // delete and recreate: a fresh id
        ASSERT_EQ(JET_errSuccess, DeleteLongValue(txn, dbi_, ids[i]).code());
        model = Pattern(length(), seed++);
        ids[i] = New(txn, model);
        ASSERT_GT(ids[i], highest_id);
        highest_id = ids[i];
        break;
      }
      case 5: {  // partial read
        uint64_t offset = pick(model.size() + 3);
        size_t cb = length();
        std::string buffer(cb, '#');
        uint32_t total = 0;
        ASSERT_EQ(JET_errSuccess, ReadLongValue(txn, dbi_, ids[i], offset,
                                                buffer.data(), cb, &total)
                                      .code());
        ASSERT_EQ(model.size(), total);
        size_t n = offset >= model.size()
                       ? 0
                       : std::min<size_t>(cb, model.size() - offset);
        ASSERT_EQ(model.substr(std::min<size_t>(offset, model.size()), n),
                  buffer.substr(0, n));
        break;
      }
      case 6: {  // commit and go on in a new transaction
        ASSERT_EQ(0, mdb_txn_commit(txn));
        txn = Write();
        break;
      }
      default:  // only the re-read below
        break;
    }
    ASSERT_EQ(model, ReadAll(txn, ids[i]));
  }

  size_t expected_entries = 1;
  for (int i = 0; i < kValues; ++i) {
    EXPECT_EQ(models[i], ReadAll(txn, ids[i]));
    expected_entries += 1 + (models[i].size() + C - 1) / C;
  }
  EXPECT_EQ(expected_entries, Entries(txn));
  mdb_txn_abort(txn);
}

}  // namespace
}  // namespace lmjet::engine
