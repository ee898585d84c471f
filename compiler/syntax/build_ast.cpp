// Parse tree → AST. Each function below converts one grammar rule (named in its comment).
// It runs only on trees without syntax errors, so every mandatory child is present.
#include "compiler/syntax/build_ast.h"

#include "compiler/syntax/literals.h"

namespace credlex::syntax {
namespace {

using P = grammar::CredlexParser;

// The labelled alternatives of a rule are leaf classes: comparing the exact type is enough, and
// much cheaper than dynamic_cast's walk of the class hierarchy (this runs for every node). The
// type_info objects are compared by address: each generated class has a key function, so its
// type_info lives once, in credlex_grammar, which is always linked statically (libstdc++'s
// operator== would also compare the names character by character whenever the types differ).
template <class T, class Base>
T* as(Base* ctx) {
  return ctx && &typeid(*ctx) == &typeid(T) ? static_cast<T*>(ctx) : nullptr;
}

class Builder {
 public:
  Builder(const OffsetMap& map, diag::FileId file, std::string_view text, diag::Sink& sink,
          const ParseOptions& options)
      : map_(map), file_(file), text_(text), sink_(sink), options_(options) {}

  // file : policyHeader? useDecl* declaration* EOF
  File file(P::FileContext* ctx) {
    File out;
    out.file = file_;
    if (ctx->policyHeader()) out.header = header(ctx->policyHeader());
    for (auto* u : ctx->useDecl()) out.uses.push_back(use(u));
    for (auto* d : ctx->declaration()) out.declarations.push_back(declaration(d));
    // An expression cut off for depth is not a usable AST: checking it would only add errors.
    out.syntax_ok = !reported_depth_;
    return out;
  }

 private:
  // ----- positions and tokens -----
  SourceRange range(antlr4::ParserRuleContext* ctx) const {
    auto begin = token_range(ctx->getStart(), map_, file_);
    auto* stop = ctx->getStop();
    if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return {file_, begin.begin, begin.begin};
    return diag::join(begin, token_range(stop, map_, file_));
  }
  SourceRange range(antlr4::Token* t) const { return token_range(t, map_, file_); }
  SourceRange range(antlr4::tree::TerminalNode* n) const { return range(n->getSymbol()); }

  // Token text sliced from the source: ANTLR's getText() re-encodes UTF-32 on every call.
  std::string tok(antlr4::Token* t) const {
    auto r = range(t);
    return std::string(text_.substr(r.begin, r.end - r.begin));
  }
  std::string tok(antlr4::tree::TerminalNode* n) const { return tok(n->getSymbol()); }
  std::string tok(antlr4::ParserRuleContext* ctx) const {
    auto r = range(ctx);
    return std::string(text_.substr(r.begin, r.end - r.begin));
  }

  Name name(antlr4::Token* t) const { return {tok(t), range(t)}; }
  Name name(antlr4::tree::TerminalNode* n) const { return name(n->getSymbol()); }

  // qualifiedName : ID (DOT ID)?
  QualifiedName qualified(P::QualifiedNameContext* ctx) const {
    QualifiedName q;
    auto ids = ctx->ID();
    if (ids.size() == 2) {
      q.alias = tok(ids[0]);
      q.name = tok(ids[1]);
    } else {
      q.name = tok(ids[0]);
    }
    q.range = range(ctx);
    return q;
  }
  std::vector<QualifiedName> qualified_list(const std::vector<P::QualifiedNameContext*>& ctxs) const {
    std::vector<QualifiedName> out;
    for (auto* c : ctxs) out.push_back(qualified(c));
    return out;
  }

  std::string text(antlr4::Token* t) {
    std::string value, bad;
    std::size_t bad_offset = 0;
    std::string raw = tok(t);
    if (!literals::unquote(raw, value, bad, bad_offset)) {
      auto r = range(t);
      auto begin = r.begin + static_cast<std::uint32_t>(bad_offset);
      sink_.report<diag::kind::BadEscape>(SourceRange{file_, begin, begin + 1 + static_cast<std::uint32_t>(bad.size())}, bad);
    }
    return value;
  }
  std::string text(antlr4::tree::TerminalNode* n) { return text(n->getSymbol()); }

  DateLiteral date(antlr4::Token* t) {
    DateLiteral d;
    d.text = tok(t);
    d.range = range(t);
    if (auto day = literals::parse_date(d.text)) {
      d.day = *day;
      d.valid = true;
    } else {
      sink_.report<diag::kind::InvalidDate>(d.range, d.text);
    }
    return d;
  }
  DateLiteral date(antlr4::tree::TerminalNode* n) { return date(n->getSymbol()); }

  std::int64_t integer(antlr4::Token* t) {
    std::string digits = tok(t);
    if (auto v = literals::parse_int(digits)) return *v;
    sink_.report<diag::kind::NumberTooLarge>(range(t), digits);
    return 0;
  }

  void once(bool& seen, const char* what, SourceRange where) {
    if (seen) sink_.report<diag::kind::RepeatedClause>(where, std::string(what));
    seen = true;
  }

  // ----- header and uses -----

