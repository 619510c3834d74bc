/* lmjet catalog: a small book catalog, the way a typical ESENT program
 * builds and queries one, in plain C.
 *
 * Creates a database with a "books" table (JetCreateTableColumnIndex: a
 * primary index, a two-column secondary index, a descending index and an
 * index over a multi-valued tagged column) and an "authors" table
 * (JetCreateTable, JetAddColumn, JetCreateIndex), looks the column ids up again
 * after reopening the tables, inserts authors and books in transactions, prints
 * a report (index ranges, a join by seeking, the most expensive books, books by
 * tag with every tag of each, index counts), then updates, deletes, rolls an
 * insert back and shows a second session's snapshot isolation.
 *
 *   ./bazelw run //examples:catalog [-- <directory>]
 */

#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/esent.h"

static int failures = 0;

/* Prints one step and its JET_ERR; counts unexpected results. */
static int step(const char* what, JET_ERR err, JET_ERR expected) {
  printf("  %-58s -> %ld%s\n", what, err,
         err == expected ? "" : "   (UNEXPECTED)");
  if (err != expected) ++failures;
  return err == expected;
}

/* As step(), for the many routine calls: prints only an unexpected result. */
static int check(const char* what, JET_ERR err, JET_ERR expected) {
  if (err == expected) return 1;
  printf("  %-58s -> %ld   (UNEXPECTED, expected %ld)\n", what, err, expected);
  ++failures;
  return 0;
}

/* A fact the program checks (a value, not a JET_ERR). */
static void expect(const char* what, int holds) {
  printf("  %-58s    %s\n", what, holds ? "ok" : "(UNEXPECTED)");
  if (!holds) ++failures;
}

/* A value that differs from what the program stored: counted, printed. */
static void mismatch(const char* what) {
  printf("  %-58s    (UNEXPECTED)\n", what);
  ++failures;
}

/* --- Data ---------------------------------------------------------------- */

/* JET_coltypCurrency is an 8-byte integer in units of 1/10000. */
#define CURRENCY(dollars, cents) \
  (INT64_C(10000) * (dollars) + INT64_C(100) * (cents))

typedef struct {
  int32_t id;
  const char* name;
  const char* country;
} Author;

typedef struct {
  int32_t id;
  const char* title;
  int32_t author_id;
  int64_t price;
  int year;
  const char* tags[3];
} Book;

static const Author kAuthors[] = {
    {1, "Le Guin, Ursula K.", "US"}, {2, "Tolkien, J. R. R.", "UK"},
    {3, "Herbert, Frank", "US"},     {4, "Lem, Stanislaw", "PL"},
    {5, "Asimov, Isaac", "US"},      {6, "Jemisin, N. K.", "US"},
    {7, "Pratchett, Terry", "UK"},
    /* Jemisin has no books in the catalog: a seek between two authors' books
     * that must not match either. */
};
#define N_AUTHORS (sizeof(kAuthors) / sizeof(kAuthors[0]))

static const Book kBooks[] = {
    {101,
     "The Left Hand of Darkness",
     1,
     CURRENCY(8, 99),
     1969,
     {"scifi", "hugo", "nebula"}},
    {102,
     "The Dispossessed",
     1,
     CURRENCY(9, 99),
     1974,
     {"scifi", "hugo", "nebula"}},
    {103, "A Wizard of Earthsea", 1, CURRENCY(7, 99), 1968, {"fantasy"}},
    {104, "The Lathe of Heaven", 1, CURRENCY(10, 50), 1971, {"scifi"}},
    {201, "The Hobbit", 2, CURRENCY(12, 0), 1937, {"fantasy", "classic"}},
    {202,
     "The Fellowship of the Ring",
     2,
     CURRENCY(14, 95),
     1954,
     {"fantasy", "classic"}},
    {203, "The Two Towers", 2, CURRENCY(14, 75), 1954, {"fantasy", "classic"}},
    {204,
     "The Return of the King",
     2,
     CURRENCY(15, 50),
     1955,
     {"fantasy", "classic"}},
    {205, "The Silmarillion", 2, CURRENCY(18, 0), 1977, {"fantasy"}},
    {301, "Dune", 3, CURRENCY(19, 99), 1965, {"scifi", "hugo", "nebula"}},
    {302, "Dune Messiah", 3, CURRENCY(11, 25), 1969, {"scifi"}},
    {303, "Children of Dune", 3, CURRENCY(11, 75), 1976, {NULL}},
    {401, "Solaris", 4, CURRENCY(13, 40), 1961, {"scifi", "classic"}},
    {402, "The Cyberiad", 4, CURRENCY(9, 25), 1965, {"scifi", "humour"}},
    {403, "His Master's Voice", 4, CURRENCY(10, 10), 1968, {NULL}},
    {501, "Foundation", 5, CURRENCY(8, 49), 1951, {"scifi", "classic"}},
    {502, "I, Robot", 5, CURRENCY(7, 49), 1950, {"scifi"}},
    {503,
     "The Gods Themselves",
     5,
     CURRENCY(9, 49),
     1972,
     {"scifi", "hugo", "nebula"}},
    {701,
     "The Colour of Magic",
     7,
     CURRENCY(8, 25),
     1983,
     {"fantasy", "humour"}},
    {702, "Small Gods", 7, CURRENCY(9, 75), 1992, {"fantasy", "humour"}},
};
#define N_BOOKS (sizeof(kBooks) / sizeof(kBooks[0]))

/* Values of the multi-valued tags column, over all books. */
static unsigned long total_tags(void) {
  unsigned long n = 0;
  for (size_t i = 0; i < N_BOOKS; ++i) {
    for (int j = 0; j < 3 && kBooks[i].tags[j] != NULL; ++j) ++n;
  }
  return n;
}
#define N_TAGS total_tags()

/* --- OLE dates (JET_coltypDateTime): days since 1899-12-30 -----------------
 */

static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static long year_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return (long)yoe + era * 400 + (m <= 2);
}

static double ole_date(int year, unsigned month, unsigned day) {
  return (double)(days_from_civil(year, month, day) -
                  days_from_civil(1899, 12, 30));
}

static int ole_year(double date) {
  return (int)year_from_days((long)date + days_from_civil(1899, 12, 30));
}

/* --- Column ids, as looked up after opening the tables ---------------------
 */

static JET_COLUMNID col_book_id, col_title, col_author_id, col_price,
    col_published, col_tags;
