#ifndef LMJET_ENGINE_INSTANCE_H_
#define LMJET_ENGINE_INSTANCE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "base/mutex.h"
#include "base/status.h"
#include "engine/database_file.h"
#include "engine/params.h"

namespace lmjet::engine {

// Bits of an instance's state word.
enum InstanceStateBit : uint32_t {
  kInstanceInitialized = 1u << 0,
  kInstanceInitInProgress = 1u << 1,
  kInstanceTermInProgress = 1u << 2,
  kInstanceRestoreInProgress = 1u << 3,
  kInstanceStopService = 1u << 4,  // JetStopServiceInstance(2) with "all"
  kInstanceUnavailable = 1u << 5,  // a fatal error is latched
};

// What a session-level call may do given the state word: Ok when the
// instance is running; otherwise the error esent.dll gives, in lmjet's order
// (DESIGN.md §5): not initialized, restore in progress, term in progress,
// instance unavailable, stop-service (unless `ignore_stop_service`).
Status SlowSessionCallStatus(uint32_t state, bool ignore_stop_service);
inline Status SessionCallStatus(uint32_t state, bool ignore_stop_service) {
  if (state == kInstanceInitialized) return Status::Ok();
  return SlowSessionCallStatus(state, ignore_stop_service);
}

// What an instance-level call that needs a running instance (such as
// JetBeginSession) gets: stop-service, unavailable, term, restore, and not
// initialized (init in progress included), in esent.dll's order.
Status InstanceCallStatus(uint32_t state);

// One ESE instance below the API: its state word, its parameters and the
// database files attached to it. Instances live in reusable slots; Reset()
// makes a slot's object a new instance.
class Instance {
 public:
  Instance() = default;
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // Makes this object a new, uninitialized instance whose parameters are a
  // copy of `defaults`. Nothing may be attached.
  void Reset(std::string name, std::string display_name,
             const ParamValues& defaults);

  const std::string& name() const { return name_; }
  const std::string& display_name() const { return display_name_; }

  // The state word: one acquire load, no lock (the API gate's hot path).
  uint32_t state() const { return state_.load(std::memory_order_acquire); }
  // Sequentially consistent, so that JetTerm's "term in progress" and a
  // session's "inside the API" mark form a Dekker handshake.
  void SetStateBits(uint32_t bits) { state_.fetch_or(bits); }
  void ClearStateBits(uint32_t bits) { state_.fetch_and(~bits); }
  void SetState(uint32_t state) { state_.store(state); }

  // Counts threads inside instance-level calls, for JetTerm's drain.
  std::atomic<int>& instance_calls() { return instance_calls_; }

  // Parameters.
  Status GetParam(unsigned long id, JET_API_PTR* plParam, char* szParam,
                  unsigned long cbMax) const;
  // Applies JetSetSystemParameter's rules for an instance parameter:
  // unchanged values always succeed; frozen ones fail once initialized.
  Status SetParam(unsigned long id, JET_API_PTR lParam, const char* szParam);
  JET_API_PTR IntegerParam(unsigned long id) const;
  std::string StringParam(unsigned long id) const;

  // JetStopServiceInstance2: records the resumable bits; `All` latches the
  // stop-service state bit, which only a new instance clears.
  Status StopService(JET_GRBIT grbit);
  JET_GRBIT stopped_grbits() const;

  // Attachments. Attach takes a reference on the file; Detach drops it.
  // Attaching a file this instance has already attached returns
  // JET_wrnDatabaseAttached and the file, taking no new reference. With
  // `open_for_session` the attachment is also counted as open by a session
  // (JetCreateDatabase), atomically with the attach.
  Status Attach(const std::string& canonical_path,
                const DatabaseFile::Options& options, bool open_for_session,
                DatabaseFile** file);
  // JET_errDatabaseNotFound if not attached, JET_errDatabaseInUse if a
  // session of this instance has it open.
  Status Detach(const std::string& canonical_path);
  // Detaches every file; JET_errDatabaseInUse (detaching none) if any is open.
  Status DetachAll();
  // JetTerm: detaches everything whatever its open state (sessions are gone).
  void DetachEverything();

  // A session of this instance opens the attached file at `canonical_path`:
  // counts the open (so Detach refuses) and returns the file and how it was
  // attached. JET_errDatabaseNotFound if it is not attached.
  Status OpenForSession(const std::string& canonical_path, DatabaseFile** file,
                        bool* read_only);
  // Undoes one OpenForSession (or an Attach with open_for_session).
  void CloseForSession(DatabaseFile* file);
  bool IsAttached(JET_DBID dbid) const;

 private:
  struct Attachment {
    DatabaseFile* file;
    bool read_only;
    int open_sessions;
  };
  Attachment* FindLocked(const std::string& canonical_path)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::atomic<uint32_t> state_{0};
  std::atomic<int> instance_calls_{0};
  std::string name_;
  std::string display_name_;

  mutable Mutex mu_;
  ParamValues params_ ABSL_GUARDED_BY(mu_);
  JET_GRBIT stopped_grbits_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Attachment> attachments_ ABSL_GUARDED_BY(mu_);
};

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_INSTANCE_H_
