#pragma once
// The image pipeline of `kiosk-pack build`: photos from staff's folder become
// small, clean JPEG/PNG blobs the kiosk can decode quickly.
//
// processImage() reads a file, refuses what is dangerous or broken before
// decoding it (files over 50 MiB, more than 40 megapixels or a side over 16384
// px as declared in the header: a "decompression bomb" is refused from its
// header alone), honours the EXIF orientation of phone photos, scales down to
// fit the limits (never up), and re-encodes: JPEG for opaque images, PNG where
// there is transparency. Re-encoding also drops EXIF/GPS metadata, so photos do
// not carry where they were taken. A file that already fits, has the right
// orientation and carries no metadata keeps its exact bytes, which makes
// export -> build round trips byte-stable.
//
// Failure: Result with an Error naming the file and why ("images/x.jpg: image
// is 50000 x 50000 pixels; at most 40 megapixels are accepted").
// Thread safety: reentrant (stb keeps no global state we change).

#include "kiosk/content/model.h"
#include "kiosk/content/report.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::content {

struct ImageSettings {
    int maxWidth = 1920;
    int maxHeight = 1080;
    int jpegQuality = 85;
};

inline constexpr std::size_t kMaxImageFileBytes = 50u << 20;
inline constexpr long long kMaxImagePixels = 40'000'000;
inline constexpr int kMaxImageSide = 16384;

// `displayName` is used in error messages (e.g. "images/x.jpg").
Result<Image> processImage(std::string_view bytes, std::string id, const ImageSettings& settings,
                           std::string_view displayName);
Result<Image> processImageFile(const std::filesystem::path& file, std::string id, const ImageSettings& settings,
                               std::string_view displayName);

// EXIF orientation (1..8) of a JPEG, 1 when absent or unreadable. Exposed for tests and fuzzing.
int jpegExifOrientation(std::string_view bytes);

// Decoded RGBA pixels, for the kiosk (which uploads them as textures) and tests.
struct Pixels {
    int width = 0;
    int height = 0;
    std::string rgba; // width * height * 4 bytes
};
// Decodes a pack image (JPEG/PNG) with the same size limits as processImage().
Result<Pixels> decodeImage(std::string_view bytes, std::string_view displayName);

} // namespace kiosk::content
