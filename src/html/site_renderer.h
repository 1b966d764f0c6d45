#pragma once
// One audience's offline site: the register (index.html), a page per
// document (docs/<id>.html), the theme's assets and the content's media.
// Every link is relative, so the site works from file:// with no server.

#include <filesystem>

#include "document/catalog.h"
#include "html/theme.h"

namespace tebiki::html {

class SiteRenderer {
public:
    SiteRenderer(const Catalog& catalog, const Theme& theme);
    ~SiteRenderer();
    SiteRenderer(const SiteRenderer&) = delete;
    SiteRenderer& operator=(const SiteRenderer&) = delete;

    // Writes the site into `site_dir`, which must exist and be empty.
    void render(const Audience& audience, const std::filesystem::path& site_dir) const;

private:
    struct Templates;
    const Catalog& catalog_;
    const Theme& theme_;
    std::unique_ptr<Templates> templates_;
};

}  // namespace tebiki::html
