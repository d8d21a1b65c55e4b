// What a person does after a run, in the real workbench: "Undo this run" on a run that edited two
// files and created one (refused while one of them cannot be read; then restored, created one gone,
// one Ctrl+Z brings the run back), a file changed since a run (on disk, or unsaved in an editor)
// listed in a modal and skipped or restored; and the
// code blocks of a reply: highlighted in the theme's colours, Apply through the review (a hunk
// accepted, the disk checked), Insert at the cursor, an ambiguous snippet refused, and a block that
// would write a redaction mark over a secret refused.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { ReviewWorkbench } from '../support/reviewWorkbench.mjs';
import { startReplayServer } from '../support/replayServer.ts';

const workspace = scratchWorkspace();
const file = (rel) => join(workspace, rel);
const disk = (rel) => readFileSync(file(rel), 'utf8');
const STRINGS = `// String helpers.
function upper(s) {
  if (!s) return '';
  return s.toUpperCase();
}

function lower(s) {
  if (!s) return '';
  return s.toLowerCase();
}

module.exports = { upper, lower };
`;
writeFileSync(file('src/strings.js'), STRINGS);
const MATH = disk('src/math.js');
const ENV = 'HOST=localhost\nPORT=3000\nAPI_KEY=sk-live-4f9a8b7c6d5e4f3a2b1c\nDEBUG=false\n';
writeFileSync(file('.env'), ENV);
// Latin-1: "café = 1" with é as one byte (0xE9), which VS Code would save back as U+FFFD
const LEGACY = Buffer.from('caf\xe9 = 1\nx = 3\n', 'latin1');
writeFileSync(file('src/legacy.txt'), LEGACY);
// CRLF and LF in one file: a VS Code document would make them uniform
const MIXED = 'const a = 1;\r\nconst b = 2;\nconst c = 3;\r\n';
writeFileSync(file('src/mixed.js'), MIXED);

const LOOP = ['  for (let i = 0; i <= values.length; i++) {', '  for (let i = 0; i < values.length; i++) {'];
const EXPORTS = ['module.exports = { upper, lower };', 'module.exports = { upper, lower, title };'];
const TITLE_FN = "function title(s) {\n  return upper(s[0]) + s.slice(1);\n}\n\n";
const STATS = 'const { average } = require(\'./math\');\n\nmodule.exports = { mean: average };\n';
const CLAMP = ['  return Math.min(Math.max(value, min), max);', '  return min > max ? NaN : Math.min(Math.max(value, min), max);'];
const UPPER = ["  return s.toUpperCase();", "  return s.toLocaleUpperCase();"];
const CLAMP_THROWS = "function clamp(value, min, max) {\n  if (min > max) throw new RangeError('min > max');\n  return Math.min(Math.max(value, min), max);\n}";

const MATH_RUN1 = MATH.replace(LOOP[0], LOOP[1]);
const STRINGS_RUN1 = STRINGS.replace(EXPORTS[0], `${TITLE_FN}${EXPORTS[1]}`);

const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const ANSWER = [
  'Done: the loop stops before `values.length`, `title` is exported and `src/stats.js` re-exports `average` as `mean`.',
  '',
  'You may also want `clamp` to reject an inverted range:',
  '',
  '`src/math.js`',
  '```js',
  ...CLAMP_THROWS.split('\n'),
  '```',
  '',
  'A note to put above it:',
  '',
  '```js',
  '// clamp(value, min, max): NaN when min > max',
  '```',
  '',
  'And empty strings could be trimmed first:',
  '',
  '```js src/strings.js',
  "  if (!s) return '';",
  '  s = s.trim();',
  '}',
  '```',
  '',
  'And the server could listen on 8080:',
  '',
  '```env .env',
  'HOST=localhost',
  'PORT=8080',
  'API_KEY=[REDACTED]',
  'DEBUG=false',
  '```',
  '',
  'And the legacy file:',
  '',
  '```text src/legacy.txt',
  'cafe = 2',
  'x = 3',
  '```',
].join('\n');

