#include "soft_render.h"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace kiosk::ui {

namespace {

// The address is the tag: SDL_SetTextureUserData of an opaque photo.
const char kOpaqueTag = 0;

// A fan in the index list at t: (a b c) (a c d) (a d e) ..., or the same wound the other way
// ((a c b) (a d c) ...), all of one colour (the fringe of an anti-aliased shape continues the
// pattern but fades out, so it ends the fan). Returns the indices it spans (0: none of at least
// three triangles) and its polygon in order.
unsigned fanAt(const ImDrawVert* vtx, const ImDrawIdx* idx, unsigned count, std::vector<ImDrawIdx>& poly) {
    if (count < 9) return 0;
    const ImDrawIdx a = idx[0];
    const ImU32 col = vtx[a].col;
    if (vtx[idx[1]].col != col || vtx[idx[2]].col != col) return 0;
    const bool forward = idx[3] == a && idx[4] == idx[2];
    const bool backward = idx[3] == a && idx[5] == idx[1];
    if (!forward && !backward) return 0;
    unsigned end = 3;
    if (forward)
        while (end + 3 <= count && idx[end] == a && idx[end + 1] == idx[end - 1] && vtx[idx[end + 2]].col == col) end += 3;
    else
        while (end + 3 <= count && idx[end] == a && idx[end + 2] == idx[end - 2] && vtx[idx[end + 1]].col == col) end += 3;
    if (end < 9) return 0;
    poly.clear();
    poly.push_back(a);
    poly.push_back(forward ? idx[1] : idx[2]);
    for (unsigned k = 0; k < end; k += 3) poly.push_back(forward ? idx[k + 2] : idx[k + 1]);
    return end;
}

// Convex (all turns the same way, straight runs allowed)? Anything else is drawn as it came.
bool convex(const std::vector<ImVec2>& p) {
    const std::size_t n = p.size();
    int sign = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const ImVec2 a = p[k], b = p[(k + 1) % n], c = p[(k + 2) % n];
        const float cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        if (cross > 1e-3f) {
            if (sign < 0) return false;
            sign = 1;
        } else if (cross < -1e-3f) {
            if (sign > 0) return false;
            sign = -1;
        }
    }
    return sign != 0;
}

// Texture coordinates as an affine function of the position (true of every shape ImGui fills:
// one colour pixel, or ShadeVertsLinearUV for images).
struct UvMap {
    ImVec2 origin, uv0, dx, dy;
    // Clamped: truncating positions moves them up to a pixel outside the shape, and SDL refuses
    // a whole SDL_RenderGeometry call with one coordinate outside [0, 1].
    ImVec2 at(float x, float y) const {
        const float ox = x - origin.x, oy = y - origin.y;
        return ImVec2(std::clamp(uv0.x + dx.x * ox + dy.x * oy, 0.f, 1.f), std::clamp(uv0.y + dx.y * ox + dy.y * oy, 0.f, 1.f));
    }
};
bool uvMap(const ImDrawVert& p0, const ImDrawVert& p1, const ImDrawVert& p2, UvMap& m) {
    const float ax = p1.pos.x - p0.pos.x, ay = p1.pos.y - p0.pos.y, bx = p2.pos.x - p0.pos.x, by = p2.pos.y - p0.pos.y;
    const float det = ax * by - ay * bx;
    if (std::fabs(det) < 1e-3f) return false;
    const ImVec2 du(p1.uv.x - p0.uv.x, p1.uv.y - p0.uv.y), dv(p2.uv.x - p0.uv.x, p2.uv.y - p0.uv.y);
    m.origin = p0.pos;
    m.uv0 = p0.uv;
    m.dx = ImVec2((du.x * by - dv.x * ay) / det, (du.y * by - dv.y * ay) / det);
    m.dy = ImVec2((ax * dv.x - bx * du.x) / det, (ax * dv.y - bx * du.y) / det);
    return true;
}

} // namespace

