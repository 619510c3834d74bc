// Temporary tables through the public API (reference §5).

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

JET_COLUMNDEF Col(JET_COLTYP coltyp, JET_GRBIT grbit, unsigned long cb = 0) {
  JET_COLUMNDEF c{};
  c.cbStruct = sizeof(c);
  c.coltyp = coltyp;
  c.cbMax = cb;
  c.cp = coltyp == JET_coltypText ? 1252 : 0;
  c.grbit = grbit;
  return c;
}

class TempTableApiTest : public InstanceTest {
 protected:
  // Temp tables opened from now on hold at most `bytes` in memory.
  void SetMemoryMax(JET_API_PTR bytes) {
    ASSERT_EQ(JET_errSuccess,
              JetSetSystemParameter(&instance_, JET_sesidNil,
                                    JET_paramLmjetTempTableMemoryMax, bytes,
                                    nullptr));
  }

  JET_ERR Open(std::vector<JET_COLUMNDEF> cols, JET_GRBIT grbit) {
    ids_.assign(cols.size(), 0);
    return JetOpenTempTable(sesid_, cols.data(),
                            static_cast<unsigned long>(cols.size()), grbit,
                            &tableid_, ids_.data());
  }

  JET_ERR Insert(const std::vector<std::string>& values) {
    JET_ERR err = JetPrepareUpdate(sesid_, tableid_, JET_prepInsert);
    if (err != JET_errSuccess) return err;
    for (size_t i = 0; i < values.size(); ++i) {
      err = JetSetColumn(sesid_, tableid_, ids_[i], values[i].data(),
                         static_cast<unsigned long>(values[i].size()), 0,
                         nullptr);
      if (err < 0) return err;
    }
    return JetUpdate(sesid_, tableid_, nullptr, 0, nullptr);
  }

  std::string Get(size_t column) {
    char buf[256];
    unsigned long actual = 0;
    EXPECT_GE(JetRetrieveColumn(sesid_, tableid_, ids_[column], buf,
                                sizeof(buf), &actual, 0, nullptr),
              0);
    return std::string(buf, std::min<size_t>(actual, sizeof(buf)));
  }

  std::vector<std::string> ReadAll(size_t column) {
    std::vector<std::string> out;
    JET_ERR err = JetMove(sesid_, tableid_, JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
      out.push_back(Get(column));
      err = JetMove(sesid_, tableid_, JET_MoveNext, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    return out;
  }

  size_t SpillFiles() const {
    size_t n = 0;
    for (auto& e : std::filesystem::directory_iterator(dir_.path())) {
      if (e.path().filename().string().rfind("lmjet-sort-", 0) == 0) ++n;
    }
    return n;
  }

  // Fills the open table with enough records to spill (budget set small).
  void FillToSpill() {
    std::mt19937 rng(7);
    for (int i = 0; i < 3000; ++i) {
      const int32_t v = static_cast<int32_t>(rng());
      ASSERT_EQ(JET_errSuccess,
                Insert({std::string(reinterpret_cast<const char*>(&v), 4),
                        std::string(50, 'p')}));
    }
  }

  // Opens tableid_ as a forward-only sort (a Long key, a Binary payload)
  // and fills it until it has spilled (with a small JET_paramLmjet
  // TempTableMemoryMax already set).
  void OpenSpilledSort() {
    ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                    Col(JET_coltypBinary, 0, 100)},
                                   JET_bitTTForwardOnly));
    ASSERT_NO_FATAL_FAILURE(FillToSpill());
    ASSERT_GT(SpillFiles(), 0u);
  }

  static std::string L(int32_t v) {
    return std::string(reinterpret_cast<const char*>(&v), 4);
  }
  static int32_t AsL(const std::string& s) {
    int32_t v = 0;
    std::memcpy(&v, s.data(), std::min<size_t>(4, s.size()));
    return v;
  }

  std::vector<JET_COLUMNID> ids_;
  JET_TABLEID tableid_ = JET_tableidNil;
};

