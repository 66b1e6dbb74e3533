# Writes the seed corpora of the fuzzers from the shipped files (run at test time, into the build
# tree; nothing generated is committed):
#   cmake -DSRC=<source dir> -DOUT=<dir> -P tests/fuzz/make_seeds.cmake
# OUT/fuzz_scenario: every scenario alone, and each variant chained to its base with the
#                    harness's separator; OUT/fuzz_patterns: the pattern files;
# OUT/fuzz_set:      one assignment per leaf of the two-towns example (its own value and a
#                    few edge values), and a few hand-written multi-line ones.
cmake_minimum_required(VERSION 3.25)
if(NOT SRC OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DSRC=<source dir> -DOUT=<dir> -P make_seeds.cmake")
endif()
set(sep "\n--8<--\n")
foreach(t fuzz_scenario fuzz_set fuzz_patterns)
  file(REMOVE_RECURSE ${OUT}/${t})
  file(MAKE_DIRECTORY ${OUT}/${t})
endforeach()

# ---------------------------------------------------------------- scenarios
file(GLOB_RECURSE jsons RELATIVE ${SRC}/scenarios ${SRC}/scenarios/*.json)
set(n 0)
foreach(rel IN LISTS jsons)
  file(READ ${SRC}/scenarios/${rel} text)
  string(MAKE_C_IDENTIFIER "${rel}" name)
  if(rel MATCHES "patterns")
    file(WRITE ${OUT}/fuzz_patterns/${name} "${text}")
    continue()
  endif()
  file(WRITE ${OUT}/fuzz_scenario/${name} "${text}")
  math(EXPR n "${n} + 1")
  # a child: the same chain as shipped, with the base next to it as part1.json
  if(text MATCHES "\"extends\"[ \t\r\n]*:[ \t\r\n]*\"([^\"]*)\"")
    get_filename_component(dir ${SRC}/scenarios/${rel} DIRECTORY)
    get_filename_component(base_file ${dir}/${CMAKE_MATCH_1} ABSOLUTE)
    if(EXISTS ${base_file})
      file(READ ${base_file} base)
      string(REGEX REPLACE "\"extends\"[ \t\r\n]*:[ \t\r\n]*\"[^\"]*\"" "\"extends\": \"part1.json\"" child "${text}")
      file(WRITE ${OUT}/fuzz_scenario/${name}_chained "${child}${sep}${base}")
    endif()
  endif()
endforeach()
# small chains built from the example: an overlay of a few fields, three levels, a cycle
file(READ ${SRC}/scenarios/examples/two-towns.json small)
file(WRITE ${OUT}/fuzz_scenario/overlay_two_towns "{\"name\": \"child\", \"time\": {\"end\": \"2000-02-01\"}}${sep}${small}")
file(WRITE ${OUT}/fuzz_scenario/three_levels
     "{\"title\": \"top\"}${sep}{\"seed\": 2, \"groups\": [{\"id\": \"blue\", \"initial_fear\": 0.3}]}${sep}${small}")
file(WRITE ${OUT}/fuzz_scenario/cycle "{\"extends\": \"part1.json\"}${sep}{\"extends\": \"part0.json\"}")
file(WRITE ${OUT}/fuzz_scenario/not_json "{\"name\": ${sep}${small}")

# ---------------------------------------------------------------- --set assignments
function(leaf_seeds json prefix)
  string(JSON type TYPE "${json}")
  if(type STREQUAL "OBJECT" OR type STREQUAL "ARRAY")
    string(JSON len LENGTH "${json}")
    if(len EQUAL 0)
      return()
    endif()
    math(EXPR last "${len} - 1")
    foreach(i RANGE ${last})
      if(type STREQUAL "OBJECT")
        string(JSON key MEMBER "${json}" ${i})
      else()
        # inside an array the segment is the element's id if it has one, else its index
        set(key ${i})
        string(JSON id ERROR_VARIABLE no_id GET "${json}" ${i} id)
        if(NOT no_id)
          set(key "${id}")
        endif()
      endif()
      if(type STREQUAL "OBJECT")
        string(JSON child GET "${json}" "${key}")
        string(JSON child_type TYPE "${json}" "${key}")
      else()
        string(JSON child GET "${json}" ${i})
        string(JSON child_type TYPE "${json}" ${i})
      endif()
      if(prefix STREQUAL "")
        set(path "${key}")
      else()
        set(path "${prefix}.${key}")
      endif()
      if(child_type STREQUAL "OBJECT" OR child_type STREQUAL "ARRAY")
        leaf_seeds("${child}" "${path}")
      else()
        if(child_type STREQUAL "STRING")
          set(value "\"${child}\"")
        elseif(child_type STREQUAL "BOOLEAN")
          if(child)
            set(value true)
          else()
            set(value false)
          endif()
        else()
          set(value "${child}")
        endif()
        string(MAKE_C_IDENTIFIER "${path}" name)
        file(WRITE ${SEED_DIR}/leaf_${name} "${path}=${value}")
        if(child_type STREQUAL "NUMBER")
          file(WRITE ${SEED_DIR}/edge_${name} "${path}=-1\n${path}=1e308\n${path}=0")
        endif()
      endif()
    endforeach()
  endif()
endfunction()
set(SEED_DIR ${OUT}/fuzz_set)
leaf_seeds("${small}" "")
set(i 0)
foreach(seed
    "contingents.battalion.strength=900"
    "time.end=2000-06-01"
    "time.end=2000-01-15\ntime.tick_days=7"
    "groups.red.initial_fear=0.9\ngroups.blue.initial_fear=0.1\nseed=3"
    "contingents.intl_police.arrival=2000-01-01"
    "locations.hilltown.population.red=0"
    "parameters.incidents.base_rate=0.5"
    "events.0.date=2001-12-31"
    "contingents.battalion.schedule.1.strength=0"
    "name=\"x\"\ntitle=y"
    "cells.coordination.members=[\"relief\"]"
    "output={}")
  file(WRITE ${OUT}/fuzz_set/hand_${i} "${seed}")
  math(EXPR i "${i} + 1")
endforeach()

# ---------------------------------------------------------------- patterns
# small pattern files for the two-towns example (its groups blue and red), every statistic
set(w "\"window\": {\"from\": \"2000-01-01\", \"to\": \"2000-01-03\"")
file(WRITE ${OUT}/fuzz_patterns/hand_two_towns "{\"name\": \"two-towns\", \"patterns\": [
 {\"id\": \"a\", \"what\": \"w\", \"metric\": \"remaining:red\", \"source\": \"s\", ${w}, \"statistic\": \"mean\"}, \"min\": 0},
 {\"id\": \"b\", \"what\": \"w\", \"metric\": \"murders\", \"source\": \"s\", ${w}, \"statistic\": \"sum\"}, \"max\": 10, \"scale\": 7},
 {\"id\": \"c\", \"what\": \"w\", \"metric\": \"fear:blue\", \"source\": \"s\", ${w}, \"statistic\": \"max\"},
  \"relative_to\": {\"from\": \"2000-01-01\", \"to\": \"2000-01-01\", \"statistic\": \"min\"}, \"min\": 0, \"max\": 2, \"observed\": 1, \"required\": true},
 {\"id\": \"d\", \"what\": \"w\", \"metric\": \"trust:red\", \"source\": \"s\", ${w}}, \"max\": 1}]}")
file(WRITE ${OUT}/fuzz_patterns/hand_empty "{\"name\": \"none\", \"patterns\": []}")

file(GLOB s ${OUT}/fuzz_scenario/*)
file(GLOB o ${OUT}/fuzz_set/*)
file(GLOB p ${OUT}/fuzz_patterns/*)
list(LENGTH s ns)
list(LENGTH o no)
list(LENGTH p np)
message(STATUS "fuzz seeds in ${OUT}: fuzz_scenario ${ns}, fuzz_set ${no}, fuzz_patterns ${np}")