  // policyHeader : POLICY name=ID title=STRING? headerClause*
  PolicyHeader header(P::PolicyHeaderContext* ctx) {
    PolicyHeader h;
    h.name = name(ctx->name);
    if (ctx->title) h.title = text(ctx->title);
    h.range = range(ctx);
    bool version = false, effective = false, basic = false, periods = false;
    for (auto* c : ctx->headerClause()) {
      if (auto* n = as<P::HeaderPeriodsContext>(c)) {
        once(periods, "`periods count from the next day`", range(c));
        contextual_word(n->the, "the", "after `periods count from`");
        contextual_word(n->next, "next", "after `periods count from the`");
        h.next_day_basis = basis(n->basisClause());
        h.next_day_range = range(c);
      } else if (auto* v = as<P::HeaderVersionContext>(c)) {
        once(version, "the policy's version", range(c));
        h.version = text(v->STRING());
      } else if (auto* e = as<P::HeaderEffectiveContext>(c)) {
        once(effective, "the policy's effective date", range(c));
        h.effective = date(e->DATE());
      } else {
        once(basic, "`basic list`", range(c));
        h.basic_list = true;
        h.basic_list_range = range(c);
      }
    }
    return h;
  }

  // useDecl : USE path=STRING AS alias=ID
  UseDecl use(P::UseDeclContext* ctx) {
    return {text(ctx->path), range(ctx->path), name(ctx->alias), range(ctx)};
  }

  // ----- declarations -----

  Declaration declaration(P::DeclarationContext* ctx) {
    if (auto* c = ctx->documentDecl()) return document(c);
    if (auto* c = ctx->entityDecl()) return entity(c);
    if (auto* c = ctx->seriousnessDecl()) return seriousness(c);
    if (auto* c = ctx->enumDecl()) return enumeration(c);
    if (auto* c = ctx->eventDecl()) return event(c);
    if (auto* c = ctx->paramDecl()) return param(c);
    if (auto* c = ctx->conditionDecl()) return condition(c);
    if (auto* c = ctx->listDecl()) return list(c);
    if (auto* c = ctx->measureDecl()) return measure(c);
    if (auto* c = ctx->restorationDecl()) return restoration(c);
    if (auto* c = ctx->gradeDecl()) return grade(c);
    if (auto* c = ctx->limitsDecl()) return limits(c);
    return test(ctx->testDecl());
  }

  // documentDecl : DOCUMENT name=ID title=STRING documentClause*
  DocumentDecl document(P::DocumentDeclContext* ctx) {
    DocumentDecl d;
    d.name = name(ctx->name);
    d.title = text(ctx->title);
    d.range = range(ctx);
    bool issued = false, effective = false, status = false, source = false, rank = false;
    for (auto* c : ctx->documentClause()) {
      if (auto* i = as<P::DocumentIssuedContext>(c)) {
        once(issued, "the date of issue", range(c));
        d.issued = date(i->DATE());
      } else if (auto* e = as<P::DocumentEffectiveContext>(c)) {
        once(effective, "the effective date", range(c));
        d.effective = date(e->DATE());
      } else if (auto* s = as<P::DocumentStatusContext>(c)) {
        once(status, "the status", range(c));
        d.status = name(s->ID());
      } else if (auto* s = as<P::DocumentSourceContext>(c)) {
        once(source, "the source", range(c));
        d.source = text(s->STRING());
      } else if (auto* r = as<P::DocumentRankContext>(c)) {
        once(rank, "the rank", range(c));
        d.rank = name(r->ID());
      } else if (auto* a = as<P::DocumentAuthorisesContext>(c)) {
        contextual_word(a->word, "authorises", "(`art 266 authorises exit`), or a clause of the document");
        Authorisation x;
        x.part.document.name = d.name.text;
        x.part.document.range = d.name.range;
        if (a->article) x.part.article = integer(a->article);
        if (a->paragraph) x.part.paragraph = integer(a->paragraph);
        if (a->item) x.part.item = integer(a->item);
        x.part.range = range(c);
        for (auto* id : a->ID())
          if (id->getSymbol() != a->word) x.categories.push_back(name(id));
        x.range = range(c);
        d.authorises.push_back(std::move(x));
      }
    }
    return d;
  }

  // entityDecl : ENTITY name=ID (LBRACE entityMember* RBRACE)?
  EntityDecl entity(P::EntityDeclContext* ctx) {
    EntityDecl e;
    e.name = name(ctx->name);
    e.range = range(ctx);
    e.has_body = ctx->LBRACE() != nullptr;
    for (auto* m : ctx->entityMember()) {
      if (auto* r = as<P::RelationMemberContext>(m))
        e.relations.push_back({name(r->name), qualified(r->kind), range(r)});
      else
        e.attributes.push_back(field_decl(as<P::AttributeMemberContext>(m)->fieldDecl()));
    }
    return e;
  }

  // fieldDecl : name=ID COLON typeRef COMMA?
  FieldDecl field_decl(P::FieldDeclContext* ctx) {
    return {name(ctx->name), type_ref(ctx->typeRef()), range(ctx)};
  }

  // typeRef : qualifiedName (LPAREN currency=ID RPAREN)?
  TypeRef type_ref(P::TypeRefContext* ctx) {
    TypeRef t;
    if (ctx->qualifiedName()) {
      t.name = qualified(ctx->qualifiedName());
    } else {
      t.name.name = "duration";
      t.name.range = range(ctx->DURATION());
    }
    if (ctx->currency) {
      t.currency = name(ctx->currency);
      if (!literals::is_known_currency(t.currency->text))
        sink_.report<diag::kind::UnknownCurrency>(t.currency->range, t.currency->text);
    }
    t.range = range(ctx);
    return t;
  }

  // seriousnessDecl : SERIOUSNESS ID (LT ID)*
  SeriousnessDecl seriousness(P::SeriousnessDeclContext* ctx) {
    SeriousnessDecl s;
    for (auto* id : ctx->ID()) s.levels.push_back(name(id));
    s.range = range(ctx);
    return s;
  }

