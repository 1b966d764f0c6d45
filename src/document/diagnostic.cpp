#include "document/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace tebiki {

std::string Diagnostic::format() const {
    std::string out = file;
    if (line > 0) {
        out += fmt::format(":{}", line);
        if (column > 0) out += fmt::format(":{}", column);
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    return out;
}

void Diagnostics::error(std::string file, int line, int column, std::string message, std::string hint_ja) {
    items_.push_back({std::move(file), line, column, Severity::Error, std::move(message), std::move(hint_ja)});
}

void Diagnostics::warning(std::string file, int line, int column, std::string message) {
    items_.push_back({std::move(file), line, column, Severity::Warning, std::move(message), {}});
}

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = items_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    return out;
}

}  // namespace tebiki