namespace {

// SDL's software renderer truncates every vertex to whole pixels before it rasterises
// (SW_QueueGeometry), so a rectangle edge goes where a triangle's edge would.
int pixelEdge(float v) { return static_cast<int>(v); }

struct RectOp {
    SDL_Rect dst{};
    float u0 = 0, v0 = 0, u1 = 0, v1 = 0;
    ImU32 col = 0;
};

// Two triangles that together are exactly an axis-aligned rectangle of one colour, with
// texture coordinates that follow the axes (not mirrored): its rectangle and texture rectangle.
bool asRect(const ImDrawVert* vtx, const ImDrawIdx* t, RectOp& op) {
    ImDrawIdx ids[4];
    int n = 0;
    int shared = 0;
    ImDrawIdx sharedIds[2] = {0, 0};
    for (int k = 0; k < 6; ++k) {
        bool seen = false;
        for (int m = 0; m < n; ++m) seen = seen || ids[m] == t[k];
        if (seen) {
            if (k < 3 || shared >= 2) return false; // a triangle repeating its own vertex, or more than 2 shared
            sharedIds[shared++] = t[k];
        } else {
            if (n == 4) return false;
            ids[n++] = t[k];
        }
    }
    if (n != 4 || shared != 2) return false;
    const ImDrawVert& a = vtx[ids[0]];
    float x0 = a.pos.x, x1 = a.pos.x, y0 = a.pos.y, y1 = a.pos.y;
    for (const ImDrawIdx i : ids) {
        const ImDrawVert& v = vtx[i];
        if (v.col != a.col) return false;
        x0 = std::min(x0, v.pos.x), x1 = std::max(x1, v.pos.x);
        y0 = std::min(y0, v.pos.y), y1 = std::max(y1, v.pos.y);
    }
    if (!(x0 < x1) || !(y0 < y1)) return false;
    // Every vertex on a corner, each corner once, the shared edge a diagonal.
    int corners = 0;
    float u[2] = {0, 0}, w[2] = {0, 0};
    for (const ImDrawIdx i : ids) {
        const ImDrawVert& v = vtx[i];
        const int cx = v.pos.x == x0 ? 0 : v.pos.x == x1 ? 1 : -1;
        const int cy = v.pos.y == y0 ? 0 : v.pos.y == y1 ? 1 : -1;
        if (cx < 0 || cy < 0 || (corners & (1 << (cx + 2 * cy)))) return false;
        corners |= 1 << (cx + 2 * cy);
        u[cx] = v.uv.x; // checked for consistency below
        w[cy] = v.uv.y;
    }
    for (const ImDrawIdx i : ids) {
        const ImDrawVert& v = vtx[i];
        if (v.uv.x != u[v.pos.x == x0 ? 0 : 1] || v.uv.y != w[v.pos.y == y0 ? 0 : 1]) return false;
    }
    const ImDrawVert &s0 = vtx[sharedIds[0]], &s1 = vtx[sharedIds[1]];
    if (s0.pos.x == s1.pos.x || s0.pos.y == s1.pos.y) return false;
    if (u[0] > u[1] || w[0] > w[1]) return false;
    op.dst.x = pixelEdge(x0);
    op.dst.y = pixelEdge(y0);
    op.dst.w = pixelEdge(x1) - op.dst.x;
    op.dst.h = pixelEdge(y1) - op.dst.y;
    op.u0 = u[0], op.u1 = u[1], op.v0 = w[0], op.v1 = w[1];
    op.col = a.col;
    return true;
}

SDL_Color sdlColour(ImU32 c) {
    return SDL_Color{static_cast<Uint8>(c >> IM_COL32_R_SHIFT), static_cast<Uint8>(c >> IM_COL32_G_SHIFT),
                     static_cast<Uint8>(c >> IM_COL32_B_SHIFT), static_cast<Uint8>(c >> IM_COL32_A_SHIFT)};
}

class SoftwarePainter {
public:
    SoftwarePainter(SDL_Renderer* r, SDL_Texture* font, ImVec2 white) : m_r(r), m_font(font), m_white(white) {}
    ~SoftwarePainter() { resetMod(); }

    void triangle(SDL_Texture* tex, const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c) {
        const bool plain = tex == m_font && a.uv.x == m_white.x && a.uv.y == m_white.y && b.uv.x == m_white.x &&
                           b.uv.y == m_white.y && c.uv.x == m_white.x && c.uv.y == m_white.y;
        Kind kind = Kind::Textured;
        if (plain) kind = ((a.col & b.col & c.col) >> IM_COL32_A_SHIFT & 0xFF) == 0xFF ? Kind::Solid : Kind::Blended;
        if (kind != m_kind || (kind == Kind::Textured && tex != m_tex)) flush();
        m_kind = kind;
        m_tex = tex;
        for (const ImDrawVert* v : {&a, &b, &c})
            m_verts.push_back(SDL_Vertex{SDL_FPoint{v->pos.x, v->pos.y}, sdlColour(v->col), SDL_FPoint{v->uv.x, v->uv.y}});
    }

