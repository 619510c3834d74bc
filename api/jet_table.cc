// Table entry points: DDL, records, retrieval and navigation. Each only
// marshals its arguments through the gate into the session and cursor layers.

#include <type_traits>

#include "api/esent.h"
#include "api/gate.h"
#include "cursor/table_cursor.h"
#include "session/cursor_resource.h"
#include "session/session.h"

using lmjet::Status;
using lmjet::api::CallSession;
using lmjet::api::CallTable;
using lmjet::api::StopService;
using lmjet::cursor::TableCursor;
using lmjet::session::CursorResource;
using lmjet::session::Session;

namespace {

// The size an index-create array element of type T may declare:
// JET_INDEXCREATE_A also accepts its older layout without cbKeyMost.
template <typename T>
bool KnownIndexCreateSize(unsigned long cb, bool* has_key_most) {
  *has_key_most = cb == sizeof(T);
  if constexpr (std::is_same_v<T, JET_INDEXCREATE_A>) {
    return *has_key_most || cb == sizeof(JET_INDEXCREATEOLD_A);
  }
  return *has_key_most;
}

// Creates `count` indexes from an array of JET_INDEXCREATE* elements, walked
// with the stride the first element's cbStruct gives (as esent.dll does),
// writing each element's err; the first failure stops. `*created` counts
// the indexes created.
template <typename T, typename Cursor>
Status CreateIndexArray(Cursor& cursor, T* array, unsigned long count,
                        unsigned long* created) {
  if (array == nullptr && count > 0) return Status(JET_errInvalidParameter);
  auto* bytes = reinterpret_cast<char*>(array);
  for (unsigned long i = 0; i < count; ++i) {
    T& x = *reinterpret_cast<T*>(bytes + i * array[0].cbStruct);
    bool has_key_most = false;
    if (!KnownIndexCreateSize<T>(x.cbStruct, &has_key_most)) {
      return Status(JET_errInvalidParameter, "JET_INDEXCREATE cbStruct");
    }
    Status s = cursor.CreateIndex(x.szIndexName, x.grbit, x.szKey, x.cbKey,
                                  x.ulDensity, has_key_most ? x.cbKeyMost : 0,
                                  x.rgconditionalcolumn, x.cConditionalColumn);
    x.err = s.code();
    if (s.code() < 0) return s;
    ++*created;
  }
  return Status::Ok();
}

template <typename T>
JET_ERR CreateIndexes(JET_SESID sesid, JET_TABLEID tableid, T* array,
                      unsigned long count) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        unsigned long created = 0;
        return CreateIndexArray(c.cursor(), array, count, &created);
      });
}

// JetCreateTableColumnIndex for every JET_TABLECREATE* version: T's
// cbStruct must be exactly sizeof(T).
template <typename T>
JET_ERR CreateTableColumnIndex(JET_SESID sesid, JET_DBID dbid, T* create) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) -> Status {
    if (create == nullptr || create->cbStruct != sizeof(T)) {
      return Status(JET_errInvalidParameter);
    }
    create->tableid = JET_tableidNil;
    create->cCreated = 0;
    auto* indexes = create->rgindexcreate;
    const unsigned long index_count = create->cIndexes;
    // A named callable: the request's FunctionRef must not outlive it.
    auto create_indexes = [indexes, index_count](TableCursor& cursor,
                                                 unsigned long* created) {
      return CreateIndexArray(cursor, indexes, index_count, created);
    };
    Session::TableCreateRequest request{
        create->szTableName, create->ulPages,        create->ulDensity,
        create->grbit,       create->rgcolumncreate, create->cColumns,
        create_indexes};
    unsigned long created = 0;
    JET_TABLEID tableid = JET_tableidNil;
    Status status = s.CreateTableColumnIndex(dbid, request, &tableid, &created);
    create->tableid = tableid;
    create->cCreated = created;
    return status;
  });
}

}  // namespace

extern "C" {

// --- Tables and DDL --------------------------------------------------------

JET_ERR JET_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid,
                                JET_PCSTR szTableName, unsigned long lPages,
                                unsigned long lDensity, JET_TABLEID* ptableid) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.CreateTable(dbid, szTableName, lPages, lDensity, ptableid);
  });
}

JET_ERR JET_API JetCreateTableColumnIndexA(JET_SESID sesid, JET_DBID dbid,
                                           JET_TABLECREATE_A* ptablecreate) {
  return CreateTableColumnIndex(sesid, dbid, ptablecreate);
}

JET_ERR JET_API JetCreateTableColumnIndex2A(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE2_A* ptablecreate) {
  return CreateTableColumnIndex(sesid, dbid, ptablecreate);
}

JET_ERR JET_API JetCreateTableColumnIndex3A(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE3_A* ptablecreate) {
  return CreateTableColumnIndex(sesid, dbid, ptablecreate);
}

