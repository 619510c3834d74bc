// Temporary table entry points (reference §5): each marshals its arguments
// into Session::OpenTempTable. The JET_TABLEID they return is used with the
// ordinary cursor entry points of jet_table.cc (JetMove, JetSeek,
// JetRetrieveColumn, JetSetColumn, JetUpdate, JetCloseTable, ...).
//
// The locale of Unicode keys (lcid, JET_UNICODEINDEX, JET_UNICODEINDEX2) is
// accepted and not used: text key segments are normalized by
// engine/key_codec as for table indexes. cbVarSegMac is validated and not
// used.

#include "api/esent.h"
#include "api/gate.h"
#include "session/session.h"

using lmjet::Status;
using lmjet::api::CallSession;
using lmjet::api::StopService;
using lmjet::session::Session;

namespace {

JET_ERR OpenTemp(JET_SESID sesid, const JET_COLUMNDEF* columns,
                 unsigned long count, JET_GRBIT grbit,
                 unsigned long cb_key_most, JET_TABLEID* tableid,
                 JET_COLUMNID* columnids) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.OpenTempTable(columns, count, grbit, cb_key_most, 0, columnids,
                           tableid);
  });
}

template <typename T>
JET_ERR OpenTemporary(JET_SESID sesid, T* open) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    if (open == nullptr || open->cbStruct != sizeof(T)) {
      return Status(JET_errInvalidParameter);
    }
    JET_TABLEID tableid = JET_tableidNil;
    Status status = s.OpenTempTable(
        open->prgcolumndef, open->ccolumn, open->grbit, open->cbKeyMost,
        open->cbVarSegMac, open->prgcolumnid, &tableid);
    open->tableid = tableid;
    return status;
  });
}

}  // namespace

extern "C" {

JET_ERR JET_API JetOpenTempTable(JET_SESID sesid,
                                 const JET_COLUMNDEF* prgcolumndef,
                                 unsigned long ccolumn, JET_GRBIT grbit,
                                 JET_TABLEID* ptableid,
                                 JET_COLUMNID* prgcolumnid) {
  return OpenTemp(sesid, prgcolumndef, ccolumn, grbit, 0, ptableid,
                  prgcolumnid);
}

JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid,
                                  const JET_COLUMNDEF* prgcolumndef,
                                  unsigned long ccolumn, unsigned long lcid,
                                  JET_GRBIT grbit, JET_TABLEID* ptableid,
                                  JET_COLUMNID* prgcolumnid) {
  (void)lcid;  // see above
  return OpenTemp(sesid, prgcolumndef, ccolumn, grbit, 0, ptableid,
                  prgcolumnid);
}

JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid,
                                  const JET_COLUMNDEF* prgcolumndef,
                                  unsigned long ccolumn,
                                  JET_UNICODEINDEX* pidxunicode,
                                  JET_GRBIT grbit, JET_TABLEID* ptableid,
                                  JET_COLUMNID* prgcolumnid) {
  (void)pidxunicode;  // see above
  return OpenTemp(sesid, prgcolumndef, ccolumn, grbit, 0, ptableid,
                  prgcolumnid);
}

JET_ERR JET_API JetOpenTemporaryTable(
    JET_SESID sesid, JET_OPENTEMPORARYTABLE* popentemporarytable) {
  return OpenTemporary(sesid, popentemporarytable);
}

JET_ERR JET_API JetOpenTemporaryTable2(
    JET_SESID sesid, JET_OPENTEMPORARYTABLE2* popentemporarytable) {
  return OpenTemporary(sesid, popentemporarytable);
}

}  // extern "C"
