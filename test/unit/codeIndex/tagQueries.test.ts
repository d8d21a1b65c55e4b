// Each language's tag query, run by the real tree-sitter grammars: what a definition lookup needs
// (names, kinds, lines, scopes) and the references that connect files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TreeSitterTagger } from '../../../src/node/codeIndex/treeSitterTagger';
import { LANGUAGES, languageOf, symbolsFromMatches, type LanguageId } from '../../../src/core/codeIndex';

const tagger = new TreeSitterTagger();

async function symbols(language: LanguageId, source: string) {
  return symbolsFromMatches(await tagger.tag(language, source), source);
}

/** `name kind line scope` for each definition, to compare in one assertion. */
async function defs(language: LanguageId, source: string): Promise<string[]> {
  return (await symbols(language, source)).definitions.map((d) => `${d.name} ${d.kind} ${d.line}${d.scope ? ` ${d.scope}` : ''}${d.declaration ? ' decl' : ''}`);
}

test('every language has a grammar and a query that compile', async () => {
  for (const language of LANGUAGES) await tagger.tag(language, '');
});

test('TypeScript: functions, classes, methods, interfaces, types, enums, namespaces, arrow functions, overloads', async () => {
  assert.deepEqual(await defs('typescript', [
    'export function parse(a: string): Config { return new Config(load(a)); }',
    'export abstract class Store<T> extends Base implements Saver {',
    '  constructor() { super(); }',
    '  abstract save(x: T): void;',
    '  get size() { return 1; }',
    '  #secret() {}',
    '}',
    'interface Saver { save(x: unknown): void }',
    'type Id = string;',
    'enum Color { Red }',
    'namespace Tools { export const x = 1; }',
    'export const double = (n: number) => n * 2;',
    'function over(a: string): void;',
    'function over(a: unknown) {}',
  ].join('\n')), [
    'parse function 1', 'Store class 2', 'constructor method 3 Store', 'save method 4 Store decl', 'size method 5 Store', '#secret method 6 Store',
    'Saver interface 8', 'save method 8 Saver decl', 'Id type 9', 'Color enum 10', 'Tools module 11', 'double function 12', 'over function 13 decl', 'over function 14',
  ]);
  const refs = (await symbols('typescript', 'const c: Config = build(x); obj.run(); new Thing();')).references.map((r) => r.name).sort();
  assert.deepEqual(refs, ['Config', 'Thing', 'build', 'run']);
});

test('TSX parses JSX around the definitions', async () => {
  assert.deepEqual(await defs('tsx', 'export function App(): JSX.Element {\n  return <div onClick={() => go()}>hi</div>;\n}\nclass View {}'), ['App function 1', 'View class 4']);
});

test('JavaScript: declarations, generators, class members, function-valued variables, properties and prototypes', async () => {
  assert.deepEqual(await defs('javascript', [
    'function f() {}', 'function* gen() {}', 'class A extends B { m() { helper(); } static s() {} }',
    'const h = () => 1, k = function () {};', 'module.exports.exported = function () {};', 'A.prototype.proto = function () {};', 'const o = { short() {}, arrow: () => 1 };',
  ].join('\n')), ['f function 1', 'gen function 2', 'A class 3', 'm method 3 A', 's method 3 A', 'h function 4', 'k function 4', 'exported function 5', 'proto function 6', 'short method 7', 'arrow function 7']);
});

test('Python: classes, functions and methods (decorated too), with calls and bases as references', async () => {
  const source = '@dataclass\nclass Point(Base):\n    def dist(self, other: "Point") -> float:\n        return math.hypot(self.x - other.x)\n\nasync def main():\n    pass\n';
  assert.deepEqual(await defs('python', source), ['Point class 2', 'dist method 3 Point', 'main function 6']);
  assert.deepEqual((await symbols('python', source)).references.map((r) => r.name).sort(), ['Base', 'dataclass', 'float', 'hypot']);
});

test('Go: functions, methods with their receiver as scope, structs, interfaces, type definitions and aliases', async () => {
  assert.deepEqual(await defs('go', [
    'package p', 'type Server struct { addr string }', 'type Handler interface { Serve() }', 'type ID = int', 'type HandlerFunc func()',
    'func (s *Server) Start(h Handler) error { return listen(s.addr) }', 'func (s Server) Name() string { return "" }', 'func New() *Server { return &Server{} }',
  ].join('\n')), ['Server struct 2', 'Handler interface 3', 'Serve method 3 Handler decl', 'ID type 4', 'HandlerFunc type 5', 'Start method 6 Server', 'Name method 7 Server', 'New function 8']);
});

test('Go: each use of a type or call counts once, a package-qualified type too', async () => {
  const { references } = await symbols('go', [
    'package p', 'import "net/http"', 'func Serve(w http.ResponseWriter, r *http.Request) Config {', '  var c Config', '  handle(w)', '  return c', '}',
  ].join('\n'));
  assert.deepEqual(references.map((r) => `${r.name} ${r.count} ${r.lines.join(',')}`).sort(), ['Config 2 3,4', 'Request 1 3', 'ResponseWriter 1 3', 'handle 1 5']);
});

test('Rust: items, trait methods, impl blocks as the scope of their functions, macros', async () => {
  assert.deepEqual(await defs('rust', [
    'struct Point { x: i32 }', 'enum Shape { Circle }', 'trait Draw { fn draw(&self); fn hint(&self) {} }',
    'impl<T> Draw for Wrapper<T> { fn draw(&self) { render(); self.flush(); } }', 'impl Point { pub fn new() -> Self { Point { x: 0 } } }',
    'type Meters = f64;', 'mod geometry {}', 'macro_rules! square { ($x:expr) => { $x * $x } }', 'union Bits { a: u32 }', 'fn main() { square!(2); }',
  ].join('\n')), [
    'Point struct 1', 'Shape enum 2', 'Draw trait 3', 'draw method 3 Draw decl', 'hint method 3 Draw', 'draw method 4 Wrapper', 'new method 5 Point',
    'Meters type 6', 'geometry module 7', 'square macro 8', 'Bits struct 9', 'main function 10',
  ]);
});

