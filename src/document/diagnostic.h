#pragma once
// Problems found in the content, reported as `file:line:col: severity: message`.

#include <string>
#include <vector>

namespace tebiki {

enum class Severity { Warning, Error };

struct Diagnostic {
    std::string file;  // as writers see it from the repository root: content/ops/backup.md
    int line = 0;      // 1-based; 0 when the problem concerns the whole file
    int column = 0;    // 1-based, in characters
    Severity severity = Severity::Error;
    std::string message;
    // What is wrong and the fix, in Japanese, for writers in the browser
    // (the preview's error page); empty where the message says it alone.
    std::string hint_ja;

    std::string format() const;  // "content/a.md:3:1: error: ..."
};

class Diagnostics {
public:
    void error(std::string file, int line, int column, std::string message, std::string hint_ja = {});
    void warning(std::string file, int line, int column, std::string message);
    void add(Diagnostic d) { items_.push_back(std::move(d)); }
    void append(const Diagnostics& other);

    bool has_errors() const;
    std::size_t error_count() const;
    std::size_t warning_count() const;
    const std::vector<Diagnostic>& items() const { return items_; }
    // By file, then position, so that output is stable and easy to follow.
    std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> items_;
};

}  // namespace tebiki
