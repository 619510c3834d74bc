// The session's temporary tables (JetOpenTempTable family, reference §5):
// sort::TempTable objects as session resources named by JET_TABLEIDs, and
// the instance's JET_paramMaxTemporaryTables count.

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "engine/paths.h"
#include "session/cursor_resource.h"
#include "session/session.h"
#include "session/session_manager.h"
#include "sort/external_sort.h"
#include "sort/temp_table.h"

namespace lmjet::session {
namespace {

// Open temp tables per instance. Instances are never freed, so neither
// are their counters.
std::atomic<int>* TempTableCount(engine::Instance* instance) {
  static std::mutex* mu = new std::mutex;
  static auto* counts =
      new std::unordered_map<engine::Instance*, std::atomic<int>*>;
  std::lock_guard<std::mutex> lock(*mu);
  std::atomic<int>*& count = (*counts)[instance];
  if (count == nullptr) count = new std::atomic<int>(0);
  return count;
}

}  // namespace

Status Session::OpenTempTable(const JET_COLUMNDEF* columns, unsigned long count,
                              JET_GRBIT grbit, unsigned long cb_key_most,
                              unsigned long cb_var_seg_mac,
                              JET_COLUMNID* columnids, JET_TABLEID* tableid) {
  if (tableid == nullptr) return Status(JET_errInvalidParameter);
  *tableid = JET_tableidNil;
  if (cb_key_most != 0 &&
      (cb_key_most < JET_cbKeyMostMin || cb_key_most > JET_cbKeyMostMost)) {
    return Status(JET_errInvalidParameter);
  }
  if (cb_var_seg_mac > (cb_key_most != 0 ? cb_key_most : JET_cbKeyMostMin)) {
    return Status(JET_errInvalidParameter);
  }
  engine::Instance* inst = instance();
  const JET_API_PTR max_tables =
      inst->IntegerParam(JET_paramMaxTemporaryTables);
  std::atomic<int>* open_count = TempTableCount(inst);
  // Reserve a place; given back by the resource's destructor or below.
  if (open_count->fetch_add(1) >= static_cast<long long>(max_tables)) {
    open_count->fetch_sub(1);
    return Status(JET_errTooManySorts);
  }
  sort::TempTable::Options options;
  options.memory_budget_bytes =
      static_cast<size_t>(inst->IntegerParam(JET_paramLmjetTempTableMemoryMax));
  options.spill_directory = engine::DirectoryOf(
      engine::NativePath(inst->StringParam(JET_paramTempPath).c_str()));
  options.cb_key_most = cb_key_most;
  std::unique_ptr<sort::TempTable> table;
  Status status =
      sort::TempTable::Open(columns, count, grbit, options, columnids, &table);
  if (status.code() < 0) {
    open_count->fetch_sub(1);
    return status;
  }
  auto [handle, slot] = TableIdTable().Allocate();
  if (slot == nullptr) {
    open_count->fetch_sub(1);
    return Status(JET_errOutOfCursors);
  }
  auto resource =
      std::make_unique<CursorResource>(std::move(table), handle, open_count);
  slot->cursor.store(resource.get(), std::memory_order_relaxed);
  slot->owner.store(this, std::memory_order_relaxed);
  TableIdTable().Publish(handle);
  Adopt(std::move(resource), nullptr);
  *tableid = handle;
  return status;
}

void RemoveLeftoverTempFiles(const engine::Instance& instance,
                             size_t* removed) {
  size_t count = 0;
  (void)sort::ExternalSorter::RemoveLeftoverRuns(
      engine::DirectoryOf(
          engine::NativePath(instance.StringParam(JET_paramTempPath).c_str())),
      &count);
  if (removed != nullptr) *removed = count;
}

}  // namespace lmjet::session
