#include "textures.h"

#include "soft_render.h"

#include "kiosk/content/images.h"

#include <stb_image.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <array>
#include <cstdint>
#include <cmath>
#include <csetjmp>
#include <memory>

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

// ---------------------------------------------------------------- scaling

namespace {

// sRGB <-> linear light: averaging sRGB values directly darkens fine bright detail
// (leaves against the sky), which is what stbir_resize_uint8_srgb avoided before.
struct SrgbTables {
    std::array<float, 256> toLinear{};
    std::array<unsigned char, 4096> fromLinear{};
    SrgbTables() {
        for (int i = 0; i < 256; ++i) {
            const double c = i / 255.0;
            toLinear[static_cast<std::size_t>(i)] =
                static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
        }
        for (int i = 0; i < 4096; ++i) {
            const double l = i / 4095.0;
            const double c = l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1 / 2.4) - 0.055;
            fromLinear[static_cast<std::size_t>(i)] = static_cast<unsigned char>(std::clamp(c * 255.0 + 0.5, 0.0, 255.0));
        }
    }
};
const SrgbTables& srgb() {
    static const SrgbTables t;
    return t;
}

// Which source pixels (and how much of each) fall under target pixel i of n, when
// `src` pixels are spread over n: [first, first + weights.size()).
struct Span {
    int first = 0;
    std::vector<float> weights;
};
std::vector<Span> spans(int src, int n) {
    std::vector<Span> out(static_cast<std::size_t>(n));
    const double f = static_cast<double>(src) / n;
    for (int i = 0; i < n; ++i) {
        const double a = i * f, b = std::min<double>(src, (i + 1) * f);
        Span& s = out[static_cast<std::size_t>(i)];
        s.first = std::min(src - 1, static_cast<int>(a));
        for (int k = s.first; k < b || k == s.first; ++k) {
            const double w = std::min<double>(b, k + 1) - std::max<double>(a, k);
            s.weights.push_back(static_cast<float>(std::max(w, 1e-6)));
        }
    }
    return out;
}

} // namespace

namespace {
std::string scaleRegion(const unsigned char* pixels, std::size_t stride, int channels, int srcW, int srcH, int dstW,
                        int dstH);
} // namespace

std::string scaleRgba(std::string_view rgba, int srcW, int srcH, int dstW, int dstH) {
    return scalePixels(rgba, 4, srcW, srcH, dstW, dstH);
}

std::string scalePixels(std::string_view pixels, int channels, int srcW, int srcH, int dstW, int dstH) {
    if (srcW <= 0 || srcH <= 0 || (channels != 3 && channels != 4) ||
        pixels.size() != static_cast<std::size_t>(srcW) * static_cast<std::size_t>(srcH) * static_cast<std::size_t>(channels))
        return {};
    return scaleRegion(reinterpret_cast<const unsigned char*>(pixels.data()),
                       static_cast<std::size_t>(srcW) * static_cast<std::size_t>(channels), channels, srcW, srcH, dstW, dstH);
}

