#include "search/word_readings.h"

#include <mecab.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_set>

namespace tebiki::search {

namespace {

struct ModelDeleter {
    void operator()(MeCab::Model* m) const { delete m; }
};
struct TaggerDeleter {
    void operator()(MeCab::Tagger* t) const { delete t; }
};
struct LatticeDeleter {
    void operator()(MeCab::Lattice* l) const { delete l; }
};

// Debian's IPA dictionary by its path, not /etc/mecabrc's choice (which
// may be JUMAN, whose features differ): the same readings on every machine.
constexpr const char* kDictionary = "-d /var/lib/mecab/dic/ipadic-utf8";

// One dictionary for the process (loaded once), one tagger and lattice per
// thread (MeCab's model is shared safely; taggers are not).
MeCab::Model& model() {
    static std::once_flag once;
    static std::unique_ptr<MeCab::Model, ModelDeleter> instance;
    std::call_once(once, [] { instance.reset(MeCab::createModel(kDictionary)); });
    if (!instance)
        throw std::runtime_error(std::string("MeCab could not load its dictionary (") + MeCab::getLastError() +
                                 "): install mecab and mecab-ipadic-utf8 (build-scripts/setup)");
    return *instance;
}

bool has_kanji(std::string_view utf8) {
    int32_t i = 0;
    const auto length = static_cast<int32_t>(utf8.size());
    while (i < length) {
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, length, c);
        UErrorCode status = U_ZERO_ERROR;
        if (c >= 0 && uscript_getScript(c, &status) == USCRIPT_HAN) return true;
    }
    return false;
}

// The reading of a node: the 8th field of an IPA dictionary feature
// (品詞,…,原形,読み,発音); unknown words have fewer fields.
std::string_view reading_of(const MeCab::Node* node) {
    std::string_view feature = node->feature;
    for (int field = 0; field < 7; ++field) {
        const std::size_t comma = feature.find(',');
        if (comma == std::string_view::npos) return {};
        feature.remove_prefix(comma + 1);
    }
    const std::string_view reading = feature.substr(0, feature.find(','));
    return reading == "*" ? std::string_view{} : reading;
}

// MeCab's time grows with the square of a sentence's length (a million
// letters without a break took minutes): it is given pieces of at most
// this many bytes, cut after a line end, a '。' or a space where there is one.
constexpr std::size_t kMaxSentenceBytes = 4096;

std::size_t sentence_length(std::string_view text) {
    if (text.size() <= kMaxSentenceBytes) return text.size();
    const std::string_view head = text.substr(0, kMaxSentenceBytes);
    for (std::string_view mark : {"\n", "。", " "}) {
        const std::size_t at = head.rfind(mark);
        if (at != std::string_view::npos && at > 0) return at + mark.size();
    }
    std::size_t cut = kMaxSentenceBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return cut > 0 ? cut : kMaxSentenceBytes;
}

}  // namespace

std::string kanji_word_readings(std::string_view text) {
    MeCab::Model& m = model();
    thread_local std::unique_ptr<MeCab::Tagger, TaggerDeleter> tagger(m.createTagger());
    thread_local std::unique_ptr<MeCab::Lattice, LatticeDeleter> lattice(m.createLattice());
    if (!tagger || !lattice) throw std::runtime_error("MeCab could not make a tagger");
    std::string out;
    std::unordered_set<std::string> seen;
    while (!text.empty()) {
        const std::size_t length = sentence_length(text);
        const std::string owned(text.substr(0, length));  // the lattice keeps a pointer to its sentence
        text.remove_prefix(length);
        // Only words with kanji give readings: a piece with none has none to
        // give, and MeCab's cost on long runs of letters is spared.
        if (!has_kanji(owned)) continue;
        lattice->set_sentence(owned.c_str());
        if (!tagger->parse(lattice.get())) continue;
        for (const MeCab::Node* node = lattice->bos_node(); node != nullptr; node = node->next) {
            if (node->stat != MECAB_NOR_NODE) continue;
            if (!has_kanji(std::string_view(node->surface, node->length))) continue;
            const std::string_view reading = reading_of(node);
            if (reading.empty() || !seen.emplace(reading).second) continue;
            if (!out.empty()) out += ' ';
            out += reading;
        }
    }
    return out;
}

}  // namespace tebiki::search
