#include "cursor/enumerate.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "api/esent.h"
#include "cursor/column_io.h"
#include "engine/index_keys.h"
#include "engine/record.h"
#include "engine/schema.h"
#include "gtest/gtest.h"

namespace lmjet::cursor {
namespace {

constexpr JET_COLUMNID kLong = 1;
constexpr JET_COLUMNID kDefaultLong = 2;  // default 42
constexpr JET_COLUMNID kFixedText = 3;    // cbMax 5, default "ab"
constexpr JET_COLUMNID kEscrow = 4;       // default 0
constexpr JET_COLUMNID kText = 128;
constexpr JET_COLUMNID kDefaultBinary = 129;  // default "dflt"
constexpr JET_COLUMNID kTaggedLong = 256;     // multi-valued
constexpr JET_COLUMNID kLongText = 257;
constexpr JET_COLUMNID kDefaultTagged = 258;  // default 7

template <typename T>
std::string Raw(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(&out[0], &value, sizeof(T));
  return out;
}

void AddColumn(engine::TableDef* table, JET_COLUMNID columnid,
               JET_COLTYP coltyp, uint32_t cb_max, JET_GRBIT grbit,
               const std::string& def = "") {
  engine::ColumnDef column;
  const Status status = engine::CheckColumnDefinition(
      coltyp, cb_max, grbit, 0, def.empty() ? nullptr : def.data(), def.size(),
      engine::ColumnRequestContext(), &column);
  ASSERT_TRUE(status.ok()) << columnid << ": " << status.code();
  column.name = "c" + std::to_string(columnid);
  column.columnid = columnid;
  table->columns.push_back(column);
}

// The realloc callback: counts allocations and frees, and can fail the
// n-th allocation.
struct Allocator {
  int allocations = 0;
  int frees = 0;
  int fail_at = -1;  // the allocation (0-based) that returns NULL
  std::set<void*> live;
};

void* Realloc(void* context, void* pv, unsigned long cb) {
  Allocator* a = static_cast<Allocator*>(context);
  if (cb == 0) {
    if (pv != nullptr) {
      EXPECT_EQ(1u, a->live.erase(pv));
      ++a->frees;
      std::free(pv);
    }
    return nullptr;
  }
  EXPECT_EQ(nullptr, pv) << "enumeration never grows a block";
  if (a->allocations == a->fail_at) {
    a->fail_at = -1;
    return nullptr;
  }
  void* p = std::malloc(cb);
  ++a->allocations;
  a->live.insert(p);
  return p;
}

// Frees a result as a caller does.
void FreeResult(Allocator* a, unsigned long count, JET_ENUMCOLUMN* columns) {
  for (unsigned long i = 0; i < count; ++i) {
    JET_ENUMCOLUMN& c = columns[i];
    if (c.err == JET_wrnColumnSingleValue) {
      Realloc(a, c.pvData, 0);
      continue;
    }
    for (unsigned long v = 0; v < c.cEnumColumnValue; ++v) {
      Realloc(a, c.rgEnumColumnValue[v].pvData, 0);
    }
    Realloc(a, c.rgEnumColumnValue, 0);
  }
  Realloc(a, columns, 0);
}

std::string Hex(const void* data, unsigned long cb) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (unsigned long i = 0; i < cb; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

// "id:err" per column; "=hex" for a single value; "[itag:err:hex ...]" for
// a value array ("-" for a null pvData).
std::string Describe(unsigned long count, const JET_ENUMCOLUMN* columns) {
  std::string out;
  for (unsigned long i = 0; i < count; ++i) {
    const JET_ENUMCOLUMN& c = columns[i];
    if (!out.empty()) out += ' ';
    out += std::to_string(c.columnid) + ":" + std::to_string(c.err);
    if (c.err == JET_wrnColumnSingleValue) {
      out += "=" +
             (c.pvData == nullptr ? std::string("-") : Hex(c.pvData, c.cbData));
      continue;
    }
    if (c.cEnumColumnValue == 0 && c.rgEnumColumnValue == nullptr) continue;
    out += '[';
    for (unsigned long v = 0; v < c.cEnumColumnValue; ++v) {
      const JET_ENUMCOLUMNVALUE& value = c.rgEnumColumnValue[v];
      if (v > 0) out += ' ';
      out += std::to_string(value.itagSequence) + ":" +
             std::to_string(value.err) + ":" +
             (value.pvData == nullptr
                  ? std::string("-") + std::to_string(value.cbData)
                  : Hex(value.pvData, value.cbData));
    }
    out += ']';
  }
  return out;
}

class EnumerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine::TableDef& t = table_;
    AddColumn(&t, kLong, JET_coltypLong, 0, JET_bitColumnFixed);
    AddColumn(&t, kDefaultLong, JET_coltypLong, 0, JET_bitColumnFixed,
              Raw<int32_t>(42));
    AddColumn(&t, kFixedText, JET_coltypText, 5, JET_bitColumnFixed, "ab");
    AddColumn(&t, kEscrow, JET_coltypLong, 0,
              JET_bitColumnFixed | JET_bitColumnEscrowUpdate, Raw<int32_t>(0));
    AddColumn(&t, kText, JET_coltypText, 20, 0);
    AddColumn(&t, kDefaultBinary, JET_coltypBinary, 20, 0, "dflt");
    AddColumn(&t, kTaggedLong, JET_coltypLong, 0,
              JET_bitColumnTagged | JET_bitColumnMultiValued);
    AddColumn(&t, kLongText, JET_coltypLongText, 0, 0);
    AddColumn(&t, kDefaultTagged, JET_coltypLong, 0, JET_bitColumnTagged,
              Raw<int32_t>(7));
    ASSERT_TRUE(engine::MakeRecordLayout(table_, &layout_).ok());
    copy_ = engine::Record(&layout_);
  }
  void TearDown() override {
    EXPECT_EQ(alloc_.allocations, alloc_.frees);
    EXPECT_TRUE(alloc_.live.empty());
  }

