// The credlex policy language, v0. This file is the only place the syntax is defined;
// docs/language.md explains every rule in words. The grammar is kept SLL-friendly: every
// clause starts with its own keyword, so the fast SLL pass almost never needs the LL fallback.
grammar Credlex;

// ---------------------------------------------------------------------------------------------
// Files

file
    : policyHeader? useDecl* declaration* EOF
    ;

// policy judgment_defaulters "Title" version "2017-rev" effective 2017-05-01 [basic list]
policyHeader
    : POLICY name=ID title=STRING? headerClause*
    ;

headerClause
    : VERSION STRING            # headerVersion
    | EFFECTIVE DATE            # headerEffective
    | BASIC LIST                # headerBasicList
    // periods count from the next day basis sat_major_tax_violations art 25
    // `the` and `next` are not reserved words: they are read as names and checked when the
    // syntax tree is built (as `granted` in `expect`).
    | PERIODS COUNT FROM the=ID next=ID DAY basisClause  # headerPeriods
    ;

// use "national/basic_measures.clx" as national
useDecl
    : USE path=STRING AS alias=ID
    ;

declaration
    : documentDecl
    | entityDecl
    | seriousnessDecl
    | enumDecl
    | eventDecl
    | paramDecl
    | conditionDecl
    | listDecl
    | measureDecl
    | restorationDecl
    | gradeDecl
    | limitsDecl
    | testDecl
    ;

// ---------------------------------------------------------------------------------------------
// Declarations

// document spc_defaulters "Title" issued 2017-02-28 effective 2017-05-01 status verified source "…" rank judicial_interpretation
documentDecl
    : DOCUMENT name=ID title=STRING documentClause*
    ;

documentClause
    : ISSUED DATE               # documentIssued
    | EFFECTIVE DATE            # documentEffective
    | STATUS ID                 # documentStatus
    | SOURCE STRING             # documentSource
    | RANK ID                   # documentRank
    // art 266 authorises exit, credit_record, disclosure: the categories of measure that part of
    // the document lets an authority impose (without `art`: the whole document). `authorises` is
    // contextual; no declaration starts with a name, so it cannot be the next declaration.
    | (ART article=INT (PARA paragraph=INT)? (ITEM item=INT)?)? word=ID ID (COMMA ID)*  # documentAuthorises
    ;

// entity Enterprise { relation legal_representative -> NaturalPerson  registered: date }
entityDecl
    : ENTITY name=ID (LBRACE entityMember* RBRACE)?
    ;

entityMember
    : RELATION name=ID ARROW kind=qualifiedName   # relationMember
    | fieldDecl                                    # attributeMember
    ;

fieldDecl
    : name=ID COLON typeRef COMMA?
    ;

// `duration` is also a keyword (of `limits`), so it is named here explicitly.
typeRef
    : (qualifiedName | DURATION) (LPAREN currency=ID RPAREN)?
    ;

// seriousness minor < general < serious
seriousnessDecl
    : SERIOUSNESS ID (LT ID)*
    ;

// enum ground { able_but_refuses, obstruction }
enumDecl
    : ENUM name=ID LBRACE ID (COMMA ID)* COMMA? RBRACE
    ;

// event judgment_unperformed for NaturalPerson, Enterprise { case: text  seriousness serious }
eventDecl
    : EVENT name=ID (FOR qualifiedName (COMMA qualifiedName)*)? (LBRACE eventMember* RBRACE)?
    ;

// seriousness of p if serious_information(p) then serious else minor: with `of p` the event has a
// name, so a named condition can be called with it; without, its fields are named plainly.
// field judicial_enforcement: the field of law in which the conduct lies (No. 49: measures follow
// the field of the conduct). `field` is contextual, as in lists: `field: text` is a data field.
eventMember
    : fieldDecl                            # eventField
    | SERIOUSNESS (OF binder=ID)? expr     # eventSeriousness
    | word=ID conductField=ID              # eventConductField
    ;

// param listing_period: duration = 2 years from 2017-05-01 basis spc_defaulters art 2
// param threshold: money(CNY) = 20000 CNY within 5000 CNY .. 20000 CNY basis …: a figure the law
// lets each province fix within a range; a file that uses this one may set its own,
// param wage.threshold = 10000 CNY from 2014-01-01 basis … (the used file's alias, then the name).
paramDecl
    : PARAM name=qualifiedName (COLON typeRef)? ASSIGN expr (FROM DATE)? (WITHIN within=range)? basisClause?
    ;

