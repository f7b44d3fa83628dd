# Debian package: `make package` (or `cpack` in the build folder) builds
# kindly_<version>-<release>_<arch>.deb from what `cmake --install` installs under /usr.
#
#   1. identity and description
#   2. dependencies: Depends from the binary's libraries, Recommends for what is loaded on demand
#   3. changelog.Debian.gz and lintian overrides (copyright and man page: CMakeLists.txt)
#   4. file modes, stripping, md5sums
#
# The checks that the package is a good one (lintian, appstreamcli, desktop-file-validate, an
# install with dpkg) live in tests/package/.

# ---- 1. identity and description ------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kindly)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The Debian revision of this packaging: raise it when only the packaging changes.
set(KINDLY_DEBIAN_REVISION 1 CACHE STRING "Debian revision of the kindly package (the -N)")
set(CPACK_DEBIAN_PACKAGE_RELEASE ${KINDLY_DEBIAN_REVISION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # kindly_0.2.0-1_amd64.deb
set(KINDLY_PACKAGE_MAINTAINER
    "Kindly maintainers <maintainers@users.noreply.r-seed-d5fbcb13.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${KINDLY_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${KINDLY_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The synopsis, then the extended description (CPack puts the synopsis first itself and adds
# the control file's leading space on each line).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "eight-week self-compassion course to follow on your own")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Kindly is a desktop app for following an eight-week course in the shape of
the Mindful Self-Compassion (MSC) program on your own. Each week has a
reading, guided practices (script, timer, breathing pacer, bell), reflections
for a private journal, homework and a short check-in; a week opens when the
one before has had its seven days and its practice.
.
Everything stays in one SQLite file on your computer: Kindly has no network
code. The same engine is scriptable from the shell (kindly status, kindly log,
kindly journal, kindly export). Kindly is not therapy.")

# ---- 2. dependencies ------------------------------------------------------------------------
# Depends: dpkg-shlibdeps reads the DT_NEEDED libraries of the installed binary, so the list
# follows the code without being written down here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Recommends: the libraries the app opens with dlopen on first use (app/audio/audio.cpp,
# app/gui/desktop.cpp, app/speech) - sound (libpulse-simple.so.0 in libpulse0, libsndfile.so.1
# in libsndfile1), notifications (libnotify.so.4 in libnotify4), spoken guidance (the
# speech-dispatcher service, which brings libspeechd2; libespeak-ng.so.1 in libespeak-ng1 for
# the in-process voice and `kindly render`) - and the faces the app asks fontconfig for first
# (Inter, Noto Sans/Serif; it falls back to DejaVu, then ImGui's own). Without any of them the
# app still runs, silently, with text instead of a voice, or in plainer type.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libpulse0, libsndfile1, libnotify4, speech-dispatcher, libespeak-ng1, fonts-inter, fonts-noto-core")

# ---- 3. changelog.Debian.gz and lintian overrides --------------------------------------------
# changelog.Debian.gz: packaging/changelog.Debian, whose newest entry must name the version
# being built (a version bump needs an entry saying what changed), compressed with -9n (no
# name or time stamp) so the same changelog always gives the same bytes.
set(KINDLY_DEBIAN_VERSION "${PROJECT_VERSION}-${KINDLY_DEBIAN_REVISION}")
file(STRINGS ${PROJECT_SOURCE_DIR}/packaging/changelog.Debian kindly_changelog_top LIMIT_COUNT 1)
if(NOT kindly_changelog_top MATCHES "^kindly \\(${KINDLY_DEBIAN_VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog.Debian:1: the newest entry is '${kindly_changelog_top}'"
                      " but the package version is ${KINDLY_DEBIAN_VERSION}; add an entry for it")
endif()
set(KINDLY_DEBIAN_CHANGELOG_GZ "${CMAKE_BINARY_DIR}/packaging/changelog.Debian.gz")
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/packaging)
execute_process(COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/packaging/changelog.Debian
                OUTPUT_FILE ${KINDLY_DEBIAN_CHANGELOG_GZ} RESULT_VARIABLE kindly_gzip_rc)
if(NOT kindly_gzip_rc EQUAL 0)
  message(FATAL_ERROR "gzip -9n of packaging/changelog.Debian failed: ${kindly_gzip_rc}")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/packaging/changelog.Debian)
install(FILES ${KINDLY_DEBIAN_CHANGELOG_GZ} DESTINATION ${CMAKE_INSTALL_DOCDIR}
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
# The one lintian tag overridden; packaging/lintian-overrides says why.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME kindly
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# ---- 4. file modes, stripping, md5sums ------------------------------------------------------
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # lintian: unstripped-binary-or-object
# Directories 0755 whatever the builder's umask (lintian: non-standard-dir-perm). Files get
# their modes from install() (0644, the binary 0755); CPack writes them owned by root:root.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# CPack's DEB generator writes DEBIAN/md5sums itself.

include(CPack)
