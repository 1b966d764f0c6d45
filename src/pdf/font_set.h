#pragma once
// The faces a PDF is set in, found by family name through fontconfig: body
// text, headings and tables, code; each with its real bold face. Characters
// that a face lacks (emoji, rare symbols) come from a fallback face that
// fontconfig finds for them.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/font_face.h"

namespace tebiki::pdf {

enum class FontRole { Body, Heading, Mono };

struct FontFamilies {
    std::string body = "Noto Sans CJK JP";
    std::string heading = "Noto Sans CJK JP";
    std::string mono = "Noto Sans Mono CJK JP";
};

struct FontLocation {
    std::filesystem::path file;
    unsigned face_index = 0;
    std::string family;  // as fontconfig names the match
};

// The file and face of `family` in the regular or bold weight. Throws
// FontError when fontconfig has no face of that family (it would otherwise
// quietly substitute another).
FontLocation locate_font(std::string_view family, bool bold);

class FontSet {
public:
    explicit FontSet(const FontFamilies& families);
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;

    const FontFace& face(FontRole role, bool bold) const;
    // A face that has `c`, for when the styled face lacks it; nullptr when no
    // installed font has it. Thread-safe.
    const FontFace* fallback_for(char32_t c) const;

private:
    const FontFace& load(const FontLocation& where) const;

    mutable std::mutex mutex_;
    mutable std::map<std::pair<std::string, unsigned>, std::unique_ptr<FontFace>> faces_;
    mutable std::map<char32_t, const FontFace*> fallbacks_;
    const FontFace* styled_[3][2] = {};
};

}  // namespace tebiki::pdf
