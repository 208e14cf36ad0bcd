// Static files compiled into the binary (cmake/EmbedFiles.cmake), so the server needs no files
// on disk and makes no outside request: no CDN, fonts and scripts served by itself (LGWAN).
#pragma once

#include <string_view>
#include <vector>

namespace tsunagu::web {

struct EmbeddedFile {
  std::string_view path;  // "/index.html"
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace tsunagu::web
