// Runs the C translation unit's end-to-end smoke test: esent.h compiles as
// C and the API works when called from C.

#include "gtest/gtest.h"

extern "C" int lmjet_esent_c_smoke(void);

namespace {

TEST(EsentCTest, ApiWorksFromC) { EXPECT_EQ(0, lmjet_esent_c_smoke()); }

}  // namespace
