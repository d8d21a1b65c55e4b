// The reference graph's edges and slots, stated by hand for a few files: who links to whom, with
// which weight, through which definitions, and which names are too common to link anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, GraphRowsCache, nameWeight, UNNAMED_RECEIVER_WEIGHT, type ReferenceGraph } from '../../../src/core/codeIndex/graph';
import { migrate } from '../../../src/core/codeIndex/schema';
import { IndexStore } from '../../../src/core/codeIndex/store';
import type { FileSymbols } from '../../../src/core/codeIndex/symbols';
import { loadSqlEngine } from '../../../src/node/codeIndex/sqlJsEngine';

async function storeWith(files: Record<string, { defs?: [string, number][]; refs?: [string, number][] }>): Promise<IndexStore> {
  const db = (await loadSqlEngine()).open();
  migrate(db);
  const store = new IndexStore(db);
  for (const [path, { defs = [], refs = [] }] of Object.entries(files)) put(store, path, defs, refs);
  return store;
}

function put(store: IndexStore, path: string, defs: [string, number][], refs: [string, number][]): void {
  const symbols: FileSymbols = {
    definitions: defs.map(([name, line]) => ({ name, kind: 'function', line, startLine: line, endLine: line, signature: `def ${name}`, scope: '', declaration: false })),
    references: refs.map(([name, count]) => ({ name, count, bare: count, lines: [1] })),
  };
  store.putFile({ path, language: 'python', size: 1, mtime: 1, hash: path, status: 'ok' }, symbols);
}

/** Edges as "from → to name weight via slot-file/name first second", sorted. */
function edges(g: ReferenceGraph): string[] {
  return [...g.src].map((s, e) => {
    const slot = g.edgeSlot[e]!;
    return `${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.names[g.edgeName[e]!]} ${g.weight[e]!.toFixed(4)} via ${g.paths[g.slotFile[slot]!]}/${g.names[g.slotName[slot]!]} ${g.slotDef[slot]} ${g.slotDef2[slot]}`;
  }).sort();
}

test('an edge goes from each file using a name to each file defining it, weighted by the name and the square root of its uses', async () => {
  const store = await storeWith({
    'a.py': { defs: [['parse_config', 3], ['helper', 5], ['parse_config', 9], ['parse_config', 12]] },
    'b.py': { defs: [['helper', 1]], refs: [['parse_config', 4], ['helper', 1], ['missing', 2]] },
    'c.py': { refs: [['helper', 9]] },
  });
  const g = buildGraph(store);
  assert.deepEqual(g.paths, ['a.py', 'b.py', 'c.py']);
  const w = (name: string, uses: number, definers: number) => (nameWeight(name, definers) * Math.sqrt(uses)).toFixed(4);
  assert.deepEqual(edges(g), [
    // the first two of a.py's three parse_config definitions are where its rank goes
    `b.py → a.py parse_config ${w('parse_config', 4, 1)} via a.py/parse_config 0 2`,
    // helper is defined in two files: an edge to each, b.py's own included
    `b.py → a.py helper ${w('helper', 1, 2)} via a.py/helper 1 -1`,
    `b.py → b.py helper ${w('helper', 1, 2)} via b.py/helper 0 -1`,
    `c.py → a.py helper ${w('helper', 9, 2)} via a.py/helper 1 -1`,
    `c.py → b.py helper ${w('helper', 9, 2)} via b.py/helper 0 -1`,
  ].sort());
  assert.ok(edges(g).includes('b.py → a.py parse_config 20.0000 via a.py/parse_config 0 2'), 'a specific name (×10) used 4 times (×√4)');
  assert.deepEqual([...g.definers(g.nameIds.get('helper')!)], [0, 1]);
  assert.deepEqual([...g.definers(g.nameIds.get('missing')!)], [], 'used, defined nowhere: no edges, no definers');
});

test('a name defined in more than 30 files links nothing, yet its definers are all known', async () => {
  const files: Record<string, { defs?: [string, number][]; refs?: [string, number][] }> = { 'user.py': { refs: [['get', 3], ['rare', 1]] } };
  for (let i = 0; i < 31; i++) files[`m${String(i).padStart(2, '0')}.py`] = { defs: [['get', 1]] };
  files['m00.py']!.defs!.push(['rare', 2]);
  const g = buildGraph(await storeWith(files));
  assert.deepEqual(edges(g).map((e) => e.split(' ').slice(0, 4).join(' ')), ['user.py → m00.py rare']);
  assert.equal(g.definers(g.nameIds.get('get')!).length, 31);
});

