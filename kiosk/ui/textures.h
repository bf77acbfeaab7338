#pragma once
// Pack images as GPU/software textures, decoded once and scaled down to the
// size they are shown at (a 1200x800 photo on a 300 px card costs 300 px, not
// 1200): the cache is what keeps the kiosk under its memory budget.
// Least-recently-used textures are dropped past the byte budget. A texture
// that cannot be made (broken image, unknown id) is remembered as missing, so
// a card shows its colour instead of retrying every frame.
// Thread safety: UI thread only (SDL_Renderer).

#include "kiosk/content/store.h"

#include <SDL.h>

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

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

class TextureCache {
public:
    TextureCache(SDL_Renderer* renderer, std::size_t budgetBytes);
    ~TextureCache();
    TextureCache(const TextureCache&) = delete;
    TextureCache& operator=(const TextureCache&) = delete;

    // The image scaled to cover at most maxW x maxH (keeping aspect); empty Texture if unavailable.
    Texture get(const content::ContentStore& store, const std::string& imageId, int maxW, int maxH);
    // Drop everything (content swap).
    void clear();
    std::size_t bytes() const { return m_bytes; }

private:
    struct Slot {
        std::string key;
        Texture tex;
        std::size_t bytes = 0;
    };
    SDL_Renderer* m_renderer;
    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::list<Slot> m_lru; // front = most recent
    std::unordered_map<std::string, std::list<Slot>::iterator> m_index;
};

} // namespace kiosk::ui
