#include "reuse/read_file_codec.h"

#include "document/catalog.h"
#include "reuse/byte_codec.h"

namespace tebiki::reuse {

namespace {

// Bumped whenever the layout below changes.
constexpr std::uint64_t kFormat = 3;

void write_date(ByteWriter& out, const std::optional<Date>& date) {
    out.number(date ? 1 : 0);
    if (date) out.signed_number(date->year).number(date->month).number(date->day);
}

std::optional<Date> read_date(ByteReader& in) {
    if (in.number() == 0) return std::nullopt;
    Date d;
    d.year = in.small_number();
    d.month = static_cast<int>(in.number());
    d.day = static_cast<int>(in.number());
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) throw CodecError("not a date");
    return d;
}

void write_metadata(ByteWriter& out, const DocumentMetadata& m) {
    out.text(m.id).text(m.title).number(static_cast<std::uint64_t>(m.status)).text(m.owner).text(m.approver);
    write_date(out, m.effective);
    write_date(out, m.review_by);
    out.texts(m.audience).text(m.category).texts(m.tags);
    out.number(m.positions.size());
    for (const auto& [key, pos] : m.positions) out.text(key).signed_number(pos.line).signed_number(pos.column);
}

DocumentMetadata read_metadata(ByteReader& in) {
    DocumentMetadata m;
    m.id = in.text();
    m.title = in.text();
    m.status = in.enumeration(Status::Obsolete);
    m.owner = in.text();
    m.approver = in.text();
    m.effective = read_date(in);
    m.review_by = read_date(in);
    m.audience = in.texts();
    m.category = in.text();
    m.tags = in.texts();
    for (std::size_t n = in.count(); n > 0; --n) {
        std::string key = in.text();
        const int line = in.small_number();
        m.positions[std::move(key)] = FieldPosition{line, in.small_number()};
    }
    return m;
}

void write_outline(ByteWriter& out, const MarkdownOutline& o) {
    out.number(o.headings.size());
    for (const auto& h : o.headings)
        out.signed_number(h.level).text(h.text).text(h.id).signed_number(h.line).number(h.explicit_id ? 1 : 0);
    out.number(o.links.size());
    for (const auto& l : o.links)
        out.text(l.url).number(l.is_image ? 1 : 0).signed_number(l.line).signed_number(l.column);
    out.number(o.raw_html_lines.size());
    for (int line : o.raw_html_lines) out.signed_number(line);
}

MarkdownOutline read_outline(ByteReader& in) {
    MarkdownOutline o;
    o.headings.resize(in.count());
    for (auto& h : o.headings) {
        h.level = in.small_number();
        h.text = in.text();
        h.id = in.text();
        h.line = in.small_number();
        h.explicit_id = in.number() != 0;
    }
    o.links.resize(in.count());
    for (auto& l : o.links) {
        l.url = in.text();
        l.is_image = in.number() != 0;
        l.line = in.small_number();
        l.column = in.small_number();
    }
    o.raw_html_lines.resize(in.count());
    for (int& line : o.raw_html_lines) line = in.small_number();
    return o;
}

void write_diagnostics(ByteWriter& out, const Diagnostics& diags) {
    out.number(diags.items().size());
    for (const auto& d : diags.items())
        out.text(d.file).signed_number(d.line).signed_number(d.column).number(static_cast<std::uint64_t>(d.severity)).text(d.message);
}

Diagnostics read_diagnostics(ByteReader& in) {
    Diagnostics diags;
    for (std::size_t n = in.count(); n > 0; --n) {
        Diagnostic d;
        d.file = in.text();
        d.line = in.small_number();
        d.column = in.small_number();
        d.severity = in.enumeration(Severity::Error);
        d.message = in.text();
        diags.add(std::move(d));
    }
    return diags;
}

}  // namespace

