// db_bench-style workloads, each doing the same logical work on the same data
// through three engines: lmjet (the JET API), raw LMDB and SQLite.
// bench/db_bench_main.cc registers them as Google Benchmarks named
// "<workload>/<engine>"; bench/README.md ("## db_bench") describes each one.
//
// A Store is one engine's table of key -> value records (optionally with a
// secondary index on the first 8 bytes of the value); a Connection is one
// thread's way into it (an lmjet session and cursor, LMDB transactions, a
// SQLite connection). The workloads only speak to Connection, so every
// engine gets exactly the same sequence of operations.

#ifndef LMJET_BENCH_DB_BENCH_H_
#define LMJET_BENCH_DB_BENCH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_env.h"

namespace lmjet::bench {

// The flags of db_bench (bench/db_bench_main.cc), quick-profile defaults.
struct Params {
  size_t num = 20000;       // records of the table
  size_t key_size = 16;     // bytes per key
  size_t value_size = 100;  // bytes per value
  size_t threads = 2;       // sessions/threads of mixed
  size_t batch = 1000;      // operations per write transaction of the fills,
                            // overwrite and deleterandom
  size_t reads = 20000;     // operations of readrandom, readseq, readreverse,
                            // seekrandom (db_bench_main: --num unless given)
  size_t seek_nexts = 10;   // entries seekrandom reads after its seek
  size_t sync_num = 200;    // single-op commits of fillsync and filllazy
  size_t mixed_ops = 1000;  // operations per thread of mixed
  size_t write_pct = 10;    // percentage of mixed's operations that write
  size_t lv_size = 65536;   // bytes per long value of lvwrite and lvread
  size_t lv_num = 200;      // records of lvwrite and lvread
};

// The longest key lmjet indexes without truncating it: a Binary key
// segment without NUL bytes takes its size + 3 bytes of the 255-byte key
// (docs/file-format.md); longer keys would be cut and collide.
inline constexpr size_t kMaxKeySize = 252;

// Returns "" when `p` is usable, else what is wrong with it.
std::string CheckParams(const Params& p);

enum class Engine { kLmjet, kLmdb, kSqlite };
inline constexpr Engine kEngines[] = {Engine::kLmjet, Engine::kLmdb,
                                      Engine::kSqlite};
const char* EngineName(Engine e);  // "lmjet", "lmdb", "sqlite"

enum class Workload {
  kFillSeq,
  kFillRandom,
  kOverwrite,
  kReadRandom,
  kReadSeq,
  kReadReverse,
  kSeekRandom,
  kDeleteRandom,
  kFillIndexed,
  kMixed,
  kFillSync,
  kFillLazy,
  kLvWrite,
  kLvRead,
};
inline constexpr Workload kWorkloads[] = {
    Workload::kFillSeq,    Workload::kFillRandom,   Workload::kOverwrite,
    Workload::kReadRandom, Workload::kReadSeq,      Workload::kReadReverse,
    Workload::kSeekRandom, Workload::kDeleteRandom, Workload::kFillIndexed,
    Workload::kMixed,      Workload::kFillSync,     Workload::kFillLazy,
    Workload::kLvWrite,    Workload::kLvRead};
const char* WorkloadName(Workload w);  // "fillseq", ... as in the list above

using Result = CallResult;

// The random streams (Data::Random) of the workloads that pick records at
// random; thread t of mixed uses kMixedStream + t (op 2i: the record of op
// i, op 2i+1: below write_pct when it writes).
enum Stream : uint64_t {
  kOverwriteStream = 1,
  kReadStream = 2,
  kSeekStream = 3,
  kLvReadStream = 4,
  kMixedStream = 100,
};

// --- Data --------------------------------------------------------------------

// Keys, values and the random sequences every engine works with; all
// deterministic, so engines and runs get the same data.
class Data {
 public:
  explicit Data(const Params& p);

  const Params& params() const { return params_; }

  // Writes the key of record i to out: i in p.key_size decimal digits with
  // leading '0's, as LevelDB's db_bench makes them. Keys sort as their
  // numbers and hold no NUL byte (each would take two bytes of an lmjet key).
  void Key(uint64_t i, uint8_t* out) const;

  // The value of record i in its `generation` (0 at the fill, 1 after
  // overwrite/mixed writes): the start of max(value_size, lv_size) bytes of
  // a random pool (a prefix of them for the smaller values).
  const uint8_t* Value(uint64_t i, uint32_t generation) const;

  // The op-th number in [0, n) of random sequence `stream`. Stateless so
  // that a test can replay any sequence.
  static uint64_t Random(uint64_t stream, uint64_t op, uint64_t n);

  // A fixed random permutation of 0..p.num-1: fillrandom's, fillindexed's
  // and deleterandom's order.
  const std::vector<uint32_t>& order() const { return order_; }

