#include "search/search_engine.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "text/search_text.h"

namespace tebiki::search {

namespace {

using text::SearchCharClass;

char32_t code_point_at(std::u16string_view s, std::size_t i) {
    UChar32 c;
    U16_GET(s.data(), 0, static_cast<int32_t>(i), static_cast<int32_t>(s.size()), c);
    return static_cast<char32_t>(c);
}

char32_t code_point_before(std::u16string_view s, std::size_t i) {
    UChar32 c;
    auto index = static_cast<int32_t>(i);
    U16_PREV(s.data(), 0, index, c);
    return static_cast<char32_t>(c);
}

bool is_word_start(std::u16string_view field, std::size_t pos) {
    return pos == 0 || text::search_char_class(code_point_before(field, pos)) != SearchCharClass::Word;
}

// Where a term may start (docs/search.md rule 2): anywhere for a CJK term; at
// a word start for a term that begins with a Word character; and for one
// that begins with a letter, also right after a number (the "ml" of "5ml").
enum class TermStart { Anywhere, WordStart, WordOrUnitStart };

TermStart term_start(std::u16string_view term) {
    const char32_t first = code_point_at(term, 0);
    if (text::search_char_class(first) != SearchCharClass::Word) return TermStart::Anywhere;
    return text::is_letter(first) ? TermStart::WordOrUnitStart : TermStart::WordStart;
}

bool may_start_at(std::u16string_view field, std::size_t pos, TermStart rule) {
    switch (rule) {
        case TermStart::Anywhere: return true;
        case TermStart::WordStart: return is_word_start(field, pos);
        case TermStart::WordOrUnitStart: return is_word_start(field, pos) || text::starts_after_number(field, pos);
    }
    return true;
}

int status_rank(Status s) {
    switch (s) {
        case Status::Approved: return 0;
        case Status::Review: return 1;
        case Status::Draft: return 2;
        case Status::Obsolete: return 3;
    }
    return 3;
}

Postings intersect(const Postings& a, const Postings& b) {
    Postings out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

Postings unite(const Postings& a, const Postings& b) {
    Postings out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

Postings postings_with(const std::map<std::u16string, Postings>& keys, std::u16string_view part, bool prefix_only) {
    Postings out;
    if (prefix_only) {
        for (auto it = keys.lower_bound(std::u16string(part)); it != keys.end() && it->first.starts_with(part); ++it)
            out = unite(out, it->second);
    } else {
        for (const auto& [key, list] : keys)
            if (key.find(part) != std::u16string::npos) out = unite(out, list);
    }
    return out;
}

// Documents the index says may contain the term (rule 4).
Postings candidates(const SearchIndex& index, const std::u16string& term) {
    const auto keys = index.has_postings() ? text::index_keys(term) : text::IndexKeys{};
    std::optional<Postings> result;
    const auto narrow = [&](const Postings& p) { result = result ? intersect(*result, p) : p; };
    for (const auto& key : keys.cjk) {
        // A lone CJK character is found inside every bigram that holds it.
        const bool lone = u_countChar32(key.data(), static_cast<int32_t>(key.size())) == 1;
        if (lone) narrow(postings_with(index.cjk(), key, false));
        else {
            auto it = index.cjk().find(key);
            narrow(it == index.cjk().end() ? Postings{} : it->second);
        }
    }
    for (const auto& word : keys.words) narrow(postings_with(index.words(), word, true));
    if (result) return *result;
    Postings all(index.size());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    return all;
}

bool occurs_on_surface(const NormalizedFields& f, const std::u16string& term) {
    for (const auto* field : {&f.id, &f.title, &f.tags, &f.headings, &f.texts})
        if (count_occurrences(*field, term) > 0) return true;
    return false;
}

bool occurs_anywhere(const NormalizedFields& f, const std::u16string& term) {
    return occurs_on_surface(f, term) || count_occurrences(f.readings, term) > 0;
}

double weighted_frequency(const NormalizedFields& f, const std::u16string& term) {
    return 10.0 * count_occurrences(f.id, term) + 8.0 * count_occurrences(f.title, term) +
           5.0 * count_occurrences(f.tags, term) + 3.0 * count_occurrences(f.headings, term) +
           1.0 * count_occurrences(f.texts, term) + 1.0 * count_occurrences(f.readings, term);
}

std::size_t best_section(const NormalizedFields& f, const std::vector<std::u16string>& terms) {
    std::size_t best = 0;
    std::size_t best_weight = 0;
    for (std::size_t s = 0; s < f.section_texts.size(); ++s) {
        std::size_t weight = 0;
        for (const auto& t : terms)
            weight += 3 * count_occurrences(f.section_headings[s], t) + count_occurrences(f.section_texts[s], t);
        if (weight > best_weight) {
            best_weight = weight;
            best = s;
        }
    }
    return best;
}

// Byte offset in UTF-8 of a UTF-16 offset in the same text.
std::size_t utf8_offset(std::u16string_view text, std::size_t utf16_offset) {
    return text::to_utf8(text.substr(0, utf16_offset)).size();
}

}  // namespace

Snippet make_snippet(const std::string& original_utf8, const std::vector<std::u16string>& terms) {
    const std::u16string original = text::to_utf16(original_utf8);
    const text::TracedText traced = text::normalize_traced(original);
    std::vector<std::pair<std::size_t, std::size_t>> hits;  // original UTF-16 ranges
    for (const auto& term : terms) {
        const TermStart rule = term_start(term);
        for (std::size_t pos = traced.normalized.find(term); pos != std::u16string::npos;
             pos = traced.normalized.find(term, pos + 1)) {
            if (!may_start_at(traced.normalized, pos, rule)) continue;
            const std::size_t end = pos + term.size();
            hits.emplace_back(traced.origin[pos], end < traced.origin.size() - 1 ? traced.origin[end] : original.size());
            pos = end - 1;
        }
    }
    std::sort(hits.begin(), hits.end());
    const std::size_t first = hits.empty() ? 0 : hits.front().first;
    std::size_t begin = first > 40 ? first - 40 : 0;
    std::size_t end = std::min(original.size(), begin + 120);
    // Never cut a surrogate pair.
    if (begin > 0 && U16_IS_TRAIL(original[begin])) --begin;
    if (end < original.size() && U16_IS_TRAIL(original[end])) ++end;
    Snippet snippet;
    const std::u16string window = original.substr(begin, end - begin);
    snippet.text = (begin > 0 ? "…" : "") + text::to_utf8(window) + (end < original.size() ? "…" : "");
    const std::size_t lead = begin > 0 ? std::string("…").size() : 0;
    std::size_t last_end = 0;
    for (const auto& [b, e] : hits) {
        if (b < begin || e > end || b < last_end) continue;
        snippet.marks.emplace_back(lead + utf8_offset(window, b - begin), lead + utf8_offset(window, e - begin));
        last_end = e;
    }
    return snippet;
}

std::vector<std::u16string> parse_query(std::string_view query) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    const icu::UnicodeString raw =
        icu::UnicodeString::fromUTF8(icu::StringPiece(query.data(), static_cast<int32_t>(query.size())));
    const icu::UnicodeString folded = nfkc->normalize(raw, status);
    std::vector<std::u16string> terms;
    std::u16string current;
    bool quoted = false;
    const auto flush = [&] {
        std::u16string term = text::normalize_for_search(std::u16string_view(current));
        if (!term.empty()) terms.push_back(std::move(term));
        current.clear();
    };
    for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
        const UChar32 c = folded.char32At(i);
        if (c == u'"' || c == 0x201C || c == 0x201D) {
            flush();
            quoted = !quoted;
        } else if (!quoted && u_isUWhiteSpace(c)) {
            flush();
        } else {
            icu::UnicodeString one(c);
            current.append(one.getBuffer(), static_cast<std::size_t>(one.length()));
        }
    }
    flush();
    return terms;
}

std::size_t count_occurrences(std::u16string_view field, std::u16string_view term) {
    if (term.empty()) return 0;
    const TermStart rule = term_start(term);
    std::size_t count = 0;
    for (std::size_t pos = field.find(term); pos != std::u16string_view::npos;) {
        if (!may_start_at(field, pos, rule)) {
            pos = field.find(term, pos + 1);
            continue;
        }
        ++count;
        pos = field.find(term, pos + term.size());
    }
    return count;
}

std::vector<SearchResult> run_search(const SearchIndex& index, std::string_view query, const SearchOptions& options) {
    const auto terms = parse_query(query);
    if (terms.empty()) return {};
    const auto excluded = [&](std::size_t d) {
        return !options.include_obsolete && index.document(d).status == Status::Obsolete;
    };

    std::size_t n = 0;
    double total_length = 0;
    for (std::size_t d = 0; d < index.size(); ++d) {
        if (excluded(d)) continue;
        ++n;
        total_length += static_cast<double>(index.fields(d).texts.size());
    }
    if (n == 0) return {};
    const double average_length = total_length / static_cast<double>(n);

    // Per term: the documents it really occurs in (rule 2), which gives df.
    std::vector<Postings> containing;
    for (const auto& term : terms) {
        Postings verified;
        for (std::uint32_t d : candidates(index, term))
            if (!excluded(d) && occurs_anywhere(index.fields(d), term)) verified.push_back(d);
        containing.push_back(std::move(verified));
    }
    Postings matches = containing.front();
    for (std::size_t t = 1; t < containing.size(); ++t) matches = intersect(matches, containing[t]);

    std::vector<SearchResult> results;
    for (std::uint32_t d : matches) {
        const NormalizedFields& f = index.fields(d);
        const double length_ratio = static_cast<double>(f.texts.size()) / (average_length > 0 ? average_length : 1.0);
        double score = 0;
        for (std::size_t t = 0; t < terms.size(); ++t) {
            const double df = static_cast<double>(containing[t].size());
            const double idf = std::log(1.0 + (static_cast<double>(n) - df + 0.5) / (df + 0.5));
            const double wtf = weighted_frequency(f, terms[t]);
            score += idf * wtf * (1.2 + 1.0) / (wtf + 1.2 * (1.0 - 0.75 + 0.75 * length_ratio));
        }
        SearchResult r;
        r.doc = d;
        r.score = score;
        r.on_surface = std::all_of(terms.begin(), terms.end(), [&](const auto& t) { return occurs_on_surface(f, t); });
        r.section = best_section(f, terms);
        results.push_back(r);
    }
    std::sort(results.begin(), results.end(), [&](const SearchResult& a, const SearchResult& b) {
        const int ra = status_rank(index.document(a.doc).status), rb = status_rank(index.document(b.doc).status);
        if (ra != rb) return ra < rb;
        if (a.on_surface != b.on_surface) return a.on_surface;  // as written before by reading
        const long long sa = std::llround(a.score * 1e6), sb = std::llround(b.score * 1e6);
        if (sa != sb) return sa > sb;
        return index.document(a.doc).id < index.document(b.doc).id;
    });
    for (auto& r : results) {
        const auto& sections = index.document(r.doc).sections;
        if (!sections.empty()) r.snippet = make_snippet(sections[r.section].text, terms);
    }
    return results;
}

}  // namespace tebiki::search
