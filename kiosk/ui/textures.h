#pragma once
// Pack images as GPU/software textures, decoded once and scaled down to the
// size they are shown at (a 1440x1080 photo on a 300 px card costs 300 px, not
// 1440): the cache is what keeps the kiosk under its memory budget.
//
// Decoding and scaling happen on one worker thread, never inside a frame: get()
// only reads the encoded bytes from the store (a blob read, well under a
// millisecond) and queues them; until the pixels are back, get() returns an
// empty Texture and the card shows its colour, as for a missing image. At the
// start of each frame collect() turns finished pixels into textures (SDL
// textures are made on the UI thread only) and pending() says whether the
// kiosk must draw again soon. Work for images that left the screen before
// their turn is dropped.
//
// Least-recently-used textures are dropped past the byte budget, but never one
// drawn in the current frame (a screen that needs more than the budget would
// otherwise decode its photos again every frame). The budget is the
// configuration's `texture_cache_mb` (app.cpp). Leaving a screen releases the
// images of the screen before it (screenChanged()): the cache holds what the
// current screen and the one just left show, so one step back is instant and
// a kiosk left on one screen holds only that screen's photos. A texture that cannot be
// made (broken image, unknown id) is remembered as missing, so a card shows
// its colour instead of retrying every frame.
//
// Thread safety: all public functions on the UI thread only (SDL_Renderer); the
// worker only sees copies of encoded bytes, never the store, so the store may
// be swapped at any time: clear() drops queued work and ignores what the
// worker has in hand. The destructor waits for the image in hand (tens of ms).

#include "kiosk/content/store.h"

#include <SDL.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace kiosk::ui {

struct Texture {
    SDL_Texture* texture = nullptr;
    int width = 0, height = 0;
    explicit operator bool() const { return texture != nullptr; }
};

// The texture coordinates that cover-crop a texture into a w x h rectangle:
// the longer side is cut so the photo fills the rectangle undistorted.
// `verticalBias` places the crop of a tall photo: 0.5 centred, 0.4 cuts a
// little more from the bottom (faces sit high).
struct UvRect {
    float u0 = 0, v0 = 0, u1 = 1, v1 = 1;
};
UvRect coverUv(const Texture& tex, float w, float h, float verticalBias = 0.5f);

// RGBA pixels (straight alpha) scaled to exactly dstW x dstH by averaging the
// source area under each target pixel in linear light (a box filter: exact
// for shrinking, which is all the kiosk does; enlarging works but is blocky).
// Fails (empty string) on sizes that do not match `rgba`. Reentrant.
std::string scaleRgba(std::string_view rgba, int srcW, int srcH, int dstW, int dstH);
// The same from RGB (channels 3, opaque) or RGBA (4); the result is always RGBA.
std::string scalePixels(std::string_view pixels, int channels, int srcW, int srcH, int dstW, int dstH);

// What the cache's worker does with a pack image: decodes it with stb_image (the size limits
// of content::decodeImage), cuts out the part of it a boxW x boxH frame shows
// (the box's aspect: centred across, `verticalBias` down, as coverUv()) and scales that to the
// box, never up. False (and empty `rgba`) when the bytes are no readable image within the
// limits. Reentrant.
bool decodeForTexture(std::string_view encoded, int boxW, int boxH, float verticalBias, int& width, int& height,
                      std::string& rgba);

class TextureCache {
public:
    TextureCache(SDL_Renderer* renderer, std::size_t budgetBytes);
    ~TextureCache();
    TextureCache(const TextureCache&) = delete;
    TextureCache& operator=(const TextureCache&) = delete;

    // The part of the image a maxW x maxH frame shows when cover-cropped with `verticalBias`
    // (see coverUv), at about that size (the box is rounded up to 32 px so small layout changes
    // reuse textures: draw it with coverUv() to cut the rest). Only the shown part is decoded
    // and kept, which is what keeps a full-width detail photo small. Empty Texture if
    // unavailable or not decoded yet (then pending() > 0 and a later frame gets it).
    Texture get(const content::ContentStore& store, const std::string& imageId, int maxW, int maxH,
                float verticalBias = 0.5f);
    // Start of a frame: turns decoded pixels into textures (at most `maxUploads` and about 2 ms
    // of uploading, so a frame never pays for a whole screen of them) and drops queued work for images
    // that were not asked for in the last frame. True when a texture arrived (redraw).
    bool collect(int maxUploads = 4);
    // Images asked for whose texture is not there yet.
    std::size_t pending() const { return m_pending; }
    // Blocks until the worker has decoded everything queued, then collect()s all of it:
    // headless scripts use it so screenshots always show the photos.
    void waitIdle();
    // Drop every image (content swap); the font atlas stays.
    void clear();
    // The visitor left a screen: drops every image (also queued ones) not asked for since the
    // previous call, i.e. used neither on the screen being left nor after it; call it when the
    // page changes, before the new page draws. Returns the bytes released.
    std::size_t screenChanged();
    std::size_t budget() const { return m_budget; }
    std::size_t images() const { return m_lru.size(); }
    // The font atlas as a texture (white, the atlas as alpha), made from ImGui's 8-bit atlas
    // in strips: ImGui's own RGBA copy (4 bytes a pixel, what its SDL backend uploads) is never
    // made, which keeps a whole atlas out of the peak RSS. Replaces (and destroys) the previous
    // atlas texture; the cache destroys the last one. Null when SDL cannot make the texture.
    SDL_Texture* uploadFontAtlas(const unsigned char* alpha, int width, int height);
    std::size_t bytes() const { return m_bytes; }

private:
    enum class State { Pending, Ready, Missing };
    struct Slot {
        std::string key;
        Texture tex;
        std::size_t bytes = 0;
        State state = State::Pending;
        std::uint64_t lastFrame = 0; // frame it was last asked for
        std::uint64_t lastScreen = 0; // screen (screenChanged() count) it was last asked for on
    };
    struct Job {
        std::string key;
        std::string encoded; // the pack's image bytes
        int boxW = 0, boxH = 0;
        float verticalBias = 0.5f;
        std::uint64_t generation = 0;
    };
    struct Done {
        std::string key;
        std::uint64_t generation = 0;
        int width = 0, height = 0;
        std::string rgba; // empty: the image could not be decoded
        bool opaque = false; // every alpha 255: markOpaque() (soft_render.h)
    };

    void work();
    bool upload(std::size_t maxUploads, bool limited);
    void evict();
    void destroySlot(Slot& s);

    SDL_Renderer* m_renderer;
    SDL_Texture* m_fontAtlas = nullptr;
    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::size_t m_pending = 0;
    std::uint64_t m_frame = 1;
    std::uint64_t m_screen = 0;
    std::list<Slot> m_lru; // front = most recent
    std::unordered_map<std::string, std::list<Slot>::iterator> m_index;

    // Shared with the worker, under m_mutex.
    std::mutex m_mutex;
    std::condition_variable m_wake; // work queued or stopping
    std::condition_variable m_idle; // the worker finished a job
    std::deque<Job> m_jobs;
    std::vector<Done> m_done;
    bool m_busy = false;
    bool m_stop = false;
    std::uint64_t m_generation = 0;
    std::thread m_worker; // last: started once everything above exists
};

} // namespace kiosk::ui
