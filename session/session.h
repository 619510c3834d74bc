#ifndef LMJET_SESSION_SESSION_H_
#define LMJET_SESSION_SESSION_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "api/esent.h"
#include "base/asymmetric_fence.h"
#include "base/status.h"
#include "base/thread_id.h"
#include "base/thread_mark.h"
#include "cursor/table.h"
#include "cursor/table_cursor.h"
#include "engine/database_file.h"
#include "engine/instance.h"
#include "session/session_resource.h"
#include "txn/transaction.h"

namespace lmjet::session {

class SessionManager;
class CursorResource;
struct TableSlot;

// A JET session (ESE's PIB): its transaction stack, the databases it has
// open and the resources (cursors, sort tables) it owns.
//
// Sessions live in the process-wide session table (SessionTable() in
// session_manager.h) and are reused; Start() makes a slot's object a new
// session. Apart from the gate fields, a session is touched only by the one
// thread inside a call on it (TryEnter), so its members need no lock. Any
// thread may use it, one at a time: no state is tied to a thread between calls
// (DESIGN.md §3).
class Session {
 public:
  // Value of the context word while JetEndSession owns the session.
  static constexpr JET_API_PTR kContextEnding = ~JET_API_PTR{0};

  Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  void Start(engine::Instance* instance, SessionManager* manager,
             JET_SESID handle);

  // --- The API gate's view (any thread) ---------------------------------
  // Marks the calling thread inside a call on this session; false if
  // another thread is inside. Biased: a thread that keeps using a session
  // becomes its owner and enters with a plain store and a compiler barrier;
  // any other thread takes a compare-exchange lock and, if the session is
  // biased to another thread, revokes the bias with a process-wide barrier
  // (base/asymmetric_fence.h). Either way the mark is set before the caller
  // reads the instance state: the Dekker handshake with JetTerm, whose side
  // is a HeavyFence() after publishing "term in progress".
  bool TryEnter() {
    if (TryEnterBiased()) {
      entered_fast_ = true;
      return true;
    }
    return TryEnterSlow(CurrentThreadMark());
  }
  void Leave() {
    if (entered_fast_) {
      LeaveBiased();
    } else {
      LeaveSlow();
    }
  }

  // The biased half alone, for the gate's fast path: true if the calling
  // thread owns the bias and is now inside (leave with LeaveBiased); false,
  // with nothing changed, otherwise.
  //
  // The owner marks itself inside in its own ThreadMark, never in a word of
  // the session: a former owner that read owner_ just before a revocation
  // and stores late then marks only itself, and cannot erase the mark of
  // the owner that came after it (a shared word could be, and two threads
  // were then inside together). A thread already inside a biased call (a
  // callback calling another session) takes the slow path.
  bool TryEnterBiased() {
    // A thread without a mark has never entered slowly, so owns no bias.
    ThreadMark* const me = AssignedThreadMark();
    if (me == nullptr || owner_.load(std::memory_order_relaxed) != me ||
        me->inside.load(std::memory_order_relaxed) != nullptr) {
      return false;
    }
    me->inside.store(this, std::memory_order_relaxed);
    LightFence();
    if (owner_.load(std::memory_order_relaxed) != me) {
      me->inside.store(nullptr, std::memory_order_release);
      return false;
    }
    return true;
  }
  void LeaveBiased() {
    fast_epoch_.store(1, std::memory_order_release);
    AssignedThreadMark()->inside.store(nullptr, std::memory_order_release);
  }
  bool inside_api() const {
    if (slow_inside_.load(std::memory_order_acquire) != 0) return true;
    // owner_ first: a revocation publishes revoked_ before it clears owner_.
    const ThreadMark* owner = owner_.load(std::memory_order_acquire);
    if (owner != nullptr &&
        owner->inside.load(std::memory_order_acquire) == this) {
      return true;
    }
    const ThreadMark* revoked = revoked_.load(std::memory_order_acquire);
    return revoked != nullptr &&
           revoked->inside.load(std::memory_order_acquire) == this;
  }

  // The instance may be read before entering: instances are never freed, so
  // a stale value is harmless and is re-checked after entering.
  engine::Instance* instance() const {
    return instance_.load(std::memory_order_acquire);
  }
  SessionManager* manager() const { return manager_; }
  JET_SESID handle() const { return handle_; }

  // JetTerm ended the session whose handle had `generation`: later uses of
  // that handle get JET_errNotInitialized rather than JET_errInvalidSesid.
  void MarkTerminated(uint32_t generation) {
    terminated_generation_.store(generation, std::memory_order_release);
  }
  bool WasTerminated(uint32_t generation) const {
    return terminated_generation_.load(std::memory_order_acquire) == generation;
  }

  // --- Session context (JetSetSessionContext) ---------------------------
  // JET_errInvalidParameter for 0 and ~0, JET_errSessionContextAlreadySet
  // if one is set.
  Status SetContext(JET_API_PTR context);
  // JET_errSessionContextNotSetByThisThread unless this thread set it.
  Status ResetContext();
  // JetEndSession's lock: fails (JET_errSessionInUse) if a context is set.
  Status LockForEnd();
  void UnlockAfterFailedEnd();

