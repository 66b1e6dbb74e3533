// peacesim: the command-line entry point.
#include <csignal>
#include <iostream>

#include "peacesim/cli/cli.hpp"

int main(int argc, char** argv) { return peacesim::cli::run_cli(argc, argv, std::cout, std::cerr); }
