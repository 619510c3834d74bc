// Runs examples/catalog in a fresh directory and checks its exit status and
// report: the rows each query returns, in order, and the results of the
// update, delete, rollback and snapshot steps.

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace {

// The built program: a runfile of this test (data = [":catalog"]).
std::string CatalogBinary() {
  const std::string relative = "examples/catalog";
  if (access(relative.c_str(), X_OK) == 0) return relative;
  const char* srcdir = getenv("TEST_SRCDIR");
  if (srcdir != nullptr) {
    const std::string runfile = std::string(srcdir) + "/lmjet/" + relative;
    if (access(runfile.c_str(), X_OK) == 0) return runfile;
  }
  return relative;
}

std::string MakeTempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string templ =
      std::string(base != nullptr ? base : "/tmp") + "/catalog-test-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return "";
  return buf.data();
}

struct CatalogRun {
  int status = -1;
  std::vector<std::string> lines;
};

CatalogRun RunCatalog(const std::string& dir) {
  CatalogRun run;
  const std::string command = "'" + CatalogBinary() + "' '" + dir + "'";
  FILE* child = popen(command.c_str(), "r");
  if (child == nullptr) return run;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), child)) > 0) out.append(buf, n);
  run.status = pclose(child);
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    run.lines.push_back(out.substr(start, end - start));
    start = end + 1;
  }
  return run;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string all;
  for (const std::string& line : lines) all += line + "\n";
  return all;
}

// The report, exactly as printed (section 5 of the program).
const std::vector<std::string> kReport = {
    "(a) Books by author (authors by country, then name)",
    "  Lem, Stanislaw: His Master's Voice (1968) $10.10",
    "  Lem, Stanislaw: Solaris (1961) $13.40",
    "  Lem, Stanislaw: The Cyberiad (1965) $9.25",
    "  Pratchett, Terry: Small Gods (1992) $9.75",
    "  Pratchett, Terry: The Colour of Magic (1983) $8.25",
    "  Tolkien, J. R. R.: The Fellowship of the Ring (1954) $14.95",
    "  Tolkien, J. R. R.: The Hobbit (1937) $12.00",
    "  Tolkien, J. R. R.: The Return of the King (1955) $15.50",
    "  Tolkien, J. R. R.: The Silmarillion (1977) $18.00",
    "  Tolkien, J. R. R.: The Two Towers (1954) $14.75",
    "  Asimov, Isaac: Foundation (1951) $8.49",
    "  Asimov, Isaac: I, Robot (1950) $7.49",
    "  Asimov, Isaac: The Gods Themselves (1972) $9.49",
    "  Herbert, Frank: Children of Dune (1976) $11.75",
    "  Herbert, Frank: Dune (1965) $19.99",
    "  Herbert, Frank: Dune Messiah (1969) $11.25",
    "  Jemisin, N. K.: (no books)",
    "  Le Guin, Ursula K.: A Wizard of Earthsea (1968) $7.99",
    "  Le Guin, Ursula K.: The Dispossessed (1974) $9.99",
    "  Le Guin, Ursula K.: The Lathe of Heaven (1971) $10.50",
    "  Le Guin, Ursula K.: The Left Hand of Darkness (1969) $8.99",
    "",
    "(b) The three most expensive books",
    "  1. $19.99  Dune (Herbert, Frank)",
    "  2. $18.00  The Silmarillion (Tolkien, J. R. R.)",
    "  3. $15.50  The Return of the King (Tolkien, J. R. R.)",
    "",
    "(c) Books by tag (by_tag: one index entry per tag value)",
    "  [hugo] 4 books",
    "    The Left Hand of Darkness: scifi, hugo, nebula",
    "    The Dispossessed: scifi, hugo, nebula",
    "    Dune: scifi, hugo, nebula",
    "    The Gods Themselves: scifi, hugo, nebula",
    "  [humour] 3 books",
    "    The Cyberiad: scifi, humour",
    "    The Colour of Magic: fantasy, humour",
    "    Small Gods: fantasy, humour",
    "  [western] (none)",
    "",
    "(d) Counts (JetIndexRecordCount)",
    "  books, primary        20 entries",
    "  books, by_author      20 entries",
    "  books, by_price_desc  20 entries",
    "  books, by_tag         35 entries",
    "  authors, primary       7 entries",
    "  books at $10.00 or less:   9",
    "",
};

