#pragma once
// SHA-256 of files and bytes (libsodium), as hex: what `publish` writes into
// manifest.json and what the web refresh checks downloads against.
// Failure: Error naming the file. Thread safety: reentrant.

#include "kiosk/content/report.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::content {

Result<std::string> sha256FileHex(const std::filesystem::path& file);
std::string sha256Hex(std::string_view bytes);

} // namespace kiosk::content
