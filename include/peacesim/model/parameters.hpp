#pragma once
/// The model's free parameters, generated from parameters.def (one line each, with unit and source).
#include <span>
#include <string_view>

namespace peacesim {

/// Every free parameter of the model. Field names are `section_name`; in scenario files they are
/// written `parameters.section.name`.
struct Parameters {
#define PEACESIM_PARAM(section, name, def, lo, hi, unit, doc, source) double section##_##name = def;
#include "peacesim/model/parameters.def"
#undef PEACESIM_PARAM
};

/// One entry of the parameter registry.
struct ParameterInfo {
  std::string_view section;
  std::string_view name;
  double default_value;
  double minimum;
  double maximum;
  std::string_view unit;
  std::string_view description;
  std::string_view source;
  double Parameters::*field;
};

/// All parameters, in declaration order.
std::span<const ParameterInfo> parameter_registry();

}  // namespace peacesim