test('after a file changes, the graph kept with a cache follows it as a fresh build would', async () => {
  const store = await storeWith({
    'a.py': { defs: [['run', 1]] },
    'b.py': { refs: [['run', 2]] },
    'c.py': { defs: [['stop', 1]] },
  });
  const cache = new GraphRowsCache();
  assert.deepEqual(edges(buildGraph(store, cache)).map((e) => e.split(' ').slice(0, 4).join(' ')), ['b.py → a.py run']);
  // run moves to c.py, b.py now uses stop too; a new file uses run
  put(store, 'a.py', [], []);
  put(store, 'c.py', [['stop', 1], ['run', 4]], []);
  put(store, 'b.py', [], [['run', 2], ['stop', 1]]);
  put(store, 'aa.py', [], [['run', 1]]);
  const kept = buildGraph(store, cache);
  assert.deepEqual(kept.paths, ['a.py', 'aa.py', 'b.py', 'c.py']);
  assert.deepEqual(edges(kept).map((e) => e.split(' ').slice(0, 4).join(' ')), ['aa.py → c.py run', 'b.py → c.py run', 'b.py → c.py stop']);
  assert.deepEqual(edges(kept), edges(buildGraph(new IndexStore(store.db))));
});

test('kept with a cache through random changes (files added, changed, removed, ids reused, names gone), the graph is always the one built afresh', async () => {
  const store = await storeWith({});
  const cache = new GraphRowsCache();
  let seed = 7;
  const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const names = ['run', 'stop', 'parse_config', 'Helper', '_private', 'x', ...Array.from({ length: 34 }, (_, i) => `common${i % 2}`)];
  const live = new Set<string>();
  for (let step = 0; step < 300; step++) {
    const path = `f${random(12)}.py`;
    if (live.has(path) && random(4) === 0) {
      store.removeFile(store.file(path)!.id);
      live.delete(path);
    } else {
      const defs = Array.from({ length: random(4) }, (_, i) => [names[random(names.length)]!, i + 1] as [string, number]);
      const refs = Array.from({ length: random(5) }, () => [random(3) === 0 ? `fresh${step}` : names[random(names.length)]!, 1 + random(3)] as [string, number]);
      put(store, path, defs, refs);
      live.add(path);
    }
    if (random(3) === 0) continue; // several changes between two graphs, as saves come in bursts
    const kept = buildGraph(store, cache);
    const fresh = buildGraph(new IndexStore(store.db));
    assert.deepEqual(kept.paths, fresh.paths, `paths after step ${step}`);
    assert.deepEqual(edges(kept), edges(fresh), `edges after step ${step}`);
    const definers = (g: ReferenceGraph) => g.names.map((name, id) => `${name}: ${g.definers(id).map((f) => g.paths[f]).join(' ')}`).filter((line) => !line.endsWith(': ')).sort();
    assert.deepEqual(definers(kept), definers(fresh), `definers after step ${step}`);
  }
});

test('a graph answers definers only for the names it was built with, not for names a later build added', async () => {
  const store = await storeWith({ 'a.py': { defs: [['run', 1]] } });
  const cache = new GraphRowsCache();
  const older = buildGraph(store, cache);
  put(store, 'b.py', [['later', 1]], []);
  const newer = buildGraph(store, cache);
  const later = newer.nameIds.get('later')!;
  assert.deepEqual([...newer.definers(later)], [1]);
  assert.deepEqual([...older.definers(later)], []);
});