  // enumDecl : ENUM name=ID LBRACE ID (COMMA ID)* COMMA? RBRACE
  EnumDecl enumeration(P::EnumDeclContext* ctx) {
    EnumDecl e;
    e.name = name(ctx->name);
    auto ids = ctx->ID();
    for (std::size_t i = 1; i < ids.size(); ++i) e.values.push_back(name(ids[i]));
    e.range = range(ctx);
    return e;
  }

  // eventDecl : EVENT name=ID (FOR qualifiedName (COMMA qualifiedName)*)? (LBRACE eventMember* RBRACE)?
  EventDecl event(P::EventDeclContext* ctx) {
    EventDecl e;
    e.name = name(ctx->name);
    e.kinds = qualified_list(ctx->qualifiedName());
    e.has_body = ctx->LBRACE() != nullptr;
    e.range = range(ctx);
    bool seriousness = false, field = false;
    for (auto* m : ctx->eventMember()) {
      if (auto* f = as<P::EventFieldContext>(m)) {
        e.fields.push_back(field_decl(f->fieldDecl()));
      } else if (auto* f = as<P::EventConductFieldContext>(m)) {
        contextual_word(f->word, "field", "and the field of law of the conduct (a data field is written with a colon, `name: type`)");
        once(field, "the field of the conduct", range(m));
        e.field = name(f->conductField);
        e.field_range = range(m);
      } else {
        once(seriousness, "the seriousness of the event", range(m));
        auto* s = as<P::EventSeriousnessContext>(m);
        e.seriousness = expr(s->expr());
        if (s->binder) e.seriousness_binder = name(s->binder);
      }
    }
    return e;
  }

  // paramDecl : PARAM name=qualifiedName (COLON typeRef)? ASSIGN expr (FROM DATE)? (WITHIN within=range)? basisClause?
  ParamDecl param(P::ParamDeclContext* ctx) {
    ParamDecl p;
    auto ids = ctx->name->ID();
    if (ids.size() == 2) p.file_alias = tok(ids[0]);
    p.name = name(ids.back());
    p.name.range = range(ctx->name);  // `wage.threshold` as written, for diagnostics
    if (ctx->typeRef()) p.type = type_ref(ctx->typeRef());
    p.value = expr(ctx->expr());
    if (ctx->DATE()) p.from = date(ctx->DATE());
    if (ctx->within) p.within = span(ctx->within);
    if (ctx->basisClause()) p.basis = basis({ctx->basisClause()});
    p.range = range(ctx);
    return p;
  }

  // conditionDecl : CONDITION name=ID LPAREN fieldDecl+ RPAREN ASSIGN expr basisClause?
  ConditionDecl condition(P::ConditionDeclContext* ctx) {
    ConditionDecl c;
    c.name = name(ctx->name);
    for (auto* f : ctx->fieldDecl()) c.parameters.push_back(field_decl(f));
    c.body = expr(ctx->expr());
    c.basis = basis(ctx->basisClause());
    c.range = range(ctx);
    return c;
  }

  // basisClause : BASIS citation (COMMA citation)*   (several clauses merge into one basis)
  Basis basis(const std::vector<P::BasisClauseContext*>& clauses) {
    Basis b;
    for (auto* clause : clauses) {
      b.range = diag::join(b.range, range(clause));
      for (auto* c : clause->citation()) b.citations.push_back(citation(c));
    }
    return b;
  }
  Basis basis(P::BasisClauseContext* clause) {
    if (!clause) return {};
    return basis(std::vector<P::BasisClauseContext*>{clause});
  }

  // citation : documentName=qualifiedName (ART article=INT (PARA paragraph=INT)? (ITEM item=INT)?)?
  Citation citation(P::CitationContext* ctx) {
    Citation c;
    c.document = qualified(ctx->documentName);
    if (ctx->article) c.article = integer(ctx->article);
    if (ctx->paragraph) c.paragraph = integer(ctx->paragraph);
    if (ctx->item) c.item = integer(ctx->item);
    c.range = range(ctx);
    return c;
  }

  // listDecl : LIST name=ID title=STRING? kindList? LBRACE basisClause* listRule* RBRACE
  ListDecl list(P::ListDeclContext* ctx) {
    ListDecl l;
    l.name = name(ctx->name);
    if (ctx->title) l.title = text(ctx->title);
    if (ctx->local) {
      contextual_word(ctx->local, "local", "after the list's title");
      l.local = true;
    }
    if (ctx->kindList()) l.kinds = qualified_list(ctx->kindList()->qualifiedName());
    l.basis = basis(ctx->basisClause());
    if (auto* f = ctx->listField()) {  // listField : word=ID ID (COMMA ID)*, the word being `field`
      contextual_word(f->word, "field", "or a rule (`include`, `extend`, `remove`)");
      for (auto* id : f->ID())
        if (id->getSymbol() != f->word) l.fields.push_back(name(id));
      l.fields_range = range(f);
    }
    for (auto* r : ctx->listRule()) l.rules.push_back(list_rule(r));
    l.range = range(ctx);
    return l;
  }

  // trigger : eventName=qualifiedName binder=ID?
  Trigger trigger(P::TriggerContext* ctx) {
    Trigger t;
    if (ctx->restoredList) t.restored = qualified(ctx->restoredList);
    else t.event = qualified(ctx->eventName);
    if (ctx->binder) t.binder = name(ctx->binder);
    t.range = range(ctx);
    return t;
  }