// Steps of the whole run, in order (other lines come between them).
const std::vector<std::string> kChanges = {
    "  bookmark of an int primary key: 5 bytes                       ok",
    "  JetRetrieveColumn(title, NULL, 0): the size only           -> 1006",
    "  The Dispossessed now costs $12.49                             ok",
    "  the index entry at $12.49 is \"The Dispossessed\"               ok",
    "  JetSeek(by_price_desc, $9.99, SeekEQ): old entry gone      -> -1601",
    "  The Left Hand of Darkness: scifi, hugo                        ok",
    "  books tagged nebula: 3                                        ok",
    "  JetRetrieveColumn(tags, itagSequence 1): it has none       -> 1004",
    "  JetDelete(The Cyberiad: scifi, humour)                     -> 0",
    "  JetRetrieveColumn on the deleted record                    -> -1017",
    "  JetSeek(book 402, SeekEQ): gone                            -> -1601",
    "  books: 19, tagged humour: 2, by_tag entries: 32               ok",
    "  JetSeek(book 703, SeekEQ): visible to its own session      -> 0",
    "  books: 20, tagged humour: 3, by_tag entries: 34               ok",
    "  JetRollback                                                -> 0",
    "  JetSeek(book 703, SeekEQ): rolled back                     -> -1601",
    "  books: 19, tagged humour: 2, by_tag entries: 32               ok",
    "  JetSeek(reader, book 105): writer has not committed        -> -1601",
    "  JetCommitTransaction(writer)                               -> 0",
    "  JetSeek(reader, book 105): committed after reader began    -> -1601",
    "  books tagged hugo: 4                                          ok",
    "  books: 19, tagged humour: 2, by_tag entries: 32               ok",
    "  JetBeginTransaction(reader): a new snapshot                -> 0",
    "  JetSeek(reader, book 105): now visible                     -> 0",
    "  the reader reads \"The Word for World Is Forest\"               ok",
    "  books tagged hugo: 5                                          ok",
    "  books: 20, tagged humour: 2, by_tag entries: 34               ok",
    "  JetTerm                                                    -> 0",
    "",
    "Everything behaved as documented.",
};

TEST(CatalogExample, RunsAndReports) {
  const std::string dir = MakeTempDir();
  ASSERT_FALSE(dir.empty());
  const CatalogRun run = RunCatalog(dir);
  const std::string output = Join(run.lines);

  ASSERT_TRUE(WIFEXITED(run.status)) << output;
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << output;
  ASSERT_FALSE(run.lines.empty());
  EXPECT_EQ(run.lines.front(), "lmjet catalog in " + dir);
  EXPECT_EQ(run.lines.back(), "Everything behaved as documented.") << output;
  EXPECT_EQ(output.find("UNEXPECTED"), std::string::npos) << output;

  // The report, line for line, from its first heading.
  size_t report = 0;
  while (report < run.lines.size() && run.lines[report] != kReport[0]) {
    ++report;
  }
  ASSERT_LT(report, run.lines.size()) << output;
  for (size_t i = 0; i < kReport.size(); ++i) {
    ASSERT_LT(report + i, run.lines.size()) << output;
    EXPECT_EQ(run.lines[report + i], kReport[i]) << "report line " << i;
  }

  size_t at = 0;
  for (const std::string& line : kChanges) {
    size_t found = at;
    while (found < run.lines.size() && run.lines[found] != line) ++found;
    EXPECT_LT(found, run.lines.size())
        << "missing, after line " << at << ": \"" << line << "\"\n"
        << output;
    if (found < run.lines.size()) at = found + 1;
  }

  // The program leaves the database in the directory it was given.
  EXPECT_TRUE(std::filesystem::exists(dir + "/catalog.edb"));
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