namespace {

// srcW x srcH pixels of `channels` bytes starting at `pixels`, rows `stride` bytes apart (a crop
// out of a bigger image), to dstW x dstH RGBA.
std::string scaleRegion(const unsigned char* pixels, std::size_t stride, int channels, int srcW, int srcH, int dstW,
                        int dstH) {
    if (!pixels || srcW <= 0 || srcH <= 0 || dstW <= 0 || dstH <= 0 || (channels != 3 && channels != 4)) return {};
    const auto ch = static_cast<std::size_t>(channels);
    const SrgbTables& t = srgb();
    const std::vector<Span> xs = spans(srcW, dstW), ys = spans(srcH, dstH);
    const auto w4 = static_cast<std::size_t>(dstW) * 4;
    // One source row scaled horizontally (alpha-weighted linear colour, alpha), and the
    // sum of such rows under one target row. Rows are streamed: no full-size buffer.
    std::vector<float> row(w4), acc(w4);
    int rowY = -1;
    auto scaleRow = [&](int y) {
        if (y == rowY) return; // the row on the border of two target rows is used twice
        rowY = y;
        const unsigned char* src = pixels + static_cast<std::size_t>(y) * stride;
        for (int x = 0; x < dstW; ++x) {
            const Span& s = xs[static_cast<std::size_t>(x)];
            float r = 0, g = 0, b = 0, a = 0;
            const unsigned char* p = src + static_cast<std::size_t>(s.first) * ch;
            for (float w : s.weights) {
                const float wa = ch == 4 ? w * (p[3] * (1.f / 255.f)) : w;
                r += wa * t.toLinear[p[0]];
                g += wa * t.toLinear[p[1]];
                b += wa * t.toLinear[p[2]];
                a += wa;
                p += ch;
            }
            float* o = &row[static_cast<std::size_t>(x) * 4];
            o[0] = r, o[1] = g, o[2] = b, o[3] = a;
        }
    };
    std::string out(static_cast<std::size_t>(dstW) * static_cast<std::size_t>(dstH) * 4, '\0');
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    const float area = static_cast<float>((static_cast<double>(srcW) / dstW) * (static_cast<double>(srcH) / dstH));
    for (int y = 0; y < dstH; ++y) {
        const Span& s = ys[static_cast<std::size_t>(y)];
        std::fill(acc.begin(), acc.end(), 0.f);
        for (std::size_t k = 0; k < s.weights.size(); ++k) {
            scaleRow(s.first + static_cast<int>(k));
            const float w = s.weights[k];
            for (std::size_t i = 0; i < w4; ++i) acc[i] += w * row[i];
        }
        for (int x = 0; x < dstW; ++x) {
            const float* a = &acc[static_cast<std::size_t>(x) * 4];
            unsigned char* o = dst + (static_cast<std::size_t>(y) * dstW + x) * 4;
            const float alpha = a[3];
            if (alpha > 0) {
                const float inv = 4095.f / alpha;
                for (int c = 0; c < 3; ++c)
                    o[c] = t.fromLinear[static_cast<std::size_t>(std::clamp(a[c] * inv + 0.5f, 0.f, 4095.f))];
            }
            o[3] = static_cast<unsigned char>(std::clamp(alpha / area * 255.f + 0.5f, 0.f, 255.f));
        }
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------- decoding

bool decodeForTexture(std::string_view encoded, int boxW, int boxH, float verticalBias, int& width, int& height,
                      std::string& rgba) {
    rgba.clear();
    width = height = 0;
    // The limits of content::decodeImage (a pack's images are signed, but a decoder is no place to
    // trust sizes), without its extra full-size copy: decoding is the peak of the kiosk's memory.
    if (encoded.empty() || encoded.size() > content::kMaxImageFileBytes || boxW <= 0 || boxH <= 0) return false;
    const auto* bytes = reinterpret_cast<const stbi_uc*>(encoded.data());
    const int size = static_cast<int>(encoded.size());
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(bytes, size, &w, &h, &comp) || w <= 0 || h <= 0 || w > content::kMaxImageSide ||
        h > content::kMaxImageSide || static_cast<long long>(w) * h > content::kMaxImagePixels)
        return false;
    // The part that is shown: the box's aspect cut out of the image as coverUv() would (centred
    // across, `verticalBias` down), then scaled to the box, never up. Only that part is kept.
    const double boxAspect = static_cast<double>(boxW) / boxH;
    double cx = 0, cy = 0, cw = w, chh = h;
    if (static_cast<double>(w) / h > boxAspect) {
        cw = h * boxAspect;
        cx = (w - cw) / 2;
    } else {
        chh = w / boxAspect;
        cy = (h - chh) * std::clamp(static_cast<double>(verticalBias), 0.0, 1.0);
    }
    const double scale = std::min(1.0, boxW / cw);
    const int tw = std::max(1, static_cast<int>(std::lround(cw * scale)));
    const int th = std::max(1, static_cast<int>(std::lround(chh * scale)));

    // stb_image decodes the whole image (the issue's choice of decoder; no DCT scaling): on the
    // worker thread, one at a time, RGB for opaque images (a quarter less to hold while scaling),
    // and the buffer is freed (and, with the mmap threshold set in app.cpp, returned) at once.
    int dw = 0, dh = 0;
    const int channels = comp == 2 || comp == 4 ? 4 : 3;
    int sc = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> stbPixels(stbi_load_from_memory(bytes, size, &dw, &dh, &sc, channels),
                                                        stbi_image_free);
    if (!stbPixels || dw != w || dh != h) return false;
    const int y0 = std::clamp(static_cast<int>(std::floor(cy)), 0, h - 1);
    const int rows = std::clamp(static_cast<int>(std::ceil(cy + chh)), y0 + 1, h) - y0;
    const unsigned char* region =
        stbPixels.get() + static_cast<std::size_t>(y0) * static_cast<std::size_t>(w) * static_cast<std::size_t>(channels);
    // Columns of the crop in the decoded (perhaps scaled) image.
    const int x0 = std::clamp(static_cast<int>(std::floor(cx * dw / w)), 0, dw - 1);
    const int x1 = std::clamp(static_cast<int>(std::ceil((cx + cw) * dw / w)), x0 + 1, dw);
    rgba = scaleRegion(region + static_cast<std::size_t>(x0) * static_cast<std::size_t>(channels),
                       static_cast<std::size_t>(dw) * static_cast<std::size_t>(channels), channels, x1 - x0, rows,
                       std::min(tw, x1 - x0), std::min(th, rows));
    if (rgba.empty()) return false;
    width = std::min(tw, x1 - x0);
    height = std::min(th, rows);
    return true;
}

// ---------------------------------------------------------------- the cache

TextureCache::TextureCache(SDL_Renderer* renderer, std::size_t budgetBytes)
    : m_renderer(renderer), m_budget(budgetBytes), m_worker([this] { work(); }) {}

TextureCache::~TextureCache() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    m_worker.join();
    clear();
    if (m_fontAtlas) SDL_DestroyTexture(m_fontAtlas);
}

SDL_Texture* TextureCache::uploadFontAtlas(const unsigned char* alpha, int width, int height) {
    if (m_fontAtlas) SDL_DestroyTexture(m_fontAtlas);
    m_fontAtlas = nullptr;
    if (!alpha || width <= 0 || height <= 0) return nullptr;
    SDL_Texture* t = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width, height);
    if (!t) return nullptr;
    constexpr int kStrip = 64;
    std::vector<std::uint32_t> rgba(static_cast<std::size_t>(width) * kStrip);
    for (int y = 0; y < height; y += kStrip) {
        const int rows = std::min(kStrip, height - y);
        const unsigned char* src = alpha + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
        const std::size_t count = static_cast<std::size_t>(width) * static_cast<std::size_t>(rows);
        // SDL_PIXELFORMAT_RGBA32 is R, G, B, A in memory: white with the glyph's coverage as alpha.
        auto* out = reinterpret_cast<unsigned char*>(rgba.data());
        for (std::size_t i = 0; i < count; ++i) {
            out[i * 4 + 0] = out[i * 4 + 1] = out[i * 4 + 2] = 255;
            out[i * 4 + 3] = src[i];
        }
        const SDL_Rect r{0, y, width, rows};
        if (SDL_UpdateTexture(t, &r, rgba.data(), width * 4) != 0) {
            SDL_DestroyTexture(t);
            return nullptr;
        }
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    m_fontAtlas = t;
    return t;
}

void TextureCache::destroySlot(Slot& s) {
    if (s.tex.texture) SDL_DestroyTexture(s.tex.texture);
    if (s.state == State::Pending) --m_pending;
    m_bytes -= s.bytes;
}

void TextureCache::clear() {
    {
        std::lock_guard lock(m_mutex);
        ++m_generation; // what the worker has in hand now is thrown away when it is done
        m_jobs.clear();
        m_done.clear();
    }
    for (auto& s : m_lru) destroySlot(s);
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
    m_pending = 0;
}

std::size_t TextureCache::screenChanged() {
    const std::size_t before = m_bytes;
    // Queued jobs of dropped slots go at the next collect() (their key is gone), and a decode in
    // hand is ignored when it arrives (upload() finds no slot).
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        if (it->lastScreen >= m_screen) {
            ++it;
            continue;
        }
        destroySlot(*it);
        m_index.erase(it->key);
        it = m_lru.erase(it);
    }
    ++m_screen;
    return before - m_bytes;
}