  void Set(JET_COLUMNID columnid, const std::string& value,
           unsigned long itag = 1, JET_GRBIT grbit = 0) {
    JET_SETINFO setinfo{sizeof(JET_SETINFO), 0, itag};
    ASSERT_EQ(JET_errSuccess,
              SetColumn(table_, columnid, value.data(), value.size(), grbit,
                        &setinfo, false, false, &copy_)
                  .code());
  }
  void SetNull(JET_COLUMNID columnid) {
    ASSERT_EQ(JET_errSuccess, SetColumn(table_, columnid, nullptr, 0, 0,
                                        nullptr, false, false, &copy_)
                                  .code());
  }
  // A typical record: kLong 5, kText "hi", kTaggedLong 1, 2, 3.
  void Fill() {
    Set(kLong, Raw<int32_t>(5));
    Set(kText, "hi");
    Set(kTaggedLong, Raw<int32_t>(1), 0);
    Set(kTaggedLong, Raw<int32_t>(2), 0);
    Set(kTaggedLong, Raw<int32_t>(3), 0);
  }

  // Enumerates the copy buffer; returns the code and describes the result
  // into *out, then frees it.
  JET_ERR Run(std::vector<JET_ENUMCOLUMNID> ids, JET_GRBIT grbit,
              std::string* out, unsigned long cb_data_most = 0xFFFFFFFF) {
    unsigned long count = 77;
    JET_ENUMCOLUMN* columns = reinterpret_cast<JET_ENUMCOLUMN*>(this);
    const Status s =
        EnumerateColumns(table_, RecordSource(copy_, false),
                         static_cast<unsigned long>(ids.size()),
                         ids.empty() ? nullptr : ids.data(), &count, &columns,
                         Realloc, &alloc_, cb_data_most, grbit);
    *out = Describe(count, columns);
    FreeResult(&alloc_, count, columns);
    return s.code();
  }
  std::string All(JET_GRBIT grbit = 0, unsigned long cb_data_most = ~0ul) {
    std::string out;
    EXPECT_EQ(JET_errSuccess, Run({}, grbit, &out, cb_data_most));
    return out;
  }