static JET_COLUMNID col_a_id, col_a_name, col_a_country;

/* --- Small helpers over the API --------------------------------------------
 */

static int32_t get_long(JET_SESID s, JET_TABLEID t, JET_COLUMNID c) {
  int32_t v = 0;
  unsigned long cb = 0;
  check("JetRetrieveColumn(Long)",
        JetRetrieveColumn(s, t, c, &v, sizeof(v), &cb, 0, NULL),
        JET_errSuccess);
  return v;
}

static int64_t get_currency(JET_SESID s, JET_TABLEID t, JET_COLUMNID c) {
  int64_t v = 0;
  unsigned long cb = 0;
  check("JetRetrieveColumn(Currency)",
        JetRetrieveColumn(s, t, c, &v, sizeof(v), &cb, 0, NULL),
        JET_errSuccess);
  return v;
}

static double get_date(JET_SESID s, JET_TABLEID t, JET_COLUMNID c) {
  double v = 0;
  unsigned long cb = 0;
  check("JetRetrieveColumn(DateTime)",
        JetRetrieveColumn(s, t, c, &v, sizeof(v), &cb, 0, NULL),
        JET_errSuccess);
  return v;
}

/* Retrieves a Text value (occurrence itag, 1-based) into buf; returns the
 * JET_ERR (JET_wrnColumnNull past the last value of a multi-valued column). */
static JET_ERR get_text_tag(JET_SESID s, JET_TABLEID t, JET_COLUMNID c,
                            unsigned long itag, char* buf, size_t cb_buf) {
  JET_RETINFO retinfo;
  memset(&retinfo, 0, sizeof(retinfo));
  retinfo.cbStruct = sizeof(retinfo);
  retinfo.itagSequence = itag;
  unsigned long cb = 0;
  const JET_ERR err = JetRetrieveColumn(s, t, c, buf, (unsigned long)cb_buf - 1,
                                        &cb, 0, &retinfo);
  buf[err == JET_errSuccess && cb < cb_buf ? cb : 0] = '\0';
  return err;
}

static void get_text(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, char* buf,
                     size_t cb_buf) {
  check("JetRetrieveColumn(Text)", get_text_tag(s, t, c, 1, buf, cb_buf),
        JET_errSuccess);
}

static void format_price(int64_t price, char* buf, size_t cb) {
  snprintf(buf, cb, "$%lld.%02lld", (long long)(price / 10000),
           (long long)(price % 10000 / 100));
}

/* Seeks t (on an index whose first column is a Long) to the key. */
static JET_ERR seek_long(JET_SESID s, JET_TABLEID t, int32_t key) {
  const JET_ERR err = JetMakeKey(s, t, &key, sizeof(key), JET_bitNewKey);
  if (err != JET_errSuccess) return err;
  return JetSeek(s, t, JET_bitSeekEQ);
}

/* Seeks on the primary index (JetSetCurrentIndex(NULL) first). */
static JET_ERR seek_primary(JET_SESID s, JET_TABLEID t, int32_t key) {
  const JET_ERR err = JetSetCurrentIndex(s, t, NULL);
  if (err != JET_errSuccess) return err;
  return seek_long(s, t, key);
}

/* All entries of an index: JetMove(JET_MoveFirst), then JetIndexRecordCount
 * (which counts from the current entry to the end). */
static unsigned long count_index(JET_SESID s, JET_TABLEID t,
                                 const char* index) {
  unsigned long count = 0;
  check("JetSetCurrentIndex", JetSetCurrentIndex(s, t, index), JET_errSuccess);
  const JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
  if (err == JET_errNoCurrentRecord) return 0;
  check("JetMove(JET_MoveFirst)", err, JET_errSuccess);
  check("JetIndexRecordCount", JetIndexRecordCount(s, t, &count, 0),
        JET_errSuccess);
  return count;
}

/* The by_tag entries for one tag: seek, range, count. */
static unsigned long count_tag(JET_SESID s, JET_TABLEID t, const char* tag) {
  unsigned long count = 0;
  check("JetSetCurrentIndex(by_tag)", JetSetCurrentIndex(s, t, "by_tag"),
        JET_errSuccess);
  check("JetMakeKey(tag)",
        JetMakeKey(s, t, tag, (unsigned long)strlen(tag), JET_bitNewKey),
        JET_errSuccess);
  const JET_ERR err = JetSeek(s, t, JET_bitSeekEQ);
  if (err == JET_errRecordNotFound) return 0;
  check("JetSeek(by_tag, SeekEQ)", err, JET_errSuccess);
  check("JetMakeKey(tag)",
        JetMakeKey(s, t, tag, (unsigned long)strlen(tag), JET_bitNewKey),
        JET_errSuccess);
  check("JetSetIndexRange(UpperLimit | Inclusive)",
        JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive),
        JET_errSuccess);
  check("JetIndexRecordCount(range)", JetIndexRecordCount(s, t, &count, 0),
        JET_errSuccess);
  return count;
}

static void show_tag_count(JET_SESID s, JET_TABLEID t, const char* tag,
                           unsigned long expected) {
  char what[128];
  const unsigned long n = count_tag(s, t, tag);
  snprintf(what, sizeof(what), "books tagged %s: %lu", tag, n);
  expect(what, n == expected);
}

/* Records, books tagged "humour", and by_tag entries, as this cursor sees
 * them. */
static void show_counts(JET_SESID s, JET_TABLEID t, unsigned long books,
                        unsigned long humour, unsigned long tags) {
  char what[128];
  const unsigned long n_books = count_index(s, t, NULL);
  const unsigned long n_humour = count_tag(s, t, "humour");
  const unsigned long n_tags = count_index(s, t, "by_tag");
  snprintf(what, sizeof(what),
           "books: %lu, tagged humour: %lu, by_tag entries: %lu", n_books,
           n_humour, n_tags);
  expect(what, n_books == books && n_humour == humour && n_tags == tags);
}

/* The join: an author's name, by seeking the authors table's primary index. */
static void author_name(JET_SESID s, JET_TABLEID authors_pk, int32_t author_id,
                        char* buf, size_t cb) {
  if (!check("JetSeek(authors, author_id, SeekEQ)",
             seek_long(s, authors_pk, author_id), JET_errSuccess)) {
    snprintf(buf, cb, "?");
    return;
  }
  get_text(s, authors_pk, col_a_name, buf, cb);
}

