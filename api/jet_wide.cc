// The wide (W) entry points except the information calls (jet_info.cc):
// each converts its UTF-16 arguments (api/wide.h), calls its narrow (A)
// twin and converts what comes back. As in esent.dll (jetapi.cxx), the
// structures are converted whole before the call, so a name that does not
// convert fails the call before anything is created; a bad handle is still
// reported first (gate.h SesidFirst / TableIdFirst).

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "api/esent.h"
#include "api/gate.h"
#include "api/wide.h"

using lmjet::api::GuardedJetErr;
using lmjet::api::NarrowArg;
using lmjet::api::SesidFirst;
using lmjet::api::TableIdFirst;

namespace {

constexpr NarrowArg::Kind kName = NarrowArg::Kind::kName;
constexpr NarrowArg::Kind kText = NarrowArg::Kind::kText;

// The W and A forms of a structure share their layout (only the string
// pointers' types differ), so one is copied onto the other and its string
// fields replaced.
#define LMJET_SAME_LAYOUT(W, A) \
  static_assert(sizeof(W) == sizeof(A) && alignof(W) == alignof(A), #W)
LMJET_SAME_LAYOUT(JET_COLUMNCREATE_W, JET_COLUMNCREATE_A);
LMJET_SAME_LAYOUT(JET_CONDITIONALCOLUMN_W, JET_CONDITIONALCOLUMN_A);
LMJET_SAME_LAYOUT(JET_INDEXCREATE_W, JET_INDEXCREATE_A);
LMJET_SAME_LAYOUT(JET_INDEXCREATE2_W, JET_INDEXCREATE2_A);
LMJET_SAME_LAYOUT(JET_INDEXCREATE3_W, JET_INDEXCREATE3_A);
LMJET_SAME_LAYOUT(JET_TABLECREATE_W, JET_TABLECREATE_A);
LMJET_SAME_LAYOUT(JET_TABLECREATE2_W, JET_TABLECREATE2_A);
LMJET_SAME_LAYOUT(JET_TABLECREATE3_W, JET_TABLECREATE3_A);
LMJET_SAME_LAYOUT(JET_TABLECREATE4_W, JET_TABLECREATE4_A);
LMJET_SAME_LAYOUT(JET_RSTMAP_W, JET_RSTMAP_A);
LMJET_SAME_LAYOUT(JET_RSTINFO_W, JET_RSTINFO_A);
static_assert(offsetof(JET_INDEXCREATE_W, cbKeyMost) ==
              offsetof(JET_INDEXCREATE_A, cbKeyMost));
static_assert(offsetof(JET_INDEXCREATE3_W, pSpacehints) ==
              offsetof(JET_INDEXCREATE3_A, pSpacehints));
static_assert(offsetof(JET_TABLECREATE4_W, cCreated) ==
              offsetof(JET_TABLECREATE4_A, cCreated));

// The sizes an element of a JET_INDEXCREATE*_W array may declare: those
// its A twin accepts (jet_table.cc KnownIndexCreateSize): the structure's
// own, and for JET_INDEXCREATE_W also the older layout without cbKeyMost.
template <typename W>
bool KnownIndexCreateSize(unsigned long cb) {
  if constexpr (std::is_same_v<W, JET_INDEXCREATE_W>) {
    if (cb == sizeof(JET_INDEXCREATEOLD_A)) return true;
  }
  return cb == sizeof(W);
}

// An array of JET_INDEXCREATE*_W converted to its A form, laid out with the
// same stride (the first element's cbStruct, as the A functions walk it).
// Result() copies each element's err back.
template <typename W, typename A>
class IndexCreateArray {
 public:
  // 0, or why the array does not convert: JET_errInvalidParameter (an
  // element's or a conditional column's cbStruct), JET_errInvalidName (a
  // name), the key's errors (wide.h WideIndexKeyToNarrow).
  JET_ERR Set(W* array, unsigned long count) {
    array_ = array;
    count_ = count;
    if (array == nullptr || count == 0) return JET_errSuccess;
    stride_ = array[0].cbStruct;
    if (!KnownIndexCreateSize<W>(stride_)) return JET_errInvalidParameter;
    const size_t cb = static_cast<size_t>(count) * stride_;
    storage_.reset(new A[cb / sizeof(A) + 1]());
    strings_.resize(count);
    for (unsigned long i = 0; i < count; ++i) {
      const W& w = At(i);
      if (!KnownIndexCreateSize<W>(w.cbStruct)) return JET_errInvalidParameter;
      A& a = AAt(i);
      std::memcpy(static_cast<void*>(&a), &w, w.cbStruct);
      Strings& s = strings_[i];
      JET_ERR key_err =
          lmjet::api::WideIndexKeyToNarrow(w.szKey, w.cbKey, &s.key);
      if (key_err != JET_errSuccess &&
          key_err != JET_errUnicodeTranslationFail) {
        return key_err;
      }
      if (JET_ERR err = s.name.Set(w.szIndexName, kName)) return err;
      if (key_err != JET_errSuccess) return key_err;
      a.szIndexName = const_cast<char*>(s.name.get());
      a.szKey = s.key.data();
      a.cbKey = static_cast<unsigned long>(s.key.size());
      if (w.rgconditionalcolumn != nullptr) {
        s.conditions.resize(w.cConditionalColumn);
        s.condition_names.resize(w.cConditionalColumn);
        for (unsigned long k = 0; k < w.cConditionalColumn; ++k) {
          const JET_CONDITIONALCOLUMN_W& wc = w.rgconditionalcolumn[k];
          if (wc.cbStruct != sizeof(JET_CONDITIONALCOLUMN_W)) {
            return JET_errInvalidParameter;
          }
          if (JET_ERR err = s.condition_names[k].Set(wc.szColumnName, kName)) {
            return err;
          }
          s.conditions[k].cbStruct = sizeof(JET_CONDITIONALCOLUMN_A);
          s.conditions[k].szColumnName =
              const_cast<char*>(s.condition_names[k].get());
          s.conditions[k].grbit = wc.grbit;
        }
        a.rgconditionalcolumn = s.conditions.data();
      }
    }
    return JET_errSuccess;
  }

  A* get() { return storage_ ? &AAt(0) : reinterpret_cast<A*>(array_); }

  void Result() {
    if (!storage_) return;
    for (unsigned long i = 0; i < count_; ++i) At(i).err = AAt(i).err;
  }

 private:
  struct Strings {
    NarrowArg name;
    std::string key;
    std::vector<JET_CONDITIONALCOLUMN_A> conditions;
    std::vector<NarrowArg> condition_names;
  };
  W& At(unsigned long i) {
    return *reinterpret_cast<W*>(reinterpret_cast<char*>(array_) +
                                 static_cast<size_t>(i) * stride_);
  }
  A& AAt(unsigned long i) {
    return *reinterpret_cast<A*>(reinterpret_cast<char*>(storage_.get()) +
                                 static_cast<size_t>(i) * stride_);
  }

  W* array_ = nullptr;
  unsigned long count_ = 0;
  unsigned long stride_ = 0;
  std::unique_ptr<A[]> storage_;
  std::vector<Strings> strings_;
};

// The index element types of each JET_TABLECREATE*.
template <typename T>
struct TableIndexTypes;
template <>
struct TableIndexTypes<JET_TABLECREATE_W> {
  using W = JET_INDEXCREATE_W;
  using A = JET_INDEXCREATE_A;
};
template <>
struct TableIndexTypes<JET_TABLECREATE2_W> {
  using W = JET_INDEXCREATE_W;
  using A = JET_INDEXCREATE_A;
};
template <>
struct TableIndexTypes<JET_TABLECREATE3_W> {
  using W = JET_INDEXCREATE2_W;
  using A = JET_INDEXCREATE2_A;
};
template <>
struct TableIndexTypes<JET_TABLECREATE4_W> {
  using W = JET_INDEXCREATE3_W;
  using A = JET_INDEXCREATE3_A;
};

// JetCreateTableColumnIndex*W: converts `create` (cbStruct must be sizeof
// TW; every JET_COLUMNCREATE_W's must be its own size, as esent.dll
// checks before anything is created), calls `call_a` and copies back the
// outputs: tableid, cCreated, each column's columnid and err, each index's
// err.
template <typename TW, typename TA, typename CallA>
JET_ERR CreateTableColumnIndexW(JET_SESID sesid, TW* create, CallA call_a) {
  return GuardedJetErr([&]() -> JET_ERR {
    if (create == nullptr) return call_a(static_cast<TA*>(nullptr));
    if (create->cbStruct != sizeof(TW)) {
      return SesidFirst(sesid, JET_errInvalidParameter);
    }
    TA a;
    std::memcpy(static_cast<void*>(&a), create, sizeof(a));
    NarrowArg table_name;
    NarrowArg template_name;
    JET_ERR err = table_name.Set(create->szTableName, kName);
    if (err == JET_errSuccess) {
      err = template_name.Set(create->szTemplateTableName, kName);
    }
    if (err != JET_errSuccess) return SesidFirst(sesid, err);
    a.szTableName = const_cast<char*>(table_name.get());
    a.szTemplateTableName = const_cast<char*>(template_name.get());
    NarrowArg callback;
    if constexpr (!std::is_same_v<TW, JET_TABLECREATE_W>) {
      err = callback.Set(create->szCallback, kName);
      if (err != JET_errSuccess) return SesidFirst(sesid, err);
      a.szCallback = const_cast<char*>(callback.get());
    }
    std::vector<JET_COLUMNCREATE_A> columns;
    std::vector<NarrowArg> column_names;
    if (create->rgcolumncreate != nullptr) {
      columns.resize(create->cColumns);
      column_names.resize(create->cColumns);
      for (unsigned long i = 0; i < create->cColumns; ++i) {
        const JET_COLUMNCREATE_W& w = create->rgcolumncreate[i];
        if (w.cbStruct != sizeof(JET_COLUMNCREATE_W)) {
          return SesidFirst(sesid, JET_errInvalidParameter);
        }
        err = column_names[i].Set(w.szColumnName, kName);
        if (err != JET_errSuccess) return SesidFirst(sesid, err);
        std::memcpy(static_cast<void*>(&columns[i]), &w, sizeof(w));
        columns[i].szColumnName = const_cast<char*>(column_names[i].get());
      }
      a.rgcolumncreate = columns.data();
    }
    using Index = TableIndexTypes<TW>;
    IndexCreateArray<typename Index::W, typename Index::A> indexes;
    err = indexes.Set(create->rgindexcreate, create->cIndexes);
    if (err != JET_errSuccess) return SesidFirst(sesid, err);
    a.rgindexcreate = indexes.get();

    err = call_a(&a);
    create->tableid = a.tableid;
    create->cCreated = a.cCreated;
    for (unsigned long i = 0; i < columns.size(); ++i) {
      create->rgcolumncreate[i].columnid = columns[i].columnid;
      create->rgcolumncreate[i].err = columns[i].err;
    }
    indexes.Result();
    return err;
  });
}

// JetCreateIndex2W..4W.
template <typename W, typename A, typename CallA>
JET_ERR CreateIndexesW(JET_SESID sesid, JET_TABLEID tableid, W* array,
                       unsigned long count, CallA call_a) {
  return GuardedJetErr([&]() -> JET_ERR {
    IndexCreateArray<W, A> indexes;
    const JET_ERR err = indexes.Set(array, count);
    if (err != JET_errSuccess) return TableIdFirst(sesid, tableid, err);
    const JET_ERR result = call_a(indexes.get());
    indexes.Result();
    return result;
  });
}

// A session call whose one string argument converts as `kind`.
template <typename CallA>
JET_ERR SessionCallW(JET_SESID sesid, const WCHAR* text, NarrowArg::Kind kind,
                     CallA call_a) {
  return GuardedJetErr([&]() -> JET_ERR {
    NarrowArg arg;
    if (JET_ERR err = arg.Set(text, kind)) return SesidFirst(sesid, err);
    return call_a(arg.get());
  });
}

// A table call whose one name argument converts.
template <typename CallA>
JET_ERR TableCallW(JET_SESID sesid, JET_TABLEID tableid, const WCHAR* name,
                   CallA call_a) {
  return GuardedJetErr([&]() -> JET_ERR {
    NarrowArg arg;
    if (JET_ERR err = arg.Set(name, kName)) {
      return TableIdFirst(sesid, tableid, err);
    }
    return call_a(arg.get());
  });
}

}  // namespace

extern "C" {

// --- Instances and parameters -----------------------------------------------

JET_ERR JET_API JetCreateInstanceW(JET_INSTANCE* pinstance,
                                   JET_PCWSTR szInstanceName) {
  return JetCreateInstance2W(pinstance, szInstanceName, nullptr, 0);
}

JET_ERR JET_API JetCreateInstance2W(JET_INSTANCE* pinstance,
                                    JET_PCWSTR szInstanceName,
                                    JET_PCWSTR szDisplayName, JET_GRBIT grbit) {
  return GuardedJetErr([&]() -> JET_ERR {
    NarrowArg name;
    NarrowArg display;
    if (JET_ERR err = name.Set(szInstanceName, kText)) return err;
    if (JET_ERR err = display.Set(szDisplayName, kText)) return err;
    return JetCreateInstance2A(pinstance, name.get(), display.get(), grbit);
  });
}

JET_ERR JET_API JetInit3W(JET_INSTANCE* pinstance, JET_RSTINFO_W* prstInfo,
                          JET_GRBIT grbit) {
  return GuardedJetErr([&]() -> JET_ERR {
    if (prstInfo == nullptr) return JetInit3A(pinstance, nullptr, grbit);
    if (prstInfo->cbStruct != sizeof(JET_RSTINFO_W)) {
      return JET_errInvalidParameter;
    }
    JET_RSTINFO_A a;
    std::memcpy(static_cast<void*>(&a), prstInfo, sizeof(a));
    std::vector<JET_RSTMAP_A> maps;
    std::vector<NarrowArg> names;
    if (prstInfo->rgrstmap != nullptr && prstInfo->crstmap > 0) {
      const size_t count = static_cast<size_t>(prstInfo->crstmap);
      maps.resize(count);
      names.resize(2 * count);
      for (size_t i = 0; i < count; ++i) {
        const JET_RSTMAP_W& w = prstInfo->rgrstmap[i];
        if (JET_ERR err = names[2 * i].Set(w.szDatabaseName, kText)) return err;
        if (JET_ERR err = names[2 * i + 1].Set(w.szNewDatabaseName, kText)) {
          return err;
        }
        maps[i].szDatabaseName = const_cast<char*>(names[2 * i].get());
        maps[i].szNewDatabaseName = const_cast<char*>(names[2 * i + 1].get());
      }
      a.rgrstmap = maps.data();
    }
    a.cbStruct = sizeof(JET_RSTINFO_A);
    return JetInit3A(pinstance, &a, grbit);
  });
}

JET_ERR JET_API JetSetSystemParameterW(JET_INSTANCE* pinstance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR lParam, JET_PCWSTR szParam) {
  return GuardedJetErr([&]() -> JET_ERR {
    NarrowArg value;
    if (JET_ERR err = value.Set(szParam, kText)) return err;
    return JetSetSystemParameterA(pinstance, sesid, paramid, lParam,
                                  value.get());
  });
}

JET_ERR JET_API JetGetSystemParameterW(JET_INSTANCE instance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR* plParam, JET_PWSTR szParam,
                                       unsigned long cbMax) {
  return GuardedJetErr([&]() -> JET_ERR {
    if (szParam == nullptr) {
      return JetGetSystemParameterA(instance, sesid, paramid, plParam, nullptr,
                                    cbMax);
    }
    // Whether the parameter is a string shows only in what the A call
    // writes: a NUL-terminated string into a buffer holding none, which is
    // grown until the whole value fits.
    std::string narrow(256, '\x01');
    JET_ERR err;
    for (;;) {
      err = JetGetSystemParameterA(instance, sesid, paramid, plParam,
                                   narrow.data(),
                                   static_cast<unsigned long>(narrow.size()));
      if (err != JET_errBufferTooSmall || narrow.size() >= (1ul << 31)) break;
      narrow.assign(narrow.size() * 4, '\x01');
    }
    if (err < 0) return err;
    const size_t end = narrow.find('\0');
    if (end == std::string::npos) return err;  // not a string parameter
    lmjet::api::WideString wide;
    if (JET_ERR e = lmjet::api::Utf8ToWide(std::string_view(narrow.data(), end),
                                           &wide)) {
      return e;
    }
    const JET_ERR put = lmjet::api::PutWide(wide, szParam, cbMax);
    return put != JET_errSuccess ? put : err;
  });
}

JET_ERR JET_API JetBeginSessionW(JET_INSTANCE instance, JET_SESID* psesid,
                                 JET_PCWSTR szUserName, JET_PCWSTR szPassword) {
  // esent.dll ignores the user name and password: nothing to convert.
  (void)szUserName;
  (void)szPassword;
  return JetBeginSessionA(instance, psesid, nullptr, nullptr);
}

// --- Databases --------------------------------------------------------------

JET_ERR JET_API JetCreateDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
                                   JET_PCWSTR szConnect, JET_DBID* pdbid,
                                   JET_GRBIT grbit) {
  (void)szConnect;  // ignored, as in esent.dll
  return JetCreateDatabase2W(sesid, szFilename, 0, pdbid, grbit);
}

JET_ERR JET_API JetCreateDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_DBID* pdbid, JET_GRBIT grbit) {
  return SessionCallW(sesid, szFilename, kText, [&](const char* file) {
    return JetCreateDatabase2A(sesid, file, cpgDatabaseSizeMax, pdbid, grbit);
  });
}

