#pragma once
/// Version and source revision of this build (stamped by cmake/GenerateVersion.cmake).
namespace peacesim {
/// Semantic version of the project, e.g. "0.1.0".
const char* version();
/// Short git revision the binary was built from, "-dirty" if the tree had changes, "unknown" outside git.
const char* git_revision();
}  // namespace peacesim