 private:
  Params params_;
  std::vector<uint8_t> pool_;
  std::vector<uint32_t> order_;
};

// Order-dependent hash of the values a workload read: for each value
// (at least 8 bytes), h = h * 31 + its first 8 bytes as a host-order word.
inline uint64_t ChecksumStep(uint64_t h, const uint8_t* value) {
  uint64_t head;
  std::memcpy(&head, value, sizeof(head));
  return h * 31 + head;
}

// --- Engines -----------------------------------------------------------------

struct Bytes {
  const uint8_t* data;
  size_t size;
};

// One thread's way into a Store. Not thread-safe; each thread has its own.
// Every call returns the failing engine call and its code, or ok.
class Connection {
 public:
  virtual ~Connection() = default;

  // A write transaction around Insert/Replace/Remove, committed with the
  // store's durability (durable, or lazy for filllazy's store).
  virtual Result BeginWrite() = 0;
  virtual Result CommitWrite() = 0;
  virtual void AbortWrite() = 0;

  // A read snapshot around Get/Seek/Move.
  virtual Result BeginRead() = 0;
  virtual Result EndRead() = 0;

  // Inserts a record whose key must be new (a duplicate fails with the
  // engine's duplicate-key code). On an indexed store the index gets
  // value[0..8) || key.
  virtual Result Insert(Bytes key, Bytes value) = 0;
  // Replaces the value of an existing record (not on an indexed store).
  virtual Result Replace(Bytes key, Bytes value) = 0;
  // Deletes an existing record (not on an indexed store).
  virtual Result Remove(Bytes key) = 0;

  // Copies the value of existing record `key` to out (capacity cap) and
  // sets *size. A missing key fails (lmjet: JetSeek -1601; LMDB: mdb_get
  // MDB_NOTFOUND; SQLite: "SELECT: no row").
  virtual Result Get(Bytes key, uint8_t* out, size_t cap, size_t* size) = 0;

  // Cursor moves that copy the value they land on, like Get. *found is false
  // (and the result ok) past the end. kNext follows kFirst or SeekGE; kPrev
  // follows kLast.
  enum class Move { kFirst, kLast, kNext, kPrev };
  virtual Result MoveTo(Move move, uint8_t* out, size_t cap, size_t* size,
                        bool* found) = 0;
  // Positions on the first record whose key is >= key.
  virtual Result SeekGE(Bytes key, uint8_t* out, size_t cap, size_t* size,
                        bool* found) = 0;
};

struct StoreOptions {
  bool indexed = false;      // secondary index on value[0..8)
  bool lazy = false;         // lazy commits (see filllazy)
  bool long_values = false;  // values are p.lv_size bytes, not p.value_size
};

// One engine's table in its own directory; closing it removes the files.
class Store {
 public:
  virtual ~Store() = default;

  // A new connection, ready for BeginWrite/BeginRead.
  virtual Result Connect(std::unique_ptr<Connection>* out) = 0;

  // Counts the records, and the secondary index's entries (0 without one).
  virtual Result Count(uint64_t* records, uint64_t* index_entries) = 0;
};

// Creates an empty store of engine `e` in the directory `dir` (made here,
// removed with the store; it must not exist). lmjet stores share the
// process's instance, made on first use in `process_dir`. Every Connection
// must be destroyed before its Store. Returns "" or the error.
std::string OpenStore(Engine e, const std::string& process_dir,
                      const std::string& dir, const Params& p,
                      const StoreOptions& options, std::unique_ptr<Store>* out);

// --- Workloads ---------------------------------------------------------------

// What one run of a workload did on one connection.
struct RunStats {
  uint64_t ops = 0;
  uint64_t checksum = 0;  // ChecksumStep over the values read, in order
  std::vector<uint32_t> latencies_ns;  // one per op (saturating)
  std::vector<uint8_t> buffer;         // where reads copy values
};

// Sizes `stats` for a run of `w` (reserves the latencies, sizes the buffer)
// so that the run itself allocates nothing.
void PrepareRun(Workload w, const Params& p, RunStats* stats);

// The store workload `w` runs on.
StoreOptions OptionsFor(Workload w);
// The records `w` needs before it starts (records 0..n-1, generation 0, in
// key order): 0 for the fills, p.lv_num for lvread, else p.num.
size_t RecordsBefore(Workload w, const Params& p);
// The records (and index entries) the store holds after `w`, or -1 when
// that is not fixed (the reads leave RecordsBefore).
int64_t RecordsAfter(Workload w, const Params& p);

// Inserts records 0..n-1 (generation 0, values of p.lv_size bytes if
// long_values) in key order, p.batch per transaction: the untimed setup of
// the workloads that need records.
Result FillInOrder(Connection* c, const Data& d, size_t n, bool long_values);

// Runs the timed part of `w` on `c` as thread `thread` (mixed runs one per
// thread on one store; the others run on thread 0). Records one latency per
// op: one steady_clock read per op, an op's latency running from the end of
// the previous op, so it includes the begin or commit of the transaction
// the op opens or closes.
Result RunWorkload(Workload w, Connection* c, const Data& d, int thread,
                   RunStats* stats);

// --- Benchmarks --------------------------------------------------------------

// Registers "<workload>/<engine>" for every workload and engine, each run
// once per repetition in real time. `p` must outlive the runs.
void RegisterDbBenchmarks(const Params* p);

}  // namespace lmjet::bench

#endif  // LMJET_BENCH_DB_BENCH_H_
