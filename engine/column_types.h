#ifndef LMJET_ENGINE_COLUMN_TYPES_H_
#define LMJET_ENGINE_COLUMN_TYPES_H_

#include <cstdint>

#include "api/esent.h"

namespace lmjet::engine {

// Facts about JET_COLTYP values that keys, records and the schema share.

// The size of a value of a fixed-size type (1, 2, 4, 8 or 16), or 0 for
// Text, Binary, the long-value types and invalid types.
uint32_t FixedSizeOf(JET_COLTYP coltyp);

// LongText and LongBinary: always tagged, up to 2 GB.
bool IsLongValueType(JET_COLTYP coltyp);

// Text and LongText: code page 1252 or 1200, case-insensitive in keys.
bool IsTextType(JET_COLTYP coltyp);

}  // namespace lmjet::engine

#endif  // LMJET_ENGINE_COLUMN_TYPES_H_