test('a function local to another one is no other file\'s target: no edge reaches it, the pinned focus still finds it', async () => {
  const db = (await loadSqlEngine()).open();
  migrate(db);
  const store = new IndexStore(db);
  const def = (name: string, kind: 'function' | 'method' | 'class', startLine: number, endLine: number, signature = `function ${name}() {`) =>
    ({ name, kind, line: startLine, startLine, endLine, signature, scope: '', declaration: false });
  store.putFile({ path: 'list.ts', language: 'typescript', size: 1, mtime: 1, hash: 'l', status: 'ok' }, {
    definitions: [def('push', 'function', 1, 3)], references: [],
  });
  store.putFile({ path: 'render.ts', language: 'typescript', size: 1, mtime: 1, hash: 'r', status: 'ok' }, {
    // render's closures (push, emitRow), and the object it returns, whose method (flush) is reached through that object
    definitions: [def('render', 'function', 1, 20), def('push', 'function', 2, 4, 'const push = (x) => {'), def('emitRow', 'function', 5, 6, 'const emitRow = () => {'),
      def('flush', 'method', 8, 9, 'flush() {')],
    references: [{ name: 'push', count: 2, bare: 2, lines: [10, 11] }],
  });
  store.putFile({ path: 'app.ts', language: 'typescript', size: 1, mtime: 1, hash: 'a', status: 'ok' }, {
    definitions: [], references: [{ name: 'push', count: 1, bare: 1, lines: [3] }, { name: 'emitRow', count: 1, bare: 1, lines: [4] }, { name: 'flush', count: 1, bare: 1, lines: [5] }],
  });
  const g = buildGraph(store);
  const targets = [...g.src].map((s, e) => `${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.names[g.edgeName[e]!]}`).sort();
  // render.ts's own push and emitRow are its insides, and what its own uses of push most likely mean
  assert.deepEqual(targets, ['app.ts → list.ts push', 'app.ts → render.ts flush']);
  assert.deepEqual(g.definitions[g.paths.indexOf('render.ts')]!.map((d) => `${g.names[d.nameId]}${d.local ? ' local' : ''}`), ['render', 'push local', 'emitRow local', 'flush']);
  assert.deepEqual([...g.definers(g.nameIds.get('emitRow')!)], [g.paths.indexOf('render.ts')], 'a task naming emitRow still finds its file');
  assert.deepEqual([...g.definers(g.nameIds.get('push')!)], [g.paths.indexOf('list.ts'), g.paths.indexOf('render.ts')]);
});

test('a name reached only through a value links weakly to a method of a type the file never names; naming the type, a bare use or a free function link fully', async () => {
  const db = (await loadSqlEngine()).open();
  migrate(db);
  const store = new IndexStore(db);
  const file = (path: string, symbols: FileSymbols) => store.putFile({ path, language: 'typescript', size: 1, mtime: 1, hash: path, status: 'ok' }, symbols);
  const def = (name: string, kind: 'function' | 'method' | 'class', line: number, scope = '') => ({ name, kind, line, startLine: line, endLine: line + 2, signature: `${name}() {`, scope, declaration: false });
  const ref = (name: string, count: number, bare: number) => ({ name, count, bare, lines: [1] });
  file('stack.ts', { definitions: [def('Stack', 'class', 1), def('push', 'method', 2, 'Stack')], references: [] });
  file('util.ts', { definitions: [def('flatten', 'function', 1)], references: [] });
  // items.push(): an array's, most likely
  file('list.ts', { definitions: [], references: [ref('push', 3, 0)] });
  // stack.push() where the file names Stack (a type, a constructor, an import)
  file('undo.ts', { definitions: [], references: [ref('push', 1, 0), ref('Stack', 1, 1)] });
  // push() bare (an inherited method, a function)
  file('sub.ts', { definitions: [], references: [ref('push', 1, 1)] });
  // util.flatten(): a module's free function
  file('app.ts', { definitions: [], references: [ref('flatten', 1, 0)] });
  const g = buildGraph(store);
  const weights = Object.fromEntries([...g.src].map((s, e) => [`${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.names[g.edgeName[e]!]}`, g.weight[e]!]));
  const full = (name: string, uses: number) => nameWeight(name, 1) * Math.sqrt(uses);
  assert.deepEqual(weights, {
    'list.ts → stack.ts push': full('push', 3) * UNNAMED_RECEIVER_WEIGHT,
    'undo.ts → stack.ts push': full('push', 1),
    'undo.ts → stack.ts Stack': full('Stack', 1),
    'sub.ts → stack.ts push': full('push', 1),
    'app.ts → util.ts flatten': full('flatten', 1),
  });
  const users = (name: string) => g.users(g.nameIds.get(name)!).map((f) => g.paths[f]);
  assert.deepEqual(users('push'), ['sub.ts', 'undo.ts'], 'the files whose use can mean Stack.push: a task changing it needs those, not list.ts');
  assert.deepEqual(users('flatten'), ['app.ts']);
});

