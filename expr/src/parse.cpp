// Recursive-descent parser for the expression language.
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | power          (a '-' directly before a number literal makes a negative literal)
//   power   := primary ('^' unary)?        (right-associative; x^-2 is allowed)
//   primary := number | 'x' | 'pi' | name ['=' ['-'] number] | name '(' expr (',' expr)* ')' | '(' expr ')'
//
// `a ^ n` with an integer literal n is the signed integer power (powi); any other exponent gives the
// magnitude power (pow).
#include "expr/parse.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <numbers>
#include <string>

namespace actsearch::expr {
namespace {

enum class Tok { Number, Name, Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, Equals, End };

struct Token {
  Tok kind = Tok::End;
  std::size_t pos = 0;  // 0-based offset in the input
  std::string_view text;
  double number = 0;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::End: return "the end of the input";
    case Tok::Number:
    case Tok::Name: return "'" + std::string(t.text) + "'";
    default: return "'" + std::string(t.text) + "'";
  }
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options) : text_(text), options_(options) {}

  Expected<Expr> run() {
    if (text_.size() > options_.max_length) {
      return error_at(0, "input is " + std::to_string(text_.size()) + " characters long; the limit is " +
                             std::to_string(options_.max_length));
    }
    if (auto t = tokenize(); !t) return fail(t.error());
    if (tokens_.size() == 1) return error_at(0, "expected an expression, but the input is empty");
    auto e = parse_expr();
    if (!e) return e;
    if (peek().kind != Tok::End) {
      return error_at(peek().pos, "expected an operator or the end of the input, found " + describe(peek()));
    }
    return apply_declared_initials(*e);
  }

 private:
  Unexpected error_at(std::size_t pos, std::string message) const {
    Location where;
    where.column = static_cast<int>(pos) + 1;
    return fail(std::move(message), where);
  }

