#include "cursor/enumerate.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/column_types.h"
#include "engine/record.h"

namespace lmjet::cursor {
namespace {

using engine::ColumnClass;
using engine::ColumnDef;
using engine::ColumnValue;
using engine::ValueKind;

// The bits ESE accepts (fldenum.cxx; JET_bitEnumerateLocal is refused
// after this check, as not implemented).
constexpr unsigned long long kAcceptedGrbits =
    JET_bitEnumerateCopy | JET_bitEnumerateIgnoreDefault |
    JET_bitEnumerateLocal | JET_bitEnumeratePresenceOnly |
    JET_bitEnumerateTaggedOnly | JET_bitEnumerateCompressOutput |
    JET_bitEnumerateIgnoreUserDefinedDefault | JET_bitEnumerateInRecordOnly;

bool Has(JET_GRBIT grbit, JET_GRBIT bit) { return (grbit & bit) != 0; }

// What the output owns, freed on failure with ESE's cleanup walk.
class Output {
 public:
  Output(JET_PFNREALLOC realloc, void* context)
      : realloc_(realloc), context_(context) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { Free(); }

  // A zeroed block of `cb` bytes; null when cb is 0.
  Status Allocate(size_t cb, void** block) {
    *block = nullptr;
    if (cb == 0) return Status::Ok();
    if (cb > ULONG_MAX) return Status(JET_errOutOfMemory);
    *block = realloc_(context_, nullptr, static_cast<unsigned long>(cb));
    if (*block == nullptr) return Status(JET_errOutOfMemory);
    std::memset(*block, 0, cb);
    return Status::Ok();
  }
  void Release(void* block) {
    if (block != nullptr) realloc_(context_, block, 0);
  }

  Status AllocateColumns(unsigned long n) {
    void* block;
    LMJET_RETURN_IF_ERROR(Allocate(sizeof(JET_ENUMCOLUMN) * size_t{n}, &block));
    columns_ = static_cast<JET_ENUMCOLUMN*>(block);
    count_ = n;
    return Status::Ok();
  }
  JET_ENUMCOLUMN& column(unsigned long i) { return columns_[i]; }

  // Hands the result to the caller.
  void Publish(unsigned long* count, JET_ENUMCOLUMN** columns) {
    *count = count_;
    *columns = columns_;
    columns_ = nullptr;
    count_ = 0;
  }

 private:
  void Free() {
    for (unsigned long i = 0; i < count_; ++i) {
      JET_ENUMCOLUMN& c = columns_[i];
      if (c.err == JET_wrnColumnSingleValue) {
        Release(c.pvData);
        continue;
      }
      for (unsigned long v = 0; v < c.cEnumColumnValue; ++v) {
        Release(c.rgEnumColumnValue[v].pvData);
      }
      Release(c.rgEnumColumnValue);
    }
    Release(columns_);
    columns_ = nullptr;
    count_ = 0;
  }

