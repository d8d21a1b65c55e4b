// Redaction for what goes to traces and logs (never for what goes to the model or to files: the
// model needs the real text to edit it, and a redacted write would destroy the user's secret).
// Patterns favour catching a secret over keeping a log pretty: a log line with one word too many
// hidden costs nothing, a leaked key costs a rotation.

export const REDACTED = '[REDACTED]';

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const SECRET_NAME =
  '[\\w.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|auth)';

const RULES: Rule[] = [
  // PEM private keys, whole block (also a block cut off by a log line limit).
  {
    pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: () => `[REDACTED PRIVATE KEY]`,
  },
  // user:password@ in URLs.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, replace: (_m, head) => `${head}:${REDACTED}@` },
  // Authorization headers and bearer / basic credentials.
  { pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, replace: (_m, scheme) => `${scheme} ${REDACTED}` },
  // Vendor key shapes, recognisable without a name next to them.
  { pattern: /\bsk-(?:proj-|ant-|or-v1-)?[A-Za-z0-9_-]{16,}/g, replace: () => REDACTED }, // OpenAI, Anthropic, OpenRouter
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => REDACTED }, // AWS access key id
  { pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}/g, replace: () => REDACTED },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => REDACTED }, // Slack
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: () => REDACTED }, // Google
  { pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: () => REDACTED }, // Hugging Face
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: () => REDACTED }, // JWT
  // name = value / "name": "value" / NAME: value, where the name says it is a secret.
  {
    pattern: new RegExp(
      `(\\b${SECRET_NAME}\\b["']?\\s*(?:=|:(?!:))\\s*)(?!=)("[^"\\n]*"|'[^'\\n]*'|[^\\s,;&}\\])]+)`,
      'gi',
    ),
    replace: (_m, head, value) => {
      if (value.includes(REDACTED)) return `${head}${value}`;
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${head}${quote}${REDACTED}${quote}`;
    },
  },
];

/** Hides API keys, tokens, private keys and `password=`-style values in text bound for a trace or log. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (m: string, ...a: string[]) => string);
  return out;
}

/** `.env`, `.env.local`, `config/.env.production`… */
export function isEnvFile(path: string): boolean {
  return /(?:^|[\\/])\.env(?:\.[\w.-]+)?$/.test(path) && !/\.(?:example|sample|template)$/.test(path);
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
