#ifndef LMJET_CURSOR_SEARCH_KEY_H_
#define LMJET_CURSOR_SEARCH_KEY_H_

// The search key of a cursor: what JetMakeKey builds segment by segment, and
// what JetSeek and JetSetIndexRange compare with the entries of a
// memcmp-ordered index. Pure code over engine/key_codec: no LMDB, no
// session.
//
// "Equal" is a prefix test throughout. An index entry (a normalized index
// key, for a secondary index followed by the primary key) equals the search
// key X when its bytes start with X. Segment encodings are prefix-free
// (docs/file-format.md, "Key encoding"), so for a key made of all the
// index's segments this is plain key equality, a key with fewer segments
// matches every entry whose leading segments are those values, and a key cut
// at the index's limit matches every entry whose cut key is the same (ESE's
// SeekEQ on a truncated key, reference §8 item 22).
//
// With P(X) the entries that start with X, the five seek directions are:
//   SeekEQ  the first entry of P(X); none -> JET_errRecordNotFound
//   SeekGE  the first entry >= X; not in P(X) -> JET_wrnSeekNotEqual
//   SeekGT  the first entry after all of P(X)
//   SeekLE  the last entry before or in P(X); not in P(X) ->
//           JET_wrnSeekNotEqual
//   SeekLT  the last entry < X (before all of P(X))
// With S = PrefixSuccessor(X), the smallest byte string above every string
// that starts with X, "after all of P(X)" is "first entry >= S" and "before
// or in P(X)" is "last entry < S", so every direction is one of two memcmp
// operations an LMDB cursor does directly (MDB_SET_RANGE, and MDB_SET_RANGE
// then MDB_PREV, or MDB_LAST when nothing is >= the bound).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "api/esent.h"
#include "base/status.h"
#include "engine/key_codec.h"
#include "engine/schema.h"

namespace lmjet::cursor {

// How JetMakeKey treats one segment of the current index.
struct SearchKeySegment {
  engine::KeySegment codec;  // type, code page, direction, index flags
  // Non-zero: the size JetMakeKey data must have when cbData > 0 (the
  // fixed-size types, and Binary/Text columns declared JET_bitColumnFixed).
  uint32_t fixed_size = 0;
  bool fixed_column = false;  // stored in a fixed column (ids 1..127)
};

// What a search key needs to know about the index it is made for.
struct SearchKeyIndex {
  std::vector<SearchKeySegment> segments;
  // Keys are cut at this many bytes: the index's cbKeyMost, and at most
  // kLmdbMaxKeyBytes - 1 so that an end limit (one byte longer) still fits
  // an LMDB key. The index writer must cut stored keys at the same length.
  size_t key_limit = JET_cbKeyMost;
};

// Builds a SearchKeyIndex from an index definition and its table's columns.
// JET_errIndexInvalidDef for an index without segments, JET_errColumnNotFound
// for a segment whose column is not in `columns`.
Status MakeSearchKeyIndex(const engine::IndexDef& index,
                          const std::vector<engine::ColumnDef>& columns,
                          SearchKeyIndex* out);

// What the last JetMakeKey segment (or a normalized key) made of the key.
enum class KeyLimit {
  kNone,
  kFullColumnStart,     // JET_bitFullColumnStartLimit
  kFullColumnEnd,       // JET_bitFullColumnEndLimit, JET_bitStrLimit
  kPartialColumnStart,  // JET_bitPartialColumnStartLimit
  kPartialColumnEnd,    // JET_bitPartialColumnEndLimit, JET_bitSubStrLimit
  kNormalized,          // a JET_bitNormalizedKey longer than key_limit
};

// The JetMakeKey grbits lmjet accepts.
inline constexpr JET_GRBIT kMakeKeyGrbits =
    JET_bitNewKey | JET_bitStrLimit | JET_bitSubStrLimit |
    JET_bitNormalizedKey | JET_bitKeyDataZeroLength |
    JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit |
    JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit;

// The four limit options of which at most one may be given (ESE's
// JET_maskLimitOptions).
inline constexpr JET_GRBIT kLimitOptionGrbits =
    JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit |
    JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit;

class SearchKey {
 public:
  explicit SearchKey(SearchKeyIndex index);

