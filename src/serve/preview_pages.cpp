#include "serve/preview_pages.h"

#include "html/body_html.h"

namespace tebiki::serve {

namespace {

using html::escape_html;

// Kept plain and readable on a ward terminal's small screen; no theme, since
// the theme itself may be what failed to build.
constexpr std::string_view kStyle = R"(
body { margin: 0; background: #f6f6f4; color: #222; font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; line-height: 1.7; }
main { max-width: 56rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-top: 6px solid #b3261e; }
main.notice { border-top-color: #6b6b6b; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
ul.diagnostics { list-style: none; padding: 0; margin: 1rem 0; }
ul.audiences { list-style: none; padding: 0; margin: 1rem 0; }
ul.audiences li { margin: 0.5rem 0; }
ul.audiences a { display: block; padding: 0.75rem 1rem; border: 1px solid #c9c9c4; border-radius: 4px; color: #0b4f8a; text-decoration: none; font-size: 1.1rem; }
ul.audiences a:hover, ul.audiences a:focus { background: #eef4fa; }
ul.audiences .count { float: right; color: #555; font-size: 0.95rem; }
main.chooser { border-top-color: #1d3f66; }
.label { display: inline-block; padding: 0 0.5rem; margin-right: 0.5rem; background: #222; color: #ffe066; font-size: 0.9rem; }
ul.diagnostics li { margin: 0.4rem 0; padding: 0.5rem 0.75rem; background: #fdf0ef; border-left: 4px solid #b3261e; }
ul.diagnostics p.hint { margin: 0 0 0.3rem; font-weight: 600; }
code { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 0.9rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.note { color: #555; }
)";

std::string page(std::string_view title, std::string_view main_class, const std::string& content) {
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + escape_html(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n";
    out += "</head>\n<body>\n<main class=\"" + std::string(main_class) + "\">\n" + content + "</main>\n";
    out += "</body>\n</html>\n";
    return out;
}

std::string diagnostic_list(const std::vector<PreviewError>& errors) {
    if (errors.empty())
        return "<p>エラーの詳細はありません。<code>tebiki serve</code> を実行している端末の表示を確認してください。</p>\n";
    std::string out = "<ul class=\"diagnostics\">\n";
    for (const auto& e : errors) {
        out += "<li>";
        if (!e.hint_ja.empty()) out += "<p class=\"hint\">" + escape_html(e.hint_ja) + "</p>";
        out += "<code>" + escape_html(e.line) + "</code></li>\n";
    }
    return out + "</ul>\n";
}

}  // namespace

std::string build_error_page(std::string_view headline_ja, const std::vector<PreviewError>& diagnostic_lines) {
    std::string content = "<h1>" + escape_html(headline_ja) + "</h1>\n";
    content += "<p>最後に保存した内容からプレビューを作成できませんでした。次の箇所を修正してください。</p>\n";
    content += diagnostic_list(diagnostic_lines);
    content += "<p class=\"note\">ファイルを修正して保存すると、このページは自動的に更新されます。</p>\n";
    return page("ビルドエラー — プレビュー", "error", content);
}

std::string build_not_found_page(std::string_view url_path) {
    std::string content = "<h1>ページが見つかりません</h1>\n";
    content += "<p><code>" + escape_html(url_path) + "</code> に当たるページはプレビューにありません。</p>\n";
    content += "<p><a href=\"/\">文書の一覧に戻る</a></p>\n";
    content += "<p class=\"note\">文書を追加して保存すると、このページは自動的に更新されます。</p>\n";
    return page("ページが見つかりません — プレビュー", "notice", content);
}

std::string build_audience_chooser_page(std::string_view site_title, const std::vector<AudienceLink>& audiences) {
    std::string content = "<h1><span class=\"label\">プレビュー</span>" + escape_html(site_title) + "</h1>\n";
    content += "<p>作業中の原稿から作成した確認用の表示です。表示する配布先を選んでください。</p>\n";
    content += "<ul class=\"audiences\">\n";
    for (const auto& audience : audiences)
        content += "<li><a href=\"" + escape_html(audience.key) + "/index.html\">" + escape_html(audience.name) +
                   "<span class=\"count\">" + std::to_string(audience.documents) + "件</span></a></li>\n";
    content += "</ul>\n";
    content += "<p class=\"note\">原稿を保存すると、開いているページは自動的に更新されます。</p>\n";
    return page("プレビュー — " + std::string(site_title), "chooser", content);
}

}  // namespace tebiki::serve
