// Redaction for what goes to traces and logs (never for what goes to the model or to files: the
// model needs the real text to edit it, and a redacted write would destroy the user's secret).
// Patterns favour catching a secret over keeping a log pretty: a log line with one word too many
// hidden costs nothing, a leaked key costs a rotation. But code that only mentions a secret
// (`const token = getToken();`) keeps its text: only literal values are hidden.
import { assignedValue, LineContext, quotedValue, valueToClosingQuote, type AssignedValue } from './assignedValue';
import { holdsRedaction, REDACTED } from './redactionMark';
import { isSecretName } from './secretNames';
import { learnSecrets, looksLikeCredential, NOT_A_SECRET, outgoingSecrets, POINTS_ELSEWHERE, VARIABLE_REFERENCE } from './secretValues';
import { tidyPath } from './workspacePath';
import { FILE_BLOCKS } from './taskFiles';

export { REDACTED };

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

/** Key shapes recognisable without a name next to them, one per vendor. */
const VENDOR_KEYS: RegExp[] = [
  /\bsk-(?:proj-|ant-|or-v1-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic, OpenRouter
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key id
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}/g, // GitHub
  /\bgl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm
  /\bpypi-[A-Za-z0-9_-]{50,}/g, // PyPI
  /\bxox[abposr]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}/g, // Slack
  /\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g, // Slack webhook
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|\bwhsec_[A-Za-z0-9]{20,}/g, // Stripe secret, restricted, webhook
  /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google
  /\bhf_[A-Za-z0-9]{30,}\b/g, // Hugging Face
  /\bgsk_[A-Za-z0-9]{40,}\b/g, // Groq
  /\bshp(?:at|ss|ca|pa)_[A-Za-z0-9]{32}\b/g, // Shopify
  /\bdop_v1_[a-f0-9]{64}\b/g, // DigitalOcean
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
];

// `name = value`, `"name": "value"`, `NAME: value`, `--name=value`. The value is a quoted string or
// an unquoted one that ./assignedValue reads whole (a secret's symbols and a passphrase's spaces are
// the secret too); `==`, `=>` and `::` are not assignments. Names start only at a token start, so the
// scan stays linear on long lines.
/**
 * The name and operator; the value is read only after the name proved to be a secret's. A name also
 * starts right after a JSON escape (`\npassword=` in a file's content inside a tool call), and its
 * quote may be escaped (`\"password\": \"x\"`).
 */
