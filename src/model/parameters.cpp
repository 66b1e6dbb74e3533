#include "peacesim/model/parameters.hpp"

#include <array>

namespace peacesim {

namespace {
constexpr ParameterInfo kRegistry[] = {
#define PEACESIM_PARAM(section, name, def, lo, hi, unit, doc, source) \
  {#section, #name, def, lo, hi, unit, doc, source, &Parameters::section##_##name},
#include "peacesim/model/parameters.def"
#undef PEACESIM_PARAM
};
}  // namespace

std::span<const ParameterInfo> parameter_registry() { return kRegistry; }

}  // namespace peacesim
