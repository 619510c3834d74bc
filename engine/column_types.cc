#include "engine/column_types.h"

namespace lmjet::engine {

uint32_t FixedSizeOf(JET_COLTYP coltyp) {
  switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte:
      return 1;
    case JET_coltypShort:
    case JET_coltypUnsignedShort:
      return 2;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle:
      return 4;
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong:
      return 8;
    case JET_coltypGUID:
      return 16;
    default:
      return 0;
  }
}

bool IsLongValueType(JET_COLTYP coltyp) {
  return coltyp == JET_coltypLongText || coltyp == JET_coltypLongBinary;
}

bool IsTextType(JET_COLTYP coltyp) {
  return coltyp == JET_coltypText || coltyp == JET_coltypLongText;
}

}  // namespace lmjet::engine
