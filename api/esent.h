// lmjet public API: an ESE-compatible ("JET API", esent.h) interface to an
// embedded storage engine built on LMDB, for Linux.
//
// This is lmjet's only public header. It declares the same C names, types and
// values as Microsoft's esent.h so that existing ESENT client code compiles
// unchanged. It compiles as C11 and as C++17.
//
// Platform notes (x86-64 Linux, LP64):
//  * `long` and `unsigned long` are 64-bit here (32-bit on Windows). The types
//    keep Microsoft's spelling, so JET_ERR, JET_GRBIT, JET_COLUMNID and every
//    `unsigned long` structure field are 8 bytes wide. Handles (JET_SESID,
//    JET_TABLEID, ...) are pointer-sized, as on 64-bit Windows.
//  * Column data keeps ESE's exact sizes regardless: a JET_coltypLong value is
//    4 bytes, so pass sizeof(int32_t), not sizeof(long); JET_coltypShort is 2,
//    JET_coltypCurrency and JET_coltypLongLong are 8, and so on.
//  * WCHAR is 16-bit (UTF-16, code page 1200), not wchar_t (32-bit on Linux).
//    Wide string literals therefore need u"..." rather than L"...".
//  * JET_API is empty: there is no __stdcall on x86-64 Linux.
//  * Functions that take names or paths come in a narrow (A) and a wide (W,
//    UTF-16) form. The unsuffixed names map to the A functions, or to the W
//    functions when JET_UNICODE is defined (as in esent.h). W object names
//    (tables, columns, indexes) must be representable in Windows-1252, the
//    code page esent.dll converts them to (else JET_errInvalidName); W paths
//    and other strings are converted to UTF-8. W output sizes are in bytes.

#ifndef LMJET_API_ESENT_H_
#define LMJET_API_ESENT_H_

#ifdef __cplusplus
extern "C" {
#endif

// ===========================================================================
// Version and calling convention
// ===========================================================================

#ifndef JET_VERSION
#define JET_VERSION 0x0A01
#endif

#define JET_API
#define JET_NODSAPI

// ===========================================================================
// Scalar types
// ===========================================================================

typedef long JET_ERR;

// Pointer-sized on LP64 (unsigned long is 64-bit).
typedef unsigned long JET_API_PTR;

typedef JET_API_PTR JET_HANDLE;
typedef JET_API_PTR JET_INSTANCE;
typedef JET_API_PTR JET_SESID;
typedef JET_API_PTR JET_TABLEID;
typedef JET_API_PTR JET_LS;
typedef JET_API_PTR JET_OSSNAPID;

typedef unsigned long JET_COLUMNID;
typedef unsigned long JET_DBID;
typedef unsigned long JET_OBJTYP;
typedef unsigned long JET_COLTYP;
typedef unsigned long JET_GRBIT;
typedef unsigned long JET_SNP;
typedef unsigned long JET_SNT;
typedef unsigned long JET_CBTYP;

typedef double JET_DATESERIAL;

// 16-bit UTF-16 code unit (not wchar_t, which is 32-bit on Linux).
#ifndef LMJET_WCHAR_DEFINED
#define LMJET_WCHAR_DEFINED
typedef unsigned short WCHAR;
#endif

typedef char *JET_PSTR;
typedef const char *JET_PCSTR;
typedef WCHAR *JET_PWSTR;
typedef const WCHAR *JET_PCWSTR;

// Status notification callback (restore, compaction, ...).
typedef JET_ERR(JET_API *JET_PFNSTATUS)(JET_SESID sesid, JET_SNP snp,
                                        JET_SNT snt, void *pv);

// Opaque index identifier (JetGetIndexInfo(JET_IdxInfoIndexId)).
typedef struct tagJET_INDEXID {
  unsigned long cbStruct;
  unsigned char rgbIndexId[sizeof(JET_API_PTR) + sizeof(unsigned long) +
                           sizeof(unsigned long)];
} JET_INDEXID;

// ===========================================================================
// Handles, nil values and limits
// ===========================================================================

#define JET_instanceNil (~(JET_INSTANCE)0)
#define JET_sesidNil (~(JET_SESID)0)
#define JET_tableidNil (~(JET_TABLEID)0)
#define JET_dbidNil ((JET_DBID)0xFFFFFFFF)
#define JET_dbidNoValid ((JET_DBID)0xFFFFFFFE)
#define JET_columnidNil (~(JET_COLUMNID)0)
#define JET_LSNil (~(JET_LS)0)
#define JET_bitNil ((JET_GRBIT)0)

// Names: bytes, terminator not counted (twice as many with JET_UNICODE,
// where a name is WCHARs: the buffer size in bytes, as in esent.h).
#ifdef JET_UNICODE
#define JET_cbNameMost 128
#define JET_cbFullNameMost 510
#else
#define JET_cbNameMost 64
#define JET_cbFullNameMost 255
#endif

// Records, columns and keys.
#define JET_cbBookmarkMost 256
#define JET_cbColumnMost 255
#define JET_cbLVDefaultValueMost 255
#define JET_cbLVColumnMost 0x7FFFFFFF
#define JET_cbColumnLVPageOverhead 82
#define JET_cbKeyMost 255
#define JET_cbLimitKeyMost 256
#define JET_cbPrimaryKeyMost 255
#define JET_cbSecondaryKeyMost 255
#define JET_cbKeyMostMin 255
#define JET_cbKeyMost2KBytePage 500
#define JET_cbKeyMost4KBytePage 1000
#define JET_cbKeyMost8KBytePage 2000
#define JET_cbKeyMost16KBytePage JET_cbKeyMost8KBytePage
#define JET_cbKeyMost32KBytePage JET_cbKeyMost8KBytePage
#define JET_cbKeyMostMost JET_cbKeyMost32KBytePage

#define JET_ccolKeyMost 16
#define JET_ccolMost 0x0000fee0
#define JET_ccolFixedMost 0x0000007f
#define JET_ccolVarMost 0x00000080
#define JET_ccolTaggedMost (JET_ccolMost - 0x000000ff)

// ===========================================================================
// Structures
// ===========================================================================
// Field order and types follow esent.h. Natural alignment, except JET_LGPOS,
// JET_LOGTIME and JET_SIGNATURE, which are byte-packed as in ESE.

// --- Log positions, times and signatures (1-byte packing) -----------------

#pragma pack(push, 1)

typedef struct tagJET_LGPOS {
  unsigned short ib;
  unsigned short isec;
  long lGeneration;
} JET_LGPOS;

typedef struct tagJET_LOGTIME {
  char bSeconds;
  char bMinutes;
  char bHours;
  char bDay;
  char bMonth;  // 1..12
  char bYear;   // years since 1900
  union {
    char bFiller1;
    struct {
      unsigned char fTimeIsUTC : 1;
      unsigned char bMillisecondsLow : 7;
    };
  };
  union {
    char bFiller2;
    struct {
      unsigned char fReserved : 1;
      unsigned char bMillisecondsHigh : 3;
      unsigned char fUnused : 4;
    };
  };
} JET_LOGTIME;

typedef struct tagJET_SIGNATURE {
  unsigned long ulRandom;
  JET_LOGTIME logtimeCreate;
  char szComputerName[16];
} JET_SIGNATURE;

#pragma pack(pop)

typedef struct tagJET_COMMIT_ID {
  JET_SIGNATURE signLog;
  int reserved;
  long long commitId;
} JET_COMMIT_ID;

// --- Column definitions ---------------------------------------------------

typedef struct tagJET_COLUMNDEF {
  unsigned long cbStruct;
  JET_COLUMNID columnid;
  JET_COLTYP coltyp;
  unsigned short wCountry;  // unused
  unsigned short langid;    // unused
  unsigned short cp;
  unsigned short wCollate;  // must be 0
  unsigned long cbMax;
  JET_GRBIT grbit;
} JET_COLUMNDEF;

typedef struct tagJET_COLUMNBASE_A {
  unsigned long cbStruct;
  JET_COLUMNID columnid;
  JET_COLTYP coltyp;
  unsigned short wCountry;
  unsigned short langid;
  unsigned short cp;
  unsigned short wFiller;
  unsigned long cbMax;
  JET_GRBIT grbit;
  char szBaseTableName[256];
  char szBaseColumnName[256];
} JET_COLUMNBASE_A;

typedef struct tag_JET_COLUMNCREATE_A {
  unsigned long cbStruct;
  char *szColumnName;
  JET_COLTYP coltyp;
  unsigned long cbMax;
  JET_GRBIT grbit;
  void *pvDefault;
  unsigned long cbDefault;
  unsigned long cp;
  JET_COLUMNID columnid;  // out
  JET_ERR err;            // out
} JET_COLUMNCREATE_A;

// Temporary table listing the columns of a table (JET_ColInfoList).
typedef struct tagJET_COLUMNLIST {
  unsigned long cbStruct;
  JET_TABLEID tableid;
  unsigned long cRecord;
  JET_COLUMNID columnidPresentationOrder;
  JET_COLUMNID columnidcolumnname;
  JET_COLUMNID columnidcolumnid;
  JET_COLUMNID columnidcoltyp;
  JET_COLUMNID columnidCountry;
  JET_COLUMNID columnidLangid;
  JET_COLUMNID columnidCp;
  JET_COLUMNID columnidCollate;
  JET_COLUMNID columnidcbMax;
  JET_COLUMNID columnidgrbit;
  JET_COLUMNID columnidDefault;
  JET_COLUMNID columnidBaseTableName;
  JET_COLUMNID columnidBaseColumnName;
  JET_COLUMNID columnidDefinitionName;
} JET_COLUMNLIST;

// --- Index definitions ----------------------------------------------------

typedef struct tagJET_CONDITIONALCOLUMN_A {
  unsigned long cbStruct;
  char *szColumnName;
  JET_GRBIT grbit;  // JET_bitIndexColumnMustBeNull / MustBeNonNull
} JET_CONDITIONALCOLUMN_A;

typedef struct tagJET_UNICODEINDEX {
  unsigned long lcid;
  unsigned long dwMapFlags;
} JET_UNICODEINDEX;

typedef struct tagJET_UNICODEINDEX2 {
  WCHAR *szLocaleName;
  unsigned long dwMapFlags;
} JET_UNICODEINDEX2;

typedef struct tagJET_TUPLELIMITS {
  unsigned long chLengthMin;
  unsigned long chLengthMax;
  unsigned long chToIndexMax;
  unsigned long cchIncrement;
  unsigned long ichStart;
} JET_TUPLELIMITS;

typedef struct tagJET_SPACEHINTS {
  unsigned long cbStruct;
  unsigned long ulInitialDensity;
  unsigned long cbInitial;
  JET_GRBIT grbit;
  unsigned long ulMaintDensity;
  unsigned long ulGrowth;
  unsigned long cbMinExtent;
  unsigned long cbMaxExtent;
} JET_SPACEHINTS;

// JET_INDEXCREATE_A without cbKeyMost (pre-0x0600 layout).
typedef struct tagJET_INDEXCREATEOLD_A {
  unsigned long cbStruct;
  char *szIndexName;
  char *szKey;  // "+col\0-col\0\0"
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  union {
    unsigned long lcid;
    JET_UNICODEINDEX *pidxunicode;  // with JET_bitIndexUnicode
  };
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;  // with JET_bitIndexTupleLimits
  };
  JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;  // out
} JET_INDEXCREATEOLD_A;

typedef struct tagJET_INDEXCREATE_A {
  unsigned long cbStruct;
  char *szIndexName;
  char *szKey;
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  union {
    unsigned long lcid;
    JET_UNICODEINDEX *pidxunicode;
  };
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;
  };
  JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;
  unsigned long cbKeyMost;  // with JET_bitIndexKeyMost
} JET_INDEXCREATE_A;

typedef struct tagJET_INDEXCREATE2_A {
  unsigned long cbStruct;
  char *szIndexName;
  char *szKey;
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  union {
    unsigned long lcid;
    JET_UNICODEINDEX *pidxunicode;
  };
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;
  };
  JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;
  unsigned long cbKeyMost;
  JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE2_A;

// As JET_INDEXCREATE2_A, but the locale is given by name.
typedef struct tagJET_INDEXCREATE3_A {
  unsigned long cbStruct;
  char *szIndexName;
  char *szKey;
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  JET_UNICODEINDEX2 *pidxunicode;
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;
  };
  JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;
  unsigned long cbKeyMost;
  JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE3_A;

// Temporary table listing the indexes of a table (JET_IdxInfoList).
typedef struct tagJET_INDEXLIST {
  unsigned long cbStruct;
  JET_TABLEID tableid;
  unsigned long cRecord;
  JET_COLUMNID columnidindexname;
  JET_COLUMNID columnidgrbitIndex;
  JET_COLUMNID columnidcKey;
  JET_COLUMNID columnidcEntry;
  JET_COLUMNID columnidcPage;
  JET_COLUMNID columnidcColumn;
  JET_COLUMNID columnidiColumn;
  JET_COLUMNID columnidcolumnid;
  JET_COLUMNID columnidcoltyp;
  JET_COLUMNID columnidCountry;
  JET_COLUMNID columnidLangid;
  JET_COLUMNID columnidCp;
  JET_COLUMNID columnidCollate;
  JET_COLUMNID columnidgrbitColumn;
  JET_COLUMNID columnidcolumnname;
  JET_COLUMNID columnidLCMapFlags;
} JET_INDEXLIST;

