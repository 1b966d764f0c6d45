#include "document/metadata.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>

#include "document/yaml_reading.h"
#include "text/japanese_date.h"

namespace tebiki {

namespace yr = yaml_reading;

std::optional<Status> parse_status(std::string_view text) {
    if (text == "draft") return Status::Draft;
    if (text == "review") return Status::Review;
    if (text == "approved") return Status::Approved;
    if (text == "obsolete") return Status::Obsolete;
    return std::nullopt;
}

std::string_view status_key(Status s) {
    switch (s) {
        case Status::Draft: return "draft";
        case Status::Review: return "review";
        case Status::Approved: return "approved";
        case Status::Obsolete: return "obsolete";
    }
    return "draft";
}

std::string_view status_label(Status s) {
    switch (s) {
        case Status::Draft: return "下書き";
        case Status::Review: return "レビュー中";
        case Status::Approved: return "承認済";
        case Status::Obsolete: return "廃止";
    }
    return "下書き";
}

FieldPosition DocumentMetadata::position_of(std::string_view key) const {
    auto it = positions.find(key);
    if (it != positions.end()) return it->second;
    return {1, 1};
}

namespace {

// A line of exactly `marker`, allowing trailing spaces and a CR.
bool is_marker_line(std::string_view line, std::string_view marker) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line == marker;
}

}  // namespace

SplitDocument split_front_matter(std::string_view text) {
    SplitDocument split;
    split.body = text;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM from Windows editors
    const std::size_t first_end = text.find('\n');
    if (first_end == std::string_view::npos || !is_marker_line(text.substr(0, first_end), "---")) return split;
    split.has_front_matter = true;
    std::size_t pos = first_end + 1;
    int line = 2;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        const std::string_view current = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
        if (is_marker_line(current, "---") || is_marker_line(current, "...")) {
            split.front_matter = text.substr(first_end + 1, pos - first_end - 1);
            split.closing_line = line;
            split.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
            split.body_first_line = line + 1;
            return split;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
        ++line;
    }
    split.front_matter = text.substr(first_end + 1);
    split.body = {};
    return split;
}

namespace {

const std::vector<std::string_view> kMetadataKeys = {"id",       "title",    "status",        "owner",
                                                     "approver", "effective", "review_by",    "review_months",
                                                     "audience", "category",  "tags"};

// YAML's parser names a later token in its own words when a line is
// indented with a tab: point at that line instead, and tell writers in
// Japanese what to change.
void report_unreadable_front_matter(std::string_view yaml, int first_line, const YAML::ParserException& e,
                                    const std::string& file, Diagnostics& diags) {
    if (const int tab = yr::first_tab_indented_line(yaml); tab > 0) {
        diags.error(file, first_line + tab - 1, 1,
                    "front matter: this line is indented with a tab, which YAML does not allow: indent with spaces",
                    "前付け（--- と --- の間）のこの行はタブで字下げされています。タブではなく半角空白で字下げしてください。");
        return;
    }
    diags.error(file, e.mark.line + first_line, e.mark.column + 1,
                "front matter: invalid YAML: " + e.msg + "; write each field as 'key: value', and put a value "
                "that contains ': ' or starts with a quote or bracket in double quotes",
                "前付け（--- と --- の間）がこの位置で読めません。各行が「キー: 値」の形か、値に「: 」が含まれる"
                "ときや値が引用符・括弧で始まるときは値全体を \"…\" で囲んでいるか、引用符が閉じているかを確かめてください。");
}

// What to say of a date that is not YYYY-MM-DD: the same day in that form
// when it is another common way of writing one, or that the day does not exist.
struct DateAdvice {
    std::string message;
    std::string hint_ja;
};

DateAdvice date_advice(const std::string& value) {
    const auto written = text::read_written_date(value);
    if (!written)
        return {fmt::format("must be a date like 2026-04-01 (got '{}')", value),
                "日付は 2026-04-01 のように「年-月-日」の形で書いてください。"};
    if (!written->exists)
        return {fmt::format("names a day that does not exist (got '{}'); check the month and day", value),
                fmt::format("「{}」は存在しない日付です。月と日を確かめてください。", value)};
    const Date same{written->year, written->month, written->day};
    return {fmt::format("must be written as YYYY-MM-DD (got '{}'): write {}", value, same.iso()),
            fmt::format("日付は「年-月-日」の形で書きます。「{}」は {} と書いてください。", value, same.iso())};
}

struct FieldReader {
    const YAML::Node& node;
    std::string_view key;
    int line_offset;
    const std::string& file;
    Diagnostics& diags;
    std::string_view front_matter;  // the YAML text, for text written over several lines

