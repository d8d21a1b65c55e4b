// A symbol name as a small model writes it, read into what the lookup needs: `Completions.create()`,
// `function toFile`, `def helper`, `func (s *Server) Start`, `src/client.ts:makeRequest`, `` `Foo::bar` ``.
// Without this the scope split failed on the parentheses and the words search answered with
// unrelated names, reported as found.

export interface SymbolQuery {
  /** The name looked up. */
  name: string;
  /** The enclosing class, impl or module named with it ('' when none). */
  scope: string;
  /** A file (or the end of its path) named with it ('' when none): its definitions come first. */
  path: string;
}

/** A declaration keyword written before the name. */
const KEYWORD = /^(?:(?:export|public|private|protected|static|async|pub)\s+)*(?:function\*?|def|func|fn|class|method|interface|struct|enum|trait|module|type)\s+(?=\S)/;
/** Go's receiver: `func (s *Server) Start` is Start in Server. */
const GO_RECEIVER = /^\(\s*\w+\s+\*?([A-Za-z_]\w*)(?:\[[^\]]*\])?\s*\)\s*/;
/** `src/client.ts:makeRequest`: a path with a file extension, one colon (not `::`), then the name. */
const PATH_PREFIX = /^((?:[\w.@-]+[\\/])*[\w.@-]+\.\w+):(?!:)\s*/;
/** `Class.method`, `Class::method`, `Class#method` and `$obj->method` name a method in a scope (Ruby's may end in ? or !). */
const SCOPED = /^(.*\w)\s*(?:\.|::|#|->)\s*([\w$]+[?!]?)$/;

export function parseSymbolQuery(query: string): SymbolQuery {
  let q = query.trim().replace(/^[`'"]+|[`'";]+$/g, '').trim();
  let path = '';
  const at = PATH_PREFIX.exec(q);
  if (at) {
    path = at[1]!.replace(/\\/g, '/').replace(/^\.\//, '');
    q = q.slice(at[0].length);
  }
  q = q.replace(KEYWORD, '');
  let scope = '';
  const receiver = GO_RECEIVER.exec(q);
  if (receiver) {
    scope = receiver[1]!;
    q = q.slice(receiver[0].length);
  }
  // A call or a signature: the name is what comes before its parameters (`toFile(value, name)`).
  q = q.replace(/(?<=\S)\s*\(.*$/, '').trim();
  const scoped = SCOPED.exec(q);
  if (scoped) return { name: scoped[2]!, scope: scoped[1]!.split(/\.|::|#|->/).pop()!, path };
  return { name: q, scope, path };
}

/** Whether a definition's workspace-relative path is the file the query named (the whole path or its end). */
export function isNamedPath(defPath: string, path: string): boolean {
  if (!path) return false;
  return defPath === path || defPath.endsWith(`/${path}`) || path.endsWith(`/${defPath}`);
}
