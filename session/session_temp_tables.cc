// The session's temporary tables (JetOpenTempTable family, reference §5):
// sort::TempTable objects as session resources named by JET_TABLEIDs, and
// the instance's JET_paramMaxTemporaryTables count; and the list tables
// the information calls return, which are temporary tables too.

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
  CursorResource* resource = nullptr;
  Status status = OpenTempResource(columns, count, grbit, cb_key_most,
                                   cb_var_seg_mac, columnids, &resource);
  if (resource != nullptr) *tableid = resource->handle();
  return status;
}

Status Session::OpenListTable(
    const JET_COLUMNDEF* columns, unsigned long count,
    const std::vector<std::optional<std::string>>& cells,
    JET_COLUMNID* columnids, JET_TABLEID* tableid) {
  *tableid = JET_tableidNil;
  CursorResource* resource = nullptr;
  LMJET_RETURN_IF_ERROR(OpenTempResource(columns, count,
                                         JET_bitTTScrollable | JET_bitTTIndexed,
                                         0, 0, columnids, &resource));
  sort::TempTable& table = *resource->cursor().temp();
  Status status;
  for (size_t row = 0; row < cells.size() && status.ok(); row += count) {
    status = table.PrepareUpdate(JET_prepInsert);
    for (unsigned long c = 0; c < count && status.ok(); ++c) {
      const std::optional<std::string>& cell = cells[row + c];
      if (!cell.has_value()) continue;
      status =
          table.SetColumn(columnids[c], cell->data(),
                          static_cast<unsigned long>(cell->size()), 0, nullptr);
    }
    if (status.ok()) status = table.Update(nullptr, 0, nullptr);
  }
  // Ends the insert phase: the rows are materialized, the cursor on the
  // first (esent.dll's info.cxx does the same; no row is no error).
  if (status.ok()) {
    status = table.Move(JET_MoveFirst, 0);
    if (status.code() == JET_errNoCurrentRecord) status = Status::Ok();
  }
  if (status.code() < 0) {
    (void)CloseResource(resource);
    return status;
  }
  *tableid = resource->handle();
  return Status::Ok();
}

Status Session::OpenTempResource(const JET_COLUMNDEF* columns,
                                 unsigned long count, JET_GRBIT grbit,
                                 unsigned long cb_key_most,
                                 unsigned long cb_var_seg_mac,
                                 JET_COLUMNID* columnids,
                                 CursorResource** resource) {
  *resource = nullptr;
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
  std::shared_ptr<TempTablePlace> place;
  try {
    place = std::make_shared<TempTablePlace>(open_count);
  } catch (...) {
    open_count->fetch_sub(1);
    TableIdTable().Release(handle);
    throw;
  }
  auto owned = std::make_unique<CursorResource>(std::move(table), handle,
                                                std::move(place));
  BindTableSlot(slot, owned.get());
  TableIdTable().Publish(handle);
  *resource = owned.get();
  Adopt(std::move(owned), nullptr);
  return status;
}

Status Session::DupTempTable(CursorResource* source, JET_TABLEID* tableid) {
  std::unique_ptr<sort::TempTable> dup;
  LMJET_RETURN_IF_ERROR(source->cursor().temp()->Dup(&dup));
  auto [handle, slot] = TableIdTable().Allocate();
  if (slot == nullptr) return Status(JET_errOutOfCursors);
  auto owned = std::make_unique<CursorResource>(std::move(dup), handle,
                                                source->temp_place());
  BindTableSlot(slot, owned.get());
  TableIdTable().Publish(handle);
  Adopt(std::move(owned), nullptr);
  *tableid = handle;
  return Status::Ok();
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