    void rect(SDL_Texture* tex, const RectOp& op) {
        flush();
        if (op.dst.w <= 0 || op.dst.h <= 0) return;
        const SDL_Color c = sdlColour(op.col);
        if (tex == m_font && op.u0 == m_white.x && op.u1 == m_white.x && op.v0 == m_white.y && op.v1 == m_white.y) {
            SDL_SetRenderDrawBlendMode(m_r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(m_r, c.r, c.g, c.b, c.a);
            SDL_RenderFillRect(m_r, &op.dst);
            return;
        }
        int tw = 0, th = 0;
        if (SDL_QueryTexture(tex, nullptr, nullptr, &tw, &th) != 0) return;
        SDL_Rect src{static_cast<int>(std::lround(op.u0 * static_cast<float>(tw))),
                     static_cast<int>(std::lround(op.v0 * static_cast<float>(th))), 0, 0};
        src.w = static_cast<int>(std::lround(op.u1 * static_cast<float>(tw))) - src.x;
        src.h = static_cast<int>(std::lround(op.v1 * static_cast<float>(th))) - src.y;
        if (src.w <= 0 || src.h <= 0) return;
        setMod(tex, c);
        // An opaque photo drawn untinted needs no blending, and without it SDL scales it straight
        // into the frame instead of into a temporary surface that it then blends.
        if (c.a == 255 && SDL_GetTextureUserData(tex) == &kOpaqueTag) {
            SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);
            SDL_RenderCopy(m_r, tex, &src, &op.dst);
            SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
            return;
        }
        SDL_RenderCopy(m_r, tex, &src, &op.dst);
    }

