# `make package`: a Debian package with the server, the device simulator, the web portal,
# the sample client MSIs, a systemd unit and a default configuration (packaging/).
include(GNUInstallDirs)

install(TARGETS keyward RUNTIME DESTINATION bin)
if(TARGET keyward-agent)
  install(TARGETS keyward-agent RUNTIME DESTINATION bin)
endif()
# The built portal (web/dist) when it exists; the package works as an API server without it.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/web/dist/ DESTINATION share/keyward/web OPTIONAL)
if(TARGET sample_installers)
  install(FILES ${KEYWARD_SAMPLE_INSTALLER_DIR}/keyward-client-x64.msi
    ${KEYWARD_SAMPLE_INSTALLER_DIR}/keyward-client-x86.msi DESTINATION share/keyward/installers)
endif()
install(FILES ${CMAKE_SOURCE_DIR}/data/os_eol.json DESTINATION share/keyward)
install(FILES ${CMAKE_SOURCE_DIR}/docs/operations.md ${CMAKE_SOURCE_DIR}/docs/openapi.yaml
  DESTINATION share/doc/keyward)
# Debian 12 keeps units in /lib/systemd/system.
install(FILES ${CMAKE_SOURCE_DIR}/packaging/keyward.service DESTINATION /lib/systemd/system)
# Absolute: configuration belongs in /etc whatever the prefix.
install(FILES ${CMAKE_SOURCE_DIR}/packaging/keyward.env DESTINATION /etc/keyward)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keyward)
set(CPACK_PACKAGE_VENDOR "Keyward")
set(CPACK_PACKAGE_CONTACT "Keyward operators <ops@keyward.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "License and device management portal for endpoint antivirus resellers")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Debug information stays in the build tree; the package carries stripped programs.
set(CPACK_STRIP_FILES ON)
# dpkg-shlibdeps derives the library dependencies from the binaries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
# pg_dump/pg_restore for `keyward backup` on PostgreSQL.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst ${CMAKE_SOURCE_DIR}/packaging/debian/prerm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
