// Whether a literal value can be a secret, judged on the value (and the name it sits under): what the
// redaction rules keep, and which values a conversation learns as its secrets. A learned value is hidden
// wherever it recurs in what is saved — the user's messages, the replies, files the model read — so a
// value is learned only when it can be a secret: `PORT=3000`, `DEBUG=true`, `HOST=localhost` or
// `NODE_ENV=development` in a .env file must not blank every `3000`, `true`, `localhost` and
// `development` of the conversation (the .env file's own text still has every value hidden).
import { isSecretName } from './secretNames';

/** Type names, TypeScript's and Python's (`token: str | None`, `db_pass: SecretStr`), and the literals of no value. */
const TYPE_NAME = String.raw`(?:string|number|boolean|any|unknown|undefined|null|never|object|true|false|none|nil|str|bytes|int|float|bool|SecretStr|SecretBytes)`;

/** Unquoted values that are code or harmless, not a secret: calls, member chains, types, small numbers. */
export const NOT_A_SECRET = [
  /\(/, // getToken(), os.getenv("X")
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/, // process.env.TOKEN, this.secret, settings.SECRET_KEY
  new RegExp(String.raw`^${TYPE_NAME}(?:\|${TYPE_NAME})*$`, 'i'), // token: string, password: str, token: str|None
  /^(?:Optional|Annotated|Union|Literal|List|Dict|Set|Tuple|Sequence|Mapping|list|dict|set|tuple|type)\[/, // token: Optional[str]
  /^(?:bearer|basic|token|digest)$/i, // the scheme of an Authorization header (its credential has its own rule)
  /^\d{1,5}$/, // maxTokens: 2048, token_limit: 8192
  /^(?:\?|:[A-Za-z_]\w*|\$\d+|@[A-Za-z_]\w*|%s|%\(\w+\)s)$/, // SQL placeholders: password = ?, token = :token
];

/** `${VAR}` / `$VAR`: a reference to a secret, not the secret. */
export const VARIABLE_REFERENCE = /^\$\{?[A-Za-z_]\w*\}?$/;

/** A word that points at a secret rather than being one: a path, a URL, an environment variable's name. */
export const POINTS_ELSEWHERE = [
  /^(?:\.{0,2}\/|~\/)|^[\w.-]*(?:\/[\w.-]+)*\.[A-Za-z]{1,6}$/, // ./config, ~/.aws/credentials, src/auth/jwt.ts, .env
  /^[a-z][a-z0-9+.-]*:\/\//i, // a URL (its user:password has its own rule)
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // OPENAI_API_KEY
];

/** A word in prose ("the password is hunter2horse"): a credential has a digit or a symbol, a word has neither. */
export function looksLikeCredential(value: string): boolean {
  return value.length >= 6 && /[\d\W_]/.test(value) && !/^[\d.,:/-]+$/.test(value) && !value.includes('(');
}

/** Shorter values are never learned (`true`, `3000`, `admin`): they recur in ordinary text. */
const MIN_LEARNED = 6;
/** Numbers (a port, a count, a version, a size, a date) and durations: `3000`, `18.20.4`, `10mb`, `2024-01-31`. */
const NUMBER_LIKE = /^[+-]?\d[\d.,_:-]*(?:[a-z]{1,3})?$/i;
/** Host names, addresses and `host:port`: `localhost`, `db.internal.example`, `127.0.0.1:5432`, `redis:6379`. */
const HOST = /^(?:localhost|(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}|\d{1,3}(?:\.\d{1,3}){3}|\[[\d:a-f]+\])(?::\d{1,5})?$|^[A-Za-z][\w.-]{0,62}:\d{1,5}$/i;
/** One word (`enabled`, `development`, `postgres`, `changeme`): a secret's name over it makes it no less a word of the project. */
const ONE_WORD = /^[A-Za-z]{1,15}$/;
/** `user:password` written alone (`SMTP_LOGIN=bob:pa55w0rd!`); a URL's credentials are found by URL_CREDENTIALS. */
const USER_AND_PASSWORD = /^[^\s:@/]{1,64}:([^\s@/]+)$/;
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i;
/** Without a secret's name, only a value this long and random is learned (a key, a salt, a hash of a secret). */
const MIN_RANDOM = 20;

/** Whether `value` is a literal that is never anyone's secret, whatever its name: short, a number, a host, a path… */
function ordinary(value: string): boolean {
  return value.length < MIN_LEARNED || NUMBER_LIKE.test(value) || HOST.test(value)
    || VARIABLE_REFERENCE.test(value) || value.includes('${') || POINTS_ELSEWHERE.some((p) => p.test(value));
}

/**
 * Looks random rather than like a name: many changes between letters and digits, or from a small letter
 * to a capital (a camelCase or snake_case name has few: `MyApplicationName`, `my-app-bucket-2024`).
 */
function looksRandom(value: string): boolean {
  if (value.length < MIN_RANDOM || !/^[A-Za-z0-9+/=_.~-]+$/.test(value)) return false;
  let changes = 0;
  for (let i = 1; i < value.length; i++) {
    const [a, b] = [value[i - 1]!, value[i]!];
    if (/\d/.test(a) !== /\d/.test(b) && /[A-Za-z\d]/.test(a) && /[A-Za-z\d]/.test(b)) changes++;
    else if (/[a-z]/.test(a) && /[A-Z]/.test(b)) changes++;
  }
  return changes >= value.length / 5;
}

/** `value` as written, without the quotes around it (`"abc"` → `abc`). */
function unquoted(value: string): string {
  return value.trim().replace(/^(["'`])(.*)\1$/, '$2');
}

/**
 * The values among `value` (found under `name` in a .env file or a tool's arguments) that a conversation
 * learns as secret: the value under a secret's name (KEY, TOKEN, SECRET, PASSWORD, AUTH… see
 * isSecretName) unless it is ordinary (a switch, a number, a host, one word, a path) — but a number of
 * six digits or more is a PIN there; a password written in a URL or as `user:password`; a long random
 * value under any name. Never a switch, a port or a count, a host name or a short word. `value` as written: surrounding quotes are taken off.
 */
export function secretsToLearn(name: string, value: string): string[] {
  const bare = unquoted(value);
  const learned: string[] = [];
  const password = URL_CREDENTIALS.exec(bare)?.[1] ?? USER_AND_PASSWORD.exec(bare)?.[1];
  if (password !== undefined && !ordinary(password) && !ONE_WORD.test(password)) learned.push(password);
  // a PIN or a numeric password is a number too, but a long one under a secret's name
  const number = /^\d{6,}$/.test(bare);
  if (ordinary(bare) && !(number && isSecretName(name))) return learned;
  const named = isSecretName(name) && !ONE_WORD.test(bare) && !NOT_A_SECRET.some((p) => p.test(bare));
  if (named || looksRandom(bare)) learned.push(bare);
  return learned;
}

/**
 * The values of `value` that a request must not carry (web_fetch's URL, which is not asked about): wider
 * than secretsToLearn, because a URL is refused, not blanked. Every value that could be a credential
 * (a digit or a symbol, or 12 characters and more) and does not point elsewhere: `mailPass99` and
 * `mysupersecret` under any name, never `production`, `3000` or a URL.
 */
function secretsToRefuse(name: string, value: string): string[] {
  const bare = unquoted(value);
  const refused = secretsToLearn(name, value);
  if ((looksLikeCredential(bare) || bare.length >= 12) && !POINTS_ELSEWHERE.some((p) => p.test(bare))) refused.push(bare);
  return refused;
}

/** Each known set's wider companion for outgoing text (see secretsToRefuse), kept beside it, not in it. */
const refusedBeside = new WeakMap<ReadonlySet<string>, Set<string>>();

/**
 * Learns what `value` (under `name`) holds: into `hidden` what secretsToLearn judges a secret (hidden
 * wherever it recurs), and beside it what a request must never carry (read by outgoingSecrets).
 */
export function learnSecrets(hidden: Set<string> | undefined, name: string, value: string): void {
  if (!hidden) return;
  for (const secret of secretsToLearn(name, value)) hidden.add(secret);
  let refused = refusedBeside.get(hidden);
  if (!refused) refusedBeside.set(hidden, (refused = new Set()));
  for (const secret of secretsToRefuse(name, value)) refused.add(secret);
}

/** The values text leaving the machine must not hold: `known` and what was learned beside it. */
export function outgoingSecrets(known: ReadonlySet<string>): ReadonlySet<string> {
  const refused = refusedBeside.get(known);
  return refused ? new Set([...known, ...refused]) : known;
}

/**
 * Known sets joined into one (a caller's and a conversation's), with what was learned beside each still
 * beside the join: a plain copy of a set would leave its wider outgoing values behind.
 */
export function joinKnown(...sets: ReadonlySet<string>[]): ReadonlySet<string> {
  const joined = new Set(sets.flatMap((set) => [...set]));
  refusedBeside.set(joined, new Set(sets.flatMap((set) => [...(refusedBeside.get(set) ?? [])])));
  return joined;
}
