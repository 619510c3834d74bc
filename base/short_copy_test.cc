#include "base/short_copy.h"

#include <string>

#include "gtest/gtest.h"

namespace lmjet {
namespace {

// Every size up to 300 bytes, at every source and destination alignment in
// a 32-byte window: exactly the n bytes are copied, nothing around them is
// touched.
TEST(ShortCopyTest, CopiesExactlyTheBytesAtEverySizeAndAlignment) {
  std::string source(400, '\0');
  for (size_t i = 0; i < source.size(); ++i) {
    source[i] = static_cast<char>(i * 7 + 3);
  }
  for (size_t n = 0; n <= 300; ++n) {
    for (size_t from = 0; from < 32; from += 5) {
      for (size_t to = 0; to < 32; to += 3) {
        std::string target(400, '\x5a');
        ShortCopy(&target[to], &source[from], n);
        for (size_t i = 0; i < target.size(); ++i) {
          const char expected =
              i >= to && i < to + n ? source[from + (i - to)] : '\x5a';
          ASSERT_EQ(target[i], expected)
              << "n " << n << " from " << from << " to " << to << " at " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace lmjet
