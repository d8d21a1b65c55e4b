import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectGreetingRegression, looksLikeGreeting, GREETING_STOP_AT } from '../../../src/core/governor/greeting';
import { call, say, turn, times } from './helpers';

const TASK = 'Add a --verbose flag to the CLI in src/cli.ts';
const working = turn(call('read_file', { path: 'src/cli.ts' }));

test('greetings and requests for a task are recognised', () => {
  for (const text of [
    'Hello! How can I help you today?',
    'Hi there!',
    'What would you like me to do?',
    "I'm ready to help. Please provide the task.",
    '<think>hmm</think>Hello! What can I do for you?',
    'Sure! What do you need help with? Please tell me what you want.',
  ]) assert.ok(looksLikeGreeting(say(text)), text);
});

test('work, final answers and replies with calls are not greetings', () => {
  for (const text of [
    "I've added the flag. What would you like me to do next?",
    'Done: the tests pass now.',
    'Hello world is printed by main(); I will change it to read the flag.',
    'The function parseArgs handles flags. I will add verbose there.',
    '',
  ]) assert.ok(!looksLikeGreeting(say(text)), text);
  assert.ok(!looksLikeGreeting({ text: 'How can I help?', calls: [call('read_file', { path: 'a' })] }));
  assert.ok(!looksLikeGreeting(say(`Hello! ${'I looked at the code and here is my analysis. '.repeat(12)}`)));
});

test('the first greeting re-injects the task; none before it; a stop at the last level', () => {
  assert.equal(detectGreetingRegression([working, say('Reading the file now.')], TASK), undefined);
  const first = detectGreetingRegression([working, say('Hello! How can I help you today?')], TASK);
  assert.equal(first?.severity, 'warn');
  assert.match(first!.message, /The task is:\nAdd a --verbose flag to the CLI in src\/cli\.ts\nContinue/);
  const greetings = (n: number) => [working, ...times(n, () => say('Hi! What would you like me to do?'))];
  assert.equal(detectGreetingRegression(greetings(GREETING_STOP_AT - 1), TASK)?.severity, 'warn');
  assert.equal(detectGreetingRegression(greetings(GREETING_STOP_AT), TASK)?.severity, 'stop');
});

test('a greeting answers a task that is chit-chat; once the task asks for work or has made calls, it is a lost task', () => {
  const hello = say('Hello! How can I help you today?');
  for (const task of ['hi', 'Hello!', 'What can you do?', 'good morning', 'Who are you?']) {
    assert.equal(detectGreetingRegression([hello], task), undefined, task);
    assert.equal(detectGreetingRegression([hello, hello], task), undefined, task);
    assert.equal(detectGreetingRegression([working, hello], task)?.severity, 'warn', `${task}, after a call`);
  }
  for (const task of [TASK, 'Fix the failing test.', 'Can you rename parseArgs?', 'What does src/cli.ts do?', 'why does `npm test` hang']) {
    assert.equal(detectGreetingRegression([hello], task)?.severity, 'warn', task);
  }
});

test('a long task is cut when re-injected', () => {
  const long = `Fix ${'x'.repeat(2000)}`;
  const i = detectGreetingRegression([say('How can I help?')], long);
  assert.ok(i!.message.length < 1000);
});

test('an answer that ends by asking what to do next is not a greeting; a greeting with a filler sentence still is', () => {
  for (const text of [
    'cart.js exports total(items), which sums the price of every item in the list. What would you like me to do with it?',
    'It sums the `price` of each item. What would you like me to do?',
    'The CLI reads its flags in one place and prints the usage text when a flag is unknown. How can I help further?',
  ]) {
    assert.ok(!looksLikeGreeting(say(text)), text);
    assert.equal(detectGreetingRegression([working, say(text)], 'What does cart.js do?'), undefined, text);
  }
  for (const text of ['Sure, I can help with that! What would you like me to do?', 'Hello! I am an assistant. How can I help you today?']) {
    assert.ok(looksLikeGreeting(say(text)), text);
  }
});
