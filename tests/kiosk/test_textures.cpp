// The kiosk's image path: the linear-light box scaler, decoding a pack image at
// the size and crop it is shown at, and the texture cache's worker (a real SDL
// software renderer on a memory surface, a real pack written by writePack()).
#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/pack_writer.h"
#include "kiosk/content/store.h"
#include "ui/textures.h"

#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <string>

using kiosk::test::makeFixtureContent;
using kiosk::test::TempDir;
using namespace kiosk;

namespace {

std::string pixels(std::initializer_list<unsigned char> bytes) { return std::string(bytes.begin(), bytes.end()); }

unsigned char at(const std::string& rgba, int w, int x, int y, int c) {
    return static_cast<unsigned char>(rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4 +
                                           static_cast<std::size_t>(c)]);
}

void append(void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size)); }

// w x h RGB pixels: the top `split` rows one colour, the rest another.
std::string twoBands(int w, int h, int split, const unsigned char top[3], const unsigned char bottom[3]) {
    std::string px;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) px.append(reinterpret_cast<const char*>(y < split ? top : bottom), 3);
    return px;
}

} // namespace

TEST_CASE("textures: scaling averages black and white in linear light") {
    // Linear 0.5 is sRGB 188, not the 128 of averaging the bytes (which darkens fine detail).
    const std::string out = ui::scaleRgba(pixels({0, 0, 0, 255, 255, 255, 255, 255}), 2, 1, 1, 1);
    REQUIRE(out.size() == 4);
    CHECK(at(out, 1, 0, 0, 0) == 188);
    CHECK(at(out, 1, 0, 0, 1) == 188);
    CHECK(at(out, 1, 0, 0, 2) == 188);
    CHECK(at(out, 1, 0, 0, 3) == 255);
}

TEST_CASE("textures: scaling weights colours by their alpha") {
    // A transparent green pixel must not tint its opaque red neighbour.
    const std::string out = ui::scaleRgba(pixels({255, 0, 0, 255, 0, 255, 0, 0}), 2, 1, 1, 1);
    REQUIRE(out.size() == 4);
    CHECK(at(out, 1, 0, 0, 0) == 255);
    CHECK(at(out, 1, 0, 0, 1) == 0);
    CHECK(at(out, 1, 0, 0, 3) == 128);
}

TEST_CASE("textures: scaling keeps a flat colour exactly and refuses wrong sizes") {
    std::string flat;
    for (int i = 0; i < 6 * 4; ++i) flat += pixels({17, 130, 250, 255});
    const std::string out = ui::scaleRgba(flat, 6, 4, 4, 3);
    REQUIRE(out.size() == 4 * 3 * 4);
    CHECK(at(out, 4, 3, 2, 0) == 17);
    CHECK(at(out, 4, 3, 2, 1) == 130);
    CHECK(at(out, 4, 3, 2, 2) == 250);
    CHECK(ui::scaleRgba(flat, 6, 5, 4, 3).empty());
    CHECK(ui::scaleRgba(flat, 6, 4, 0, 3).empty());
}

TEST_CASE("textures: a JPEG is decoded at the size it is shown") {
    const unsigned char colour[3] = {200, 100, 50};
    const std::string raw = twoBands(1600, 1200, 0, colour, colour);
    std::string jpeg;
    REQUIRE(stbi_write_jpg_to_func(append, &jpeg, 1600, 1200, 3, raw.data(), 90));
    int w = 0, h = 0;
    std::string rgba;
    REQUIRE(ui::decodeForTexture(jpeg, 400, 300, 0.5f, w, h, rgba));
    CHECK(w == 400);
    CHECK(h == 300);
    REQUIRE(rgba.size() == 400u * 300u * 4u);
    CHECK(std::abs(at(rgba, 400, 200, 150, 0) - 200) <= 4);
    CHECK(std::abs(at(rgba, 400, 200, 150, 1) - 100) <= 4);
    CHECK(std::abs(at(rgba, 400, 200, 150, 2) - 50) <= 4);
    CHECK(at(rgba, 400, 200, 150, 3) == 255);
    // Never scaled up: a box bigger than the photo gets the photo's own pixels.
    REQUIRE(ui::decodeForTexture(jpeg, 3200, 2400, 0.5f, w, h, rgba));
    CHECK(w == 1600);
    CHECK(h == 1200);
}

