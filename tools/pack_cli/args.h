#pragma once
// Internal: a small, strict command-line parser for kiosk-pack's verbs.
// Each verb declares its options; unknown options and missing values are
// usage errors with a message that names them.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::tools {

struct OptionSpec {
    std::string name;     // "--out"
    std::string shortName; // "-o" or ""
    bool takesValue = false;
    bool repeatable = false;
    std::string valueName; // "FILE"
    std::string help;
};

struct VerbSpec {
    std::string name;
    std::string usage;    // "build SOURCE_DIR -o PACK.kpack [options]"
    std::string summary;  // one line
    std::string details;  // paragraph(s) after the options
    int minPositional = 0;
    int maxPositional = 0;
    std::vector<OptionSpec> options;
};

struct ParsedArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values; // by long name
    bool help = false;

    bool has(const std::string& name) const { return values.count(name) > 0; }
    std::optional<std::string> get(const std::string& name) const {
        auto it = values.find(name);
        if (it == values.end() || it->second.empty()) return std::nullopt;
        return it->second.back();
    }
    std::vector<std::string> all(const std::string& name) const {
        auto it = values.find(name);
        return it == values.end() ? std::vector<std::string>{} : it->second;
    }
};

// Returns the parsed args, or an error message for a usage error.
struct ParseOutcome {
    ParsedArgs args;
    std::string error;
};
ParseOutcome parseArgs(const VerbSpec& spec, const std::vector<std::string>& args);
std::string helpText(const VerbSpec& spec);

} // namespace kiosk::tools