    int line() const { return yr::line_of(node, line_offset); }
    int column() const { return yr::column_of(node); }
    void error(const std::string& message, std::string hint_ja = {}) const {
        diags.error(file, line(), column(), fmt::format("front matter: '{}' {}", key, message), std::move(hint_ja));
    }
    std::optional<std::string> text() const {
        auto value = yr::scalar(node);
        if (!value) error("must be a single value, not a list or mapping");
        const std::size_t at = static_cast<std::size_t>(node.Mark().pos);
        if (value && at < front_matter.size()) value = yr::unfold_soft_breaks(*value, front_matter.substr(at));
        return value;
    }
    std::optional<Date> date() const {
        auto value = text();
        if (!value) return std::nullopt;
        auto date = Date::parse_iso(*value);
        if (!date) {
            const DateAdvice advice = date_advice(*value);
            error(advice.message, advice.hint_ja);
        }
        return date;
    }
};

// Each unknown key is reported at its own position in the list.
void read_audience(const FieldReader& field, DocumentMetadata& meta, const ContentConfig& config) {
    if (!yr::string_list(field.node)) {
        field.error("must be a list of audience keys like [all] or [ward-5w, it]");
        return;
    }
    std::vector<YAML::Node> items;
    if (field.node.IsScalar()) items.push_back(field.node);
    else
        for (const auto& item : field.node) items.push_back(item);
    meta.audience.clear();
    for (const auto& item : items) {
        const std::string key = item.Scalar();
        if (config.find_audience(key) != nullptr) {
            meta.audience.push_back(key);
            continue;
        }
        std::string known;
        for (const auto& aud : config.audiences) known += (known.empty() ? "" : ", ") + aud.key;
        FieldReader{item, field.key, field.line_offset, field.file, field.diags, field.front_matter}.error(
            fmt::format("unknown audience '{}': tebiki.yml defines {}", key, known));
    }
}

void read_field(const FieldReader& field, DocumentMetadata& meta, const ContentConfig& config,
                std::optional<int>& review_months) {
    const auto key = field.key;
    if (key == "id") {
        if (auto v = field.text()) {
            if (is_valid_document_id(*v)) meta.id = *v;
            else field.error(fmt::format("'{}' is not a valid id: use letters, digits, '.', '_' or '-', "
                                         "like OPS-003",
                                         *v));
        }
    } else if (key == "title" || key == "owner" || key == "approver" || key == "category") {
        if (auto v = field.text()) {
            std::string& target = key == "title" ? meta.title
                                  : key == "owner" ? meta.owner
                                  : key == "approver" ? meta.approver
                                                      : meta.category;
            target = *v;
        }
    } else if (key == "status") {
        if (auto v = field.text()) {
            if (auto s = parse_status(*v)) meta.status = *s;
            else field.error(fmt::format("unknown status '{}': use draft, review, approved or obsolete", *v));
        }
    } else if (key == "effective") {
        meta.effective = field.date();
    } else if (key == "review_by") {
        meta.review_by = field.date();
    } else if (key == "review_months") {
        if (auto v = field.text()) {
            if (std::regex_match(*v, std::regex("[1-9][0-9]{0,2}"))) review_months = std::stoi(*v);
            else field.error(fmt::format("must be a whole number of months like 12 (got '{}')", *v));
        }
    } else if (key == "audience") {
        read_audience(field, meta, config);
    } else if (key == "tags") {
        if (auto list = yr::string_list(field.node)) meta.tags = *list;
        else field.error("must be a list like [バックアップ, サイバー攻撃]");
    }
}

void require_fields(DocumentMetadata& meta, const YAML::Node& root, int line_offset, const std::string& file,
                    Diagnostics& diags) {
    const auto missing = [&](std::string_view key, std::string_view example) {
        if (root[std::string(key)]) return;  // present but invalid: already reported
        diags.error(file, line_offset, 1,
                    fmt::format("front matter: '{}' is required (e.g. '{}')", key, example));
    };
    if (meta.id.empty()) missing("id", "id: OPS-003");
    if (meta.title.empty()) missing("title", "title: バックアップ取得規則");
    if (!root["status"]) missing("status", "status: draft");
    if (meta.owner.empty()) missing("owner", "owner: 医療情報部");
    if (!meta.effective) missing("effective", "effective: 2026-04-01");
    const bool needs_approver = meta.status == Status::Approved || meta.status == Status::Obsolete;
    if (needs_approver && meta.approver.empty()) {
        const auto pos = meta.position_of("status");
        diags.error(file, pos.line, pos.column,
                    fmt::format("front matter: an {} document needs an 'approver' (e.g. 'approver: 病院長')",
                                status_key(meta.status)));
    }
}

}  // namespace