Texture TextureCache::get(const content::ContentStore& store, const std::string& imageId, int maxW, int maxH,
                          float verticalBias) {
    if (imageId.empty() || maxW <= 0 || maxH <= 0) return {};
    // Bucket sizes so small layout changes (scrolling, transitions) reuse textures.
    const int bw = ((maxW + 31) / 32) * 32, bh = ((maxH + 31) / 32) * 32;
    const int bias = static_cast<int>(std::lround(std::clamp(verticalBias, 0.f, 1.f) * 100));
    std::string key = imageId + "@" + std::to_string(bw) + "x" + std::to_string(bh) + "@" + std::to_string(bias);
    if (auto it = m_index.find(key); it != m_index.end()) {
        m_lru.splice(m_lru.begin(), m_lru, it->second);
        it->second->lastFrame = m_frame;
        it->second->lastScreen = m_screen;
        return it->second->tex;
    }
    auto img = store.image(imageId);
    m_lru.push_front(Slot{key, {}, 0, img ? State::Pending : State::Missing, m_frame, m_screen});
    m_index[key] = m_lru.begin();
    if (img) {
        ++m_pending;
        {
            std::lock_guard lock(m_mutex);
            m_jobs.push_back(Job{std::move(key), std::move(img->data), bw, bh, static_cast<float>(bias) / 100.f, m_generation});
        }
        m_wake.notify_one();
    }
    return {};
}

