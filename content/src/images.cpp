#include "kiosk/content/images.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <utility>

namespace kiosk::content {

namespace {

struct StbFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};
using StbPixels = std::unique_ptr<unsigned char, StbFree>;

Error imageError(std::string_view name, std::string message) {
    Error e;
    e.file = std::string(name);
    e.message = std::move(message);
    return e;
}

bool isJpeg(std::string_view b) { return b.size() > 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8; }
bool isPng(std::string_view b) { return b.size() > 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8); }

std::uint16_t be16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

// JPEG without APPn (n >= 1) or COM segments, PNG without text/EXIF chunks:
// nothing private rides along, so the bytes may be kept as they are.
bool carriesNoMetadata(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    if (isJpeg(bytes)) {
        std::size_t i = 2;
        while (i + 4 <= n) {
            if (p[i] != 0xFF) return false;
            const unsigned char marker = p[i + 1];
            if (marker == 0xDA) return true; // start of scan: headers are over
            const std::size_t len = be16(p + i + 2);
            if ((marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE) return false;
            i += 2 + len;
        }
        return false;
    }
    if (isPng(bytes)) {
        std::size_t i = 8;
        while (i + 8 <= n) {
            const std::uint32_t len = be32(p + i);
            const std::string_view type(reinterpret_cast<const char*>(p + i + 4), 4);
            if (type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "eXIf" || type == "tIME") return false;
            if (type == "IEND") return true;
            if (len > n) return false;
            i += 12 + len;
        }
        return false;
    }
    return false;
}

Result<std::string> readWhole(const std::filesystem::path& file, std::string_view displayName) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return imageError(displayName, "cannot read image: " + ec.message());
    if (size > kMaxImageFileBytes)
        return imageError(displayName, "image file is " + std::to_string(size >> 20) + " MiB; at most 50 MiB are accepted");
    std::ifstream in(file, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return imageError(displayName, "cannot read image file");
    return bytes;
}

struct Header {
    int width = 0, height = 0, channels = 0;
};

// The size a PNG (IHDR) or JPEG (SOFn) header declares, read by hand so that a
// decompression bomb is named as such instead of stb's generic refusal.
std::optional<std::pair<std::uint32_t, std::uint32_t>> declaredSize(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    if (isPng(bytes)) {
        if (n < 24 || std::memcmp(p + 12, "IHDR", 4) != 0) return std::nullopt;
        return std::pair{be32(p + 16), be32(p + 20)};
    }
    if (isJpeg(bytes)) {
        std::size_t i = 2;
        while (i + 4 <= n && p[i] == 0xFF) {
            const unsigned char m = p[i + 1];
            const std::size_t len = be16(p + i + 2);
            const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof && i + 9 <= n) return std::pair{std::uint32_t{be16(p + i + 7)}, std::uint32_t{be16(p + i + 5)}};
            if (m == 0xDA || len < 2) return std::nullopt;
            i += 2 + len;
        }
    }
    return std::nullopt;
}

Result<Header> checkHeader(std::string_view bytes, std::string_view displayName) {
    if (bytes.size() > kMaxImageFileBytes) return imageError(displayName, "image file is larger than 50 MiB");
    if (!isJpeg(bytes) && !isPng(bytes))
        return imageError(displayName, "not a JPEG or PNG image");
    if (auto declared = declaredSize(bytes)) {
        const auto [w, hgt] = *declared;
        if (w > static_cast<std::uint32_t>(kMaxImageSide) || hgt > static_cast<std::uint32_t>(kMaxImageSide) ||
            static_cast<long long>(w) * hgt > kMaxImagePixels)
            return imageError(displayName, "image is " + std::to_string(w) + " x " + std::to_string(hgt) +
                                               " pixels; at most 40 megapixels and 16384 pixels per side are accepted");
    }
    Header h;
    if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                               &h.width, &h.height, &h.channels))
        return imageError(displayName, std::string("cannot read image header: ") + stbi_failure_reason());
    if (h.width <= 0 || h.height <= 0) return imageError(displayName, "image has no pixels");
    if (h.width > kMaxImageSide || h.height > kMaxImageSide ||
        static_cast<long long>(h.width) * h.height > kMaxImagePixels)
        return imageError(displayName, "image is " + std::to_string(h.width) + " x " + std::to_string(h.height) +
                                           " pixels; at most 40 megapixels and 16384 pixels per side are accepted");
    return h;
}

