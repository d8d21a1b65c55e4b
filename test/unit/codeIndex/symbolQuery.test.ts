// Names as small models write them in find_symbol and explain_symbol: with parentheses, a declaration
// keyword, a path before the name, a receiver, quotes. Each finds what the plain name finds.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../../src/node/codeIndex/codeIndex';
import { parseSymbolQuery } from '../../../src/core/codeIndex/symbolQuery';

const base = mkdtempSync(join(tmpdir(), 'smallcode-symbol-query-'));
after(() => rmSync(base, { recursive: true, force: true }));

test('a written name is read into name, scope and file', () => {
  const cases: [string, string, string?, string?][] = [
    ['toFile', 'toFile'],
    ['toFile()', 'toFile'],
    ['toFile(value, name)', 'toFile'],
    ['Completions.create()', 'create', 'Completions'],
    ['function toFile', 'toFile'],
    ['export async function toFile(value: Blob)', 'toFile'],
    ['def helper', 'helper'],
    ['def helper(x):', 'helper'],
    ['class Server', 'Server'],
    ['func (s *Server) Start', 'Start', 'Server'],
    ['func (s *Server) Start() error', 'Start', 'Server'],
    ['`Foo::bar`', 'bar', 'Foo'],
    ['Foo#bar', 'bar', 'Foo'],
    ['User#valid?', 'valid?', 'User'],
    ['User.save!', 'save!', 'User'],
    ['Repo->find()', 'find', 'Repo'],
    ['src/client.ts:makeRequest', 'makeRequest', '', 'src/client.ts'],
    ['./src/client.ts:APIClient.makeRequest()', 'makeRequest', 'APIClient', 'src/client.ts'],
    ['client.ts: makeRequest', 'makeRequest', '', 'client.ts'],
    ['std::vector', 'vector', 'std'],
    ['type', 'type'],
  ];
  for (const [written, name, scope = '', path = ''] of cases) assert.deepEqual(parseSymbolQuery(written), { name, scope, path }, written);
});

test('find_symbol and explain_symbol find names written with parentheses, keywords and a file, and never answer them with unrelated names', async () => {
  const root = join(base, 'ws');
  mkdirSync(join(root, 'src/resources'), { recursive: true });
  writeFileSync(join(root, 'src/resources/completions.ts'), 'export class Completions {\n  create(body: object) { return body; }\n}\n');
  writeFileSync(join(root, 'src/resources/runs.ts'), 'export interface CreateCompletionsRunSource { id: string }\nexport class Runs {\n  create(body: object) { return body; }\n}\n');
  writeFileSync(join(root, 'src/to-file.ts'), 'export async function toFile(value: Blob, name: string) { return makeRequest(name); }\n');
  writeFileSync(join(root, 'src/client.ts'), 'export function makeRequest(path: string) { return path; }\n');
  writeFileSync(join(root, 'src/legacy.ts'), 'export function makeRequest(path: string, old: boolean) { return old; }\n');
  mkdirSync(join(root, 'tools'), { recursive: true });
  writeFileSync(join(root, 'tools/gen.py'), 'def helper(x):\n    return x\n');
  const index = await CodeIndex.open({ root, storageDir: join(base, 'storage') });
  try {
    const where = (query: string) => index.findSymbol(query, { limit: 1 }).map((h) => `${h.path}:${h.line}`)[0];
    assert.equal(where('Completions.create()'), 'src/resources/completions.ts:2');
    assert.equal(where('Runs.create(body)'), 'src/resources/runs.ts:3');
    assert.equal(where('toFile()'), 'src/to-file.ts:1');
    assert.equal(where('function toFile'), 'src/to-file.ts:1');
    assert.equal(where('def helper'), 'tools/gen.py:1');
    assert.equal(where('src/legacy.ts:makeRequest'), 'src/legacy.ts:1');
    assert.equal(where('client.ts:makeRequest'), 'src/client.ts:1');
    assert.match(await index.explainSymbol('toFile()'), /^function toFile — src\/to-file\.ts:1-1$/m);
    assert.match(await index.explainSymbol('src/legacy.ts:makeRequest'), /^function makeRequest — src\/legacy\.ts:1-1$/m);
    assert.deepEqual(index.references('makeRequest()'), [{ path: 'src/to-file.ts', line: 1 }]);
  } finally {
    await index.close();
  }
});
