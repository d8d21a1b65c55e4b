// How a name is used on a line of code, read from the text (the index stores only that a line uses a
// name): called bare (`validate(x)`), on the object itself (`this.put(x)`, `self.put`), or on another
// receiver (`items.push(x)`, `CodeIndex.open()`, `Foo::new()`). explain_symbol resolves each kind
// differently, so that `x.push()` is not pointed at an unrelated function named push.

export type CallSite =
  | { kind: 'bare' }
  | { kind: 'self' }
  /** `receiver` is the identifier before the dot ('' when it is an expression: `f().x()`, `a[0].x()`). */
  | { kind: 'member'; receiver: string };

const SELF = new Set(['this', 'self', 'Self', 'static', '@']);
const MEMBER_BEFORE = /(?:\?\.|\.|->|::)\s*$/;
const RECEIVER_BEFORE = /(@?[A-Za-z_$][\w$]*)\s*(?:\?\.|\.|->|::)\s*$/;

function escapeName(name: string): string {
  return name.replace(/[$]/g, '\\$');
}

/** Each use of `name` as a whole word on `line`. */
export function callSites(line: string, name: string): CallSite[] {
  const out: CallSite[] = [];
  const word = new RegExp(`(?<![\\w$])${escapeName(name)}(?![\\w$])`, 'g');
  for (const m of line.matchAll(word)) {
    const before = line.slice(0, m.index);
    if (!MEMBER_BEFORE.test(before)) {
      out.push({ kind: 'bare' });
      continue;
    }
    const receiver = RECEIVER_BEFORE.exec(before)?.[1] ?? '';
    out.push(SELF.has(receiver) || receiver.startsWith('@') ? { kind: 'self' } : { kind: 'member', receiver });
  }
  return out;
}

/** The file's name without folder and extension: what an import of it (or a module call, `utils.f()`) names. */
export function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

const IMPORT_LINE = /^\s*(?:import|from|use|using|require|require_relative|include|#\s*include)\b|\bfrom\s+['"]|\b(?:require|require_relative|import)\s*\(?\s*['"]/;

/** Whether a line imports, uses, includes or requires something. */
export function isImportLine(line: string): boolean {
  return IMPORT_LINE.test(line);
}

/** A file's import, use, include and require lines, joined: what `importsStem` looks in. */
export function importLines(text: string): string {
  return text.split('\n').filter(isImportLine).join('\n');
}

/** Whether these import lines name a module whose path ends in `stem` (not `index`: every folder has one). */
export function importsStem(imports: string, stem: string): boolean {
  if (!stem || stem === 'index' || stem === 'mod' || stem === '__init__') return false;
  return mentions(imports, stem);
}

/** Whether `name` appears as a whole word in `text`. */
export function mentions(text: string, name: string): boolean {
  return !!name && new RegExp(`(?<![\\w$])${escapeName(name)}(?![\\w$])`).test(text);
}
