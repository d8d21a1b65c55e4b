// Whether an identifier names a secret, judged word by word (`STRIPE_SECRET_KEY`, `secretKey`,
// `db.password`, `--auth-token`), so the keyword may sit anywhere in the name. Words, not
// substrings: `tokenizer`, `maxTokens`, `bypass` and `author` are not secrets.

/** A name holding any of these words is a secret. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'secret', 'token', 'credential', 'credentials',
  'auth', 'authorization', 'apikey', 'privatekey', 'secretkey', 'accesskey', 'cookie', 'pin', 'passcode',
]);

/** `key` is a secret after one of these (`ENCRYPTION_KEY`, `apiKey`), not after `primary` or `cache`. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'private', 'secret', 'encryption', 'signing', 'master', 'client', 'app', 'account',
  'service', 'session', 'auth', 'shared', 'storage', 'subscription', 'license', 'webhook', 'hmac', 'jwt', 'crypto',
]);

/** `STRIPE_SECRET_KEY` → stripe secret key; `apiKey` → api key; `APIKey` → api key. */
export function nameWords(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [])
    .map((w) => w.toLowerCase());
}

/** Inside an upper-case constant the words run together (`PGPASSWORD`, `DBPASS`, `MYAPPTOKEN`). */
const FUSED_IN_CONSTANT = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN(?!IZER)|APIKEY|CREDENTIAL|PRIVATEKEY|PASS$|PWD$/;

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  // An upper-case constant ending in KEY (`OPENAI_KEY`, `JWT_KEY`) is an env-style secret by convention.
  const constant = /^[A-Z][A-Z0-9_]*$/.test(name.replace(/^-+/, ''));
  if (constant && FUSED_IN_CONSTANT.test(name)) return true;
  return words.some((w, i) => w === 'key' && (constant || KEY_QUALIFIERS.has(words[i - 1] ?? '')));
}