JET_ERR JET_API JetAttachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
                                   JET_GRBIT grbit) {
  return JetAttachDatabase2W(sesid, szFilename, 0, grbit);
}

JET_ERR JET_API JetAttachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_GRBIT grbit) {
  return SessionCallW(sesid, szFilename, kText, [&](const char* file) {
    return JetAttachDatabase2A(sesid, file, cpgDatabaseSizeMax, grbit);
  });
}

JET_ERR JET_API JetOpenDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
                                 JET_PCWSTR szConnect, JET_DBID* pdbid,
                                 JET_GRBIT grbit) {
  (void)szConnect;
  return SessionCallW(sesid, szFilename, kText, [&](const char* file) {
    return JetOpenDatabaseA(sesid, file, nullptr, pdbid, grbit);
  });
}

JET_ERR JET_API JetDetachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename) {
  return JetDetachDatabase2W(sesid, szFilename, 0);
}

JET_ERR JET_API JetDetachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
                                    JET_GRBIT grbit) {
  return SessionCallW(sesid, szFilename, kText, [&](const char* file) {
    return JetDetachDatabase2A(sesid, file, grbit);
  });
}

// --- Tables and DDL ---------------------------------------------------------

JET_ERR JET_API JetCreateTableW(JET_SESID sesid, JET_DBID dbid,
                                JET_PCWSTR szTableName, unsigned long lPages,
                                unsigned long lDensity, JET_TABLEID* ptableid) {
  return SessionCallW(sesid, szTableName, kName, [&](const char* name) {
    return JetCreateTableA(sesid, dbid, name, lPages, lDensity, ptableid);
  });
}