TEST_F(TempTableApiTest, SortsLongsAscendingWithoutDuplicates) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypText, 0, 20)},
                                 0));
  EXPECT_EQ(1u, ids_[0]);
  EXPECT_EQ(128u, ids_[1]);
  for (int32_t v : {9, -1, 4, 9, 0}) {
    ASSERT_EQ(JET_errSuccess, Insert({L(v), "t" + std::to_string(v)}));
  }
  std::vector<int32_t> got;
  for (auto& s : ReadAll(0)) got.push_back(AsL(s));
  EXPECT_EQ((std::vector<int32_t>{-1, 0, 4, 9}), got);
  EXPECT_EQ((std::vector<std::string>{"t-1", "t0", "t4", "t9"}), ReadAll(1));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
}

TEST_F(TempTableApiTest, TextDescending) {
  ASSERT_EQ(JET_errSuccess,
            Open({Col(JET_coltypText,
                      JET_bitColumnTTKey | JET_bitColumnTTDescending, 40)},
                 JET_bitTTScrollable));
  for (const char* v : {"b", "c", "a"}) ASSERT_EQ(JET_errSuccess, Insert({v}));
  EXPECT_EQ((std::vector<std::string>{"c", "b", "a"}), ReadAll(0));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveLast, 0));
  EXPECT_EQ("a", Get(0));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, DoubleAndCurrencyAscendingDescending) {
  for (JET_GRBIT dir : {JET_GRBIT{0}, JET_GRBIT{JET_bitColumnTTDescending}}) {
    ASSERT_EQ(JET_errSuccess,
              Open({Col(JET_coltypIEEEDouble, JET_bitColumnTTKey | dir),
                    Col(JET_coltypCurrency, 0)},
                   0));
    for (double d : {2.5, -7.0, 0.0, 1e10}) {
      const int64_t c = static_cast<int64_t>(d * 10);
      ASSERT_EQ(JET_errSuccess,
                Insert({std::string(reinterpret_cast<const char*>(&d), 8),
                        std::string(reinterpret_cast<const char*>(&c), 8)}));
    }
    std::vector<double> got;
    for (auto& s : ReadAll(0)) {
      double d;
      std::memcpy(&d, s.data(), 8);
      got.push_back(d);
    }
    std::vector<double> want{-7.0, 0.0, 2.5, 1e10};
    if (dir) std::reverse(want.begin(), want.end());
    EXPECT_EQ(want, got);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  }
}