// condition meets_art_6(d: tax_case_decided) = d.decision_final and … basis sat_major_tax_violations art 6
// A legal test written once and used by name in conditions: `exists(… d where meets_art_6(d))`.
conditionDecl
    : CONDITION name=ID LPAREN fieldDecl+ RPAREN ASSIGN expr basisClause?
    ;

// list judgment_defaulters "Title" of NaturalPerson, Enterprise { basis …  field …  include …  remove … }
// list bike_blacklist "Title" local of NaturalPerson { … }: `local`, a contextual word, marks a list
// applied only in one locality (No. 49 item (7): such lists rest on local regulations).
listDecl
    : LIST name=ID title=STRING? local=ID? kindList? LBRACE basisClause* listField? listRule* RBRACE
    ;

// field credibility_of_authorities, fair_competition_and_social_order
// `field` is not a reserved word (events have fields called `field`): it is read as a name here
// and its spelling is checked when the AST is built. No list rule starts with a name.
listField
    : word=ID ID (COMMA ID)*
    ;

kindList
    : OF qualifiedName (COMMA qualifiedName)*
    ;

listRule
    : INCLUDE SEPARATELY? ON trigger condition* starting? period? basisClause?       # includeRule
    | EXTEND BY (chosen=expr WITHIN)? range ON trigger condition* basisClause?         # extendRule
    | REMOVE ON trigger condition* (WITHIN deadline=expr)? basisClause?              # removeRule
    | NEVER INCLUDE ON trigger condition+ basisClause?                              # neverIncludeRule
    ;

// `restored(L) [x]`: a restoration of a listing on L granted by the event, named x (an include
// rule only; GACC Art 30 para 1: an enterprise moved off the serious list is untrustworthy for a
// year)
trigger
    : eventName=qualifiedName binder=ID?
    | RESTORED LPAREN restoredList=qualifiedName RPAREN binder=ID?
    ;

// starting after 7 working days: the listing starts when a fixed time after its event has passed
// (a publicity period, Fagai Caijin [2018] Nos. 384 and 385); its period counts from that start.
starting
    : STARTING AFTER delay=expr
    ;

condition
    : WHEN expr                 # whenCondition
    | UNLESS expr               # unlessCondition
    ;

// extend by x.period within 1 year .. 3 years on extension_decided x: the period the authority chose,
// read from its decision, within the law's range (SPC 2017 Art 2 para 1); `extend by 1 year .. 3
// years` without `within` adds the lower bound.
// for 2 years then remove within 3 working days: the authority deletes the listing within the
// deadline after its period ends (SPC 2017 Art 10 para 2).
// for e.publication_period within 0 months .. 3 months: the period the authority chose, read from its
// decision, never longer than the range's upper bound (NDRC Order 36 Art 12 para 1).
period
    : FOR (chosen=expr WITHIN)? range (THEN REMOVE WITHIN deadline=expr)?     # forPeriod
    | UNTIL REMOVED                                     # untilRemoved
    ;

range
    : low=expr (DOTDOT high=expr)?
    ;

// measure restrict_high_consumption "Title" refines national.x { basis … severity 3 … }
measureDecl
    : MEASURE name=ID title=STRING? (REFINES refinedName=qualifiedName)? LBRACE basisClause* measureClause* RBRACE
    ;

measureClause
    : CATEGORY ID                                   # measureCategory
    | SEVERITY INT                                  # measureSeverity
    | AUTHORITY STRING                              # measureAuthority
    | APPLIES TO target (COMMA target)* condition*  # measureAppliesTo
    | REACHES ID (COMMA ID)*                        # measureReaches
    | WHILE LISTED                                  # measureWhileListed
    | WHILE LISTED AND FOR range AFTER              # measureWhileListedAndAfter
    | FOR range                                     # measureFor
    | UNTIL RESTORED                                # measureUntilRestored
    | FOR LIFE                                      # measureForLife
    // for conduct in judicial_enforcement, taxation: the fields of conduct the measure's basis
    // links it to (`conduct` is contextual; no duration is a name followed by `in`)
    | FOR word=ID IN ID (COMMA ID)*                 # measureConductFields
    // for conduct in any field: the law links it to conduct in every field (Government
    // Procurement Law Art 22 para 1 item 5: no major illegal record in business activities)
    | FOR word=ID IN any=ID fieldWord=ID            # measureConductAnyField
    ;