JET_ERR JET_API JetCreateTableColumnIndexW(JET_SESID sesid, JET_DBID dbid,
                                           JET_TABLECREATE_W* ptablecreate) {
  return CreateTableColumnIndexW<JET_TABLECREATE_W, JET_TABLECREATE_A>(
      sesid, ptablecreate, [&](JET_TABLECREATE_A* a) {
        return JetCreateTableColumnIndexA(sesid, dbid, a);
      });
}

JET_ERR JET_API JetCreateTableColumnIndex2W(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE2_W* ptablecreate) {
  return CreateTableColumnIndexW<JET_TABLECREATE2_W, JET_TABLECREATE2_A>(
      sesid, ptablecreate, [&](JET_TABLECREATE2_A* a) {
        return JetCreateTableColumnIndex2A(sesid, dbid, a);
      });
}

JET_ERR JET_API JetCreateTableColumnIndex3W(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE3_W* ptablecreate) {
  return CreateTableColumnIndexW<JET_TABLECREATE3_W, JET_TABLECREATE3_A>(
      sesid, ptablecreate, [&](JET_TABLECREATE3_A* a) {
        return JetCreateTableColumnIndex3A(sesid, dbid, a);
      });
}

JET_ERR JET_API JetCreateTableColumnIndex4W(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE4_W* ptablecreate) {
  return CreateTableColumnIndexW<JET_TABLECREATE4_W, JET_TABLECREATE4_A>(
      sesid, ptablecreate, [&](JET_TABLECREATE4_A* a) {
        return JetCreateTableColumnIndex4A(sesid, dbid, a);
      });
}