TEST_F(TempTableApiTest, UniqueAndErrorOnDuplicate) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypLong, 0)},
                                 JET_bitTTForwardOnly | JET_bitTTUnique));
  ASSERT_EQ(JET_errSuccess, Insert({L(1), L(10)}));
  ASSERT_EQ(JET_errSuccess, Insert({L(1), L(20)}));
  std::vector<int32_t> got;
  for (auto& s : ReadAll(1)) got.push_back(AsL(s));
  EXPECT_EQ((std::vector<int32_t>{10}), got);
  EXPECT_EQ(JET_errIllegalOperation,
            JetMove(sesid_, tableid_, JET_MovePrevious, 0));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));

  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypLong, 0)},
                                 JET_bitTTErrorOnDuplicateInsertion));
  ASSERT_EQ(JET_errSuccess, Insert({L(1), L(10)}));
  EXPECT_EQ(JET_errKeyDuplicate, Insert({L(1), L(20)}));
  ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(sesid_, tableid_, JET_prepCancel));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, PhasesAndIllegalCalls) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0));
  ASSERT_EQ(JET_errSuccess, Insert({L(5)}));
  char buf[64];
  unsigned long actual = 0;
  EXPECT_EQ(JET_errIllegalOperation,
            JetRetrieveColumn(sesid_, tableid_, ids_[0], buf, 4, &actual, 0,
                              nullptr));
  EXPECT_EQ(JET_errIllegalOperation, JetDelete(sesid_, tableid_));
  EXPECT_EQ(JET_errIllegalOperation,
            JetGetBookmark(sesid_, tableid_, buf, sizeof(buf), &actual));
  EXPECT_EQ(JET_errIllegalOperation,
            JetSetCurrentIndex(sesid_, tableid_, nullptr));
  char info[1024];
  EXPECT_EQ(JET_errIllegalOperation,
            JetGetTableColumnInfo(sesid_, tableid_, nullptr, info, sizeof(info),
                                  JET_ColInfoList));
  JET_TABLEID dup = JET_tableidNil;
  EXPECT_EQ(JET_errIllegalOperation, JetDupCursor(sesid_, tableid_, &dup, 0));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  EXPECT_EQ(5, AsL(Get(0)));
  EXPECT_EQ(JET_errIllegalOperation,
            JetPrepareUpdate(sesid_, tableid_, JET_prepInsert));
  EXPECT_EQ(JET_errIllegalOperation, JetDelete(sesid_, tableid_));
  EXPECT_EQ(JET_errIllegalOperation,
            JetMove(sesid_, tableid_, JET_MovePrevious, 0));
  int32_t k = 5;
  ASSERT_EQ(JET_errSuccess, JetMakeKey(sesid_, tableid_, &k, 4, JET_bitNewKey));
  EXPECT_EQ(JET_errIllegalOperation, JetSeek(sesid_, tableid_, JET_bitSeekEQ));
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, UpdatableSeekAndBookmarks) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypLong, 0)},
                                 JET_bitTTIndexed | JET_bitTTUpdatable));
  for (int32_t v : {30, 10, 20})
    ASSERT_EQ(JET_errSuccess, Insert({L(v), L(v)}));
  int32_t k = 20;
  ASSERT_EQ(JET_errSuccess, JetMakeKey(sesid_, tableid_, &k, 4, JET_bitNewKey));
  ASSERT_EQ(JET_errSuccess, JetSeek(sesid_, tableid_, JET_bitSeekEQ));
  EXPECT_EQ(20, AsL(Get(0)));
  char bookmark[64];
  unsigned long cb = 0;
  ASSERT_EQ(JET_errSuccess,
            JetGetBookmark(sesid_, tableid_, bookmark, sizeof(bookmark), &cb));
  ASSERT_EQ(JET_errSuccess, Insert({L(15), L(15)}));  // after reading
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  ASSERT_EQ(JET_errSuccess, JetDelete(sesid_, tableid_));
  ASSERT_EQ(JET_errSuccess, JetGotoBookmark(sesid_, tableid_, bookmark, cb));
  EXPECT_EQ(20, AsL(Get(0)));
  std::vector<int32_t> got;
  for (auto& s : ReadAll(0)) got.push_back(AsL(s));
  EXPECT_EQ((std::vector<int32_t>{15, 20, 30}), got);
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, OpenTemporaryTableStructs) {
  JET_COLUMNDEF cols[] = {Col(JET_coltypLong, JET_bitColumnTTKey)};
  JET_COLUMNID ids[1] = {0};
  JET_OPENTEMPORARYTABLE open{};
  open.cbStruct = sizeof(open) - 1;
  open.prgcolumndef = cols;
  open.ccolumn = 1;
  open.prgcolumnid = ids;
  EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(sesid_, &open));
  open.cbStruct = sizeof(open);
  open.cbKeyMost = 100;
  EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(sesid_, &open));
  open.cbKeyMost = 0;
  open.cbVarSegMac = 256;  // above JET_cbKeyMostMin
  EXPECT_EQ(JET_errInvalidParameter, JetOpenTemporaryTable(sesid_, &open));
  open.cbVarSegMac = 0;
  ASSERT_EQ(JET_errSuccess, JetOpenTemporaryTable(sesid_, &open));
  EXPECT_EQ(1u, ids[0]);
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, open.tableid));

  JET_TABLEID t2 = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess,
            JetOpenTempTable2(sesid_, cols, 1, 1033, 0, &t2, ids));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, t2));
  JET_UNICODEINDEX unicode{1033, 0};
  ASSERT_EQ(JET_errSuccess,
            JetOpenTempTable3(sesid_, cols, 1, &unicode, 0, &t2, ids));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, t2));
  EXPECT_EQ(JET_errInvalidGrbit,
            JetOpenTempTable(sesid_, cols, 1, 0x1000, &t2, ids));
  EXPECT_EQ(
      JET_errCannotMaterializeForwardOnlySort,
      JetOpenTempTable(sesid_, cols, 1,
                       JET_bitTTForwardOnly | JET_bitTTUpdatable, &t2, ids));
}

