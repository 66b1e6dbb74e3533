# Strict Catch2 test discovery, run after every build of a Catch2 test executable (script mode,
# `cmake -P`; see peacesim_discover_tests in tests/CMakeLists.txt). It replaces Catch2 v2's
# CatchAddTests.cmake, which splits a test case name at `;` (CMake's list separator) into two
# ctest tests that match nothing, and which lets a test that runs no test case pass.
#
# This script
#   - lists the test cases (`--list-test-names-only`) and fails the build, naming the test case,
#     if a name cannot be carried through CMake and Catch's test spec exactly: it contains `;`,
#     `\`, `*`, `"`, a tab or `]==`, starts with `~`, `#` or a space, or ends with a space;
#   - escapes `,`, `[` and `]` (Catch's test-spec syntax) so the spec matches that one name;
#   - runs every test with `--warn NoTests` (a spec that matches no test case exits 2; tests/main.cpp
#     adds NoAssertions, so a test case or section that checks nothing fails too);
#   - fails the build if the listing is empty or its count disagrees with the exit code
#     (Catch returns the number of test cases listed).
#
# Inputs (-D): TEST_EXECUTABLE, TEST_WORKING_DIR, TEST_PROPERTIES (a list, `|` for `;`), CTEST_FILE.

if(NOT EXISTS "${TEST_EXECUTABLE}")
  message(FATAL_ERROR "test discovery: '${TEST_EXECUTABLE}' does not exist")
endif()
execute_process(
  COMMAND "${TEST_EXECUTABLE}" --list-test-names-only
  OUTPUT_VARIABLE output
  RESULT_VARIABLE listed
  WORKING_DIRECTORY "${TEST_WORKING_DIR}")
if(NOT listed MATCHES "^[0-9]+$" OR listed EQUAL 0)
  message(FATAL_ERROR "test discovery: '${TEST_EXECUTABLE}' listed no test cases (exit ${listed}):\n${output}")
endif()

# Split into lines without letting CMake split at `;`: protect it first, then check every name.
string(REPLACE ";" "<SEMICOLON>" output "${output}")
string(REPLACE "\n" ";" lines "${output}")
set(bad "")
set(names "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  set(why "")
  if(line MATCHES "<SEMICOLON>")
    set(why "contains ';' (CMake's list separator: ctest would split the name)")
  elseif(line MATCHES "[\\\\*\"]")
    set(why "contains '\\\\', '*' or '\"' (Catch test-spec syntax that cannot be escaped)")
  elseif(line MATCHES "^[~# ]" OR line MATCHES " $")
    set(why "starts with '~', '#' or a space, or ends with a space")
  elseif(line MATCHES "[\t\r]" OR line MATCHES "]==")
    set(why "contains a tab, a carriage return or ']==' (would end the bracket quoting below)")
  endif()
  if(why)
    string(REPLACE "<SEMICOLON>" ";" shown "${line}")
    string(APPEND bad "\n  \"${shown}\": ${why}")
  else()
    list(APPEND names "${line}")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "test discovery: rename these Catch2 test cases (each must reach ctest as one test that "
                      "runs exactly it):${bad}")
endif()
list(LENGTH names count)
if(NOT count EQUAL listed)
  message(FATAL_ERROR "test discovery: '${TEST_EXECUTABLE}' says it has ${listed} test cases, the listing has ${count}")
endif()

string(REPLACE "|" ";" properties "${TEST_PROPERTIES}")
set(script "")
foreach(name IN LISTS names)
  set(spec "${name}")
  foreach(char , [ ])
    string(REPLACE "${char}" "\\${char}" spec "${spec}")
  endforeach()
  string(APPEND script
         "add_test([==[${name}]==] [==[${TEST_EXECUTABLE}]==] [==[${spec}]==] --warn NoTests)\n"
         "set_tests_properties([==[${name}]==] PROPERTIES WORKING_DIRECTORY [==[${TEST_WORKING_DIR}]==]")
  foreach(p IN LISTS properties)
    string(APPEND script " [==[${p}]==]")
  endforeach()
  string(APPEND script ")\n")
endforeach()
file(WRITE "${CTEST_FILE}" "${script}")
