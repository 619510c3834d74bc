#include "engine/paths.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "engine/lmdb_status.h"

namespace lmjet::engine {

namespace fs = std::filesystem;

std::string NativePath(const char* jet_path) {
  std::string path = jet_path == nullptr ? "" : jet_path;
  std::replace(path.begin(), path.end(), '\\', '/');
  return path;
}

Status CanonicalPath(const std::string& native_path, std::string* canonical) {
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(native_path), ec);
  if (ec) return FromErrno(ec.value());
  fs::path resolved = fs::weakly_canonical(absolute, ec);
  if (ec) return FromErrno(ec.value());
  *canonical = resolved.lexically_normal().string();
  return Status::Ok();
}

std::string DirectoryOf(const std::string& native_path) {
  if (native_path.empty()) return ".";
  if (native_path.back() == '/') return native_path;
  const fs::path parent = fs::path(native_path).parent_path();
  return parent.empty() ? "." : parent.string();
}

Status EnsureDirectory(const std::string& directory, bool create,
                       JET_ERR missing_error) {
  std::error_code ec;
  if (fs::is_directory(directory, ec)) return Status::Ok();
  if (fs::exists(directory, ec) || !create) return Status(missing_error);
  fs::create_directories(directory, ec);
  if (ec) return FromErrno(ec.value());
  return Status::Ok();
}

}  // namespace lmjet::engine
