#include "compiler/format/layout.h"

#include <algorithm>

#include "compiler/format/scan.h"

namespace credlex::format {
namespace {

using syntax::Comment;

void sort_by(std::vector<Item>& items, bool by_source) {
  std::stable_sort(items.begin(), items.end(), [by_source](const Item& a, const Item& b) {
    return by_source ? a.begin < b.begin : a.rank < b.rank;
  });
  if (by_source)
    for (std::size_t i = 0; i < items.size(); ++i) items[i].source_index = i;
  for (auto& item : items) sort_by(item.children, by_source);
}

// Places one comment among `items` (siblings in source order); `parent` is the block they are
// in, null at the top level.
void place(std::vector<Item>& items, std::vector<const Comment*>& closing, Item* parent, const Comment& c,
           std::string_view src) {
  auto at = c.range.begin;
  auto next = std::partition_point(items.begin(), items.end(), [at](const Item& i) { return i.begin <= at; });
  Item* prev = next == items.begin() ? nullptr : &*(next - 1);
  if (prev && at < prev->end) {
    if (prev->body != Item::Body::None && at > prev->open && at < prev->close)
      return place(prev->children, prev->closing, prev, c, src);
    // Inside a line's code (a header or an expression spanning lines): moved before the line.
    prev->leading.push_back(&c);
    return;
  }
  if (!c.own_line) {
    if (prev && !prev->trailing && same_line(src, prev->end, at)) {
      prev->trailing = &c;
      return;
    }
    if (!prev && parent && !parent->open_trailing && same_line(src, parent->open, at)) {
      parent->open_trailing = &c;
      return;
    }
  }
  if (next != items.end())
    next->leading.push_back(&c);
  else
    closing.push_back(&c);
}

// Code points, not bytes: titles and sources are often Chinese.
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// One output line; depth < 0 marks a blank line.
struct Line {
  int depth = -1;
  std::string text;
  const Comment* trailing = nullptr;
};

// Lays items out as lines, then joins them; trailing comments of neighbouring lines at the
// same depth are aligned, two spaces after the longest line of the run.
class Renderer {
 public:
  Renderer(std::string_view src, int indent, int max_width) : src_(src), indent_(indent), max_width_(max_width) {}

  void top_level(const Layout& layout) {
    for (std::size_t i = 0; i < layout.items.size(); ++i) {
      if (i > 0 && separated(layout.items[i - 1], layout.items[i])) blank();
      item(layout.items[i], 0);
    }
    closing_comments(layout.closing, layout.items, 0);
  }

  std::string text() const {
    std::string out;
    for (std::size_t k = 0; k < lines_.size();) {
      // The run of lines sharing one comment column.
      std::size_t end = k + 1;
      std::size_t column = 0;
      if (lines_[k].trailing) {
        while (end < lines_.size() && lines_[end].trailing && lines_[end].depth == lines_[k].depth) ++end;
        // A line wider than the page keeps its comment beside it and sets no column: aligning
        // to it would pad every neighbour by its width (a 100 KB line, a file of megabytes).
        for (std::size_t j = k; j < end; ++j)
          if (width(lines_[j].text) <= static_cast<std::size_t>(max_width_)) column = std::max(column, width(lines_[j].text));
      }
      for (; k < end; ++k) {
        const Line& l = lines_[k];
        if (l.depth > 0) out.append(static_cast<std::size_t>(l.depth * indent_), ' ');
        out += l.text;
        if (l.trailing) out.append(std::max(column, width(l.text)) - width(l.text) + 2, ' ') += l.trailing->text;
        out += '\n';
      }
    }
    return out;
  }

 private:
  // Top-level items are one blank line apart, except runs of uses, and runs of one-line
  // documents or params whose later line has no comment of its own.
  bool separated(const Item& prev, const Item& next) const {
    if (prev.kind != next.kind) return true;
    if (next.kind == Item::Kind::Use) return false;
    if (next.kind != Item::Kind::Document && next.kind != Item::Kind::Param) return true;
    return !next.leading.empty() || wraps(prev, 0, 0) || wraps(next, 0, 0);
  }

  static std::uint32_t first_begin(const Item& i) {
    return i.leading.empty() ? i.begin : std::min(i.begin, i.leading.front()->range.begin);
  }
  static std::uint32_t last_end(const Item& i) { return i.trailing ? i.trailing->range.end : i.end; }

  // A blank line separates two siblings that stood next to each other in the source with one or
  // more blank lines between them (reordered measure clauses lose their blank lines).
  bool blank_between(const Item& prev, const Item& next) const {
    return next.source_index == prev.source_index + 1 && has_blank_line(src_, last_end(prev), first_begin(next));
  }