test('Java: each use of a type counts once, a constructor call too', async () => {
  const { references } = await symbols('java', 'class A { Log make(Item x) { store.put(x); return new Log(); } }');
  assert.deepEqual(references.map((r) => `${r.name} ${r.count}`).sort(), ['Item 1', 'Log 2', 'put 1']);
});

test('Java: classes, records, interfaces, annotations, enums, methods and constructors', async () => {
  assert.deepEqual(await defs('java', [
    '@Entity', 'public class Account extends Base implements Saver {', '  public Account() {}', '  @Override public void save(Item x) { store.put(x); new Log(); }',
    '  enum State { OPEN }', '  record Pair(int a) {}', '}', 'interface Saver { void save(Item x); }', '@interface Entity {}',
  ].join('\n')), ['Account class 2', 'Account method 3 Account', 'save method 4 Account', 'State enum 5 Account', 'Pair class 6 Account', 'Saver interface 8', 'save method 8 Saver decl', 'Entity interface 9']);
});

test('C and C++: functions (through pointers), prototypes, members defined out of class, types, namespaces, macros', async () => {
  assert.deepEqual(await defs('c', [
    '#define MAX(a, b) ((a) > (b) ? (a) : (b))', 'typedef struct node { int v; } node_t;', 'static char *name_of(int id) { return lookup(id); }', 'int count(void);', 'enum color { RED };',
  ].join('\n')), ['MAX macro 1', 'node struct 2', 'node_t type 2', 'name_of function 3', 'count function 4 decl', 'color enum 5']);
  assert.deepEqual(await defs('cpp', [
    'namespace geo {', 'class Shape { public: virtual double area() const; int id() { return 1; } };', '}', 'double geo::Shape::area() const { return compute(); }', 'template <typename T> T twice(T x) { return x * 2; }',
  ].join('\n')), ['geo module 1', 'Shape class 2 geo', 'area method 2 Shape decl', 'id method 2 Shape', 'area method 4 geo::Shape', 'twice function 5']);
});

test('C#: namespaces, classes, structs, records, interfaces, enums, delegates, methods', async () => {
  assert.deepEqual(await defs('csharp', [
    'namespace App {', '  public class Order : Entity, IOrder { public Order() {} public void Ship(int n) { Notify(); repo.Save(this); } }',
    '  interface IOrder { void Ship(int n); }', '  struct Money {}', '  enum Status { New }', '  record Line(int Qty);', '  delegate void Handler();', '}',
  ].join('\n')), ['App module 1', 'Order class 2 App', 'Order method 2 Order', 'Ship method 2 Order', 'IOrder interface 3 App', 'Ship method 3 IOrder decl', 'Money struct 4 App', 'Status enum 5 App', 'Line class 6 App', 'Handler type 7 App']);
});

test('Ruby: modules, classes (also Outer::Inner), instance and singleton methods', async () => {
  assert.deepEqual(await defs('ruby', 'module Shop\n  class Cart < Base\n    def add(item) validate(item); items.push(item) end\n    def self.empty; end\n  end\n  class Billing::Invoice; end\nend\n'),
    ['Shop module 1', 'Cart class 2 Shop', 'add method 3 Cart', 'empty method 4 Cart', 'Invoice class 6 Shop']);
});

test('PHP: classes, interfaces, traits, enums, functions, methods', async () => {
  assert.deepEqual(await defs('php', '<?php\nnamespace App;\ninterface Repo { function find(); }\ntrait Logs { public function log() {} }\nenum Kind { case A; }\nclass Users extends Base implements Repo { public function find() { helper(); $this->log(); new Query(); } }\nfunction helper(): void {}\n'),
    ['Repo interface 3', 'find method 3 Repo decl', 'Logs trait 4', 'log method 4 Logs', 'Kind enum 5', 'Users class 6', 'find method 6 Users', 'helper function 7']);
});

test('a file that does not parse still gives what its intact parts define', async () => {
  const broken = 'function ok() { return 1; }\nconst x = ;;; @@@ ]\nclass StillHere { m() {} }\n';
  const names = (await defs('typescript', broken)).map((d) => d.split(' ')[0]);
  assert.ok(names.includes('ok') && names.includes('StillHere'), names.join(', '));
  const py = await defs('python', 'def good():\n    pass\n\ndef bad(:\n    pass\n\nclass After:\n    pass\n');
  assert.ok(py.some((d) => d.startsWith('good')) && py.some((d) => d.startsWith('After')), py.join(', '));
});

test('file types: source extensions map to languages; generated, minified and other files are not indexed', () => {
  assert.equal(languageOf('src/a.ts'), 'typescript');
  assert.equal(languageOf('src/a.tsx'), 'tsx');
  assert.equal(languageOf('lib/x.mjs'), 'javascript');
  assert.equal(languageOf('pkg/a.go'), 'go');
  assert.equal(languageOf('inc/a.h'), 'c');
  assert.equal(languageOf('inc/a.hpp'), 'cpp');
  assert.equal(languageOf('App.cs'), 'csharp');
  assert.equal(languageOf('Rakefile'), 'ruby');
  assert.equal(languageOf('dist/app.min.js'), undefined);
  assert.equal(languageOf('api/x.pb.go'), undefined);
  assert.equal(languageOf('README.md'), undefined);
  assert.equal(languageOf('.ts'), undefined);
});
