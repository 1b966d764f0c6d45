// Partials written into a template's text render as kainjow renders them
// from the page data: the theme's pages come out byte for byte the same.

#include <catch2/catch.hpp>
#include <kainjow/mustache.hpp>

#include "html/theme.h"

namespace mu = kainjow::mustache;
using tebiki::html::with_partials_written_in;

namespace {

const std::map<std::string, std::string> kPartials = {
    {"head", "<head>\n  <title>{{title}}</title>\n</head>\n"},
    {"item", "<li>{{name}}{{> mark}}</li>"},
    {"mark", "{{#done}} ✓{{/done}}"},
    {"odd", "{{=<% %>=}}<%title%>"},
    {"self", "[{{> self}}]"},
};

mu::data page_data() {
    mu::data items{mu::data::type::list};
    mu::data first;
    first.set("name", "停電時の手順");
    first.set("done", true);
    items.push_back(first);
    mu::data second;
    second.set("name", "復元手順");
    second.set("done", false);
    items.push_back(second);
    mu::data data;
    data.set("title", "手引き <改訂>");
    data.set("items", items);
    return data;
}

// What kainjow makes of `text` with the partials given as data, as before.
std::string rendered_with_partial_data(const std::string& text) {
    mu::data data = page_data();
    for (const auto& [name, partial_text] : kPartials) {
        const std::string copy = partial_text;
        data.set(name, mu::data(mu::partial([copy] { return copy; })));
    }
    mu::mustache tmpl(text);
    REQUIRE(tmpl.is_valid());
    return tmpl.render(data);
}

std::string rendered_written_in(const std::string& text) {
    mu::data data = page_data();
    for (const auto& [name, partial_text] : kPartials) {  // for the tags kept
        const std::string copy = partial_text;
        data.set(name, mu::data(mu::partial([copy] { return copy; })));
    }
    mu::mustache tmpl(with_partials_written_in(text, kPartials));
    REQUIRE(tmpl.is_valid());
    return tmpl.render(data);
}

}  // namespace

TEST_CASE("Partials written into a template render as kainjow renders them") {
    const std::vector<std::string> templates = {
        "<!doctype html>\n{{> head}}\n<body>\n",
        "  {{> head}}\n<p>{{title}}</p>",
        "<ul>\n{{#items}}\n  {{> item}}\n{{/items}}\n</ul>\n",
        "<p>{{>item}} と {{> item }}</p>",
        "{{! {{> head}} }}<p>本文</p>",
        "<p>{{> missing}}</p>",
        "<p>{{> odd}} / {{title}}</p>",
        "{{=[[ ]]=}}[[> head]]{{> head}}",
    };
    for (const auto& text : templates) {
        INFO(text);
        CHECK(rendered_written_in(text) == rendered_with_partial_data(text));
    }
}

TEST_CASE("Partials are written in, nested, and kept where writing them in would change the page") {
    CHECK(with_partials_written_in("a{{> head}}b", kPartials) == "a" + kPartials.at("head") + "b");
    CHECK(with_partials_written_in("{{> item}}", kPartials) == "<li>{{name}}{{#done}} ✓{{/done}}</li>");
    CHECK(with_partials_written_in("{{> missing}}", kPartials) == "{{> missing}}");
    CHECK(with_partials_written_in("{{> odd}}", kPartials) == "{{> odd}}");
    CHECK(with_partials_written_in("{{! {{> head}} }}", kPartials) == "{{! {{> head}} }}");
    CHECK(with_partials_written_in("{{=<% %>=}}{{> head}}", kPartials) == "{{=<% %>=}}{{> head}}");
    // A partial that includes itself stops after eight levels, its tag kept.
    CHECK(with_partials_written_in("{{> self}}", kPartials) == "[[[[[[[[{{> self}}]]]]]]]]");
}
