# Installs into a scratch prefix and checks the installed kindly runs on its own course.
# Invoked by CTest: cmake -DBUILD=<build dir> -DPREFIX=<scratch> -P install_test.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
foreach(f bin/kindly share/applications/kindly.desktop
          share/icons/hicolor/scalable/apps/kindly.svg
          share/icons/hicolor/256x256/apps/kindly.png share/man/man1/kindly.1.gz
          share/kindly/courses/kindly-msc/course.yaml)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
# Run from / with no course in the environment: it must find the installed course.
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=KINDLY_COURSE
                        "${PREFIX}/bin/kindly" validate --strict --json
                WORKING_DIRECTORY / RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed kindly validate failed (${rc}): ${out}")
endif()
string(FIND "${out}" "\"course_dir\": \"${PREFIX}/share/kindly/courses/kindly-msc\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "installed kindly did not use its installed course: ${out}")
endif()
execute_process(COMMAND "${PREFIX}/bin/kindly" --version RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^kindly [0-9]+\\.[0-9]+\\.[0-9]+ \\(built ")
  message(FATAL_ERROR "kindly --version: ${out}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