JET_ERR JET_API JetDeleteTableW(JET_SESID sesid, JET_DBID dbid,
                                JET_PCWSTR szTableName) {
  return SessionCallW(sesid, szTableName, kName, [&](const char* name) {
    return JetDeleteTableA(sesid, dbid, name);
  });
}

JET_ERR JET_API JetOpenTableW(JET_SESID sesid, JET_DBID dbid,
                              JET_PCWSTR szTableName, const void* pvParameters,
                              unsigned long cbParameters, JET_GRBIT grbit,
                              JET_TABLEID* ptableid) {
  return SessionCallW(sesid, szTableName, kName, [&](const char* name) {
    return JetOpenTableA(sesid, dbid, name, pvParameters, cbParameters, grbit,
                         ptableid);
  });
}

JET_ERR JET_API JetAddColumnW(JET_SESID sesid, JET_TABLEID tableid,
                              JET_PCWSTR szColumnName,
                              const JET_COLUMNDEF* pcolumndef,
                              const void* pvDefault, unsigned long cbDefault,
                              JET_COLUMNID* pcolumnid) {
  return TableCallW(sesid, tableid, szColumnName, [&](const char* name) {
    return JetAddColumnA(sesid, tableid, name, pcolumndef, pvDefault, cbDefault,
                         pcolumnid);
  });
}