const SCRIPT = [
  // Run 1: two files edited, one created.
  { text: call('patch', { path: 'src/math.js', search: LOOP[0], replace: LOOP[1] }) },
  { text: call('patch', { path: 'src/strings.js', search: EXPORTS[0], replace: `${TITLE_FN}${EXPORTS[1]}` }) },
  { text: call('write_file', { path: 'src/stats.js', content: STATS }) },
  { text: ANSWER, chunkSize: 12, chunkDelayMs: 5 },
  // Run 2: changes src/strings.js, which the user then changes on disk.
  { text: call('patch', { path: 'src/math.js', search: CLAMP[0], replace: CLAMP[1] }) },
  { text: call('patch', { path: 'src/strings.js', search: UPPER[0], replace: UPPER[1] }) },
  { text: 'Made `clamp` strict and `upper` locale-aware.' },
  // Run 3: the user then types in src/strings.js without saving.
  { text: call('patch', { path: 'src/math.js', search: CLAMP[0], replace: CLAMP[1] }) },
  { text: call('patch', { path: 'src/strings.js', search: UPPER[1], replace: UPPER[0] }) },
  { text: 'Put both back.' },
  // Run 4: edits a file whose line endings are mixed.
  { text: call('patch', { path: 'src/mixed.js', search: 'const b = 2;', replace: 'const b = 20;' }) },
  { text: 'Set b to 20.' },
];

let replay;
const { step, ctx } = e2eSuite({
  suite: 'runActions', workspace, WorkbenchClass: ReviewWorkbench, screenshots: 'always',
  settings: { 'smallcode.approval.edits': 'auto', 'workbench.colorTheme': 'Default Dark Modern' },
  beforeStart: async () => {
    replay = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 32768, script: SCRIPT });
    return { settings: { 'smallcode.baseUrl': replay.baseUrl } };
  },
  afterAll: () => replay?.close(),
});

async function send(text) {
  const prompt = ctx.wb.chat.locator('#prompt textarea');
  await prompt.fill(text);
  await prompt.press('Enter');
}
const card = () => ctx.wb.chat.locator('.checkpoint-card').last();
const dialog = () => ctx.wb.page.locator('.monaco-dialog-box');
/** A message SmallCode showed (in the notification center: toasts are not shown under the test driver). */
async function notified(text) {
  await ctx.wb.runCommand('Notifications: Show Notifications');
  await ctx.wb.page.locator('.notifications-center', { hasText: text }).waitFor({ timeout: 15_000 });
  await ctx.wb.runCommand('Notifications: Clear All Notifications');
}

