// The Philox4x32-10 block function is inline in peacesim/core/rng.hpp (issue #8); this file keeps
// the header compiled on its own.
#include "peacesim/core/rng.hpp"