test('a value typed as a supertype of a method\'s class can mean the method, one typed as a subtype too unless it overrides it; a sibling class cannot', async () => {
  const db = (await loadSqlEngine()).open();
  migrate(db);
  const store = new IndexStore(db);
  const file = (path: string, symbols: FileSymbols) => store.putFile({ path, language: 'php', size: 1, mtime: 1, hash: path, status: 'ok' }, symbols);
  const type = (name: string, kind: 'class' | 'interface', bases: string[] = []) => ({ name, kind, line: 1, startLine: 1, endLine: 9, signature: name, scope: '', declaration: false, ...(bases.length ? { bases } : {}) });
  const method = (name: string, scope: string) => ({ name, kind: 'method' as const, line: 2, startLine: 2, endLine: 3, signature: name, scope, declaration: true });
  const uses = (type: string) => ({ definitions: [], references: [{ name: type, count: 1, bare: 1, lines: [1] }, { name: 'getConfiguration', count: 1, bare: 0, lines: [2] }] });
  // ConfigurationProviderInterface declares it; BuilderInterface extends that; Environment implements BuilderInterface.
  file('Provider.php', { definitions: [type('ConfigurationProviderInterface', 'interface'), method('getConfiguration', 'ConfigurationProviderInterface')], references: [] });
  file('Builder.php', { definitions: [type('BuilderInterface', 'interface', ['ConfigurationProviderInterface'])], references: [] });
  file('Environment.php', { definitions: [type('Environment', 'class', ['BuilderInterface']), method('getConfiguration', 'Environment')], references: [] });
  file('Sibling.php', { definitions: [type('Sibling', 'class', ['BuilderInterface'])], references: [] });
  file('Unrelated.php', { definitions: [type('Unrelated', 'class')], references: [] });
  file('Extension.php', uses('BuilderInterface')); // a subtype of the declaring interface, a supertype of Environment
  file('Cousin.php', uses('Sibling')); // inherits the interface's method, is no Environment
  file('Other.php', uses('Unrelated'));
  // A subtype defining the method itself overrides it: a value of it never runs the others'.
  file('Leaf.php', { definitions: [type('Leaf', 'class', ['Environment']), method('getConfiguration', 'Leaf')], references: [] });
  file('LeafUser.php', uses('Leaf'));
  // …and so does an override between: a LeafChild runs Leaf's, never Environment's.
  file('LeafChild.php', { definitions: [type('LeafChild', 'class', ['Leaf'])], references: [] });
  file('LeafChildUser.php', uses('LeafChild'));
  // A root every class names (Python's `object`) declares no such method: a call through it is no call to one.
  file('Conn.php', { definitions: [type('Conn', 'class', ['object']), method('getConfiguration', 'Conn')], references: [] });
  file('Script.php', uses('object'));
  const g = buildGraph(store);
  const weight = (from: string, to: string) => [...g.src].flatMap((s, e) => (g.paths[s] === from && g.paths[g.dst[e]!] === to && g.names[g.edgeName[e]!] === 'getConfiguration' ? [g.weight[e]!] : []))[0];
  const full = nameWeight('getConfiguration', 4);
  assert.equal(weight('Extension.php', 'Provider.php'), full, 'BuilderInterface inherits the method it declares');
  assert.equal(weight('Extension.php', 'Environment.php'), full, 'a BuilderInterface may be an Environment');
  assert.equal(weight('Cousin.php', 'Provider.php'), full, 'Sibling inherits it too');
  assert.equal(weight('Cousin.php', 'Environment.php'), full * UNNAMED_RECEIVER_WEIGHT, 'a Sibling is never an Environment');
  assert.equal(weight('Other.php', 'Provider.php'), full * UNNAMED_RECEIVER_WEIGHT);
  assert.equal(weight('Other.php', 'Environment.php'), full * UNNAMED_RECEIVER_WEIGHT);
  assert.equal(weight('LeafUser.php', 'Leaf.php'), full);
  assert.equal(weight('LeafUser.php', 'Environment.php'), full * UNNAMED_RECEIVER_WEIGHT, 'Leaf overrides it');
  assert.equal(weight('LeafUser.php', 'Provider.php'), full * UNNAMED_RECEIVER_WEIGHT);
  assert.equal(weight('Extension.php', 'Leaf.php'), full, 'a BuilderInterface may be a Leaf too');
  assert.equal(weight('LeafChildUser.php', 'Leaf.php'), full);
  assert.equal(weight('LeafChildUser.php', 'Environment.php'), full * UNNAMED_RECEIVER_WEIGHT, 'Leaf overrides it on the way');
  assert.equal(weight('Script.php', 'Conn.php'), full * UNNAMED_RECEIVER_WEIGHT, 'object declares no getConfiguration');
  assert.deepEqual(g.users(g.nameIds.get('getConfiguration')!).map((f) => g.paths[f]), ['Cousin.php', 'Extension.php', 'LeafChildUser.php', 'LeafUser.php']);
});

