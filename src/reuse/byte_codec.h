#pragma once
// A compact binary layout for what the build cache keeps between processes
// (parsed documents, prepared search documents): integers as LEB128
// varints, strings as a length and their bytes. Reading is bounds-checked:
// bytes that are short, long or otherwise not what the writer wrote throw
// CodecError, which a cache treats as a missing entry.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tebiki::reuse {

class CodecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ByteWriter {
public:
    ByteWriter& number(std::uint64_t n) {
        do {
            const auto low = static_cast<unsigned char>(n & 0x7f);
            n >>= 7;
            bytes_.push_back(static_cast<char>(n != 0 ? low | 0x80 : low));
        } while (n != 0);
        return *this;
    }
    // Signed numbers (line numbers are never negative, dates' years might be) zigzag-encoded.
    ByteWriter& signed_number(std::int64_t n) {
        return number((static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63));
    }
    ByteWriter& text(std::string_view s) {
        number(s.size());
        bytes_.append(s);
        return *this;
    }
    ByteWriter& text16(std::u16string_view s) {
        number(s.size());
        bytes_.append(reinterpret_cast<const char*>(s.data()), s.size() * sizeof(char16_t));
        return *this;
    }
    // A list of strings: its length, then each.
    ByteWriter& texts(const std::vector<std::string>& list) {
        number(list.size());
        for (const auto& t : list) text(t);
        return *this;
    }
    std::string take() { return std::move(bytes_); }

private:
    std::string bytes_;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view bytes) : rest_(bytes) {}

    std::uint64_t number() {
        std::uint64_t n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (rest_.empty()) throw CodecError("truncated number");
            const auto byte = static_cast<unsigned char>(rest_.front());
            rest_.remove_prefix(1);
            n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return n;
        }
        throw CodecError("number too long");
    }
    std::int64_t signed_number() {
        const std::uint64_t z = number();
        return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    }
    int small_number() {
        const std::int64_t n = signed_number();
        if (n < -(1 << 30) || n > (1 << 30)) throw CodecError("number out of range");
        return static_cast<int>(n);
    }
    // A count of items that follow, each at least one byte long.
    std::size_t count() {
        const std::uint64_t n = number();
        if (n > rest_.size()) throw CodecError("count beyond the end");
        return static_cast<std::size_t>(n);
    }
    std::string text() {
        const std::size_t size = count();
        std::string s(rest_.substr(0, size));
        rest_.remove_prefix(size);
        return s;
    }
    std::u16string text16() {
        const std::uint64_t units = number();
        if (units > rest_.size() / sizeof(char16_t)) throw CodecError("text beyond the end");
        std::u16string s(static_cast<std::size_t>(units), u'\0');
        if (units != 0) std::memcpy(s.data(), rest_.data(), s.size() * sizeof(char16_t));
        rest_.remove_prefix(s.size() * sizeof(char16_t));
        return s;
    }
    // An enumerator written as its number; `last` is the enumeration's last.
    template <typename Enum>
    Enum enumeration(Enum last) {
        const std::uint64_t n = number();
        if (n > static_cast<std::uint64_t>(last)) throw CodecError("not an enumerator");
        return static_cast<Enum>(n);
    }
    std::vector<std::string> texts() {
        std::vector<std::string> list(count());
        for (auto& t : list) t = text();
        return list;
    }
    // Throws unless every byte was read.
    void finish() const {
        if (!rest_.empty()) throw CodecError("bytes after the end");
    }

private:
    std::string_view rest_;
};

}  // namespace tebiki::reuse
