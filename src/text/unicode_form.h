#pragma once
// Unicode normalisation form C of names (ICU): file names must be NFC to
// travel in a bundle, since zip readers (libarchive among them) compose the
// UTF-8 names they read.

#include <string>
#include <string_view>

namespace tebiki::text {

// The NFC form of UTF-8 text (invalid sequences become U+FFFD).
std::string nfc_form(std::string_view utf8);

// True when `utf8` is already in NFC.
bool is_nfc(std::string_view utf8);

}  // namespace tebiki::text