std::string to_bytes(const CatalogMemo::ReadFile& read) {
    ByteWriter out;
    out.number(kFormat);
    write_diagnostics(out, read.diagnostics);
    out.number(read.document ? 1 : 0);
    if (const Document* d = read.document.get()) {
        out.text(d->path).text(d->display_path).text(d->blob_id);
        write_metadata(out, d->meta);
        out.text(d->front_matter).signed_number(d->body_first_line);  // the body is the file's (catalog.h)
        write_outline(out, d->outline);
        // The history is not part of reading a file: the catalog attaches it.
    }
    return out.take();
}

std::optional<CatalogMemo::ReadFile> read_file_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kFormat) return std::nullopt;
        CatalogMemo::ReadFile read;
        read.diagnostics = read_diagnostics(in);
        if (in.number() != 0) {
            Document d;
            d.path = in.text();
            d.display_path = in.text();
            d.blob_id = in.text();
            d.meta = read_metadata(in);
            d.front_matter = in.text();
            d.body_first_line = in.small_number();
            d.outline = read_outline(in);
            read.document = std::make_shared<const Document>(std::move(d));
        }
        in.finish();
        return read;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

namespace {

// Bumped whenever the layout of the histories below changes.
// 2: a walk (its commit, the paths it followed and those changed) around them.
constexpr std::uint64_t kHistoriesFormat = 3;

void write_texts(ByteWriter& out, const std::vector<std::string>& texts) {
    out.number(texts.size());
    for (const auto& text : texts) out.text(text);
}

std::vector<std::string> read_texts(ByteReader& in) {
    std::vector<std::string> texts(in.count());
    for (auto& text : texts) text = in.text();
    return texts;
}

void write_revision(ByteWriter& out, const source::FileRevision& r) {
    out.text(r.commit.id).text(r.commit.short_id).signed_number(r.commit.time);
    out.signed_number(r.commit.utc_offset_minutes).text(r.commit.summary);
    out.text(r.author).text(r.path).text(r.previous_path).number(static_cast<std::uint64_t>(r.kind));
    out.number(r.trailers.size());
    for (const auto& [name, value] : r.trailers) out.text(name).text(value);
    out.text(r.status).number(r.bytes_changed ? 1 : 0).number(r.text_changed ? 1 : 0);
}

source::FileRevision read_revision(ByteReader& in) {
    source::FileRevision r;
    r.commit.id = in.text();
    r.commit.short_id = in.text();
    r.commit.time = in.signed_number();
    r.commit.utc_offset_minutes = in.small_number();
    r.commit.summary = in.text();
    r.author = in.text();
    r.path = in.text();
    r.previous_path = in.text();
    r.kind = in.enumeration(source::ChangeKind::Deleted);
    for (std::size_t n = in.count(); n > 0; --n) {
        std::string name = in.text();
        r.trailers[std::move(name)] = in.text();
    }
    r.status = in.text();
    r.bytes_changed = in.number() != 0;
    r.text_changed = in.number() != 0;
    return r;
}

}  // namespace

std::string to_bytes(const source::WalkedHistories& walked) {
    ByteWriter out;
    out.number(kHistoriesFormat).text(walked.commit_id);
    write_texts(out, walked.tracked);
    write_texts(out, walked.changed);
    out.number(walked.histories.size());
    for (const auto& [path, revisions] : walked.histories) {
        out.text(path).number(revisions.size());
        for (const auto& r : revisions) write_revision(out, r);
    }
    return out.take();
}

std::optional<source::WalkedHistories> histories_from_bytes(std::string_view bytes) {
    try {
        ByteReader in(bytes);
        if (in.number() != kHistoriesFormat) return std::nullopt;
        source::WalkedHistories walked;
        walked.commit_id = in.text();
        walked.tracked = read_texts(in);
        walked.changed = read_texts(in);
        for (std::size_t files = in.count(); files > 0; --files) {
            std::string path = in.text();
            std::vector<source::FileRevision> revisions(in.count());
            for (auto& r : revisions) r = read_revision(in);
            walked.histories.emplace(std::move(path), std::move(revisions));
        }
        in.finish();
        return walked;
    } catch (const CodecError&) {
        return std::nullopt;
    }
}

}  // namespace tebiki::reuse