target
    : MEMBERS OF qualifiedName                      # membersTarget
    | GRADE qualifiedName ID (OR ID)*               # gradeTarget
    | qualifiedName                                 # kindTarget
    ;

// restoration judgment_defaulters { basis …  eligible after 1 year when …  on x decide within … }
// (`within` may be left out where the law sets no deadline for the decision); `then remove within
// 5 working days`: after a grant the authority deletes the listing within that time (STA Order 54
// Art 23, SAMR Order 44 Art 18); `extend by 10 working days on decision_period_extended`: the
// authority may take that much longer when it records that event before the deadline, `… on E x
// when x.case == cause.case` when the event must be about the listing's case (NDRC Order
// 36 Art 16, SAMR Order 107 Art 16 para 3, the customs credit measures of 2026 Art 38: "if
// complex")
restorationDecl
    : RESTORATION listName=qualifiedName LBRACE basisClause* restorationRule* RBRACE
    ;

restorationRule
    : ELIGIBLE AFTER expr condition* basisClause?                   # eligibleRule
    | ON application=trigger DECIDE (WITHIN within=expr (EXTEND BY extension=expr ON extensionTrigger=trigger condition*)?)?
      (THEN REMOVE WITHIN removal=expr)? basisClause?                                     # decideRule
    | NEVER WHEN expr basisClause?                                  # neverRule
    ;

// grade tax_credit of Enterprise { basis …  levels A, B, C, D  level D when …  otherwise B }
gradeDecl
    : GRADE name=ID title=STRING? kindList? LBRACE basisClause* LEVELS ID (COMMA ID)* gradeRule* (OTHERWISE fallbackLevel=ID)? RBRACE
    ;

gradeRule
    : LEVEL ID condition+ basisClause?
    ;

// limits { basis …  severity <= seriousness + 1 … }
limitsDecl
    : LIMITS name=ID? LBRACE basisClause* limitClause* RBRACE
    ;

limitClause
    : SEVERITY LE expr basisClause?                                 # severityLimit
    | DURATION OF what=(MEASURE | LISTING) LE expr basisClause?    # durationLimit
    | CONCURRENT what=(SEVERITY | MEASURES) LE expr basisClause?   # concurrentLimit
    | REACH ONLY ID (COMMA ID)* basisClause?                        # reachOnlyLimit
    | REACH NONE basisClause?                                       # reachNoneLimit
    | BASIC LIST ONLY path=STRING basisClause?                      # basicListOnlyLimit
    | MEASURE BASIS RANK ID (COMMA ID)* basisClause?                # measureRankLimit
    | LISTS ONLY IN word=ID ID (COMMA ID)* (FOR SERIOUSNESS GE level=ID)? basisClause?  # listFieldsLimit
    // No. 49 item (7): a way off every list; the rank of the documents that create a list.
    // The words after `lists` are contextual (checked when the tree is built), not reserved.
    | LISTS need=ID removal=ID conditions=ID basisClause?             # listRemovalLimit
    // `local lists only created by rank …`: the ranks for local lists (No. 49 item (7)).
    | scope=ID? LISTS ONLY created=ID BY RANK ID (COMMA ID)* basisClause?   # listRankLimit
    | MEASURES FOR LIFE ONLY UNDER citation (COMMA citation)* basisClause?             # lifeOnlyLimit
    // No. 49 general requirements: measures follow the field of the conduct (no improper linkage).
    // The words after `measures` are contextual, as above.
    | MEASURES follow=ID the=ID field=ID OF theConduct=ID conduct=ID basisClause?       # fieldLinkageLimit
    // P1: a measure rests on an article that authorises a measure of its category (G13).
    | MEASURES ONLY AS their=ID BASIS authorises=ID basisClause?                          # authorisedLimit
    ;

