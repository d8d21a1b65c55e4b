import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, redactEnvValues, redactFileContent, isEnvFile } from '../../../src/core/security/redactSecrets';

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
  assert.equal(redactSecrets('GET https://bob:hunter2@example.com/x'), 'GET https://bob:[REDACTED]@example.com/x');
  const pem = 'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nafter';
  assert.equal(redactSecrets(pem), 'before\n[REDACTED PRIVATE KEY]\nafter');
  assert.equal(redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz (cut'), '[REDACTED PRIVATE KEY]');
});

test('password= style assignments keep the name and hide the value', () => {
  assert.equal(redactSecrets('password=hunter2 next'), 'password=[REDACTED] next');
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
  assert.equal(redactEnvValues('# db\nDB_HOST=localhost\nexport PORT=5432\nEMPTY=\n'), '# db\nDB_HOST=[REDACTED]\nexport PORT=[REDACTED]\nEMPTY=\n');
  assert.equal(redactFileContent('.env', 'A=b'), 'A=[REDACTED]');
  assert.equal(redactFileContent('src/a.ts', 'const a = 1;'), 'const a = 1;');
});