// --- Table definitions ----------------------------------------------------

typedef struct tagJET_TABLECREATE_A {
  unsigned long cbStruct;
  char *szTableName;
  char *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_A *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE_A *rgindexcreate;
  unsigned long cIndexes;
  JET_GRBIT grbit;
  JET_TABLEID tableid;     // out
  unsigned long cCreated;  // out
} JET_TABLECREATE_A;

typedef struct tagJET_TABLECREATE2_A {
  unsigned long cbStruct;
  char *szTableName;
  char *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_A *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE_A *rgindexcreate;
  unsigned long cIndexes;
  char *szCallback;
  JET_CBTYP cbtyp;
  JET_GRBIT grbit;
  JET_TABLEID tableid;
  unsigned long cCreated;
} JET_TABLECREATE2_A;

typedef struct tagJET_TABLECREATE3_A {
  unsigned long cbStruct;
  char *szTableName;
  char *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_A *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE2_A *rgindexcreate;
  unsigned long cIndexes;
  char *szCallback;
  JET_CBTYP cbtyp;
  JET_GRBIT grbit;
  JET_SPACEHINTS *pSeqSpacehints;
  JET_SPACEHINTS *pLVSpacehints;
  unsigned long cbSeparateLV;
  JET_TABLEID tableid;
  unsigned long cCreated;
} JET_TABLECREATE3_A;

typedef struct tagJET_TABLECREATE4_A {
  unsigned long cbStruct;
  char *szTableName;
  char *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_A *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE3_A *rgindexcreate;
  unsigned long cIndexes;
  char *szCallback;
  JET_CBTYP cbtyp;
  JET_GRBIT grbit;
  JET_SPACEHINTS *pSeqSpacehints;
  JET_SPACEHINTS *pLVSpacehints;
  unsigned long cbSeparateLV;
  JET_TABLEID tableid;
  unsigned long cCreated;
} JET_TABLECREATE4_A;

// --- Objects --------------------------------------------------------------

typedef struct tagJET_OBJECTINFO {
  unsigned long cbStruct;
  JET_OBJTYP objtyp;
  JET_DATESERIAL dtCreate;  // obsolete
  JET_DATESERIAL dtUpdate;  // obsolete
  JET_GRBIT grbit;
  unsigned long flags;
  unsigned long cRecord;
  unsigned long cPage;
} JET_OBJECTINFO;

// Temporary table listing database objects (JET_ObjInfoList*).
typedef struct tagJET_OBJECTLIST {
  unsigned long cbStruct;
  JET_TABLEID tableid;
  unsigned long cRecord;
  JET_COLUMNID columnidcontainername;
  JET_COLUMNID columnidobjectname;
  JET_COLUMNID columnidobjtyp;
  JET_COLUMNID columniddtCreate;
  JET_COLUMNID columniddtUpdate;
  JET_COLUMNID columnidgrbit;
  JET_COLUMNID columnidflags;
  JET_COLUMNID columnidcRecord;
  JET_COLUMNID columnidcPage;
} JET_OBJECTLIST;

// --- Column values --------------------------------------------------------

typedef struct tagJET_RETRIEVECOLUMN {
  JET_COLUMNID columnid;
  void *pvData;
  unsigned long cbData;
  unsigned long cbActual;  // out
  JET_GRBIT grbit;
  unsigned long ibLongValue;
  unsigned long itagSequence;
  JET_COLUMNID columnidNextTagged;  // out
  JET_ERR err;                      // out
} JET_RETRIEVECOLUMN;

typedef struct tagJET_SETCOLUMN {
  JET_COLUMNID columnid;
  const void *pvData;
  unsigned long cbData;
  JET_GRBIT grbit;
  unsigned long ibLongValue;
  unsigned long itagSequence;
  JET_ERR err;  // out
} JET_SETCOLUMN;

typedef struct tagJET_RETINFO {
  unsigned long cbStruct;
  unsigned long ibLongValue;
  unsigned long itagSequence;
  JET_COLUMNID columnidNextTagged;  // out
} JET_RETINFO;

typedef struct tagJET_SETINFO {
  unsigned long cbStruct;
  unsigned long ibLongValue;
  unsigned long itagSequence;
} JET_SETINFO;

// JetEnumerateColumns input and output.
typedef struct tagJET_ENUMCOLUMNID {
  JET_COLUMNID columnid;
  unsigned long ctagSequence;
  unsigned long *rgtagSequence;
} JET_ENUMCOLUMNID;

typedef struct tagJET_ENUMCOLUMNVALUE {
  unsigned long itagSequence;
  JET_ERR err;
  unsigned long cbData;
  void *pvData;
} JET_ENUMCOLUMNVALUE;

typedef struct tagJET_ENUMCOLUMN {
  JET_COLUMNID columnid;
  JET_ERR err;
  union {
    struct {  // err != JET_wrnColumnSingleValue
      unsigned long cEnumColumnValue;
      JET_ENUMCOLUMNVALUE *rgEnumColumnValue;
    };
    struct {  // err == JET_wrnColumnSingleValue
      unsigned long cbData;
      void *pvData;
    };
  };
} JET_ENUMCOLUMN;

// JetEnumerateColumns' allocator: like realloc(pv, cb); cb 0 frees pv and
// returns NULL.
typedef void *(JET_API *JET_PFNREALLOC)(void *pvContext, void *pv,
                                        unsigned long cb);

// JetGetRecordSize output.
typedef struct tagJET_RECSIZE {
  unsigned long long cbData;
  unsigned long long cbLongValueData;
  unsigned long long cbOverhead;
  unsigned long long cbLongValueOverhead;
  unsigned long long cNonTaggedColumns;
  unsigned long long cTaggedColumns;
  unsigned long long cLongValues;
  unsigned long long cMultiValues;
} JET_RECSIZE;

typedef struct tagJET_RECSIZE2 {
  unsigned long long cbData;
  unsigned long long cbLongValueData;
  unsigned long long cbOverhead;
  unsigned long long cbLongValueOverhead;
  unsigned long long cNonTaggedColumns;
  unsigned long long cTaggedColumns;
  unsigned long long cLongValues;
  unsigned long long cMultiValues;
  unsigned long long cCompressedColumns;
  unsigned long long cbDataCompressed;
  unsigned long long cbLongValueDataCompressed;
} JET_RECSIZE2;

// --- Positions and ranges -------------------------------------------------

typedef struct tagJET_RECPOS {
  unsigned long cbStruct;
  unsigned long centriesLT;
  unsigned long centriesInRange;
  unsigned long centriesTotal;
} JET_RECPOS;

typedef struct tagJET_RECPOS2 {
  unsigned long cbStruct;
  unsigned long centriesLTDeprecated;
  unsigned long centriesInRangeDeprecated;
  unsigned long centriesTotalDeprecated;
  unsigned long long centriesLT;
  unsigned long long centriesTotal;
} JET_RECPOS2;

typedef struct tagJET_INDEXRANGE {
  unsigned long cbStruct;
  JET_TABLEID tableid;
  JET_GRBIT grbit;
} JET_INDEXRANGE;

typedef struct tagJET_RECORDLIST {
  unsigned long cbStruct;
  JET_TABLEID tableid;
  unsigned long cRecord;
  JET_COLUMNID columnidBookmark;
} JET_RECORDLIST;

// --- Temporary tables -----------------------------------------------------

typedef struct tagJET_OPENTEMPORARYTABLE {
  unsigned long cbStruct;  // must be sizeof(JET_OPENTEMPORARYTABLE)
  const JET_COLUMNDEF *prgcolumndef;
  unsigned long ccolumn;
  JET_UNICODEINDEX *pidxunicode;
  JET_GRBIT grbit;
  JET_COLUMNID *prgcolumnid;  // out, ccolumn entries
  unsigned long cbKeyMost;
  unsigned long cbVarSegMac;
  JET_TABLEID tableid;  // out
} JET_OPENTEMPORARYTABLE;

typedef struct tagJET_OPENTEMPORARYTABLE2 {
  unsigned long cbStruct;  // must be sizeof(JET_OPENTEMPORARYTABLE2)
  const JET_COLUMNDEF *prgcolumndef;
  unsigned long ccolumn;
  JET_UNICODEINDEX2 *pidxunicode;
  JET_GRBIT grbit;
  JET_COLUMNID *prgcolumnid;
  unsigned long cbKeyMost;
  unsigned long cbVarSegMac;
  JET_TABLEID tableid;
} JET_OPENTEMPORARYTABLE2;

// --- Instances, restore and system parameters -----------------------------

typedef struct tagJET_RSTMAP_A {
  char *szDatabaseName;
  char *szNewDatabaseName;
} JET_RSTMAP_A;

typedef struct tagJET_RSTINFO_A {
  unsigned long cbStruct;
  JET_RSTMAP_A *rgrstmap;
  long crstmap;
  JET_LGPOS lgposStop;
  JET_LOGTIME logtimeStop;
  JET_PFNSTATUS pfnStatus;
} JET_RSTINFO_A;

typedef struct tagJET_INSTANCE_INFO_A {
  JET_INSTANCE hInstanceId;
  char *szInstanceName;
  JET_API_PTR cDatabases;
  char **szDatabaseFileName;
  char **szDatabaseDisplayName;
  char **szDatabaseSLVFileName_Obsolete;
} JET_INSTANCE_INFO_A;

typedef struct tagJET_SETSYSPARAM_A {
  unsigned long paramid;
  JET_API_PTR lParam;
  const char *sz;
  JET_ERR err;  // out
} JET_SETSYSPARAM_A;

// --- Wide (UTF-16) forms of the structures that carry names -------------
// Same layout as the _A forms, with WCHAR strings (JET_COLUMNBASE_W's
// arrays are WCHARs, so it is larger). cbStruct is sizeof the _W form.

typedef struct tagJET_COLUMNBASE_W {
  unsigned long cbStruct;
  JET_COLUMNID columnid;
  JET_COLTYP coltyp;
  unsigned short wCountry;
  unsigned short langid;
  unsigned short cp;
  unsigned short wFiller;
  unsigned long cbMax;
  JET_GRBIT grbit;
  WCHAR szBaseTableName[256];
  WCHAR szBaseColumnName[256];
} JET_COLUMNBASE_W;

typedef struct tag_JET_COLUMNCREATE_W {
  unsigned long cbStruct;
  WCHAR *szColumnName;
  JET_COLTYP coltyp;
  unsigned long cbMax;
  JET_GRBIT grbit;
  void *pvDefault;
  unsigned long cbDefault;
  unsigned long cp;
  JET_COLUMNID columnid;  // out
  JET_ERR err;            // out
} JET_COLUMNCREATE_W;

typedef struct tagJET_CONDITIONALCOLUMN_W {
  unsigned long cbStruct;
  WCHAR *szColumnName;
  JET_GRBIT grbit;
} JET_CONDITIONALCOLUMN_W;

// szKey: "+col\0-col\0\0" in WCHARs; cbKey counts its bytes.
typedef struct tagJET_INDEXCREATE_W {
  unsigned long cbStruct;
  WCHAR *szIndexName;
  WCHAR *szKey;
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  union {
    unsigned long lcid;
    JET_UNICODEINDEX *pidxunicode;
  };
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;
  };
  JET_CONDITIONALCOLUMN_W *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;
  unsigned long cbKeyMost;
} JET_INDEXCREATE_W;

typedef struct tagJET_INDEXCREATE2_W {
  unsigned long cbStruct;
  WCHAR *szIndexName;
  WCHAR *szKey;
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  union {
    unsigned long lcid;
    JET_UNICODEINDEX *pidxunicode;
  };
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;
  };
  JET_CONDITIONALCOLUMN_W *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;
  unsigned long cbKeyMost;
  JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE2_W;

