#include "args.h"

namespace kiosk::tools {

ParseOutcome parseArgs(const VerbSpec& spec, const std::vector<std::string>& args) {
    ParseOutcome r;
    bool onlyPositional = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (onlyPositional || a.size() < 2 || a[0] != '-') {
            r.args.positional.push_back(a);
            continue;
        }
        if (a == "--") {
            onlyPositional = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            r.args.help = true;
            continue;
        }
        std::string name = a, value;
        bool inlineValue = false;
        if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
            inlineValue = true;
        }
        const OptionSpec* opt = nullptr;
        for (const auto& o : spec.options)
            if (o.name == name || (!o.shortName.empty() && o.shortName == name)) opt = &o;
        if (!opt) {
            r.error = "unknown option '" + name + "' for '" + spec.name + "'";
            return r;
        }
        if (opt->takesValue && !inlineValue) {
            if (i + 1 >= args.size()) {
                r.error = "option '" + opt->name + "' needs a value (" + opt->valueName + ")";
                return r;
            }
            value = args[++i];
        } else if (!opt->takesValue && inlineValue) {
            r.error = "option '" + opt->name + "' takes no value";
            return r;
        }
        auto& slot = r.args.values[opt->name];
        if (!slot.empty() && !opt->repeatable) {
            r.error = "option '" + opt->name + "' given twice";
            return r;
        }
        slot.push_back(value);
    }
    if (r.args.help) return r;
    const int n = static_cast<int>(r.args.positional.size());
    if (n < spec.minPositional) r.error = "missing arguments; usage: kiosk-pack " + spec.usage;
    else if (n > spec.maxPositional) r.error = "too many arguments ('" + r.args.positional.back() + "'); usage: kiosk-pack " + spec.usage;
    return r;
}

std::string helpText(const VerbSpec& spec) {
    std::string out = "Usage: kiosk-pack " + spec.usage + "\n\n" + spec.summary + "\n";
    if (!spec.options.empty()) {
        out += "\nOptions:\n";
        for (const auto& o : spec.options) {
            std::string left = "  " + (o.shortName.empty() ? "" : o.shortName + ", ") + o.name;
            if (o.takesValue) left += " " + o.valueName;
            if (left.size() < 30) left.resize(30, ' ');
            else left += "\n" + std::string(30, ' ');
            out += left + o.help + "\n";
        }
        out += "  -h, --help                  show this help\n";
    }
    if (!spec.details.empty()) out += "\n" + spec.details + "\n";
    return out;
}

} // namespace kiosk::tools