step('a run that edited two files and created one ends with a card listing them', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await send('Fix average, export a title helper and add a stats module');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 're-exports `average`'.replace(/`/g, '') }).waitFor({ timeout: 60_000 });
  await card().waitFor();
  assert.deepEqual(await card().locator('.checkpoint-file').allInnerTexts().then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim())),
    ['src/math.js edited', 'src/stats.js created', 'src/strings.js edited']);
  assert.equal(disk('src/math.js'), MATH_RUN1);
  assert.equal(disk('src/strings.js'), STRINGS_RUN1);
  assert.equal(disk('src/stats.js'), STATS);
  // The card comes after the run's last message.
  const last = ctx.wb.chat.locator('#transcript > .entry').last();
  assert.match(await last.getAttribute('class'), /entry-checkpoint/);
});

step('a file of the run that cannot be read any more refuses the undo with the reason; nothing is touched', async () => {
  writeFileSync(file('src/stats.js'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  await card().locator('button.checkpoint-undo').click();
  await notified('SmallCode could not undo the run: src/stats.js could not be read (src/stats.js is a binary file');
  assert.equal(disk('src/math.js'), MATH_RUN1);
  assert.equal(disk('src/strings.js'), STRINGS_RUN1);
  assert.equal(await card().locator('button.checkpoint-undo').count(), 1, 'the run can still be undone');
  writeFileSync(file('src/stats.js'), STATS); // readable again, as the run left it: the next undo goes ahead
});

step('Undo this run restores both files and deletes the created one', async () => {
  await card().locator('button.checkpoint-undo').click();
  await poll('the files restored', () => disk('src/math.js') === MATH && disk('src/strings.js') === STRINGS && !existsSync(file('src/stats.js')));
  await card().locator('.checkpoint-note', { hasText: 'Restored src/math.js, src/strings.js. Deleted src/stats.js.' }).waitFor();
  assert.equal(await card().locator('button.checkpoint-undo').count(), 0, 'an undone run offers no second undo');
  assert.equal(await dialog().count(), 0, 'nothing had changed since the run: no question');
});

step('one Ctrl+Z in an editor brings all of the run\'s changes back', async () => {
  await ctx.wb.openFile('src/strings.js');
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+Z');
  await poll('the created file back', () => existsSync(file('src/stats.js')) && disk('src/stats.js') === STATS);
  await poll('the editor to show the run\'s change', async () => /title \}/.test(await ctx.wb.editorText()));
  assert.equal(await dialog().count(), 0, 'no "undo in N files?" question: the undo is one group');
  await ctx.wb.runCommand('File: Save All');
  await poll('both edits back on disk', () => disk('src/math.js') === MATH_RUN1 && disk('src/strings.js') === STRINGS_RUN1);
});

step('a file changed on disk since the run is listed and skipped', async () => {
  await send('Make clamp strict and upper locale-aware');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'locale-aware' }).last().waitFor({ timeout: 60_000 });
  await poll('a new card', async () => (await ctx.wb.chat.locator('.checkpoint-card').count()) === 2);
  const userVersion = `${disk('src/strings.js')}// the user's own line\n`;
  writeFileSync(file('src/strings.js'), userVersion);
  await card().locator('button.checkpoint-undo').click();
  await dialog().waitFor();
  assert.match(await dialog().innerText(), /1 file has changed since this run[\s\S]*src\/strings\.js/);
  await ctx.wb.screenshot('undo-modal');
  await dialog().locator('a.monaco-button, button', { hasText: 'Skip them' }).first().click();
  await poll('math.js restored', () => disk('src/math.js') === MATH_RUN1);
  assert.equal(disk('src/strings.js'), userVersion, 'the user\'s change is kept');
  await card().locator('.checkpoint-note', { hasText: 'Left src/strings.js as it is: changed since the run.' }).waitFor();
});

step('unsaved changes count as changes since the run, and are replaced only when the user confirms', async () => {
  writeFileSync(file('src/strings.js'), STRINGS_RUN1.replace(UPPER[0], UPPER[1])); // as run 2 left it, to run 3 against
  await poll('the editor to pick up the disk change', async () => /toLocaleUpperCase/.test(await ctx.wb.editorText()));
  await send('Put both back');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'Put both back.' }).waitFor({ timeout: 60_000 });
  await poll('a third card', async () => (await ctx.wb.chat.locator('.checkpoint-card').count()) === 3);
  const beforeRun3 = STRINGS_RUN1.replace(UPPER[0], UPPER[1]);
  await poll('run 3 on disk', () => disk('src/strings.js') === STRINGS_RUN1);
  // The user types in the editor and does not save.
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+Home');
  await ctx.wb.page.keyboard.type('// unsaved note\n');
  await card().locator('button.checkpoint-undo').click();
  await dialog().waitFor();
  assert.match(await dialog().innerText(), /src\/strings\.js/);
  await dialog().locator('a.monaco-button, button', { hasText: 'Restore them too' }).first().click();
  await poll('strings.js restored on disk', () => disk('src/strings.js') === beforeRun3);
  await poll('math.js restored', () => disk('src/math.js') === MATH_RUN1);
  // The unsaved note is not lost: one Ctrl+Z in the editor brings it back, and run 3's change to
  // math.js with it. (VS Code may ask "undo in 2 files?" for a text-only edit of several files.)
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+Z');
  const askAll = dialog().locator('a.monaco-button, button', { hasText: 'Undo in 2 Files' });
  await poll('the unsaved note back in the editor', async () => {
    if (await askAll.count()) await askAll.first().click();
    return /unsaved note/.test(await ctx.wb.editorText());
  });
  await ctx.wb.runCommand('File: Save All');
  await poll('run 3 back in both files', () => disk('src/math.js') === MATH_RUN1.replace(CLAMP[0], CLAMP[1]) && disk('src/strings.js').startsWith('// unsaved note\n'));
});

