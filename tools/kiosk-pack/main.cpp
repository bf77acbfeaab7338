#include "pack_cli.h"

#include <iostream>

int main(int argc, char** argv) {
    return kiosk::tools::runPackCli(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
