#ifndef LMJET_CURSOR_VISIBLE_H_
#define LMJET_CURSOR_VISIBLE_H_

#include <lmdb.h>

#include <string_view>

#include "base/status.h"
#include "engine/database_file.h"
#include "txn/transaction.h"

namespace lmjet::cursor {

// Reads `key` of `dbi` as the session sees it: its own write set first,
// then its snapshot of `file` (which needs level() >= 1). `*value` stays
// valid until the write set next changes or the snapshot ends.
Status GetVisible(txn::Transaction* txn, engine::DatabaseFile* file,
                  MDB_dbi dbi, std::string_view key, std::string_view* value,
                  bool* found);

// Runs the rest of a call in a transaction: at level 0 it begins one (read
// only unless `write`) and ends it with Finish (commit) or, if the scope
// ends first, a rollback. At level >= 1 it does nothing.
class ImplicitTransaction {
 public:
  ImplicitTransaction(txn::Transaction* txn, bool write) : txn_(txn) {
    if (txn_->level() == 0) {
      status_ = txn_->Begin(!write);
      began_ = status_.ok();
    }
  }
  ~ImplicitTransaction() {
    if (began_) (void)txn_->Rollback();
  }
  ImplicitTransaction(const ImplicitTransaction&) = delete;
  ImplicitTransaction& operator=(const ImplicitTransaction&) = delete;

  // The begin's result.
  Status status() const { return status_; }
  bool began() const { return began_; }
  // Commits what the call did if this scope began the transaction; passes
  // `result` through otherwise (or if it is an error).
  Status Finish(Status result) {
    if (!began_ || !result.ok()) return result;
    began_ = false;
    Status commit = txn_->Commit(nullptr);
    if (!commit.ok()) {
      (void)txn_->Rollback();
      return commit;
    }
    return result;
  }

 private:
  txn::Transaction* txn_;
  Status status_;
  bool began_ = false;
};

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_VISIBLE_H_
