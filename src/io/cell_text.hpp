// Turns a table cell as pasted from a Word or web page into plain list items: HTML tags
// removed (<li>, <p>, <br> start a new item), entities decoded, ・ bullets split into items
// (only a ・ at the start or after white space is a bullet; 制度・事業 is a word), and ※ notes
// split off. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::io {

struct CellItems {
  std::vector<std::string> items;  // in source order, bullets removed, spaces squeezed
  std::vector<std::string> notes;  // each "※…" note, with its ※
};

// Blocks of text separated by block-level HTML tags, entities decoded, empty blocks dropped.
std::vector<std::string> html_blocks(std::string_view cell);

// True when every <ul>, <ol>, <li> and <p> opened in `cell` is closed again; false usually
// means the text was cut off (a truncated file).
bool html_lists_closed(std::string_view cell);

// Splits a cell into items and notes.
CellItems cell_items(std::string_view cell);

// The items of a cell joined by "\n" (notes kept inline), for single-text fields such as 施策.
std::string cell_text(std::string_view cell);

}  // namespace tsunagu::io