  // JetMakeKey (fldnorm.cxx ErrIsamMakeKey), checked in ESE's order:
  //  1. grbit bits outside kMakeKeyGrbits: JET_errInvalidGrbit.
  //  2. JET_bitNormalizedKey: `data` is a whole normalized key and replaces
  //     the key (other bits ignored). More than key_limit + 1 bytes, and more
  //     than JET_cbKeyMost: JET_errInvalidParameter; data null with cb > 0:
  //     JET_errInvalidParameter. It counts as one segment; longer than
  //     key_limit makes it a limit (kNormalized).
  //  3. JET_bitNewKey discards the key in progress (even if a later check
  //     fails). Without it: a limit was applied -> JET_errKeyIsMade; no key
  //     in progress -> JET_errKeyNotMade.
  //  4. Every segment of the index already given: JET_errKeyIsMade.
  //  5. A fixed_size segment with 0 < cb != fixed_size:
  //     JET_errInvalidBufferSize.
  //  6. More than one of kLimitOptionGrbits, or a partial limit on a column
  //     that is neither Text/LongText nor a variable Binary/LongBinary:
  //     JET_errInvalidGrbit.
  //  7. The codec's errors (engine/key_codec.h): JET_bitKeyDataZeroLength on
  //     a fixed-size type or fixed column -> JET_errInvalidBufferSize, a bad
  //     code page or odd cp 1200 size -> JET_errInvalidCodePage, data null
  //     with cb > 0 -> JET_errInvalidParameter.
  // On an error after step 3 the key is as before the call (step 3's reset
  // aside). cb == 0 is NULL unless JET_bitKeyDataZeroLength (zero-length);
  // JET_bitKeyDataZeroLength with cb > 0 is ignored.
  //
  // The bytes of a segment with a limit (V = the segment's ordinary
  // encoding, inverted for a descending segment; T = V without its 2-byte
  // terminator for a Text/Binary data value, else V; K = the key before the
  // segment; the result is then cut at key_limit, and end limits are padded
  // after the cut):
  //   FullColumnStart    K + V                    (an ordinary key, but final)
  //   PartialColumnStart K + T                    (a text/binary prefix)
  //   FullColumnEnd      K + V + 0xFF... to key_limit + 1 bytes
  //   PartialColumnEnd   K + T + 0xFF... to key_limit + 1 bytes
  // A start limit is <= every entry that starts with it; an end limit, one
  // byte longer than any stored index key, is > every index key that starts
  // with K + V (resp. K + T). The legacy bits map as ESE maps them when no
  // limit option is given: SubStrLimit on Text/LongText = PartialColumnEnd;
  // otherwise StrLimit = PartialColumnEnd on a variable Binary/LongBinary and
  // FullColumnEnd on every other column; SubStrLimit alone on a non-text
  // column does nothing. A limit option wins over them.
  Status MakeKey(const void* data, unsigned long cb, JET_GRBIT grbit);

  bool made() const { return made_; }
  int segment_count() const { return segment_count_; }
  const std::string& bytes() const { return bytes_; }
  bool is_limit() const { return limit_ != KeyLimit::kNone; }
  KeyLimit limit() const { return limit_; }
  // The key was cut at key_limit: entries that differ past the cut match it.
  bool truncated() const { return truncated_; }
  const SearchKeyIndex& index() const { return index_; }

  // No key in progress (JetSeek and JetSetIndexRange consume the key).
  void Reset();