step('code blocks are highlighted with the theme\'s colours (dark)', async () => {
  const block = ctx.wb.chat.locator('.code-block', { hasText: 'function clamp' }).first();
  await block.scrollIntoViewIfNeeded();
  assert.ok(await block.locator('.hljs-keyword').count() >= 2, 'keywords are marked');
  const colour = (sel) => block.locator(sel).first().evaluate((n) => getComputedStyle(n).color);
  const keyword = await colour('.hljs-keyword');
  assert.notEqual(keyword, await colour('code'), 'keywords stand out from the text');
  await ctx.wb.screenshot('code-blocks-dark');
});

step('Apply puts a snippet through the review: accepting the hunk writes it', async () => {
  const block = ctx.wb.chat.locator('.code-block', { hasText: 'function clamp' }).first();
  await ctx.wb.openFile('src/strings.js'); // the block names its file: the active editor is not the target
  await block.locator('button.apply-code').click();
  await ctx.wb.diffEditor.waitFor({ timeout: 30_000 });
  await poll('one hunk with CodeLens', async () => (await ctx.wb.codeLens('Accept').count()) >= 1);
  const before = MATH_RUN1.replace(CLAMP[0], CLAMP[1]); // as run 3 left it, brought back by Ctrl+Z
  assert.equal(disk('src/math.js'), before, 'nothing is written before the user decides');
  await ctx.wb.clickCodeLens('Accept');
  await poll('the review to end', async () => (await ctx.wb.page.locator('.monaco-diff-editor').count()) === 0);
  assert.equal(disk('src/math.js'), before.replace(/function clamp[\s\S]*?\n}/, CLAMP_THROWS));
});

step('Insert puts a block at the cursor of the active editor; without one it says so', async () => {
  await ctx.wb.runCommand('View: Close All Editors');
  const note = ctx.wb.chat.locator('.code-block', { hasText: 'clamp(value, min, max): NaN' }).first();
  await note.locator('button.insert-code').click();
  await notified('no editor to insert into');
  await ctx.wb.openFile('src/math.js');
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+Home');
  await note.locator('button.insert-code').click();
  // (Monaco's DOM keeps lines in no particular order: look for the lines, not for the text's start.)
  await poll('the note on its own line', async () => (await ctx.wb.editorText()).split('\n').includes('// clamp(value, min, max): NaN when min > max'));
  assert.ok((await ctx.wb.editorText()).split('\n').includes("// A small sample file for SmallCode's tests and `npm start`."), 'the line it was put above is intact');
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+Z');
  await poll('the insert undone', async () => !(await ctx.wb.editorText()).includes('NaN when min > max'));
});

step('a snippet that fits more than one place is refused, not guessed', async () => {
  const before = disk('src/strings.js');
  const block = ctx.wb.chat.locator('.code-block', { hasText: 's = s.trim();' }).first();
  await block.locator('button.apply-code').click();
  await notified('enclose more than one region');
  assert.equal(disk('src/strings.js'), before);
  assert.equal(await ctx.wb.page.locator('.monaco-diff-editor').count(), 0, 'no review opened');
});