  // --- Transactions ------------------------------------------------------
  int level() const { return txn_.level(); }
  txn::Transaction& transaction() { return txn_; }
  const txn::Transaction& transaction() const { return txn_; }
  Status BeginTransaction(JET_GRBIT grbit);
  Status CommitTransaction(JET_GRBIT grbit, unsigned long durable_commit_ms,
                           JET_COMMIT_ID* commit_id);
  Status Rollback(JET_GRBIT grbit);

  // --- Databases ---------------------------------------------------------
  Status CreateDatabase(const char* path, unsigned long max_pages,
                        JET_GRBIT grbit, JET_DBID* dbid);
  Status AttachDatabase(const char* path, unsigned long max_pages,
                        JET_GRBIT grbit);
  Status OpenDatabase(const char* path, JET_GRBIT grbit, JET_DBID* dbid);
  Status CloseDatabase(JET_DBID dbid, JET_GRBIT grbit);
  Status DetachDatabase(const char* path, JET_GRBIT grbit);
  // How many times this session has `dbid` open (0 if not).
  int OpenCount(JET_DBID dbid) const;

  // --- Owned resources ---------------------------------------------------
  // Takes ownership of `resource`, opened now at the current level on
  // `database` (null for sort tables).
  void Adopt(std::unique_ptr<SessionResource> resource,
             engine::DatabaseFile* database);
  // Closes and deletes one resource.
  Status CloseResource(SessionResource* resource);
  int resource_count() const { return resource_count_; }

  // --- Tables (session_tables.cc) -----------------------------------------
  // The file `dbid` names, if this session has it open; else null
  // (the caller answers JET_errInvalidDatabaseId).
  engine::DatabaseFile* OpenFile(JET_DBID dbid);
  Status CreateTable(JET_DBID dbid, const char* name, unsigned long pages,
                     unsigned long density, JET_TABLEID* tableid);
  // What JetCreateTableColumnIndex* asks for, whatever the structure's
  // version. Each column's columnid and err are written back; `indexes`
  // creates the indexes on the new table's cursor, writing each one's err
  // and counting those created in its second argument. `indexes` is a
  // reference: the callable it names must outlive the request.
  struct TableCreateRequest {
    const char* name;
    unsigned long pages;
    unsigned long density;
    JET_GRBIT grbit;
    JET_COLUMNCREATE_A* columns;
    unsigned long column_count;
    absl::FunctionRef<Status(cursor::TableCursor&, unsigned long*)> indexes;
  };
  // Creates the table, its columns and its indexes as one unit (the first
  // failure undoes all of it) and opens a cursor on it. `*created` counts
  // the table, columns and indexes created.
  Status CreateTableColumnIndex(JET_DBID dbid,
                                const TableCreateRequest& request,
                                JET_TABLEID* tableid, unsigned long* created);
  Status OpenTable(JET_DBID dbid, const char* name, JET_GRBIT grbit,
                   JET_TABLEID* tableid);
  Status DeleteTable(JET_DBID dbid, const char* name);
  // The definition of table `name` as this session sees it (its own DDL
  // included). JET_errInvalidDatabaseId, JET_errInvalidName,
  // JET_errObjectNotFound.
  Status LoadTable(JET_DBID dbid, const char* name,
                   std::shared_ptr<const cursor::TableInfo>* table);
  // Every table of `dbid` as this session sees it, in case-insensitive
  // name order. JET_errInvalidDatabaseId.
  Status ListTables(JET_DBID dbid, std::vector<engine::TableDef>* tables);
  Status DupCursor(CursorResource* source, JET_GRBIT grbit,
                   JET_TABLEID* tableid);
  Status CloseTable(CursorResource* cursor);
  // Keeps the table share lock registered as `share_id`
  // (cursor/table_share.h) until the transaction ends: the commit or
  // rollback that reaches level 0 releases it. esent.dll keeps the locks of
  // a closed cursor that changed data, and a deleted table's lock, that
  // long. Requires level > 0.
  void HoldShareUntilLevel0(uint64_t share_id);

