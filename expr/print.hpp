// Printing: the canonical infix form (parse(print(e)) == e) and LaTeX.
#pragma once

#include <ostream>
#include <string>

#include "expr/expr.hpp"

namespace actsearch::expr {

// Infix text that parses back to the identical expression. A parameter is printed with its initial
// value (`beta=1.5`) at its first occurrence when that value is not 1.
std::string print(const Expr& e);

// LaTeX math (no surrounding $).
std::string print_latex(const Expr& e);

// The canonical text, for logging and test output.
std::ostream& operator<<(std::ostream& out, const Expr& e);

// A number as the shortest text that reads back to the same double.
std::string format_number(double v);

}  // namespace actsearch::expr