step('Apply of a block holding a redaction mark is refused: it would write [REDACTED] over the real key', async () => {
  const block = ctx.wb.chat.locator('.code-block', { hasText: 'PORT=8080' }).first();
  await block.locator('button.apply-code').click();
  await notified('stands for a secret hidden from the model');
  assert.equal(disk('.env'), ENV);
  assert.equal(await ctx.wb.page.locator('.monaco-diff-editor').count(), 0, 'no review opened');
});

step('Apply to a file that is not UTF-8 is refused: saving it would damage the characters it cannot represent', async () => {
  const block = ctx.wb.chat.locator('.code-block', { hasText: 'cafe = 2' }).first();
  await block.locator('button.apply-code').click();
  await notified('is not UTF-8 text');
  assert.deepEqual(readFileSync(file('src/legacy.txt')), LEGACY);
  assert.equal(await ctx.wb.page.locator('.monaco-diff-editor').count(), 0, 'no review opened');
});

step('code blocks are highlighted with the theme\'s colours (light)', async () => {
  const block = ctx.wb.chat.locator('.code-block', { hasText: 'function clamp' }).first();
  const keyword = () => block.locator('.hljs-keyword').first().evaluate((n) => getComputedStyle(n).color);
  const dark = await keyword();
  await ctx.wb.runCommand('Preferences: Toggle between Light/Dark Themes');
  await poll('the light theme', async () => / vs /.test(` ${await ctx.wb.page.locator('.monaco-workbench').getAttribute('class')} `));
  await block.scrollIntoViewIfNeeded();
  await poll('the keyword colour to follow the theme', async () => (await keyword()) !== dark);
  await ctx.wb.screenshot('code-blocks-light');
});

step('code blocks are highlighted with the theme\'s colours (high contrast)', async () => {
  const block = ctx.wb.chat.locator('.code-block', { hasText: 'function clamp' }).first();
  const keyword = () => block.locator('.hljs-keyword').first().evaluate((n) => getComputedStyle(n).color);
  const light = await keyword();
  // Its keybinding: in the palette "Browse Color Themes in Marketplace" ranks above "Color Theme".
  await ctx.wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await ctx.wb.page.keyboard.press('Control+K');
  await ctx.wb.page.keyboard.press('Control+T');
  const picker = ctx.wb.page.locator('.quick-input-widget:visible');
  await picker.locator('.monaco-list-row', { hasText: 'Light Modern' }).first().waitFor();
  await picker.locator('input').click();
  await ctx.wb.page.keyboard.type('Dark High Contrast', { delay: 20 });
  await picker.locator('.monaco-list-row', { hasText: 'Dark High Contrast' }).first().waitFor();
  await ctx.wb.page.keyboard.press('Enter');
  await poll('a high-contrast theme', async () => /\bhc-(black|light)\b/.test(await ctx.wb.page.locator('.monaco-workbench').getAttribute('class')));
  await poll('the keyword colour to follow the theme', async () => (await keyword()) !== light);
  await block.scrollIntoViewIfNeeded();
  await ctx.wb.screenshot('code-blocks-high-contrast');
});

step('Undo this run restores a file with mixed line endings byte for byte, not with every line ending rewritten', async () => {
  const cards = await ctx.wb.chat.locator('.checkpoint-card').count();
  await send('Set b to 20');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'Set b to 20.' }).waitFor({ timeout: 60_000 });
  await poll('a new card', async () => (await ctx.wb.chat.locator('.checkpoint-card').count()) === cards + 1);
  assert.equal(disk('src/mixed.js'), MIXED.replace('const b = 2;', 'const b = 20;'));
  await card().locator('button.checkpoint-undo').click();
  // Written on disk, outside VS Code's undo history: the note does not promise Ctrl+Z for it.
  await card().locator('.checkpoint-note', { hasText: 'Restored src/mixed.js on disk, byte for byte (mixed line endings); Ctrl+Z does not bring this one back.' }).waitFor();
  assert.doesNotMatch(await card().locator('.checkpoint-note').innerText(), /Ctrl\+Z in an editor brings/);
  await poll('the file restored byte for byte', () => disk('src/mixed.js') === MIXED);
});
