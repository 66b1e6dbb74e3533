// Catch2 v2 entry point for the whole suite.
//
// Every run warns about, and so fails on, a test spec that matches no test case (NoTests: exit 2)
// and a test case or section that checks nothing (NoAssertions), whatever the command line says
// (Catch2 v2 takes only one --warn). With the strict discovery (cmake/CatchAddTestsStrict.cmake),
// a ctest test that runs nothing cannot pass.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  auto& config = session.configData();
  config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests |
                                                        Catch::WarnAbout::NoAssertions);
  return session.run();
}
