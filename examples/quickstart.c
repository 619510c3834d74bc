/* lmjet quickstart: an ESENT-style program, in plain C.
 *
 * Creates an instance and a database, begins sessions and nested
 * transactions, ends a session that still holds open work, and prints what
 * happened at each step.
 *
 *   ./bazelw run //examples:quickstart [-- <directory>]
 */

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/esent.h"

static int failures = 0;

/* Prints one step and its JET_ERR; counts unexpected results. */
static void step(const char* what, JET_ERR err, JET_ERR expected) {
  printf("  %-58s -> %ld%s\n", what, err,
         err == expected ? "" : "   (UNEXPECTED)");
  if (err != expected) ++failures;
}

int main(int argc, char** argv) {
  char dir[4096];
  const int own_dir = argc <= 1;
  if (!own_dir) {
    snprintf(dir, sizeof(dir), "%s", argv[1]);
  } else {
    const char* tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/lmjet-quickstart-XXXXXX",
             tmp != NULL ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
      perror("mkdtemp");
      return 1;
    }
  }
  char path[4200], db[4300];
  snprintf(path, sizeof(path), "%s/", dir);
  snprintf(db, sizeof(db), "%s/quickstart.edb", dir);
  printf("lmjet quickstart in %s\n\n", dir);

  JET_INSTANCE instance = 0;
  JET_SESID writer = JET_sesidNil, reader = JET_sesidNil;
  JET_DBID dbid = JET_dbidNil;
  unsigned long version = 0;

  printf("Instance\n");
  step("JetCreateInstance(\"quickstart\")",
       JetCreateInstance(&instance, "quickstart"), JET_errSuccess);
  step("JetSetSystemParameter(SystemPath)",
       JetSetSystemParameter(&instance, 0, JET_paramSystemPath, 0, path),
       JET_errSuccess);
  step("JetSetSystemParameter(LogFilePath)",
       JetSetSystemParameter(&instance, 0, JET_paramLogFilePath, 0, path),
       JET_errSuccess);
  step("JetSetSystemParameter(MaxSessions = 2)",
       JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 2, NULL),
       JET_errSuccess);
  step("JetInit", JetInit(&instance), JET_errSuccess);

  printf("\nSessions and a database\n");
  step("JetBeginSession(writer)", JetBeginSession(instance, &writer, "", ""),
       JET_errSuccess);
  step("JetDupSession(writer -> reader)", JetDupSession(writer, &reader),
       JET_errSuccess);
  {
    JET_SESID third;
    step("JetBeginSession(third): MaxSessions is exact",
         JetBeginSession(instance, &third, "", ""), JET_errOutOfSessions);
  }
  step("JetCreateDatabase(quickstart.edb)",
       JetCreateDatabase(writer, db, NULL, &dbid, 0), JET_errSuccess);
  printf("  (dbid %lu; the same dbid is seen by every session)\n", dbid);
  step("JetGetVersion", JetGetVersion(writer, &version), JET_errSuccess);
  printf("  (engine version 0x%08lx)\n", version);

  printf("\nNested transactions\n");
  for (int level = 1; level <= 7; ++level) {
    char what[64];
    snprintf(what, sizeof(what), "JetBeginTransaction -> level %d", level);
    step(what, JetBeginTransaction(writer), JET_errSuccess);
  }
  step("JetBeginTransaction -> level 8: too deep", JetBeginTransaction(writer),
       JET_errTransTooDeep);
  step("JetCommitTransaction (level 7 merges into 6)",
       JetCommitTransaction(writer, 0), JET_errSuccess);
  step("JetRollback (level 6 discarded)", JetRollback(writer, 0),
       JET_errSuccess);
  step("JetSetSessionContext(writer, 0x5EED)",
       JetSetSessionContext(writer, 0x5EED), JET_errSuccess);

  printf("\nJetEndSession with open work\n");
  step("JetEndSession(writer) while its context is set: in use",
       JetEndSession(writer, 0), JET_errSessionInUse);
  step("JetResetSessionContext(writer)", JetResetSessionContext(writer),
       JET_errSuccess);
  step("JetTerm while writer has 5 open levels: refused", JetTerm(instance),
       JET_errTooManyActiveUsers);
  step("JetEndSession(writer): rolls back 5 levels, closes the db",
       JetEndSession(writer, 0), JET_errSuccess);
  step("JetEndSession(writer) again: the handle is dead",
       JetEndSession(writer, 0), JET_errInvalidSesid);

  printf("\nShutting down\n");
  step("JetDetachDatabase (no session has it open now)",
       JetDetachDatabase(reader, db), JET_errSuccess);
  step("JetTerm (ends the idle reader session too)", JetTerm(instance),
       JET_errSuccess);
  step("JetEndSession(reader) after JetTerm", JetEndSession(reader, 0),
       JET_errNotInitialized);

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
