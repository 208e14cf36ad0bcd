// Mustache templates compiled into the binary (cmake/EmbedFiles.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace tsunagu::web::templates {

struct EmbeddedFile {
  std::string_view path;  // "/layout.mustache"
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace tsunagu::web::templates
