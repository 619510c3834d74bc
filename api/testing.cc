#include "api/testing.h"

#include <memory>
#include <utility>

#include "api/instance_registry.h"
#include "session/session.h"
#include "session/session_manager.h"

namespace lmjet::testing {
namespace {

class CallbackResource : public session::SessionResource {
 public:
  CallbackResource(std::function<JET_ERR()> close,
                   std::function<void(int)> rollback_to)
      : close_(std::move(close)), rollback_to_(std::move(rollback_to)) {}

  Status Close() override { return Status(close_()); }
  Status RollbackTo(int level) override {
    if (rollback_to_) rollback_to_(level);
    return Status::Ok();
  }

 private:
  std::function<JET_ERR()> close_;
  std::function<void(int)> rollback_to_;
};

}  // namespace

JET_ERR SetInstanceStateBits(JET_INSTANCE instance, uint32_t bits, bool set) {
  api::InstanceRecord* record = nullptr;
  Status status = api::InstanceRegistry::Get().Find(instance, &record);
  if (!status.ok()) return status.code();
  if (set) {
    record->instance.SetStateBits(bits);
  } else {
    record->instance.ClearStateBits(bits);
  }
  return JET_errSuccess;
}

uint32_t InstanceState(JET_INSTANCE instance) {
  api::InstanceRecord* record = nullptr;
  if (!api::InstanceRegistry::Get().Find(instance, &record).ok()) return 0;
  return record->instance.state();
}

int SessionResourceCount(JET_SESID sesid) {
  const auto found = session::SessionTable().Find(sesid);
  return found.current ? found.object->resource_count() : -1;
}

JET_ERR AdoptResource(JET_SESID sesid, std::function<JET_ERR()> close,
                      std::function<void(int level)> rollback_to) {
  const auto found = session::SessionTable().Find(sesid);
  if (!found.current) return JET_errInvalidSesid;
  found.object->Adopt(std::make_unique<CallbackResource>(
                          std::move(close), std::move(rollback_to)),
                      nullptr);
  return JET_errSuccess;
}

}  // namespace lmjet::testing