TEST_CASE("textures: only the part a frame shows is decoded and kept") {
    // 40x40: red above row 20, blue below. A 40x10 frame shows a strip; the bias picks which.
    const unsigned char red[3] = {255, 0, 0}, blue[3] = {0, 0, 255};
    const std::string raw = twoBands(40, 40, 20, red, blue);
    std::string png;
    REQUIRE(stbi_write_png_to_func(append, &png, 40, 40, 3, raw.data(), 40 * 3));
    int w = 0, h = 0;
    std::string rgba;
    REQUIRE(ui::decodeForTexture(png, 40, 10, 0.f, w, h, rgba));
    CHECK(w == 40);
    CHECK(h == 10);
    CHECK(at(rgba, w, 20, 5, 0) == 255);
    CHECK(at(rgba, w, 20, 5, 2) == 0);
    REQUIRE(ui::decodeForTexture(png, 40, 10, 1.f, w, h, rgba));
    CHECK(h == 10);
    CHECK(at(rgba, w, 20, 5, 0) == 0);
    CHECK(at(rgba, w, 20, 5, 2) == 255);
    // A wide photo in a square frame loses its sides, not its height.
    const std::string wide = twoBands(80, 20, 0, red, red);
    std::string widePng;
    REQUIRE(stbi_write_png_to_func(append, &widePng, 80, 20, 3, wide.data(), 80 * 3));
    REQUIRE(ui::decodeForTexture(widePng, 64, 64, 0.5f, w, h, rgba));
    CHECK(w == 20);
    CHECK(h == 20);
}

TEST_CASE("textures: bytes that are no image give no texture") {
    int w = 1, h = 1;
    std::string rgba = "x";
    CHECK_FALSE(ui::decodeForTexture("not an image at all", 64, 64, 0.5f, w, h, rgba));
    CHECK(rgba.empty());
    CHECK(w == 0);
    // A JPEG signature with nothing behind it: the decoder's error must not end the process.
    CHECK_FALSE(ui::decodeForTexture(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10), 64, 64, 0.5f, w, h, rgba));
}

TEST_CASE("textures: the cache decodes on its worker and hands the texture over later") {
    TempDir dir;
    const auto path = dir / "t.kpack";
    REQUIRE(content::writePack(makeFixtureContent(), path).ok());
    auto store = content::ContentStore::open(path);
    REQUIRE(store.ok());
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    REQUIRE(surface);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    REQUIRE(renderer);
    {
        ui::TextureCache cache(renderer, 1u << 20);
        CHECK_FALSE(cache.get(**store, "kita.png", 64, 64)); // asked: queued, not there yet
        CHECK(cache.pending() == 1);
        CHECK_FALSE(cache.get(**store, "kita.png", 64, 64)); // asked again: still one job
        CHECK(cache.pending() == 1);
        cache.waitIdle();
        CHECK(cache.pending() == 0);
        const ui::Texture t = cache.get(**store, "kita.png", 64, 64);
        REQUIRE(t);
        // The fixture's 4x3 PNG in a square frame: the square a cover crop shows, never scaled up.
        CHECK(t.width == 3);
        CHECK(t.height == 3);
        CHECK(cache.bytes() == 3u * 3u * 4u);
        // A 4:3 frame (128x96: sizes are rounded up to 32 px) gets the whole image.
        CHECK_FALSE(cache.get(**store, "kita.png", 128, 96));
        cache.waitIdle();
        const ui::Texture whole = cache.get(**store, "kita.png", 128, 96);
        REQUIRE(whole);
        CHECK(whole.width == 4);
        CHECK(whole.height == 3);
        // Unknown: remembered as missing, nothing queued.
        CHECK_FALSE(cache.get(**store, "nope.png", 64, 64));
        CHECK(cache.pending() == 0);
        // A content swap drops everything, also work in flight.
        CHECK_FALSE(cache.get(**store, "kita.png", 32, 32));
        cache.clear();
        CHECK(cache.pending() == 0);
        CHECK(cache.bytes() == 0);
        CHECK_FALSE(cache.get(**store, "kita.png", 64, 64));
        CHECK(cache.pending() == 1);
    } // destroyed with a job queued: the worker stops
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
}
