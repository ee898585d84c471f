// The credlex AST, owned by the compiler. The ANTLR parse tree is converted into it at once and
// never leaves the syntax layer. Every node carries a SourceRange; equality of meaning (used by
// `fmt` to prove it preserves a policy) is decided on the checked model, never on ranges.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/diag/source.h"

namespace credlex::syntax {

using diag::SourceRange;

struct Name {
  std::string text;
  SourceRange range;
};

// `name` or `alias.name` (a declaration of a used file).
struct QualifiedName {
  std::string alias;  // empty when unqualified
  std::string name;
  SourceRange range;
  std::string spelled() const { return alias.empty() ? name : alias + "." + name; }
};

// A calendar date as a day number since 1970-01-01 (see runtime/civil_date.h).
struct DateLiteral {
  std::int32_t day = 0;
  bool valid = false;  // false after a reported error (e.g. 2021-02-30)
  std::string text;
  SourceRange range;
};

// An exact decimal: value = mantissa / 10^scale. Used for decimals, percents and money.
struct Decimal {
  std::int64_t mantissa = 0;
  int scale = 0;
};

enum class DurationUnit { Days, WorkingDays, Months, Years };

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind {
  Int, Decimal, Percent, Money, Text, Date, Bool, Duration,  // literals
  Name,        // a param, enum value, seriousness level or bound event: `listing_period`
  Field,       // `e.amount`, `national.x` (resolved by sema)
  Unary,       // `not x`, `-x`
  Binary,      // `a + b`, `a and b`, …
  If,          // `if c then a else b`
  Call,        // `listed(judgment_defaulters)`
  Aggregate,   // `count(E where … within …)`, `sum(field of E …)`, …
  Is,          // `self is NaturalPerson`: whether an entity is of a kind
  Cause,       // the event that put the entity on the list
  Self,        // the entity itself
  Seriousness  // the seriousness rank of the conduct, inside `limits`
};

enum class UnaryOp { Not, Negate };
enum class BinaryOp { Mul, Div, Add, Sub, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
enum class AggregateOp { Count, Exists, Latest, First, Sum };

const char* spelling(UnaryOp op);
const char* spelling(BinaryOp op);
const char* spelling(AggregateOp op);
const char* spelling(DurationUnit unit, bool plural);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind;
  SourceRange range;

  // Literal payloads.
  std::int64_t integer = 0;  // Int; Bool (0/1); Duration amount; Date day number
  Decimal decimal;           // Decimal, Percent (as written: 10% is 10/1), Money
  std::string text;          // Text value; Name; Field / Call name; Money currency
  DurationUnit unit = DurationUnit::Days;
  bool date_valid = true;

  // Operators.
  UnaryOp unary = UnaryOp::Not;
  BinaryOp binary = BinaryOp::Add;
  AggregateOp aggregate = AggregateOp::Count;

  // Operands: Unary [x]; Binary [l, r]; If [c, then, else]; Field [object]; Call [args…];
  // Is [entity].
  std::vector<ExprPtr> operands;

  // Aggregates: the events looked at, an optional name for each, the summed field, filters.
  // Is: `event` holds the kind of entity tested.
  QualifiedName event;
  std::optional<Name> binder;
  std::optional<Name> field;
  ExprPtr where;
  ExprPtr within;

