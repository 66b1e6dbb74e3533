# Install layout, run-time data lookup and the Debian package (ADR 0015, docs/cluster.md).
#
#   <prefix>/bin/peacesim
#   <prefix>/share/peacesim/scenarios/      shipped scenarios, pattern files, variants, experiments
#   <prefix>/share/peacesim/schema/         scenario.schema.json, patterns.schema.json (as `peacesim schema` prints them)
#   <prefix>/share/peacesim/docs/           docs/, README.md, LICENSE
#   <prefix>/share/peacesim/slurm/          sweep-array.sbatch, sweep-mpi.sbatch, selftest, tiny-experiment
#   <prefix>/share/peacesim/modulefiles/peacesim/<version>.lua   an Lmod modulefile
#   <prefix>/share/doc/peacesim/copyright   (Debian's place for the licence)
#
# The installed binary finds share/peacesim from its own location (/proc/self/exe), so the tree can
# be moved or installed with any --prefix: src/io/data_dir.cpp.
include(GNUInstallDirs)

set(PEACESIM_DATA_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/peacesim")
# the data root relative to the binary's folder, e.g. ../share/peacesim
file(RELATIVE_PATH PEACESIM_DATA_FROM_BIN "/root/${CMAKE_INSTALL_BINDIR}" "/root/${PEACESIM_DATA_INSTALL_DIR}")
set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/src/io/data_dir.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  "PEACESIM_DATA_FROM_BIN=\"${PEACESIM_DATA_FROM_BIN}\"" "PEACESIM_BINARY_DIR=\"${CMAKE_BINARY_DIR}\"")

# the schemas as the binary prints them (parameters included), made at build time
set(PEACESIM_SCHEMA_DIR ${CMAKE_CURRENT_BINARY_DIR}/share/schema)
add_custom_command(
  OUTPUT ${PEACESIM_SCHEMA_DIR}/scenario.schema.json ${PEACESIM_SCHEMA_DIR}/patterns.schema.json
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PEACESIM_SCHEMA_DIR}
  COMMAND sh -c "\"$1\" schema > \"$2/scenario.schema.json\" && \"$1\" schema --patterns > \"$2/patterns.schema.json\"" sh $<TARGET_FILE:peacesim> ${PEACESIM_SCHEMA_DIR}
  DEPENDS peacesim
  COMMENT "Writing the scenario and pattern schemas for installation"
  VERBATIM)
add_custom_target(peacesim_schemas ALL
  DEPENDS ${PEACESIM_SCHEMA_DIR}/scenario.schema.json ${PEACESIM_SCHEMA_DIR}/patterns.schema.json)

install(TARGETS peacesim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/ DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/scenarios)
install(FILES ${PEACESIM_SCHEMA_DIR}/scenario.schema.json ${PEACESIM_SCHEMA_DIR}/patterns.schema.json
        DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/schema)
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/docs/ DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/docs)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/README.md ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE
        DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/docs)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/tools/slurm/sweep-array.sbatch ${CMAKE_CURRENT_SOURCE_DIR}/tools/slurm/sweep-mpi.sbatch
        DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/slurm)
install(PROGRAMS ${CMAKE_CURRENT_SOURCE_DIR}/tools/slurm/selftest ${CMAKE_CURRENT_SOURCE_DIR}/tools/slurm/tiny-experiment
        DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/slurm)
# the modulefile finds its prefix from its own location; @PEACESIM_PREFIX@ is only the fallback for
# a copy of it kept elsewhere (a site's modulefiles tree)
set(PEACESIM_PREFIX ${CMAKE_INSTALL_PREFIX})
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/tools/lmod/peacesim.lua.in
               ${CMAKE_CURRENT_BINARY_DIR}/share/modulefiles/peacesim/${PROJECT_VERSION}.lua @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/share/modulefiles/peacesim/${PROJECT_VERSION}.lua
        DESTINATION ${PEACESIM_DATA_INSTALL_DIR}/modulefiles/peacesim)

# cpack -G DEB (from the build folder): peacesim_<version>_<arch>.deb, installing under /usr
set(CPACK_PACKAGE_NAME peacesim)
set(CPACK_PACKAGE_VENDOR "the peacesim developers")
set(CPACK_PACKAGE_CONTACT "the peacesim developers <peacesim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the binary's shared libraries (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openmpi-bin")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "slurm-client, lmod")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "peacesim steps a seeded, tick-based agent-based model of a multinational peace operation\n(UNMIK/KFOR Kosovo 1999 is the reference scenario) and sweeps it over parameter designs on\nthreads, under MPI or in Slurm job arrays. Shipped scenarios and Slurm templates are in\n/usr/share/peacesim.")
include(CPack)