  JET_PFNREALLOC realloc_;
  void* context_;
  JET_ENUMCOLUMN* columns_ = nullptr;
  unsigned long count_ = 0;
};

// Where a column's values come from.
struct Presence {
  bool in_record = false;  // not absent (values, or NULL)
  bool found = false;      // in the record, or its default is used
  uint32_t count = 0;      // values (the default counts as one)
};

Status FindPresence(const ColumnDef& column, const RecordSource& source,
                    bool ignore_default, Presence* presence) {
  *presence = Presence();
  ColumnValue value;
  LMJET_RETURN_IF_ERROR(source.Get(column.columnid, 1, &value));
  if (value.kind == ValueKind::kAbsent) {
    if (!ignore_default && column.has_default) {
      presence->found = true;
      presence->count = 1;
    }
    return Status::Ok();
  }
  presence->in_record = true;
  presence->found = true;
  if (value.kind == ValueKind::kNull) return Status::Ok();
  presence->count = 1;
  if (column.column_class() != ColumnClass::kTagged) return Status::Ok();
  for (;;) {
    LMJET_RETURN_IF_ERROR(
        source.Get(column.columnid, presence->count + 1, &value));
    if (value.kind == ValueKind::kAbsent) break;
    ++presence->count;
  }
  return Status::Ok();
}

// One value, read with RetrieveColumn's rules into a new allocation.
struct Fetched {
  void* data = nullptr;
  unsigned long cb = 0;
  JET_ERR err = JET_errSuccess;  // or JET_wrnColumnTruncated
};

Status Fetch(const engine::TableDef& table, const ColumnDef& column,
             const RecordSource& source, uint32_t itag,
             unsigned long cb_data_most, Output* output, Fetched* fetched) {
  *fetched = Fetched();
  char scratch[JET_cbColumnMost];
  unsigned long actual = 0;
  JET_RETINFO retinfo{sizeof(JET_RETINFO), 0, itag, 0};
  Status s = RetrieveColumn(table, column.columnid, source, scratch,
                            sizeof(scratch), &actual, 0, &retinfo);
  LMJET_RETURN_IF_ERROR(s);
  if (s.code() == JET_wrnColumnNull) return Status::Ok();
  unsigned long cb = actual;
  if (engine::IsLongValueType(column.coltyp) && cb > cb_data_most) {
    cb = cb_data_most;
    fetched->err = JET_wrnColumnTruncated;
  }
  void* block;
  LMJET_RETURN_IF_ERROR(output->Allocate(cb, &block));
  if (cb == 0) return Status::Ok();
  fetched->data = block;
  fetched->cb = cb;
  if (actual <= sizeof(scratch)) {
    std::memcpy(block, scratch, cb);
    return Status::Ok();
  }
  unsigned long again = 0;
  s = RetrieveColumn(table, column.columnid, source, block, cb, &again, 0,
                     &retinfo);
  if (!s.ok()) {
    output->Release(block);
    *fetched = Fetched();
    return s;
  }
  return Status::Ok();
}

// Fills `column` (its columnid set) for `presence`. `tags`/`tag_count`: the
// requested itagSequences (tag_count 0: all values).
Status EnumerateOne(const engine::TableDef& table, const ColumnDef& def,
                    const RecordSource& source, const Presence& presence,
                    const unsigned long* tags, unsigned long tag_count,
                    unsigned long cb_data_most, JET_GRBIT grbit, Output* output,
                    JET_ENUMCOLUMN* column) {
  const bool ignore_default = Has(grbit, JET_bitEnumerateIgnoreDefault);
  const bool presence_only = Has(grbit, JET_bitEnumeratePresenceOnly);
  if (tag_count == 0) {
    if (!presence.found && ignore_default) {
      column->err = JET_wrnColumnDefault;
      return Status::Ok();
    }
    if (presence.count == 0) {
      column->err = JET_wrnColumnNull;
      return Status::Ok();
    }
    if (presence_only) {
      column->err = JET_wrnColumnPresent;
      return Status::Ok();
    }
  }

  Fetched single;
  bool have_single = false;
  if (tag_count == 0 && presence.count == 1 &&
      Has(grbit, JET_bitEnumerateCompressOutput)) {
    LMJET_RETURN_IF_ERROR(
        Fetch(table, def, source, 1, cb_data_most, output, &single));
    if (single.err == JET_errSuccess) {
      column->err = JET_wrnColumnSingleValue;
      column->cbData = single.cb;
      column->pvData = single.data;
      return Status::Ok();
    }
    have_single = true;  // a cut long value: not in the single-value form
  }

  const unsigned long n = tag_count != 0 ? tag_count : presence.count;
  void* block;
  Status s = output->Allocate(sizeof(JET_ENUMCOLUMNVALUE) * size_t{n}, &block);
  if (!s.ok()) {
    if (have_single) output->Release(single.data);
    return s;
  }
  column->err = JET_errSuccess;
  column->rgEnumColumnValue = static_cast<JET_ENUMCOLUMNVALUE*>(block);
  column->cEnumColumnValue = n;
  for (unsigned long i = 0; i < n; ++i) {
    JET_ENUMCOLUMNVALUE& value = column->rgEnumColumnValue[i];
    value.itagSequence = tag_count != 0 ? tags[i] : i + 1;
    if (value.itagSequence == 0) {
      value.err = JET_wrnColumnSkipped;
      continue;
    }
    if (value.itagSequence > presence.count) {
      value.err = !presence.found && ignore_default ? JET_wrnColumnDefault
                                                    : JET_wrnColumnNull;
      continue;
    }
    if (presence_only) {
      value.err = JET_wrnColumnPresent;
      continue;
    }
    Fetched fetched;
    if (have_single) {
      fetched = single;
      have_single = false;
    } else {
      LMJET_RETURN_IF_ERROR(Fetch(table, def, source,
                                  static_cast<uint32_t>(value.itagSequence),
                                  cb_data_most, output, &fetched));
    }
    value.err = fetched.err;
    value.cbData = fetched.cb;
    value.pvData = fetched.data;
  }
  return Status::Ok();
}

Status EnumerateAll(const engine::TableDef& table, const RecordSource& source,
                    unsigned long cb_data_most, JET_GRBIT grbit,
                    Output* output) {
  const bool ignore_default = Has(grbit, JET_bitEnumerateIgnoreDefault);
  const bool tagged_only = Has(grbit, JET_bitEnumerateTaggedOnly);
  struct Present {
    const ColumnDef* def;
    Presence presence;
  };
  std::vector<Present> present;
  for (const ColumnDef& def : table.columns) {
    if (def.deleted) continue;
    if (tagged_only && def.column_class() != ColumnClass::kTagged) continue;
    Presence presence;
    LMJET_RETURN_IF_ERROR(FindPresence(def, source, ignore_default, &presence));
    if (presence.found) present.push_back({&def, presence});
  }
  std::sort(present.begin(), present.end(),
            [](const Present& a, const Present& b) {
              return a.def->columnid < b.def->columnid;
            });
  LMJET_RETURN_IF_ERROR(
      output->AllocateColumns(static_cast<unsigned long>(present.size())));
  for (size_t i = 0; i < present.size(); ++i) {
    JET_ENUMCOLUMN& column = output->column(static_cast<unsigned long>(i));
    column.columnid = present[i].def->columnid;
    LMJET_RETURN_IF_ERROR(EnumerateOne(table, *present[i].def, source,
                                       present[i].presence, nullptr, 0,
                                       cb_data_most, grbit, output, &column));
  }
  return Status::Ok();
}

Status EnumerateRequested(const engine::TableDef& table,
                          const RecordSource& source,
                          unsigned long columnid_count,
                          const JET_ENUMCOLUMNID* columnids,
                          unsigned long cb_data_most, JET_GRBIT grbit,
                          Output* output, JET_ERR* first_columnid_error) {
  *first_columnid_error = JET_errSuccess;
  const bool ignore_default = Has(grbit, JET_bitEnumerateIgnoreDefault);
  LMJET_RETURN_IF_ERROR(output->AllocateColumns(columnid_count));
  for (unsigned long i = 0; i < columnid_count; ++i) {
    const JET_ENUMCOLUMNID& request = columnids[i];
    JET_ENUMCOLUMN& column = output->column(i);
    column.columnid = request.columnid;
    if (request.columnid == 0) {
      column.err = JET_wrnColumnSkipped;
      continue;
    }
    const ColumnDef* def = table.FindColumn(request.columnid);
    if (def == nullptr) {
      // RetrieveColumn's id rules: JET_errBadColumnId or ColumnNotFound.
      Status s = RetrieveColumn(table, request.columnid, source, nullptr, 0,
                                nullptr, 0, nullptr);
      column.err = s.ok() ? JET_errColumnNotFound : s.code();
      if (*first_columnid_error == JET_errSuccess) {
        *first_columnid_error = column.err;
      }
      continue;
    }
    Presence presence;
    LMJET_RETURN_IF_ERROR(
        FindPresence(*def, source, ignore_default, &presence));
    LMJET_RETURN_IF_ERROR(EnumerateOne(
        table, *def, source, presence, request.rgtagSequence,
        request.ctagSequence, cb_data_most, grbit, output, &column));
  }
  return Status::Ok();
}

}  // namespace

Status CheckEnumerateColumns(const engine::TableDef& table,
                             unsigned long columnid_count,
                             const JET_ENUMCOLUMNID* columnids,
                             unsigned long* count, JET_ENUMCOLUMN** columns,
                             JET_PFNREALLOC realloc, JET_GRBIT grbit) {
  if (count != nullptr) *count = 0;
  if (columns != nullptr) *columns = nullptr;
  if (count == nullptr || columns == nullptr || realloc == nullptr) {
    return Status(JET_errInvalidParameter);
  }
  if (columnid_count > 0 && columnids == nullptr) {
    return Status(JET_errInvalidParameter, "rgEnumColumnId");
  }
  for (unsigned long i = 0; i < columnid_count; ++i) {
    if (columnids[i].ctagSequence > 0 &&
        columnids[i].rgtagSequence == nullptr) {
      return Status(JET_errInvalidParameter, "rgtagSequence");
    }
  }
  if ((static_cast<unsigned long long>(grbit) & ~kAcceptedGrbits) != 0 ||
      Has(grbit, JET_bitEnumerateLocal)) {
    return Status(JET_errInvalidGrbit);
  }
  if (columnid_count > 0 && Has(grbit, JET_bitEnumerateTaggedOnly)) {
    return Status(JET_errInvalidGrbit, "TaggedOnly with a column list");
  }
  if (!Has(grbit, JET_bitEnumerateIgnoreDefault |
                      JET_bitEnumerateIgnoreUserDefinedDefault)) {
    for (const ColumnDef& def : table.columns) {
      if (!def.deleted && Has(def.grbit, JET_bitColumnUserDefinedDefault)) {
        return Status(JET_errCallbackFailed, "user-defined default");
      }
    }
  }
  return Status::Ok();
}

Status EnumerateColumns(const engine::TableDef& table,
                        const RecordSource& source,
                        unsigned long columnid_count,
                        const JET_ENUMCOLUMNID* columnids, unsigned long* count,
                        JET_ENUMCOLUMN** columns, JET_PFNREALLOC realloc,
                        void* realloc_context, unsigned long cb_data_most,
                        JET_GRBIT grbit) {
  LMJET_RETURN_IF_ERROR(CheckEnumerateColumns(table, columnid_count, columnids,
                                              count, columns, realloc, grbit));
  Output output(realloc, realloc_context);
  if (columnid_count == 0) {
    LMJET_RETURN_IF_ERROR(
        EnumerateAll(table, source, cb_data_most, grbit, &output));
    output.Publish(count, columns);
    return Status::Ok();
  }
  JET_ERR columnid_error;
  LMJET_RETURN_IF_ERROR(EnumerateRequested(table, source, columnid_count,
                                           columnids, cb_data_most, grbit,
                                           &output, &columnid_error));
  output.Publish(count, columns);
  return Status(columnid_error);
}

}  // namespace lmjet::cursor