TEST_F(TempTableApiTest, OtherSessionGetsMismatch) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0));
  JET_SESID other = JET_sesidNil;
  ASSERT_EQ(JET_errSuccess, JetBeginSession(instance_, &other, "", ""));
  EXPECT_EQ(JET_errSesidTableIdMismatch,
            JetMove(other, tableid_, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errSuccess, JetEndSession(other, 0));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, TooManySorts) {
  // JET_paramMaxTemporaryTables is 20 by default.
  std::vector<JET_TABLEID> open;
  JET_COLUMNDEF cols[] = {Col(JET_coltypLong, JET_bitColumnTTKey)};
  JET_COLUMNID ids[1];
  for (int i = 0; i < 20; ++i) {
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
    open.push_back(t);
  }
  JET_TABLEID t = JET_tableidNil;
  EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, open.back()));
  open.pop_back();
  ASSERT_EQ(JET_errSuccess, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, t));
  for (JET_TABLEID x : open)
    EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, x));
}

TEST(TempTableApiZeroTest, MaxTemporaryTablesZeroDisablesThem) {
  ScratchDir dir;
  JET_INSTANCE instance = 0;
  ASSERT_EQ(JET_errSuccess, JetCreateInstance(&instance, "tt-zero"));
  const std::string path = dir.path() + "/";
  JetSetSystemParameter(&instance, 0, JET_paramSystemPath, 0, path.c_str());
  JetSetSystemParameter(&instance, 0, JET_paramLogFilePath, 0, path.c_str());
  JetSetSystemParameter(&instance, 0, JET_paramTempPath, 0, path.c_str());
  ASSERT_EQ(JET_errSuccess,
            JetSetSystemParameter(&instance, 0, JET_paramMaxTemporaryTables, 0,
                                  nullptr));
  ASSERT_EQ(JET_errSuccess, JetInit(&instance));
  JET_SESID sesid = JET_sesidNil;
  ASSERT_EQ(JET_errSuccess, JetBeginSession(instance, &sesid, "", ""));
  JET_COLUMNDEF cols[] = {Col(JET_coltypLong, JET_bitColumnTTKey)};
  JET_COLUMNID ids[1];
  JET_TABLEID t = JET_tableidNil;
  EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(sesid, cols, 1, 0, &t, ids));
  EXPECT_EQ(JET_tableidNil, t);
  EXPECT_EQ(JET_errSuccess, JetEndSession(sesid, 0));
  EXPECT_EQ(JET_errSuccess, JetTerm(instance));
}

