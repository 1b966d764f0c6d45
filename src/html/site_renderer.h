#pragma once
// One audience's offline site: the register (index.html), a page per
// document (docs/<id>.html), the theme's assets and the content's media.
// Every link is relative, so the site works from file:// with no server.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "changes/change_notice.h"
#include "document/catalog.h"
#include "document/site_contents.h"
#include "html/theme.h"
#include "reuse/output_reuse.h"

namespace tebiki::html {

class SiteRenderer {
public:
    SiteRenderer(const Catalog& catalog, const Theme& theme);
    ~SiteRenderer();
    SiteRenderer(const SiteRenderer&) = delete;
    SiteRenderer& operator=(const SiteRenderer&) = delete;

    // Writes the site into `site_dir`: an empty directory, or one that holds
    // an earlier render of the site (every file is replaced whole).
    // With a change notice (publishing an edition after an earlier one), the
    // site also gets changes.html (今回の改訂), linked from the register.
    // With `reuse`, a document page an earlier build made from the same
    // inputs is taken from it instead of being rendered again.
    void render(const SiteContents& site, const std::filesystem::path& site_dir,
                const changes::ChangeNotice* notice = nullptr, reuse::OutputReuse* reuse = nullptr) const;

private:
    struct Templates;
    std::unique_ptr<Templates> make_templates() const;
    void render_index(Templates& templates, const SiteContents& site, const std::filesystem::path& site_dir,
                      bool has_change_notice) const;
    void render_change_notice(Templates& templates, const SiteContents& site, const changes::ChangeNotice& notice,
                              const std::filesystem::path& site_dir) const;
    void render_document(Templates& templates, const SiteContents& site, const Document& doc,
                         const std::filesystem::path& page_path) const;

    const Catalog& catalog_;
    const Theme& theme_;
    // The theme's templates with their partials written in (by name).
    std::map<std::string, std::string> template_texts_;
};

}  // namespace tebiki::html
