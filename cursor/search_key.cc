#include "cursor/search_key.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "engine/column_types.h"

namespace lmjet::cursor {
namespace {

bool IsVariableBinary(const SearchKeySegment& segment) {
  const JET_COLTYP t = segment.codec.coltyp;
  return (t == JET_coltypBinary || t == JET_coltypLongBinary) &&
         !segment.fixed_column;
}

// Which limit a MakeKey grbit asks for on `segment` (ESE's mapping of the
// legacy StrLimit/SubStrLimit bits included). Assumes at most one limit
// option bit.
KeyLimit RequestedLimit(const SearchKeySegment& segment, JET_GRBIT grbit) {
  switch (grbit & kLimitOptionGrbits) {
    case JET_bitFullColumnStartLimit:
      return KeyLimit::kFullColumnStart;
    case JET_bitFullColumnEndLimit:
      return KeyLimit::kFullColumnEnd;
    case JET_bitPartialColumnStartLimit:
      return KeyLimit::kPartialColumnStart;
    case JET_bitPartialColumnEndLimit:
      return KeyLimit::kPartialColumnEnd;
    default:
      break;
  }
  if ((grbit & JET_bitSubStrLimit) && engine::IsTextType(segment.codec.coltyp))
    return KeyLimit::kPartialColumnEnd;
  if (grbit & JET_bitStrLimit) {
    return IsVariableBinary(segment) ? KeyLimit::kPartialColumnEnd
                                     : KeyLimit::kFullColumnEnd;
  }
  return KeyLimit::kNone;
}

}  // namespace

Status MakeSearchKeyIndex(const engine::IndexDef& index,
                          const std::vector<engine::ColumnDef>& columns,
                          SearchKeyIndex* out) {
  if (index.segments.empty()) {
    return Status(JET_errIndexInvalidDef, "index without key segments");
  }
  SearchKeyIndex result;
  for (const engine::IndexSegment& seg : index.segments) {
    const engine::ColumnDef* column = nullptr;
    for (const engine::ColumnDef& c : columns) {
      if (c.columnid == seg.columnid) {
        column = &c;
        break;
      }
    }
    if (column == nullptr) {
      return Status(JET_errColumnNotFound, "index segment column not found");
    }
    SearchKeySegment s;
    s.codec.coltyp = column->coltyp;
    s.codec.cp = column->cp;
    s.codec.descending = seg.descending;
    s.codec.sort_nulls_high = (index.grbit & JET_bitIndexSortNullsHigh) != 0;
    s.codec.dotnet_guid = (index.grbit & JET_bitIndexDotNetGuid) != 0;
    s.fixed_column = column->column_class() == engine::ColumnClass::kFixed;
    s.fixed_size = engine::FixedSizeOf(column->coltyp);
    if (s.fixed_size == 0 && s.fixed_column) s.fixed_size = column->cb_max;
    result.segments.push_back(s);
  }
  const size_t cb_key_most =
      index.cb_key_most == 0 ? size_t{JET_cbKeyMost} : index.cb_key_most;
  result.key_limit = std::min(cb_key_most, engine::kLmdbMaxKeyBytes - 1);
  *out = std::move(result);
  return Status::Ok();
}

SearchKey::SearchKey(SearchKeyIndex index) : index_(std::move(index)) {}

void SearchKey::Reset() {
  bytes_.clear();
  segment_count_ = 0;
  made_ = false;
  truncated_ = false;
  limit_ = KeyLimit::kNone;
}

Status SearchKey::MakeKey(const void* data, unsigned long cb, JET_GRBIT grbit) {
  if ((grbit & ~kMakeKeyGrbits) != 0) {
    return Status(JET_errInvalidGrbit, "unknown JetMakeKey grbit");
  }
  const size_t key_limit = index_.key_limit;

  if (grbit & JET_bitNormalizedKey) {
    if (data == nullptr && cb != 0) {
      return Status(JET_errInvalidParameter, "normalized key without data");
    }
    if (cb > key_limit + 1 && cb > JET_cbKeyMost) {
      return Status(JET_errInvalidParameter, "normalized key too long");
    }
    const size_t n = std::min<size_t>(cb, key_limit + 1);
    Reset();
    if (n != 0) bytes_.assign(static_cast<const char*>(data), n);
    segment_count_ = 1;
    made_ = true;
    if (n > key_limit) limit_ = KeyLimit::kNormalized;
    return Status::Ok();
  }

  if (grbit & JET_bitNewKey) {
    Reset();
  } else if (is_limit()) {
    return Status(JET_errKeyIsMade, "a limit ends the key");
  } else if (!made_) {
    return Status(JET_errKeyNotMade, "no key in progress");
  }

  if (segment_count_ >= static_cast<int>(index_.segments.size())) {
    return Status(JET_errKeyIsMade, "every key segment is given");
  }
  const SearchKeySegment& segment = index_.segments[segment_count_];
  if (segment.fixed_size != 0 && cb > 0 && cb != segment.fixed_size) {
    // ESE pads a shorter value of a fixed Text column; lmjet takes it as it
    // is (the codec has no fixed-width text).
    const bool short_fixed_text =
        engine::IsTextType(segment.codec.coltyp) && cb < segment.fixed_size;
    if (!short_fixed_text) {
      return Status(JET_errInvalidBufferSize, "wrong size for a fixed column");
    }
  }

  const JET_GRBIT options = grbit & kLimitOptionGrbits;
  if ((options & (options - 1)) != 0) {
    return Status(JET_errInvalidGrbit, "more than one limit option");
  }
  if ((options &
       (JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit)) != 0 &&
      !engine::IsTextType(segment.codec.coltyp) && !IsVariableBinary(segment)) {
    return Status(JET_errInvalidGrbit, "partial limit on a non-text column");
  }

  engine::KeyValue kind = engine::KeyValue::kData;
  if (cb == 0) {
    if (grbit & JET_bitKeyDataZeroLength) {
      if (segment.fixed_column) {
        return Status(JET_errInvalidBufferSize, "zero-length fixed column");
      }
      kind = engine::KeyValue::kZeroLength;
    } else {
      kind = engine::KeyValue::kNull;
    }
  }

  const KeyLimit requested = RequestedLimit(segment, grbit);
  // The segment is appended to bytes_ in place (no copy of the key so far);
  // on an error bytes_ is cut back, so a failed call changes nothing.
  const size_t old_size = bytes_.size();
  bool cut = truncated_;
  if (old_size < key_limit) {
    const size_t room = key_limit - old_size;
    // Encoding may stop once the segment is longer than room + 2: dropping
    // a 2-byte terminator then still leaves more than room bytes, so the
    // cut below gives the same key as the whole encoding would.
    const Status appended = engine::AppendKeySegment(
        segment.codec, kind, data, cb, &bytes_, key_limit + 2);
    if (!appended.ok()) {
      bytes_.resize(old_size);
      return appended;
    }
    const bool partial = requested == KeyLimit::kPartialColumnStart ||
                         requested == KeyLimit::kPartialColumnEnd;
    const bool has_terminator = kind == engine::KeyValue::kData &&
                                engine::FixedSizeOf(segment.codec.coltyp) == 0;
    if (partial && has_terminator && bytes_.size() - old_size <= room + 2) {
      bytes_.resize(bytes_.size() - 2);  // drop the 00 00 (FF FF) terminator
    }
    if (engine::TruncateKey(&bytes_, key_limit)) cut = true;
  } else {
    // The key is full: the segment adds no bytes (as in ESE), but its
    // value is still checked.
    cut = true;
    std::string scratch;
    LMJET_RETURN_IF_ERROR(
        engine::AppendKeySegment(segment.codec, kind, data, cb, &scratch, 0));
  }
  if (requested == KeyLimit::kFullColumnEnd ||
      requested == KeyLimit::kPartialColumnEnd) {
    bytes_.append(key_limit + 1 - bytes_.size(), '\xFF');
  }

  truncated_ = cut;
  limit_ = requested;
  ++segment_count_;
  made_ = true;
  return Status::Ok();
}

bool PrefixSuccessor(const std::string& prefix, std::string* successor) {
  std::string s = prefix;
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xFF) {
    s.pop_back();
  }
  if (s.empty()) return false;
  s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  *successor = std::move(s);
  return true;
}