TEST_F(TempTableApiTest, MemoryMaxParameterRangeAndReadBack) {
  JET_API_PTR value = 0;
  ASSERT_EQ(JET_errSuccess,
            JetGetSystemParameter(instance_, JET_sesidNil,
                                  JET_paramLmjetTempTableMemoryMax, &value,
                                  nullptr, 0));
  EXPECT_EQ(JET_API_PTR{64} << 20, value);
  // Out of range: refused, the value stays.
  for (JET_API_PTR bad : {JET_API_PTR{0}, JET_API_PTR{4095},
                          (JET_API_PTR{1} << 40) + 1, ~JET_API_PTR{0}}) {
    EXPECT_EQ(
        JET_errInvalidParameter,
        JetSetSystemParameter(&instance_, JET_sesidNil,
                              JET_paramLmjetTempTableMemoryMax, bad, nullptr));
  }
  // Settable after JetInit (the instance is running), at both ends.
  for (JET_API_PTR good : {JET_API_PTR{4096}, JET_API_PTR{1} << 40}) {
    ASSERT_EQ(
        JET_errSuccess,
        JetSetSystemParameter(&instance_, JET_sesidNil,
                              JET_paramLmjetTempTableMemoryMax, good, nullptr));
    ASSERT_EQ(JET_errSuccess,
              JetGetSystemParameter(instance_, JET_sesidNil,
                                    JET_paramLmjetTempTableMemoryMax, &value,
                                    nullptr, 0));
    EXPECT_EQ(good, value);
  }
  // Through the session too; ids around lmjet's are not parameters.
  ASSERT_EQ(JET_errSuccess,
            JetGetSystemParameter(JET_instanceNil, sesid_,
                                  JET_paramLmjetTempTableMemoryMax, &value,
                                  nullptr, 0));
  EXPECT_EQ(JET_API_PTR{1} << 40, value);
  for (unsigned long id :
       {static_cast<unsigned long>(JET_paramLmjetFirst - 1),
        static_cast<unsigned long>(JET_paramLmjetMaxValueInvalid)}) {
    EXPECT_EQ(
        JET_errInvalidParameter,
        JetGetSystemParameter(instance_, JET_sesidNil, id, &value, nullptr, 0));
    EXPECT_EQ(
        JET_errInvalidParameter,
        JetSetSystemParameter(&instance_, JET_sesidNil, id, 8192, nullptr));
  }
}

// A table takes the budget current when it is opened.
TEST_F(TempTableApiTest, MemoryMaxAppliesToTablesOpenedAfterwards) {
  SetMemoryMax(8 << 10);
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypBinary, 0, 100)},
                                 JET_bitTTForwardOnly));
  const JET_TABLEID small = tableid_;
  SetMemoryMax(64 << 20);
  FillToSpill();
  const size_t small_files = SpillFiles();
  EXPECT_GT(small_files, 0u);
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypBinary, 0, 100)},
                                 JET_bitTTForwardOnly));
  FillToSpill();
  EXPECT_EQ(small_files, SpillFiles());  // the big one did not spill
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, small));
  EXPECT_EQ(0u, SpillFiles());
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, CloseTableRemovesSpillFiles) {
  SetMemoryMax(8 << 10);
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  // Read a little: the streamed merge keeps its runs.
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  EXPECT_GT(SpillFiles(), 0u);
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  EXPECT_EQ(0u, SpillFiles());
}

TEST_F(TempTableApiTest, RollbackClosesTablesOpenedInTheLevel) {
  SetMemoryMax(8 << 10);
  JET_COLUMNDEF cols[] = {Col(JET_coltypLong, JET_bitColumnTTKey)};
  JET_COLUMNID ids[1];
  JET_TABLEID outer = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess, JetOpenTempTable(sesid_, cols, 1, 0, &outer, ids));
  ASSERT_EQ(JET_errSuccess, JetBeginTransaction(sesid_));
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetRollback(sesid_, 0));
  EXPECT_EQ(0u, SpillFiles());
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  // The one opened at level 0 is still open (an empty sort).
  EXPECT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, outer, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, outer));
}