bool TextureCache::collect(int maxUploads) {
    ++m_frame;
    {
        std::lock_guard lock(m_mutex);
        // Photos of cards that scrolled away before their turn: not worth decoding now
        // (the slot goes too, so the card asks again if it comes back).
        std::erase_if(m_jobs, [&](const Job& j) {
            auto it = m_index.find(j.key);
            if (it == m_index.end()) return true;
            if (it->second->lastFrame + 1 >= m_frame) return false;
            destroySlot(*it->second);
            m_lru.erase(it->second);
            m_index.erase(it);
            return true;
        });
    }
    return upload(static_cast<std::size_t>(std::max(0, maxUploads)), true);
}

bool TextureCache::upload(std::size_t maxUploads, bool limited) {
    std::vector<Done> done;
    {
        std::lock_guard lock(m_mutex);
        const auto n = static_cast<std::ptrdiff_t>(std::min(m_done.size(), maxUploads));
        done.assign(std::make_move_iterator(m_done.begin()), std::make_move_iterator(m_done.begin() + n));
        m_done.erase(m_done.begin(), m_done.begin() + n);
    }
    bool arrived = false;
    // An upload is a copy into the renderer (a GPU upload with GLES2): ~2 ms of them per frame
    // at most, the rest waits in m_done for the next frame.
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < done.size(); ++k) {
        if (k > 0 && limited && std::chrono::steady_clock::now() - started > std::chrono::milliseconds(2)) {
            std::lock_guard lock(m_mutex);
            m_done.insert(m_done.begin(), std::make_move_iterator(done.begin() + static_cast<std::ptrdiff_t>(k)),
                          std::make_move_iterator(done.end()));
            break;
        }
        Done& d = done[k];
        auto it = m_index.find(d.key);
        if (d.generation != m_generation || it == m_index.end() || it->second->state != State::Pending) continue;
        Slot& s = *it->second;
        --m_pending;
        s.state = State::Missing;
        if (d.rgba.empty()) continue;
        SDL_Texture* t = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, d.width, d.height);
        if (!t) continue;
        SDL_UpdateTexture(t, nullptr, d.rgba.data(), d.width * 4);
        const std::size_t bytes = d.rgba.size();
        std::string().swap(d.rgba); // the renderer has its copy: do not hold two of a big photo
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
        if (d.opaque) markOpaque(t);
        s.state = State::Ready;
        s.tex = Texture{t, d.width, d.height};
        s.bytes = bytes;
        m_bytes += s.bytes;
        arrived = true;
    }
    evict();
    return arrived;
}

void TextureCache::evict() {
    // From the least recently used end; textures drawn in this or the last frame stay even
    // past the budget (the screen needs them), as do slots still waiting for the worker.
    for (auto it = m_lru.end(); m_bytes > m_budget && it != m_lru.begin();) {
        --it;
        if (it->state == State::Pending || it->lastFrame + 1 >= m_frame) continue;
        destroySlot(*it);
        m_index.erase(it->key);
        it = m_lru.erase(it);
    }
}

void TextureCache::waitIdle() {
    {
        std::unique_lock lock(m_mutex);
        m_idle.wait(lock, [&] { return m_jobs.empty() && !m_busy; });
    }
    upload(SIZE_MAX, false);
}

void TextureCache::work() {
    // Below the UI thread: on a two-core kiosk the frames come first, the photos a moment later.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
            if (m_stop) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_busy = true;
        }
        Done d{job.key, job.generation, 0, 0, {}};
        decodeForTexture(job.encoded, job.boxW, job.boxH, job.verticalBias, d.width, d.height, d.rgba);
        d.opaque = !d.rgba.empty();
        for (std::size_t i = 3; d.opaque && i < d.rgba.size(); i += 4) d.opaque = static_cast<unsigned char>(d.rgba[i]) == 255;
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
            if (job.generation == m_generation) m_done.push_back(std::move(d));
        }
        m_idle.notify_all();
    }
}

} // namespace kiosk::ui