typedef struct tagJET_INDEXCREATE3_W {
  unsigned long cbStruct;
  WCHAR *szIndexName;
  WCHAR *szKey;
  unsigned long cbKey;
  JET_GRBIT grbit;
  unsigned long ulDensity;
  JET_UNICODEINDEX2 *pidxunicode;
  union {
    unsigned long cbVarSegMac;
    JET_TUPLELIMITS *ptuplelimits;
  };
  JET_CONDITIONALCOLUMN_W *rgconditionalcolumn;
  unsigned long cConditionalColumn;
  JET_ERR err;
  unsigned long cbKeyMost;
  JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE3_W;

typedef struct tagJET_TABLECREATE_W {
  unsigned long cbStruct;
  WCHAR *szTableName;
  WCHAR *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_W *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE_W *rgindexcreate;
  unsigned long cIndexes;
  JET_GRBIT grbit;
  JET_TABLEID tableid;     // out
  unsigned long cCreated;  // out
} JET_TABLECREATE_W;

typedef struct tagJET_TABLECREATE2_W {
  unsigned long cbStruct;
  WCHAR *szTableName;
  WCHAR *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_W *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE_W *rgindexcreate;
  unsigned long cIndexes;
  WCHAR *szCallback;
  JET_CBTYP cbtyp;
  JET_GRBIT grbit;
  JET_TABLEID tableid;
  unsigned long cCreated;
} JET_TABLECREATE2_W;

typedef struct tagJET_TABLECREATE3_W {
  unsigned long cbStruct;
  WCHAR *szTableName;
  WCHAR *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_W *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE2_W *rgindexcreate;
  unsigned long cIndexes;
  WCHAR *szCallback;
  JET_CBTYP cbtyp;
  JET_GRBIT grbit;
  JET_SPACEHINTS *pSeqSpacehints;
  JET_SPACEHINTS *pLVSpacehints;
  unsigned long cbSeparateLV;
  JET_TABLEID tableid;
  unsigned long cCreated;
} JET_TABLECREATE3_W;

typedef struct tagJET_TABLECREATE4_W {
  unsigned long cbStruct;
  WCHAR *szTableName;
  WCHAR *szTemplateTableName;
  unsigned long ulPages;
  unsigned long ulDensity;
  JET_COLUMNCREATE_W *rgcolumncreate;
  unsigned long cColumns;
  JET_INDEXCREATE3_W *rgindexcreate;
  unsigned long cIndexes;
  WCHAR *szCallback;
  JET_CBTYP cbtyp;
  JET_GRBIT grbit;
  JET_SPACEHINTS *pSeqSpacehints;
  JET_SPACEHINTS *pLVSpacehints;
  unsigned long cbSeparateLV;
  JET_TABLEID tableid;
  unsigned long cCreated;
} JET_TABLECREATE4_W;

typedef struct tagJET_RSTMAP_W {
  WCHAR *szDatabaseName;
  WCHAR *szNewDatabaseName;
} JET_RSTMAP_W;

typedef struct tagJET_RSTINFO_W {
  unsigned long cbStruct;
  JET_RSTMAP_W *rgrstmap;
  long crstmap;
  JET_LGPOS lgposStop;
  JET_LOGTIME logtimeStop;
  JET_PFNSTATUS pfnStatus;
} JET_RSTINFO_W;

typedef struct tagJET_INSTANCE_INFO_W {
  JET_INSTANCE hInstanceId;
  WCHAR *szInstanceName;
  JET_API_PTR cDatabases;
  WCHAR **szDatabaseFileName;
  WCHAR **szDatabaseDisplayName;
  WCHAR **szDatabaseSLVFileName_Obsolete;
} JET_INSTANCE_INFO_W;

typedef struct tagJET_SETSYSPARAM_W {
  unsigned long paramid;
  JET_API_PTR lParam;
  const WCHAR *sz;
  JET_ERR err;  // out
} JET_SETSYSPARAM_W;

// --- Unsuffixed names: the _A forms, or the _W forms with JET_UNICODE -----

#ifdef JET_UNICODE
typedef JET_COLUMNBASE_W JET_COLUMNBASE;
typedef JET_COLUMNCREATE_W JET_COLUMNCREATE;
typedef JET_CONDITIONALCOLUMN_W JET_CONDITIONALCOLUMN;
typedef JET_INDEXCREATE_W JET_INDEXCREATE;
typedef JET_INDEXCREATE2_W JET_INDEXCREATE2;
typedef JET_INDEXCREATE3_W JET_INDEXCREATE3;
typedef JET_TABLECREATE_W JET_TABLECREATE;
typedef JET_TABLECREATE2_W JET_TABLECREATE2;
typedef JET_TABLECREATE3_W JET_TABLECREATE3;
typedef JET_TABLECREATE4_W JET_TABLECREATE4;
typedef JET_RSTMAP_W JET_RSTMAP;
typedef JET_RSTINFO_W JET_RSTINFO;
typedef JET_INSTANCE_INFO_W JET_INSTANCE_INFO;
typedef JET_SETSYSPARAM_W JET_SETSYSPARAM;
#else
typedef JET_COLUMNBASE_A JET_COLUMNBASE;
typedef JET_COLUMNCREATE_A JET_COLUMNCREATE;
typedef JET_CONDITIONALCOLUMN_A JET_CONDITIONALCOLUMN;
typedef JET_INDEXCREATE_A JET_INDEXCREATE;
typedef JET_INDEXCREATE2_A JET_INDEXCREATE2;
typedef JET_INDEXCREATE3_A JET_INDEXCREATE3;
typedef JET_TABLECREATE_A JET_TABLECREATE;
typedef JET_TABLECREATE2_A JET_TABLECREATE2;
typedef JET_TABLECREATE3_A JET_TABLECREATE3;
typedef JET_TABLECREATE4_A JET_TABLECREATE4;
typedef JET_RSTMAP_A JET_RSTMAP;
typedef JET_RSTINFO_A JET_RSTINFO;
typedef JET_INSTANCE_INFO_A JET_INSTANCE_INFO;
typedef JET_SETSYSPARAM_A JET_SETSYSPARAM;
#endif

// ===========================================================================
// System parameters (JetSetSystemParameter / JetGetSystemParameter paramid)
// ===========================================================================

// Paths and names.
#define JET_paramSystemPath 0
#define JET_paramTempPath 1
#define JET_paramLogFilePath 2
#define JET_paramBaseName 3
#define JET_paramEventSource 4

// Resources.
#define JET_paramMaxSessions 5
#define JET_paramMaxOpenTables 6
#define JET_paramPreferredMaxOpenTables 7
#define JET_paramMaxCursors 8
#define JET_paramMaxVerPages 9
#define JET_paramMaxTemporaryTables 10
#define JET_paramPreferredVerPages 63
#define JET_paramGlobalMinVerPages 81
#define JET_paramVersionStoreTaskQueueMax 105
#define JET_paramCachedClosedTables 125
#define JET_paramVerPageSize 128

// Transaction log.
#define JET_paramLogFileSize 11
#define JET_paramLogBuffers 12
#define JET_paramWaitLogFlush 13
#define JET_paramLogCheckpointPeriod 14
#define JET_paramLogWaitingUserMax 15
#define JET_paramCommitDefault 16
#define JET_paramCircularLog 17
#define JET_paramRecovery 34  // string "on" / "off"
#define JET_paramIgnoreLogVersion 47
#define JET_paramDeleteOldLogs 48
#define JET_paramDeleteOutOfRangeLogs 52
#define JET_paramLegacyFileNames 136

// Database files and temporary database.
#define JET_paramDbExtensionSize 18
#define JET_paramPageTempDBMin 19
#define JET_paramPageFragment 20
#define JET_paramEnableTempTableVersioning 46
#define JET_paramDatabasePageSize 64
#define JET_paramCreatePathIfNotExist 100
#define JET_paramAlternateDatabaseRecoveryPath 113
#define JET_paramEnableFileCache 126

// Database cache.
#define JET_paramBatchIOBufferMax 22
#define JET_paramCacheSizeMax 23
#define JET_paramCheckpointDepthMax 24
#define JET_paramCacheSize 41
#define JET_paramCacheSizeMin 60
#define JET_paramPageHintCacheSize 101

// Behaviour.
#define JET_paramEnableOnlineDefrag 35
#define JET_paramTransactionLevel 38  // deprecated
#define JET_paramEnableIndexChecking 45
#define JET_paramNoInformationEvent 50
#define JET_paramOneDatabasePerSession 102
#define JET_paramMaxInstances 104
#define JET_paramConfiguration 129
#define JET_paramEnableAdvanced 130
#define JET_paramMaxColtyp 131

// Indexes.
#define JET_paramUnicodeIndexDefault 72
#define JET_paramIndexTuplesLengthMin 110
#define JET_paramIndexTuplesLengthMax 111
#define JET_paramIndexTuplesToIndexMax 112
#define JET_paramIndexTupleIncrement 132
#define JET_paramIndexTupleStart 133
#define JET_paramKeyMost 134

// One past the last valid paramid.
#define JET_paramMaxValueInvalid 221

// lmjet's own parameters (esent.dll has none of these). Their ids lie far
// above every ESE parameter id (below JET_paramMaxValueInvalid) and session
// parameter id (0x1000 up), so an id ESE adds later cannot collide with them.
#define JET_paramLmjetFirst 0x4C4D0000  // 'L' 'M' << 16
// Bytes of memory one temporary table (JetOpenTempTable family) may hold
// before it spills to files under JET_paramTempPath. Per instance, settable
// at any time (before or after JetInit); every temp table opened afterwards
// uses the value then current. Range 4096 .. 2^40; default 64 MiB.
#define JET_paramLmjetTempTableMemoryMax (JET_paramLmjetFirst + 0)
// One past the last valid lmjet parameter id.
#define JET_paramLmjetMaxValueInvalid (JET_paramLmjetFirst + 1)

// Session parameters (JetSetSessionParameter).
#define JET_sesparamCommitDefault 4097
#define JET_sesparamTransactionLevel 4099  // read-only

// ===========================================================================
// Grbits and enumerated constants
// ===========================================================================

// --- JetInit2 / JetInit3 --------------------------------------------------
#define JET_bitReplayIgnoreMissingDB 0x00000004
#define JET_bitRecoveryWithoutUndo 0x00000008
#define JET_bitTruncateLogsAfterRecovery 0x00000010
#define JET_bitReplayMissingMapEntryDB 0x00000020
#define JET_bitLogStreamMustExist 0x00000040
#define JET_bitReplayIgnoreLostLogs 0x00000080

// --- JetTerm2 -------------------------------------------------------------
#define JET_bitTermComplete 0x00000001
#define JET_bitTermAbrupt 0x00000002
#define JET_bitTermStopBackup 0x00000004
#define JET_bitTermDirty 0x00000008

// --- JetStopServiceInstance2 ----------------------------------------------
#define JET_bitStopServiceAll 0x00000000
#define JET_bitStopServiceBackgroundUserTasks 0x00000002
#define JET_bitStopServiceQuiesceCaches 0x00000004
#define JET_bitStopServiceStopAndEmitLog 0x00000008
#define JET_bitStopServiceResume 0x80000000

// --- JetEndSession --------------------------------------------------------
#define JET_bitForceSessionClosed 0x00000001  // accepted and ignored

// --- Transactions ---------------------------------------------------------
// JetBeginTransaction2 / 3
#define JET_bitTransactionReadOnly 0x00000001
#define JET_bitDistributedTransaction 0x00000002
// JetCommitTransaction / 2
#define JET_bitCommitLazyFlush 0x00000001
#define JET_bitWaitLastLevel0Commit 0x00000002
#define JET_bitWaitAllLevel0Commit 0x00000008
#define JET_bitForceNewLog 0x00000010
#define JET_bitCommitRedoCallback 0x00000020
// Obsolete commit grbits, still accepted by older clients.
#define JET_bitCommitFlush_OLD 0x00000001
#define JET_bitCommitLazyFlush_OLD 0x00000004
#define JET_bitWaitLastLevel0Commit_OLD 0x00000010
// JetRollback
#define JET_bitRollbackAll 0x00000001
#define JET_bitRollbackRedoCallback 0x00000020

// --- Databases ------------------------------------------------------------
// JetAttachDatabase / JetOpenDatabase
#define JET_bitDbReadOnly 0x00000001
#define JET_bitDbExclusive 0x00000002
#define JET_bitDbDeleteCorruptIndexes 0x00000010
#define JET_bitDbUpgrade 0x00000200
#define JET_bitDbDeleteUnicodeIndexes 0x00000400
#define JET_bitDbEnableBackgroundMaintenance 0x00000800
// JetCreateDatabase
#define JET_bitDbRecoveryOff 0x00000008
#define JET_bitDbShadowingOff 0x00000080
#define JET_bitDbOverwriteExisting 0x00000200
// JetDetachDatabase2
#define JET_bitForceDetach 0x00000001
#define JET_bitForceCloseAndDetach (0x00000002 | JET_bitForceDetach)

// --- Tables ---------------------------------------------------------------
// JetCreateTableColumnIndex* (JET_TABLECREATE*.grbit)
#define JET_bitTableCreateFixedDDL 0x00000001
#define JET_bitTableCreateTemplateTable 0x00000002
#define JET_bitTableCreateNoFixedVarColumnsInDerivedTables 0x00000004
#define JET_bitTableCreateImmutableStructure 0x00000008
// JetOpenTable
#define JET_bitTableDenyWrite 0x00000001
#define JET_bitTableDenyRead 0x00000002
#define JET_bitTableReadOnly 0x00000004
#define JET_bitTableUpdatable 0x00000008
#define JET_bitTablePermitDDL 0x00000010
#define JET_bitTableNoCache 0x00000020
#define JET_bitTablePreread 0x00000040
#define JET_bitTableOpportuneRead 0x00000080
#define JET_bitTableSequential 0x00008000

// --- Column types (JET_COLTYP) --------------------------------------------
#define JET_coltypNil 0
#define JET_coltypBit 1                // 1 byte, 0 or non-0
#define JET_coltypUnsignedByte 2       // 1 byte
#define JET_coltypShort 3              // 2 bytes, signed
#define JET_coltypLong 4               // 4 bytes, signed (not sizeof(long))
#define JET_coltypCurrency 5           // 8 bytes, signed
#define JET_coltypIEEESingle 6         // 4 bytes
#define JET_coltypIEEEDouble 7         // 8 bytes
#define JET_coltypDateTime 8           // 8 bytes (double, OLE date)
#define JET_coltypBinary 9             // up to 255 bytes
#define JET_coltypText 10              // up to 255 bytes
#define JET_coltypLongBinary 11        // up to 2 GB
#define JET_coltypLongText 12          // up to 2 GB
#define JET_coltypSLV 13               // obsolete
#define JET_coltypUnsignedLong 14      // 4 bytes
#define JET_coltypLongLong 15          // 8 bytes, signed
#define JET_coltypGUID 16              // 16 bytes
#define JET_coltypUnsignedShort 17     // 2 bytes
#define JET_coltypUnsignedLongLong 18  // 8 bytes
#define JET_coltypMax 19               // one past the last valid type

// --- Column definition grbits (JET_COLUMNDEF / JET_COLUMNCREATE) ----------
#define JET_bitColumnFixed 0x00000001
#define JET_bitColumnTagged 0x00000002
#define JET_bitColumnNotNULL 0x00000004
#define JET_bitColumnVersion 0x00000008
#define JET_bitColumnAutoincrement 0x00000010
#define JET_bitColumnUpdatable 0x00000020  // returned by JetGetColumnInfo only
#define JET_bitColumnTTKey 0x00000040
#define JET_bitColumnTTDescending 0x00000080
#define JET_bitColumnMultiValued 0x00000400
#define JET_bitColumnEscrowUpdate 0x00000800
#define JET_bitColumnUnversioned 0x00001000
#define JET_bitColumnMaybeNull 0x00002000
#define JET_bitColumnFinalize 0x00004000
#define JET_bitColumnUserDefinedDefault 0x00008000
#define JET_bitColumnDeleteOnZero 0x00020000
#define JET_bitColumnVariable 0x00040000
#define JET_bitColumnCompressed 0x00080000
#define JET_bitColumnEncrypted 0x00100000

// --- Temporary tables (JetOpenTempTable* / JET_OPENTEMPORARYTABLE) --------
#define JET_bitTTIndexed 0x00000001
#define JET_bitTTUnique 0x00000002
#define JET_bitTTUpdatable 0x00000004
#define JET_bitTTScrollable 0x00000008
#define JET_bitTTSortNullsHigh 0x00000010
#define JET_bitTTForceMaterialization 0x00000020
#define JET_bitTTErrorOnDuplicateInsertion JET_bitTTForceMaterialization
#define JET_bitTTForwardOnly 0x00000040
#define JET_bitTTIntrinsicLVsOnly 0x00000080
#define JET_bitTTDotNetGuid 0x00000100

// --- Indexes (JET_INDEXCREATE*.grbit) -------------------------------------
#define JET_bitIndexUnique 0x00000001
#define JET_bitIndexPrimary 0x00000002
#define JET_bitIndexDisallowNull 0x00000004
#define JET_bitIndexIgnoreNull 0x00000008
#define JET_bitIndexIgnoreAnyNull 0x00000020
#define JET_bitIndexIgnoreFirstNull 0x00000040
#define JET_bitIndexLazyFlush 0x00000080
#define JET_bitIndexEmpty 0x00000100
#define JET_bitIndexUnversioned 0x00000200
#define JET_bitIndexSortNullsHigh 0x00000400
#define JET_bitIndexUnicode 0x00000800
#define JET_bitIndexTuples 0x00001000
#define JET_bitIndexTupleLimits 0x00002000
#define JET_bitIndexCrossProduct 0x00004000
#define JET_bitIndexKeyMost 0x00008000
#define JET_bitIndexDisallowTruncation 0x00010000
#define JET_bitIndexNestedTable 0x00020000
#define JET_bitIndexDotNetGuid 0x00040000
#define JET_bitIndexImmutableStructure 0x00080000

// Key segment direction.
#define JET_bitKeyAscending 0x00000000
#define JET_bitKeyDescending 0x00000001

// JET_CONDITIONALCOLUMN.grbit
#define JET_bitIndexColumnMustBeNull 0x00000001
#define JET_bitIndexColumnMustBeNonNull 0x00000002

// --- JetDeleteColumn2 -----------------------------------------------------
#define JET_bitDeleteColumnIgnoreTemplateColumns 0x00000001

// --- JetSetCurrentIndex ---------------------------------------------------
#define JET_bitMoveFirst 0x00000000
#define JET_bitNoMove 0x00000002

// --- JetMakeKey -----------------------------------------------------------
#define JET_bitNewKey 0x00000001
#define JET_bitStrLimit 0x00000002
#define JET_bitSubStrLimit 0x00000004
#define JET_bitNormalizedKey 0x00000008
#define JET_bitKeyDataZeroLength 0x00000010
#define JET_bitFullColumnStartLimit 0x00000100
#define JET_bitFullColumnEndLimit 0x00000200
#define JET_bitPartialColumnStartLimit 0x00000400
#define JET_bitPartialColumnEndLimit 0x00000800
#define JET_maskLimitOptions 0x00000f00

// --- JetSeek --------------------------------------------------------------
#define JET_bitSeekEQ 0x00000001
#define JET_bitSeekLT 0x00000002
#define JET_bitSeekLE 0x00000004
#define JET_bitSeekGE 0x00000008
#define JET_bitSeekGT 0x00000010
#define JET_bitSetIndexRange 0x00000020
#define JET_bitCheckUniqueness 0x00000040

// --- JetSetIndexRange -----------------------------------------------------
#define JET_bitRangeInclusive 0x00000001
#define JET_bitRangeUpperLimit 0x00000002
#define JET_bitRangeInstantDuration 0x00000004
#define JET_bitRangeRemove 0x00000008

// --- JetMove --------------------------------------------------------------
// cRow values. JetMove takes a long: on LP64 JET_MoveFirst arrives as
// +0x80000000 (not negative) and is recognised in either spelling.
#define JET_MoveFirst (0x80000000)
#define JET_MovePrevious (-1)
#define JET_MoveNext (+1)
#define JET_MoveLast (0x7fffffff)
// grbit
#define JET_bitMoveKeyNE 0x00000001

// --- JetGetLock -----------------------------------------------------------
#define JET_bitReadLock 0x00000001
#define JET_bitWriteLock 0x00000002

// --- JetEscrowUpdate ------------------------------------------------------
#define JET_bitEscrowNoRollback 0x00000001

// --- JetPrepareUpdate (prep) ----------------------------------------------
#define JET_prepInsert 0
#define JET_prepReplace 2
#define JET_prepCancel 3
#define JET_prepReplaceNoLock 4
#define JET_prepInsertCopy 5
#define JET_prepInsertCopyDeleteOriginal 7
#define JET_prepInsertCopyReplaceOriginal 9
#define JET_prepReadOnlyCopy 8
#define JET_prepInsertMustSetAutoIncrement 10

// --- JetUpdate2 -----------------------------------------------------------
#define JET_bitUpdateCheckESE97Compatibility 0x00000001
#define JET_bitUpdateNoVersion 0x00000002

// --- JetSetColumn / JET_SETCOLUMN.grbit -----------------------------------
#define JET_bitSetAppendLV 0x00000001
#define JET_bitSetOverwriteLV 0x00000004
#define JET_bitSetSizeLV 0x00000008
#define JET_bitSetZeroLength 0x00000020
#define JET_bitSetSeparateLV 0x00000040
#define JET_bitSetUniqueMultiValues 0x00000080
#define JET_bitSetUniqueNormalizedMultiValues 0x00000100
#define JET_bitSetRevertToDefaultValue 0x00000200
#define JET_bitSetIntrinsicLV 0x00000400
#define JET_bitSetUncompressed 0x00010000
#define JET_bitSetCompressed 0x00020000

// --- JetRetrieveColumn / JET_RETRIEVECOLUMN.grbit -------------------------
#define JET_bitRetrieveCopy 0x00000001
#define JET_bitRetrieveFromIndex 0x00000002
#define JET_bitRetrieveFromPrimaryBookmark 0x00000004
#define JET_bitRetrieveTag 0x00000008
#define JET_bitRetrieveNull 0x00000010
#define JET_bitRetrieveIgnoreDefault 0x00000020
#define JET_bitRetrieveLongId 0x00000040
#define JET_bitRetrieveLongValueRefCount 0x00000080
#define JET_bitRetrieveTuple 0x00000800

// --- JetEnumerateColumns grbit ---------------------------------------------
#define JET_bitEnumerateCopy JET_bitRetrieveCopy
#define JET_bitEnumerateIgnoreDefault JET_bitRetrieveIgnoreDefault
#define JET_bitEnumerateLocal 0x00010000
#define JET_bitEnumeratePresenceOnly 0x00020000
#define JET_bitEnumerateTaggedOnly 0x00040000
#define JET_bitEnumerateCompressOutput 0x00080000
#define JET_bitEnumerateIgnoreUserDefinedDefault 0x00100000
#define JET_bitEnumerateInRecordOnly 0x00200000

// --- Info levels ----------------------------------------------------------
// JetGetSessionInfo
#define JET_SessionInfo 0U
// JetGetObjectInfo
#define JET_ObjInfo 0U
#define JET_ObjInfoListNoStats 1U
#define JET_ObjInfoList 2U
#define JET_ObjInfoSysTabCursor 3U
#define JET_ObjInfoListACM 4U
#define JET_ObjInfoNoStats 5U
#define JET_ObjInfoSysTabReadOnly 6U
#define JET_ObjInfoRulesLoaded 7U
#define JET_ObjInfoMax 8U
// JetGetTableInfo
#define JET_TblInfo 0U
#define JET_TblInfoName 1U
#define JET_TblInfoDbid 2U
#define JET_TblInfoMostMany 3U
#define JET_TblInfoRvt 4U
#define JET_TblInfoOLC 5U
#define JET_TblInfoResetOLC 6U
#define JET_TblInfoSpaceUsage 7U
#define JET_TblInfoDumpTable 8U
#define JET_TblInfoSpaceAlloc 9U
#define JET_TblInfoSpaceOwned 10U
#define JET_TblInfoSpaceAvailable 11U
#define JET_TblInfoTemplateTableName 12U
// JetGetIndexInfo / JetGetTableIndexInfo
#define JET_IdxInfo 0U
#define JET_IdxInfoList 1U
#define JET_IdxInfoSysTabCursor 2U
#define JET_IdxInfoOLC 3U
#define JET_IdxInfoResetOLC 4U
#define JET_IdxInfoSpaceAlloc 5U
#define JET_IdxInfoLCID 6U
#define JET_IdxInfoLangid 6U  // obsolete spelling of JET_IdxInfoLCID
#define JET_IdxInfoCount 7U
#define JET_IdxInfoVarSegMac 8U
#define JET_IdxInfoIndexId 9U
#define JET_IdxInfoKeyMost 10U
#define JET_IdxInfoCreateIndex 11U
#define JET_IdxInfoCreateIndex2 12U
// JetGetColumnInfo / JetGetTableColumnInfo
#define JET_ColInfo 0U
#define JET_ColInfoList 1U
#define JET_ColInfoSysTabCursor 3U
#define JET_ColInfoBase 4U
#define JET_ColInfoListCompact 5U
#define JET_ColInfoByColid 6U
#define JET_ColInfoListSortColumnid 7U
#define JET_ColInfoBaseByColid 8U
// Flags OR-ed into the column info level.
#define JET_ColInfoGrbitNonDerivedColumnsOnly 0x80000000
#define JET_ColInfoGrbitMinimalInfo 0x40000000
#define JET_ColInfoGrbitSortByColumnid 0x20000000

// --- Object types (JET_OBJTYP) --------------------------------------------
#define JET_objtypNil 0
#define JET_objtypTable 1

// --- JET_OBJECTINFO (JetGetObjectInfo, JetGetTableInfo) --------------------
// grbit
#define JET_bitTableInfoUpdatable 0x00000001
#define JET_bitTableInfoBookmark 0x00000002
#define JET_bitTableInfoRollback 0x00000004
// flags
#define JET_bitObjectSystem 0x80000000
#define JET_bitObjectTableFixedDDL 0x40000000
#define JET_bitObjectTableTemplate 0x20000000
#define JET_bitObjectTableDerived 0x10000000
#define JET_bitObjectTableNoFixedVarColumnsInDerivedTables 0x04000000

// --- Status notification (JET_PFNSTATUS) ----------------------------------
// Processes (JET_SNP)
#define JET_snpRepair 2
#define JET_snpCompact 4
#define JET_snpRestore 8
#define JET_snpBackup 9
#define JET_snpUpgrade 10
// Types (JET_SNT)
#define JET_sntProgress 0
#define JET_sntFail 3
#define JET_sntBegin 5
#define JET_sntComplete 6
#define JET_sntRequirements 7

// ===========================================================================
// Errors and warnings (JET_ERR)
// ===========================================================================
// Errors are negative, warnings positive, success is 0.

// clang-format off
// Generated from jet-error-codes.txt (485 values, ascending).
// Errors are negative, warnings positive, JET_errSuccess is 0.
#define JET_errClientSpaceEnd                                        (-11999)
#define JET_errClientSpaceBegin                                      (-10000)
#define JET_errFileCompressed                                        (-4005)
#define JET_errFileIOFail                                            (-4004)
#define JET_errFileIORetry                                           (-4003)
#define JET_errFileIOAbort                                           (-4002)
#define JET_errFileIOBeyondEOF                                       (-4001)
#define JET_errFileIOSparse                                          (-4000)
#define JET_errLSNotSet                                              (-3002)
#define JET_errLSAlreadySet                                          (-3001)
#define JET_errLSCallbackNotSpecified                                (-3000)
#define JET_errInvalidLogDataSequence                                (-2601)
#define JET_errTestInjectionNotSupported                             (-2502)
#define JET_errTooManyTestInjections                                 (-2501)
#define JET_errOSSnapshotInvalidSnapId                               (-2404)
#define JET_errOSSnapshotNotAllowed                                  (-2403)
#define JET_errOSSnapshotTimeOut                                     (-2402)
#define JET_errOSSnapshotInvalidSequence                             (-2401)
#define JET_errSpaceHintsInvalid                                     (-2103)
#define JET_errCallbackNotResolved                                   (-2102)
#define JET_errCallbackFailed                                        (-2101)
#define JET_errRootSpaceLeakEstimationAlreadyRunning                 (-2006)
#define JET_errDatabaseAlreadyRunningMaintenance                     (-2004)
#define JET_errRBSRCPageFDPDeleteFileCorrupt                         (-1948)
#define JET_errRBSRedeleteFDPUnexpected                              (-1947)
#define JET_errRBSRevertableDeleteNotPossible                        (-1944)
#define JET_errRBSFDPToBeDeleted                                     (-1943)
#define JET_errRBSDeleteTableTooSoon                                 (-1942)
#define JET_errRBSDeleteTableTooBig                                  (-1941)
#define JET_errRBSCannotDetermineDivergence                          (-1938)
#define JET_errRBSRCInvalidDbFormatVersion                           (-1937)
#define JET_errRBSRCRevertCancelled                                  (-1936)
#define JET_errDatabaseIncompleteRevert                              (-1935)
#define JET_errRBSRCCopyLogsRevertState                              (-1934)
#define JET_errRBSLogDivergenceFailed                                (-1933)
#define JET_errRBSMissingReqLogs                                     (-1932)
#define JET_errRBSRCBadDbState                                       (-1931)
#define JET_errRBSRCNoRBSFound                                       (-1930)
#define JET_errRBSRCInvalidRBS                                       (-1929)
#define JET_errRBSInvalidRecord                                      (-1928)
#define JET_errRBSInvalidSign                                        (-1927)
#define JET_errOutOfRBSSpace                                         (-1926)
#define JET_errBadRBSVersion                                         (-1925)
#define JET_errRBSDbMismatch                                         (-1923)
#define JET_errRBSHeaderCorrupt                                      (-1922)
#define JET_errRBSFileCorrupt                                        (-1921)
#define JET_errFlushMapUnrecoverable                                 (-1920)
#define JET_errFlushMapDatabaseMismatch                              (-1919)
#define JET_errFlushMapVersionUnsupported                            (-1918)
#define JET_errRollbackError                                         (-1917)
#define JET_errOneDatabasePerSession                                 (-1916)
#define JET_errRecordFormatConversionFailed                          (-1915)
#define JET_errSessionInUse                                          (-1914)
#define JET_errSessionContextNotSetByThisThread                      (-1913)
#define JET_errSessionContextAlreadySet                              (-1912)
#define JET_errEntryPointNotFound                                    (-1911)
#define JET_errSessionSharingViolation                               (-1910)
#define JET_errTooManySplits                                         (-1909)
#define JET_errAccessDenied                                          (-1907)
#define JET_errInvalidOperation                                      (-1906)
#define JET_errLogCorrupted                                          (-1852)
#define JET_errAfterInitialization                                   (-1850)
#define JET_errFileAlreadyExists                                     (-1814)
#define JET_errFileInvalidType                                       (-1812)
#define JET_errFileNotFound                                          (-1811)
#define JET_errPermissionDenied                                      (-1809)
#define JET_errDiskFull                                              (-1808)
#define JET_errTooManyAttachedDatabases                              (-1805)
#define JET_errTempFileOpenError                                     (-1803)
#define JET_errInvalidOnSort                                         (-1702)
#define JET_errTooManySorts                                          (-1701)
#define JET_errAutoIncrementNotSet                                   (-1625)
#define JET_errSetAutoIncrementTooHigh                               (-1624)
#define JET_errEncryptionBadItag                                     (-1623)
#define JET_errDecryptionFailed                                      (-1622)
#define JET_errUpdateMustVersion                                     (-1621)
#define JET_errDecompressionFailed                                   (-1620)
#define JET_errLanguageNotSupported                                  (-1619)
#define JET_errDataHasChanged                                        (-1611)
#define JET_errUpdateNotPrepared                                     (-1609)
#define JET_errKeyNotMade                                            (-1608)
#define JET_errAlreadyPrepared                                       (-1607)
#define JET_errKeyDuplicate                                          (-1605)
#define JET_errRecordPrimaryChanged                                  (-1604)
#define JET_errNoCurrentRecord                                       (-1603)
#define JET_errRecordNoCopy                                          (-1602)
#define JET_errRecordNotFound                                        (-1601)
#define JET_errColumnNoEncryptionKey                                 (-1540)
#define JET_errColumnCannotBeCompressed                              (-1538)
#define JET_errInvalidPlaceholderColumn                              (-1530)
#define JET_errDerivedColumnCorruption                               (-1529)
#define JET_errMultiValuedDuplicateAfterTruncation                   (-1528)
#define JET_errLVCorrupted                                           (-1526)
#define JET_errMultiValuedDuplicate                                  (-1525)
#define JET_errDefaultValueTooBig                                    (-1524)
#define JET_errCannotBeTagged                                        (-1521)
#define JET_errColumnInRelationship                                  (-1519)
#define JET_errBadItagSequence                                       (-1518)
#define JET_errBadColumnId                                           (-1517)
#define JET_errKeyIsMade                                             (-1516)
#define JET_errNoCurrentIndex                                        (-1515)
#define JET_errTaggedNotNULL                                         (-1514)
#define JET_errInvalidColumnType                                     (-1511)
#define JET_errColumnRedundant                                       (-1510)
#define JET_errMultiValuedColumnMustBeTagged                         (-1509)
#define JET_errColumnDuplicate                                       (-1508)
#define JET_errColumnNotFound                                        (-1507)
#define JET_errColumnTooBig                                          (-1506)
#define JET_errColumnIndexed                                         (-1505)
#define JET_errNullInvalid                                           (-1504)
#define JET_errColumnDoesNotFit                                      (-1503)
#define JET_errColumnNoChunk                                         (-1502)
#define JET_errColumnLong                                            (-1501)
#define JET_errCannotIndexOnEncryptedColumn                          (-1440)
#define JET_errColumnCannotBeEncrypted                               (-1439)
#define JET_errInvalidLVChunkSize                                    (-1438)
#define JET_errIndexTuplesKeyTooSmall                                (-1437)
#define JET_errIndexTuplesCannotRetrieveFromIndex                    (-1436)
#define JET_errIndexTuplesInvalidLimits                              (-1435)
#define JET_errIndexTuplesVarSegMacNotAllowed                        (-1434)
#define JET_errIndexTuplesTextBinaryColumnsOnly                      (-1433)
#define JET_errIndexTuplesNonUniqueOnly                              (-1432)
#define JET_errIndexTuplesTooManyColumns                             (-1431)
#define JET_errIndexTuplesSecondaryIndexOnly                         (-1430)
#define JET_errCantUseDeferredPopulateIndex                          (-1419)
#define JET_errInvalidIndexId                                        (-1416)
#define JET_errSecondaryIndexCorrupted                               (-1414)
#define JET_errPrimaryIndexCorrupted                                 (-1413)
#define JET_errIndexBuildCorrupted                                   (-1412)
#define JET_errMultiValuedIndexViolation                             (-1411)
#define JET_errTooManyOpenIndexes                                    (-1410)
#define JET_errInvalidCreateIndex                                    (-1409)
#define JET_errIndexInvalidDef                                       (-1406)
#define JET_errIndexMustStay                                         (-1405)
#define JET_errIndexNotFound                                         (-1404)
#define JET_errIndexDuplicate                                        (-1403)
#define JET_errIndexHasPrimary                                       (-1402)
#define JET_errIndexCantBuild                                        (-1401)
#define JET_errCannotAddFixedVarColumnToDerivedTable                 (-1330)
#define JET_errClientRequestToStopJetService                         (-1329)
#define JET_errInvalidSettings                                       (-1328)
#define JET_errDDLNotInheritable                                     (-1326)
#define JET_errCannotNestDDL                                         (-1325)
#define JET_errFixedInheritedDDL                                     (-1324)
#define JET_errFixedDDL                                              (-1323)
#define JET_errExclusiveTableLockRequired                            (-1322)
#define JET_errCannotDeleteTemplateTable                             (-1319)
#define JET_errCannotDeleteSystemTable                               (-1318)
#define JET_errCannotDeleteTempTable                                 (-1317)
#define JET_errInvalidObject                                         (-1316)
#define JET_errObjectDuplicate                                       (-1314)
#define JET_errTooManyOpenTablesAndCleanupTimedOut                   (-1313)
#define JET_errIllegalOperation                                      (-1312)
#define JET_errTooManyOpenTables                                     (-1311)
#define JET_errInvalidTableId                                        (-1310)
#define JET_errTableNotEmpty                                         (-1308)
#define JET_errDensityInvalid                                        (-1307)
#define JET_errObjectNotFound                                        (-1305)
#define JET_errTableInUse                                            (-1304)
#define JET_errTableDuplicate                                        (-1303)
#define JET_errTableLocked                                           (-1302)
#define JET_errTransactionsNotReadyDuringRecovery                    (-1232)
#define JET_errDatabaseAttachedForRecovery                           (-1231)
#define JET_errDatabaseNotReady                                      (-1230)
#define JET_errNoAttachmentsFailedIncrementalReseed                  (-1229)
#define JET_errDatabaseFailedIncrementalReseed                       (-1228)
#define JET_errDatabaseInvalidIncrementalReseed                      (-1227)
#define JET_errDatabaseIncompleteIncrementalReseed                   (-1226)
#define JET_errInvalidCreateDbVersion                                (-1225)
#define JET_errDatabaseCorruptedNoRepair                             (-1224)
#define JET_errDatabaseSignInUse                                     (-1222)
#define JET_errPartiallyAttachedDB                                   (-1221)
#define JET_errCatalogCorrupted                                      (-1220)
#define JET_errForceDetachNotAllowed                                 (-1219)
#define JET_errDatabaseIdInUse                                       (-1218)
#define JET_errDatabaseInvalidPath                                   (-1217)
#define JET_errAttachedDatabaseMismatch                              (-1216)
#define JET_errDatabaseSharingViolation                              (-1215)
#define JET_errTooManyInstances                                      (-1214)
#define JET_errPageSizeMismatch                                      (-1213)
#define JET_errDatabase500Format                                     (-1212)
#define JET_errDatabase400Format                                     (-1211)
#define JET_errDatabase200Format                                     (-1210)
#define JET_errInvalidDatabaseVersion                                (-1209)
#define JET_errCannotDisableVersioning                               (-1208)
#define JET_errDatabaseLocked                                        (-1207)
#define JET_errDatabaseCorrupted                                     (-1206)
#define JET_errDatabaseInvalidPages                                  (-1205)
#define JET_errDatabaseInvalidName                                   (-1204)
#define JET_errDatabaseNotFound                                      (-1203)
#define JET_errDatabaseInUse                                         (-1202)
#define JET_errDatabaseDuplicate                                     (-1201)
#define JET_errDTCCallbackUnexpectedError                            (-1162)
#define JET_errDTCMissingCallbackOnRecovery                          (-1161)
#define JET_errDTCMissingCallback                                    (-1160)
#define JET_errCannotNestDistributedTransactions                     (-1154)
#define JET_errDistributedTransactionNotYetPreparedToCommit          (-1153)
#define JET_errNotInDistributedTransaction                           (-1152)
#define JET_errDistributedTransactionAlreadyPreparedToCommit         (-1151)
#define JET_errMustCommitDistributedTransactionToLevel0              (-1150)
#define JET_errFilteredMoveNotSupported                              (-1124)
#define JET_errRecoveryVerifyFailure                                 (-1123)
#define JET_errFileSystemCorruption                                  (-1121)
#define JET_errReadLostFlushVerifyFailure                            (-1119)
#define JET_errReadPgnoVerifyFailure                                 (-1118)
#define JET_errDirtyShutdown                                         (-1116)
#define JET_errInvalidInstance                                       (-1115)
#define JET_errSesidTableIdMismatch                                  (-1114)
#define JET_errCannotMaterializeForwardOnlySort                      (-1113)
#define JET_errRecordTooBigForBackwardCompatibility                  (-1112)
#define JET_errSessionWriteConflict                                  (-1111)
#define JET_errTransReadOnly                                         (-1110)
#define JET_errRollbackRequired                                      (-1109)
#define JET_errInTransaction                                         (-1108)
#define JET_errWriteConflictPrimaryIndex                             (-1105)
#define JET_errInvalidSesid                                          (-1104)
#define JET_errTransTooDeep                                          (-1103)
#define JET_errWriteConflict                                         (-1102)
#define JET_errOutOfSessions                                         (-1101)
#define JET_errInvalidDbparamId                                      (-1095)
#define JET_errTooManyRecords                                        (-1094)
#define JET_errInvalidSesparamId                                     (-1093)
#define JET_errInstanceUnavailableDueToFatalLogDiskFull              (-1092)
#define JET_errDatabaseUnavailable                                   (-1091)
#define JET_errInstanceUnavailable                                   (-1090)
#define JET_errSystemParameterConflict                               (-1087)
#define JET_errInstanceNameInUse                                     (-1086)
#define JET_errTempPathInUse                                         (-1085)
#define JET_errLogFilePathInUse                                      (-1084)
#define JET_errSystemPathInUse                                       (-1083)
#define JET_errSystemParamsAlreadySet                                (-1082)
#define JET_errRunningInMultiInstanceMode                            (-1081)
#define JET_errRunningInOneInstanceMode                              (-1080)
#define JET_errOutOfSequentialIndexValues                            (-1078)
#define JET_errOutOfDbtimeValues                                     (-1077)
#define JET_errOutOfAutoincrementValues                              (-1076)
#define JET_errOutOfLongValueIDs                                     (-1075)
#define JET_errOutOfObjectIDs                                        (-1074)
#define JET_errTooManyMempoolEntries                                 (-1073)
#define JET_errRecordNotDeleted                                      (-1072)
#define JET_errCannotIndex                                           (-1071)
#define JET_errCurrencyStackOutOfMemory                              (-1070)
#define JET_errVersionStoreOutOfMemory                               (-1069)
#define JET_errVersionStoreOutOfMemoryAndCleanupTimedOut             (-1066)
#define JET_errVersionStoreEntryTooBig                               (-1065)
#define JET_errInvalidLCMapStringFlags                               (-1064)
#define JET_errInvalidCodePage                                       (-1063)
#define JET_errInvalidLanguageId                                     (-1062)
#define JET_errInvalidCountry                                        (-1061)
#define JET_errTooManyActiveUsers                                    (-1059)
#define JET_errMustRollback                                          (-1057)
#define JET_errNotInTransaction                                      (-1054)
#define JET_errNullKeyDisallowed                                     (-1053)
#define JET_errLinkNotSupported                                      (-1052)
#define JET_errIndexInUse                                            (-1051)
#define JET_errColumnNotUpdatable                                    (-1048)
#define JET_errInvalidBufferSize                                     (-1047)
#define JET_errColumnInUse                                           (-1046)
#define JET_errInvalidBookmark                                       (-1045)
#define JET_errInvalidFilename                                       (-1044)
#define JET_errContainerNotEmpty                                     (-1043)
#define JET_errTooManyColumns                                        (-1040)
#define JET_errBufferTooSmall                                        (-1038)
#define JET_errSQLLinkNotSupported                                   (-1035)
#define JET_errQueryNotSupported                                     (-1034)
#define JET_errFileAccessDenied                                      (-1032)
#define JET_errInitInProgress                                        (-1031)
#define JET_errAlreadyInitialized                                    (-1030)
#define JET_errNotInitialized                                        (-1029)
#define JET_errInvalidDatabase                                       (-1028)
#define JET_errTooManyOpenDatabases                                  (-1027)
#define JET_errRecordTooBig                                          (-1026)
#define JET_errInvalidLogDirectory                                   (-1025)
#define JET_errInvalidSystemPath                                     (-1024)
#define JET_errInvalidPath                                           (-1023)
#define JET_errDiskIO                                                (-1022)
#define JET_errDiskReadVerificationFailure                           (-1021)
#define JET_errOutOfFileHandles                                      (-1020)
#define JET_errPageNotInitialized                                    (-1019)
#define JET_errReadVerifyFailure                                     (-1018)
#define JET_errRecordDeleted                                         (-1017)
#define JET_errTooManyKeys                                           (-1016)
#define JET_errTooManyIndexes                                        (-1015)
#define JET_errOutOfBuffers                                          (-1014)
#define JET_errOutOfCursors                                          (-1013)
#define JET_errOutOfDatabaseSpace                                    (-1012)
#define JET_errOutOfMemory                                           (-1011)
#define JET_errInvalidDatabaseId                                     (-1010)
#define JET_errDatabaseFileReadOnly                                  (-1008)
#define JET_errInvalidParameter                                      (-1003)
#define JET_errInvalidName                                           (-1002)
#define JET_errFeatureNotAvailable                                   (-1001)
#define JET_errTermInProgress                                        (-1000)
#define JET_errInvalidGrbit                                          (-900)
#define JET_errBackupAbortByServer                                   (-801)
#define JET_errLogOperationInconsistentWithDatabase                  (-626)
#define JET_errDbTimeBeyondMaxRequired                               (-625)
#define JET_errEngineFormatVersionSpecifiedTooLowForDatabaseVersion  (-623)
#define JET_errEngineFormatVersionSpecifiedTooLowForLogVersion       (-622)
#define JET_errEngineFormatVersionParamTooLowForRequestedFeature     (-621)
#define JET_errEngineFormatVersionNotYetImplementedTooHigh           (-620)
#define JET_errEngineFormatVersionNoLongerSupportedTooLow            (-619)
#define JET_errTransactionTooLong                                    (-618)
#define JET_errSurrogateBackupInProgress                             (-617)
#define JET_errLogFileNotCopied                                      (-616)
#define JET_errRestoreOfNonBackupDatabase                            (-615)
#define JET_errCheckpointDepthTooDeep                                (-614)
#define JET_errLogReadVerifyFailure                                  (-612)
#define JET_errExistingLogFileIsNotContiguous                        (-611)
#define JET_errExistingLogFileHasBadSignature                        (-610)
#define JET_errUnicodeLanguageValidationFailure                      (-604)
#define JET_errUnicodeNormalizationNotSupported                      (-603)
#define JET_errUnicodeTranslationFail                                (-602)
#define JET_errUnicodeTranslationBufferTooSmall                      (-601)
#define JET_errPageInitializedMismatch                               (-596)
#define JET_errLogSequenceChecksumMismatch                           (-590)
#define JET_errCommittedLogFileCorrupt                               (-586)
#define JET_errRecoveredWithoutUndoDatabasesConsistent               (-584)
#define JET_errSectorSizeNotSupported                                (-583)
#define JET_errCommittedLogFilesMissing                              (-582)
#define JET_errSoftRecoveryOnSnapshot                                (-581)
#define JET_errDatabasesNotFromSameSnapshot                          (-580)
#define JET_errRecoveredWithoutUndo                                  (-579)
#define JET_errBadRestoreTargetInstance                              (-577)
#define JET_errMustDisableLoggingForDbUpgrade                        (-575)
#define JET_errLogCorruptDuringHardRecovery                          (-574)
#define JET_errLogCorruptDuringHardRestore                           (-573)
#define JET_errLogTornWriteDuringHardRecovery                        (-571)
#define JET_errLogTornWriteDuringHardRestore                         (-570)
#define JET_errMissingFileToBackup                                   (-569)
#define JET_errDbTimeTooNew                                          (-567)
#define JET_errDbTimeTooOld                                          (-566)
#define JET_errMissingCurrentLogFiles                                (-565)
#define JET_errDatabaseIncompleteUpgrade                             (-563)
#define JET_errDatabaseAlreadyUpgraded                               (-562)
#define JET_errBadBackupDatabaseSize                                 (-561)
#define JET_errMissingFullBackup                                     (-560)
#define JET_errMissingRestoreLogFiles                                (-557)
#define JET_errGivenLogFileIsNotContiguous                           (-556)
#define JET_errGivenLogFileHasBadSignature                           (-555)
#define JET_errStartingRestoreLogTooHigh                             (-554)
#define JET_errEndingRestoreLogTooLow                                (-553)
#define JET_errDatabasePatchFileMismatch                             (-552)
#define JET_errConsistentTimeMismatch                                (-551)
#define JET_errDatabaseDirtyShutdown                                 (-550)
#define JET_errStreamingDataNotLogged                                (-549)
#define JET_errLogSequenceEndDatabasesConsistent                     (-548)
#define JET_errLogSectorSizeMismatchDatabasesConsistent              (-547)
#define JET_errLogSectorSizeMismatch                                 (-546)
#define JET_errLogFileSizeMismatchDatabasesConsistent                (-545)
#define JET_errSoftRecoveryOnBackupDatabase                          (-544)
#define JET_errRequiredLogFilesMissing                               (-543)
#define JET_errCheckpointFileNotFound                                (-542)
#define JET_errLogFileSizeMismatch                                   (-541)
#define JET_errDatabaseStreamingFileMismatch                         (-540)
#define JET_errDatabaseLogSetMismatch                                (-539)
#define JET_errPatchFileMissing                                      (-538)
#define JET_errRedoAbruptEnded                                       (-536)
#define JET_errBadPatchPage                                          (-535)
#define JET_errMissingPatchPage                                      (-534)
#define JET_errCheckpointCorrupt                                     (-533)
#define JET_errBadCheckpointSignature                                (-532)
#define JET_errBadDbSignature                                        (-531)
#define JET_errBadLogSignature                                       (-530)
#define JET_errLogDiskFull                                           (-529)
#define JET_errMissingLogFile                                        (-528)
#define JET_errRecoveredWithErrors                                   (-527)
#define JET_errInvalidBackup                                         (-526)
#define JET_errMakeBackupDirectoryFail                               (-525)
#define JET_errDeleteBackupFileFail                                  (-524)
#define JET_errBackupNotAllowedYet                                   (-523)
#define JET_errInvalidBackupSequence                                 (-521)
#define JET_errNoBackup                                              (-520)
#define JET_errLogSequenceEnd                                        (-519)
#define JET_errLogBufferTooSmall                                     (-517)
#define JET_errLoggingDisabled                                       (-516)
#define JET_errInvalidLogSequence                                    (-515)
#define JET_errBadLogVersion                                         (-514)
#define JET_errLogGenerationMismatch                                 (-513)
#define JET_errCannotLogDuringRecoveryRedo                           (-512)
#define JET_errLogDisabledDueToRecoveryFailure                       (-511)
#define JET_errLogWriteFail                                          (-510)
#define JET_errMissingPreviousLogFile                                (-509)
#define JET_errRestoreInProgress                                     (-506)
#define JET_errBackupInProgress                                      (-505)
#define JET_errBackupDirectoryNotEmpty                               (-504)
#define JET_errNoBackupDirectory                                     (-503)
#define JET_errLogFileCorrupt                                        (-501)
#define JET_errInvalidLoggedOperation                                (-500)
#define JET_errIndexDeferredPopulateCurrentlyUnavailable             (-434)
#define JET_errCompressionIntegrityCheckFailed                       (-431)
#define JET_errStaleColumnReference                                  (-427)
#define JET_errInvalidColumnReference                                (-426)
#define JET_errInvalidPreread                                        (-424)
#define JET_errMustBeSeparateLongValue                               (-423)
#define JET_errSeparatedLongValue                                    (-421)
#define JET_errCannotSeparateIntrinsicLV                             (-416)
#define JET_errKeyTooBig                                             (-408)
#define JET_errNodeCorrupted                                         (-358)
#define JET_errPageTagCorrupted                                      (-357)
#define JET_errBadLineCount                                          (-354)
#define JET_errBadEmptyPage                                          (-351)
#define JET_errDatabaseLeakInSpace                                   (-348)
#define JET_errKeyTruncated                                          (-346)
#define JET_errDbTimeCorrupted                                       (-344)
#define JET_errSPOwnExtCorrupted                                     (-343)
#define JET_errSPAvailExtCacheOutOfMemory                            (-342)
#define JET_errSPAvailExtCorrupted                                   (-341)
#define JET_errSPAvailExtCacheOutOfSync                              (-340)
#define JET_errBadParentPageLink                                     (-338)
#define JET_errNTSystemCallFailed                                    (-334)
#define JET_errBadBookmark                                           (-328)
#define JET_errBadPageLink                                           (-327)
#define JET_errKeyBoundary                                           (-324)
#define JET_errPageBoundary                                          (-323)
#define JET_errPreviousVersion                                       (-322)
#define JET_errDatabaseBufferDependenciesCorrupted                   (-255)
#define JET_errDeviceFailure                                         (-118)
#define JET_errDeviceTimeout                                         (-116)
#define JET_errDeviceMisconfigured                                   (-115)
#define JET_errDeviceMissing                                         (-114)
#define JET_errUnloadableOSFunctionality                             (-113)
#define JET_errDisabledFunctionality                                 (-112)
#define JET_errInternalError                                         (-107)
#define JET_errTaskDropped                                           (-106)
#define JET_errTooManyIO                                             (-105)
#define JET_errOutOfThreads                                          (-103)
#define JET_errFileClose                                             (-102)
#define JET_errRfsNotArmed                                           (-101)
#define JET_errRfsFailure                                            (-100)
#define JET_wrnNyi                                                   (-1)
#define JET_errSuccess                                               0
#define JET_wrnRemainingVersions                                     321
#define JET_wrnUniqueKey                                             345
#define JET_wrnSeparateLongValue                                     406
#define JET_wrnNoMoreRecords                                         428
#define JET_wrnIndexDeferredPopulateIncomplete                       432
#define JET_wrnIndexDeferredPopulateHalted                           433
#define JET_wrnExistingLogFileHasBadSignature                        558
#define JET_wrnExistingLogFileIsNotContiguous                        559
#define JET_wrnSkipThisRecord                                        564
#define JET_wrnTargetInstanceRunning                                 578
#define JET_wrnCommittedLogFilesLost                                 585
#define JET_wrnCommittedLogFilesRemoved                              587
#define JET_wrnFinishWithUndo                                        588
#define JET_wrnDatabaseRepaired                                      595
#define JET_wrnColumnNull                                            1004
#define JET_wrnBufferTruncated                                       1006
#define JET_wrnDatabaseAttached                                      1007
#define JET_wrnSortOverflow                                          1009
#define JET_wrnSeekNotEqual                                          1039
#define JET_wrnNoErrorInfo                                           1055
#define JET_wrnNoIdleActivity                                        1058
#define JET_wrnNoWriteLock                                           1067
#define JET_wrnColumnSetNull                                         1068
#define JET_wrnShrinkNotPossible                                     1122
#define JET_wrnDTCCommitTransaction                                  1163
#define JET_wrnDTCRollbackTransaction                                1164
#define JET_wrnTableEmpty                                            1301
#define JET_wrnTableInUseBySystem                                    1327
#define JET_wrnCorruptIndexDeleted                                   1415
#define JET_wrnPrimaryIndexOutOfDate                                 1417
#define JET_wrnSecondaryIndexOutOfDate                               1418
#define JET_wrnColumnMaxTruncated                                    1512
#define JET_wrnCopyLongValue                                         1520
#define JET_wrnTaggedColumnsRemaining                                1523
#define JET_wrnColumnSkipped                                         1531
#define JET_wrnColumnNotLocal                                        1532
#define JET_wrnColumnMoreTags                                        1533
#define JET_wrnColumnTruncated                                       1534
#define JET_wrnColumnPresent                                         1535
#define JET_wrnColumnSingleValue                                     1536
#define JET_wrnColumnDefault                                         1537
#define JET_wrnColumnNotInRecord                                     1539
#define JET_wrnColumnReference                                       1541
#define JET_wrnDataHasChanged                                        1610
#define JET_wrnKeyChanged                                            1618
#define JET_wrnFileOpenReadOnly                                      1813
#define JET_wrnIdleFull                                              1908
#define JET_wrnDefragAlreadyRunning                                  2000
#define JET_wrnDefragNotRunning                                      2001
#define JET_wrnDatabaseScanAlreadyRunning                            2002
#define JET_wrnDatabaseScanNotRunning                                2003
#define JET_wrnCallbackNotRegistered                                 2100
#define JET_wrnPreviousLogFileIncomplete                             2602

// Aliases (same value as the name they stand for).
#define JET_wrnRecordFoundGreater                                    JET_wrnSeekNotEqual
#define JET_wrnRecordFoundLess                                       JET_wrnSeekNotEqual
#define JET_errColumnIllegalNull                                     JET_errNullInvalid
#define JET_errDatabaseInconsistent                                  JET_errDatabaseDirtyShutdown
// clang-format on

// ===========================================================================
// Functions
// ===========================================================================
// Functions taking strings are declared in their narrow (A) form, then in
// their wide (W) form; the unsuffixed names are macros for one of them, at
// the end of this section.

// --- Instances ------------------------------------------------------------
JET_ERR JET_API JetCreateInstanceA(JET_INSTANCE *pinstance,
                                   JET_PCSTR szInstanceName);
JET_ERR JET_API JetCreateInstance2A(JET_INSTANCE *pinstance,
                                    JET_PCSTR szInstanceName,
                                    JET_PCSTR szDisplayName, JET_GRBIT grbit);
JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);
JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit);
JET_ERR JET_API JetInit3A(JET_INSTANCE *pinstance, JET_RSTINFO_A *prstInfo,
                          JET_GRBIT grbit);
