#include "cursor/table_share.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

#include "base/mutex.h"
#include "base/no_destructor.h"

namespace lmjet::cursor {
namespace {

struct OpenCursor {
  uint64_t cursor;
  const void* session;
  bool updatable;
  bool deny_read;
  bool deny_write;
};

// One mutex for the process: it is taken only when a cursor opens or
// closes and when a table is deleted, never on reads or writes.
struct ShareRegistry {
  Mutex mu;
  std::map<TableShareKey, std::vector<OpenCursor>> tables ABSL_GUARDED_BY(mu);
  std::unordered_map<uint64_t, TableShareKey> table_of ABSL_GUARDED_BY(mu);
};

ShareRegistry& Registry() {
  static NoDestructor<ShareRegistry> registry;
  return registry.get();
}

bool AnyOther(const std::vector<OpenCursor>& opens, const void* session,
              bool OpenCursor::*flag) {
  return std::any_of(opens.begin(), opens.end(), [&](const OpenCursor& o) {
    return o.session != session && o.*flag;
  });
}

Status CheckOpen(const std::vector<OpenCursor>& opens, const void* session,
                 JET_GRBIT grbit) {
  if (AnyOther(opens, session, &OpenCursor::deny_read)) {
    return Status(JET_errTableLocked);
  }
  if ((grbit & JET_bitTableUpdatable) &&
      AnyOther(opens, session, &OpenCursor::deny_write)) {
    return Status(JET_errTableLocked);
  }
  if (grbit & JET_bitTableDenyWrite) {
    const bool held =
        std::any_of(opens.begin(), opens.end(),
                    [](const OpenCursor& o) { return o.deny_write; });
    if (held || AnyOther(opens, session, &OpenCursor::updatable)) {
      return Status(JET_errTableInUse);
    }
  }
  if (grbit & JET_bitTableDenyRead) {
    const bool other_open =
        std::any_of(opens.begin(), opens.end(),
                    [&](const OpenCursor& o) { return o.session != session; });
    if (other_open) return Status(JET_errTableInUse);
  }
  return Status::Ok();
}

}  // namespace

Status AcquireTableShare(const TableShareKey& table, const void* session,
                         uint64_t cursor, JET_GRBIT grbit, bool updatable) {
  ShareRegistry& r = Registry();
  MutexLock lock(&r.mu);
  std::vector<OpenCursor>& opens = r.tables[table];
  Status status = CheckOpen(opens, session, grbit);
  if (!status.ok()) {
    if (opens.empty()) r.tables.erase(table);
    return status;
  }
  opens.push_back(OpenCursor{cursor, session, updatable,
                             (grbit & JET_bitTableDenyRead) != 0,
                             (grbit & JET_bitTableDenyWrite) != 0});
  r.table_of.emplace(cursor, table);
  return Status::Ok();
}

void ReleaseTableShare(uint64_t cursor) {
  ShareRegistry& r = Registry();
  MutexLock lock(&r.mu);
  auto found = r.table_of.find(cursor);
  if (found == r.table_of.end()) return;
  auto table = r.tables.find(found->second);
  r.table_of.erase(found);
  if (table == r.tables.end()) return;
  std::vector<OpenCursor>& opens = table->second;
  opens.erase(
      std::remove_if(opens.begin(), opens.end(),
                     [&](const OpenCursor& o) { return o.cursor == cursor; }),
      opens.end());
  if (opens.empty()) r.tables.erase(table);
}

void RekeyTableShare(uint64_t from, uint64_t to) {
  ShareRegistry& r = Registry();
  MutexLock lock(&r.mu);
  auto found = r.table_of.find(from);
  if (found == r.table_of.end()) return;
  const TableShareKey key = found->second;
  r.table_of.erase(found);
  r.table_of.emplace(to, key);
  auto table = r.tables.find(key);
  if (table == r.tables.end()) return;
  for (OpenCursor& o : table->second) {
    if (o.cursor == from) o.cursor = to;
  }
}

Status CheckTableDeletable(const TableShareKey& table, const void* session) {
  ShareRegistry& r = Registry();
  MutexLock lock(&r.mu);
  auto found = r.tables.find(table);
  if (found == r.tables.end()) return Status::Ok();
  if (AnyOther(found->second, session, &OpenCursor::deny_read)) {
    return Status(JET_errTableLocked);
  }
  return Status(JET_errTableInUse);  // entries exist only for open cursors
}

}  // namespace lmjet::cursor