// test "name" { p: NaturalPerson  c legal_representative p from …  2020-01-01 p event {…}  expect … }
testDecl
    : TEST name=STRING LBRACE testItem* RBRACE
    ;

testItem
    : name=ID COLON kindName=qualifiedName record?                                      # testEntity
    | fromEntity=ID relationName=ID toEntity=ID FROM since=DATE (UNTIL until=DATE)?                 # testRelation
    | DATE subject=ID eventName=qualifiedName record?                                   # testEvent
    | EXPECT DATE subject=ID expectation                                            # testExpect
    ;

// expect 2020-06-05 p removed from judgment_defaulters due 2020-06-10
// expect 2026-07-10 q restoration of published_penalty_information granted due 2026-07-24
expectation
    : NOT? IN qualifiedName                                 # expectMembership
    | NOT? UNDER qualifiedName                              # expectMeasure
    | GRADE qualifiedName ID                                # expectGrade
    | REMOVED FROM qualifiedName dueDate?                   # expectRemoval
    | RESTORATION OF qualifiedName outcome=ID dueDate?      # expectRestoration
    ;

// `due`, `granted` and `refused` are not reserved words: they are read as names here and their
// spelling is checked when the AST is built, so they remain usable as names everywhere else. No
// test item starts with a name followed by a date, so `due DATE` cannot be the next item.
dueDate
    : word=ID DATE
    ;

record
    : LBRACE (fieldValue (COMMA fieldValue)* COMMA?)? RBRACE
    ;

fieldValue
    : name=ID COLON expr
    ;

// basis spc_defaulters art 1 item 2, civil_procedure art 266
basisClause
    : BASIS citation (COMMA citation)*
    ;

citation
    : documentName=qualifiedName (ART article=INT (PARA paragraph=INT)? (ITEM item=INT)?)?
    ;

qualifiedName
    : ID (DOT ID)?
    ;

// ---------------------------------------------------------------------------------------------
// Expressions, loosest binding last

expr
    : primary                                                   # primaryExpr
    | expr DOT field=(ID | SERIOUSNESS)                         # fieldExpr
    | op=(NOT | MINUS) expr                                     # unaryExpr
    | expr op=(STAR | SLASH) expr                               # binaryExpr
    | expr op=(PLUS | MINUS) expr                               # binaryExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr                # binaryExpr
    | expr IS qualifiedName                                     # isExpr
    | expr op=AND expr                                          # binaryExpr
    | expr op=OR expr                                           # binaryExpr
    | IF expr THEN expr ELSE expr                               # ifExpr
    ;

primary
    : literal                                                   # literalPrimary
    | aggregate                                                 # aggregatePrimary
    | callee=(ID | LISTED) LPAREN (expr (COMMA expr)*)? RPAREN  # callPrimary
    | alias=ID DOT callee=ID LPAREN (expr (COMMA expr)*)? RPAREN  # qualifiedCallPrimary
    | ID                                                        # namePrimary
    | CAUSE                                                     # causePrimary
    | SELF                                                      # selfPrimary
    | SERIOUSNESS                                               # seriousnessPrimary
    | LPAREN expr RPAREN                                        # parenPrimary
    ;

// count(E [x] [where c] [within d]) · exists(…) · latest(…) · first(…) · sum(field of E …)
aggregate
    : op=(COUNT | EXISTS | LATEST | FIRST) LPAREN trigger (WHERE whereExpr=expr)? (WITHIN withinExpr=expr)? RPAREN
    | op=SUM LPAREN fieldName=ID OF trigger (WHERE whereExpr=expr)? (WITHIN withinExpr=expr)? RPAREN
    ;

literal
    : INT                                   # intLiteral
    | DECIMAL                               # decimalLiteral
    | PERCENT                               # percentLiteral
    | MONEY                                 # moneyLiteral
    | STRING                                # textLiteral
    | DATE                                  # dateLiteral
    | (TRUE | FALSE)                        # boolLiteral
    | INT WORKING? unit=(DAY | DAYS | MONTH | MONTHS | YEAR | YEARS)  # durationLiteral
    ;

// ---------------------------------------------------------------------------------------------
// Lexer. Keywords are reserved words; docs/language.md lists them.

