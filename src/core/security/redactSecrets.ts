// Redaction for what goes to traces and logs (never for what goes to the model or to files: the
// model needs the real text to edit it, and a redacted write would destroy the user's secret).
// Patterns favour catching a secret over keeping a log pretty: a log line with one word too many
// hidden costs nothing, a leaked key costs a rotation. But code that only mentions a secret
// (`const token = getToken();`) keeps its text: only literal values are hidden.
import { isSecretName } from './secretNames';

export const REDACTED = '[REDACTED]';

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
// one unquoted token; `==`, `=>` and `::` are not assignments. Names start only at a token start,
// so the scan stays linear on long lines.
const QUOTED = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`)$/;
/** The name and operator; the value is read only after the name proved to be a secret's. */
const NAME_AND_OPERATOR = /(?<![\w$.-])(-{0,2}[A-Za-z_$][\w$.-]*)(["'`]?[ \t]*(?:=|:(?!:))[ \t]*)(?![=>~])/g;
// Capped lengths keep a line of repeated `password:(` linear.
const VALUE = /"(?:[^"\\\n]|\\.){0,4096}"|'(?:[^'\\\n]|\\.){0,4096}'|`(?:[^`\\\n]|\\.){0,4096}`|[^\s,;&}\])'"`]{1,1024}/y;

/** Unquoted values that are code or harmless, not a secret: calls, member chains, types, small numbers. */
const NOT_A_SECRET = [
  /\(/, // getToken(), os.getenv("X")
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/, // process.env.TOKEN, this.secret, settings.SECRET_KEY
  /^(?:string|number|boolean|any|unknown|undefined|null|never|object|true|false|none|nil)$/i, // token: string
  /^(?:bearer|basic|token|digest)$/i, // the scheme of an Authorization header (its credential has its own rule)
  /^\d{1,5}$/, // maxTokens: 2048, token_limit: 8192
];

/** `${VAR}` / `$VAR`: a reference to a secret, not the secret. */
const VARIABLE_REFERENCE = /^\$\{?[A-Za-z_]\w*\}?$/;

/** A declaration's right-hand side is code, never a literal unless quoted. */
const DECLARATION_BEFORE = /\b(?:const|let|var|val|final)\s+$/;

/** The replacement for one `name <op> value`, or undefined to keep it. */
function redactValue(name: string, operator: string, value: string, before: string): string | undefined {
  const quoted = QUOTED.test(value);
  const inner = quoted ? value.slice(1, -1) : value;
  // `[REDACTED` too: an unquoted value stops at `]`, so an earlier rule's mark arrives cut.
  if (inner === '' || inner.includes('[REDACTED') || VARIABLE_REFERENCE.test(inner) || inner.includes('${')) return undefined;
  if (!quoted && (NOT_A_SECRET.some((p) => p.test(value)) || DECLARATION_BEFORE.test(before))) return undefined;
  const quote = quoted ? value[0] : '';
  return `${name}${operator}${quote}${REDACTED}${quote}`;
}

function redactAssignments(text: string): string {
  const names = new RegExp(NAME_AND_OPERATOR.source, 'g');
  const values = new RegExp(VALUE.source, 'y');
  let out = '';
  let copied = 0;
  for (let m = names.exec(text); m; m = names.exec(text)) {
    const [head, name = '', operator = ''] = m;
    const end = m.index + head.length;
    if (!isSecretName(name)) continue; // the scan goes on from the value: `data: password=x`
    values.lastIndex = end;
    const value = values.exec(text)?.[0];
    const replacement = value && redactValue(name, operator, value, text.slice(Math.max(0, m.index - 16), m.index));
    if (!replacement) continue;
    out += text.slice(copied, m.index) + replacement;
    copied = end + value.length;
    names.lastIndex = copied;
  }
  return out + text.slice(copied);
}

const RULES: Rule[] = [
  // PEM private keys, whole block (also a block cut off by a log line limit).
  {
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: () => `[REDACTED PRIVATE KEY]`,
  },
  // user:password@ in URLs.
  { pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, replace: (_m, head) => `${head}:${REDACTED}@` },
  // Authorization headers and bearer / basic credentials.
  { pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, replace: (_m, scheme) => `${scheme} ${REDACTED}` },
  ...VENDOR_KEYS.map((pattern) => ({ pattern, replace: () => REDACTED })),
];

/** Hides API keys, tokens, private keys and `password=`-style values in text bound for a trace or log. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (m: string, ...a: string[]) => string);
  return redactAssignments(out);
}

/** `.env`, `.env.local`, `config/.env.production`, `.envrc` (direnv)… but not `.env.example`. */
export function isEnvFile(path: string): boolean {
  return /(?:^|[\\/])\.env(?:rc|\.[\w.-]+)?$/.test(path) && !/\.(?:example|sample|template|dist)$/.test(path);
}

/** Every value in a dotenv text, whatever its name: a .env file holds secrets by convention. */
export function redactEnvValues(text: string): string {
  return text.replace(/^(\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*=\s*)(.*)$/gm, (_m, head: string, value: string) =>
    value.trim() === '' ? `${head}${value}` : `${head}${REDACTED}`,
  );
}

/** Redaction for a file's content in a trace: whole-value for .env files, pattern-based otherwise. */
export function redactFileContent(path: string, content: string): string {
  return isEnvFile(path) ? redactEnvValues(content) : redactSecrets(content);
}