 private:
  SearchKeyIndex index_;
  std::string bytes_;
  int segment_count_ = 0;
  bool made_ = false;
  bool truncated_ = false;
  KeyLimit limit_ = KeyLimit::kNone;
};

// The smallest byte string greater than every string that starts with
// `prefix`: trailing 0xFF bytes dropped, the last remaining byte plus one.
// False (no such string: every string >= prefix starts with it) when
// `prefix` is empty or all 0xFF.
bool PrefixSuccessor(const std::string& prefix, std::string* successor);

// True if `entry` starts with `key`.
bool KeyMatches(const std::string& key, const std::string& entry);

// How a cursor executes JetSeek against a memcmp-ordered index.
struct SeekTarget {
  JET_GRBIT direction = 0;  // exactly one of JET_bitSeekEQ/LT/LE/GE/GT
  enum class Op {
    kFirstAtOrAfter,  // the first entry >= bound (MDB_SET_RANGE)
    kLastBefore,      // the last entry < bound
  };
  Op op = Op::kFirstAtOrAfter;
  std::string bound;
  // The bound is past every entry (PrefixSuccessor had none): kFirstAtOrAfter
  // finds nothing, kLastBefore finds the last entry of the index.
  bool bound_past_end = false;
  // The search key: an entry "equals" it when it starts with it, and the
  // equal entries are the range [key, equal_upper) (equal_upper_past_end:
  // up to the end of the index).
  std::string key;
  std::string equal_upper;
  bool equal_upper_past_end = false;
  bool key_truncated = false;
  // SeekEQ: an entry that does not equal the key is JET_errRecordNotFound.
  bool must_equal = false;
  // SeekGE/SeekLE: an entry that does not equal the key is reported with
  // JET_wrnSeekNotEqual.
  bool warn_not_equal = false;
  // SeekEQ with JET_bitSetIndexRange: after a hit, set an inclusive upper
  // range on the key (as JetSetIndexRange(RangeInclusive | RangeUpperLimit)).
  bool set_index_range = false;
  // SeekEQ with JET_bitCheckUniqueness: JET_wrnUniqueKey may be returned
  // when the hit is the only equal entry (it then takes the place of
  // set_index_range, as in ESE).
  bool check_uniqueness = false;
};

// Validates a JetSeek grbit against the key (rec.cxx ErrIsamSeek): none of
// the five directions, or more than one -> JET_errInvalidParameter; no key
// made -> JET_errKeyNotMade. JET_bitSetIndexRange and JET_bitCheckUniqueness
// are accepted with any direction and act only with SeekEQ; other bits are
// ignored, as ESE ignores them. The caller consumes the key (Reset()) on
// every path past these checks.
Status MakeSeekTarget(const SearchKey& key, JET_GRBIT grbit,
                      SeekTarget* target);

// Executes `target` over `sorted` (ascending memcmp order): the reference
// semantics for the cursor, and the sort layer's in-memory seek. Returns
// JET_errSuccess, JET_wrnSeekNotEqual or JET_errRecordNotFound, and sets
// `*position` on success or warning.
Status ExecuteSeek(const SeekTarget& target,
                   const std::vector<std::string>& sorted, size_t* position);

// A JetSetIndexRange request (rec.cxx ErrIsamSetIndexRange).
struct RangeLimit {
  bool remove = false;     // JET_bitRangeRemove: drop the range, nothing else
  bool upper = false;      // JET_bitRangeUpperLimit, else a lower limit
  bool inclusive = false;  // JET_bitRangeInclusive
  bool instant_duration = false;  // check the current entry, keep no range
  std::string key;
  bool key_truncated = false;
};

// JET_bitRangeRemove needs no key (and the caller answers
// JET_errInvalidOperation when no range is set); every other request needs a
// key made (JET_errKeyNotMade), which the caller then consumes. Other grbit
// bits are ignored, as in ESE.
Status IndexRangeLimit(const SearchKey& key, JET_GRBIT grbit,
                       RangeLimit* limit);

// Whether `entry` is on the inside of `limit` (prefix equality as above):
//   upper inclusive: entry < PrefixSuccessor(key)  (before or equal)
//   upper exclusive: entry < key                   (before, not equal)
//   lower inclusive: entry >= key                  (equal or after)
//   lower exclusive: entry >= PrefixSuccessor(key) (after, not equal)
// A removal limit contains everything.
bool RangeContains(const RangeLimit& limit, const std::string& entry);

}  // namespace lmjet::cursor

#endif  // LMJET_CURSOR_SEARCH_KEY_H_
