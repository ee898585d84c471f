#include "compiler/syntax/parse.h"

#include <fmt/format.h>

#include "CredlexLexer.h"
#include "CredlexParser.h"
#include "antlr4-runtime.h"
#include "compiler/syntax/build_ast.h"
#include "compiler/syntax/literals.h"

namespace credlex::syntax {
namespace {

using grammar::CredlexLexer;
using grammar::CredlexParser;

// Thrown by the error listener once a file has produced too many errors.
struct TooManyErrors {};

// ANTLR 4.9 decodes UTF-8 through std::wstring_convert, which costs as much as lexing. The text
// is validated first (check_text), so a plain decoder suffices.
class Utf8InputStream : public antlr4::ANTLRInputStream {
 public:
  explicit Utf8InputStream(std::string_view text) {
    _data.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
      auto c = static_cast<unsigned char>(text[i]);
      std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
      char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
      for (std::size_t k = 1; k < len && i + k < text.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      _data.push_back(cp);
      i += len;
    }
    p = 0;
  }
};

// Checks what must hold before the lexer may see the text: size, NUL bytes, UTF-8.
bool check_text(const diag::SourceFile& f, diag::FileId id, diag::Sink& sink, const ParseOptions& o) {
  const std::string& t = f.text();
  if (t.size() > o.max_file_bytes) {
    sink.report<diag::kind::FileTooLarge>(diag::SourceRange{id, 0, 0}, o.max_file_bytes);
    return false;
  }
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(t[i]); };
  for (std::size_t i = 0; i < t.size();) {
    unsigned char c = at(i);
    if (c == 0) {
      auto off = static_cast<std::uint32_t>(i);
      sink.report<diag::kind::NulCharacter>(diag::SourceRange{id, off, off + 1});
      return false;
    }
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len != 0 && i + len <= t.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (at(i + k) & 0xC0) == 0x80;
    if (ok && len > 1) {  // reject overlong forms, surrogates and code points past U+10FFFF
      std::uint32_t cp = c & (0xFF >> (len + 1));
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (at(i + k) & 0x3F);
      static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!ok) {
      auto off = static_cast<std::uint32_t>(i);
      sink.report<diag::kind::InvalidUtf8>(diag::SourceRange{id, off, off + 1}, c);
      return false;
    }
    i += len;
  }
  return true;
}

// A plain-words name for a token type, for "expected …" notes.
std::string describe_token_type(std::size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (type) {
    case antlr4::Token::EOF: return "the end of the file";
    case CredlexParser::ID: return "a name";
    case CredlexParser::STRING: return "text in quotes";
    case CredlexParser::INT: return "a whole number";
    case CredlexParser::DECIMAL: return "a decimal number";
    case CredlexParser::PERCENT: return "a percentage";
    case CredlexParser::MONEY: return "an amount of money";
    case CredlexParser::DATE: return "a date";
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') return "`" + literal.substr(1, literal.size() - 2) + "`";
  return vocabulary.getDisplayName(type);
}

std::string describe_token(const antlr4::Token* token) {
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return "`" + text + "`";
}

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const OffsetMap& map, diag::FileId file, diag::Sink& sink, const ParseOptions& options)
      : map_(map), file_(file), sink_(sink), options_(options) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, std::size_t, std::size_t,
                   const std::string&, std::exception_ptr e) override {
    if (!offending) return;
    auto range = token_range(offending, map_, file_);
    ++errors_;
    if (errors_ > options_.max_errors) throw TooManyErrors{};
    switch (offending->getType()) {
      case CredlexParser::UNKNOWN_CHAR:
        sink_.report<diag::kind::UnknownCharacter>(range, offending->getText());
        return;
      case CredlexParser::UNTERMINATED_STRING:
        sink_.report<diag::kind::UnterminatedText>(range);
        return;
    }
    auto& d = sink_.report<diag::kind::UnexpectedToken>(range, describe_token(offending));
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (!parser) return;
    antlr4::misc::IntervalSet expected;
    try {
      expected = parser->getExpectedTokens();
    } catch (...) {
      return;  // no state to ask: the message alone must do
    }
    std::vector<std::string> names;
    for (auto type : expected.toList()) {
      auto name = describe_token_type(type, parser->getVocabulary());
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    if (names.empty()) return;
    std::string list;
    std::size_t shown = std::min<std::size_t>(names.size(), 10);
    for (std::size_t i = 0; i < shown; ++i) list += (i ? (i + 1 == shown && shown == names.size() ? " or " : ", ") : "") + names[i];
    if (shown < names.size()) list += fmt::format(", or one of {} more", names.size() - shown);
    d.hint = "expected " + list;
  }

  std::size_t errors() const { return errors_; }

 private:
  const OffsetMap& map_;
  diag::FileId file_;
  diag::Sink& sink_;
  const ParseOptions& options_;
  std::size_t errors_ = 0;
};