const NAME_AND_OPERATOR = /(?:(?<![\w$.\\-])|(?<=\\[nrt]))(-{0,2}[A-Za-z_$][\w$.-]*)((?:\\?["'`])?[ \t]*(?:=|:(?!:))[ \t]*)(?![=>~])/g;

/** A declaration's right-hand side is code, never a literal unless quoted. */
const DECLARATION_BEFORE = /\b(?:const|let|var|val|final)\s+$/;

/**
 * The replacement for one `name <op> value`, or undefined to keep it. An unquoted value is judged on
 * `inner`, its first token (see assignedValue), and replaced whole.
 */
function redactValue(name: string, operator: string, { quote, inner, opensProse }: AssignedValue, before: string): string | undefined {
  // `[REDACTED` too: a first token stops at `]`, so an earlier rule's mark arrives cut.
  if (inner === '' || holdsRedaction(inner) || VARIABLE_REFERENCE.test(inner) || inner.includes('${')) return undefined;
  if (!quote && (NOT_A_SECRET.some((p) => p.test(inner)) || DECLARATION_BEFORE.test(before))) return undefined;
  // `Password: must be at least…`: a plain word opening a sentence is the sentence's (a credential would have made the line a value)
  if (opensProse && /^[A-Za-z]+$/.test(inner)) return undefined;
  return `${name}${operator}${quote}${REDACTED}${quote}`;
}

function redactAssignments(text: string): string {
  const names = new RegExp(NAME_AND_OPERATOR.source, 'g');
  const lines = new LineContext(text);
  let out = '';
  let copied = 0;
  for (let m = names.exec(text); m; m = names.exec(text)) {
    const [head, name = '', operator = ''] = m;
    const end = m.index + head.length;
    if (!isSecretName(name)) continue; // the scan goes on from the value: `data: password=x`
    const found = assignedValue(text, end, name, m.index, lines);
    const replacement = found && redactValue(name, operator, found, text.slice(Math.max(0, m.index - 16), m.index));
    if (!replacement) continue;
    out += text.slice(copied, m.index) + replacement;
    copied = end + found.value.length;
    names.lastIndex = copied;
  }
  return out + text.slice(copied);
}

/** `--password-file x`, `--token-env X`: the flag names where a secret is, not the secret. */
const FLAG_POINTS_ELSEWHERE = /(?:^|[-_])(?:file|path|dir|env|var|stdin|prompt|cmd|command|helper|store|manager|name|type|mode|url|length|policy|hash|min|max)$/i;

function redactFlagValue(match: string, flag: string, space: string, value: string): string {
  if (!isSecretName(flag) || FLAG_POINTS_ELSEWHERE.test(flag)) return match;
  const quoted = quotedValue(value, 0);
  const found = quoted?.value.length === value.length ? quoted : { value, quote: '', inner: value };
  return redactValue(flag, space, found, '') ?? match;
}

function redactProseValue(match: string, head: string, quote: string, value: string): string {
  const bare = value.replace(/[.,;:)]+$/, ''); // not ! or ?: they may end the secret (`Sup3rS3cret!`)
  if (!looksLikeCredential(bare)) return match;
  return `${head}${quote}${REDACTED}${value.slice(bare.length)}${quote}`;
}

const SECRET_WORD_IN_PROSE = String.raw`pass(?:word|phrase|wd|code)?|pw|secret|token|api[ _-]?key|access[ _-]?key|private[ _-]?key|credentials?`;

/** Shapes where the secret sits in a command line, SQL, XML or a sentence rather than after `name =`. */
const SHAPES: Rule[] = [
  // "the password is hunter2horse", "my api key is 8a7b…"
  {
    pattern: new RegExp(String.raw`\b((?:${SECRET_WORD_IN_PROSE})[ \t]+(?:is|was|are|were)[ \t]+)(["'\x60]?)([^\s"'\x60]{6,200})\2`, 'gi'),
    replace: redactProseValue as Rule['replace'],
  },
  // 'the ssh passphrase is "blue elephant 42"': quoted, a value with spaces is one (a passphrase often is)
  {
    pattern: new RegExp(String.raw`\b((?:${SECRET_WORD_IN_PROSE})[ \t]+(?:is|was|are|were)[ \t]+)(["'\x60])((?:(?!\2)[^\n\\]){6,200})\2`, 'gi'),
    replace: (match, head, quote, value) => (/\s/.test(value.trim()) && !holdsRedaction(value) ? `${head}${quote}${REDACTED}${quote}` : match),
  },
  // "user admin, password hunter2!x9": the value as the next word, when it has a digit or a symbol
  // ("password hashing", `password password_max_age`, code such as `password == stored` keep their words).
  // The whole word: a secret's symbols after its first character are the secret too (`Tr0ub4dor&3xyz`).
  {
    // (not past a `&name=` or `;name=`: that is the next field of a query, `password+reset&hl=en`)
    pattern: /\b((?:password|passphrase|passcode)[ \t]+)(["'\x60]?)([^\s"'\x60=<>(|;&](?:[^\s"'\x60<>|&;]|[&;](?![\w.-]*=)){5,199})\2/gi,
    replace: (match, head, quote, value) => (/^[A-Za-z_]+(?:[&;][A-Za-z_]+)*$/.test(value) ? match : redactProseValue(match, head, quote, value)),
  },
  // --password Sup3rS3cret, --api-key "x", -token x (a flag and its value as the next word)
  {
    pattern: /(?<![\w-])(--?[A-Za-z][\w-]{2,60})([ \t]+)(?![-<$])("(?:[^"\\\n]|\\.){1,4096}"|'[^'\n]{1,4096}'|[^\s"'`|;&<>]{1,1024})/g,
    replace: redactFlagValue as Rule['replace'],
  },
  // mysql -pSECRET (the password glued to -p), sshpass -p SECRET
  // (found at each ` -p` glued to a value, then looked back along the command for the client's name)
  { pattern: /([ \t]-p)(?<=\b(?:mysql(?:dump|admin|import|show|check)?|mariadb(?:-dump)?)\b[^\n|;&]{0,300}[ \t]-p)(?=[^\s-])\S+/g, replace: (_m, head) => `${head}${REDACTED}` },
  { pattern: /\b(sshpass[ \t]+-p[ \t]*)\S+/g, replace: (_m, head) => `${head}${REDACTED}` },
  // docker login -p SECRET (podman, nerdctl, `helm registry login`, `crane auth login`, oras…: -p after `login` is
  // the password, not a port). `login` as the subcommand, after the tool's own options (a value quoted too:
  // `-c "my ctx"`): not `--name login-api`
  { pattern: /([ \t]-p(?:[ \t]+|=))(?<=\b(?:docker|podman|nerdctl|helm|oras|buildah|skopeo|crane)(?:[ \t]+(?:registry|auth|-[^\s|;&]+(?:[ \t]+(?:"[^"\n]{0,200}"|'[^'\n]{0,200}'|[^\s|;&-][^\s|;&]*))?)){0,8}[ \t]+login(?=[ \t])[^\n|;&]{0,300}[ \t]-p(?:[ \t]+|=))(?![-$])\S+/g, replace: (_m, head) => `${head}${REDACTED}` },
  // redis-cli -a SECRET (also after other options: redis-cli -h cache -a SECRET)
  { pattern: /\b(redis-cli\b[^\n|;&]{0,300}?[ \t]-a[ \t]+)(?![-$])\S+/g, replace: (_m, head) => `${head}${REDACTED}` },
  // curl -u user:SECRET, --user user:SECRET
  { pattern: /((?:^|[ \t])(?:-u|--user)[ \t]+["']?[^\s:"'$]+:)(?!\$)[^\s"'@]+/g, replace: (_m, head) => `${head}${REDACTED}` },
  // SQL: IDENTIFIED BY 'x', IDENTIFIED WITH plugin BY 'x', [WITH] PASSWORD 'x'
  {
    pattern: /\b(IDENTIFIED[ \t]+(?:WITH[ \t]+\w+[ \t]+)?BY[ \t]+|PASSWORD[ \t]+)(['"])(?:(?!\2)[^\\\n]|\\.){1,4096}\2/gi,
    replace: (_m, head, quote) => `${head}${quote}${REDACTED}${quote}`,
  },
  // XML: <password>x</password>, <add key="ApiKey" value="x" />
  {
    pattern: /<([A-Za-z_][\w.-]{0,60})>([^<\n]{1,1024})<\/\1>/g,
    replace: (m, tag, value) => (isSecretName(tag) && !/\{\{|\$\{|%\(/.test(value) ? `<${tag}>${REDACTED}</${tag}>` : m),
  },
  {
    pattern: /(\b(?:key|name)[ \t]*=[ \t]*(["'])([^"'\n]{1,200})\2[ \t]+value[ \t]*=[ \t]*)(["'])[^"'\n]{0,4096}\4/gi,
    replace: (m, head, _q, name, quote) => (isSecretName(name) ? `${head}${quote}${REDACTED}${quote}` : m),
  },
];

/** An AWS access key id: its secret key (40 characters of base64, no shape of its own) sits next to it. */
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
/** How far from an access key id a secret key is looked for (`id / secret`, `aws_secret_access_key=` on the next line). */
const AWS_PAIR_REACH = 160;

/** A 40-character base64 token within reach of an access key id: an AWS secret access key. */
function redactAwsSecretKey(match: string, offset: number, text: string): string {
  const near = text.slice(Math.max(0, offset - AWS_PAIR_REACH), offset + match.length + AWS_PAIR_REACH);
  return AWS_KEY_ID.test(near) && /[a-z]/.test(match) && /[A-Z0-9/+]/.test(match) ? REDACTED : match;
}

const RULES: Rule[] = [
  // before the key id's own rule hides the id it is recognised by
  { pattern: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, replace: redactAwsSecretKey as unknown as Rule['replace'] },
  // PEM private keys, whole block (also a block cut off by a log line limit).
  {
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: () => `[REDACTED PRIVATE KEY]`,
  },
  // user:password@ in URLs.
  { pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi, replace: (_m, head) => `${head}:${REDACTED}@` },
  // Authorization headers, whatever the scheme and its case (GitHub documents `Authorization: token <hex>`).
  { pattern: /\b((?:proxy-)?authorization\s*[:=]\s*["'`]?)([a-z][\w-]*)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: (_m, head, scheme) => `${head}${scheme} ${REDACTED}` },
  // Bearer / basic / token credentials elsewhere: the capitalised scheme, or any case when the credential
  // holds a digit (prose such as "token counting" or "basic settings" holds none).
  { pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, replace: (_m, scheme) => `${scheme} ${REDACTED}` },
  { pattern: /\b(bearer|basic|token)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/gi, replace: (_m, scheme) => `${scheme} ${REDACTED}` },
  ...VENDOR_KEYS.map((pattern) => ({ pattern, replace: () => REDACTED })),
  ...SHAPES,
];

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Hides API keys, tokens, private keys and `password=`-style values in text bound for a trace or log.
 * `keepLines`: a secret spanning lines (a PEM block) is replaced by its mark followed by as many line
 * breaks as it held, so numbered lines (explain_symbol's code) stay where they were.
 */
export function redactSecrets(text: string, { keepLines = false }: { keepLines?: boolean } = {}): string {
  let out = text;
  for (const rule of RULES) {
    const replace = rule.replace as (m: string, ...a: string[]) => string;
    out = out.replace(rule.pattern, keepLines
      ? (m: string, ...a: string[]) => { const r = replace(m, ...a); return r + '\n'.repeat(Math.max(0, newlines(m) - newlines(r))); }
      : replace);
  }
  return redactAssignments(out);
}

/** `text` with its first word hidden when it is a literal credential (see redactNamedValue). */
function hideLeadingCredential(text: string): string {
  const m = /^(["'`]?)([^\s"'`]+?)([.,;:)]*)\1(?=\s|$)/.exec(text);
  if (!m) return text;
  const [whole, quote = '', word = '', tail = ''] = m;
  if (!looksLikeCredential(word) || holdsRedaction(word) || VARIABLE_REFERENCE.test(word)) return text;
  if (NOT_A_SECRET.some((p) => p.test(word)) || POINTS_ELSEWHERE.some((p) => p.test(word))) return text;
  return `${quote}${REDACTED}${tail}${quote}${text.slice(whole.length)}`;
}

/**
 * A value kept under a name (a memory note: its key and value), with its secrets hidden. Redacted as the
 * one text `name value`, so a rule that spans both is caught (`db password` `hunter2!x9`, `redis-cli`
 * `-a S3cret`). Under a secret's name (`db password`, `staging api key`), a value whose first word is a
 * literal credential has that word hidden — the whole value when it is one word — as `name = value`
 * would have; a sentence about the secret keeps its words (`auth`: `JWT in an httpOnly cookie`), and so
 * does a word that points elsewhere (`OPENAI_API_KEY in .env`).
 */
export function redactNamedValue(name: string, value: string): string {
  const prefix = `${name} `;
  const joined = redactSecrets(prefix + value);
  const safe = joined.startsWith(prefix) ? joined.slice(prefix.length) : redactSecrets(value);
  const secretName = isSecretName(name) || name.split(/\s+/).some(isSecretName);
  return secretName ? hideLeadingCredential(safe) : safe;
}

/** Nesting deeper than this is not a tool's arguments: what is below is kept as redacted text. */
const MAX_STRUCTURE_DEPTH = 20;

/**
 * A value with its secrets hidden, redacted as a structure before it is serialised: each string is
 * redacted as the text it is (`"a\npassword=x"` has a real newline, not the escape `\n` that would
 * glue `npassword` together), and a value under a secret's name (`{"apiKey": "…"}`) is hidden whole.
 * Values hidden whole that can be secrets (see secretsToLearn) are added to `hidden`, so a caller can
 * scrub them from raw texts too.
 */
export function redactStructured(value: unknown, hidden?: Set<string>, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_STRUCTURE_DEPTH) return redactSecrets(JSON.stringify(value) ?? '');
  if (Array.isArray(value)) return value.map((v) => redactStructured(v, hidden, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isSecretName(key) && (typeof v === 'string' || typeof v === 'number') && String(v) !== '') {
      learnSecrets(hidden, key, String(v));
      out[key] = REDACTED;
    } else out[key] = redactStructured(v, hidden, depth + 1);
  }
  return out;
}

/**
 * A tool call's arguments, redacted as a structure; text bound for a `.env` file (write_file's content,
 * patch's search and replace) has every value hidden, and those that can be secrets are added to `hidden`.
 */
export function redactToolArguments(args: unknown, hidden?: Set<string>): unknown {
  const safe = redactStructured(args, hidden);
  const raw = args as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object' || typeof raw.path !== 'string' || !isEnvFile(raw.path)) return safe;
  const out = { ...(safe as Record<string, unknown>) };
  for (const key of ['content', 'search', 'replace']) {
    if (typeof raw[key] === 'string') out[key] = redactEnvValues(raw[key], hidden);
  }
  return out;
}

/**
 * `.env`, `.env.local`, `config/.env.production`, `.envrc` (direnv), `prod.env` (an env_file)… but not
 * `.env.example`. The name as the model wrote it: `"./.env"`, `` `.ENV` ``, `config\\.env`.
 */
export function isEnvFile(path: string): boolean {
  const name = tidyPath(path).split('/').pop()!.toLowerCase();
  return /^(?:\.env(?:rc|\.[\w.-]+)?|[\w.-]+\.env)$/.test(name) && !/\.(?:example|sample|template|dist)$/.test(name);
}

/** A dotenv assignment's head, up to its value; a line may carry read_file's number (`3| KEY=value`). */
const ENV_ASSIGNMENT = /^((?:\s*\d+\| )?\s*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*)(.*)$/gm;
/** read_file's number before a line of a value that runs over lines. */
const LINE_NUMBER = /^\s*\d+\| /;
/** A PEM block's first or last line. */
const PEM_ARMOR = /^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * Every value in a dotenv text hidden, whatever its name — a quoted one that runs over lines (a PEM key)
 * whole — and the text's other lines redacted by pattern (`//registry.npmjs.org/:_authToken=npm_…`). A
 * .env file holds secrets by convention. Of those values, the ones that can be secrets are added to
 * `hidden` (see secretsToLearn), each line of a value over lines on its own, so it is hidden wherever
 * it recurs: `PORT=3000` is hidden here, but not every `3000` of the conversation.
 */
export function redactEnvValues(text: string, hidden?: Set<string>): string {
  return redactSecrets(hideEnvValues(text, hidden));
}

/** redactEnvValues' values, without the pattern pass. */
function hideEnvValues(text: string, hidden?: Set<string>): string {
  const assignments = new RegExp(ENV_ASSIGNMENT.source, ENV_ASSIGNMENT.flags);
  let out = '';
  let copied = 0;
  for (let m = assignments.exec(text); m; m = assignments.exec(text)) {
    const [, head = '', name = '', rest = ''] = m;
    if (rest.trim() === '') continue;
    const valueAt = m.index + head.length;
    const overLines = valueToClosingQuote(text, valueAt);
    if (overLines !== undefined) {
      for (const part of overLines.split('\n')) {
        const line = part.replace(LINE_NUMBER, '').trim().replace(/^["'`]|["'`]$/g, '');
        if (!PEM_ARMOR.test(line)) learnSecrets(hidden, name, line); // a key's armor is no secret, and hiding it would hide the PEM rule's anchor
      }
    } else {
      // an unquoted value ends where a comment starts (`PORT=3000 # the dev server`)
      learnSecrets(hidden, name, /^["'`]/.test(rest) ? rest : rest.replace(/\s+#.*$/, ''));
    }
    const end = valueAt + (overLines ?? rest).length;
    out += text.slice(copied, m.index) + head + REDACTED;
    copied = end;
    assignments.lastIndex = end;
  }
  return out + text.slice(copied);
}

/** `text` with every occurrence of the known secret values hidden, as written and JSON-escaped. */
export function scrubKnown(text: string, known: ReadonlySet<string>): string {
  let out = text;
  for (const value of known) {
    if (value.length < 4) continue; // "1" or "yes" would hide half the text, and are no secret
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/**
 * Whether `text` holds a secret: a shape redactSecrets hides, or one of the `known` values (also
 * percent-encoded, as in a URL's query). For text about to leave the machine (a URL web_fetch would
 * request), where hiding is too late. Besides the known values, what was learned beside them for
 * outgoing text (every .env value that could be a credential: see learnSecrets); never a .env's
 * `production`, `3000` or a URL.
 */
export function holdsSecret(text: string, known: ReadonlySet<string> = new Set()): boolean {
  const forms = [text, safeDecode(text), safeDecode(text.replace(/\+/g, ' '))];
  if (forms.some((form) => redactSecrets(form) !== form)) return true;
  const outgoing = outgoingSecrets(known);
  return outgoing.size > 0 && forms.some((form) => scrubKnown(form, outgoing) !== form);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `value` with the known secret values hidden in its strings only: keys, numbers, booleans and the
 * fields named in `keep` (ids, roles, states) stay as they are, so the structure still reads back. A
 * .env value such as `8080` or `true` must not turn a number or a role into "[REDACTED]".
 */
export function scrubKnownValues<T>(value: T, known: ReadonlySet<string>, keep: ReadonlySet<string> = new Set()): T {
  return known.size === 0 ? value : mapStringValues(value, (text) => scrubKnown(text, known), keep);
}

/** `value` with `fn` applied to each of its strings: never to keys, nor under the fields named in `keep`. */
export function mapStringValues<T>(value: T, fn: (text: string) => string, keep: ReadonlySet<string> = new Set()): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fn(v);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(walk);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keep.has(k) ? x : walk(x)]));
  };
  return walk(value) as T;
}

/**
 * Redaction for a file's content bound for disk (a trace, the history, a tool card): whole-value, then by
 * pattern, for .env files (those that can be secrets added to `hidden`), pattern-based otherwise.
 */
export function redactFileContent(path: string, content: string, hidden?: Set<string>): string {
  return isEnvFile(path) ? redactEnvValues(content, hidden) : redactSecrets(content);
}

/**
 * Learns into `hidden` what redactFileContent would of `content` (a .env file's values that can be
 * secrets), without writing the redacted text: for a file's whole content when only its head is kept.
 */
export function learnFileSecrets(path: string, content: string, hidden: Set<string>): void {
  if (isEnvFile(path)) hideEnvValues(content, hidden);
}

/**
 * A task's text with secrets hidden: patterns, and the values of each .env file's content it holds (attached,
 * selected, or sent to Fix selection) whole, as a .env file read is (see redactEnvValues for `hidden`).
 */
export function redactTaskText(text: string, hidden?: Set<string>): string {
  let out = text;
  for (const block of FILE_BLOCKS) {
    out = out.replace(block, (whole: string, ...rest: unknown[]) => {
      const { head = '', path = '', content = '' } = rest.at(-1) as Record<string, string | undefined>;
      return isEnvFile(path) ? `${head}${hideEnvValues(content, hidden)}${whole.slice(head.length + content.length)}` : whole;
    });
  }
  return redactSecrets(out);
}
