// The texture cache's memory bounds (kiosk/ui/textures.h): images are released one screen after
// the screen that showed them is left, and the byte budget drops the least recently used ones.
// A real SDL software renderer on a memory surface, a real pack written by writePack().
#include "pack_fixture.h"
#include "temp_dir.h"

#include "kiosk/content/pack_writer.h"
#include "kiosk/content/store.h"
#include "ui/textures.h"

#include <doctest/doctest.h>

using kiosk::test::makeFixtureContent;
using kiosk::test::TempDir;
using namespace kiosk;

namespace {

struct Renderer {
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer* renderer = surface ? SDL_CreateSoftwareRenderer(surface) : nullptr;
    ~Renderer() {
        if (renderer) SDL_DestroyRenderer(renderer);
        if (surface) SDL_FreeSurface(surface);
    }
};

// The fixture's 4x3 PNG in a frame of box x box (box x 96 for 128): the key includes the size, so
// each frame size is its own texture: 3x3 for the squares (never scaled up), 4x3 for 128x96.
ui::Texture show(ui::TextureCache& cache, const content::ContentStore& store, int box) {
    cache.collect();
    if (auto t = cache.get(store, "kita.png", box, box == 128 ? 96 : box)) return t;
    cache.waitIdle();
    return cache.get(store, "kita.png", box, box == 128 ? 96 : box);
}

} // namespace

TEST_CASE("texture release: leaving a screen releases the images of the screen before it") {
    TempDir dir;
    REQUIRE(content::writePack(makeFixtureContent(), dir / "t.kpack").ok());
    auto store = content::ContentStore::open(dir / "t.kpack");
    REQUIRE(store.ok());
    Renderer r;
    REQUIRE(r.renderer);
    ui::TextureCache cache(r.renderer, 64u << 20);
    CHECK(cache.budget() == 64u << 20);

    REQUIRE(show(cache, **store, 64)); // screen A: 3x3
    CHECK(cache.bytes() == 36);
    CHECK(cache.screenChanged() == 0); // A -> B: A's image stays (one step back is instant)
    REQUIRE(show(cache, **store, 128)); // screen B: 4x3
    CHECK(cache.bytes() == 36 + 48);
    CHECK(cache.images() == 2);
    CHECK(cache.screenChanged() == 36); // B -> C: A's image goes, B's stays
    CHECK(cache.bytes() == 48);
    CHECK(cache.images() == 1);
    REQUIRE(show(cache, **store, 128)); // back on B's image: still there, nothing decoded
    CHECK(cache.pending() == 0);
    REQUIRE(show(cache, **store, 32)); // C also shows it in a small square frame
    CHECK(cache.bytes() == 48 + 36);
    // C -> D: both were used on C, nothing goes; D -> E: both go.
    CHECK(cache.screenChanged() == 0);
    CHECK(cache.screenChanged() == 84);
    CHECK(cache.bytes() == 0);
    CHECK(cache.images() == 0);
}

TEST_CASE("texture release: work queued for a screen that was left is dropped") {
    TempDir dir;
    REQUIRE(content::writePack(makeFixtureContent(), dir / "t.kpack").ok());
    auto store = content::ContentStore::open(dir / "t.kpack");
    REQUIRE(store.ok());
    Renderer r;
    REQUIRE(r.renderer);
    ui::TextureCache cache(r.renderer, 64u << 20);
    CHECK_FALSE(cache.get(**store, "kita.png", 64, 64));
    CHECK(cache.pending() == 1);
    cache.screenChanged();
    CHECK(cache.pending() == 1); // the screen just left keeps its work
    cache.screenChanged();
    CHECK(cache.pending() == 0);
    CHECK(cache.images() == 0);
    cache.waitIdle(); // whatever the worker had in hand is ignored
    cache.collect();
    CHECK(cache.bytes() == 0);
    CHECK(cache.images() == 0);
}

TEST_CASE("texture release: past the budget the least recently used image goes") {
    TempDir dir;
    REQUIRE(content::writePack(makeFixtureContent(), dir / "t.kpack").ok());
    auto store = content::ContentStore::open(dir / "t.kpack");
    REQUIRE(store.ok());
    Renderer r;
    REQUIRE(r.renderer);
    ui::TextureCache cache(r.renderer, 50); // bytes: room for the 4x3 (48) alone
    REQUIRE(show(cache, **store, 64));  // 36
    REQUIRE(show(cache, **store, 128)); // 48: 84 > 50, but both were drawn in the last two frames
    cache.collect();
    cache.get(**store, "kita.png", 128, 96); // only the 4x3 one is drawn now
    cache.collect();
    cache.collect();
    CHECK(cache.bytes() == 48);
    CHECK(cache.images() == 1);
}