// Rotates/mirrors RGBA pixels so that EXIF orientation `o` becomes 1.
Pixels applyOrientation(Pixels in, int o) {
    if (o <= 1 || o > 8) return in;
    const int w = in.width, h = in.height;
    const bool swap = o >= 5;
    Pixels out;
    out.width = swap ? h : w;
    out.height = swap ? w : h;
    out.rgba.resize(in.rgba.size());
    auto* src = reinterpret_cast<const std::uint32_t*>(in.rgba.data());
    auto* dst = reinterpret_cast<std::uint32_t*>(out.rgba.data());
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            int dx = 0, dy = 0;
            switch (o) {
            case 2: dx = w - 1 - x; dy = y; break;
            case 3: dx = w - 1 - x; dy = h - 1 - y; break;
            case 4: dx = x; dy = h - 1 - y; break;
            case 5: dx = y; dy = x; break;
            case 6: dx = h - 1 - y; dy = x; break;
            case 7: dx = h - 1 - y; dy = w - 1 - x; break;
            case 8: dx = y; dy = w - 1 - x; break;
            default: break;
            }
            dst[static_cast<std::size_t>(dy) * static_cast<std::size_t>(out.width) + static_cast<std::size_t>(dx)] =
                src[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)];
        }
    }
    return out;
}

void appendToString(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

} // namespace

int jpegExifOrientation(std::string_view bytes) {
    if (!isJpeg(bytes)) return 1;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 2;
    while (i + 4 <= n && p[i] == 0xFF) {
        const unsigned char marker = p[i + 1];
        const std::size_t len = be16(p + i + 2);
        if (marker == 0xDA || len < 2 || i + 2 + len > n) return 1;
        if (marker == 0xE1 && len >= 16 && std::memcmp(p + i + 4, "Exif\0\0", 6) == 0) {
            const unsigned char* t = p + i + 10; // TIFF header
            const std::size_t tlen = len - 8;
            const bool le = t[0] == 'I' && t[1] == 'I';
            if (!le && !(t[0] == 'M' && t[1] == 'M')) return 1;
            auto u16 = [&](std::size_t off) -> std::uint32_t {
                return le ? static_cast<std::uint32_t>(t[off] | t[off + 1] << 8) : be16(t + off);
            };
            auto u32 = [&](std::size_t off) -> std::uint32_t {
                return le ? static_cast<std::uint32_t>(t[off]) | static_cast<std::uint32_t>(t[off + 1]) << 8 |
                                static_cast<std::uint32_t>(t[off + 2]) << 16 | static_cast<std::uint32_t>(t[off + 3]) << 24
                          : be32(t + off);
            };
            const std::size_t ifd = u32(4);
            if (ifd + 2 > tlen) return 1;
            const std::size_t count = u16(ifd);
            for (std::size_t k = 0; k < count; ++k) {
                const std::size_t e = ifd + 2 + k * 12;
                if (e + 12 > tlen) return 1;
                if (u16(e) == 0x0112) {
                    const int o = static_cast<int>(u16(e + 8));
                    return o >= 1 && o <= 8 ? o : 1;
                }
            }
            return 1;
        }
        i += 2 + len;
    }
    return 1;
}

