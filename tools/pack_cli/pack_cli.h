#pragma once
// kiosk-pack: the command-line tool staff and scripts use to build, sign,
// check, export and publish content packs. All verbs live in this library so
// that tests and the Studio link the same code the binary runs.
//
// runPackCli() returns the process exit code: 0 success, 1 the operation
// failed (build errors, verification failed, ...), 2 usage error.
// Output: results on `out`, progress and findings on `err`.

#include <iosfwd>
#include <string>
#include <vector>

namespace kiosk::tools {

int runPackCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace kiosk::tools
