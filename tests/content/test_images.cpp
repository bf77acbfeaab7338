// The image pipeline: scaling, re-encoding, EXIF orientation and refusal of
// hostile images (decompression bombs, lying headers, non-images).
#include "temp_dir.h"

#include "kiosk/content/images.h"

#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <cstdint>

using namespace kiosk::content;

namespace {

void append(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string rgbaPixels(int w, int h, unsigned char alpha = 255) {
    std::string px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, '\0');
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            auto* p = reinterpret_cast<unsigned char*>(&px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4]);
            p[0] = static_cast<unsigned char>(x * 255 / w);
            p[1] = static_cast<unsigned char>(y * 255 / h);
            p[2] = 128;
            p[3] = alpha;
        }
    return px;
}

std::string png(int w, int h, unsigned char alpha = 255) {
    const std::string px = rgbaPixels(w, h, alpha);
    std::string out;
    REQUIRE(stbi_write_png_to_func(append, &out, w, h, 4, px.data(), w * 4));
    return out;
}

std::string jpeg(int w, int h) {
    std::string rgb;
    const std::string px = rgbaPixels(w, h);
    for (std::size_t i = 0; i < px.size(); i += 4) rgb.append(px, i, 3);
    std::string out;
    REQUIRE(stbi_write_jpg_to_func(append, &out, w, h, 3, rgb.data(), 90));
    return out;
}

std::uint32_t crc32(std::string_view data) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

void putBe32(std::string& s, std::size_t at, std::uint32_t v) {
    s[at] = static_cast<char>(v >> 24);
    s[at + 1] = static_cast<char>(v >> 16);
    s[at + 2] = static_cast<char>(v >> 8);
    s[at + 3] = static_cast<char>(v);
}

// Rewrites a PNG's IHDR width/height (and its CRC) without touching the pixel data.
std::string withIhdrSize(std::string p, std::uint32_t w, std::uint32_t h) {
    // signature (8) | length (4) | "IHDR" (4) | width | height | ... | crc
    putBe32(p, 16, w);
    putBe32(p, 20, h);
    putBe32(p, 29, crc32(std::string_view(p).substr(12, 17)));
    return p;
}

// A JPEG with an EXIF APP1 segment carrying only an orientation tag.
std::string withExifOrientation(const std::string& jpg, int orientation) {
    std::string tiff = std::string("II*\0", 4) + std::string("\x08\x00\x00\x00", 4) + std::string("\x01\x00", 2) +
                       std::string("\x12\x01\x03\x00\x01\x00\x00\x00", 8) +
                       std::string{static_cast<char>(orientation), 0, 0, 0} + std::string(4, '\0');
    std::string payload = std::string("Exif\0\0", 6) + tiff;
    const auto len = static_cast<std::uint16_t>(payload.size() + 2);
    std::string seg = std::string("\xFF\xE1", 2) + static_cast<char>(len >> 8) + static_cast<char>(len & 0xFF) + payload;
    return jpg.substr(0, 2) + seg + jpg.substr(2);
}

const ImageSettings kSmall{64, 48, 85};

} // namespace

TEST_CASE("images: large images are scaled down to fit keeping the aspect ratio") {
    auto img = processImage(png(400, 100), "wide.png", kSmall, "images/wide.png");
    REQUIRE_MESSAGE(img.ok(), (img.ok() ? "" : img.error().toString()));
    CHECK(img->width == 64);
    CHECK(img->height == 16);
    CHECK(img->mime == "image/jpeg"); // opaque: JPEG
    auto decoded = decodeImage(img->data, "x");
    REQUIRE(decoded.ok());
    CHECK(decoded->width == 64);
    CHECK(decoded->height == 16);

    auto tall = processImage(jpeg(100, 400), "tall.jpg", kSmall, "images/tall.jpg");
    REQUIRE(tall.ok());
    CHECK(tall->width == 12);
    CHECK(tall->height == 48);
}

TEST_CASE("images: transparency survives as PNG") {
    auto img = processImage(png(200, 200, 128), "logo.png", kSmall, "images/logo.png");
    REQUIRE(img.ok());
    CHECK(img->mime == "image/png");
    CHECK(img->width == 48);
    CHECK(img->height == 48);
}

TEST_CASE("images: clean images that already fit keep their exact bytes") {
    const std::string small = png(32, 24);
    auto img = processImage(small, "s.png", kSmall, "images/s.png");
    REQUIRE(img.ok());
    CHECK(img->data == small);
    const std::string smallJpeg = jpeg(32, 24);
    auto j = processImage(smallJpeg, "s.jpg", kSmall, "images/s.jpg");
    REQUIRE(j.ok());
    CHECK(j->data == smallJpeg);
    CHECK(j->mime == "image/jpeg");
}

TEST_CASE("images: EXIF orientation is applied and the metadata dropped") {
    const std::string rotated = withExifOrientation(jpeg(40, 20), 6);
    CHECK(jpegExifOrientation(rotated) == 6);
    CHECK(jpegExifOrientation(jpeg(40, 20)) == 1);
    auto img = processImage(rotated, "phone.jpg", kSmall, "images/phone.jpg");
    REQUIRE(img.ok());
    CHECK(img->width == 20);
    CHECK(img->height == 40);
    CHECK(img->data != rotated);
    CHECK(jpegExifOrientation(img->data) == 1);
    CHECK(img->data.find("Exif") == std::string::npos);

    // Orientation 1 with EXIF still gets re-encoded so GPS and camera data are gone.
    const std::string tagged = withExifOrientation(jpeg(40, 20), 1);
    auto clean = processImage(tagged, "tagged.jpg", kSmall, "images/tagged.jpg");
    REQUIRE(clean.ok());
    CHECK(clean->width == 40);
    CHECK(clean->data.find("Exif") == std::string::npos);
}

TEST_CASE("images: a decompression bomb is refused from its header") {
    const std::string bomb = withIhdrSize(png(8, 8), 50000, 50000);
    auto img = processImage(bomb, "bomb.png", kSmall, "images/bomb.png");
    REQUIRE_FALSE(img.ok());
    CHECK(img.error().file == "images/bomb.png");
    CHECK(img.error().message ==
          "image is 50000 x 50000 pixels; at most 40 megapixels and 16384 pixels per side are accepted");
}

TEST_CASE("images: a PNG that lies about its size is refused") {
    const std::string liar = withIhdrSize(png(10, 10), 1000, 1000);
    auto img = processImage(liar, "liar.png", kSmall, "images/liar.png");
    REQUIRE_FALSE(img.ok());
    CHECK(img.error().message.rfind("cannot decode image", 0) == 0);
}

TEST_CASE("images: files that are not images are refused") {
    auto text = processImage("hello, I am a text file", "x.jpg", kSmall, "images/x.jpg");
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().message == "not a JPEG or PNG image");
    const std::string truncated = png(20, 20).substr(0, 40);
    CHECK_FALSE(processImage(truncated, "t.png", kSmall, "images/t.png").ok());
    kiosk::test::TempDir dir;
    auto missing = processImageFile(dir / "missing.jpg", "missing.jpg", kSmall, "images/missing.jpg");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().file == "images/missing.jpg");
}

TEST_CASE("images: every byte of a PNG header flipped never crashes the pipeline") {
    const std::string good = png(16, 16);
    for (std::size_t i = 0; i < 64 && i < good.size(); ++i) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ 0xFF);
        auto img = processImage(bad, "f.png", kSmall, "images/f.png");
        if (img.ok()) CHECK(img->width > 0); // some flips (e.g. in CRCs) are harmless
    }
}