JET_ERR JET_API JetDeleteColumnW(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_PCWSTR szColumnName) {
  return JetDeleteColumn2W(sesid, tableid, szColumnName, 0);
}

JET_ERR JET_API JetDeleteColumn2W(JET_SESID sesid, JET_TABLEID tableid,
                                  JET_PCWSTR szColumnName,
                                  const JET_GRBIT grbit) {
  return TableCallW(sesid, tableid, szColumnName, [&](const char* name) {
    return JetDeleteColumn2A(sesid, tableid, name, grbit);
  });
}

JET_ERR JET_API JetCreateIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                const WCHAR* szKey, unsigned long cbKey,
                                unsigned long lDensity) {
  return GuardedJetErr([&]() -> JET_ERR {
    std::string key;
    JET_ERR key_err = lmjet::api::WideIndexKeyToNarrow(szKey, cbKey, &key);
    if (key_err != JET_errSuccess && key_err != JET_errUnicodeTranslationFail) {
      return TableIdFirst(sesid, tableid, key_err);
    }
    NarrowArg name;
    JET_ERR err = name.Set(szIndexName, kName);
    if (err == JET_errSuccess) err = key_err;
    if (err != JET_errSuccess) return TableIdFirst(sesid, tableid, err);
    return JetCreateIndexA(sesid, tableid, name.get(), grbit, key.data(),
                           static_cast<unsigned long>(key.size()), lDensity);
  });
}