  // condition : WHEN expr | UNLESS expr
  std::vector<Condition> conditions(const std::vector<P::ConditionContext*>& ctxs) {
    std::vector<Condition> out;
    for (auto* c : ctxs) {
      bool unless = as<P::UnlessConditionContext>(c) != nullptr;
      auto* e = unless ? as<P::UnlessConditionContext>(c)->expr()
                       : as<P::WhenConditionContext>(c)->expr();
      out.push_back({unless, expr(e), range(c)});
    }
    return out;
  }

  // range : low=expr (DOTDOT high=expr)?
  Range span(P::RangeContext* ctx) {
    Range r;
    r.low = expr(ctx->low);
    if (ctx->high) r.high = expr(ctx->high);
    r.range = range(ctx);
    return r;
  }

  // listRule : INCLUDE … # includeRule | EXTEND BY range ON … # extendRule | REMOVE ON … # removeRule
  //          | NEVER INCLUDE ON … # neverIncludeRule
  ListRule list_rule(P::ListRuleContext* ctx) {
    ListRule r;
    r.range = range(ctx);
    if (auto* c = as<P::IncludeRuleContext>(ctx)) {
      r.kind = ListRule::Kind::Include;
      r.separately = c->SEPARATELY() != nullptr;
      r.trigger = trigger(c->trigger());
      r.conditions = conditions(c->condition());
      if (auto* s = c->starting()) r.delay = expr(s->delay);
      if (auto* p = c->period()) {
        if (auto* f = as<P::ForPeriodContext>(p)) {
          r.period_kind = PeriodKind::For;
          r.span = span(f->range());
          if (f->chosen) r.chosen = expr(f->chosen);
          if (f->deadline) r.deadline = expr(f->deadline);
        } else {
          r.period_kind = PeriodKind::UntilRemoved;
        }
      }
      r.basis = basis(c->basisClause());
    } else if (auto* c = as<P::ExtendRuleContext>(ctx)) {
      r.kind = ListRule::Kind::Extend;
      r.span = span(c->range());
      if (c->chosen) r.chosen = expr(c->chosen);
      r.trigger = trigger(c->trigger());
      r.conditions = conditions(c->condition());
      r.basis = basis(c->basisClause());
    } else if (auto* c = as<P::NeverIncludeRuleContext>(ctx)) {
      r.kind = ListRule::Kind::NeverInclude;
      r.trigger = trigger(c->trigger());
      r.conditions = conditions(c->condition());
      r.basis = basis(c->basisClause());
    } else {
      auto* rm = as<P::RemoveRuleContext>(ctx);
      r.kind = ListRule::Kind::Remove;
      r.trigger = trigger(rm->trigger());
      r.conditions = conditions(rm->condition());
      if (rm->deadline) r.deadline = expr(rm->deadline);
      r.basis = basis(rm->basisClause());
    }
    return r;
  }

  // measureDecl : MEASURE name=ID title=STRING? (REFINES refinedName=qualifiedName)? LBRACE basisClause* measureClause* RBRACE
  MeasureDecl measure(P::MeasureDeclContext* ctx) {
    MeasureDecl m;
    m.name = name(ctx->name);
    if (ctx->title) m.title = text(ctx->title);
    if (ctx->refinedName) m.refines = qualified(ctx->refinedName);
    m.basis = basis(ctx->basisClause());
    m.range = range(ctx);
    bool category = false, severity = false, authority = false, applies = false, reaches = false,
         duration = false, conduct = false;
    for (auto* c : ctx->measureClause()) {
      auto where = range(c);
      if (auto* x = as<P::MeasureCategoryContext>(c)) {
        once(category, "the category", where);
        m.category = name(x->ID());
      } else if (auto* x = as<P::MeasureSeverityContext>(c)) {
        once(severity, "the severity", where);
        std::size_t before = sink_.error_count();
        std::int64_t value = integer(x->INT()->getSymbol());
        if (sink_.error_count() == before) m.severity = value;  // a reported bad number says nothing more
        m.severity_range = where;
      } else if (auto* x = as<P::MeasureAuthorityContext>(c)) {
        once(authority, "the authority", where);
        m.authority = text(x->STRING());
      } else if (auto* x = as<P::MeasureAppliesToContext>(c)) {
        once(applies, "`applies to`", where);
        for (auto* t : x->target()) m.targets.push_back(target(t));
        m.target_conditions = conditions(x->condition());
        m.applies_range = where;
      } else if (auto* x = as<P::MeasureReachesContext>(c)) {
        once(reaches, "`reaches`", where);
        for (auto* id : x->ID()) m.reaches.push_back(name(id));
      } else if (auto* x = as<P::MeasureConductFieldsContext>(c)) {
        once(conduct, "`for conduct in`", where);
        contextual_word(x->word, "conduct", "after `for` (or a duration)");
        for (auto* id : x->ID())
          if (id->getSymbol() != x->word) m.conduct_fields.push_back(name(id));
        m.conduct_fields_range = where;
      } else if (auto* x = as<P::MeasureConductAnyFieldContext>(c)) {
        once(conduct, "`for conduct in`", where);
        contextual_word(x->word, "conduct", "after `for` (or a duration)");
        contextual_word(x->any, "any", "in `for conduct in any field` (or a list of fields, separated by commas)");
        contextual_word(x->fieldWord, "field", "after `for conduct in any`");
        m.conduct_any_field = true;
        m.conduct_fields_range = where;
      } else {
        once(duration, "the duration of the measure", where);
        MeasureDuration d;
        d.range = where;
        if (as<P::MeasureWhileListedContext>(c)) {
          d.kind = MeasureDuration::Kind::WhileListed;
        } else if (auto* f = as<P::MeasureForContext>(c)) {
          d.kind = MeasureDuration::Kind::For;
          d.span = span(f->range());
        } else if (auto* a = as<P::MeasureWhileListedAndAfterContext>(c)) {
          d.kind = MeasureDuration::Kind::AfterListing;
          d.span = span(a->range());
        } else if (as<P::MeasureForLifeContext>(c)) {
          d.kind = MeasureDuration::Kind::Life;
        } else {
          d.kind = MeasureDuration::Kind::UntilRestored;
        }
        m.duration = std::move(d);
      }
    }
    return m;
  }

