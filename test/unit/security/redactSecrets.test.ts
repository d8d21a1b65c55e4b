import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, redactEnvValues, redactFileContent, redactNamedValue, redactTaskText, isEnvFile } from '../../../src/core/security/redactSecrets';
import { assertScalesLinearly } from '../../support/linear';
import { redactedText } from '../../../src/core/agent/conversation';

/** Each [input, what redactSecrets must make of it]. */
function assertRedacts(cases: [string, string][]): void {
  for (const [input, expected] of cases) assert.equal(redactSecrets(input), expected, input);
}

test('vendor key shapes are hidden wherever they appear', () => {
  const text = [
    'key sk-proj-abcdefghijklmnopqrstuvwx1234 used',
    'aws AKIAIOSFODNN7EXAMPLE here',
    'gh ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    'google AIzaSyA-abcdefghijklmnopqrstuvwxyz01234',
    'hf hf_abcdefghijklmnopqrstuvwxyzABCDEFGH',
    'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  ].join('\n');
  const out = redactSecrets(text);
  assert.doesNotMatch(out, /sk-proj-abc|AKIAIOSFODNN7|ghp_abc|AIzaSy|hf_abc|eyJhbGci/);
  assert.match(out, /^key \[REDACTED\] used$/m);
});

test('bearer tokens, URL credentials and private key blocks', () => {
  assert.equal(redactSecrets('Authorization: Bearer abc.def-ghi_jkl'), 'Authorization: Bearer [REDACTED]');
  // GitHub's documented header, any case of the header and the scheme word
  for (const header of ['Authorization: token', 'authorization: Token', 'AUTHORIZATION:TOKEN', 'Proxy-Authorization: bearer', '-H "authorization: Basic']) {
    assert.equal(redactSecrets(`${header} 0123456789abcdef0123456789abcdef01234567`), `${header} [REDACTED]`, header);
  }
  assert.equal(redactSecrets('headers = {"authorization": "token 0123456789abcdef0123456789abcdef01234567"}'), 'headers = {"authorization": "token [REDACTED]"}');
  assert.equal(redactSecrets('curl -H "token 0123456789abcdef0123456789abcdef01234567" x'), 'curl -H "token [REDACTED]" x');
  for (const prose of ['token counting and basic settings', 'the bearer instrument', 'the authorization token expires after an hour']) assert.equal(redactSecrets(prose), prose);
  assert.equal(redactSecrets('GET https://bob:hunter2@example.com/x'), 'GET https://bob:[REDACTED]@example.com/x');
  const pem = 'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nafter';
  assert.equal(redactSecrets(pem), 'before\n[REDACTED PRIVATE KEY]\nafter');
  assert.equal(redactSecrets(pem, { keepLines: true }), 'before\n[REDACTED PRIVATE KEY]\n\n\n\nafter', 'keepLines: the block keeps its line count');
  assert.equal(redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz (cut'), '[REDACTED PRIVATE KEY]');
});

test('password= style assignments keep the name and hide the value', () => {
  assert.equal(redactSecrets('login password=hunter2 next'), 'login password=[REDACTED] next');
  assert.equal(redactSecrets('export OPENAI_API_KEY=abc123'), 'export OPENAI_API_KEY=[REDACTED]');
  assert.equal(redactSecrets('{"apiKey": "abc", "model": "qwen"}'), '{"apiKey": "[REDACTED]", "model": "qwen"}');
  assert.equal(redactSecrets("db_password: 'x y z'"), "db_password: '[REDACTED]'");
  assert.equal(redactSecrets('client_secret = s3cr3t;'), 'client_secret = [REDACTED];');
});

test('ordinary text is left alone', () => {
  const plain = 'promptTokens: 120, maxTokens: 2048; if (token == null) return; model=qwen3 path=src/a.ts';
  assert.equal(redactSecrets(plain), plain);
});

test('.env files have every value hidden', () => {
  assert.ok(isEnvFile('.env') && isEnvFile('config/.env.local') && !isEnvFile('.env.example') && !isEnvFile('env.ts'));
  assert.ok(isEnvFile('.envrc') && isEnvFile('config/.env.production.local') && !isEnvFile('.envrc.sample') && !isEnvFile('src/.environment.ts'));
  assert.equal(redactFileContent('.envrc', 'export OPENAI_KEY=abcdef123456\nuse nix\n'), 'export OPENAI_KEY=[REDACTED]\nuse nix\n');
  assert.equal(redactFileContent('config/.env.production.local', 'X=1'), 'X=[REDACTED]');
  assert.equal(redactEnvValues('# db\nDB_HOST=localhost\nexport PORT=5432\nEMPTY=\n'), '# db\nDB_HOST=[REDACTED]\nexport PORT=[REDACTED]\nEMPTY=\n');
  assert.equal(redactFileContent('.env', 'A=b'), 'A=[REDACTED]');
  assert.equal(redactFileContent('src/a.ts', 'const a = 1;'), 'const a = 1;');
});

// the reviewer's env text (security review #1): dotenv's multi-line quoted value, and a line that is no assignment
const MULTI_LINE_ENV = [
  'APP_ENV=production',
  'GITHUB_APP_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw',
  '7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFc',
  '-----END RSA PRIVATE KEY-----"',
  'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789',
  '',
].join('\n');
const KEY_BODY = ['MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw', '7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFc'];
const MULTI_LINE_ENV_REDACTED = 'APP_ENV=[REDACTED]\nGITHUB_APP_PRIVATE_KEY=[REDACTED]\nAWS_SECRET_ACCESS_KEY=[REDACTED]\n//registry.npmjs.org/:_authToken=[REDACTED]\n';

test('a .env value quoted over lines is hidden whole and each of its lines learned; lines that are no assignment are redacted by pattern', () => {
  const known = new Set<string>();
  assert.equal(redactFileContent('.env', MULTI_LINE_ENV, known), MULTI_LINE_ENV_REDACTED);
  for (const line of KEY_BODY) assert.ok(known.has(line), line);
  assert.ok(!known.has('-----END RSA PRIVATE KEY-----'), 'the armor is no secret');
  // the same through the history's and trace's redaction, as read_file numbers it
  const numbered = MULTI_LINE_ENV.split('\n').map((line, i) => `${i + 1}| ${line}`).join('\n');
  const inHistory = redactedText('tool', numbered, '.env', new Set());
  for (const secret of [...KEY_BODY, 'npm_abcdef', 'wJalrXUtnFEMI']) assert.ok(!inHistory.includes(secret), inHistory);
  assert.match(inHistory, /^1\| APP_ENV=\[REDACTED\]\n2\| GITHUB_APP_PRIVATE_KEY=\[REDACTED\]\n6\| AWS_SECRET_ACCESS_KEY=\[REDACTED\]/);
  // a quote that never closes hides the rest of the file (secret either way); an escaped quote does not close it
  assert.equal(redactFileContent('.env', 'A=1\nKEY="abc\nB=2\n'), 'A=[REDACTED]\nKEY=[REDACTED]');
  assert.equal(redactFileContent('.env', "KEY='ab\\'c\nd'\nB=2"), 'KEY=[REDACTED]\nB=[REDACTED]');
  // a value that closes on its line is as before, and an empty value does not take the next line
  assert.equal(redactFileContent('.env', 'KEY="abc" # note\nEMPTY=\nB=2'), 'KEY=[REDACTED]\nEMPTY=\nB=[REDACTED]');
});

test('a .env file is known however the model wrote its path', () => {
  for (const path of ['./.env', '"./.env"', '`.env`', '.ENV', 'config\\.env', ' .env ', 'config/prod.env', 'secrets.env', '/abs/app/.Env.Local', "'.envrc'"]) {
    assert.ok(isEnvFile(path), path);
  }
  for (const path of ['.env.prod.example', 'prod.env.sample', '.venv', 'env', 'environment.ts', 'src/env.ts', 'dotenv']) assert.ok(!isEnvFile(path), path);
  assert.equal(redactFileContent('"./.env"', 'ADMIN_PIN=482913\nSMTP_LOGIN=bob:pa55w0rd!\n'), 'ADMIN_PIN=[REDACTED]\nSMTP_LOGIN=[REDACTED]\n');
});

test('a password as the next word, redis-cli -a, a URL with only a password, an AWS secret key next to its id', () => {
  assert.equal(redactSecrets('user admin, password hunter2!x9'), 'user admin, password [REDACTED]');
  assert.equal(redactSecrets('Passphrase "c0rrect-h0rse" then enter'), 'Passphrase "[REDACTED]" then enter');
  assert.equal(redactSecrets('redis-cli -a Sup3rS3cret! -h cache'), 'redis-cli -a [REDACTED] -h cache');
  assert.equal(redactSecrets('redis-cli -h cache -p 6380 -a Sup3rS3cret! ping'), 'redis-cli -h cache -p 6380 -a [REDACTED] ping');
  assert.equal(redactSecrets('REDIS_URL is redis://:s3cretpw@cache:6379/0'), 'REDIS_URL is redis://:[REDACTED]@cache:6379/0');
  assert.equal(redactSecrets('the admin pw is Sup3rS3cret!'), 'the admin pw is [REDACTED]');
  assert.equal(redactSecrets('AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), '[REDACTED] / [REDACTED]');
  assert.equal(redactSecrets('id: AKIAIOSFODNN7EXAMPLE\nkey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 'id: [REDACTED]\nkey: [REDACTED]');
  // what only looks similar keeps its text
  for (const plain of [
    'password hashing with bcrypt, password reset flow',
    'if password == stored_hash2: return',
    'keys managehome membership password password_max_age',
    'ENCRYPTED|10 PASSWORD CONFLICT|10',
    'redis-cli -h cache ping && ls -a build',
    'commit 0123456789abcdef0123456789abcdef01234567 (no key id near it)',
    'GET http://host:8080/x@y',
  ]) assert.equal(redactSecrets(plain), plain);
});

test('a quoted passphrase in a sentence is hidden whole, spaces and all; `pw` names a password', () => {
  assert.equal(redactSecrets('the ssh passphrase is "blue elephant 42"'), 'the ssh passphrase is "[REDACTED]"');
  assert.equal(redactSecrets("my password is 'correct horse battery staple', ok"), "my password is '[REDACTED]', ok");
  assert.equal(redactSecrets('def login(user, pw="Tr0ub4dor&3xyz"):'), 'def login(user, pw="[REDACTED]"):');
  assert.equal(redactNamedValue('admin pw', 'hunter2'), '[REDACTED]');
  for (const kept of ['the token is "expired"', 'const pw = require("playwright")', 'pw.chromium.launch()', 'the password is "" (empty)']) assert.equal(redactSecrets(kept), kept);
});

test('a value kept under a secret\'s name has its literal hidden; a sentence about the secret keeps its words', () => {
  assert.equal(redactNamedValue('db password', 'hunter2!x9'), '[REDACTED]');
  assert.equal(redactNamedValue('staging api key', '8f3a9c0d2e7b4411aa'), '[REDACTED]');
  assert.equal(redactNamedValue('DB_PASS', '"hunter2!x9" (staging only)'), '"[REDACTED]" (staging only)');
  assert.equal(redactNamedValue('mysql -u root', '-pS3cr3tPw'), '-p[REDACTED]');
  assert.equal(redactNamedValue('login', 'user admin, password hunter2!x9'), 'user admin, password [REDACTED]');
  for (const [name, value] of [
    ['auth', 'JWT in an httpOnly cookie, see src/auth/jwt.ts'],
    ['auth middleware', 'src/middleware/auth.ts'],
    ['api key location', 'OPENAI_API_KEY in .env'],
    ['api key', 'process.env.OPENAI_API_KEY'],
    ['token limit', '8192 for qwen2.5-7b'],
    ['password policy', 'min 12 chars, 1 digit'],
    ['auth endpoint', 'https://auth.example.com/token'],
    ['test command', 'npm test -- --run'],
  ]) assert.equal(redactNamedValue(name!, value!), value, `${name}: ${value}`);
});

test('the secret word may sit anywhere in the name', () => {
  assertRedacts([
    ["SECRET_KEY = 'django-insecure-8f#k2l9x0q1w2e3r4t5y6u7i8o9p'", "SECRET_KEY = '[REDACTED]'"],
    ['STRIPE_SECRET_KEY=sk_live_51HxYzAbCdEfGhIjKlMnOpQr', 'STRIPE_SECRET_KEY=[REDACTED]'],
    ['ENCRYPTION_KEY=3q2+7w==abcdefghijklmnopqrstuv', 'ENCRYPTION_KEY=[REDACTED]'],
    ['"secretKey": "abcd1234abcd1234"', '"secretKey": "[REDACTED]"'],
    ['export DB_PASS=hunter2hunter2', 'export DB_PASS=[REDACTED]'],
    ['OPENAI_KEY=abc123', 'OPENAI_KEY=[REDACTED]'],
    ['--password=hunter2 --user bob', '--password=[REDACTED] --user bob'],
    ['curl -H "X-Api-Key: abcdef123456"', 'curl -H "X-Api-Key: [REDACTED]"'],
    ['{"refresh_token":"1//0gAbc-xyz","expires_in":3599}', '{"refresh_token":"[REDACTED]","expires_in":3599}'],
    ['data: password=hunter2hunter2', 'data: password=[REDACTED]'],
    ['const password = "hunter2";', 'const password = "[REDACTED]";'],
    ['config.auth.token = "t0k3n"', 'config.auth.token = "[REDACTED]"'],
    ["sessionCookie='abc123def'", "sessionCookie='[REDACTED]'"],
  ]);
});

test('vendor prefixes: npm, GitLab, GitHub, Slack, Stripe, AWS, Google, Hugging Face and more', () => {
  const keys = [
    'npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    'glpat-AbCdEfGhIjKlMnOpQrSt',
    'gho_abcdefghijklmnopqrstuvwxyz0123456789',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU',
    'xoxb-1234567890-abcdefghij',
    'xapp-1-A0123456789-abcdef',
    'sk_live_51HxYzAbCdEfGhIjKlMnOpQr',
    'rk_live_51HxYzAbCdEfGhIjKlMnOpQr',
    'whsec_abcdefghijklmnopqrstuvwxyz012345',
    'AKIAIOSFODNN7EXAMPLE',
    'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234',
    'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH',
    'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789',
    'gsk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP',
    'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  ];
  for (const key of keys) assert.equal(redactSecrets(`key ${key} end`), 'key [REDACTED] end', key);
});

test('code that only mentions secrets keeps its text', () => {
  const code = [
    'const token = getToken();',
    'if (token) { return token; }',
    'function getToken(): string {',
    'const tokenizer = new Tokenizer();',
    '// the password must be hashed before storing',
    'password: string;',
    'apiKey?: string',
    'token: string | undefined',
    'const password = process.env.DB_PASS;',
    'token = os.getenv("TOKEN")',
    'const { token } = await login(user);',
    'headers: { Authorization: `Bearer ${token}` }',
    'secret_name: "${SECRET}"',
    'max_tokens: 4096, usage.total_tokens=120',
    'const primaryKey = "id"; cacheKey: "user:1"',
    'author: "Jane", bypass=true',
    'if (password === confirm) ok();',
    'const isAuth = (u) => !!u; auth => auth.check(); x.token == y',
    'password=',
  ];
  for (const line of code) assert.equal(redactSecrets(line), line, line);
});

test('hostile lines are scanned in linear time', () => {
  // the last ones: separators inside a value, brackets before a name, a line that is only `name: value`
  for (const unit of ['a-', 'a:', 'a=', 'x://a', 'password:(', 'redis-cli ', 'password ', 'x://:', 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1 ', 'aB3/',
    'password=a&', 'token=a;b,', '(password=a)', 'f(token=a ', '\npassword: a b ', 'password: a b ', 'token=a&' + 'b'.repeat(120),
    // a line that opens with a secret's name, then prose or code (judged for value shape, then read in text)
    '\nPassword: must be at least ', '\ntoken: str | None = ', 'password: a = b ( c [ ', '\ntoken: Optional[str|None|str ']) {
    assertScalesLinearly(unit, (n) => unit.repeat(n), (text) => redactSecrets(text), 4000);
  }
  // a .env value whose quote does not close on its line: each runs to the next quote, or one to the end
  for (const unit of ['A="x\n', "A='\n", 'A="\\"\n', '1| A=`x\nB=1\n']) {
    assertScalesLinearly(unit, (n) => unit.repeat(n), (text) => redactFileContent('.env', text), 4000);
  }
});

test('a password as the next word is hidden whole, symbols and all: none of its tail is left', () => {
  assert.equal(redactSecrets('Put the staging password Tr0ub4dor&3xyz into config/staging.yml as db.password'), 'Put the staging password [REDACTED] into config/staging.yml as db.password');
  assert.equal(redactSecrets('the new password P@ss;w0rd&more, then restart'), 'the new password [REDACTED], then restart');
  for (const code of ['if (password && ok) return;', 'password || fallback()', 'password (hashed) is stored', 'ENCRYPTED|10 PASSWORD CONFLICT|10']) assert.equal(redactSecrets(code), code);
});

test('an unquoted secret is hidden whole: its symbols, and on a line of its own its spaces too', () => {
  assertRedacts([
    // a line that is only `name: value` / `NAME=value` (YAML, .env, ini): the value runs to the line's end
    ['db_pass: Tr0ub4dor&3xyzzy', 'db_pass: [REDACTED]'],
    ['DB_PASSWORD=p@ss,w0rd;x', 'DB_PASSWORD=[REDACTED]'],
    ['SECRET_KEY=abc)def]ghi', 'SECRET_KEY=[REDACTED]'],
    ['password: correct horse battery staple', 'password: [REDACTED]'],
    ['API_TOKEN=abc}def', 'API_TOKEN=[REDACTED]'],
    ['password=hunter2 next', 'password=[REDACTED]'],
    ['  smtp_password: s3cret sauce  # the mail relay', '  smtp_password: [REDACTED]  # the mail relay'],
    ['export DB_PASS=p@ss w0rd&more', 'export DB_PASS=[REDACTED]'],
    ['  - DB_PASSWORD=p@ss word', '  - DB_PASSWORD=[REDACTED]'],
    ['host: db\npassword: hunter2 (staging)\nport: 5432', 'host: db\npassword: [REDACTED]\nport: 5432'],
    // amid other text: one token, but its symbols are the secret too
    ['then set db_pass: Tr0ub4dor&3xyzzy and restart', 'then set db_pass: [REDACTED] and restart'],
    ['login with token=abc}def;ghi, then', 'login with token=[REDACTED], then'],
    ['see secret=abc)def now', 'see secret=[REDACTED] now'],
  ]);
});

test('a separator that separates still ends the value: queries, objects, calls, log lines, code', () => {
  assertRedacts([
    ['password=abc&user=bob', 'password=[REDACTED]&user=bob'],
    ['GET /login?token=abc&next=/x', 'GET /login?token=[REDACTED]&next=/x'],
    ['Server=db;Password=Sql$erver2;Database=app', 'Server=db;Password=[REDACTED];Database=app'],
    ['{password: x, user: y}', '{password: [REDACTED], user: y}'],
    ['{password:x,user:y}', '{password:[REDACTED],user:y}'],
    ['password: x, user: y', 'password: [REDACTED], user: y'],
    ['f(token=abc, retries=3)', 'f(token=[REDACTED], retries=3)'],
    ['[password=x]', '[password=[REDACTED]]'],
    ['login(password=x);', 'login(password=[REDACTED]);'],
    ['if (check(token=abc)) go()', 'if (check(token=[REDACTED])) go()'],
    ['user=bob password=hunter2 ip=1.2.3.4', 'user=bob password=[REDACTED] ip=1.2.3.4'],
    ['password=hunter2 ip=1.2.3.4', 'password=[REDACTED] ip=1.2.3.4'],
    ['--password=hunter2 --user bob', '--password=[REDACTED] --user bob'],
    ['client_secret = s3cr3t;', 'client_secret = [REDACTED];'],
    ['token: abc123, // the test token', 'token: [REDACTED], // the test token'],
  ]);
  for (const code of [
    'password: ${DB_PASS}',
    'password: $DB_PASS # from the vault',
    'const token = getToken();',
    'token: string | undefined',
    'password: string;',
    'user.password = hash(password);',
    '  apiKey: config.apiKey,',
    'token = os.getenv("TOKEN") or default',
    'password: ${DB_PASS}, user: ${DB_USER}',
  ]) assert.equal(redactSecrets(code), code);
});

test('a line that only opens with a secret\'s name keeps its prose or code: a user\'s task, a Python field', () => {
  const kept = [
    // a user's task, saved in history through redactTaskText: its instructions must survive a resume
    'Fix the login form.\nPassword: must be at least 12 chars, show a hint under the field (see src/Login.tsx)\nThanks',
    'Auth: the login page fails when the session cookie expires, fix it in src/login.ts',
    'Token: expired tokens are not refreshed in api/client.ts',
    'Secret: rotate it every 90 days and log who did',
    // pydantic / dataclass fields (explain_symbol's code lines, the repo map's signatures)
    '    token: str | None = None',
    '    password: str = Field(min_length=8)',
    '    db_pass: SecretStr = SecretStr("")',
    '    token: Optional[str] = None',
    '    api_key: APIKey = Security(api_key_header)',
    '    refresh_token: str|None = None',
    '    is_secret: bool = False',
    'def login(password: str, token: bytes = b"") -> bool:',
  ];
  for (const text of kept) {
    assert.equal(redactSecrets(text, { keepLines: true }), text);
    assert.equal(redactTaskText(text), text);
  }
});

test('where the boundary is: a line\'s value is hidden whole when its first word is credential-like or it is a few plain words', () => {
  assertRedacts([
    // a credential first: the whole rest, whatever follows
    ['Password: hunter2 horse', 'Password: [REDACTED]'],
    ['password: hunter2 is the one for staging, keep it safe', 'password: [REDACTED]'],
    ['token: s3cr3t = with an equals sign', 'token: [REDACTED]'],
    // up to four words with no code shape: a passphrase, or a short note hidden as one (the cheaper mistake)
    ['passphrase: correct horse battery staple', 'passphrase: [REDACTED]'],
    ['Auth: fix it', 'Auth: [REDACTED]'],
    // up to eight plain words without a comma, full stop or slash: a diceware passphrase
    ['wifi_password: correct horse battery staple plus two more', 'wifi_password: [REDACTED]'],
    // longer, or code-shaped: a plain first word is the sentence's, a symbol-bearing one is still hidden
    ['password: p@ss = more words here', 'password: [REDACTED] = more words here'],
  ]);
});

test('a registry login password given with -p is hidden (docker, podman, helm registry, nerdctl, oras)', () => {
  assert.equal(redactSecrets('$ docker login -u me -p correcthorsebattery'), '$ docker login -u me -p [REDACTED]');
  assert.equal(redactSecrets('docker login registry.example.com -u me -p=Sup3rS3cret! && docker push x'), 'docker login registry.example.com -u me -p=[REDACTED] && docker push x');
  assert.equal(redactSecrets('podman login -p hunter2horse quay.io'), 'podman login -p [REDACTED] quay.io');
  assert.equal(redactSecrets('helm registry login ghcr.io -u me -p s3cretTok3n'), 'helm registry login ghcr.io -u me -p [REDACTED]');
  assert.equal(redactSecrets('nerdctl login -p abcDEF123'), 'nerdctl login -p [REDACTED]');
  assert.equal(redactSecrets('docker login --password hunter2horse'), 'docker login --password [REDACTED]');
  // -p that is a port or a path elsewhere keeps its value
  for (const plain of ['docker run -p 8080:80 nginx', 'docker login -u me --password-stdin', 'podman run -p 3000:3000 app', 'helm install x -p values.yaml']) assert.equal(redactSecrets(plain), plain);
  // "login" only as part of a name or a value is no login: the port stays shown
  for (const plain of ['docker run --name login-api -p 8080:8080 img', 'podman run -e MODE=login -p 3000:3000 app', 'docker run login_svc -p 80:80', 'docker compose -f login.yml run -p 5432:5432 db']) assert.equal(redactSecrets(plain), plain);
  // the login subcommand after the tool's own options is still one
  assert.equal(redactSecrets('docker --config ~/.d login -u me -p s3cretTok3n'), 'docker --config ~/.d login -u me -p [REDACTED]');
  assert.equal(redactSecrets('oras login -u me -p s3cretTok3n ghcr.io'), 'oras login -u me -p [REDACTED] ghcr.io');
  // an option's value quoted, with a space in it
  assert.equal(redactSecrets('docker -c "my ctx" login -u me -p s3cretTok3n'), 'docker -c "my ctx" login -u me -p [REDACTED]');
  assert.equal(redactSecrets("podman --connection 'my box' login -p s3cretTok3n q.io"), "podman --connection 'my box' login -p [REDACTED] q.io");
  assert.equal(redactSecrets('docker -c "login ctx" run -p 8080:80 img'), 'docker -c "login ctx" run -p 8080:80 img');
});
