#pragma once
// Draws Dear ImGui's frame on SDL's software renderer ~4x cheaper than the
// stock backend (ImGui_ImplSDLRenderer_RenderDrawData, which stays for GPU
// renderers). Why the stock path is slow there, measured with perf on SDL 2.26:
//
// - ImGui fills every convex shape (rounded cards, buttons, badges, rounded
//   photos) as a triangle fan from its first vertex, and SDL rasterises a
//   triangle by walking its whole bounding box; a blended one also goes through
//   a temporary surface of that size. A fan of a rounded card has ~50
//   triangles, most with a box close to the whole card: ~30x its area.
// - Every shape samples the font atlas's white pixel, so SDL draws all of them
//   as textured triangles, with two 64-bit divisions per pixel.
//
// renderSoftware() therefore draws:
// - each convex fan of one colour as horizontal slabs at its vertices'
//   heights: an axis-aligned rectangle in the middle of each slab
//   (SDL_RenderFillRect, or SDL_RenderCopy for a photo) and a thin triangle on
//   either side; a rounded card becomes one big rectangle and a few dozen
//   slivers;
// - triangles that only use the white pixel untextured, and opaque ones without
//   blending (SDL then writes them into the frame directly);
// - two triangles forming an axis-aligned rectangle of one colour as a fill,
//   and with an axis-aligned texture (a glyph) as a copy with colour modulation.
// Everything else (anti-aliased fringes, lines) goes to SDL_RenderGeometry as
// before. Edges are truncated to whole pixels, as SDL does with triangle
// vertices, so shapes cover the same pixels; glyphs are copied 1:1 (the stock
// path resampled them slightly). Screens compare equal to the eye; pixel
// differences are the edges of glyphs and 1 px at some shape borders.
//
// Thread safety: UI thread (the renderer and the current frame's draw data).
// Failure: none reported; a shape it cannot classify is drawn as triangles.

#include <SDL.h>

struct ImDrawData;

namespace kiosk::ui {

// Clears to `clear` first, unless the frame's first shape is an opaque rectangle over
// the whole output (the kiosk's screen background): one full-screen fill fewer.
// Photos marked opaque (markOpaque) are copied without blending where they are drawn
// untinted, which lets SDL scale them straight into the frame.
void renderSoftware(SDL_Renderer* renderer, ImDrawData* drawData, SDL_Color clear);

// Tags a texture as fully opaque (SDL_SetTextureUserData); for the texture cache.
void markOpaque(SDL_Texture* texture);

} // namespace kiosk::ui
