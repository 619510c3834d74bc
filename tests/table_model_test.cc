// A randomized model test: thousands of mixed operations from several
// sessions, with nested transactions, against an in-memory model of snapshot
// isolation and write conflicts (DESIGN.md §3). Every read is checked.

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "api/api_test_util.h"
#include "api/esent.h"
#include "gtest/gtest.h"

namespace lmjet::testing {
namespace {

constexpr int kSessions = 3;
constexpr int kKeys = 40;
constexpr int kMaxLevel = 3;

using Rows = std::map<int32_t, int32_t>;  // id -> value

// The model of one session: its levels' views and the locks it holds.
struct ModelSession {
  int level = 0;
  uint64_t snapshot = 0;
  std::vector<Rows> views;       // views[i]: what level i + 1 sees
  std::map<int32_t, int> locks;  // id -> level first taken
  bool wrote = false;
};

struct Model {
  Rows committed;
  uint64_t clock = 0;
  std::map<int32_t, uint64_t> stamps;  // id -> commit time of last write
  ModelSession sessions[kSessions];

  const Rows& View(int s) const {
    const ModelSession& m = sessions[s];
    return m.level == 0 ? committed : m.views.back();
  }
  // Whether session s's write lock on id conflicts.
  bool Conflicts(int s, int32_t id) const {
    for (int o = 0; o < kSessions; ++o) {
      if (o != s && sessions[o].locks.count(id)) return true;
    }
    const uint64_t snapshot =
        sessions[s].level == 0 ? clock : sessions[s].snapshot;
    auto it = stamps.find(id);
    return it != stamps.end() && it->second > snapshot;
  }
  void Lock(int s, int32_t id) {
    ModelSession& m = sessions[s];
    if (m.level > 0) m.locks.emplace(id, m.level);
  }
  // A successful write by s: into its innermost view, or committed at once.
  void Write(int s, int32_t id, const int32_t* value) {
    ModelSession& m = sessions[s];
    if (m.level == 0) {
      if (value) {
        committed[id] = *value;
      } else {
        committed.erase(id);
      }
      stamps[id] = ++clock;
      return;
    }
    if (value) {
      m.views.back()[id] = *value;
    } else {
      m.views.back().erase(id);
    }
    m.wrote = true;
  }
  void Begin(int s) {
    ModelSession& m = sessions[s];
    if (m.level == 0) {
      m.snapshot = clock;
      m.views.push_back(committed);
      m.wrote = false;
    } else {
      m.views.push_back(m.views.back());
    }
    ++m.level;
  }
  void Commit(int s) {
    ModelSession& m = sessions[s];
    if (m.level > 1) {
      Rows top = std::move(m.views.back());
      m.views.pop_back();
      m.views.back() = std::move(top);
      for (auto& [id, level] : m.locks) {
        if (level == m.level) level = m.level - 1;
      }
      --m.level;
      return;
    }
    const Rows& final_view = m.views.back();
    if (m.wrote) {
      ++clock;
      // Apply the net change against the snapshot the session started from.
      for (const auto& [id, level] : m.locks) {
        (void)level;
        auto it = final_view.find(id);
        if (it != final_view.end()) {
          committed[id] = it->second;
        } else {
          committed.erase(id);
        }
        stamps[id] = clock;
      }
    }
    m.locks.clear();
    m.views.clear();
    m.level = 0;
  }
  void Rollback(int s) {
    ModelSession& m = sessions[s];
    for (auto it = m.locks.begin(); it != m.locks.end();) {
      it = it->second >= m.level ? m.locks.erase(it) : std::next(it);
    }
    m.views.pop_back();
    --m.level;
  }
};

class TableModelTest : public InstanceTest {
 protected:
  void SetUp() override {
    InstanceTest::SetUp();
    path_ = dir_.File("model.edb");
    JET_DBID dbid;
    ASSERT_JET_OK(JetCreateDatabase(sesid_, path_.c_str(), nullptr, &dbid, 0));
    JET_TABLEID t;
    ASSERT_JET_OK(JetCreateTable(sesid_, dbid, "rows", 0, 0, &t));
    JET_COLUMNDEF def{
        sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    ASSERT_JET_OK(JetAddColumn(sesid_, t, "id", &def, nullptr, 0, &id_));
    ASSERT_JET_OK(JetAddColumn(sesid_, t, "value", &def, nullptr, 0, &value_));
    def.coltyp = JET_coltypText;
    ASSERT_JET_OK(JetAddColumn(sesid_, t, "label", &def, nullptr, 0, &label_));
    ASSERT_JET_OK(
        JetCreateIndex(sesid_, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100));
    ASSERT_JET_OK(JetCreateIndex(sesid_, t, "by_label", 0, "+label\0", 8, 100));
    ASSERT_JET_OK(JetCloseTable(sesid_, t));
    for (int s = 0; s < kSessions; ++s) {
      if (s == 0) {
        sessions_[s] = sesid_;
      } else {
        ASSERT_JET_OK(JetBeginSession(instance_, &sessions_[s], "", ""));
      }
      JET_DBID db;
      ASSERT_JET_OK(
          JetOpenDatabase(sessions_[s], path_.c_str(), nullptr, &db, 0));
      ASSERT_JET_OK(
          JetOpenTable(sessions_[s], db, "rows", nullptr, 0, 0, &tables_[s]));
      ASSERT_JET_OK(
          JetOpenTable(sessions_[s], db, "rows", nullptr, 0, 0, &by_label_[s]));
      ASSERT_JET_OK(JetSetCurrentIndex(sessions_[s], by_label_[s], "by_label"));
      ASSERT_JET_OK(
          JetOpenTable(sessions_[s], db, "rows", nullptr, 0, 0, &stepper_[s]));
      dbs_[s] = db;
    }
  }

  static std::string Label(int32_t value) {
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "L%06d", value);
    return buffer;
  }