// The recursive-descent parser recurses once per bracket, `not`, unary `-` and `if`: bound
// them before parsing so that no input can exhaust the stack. Also stops early on files that
// are mostly unknown characters. Returns false after reporting.
bool check_nesting(antlr4::CommonTokenStream& stream, diag::FileId file, const OffsetMap& map,
                   diag::Sink& sink, const ParseOptions& options) {
  int brackets = 0, prefix_run = 0, open_ifs = 0, operators = 0;
  antlr4::Token* previous = nullptr;          // the token before this one
  antlr4::Token* expression_start = nullptr;  // where the current chain of operators begins
  std::size_t unknown = 0;
  antlr4::Token* first_unknown = nullptr;
  for (;;) {
    antlr4::Token* t = stream.LT(1);
    auto type = t->getType();
    if (type == antlr4::Token::EOF) break;
    switch (type) {
      case CredlexParser::LPAREN: case CredlexParser::LBRACE: ++brackets; break;
      case CredlexParser::RPAREN: case CredlexParser::RBRACE: brackets = std::max(0, brackets - 1); break;
      case CredlexParser::IF: ++open_ifs; break;
      case CredlexParser::ELSE: open_ifs = std::max(0, open_ifs - 1); break;
      case CredlexParser::UNKNOWN_CHAR: ++unknown; break;
    }
    prefix_run = (type == CredlexParser::NOT || type == CredlexParser::MINUS) ? prefix_run + 1 : 0;
    // Binary operators chained without a keyword between them build one ever deeper parse tree.
    switch (type) {
      case CredlexParser::PLUS: case CredlexParser::MINUS: case CredlexParser::STAR: case CredlexParser::SLASH:
      case CredlexParser::AND: case CredlexParser::OR: case CredlexParser::EQ: case CredlexParser::NE:
      case CredlexParser::LT: case CredlexParser::LE: case CredlexParser::GT: case CredlexParser::GE:
        ++operators;
        break;
      case CredlexParser::ID: case CredlexParser::INT: case CredlexParser::DECIMAL: case CredlexParser::MONEY:
      case CredlexParser::PERCENT: case CredlexParser::STRING: case CredlexParser::DATE: case CredlexParser::DOT:
      case CredlexParser::LPAREN: case CredlexParser::RPAREN: case CredlexParser::NOT: case CredlexParser::TRUE:
      case CredlexParser::FALSE: case CredlexParser::CAUSE: case CredlexParser::SELF: case CredlexParser::DAY:
      case CredlexParser::DAYS: case CredlexParser::MONTH: case CredlexParser::MONTHS: case CredlexParser::YEAR:
      case CredlexParser::YEARS: case CredlexParser::WORKING: case CredlexParser::IS:
        break;
      default:
        operators = 0;  // any other keyword or punctuation ends the expression
    }
    if (operators == 0) expression_start = nullptr;
    else if (!expression_start) expression_start = previous;  // the operand before the first operator
    if (operators > options.max_expression_depth) {
      sink.report<diag::kind::ExpressionTooDeep>(token_range(expression_start, map, file), options.max_expression_depth);
      return false;
    }
    previous = t;
    if (brackets > options.max_nesting) {
      sink.report<diag::kind::NestingTooDeep>(token_range(t, map, file), options.max_nesting);
      return false;
    }
    if (prefix_run > options.max_nesting || open_ifs > options.max_nesting) {
      sink.report<diag::kind::ExpressionTooDeep>(token_range(t, map, file), options.max_nesting);
      return false;
    }
    if (type == CredlexParser::UNKNOWN_CHAR && unknown == 1) first_unknown = t;
    if (unknown > options.max_errors) {
      // Mostly not credlex at all: say so once rather than parse (and buffer) all of it.
      auto& d = sink.report<diag::kind::UnknownCharacter>(token_range(first_unknown, map, file), first_unknown->getText());
      d.hint = fmt::format("this file has more than {} characters that are not part of the language; is it a policy file?",
                           options.max_errors);
      return false;
    }
    stream.consume();
  }
  stream.seek(0);
  return true;
}