  // The name's own range for Field (`amount` in `e.amount`) and Call.
  SourceRange name_range;
  // Call of a used file's named condition: its alias (`national` in `national.adult(self, d)`).
  std::string alias;
};

// The name an expression spells when it is `x` or `alias.x` (a parameter, the list of
// `listed(…)`); none for any other expression. The range is the expression's.
std::optional<QualifiedName> name_spelled(const Expr& e);

// ---------------------------------------------------------------------------------------------
// Clauses shared by several declarations

struct Citation {
  QualifiedName document;
  std::optional<std::int64_t> article, paragraph, item;
  SourceRange range;
};

// All `basis` clauses of one declaration or rule, merged; empty when there is none.
struct Basis {
  std::vector<Citation> citations;
  SourceRange range;
  bool present() const { return !citations.empty(); }
};

struct TypeRef {
  QualifiedName name;          // bool, int, decimal, money, text, date, duration, an enum, a kind
  std::optional<Name> currency;  // money(CNY)
  SourceRange range;
};

struct FieldDecl {
  Name name;
  TypeRef type;
  SourceRange range;
};

struct Condition {
  bool unless = false;  // `unless c` is an exception to the rule: the rule holds when not c
  ExprPtr expr;
  SourceRange range;
};

// `on E [x]`, or `on restored(L)`: the event that grants a restoration of a listing on L (then
// `event` is empty).
struct Trigger {
  QualifiedName event;
  std::optional<Name> binder;
  std::optional<QualifiedName> restored;
  SourceRange range;
};

// `low` or `low .. high`.
struct Range {
  ExprPtr low, high;
  SourceRange range;
};

// ---------------------------------------------------------------------------------------------
// Declarations

struct PolicyHeader {
  Name name;
  std::optional<std::string> title;
  std::optional<std::string> version;
  std::optional<DateLiteral> effective;
  bool basic_list = false;
  SourceRange basic_list_range;  // the words `basic list`
  // `periods count from the next day basis …`: the periods of this file's rules do not count
  // the day they start from, and end at the end of the corresponding day (Civil Code Arts
  // 201-202). The basis is the article that says so; absent: periods are [start, start + D).
  std::optional<Basis> next_day_basis;
  SourceRange next_day_range;
  SourceRange range;
};

struct UseDecl {
  std::string path;
  SourceRange path_range;
  Name alias;
  SourceRange range;
};

// `art 266 authorises exit, credit_record`: the categories of measure a part of a document lets
// an authority impose (G13); `part.document` is the document itself.
struct Authorisation {
  Citation part;
  std::vector<Name> categories;
  SourceRange range;
};

struct DocumentDecl {
  Name name;
  std::string title;
  std::optional<DateLiteral> issued, effective;
  std::optional<Name> status;  // verified | secondary | recalled
  std::optional<std::string> source;
  std::optional<Name> rank;    // law | administrative_regulation | … (see legal_ranks())
  std::vector<Authorisation> authorises;
  SourceRange range;
};

struct RelationDecl {
  Name name;
  QualifiedName kind;
  SourceRange range;
};

struct EntityDecl {
  Name name;
  std::vector<RelationDecl> relations;
  std::vector<FieldDecl> attributes;
  bool has_body = false;
  SourceRange range;
};

struct SeriousnessDecl {
  std::vector<Name> levels;  // lightest first
  SourceRange range;
};

struct EnumDecl {
  Name name;
  std::vector<Name> values;
  SourceRange range;
};

struct EventDecl {
  Name name;
  std::vector<QualifiedName> kinds;  // empty: any kind of entity
  std::vector<FieldDecl> fields;
  ExprPtr seriousness;  // may be null
  std::optional<Name> seriousness_binder;  // `seriousness of p …`: the event's name in it
  std::optional<Name> field;  // `field road_traffic`: the field of law the conduct lies in (G17)
  SourceRange field_range;    // the whole `field …` member
  bool has_body = false;
  SourceRange range;
};

struct ParamDecl {
  // `param wage.threshold = …`: a value of the parameter `threshold` of the used file `wage`,
  // set by this file within the range that file allows (a province's figure, SPC 2013 Art 3
  // para 2). Empty for a parameter of this file.
  std::string file_alias;
  Name name;
  std::optional<TypeRef> type;
  ExprPtr value;
  std::optional<DateLiteral> from;  // none: in force from the beginning
  // `within LOW .. HIGH`: the range within which a file that uses this one may set its own value.
  std::optional<Range> within;
  Basis basis;
  SourceRange range;
  bool sets_used() const { return !file_alias.empty(); }
  std::string spelled() const { return sets_used() ? file_alias + "." + name.text : name.text; }
};

// `condition meets_art_6(d: tax_case_decided) = d.decision_final and … basis …`: a yes/no test
// written once and used by name wherever a condition may stand (`meets_art_6(d)`). A call means
// the body with each parameter replaced by its argument.
struct ConditionDecl {
  Name name;
  std::vector<FieldDecl> parameters;
  ExprPtr body;
  Basis basis;
  SourceRange range;
};

enum class PeriodKind { Unspecified, For, UntilRemoved };

struct ListRule {
  // NeverInclude: `never include on E when C`, an exception to every include rule of the list on E.
  enum class Kind { Include, Extend, Remove, NeverInclude } kind;
  bool separately = false;  // include: a second inclusion opens a second interval
  Trigger trigger;
  std::vector<Condition> conditions;
  PeriodKind period_kind = PeriodKind::Unspecified;  // include only
  Range span;        // include `for`; extend `by` (with `chosen`: the range it must be within)
  ExprPtr chosen;    // `for x.period within …`, `extend by x.period within …`: the authority's choice
  ExprPtr delay;     // include `starting after D`: the listing starts D after its event
  ExprPtr deadline;  // remove `within`; include `for D then remove within`: after the period ends
  Basis basis;
  SourceRange range;
};

struct ListDecl {
  Name name;
  std::optional<std::string> title;
  bool local = false;  // `list x "…" local of …`: applied only in one locality (No. 49 item (7))
  std::vector<QualifiedName> kinds;
  Basis basis;
  std::vector<Name> fields;  // `field a, b`: the fields of law the list belongs to
  SourceRange fields_range;
  std::vector<ListRule> rules;
  SourceRange range;
};

struct Target {
  enum class Kind { Members, Grade, EntityKind } kind;
  QualifiedName name;
  std::vector<Name> levels;  // grade targets
  SourceRange range;
};

struct MeasureDuration {
  // Life: `for life`, no end at all (Food Safety Law Art 135); longer than any fixed period.
  // AfterListing: `while listed and for D after`, the source's time and D more counted from its
  // end (Credit Reporting Regulations Art 16: kept 5 years from the end of the conduct, G5).
  // The order is ir::Measure::Duration's and CLX_DURATION_*'s.
  enum class Kind { WhileListed, For, UntilRestored, Life, AfterListing } kind;
  Range span;  // For, AfterListing
  SourceRange range;
};

struct MeasureDecl {
  Name name;
  std::optional<std::string> title;
  std::optional<QualifiedName> refines;
  Basis basis;
  std::optional<Name> category;
  std::optional<std::int64_t> severity;
  SourceRange severity_range;
  std::optional<std::string> authority;
  std::vector<Target> targets;
  std::vector<Condition> target_conditions;
  SourceRange applies_range;
  std::vector<Name> reaches;
  std::optional<MeasureDuration> duration;
  // `for conduct in a, b`: the fields of conduct its basis links it to (G17); empty: not stated
  // (a refinement then has those of the measure it refines)
  std::vector<Name> conduct_fields;
  bool conduct_any_field = false;  // `for conduct in any field`
  SourceRange conduct_fields_range;
  SourceRange range;
};

struct RestorationRule {
  enum class Kind { Eligible, Decide, Never } kind;
  ExprPtr value;  // Eligible: after; Decide: within; Never: the condition
  std::vector<Condition> conditions;  // Eligible; Decide: those of the extension (`on E x when …`)
  Trigger trigger;                    // Decide
  ExprPtr removal;                    // Decide: `then remove within` (after a grant)
  ExprPtr extension;                  // Decide: `extend by D on E`, the longer time to decide …
  Trigger extension_trigger;          // … once the authority records an E (when `extension`)
  Basis basis;
  SourceRange range;
};

struct RestorationDecl {
  QualifiedName list;
  Basis basis;
  std::vector<RestorationRule> rules;
  SourceRange range;
};

struct GradeRule {
  Name level;
  std::vector<Condition> conditions;
  Basis basis;
  SourceRange range;
};

struct GradeDecl {
  Name name;
  std::optional<std::string> title;
  std::vector<QualifiedName> kinds;
  Basis basis;
  std::vector<Name> levels;  // best first
  std::vector<GradeRule> rules;
  std::optional<Name> fallback;
  SourceRange range;
};

struct LimitClause {
  enum class Kind {
    Severity, MeasureDuration, ListingDuration, ConcurrentSeverity, ConcurrentMeasures,
    ReachOnly, ReachNone,
    BasicListOnly,  // `basic list only "path.clx"`: the one file that is the national basic list
    MeasureRank,    // `measure basis rank law, …`: a measure beyond that list needs such a basis
    ListFields,     // `lists only in fields a, b [for seriousness >= level]`
    ListRemoval,    // `lists need removal conditions`: every list has a way off (No. 49 item (7))
    ListRank,       // `lists only created by rank law, …`: the rank of the documents creating a list
    LifeOnly,       // `measures for life only under food_safety_law art 135`
    FieldLinkage,   // `measures follow the field of the conduct` (No. 49, no improper linkage)
    Authorised      // `measures only as their basis authorises` (a cited article authorises it)
  } kind;
  ExprPtr bound;
  std::vector<Name> relations;  // ReachOnly; MeasureRank, ListRank: the ranks; ListFields: the fields
  std::string path;             // BasicListOnly, relative to the file of the limits
  std::optional<Name> level;    // ListFields: the least seriousness of the conduct
  std::vector<Citation> under;  // LifeOnly: the articles that alone may impose a measure for life
  bool local = false;           // ListRank: `local lists only created by rank …`, for local lists
  Basis basis;
  SourceRange range;
};

struct LimitsDecl {
  std::optional<Name> name;
  Basis basis;
  std::vector<LimitClause> clauses;
  SourceRange range;
};

struct FieldValue {
  Name name;
  ExprPtr value;
  SourceRange range;
};

struct Record {
  std::vector<FieldValue> fields;
  SourceRange range;
};

struct TestItem {
  enum class Kind { Entity, Relation, Event, Expect } kind;
  // Entity: `name: kind {record}`; Relation: `from relation to from since until`;
  // Event: `date subject event {record}`; Expect: `expect date subject …`.
  Name name, relation, other;
  QualifiedName reference;  // entity kind, event, list, measure or grade
  std::optional<Record> record;
  std::optional<DateLiteral> date, until;
  // Removed: `removed from LIST [due DATE]`; RestorationGranted / RestorationRefused:
  // `restoration of LIST granted|refused [due DATE]`.
  enum class Expect { In, NotIn, Under, NotUnder, Grade, Removed, RestorationGranted, RestorationRefused } expect = Expect::In;
  std::optional<Name> level;
  std::optional<DateLiteral> due;  // Removed, Restoration…: the deadline the expectation checks
  SourceRange range;
};

struct TestDecl {
  std::string name;
  SourceRange name_range;
  std::vector<TestItem> items;
  SourceRange range;
};

using Declaration =
    std::variant<DocumentDecl, EntityDecl, SeriousnessDecl, EnumDecl, EventDecl, ParamDecl,
                 ConditionDecl, ListDecl, MeasureDecl, RestorationDecl, GradeDecl, LimitsDecl, TestDecl>;

SourceRange range_of(const Declaration& d);

// The ranks a `document` may have, highest first as the Legislation Law orders them where it
// does (law, administrative regulation, local regulation, departmental and local government
// rules), then judicial interpretations, Party Central Committee / State Council policy documents
// and other normative documents.
const std::vector<std::string>& legal_ranks();
std::string rank_in_words(const std::string& rank);  // "administrative regulation"


// A `//` comment, kept so that `credlex fmt` can put it back.
struct Comment {
  std::string text;  // including the leading //
  SourceRange range;
  bool own_line = false;  // nothing but white space before it on its line
};

struct File {
  diag::FileId file = diag::kNoFile;
  std::optional<PolicyHeader> header;
  std::vector<UseDecl> uses;
  std::vector<Declaration> declarations;  // in source order
  std::vector<Comment> comments;          // in source order
  bool syntax_ok = false;                 // false: the file had syntax errors; the AST is partial
};

}  // namespace credlex::syntax