JET_ERR JET_API JetCreateIndex2W(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE_W* pindexcreate,
                                 unsigned long cIndexCreate) {
  return CreateIndexesW<JET_INDEXCREATE_W, JET_INDEXCREATE_A>(
      sesid, tableid, pindexcreate, cIndexCreate, [&](JET_INDEXCREATE_A* a) {
        return JetCreateIndex2A(sesid, tableid, a, cIndexCreate);
      });
}

JET_ERR JET_API JetCreateIndex3W(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE2_W* pindexcreate,
                                 unsigned long cIndexCreate) {
  return CreateIndexesW<JET_INDEXCREATE2_W, JET_INDEXCREATE2_A>(
      sesid, tableid, pindexcreate, cIndexCreate, [&](JET_INDEXCREATE2_A* a) {
        return JetCreateIndex3A(sesid, tableid, a, cIndexCreate);
      });
}

JET_ERR JET_API JetCreateIndex4W(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE3_W* pindexcreate,
                                 unsigned long cIndexCreate) {
  return CreateIndexesW<JET_INDEXCREATE3_W, JET_INDEXCREATE3_A>(
      sesid, tableid, pindexcreate, cIndexCreate, [&](JET_INDEXCREATE3_A* a) {
        return JetCreateIndex4A(sesid, tableid, a, cIndexCreate);
      });
}