  // --- Temporary tables (session_temp_tables.cc) -------------------------
  // JetOpenTempTable* / JetOpenTemporaryTable*: a sort::TempTable as a
  // session resource with a table handle, at the current level (rollback of
  // that level closes it). JET_errInvalidParameter for a null tableid, a
  // cb_key_most other than 0 or JET_cbKeyMostMin..JET_cbKeyMostMost, or a
  // cb_var_seg_mac above cb_key_most (JET_cbKeyMostMin when 0), as
  // sortapi.cxx ErrSORTTableOpen (cbVarSegMac is otherwise unused);
  // JET_errTooManySorts when the instance already has
  // JET_paramMaxTemporaryTables open (0 disables them); then
  // sort::TempTable::Open's errors. Spill files go to the directory of
  // JET_paramTempPath; each table may hold JET_paramLmjetTempTableMemoryMax
  // bytes in memory (the value when it is opened).
  Status OpenTempTable(const JET_COLUMNDEF* columns, unsigned long count,
                       JET_GRBIT grbit, unsigned long cb_key_most,
                       unsigned long cb_var_seg_mac, JET_COLUMNID* columnids,
                       JET_TABLEID* tableid);
  // A list table (the JET_ColInfoList / JET_IdxInfoList / JET_ObjInfoList
  // levels): a temporary table opened as esent.dll opens it (Scrollable |
  // Indexed, so materialized and scrollable) with `columns`, holding
  // `cells` (row after row, `count` cells each; nullopt is NULL), positioned
  // on its first row. `columnids` (room for `count`) receives the columns'
  // ids and `*tableid` the new table, a session resource like any temp
  // table (it counts against JET_paramMaxTemporaryTables). Errors: those of
  // OpenTempTable, then of inserting the rows (the table is closed again).
  Status OpenListTable(const JET_COLUMNDEF* columns, unsigned long count,
                       const std::vector<std::optional<std::string>>& cells,
                       JET_COLUMNID* columnids, JET_TABLEID* tableid);

  // --- JetEndSession -----------------------------------------------------
  // Rolls back every level, closes every database and every remaining
  // resource, in reference §1.3's order. On failure the session keeps what
  // it has not yet unwound and stays usable.
  Status Unwind();

 private:
  struct OpenDatabaseEntry {
    engine::DatabaseFile* file;
    int references;
    bool exclusive;
  };

  OpenDatabaseEntry* FindOpen(JET_DBID dbid);
  // Opens `file` (already counted by the instance) for this session.
  Status AddOpenDatabase(engine::DatabaseFile* file, bool exclusive);
  // Drops the session's last reference to the entry at `index`.
  Status CloseDatabaseEntry(size_t index);
  Status RollbackOneLevel();
  // Makes a cursor on `table` a session resource with a table handle,
  // holding the share-mode bits of `share` (cursor/table_share.h; their
  // errors leave nothing open).
  // JetDupCursor on a temp table: a new resource for sort::TempTable::Dup's
  // cursor, holding the table's place in the temp-table count.
  Status DupTempTable(CursorResource* source, JET_TABLEID* tableid);
  // Fills a newly allocated table slot with `resource` and this session as
  // its owner (before the handle is published).
  void BindTableSlot(TableSlot* slot, CursorResource* resource);
  Status AdoptCursor(std::shared_ptr<const cursor::TableInfo> table,
                     bool updatable, JET_GRBIT share, JET_TABLEID* tableid);
  // OpenTempTable's work: the new temp table's resource in `*resource`.
  Status OpenTempResource(const JET_COLUMNDEF* columns, unsigned long count,
                          JET_GRBIT grbit, unsigned long cb_key_most,
                          unsigned long cb_var_seg_mac, JET_COLUMNID* columnids,
                          CursorResource** resource);
  void Link(SessionResource* resource);
  void Unlink(SessionResource* resource);

  bool TryEnterSlow(ThreadMark* me);
  void LeaveSlow();

  // Gate words. owner_: the mark of the thread the session is biased to, or
  // null; revoked_: the mark of an owner whose bias was revoked and that
  // may still be inside the call it entered before (set before owner_ is
  // cleared, cleared by the slow entry that finds it out); slow_inside_:
  // the lock of every other entry. entered_fast_ (which way TryEnter
  // entered, for Leave; the gate's fast path calls the biased halves and
  // never touches it) and last_slow_thread_ are touched only by the thread
  // inside.
  std::atomic<ThreadMark*> owner_{nullptr};
  std::atomic<ThreadMark*> revoked_{nullptr};
  std::atomic<uint32_t> slow_inside_{0};
  // Written (release) only when a biased call leaves, and read (acquire) by
  // the next slow entry: the happens-before edge from the owner's last call.
  std::atomic<uint32_t> fast_epoch_{0};
  bool entered_fast_ = false;
  ThreadMark* last_slow_thread_ = nullptr;

  std::atomic<engine::Instance*> instance_{nullptr};
  std::atomic<uint32_t> terminated_generation_{0};
  std::atomic<JET_API_PTR> context_{0};
  std::atomic<uint64_t> context_thread_{0};
  SessionManager* manager_ = nullptr;
  JET_SESID handle_ = JET_sesidNil;

  txn::Transaction txn_;
  absl::InlinedVector<OpenDatabaseEntry, 2> databases_;
  SessionResource* resources_ = nullptr;  // most recently adopted first
  int resource_count_ = 0;
  // HoldShareUntilLevel0's locks, released by ReleaseSharesAtLevel0.
  std::vector<uint64_t> shares_until_level0_;
  void ReleaseSharesAtLevel0();

  friend class SessionManager;  // links sessions into its list
  Session* manager_prev_ = nullptr;
  Session* manager_next_ = nullptr;
};

}  // namespace lmjet::session

#endif  // LMJET_SESSION_SESSION_H_