/* Inserts one book through an open cursor (the caller holds a transaction). */
static JET_ERR insert_book(JET_SESID s, JET_TABLEID books, const Book* b,
                           unsigned char* bookmark,
                           unsigned long* cb_bookmark) {
  const double published = ole_date(b->year, 1, 1);
  check("JetPrepareUpdate(books, JET_prepInsert)",
        JetPrepareUpdate(s, books, JET_prepInsert), JET_errSuccess);
  check("JetSetColumn(book_id)",
        JetSetColumn(s, books, col_book_id, &b->id, sizeof(b->id), 0, NULL),
        JET_errSuccess);
  check("JetSetColumn(title)",
        JetSetColumn(s, books, col_title, b->title,
                     (unsigned long)strlen(b->title), 0, NULL),
        JET_errSuccess);
  check("JetSetColumn(author_id)",
        JetSetColumn(s, books, col_author_id, &b->author_id,
                     sizeof(b->author_id), 0, NULL),
        JET_errSuccess);
  check("JetSetColumn(price)",
        JetSetColumn(s, books, col_price, &b->price, sizeof(b->price), 0, NULL),
        JET_errSuccess);
  check("JetSetColumn(published)",
        JetSetColumn(s, books, col_published, &published, sizeof(published), 0,
                     NULL),
        JET_errSuccess);
  for (int i = 0; i < 3 && b->tags[i] != NULL; ++i) {
    JET_SETINFO setinfo;
    memset(&setinfo, 0, sizeof(setinfo));
    setinfo.cbStruct = sizeof(setinfo);
    setinfo.itagSequence = 0; /* append a new value */
    check("JetSetColumn(tags, itagSequence 0 = append)",
          JetSetColumn(s, books, col_tags, b->tags[i],
                       (unsigned long)strlen(b->tags[i]), 0, &setinfo),
          JET_errSuccess);
  }
  return JetUpdate(s, books, bookmark, JET_cbBookmarkMost, cb_bookmark);
}

/* Column ids by name: JetGetTableColumnInfo(JET_ColInfo). */
static JET_COLUMNID lookup_column(JET_SESID s, JET_TABLEID t, const char* name,
                                  JET_COLTYP coltyp, JET_COLUMNID created) {
  JET_COLUMNDEF def;
  memset(&def, 0, sizeof(def));
  char what[96];
  snprintf(what, sizeof(what), "JetGetTableColumnInfo(\"%s\", JET_ColInfo)",
           name);
  if (!step(what,
            JetGetTableColumnInfo(s, t, name, &def, sizeof(def), JET_ColInfo),
            JET_errSuccess)) {
    return created;
  }
  if (def.columnid != created || def.coltyp != coltyp) {
    printf(
        "  %-58s    (UNEXPECTED: columnid %lu coltyp %lu, created as "
        "%lu coltyp %lu)\n",
        name, def.columnid, def.coltyp, created, coltyp);
    ++failures;
  }
  return def.columnid;
}

static int column_in_range(JET_COLUMNID id, JET_COLUMNID lo, JET_COLUMNID hi) {
  return id >= lo && id <= hi;
}