bool KeyMatches(const std::string& key, const std::string& entry) {
  return entry.size() >= key.size() &&
         std::memcmp(entry.data(), key.data(), key.size()) == 0;
}

Status MakeSeekTarget(const SearchKey& key, JET_GRBIT grbit,
                      SeekTarget* target) {
  constexpr JET_GRBIT kDirections = JET_bitSeekEQ | JET_bitSeekLT |
                                    JET_bitSeekLE | JET_bitSeekGE |
                                    JET_bitSeekGT;
  const JET_GRBIT direction = grbit & kDirections;
  if (direction == 0) {
    return Status(JET_errInvalidParameter, "no seek direction");
  }
  if ((direction & (direction - 1)) != 0) {
    return Status(JET_errInvalidParameter, "more than one seek direction");
  }
  if (!key.made()) return Status(JET_errKeyNotMade, "no search key");

  SeekTarget t;
  t.direction = direction;
  t.key = key.bytes();
  t.key_truncated = key.truncated();
  t.equal_upper_past_end = !PrefixSuccessor(t.key, &t.equal_upper);
  switch (direction) {
    case JET_bitSeekEQ:
      t.op = SeekTarget::Op::kFirstAtOrAfter;
      t.bound = t.key;
      t.must_equal = true;
      t.set_index_range = (grbit & JET_bitSetIndexRange) != 0;
      t.check_uniqueness = (grbit & JET_bitCheckUniqueness) != 0;
      break;
    case JET_bitSeekGE:
      t.op = SeekTarget::Op::kFirstAtOrAfter;
      t.bound = t.key;
      t.warn_not_equal = true;
      break;
    case JET_bitSeekGT:
      t.op = SeekTarget::Op::kFirstAtOrAfter;
      t.bound = t.equal_upper;
      t.bound_past_end = t.equal_upper_past_end;
      break;
    case JET_bitSeekLE:
      t.op = SeekTarget::Op::kLastBefore;
      t.bound = t.equal_upper;
      t.bound_past_end = t.equal_upper_past_end;
      t.warn_not_equal = true;
      break;
    default:  // JET_bitSeekLT
      t.op = SeekTarget::Op::kLastBefore;
      t.bound = t.key;
      break;
  }
  *target = std::move(t);
  return Status::Ok();
}