    void flush() {
        if (m_verts.empty()) return;
        if (m_kind == Kind::Textured) {
            setMod(m_tex, SDL_Color{255, 255, 255, 255}); // the vertex colours carry it
            SDL_RenderGeometry(m_r, m_tex, m_verts.data(), static_cast<int>(m_verts.size()), nullptr, 0);
        } else {
            SDL_SetRenderDrawBlendMode(m_r, m_kind == Kind::Solid ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_RenderGeometry(m_r, nullptr, m_verts.data(), static_cast<int>(m_verts.size()), nullptr, 0);
        }
        m_verts.clear();
    }

private:
    enum class Kind { Solid, Blended, Textured };

    void setMod(SDL_Texture* tex, SDL_Color c) {
        if (m_modTex == tex && m_mod.r == c.r && m_mod.g == c.g && m_mod.b == c.b && m_mod.a == c.a) return;
        if (m_modTex && m_modTex != tex) SDL_SetTextureColorMod(m_modTex, 255, 255, 255), SDL_SetTextureAlphaMod(m_modTex, 255);
        SDL_SetTextureColorMod(tex, c.r, c.g, c.b);
        SDL_SetTextureAlphaMod(tex, c.a);
        m_modTex = tex;
        m_mod = c;
    }
    void resetMod() {
        if (m_modTex) SDL_SetTextureColorMod(m_modTex, 255, 255, 255), SDL_SetTextureAlphaMod(m_modTex, 255);
        m_modTex = nullptr;
    }

    SDL_Renderer* m_r;
    SDL_Texture* m_font;
    ImVec2 m_white;
    Kind m_kind = Kind::Solid;
    SDL_Texture* m_tex = nullptr;
    std::vector<SDL_Vertex> m_verts;
    SDL_Texture* m_modTex = nullptr;
    SDL_Color m_mod{255, 255, 255, 255};
};

} // namespace

namespace {

// A convex polygon of one colour, cut into horizontal slabs at its vertices' (whole-pixel)
// heights: each slab is an axis-aligned rectangle in the middle (a fill or a copy) with a thin
// triangle on either side. A rounded card becomes one big rectangle plus a few dozen slivers
// a pixel or two wide. False when the polygon does not qualify (then draw its triangles).
bool drawConvex(SoftwarePainter& painter, SDL_Texture* tex, const ImDrawVert* vtx, const std::vector<ImDrawIdx>& poly,
                bool plain) {
    const std::size_t n = poly.size();
    std::vector<ImVec2> p(n);
    for (std::size_t k = 0; k < n; ++k) p[k] = vtx[poly[k]].pos;
    if (!convex(p)) return false;
    // SDL truncates vertices to whole pixels: so does this, which keeps every edge where it was.
    // (That can dent an arc by a pixel; the sides stay y-monotone, which is all the slabs need.)
    for (ImVec2& q : p) q = ImVec2(static_cast<float>(pixelEdge(q.x)), static_cast<float>(pixelEdge(q.y)));
    std::size_t top = 0, bottom = 0;
    for (std::size_t k = 1; k < n; ++k) {
        if (p[k].y < p[top].y) top = k;
        if (p[k].y > p[bottom].y) bottom = k;
    }
    if (p[top].y == p[bottom].y) return true; // no pixel row: nothing to draw
    UvMap uv;
    if (!uvMap(vtx[poly[top]], vtx[poly[bottom]], vtx[poly[(top + n / 2) % n]], uv) &&
        !uvMap(vtx[poly[0]], vtx[poly[n / 3]], vtx[poly[2 * n / 3]], uv))
        return false;
    if (plain) uv.dx = uv.dy = ImVec2(0, 0);
    const ImU32 col = vtx[poly[0]].col;
    // The two sides from top to bottom, each y-monotone (the polygon is convex).
    std::vector<ImVec2> sideA, sideB;
    for (std::size_t k = top;; k = (k + 1) % n) {
        sideA.push_back(p[k]);
        if (k == bottom) break;
    }
    for (std::size_t k = top;; k = (k + n - 1) % n) {
        sideB.push_back(p[k]);
        if (k == bottom) break;
    }
    std::vector<float> ys;
    for (const ImVec2& q : p) ys.push_back(q.y);
    std::sort(ys.begin(), ys.end());
    ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
    // x of a side on [y0, y1]: the segment spanning it (every vertex height is a slab border).
    auto span = [](const std::vector<ImVec2>& side, std::size_t& seg, float y0, float y1, float& x0, float& x1) {
        while (seg + 2 < side.size() && !(side[seg].y <= y0 && side[seg + 1].y >= y1 && side[seg + 1].y > side[seg].y))
            ++seg;
        const ImVec2 a = side[seg], b = side[seg + 1];
        const float dy = b.y - a.y;
        x0 = dy > 0 ? a.x + (b.x - a.x) * (y0 - a.y) / dy : a.x;
        x1 = dy > 0 ? a.x + (b.x - a.x) * (y1 - a.y) / dy : b.x;
    };
    auto vert = [&](float x, float y) {
        ImDrawVert v;
        v.pos = ImVec2(x, y);
        v.uv = uv.at(x, y);
        v.col = col;
        return v;
    };
    // Rectangles first, then all slivers in one batch: the pieces do not overlap, so order is free.
    std::vector<RectOp> rects;
    std::vector<ImDrawVert> slivers;
    auto sliver = [&](const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c) {
        slivers.push_back(a);
        slivers.push_back(b);
        slivers.push_back(c);
    };
    std::size_t segA = 0, segB = 0;
    for (std::size_t k = 0; k + 1 < ys.size(); ++k) {
        const float y0 = ys[k], y1 = ys[k + 1];
        float a0 = 0, a1 = 0, b0 = 0, b1 = 0;
        span(sideA, segA, y0, y1, a0, a1);
        span(sideB, segB, y0, y1, b0, b1);
        const bool aLeft = a0 + a1 <= b0 + b1;
        const float l0 = aLeft ? a0 : b0, l1 = aLeft ? a1 : b1, r0 = aLeft ? b0 : a0, r1 = aLeft ? b1 : a1;
        const float left = std::max(l0, l1), right = std::min(r0, r1);
        // Textures are copied by whole texels: a slab a few pixels high is better drawn as triangles.
        if (right - left >= 1 && (plain || y1 - y0 >= 4)) {
            RectOp op;
            op.dst = SDL_Rect{pixelEdge(left), pixelEdge(y0), pixelEdge(right) - pixelEdge(left), pixelEdge(y1) - pixelEdge(y0)};
            const ImVec2 t0 = uv.at(left, y0), t1 = uv.at(right, y1);
            op.u0 = t0.x, op.v0 = t0.y, op.u1 = t1.x, op.v1 = t1.y;
            op.col = col;
            rects.push_back(op);
            if (l0 < l1) sliver(vert(l0, y0), vert(left, y0), vert(left, y1));
            else if (l1 < l0) sliver(vert(left, y0), vert(left, y1), vert(l1, y1));
            if (r1 < r0) sliver(vert(right, y0), vert(r0, y0), vert(right, y1));
            else if (r0 < r1) sliver(vert(right, y0), vert(r1, y1), vert(right, y1));
        } else {
            sliver(vert(l0, y0), vert(r0, y0), vert(r1, y1));
            sliver(vert(l0, y0), vert(r1, y1), vert(l1, y1));
        }
    }
    for (const RectOp& r : rects) painter.rect(tex, r);
    for (std::size_t k = 0; k + 2 < slivers.size(); k += 3) painter.triangle(tex, slivers[k], slivers[k + 1], slivers[k + 2]);
    return true;
}

} // namespace

void markOpaque(SDL_Texture* texture) {
    if (texture) SDL_SetTextureUserData(texture, const_cast<char*>(&kOpaqueTag));
}

void renderSoftware(SDL_Renderer* renderer, ImDrawData* drawData, SDL_Color clear) {
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const auto* font = static_cast<SDL_Texture*>(atlas->TexID);
    const ImVec2 white = atlas->TexUvWhitePixel;
    const int fbW = drawData ? static_cast<int>(drawData->DisplaySize.x) : 0;
    const int fbH = drawData ? static_cast<int>(drawData->DisplaySize.y) : 0;
    // Is the first thing drawn an opaque rectangle over everything? Then clearing is wasted.
    bool covered = false;
    if (drawData && drawData->CmdListsCount > 0) {
        const ImDrawList* list = drawData->CmdLists[0];
        RectOp op;
        if (!list->CmdBuffer.empty() && list->CmdBuffer[0].ElemCount >= 6 && !list->CmdBuffer[0].UserCallback &&
            asRect(list->VtxBuffer.Data + list->CmdBuffer[0].VtxOffset, list->IdxBuffer.Data + list->CmdBuffer[0].IdxOffset, op)) {
            const ImVec4 c = list->CmdBuffer[0].ClipRect;
            covered = op.dst.x <= 0 && op.dst.y <= 0 && op.dst.x + op.dst.w >= fbW && op.dst.y + op.dst.h >= fbH &&
                      c.x <= 0 && c.y <= 0 && c.z >= static_cast<float>(fbW) && c.w >= static_cast<float>(fbH) &&
                      (op.col >> IM_COL32_A_SHIFT & 0xFF) == 0xFF && op.u0 == white.x && op.u1 == white.x &&
                      op.v0 == white.y && op.v1 == white.y && list->CmdBuffer[0].GetTexID() == font;
        }
    }
    if (!covered) {
        SDL_SetRenderDrawColor(renderer, clear.r, clear.g, clear.b, clear.a);
        SDL_RenderClear(renderer);
    }
    if (fbW <= 0 || fbH <= 0) return;
    SDL_BlendMode oldBlend = SDL_BLENDMODE_NONE;
    SDL_GetRenderDrawBlendMode(renderer, &oldBlend);
    SDL_RenderSetViewport(renderer, nullptr);
    {
        SoftwarePainter painter(renderer, const_cast<SDL_Texture*>(font), white);
        std::vector<ImDrawIdx> poly;
        const ImVec2 off = drawData->DisplayPos;
        for (int l = 0; l < drawData->CmdListsCount; ++l) {
            const ImDrawList* list = drawData->CmdLists[l];
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                if (cmd.UserCallback) continue; // the kiosk adds none
                const int x0 = std::max(0, static_cast<int>(cmd.ClipRect.x - off.x));
                const int y0 = std::max(0, static_cast<int>(cmd.ClipRect.y - off.y));
                const int x1 = std::min(fbW, static_cast<int>(cmd.ClipRect.z - off.x));
                const int y1 = std::min(fbH, static_cast<int>(cmd.ClipRect.w - off.y));
                if (x1 <= x0 || y1 <= y0) continue;
                painter.flush();
                const SDL_Rect clip{x0, y0, x1 - x0, y1 - y0};
                SDL_RenderSetClipRect(renderer, &clip);
                auto* tex = static_cast<SDL_Texture*>(cmd.GetTexID());
                const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
                const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
                for (unsigned t = 0; t + 3 <= cmd.ElemCount;) {
                    if (const unsigned fan = fanAt(vtx, idx + t, cmd.ElemCount - t, poly)) {
                        bool plain = tex == font;
                        for (const ImDrawIdx i : poly) plain = plain && vtx[i].uv.x == white.x && vtx[i].uv.y == white.y;
                        if (drawConvex(painter, tex, vtx, poly, plain)) {
                            t += fan;
                            continue;
                        }
                    }
                    RectOp op;
                    if (t + 6 <= cmd.ElemCount && asRect(vtx, idx + t, op)) {
                        painter.rect(tex, op);
                        t += 6;
                    } else {
                        painter.triangle(tex, vtx[idx[t]], vtx[idx[t + 1]], vtx[idx[t + 2]]);
                        t += 3;
                    }
                }
            }
        }
        painter.flush();
    }
    SDL_RenderSetClipRect(renderer, nullptr);
    SDL_SetRenderDrawBlendMode(renderer, oldBlend);
}

} // namespace kiosk::ui
