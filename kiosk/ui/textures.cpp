#include "textures.h"

#include "kiosk/content/images.h"

#include <stb_image_resize.h>

#include <algorithm>

namespace kiosk::ui {

UvRect coverUv(const Texture& tex, float w, float h, float verticalBias) {
    UvRect uv;
    if (tex.width <= 0 || tex.height <= 0 || w <= 0 || h <= 0) return uv;
    const float texAspect = static_cast<float>(tex.width) / static_cast<float>(tex.height);
    const float rectAspect = w / h;
    if (texAspect > rectAspect) { // wider than the frame: crop the sides
        const float keep = rectAspect / texAspect;
        uv.u0 = (1 - keep) / 2;
        uv.u1 = 1 - uv.u0;
    } else { // taller: crop top and bottom
        const float keep = texAspect / rectAspect;
        uv.v0 = (1 - keep) * verticalBias;
        uv.v1 = uv.v0 + keep;
    }
    return uv;
}

TextureCache::TextureCache(SDL_Renderer* renderer, std::size_t budgetBytes) : m_renderer(renderer), m_budget(budgetBytes) {}

TextureCache::~TextureCache() { clear(); }

void TextureCache::clear() {
    for (auto& s : m_lru)
        if (s.tex.texture) SDL_DestroyTexture(s.tex.texture);
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
}

Texture TextureCache::get(const content::ContentStore& store, const std::string& imageId, int maxW, int maxH) {
    if (imageId.empty() || maxW <= 0 || maxH <= 0) return {};
    // Bucket sizes so small layout changes (scrolling, transitions) reuse textures.
    const int bw = ((maxW + 63) / 64) * 64, bh = ((maxH + 63) / 64) * 64;
    const std::string key = imageId + "@" + std::to_string(bw) + "x" + std::to_string(bh);
    if (auto it = m_index.find(key); it != m_index.end()) {
        m_lru.splice(m_lru.begin(), m_lru, it->second);
        return it->second->tex;
    }

    Texture tex;
    std::size_t bytes = 0;
    if (auto img = store.image(imageId)) {
        if (auto px = content::decodeImage(img->data, imageId)) {
            // Cover: scale so the image fills bw x bh, never up.
            const float scale = std::min(1.f, std::max(static_cast<float>(bw) / px->width,
                                                       static_cast<float>(bh) / px->height));
            int w = std::max(1, static_cast<int>(px->width * scale)), h = std::max(1, static_cast<int>(px->height * scale));
            std::string pixels;
            if (w != px->width || h != px->height) {
                pixels.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
                if (!stbir_resize_uint8_srgb(reinterpret_cast<const unsigned char*>(px->rgba.data()), px->width,
                                             px->height, 0, reinterpret_cast<unsigned char*>(pixels.data()), w, h, 0,
                                             4, 3, 0)) {
                    pixels = std::move(px->rgba);
                    w = px->width;
                    h = px->height;
                }
            } else {
                pixels = std::move(px->rgba);
            }
            SDL_Texture* t = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, w, h);
            if (t) {
                SDL_UpdateTexture(t, nullptr, pixels.data(), w * 4);
                SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
                SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
                tex = Texture{t, w, h};
                bytes = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
            }
        }
    }
    m_lru.push_front(Slot{key, tex, bytes});
    m_index[key] = m_lru.begin();
    m_bytes += bytes;
    while (m_bytes > m_budget && m_lru.size() > 1) {
        Slot& last = m_lru.back();
        if (last.tex.texture) SDL_DestroyTexture(last.tex.texture);
        m_bytes -= last.bytes;
        m_index.erase(last.key);
        m_lru.pop_back();
    }
    return tex;
}

} // namespace kiosk::ui
