#include "pdf/font_set.h"

#include <fontconfig/fontconfig.h>

#include <cstdlib>

#include <cstdlib>

namespace tebiki::pdf {

namespace {

struct PatternDeleter {
    void operator()(FcPattern* p) const { FcPatternDestroy(p); }
};
using FcPatternPtr = std::unique_ptr<FcPattern, PatternDeleter>;
struct CharSetDeleter {
    void operator()(FcCharSet* c) const { FcCharSetDestroy(c); }
};
using FcCharSetPtr = std::unique_ptr<FcCharSet, CharSetDeleter>;

// fontconfig keeps global state; tebiki asks it from one thread at a time.
std::mutex& fontconfig_mutex() {
    static std::mutex m;
    return m;
}

FcConfig* fontconfig() {
    static FcConfig* config = [] {
        FcInit();
        // Give fontconfig's caches back at exit, so that leak checkers see
        // only real leaks.
        std::atexit(FcFini);
        return FcConfigGetCurrent();
    }();
    return config;
}

FontLocation location_of(FcPattern* match) {
    FcChar8* file = nullptr;
    int index = 0;
    FcChar8* family = nullptr;
    if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) return {};
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    FcPatternGetString(match, FC_FAMILY, 0, &family);
    return {reinterpret_cast<const char*>(file), static_cast<unsigned>(index),
            family ? reinterpret_cast<const char*>(family) : ""};
}

bool has_family(FcPattern* match, std::string_view family) {
    FcChar8* name = nullptr;
    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch; ++i)
        if (FcStrCmpIgnoreCase(name, reinterpret_cast<const FcChar8*>(std::string(family).c_str())) == 0) return true;
    return false;
}

}  // namespace

FontLocation locate_font(std::string_view family, bool bold) {
    std::lock_guard lock(fontconfig_mutex());
    FcConfig* config = fontconfig();
    FcPatternPtr pattern(FcPatternCreate());
    FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(std::string(family).c_str()));
    FcPatternAddInteger(pattern.get(), FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern.get(), FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(config, pattern.get(), FcMatchPattern);
    FcDefaultSubstitute(pattern.get());
    FcResult result = FcResultNoMatch;
    FcPatternPtr match(FcFontMatch(config, pattern.get(), &result));
    if (!match || result != FcResultMatch || !has_family(match.get(), family))
        throw FontError("font family '" + std::string(family) + "' is not installed (fc-list shows the installed ones)");
    if (bold) {
        int weight = 0;
        FcPatternGetInteger(match.get(), FC_WEIGHT, 0, &weight);
        if (weight < FC_WEIGHT_DEMIBOLD)
            throw FontError("font family '" + std::string(family) + "' has no bold face installed");
    }
    FontLocation where = location_of(match.get());
    if (where.file.empty()) throw FontError("fontconfig gave no file for font family '" + std::string(family) + "'");
    return where;
}

FontSet::FontSet(const FontFamilies& families) {
    const std::string* names[3] = {&families.body, &families.heading, &families.mono};
    for (int role = 0; role < 3; ++role)
        for (int bold = 0; bold < 2; ++bold) styled_[role][bold] = &load(locate_font(*names[role], bold != 0));
}

const FontFace& FontSet::load(const FontLocation& where) const {
    auto& slot = faces_[{where.file.string(), where.face_index}];
    if (!slot) slot = std::make_unique<FontFace>(where.file, where.face_index);
    return *slot;
}

const FontFace& FontSet::face(FontRole role, bool bold) const {
    return *styled_[static_cast<int>(role)][bold ? 1 : 0];
}

const FontFace* FontSet::fallback_for(char32_t c) const {
    std::lock_guard lock(mutex_);
    if (auto it = fallbacks_.find(c); it != fallbacks_.end()) return it->second;
    const FontFace* found = nullptr;
    // The set's own faces first: a code block's character may be in the body face.
    for (const auto& role : styled_)
        for (const FontFace* face : role)
            if (found == nullptr && face->glyph_for(c) != 0) found = face;
    if (found == nullptr) {
        std::lock_guard fc_lock(fontconfig_mutex());
        FcConfig* config = fontconfig();
        FcPatternPtr pattern(FcPatternCreate());
        FcCharSetPtr chars(FcCharSetCreate());
        FcCharSetAddChar(chars.get(), c);
        FcPatternAddCharSet(pattern.get(), FC_CHARSET, chars.get());
        // Outline fonts only: a bitmap emoji font cannot be embedded as a CID font.
        FcPatternAddBool(pattern.get(), FC_OUTLINE, FcTrue);
        FcPatternAddBool(pattern.get(), FC_COLOR, FcFalse);
        FcConfigSubstitute(config, pattern.get(), FcMatchPattern);
        FcDefaultSubstitute(pattern.get());
        FcResult result = FcResultNoMatch;
        FcPatternPtr match(FcFontMatch(config, pattern.get(), &result));
        FcCharSet* match_chars = nullptr;
        FcBool outline = FcFalse;
        if (match && result == FcResultMatch &&
            FcPatternGetCharSet(match.get(), FC_CHARSET, 0, &match_chars) == FcResultMatch &&
            FcCharSetHasChar(match_chars, c) &&
            FcPatternGetBool(match.get(), FC_OUTLINE, 0, &outline) == FcResultMatch && outline) {
            const FontLocation where = location_of(match.get());
            try {
                const FontFace& face = load(where);
                if (face.glyph_for(c) != 0) found = &face;
            } catch (const FontError&) {
                // A font fontconfig lists but HarfBuzz cannot use: treat as missing.
            }
        }
    }
    fallbacks_.emplace(c, found);
    return found;
}

}  // namespace tebiki::pdf