TEST_F(TempTableApiTest, EndSessionClosesTables) {
  SetMemoryMax(8 << 10);
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetEndSession(sesid_, 0));
  EXPECT_EQ(0u, SpillFiles());
  // The places in JET_paramMaxTemporaryTables are given back.
  JET_SESID sesid = JET_sesidNil;
  ASSERT_EQ(JET_errSuccess, JetBeginSession(instance_, &sesid, "", ""));
  JET_COLUMNDEF cols[] = {Col(JET_coltypLong, JET_bitColumnTTKey)};
  JET_COLUMNID ids[1];
  std::vector<JET_TABLEID> open(20);
  for (auto& t : open) {
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(sesid, cols, 1, 0, &t, ids));
  }
  EXPECT_EQ(JET_errSuccess, JetEndSession(sesid, 0));
}

TEST_F(TempTableApiTest, TermWithAnOpenTempTableRemovesItsFiles) {
  SetMemoryMax(8 << 10);
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  TermNow();  // as ManagedEsent's TempTableFixture teardown does
  EXPECT_EQ(0u, SpillFiles());
}

TEST_F(TempTableApiTest, SpilledScrollableReadsInFullOrder) {
  SetMemoryMax(8 << 10);
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypBinary, 0, 100)},
                                 JET_bitTTScrollable));
  std::vector<int32_t> want;
  for (int i = 0; i < 3000; ++i) {
    const int32_t v = (i * 7919) % 2003 - 1000;
    want.push_back(v);
    ASSERT_EQ(JET_errSuccess, Insert({L(v), std::string(50, 'q')}));
  }
  EXPECT_GT(SpillFiles(), 0u);
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  std::vector<int32_t> got;
  for (auto& s : ReadAll(0)) got.push_back(AsL(s));
  EXPECT_EQ(want, got);
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveLast, 0));
  EXPECT_EQ(want.back(), AsL(Get(0)));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  EXPECT_EQ(0u, SpillFiles());
}

// JetInit removes the spill files of processes that died (a crash left them)
// and keeps those of live processes.
// Indexed and Updatable tables past the budget keep their rows in one LMDB
// file under the temp path; close, JetEndSession and JetTerm remove it.
TEST_F(TempTableApiTest, MaterializedPastTheBudgetFilesGoAtClose) {
  SetMemoryMax(8 << 10);
  for (JET_GRBIT grbit :
       {JET_GRBIT{JET_bitTTIndexed},
        JET_GRBIT{JET_bitTTUpdatable | JET_bitTTScrollable}}) {
    ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                    Col(JET_coltypBinary, 0, 100)},
                                   grbit));
    FillToSpill();
    std::vector<int32_t> got;
    for (auto& s : ReadAll(0)) got.push_back(AsL(s));
    EXPECT_EQ(3000u, got.size());
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
    EXPECT_EQ(1u, SpillFiles());  // the runs went; the rows' file remains
    ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
    EXPECT_EQ(0u, SpillFiles());
  }
}

TEST_F(TempTableApiTest, MaterializedPastTheBudgetFilesGoAtEndAndTerm) {
  SetMemoryMax(8 << 10);
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypBinary, 0, 100)},
                                 JET_bitTTUpdatable));
  FillToSpill();
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  ASSERT_EQ(JET_errSuccess, JetDelete(sesid_, tableid_));
  EXPECT_EQ(1u, SpillFiles());
  ASSERT_EQ(JET_errSuccess, JetEndSession(sesid_, 0));
  EXPECT_EQ(0u, SpillFiles());
  ASSERT_EQ(JET_errSuccess, JetBeginSession(instance_, &sesid_, "", ""));
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypBinary, 0, 100)},
                                 JET_bitTTIndexed));
  FillToSpill();
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveLast, 0));
  EXPECT_EQ(1u, SpillFiles());
  TermNow();
  EXPECT_EQ(0u, SpillFiles());
}

// --- JetDupCursor (ESE: ErrTTSortRetDupCursor / ErrTTBaseDupCursor once
// the insert phase is over, ErrIllegalDupCursor during it) -----------------

