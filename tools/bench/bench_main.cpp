// kiosk-bench: see bench.h for what it measures and README.md for how to read it.
#include "bench.h"

#include <iostream>

int main(int argc, char** argv) {
    int exitCode = 0;
    const auto options = kiosk::bench::parseBenchArgs(argc, argv, std::cerr, exitCode);
    if (!options) return exitCode;
    return kiosk::bench::runBench(*options, std::cout, std::cerr);
}
