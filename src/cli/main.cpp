#include <iostream>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  return tsunagu::cli::run(argc, argv, std::cin, std::cout, std::cerr);
}