int main(int argc, char** argv) {
  char dir[4096];
  const int own_dir = argc <= 1;
  if (!own_dir) {
    snprintf(dir, sizeof(dir), "%s", argv[1]);
  } else {
    const char* tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/lmjet-catalog-XXXXXX",
             tmp != NULL ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
      perror("mkdtemp");
      return 1;
    }
  }
  char path[4200], db[4300];
  snprintf(path, sizeof(path), "%s/", dir);
  snprintf(db, sizeof(db), "%s/catalog.edb", dir);
  printf("lmjet catalog in %s\n\n", dir);

  JET_INSTANCE instance = 0;
  JET_SESID sesid = JET_sesidNil, reader = JET_sesidNil;
  JET_DBID dbid = JET_dbidNil, reader_dbid = JET_dbidNil;
  JET_TABLEID books = JET_tableidNil, authors = JET_tableidNil,
              authors_pk = JET_tableidNil, reader_books = JET_tableidNil;
  unsigned char bookmark[JET_cbBookmarkMost];
  unsigned long cb_bookmark = 0;
  char what[320];

  /* 1. Instance, session, database -------------------------------------- */
  printf("Instance, session and database\n");
  step("JetCreateInstance(\"catalog\")",
       JetCreateInstance(&instance, "catalog"), JET_errSuccess);
  step("JetSetSystemParameter(SystemPath)",
       JetSetSystemParameter(&instance, 0, JET_paramSystemPath, 0, path),
       JET_errSuccess);
  step("JetSetSystemParameter(LogFilePath)",
       JetSetSystemParameter(&instance, 0, JET_paramLogFilePath, 0, path),
       JET_errSuccess);
  step("JetSetSystemParameter(TempPath)",
       JetSetSystemParameter(&instance, 0, JET_paramTempPath, 0, path),
       JET_errSuccess);
  step("JetInit", JetInit(&instance), JET_errSuccess);
  step("JetBeginSession", JetBeginSession(instance, &sesid, "", ""),
       JET_errSuccess);
  step("JetCreateDatabase(catalog.edb)",
       JetCreateDatabase(sesid, db, NULL, &dbid, 0), JET_errSuccess);

  /* 2. Schema ------------------------------------------------------------- */
  printf("\nThe books table: JetCreateTableColumnIndex\n");
  {
    static char kPrimaryKey[] = "+book_id\0";
    static char kByAuthorKey[] = "+author_id\0+title\0";
    static char kByPriceKey[] = "-price\0";
    static char kByTagKey[] = "+tags\0";
    JET_COLUMNCREATE_A columns[6];
    JET_INDEXCREATE_A indexes[4];
    JET_TABLECREATE_A create;
    memset(columns, 0, sizeof(columns));
    memset(indexes, 0, sizeof(indexes));
    memset(&create, 0, sizeof(create));
    static const struct {
      const char* name;
      JET_COLTYP coltyp;
      unsigned long cbMax;
      JET_GRBIT grbit;
      unsigned long cp;
    } kColumns[6] = {
        {"book_id", JET_coltypLong, 0, JET_bitColumnNotNULL, 0},
        {"title", JET_coltypText, 200, 0, 1252},
        {"author_id", JET_coltypLong, 0, 0, 0},
        {"price", JET_coltypCurrency, 0, 0, 0},
        {"published", JET_coltypDateTime, 0, 0, 0},
        {"tags", JET_coltypText, 32,
         JET_bitColumnTagged | JET_bitColumnMultiValued, 1252},
    };
    for (int i = 0; i < 6; ++i) {
      columns[i].cbStruct = sizeof(JET_COLUMNCREATE_A);
      columns[i].szColumnName = (char*)kColumns[i].name;
      columns[i].coltyp = kColumns[i].coltyp;
      columns[i].cbMax = kColumns[i].cbMax;
      columns[i].grbit = kColumns[i].grbit;
      columns[i].cp = kColumns[i].cp;
      columns[i].columnid = JET_columnidNil;
      columns[i].err = -1; /* must be overwritten */
    }
    static const struct {
      const char* name;
      char* key;
      unsigned long cbKey;
      JET_GRBIT grbit;
    } kIndexes[4] = {
        {"primary", kPrimaryKey, sizeof(kPrimaryKey),
         JET_bitIndexPrimary | JET_bitIndexUnique},
        {"by_author", kByAuthorKey, sizeof(kByAuthorKey), 0},
        {"by_price_desc", kByPriceKey, sizeof(kByPriceKey), 0},
        {"by_tag", kByTagKey, sizeof(kByTagKey), JET_bitIndexIgnoreAnyNull},
    };
    for (int i = 0; i < 4; ++i) {
      indexes[i].cbStruct = sizeof(JET_INDEXCREATE_A);
      indexes[i].szIndexName = (char*)kIndexes[i].name;
      indexes[i].szKey = kIndexes[i].key;
      indexes[i].cbKey = kIndexes[i].cbKey;
      indexes[i].grbit = kIndexes[i].grbit;
      indexes[i].ulDensity = 100;
      indexes[i].err = -1; /* must be overwritten */
    }
    create.cbStruct = sizeof(create);
    create.szTableName = "books";
    create.ulPages = 16;
    create.ulDensity = 100;
    create.rgcolumncreate = columns;
    create.cColumns = 6;
    create.rgindexcreate = indexes;
    create.cIndexes = 4;
    create.tableid = JET_tableidNil;
    step("JetCreateTableColumnIndex(books: 6 columns, 4 indexes)",
         JetCreateTableColumnIndex(sesid, dbid, &create), JET_errSuccess);
    snprintf(what, sizeof(what),
             "cCreated == 11 (table + 6 columns + 4 indexes): %lu",
             create.cCreated);
    expect(what, create.cCreated == 11);
    int all_ok = 1;
    for (int i = 0; i < 6; ++i) all_ok &= columns[i].err == JET_errSuccess;
    for (int i = 0; i < 4; ++i) all_ok &= indexes[i].err == JET_errSuccess;
    expect("every rgcolumncreate[i].err and rgindexcreate[i].err is 0", all_ok);
    expect("book_id, author_id, price, published: fixed ids (1-127)",
           column_in_range(columns[0].columnid, 1, 127) &&
               column_in_range(columns[2].columnid, 1, 127) &&
               column_in_range(columns[3].columnid, 1, 127) &&
               column_in_range(columns[4].columnid, 1, 127));
    expect("title: a variable id (128-255)",
           column_in_range(columns[1].columnid, 128, 255));
    expect("tags: a tagged id (256 and up)",
           column_in_range(columns[5].columnid, 256, JET_ccolMost));
    col_book_id = columns[0].columnid;
    col_title = columns[1].columnid;
    col_author_id = columns[2].columnid;
    col_price = columns[3].columnid;
    col_published = columns[4].columnid;
    col_tags = columns[5].columnid;
    expect("a tableid is returned", create.tableid != JET_tableidNil);
    if (create.tableid != JET_tableidNil) {
      step("JetCloseTable(books, as created)",
           JetCloseTable(sesid, create.tableid), JET_errSuccess);
    }
  }

  printf("\nThe authors table: JetCreateTable, JetAddColumn, JetCreateIndex\n");
  {
    static const char kPrimaryKey[] = "+author_id\0";
    static const char kByCountryKey[] = "+country\0+name\0";
    JET_TABLEID t = JET_tableidNil;
    JET_COLUMNDEF def;
    step("JetBeginTransaction (the DDL is transactional)",
         JetBeginTransaction(sesid), JET_errSuccess);
    step("JetCreateTable(authors)",
         JetCreateTable(sesid, dbid, "authors", 16, 100, &t), JET_errSuccess);
    memset(&def, 0, sizeof(def));
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnNotNULL;
    step("JetAddColumn(author_id, Long, NotNULL)",
         JetAddColumn(sesid, t, "author_id", &def, NULL, 0, &col_a_id),
         JET_errSuccess);
    memset(&def, 0, sizeof(def));
    def.cbStruct = sizeof(def);
    def.coltyp = JET_coltypText;
    def.cp = 1252;
    def.cbMax = 100;
    step("JetAddColumn(name, Text)",
         JetAddColumn(sesid, t, "name", &def, NULL, 0, &col_a_name),
         JET_errSuccess);
    step("JetAddColumn(country, Text)",
         JetAddColumn(sesid, t, "country", &def, NULL, 0, &col_a_country),
         JET_errSuccess);
    step("JetCreateIndex(primary, \"+author_id\")",
         JetCreateIndex(sesid, t, "primary",
                        JET_bitIndexPrimary | JET_bitIndexUnique, kPrimaryKey,
                        sizeof(kPrimaryKey), 100),
         JET_errSuccess);
    step("JetCreateIndex(by_country, \"+country\\0+name\")",
         JetCreateIndex(sesid, t, "by_country", 0, kByCountryKey,
                        sizeof(kByCountryKey), 100),
         JET_errSuccess);
    step("JetCloseTable(authors, as created)", JetCloseTable(sesid, t),
         JET_errSuccess);
    step("JetCommitTransaction", JetCommitTransaction(sesid, 0),
         JET_errSuccess);
    expect("author_id fixed, name and country variable ids",
           column_in_range(col_a_id, 1, 127) &&
               column_in_range(col_a_name, 128, 255) &&
               column_in_range(col_a_country, 128, 255));
  }

  /* 3. Reopen and look the columns up ------------------------------------- */
  printf("\nReopening the tables and looking the columns up by name\n");
  step("JetOpenTable(books)",
       JetOpenTable(sesid, dbid, "books", NULL, 0, 0, &books), JET_errSuccess);
  step("JetOpenTable(authors)",
       JetOpenTable(sesid, dbid, "authors", NULL, 0, 0, &authors),
       JET_errSuccess);
  col_book_id =
      lookup_column(sesid, books, "book_id", JET_coltypLong, col_book_id);
  col_title = lookup_column(sesid, books, "title", JET_coltypText, col_title);
  col_author_id =
      lookup_column(sesid, books, "author_id", JET_coltypLong, col_author_id);
  col_price =
      lookup_column(sesid, books, "price", JET_coltypCurrency, col_price);
  col_published = lookup_column(sesid, books, "published", JET_coltypDateTime,
                                col_published);
  col_tags = lookup_column(sesid, books, "tags", JET_coltypText, col_tags);
  col_a_id =
      lookup_column(sesid, authors, "author_id", JET_coltypLong, col_a_id);
  col_a_name =
      lookup_column(sesid, authors, "name", JET_coltypText, col_a_name);
  col_a_country =
      lookup_column(sesid, authors, "country", JET_coltypText, col_a_country);
  {
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof(def));
    JetGetTableColumnInfo(sesid, books, "tags", &def, sizeof(def), JET_ColInfo);
    expect("tags reports JET_bitColumnTagged | JET_bitColumnMultiValued",
           (def.grbit & (JET_bitColumnTagged | JET_bitColumnMultiValued)) ==
               (JET_bitColumnTagged | JET_bitColumnMultiValued));
    step("JetGetTableColumnInfo(\"isbn\"): no such column",
         JetGetTableColumnInfo(sesid, books, "isbn", &def, sizeof(def),
                               JET_ColInfo),
         JET_errColumnNotFound);
  }

  /* 4. Data -----------------------------------------------------------------
   */
  printf("\nInserting %d authors and %d books in transactions\n",
         (int)N_AUTHORS, (int)N_BOOKS);
  step("JetBeginTransaction", JetBeginTransaction(sesid), JET_errSuccess);
  {
    int inserted = 0;
    for (size_t i = 0; i < N_AUTHORS; ++i) {
      const Author* a = &kAuthors[i];
      check("JetPrepareUpdate(authors, JET_prepInsert)",
            JetPrepareUpdate(sesid, authors, JET_prepInsert), JET_errSuccess);
      JET_SETCOLUMN sc[3];
      memset(sc, 0, sizeof(sc));
      sc[0].columnid = col_a_id;
      sc[0].pvData = &a->id;
      sc[0].cbData = sizeof(a->id);
      sc[1].columnid = col_a_name;
      sc[1].pvData = a->name;
      sc[1].cbData = (unsigned long)strlen(a->name);
      sc[2].columnid = col_a_country;
      sc[2].pvData = a->country;
      sc[2].cbData = (unsigned long)strlen(a->country);
      check("JetSetColumns(authors: author_id, name, country)",
            JetSetColumns(sesid, authors, sc, 3), JET_errSuccess);
      check("JET_SETCOLUMN[0..2].err", sc[0].err | sc[1].err | sc[2].err,
            JET_errSuccess);
      if (check("JetUpdate(authors)",
                JetUpdate(sesid, authors, bookmark, sizeof(bookmark),
                          &cb_bookmark),
                JET_errSuccess)) {
        ++inserted;
      }
    }
    snprintf(what, sizeof(what), "JetUpdate x %d (authors)", inserted);
    step(what, inserted == (int)N_AUTHORS ? JET_errSuccess : -1,
         JET_errSuccess);
    snprintf(what, sizeof(what), "bookmark of an int primary key: %lu bytes",
             cb_bookmark);
    expect(what, cb_bookmark == 5);
  }
  step("JetCommitTransaction (authors)", JetCommitTransaction(sesid, 0),
       JET_errSuccess);
  {
    /* One transaction per author's books, as a batch loader might. */
    int inserted = 0, transactions = 0;
    size_t i = 0;
    while (i < N_BOOKS) {
      const int32_t author_id = kBooks[i].author_id;
      check("JetBeginTransaction", JetBeginTransaction(sesid), JET_errSuccess);
      for (; i < N_BOOKS && kBooks[i].author_id == author_id; ++i) {
        snprintf(what, sizeof(what), "JetUpdate(insert book %d)",
                 (int)kBooks[i].id);
        if (check(what,
                  insert_book(sesid, books, &kBooks[i], bookmark, &cb_bookmark),
                  JET_errSuccess)) {
          ++inserted;
        }
      }
      if (check("JetCommitTransaction", JetCommitTransaction(sesid, 0),
                JET_errSuccess)) {
        ++transactions;
      }
    }
    snprintf(what, sizeof(what), "JetUpdate x %d (books), in %d transactions",
             inserted, transactions);
    step(what, inserted == (int)N_BOOKS ? JET_errSuccess : -1, JET_errSuccess);
  }
  {
    /* JetUpdate does not move the cursor; the bookmark finds the record. */
    char title[256];
    step("JetGotoBookmark(bookmark of the last insert)",
         JetGotoBookmark(sesid, books, bookmark, cb_bookmark), JET_errSuccess);
    unsigned long cb_title = 0;
    step(
        "JetRetrieveColumn(title, NULL, 0): the size only",
        JetRetrieveColumn(sesid, books, col_title, NULL, 0, &cb_title, 0, NULL),
        JET_wrnBufferTruncated);
    snprintf(what, sizeof(what), "cbActual = %lu", cb_title);
    expect(what, cb_title == strlen(kBooks[N_BOOKS - 1].title));
    get_text(sesid, books, col_title, title, sizeof(title));
    snprintf(what, sizeof(what), "it is \"%s\"", title);
    expect(what, strcmp(title, kBooks[N_BOOKS - 1].title) == 0);
  }

  /* 5. Report -------------------------------------------------------------- */
  printf("\nReport\n");
  step("JetDupCursor(authors) for the joins (on the primary index)",
       JetDupCursor(sesid, authors, &authors_pk, 0), JET_errSuccess);

  printf("\n(a) Books by author (authors by country, then name)\n");
  {
    int32_t ids[N_AUTHORS];
    size_t n = 0;
    JET_ERR err;
    check("JetSetCurrentIndex(authors, by_country)",
          JetSetCurrentIndex(sesid, authors, "by_country"), JET_errSuccess);
    for (err = JetMove(sesid, authors, JET_MoveFirst, 0);
         err == JET_errSuccess && n < N_AUTHORS;
         err = JetMove(sesid, authors, JET_MoveNext, 0)) {
      ids[n++] = get_long(sesid, authors, col_a_id);
    }
    check("JetMove(authors) past the last", err, JET_errNoCurrentRecord);
    check("JetSetCurrentIndex(books, by_author)",
          JetSetCurrentIndex(sesid, books, "by_author"), JET_errSuccess);
    for (size_t i = 0; i < n; ++i) {
      char name[256];
      author_name(sesid, authors_pk, ids[i], name, sizeof(name));
      err = seek_long(sesid, books, ids[i]);
      if (err == JET_errRecordNotFound) {
        printf("  %s: (no books)\n", name);
        continue;
      }
      if (!check("JetSeek(books by_author, SeekEQ)", err, JET_errSuccess)) {
        continue;
      }
      check("JetMakeKey(author_id) for the range",
            JetMakeKey(sesid, books, &ids[i], sizeof(ids[i]), JET_bitNewKey),
            JET_errSuccess);
      check("JetSetIndexRange(UpperLimit | Inclusive)",
            JetSetIndexRange(sesid, books,
                             JET_bitRangeUpperLimit | JET_bitRangeInclusive),
            JET_errSuccess);
      do {
        char title[256], price[32];
        get_text(sesid, books, col_title, title, sizeof(title));
        format_price(get_currency(sesid, books, col_price), price,
                     sizeof(price));
        const int year = ole_year(get_date(sesid, books, col_published));
        if (get_long(sesid, books, col_author_id) != ids[i]) {
          mismatch("a book of another author inside the index range");
        }
        printf("  %s: %s (%d) %s\n", name, title, year, price);
        err = JetMove(sesid, books, JET_MoveNext, 0);
      } while (err == JET_errSuccess);
      check("JetMove(books) past the range", err, JET_errNoCurrentRecord);
    }
  }

  printf("\n(b) The three most expensive books\n");
  {
    JET_ERR err;
    int rank = 0;
    check("JetSetCurrentIndex(books, by_price_desc)",
          JetSetCurrentIndex(sesid, books, "by_price_desc"), JET_errSuccess);
    for (err = JetMove(sesid, books, JET_MoveFirst, 0);
         err == JET_errSuccess && rank < 3;
         err = JetMove(sesid, books, JET_MoveNext, 0)) {
      /* One call for the three columns, as a reader of rows might. */
      char title[256], name[256], price[32];
      int64_t cy = 0;
      int32_t author_id = 0;
      JET_RETRIEVECOLUMN rc[3];
      memset(rc, 0, sizeof(rc));
      rc[0].columnid = col_title;
      rc[0].pvData = title;
      rc[0].cbData = sizeof(title) - 1;
      rc[0].itagSequence = 1;
      rc[1].columnid = col_price;
      rc[1].pvData = &cy;
      rc[1].cbData = sizeof(cy);
      rc[1].itagSequence = 1;
      rc[2].columnid = col_author_id;
      rc[2].pvData = &author_id;
      rc[2].cbData = sizeof(author_id);
      rc[2].itagSequence = 1;
      check("JetRetrieveColumns(title, price, author_id)",
            JetRetrieveColumns(sesid, books, rc, 3), JET_errSuccess);
      check("JET_RETRIEVECOLUMN[0].err", rc[0].err, JET_errSuccess);
      check("JET_RETRIEVECOLUMN[1].err", rc[1].err, JET_errSuccess);
      check("JET_RETRIEVECOLUMN[2].err", rc[2].err, JET_errSuccess);
      title[rc[0].cbActual < sizeof(title) ? rc[0].cbActual : 0] = '\0';
      format_price(cy, price, sizeof(price));
      author_name(sesid, authors_pk, author_id, name, sizeof(name));
      printf("  %d. %s  %s (%s)\n", ++rank, price, title, name);
    }
    check("JetMove(by_price_desc) first, next, next", err, JET_errSuccess);
  }

  printf("\n(c) Books by tag (by_tag: one index entry per tag value)\n");
  {
    static const char* const kTags[] = {"hugo", "humour", "western"};
    check("JetSetCurrentIndex(books, by_tag)",
          JetSetCurrentIndex(sesid, books, "by_tag"), JET_errSuccess);
    for (size_t t = 0; t < sizeof(kTags) / sizeof(kTags[0]); ++t) {
      const char* tag = kTags[t];
      unsigned long count = 0;
      check("JetMakeKey(tag)",
            JetMakeKey(sesid, books, tag, (unsigned long)strlen(tag),
                       JET_bitNewKey),
            JET_errSuccess);
      JET_ERR err = JetSeek(sesid, books, JET_bitSeekEQ);
      if (err == JET_errRecordNotFound) {
        printf("  [%s] (none)\n", tag);
        continue;
      }
      if (!check("JetSeek(books by_tag, SeekEQ)", err, JET_errSuccess)) {
        continue;
      }
      check("JetMakeKey(tag) for the range",
            JetMakeKey(sesid, books, tag, (unsigned long)strlen(tag),
                       JET_bitNewKey),
            JET_errSuccess);
      check("JetSetIndexRange(UpperLimit | Inclusive)",
            JetSetIndexRange(sesid, books,
                             JET_bitRangeUpperLimit | JET_bitRangeInclusive),
            JET_errSuccess);
      check("JetIndexRecordCount(range)",
            JetIndexRecordCount(sesid, books, &count, 0), JET_errSuccess);
      printf("  [%s] %lu books\n", tag, count);
      do {
        char title[256], tags[256], value[64];
        unsigned long itag;
        get_text(sesid, books, col_title, title, sizeof(title));
        tags[0] = '\0';
        for (itag = 1;; ++itag) {
          err =
              get_text_tag(sesid, books, col_tags, itag, value, sizeof(value));
          if (err != JET_errSuccess) break;
          if (itag > 1) strcat(tags, ", ");
          strcat(tags, value);
        }
        check("JetRetrieveColumn(tags, itagSequence n+1)", err,
              JET_wrnColumnNull);
        printf("    %s: %s\n", title, tags);
        err = JetMove(sesid, books, JET_MoveNext, 0);
      } while (err == JET_errSuccess);
      check("JetMove(books) past the range", err, JET_errNoCurrentRecord);
    }
  }

  printf("\n(d) Counts (JetIndexRecordCount)\n");
  {
    static const char* const kIndexes[] = {"primary", "by_author",
                                           "by_price_desc", "by_tag"};
    for (size_t i = 0; i < 4; ++i) {
      unsigned long count = 0;
      check("JetSetCurrentIndex(books)",
            JetSetCurrentIndex(sesid, books, kIndexes[i]), JET_errSuccess);
      check("JetIndexRecordCount(books)",
            JetIndexRecordCount(sesid, books, &count, 0), JET_errSuccess);
      printf("  books, %-14s %2lu entries\n", kIndexes[i], count);
      if (count != (i == 3 ? N_TAGS : N_BOOKS)) {
        mismatch("the count differs from the records inserted");
      }
    }
    {
      unsigned long count = 0;
      check("JetSetCurrentIndex(authors, primary)",
            JetSetCurrentIndex(sesid, authors, NULL), JET_errSuccess);
      check("JetIndexRecordCount(authors)",
            JetIndexRecordCount(sesid, authors, &count, 0), JET_errSuccess);
      printf("  authors, %-12s %2lu entries\n", "primary", count);
      if (count != N_AUTHORS) mismatch("the count differs from the authors");
    }
    {
      /* On the descending price index, SeekGE lands on the first entry at
       * or below the price; the count runs from there to the end. */
      const int64_t limit = CURRENCY(10, 0);
      unsigned long count = 0, expected = 0;
      for (size_t i = 0; i < N_BOOKS; ++i) expected += kBooks[i].price <= limit;
      check("JetSetCurrentIndex(books, by_price_desc)",
            JetSetCurrentIndex(sesid, books, "by_price_desc"), JET_errSuccess);
      check("JetMakeKey(price $10.00)",
            JetMakeKey(sesid, books, &limit, sizeof(limit), JET_bitNewKey),
            JET_errSuccess);
      check("JetSeek(SeekGE) on $10.00: no book at exactly $10.00",
            JetSeek(sesid, books, JET_bitSeekGE), JET_wrnSeekNotEqual);
      check("JetIndexRecordCount(from the current entry)",
            JetIndexRecordCount(sesid, books, &count, 0), JET_errSuccess);
      printf("  books at $10.00 or less:  %2lu\n", count);
      if (count != expected) mismatch("the count differs from the prices");
    }
  }

  /* 6. Changes ------------------------------------------------------------- */
  printf("\nUpdates, a delete and a rollback\n");
  {
    const int64_t old_price = CURRENCY(9, 99), new_price = CURRENCY(12, 49);
    char price[32], title[256];
    step("JetBeginTransaction", JetBeginTransaction(sesid), JET_errSuccess);
    step("JetSeek(book 102, SeekEQ)", seek_primary(sesid, books, 102),
         JET_errSuccess);
    step("JetPrepareUpdate(JET_prepReplace)",
         JetPrepareUpdate(sesid, books, JET_prepReplace), JET_errSuccess);
    step("JetSetColumn(price = $12.49)",
         JetSetColumn(sesid, books, col_price, &new_price, sizeof(new_price), 0,
                      NULL),
         JET_errSuccess);
    step("JetUpdate", JetUpdate(sesid, books, NULL, 0, NULL), JET_errSuccess);
    step("JetCommitTransaction", JetCommitTransaction(sesid, 0),
         JET_errSuccess);
    step("JetSeek(book 102, SeekEQ)", seek_primary(sesid, books, 102),
         JET_errSuccess);
    format_price(get_currency(sesid, books, col_price), price, sizeof(price));
    snprintf(what, sizeof(what), "The Dispossessed now costs %s", price);
    expect(what, strcmp(price, "$12.49") == 0);
    check("JetSetCurrentIndex(books, by_price_desc)",
          JetSetCurrentIndex(sesid, books, "by_price_desc"), JET_errSuccess);
    check(
        "JetMakeKey(price $12.49)",
        JetMakeKey(sesid, books, &new_price, sizeof(new_price), JET_bitNewKey),
        JET_errSuccess);
    step("JetSeek(by_price_desc, $12.49, SeekEQ)",
         JetSeek(sesid, books, JET_bitSeekEQ), JET_errSuccess);
    get_text(sesid, books, col_title, title, sizeof(title));
    snprintf(what, sizeof(what), "the index entry at $12.49 is \"%s\"", title);
    expect(what, strcmp(title, "The Dispossessed") == 0);
    check(
        "JetMakeKey(price $9.99)",
        JetMakeKey(sesid, books, &old_price, sizeof(old_price), JET_bitNewKey),
        JET_errSuccess);
    step("JetSeek(by_price_desc, $9.99, SeekEQ): old entry gone",
         JetSeek(sesid, books, JET_bitSeekEQ), JET_errRecordNotFound);
  }
  {
    /* Removing one value of a multi-valued column: NULL at its itagSequence. */
    char tags[256], value[64];
    JET_SETINFO setinfo;
    memset(&setinfo, 0, sizeof(setinfo));
    setinfo.cbStruct = sizeof(setinfo);
    setinfo.itagSequence = 3;
    step("JetBeginTransaction", JetBeginTransaction(sesid), JET_errSuccess);
    step("JetSeek(book 101, SeekEQ)", seek_primary(sesid, books, 101),
         JET_errSuccess);
    step("JetPrepareUpdate(JET_prepReplace)",
         JetPrepareUpdate(sesid, books, JET_prepReplace), JET_errSuccess);
    step("JetSetColumn(tags, NULL, itagSequence 3): drop \"nebula\"",
         JetSetColumn(sesid, books, col_tags, NULL, 0, 0, &setinfo),
         JET_errSuccess);
    step("JetUpdate", JetUpdate(sesid, books, NULL, 0, NULL), JET_errSuccess);
    step("JetCommitTransaction", JetCommitTransaction(sesid, 0),
         JET_errSuccess);
    step("JetSeek(book 101, SeekEQ)", seek_primary(sesid, books, 101),
         JET_errSuccess);
    tags[0] = '\0';
    for (unsigned long itag = 1;
         get_text_tag(sesid, books, col_tags, itag, value, sizeof(value)) ==
         JET_errSuccess;
         ++itag) {
      if (itag > 1) strcat(tags, ", ");
      strcat(tags, value);
    }
    snprintf(what, sizeof(what), "The Left Hand of Darkness: %s", tags);
    expect(what, strcmp(tags, "scifi, hugo") == 0);
    show_tag_count(sesid, books, "nebula", 3);
  }
  {
    char value[64];
    step("JetSeek(book 303, SeekEQ)", seek_primary(sesid, books, 303),
         JET_errSuccess);
    step("JetRetrieveColumn(tags, itagSequence 1): it has none",
         get_text_tag(sesid, books, col_tags, 1, value, sizeof(value)),
         JET_wrnColumnNull);
  }
  {
    char title[256];
    step("JetBeginTransaction", JetBeginTransaction(sesid), JET_errSuccess);
    step("JetSeek(book 402, SeekEQ)", seek_primary(sesid, books, 402),
         JET_errSuccess);
    step("JetDelete(The Cyberiad: scifi, humour)", JetDelete(sesid, books),
         JET_errSuccess);
    step("JetRetrieveColumn on the deleted record",
         JetRetrieveColumn(sesid, books, col_title, title, sizeof(title), NULL,
                           0, NULL),
         JET_errRecordDeleted);
    step("JetCommitTransaction", JetCommitTransaction(sesid, 0),
         JET_errSuccess);
    step("JetSeek(book 402, SeekEQ): gone", seek_primary(sesid, books, 402),
         JET_errRecordNotFound);
    show_counts(sesid, books, N_BOOKS - 1, 2, N_TAGS - 3);
  }
  {
    const Book good_omens = {703,  "Good Omens",         7, CURRENCY(10, 99),
                             1990, {"fantasy", "humour"}};
    step("JetBeginTransaction", JetBeginTransaction(sesid), JET_errSuccess);
    step("JetUpdate(insert book 703, tags fantasy, humour)",
         insert_book(sesid, books, &good_omens, bookmark, &cb_bookmark),
         JET_errSuccess);
    step("JetSeek(book 703, SeekEQ): visible to its own session",
         seek_primary(sesid, books, 703), JET_errSuccess);
    show_counts(sesid, books, N_BOOKS, 3, N_TAGS - 1);
    step("JetRollback", JetRollback(sesid, 0), JET_errSuccess);
    step("JetSeek(book 703, SeekEQ): rolled back",
         seek_primary(sesid, books, 703), JET_errRecordNotFound);
    show_counts(sesid, books, N_BOOKS - 1, 2, N_TAGS - 3);
  }

  printf("\nA second session: snapshot isolation\n");
  {
    const Book word_for_world = {105,  "The Word for World Is Forest",
                                 1,    CURRENCY(8, 75),
                                 1972, {"scifi", "hugo"}};
    char title[256];
    step("JetBeginSession(reader)", JetBeginSession(instance, &reader, "", ""),
         JET_errSuccess);
    step("JetOpenDatabase(reader, catalog.edb)",
         JetOpenDatabase(reader, db, NULL, &reader_dbid, 0), JET_errSuccess);
    expect("the reader gets the same dbid", reader_dbid == dbid);
    step("JetOpenTable(reader, books)",
         JetOpenTable(reader, reader_dbid, "books", NULL, 0, 0, &reader_books),
         JET_errSuccess);
    step("JetBeginTransaction(reader)", JetBeginTransaction(reader),
         JET_errSuccess);
    step("JetSeek(reader, book 102, SeekEQ)",
         seek_primary(reader, reader_books, 102), JET_errSuccess);
    step("JetBeginTransaction(writer)", JetBeginTransaction(sesid),
         JET_errSuccess);
    step("JetUpdate(writer, insert book 105, tags scifi, hugo)",
         insert_book(sesid, books, &word_for_world, bookmark, &cb_bookmark),
         JET_errSuccess);
    step("JetSeek(reader, book 105): writer has not committed",
         seek_primary(reader, reader_books, 105), JET_errRecordNotFound);
    step("JetCommitTransaction(writer)", JetCommitTransaction(sesid, 0),
         JET_errSuccess);
    step("JetSeek(reader, book 105): committed after reader began",
         seek_primary(reader, reader_books, 105), JET_errRecordNotFound);
    show_tag_count(reader, reader_books, "hugo", 4);
    show_counts(reader, reader_books, N_BOOKS - 1, 2, N_TAGS - 3);
    step("JetCommitTransaction(reader)", JetCommitTransaction(reader, 0),
         JET_errSuccess);
    step("JetBeginTransaction(reader): a new snapshot",
         JetBeginTransaction(reader), JET_errSuccess);
    step("JetSeek(reader, book 105): now visible",
         seek_primary(reader, reader_books, 105), JET_errSuccess);
    get_text(reader, reader_books, col_title, title, sizeof(title));
    snprintf(what, sizeof(what), "the reader reads \"%s\"", title);
    expect(what, strcmp(title, word_for_world.title) == 0);
    show_tag_count(reader, reader_books, "hugo", 5);
    show_counts(reader, reader_books, N_BOOKS, 2, N_TAGS - 1);
    step("JetCommitTransaction(reader)", JetCommitTransaction(reader, 0),
         JET_errSuccess);
  }

  /* 7. Shutting down ------------------------------------------------------- */
  printf("\nShutting down\n");
  step("JetCloseTable(reader, books)", JetCloseTable(reader, reader_books),
       JET_errSuccess);
  step("JetCloseDatabase(reader)", JetCloseDatabase(reader, reader_dbid, 0),
       JET_errSuccess);
  step("JetEndSession(reader)", JetEndSession(reader, 0), JET_errSuccess);
  step("JetCloseTable(authors, join cursor)", JetCloseTable(sesid, authors_pk),
       JET_errSuccess);
  step("JetCloseTable(authors)", JetCloseTable(sesid, authors), JET_errSuccess);
  step("JetCloseTable(books)", JetCloseTable(sesid, books), JET_errSuccess);
  step("JetCloseDatabase", JetCloseDatabase(sesid, dbid, 0), JET_errSuccess);
  step("JetEndSession", JetEndSession(sesid, 0), JET_errSuccess);
  step("JetTerm", JetTerm(instance), JET_errSuccess);

  printf("\n%s\n", failures == 0 ? "Everything behaved as documented."
                                 : "Some steps did not behave as documented.");
  if (own_dir) {
    char lock[4400];
    snprintf(lock, sizeof(lock), "%s-lock", db);
    remove(db);
    remove(lock);
    remove(dir);
  }
  return failures == 0 ? 0 : 1;
}