  // target : MEMBERS OF qualifiedName | GRADE qualifiedName ID (COMMA ID)* | qualifiedName
  Target target(P::TargetContext* ctx) {
    Target t;
    t.range = range(ctx);
    if (auto* m = as<P::MembersTargetContext>(ctx)) {
      t.kind = Target::Kind::Members;
      t.name = qualified(m->qualifiedName());
    } else if (auto* g = as<P::GradeTargetContext>(ctx)) {
      t.kind = Target::Kind::Grade;
      t.name = qualified(g->qualifiedName());
      for (auto* id : g->ID()) t.levels.push_back(name(id));
    } else {
      t.kind = Target::Kind::EntityKind;
      t.name = qualified(as<P::KindTargetContext>(ctx)->qualifiedName());
    }
    return t;
  }

  // restorationDecl : RESTORATION listName=qualifiedName LBRACE basisClause* restorationRule* RBRACE
  RestorationDecl restoration(P::RestorationDeclContext* ctx) {
    RestorationDecl r;
    r.list = qualified(ctx->listName);
    r.basis = basis(ctx->basisClause());
    r.range = range(ctx);
    for (auto* c : ctx->restorationRule()) {
      RestorationRule rule;
      rule.range = range(c);
      if (auto* e = as<P::EligibleRuleContext>(c)) {
        rule.kind = RestorationRule::Kind::Eligible;
        rule.value = expr(e->expr());
        rule.conditions = conditions(e->condition());
        rule.basis = basis(e->basisClause());
      } else if (auto* d = as<P::DecideRuleContext>(c)) {
        rule.kind = RestorationRule::Kind::Decide;
        rule.trigger = trigger(d->application);
        if (d->within) rule.value = expr(d->within);  // no `within`: the law sets no deadline
        if (d->removal) rule.removal = expr(d->removal);
        if (d->extension) {
          rule.extension = expr(d->extension);
          rule.extension_trigger = trigger(d->extensionTrigger);
          rule.conditions = conditions(d->condition());
        }
        rule.basis = basis(d->basisClause());
      } else {
        auto* n = as<P::NeverRuleContext>(c);
        rule.kind = RestorationRule::Kind::Never;
        rule.value = expr(n->expr());
        rule.basis = basis(n->basisClause());
      }
      r.rules.push_back(std::move(rule));
    }
    return r;
  }

  // gradeDecl : GRADE name=ID title=STRING? kindList? LBRACE basisClause* LEVELS ID (COMMA ID)* gradeRule* (OTHERWISE fallbackLevel=ID)? RBRACE
  GradeDecl grade(P::GradeDeclContext* ctx) {
    GradeDecl g;
    g.name = name(ctx->name);
    if (ctx->title) g.title = text(ctx->title);
    if (ctx->kindList()) g.kinds = qualified_list(ctx->kindList()->qualifiedName());
    g.basis = basis(ctx->basisClause());
    for (auto* id : ctx->ID())
      if (id->getSymbol() != ctx->name && id->getSymbol() != ctx->fallbackLevel) g.levels.push_back(name(id));
    for (auto* r : ctx->gradeRule())
      g.rules.push_back({name(r->ID()), conditions(r->condition()), basis(r->basisClause()), range(r)});
    if (ctx->fallbackLevel) g.fallback = name(ctx->fallbackLevel);
    g.range = range(ctx);
    return g;
  }