JET_ERR JET_API JetTerm(JET_INSTANCE instance);
JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);
JET_ERR JET_API JetStopService(void);
JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);
JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance,
                                        const JET_GRBIT grbit);

// --- System parameters ----------------------------------------------------
// Note: the first argument of JetSetSystemParameter is a pointer.
JET_ERR JET_API JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR lParam, JET_PCSTR szParam);
JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR *plParam, JET_PSTR szParam,
                                       unsigned long cbMax);

// --- Sessions -------------------------------------------------------------
JET_ERR JET_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid,
                                 JET_PCSTR szUserName, JET_PCSTR szPassword);
JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);
JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);
JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);

// --- Transactions ---------------------------------------------------------
JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);
JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, long long trxid,
                                     JET_GRBIT grbit);
JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit,
                                      unsigned long cmsecDurableCommit,
                                      JET_COMMIT_ID *pCommitId);
JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

// --- Databases ------------------------------------------------------------
JET_ERR JET_API JetCreateDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
                                   JET_PCSTR szConnect, JET_DBID *pdbid,
                                   JET_GRBIT grbit);
JET_ERR JET_API JetCreateDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_DBID *pdbid, JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
                                   JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_GRBIT grbit);
JET_ERR JET_API JetOpenDatabaseA(JET_SESID sesid, JET_PCSTR szFilename,
                                 JET_PCSTR szConnect, JET_DBID *pdbid,
                                 JET_GRBIT grbit);
JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid,
                                 JET_GRBIT grbit);
JET_ERR JET_API JetDetachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename);
JET_ERR JET_API JetDetachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    JET_GRBIT grbit);

// --- Miscellaneous --------------------------------------------------------
JET_ERR JET_API JetGetVersion(JET_SESID sesid, unsigned long *pwVersion);

// --- Tables and DDL -------------------------------------------------------
JET_ERR JET_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid,
                                JET_PCSTR szTableName, unsigned long lPages,
                                unsigned long lDensity, JET_TABLEID *ptableid);
JET_ERR JET_API JetCreateTableColumnIndexA(JET_SESID sesid, JET_DBID dbid,
                                           JET_TABLECREATE_A *ptablecreate);
JET_ERR JET_API JetCreateTableColumnIndex2A(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE2_A *ptablecreate);
JET_ERR JET_API JetCreateTableColumnIndex3A(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE3_A *ptablecreate);
JET_ERR JET_API JetCreateTableColumnIndex4A(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE4_A *ptablecreate);
JET_ERR JET_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid,
                                JET_PCSTR szTableName);
JET_ERR JET_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid,
                              JET_PCSTR szTableName, const void *pvParameters,
                              unsigned long cbParameters, JET_GRBIT grbit,
                              JET_TABLEID *ptableid);
JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid);
JET_ERR JET_API JetOpenTempTable(JET_SESID sesid,
                                 const JET_COLUMNDEF *prgcolumndef,
                                 unsigned long ccolumn, JET_GRBIT grbit,
                                 JET_TABLEID *ptableid,
                                 JET_COLUMNID *prgcolumnid);
JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid,
                                  const JET_COLUMNDEF *prgcolumndef,
                                  unsigned long ccolumn, unsigned long lcid,
                                  JET_GRBIT grbit, JET_TABLEID *ptableid,
                                  JET_COLUMNID *prgcolumnid);
JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid,
                                  const JET_COLUMNDEF *prgcolumndef,
                                  unsigned long ccolumn,
                                  JET_UNICODEINDEX *pidxunicode,
                                  JET_GRBIT grbit, JET_TABLEID *ptableid,
                                  JET_COLUMNID *prgcolumnid);
JET_ERR JET_API JetOpenTemporaryTable(
    JET_SESID sesid, JET_OPENTEMPORARYTABLE *popentemporarytable);
JET_ERR JET_API JetOpenTemporaryTable2(
    JET_SESID sesid, JET_OPENTEMPORARYTABLE2 *popentemporarytable);
JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid,
                             JET_TABLEID *ptableid, JET_GRBIT grbit);
