#pragma once
// Checking that source bytes are UTF-8, and saying what they are when not.

#include <optional>
#include <string>
#include <string_view>

namespace tebiki::text {

struct TextPosition {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, in characters (code points), as editors count
};

// Where the first byte sequence that is not valid UTF-8 starts, if any.
std::optional<TextPosition> find_invalid_utf8(std::string_view bytes);

// When bytes are not UTF-8, what they probably are, among the encodings that
// Japanese offices' files come in: "Shift_JIS", "EUC-JP", "ISO-2022-JP",
// "UTF-16LE", "UTF-16BE". Nullopt when none fits.
std::optional<std::string> guess_encoding_of_non_utf8(std::string_view bytes);

// 1-based character column of the byte at byte_offset within line.
int character_column(std::string_view line, std::size_t byte_offset);

// The 1-based line and character column of byte_offset in text.
TextPosition position_of(std::string_view text, std::size_t byte_offset);

}  // namespace tebiki::text