  // limitsDecl : LIMITS name=ID? LBRACE basisClause* limitClause* RBRACE
  LimitsDecl limits(P::LimitsDeclContext* ctx) {
    LimitsDecl l;
    if (ctx->name) l.name = name(ctx->name);
    l.basis = basis(ctx->basisClause());
    l.range = range(ctx);
    for (auto* c : ctx->limitClause()) {
      LimitClause clause;
      clause.range = range(c);
      if (auto* s = as<P::SeverityLimitContext>(c)) {
        clause.kind = LimitClause::Kind::Severity;
        clause.bound = expr(s->expr());
        clause.basis = basis(s->basisClause());
      } else if (auto* d = as<P::DurationLimitContext>(c)) {
        clause.kind = d->what->getType() == P::MEASURE ? LimitClause::Kind::MeasureDuration
                                                        : LimitClause::Kind::ListingDuration;
        clause.bound = expr(d->expr());
        clause.basis = basis(d->basisClause());
      } else if (auto* k = as<P::ConcurrentLimitContext>(c)) {
        clause.kind = k->what->getType() == P::SEVERITY ? LimitClause::Kind::ConcurrentSeverity
                                                         : LimitClause::Kind::ConcurrentMeasures;
        clause.bound = expr(k->expr());
        clause.basis = basis(k->basisClause());
      } else if (auto* o = as<P::ReachOnlyLimitContext>(c)) {
        clause.kind = LimitClause::Kind::ReachOnly;
        for (auto* id : o->ID()) clause.relations.push_back(name(id));
        clause.basis = basis(o->basisClause());
      } else if (auto* n = as<P::ReachNoneLimitContext>(c)) {
        clause.kind = LimitClause::Kind::ReachNone;
        clause.basis = basis(n->basisClause());
      } else if (auto* b = as<P::BasicListOnlyLimitContext>(c)) {
        clause.kind = LimitClause::Kind::BasicListOnly;
        clause.path = text(b->path);
        clause.basis = basis(b->basisClause());
      } else if (auto* r = as<P::MeasureRankLimitContext>(c)) {
        clause.kind = LimitClause::Kind::MeasureRank;
        for (auto* id : r->ID()) clause.relations.push_back(name(id));
        clause.basis = basis(r->basisClause());
      } else if (auto* w = as<P::ListRemovalLimitContext>(c)) {
        clause.kind = LimitClause::Kind::ListRemoval;
        contextual_word(w->need, "need", "after `lists`");
        contextual_word(w->removal, "removal", "after `lists need`");
        contextual_word(w->conditions, "conditions", "after `lists need removal`");
        clause.basis = basis(w->basisClause());
      } else if (auto* k = as<P::ListRankLimitContext>(c)) {
        clause.kind = LimitClause::Kind::ListRank;
        if (k->scope) {
          contextual_word(k->scope, "local", "before `lists only created by rank`");
          clause.local = true;
        }
        contextual_word(k->created, "created", "after `lists only`");
        for (auto* id : k->ID())
          if (id->getSymbol() != k->created && id->getSymbol() != k->scope) clause.relations.push_back(name(id));
        clause.basis = basis(k->basisClause());
      } else if (auto* k = as<P::AuthorisedLimitContext>(c)) {
        clause.kind = LimitClause::Kind::Authorised;
        contextual_word(k->their, "their", "after `measures only as`");
        contextual_word(k->authorises, "authorises", "after `measures only as their basis`");
        clause.basis = basis(k->basisClause());
      } else if (auto* k = as<P::FieldLinkageLimitContext>(c)) {
        clause.kind = LimitClause::Kind::FieldLinkage;
        contextual_word(k->follow, "follow", "after `measures`");
        contextual_word(k->the, "the", "after `measures follow`");
        contextual_word(k->field, "field", "after `measures follow the`");
        contextual_word(k->theConduct, "the", "after `measures follow the field of`");
        contextual_word(k->conduct, "conduct", "after `measures follow the field of the`");
        clause.basis = basis(k->basisClause());
      } else if (auto* life = as<P::LifeOnlyLimitContext>(c)) {
        clause.kind = LimitClause::Kind::LifeOnly;
        for (auto* cite : life->citation()) clause.under.push_back(citation(cite));
        clause.basis = basis(life->basisClause());
      } else {
        auto* f = as<P::ListFieldsLimitContext>(c);
        clause.kind = LimitClause::Kind::ListFields;
        contextual_word(f->word, "fields", "after `lists only in`");
        for (auto* id : f->ID())
          if (id->getSymbol() != f->word && id->getSymbol() != f->level) clause.relations.push_back(name(id));
        if (f->level) clause.level = name(f->level);
        clause.basis = basis(f->basisClause());
      }
      l.clauses.push_back(std::move(clause));
    }
    return l;
  }

  // testDecl : TEST name=STRING LBRACE testItem* RBRACE
  TestDecl test(P::TestDeclContext* ctx) {
    TestDecl t;
    t.name = text(ctx->name);
    t.name_range = range(ctx->name);
    t.range = range(ctx);
    for (auto* c : ctx->testItem()) t.items.push_back(test_item(c));
    return t;
  }

  // testItem : testEntity | testRelation | testEvent | testExpect
  // expectation : expectMembership | expectMeasure | expectGrade | expectRemoval | expectRestoration
  TestItem test_item(P::TestItemContext* ctx) {
    TestItem i;
    i.range = range(ctx);
    if (auto* e = as<P::TestEntityContext>(ctx)) {
      i.kind = TestItem::Kind::Entity;
      i.name = name(e->name);
      i.reference = qualified(e->kindName);
      if (e->record()) i.record = record(e->record());
    } else if (auto* r = as<P::TestRelationContext>(ctx)) {
      i.kind = TestItem::Kind::Relation;
      i.name = name(r->fromEntity);
      i.relation = name(r->relationName);
      i.other = name(r->toEntity);
      i.date = date(r->since);
      if (r->until) i.until = date(r->until);
    } else if (auto* v = as<P::TestEventContext>(ctx)) {
      i.kind = TestItem::Kind::Event;
      i.date = date(v->DATE());
      i.name = name(v->subject);
      i.reference = qualified(v->eventName);
      if (v->record()) i.record = record(v->record());
    } else {
      auto* x = as<P::TestExpectContext>(ctx);
      i.kind = TestItem::Kind::Expect;
      i.date = date(x->DATE());
      i.name = name(x->subject);
      auto* e = x->expectation();
      if (auto* m = as<P::ExpectMembershipContext>(e)) {
        i.expect = m->NOT() ? TestItem::Expect::NotIn : TestItem::Expect::In;
        i.reference = qualified(m->qualifiedName());
      } else if (auto* m = as<P::ExpectMeasureContext>(e)) {
        i.expect = m->NOT() ? TestItem::Expect::NotUnder : TestItem::Expect::Under;
        i.reference = qualified(m->qualifiedName());
      } else if (auto* g = as<P::ExpectGradeContext>(e)) {
        i.expect = TestItem::Expect::Grade;
        i.reference = qualified(g->qualifiedName());
        i.level = name(g->ID());
      } else if (auto* rm = as<P::ExpectRemovalContext>(e)) {
        i.expect = TestItem::Expect::Removed;
        i.reference = qualified(rm->qualifiedName());
        if (rm->dueDate()) i.due = due(rm->dueDate());
      } else {
        auto* rs = as<P::ExpectRestorationContext>(e);
        i.reference = qualified(rs->qualifiedName());
        std::string outcome = tok(rs->outcome);
        i.expect = outcome == "refused" ? TestItem::Expect::RestorationRefused : TestItem::Expect::RestorationGranted;
        if (outcome != "granted" && outcome != "refused")
          sink_.report<diag::kind::UnexpectedToken>(range(rs->outcome), "`" + outcome + "`")
              .hint = "expected `granted` or `refused` after `restoration of " + i.reference.spelled() + "`";
        if (rs->dueDate()) i.due = due(rs->dueDate());
      }
    }
    return i;
  }