JET_ERR JET_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid,
                              JET_PCSTR szColumnName,
                              const JET_COLUMNDEF *pcolumndef,
                              const void *pvDefault, unsigned long cbDefault,
                              JET_COLUMNID *pcolumnid);
JET_ERR JET_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_PCSTR szColumnName);
JET_ERR JET_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid,
                                  JET_PCSTR szColumnName,
                                  const JET_GRBIT grbit);
JET_ERR JET_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCSTR szIndexName, JET_GRBIT grbit,
                                const char *szKey, unsigned long cbKey,
                                unsigned long lDensity);
JET_ERR JET_API JetCreateIndex2A(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE_A *pindexcreate,
                                 unsigned long cIndexCreate);
JET_ERR JET_API JetCreateIndex3A(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE2_A *pindexcreate,
                                 unsigned long cIndexCreate);
JET_ERR JET_API JetCreateIndex4A(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE3_A *pindexcreate,
                                 unsigned long cIndexCreate);
JET_ERR JET_API JetDeleteIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCSTR szIndexName);
JET_ERR JET_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                       JET_PCSTR szColumnName, void *pvResult,
                                       unsigned long cbMax,
                                       unsigned long InfoLevel);
JET_ERR JET_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid,
                                  JET_PCSTR szTableName,
                                  JET_PCSTR pColumnNameOrId, void *pvResult,
                                  unsigned long cbMax, unsigned long InfoLevel);
JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                      JET_PCSTR szIndexName, void *pvResult,
                                      unsigned long cbResult,
                                      unsigned long InfoLevel);
JET_ERR JET_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid,
                                 JET_PCSTR szTableName, JET_PCSTR szIndexName,
                                 void *pvResult, unsigned long cbResult,
                                 unsigned long InfoLevel);
JET_ERR JET_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                 void *pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel);
JET_ERR JET_API JetGetObjectInfoA(JET_SESID sesid, JET_DBID dbid,
                                  JET_OBJTYP objtyp, JET_PCSTR szContainerName,
                                  JET_PCSTR szObjectName, void *pvResult,
                                  unsigned long cbMax, unsigned long InfoLevel);

// --- Records --------------------------------------------------------------
JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid,
                                 unsigned long prep);
JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid,
                             JET_COLUMNID columnid, const void *pvData,
                             unsigned long cbData, JET_GRBIT grbit,
                             JET_SETINFO *psetinfo);
JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid,
                              JET_SETCOLUMN *psetcolumn,
                              unsigned long csetcolumn);
JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid,
                          void *pvBookmark, unsigned long cbBookmark,
                          unsigned long *pcbActual);
JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid,
                           void *pvBookmark, unsigned long cbBookmark,
                           unsigned long *pcbActual, const JET_GRBIT grbit);
JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid);
JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid,
                                  JET_COLUMNID columnid, void *pvData,
                                  unsigned long cbData,
                                  unsigned long *pcbActual, JET_GRBIT grbit,
                                  JET_RETINFO *pretinfo);
JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid,
                                   JET_RETRIEVECOLUMN *pretrievecolumn,
                                   unsigned long cretrievecolumn);
JET_ERR JET_API JetEnumerateColumns(
    JET_SESID sesid, JET_TABLEID tableid, unsigned long cEnumColumnId,
    JET_ENUMCOLUMNID *rgEnumColumnId, unsigned long *pcEnumColumn,
    JET_ENUMCOLUMN **prgEnumColumn, JET_PFNREALLOC pfnRealloc,
    void *pvReallocContext, unsigned long cbDataMost, JET_GRBIT grbit);
JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid,
                               void *pvKey, unsigned long cbMax,
                               unsigned long *pcbActual, JET_GRBIT grbit);
JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid,
                           JET_GRBIT grbit);
JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid,
                                JET_COLUMNID columnid, void *pv,
                                unsigned long cbMax, void *pvOld,
                                unsigned long cbOldMax,
                                unsigned long *pcbOldActual, JET_GRBIT grbit);

// --- Navigation -----------------------------------------------------------
JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, long cRow,
                        JET_GRBIT grbit);
JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid,
                           const void *pvData, unsigned long cbData,
                           JET_GRBIT grbit);
JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc,
                                 JET_GRBIT grbit);
JET_ERR JET_API JetSetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PCSTR szIndexName);
JET_ERR JET_API JetSetCurrentIndex2A(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCSTR szIndexName, JET_GRBIT grbit);
JET_ERR JET_API JetSetCurrentIndex3A(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCSTR szIndexName, JET_GRBIT grbit,
                                     unsigned long itagSequence);
JET_ERR JET_API JetGetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PSTR szIndexName,
                                    unsigned long cbIndexName);
JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid,
                               void *pvBookmark, unsigned long cbMax,
                               unsigned long *pcbActual);
JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid,
                                void *pvBookmark, unsigned long cbBookmark);
JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid,
                                    unsigned long *pcrec,
                                    unsigned long crecMax);
JET_ERR JET_API JetSetCurrentIndex4A(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCSTR szIndexName,
                                     JET_INDEXID *pindexid, JET_GRBIT grbit,
                                     unsigned long itagSequence);
JET_ERR JET_API JetGetRecordPosition(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_RECPOS *precpos,
                                     unsigned long cbRecpos);
JET_ERR JET_API JetGotoPosition(JET_SESID sesid, JET_TABLEID tableid,
                                JET_RECPOS *precpos);
JET_ERR JET_API JetGetCursorInfo(JET_SESID sesid, JET_TABLEID tableid,
                                 void *pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel);

// --- Wide (W) forms ---------------------------------------------------------
// Each takes UTF-16 where its A twin takes narrow strings and behaves as
// the A twin called with the converted arguments: object names to
// Windows-1252 (a character outside it, or an unpaired surrogate:
// JET_errInvalidName), paths and other strings to UTF-8 (an unpaired
// surrogate: JET_errUnicodeTranslationFail). Name and string outputs
// come back as UTF-16 in buffers sized in bytes (JET_errBufferTooSmall if
// the WCHARs and their NUL do not fit); the list levels of the information
// calls return their names in Unicode (cp 1200) text columns.
JET_ERR JET_API JetCreateInstanceW(JET_INSTANCE *pinstance,
                                   JET_PCWSTR szInstanceName);
JET_ERR JET_API JetCreateInstance2W(JET_INSTANCE *pinstance,
                                    JET_PCWSTR szInstanceName,
                                    JET_PCWSTR szDisplayName, JET_GRBIT grbit);
