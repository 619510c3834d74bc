#ifndef LMJET_ENGINE_PATHS_H_
#define LMJET_ENGINE_PATHS_H_

#include <string>

#include "base/status.h"

namespace lmjet::engine {

// Turns a path as an ESENT program writes it into a Linux path: backslashes
// become slashes, so ".\\data\\app.edb" names "./data/app.edb".
std::string NativePath(const char* jet_path);

// The absolute, lexically normal form of `native_path` with symbolic links
// of its existing prefix resolved: the identity of a database file.
Status CanonicalPath(const std::string& native_path, std::string* canonical);

// The directory a path names: the path itself when it ends in '/', its
// parent otherwise ("." for a bare file name).
std::string DirectoryOf(const std::string& native_path);

// Succeeds if `directory` exists; creates it (and its parents) when `create`
// is set; otherwise returns `missing_error`.
Status EnsureDirectory(const std::string& directory, bool create,
                       JET_ERR missing_error);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_PATHS_H_
