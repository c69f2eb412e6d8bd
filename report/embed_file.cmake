# Writes a C++ source that holds one file's bytes: cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed_file.cmake
# Bytes, not a string literal: literals over 64 KiB draw -Woverlength-strings, and a byte array needs no
# escaping whatever the file holds.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by report/embed_file.cmake; do not edit.\n"
  "#include <string_view>\n\n"
  "namespace actsearch::report::assets {\n"
  "namespace {\n"
  "const unsigned char bytes[] = {${bytes}0x00};\n"
  "}  // namespace\n"
  "std::string_view ${SYMBOL}() { return {reinterpret_cast<const char*>(bytes), ${size}}; }\n"
  "}  // namespace actsearch::report::assets\n")
# Only a changed file is replaced, so an unchanged asset does not recompile.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
