// Which values a conversation learns as secret (and then hides wherever they recur in what is saved):
// values that can be secrets, never the ports, switches, host names and words a .env file also holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdsSecret, joinKnown, learnFileSecrets, redactFileContent, redactStructured, redactToolArguments, scrubKnown } from '../../../src/core/security';
import { secretsToLearn } from '../../../src/core/security/secretValues';

test('a .env file shown on a card has every value hidden, but only its secret is learned: a later reply keeps its ports, switches and host names', () => {
  const known = new Set<string>();
  const card = redactFileContent('.env', 'PORT=3000\nDEBUG=true\nNODE_ENV=development\nHOST=localhost\nAPI_KEY=abc123xyz', known);
  assert.equal(card, 'PORT=[REDACTED]\nDEBUG=[REDACTED]\nNODE_ENV=[REDACTED]\nHOST=[REDACTED]\nAPI_KEY=[REDACTED]');
  assert.deepEqual([...known], ['abc123xyz']);
  assert.equal(scrubKnown('The server listens on localhost:3000 in development; set DEBUG to true. The key abc123xyz works.', known),
    'The server listens on localhost:3000 in development; set DEBUG to true. The key [REDACTED] works.');
});

test('values under a secret\'s name are learned unless they are a switch, a number, a host, one word or a path', () => {
  const learned: [string, string, string[]][] = [
    ['API_KEY', 'abc123xyz', ['abc123xyz']],
    ['DB_PASSWORD', '"Tr0ub4dor&3xyz"', ['Tr0ub4dor&3xyz']],
    ['GITHUB_TOKEN', 'v-kqzxwp', ['v-kqzxwp']],
    ['SESSION_SECRET', 'correcthorsebatterystaple', ['correcthorsebatterystaple']],
    ['ADMIN_PIN', '482913', ['482913']],
    ['AUTH_ENABLED', 'true', []],
    ['AUTH_PROVIDER', 'github', []],
    ['DB_PASSWORD', 'postgres', []],
    ['TOKEN_TTL', '86400', []],
    ['AUTH_HOST', 'auth.internal.example', []],
    ['AUTH_URL', 'https://auth.example.com/login', []],
    ['PRIVATE_KEY_PATH', './keys/private.pem', []],
    ['API_KEY', '${OPENAI_API_KEY}', []],
    ['API_TOKEN', 'abc', []],
  ];
  for (const [name, value, expected] of learned) assert.deepEqual(secretsToLearn(name, value), expected, `${name}=${value}`);
});

test('under other names only credentials in a URL or user:password, and long random values, are learned', () => {
  const learned: [string, string, string[]][] = [
    ['DATABASE_URL', 'postgres://admin:s3cretPw-9@db:5432/prod', ['s3cretPw-9']],
    ['DATABASE_URL', 'postgres://postgres:postgres@localhost/dev', []],
    ['SMTP_LOGIN', 'bob:pa55w0rd!', ['pa55w0rd!']],
    ['REDIS', 'redis:6379', []],
    ['SIGNING', '4f9a8b7c6d5e4f3a2b1c', ['4f9a8b7c6d5e4f3a2b1c']],
    ['CLIENT_ID', 'q8Zr2LkP0vXw9NbT4mYs', ['q8Zr2LkP0vXw9NbT4mYs']],
    ['PORT', '3000', []],
    ['DEBUG', 'true', []],
    ['HOST', 'localhost', []],
    ['BIND', '127.0.0.1:8080', []],
    ['NODE_ENV', 'development', []],
    ['SERVICE_NAME', 'ledger-prod-7', []],
    ['BUCKET', 'my-app-production-bucket-2024', []],
    ['APP_NAME', 'MyApplicationNameForReal', []],
    ['NODE_VERSION', '18.20.4', []],
    ['RELEASED', '2024-01-31T10:00:00Z', []],
    ['TZ', 'America/New_York', []],
  ];
  for (const [name, value, expected] of learned) assert.deepEqual(secretsToLearn(name, value), expected, `${name}=${value}`);
});

test('a comment after an unquoted .env value is not part of it', () => {
  const known = new Set<string>();
  assert.equal(redactFileContent('.env', 'API_TOKEN=t0k-9f8e7d # rotated monthly\nPORT=3000 # dev', known), 'API_TOKEN=[REDACTED]\nPORT=[REDACTED]');
  assert.deepEqual([...known], ['t0k-9f8e7d']);
});

test('a tool call\'s arguments: values under a secret\'s name are hidden whole, and learned when they can be secrets', () => {
  const known = new Set<string>();
  assert.deepEqual(redactStructured({ password: 'hunter2!x9', auth: 'basic', token: 'true', port: 3000 }, known), { password: '[REDACTED]', auth: '[REDACTED]', token: '[REDACTED]', port: 3000 });
  assert.deepEqual([...known], ['hunter2!x9']);
  redactToolArguments({ path: 'config/.env.local', content: 'DEBUG=1\nSTRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc\n' }, known);
  assert.deepEqual([...known], ['hunter2!x9', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc']);
});

test('joined known sets keep what a URL must not carry from each: a copy would hold only what is hidden', () => {
  const conversation = new Set<string>();
  const caller = new Set<string>();
  learnFileSecrets('.env', 'MAIL_LOGIN=mailPass99\n', conversation);
  learnFileSecrets('.env', 'RELAY_USER=relayUser77\nAPI_KEY=abc123xyz\n', caller);
  const joined = joinKnown(conversation, caller);
  assert.deepEqual([...joined], ['abc123xyz'], 'only the secret is hidden in what is saved');
  for (const value of ['mailPass99', 'relayUser77', 'abc123xyz']) assert.equal(holdsSecret(`https://x.example/?v=${value}`, joined), true, value);
  assert.equal(holdsSecret('https://x.example/?v=production', joined), false);
});
