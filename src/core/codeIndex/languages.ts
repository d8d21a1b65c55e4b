// Which files the code index reads and with which tree-sitter grammar. C is parsed with the C++
// grammar: the prebuilt grammar set (@vscode/tree-sitter-wasm) has no C grammar, and C++'s parses
// C declarations, definitions and macros the same way (only a C file using a C++ keyword as a
// name parses with an error node, which still leaves the rest of the file indexed).

export type LanguageId = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c' | 'cpp' | 'csharp' | 'ruby' | 'php';

/** The grammar's name in `tree-sitter-<grammar>.wasm`. */
export const GRAMMAR: Record<LanguageId, string> = {
  typescript: 'typescript',
  tsx: 'tsx',
  javascript: 'javascript',
  python: 'python',
  go: 'go',
  rust: 'rust',
  java: 'java',
  c: 'cpp',
  cpp: 'cpp',
  csharp: 'c-sharp',
  ruby: 'ruby',
  php: 'php',
};

const BY_EXTENSION: Record<string, LanguageId> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', pyi: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', 'c++': 'cpp', hh: 'cpp', hpp: 'cpp', hxx: 'cpp', 'h++': 'cpp', ipp: 'cpp', inl: 'cpp',
  cs: 'csharp',
  rb: 'ruby', rake: 'ruby', gemspec: 'ruby',
  php: 'php',
};

/** Files that are generated or bundled: their symbols would crowd out the code people write. */
const GENERATED = /(?:\.min\.[cm]?js|\.bundle\.js|[-.]generated\.\w+|\.pb\.go|_pb2\.py|\.d\.ts\.map|\.designer\.cs)$/i;

export function languageOf(path: string): LanguageId | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'Rakefile' || name === 'Gemfile') return 'ruby';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  if (GENERATED.test(name)) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** How code reaches a member through a value: `x.f` (and `x?.f`), C and C++'s `p->f` too, PHP's `$x->f` only (its `.` joins strings). */
export const MEMBER_ACCESS: Record<LanguageId, 'dot' | 'arrow' | 'both'> = {
  typescript: 'dot', tsx: 'dot', javascript: 'dot', python: 'dot', go: 'dot', rust: 'dot', java: 'dot',
  c: 'both', cpp: 'both', csharp: 'dot', ruby: 'dot', php: 'arrow',
};

/** Human names for `/index`. */
export const LANGUAGE_NAMES: Record<LanguageId, string> = {
  typescript: 'TypeScript', tsx: 'TSX', javascript: 'JavaScript', python: 'Python', go: 'Go', rust: 'Rust',
  java: 'Java', c: 'C', cpp: 'C++', csharp: 'C#', ruby: 'Ruby', php: 'PHP',
};

export const LANGUAGES = Object.keys(GRAMMAR) as LanguageId[];
