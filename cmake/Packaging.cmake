# The Debian package (`make deb`): CPack's DEB generator over the install rules below.
#   /usr/bin/tsunagu                      the program (stripped)
#   /lib/systemd/system/tsunagu.service   the service, as the tsunagu system user, hardened
#   /etc/tsunagu/tsunagu.toml             its settings, a conffile (kept on upgrade when edited)
#   /usr/share/doc/tsunagu/               README.md and docs/*.md
# The maintainer scripts (packaging/postinst, prerm, postrm) create the system user and
# /var/lib/tsunagu; the dependencies come from the shared libraries (dpkg-shlibdeps).
include(GNUInstallDirs)

install(TARGETS tsunagu RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/tsunagu.service DESTINATION /lib/systemd/system)
# 0640: the file may hold a database password; postinst gives it to the tsunagu group.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/tsunagu.toml DESTINATION /etc/tsunagu
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
file(GLOB tsunagu_docs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${tsunagu_docs} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# cpack (and the packaging test under ctest) installs what is already built: packaging must not
# build the whole tree (tests included) first. `make deb` builds the program before cpack.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tsunagu)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Tsunagu Dev <dev@tsunagu.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "recidivism-prevention plan management and multi-agency case coordination")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Tsunagu (つなぐ) is the system a Japanese municipality, or a prefecture hosting several,\n\
runs to carry out its recidivism-prevention plan (再犯防止推進計画) and to coordinate\n\
support for people leaving prisons and juvenile training schools across agencies.\n\
One program serves the Japanese web pages and a JSON API on SQLite or PostgreSQL.")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tsunagu_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")  # postinst creates the system user with it
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/conffiles ${PROJECT_SOURCE_DIR}/packaging/postinst
    ${PROJECT_SOURCE_DIR}/packaging/prerm ${PROJECT_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_STRIP_FILES TRUE)
# The files under /etc and /lib have absolute destinations: stage every file under DESTDIR
# (never into the building machine's own /etc), with /usr as the prefix of the others.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
