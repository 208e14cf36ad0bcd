// What a password must be: 10–256 bytes, not mostly the user name, and not a word cracklib
// (Debian's libcrack2, the check behind pam_cracklib) finds in its dictionary or calls too simple,
// also once the digits and symbols around a word are taken off ("password1234"). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tsunagu::service {

// A Japanese reason when `password` may not be used by `username`, else empty.
std::string password_weakness(std::string_view password, std::string_view username);

// A password for an admin to hand over once ("kq7m-3xtp-w9fd-h2rc"): 16 characters from an
// alphabet without look-alikes (no 0/o, 1/l/i), about 80 bits.
std::string generate_password();

}  // namespace tsunagu::service