  engine::TableDef table_;
  engine::RecordLayout layout_;
  engine::Record copy_{&layout_};
  Allocator alloc_;
};

TEST_F(EnumerateTest, AllColumnsInIdOrderWithDefaults) {
  Fill();
  EXPECT_EQ(
      "1:0[1:0:05000000] 2:0[1:0:2a000000] 3:0[1:0:6162202020] "
      "4:0[1:0:00000000] 128:0[1:0:6869] 129:0[1:0:64666c74] "
      "256:0[1:0:01000000 2:0:02000000 3:0:03000000] 258:0[1:0:07000000]",
      All());
}

TEST_F(EnumerateTest, EmptyRecordGivesOnlyDefaults) {
  EXPECT_EQ(
      "2:0[1:0:2a000000] 3:0[1:0:6162202020] 4:0[1:0:00000000] "
      "129:0[1:0:64666c74] 258:0[1:0:07000000]",
      All());
  std::string out;
  unsigned long count = 9;
  JET_ENUMCOLUMN* columns = nullptr;
  ASSERT_EQ(JET_errSuccess,
            EnumerateColumns(table_, RecordSource(copy_, false), 0, nullptr,
                             &count, &columns, Realloc, &alloc_, 0,
                             JET_bitEnumerateIgnoreDefault)
                .code());
  EXPECT_EQ(0u, count);
  EXPECT_EQ(nullptr, columns);
}

TEST_F(EnumerateTest, IgnoreDefaultLeavesOutAbsentColumns) {
  Fill();
  EXPECT_EQ(
      "1:0[1:0:05000000] 128:0[1:0:6869] "
      "256:0[1:0:01000000 2:0:02000000 3:0:03000000]",
      All(JET_bitEnumerateIgnoreDefault));
}

TEST_F(EnumerateTest, NullColumnsAreReported) {
  SetNull(kLong);
  SetNull(kDefaultBinary);  // hides the default
  EXPECT_EQ("1:1004 129:1004", All(JET_bitEnumerateIgnoreDefault));
  EXPECT_EQ(
      "1:1004 2:0[1:0:2a000000] 3:0[1:0:6162202020] 4:0[1:0:00000000] "
      "129:1004 258:0[1:0:07000000]",
      All());
}

TEST_F(EnumerateTest, TaggedOnly) {
  Fill();
  EXPECT_EQ("256:0[1:0:01000000 2:0:02000000 3:0:03000000] 258:0[1:0:07000000]",
            All(JET_bitEnumerateTaggedOnly));
}

TEST_F(EnumerateTest, PresenceOnly) {
  Fill();
  SetNull(kDefaultBinary);
  EXPECT_EQ("1:1535 2:1535 3:1535 4:1535 128:1535 129:1004 256:1535 258:1535",
            All(JET_bitEnumeratePresenceOnly));
  EXPECT_EQ(1, alloc_.allocations);  // only the column array
}

TEST_F(EnumerateTest, CompressOutputInlinesSingleValues) {
  Fill();
  Set(kLongText, "", 1, JET_bitSetZeroLength);  // no allocation
  EXPECT_EQ(
      "1:1536=05000000 2:1536=2a000000 3:1536=6162202020 4:1536=00000000 "
      "128:1536=6869 129:1536=64666c74 "
      "256:0[1:0:01000000 2:0:02000000 3:0:03000000] 257:1536=- "
      "258:1536=07000000",
      All(JET_bitEnumerateCompressOutput));
}

TEST_F(EnumerateTest, LongValuesAreCutAtCbDataMost) {
  const std::string big(300, 'x');  // larger than RetrieveColumn's scratch
  Set(kLongText, big);
  Set(kText, "abcdef");
  std::string out;
  ASSERT_EQ(JET_errSuccess, Run({{kLongText, 0, nullptr}, {kText, 0, nullptr}},
                                JET_bitEnumerateCompressOutput, &out, 4));
  // Not the single-value form: cut, with JET_wrnColumnTruncated. Other
  // columns are not capped.
  EXPECT_EQ("257:0[1:1534:78787878] 128:1536=616263646566", out);
  ASSERT_EQ(JET_errSuccess, Run({{kLongText, 0, nullptr}}, 0, &out, 0));
  EXPECT_EQ("257:0[1:1534:-0]", out);
  ASSERT_EQ(JET_errSuccess, Run({{kLongText, 0, nullptr}}, 0, &out, 300));
  std::string hex;
  for (int i = 0; i < 300; ++i) hex += "78";
  EXPECT_EQ("257:0[1:0:" + hex + "]", out);
  ASSERT_EQ(JET_errSuccess, Run({{kLongText, 0, nullptr}},
                                JET_bitEnumerateCompressOutput, &out, 1000));
  EXPECT_EQ("257:1536=" + hex, out);
}

TEST_F(EnumerateTest, RequestedColumnsAndErrors) {
  Fill();
  std::string out;
  // Skipped id 0, then per-column id errors; the first one is returned
  // with the whole result.
  EXPECT_EQ(JET_errBadColumnId, Run({{0, 0, nullptr},
                                     {0x10000, 0, nullptr},
                                     {kLong, 0, nullptr},
                                     {300, 0, nullptr},
                                     {kLongText, 0, nullptr},
                                     {kDefaultTagged, 0, nullptr}},
                                    0, &out));
  EXPECT_EQ(
      "0:1531 65536:-1517 1:0[1:0:05000000] 300:-1507 257:1004 "
      "258:0[1:0:07000000]",
      out);
  EXPECT_EQ(JET_errColumnNotFound,
            Run({{kLong, 0, nullptr}, {300, 0, nullptr}}, 0, &out));
}

TEST_F(EnumerateTest, RequestedTagSequences) {
  Fill();
  unsigned long tags[] = {3, 0, 1, 9};
  unsigned long one[] = {1, 2};
  std::string out;
  ASSERT_EQ(JET_errSuccess, Run({{kTaggedLong, 4, tags},
                                 {kLong, 2, one},
                                 {kLongText, 2, one},
                                 {kDefaultTagged, 2, one}},
                                0, &out));
  EXPECT_EQ(
      "256:0[3:0:03000000 0:1531:-0 1:0:01000000 9:1004:-0] "
      "1:0[1:0:05000000 2:1004:-0] 257:0[1:1004:-0 2:1004:-0] "
      "258:0[1:0:07000000 2:1004:-0]",
      out);
  // With presence only, each existing value is JET_wrnColumnPresent.
  ASSERT_EQ(JET_errSuccess,
            Run({{kTaggedLong, 4, tags}, {kTaggedLong, 0, nullptr}},
                JET_bitEnumeratePresenceOnly, &out));
  EXPECT_EQ("256:0[3:1535:-0 0:1531:-0 1:1535:-0 9:1004:-0] 256:1535", out);
  // Compression applies only to "all values" requests.
  ASSERT_EQ(JET_errSuccess, Run({{kLong, 1, one}, {kLong, 0, nullptr}},
                                JET_bitEnumerateCompressOutput, &out));
  EXPECT_EQ("1:0[1:0:05000000] 1:1536=05000000", out);
}

TEST_F(EnumerateTest, IgnoreDefaultGivesColumnDefault) {
  Set(kLong, Raw<int32_t>(5));
  SetNull(kText);
  unsigned long tags[] = {1, 2};
  std::string out;
  ASSERT_EQ(JET_errSuccess, Run({{kDefaultLong, 0, nullptr},
                                 {kDefaultTagged, 0, nullptr},
                                 {kLongText, 0, nullptr},
                                 {kText, 0, nullptr},
                                 {kDefaultTagged, 2, tags},
                                 {kLong, 2, tags}},
                                JET_bitEnumerateIgnoreDefault, &out));
  // Absent (whether or not it has a default): JET_wrnColumnDefault; NULL:
  // JET_wrnColumnNull.
  EXPECT_EQ(
      "2:1537 258:1537 257:1537 128:1004 258:0[1:1537:-0 2:1537:-0] "
      "1:0[1:0:05000000 2:1004:-0]",
      out);
}

TEST_F(EnumerateTest, ReadsStoredRecordsToo) {
  Fill();
  std::string bytes;
  ASSERT_TRUE(copy_.Encode(engine::EncodeOptions(), &bytes).ok());
  engine::RecordView view;
  ASSERT_TRUE(engine::RecordView::Open(bytes, &layout_, &view).ok());
  unsigned long count = 0;
  JET_ENUMCOLUMN* columns = nullptr;
  ASSERT_EQ(JET_errSuccess,
            EnumerateColumns(
                table_, RecordSource(view), 0, nullptr, &count, &columns,
                Realloc, &alloc_, 0,
                JET_bitEnumerateIgnoreDefault | JET_bitEnumerateCompressOutput)
                .code());
  EXPECT_EQ(
      "1:1536=05000000 128:1536=6869 "
      "256:0[1:0:01000000 2:0:02000000 3:0:03000000]",
      Describe(count, columns));
  FreeResult(&alloc_, count, columns);
}

TEST_F(EnumerateTest, OutOfMemoryFreesEverything) {
  Fill();
  Set(kLongText, std::string(300, 'y'));
  // Fail each allocation in turn: the call fails cleanly every time.
  for (int n = 0;; ++n) {
    Allocator a;
    a.fail_at = n;
    unsigned long count = 5;
    JET_ENUMCOLUMN* columns = reinterpret_cast<JET_ENUMCOLUMN*>(&a);
    const Status s =
        EnumerateColumns(table_, RecordSource(copy_, false), 0, nullptr, &count,
                         &columns, Realloc, &a, 1000, 0);
    if (s.code() == JET_errSuccess) {
      EXPECT_EQ(n, a.allocations);  // every allocation was tried
      FreeResult(&a, count, columns);
      EXPECT_EQ(a.allocations, a.frees);
      break;
    }
    EXPECT_EQ(JET_errOutOfMemory, s.code()) << n;
    EXPECT_EQ(0u, count);
    EXPECT_EQ(nullptr, columns);
    EXPECT_EQ(a.allocations, a.frees) << n;
    EXPECT_TRUE(a.live.empty());
    ASSERT_LT(n, 100);
  }
}

TEST_F(EnumerateTest, ParameterChecks) {
  unsigned long count = 3;
  JET_ENUMCOLUMN* columns = reinterpret_cast<JET_ENUMCOLUMN*>(this);
  const RecordSource source(copy_, false);
  auto call = [&](unsigned long n, const JET_ENUMCOLUMNID* ids,
                  unsigned long* pc, JET_ENUMCOLUMN** pr, JET_PFNREALLOC r,
                  JET_GRBIT grbit) {
    return EnumerateColumns(table_, source, n, ids, pc, pr, r, &alloc_, 0,
                            grbit)
        .code();
  };
  EXPECT_EQ(JET_errInvalidParameter,
            call(0, nullptr, nullptr, &columns, Realloc, 0));
  EXPECT_EQ(nullptr, columns);  // reset before the check fails
  columns = reinterpret_cast<JET_ENUMCOLUMN*>(this);
  EXPECT_EQ(JET_errInvalidParameter,
            call(0, nullptr, &count, nullptr, Realloc, 0));
  EXPECT_EQ(0u, count);
  EXPECT_EQ(JET_errInvalidParameter,
            call(0, nullptr, &count, &columns, nullptr, 0));
  EXPECT_EQ(JET_errInvalidParameter,
            call(1, nullptr, &count, &columns, Realloc, 0));
  JET_ENUMCOLUMNID bad_tags{kTaggedLong, 2, nullptr};
  EXPECT_EQ(JET_errInvalidParameter,
            call(1, &bad_tags, &count, &columns, Realloc, 0));
  EXPECT_EQ(JET_errInvalidGrbit,
            call(0, nullptr, &count, &columns, Realloc, 0x2));
  EXPECT_EQ(JET_errInvalidGrbit,
            call(0, nullptr, &count, &columns, Realloc, JET_bitEnumerateLocal));
  JET_ENUMCOLUMNID one{kLong, 0, nullptr};
  EXPECT_EQ(JET_errInvalidGrbit, call(1, &one, &count, &columns, Realloc,
                                      JET_bitEnumerateTaggedOnly));
  EXPECT_EQ(0u, count);
  EXPECT_EQ(nullptr, columns);
  // Accepted bits that change nothing here.
  EXPECT_EQ(JET_errSuccess, call(1, &one, &count, &columns, Realloc,
                                 JET_bitEnumerateInRecordOnly |
                                     JET_bitEnumerateIgnoreUserDefinedDefault));
  FreeResult(&alloc_, count, columns);
  EXPECT_EQ(0, alloc_.allocations - alloc_.frees);
}

TEST_F(EnumerateTest, UserDefinedDefaultNeedsIgnoreBits) {
  engine::ColumnDef udd;
  udd.name = "udd";
  udd.columnid = 259;
  udd.coltyp = JET_coltypLong;
  udd.grbit = JET_bitColumnTagged | JET_bitColumnUserDefinedDefault;
  table_.columns.push_back(udd);
  std::string out;
  EXPECT_EQ(JET_errCallbackFailed, Run({}, 0, &out));
  EXPECT_EQ(JET_errSuccess,
            Run({}, JET_bitEnumerateIgnoreUserDefinedDefault, &out));
  EXPECT_EQ(JET_errSuccess, Run({}, JET_bitEnumerateIgnoreDefault, &out));
}

}  // namespace
}  // namespace lmjet::cursor