// ANTLR recovers from an error at the level of the whole file by skipping to its end, which
// would hide every later error. Between declarations, skip only to the next declaration.
class Recovery : public antlr4::DefaultErrorStrategy {
 public:
  void sync(antlr4::Parser* parser) override {
    if (dynamic_cast<CredlexParser::FileContext*>(parser->getContext()) && !inErrorRecoveryMode(parser)) {
      auto starts = [](std::size_t t) {
        switch (t) {
          case antlr4::Token::EOF: case CredlexParser::POLICY: case CredlexParser::USE: case CredlexParser::DOCUMENT:
          case CredlexParser::ENTITY: case CredlexParser::SERIOUSNESS: case CredlexParser::ENUM: case CredlexParser::EVENT:
          case CredlexParser::PARAM: case CredlexParser::LIST: case CredlexParser::MEASURE: case CredlexParser::RESTORATION:
          case CredlexParser::GRADE: case CredlexParser::LIMITS: case CredlexParser::TEST:
            return true;
        }
        return false;
      };
      auto* input = parser->getTokenStream();
      if (!starts(input->LA(1))) {
        parser->notifyErrorListeners(input->LT(1), "", nullptr);
        while (!starts(input->LA(1))) parser->consume();
        return;
      }
    }
    antlr4::DefaultErrorStrategy::sync(parser);
  }
};

// Moves the `//` comments of the token stream into the AST file.
void collect_comments(antlr4::CommonTokenStream& stream, const OffsetMap& map, std::string_view text,
                      File& out) {
  for (auto* t : stream.getTokens()) {
    if (t->getChannel() != 2) continue;
    auto range = token_range(t, map, out.file);
    std::size_t i = range.begin;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
    bool own_line = i == 0 || text[i - 1] == '\n';
    std::string body(text.substr(range.begin, range.end - range.begin));
    while (!body.empty() && (body.back() == '\r' || body.back() == ' ' || body.back() == '\t')) body.pop_back();
    out.comments.push_back({std::move(body), range, own_line});
  }
}

}  // namespace

bool known_currency(std::string_view code) { return literals::is_known_currency(code); }

OffsetMap::OffsetMap(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return;
  for (std::uint32_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) bytes_.push_back(i);
  bytes_.push_back(static_cast<std::uint32_t>(text.size()));
}

SourceRange token_range(const antlr4::Token* token, const OffsetMap& map, diag::FileId file) {
  if (token->getType() == antlr4::Token::EOF) {
    auto end = map.byte(token->getStartIndex());
    return {file, end, end};
  }
  return {file, map.byte(token->getStartIndex()), map.byte(token->getStopIndex() + 1)};
}

File parse(const diag::SourceManager& sources, diag::FileId id, diag::Sink& sink, const ParseOptions& options) {
  File out;
  out.file = id;
  const auto& source = sources.file(id);
  if (!check_text(source, id, sink, options)) return out;

  OffsetMap map(source.text());
  Utf8InputStream input(source.text());
  CredlexLexer lexer(&input);
  lexer.removeErrorListeners();  // UNKNOWN_CHAR tokens make lexer errors impossible
  antlr4::CommonTokenStream stream(&lexer);
  if (!check_nesting(stream, id, map, sink, options)) return out;

  CredlexParser parser(&stream);
  parser.removeErrorListeners();
  // Fast path: SLL prediction, giving up at the first error ...
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  CredlexParser::FileContext* tree = nullptr;
  try {
    tree = parser.file();
  } catch (const antlr4::ParseCancellationException&) {
    tree = nullptr;
  }
  std::size_t errors = 0;
  if (!tree) {
    // ... and only then full LL with error recovery, so that every error is reported.
    stream.seek(0);
    parser.reset();
    ErrorListener listener(map, id, sink, options);
    parser.addErrorListener(&listener);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
    parser.setErrorHandler(std::make_shared<Recovery>());
    try {
      tree = parser.file();
    } catch (const TooManyErrors&) {
      auto& d = sink.report<diag::kind::UnexpectedToken>(token_range(stream.LT(1), map, id),
                                                         describe_token(stream.LT(1)));
      d.hint = fmt::format("stopped reading this file after {} errors", options.max_errors);
      tree = nullptr;
    }
    errors = listener.errors();
    parser.removeErrorListeners();
  }
  collect_comments(stream, map, source.text(), out);
  if (!tree || errors > 0) return out;
  File built = build_ast(tree, map, id, source.text(), sink, options);
  built.comments = std::move(out.comments);
  return built;
}

std::vector<Token> tokenize(const diag::SourceManager& sources, diag::FileId id, diag::Sink& sink,
                            const ParseOptions& options) {
  std::vector<Token> out;
  const auto& source = sources.file(id);
  if (!check_text(source, id, sink, options)) return out;
  OffsetMap map(source.text());
  Utf8InputStream input(source.text());
  CredlexLexer lexer(&input);
  lexer.removeErrorListeners();
  const auto& vocabulary = lexer.getVocabulary();
  for (auto t = lexer.nextToken(); t->getType() != antlr4::Token::EOF; t = lexer.nextToken()) {
    if (t->getChannel() == antlr4::Token::HIDDEN_CHANNEL) continue;
    out.push_back({vocabulary.getSymbolicName(t->getType()), t->getText(), token_range(t.get(), map, id),
                   t->getChannel() == 2});
  }
  return out;
}

}  // namespace credlex::syntax