TEST_F(TempTableApiTest, DupCursorOnASortBeingRead) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey)}, 0));
  for (int32_t v : {3, 1, 2}) ASSERT_EQ(JET_errSuccess, Insert({L(v)}));
  JET_TABLEID dup = JET_tableidNil;
  EXPECT_EQ(JET_errIllegalOperation, JetDupCursor(sesid_, tableid_, &dup, 0));
  EXPECT_EQ(JET_tableidNil, dup);
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  EXPECT_NE(tableid_, dup);
  // The duplicate is on the first row; the original keeps its place.
  std::swap(tableid_, dup);
  EXPECT_EQ(1, AsL(Get(0)));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  EXPECT_EQ(2, AsL(Get(0)));
  std::swap(tableid_, dup);
  EXPECT_EQ(2, AsL(Get(0)));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  EXPECT_EQ(3, AsL(Get(0)));
  // Another session may not use it.
  JET_SESID other = JET_sesidNil;
  ASSERT_EQ(JET_errSuccess, JetBeginSession(instance_, &other, "", ""));
  EXPECT_EQ(JET_errSesidTableIdMismatch, JetMove(other, dup, JET_MoveFirst, 0));
  EXPECT_EQ(JET_errSuccess, JetEndSession(other, 0));
  // The rows live until the last cursor closes.
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  tableid_ = dup;
  EXPECT_EQ((std::vector<std::string>{L(1), L(2), L(3)}), ReadAll(0));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

TEST_F(TempTableApiTest, DupCursorOnAnUpdatableTable) {
  ASSERT_EQ(JET_errSuccess, Open({Col(JET_coltypLong, JET_bitColumnTTKey),
                                  Col(JET_coltypLong, 0)},
                                 JET_bitTTUpdatable));
  for (int32_t v : {1, 2, 3}) ASSERT_EQ(JET_errSuccess, Insert({L(v), L(v)}));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveLast, 0));
  JET_TABLEID dup = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  // Before a deferred MoveFirst: MoveNext lands on the first row.
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, dup, JET_MoveNext, 0));
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, dup, JET_MoveNext, 0));
  ASSERT_EQ(JET_errSuccess, JetDelete(sesid_, dup));  // row 2
  ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(sesid_, dup, JET_prepInsert));
  const std::string four = L(4);
  ASSERT_EQ(JET_errSuccess,
            JetSetColumn(sesid_, dup, ids_[0], four.data(), 4, 0, nullptr));
  ASSERT_EQ(JET_errSuccess, JetUpdate(sesid_, dup, nullptr, 0, nullptr));
  EXPECT_EQ(3, AsL(Get(0)));  // the original still stands on 3
  EXPECT_EQ((std::vector<std::string>{L(1), L(3), L(4)}), ReadAll(0));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, dup));
  EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
}

// A duplicate holds no place of its own in JET_paramMaxTemporaryTables;
// the table's place is given back when its last cursor closes.
TEST_F(TempTableApiTest, DupCursorsShareTheTablesPlace) {
  JET_COLUMNDEF cols[] = {Col(JET_coltypLong, JET_bitColumnTTKey)};
  JET_COLUMNID ids[1];
  std::vector<JET_TABLEID> open(20);
  for (auto& t : open) {
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
  }
  ASSERT_EQ(JET_errNoCurrentRecord, JetMove(sesid_, open[0], JET_MoveFirst, 0));
  JET_TABLEID dup = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, open[0], &dup, 0));
  JET_TABLEID t = JET_tableidNil;
  EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, open[0]));
  EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, dup));
  ASSERT_EQ(JET_errSuccess, JetOpenTempTable(sesid_, cols, 1, 0, &t, ids));
  open[0] = t;
  for (JET_TABLEID x : open)
    EXPECT_EQ(JET_errSuccess, JetCloseTable(sesid_, x));
}