Result<Pixels> decodeImage(std::string_view bytes, std::string_view displayName) {
    auto header = checkHeader(bytes, displayName);
    if (!header) return header.error();
    int w = 0, h = 0, c = 0;
    StbPixels data(stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                                         static_cast<int>(bytes.size()), &w, &h, &c, 4));
    if (!data) return imageError(displayName, std::string("cannot decode image: ") + stbi_failure_reason());
    // A header that lies about the size would be caught by stb; this guards our own arithmetic.
    if (w != header->width || h != header->height)
        return imageError(displayName, "image size in header does not match its data");
    Pixels px;
    px.width = w;
    px.height = h;
    px.rgba.assign(reinterpret_cast<const char*>(data.get()), static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    return px;
}

Result<Image> processImage(std::string_view bytes, std::string id, const ImageSettings& settings,
                           std::string_view displayName) {
    auto header = checkHeader(bytes, displayName);
    if (!header) return header.error();
    const int orientation = jpegExifOrientation(bytes);
    const bool swap = orientation >= 5;
    const int orientedW = swap ? header->height : header->width;
    const int orientedH = swap ? header->width : header->height;
    const bool fits = orientedW <= settings.maxWidth && orientedH <= settings.maxHeight;

    if (fits && orientation == 1 && carriesNoMetadata(bytes)) {
        // Still decode once: a file must be readable to be worth shipping.
        auto px = decodeImage(bytes, displayName);
        if (!px) return px.error();
        return Image{std::move(id), isPng(bytes) ? "image/png" : "image/jpeg", header->width, header->height,
                     std::string(bytes)};
    }

    auto decoded = decodeImage(bytes, displayName);
    if (!decoded) return decoded.error();
    Pixels px = applyOrientation(std::move(*decoded), orientation);

    if (!fits) {
        const double scale = std::min(static_cast<double>(settings.maxWidth) / px.width,
                                      static_cast<double>(settings.maxHeight) / px.height);
        const int nw = std::max(1, static_cast<int>(px.width * scale + 0.5));
        const int nh = std::max(1, static_cast<int>(px.height * scale + 0.5));
        std::string scaled(static_cast<std::size_t>(nw) * static_cast<std::size_t>(nh) * 4, '\0');
        if (!stbir_resize_uint8_srgb(reinterpret_cast<const unsigned char*>(px.rgba.data()), px.width, px.height, 0,
                                     reinterpret_cast<unsigned char*>(scaled.data()), nw, nh, 0, 4, 3, 0))
            return imageError(displayName, "cannot scale image");
        px.width = nw;
        px.height = nh;
        px.rgba = std::move(scaled);
    }

    bool opaque = true;
    for (std::size_t i = 3; i < px.rgba.size(); i += 4)
        if (static_cast<unsigned char>(px.rgba[i]) != 255) { opaque = false; break; }

    Image img{std::move(id), "", px.width, px.height, {}};
    int ok = 0;
    if (opaque) {
        // JPEG has no alpha: pack RGB.
        std::string rgb(static_cast<std::size_t>(px.width) * static_cast<std::size_t>(px.height) * 3, '\0');
        for (std::size_t s = 0, d = 0; s < px.rgba.size(); s += 4, d += 3) std::memcpy(&rgb[d], &px.rgba[s], 3);
        ok = stbi_write_jpg_to_func(appendToString, &img.data, px.width, px.height, 3, rgb.data(),
                                    std::clamp(settings.jpegQuality, 1, 100));
        img.mime = "image/jpeg";
    } else {
        ok = stbi_write_png_to_func(appendToString, &img.data, px.width, px.height, 4, px.rgba.data(), px.width * 4);
        img.mime = "image/png";
    }
    if (!ok || img.data.empty()) return imageError(displayName, "cannot encode image");
    return img;
}

Result<Image> processImageFile(const std::filesystem::path& file, std::string id, const ImageSettings& settings,
                               std::string_view displayName) {
    auto bytes = readWhole(file, displayName);
    if (!bytes) return bytes.error();
    return processImage(*bytes, std::move(id), settings, displayName);
}

} // namespace kiosk::content