  Expected<void> tokenize() {
    std::size_t i = 0;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
        continue;
      }
      Token t;
      t.pos = i;
      if (std::isdigit(static_cast<unsigned char>(c)) ||
          (c == '.' && i + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i + 1])))) {
        std::size_t j = i;
        while (j < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[j])) || text_[j] == '.')) ++j;
        if (j < text_.size() && (text_[j] == 'e' || text_[j] == 'E')) {
          std::size_t k = j + 1;
          if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
          if (k < text_.size() && std::isdigit(static_cast<unsigned char>(text_[k]))) {
            j = k;
            while (j < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j]))) ++j;
          }
        }
        t.kind = Tok::Number;
        t.text = text_.substr(i, j - i);
        auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), t.number);
        if (ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(t.number))) {
          return error_at(i, "number '" + std::string(t.text) + "' is out of range (not a finite double)");
        }
        if (ec != std::errc() || end != t.text.data() + t.text.size()) {
          return error_at(i, "malformed number '" + std::string(t.text) + "'");
        }
        i = j;
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        std::size_t j = i;
        while (j < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '_')) ++j;
        t.kind = Tok::Name;
        t.text = text_.substr(i, j - i);
        i = j;
      } else {
        switch (c) {
          case '+': t.kind = Tok::Plus; break;
          case '-': t.kind = Tok::Minus; break;
          case '*': t.kind = Tok::Star; break;
          case '/': t.kind = Tok::Slash; break;
          case '^': t.kind = Tok::Caret; break;
          case '(': t.kind = Tok::LParen; break;
          case ')': t.kind = Tok::RParen; break;
          case ',': t.kind = Tok::Comma; break;
          case '=': t.kind = Tok::Equals; break;
          default: {
            std::string shown = static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f
                                    ? "byte 0x" + to_hex(static_cast<unsigned char>(c))
                                    : "'" + std::string(1, c) + "'";
            return error_at(i, "unexpected character " + shown);
          }
        }
        t.text = text_.substr(i, 1);
        ++i;
      }
      tokens_.push_back(t);
    }
    Token end;
    end.pos = text_.size();
    tokens_.push_back(end);
    return {};
  }

  static std::string to_hex(unsigned char c) {
    const char* digits = "0123456789abcdef";
    return {digits[c >> 4], digits[c & 15]};
  }

  const Token& peek(std::size_t ahead = 0) const { return tokens_[std::min(next_ + ahead, tokens_.size() - 1)]; }
  const Token& take() { return tokens_[next_ < tokens_.size() - 1 ? next_++ : next_]; }
  bool accept(Tok k) {
    if (peek().kind != k) return false;
    take();
    return true;
  }

  // Bounds the recursion, so deeply nested input is an error rather than a stack overflow.
  struct DepthGuard {
    explicit DepthGuard(int& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    int& depth;
  };

  Expected<Expr> parse_expr() {
    auto left = parse_term();
    if (!left) return left;
    Expr e = *left;
    while (peek().kind == Tok::Plus || peek().kind == Tok::Minus) {
      const Token& op_token = take();
      const char* op = op_token.kind == Tok::Plus ? "add" : "sub";
      auto right = parse_term();
      if (!right) return right;
      auto joined = bounded(Expr::call(op, {e, *right}), op_token.pos);
      if (!joined) return joined;
      e = *joined;
    }
    return e;
  }

  Expected<Expr> parse_term() {
    auto left = parse_unary();
    if (!left) return left;
    Expr e = *left;
    while (peek().kind == Tok::Star || peek().kind == Tok::Slash) {
      const Token& op_token = take();
      const char* op = op_token.kind == Tok::Star ? "mul" : "div";
      auto right = parse_unary();
      if (!right) return right;
      auto joined = bounded(Expr::call(op, {e, *right}), op_token.pos);
      if (!joined) return joined;
      e = *joined;
    }
    return e;
  }

  // The depth of the tree bounds the recursion of everything that later walks it (printer, simplifier,
  // derivative, even the destructor), so it is limited here as each node is built: operator chains such
  // as x-x-x-... are deep trees that the parser itself reads without recursing.
  Expected<Expr> bounded(Expr e, std::size_t pos) const {
    if (e.depth() > options_.max_depth) {
      return error_at(pos, "expression nested deeper than " + std::to_string(options_.max_depth) + " levels");
    }
    return e;
  }

  // Every level of syntactic nesting (parentheses, call arguments, exponents, unary minus) passes through
  // here. The printer spends at most two of these levels per tree level ("-(" ... ")"), so the bound is
  // twice the tree's: whatever tree is accepted prints to text that is accepted too.
  Expected<Expr> parse_unary() {
    DepthGuard guard(depth_);
    if (depth_ > 2 * options_.max_depth + 2) {
      return error_at(peek().pos, "expression nested deeper than " + std::to_string(options_.max_depth) + " levels");
    }
    if (peek().kind == Tok::Minus) {
      const std::size_t pos = take().pos;
      if (peek().kind == Tok::Number && peek(1).kind != Tok::Caret) return Expr::constant(-take().number);
      auto operand = parse_unary();
      if (!operand) return operand;
      return bounded(Expr::call("neg", {*operand}), pos);
    }
    return parse_power();
  }

  Expected<Expr> parse_power() {
    auto base = parse_primary();
    if (!base) return base;
    const std::size_t pos = peek().pos;
    if (!accept(Tok::Caret)) return base;
    auto exponent = parse_unary();
    if (!exponent) return exponent;
    return bounded(make_power(*base, *exponent), pos);
  }

  static bool is_integer_literal(const Expr& e) {
    return e.is_const() && std::nearbyint(e.value()) == e.value() && std::abs(e.value()) <= 1e6;
  }
  static Expr make_power(const Expr& base, const Expr& exponent) {
    return Expr::call(is_integer_literal(exponent) ? "powi" : "pow", {base, exponent});
  }

  Expected<Expr> parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Number: take(); return Expr::constant(t.number);
      case Tok::LParen: {
        take();
        auto inner = parse_expr();
        if (!inner) return inner;
        if (!accept(Tok::RParen)) return error_at(peek().pos, "expected ')' but found " + describe(peek()));
        return inner;
      }
      case Tok::Name: return parse_name();
      case Tok::End: return error_at(t.pos, "expected an operand but the input ended");
      default: return error_at(t.pos, "expected an operand (a number, x, a name or '('), found " + describe(t));
    }
  }

  Expected<Expr> parse_name() {
    const Token name = take();
    const std::string id(name.text);
    if (peek().kind == Tok::LParen) return parse_call(name);
    if (id == "x") return Expr::x();
    if (id == "pi") return Expr::constant(std::numbers::pi);
    if (options_.placeholders && id.size() == 2 && id[0] == 'x' && id[1] >= '1' && id[1] <= '9') {
      return Expr::placeholder(id[1] - '0');
    }
    if (find_primitive(id)) {
      return error_at(peek().pos, "expected '(' after the function name '" + id + "', found " + describe(peek()));
    }
    if (id == "nan" || id == "inf" || id == "NaN" || id == "Inf" || id == "infinity") {
      return error_at(name.pos, "'" + id + "' is not a number the language accepts: constants must be finite");
    }
    double initial = 1.0;
    if (accept(Tok::Equals)) {
      bool negative = accept(Tok::Minus);
      if (peek().kind != Tok::Number) {
        return error_at(peek().pos,
                        "expected the initial value of parameter '" + id + "' after '=', found " + describe(peek()));
      }
      initial = negative ? -take().number : take().number;
      auto [it, inserted] = declared_.emplace(id, initial);
      if (!inserted && it->second != initial) {
        return error_at(name.pos, "parameter '" + id + "' is given two different initial values");
      }
    }
    return Expr::param(id, initial);
  }

  Expected<Expr> parse_call(const Token& name) {
    const std::string id(name.text);
    auto prim = find_primitive(id);
    if (!prim) {
      if (id == "x") return error_at(name.pos, "x is the variable, not a function");
      return error_at(name.pos, "unknown function '" + id + "' (`actsearch primitives` lists the known ones)");
    }
    take();  // '('
    std::vector<Expr> args;
    if (peek().kind != Tok::RParen) {
      while (true) {
        auto a = parse_expr();
        if (!a) return a;
        args.push_back(*a);
        if (accept(Tok::Comma)) continue;
        if (peek().kind == Tok::RParen) break;
        return error_at(peek().pos, "expected ',' or ')' in the arguments of '" + id + "', found " + describe(peek()));
      }
    }
    take();  // ')'
    const Primitive& p = primitive(*prim);
    if (static_cast<int>(args.size()) != p.arity) {
      return error_at(name.pos, "'" + id + "' takes " + std::to_string(p.arity) + " argument" +
                                    (p.arity == 1 ? "" : "s") + ", got " + std::to_string(args.size()));
    }
    if (p.name == "powi" && options_.literal_powi_exponent && !is_integer_literal(args[1])) {
      return error_at(name.pos, "the exponent of 'powi' must be an integer literal");
    }
    return bounded(Expr::call(*prim, std::move(args)), name.pos);
  }

  // Every occurrence of a parameter takes the initial value declared anywhere in the input.
  Expr apply_declared_initials(const Expr& e) const {
    if (declared_.empty()) return e;
    if (e.is_param()) {
      auto it = declared_.find(e.name());
      return it == declared_.end() || it->second == e.value() ? e : Expr::param(e.name(), it->second);
    }
    if (!e.is_call()) return e;
    std::vector<Expr> args;
    for (const Expr& a : e.args()) args.push_back(apply_declared_initials(a));
    return Expr::call(e.prim(), std::move(args));
  }

  std::string_view text_;
  const ParseOptions& options_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  int depth_ = 0;
  std::map<std::string, double, std::less<>> declared_;
};

}  // namespace

Expected<Expr> parse(std::string_view text, const ParseOptions& options) { return Parser(text, options).run(); }

}  // namespace actsearch::expr