Status ExecuteSeek(const SeekTarget& target,
                   const std::vector<std::string>& sorted, size_t* position) {
  // The first entry >= bound, or sorted.size().
  const size_t at =
      target.bound_past_end
          ? sorted.size()
          : static_cast<size_t>(
                std::lower_bound(sorted.begin(), sorted.end(), target.bound) -
                sorted.begin());
  size_t found;
  if (target.op == SeekTarget::Op::kFirstAtOrAfter) {
    if (at == sorted.size()) return Status(JET_errRecordNotFound);
    found = at;
  } else {
    if (at == 0) return Status(JET_errRecordNotFound);
    found = at - 1;
  }
  const bool equal = KeyMatches(target.key, sorted[found]);
  if (target.must_equal && !equal) return Status(JET_errRecordNotFound);
  *position = found;
  if (target.warn_not_equal && !equal) return Status(JET_wrnSeekNotEqual);
  return Status::Ok();
}

Status IndexRangeLimit(const SearchKey& key, JET_GRBIT grbit,
                       RangeLimit* limit) {
  RangeLimit r;
  if (grbit & JET_bitRangeRemove) {
    r.remove = true;
    *limit = std::move(r);
    return Status::Ok();
  }
  if (!key.made()) return Status(JET_errKeyNotMade, "no search key");
  r.upper = (grbit & JET_bitRangeUpperLimit) != 0;
  r.inclusive = (grbit & JET_bitRangeInclusive) != 0;
  r.instant_duration = (grbit & JET_bitRangeInstantDuration) != 0;
  r.key = key.bytes();
  r.key_truncated = key.truncated();
  *limit = std::move(r);
  return Status::Ok();
}

bool RangeContains(const RangeLimit& limit, const std::string& entry) {
  if (limit.remove) return true;
  if (limit.upper == limit.inclusive) {
    // Upper inclusive (entry < successor) or lower exclusive (entry >=
    // successor): compare with the successor of the key.
    std::string successor;
    const bool bounded = PrefixSuccessor(limit.key, &successor);
    const bool before = bounded && entry < successor;
    if (limit.upper) return !bounded || before;
    return bounded && !before;
  }
  return limit.upper ? entry < limit.key : !(entry < limit.key);
}

}  // namespace lmjet::cursor