  JET_ERR SeekEq(int s, int32_t id) {
    JET_ERR err =
        JetMakeKey(sessions_[s], tables_[s], &id, sizeof(id), JET_bitNewKey);
    if (err != JET_errSuccess) return err;
    return JetSeek(sessions_[s], tables_[s], JET_bitSeekEQ);
  }

  JET_ERR SetValues(int s, int32_t id, int32_t value, bool with_id) {
    JET_ERR err = JET_errSuccess;
    if (with_id) {
      err = JetSetColumn(sessions_[s], tables_[s], id_, &id, sizeof(id), 0,
                         nullptr);
    }
    if (err == JET_errSuccess) {
      err = JetSetColumn(sessions_[s], tables_[s], value_, &value,
                         sizeof(value), 0, nullptr);
    }
    const std::string label = Label(value);
    if (err == JET_errSuccess) {
      err = JetSetColumn(sessions_[s], tables_[s], label_, label.data(),
                         static_cast<unsigned long>(label.size()), 0, nullptr);
    }
    return err;
  }

  Rows ScanPrimary(int s) {
    Rows rows;
    JET_ERR err = JetMove(sessions_[s], tables_[s], JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
      int32_t id = 0, value = 0;
      EXPECT_JET_OK(JetRetrieveColumn(sessions_[s], tables_[s], id_, &id,
                                      sizeof(id), nullptr, 0, nullptr));
      EXPECT_JET_OK(JetRetrieveColumn(sessions_[s], tables_[s], value_, &value,
                                      sizeof(value), nullptr, 0, nullptr));
      rows[id] = value;
      err = JetMove(sessions_[s], tables_[s], JET_MoveNext, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    return rows;
  }

  // (label, id) pairs in by_label order.
  std::vector<std::pair<std::string, int32_t>> ScanLabels(int s) {
    std::vector<std::pair<std::string, int32_t>> out;
    JET_ERR err = JetMove(sessions_[s], by_label_[s], JET_MoveFirst, 0);
    while (err == JET_errSuccess) {
      int32_t id = 0;
      char label[32];
      unsigned long size = 0;
      EXPECT_JET_OK(JetRetrieveColumn(sessions_[s], by_label_[s], id_, &id,
                                      sizeof(id), nullptr, 0, nullptr));
      EXPECT_JET_OK(JetRetrieveColumn(sessions_[s], by_label_[s], label_, label,
                                      sizeof(label), &size, 0, nullptr));
      out.emplace_back(std::string(label, size), id);
      err = JetMove(sessions_[s], by_label_[s], JET_MoveNext, 0);
    }
    EXPECT_EQ(JET_errNoCurrentRecord, err);
    return out;
  }

  std::string path_;
  JET_COLUMNID id_ = 0, value_ = 0, label_ = 0;
  JET_SESID sessions_[kSessions] = {};
  JET_TABLEID tables_[kSessions] = {};
  JET_TABLEID by_label_[kSessions] = {};
  JET_DBID dbs_[kSessions] = {};
  // A cursor per session that scans one row per step, between the other
  // operations: the scan's fast paths must hold across everything.
  JET_TABLEID stepper_[kSessions] = {};
};

TEST_F(TableModelTest, MixedOperationsMatchTheModel) {
  Model model;
  std::mt19937 rng(20261122);
  auto pick = [&](int n) {
    return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng));
  };
  int conflicts = 0, inserts = 0, reads = 0, steps = 0, reloads = 0;
  // Where each stepper stands: before the first row, on step_key, or after
  // the last row.
  enum class StepAt { kBefore, kOn, kAfter };
  StepAt step_at[kSessions] = {StepAt::kBefore, StepAt::kBefore,
                               StepAt::kBefore};
  int32_t step_key[kSessions] = {};
  int tables_created = 0;
  // One step of session s's scan, checked against the model.
  auto step = [&](int s, const Rows& view) {
    JET_ERR err;
    auto next = view.end();
    if (step_at[s] == StepAt::kBefore) {
      err = JetMove(sessions_[s], stepper_[s], JET_MoveFirst, 0);
      next = view.begin();
    } else {
      err = JetMove(sessions_[s], stepper_[s], JET_MoveNext, 0);
      if (step_at[s] == StepAt::kOn) next = view.upper_bound(step_key[s]);
    }
    if (next == view.end()) {
      ASSERT_EQ(JET_errNoCurrentRecord, err);
      // Past the end; now and then start over.
      step_at[s] = pick(4) == 0 ? StepAt::kBefore : StepAt::kAfter;
      return;
    }
    ASSERT_JET_OK(err);
    int32_t got_id = -1, got_value = -1;
    unsigned long actual = 0;
    ASSERT_JET_OK(JetRetrieveColumn(sessions_[s], stepper_[s], id_, &got_id,
                                    sizeof(got_id), &actual, 0, nullptr));
    ASSERT_EQ(sizeof(got_id), actual);
    ASSERT_JET_OK(JetRetrieveColumn(sessions_[s], stepper_[s], value_,
                                    &got_value, sizeof(got_value), nullptr, 0,
                                    nullptr));
    ASSERT_EQ(next->first, got_id);
    ASSERT_EQ(next->second, got_value);
    step_at[s] = StepAt::kOn;
    step_key[s] = got_id;
    ++steps;
  };
  for (int round = 0; round < 4000; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int s = pick(kSessions);
    ModelSession& m = model.sessions[s];
    const int32_t id = pick(kKeys);
    const int32_t value = pick(1000);
    const int op = pick(100);
    const Rows& view = model.View(s);
    if (op < 8) {
      if (m.level < kMaxLevel) {
        ASSERT_JET_OK(JetBeginTransaction(sessions_[s]));
        model.Begin(s);
      }
    } else if (op < 16) {
      if (m.level > 0) {
        ASSERT_JET_OK(JetCommitTransaction(sessions_[s], 0));
        model.Commit(s);
      }
    } else if (op < 21) {
      if (m.level > 0) {
        ASSERT_JET_OK(JetRollback(sessions_[s], 0));
        model.Rollback(s);
      }
    } else if (op < 45) {  // insert
      ASSERT_JET_OK(JetPrepareUpdate(sessions_[s], tables_[s], JET_prepInsert));
      ASSERT_JET_OK(SetValues(s, id, value, true));
      const JET_ERR err =
          JetUpdate(sessions_[s], tables_[s], nullptr, 0, nullptr);
      JET_ERR expected = JET_errSuccess;
      if (model.Conflicts(s, id)) {
        expected = JET_errWriteConflict;
      } else if (view.count(id)) {
        expected = JET_errKeyDuplicate;
      }
      ASSERT_EQ(expected, err);
      if (err != JET_errSuccess) {
        ASSERT_JET_OK(
            JetPrepareUpdate(sessions_[s], tables_[s], JET_prepCancel));
        conflicts += err == JET_errWriteConflict;
      } else {
        model.Lock(s, id);
        model.Write(s, id, &value);
        ++inserts;
      }
    } else if (op < 60) {  // replace
      const JET_ERR seek = SeekEq(s, id);
      ASSERT_EQ(view.count(id) ? JET_errSuccess : JET_errRecordNotFound, seek);
      if (seek != JET_errSuccess) continue;
      const bool conflict = model.Conflicts(s, id);
      JET_ERR err = JetPrepareUpdate(sessions_[s], tables_[s], JET_prepReplace);
      if (m.level > 0) {
        // Inside a transaction the lock is taken by the prepare.
        ASSERT_EQ(conflict ? JET_errWriteConflict : JET_errSuccess, err);
        if (conflict) {
          ++conflicts;
          continue;
        }
        model.Lock(s, id);
      } else {
        ASSERT_JET_OK(err);
      }
      ASSERT_JET_OK(SetValues(s, id, value, false));
      err = JetUpdate(sessions_[s], tables_[s], nullptr, 0, nullptr);
      ASSERT_EQ(conflict ? JET_errWriteConflict : JET_errSuccess, err);
      if (err != JET_errSuccess) {
        ASSERT_JET_OK(
            JetPrepareUpdate(sessions_[s], tables_[s], JET_prepCancel));
        ++conflicts;
        continue;
      }
      model.Write(s, id, &value);
    } else if (op < 72) {  // delete
      const JET_ERR seek = SeekEq(s, id);
      ASSERT_EQ(view.count(id) ? JET_errSuccess : JET_errRecordNotFound, seek);
      if (seek != JET_errSuccess) continue;
      const JET_ERR err = JetDelete(sessions_[s], tables_[s]);
      const bool conflict = model.Conflicts(s, id);
      ASSERT_EQ(conflict ? JET_errWriteConflict : JET_errSuccess, err);
      if (conflict) {
        ++conflicts;
        continue;
      }
      model.Lock(s, id);
      model.Write(s, id, nullptr);
    } else if (op < 80) {  // one step of the session's scan
      step(s, view);
      if (HasFatalFailure()) return;
    } else if (op < 83) {
      // DDL by another session (a new table elsewhere: every cursor reloads
      // its table), then a move that reloads without moving.
      const int o = (s + 1) % kSessions;
      JET_TABLEID created;
      const std::string name = "other" + std::to_string(tables_created++);
      ASSERT_JET_OK(
          JetCreateTable(sessions_[o], dbs_[o], name.c_str(), 0, 0, &created));
      ASSERT_JET_OK(JetCloseTable(sessions_[o], created));
      if (step_at[s] == StepAt::kOn && view.count(step_key[s])) {
        ASSERT_JET_OK(JetMove(sessions_[s], stepper_[s], 0, 0));
        ++reloads;
        step(s, view);
        if (HasFatalFailure()) return;
      }
    } else if (op < 92) {  // point read
      const JET_ERR seek = SeekEq(s, id);
      auto it = view.find(id);
      ASSERT_EQ(it != view.end() ? JET_errSuccess : JET_errRecordNotFound,
                seek);
      if (it != view.end()) {
        int32_t got = -1;
        ASSERT_JET_OK(JetRetrieveColumn(sessions_[s], tables_[s], value_, &got,
                                        sizeof(got), nullptr, 0, nullptr));
        ASSERT_EQ(it->second, got);
        ++reads;
      }
    } else if (op < 97) {
      ASSERT_EQ(view, ScanPrimary(s));
    } else {
      std::vector<std::pair<std::string, int32_t>> expected;
      for (const auto& [k, v] : view) expected.emplace_back(Label(v), k);
      std::sort(expected.begin(), expected.end());
      ASSERT_EQ(expected, ScanLabels(s));
    }
  }
  // The runs exercised what they claim to.
  EXPECT_GT(conflicts, 20);
  EXPECT_GT(inserts, 100);
  EXPECT_GT(reads, 100);
  EXPECT_GT(steps, 300);
  EXPECT_GT(reloads, 20);
  for (int s = 0; s < kSessions; ++s) {
    while (model.sessions[s].level > 0) {
      ASSERT_JET_OK(JetCommitTransaction(sessions_[s], 0));
      model.Commit(s);
    }
  }
  for (int s = 0; s < kSessions; ++s)
    EXPECT_EQ(model.committed, ScanPrimary(s));
}

}  // namespace
}  // namespace lmjet::testing
