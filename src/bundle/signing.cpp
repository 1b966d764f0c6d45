#include "bundle/signing.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "bundle/manifest.h"

namespace tebiki::bundle {

namespace fs = std::filesystem;

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct FileClose {
    void operator()(FILE* f) const { std::fclose(f); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using File = std::unique_ptr<FILE, FileClose>;

// Opens `path` for writing with `mode`, refusing an existing file.
File create_exclusive(const fs::path& path, mode_t mode) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) throw std::runtime_error("cannot create " + path.string() + " (it may exist already)");
    ::fchmod(fd, mode);
    FILE* f = ::fdopen(fd, "w");
    if (f == nullptr) {
        ::close(fd);
        throw std::runtime_error("cannot open " + path.string());
    }
    return File(f);
}

Pkey read_key(const fs::path& path, bool is_private) {
    File f(std::fopen(path.c_str(), "r"));
    if (!f) throw std::runtime_error("cannot read key " + path.string());
    EVP_PKEY* key = is_private ? PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr)
                               : PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr);
    if (key == nullptr || EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(key);
        throw std::runtime_error(path.string() + " is not an Ed25519 " + (is_private ? "private" : "public") +
                                 " key in PEM");
    }
    return Pkey(key);
}

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};

Pkey read_public_pem(const std::string& pem) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (key == nullptr || EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(key);
        throw std::runtime_error("not an Ed25519 public key in PEM");
    }
    return Pkey(key);
}

bool verify_with(EVP_PKEY* key, const std::string& message, const std::string& signature) {
    if (signature.size() != 64) return false;
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace

void generate_key_pair(const fs::path& dir) {
    fs::create_directories(dir);
    const fs::path key_path = dir / kPrivateKeyFile, pub_path = dir / kPublicKeyFile;
    if (fs::exists(key_path) || fs::exists(pub_path))
        throw std::runtime_error("refusing to overwrite the key pair in " + dir.string());
    EVP_PKEY* raw = nullptr;
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    const bool ok = ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &raw) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) throw std::runtime_error("Ed25519 key generation failed");
    Pkey key(raw);
    {
        File f = create_exclusive(key_path, 0600);
        if (PEM_write_PrivateKey(f.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
            throw std::runtime_error("cannot write " + key_path.string());
    }
    File f = create_exclusive(pub_path, 0644);
    if (PEM_write_PUBKEY(f.get(), key.get()) != 1) throw std::runtime_error("cannot write " + pub_path.string());
}

std::string sign(const std::string& message, const fs::path& key_file) {
    Pkey key = read_key(key_file, true);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    std::string signature(64, '\0');
    std::size_t length = signature.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        length != 64)
        throw std::runtime_error("Ed25519 signing failed");
    return signature;
}

bool verify_signature(const std::string& message, const std::string& signature, const fs::path& pubkey_file) {
    Pkey key = read_key(pubkey_file, false);
    return verify_with(key.get(), message, signature);
}

bool verify_signature_pem(const std::string& message, const std::string& signature, const std::string& pubkey_pem) {
    Pkey key = read_public_pem(pubkey_pem);
    return verify_with(key.get(), message, signature);
}

std::string key_fingerprint(const std::string& pubkey_pem) {
    Pkey key = read_public_pem(pubkey_pem);
    unsigned char raw[32];
    std::size_t length = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key.get(), raw, &length) != 1 || length != sizeof raw)
        throw std::runtime_error("cannot read the raw Ed25519 public key");
    return "ed25519:" + sha256_hex(raw, length).substr(0, 16);
}

}  // namespace tebiki::bundle