DocumentMetadata parse_metadata(std::string_view front_matter, int first_line, const ContentConfig& config,
                                const std::string& file, Diagnostics& diags) {
    DocumentMetadata meta;
    const int line_offset = first_line - 1;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(front_matter));
    } catch (const YAML::ParserException& e) {
        report_unreadable_front_matter(front_matter, first_line, e, file, diags);
        return meta;
    }
    if (!root.IsMap()) {
        diags.error(file, first_line, 1, "front matter: expected 'key: value' lines (id, title, status, ...)");
        return meta;
    }
    std::optional<int> review_months;
    for (const auto& entry : root) {
        const std::string key = entry.first.Scalar();
        meta.positions[key] = {yr::line_of(entry.second, line_offset), yr::column_of(entry.second)};
        if (std::find(kMetadataKeys.begin(), kMetadataKeys.end(), key) == kMetadataKeys.end()) {
            const std::string hint = yr::nearest_key(key, kMetadataKeys);
            diags.warning(file, yr::line_of(entry.first, line_offset), yr::column_of(entry.first),
                          fmt::format("front matter: unknown key '{}'{}", key,
                                      hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
            continue;
        }
        read_field(FieldReader{entry.second, key, line_offset, file, diags, front_matter}, meta, config, review_months);
    }
    if (review_months && meta.effective && !meta.review_by) meta.review_by = meta.effective->plus_months(*review_months);
    require_fields(meta, root, first_line > 1 ? first_line - 1 : 1, file, diags);
    return meta;
}

}  // namespace tebiki

namespace tebiki {

bool is_valid_document_id(std::string_view id) {
    // A plain scan: a regular expression recursed once per character, and
    // a link's path (tried as an id) can be as long as a line.
    const auto alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (id.empty() || !alnum(id.front())) return false;
    return std::all_of(id.begin(), id.end(), [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

source::DocumentFacts document_facts(std::string_view text) {
    source::DocumentFacts facts;
    const SplitDocument split = split_front_matter(text);
    facts.text_digest = std::hash<std::string_view>{}(split.has_front_matter ? split.body : text);
    if (!split.has_front_matter || split.closing_line == 0) return facts;
    try {
        const YAML::Node root = YAML::Load(std::string(split.front_matter));
        if (!root.IsMap()) return facts;
        if (root["id"] && root["id"].IsScalar()) facts.id = root["id"].Scalar();
        if (root["status"] && root["status"].IsScalar()) facts.status = root["status"].Scalar();
    } catch (const YAML::Exception&) {
    }
    return facts;
}

}  // namespace tebiki
