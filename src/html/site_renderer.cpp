#include "html/site_renderer.h"


#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "foundation/atomic_write.h"
#include "html/body_html.h"
#include "text/japanese_date.h"
#include "version.h"

namespace tebiki::html {

namespace fs = std::filesystem;
namespace mu = kainjow::mustache;

struct SiteRenderer::Templates {
    Templates(const std::string& index_text, const std::string& document_text, const std::string& changes_text)
        : index(index_text), document(document_text), changes(changes_text) {}
    mu::mustache index;
    mu::mustache document;
    mu::mustache changes;  // empty when the theme has no changes.mustache
    std::vector<std::pair<std::string, mu::data>> partials;
};

namespace {

constexpr const char* kMediaDir = "assets/media/";

void require_valid(const mu::mustache& tmpl, const std::string& name) {
    if (!tmpl.is_valid()) throw ThemeError("template '" + name + "': " + tmpl.error_message());
}

std::string date_ja(const std::optional<Date>& d) {
    return d ? text::format_date_japanese(d->year, d->month, d->day) : std::string();
}

std::string review_label(ReviewState state) {
    switch (state) {
        case ReviewState::Overdue: return "見直し期限超過";
        case ReviewState::DueSoon: return "まもなく見直し";
        default: return "";
    }
}

mu::data string_list(const std::vector<std::string>& items, const char* field = "name") {
    mu::data list{mu::data::type::list};
    for (const auto& item : items) {
        mu::data entry;
        entry.set(field, item);
        list.push_back(entry);
    }
    return list;
}

std::string category_of(const Document& doc) { return doc.meta.category.empty() ? "その他" : doc.meta.category; }

mu::data document_summary(const Catalog& catalog, const Document& doc, const std::string& href) {
    const auto& m = doc.meta;
    const ReviewState review = catalog.review_state(doc);
    mu::data d;
    d.set("id", m.id);
    d.set("title", m.title);
    d.set("href", href);
    d.set("status_key", std::string(status_key(m.status)));
    d.set("status_label", std::string(status_label(m.status)));
    // Mustache cannot compare strings; the theme's notices test these flags.
    d.set("is_draft", m.status == Status::Draft);
    d.set("is_review", m.status == Status::Review);
    d.set("is_obsolete", m.status == Status::Obsolete);
    d.set("owner", m.owner);
    d.set("approver", m.approver);
    d.set("effective", m.effective ? m.effective->iso() : "");
    d.set("effective_ja", date_ja(m.effective));
    d.set("review_by", m.review_by ? m.review_by->iso() : "");
    d.set("review_by_ja", date_ja(m.review_by));
    d.set("review_overdue", review == ReviewState::Overdue);
    d.set("review_due_soon", review == ReviewState::DueSoon);
    d.set("review_state_label", review_label(review));
    d.set("category", category_of(doc));
    d.set("source_path", doc.display_path);
    d.set("tags", string_list(m.tags));
    mu::data audiences{mu::data::type::list};
    for (const auto& key : m.audience) {
        mu::data a;
        a.set("key", key);
        const Audience* known = catalog.config().find_audience(key);
        a.set("name", known ? known->name : key);
        audiences.push_back(a);
    }
    d.set("audiences", audiences);
    d.set("version", doc.version());
    d.set("has_version", !doc.version().empty());
    return d;
}

// 改訂履歴: newest first, as registers of controlled documents list them.
mu::data revision_history(const Document& doc) {
    mu::data list{mu::data::type::list};
    for (const auto& r : doc.history) {
        mu::data entry;
        entry.set("number", r.number > 0 ? std::to_string(r.number) : "");
        entry.set("version", r.version);
        entry.set("date", r.date.iso());
        entry.set("date_ja", date_ja(r.date));
        entry.set("author", r.author);
        entry.set("summary", r.summary);
        entry.set("short_id", r.short_id);
        entry.set("approved_by", r.approved_by);
        entry.set("change", change_label_ja(r));
        entry.set("previous_path", r.previous_path);
        entry.set("uncommitted", r.uncommitted);
        list.push_back(entry);
    }
    return list;
}

// The day an obsolete document left the set: its newest revision (the one
// that made it obsolete), else its effective date.
std::string withdrawn_date_ja(const Document& doc) {
    for (const auto& r : doc.history)
        if (!r.uncommitted) return date_ja(r.date);
    return date_ja(doc.meta.effective);
}

mu::data paragraph_data(const changes::ParagraphChange& p) {
    using Kind = changes::ParagraphChange::Kind;
    mu::data d;
    d.set("is_removed", p.kind == Kind::Removed);
    d.set("is_added", p.kind == Kind::Added);
    d.set("is_rewritten", p.kind == Kind::Rewritten);
    d.set("is_link_changed", p.kind == Kind::LinkTargetChanged);
    d.set("old_text", p.old_text);
    d.set("new_text", p.new_text);
    mu::data spans{mu::data::type::list};
    for (const auto& span : p.spans) {
        mu::data s;
        s.set("text", span.text);
        s.set("is_equal", span.kind == changes::EditKind::Equal);
        s.set("is_delete", span.kind == changes::EditKind::Delete);
        s.set("is_insert", span.kind == changes::EditKind::Insert);
        spans.push_back(s);
    }
    d.set("spans", spans);
    return d;
}

mu::data change_data(const Catalog& catalog, const SiteContents& site, const changes::DocumentChange& change) {
    static const char* const kinds[] = {"added", "changed", "withdrawn", "retracted"};
    static const char* const labels[] = {"追加", "改訂", "廃止", "取り下げ"};
    const int k = static_cast<int>(change.kind);
    mu::data d;
    d.set("kind", kinds[k]);
    d.set("kind_label", labels[k]);
    d.set("id", change.id);
    d.set("title", change.title);
    const Document* doc = catalog.find_by_id(change.id);
    // Mustache takes an empty string as true: the template tests a flag.
    const bool linked = doc != nullptr && site.contains(*doc);
    d.set("has_href", linked);
    d.set("href", linked ? "docs/" + change.id + ".html" : "");
    d.set("has_versions", !change.old_version.empty() && !change.new_version.empty());
    d.set("old_version", change.old_version);
    d.set("new_version", change.new_version);
    d.set("has_reason", change.kind == changes::DocumentChange::Kind::Retracted);
    d.set("reason", changes::retraction_reason_ja(change.retraction));
    d.set("has_metadata_changes", !change.metadata_changes.empty());
    d.set("metadata_changes", string_list(change.metadata_changes, "text"));
    d.set("shows_no_change", change.kind == changes::DocumentChange::Kind::Changed && change.paragraphs.empty() &&
                                 change.metadata_changes.empty());
    mu::data paragraphs{mu::data::type::list};
    for (const auto& p : change.paragraphs) paragraphs.push_back(paragraph_data(p));
    d.set("paragraphs", paragraphs);
    return d;
}

std::string source_label(const source::SourceSnapshot& src) {
    if (src.from_worktree) return "作業ツリー（未コミットの変更を含む）";
    const Date day = Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
    return fmt::format("コミット {}（{}）", src.commit.short_id, date_ja(day));
}

mu::data page_data(const Catalog& catalog, const SiteContents& site, const std::string& root) {
    const auto& src = catalog.source();
    mu::data d;
    d.set("lang", "ja");
    d.set("site_title", catalog.config().site_title);
    d.set("organisation", catalog.config().organisation);
    d.set("audience_key", site.audience.key);
    d.set("audience_name", site.audience.name);
    d.set("has_edition", site.edition.has_value());
    d.set("has_pdf", site.with_pdf);
    // The day this copy was made (the edition's, else the commit's): a
    // terminal compares it with its own clock to warn of a stale copy.
    const Date published = site.edition ? site.edition->date
                                        : Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes);
    d.set("published_on", src.commit.id.empty() && !site.edition ? "" : published.iso());
    d.set("published_on_ja", src.commit.id.empty() && !site.edition ? "" : date_ja(published));
    d.set("stale_after_days", std::to_string(catalog.config().stale_after_days));
    d.set("edition", site.edition ? site.edition->name : "");
    d.set("edition_date_ja", site.edition ? date_ja(site.edition->date) : "");
    d.set("root", root);
    d.set("source_label", source_label(src));
    d.set("preview", src.from_worktree);
    d.set("tebiki_version", std::string(kVersion));
    mu::data search_scripts{mu::data::type::list};
    for (const std::string& script : search_index_scripts()) search_scripts.push_back(mu::data("path", script));
    d.set("search_scripts", search_scripts);
    d.set("generated_date_ja",
          src.commit.id.empty() ? "" : date_ja(Date::from_unix_time(src.commit.time, src.commit.utc_offset_minutes)));
    return d;
}

void add_partials(mu::data& page, const std::vector<std::pair<std::string, mu::data>>& partials) {
    // kainjow looks partials up in the data, by name.
    for (const auto& [name, partial] : partials) page.set(name, partial);
}

mu::data register_groups(const Catalog& catalog, const std::vector<const Document*>& docs) {
    // Groups in the order their first document appears (documents are sorted by id).
    std::vector<std::string> order;
    std::map<std::string, mu::data> groups;
    for (const Document* doc : docs) {
        const std::string category = category_of(*doc);
        auto [it, inserted] = groups.try_emplace(category, mu::data::type::list);
        if (inserted) order.push_back(category);
        mu::data summary = document_summary(catalog, *doc, "docs/" + doc->meta.id + ".html");
        summary.set("withdrawn_date_ja", doc->meta.status == Status::Obsolete ? withdrawn_date_ja(*doc) : "");
        it->second.push_back(summary);
    }
    mu::data list{mu::data::type::list};
    for (const auto& name : order) {
        mu::data group;
        group.set("name", name);
        group.set("documents", groups.at(name));
        list.push_back(group);
    }
    return list;
}

mu::data table_of_contents(const Document& doc) {
    mu::data toc{mu::data::type::list};
    for (const auto& h : doc.outline.headings) {
        if (h.level < 2) continue;  // the page title is the document's title
        mu::data entry;
        entry.set("level", std::to_string(h.level));
        entry.set("indent", std::to_string(h.level - 2));
        entry.set("id", h.id);
        entry.set("text", h.text);
        toc.push_back(entry);
    }
    return toc;
}

void copy_theme_assets(const Theme& theme, const fs::path& site_dir) {
    if (!fs::is_directory(theme.assets_directory)) return;
    fs::create_directories(site_dir / "assets");
    fs::copy(theme.assets_directory, site_dir / "assets",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void copy_media(const Catalog& catalog, const std::vector<const Document*>& docs, const fs::path& site_dir) {
    std::set<std::string> assets;
    for (const Document* doc : docs) {
        for (const auto& link : doc->outline.links) {
            const LinkTarget target = catalog.resolve_link(*doc, link.url);
            if (target.kind == LinkTarget::Kind::Asset) assets.insert(target.asset_path);
        }
    }
    for (const auto& asset : assets) {
        if (const auto* file = catalog.source().find(asset)) write_output_file(site_dir / kMediaDir / media_path(asset), file->bytes());
    }
}

}  // namespace

SiteRenderer::SiteRenderer(const Catalog& catalog, const Theme& theme) : catalog_(catalog), theme_(theme) {
    // kainjow parses a partial again each time it renders it (three per
    // page, an eighth of a build that renders every page): written in once.
    for (const auto& [name, text] : theme_.templates)
        template_texts_[name] = with_partials_written_in(text, theme_.partials);
    // Fail early, before any thread starts, on a template that does not parse.
    make_templates();
}

SiteRenderer::~SiteRenderer() = default;

std::unique_ptr<SiteRenderer::Templates> SiteRenderer::make_templates() const {
    const auto changes = template_texts_.find("changes");
    auto templates = std::make_unique<Templates>(template_texts_.at("index"), template_texts_.at("document"),
                                                 changes == template_texts_.end() ? "" : changes->second);
    require_valid(templates->changes, "changes");
    require_valid(templates->index, "index");
    require_valid(templates->document, "document");
    for (const auto& [name, text] : theme_.partials) {
        const std::string partial_text = text;
        templates->partials.emplace_back(name, mu::data(mu::partial([partial_text]() { return partial_text; })));
    }
    return templates;
}

void SiteRenderer::render_index(Templates& templates, const SiteContents& site, const fs::path& site_dir,
                                bool has_change_notice) const {
    const auto& docs = site.documents;
    mu::data index = page_data(catalog_, site, "");
    add_partials(index, templates.partials);
    std::size_t overdue = 0;
    for (const Document* doc : docs) overdue += catalog_.review_state(*doc) == ReviewState::Overdue ? 1 : 0;
    index.set("document_count", std::to_string(docs.size()));
    index.set("overdue_count", std::to_string(overdue));
    index.set("has_overdue", overdue > 0);
    index.set("groups", register_groups(catalog_, docs));
    index.set("has_change_notice", has_change_notice);
    write_output_file(site_dir / "index.html", templates.index.render(index));
}

void SiteRenderer::render_change_notice(Templates& templates, const SiteContents& site,
                                        const changes::ChangeNotice& notice, const fs::path& site_dir) const {
    mu::data page = page_data(catalog_, site, "");
    add_partials(page, templates.partials);
    page.set("old_label", notice.old_label);
    page.set("new_label", notice.new_label);
    page.set("has_changes", !notice.documents.empty());
    std::size_t counts[4] = {0, 0, 0, 0};
    mu::data documents{mu::data::type::list};
    for (const auto& change : notice.documents) {
        ++counts[static_cast<int>(change.kind)];
        documents.push_back(change_data(catalog_, site, change));
    }
    page.set("added_count", std::to_string(counts[0]));
    page.set("changed_count", std::to_string(counts[1]));
    page.set("withdrawn_count", std::to_string(counts[2]));
    page.set("retracted_count", std::to_string(counts[3]));
    page.set("documents", documents);
    write_output_file(site_dir / "changes.html", templates.changes.render(page));
}

void SiteRenderer::render_document(Templates& templates, const SiteContents& site, const Document& doc,
                                   const fs::path& page_path) const {
    const PageLinks links{site, "", std::string("../") + kMediaDir};
    mu::data page = page_data(catalog_, site, "../");
    add_partials(page, templates.partials);
    page.set("doc", document_summary(catalog_, doc, doc.meta.id + ".html"));
    mu::data toc = table_of_contents(doc);
    page.set("has_toc", !toc.is_empty_list());
    page.set("toc", toc);
    mu::data history = revision_history(doc);
    page.set("has_history", !history.is_empty_list());
    page.set("history", history);
    page.set("body", render_body_html(catalog_, doc, links));
    write_output_file(page_path, templates.document.render(page));
}

void SiteRenderer::render(const SiteContents& site, const fs::path& site_dir, const changes::ChangeNotice* notice,
                          reuse::OutputReuse* reuse) const {
    const auto& docs = site.documents;
    fs::create_directories(site_dir / "docs");
    // Templates are made when something is to be rendered: after one edit,
    // a site's pages all come from the cache but one.
    std::unique_ptr<Templates> templates;
    const bool with_notice = notice != nullptr && theme_.templates.count("changes") != 0;
    // The register shows no body: a save that changes only a body keeps it.
    // (A change notice is only ever rendered without reuse, by `publish`.)
    const fs::path register_path = site_dir / "index.html";
    const reuse::OutputItem register_item{reuse::OutputItem::Kind::Register, nullptr};
    if (reuse == nullptr || with_notice || !reuse->restore(register_item, register_path)) {
        templates = make_templates();
        render_index(*templates, site, site_dir, with_notice);
        if (reuse != nullptr && !with_notice) reuse->remember(register_item, register_path);
    }
    if (with_notice) render_change_notice(*templates, site, *notice, site_dir);

    // Pages are independent: render them on every core. Each thread has its
    // own templates (a Mustache template keeps state while rendering); the
    // catalog is only read.
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    const auto work = [&] {
        std::unique_ptr<Templates> own;
        for (std::size_t i = next++; i < docs.size(); i = next++) {
            try {
                const fs::path page_path = site_dir / "docs" / (docs[i]->meta.id + ".html");
                const reuse::OutputItem item{reuse::OutputItem::Kind::Document, docs[i]};
                if (reuse != nullptr && reuse->restore(item, page_path)) continue;
                if (!own) own = make_templates();
                render_document(*own, site, *docs[i], page_path);
                if (reuse != nullptr) reuse->remember(item, page_path);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                next = docs.size();
            }
        }
    };
    const unsigned workers = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < workers; ++t) threads.emplace_back(work);
    work();
    for (auto& thread : threads) thread.join();
    if (failure) std::rethrow_exception(failure);

    copy_theme_assets(theme_, site_dir);
    copy_media(catalog_, docs, site_dir);
}

}  // namespace tebiki::html
