#include "kiosk/content/hashing.h"

#include <sodium.h>

#include <fstream>
#include <vector>

namespace kiosk::content {

namespace {
std::string toHex(const unsigned char* p, std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out += kHex[p[i] >> 4];
        out += kHex[p[i] & 0xF];
    }
    return out;
}
} // namespace

std::string sha256Hex(std::string_view bytes) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return toHex(out, sizeof out);
}

Result<std::string> sha256FileHex(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        Error e;
        e.file = file.string();
        e.message = "cannot open file for hashing";
        return e;
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = in.gcount();
        if (n > 0) crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()), static_cast<unsigned long long>(n));
    }
    if (in.bad()) {
        Error e;
        e.file = file.string();
        e.message = "read error while hashing";
        return e;
    }
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, out);
    return toHex(out, sizeof out);
}

} // namespace kiosk::content