JET_ERR JET_API JetCreateTableColumnIndex4A(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE4_A* ptablecreate) {
  return CreateTableColumnIndex(sesid, dbid, ptablecreate);
}

JET_ERR JET_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid,
                                JET_PCSTR szTableName) {
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.DeleteTable(dbid, szTableName);
  });
}

JET_ERR JET_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid,
                              JET_PCSTR szTableName, const void* pvParameters,
                              unsigned long cbParameters, JET_GRBIT grbit,
                              JET_TABLEID* ptableid) {
  (void)pvParameters;  // reserved
  (void)cbParameters;
  return CallSession(sesid, StopService::kBlocks, [=](Session& s) {
    return s.OpenTable(dbid, szTableName, grbit, ptableid);
  });
}

JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid) {
  return CallTable(
      sesid, tableid, StopService::kIgnored,
      [](Session& s, CursorResource& c) { return s.CloseTable(&c); });
}

JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid,
                             JET_TABLEID* ptableid, JET_GRBIT grbit) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session& s, CursorResource& c) {
                     return s.DupCursor(&c, grbit, ptableid);
                   });
}

JET_ERR JET_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid,
                              JET_PCSTR szColumnName,
                              const JET_COLUMNDEF* pcolumndef,
                              const void* pvDefault, unsigned long cbDefault,
                              JET_COLUMNID* pcolumnid) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().AddColumn(szColumnName, pcolumndef, pvDefault,
                                    cbDefault, pcolumnid);
      });
}

JET_ERR JET_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_PCSTR szColumnName) {
  return JetDeleteColumn2A(sesid, tableid, szColumnName, 0);
}

JET_ERR JET_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid,
                                  JET_PCSTR szColumnName,
                                  const JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session&, CursorResource& c) -> Status {
        // No template tables, so nothing to ignore.
        if (grbit & ~JET_GRBIT{JET_bitDeleteColumnIgnoreTemplateColumns}) {
          return Status(JET_errInvalidGrbit);
        }
        return c.cursor().DeleteColumn(szColumnName);
      });
}

JET_ERR JET_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCSTR szIndexName, JET_GRBIT grbit,
                                const char* szKey, unsigned long cbKey,
                                unsigned long lDensity) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().CreateIndex(szIndexName, grbit, szKey, cbKey,
                                      lDensity, 0, nullptr, 0);
      });
}

JET_ERR JET_API JetCreateIndex2A(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE_A* pindexcreate,
                                 unsigned long cIndexCreate) {
  return CreateIndexes(sesid, tableid, pindexcreate, cIndexCreate);
}

JET_ERR JET_API JetCreateIndex3A(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE2_A* pindexcreate,
                                 unsigned long cIndexCreate) {
  return CreateIndexes(sesid, tableid, pindexcreate, cIndexCreate);
}

JET_ERR JET_API JetCreateIndex4A(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE3_A* pindexcreate,
                                 unsigned long cIndexCreate) {
  return CreateIndexes(sesid, tableid, pindexcreate, cIndexCreate);
}

JET_ERR JET_API JetDeleteIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCSTR szIndexName) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().DeleteIndex(szIndexName);
                   });
}

// --- Records ---------------------------------------------------------------

JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid,
                                 unsigned long prep) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().PrepareUpdate(prep);
                   });
}

JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid,
                             JET_COLUMNID columnid, const void* pvData,
                             unsigned long cbData, JET_GRBIT grbit,
                             JET_SETINFO* psetinfo) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().SetColumn(columnid, pvData, cbData, grbit, psetinfo);
      });
}

JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid,
                              JET_SETCOLUMN* psetcolumn,
                              unsigned long csetcolumn) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().SetColumns(psetcolumn, csetcolumn);
                   });
}

JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid,
                          void* pvBookmark, unsigned long cbBookmark,
                          unsigned long* pcbActual) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().Update(pvBookmark, cbBookmark, pcbActual);
      });
}

JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid,
                           void* pvBookmark, unsigned long cbBookmark,
                           unsigned long* pcbActual, const JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session&, CursorResource& c) -> Status {
        if (grbit & ~JET_GRBIT{JET_bitUpdateCheckESE97Compatibility}) {
          return Status(JET_errInvalidGrbit);
        }
        return c.cursor().Update(pvBookmark, cbBookmark, pcbActual);
      });
}

JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [](Session&, CursorResource& c) { return c.cursor().Delete(); });
}

JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid,
                                  JET_COLUMNID columnid, void* pvData,
                                  unsigned long cbData,
                                  unsigned long* pcbActual, JET_GRBIT grbit,
                                  JET_RETINFO* pretinfo) {
  // Inlined whole, with JetMove's: the two calls of every scan step.
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session&, CursorResource & c) __attribute__((always_inline)) {
        return c.cursor().RetrieveColumn(columnid, pvData, cbData, pcbActual,
                                         grbit, pretinfo);
      });
}

JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid,
                                   JET_RETRIEVECOLUMN* pretrievecolumn,
                                   unsigned long cretrievecolumn) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().RetrieveColumns(pretrievecolumn, cretrievecolumn);
      });
}

JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid,
                               void* pvKey, unsigned long cbMax,
                               unsigned long* pcbActual, JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().RetrieveKey(pvKey, cbMax, pcbActual, grbit);
      });
}

JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid,
                           JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session&, CursorResource& c) { return c.cursor().GetLock(grbit); });
}

JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid,
                                JET_COLUMNID columnid, void* pv,
                                unsigned long cbMax, void* pvOld,
                                unsigned long cbOldMax,
                                unsigned long* pcbOldActual, JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().EscrowUpdate(columnid, pv, cbMax, pvOld, cbOldMax,
                                       pcbOldActual, grbit);
      });
}

// --- Navigation ------------------------------------------------------------

JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, long cRow,
                        JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session&, CursorResource & c) __attribute__((always_inline)) {
        return c.cursor().Move(cRow, grbit);
      });
}

JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid,
                           const void* pvData, unsigned long cbData,
                           JET_GRBIT grbit) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().MakeKey(pvData, cbData, grbit);
                   });
}

JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks,
      [=](Session&, CursorResource& c) { return c.cursor().Seek(grbit); });
}

JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc,
                                 JET_GRBIT grbit) {
  return CallTable(sesid, tableidSrc, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().SetIndexRange(grbit);
                   });
}

JET_ERR JET_API JetSetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PCSTR szIndexName) {
  return JetSetCurrentIndex3A(sesid, tableid, szIndexName, JET_bitMoveFirst, 1);
}

JET_ERR JET_API JetSetCurrentIndex2A(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCSTR szIndexName, JET_GRBIT grbit) {
  return JetSetCurrentIndex3A(sesid, tableid, szIndexName, grbit, 1);
}

JET_ERR JET_API JetSetCurrentIndex3A(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCSTR szIndexName, JET_GRBIT grbit,
                                     unsigned long itagSequence) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().SetCurrentIndex(szIndexName, grbit, itagSequence);
      });
}

JET_ERR JET_API JetGetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PSTR szIndexName,
                                    unsigned long cbIndexName) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().GetCurrentIndex(szIndexName, cbIndexName);
      });
}

JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid,
                               void* pvBookmark, unsigned long cbMax,
                               unsigned long* pcbActual) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().GetBookmark(pvBookmark, cbMax, pcbActual);
      });
}

JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid,
                                void* pvBookmark, unsigned long cbBookmark) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().GotoBookmark(pvBookmark, cbBookmark);
                   });
}

JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid,
                                    unsigned long* pcrec,
                                    unsigned long crecMax) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().IndexRecordCount(pcrec, crecMax);
                   });
}

JET_ERR JET_API JetGetRecordPosition(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_RECPOS* precpos,
                                     unsigned long cbRecpos) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().GetRecordPosition(precpos, cbRecpos);
                   });
}

JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid,
                                JET_RECPOS* precpos) {
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) {
                     return c.cursor().GotoPosition(precpos);
                   });
}

JET_ERR JET_API JetGetCursorInfo(JET_SESID sesid, JET_TABLEID tableid,
                                 void* pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel) {
  (void)pvResult;  // no information is returned at level 0
  (void)cbMax;
  return CallTable(sesid, tableid, StopService::kBlocks,
                   [=](Session&, CursorResource& c) -> Status {
                     if (InfoLevel != 0) return Status(JET_errInvalidParameter);
                     return c.cursor().GetCursorInfo();
                   });
}

JET_ERR JET_API JetSetCurrentIndex4A(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCSTR szIndexName,
                                     JET_INDEXID* pindexid, JET_GRBIT grbit,
                                     unsigned long itagSequence) {
  // The index id is only a lookup hint in esent.dll; the name decides.
  if (pindexid != nullptr && pindexid->cbStruct != sizeof(JET_INDEXID)) {
    return JET_errInvalidParameter;
  }
  return JetSetCurrentIndex3A(sesid, tableid, szIndexName, grbit, itagSequence);
}

JET_ERR JET_API JetEnumerateColumns(
    JET_SESID sesid, JET_TABLEID tableid, unsigned long cEnumColumnId,
    JET_ENUMCOLUMNID* rgEnumColumnId, unsigned long* pcEnumColumn,
    JET_ENUMCOLUMN** prgEnumColumn, JET_PFNREALLOC pfnRealloc,
    void* pvReallocContext, unsigned long cbDataMost, JET_GRBIT grbit) {
  return CallTable(
      sesid, tableid, StopService::kBlocks, [=](Session&, CursorResource& c) {
        return c.cursor().EnumerateColumns(
            cEnumColumnId, rgEnumColumnId, pcEnumColumn, prgEnumColumn,
            pfnRealloc, pvReallocContext, cbDataMost, grbit);
      });
}

}  // extern "C"