TEST_F(TempTableApiTest, DupCursorSpillFilesGoWithTheLastCursor) {
  SetMemoryMax(8 << 10);
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  JET_TABLEID dup = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  EXPECT_GT(SpillFiles(), 0u);
  tableid_ = dup;
  const std::vector<std::string> keys = ReadAll(0);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end(),
                             [](const std::string& a, const std::string& b) {
                               return AsL(a) < AsL(b);
                             }));
  EXPECT_EQ(3000u, keys.size());
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, dup));
  EXPECT_EQ(0u, SpillFiles());
}

// JetRollback closes a duplicate opened in the rolled-back level and leaves
// the table, opened before it, to its other cursor.
TEST_F(TempTableApiTest, RollbackClosesADupCursorOpenedInTheLevel) {
  SetMemoryMax(8 << 10);
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  const int32_t first = AsL(Get(0));
  ASSERT_EQ(JET_errSuccess, JetBeginTransaction(sesid_));
  JET_TABLEID dup = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  ASSERT_EQ(JET_errSuccess, JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, dup, JET_MoveNext, 0));
  EXPECT_EQ(first, AsL(Get(0)));
  EXPECT_GT(SpillFiles(), 0u);
  // A table opened in a level goes with it, duplicates and all.
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  EXPECT_EQ(0u, SpillFiles());
  ASSERT_EQ(JET_errSuccess, JetBeginTransaction(sesid_));
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  ASSERT_EQ(JET_errSuccess, JetRollback(sesid_, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, dup, JET_MoveNext, 0));
  EXPECT_EQ(JET_errInvalidTableId, JetMove(sesid_, tableid_, JET_MoveNext, 0));
  EXPECT_EQ(0u, SpillFiles());
}

TEST_F(TempTableApiTest, EndSessionAndTermCloseDupCursors) {
  SetMemoryMax(8 << 10);
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  JET_TABLEID dup = JET_tableidNil;
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  ASSERT_EQ(JET_errSuccess, JetEndSession(sesid_, 0));
  EXPECT_EQ(0u, SpillFiles());
  ASSERT_EQ(JET_errSuccess, JetBeginSession(instance_, &sesid_, "", ""));
  ASSERT_NO_FATAL_FAILURE(OpenSpilledSort());
  ASSERT_EQ(JET_errSuccess, JetMove(sesid_, tableid_, JET_MoveFirst, 0));
  ASSERT_EQ(JET_errSuccess, JetDupCursor(sesid_, tableid_, &dup, 0));
  ASSERT_EQ(JET_errSuccess, JetCloseTable(sesid_, tableid_));
  TermNow();
  EXPECT_EQ(0u, SpillFiles());
}

TEST(TempTableInitTest, JetInitRemovesDeadProcessesSpillFiles) {
  ScratchDir dir;
  const pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(child, waitpid(child, &status, 0));  // now a dead pid
  const std::string dead =
      dir.File("lmjet-sort-" + std::to_string(child) + "-1.run");
  // A materialized table's LMDB file (sort::RowStore).
  const std::string dead_rows =
      dir.File("lmjet-sort-" + std::to_string(child) + "-2.mdb");
  const std::string mine =
      dir.File("lmjet-sort-" + std::to_string(getpid()) + "-999999.run");
  const std::string other = dir.File("lmjet-sort-notapid.txt");
  const std::string other_suffix =
      dir.File("lmjet-sort-" + std::to_string(child) + "-3.mdb-lock");
  for (const std::string& path : {dead, dead_rows, mine, other, other_suffix}) {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(nullptr, f);
    std::fputs("LMJSORT1", f);
    std::fclose(f);
  }
  JET_INSTANCE instance = 0;
  ASSERT_JET_OK(StartInstance("leftovers", dir, &instance));
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_FALSE(std::filesystem::exists(dead_rows));
  EXPECT_TRUE(std::filesystem::exists(mine));
  EXPECT_TRUE(std::filesystem::exists(other));
  EXPECT_TRUE(std::filesystem::exists(other_suffix));
  ASSERT_JET_OK(JetTerm(instance));
  std::filesystem::remove(mine);
}

}  // namespace
}  // namespace lmjet::testing
