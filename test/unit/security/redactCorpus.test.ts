// Redaction against a corpus of real-looking secrets (each must vanish) and of prose and code that
// must stay exactly as written. The secrets are made up but shaped like what leaks in practice:
// prose, CLI flags, connection strings, SQL, XML, env dumps, and text inside JSON strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/core/security/redactSecrets';
import { assertScalesLinearly } from '../../support/linear';

/** [text, the secret that must not survive]. */
const SECRETS: [string, string][] = [
  ['The database password is hunter2horse, keep it safe.', 'hunter2horse'],
  ['my api key is 8a7b6c5d4e3f2a1b', '8a7b6c5d4e3f2a1b'],
  ['The admin passphrase was Tr0ub4dor&3.', 'Tr0ub4dor&3'],
  ['mysql -u root -pS3cretPass! mydb < dump.sql', 'S3cretPass!'],
  ['mysqldump --user=app -pW1nter2026 app > app.sql', 'W1nter2026'],
  ['psql "host=db" --password Sup3rS3cret', 'Sup3rS3cret'],
  ['deploy --api-key 5f4dcc3b5aa765d61d8327deb882cf99 --env prod', '5f4dcc3b5aa765d61d8327deb882cf99'],
  ['vault login --token "s.Xq9zv2Lk8mN4pR7t"', 's.Xq9zv2Lk8mN4pR7t'],
  ['docker login -u bob --password d0ckerPa55 registry.example.com', 'd0ckerPa55'],
  ['sshpass -p s5hPa55word ssh deploy@host', 's5hPa55word'],
  ['curl -u admin:Adm1nPa55 https://api.example.com/v1', 'Adm1nPa55'],
  ['curl --user ci-bot:c1B0tT0ken https://ci.example.com', 'c1B0tT0ken'],
  ["CREATE USER 'app'@'%' IDENTIFIED BY 'Str0ngP@ss';", 'Str0ngP@ss'],
  ["ALTER USER app IDENTIFIED WITH mysql_native_password BY 'N4tiveP@ss';", 'N4tiveP@ss'],
  ["ALTER ROLE app WITH LOGIN PASSWORD 'c0rrectHorse';", 'c0rrectHorse'],
  ['<password>xml-pa55word</password>', 'xml-pa55word'],
  ['<add key="ApiKey" value="9f8e7d6c5b4a3210" />', '9f8e7d6c5b4a3210'],
  ['<add name="Db" connectionString="Server=db;User Id=sa;Password=Sql$erver1;" />', 'Sql$erver1'],
  ['Server=db;Database=app;User Id=sa;Password=Sql$erver2;', 'Sql$erver2'],
  ['PGPASSWORD=pgs3cretValue\nHOME=/root', 'pgs3cretValue'],
  ['HOME=/root\nGITHUB_TOKEN=abc123def456ghi\nPATH=/usr/bin', 'abc123def456ghi'],
  ['DBPASS=pl41nt3xt', 'pl41nt3xt'],
  ['{"content": "host=db\\npassword=esc4pedValue\\nuser=app"}', 'esc4pedValue'],
  ['{"content": "[db]\\n\\tsecret = t4bbedSecret"}', 't4bbedSecret'],
  ['{"content": "{\\"password\\": \\"n3stedJson\\"}"}', 'n3stedJson'],
  ["settings = {'password': 'pyD1ctPass'}", 'pyD1ctPass'],
  ['spring.datasource.password=spr1ngP4ss', 'spr1ngP4ss'],
  ['git clone https://deploy:gl4bT0ken@gitlab.example.com/x/y.git', 'gl4bT0ken'],
  // unquoted values with symbols or spaces: the tail is the secret too
  ['database:\n  host: db\n  password: Tr0ub4dor&3xyzzy\n', '3xyzzy'],
  ['DB_PASSWORD=p@ss,w0rd;x\nDB_HOST=db', 'w0rd;x'],
  ['wifi_passphrase: correct horse battery staple # home', 'battery staple'],
  ['api.secret=abc)def]ghi', 'def]ghi'],
  // a line of a few words after a secret's name is a passphrase, hidden whole
  ['vpn:\n  Password: hunter2 horse\n', 'horse'],
  ['PASSPHRASE=blue elephant sings', 'elephant sings'],
];

/** Text that must come out unchanged. */
const PROSE = [
  'The password is hashed with bcrypt before it is stored.',
  'Make sure the token is valid before calling the API.',
  'The secret is to keep functions small.',
  'Your password is too short (8 characters minimum).',
  'The API key is stored in the OPENAI_API_KEY environment variable.',
  'mkdir -p src/utils && cd src',
  'ssh -p 2222 deploy@host',
  'tar -pzxf archive.tar.gz',
  'mysql -u root -p mydb',
  'SELECT id FROM users WHERE password = ? AND token = :token',
  "const passwordField = document.querySelector('#password');",
  'user.password = hash(password);',
  'Use IDENTIFIED BY to set a password for the account.',
  '<password>{{ vault_password }}</password>',
  'HOME=/root\nPATH=/usr/local/bin:/usr/bin\nTERM=xterm-256color',
  'MAX_TOKENS=2048\nTOKENIZERS_PARALLELISM=false',
  'Run npm test --silent --reporter spec to see the failures.',
  'The token count is 1534, under the limit.',
  'curl -u "$USER:$PASS" https://api.example.com',
  'Set --password-file /run/secrets/db to read it from a file.',
  '{"content": "line one\\nline two\\n", "path": "src/a.ts"}',
  'interface Login {\n  password: string;\n  token: string | undefined;\n}',
  'db:\n  password: ${DB_PASSWORD} # from the environment',
  // a line that only opens with a secret's name: a user's instruction, a Python field
  'Password: must be at least 12 chars, show a hint under the field (see src/Login.tsx)',
  'Token: expired tokens are not refreshed in api/client.ts',
  'class Settings(BaseModel):\n    token: str | None = None\n    db_pass: SecretStr = SecretStr("")\n',
];

test('every secret of the corpus is redacted', () => {
  for (const [text, secret] of SECRETS) {
    const out = redactSecrets(text);
    assert.ok(!out.includes(secret), `still there: ${JSON.stringify(secret)} in ${JSON.stringify(out)}`);
    assert.match(out, /\[REDACTED\]/, text);
  }
});

test('prose and code that only talk about secrets stay as written', () => {
  for (const text of PROSE) assert.equal(redactSecrets(text), text);
});

test('the new shapes scan hostile text in linear time (size ratio, not wall clock)', () => {
  const hostile: [string, string][] = [
    ['flags', '--password '],
    ['prose', 'password is '],
    ['mysql', 'mysql -u x '],
    ['curl', ' -u a:'],
    ['sql', "IDENTIFIED BY '"],
    ['xml', '<password>x'],
    ['escapes', '\\npassword=\\"'],
  ];
  for (const [label, unit] of hostile) {
    assertScalesLinearly(label, (n) => unit.repeat(n), (text) => redactSecrets(text), 16000);
  }
});
