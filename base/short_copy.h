#ifndef LMJET_BASE_SHORT_COPY_H_
#define LMJET_BASE_SHORT_COPY_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lmjet {

// memcpy for the short values of a scan's retrieval (a column value is at
// most a few hundred bytes), inline and without a call: up to 128 bytes as
// two overlapping blocks of a power of two, above that 32-byte blocks and
// an overlapping last block. `to` and `from` must not overlap. Written out
// because GCC, knowing such a size is bounded, turns a plain memcpy into
// `rep movsb`, which is slow to start on small sizes.
__attribute__((always_inline)) inline void ShortCopy(void* to, const void* from,
                                                     size_t n) {
  char* d = static_cast<char*>(to);
  const char* s = static_cast<const char*>(from);
  if (n >= 32) {
    if (n <= 64) {
      std::memcpy(d, s, 32);
      std::memcpy(d + n - 32, s + n - 32, 32);
    } else if (n <= 128) {
      // 32-byte pieces: GCC turns a 64-byte memcpy into `rep movs`.
      std::memcpy(d, s, 32);
      std::memcpy(d + 32, s + 32, 32);
      std::memcpy(d + n - 64, s + n - 64, 32);
      std::memcpy(d + n - 32, s + n - 32, 32);
    } else {
      const size_t last = n - 32;
      for (size_t i = 0; i < last; i += 32) std::memcpy(d + i, s + i, 32);
      std::memcpy(d + last, s + last, 32);
    }
  } else if (n >= 16) {
    std::memcpy(d, s, 16);
    std::memcpy(d + n - 16, s + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(d, s, 8);
    std::memcpy(d + n - 8, s + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(d, s, 4);
    std::memcpy(d + n - 4, s + n - 4, 4);
  } else if (n > 0) {
    d[0] = s[0];
    d[n / 2] = s[n / 2];
    d[n - 1] = s[n - 1];
  }
}

}  // namespace lmjet

#endif  // LMJET_BASE_SHORT_COPY_H_