JET_ERR JET_API JetDeleteIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCWSTR szIndexName) {
  return TableCallW(sesid, tableid, szIndexName, [&](const char* name) {
    return JetDeleteIndexA(sesid, tableid, name);
  });
}

// --- Current index ----------------------------------------------------------

JET_ERR JET_API JetSetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PCWSTR szIndexName) {
  return JetSetCurrentIndex4W(sesid, tableid, szIndexName, nullptr,
                              JET_bitMoveFirst, 1);
}

JET_ERR JET_API JetSetCurrentIndex2W(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCWSTR szIndexName, JET_GRBIT grbit) {
  return JetSetCurrentIndex4W(sesid, tableid, szIndexName, nullptr, grbit, 1);
}

JET_ERR JET_API JetSetCurrentIndex3W(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                     unsigned long itagSequence) {
  return JetSetCurrentIndex4W(sesid, tableid, szIndexName, nullptr, grbit,
                              itagSequence);
}

JET_ERR JET_API JetSetCurrentIndex4W(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCWSTR szIndexName,
                                     JET_INDEXID* pindexid, JET_GRBIT grbit,
                                     unsigned long itagSequence) {
  return TableCallW(sesid, tableid, szIndexName, [&](const char* name) {
    return JetSetCurrentIndex4A(sesid, tableid, name, pindexid, grbit,
                                itagSequence);
  });
}

JET_ERR JET_API JetGetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PWSTR szIndexName,
                                    unsigned long cbIndexName) {
  // As esent.dll: the A call gets a narrow buffer of the same byte count,
  // then the name must fit cbIndexName / 2 WCHARs.
  return GuardedJetErr([&]() -> JET_ERR {
    if (szIndexName == nullptr) {
      return JetGetCurrentIndexA(sesid, tableid, nullptr, cbIndexName);
    }
    // Names are at most JET_cbNameMost bytes: a larger narrow buffer
    // changes no answer.
    const unsigned long cb_a = std::min<unsigned long>(cbIndexName, 1024);
    std::string narrow(cb_a, '\0');
    const JET_ERR err =
        JetGetCurrentIndexA(sesid, tableid, narrow.data(), cb_a);
    if (err < 0) return err;
    narrow.resize(std::strlen(narrow.c_str()));
    const JET_ERR put = lmjet::api::PutWide(
        lmjet::api::Windows1252ToWide(narrow), szIndexName, cbIndexName);
    return put != JET_errSuccess ? put : err;
  });
}

}  // extern "C"