JET_ERR JET_API JetInit3W(JET_INSTANCE *pinstance, JET_RSTINFO_W *prstInfo,
                          JET_GRBIT grbit);
JET_ERR JET_API JetSetSystemParameterW(JET_INSTANCE *pinstance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR lParam, JET_PCWSTR szParam);
JET_ERR JET_API JetGetSystemParameterW(JET_INSTANCE instance, JET_SESID sesid,
                                       unsigned long paramid,
                                       JET_API_PTR *plParam, JET_PWSTR szParam,
                                       unsigned long cbMax);
JET_ERR JET_API JetBeginSessionW(JET_INSTANCE instance, JET_SESID *psesid,
                                 JET_PCWSTR szUserName, JET_PCWSTR szPassword);
JET_ERR JET_API JetCreateDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
                                   JET_PCWSTR szConnect, JET_DBID *pdbid,
                                   JET_GRBIT grbit);
JET_ERR JET_API JetCreateDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_DBID *pdbid, JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
                                   JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
                                    const unsigned long cpgDatabaseSizeMax,
                                    JET_GRBIT grbit);
JET_ERR JET_API JetOpenDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename,
                                 JET_PCWSTR szConnect, JET_DBID *pdbid,
                                 JET_GRBIT grbit);
JET_ERR JET_API JetDetachDatabaseW(JET_SESID sesid, JET_PCWSTR szFilename);
JET_ERR JET_API JetDetachDatabase2W(JET_SESID sesid, JET_PCWSTR szFilename,
                                    JET_GRBIT grbit);
JET_ERR JET_API JetCreateTableW(JET_SESID sesid, JET_DBID dbid,
                                JET_PCWSTR szTableName, unsigned long lPages,
                                unsigned long lDensity, JET_TABLEID *ptableid);
JET_ERR JET_API JetCreateTableColumnIndexW(JET_SESID sesid, JET_DBID dbid,
                                           JET_TABLECREATE_W *ptablecreate);
JET_ERR JET_API JetCreateTableColumnIndex2W(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE2_W *ptablecreate);
JET_ERR JET_API JetCreateTableColumnIndex3W(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE3_W *ptablecreate);
JET_ERR JET_API JetCreateTableColumnIndex4W(JET_SESID sesid, JET_DBID dbid,
                                            JET_TABLECREATE4_W *ptablecreate);
JET_ERR JET_API JetDeleteTableW(JET_SESID sesid, JET_DBID dbid,
                                JET_PCWSTR szTableName);
JET_ERR JET_API JetOpenTableW(JET_SESID sesid, JET_DBID dbid,
                              JET_PCWSTR szTableName, const void *pvParameters,
                              unsigned long cbParameters, JET_GRBIT grbit,
                              JET_TABLEID *ptableid);
JET_ERR JET_API JetAddColumnW(JET_SESID sesid, JET_TABLEID tableid,
                              JET_PCWSTR szColumnName,
                              const JET_COLUMNDEF *pcolumndef,
                              const void *pvDefault, unsigned long cbDefault,
                              JET_COLUMNID *pcolumnid);
JET_ERR JET_API JetDeleteColumnW(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_PCWSTR szColumnName);
JET_ERR JET_API JetDeleteColumn2W(JET_SESID sesid, JET_TABLEID tableid,
                                  JET_PCWSTR szColumnName,
                                  const JET_GRBIT grbit);
JET_ERR JET_API JetCreateIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                const WCHAR *szKey, unsigned long cbKey,
                                unsigned long lDensity);
JET_ERR JET_API JetCreateIndex2W(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE_W *pindexcreate,
                                 unsigned long cIndexCreate);
JET_ERR JET_API JetCreateIndex3W(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE2_W *pindexcreate,
                                 unsigned long cIndexCreate);
JET_ERR JET_API JetCreateIndex4W(JET_SESID sesid, JET_TABLEID tableid,
                                 JET_INDEXCREATE3_W *pindexcreate,
                                 unsigned long cIndexCreate);
JET_ERR JET_API JetDeleteIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                JET_PCWSTR szIndexName);
JET_ERR JET_API JetGetTableColumnInfoW(JET_SESID sesid, JET_TABLEID tableid,
                                       JET_PCWSTR szColumnName, void *pvResult,
                                       unsigned long cbMax,
                                       unsigned long InfoLevel);
JET_ERR JET_API JetGetColumnInfoW(JET_SESID sesid, JET_DBID dbid,
                                  JET_PCWSTR szTableName,
                                  JET_PCWSTR pColumnNameOrId, void *pvResult,
                                  unsigned long cbMax, unsigned long InfoLevel);
JET_ERR JET_API JetGetTableIndexInfoW(JET_SESID sesid, JET_TABLEID tableid,
                                      JET_PCWSTR szIndexName, void *pvResult,
                                      unsigned long cbResult,
                                      unsigned long InfoLevel);
JET_ERR JET_API JetGetIndexInfoW(JET_SESID sesid, JET_DBID dbid,
                                 JET_PCWSTR szTableName, JET_PCWSTR szIndexName,
                                 void *pvResult, unsigned long cbResult,
                                 unsigned long InfoLevel);
JET_ERR JET_API JetGetTableInfoW(JET_SESID sesid, JET_TABLEID tableid,
                                 void *pvResult, unsigned long cbMax,
                                 unsigned long InfoLevel);
JET_ERR JET_API JetGetObjectInfoW(JET_SESID sesid, JET_DBID dbid,
                                  JET_OBJTYP objtyp, JET_PCWSTR szContainerName,
                                  JET_PCWSTR szObjectName, void *pvResult,
                                  unsigned long cbMax, unsigned long InfoLevel);
JET_ERR JET_API JetSetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PCWSTR szIndexName);
JET_ERR JET_API JetSetCurrentIndex2W(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCWSTR szIndexName, JET_GRBIT grbit);
JET_ERR JET_API JetSetCurrentIndex3W(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCWSTR szIndexName, JET_GRBIT grbit,
                                     unsigned long itagSequence);
JET_ERR JET_API JetGetCurrentIndexW(JET_SESID sesid, JET_TABLEID tableid,
                                    JET_PWSTR szIndexName,
                                    unsigned long cbIndexName);
JET_ERR JET_API JetSetCurrentIndex4W(JET_SESID sesid, JET_TABLEID tableid,
                                     JET_PCWSTR szIndexName,
                                     JET_INDEXID *pindexid, JET_GRBIT grbit,
                                     unsigned long itagSequence);

// --- Unsuffixed names -----------------------------------------------------
// Source-level mapping of the unsuffixed names to the narrow (A) functions,
// or to the wide (W) ones when JET_UNICODE is defined, as in esent.h. The
// library also exports real unsuffixed symbols (JetCreateInstance, ...) for
// callers that look functions up dynamically (dlsym); like esent.dll's,
// those are the A functions.
#ifdef JET_UNICODE
#define JetCreateInstance JetCreateInstanceW
#define JetCreateInstance2 JetCreateInstance2W
#define JetInit3 JetInit3W
#define JetSetSystemParameter JetSetSystemParameterW
#define JetGetSystemParameter JetGetSystemParameterW
#define JetBeginSession JetBeginSessionW
#define JetCreateDatabase JetCreateDatabaseW
#define JetCreateDatabase2 JetCreateDatabase2W
#define JetAttachDatabase JetAttachDatabaseW
#define JetAttachDatabase2 JetAttachDatabase2W
#define JetOpenDatabase JetOpenDatabaseW
#define JetDetachDatabase JetDetachDatabaseW
#define JetDetachDatabase2 JetDetachDatabase2W
#define JetCreateTable JetCreateTableW
#define JetCreateTableColumnIndex JetCreateTableColumnIndexW
#define JetCreateTableColumnIndex2 JetCreateTableColumnIndex2W
#define JetCreateTableColumnIndex3 JetCreateTableColumnIndex3W
#define JetCreateTableColumnIndex4 JetCreateTableColumnIndex4W
#define JetDeleteTable JetDeleteTableW
#define JetOpenTable JetOpenTableW
#define JetAddColumn JetAddColumnW
#define JetDeleteColumn JetDeleteColumnW
#define JetDeleteColumn2 JetDeleteColumn2W
#define JetCreateIndex JetCreateIndexW
#define JetCreateIndex2 JetCreateIndex2W
#define JetCreateIndex3 JetCreateIndex3W
#define JetCreateIndex4 JetCreateIndex4W
#define JetDeleteIndex JetDeleteIndexW
#define JetGetTableColumnInfo JetGetTableColumnInfoW
#define JetGetColumnInfo JetGetColumnInfoW
#define JetGetTableIndexInfo JetGetTableIndexInfoW
#define JetGetIndexInfo JetGetIndexInfoW
#define JetGetTableInfo JetGetTableInfoW
#define JetGetObjectInfo JetGetObjectInfoW
#define JetSetCurrentIndex JetSetCurrentIndexW
#define JetSetCurrentIndex2 JetSetCurrentIndex2W
#define JetSetCurrentIndex3 JetSetCurrentIndex3W
#define JetGetCurrentIndex JetGetCurrentIndexW
#define JetSetCurrentIndex4 JetSetCurrentIndex4W
#else
#define JetCreateInstance JetCreateInstanceA
#define JetCreateInstance2 JetCreateInstance2A
#define JetInit3 JetInit3A
#define JetSetSystemParameter JetSetSystemParameterA
#define JetGetSystemParameter JetGetSystemParameterA
#define JetBeginSession JetBeginSessionA
#define JetCreateDatabase JetCreateDatabaseA
#define JetCreateDatabase2 JetCreateDatabase2A
#define JetAttachDatabase JetAttachDatabaseA
#define JetAttachDatabase2 JetAttachDatabase2A
#define JetOpenDatabase JetOpenDatabaseA
#define JetDetachDatabase JetDetachDatabaseA
#define JetDetachDatabase2 JetDetachDatabase2A
#define JetCreateTable JetCreateTableA
#define JetCreateTableColumnIndex JetCreateTableColumnIndexA
#define JetCreateTableColumnIndex2 JetCreateTableColumnIndex2A
#define JetCreateTableColumnIndex3 JetCreateTableColumnIndex3A
#define JetCreateTableColumnIndex4 JetCreateTableColumnIndex4A
#define JetDeleteTable JetDeleteTableA
#define JetOpenTable JetOpenTableA
#define JetAddColumn JetAddColumnA
#define JetDeleteColumn JetDeleteColumnA
#define JetDeleteColumn2 JetDeleteColumn2A
#define JetCreateIndex JetCreateIndexA
#define JetCreateIndex2 JetCreateIndex2A
#define JetCreateIndex3 JetCreateIndex3A
#define JetCreateIndex4 JetCreateIndex4A
#define JetDeleteIndex JetDeleteIndexA
#define JetGetTableColumnInfo JetGetTableColumnInfoA
#define JetGetColumnInfo JetGetColumnInfoA
#define JetGetTableIndexInfo JetGetTableIndexInfoA
#define JetGetIndexInfo JetGetIndexInfoA
#define JetGetTableInfo JetGetTableInfoA
#define JetGetObjectInfo JetGetObjectInfoA
#define JetSetCurrentIndex JetSetCurrentIndexA
#define JetSetCurrentIndex2 JetSetCurrentIndex2A
#define JetSetCurrentIndex3 JetSetCurrentIndex3A
#define JetGetCurrentIndex JetGetCurrentIndexA
#define JetSetCurrentIndex4 JetSetCurrentIndex4A
#endif

// --- lmjet's own functions (esent.dll has none of these) -------------------

// How the durable commits of one database file have spent their time since
// the file was opened in this process, summed over every session that
// committed to it. Commits are grouped: concurrent committers share one
// LMDB write transaction (a batch) and its syncs (docs/architecture.md,
// "Group commit"). Durations are in nanoseconds of wall-clock time.
typedef struct {
  unsigned long cbStruct;  // out: sizeof(LMJET_COMMITSTATS)
  // Batches run (one LMDB write transaction each), and the commits they
  // carried (every transaction that wrote to the file, DDL included, failed
  // ones too). cCommit / cBatch is the mean batch size.
  unsigned long long cBatch;
  unsigned long long cCommit;
  // Batch leaders waiting for sessions just released to commit again, so
  // that they join the batch rather than need one of their own.
  unsigned long long nsGather;
  // Each batch's LMDB transaction from its begin to its commit: applying
  // the sessions' changes.
  unsigned long long nsApply;
  // LMDB's commit: writing and syncing the changed pages, then writing the
  // new meta page.
  unsigned long long nsCommit;
  // Waiting for the meta page to be on disk, by its own sync or by a later
  // batch's commit.
  unsigned long long nsDurable;
} LMJET_COMMITSTATS;

// Fills *pstats for `dbid`, a database `sesid` has open; zero counts and
// times for one opened read-only. JET_errInvalidSesid for a bad session,
// JET_errInvalidDatabaseId for a dbid the session has not open,
// JET_errInvalidParameter for a null pstats, JET_errInvalidBufferSize when
// cbMax < sizeof(LMJET_COMMITSTATS).
JET_ERR JET_API LmjetGetCommitStats(JET_SESID sesid, JET_DBID dbid,
                                    LMJET_COMMITSTATS *pstats,
                                    unsigned long cbMax);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // LMJET_API_ESENT_H_
