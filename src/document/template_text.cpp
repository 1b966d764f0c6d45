#include "document/template_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "text/utf8.h"

namespace tebiki {

namespace {

constexpr std::string_view kOpen = "（", kClose = "）";
constexpr std::size_t kLongestPlaceholder = 200;  // bytes: a placeholder is a short instruction

void add_phrases_of(std::string_view body, std::vector<std::string>& out) {
    for (std::size_t open = body.find(kOpen); open != std::string_view::npos; open = body.find(kOpen, open + 1)) {
        const std::size_t close = body.find(kClose, open + kOpen.size());
        if (close == std::string_view::npos) return;
        const std::string_view phrase = body.substr(open, close + kClose.size() - open);
        // A field the template fills ({{title}}) is the writer's own text.
        if (phrase.size() > kLongestPlaceholder || phrase.find('\n') != std::string_view::npos ||
            phrase.find("{{") != std::string_view::npos || phrase.substr(kOpen.size()).find(kOpen) != std::string_view::npos)
            continue;
        out.emplace_back(phrase);
    }
}

}  // namespace

TemplatePlaceholders TemplatePlaceholders::from_templates(const std::vector<std::string>& template_texts) {
    TemplatePlaceholders placeholders;
    for (const auto& text : template_texts) add_phrases_of(split_front_matter(text).body, placeholders.phrases_);
    auto& p = placeholders.phrases_;
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
    return placeholders;
}

Diagnostics TemplatePlaceholders::check(const Catalog& catalog) const {
    Diagnostics out;
    for (const Document& doc : catalog.documents())
        if (doc.meta.status == Status::Review || doc.meta.status == Status::Approved) check_document(doc, out);
    return out;
}

void TemplatePlaceholders::check_document(const Document& doc, Diagnostics& out) const {
    const char* status = doc.meta.status == Status::Approved ? "an approved" : "a";
    const char* when = doc.meta.status == Status::Approved ? "" : " under review";
    if (doc.meta.owner == kOwnerPlaceholder) {
        const auto pos = doc.meta.position_of("owner");
        out.error(doc.display_path, pos.line, pos.column,
                  fmt::format("template text: {} document{} still has the owner '{}' that 'tebiki new' wrote; "
                              "name the department responsible",
                              status, when, kOwnerPlaceholder));
    }
    const std::string_view body = doc.body();
    int line = doc.body_first_line;
    for (std::size_t start = 0; start < body.size();) {
        const std::size_t end = std::min(body.find('\n', start), body.size());
        const std::string_view text = body.substr(start, end - start);
        for (const auto& phrase : phrases_) {
            const std::size_t at = text.find(phrase);
            if (at == std::string_view::npos) continue;
            out.error(doc.display_path, line, text::character_column(text, at),
                      fmt::format("template text: {} document{} still has the placeholder {} from its template; "
                                  "write what it asks for, or remove it",
                                  status, when, phrase));
        }
        start = end + 1;
        ++line;
    }
}

}  // namespace tebiki