test('a definition in a folder of test inputs is reached only from inside it: no edge, no caller from outside', async () => {
  const store = await storeWith({
    'pkg/util.py': { defs: [['normalize_path', 1]] },
    'pkg/testdata/sample.py': { defs: [['normalize_path', 1], ['fixture_only', 3]], refs: [['normalize_path', 1]] },
    'pkg/testdata/other.py': { refs: [['fixture_only', 1]] },
    'app.py': { refs: [['normalize_path', 2], ['fixture_only', 1]] },
  });
  const g = buildGraph(store);
  const targets = [...g.src].map((s, e) => `${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.names[g.edgeName[e]!]}`).sort();
  assert.deepEqual(targets, [
    'app.py → pkg/util.py normalize_path',
    'pkg/testdata/other.py → pkg/testdata/sample.py fixture_only',
    'pkg/testdata/sample.py → pkg/testdata/sample.py normalize_path',
    'pkg/testdata/sample.py → pkg/util.py normalize_path',
  ]);
  assert.deepEqual(g.users(g.nameIds.get('fixture_only')!).map((f) => g.paths[f]), ['pkg/testdata/other.py']);
  assert.deepEqual([...g.definers(g.nameIds.get('normalize_path')!)].map((f) => g.paths[f]), ['pkg/testdata/sample.py', 'pkg/util.py'], 'still found by name');
});

test('a member with no type to name (an object literal\'s method) links fully; a qualified scope is named by its last part', async () => {
  const db = (await loadSqlEngine()).open();
  migrate(db);
  const store = new IndexStore(db);
  const file = (path: string, symbols: FileSymbols) => store.putFile({ path, language: 'cpp', size: 1, mtime: 1, hash: path, status: 'ok' }, symbols);
  const def = (name: string, kind: 'method' | 'class', scope = '') => ({ name, kind, line: 1, startLine: 1, endLine: 3, signature: name, scope, declaration: false });
  file('api.js', { definitions: [def('fetchUserProfile', 'method')], references: [] });
  file('app.js', { definitions: [], references: [{ name: 'fetchUserProfile', count: 1, bare: 0, lines: [2] }] });
  file('foo.cpp', { definitions: [def('frobnicateAll', 'method', 'ns::Foo')], references: [] });
  file('use.cpp', { definitions: [], references: [{ name: 'Foo', count: 1, bare: 1, lines: [1] }, { name: 'frobnicateAll', count: 1, bare: 0, lines: [2] }] });
  const g = buildGraph(store);
  const weights = Object.fromEntries([...g.src].map((s, e) => [`${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.names[g.edgeName[e]!]}`, g.weight[e]!]));
  assert.deepEqual(weights, {
    'app.js → api.js fetchUserProfile': nameWeight('fetchUserProfile', 1),
    'use.cpp → foo.cpp frobnicateAll': nameWeight('frobnicateAll', 1),
  });
});

test('copies of a name under testdata do not make it common for the code outside', async () => {
  const files: Record<string, { defs?: [string, number][]; refs?: [string, number][] }> = {
    'src/parse.go': { defs: [['parseHeaderLine', 1]] },
    'src/app.go': { refs: [['parseHeaderLine', 1]] },
  };
  for (let i = 0; i < 31; i++) files[`src/testdata/copy${i}.go`] = { defs: [['parseHeaderLine', 1]] };
  const g = buildGraph(await storeWith(files));
  const edges = [...g.src].map((s, e) => `${g.paths[s]} → ${g.paths[g.dst[e]!]} ${g.weight[e]!}`);
  assert.deepEqual(edges, [`src/app.go → src/parse.go ${nameWeight('parseHeaderLine', 1)}`]);
});