  // The width of the item's clauses on one line, followed by `suffix_width` more columns.
  std::size_t one_line_width(const Item& i, int depth, std::size_t suffix_width) const {
    std::size_t w = static_cast<std::size_t>(depth * indent_) + suffix_width + i.clauses.size() - 1;
    for (const auto& c : i.clauses) w += width(c);
    return w;
  }
  bool wraps(const Item& i, int depth, std::size_t suffix_width) const {
    return i.clauses.size() > 1 &&
           (i.one_clause_per_line || one_line_width(i, depth, suffix_width) > static_cast<std::size_t>(max_width_));
  }

  // ` { a, b }`, or ` {}` for an empty list.
  static std::string inline_list(const Item& i) {
    if (i.children.empty()) return " {}";
    std::string s = " { ";
    for (std::size_t k = 0; k < i.children.size(); ++k) (s += k ? ", " : "") += i.children[k].clauses.front();
    return s + " }";
  }
  bool fits_inline(const Item& i, int depth, const std::string& list) const {
    if (i.open_trailing || !i.closing.empty()) return false;
    for (const auto& c : i.children)
      if (!c.leading.empty() || c.trailing) return false;
    return one_line_width(i, depth, width(list)) <= static_cast<std::size_t>(max_width_);
  }

  void blank() { lines_.push_back({}); }
  void line(int depth, std::string text, const Comment* trailing) { lines_.push_back({depth, std::move(text), trailing}); }

  // The item's clauses on one line, or the first clause and then one further clause per line,
  // indented one level deeper; `suffix` (` {`, `,`) and the trailing comment end the last line.
  void clauses(const Item& i, int depth, std::string_view suffix, const Comment* trailing) {
    bool wrap = wraps(i, depth, width(suffix));
    std::string text = i.clauses.front();
    for (std::size_t k = 1; k < i.clauses.size(); ++k) {
      if (wrap) {
        line(k == 1 ? depth : depth + 1, std::move(text), nullptr);
        text.clear();
      } else {
        text += ' ';
      }
      text += i.clauses[k];
    }
    line(wrap ? depth + 1 : depth, text + std::string(suffix), trailing);
  }

  // Comments on their own lines, keeping one blank line wherever the source had any.
  void comment_lines(const std::vector<const Comment*>& comments, int depth) {
    for (std::size_t k = 0; k < comments.size(); ++k) {
      if (k > 0 && has_blank_line(src_, comments[k - 1]->range.end, comments[k]->range.begin)) blank();
      line(depth, comments[k]->text, nullptr);
    }
  }

  void closing_comments(const std::vector<const Comment*>& comments, const std::vector<Item>& before, int depth) {
    if (comments.empty()) return;
    if (!before.empty() && has_blank_line(src_, last_end(before.back()), comments.front()->range.begin)) blank();
    comment_lines(comments, depth);
  }

  void item(const Item& i, int depth, std::string_view suffix = "") {
    comment_lines(i.leading, depth);
    if (!i.leading.empty() && has_blank_line(src_, i.leading.back()->range.end, i.begin)) blank();
    switch (i.body) {
      case Item::Body::None: return clauses(i, depth, suffix, i.trailing);
      case Item::Body::Block:
        if (i.children.empty() && i.closing.empty() && !i.open_trailing) return clauses(i, depth, " {}", i.trailing);
        break;
      case Item::Body::List:
        if (auto list = inline_list(i); fits_inline(i, depth, list)) return clauses(i, depth, list, i.trailing);
        break;
    }
    clauses(i, depth, " {", i.open_trailing);
    for (std::size_t k = 0; k < i.children.size(); ++k) {
      if (k > 0 && blank_between(i.children[k - 1], i.children[k])) blank();
      item(i.children[k], depth + 1, i.body == Item::Body::List ? "," : "");
    }
    closing_comments(i.closing, i.children, depth + 1);
    line(depth, "}", i.trailing);
  }

  std::string_view src_;
  int indent_;
  int max_width_;
  std::vector<Line> lines_;
};

}  // namespace

void attach_comments(Layout& layout, const std::vector<Comment>& comments, std::string_view src) {
  sort_by(layout.items, /*by_source=*/true);
  for (const auto& c : comments) place(layout.items, layout.closing, nullptr, c, src);
  sort_by(layout.items, /*by_source=*/false);
}

std::string render(const Layout& layout, std::string_view src, int indent, int max_width) {
  Renderer r(src, indent, max_width);
  r.top_level(layout);
  return r.text();
}

}  // namespace credlex::format