  // A word that has its meaning only in one place (`due`, `field`, `fields`, `need removal
  // conditions`, `created`, `conduct`, `follow the field of the conduct`), read as a name.
  void contextual_word(antlr4::Token* word, const std::string& expected, const std::string& before) {
    if (tok(word) != expected)
      sink_.report<diag::kind::UnexpectedToken>(range(word), "`" + tok(word) + "`")
          .hint = "expected `" + expected + "` " + before;
  }

  // dueDate : word=ID DATE, where the word must be `due` (a contextual word, not reserved)
  DateLiteral due(P::DueDateContext* ctx) {
    contextual_word(ctx->word, "due", "before the date of the deadline");
    return date(ctx->DATE());
  }

  // record : LBRACE (fieldValue (COMMA fieldValue)* COMMA?)? RBRACE
  Record record(P::RecordContext* ctx) {
    Record r;
    r.range = range(ctx);
    for (auto* f : ctx->fieldValue()) r.fields.push_back({name(f->name), expr(f->expr()), range(f)});
    return r;
  }

  // ----- expressions -----

  ExprPtr make(ExprKind kind, SourceRange r) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->range = r;
    return e;
  }

  // Guards our own recursion: ANTLR builds `a + a + … + a` as a loop, but the resulting tree
  // is as deep as the chain is long.
  struct DepthGuard {
    int& depth;
    explicit DepthGuard(int& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  ExprPtr expr(P::ExprContext* ctx) {
    DepthGuard guard(depth_);
    if (depth_ > options_.max_expression_depth) {
      if (!reported_depth_) sink_.report<diag::kind::ExpressionTooDeep>(range(ctx), options_.max_expression_depth);
      reported_depth_ = true;
      return make(ExprKind::Bool, range(ctx));
    }
    auto r = range(ctx);
    if (auto* c = as<P::PrimaryExprContext>(ctx)) return primary(c->primary());
    if (auto* c = as<P::FieldExprContext>(ctx)) {
      auto e = make(ExprKind::Field, r);
      e->operands.push_back(expr(c->expr()));
      e->text = tok(c->field);  // a name, or `seriousness` (the level an event's own clause gives)
      e->name_range = range(c->field);
      return e;
    }
    if (auto* c = as<P::UnaryExprContext>(ctx)) {
      auto e = make(ExprKind::Unary, r);
      e->unary = c->op->getType() == P::NOT ? UnaryOp::Not : UnaryOp::Negate;
      e->operands.push_back(expr(c->expr()));
      return e;
    }
    if (auto* c = as<P::BinaryExprContext>(ctx)) {
      auto e = make(ExprKind::Binary, r);
      e->binary = binary_op(c->op->getType());
      e->operands.push_back(expr(c->expr(0)));
      e->operands.push_back(expr(c->expr(1)));
      return e;
    }
    if (auto* c = as<P::IsExprContext>(ctx)) {
      auto e = make(ExprKind::Is, r);
      e->operands.push_back(expr(c->expr()));
      e->event = qualified(c->qualifiedName());
      return e;
    }
    auto* c = as<P::IfExprContext>(ctx);
    auto e = make(ExprKind::If, r);
    for (auto* x : c->expr()) e->operands.push_back(expr(x));
    return e;
  }

  static BinaryOp binary_op(std::size_t type) {
    switch (type) {
      case P::STAR: return BinaryOp::Mul;
      case P::SLASH: return BinaryOp::Div;
      case P::PLUS: return BinaryOp::Add;
      case P::MINUS: return BinaryOp::Sub;
      case P::EQ: return BinaryOp::Eq;
      case P::NE: return BinaryOp::Ne;
      case P::LT: return BinaryOp::Lt;
      case P::LE: return BinaryOp::Le;
      case P::GT: return BinaryOp::Gt;
      case P::GE: return BinaryOp::Ge;
      case P::AND: return BinaryOp::And;
      default: return BinaryOp::Or;
    }
  }

  ExprPtr primary(P::PrimaryContext* ctx) {
    auto r = range(ctx);
    if (auto* c = as<P::LiteralPrimaryContext>(ctx)) return literal(c->literal());
    if (auto* c = as<P::AggregatePrimaryContext>(ctx)) return aggregate(c->aggregate());
    if (auto* c = as<P::CallPrimaryContext>(ctx)) {
      auto e = make(ExprKind::Call, r);
      e->text = tok(c->callee);
      e->name_range = range(c->callee);
      for (auto* a : c->expr()) e->operands.push_back(expr(a));
      return e;
    }
    if (auto* c = as<P::QualifiedCallPrimaryContext>(ctx)) {
      auto e = make(ExprKind::Call, r);
      e->alias = tok(c->alias);
      e->text = tok(c->callee);
      e->name_range = range(c->callee);
      for (auto* a : c->expr()) e->operands.push_back(expr(a));
      return e;
    }
    if (auto* c = as<P::NamePrimaryContext>(ctx)) {
      auto e = make(ExprKind::Name, r);
      e->text = tok(c->ID());
      e->name_range = r;
      return e;
    }
    if (as<P::CausePrimaryContext>(ctx)) return make(ExprKind::Cause, r);
    if (as<P::SelfPrimaryContext>(ctx)) return make(ExprKind::Self, r);
    if (as<P::SeriousnessPrimaryContext>(ctx)) return make(ExprKind::Seriousness, r);
    // Parentheses leave no node: the tree's shape already says how the operands group.
    auto inner = expr(as<P::ParenPrimaryContext>(ctx)->expr());
    return inner;
  }

  // aggregate : op=(COUNT|EXISTS|LATEST|FIRST) LPAREN trigger (WHERE …)? (WITHIN …)? RPAREN
  //           | op=SUM LPAREN fieldName=ID OF trigger (WHERE …)? (WITHIN …)? RPAREN
  ExprPtr aggregate(P::AggregateContext* ctx) {
    auto e = make(ExprKind::Aggregate, range(ctx));
    switch (ctx->op->getType()) {
      case P::COUNT: e->aggregate = AggregateOp::Count; break;
      case P::EXISTS: e->aggregate = AggregateOp::Exists; break;
      case P::LATEST: e->aggregate = AggregateOp::Latest; break;
      case P::FIRST: e->aggregate = AggregateOp::First; break;
      default: e->aggregate = AggregateOp::Sum; break;
    }
    auto t = trigger(ctx->trigger());
    e->event = t.event;
    e->binder = t.binder;
    if (ctx->fieldName) e->field = name(ctx->fieldName);
    if (ctx->whereExpr) e->where = expr(ctx->whereExpr);
    if (ctx->withinExpr) e->within = expr(ctx->withinExpr);
    e->name_range = range(ctx->op);
    return e;
  }

  ExprPtr literal(P::LiteralContext* ctx) {
    auto r = range(ctx);
    if (auto* c = as<P::IntLiteralContext>(ctx)) {
      auto e = make(ExprKind::Int, r);
      e->integer = integer(c->INT()->getSymbol());
      return e;
    }
    if (auto* c = as<P::DecimalLiteralContext>(ctx)) {
      auto e = make(ExprKind::Decimal, r);
      e->decimal = decimal(c->DECIMAL()->getSymbol(), tok(c));
      return e;
    }
    if (auto* c = as<P::PercentLiteralContext>(ctx)) {
      auto e = make(ExprKind::Percent, r);
      std::string t = tok(c);
      e->decimal = decimal(c->PERCENT()->getSymbol(), t.substr(0, t.size() - 1));
      return e;
    }
    if (auto* c = as<P::MoneyLiteralContext>(ctx)) {
      auto e = make(ExprKind::Money, r);
      std::string t = tok(c);
      auto space = t.find_first_of(" \t");
      e->decimal = decimal(c->MONEY()->getSymbol(), t.substr(0, space));
      e->text = t.substr(t.size() - 3);
      if (!literals::is_known_currency(e->text))
        sink_.report<diag::kind::UnknownCurrency>(SourceRange{file_, r.end - 3, r.end}, e->text);
      return e;
    }
    if (auto* c = as<P::TextLiteralContext>(ctx)) {
      auto e = make(ExprKind::Text, r);
      e->text = text(c->STRING());
      return e;
    }
    if (auto* c = as<P::DateLiteralContext>(ctx)) {
      auto e = make(ExprKind::Date, r);
      auto d = date(c->DATE());
      e->integer = d.day;
      e->date_valid = d.valid;
      e->text = d.text;
      return e;
    }
    if (auto* c = as<P::BoolLiteralContext>(ctx)) {
      auto e = make(ExprKind::Bool, r);
      e->integer = c->TRUE() ? 1 : 0;
      return e;
    }
    auto* c = as<P::DurationLiteralContext>(ctx);
    auto e = make(ExprKind::Duration, r);
    e->integer = integer(c->INT()->getSymbol());
    switch (c->unit->getType()) {
      case P::MONTH: case P::MONTHS: e->unit = DurationUnit::Months; break;
      case P::YEAR: case P::YEARS: e->unit = DurationUnit::Years; break;
      default: e->unit = c->WORKING() ? DurationUnit::WorkingDays : DurationUnit::Days; break;
    }
    if (c->WORKING() && e->unit != DurationUnit::WorkingDays)
      sink_.report<diag::kind::UnexpectedToken>(range(c->unit), "`" + tok(c->unit) + "` after `working`")
          .hint = "only days can be working days: write `working days`";
    return e;
  }

  Decimal decimal(antlr4::Token* t, const std::string& digits) {
    if (auto d = literals::parse_decimal(digits)) return *d;
    sink_.report<diag::kind::NumberTooLarge>(range(t), digits);
    return {};
  }

  const OffsetMap& map_;
  diag::FileId file_;
  std::string_view text_;
  diag::Sink& sink_;
  const ParseOptions& options_;
  int depth_ = 0;
  bool reported_depth_ = false;
};

}  // namespace

File build_ast(P::FileContext* tree, const OffsetMap& map, diag::FileId file, std::string_view text,
               diag::Sink& sink, const ParseOptions& options) {
  return Builder(map, file, text, sink, options).file(tree);
}

}  // namespace credlex::syntax
