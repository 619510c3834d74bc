#include "engine/instance.h"

#include <utility>

namespace lmjet::engine {

Status SlowSessionCallStatus(uint32_t state, bool ignore_stop_service) {
  if (!(state & kInstanceInitialized)) return Status(JET_errNotInitialized);
  if (state & kInstanceRestoreInProgress) {
    return Status(JET_errRestoreInProgress);
  }
  if (state & kInstanceTermInProgress) return Status(JET_errTermInProgress);
  if (state & kInstanceUnavailable) return Status(JET_errInstanceUnavailable);
  if ((state & kInstanceStopService) && !ignore_stop_service) {
    return Status(JET_errClientRequestToStopJetService);
  }
  return Status::Ok();
}

Status InstanceCallStatus(uint32_t state) {
  if (state & kInstanceStopService) {
    return Status(JET_errClientRequestToStopJetService);
  }
  if (state & kInstanceUnavailable) return Status(JET_errInstanceUnavailable);
  if (state & kInstanceTermInProgress) return Status(JET_errTermInProgress);
  if (state & kInstanceRestoreInProgress) {
    return Status(JET_errRestoreInProgress);
  }
  if (!(state & kInstanceInitialized)) return Status(JET_errNotInitialized);
  return Status::Ok();
}

void Instance::Reset(std::string name, std::string display_name,
                     const ParamValues& defaults) {
  MutexLock lock(&mu_);
  name_ = std::move(name);
  display_name_ = std::move(display_name);
  params_ = defaults;
  stopped_grbits_ = 0;
  attachments_.clear();
  // instance_calls_ is not reset: a caller that raced in with a stale handle
  // may still be between its increment and decrement; the count is
  // balanced, so it returns to 0 by itself.
  state_.store(0);
}

Status Instance::GetParam(unsigned long id, JET_API_PTR* plParam, char* szParam,
                          unsigned long cbMax) const {
  MutexLock lock(&mu_);
  return params_.Get(id, plParam, szParam, cbMax);
}

Status Instance::SetParam(unsigned long id, JET_API_PTR lParam,
                          const char* szParam) {
  MutexLock lock(&mu_);
  if (params_.IsUnchanged(id, lParam, szParam)) return Status::Ok();
  const ParamSpec* spec = FindParamSpec(id);
  if (spec != nullptr) {
    if ((spec->flags & kParamAdvanced) &&
        params_.integer(JET_paramEnableAdvanced) == 0) {
      return Status::Ok();  // esent.dll ignores advanced parameters then
    }
    if ((spec->flags & kParamFrozenAfterInit) &&
        (state() & kInstanceInitialized)) {
      return Status(JET_errAlreadyInitialized,
                    "parameter is fixed once the instance is initialized");
    }
  }
  return params_.Set(id, lParam, szParam);
}

JET_API_PTR Instance::IntegerParam(unsigned long id) const {
  MutexLock lock(&mu_);
  return params_.integer(id);
}

std::string Instance::StringParam(unsigned long id) const {
  MutexLock lock(&mu_);
  return params_.string(id);
}

Status Instance::StopService(JET_GRBIT grbit) {
  constexpr JET_GRBIT kKnown =
      JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches |
      JET_bitStopServiceStopAndEmitLog | JET_bitStopServiceResume;
  if (grbit & ~kKnown) return Status(JET_errInvalidGrbit);
  if ((grbit & JET_bitStopServiceStopAndEmitLog) &&
      grbit != JET_bitStopServiceStopAndEmitLog) {
    return Status(JET_errInvalidGrbit, "StopAndEmitLog must be alone");
  }
  MutexLock lock(&mu_);
  if (grbit & JET_bitStopServiceResume) {
    if (state() & kInstanceStopService) {
      return Status(JET_errClientRequestToStopJetService,
                    "a full stop cannot be resumed");
    }
    stopped_grbits_ &= ~(grbit & ~JET_bitStopServiceResume);
    if ((grbit & ~JET_bitStopServiceResume) == 0) stopped_grbits_ = 0;
    return Status::Ok();
  }
  if (grbit == JET_bitStopServiceAll) {
    SetStateBits(kInstanceStopService);
    return Status::Ok();
  }
  stopped_grbits_ |= grbit;
  return Status::Ok();
}

JET_GRBIT Instance::stopped_grbits() const {
  MutexLock lock(&mu_);
  return stopped_grbits_;
}

Instance::Attachment* Instance::FindLocked(const std::string& canonical_path) {
  for (Attachment& a : attachments_) {
    if (a.file->path() == canonical_path) return &a;
  }
  return nullptr;
}

Status Instance::Attach(const std::string& canonical_path,
                        const DatabaseFile::Options& options,
                        bool open_for_session, DatabaseFile** file) {
  MutexLock lock(&mu_);
  if (Attachment* existing = FindLocked(canonical_path)) {
    if (options.mode != DatabaseFile::Mode::kAttach) {
      return Status(JET_errDatabaseDuplicate, "database is attached");
    }
    *file = existing->file;
    return Status(JET_wrnDatabaseAttached);
  }
  LMJET_RETURN_IF_ERROR(DatabaseFile::Acquire(canonical_path, options, file));
  attachments_.push_back({*file, options.read_only, open_for_session ? 1 : 0});
  return Status::Ok();
}

Status Instance::Detach(const std::string& canonical_path) {
  DatabaseFile* file = nullptr;
  {
    MutexLock lock(&mu_);
    Attachment* a = FindLocked(canonical_path);
    if (a == nullptr) return Status(JET_errDatabaseNotFound);
    if (a->open_sessions > 0) return Status(JET_errDatabaseInUse);
    file = a->file;
    attachments_.erase(attachments_.begin() + (a - attachments_.data()));
  }
  file->Release();
  return Status::Ok();
}

Status Instance::DetachAll() {
  std::vector<Attachment> detached;
  {
    MutexLock lock(&mu_);
    for (const Attachment& a : attachments_) {
      if (a.open_sessions > 0) return Status(JET_errDatabaseInUse);
    }
    detached.swap(attachments_);
  }
  for (Attachment& a : detached) a.file->Release();
  return Status::Ok();
}

void Instance::DetachEverything() {
  std::vector<Attachment> detached;
  {
    MutexLock lock(&mu_);
    detached.swap(attachments_);
  }
  for (Attachment& a : detached) a.file->Release();
}

Status Instance::OpenForSession(const std::string& canonical_path,
                                DatabaseFile** file, bool* read_only) {
  MutexLock lock(&mu_);
  Attachment* a = FindLocked(canonical_path);
  if (a == nullptr) return Status(JET_errDatabaseNotFound);
  ++a->open_sessions;
  *file = a->file;
  *read_only = a->read_only;
  return Status::Ok();
}

bool Instance::IsAttached(JET_DBID dbid) const {
  MutexLock lock(&mu_);
  for (const Attachment& a : attachments_) {
    if (a.file->dbid() == dbid) return true;
  }
  return false;
}

void Instance::CloseForSession(DatabaseFile* file) {
  MutexLock lock(&mu_);
  for (Attachment& a : attachments_) {
    if (a.file == file) --a.open_sessions;
  }
}

}  // namespace lmjet::engine