AFTER: 'after'; AND: 'and'; APPLIES: 'applies'; ART: 'art'; AS: 'as'; AUTHORITY: 'authority';
BASIC: 'basic'; BASIS: 'basis'; BY: 'by'; CATEGORY: 'category'; CAUSE: 'cause';
CONCURRENT: 'concurrent'; CONDITION: 'condition'; COUNT: 'count'; DECIDE: 'decide'; DOCUMENT: 'document';
DURATION: 'duration'; EFFECTIVE: 'effective'; ELIGIBLE: 'eligible'; ELSE: 'else'; ENTITY: 'entity';
ENUM: 'enum'; EVENT: 'event'; EXISTS: 'exists'; EXPECT: 'expect'; EXTEND: 'extend'; FALSE: 'false';
FIRST: 'first'; FOR: 'for'; FROM: 'from'; GRADE: 'grade'; IF: 'if'; IN: 'in'; INCLUDE: 'include'; IS: 'is';
ISSUED: 'issued'; ITEM: 'item'; LATEST: 'latest'; LIFE: 'life'; LEVEL: 'level'; LEVELS: 'levels';
LIMITS: 'limits'; LIST: 'list'; LISTED: 'listed'; LISTING: 'listing'; LISTS: 'lists'; MEASURE: 'measure';
MEASURES: 'measures'; MEMBERS: 'members'; NEVER: 'never'; NONE: 'none'; NOT: 'not'; OF: 'of';
ON: 'on'; ONLY: 'only'; OR: 'or'; OTHERWISE: 'otherwise'; PARA: 'para'; PARAM: 'param'; PERIODS: 'periods';
POLICY: 'policy'; RANK: 'rank'; REACH: 'reach'; REACHES: 'reaches'; REFINES: 'refines'; RELATION: 'relation';
REMOVE: 'remove'; REMOVED: 'removed'; RESTORATION: 'restoration'; RESTORED: 'restored';
SELF: 'self'; SEPARATELY: 'separately'; SERIOUSNESS: 'seriousness'; SEVERITY: 'severity';
SOURCE: 'source'; STARTING: 'starting'; STATUS: 'status'; SUM: 'sum'; TEST: 'test'; THEN: 'then'; TO: 'to';
TRUE: 'true'; UNDER: 'under'; UNLESS: 'unless'; UNTIL: 'until'; USE: 'use'; VERSION: 'version';
WHEN: 'when'; WHERE: 'where'; WHILE: 'while'; WITHIN: 'within'; WORKING: 'working';
DAY: 'day'; DAYS: 'days'; MONTH: 'month'; MONTHS: 'months'; YEAR: 'year'; YEARS: 'years';

// 10000 CNY, 10000.50 CNY: amount and ISO 4217 currency code are one token, so a currency can
// never be mistaken for a name that follows a number.
MONEY: DIGITS ('.' DIGITS)? [ \t]+ [A-Z] [A-Z] [A-Z];
DATE: [0-9] [0-9] [0-9] [0-9] '-' [0-9] [0-9] '-' [0-9] [0-9];
PERCENT: DIGITS ('.' DIGITS)? '%';
DECIMAL: DIGITS '.' DIGITS;
INT: DIGITS;
fragment DIGITS: [0-9]+;

// Escapes are checked when the literal is read, so a bad escape gets a precise message.
STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
UNTERMINATED_STRING: '"' (~["\\\r\n] | '\\' ~[\r\n])*;
ID: [a-zA-Z_] [a-zA-Z_0-9]*;

ARROW: '->'; DOTDOT: '..'; DOT: '.'; COMMA: ','; COLON: ':'; LPAREN: '('; RPAREN: ')';
LBRACE: '{'; RBRACE: '}'; EQ: '=='; NE: '!='; LE: '<='; GE: '>='; LT: '<'; GT: '>';
ASSIGN: '='; PLUS: '+'; MINUS: '-'; STAR: '*'; SLASH: '/';

// Comments are kept (on their own channel) so that `credlex fmt` can put them back.
COMMENT: '//' ~[\r\n]* -> channel(2);
WS: [ \t\r\n\u000C\uFEFF]+ -> skip;

// Any other character is a token of its own, so the parser reports it where it stands.
UNKNOWN_CHAR: .;
