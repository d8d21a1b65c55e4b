// A realistic two-task session for the prompt-cache benchmark: the real agent (headless API, real client,
// budget, parser, tools on a temp project) against the replay server playing a Qwen model with native tool
// calls, a context limit and a one-slot prompt cache. Task 1 plans, reads, patches, updates the plan, saves
// one memory note and answers; task 2 is a follow-up in the same conversation. Per request it records what
// a prefix cache had to process again and what an append-only prompt would have needed (the messages new
// since the previous reply). Shared by bench/session.bench.ts and test/unit/budget/promptCache.test.ts.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countPromptTokens, generationPromptTokens, startReplayServer, type ReplayReply } from '../replayServer';
import { isSummaryRequest } from '../summaryRequest';
import { SmallCode } from '../../../src/node/smallCode';

const OPTIONS = ['input', 'output', 'exclude', 'dryRun', 'concurrency', 'retries', 'timeoutMs', 'followLinks', 'checksum', 'preserveTimes', 'maxDepth', 'hidden', 'logFile', 'bandwidthKbps', 'deleteExtraneous'];
const KINDS = ['text', 'json', 'yaml', 'markdown', 'image', 'archive', 'binary', 'script', 'style', 'font', 'video', 'audio', 'document', 'sheet', 'slides', 'certificate', 'database', 'notebook'];

function cli(): string {
  const parsers = OPTIONS.map((o, i) => `    case '--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}':\n      options.${o} = ${i % 3 === 0 ? 'next()' : i % 3 === 1 ? 'Number(next())' : 'true'};\n      break;`);
  return `// The command line: parses flags into Options and runs the processor over the input folder.
import { readFileSync } from 'node:fs';
import { defaultOptions, validateOptions, type Options } from './config';
import { Processor } from './processor';
import { createLogger } from './logger';

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { ...defaultOptions };
  let i = 0;
  const next = (): string => {
    const value = argv[++i];
    if (value === undefined) throw new Error(\`Missing value after \${argv[i - 1]}\`);
    return value;
  };
  for (; i < argv.length; i++) {
    switch (argv[i]) {
${parsers.join('\n')}
    case '--help':
      printHelp();
      process.exit(0);
    default:
      throw new Error(\`Unknown flag \${argv[i]}. Run with --help to see the flags.\`);
    }
  }
  return validateOptions(options);
}

function printHelp(): void {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  console.log(\`filesync \${pkg.version}\`);
${OPTIONS.map((o) => `  console.log('  --${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}  ${o} (see config.ts)');`).join('\n')}
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  const logger = createLogger({ level: 'info' });
  const processor = new Processor(options, logger);
  const started = Date.now();
  const report = await processor.run();
  logger.info(\`Synced \${report.copied} files (\${report.skipped} skipped, \${report.failed} failed) in \${Date.now() - started} ms\`);
  for (const failure of report.failures) logger.error(\`\${failure.path}: \${failure.reason}\`);
  return report.failed > 0 ? 1 : 0;
}
`;
}

function config(): string {
  const fields = OPTIONS.map((o, i) => `  /** ${o}: ${['where files come from', 'where they go', 'globs to leave out', 'report without copying', 'files copied at once', 'attempts per file', 'per-file limit', 'follow symbolic links', 'compare contents, not times', 'keep modification times', 'folders deep at most', 'copy dot files too', 'also log to this file', 'throttle copying', 'delete files not in the input'][i]}. */\n  ${o}: ${i % 3 === 0 ? 'string' : i % 3 === 1 ? 'number' : 'boolean'};`);
  const defaults = OPTIONS.map((o, i) => `  ${o}: ${i % 3 === 0 ? `'${o === 'input' ? '.' : o === 'output' ? 'out' : ''}'` : i % 3 === 1 ? String(i * 2 + 1) : 'false'},`);
  const checks = OPTIONS.filter((_, i) => i % 3 === 1).map((o) => `  if (!Number.isFinite(options.${o}) || options.${o} < 0) throw new Error('${o} must be a number of 0 or more, not ' + options.${o});`);
  return `// The options of a sync run, their defaults and their checks.
export interface Options {
${fields.join('\n')}
}

export const defaultOptions: Options = {
${defaults.join('\n')}
};

export function validateOptions(options: Options): Options {
  if (!options.input) throw new Error('An input folder is required.');
  if (options.input === options.output) throw new Error('Input and output must be different folders.');
${checks.join('\n')}
  return options;
}

export function describeOptions(options: Options): string[] {
  return Object.entries(options).map(([key, value]) => \`\${key.padEnd(14)} \${JSON.stringify(value)}\`);
}
`;
}

function processor(): string {
  const handlers = KINDS.map((k, i) => `  private async copy${k[0]!.toUpperCase()}${k.slice(1)}(entry: Entry): Promise<Outcome> {
    const target = join(this.options.output, entry.relative);
    if (this.options.dryRun) return { path: entry.relative, action: 'skipped', reason: 'dry run' };
    const source = await readFile(entry.absolute);
    ${i % 2 ? `const normalised = source.toString('utf8').replace(/\\r\\n/g, '\\n');\n    await this.write(target, Buffer.from(normalised, 'utf8'));` : `await this.write(target, source);`}
    return { path: entry.relative, action: 'copied', bytes: source.length };
  }`);
  return `// The processor: walks the input folder, decides per file whether it changed and copies it by kind.
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative } from 'node:path';
import type { Options } from './config';
import type { Logger } from './logger';

export interface Entry { absolute: string; relative: string; size: number; mtimeMs: number }
export type Outcome = { path: string; action: 'copied' | 'skipped'; bytes?: number; reason?: string };
export interface Report { copied: number; skipped: number; failed: number; failures: { path: string; reason: string }[] }

const KIND_BY_EXTENSION: Record<string, string> = {
${KINDS.map((k, i) => `  '.${k.slice(0, 3)}${i}': '${k}',`).join('\n')}
};

export class Processor {
  constructor(private readonly options: Options, private readonly logger: Logger) {}

  async run(): Promise<Report> {
    const report: Report = { copied: 0, skipped: 0, failed: 0, failures: [] };
    const entries = await this.walk(this.options.input);
    for (const entry of entries) {
      try {
        const outcome = await this.process(entry);
        if (outcome.action === 'copied') report.copied++;
        else report.skipped++;
      } catch (error) {
        report.failed++;
        report.failures.push({ path: entry.relative, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return report;
  }

  private async walk(root: string): Promise<Entry[]> {
    const out: Entry[] = [];
    const visit = async (dir: string): Promise<void> => {
      for (const name of await readdir(dir)) {
        const absolute = join(dir, name);
        const info = await stat(absolute);
        if (info.isDirectory()) await visit(absolute);
        else out.push({ absolute, relative: relative(root, absolute), size: info.size, mtimeMs: info.mtimeMs });
      }
    };
    await visit(root);
    return out;
  }

  private async process(entry: Entry): Promise<Outcome> {
    if (!(await this.changed(entry))) return { path: entry.relative, action: 'skipped', reason: 'unchanged' };
    switch (KIND_BY_EXTENSION[extname(entry.relative)] ?? 'binary') {
${KINDS.map((k) => `      case '${k}': return this.copy${k[0]!.toUpperCase()}${k.slice(1)}(entry);`).join('\n')}
      default: return this.copyBinary(entry);
    }
  }

  private async changed(entry: Entry): Promise<boolean> {
    const target = join(this.options.output, entry.relative);
    const existing = await stat(target).catch(() => undefined);
    if (!existing) return true;
    if (this.options.checksum) return !(await readFile(target)).equals(await readFile(entry.absolute));
    return existing.mtimeMs < entry.mtimeMs || existing.size !== entry.size;
  }

  private async write(target: string, data: Buffer): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }

${handlers.join('\n\n')}
}
`;
}

function logger(): string {
  const levels = ['debug', 'info', 'warn', 'error'];
  return `// A small leveled logger; verbose output goes through debug, never console.log.
export type Level = ${levels.map((l) => `'${l}'`).join(' | ')};
const ORDER: Record<Level, number> = { ${levels.map((l, i) => `${l}: ${i}`).join(', ')} };

export interface Logger {
${levels.map((l) => `  ${l}(message: string): void;`).join('\n')}
}

export function createLogger(opts: { level: Level; write?: (line: string) => void }): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\\n'));
  const at = (level: Level) => (message: string) => {
    if (ORDER[level] >= ORDER[opts.level]) write(\`[\${level}] \${message}\`);
  };
  return { ${levels.map((l) => `${l}: at('${l}')`).join(', ')} };
}
`;
}

function processorTest(): string {
  const cases = KINDS.slice(0, 12).map((k, i) => `test('copies a ${k} file and reports it', async () => {
  const dir = await fixture({ 'a/file${i}.${k.slice(0, 3)}${i}': '${k} content ${i}\\r\\nsecond line' });
  const report = await new Processor({ ...defaultOptions, input: dir.input, output: dir.output }, silent).run();
  assert.equal(report.copied, 1);
  assert.equal(report.failed, 0);
});`);
  return `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Processor } from '../src/processor';
import { defaultOptions } from '../src/config';
import { createLogger } from '../src/logger';

const silent = createLogger({ level: 'error', write: () => undefined });

async function fixture(files: Record<string, string>): Promise<{ input: string; output: string }> {
  const root = await mkdtemp(join(tmpdir(), 'filesync-'));
  const input = join(root, 'in');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(input, path)), { recursive: true });
    await writeFile(join(input, path), content);
  }
  return { input, output: join(root, 'out') };
}

${cases.join('\n\n')}
`;
}

export function projectFiles(): Record<string, string> {
  return { 'src/cli.ts': cli(), 'src/config.ts': config(), 'src/processor.ts': processor(), 'src/logger.ts': logger(), 'test/processor.test.ts': processorTest() };
}

type Call = { name: string; arguments: Record<string, unknown> };
const call = (name: string, args: Record<string, unknown>, text = ''): ReplayReply => ({ text, toolCalls: [{ name, arguments: args } satisfies Call] });
const steps = (...s: [string, string][]) => ({ steps: s.map(([text, state]) => ({ text, state })) });
const PLAN = ['Find where the flags are parsed', 'Add a verbose option', 'Log each processed file when verbose'];

export const TASK_1 = 'Add a --verbose flag to the CLI: when it is set, log each file the processor copies, with its size.';
export const TASK_2 = 'Now add a test that checks the verbose logging.';

/** The model's replies, in order: task 1 (12 requests), then task 2 (8). */
export function script(): ReplayReply[] {
  return [
    call('todo', steps([PLAN[0]!, 'doing'], [PLAN[1]!, 'pending'], [PLAN[2]!, 'pending']), 'I will plan this first.'),
    call('find_files', { glob: 'src/**/*.ts' }),
    call('read_file', { path: 'src/cli.ts' }),
    call('read_file', { path: 'src/config.ts' }),
    call('patch', { path: 'src/config.ts', search: '  deleteExtraneous: boolean;\n}', replace: '  deleteExtraneous: boolean;\n  /** log each copied file */\n  verbose: boolean;\n}' }),
    call('todo', steps([PLAN[0]!, 'done'], [PLAN[1]!, 'doing'], [PLAN[2]!, 'pending'])),
    call('patch', { path: 'src/cli.ts', search: "    case '--help':", replace: "    case '--verbose':\n      options.verbose = true;\n      break;\n    case '--help':" }),
    call('read_file', { path: 'src/processor.ts' }),
    call('patch', { path: 'src/processor.ts', search: "        if (outcome.action === 'copied') report.copied++;", replace: "        if (outcome.action === 'copied') report.copied++;\n        if (this.options.verbose && outcome.action === 'copied') this.logger.debug(`copied ${entry.relative} (${outcome.bytes} bytes)`);" }),
    call('memory_remember', { key: 'logging', value: 'Verbose output goes through logger.debug (src/logger.ts), never console.log.' }),
    call('todo', steps([PLAN[0]!, 'done'], [PLAN[1]!, 'done'], [PLAN[2]!, 'done'])),
    { text: 'Added `--verbose`: `Options.verbose` in config.ts, the flag in cli.ts, and the processor logs each copied file with its size through `logger.debug`.' },
    call('search', { pattern: 'verbose', path: 'src/**/*.ts' }),
    call('read_file', { path: 'test/processor.test.ts' }),
    call('read_file', { path: 'src/logger.ts' }),
    call('read_file', { path: 'src/processor.ts', start_line: 1, end_line: 60 }),
    call('patch', { path: 'test/processor.test.ts', search: "const silent = createLogger({ level: 'error', write: () => undefined });", replace: "const silent = createLogger({ level: 'error', write: () => undefined });\n\ntest('verbose logs each copied file', async () => {\n  const lines: string[] = [];\n  const dir = await fixture({ 'a.txt': 'hello' });\n  await new Processor({ ...defaultOptions, input: dir.input, output: dir.output, verbose: true }, createLogger({ level: 'debug', write: (l) => lines.push(l) })).run();\n  assert.deepEqual(lines, ['[debug] copied a.txt (5 bytes)']);\n});" }),
    call('read_file', { path: 'src/cli.ts', start_line: 40, end_line: 75 }, 'The logger must log at debug level when verbose, or the test cannot see the line.'),
    call('patch', { path: 'src/cli.ts', search: "  const logger = createLogger({ level: 'info' });", replace: "  const logger = createLogger({ level: options.verbose ? 'debug' : 'info' });" }),
    { text: 'Added a test: with `verbose: true` the processor logs `copied a.txt (5 bytes)` at debug level; the CLI now logs at debug level when --verbose is set.' },
  ];
}

export interface RequestFigures {
  kind: 'agent' | 'summary';
  promptTokens: number;
  /** Reused from the server's prompt cache. */
  cachedTokens: number;
  /** What the server had to process: prompt − cached. */
  reprocessed: number;
  /** What an append-only prompt would process: the messages after the last reply (the whole first prompt). */
  appended: number;
}

export interface TwoTaskFigures {
  requests: RequestFigures[];
  overflows: number;
  reprocessed: number;
  appended: number;
  prompt: number;
  ratio: number;
  success: boolean;
  /** Cached tokens as the agent received them in `usage` (what the trace and /tokens show). */
  reportedCached: number;
}

/** Tokens of the messages after the last assistant message: what an append-only prompt adds. */
async function appendedTokens(body: any): Promise<number> {
  const messages: any[] = body.messages;
  const last = messages.map((m) => m.role).lastIndexOf('assistant');
  if (last < 0) return countPromptTokens(body);
  const upToReply = await countPromptTokens({ ...body, messages: messages.slice(0, last + 1) });
  const primer = await generationPromptTokens(); // <|im_start|>assistant\n, which ends every rendering
  return (await countPromptTokens(body)) - (upToReply - primer);
}

/** For the text protocol the model writes its calls as text, in the format the system prompt teaches. */
function asText(reply: ReplayReply): ReplayReply {
  const calls = (reply.toolCalls ?? []).map((c) => `<tool_call>${JSON.stringify({ name: c.name, arguments: c.arguments })}</tool_call>`);
  return { text: [reply.text ?? '', ...calls].filter(Boolean).join('\n') };
}

export interface TwoTaskOptions {
  window?: number;
  toolMode?: 'native' | 'text';
  /** MCP servers configured for the session (smallcode.mcpServers); their calls are allowed. */
  mcpServers?: Record<string, unknown>;
  /** Replies that use the MCP servers, made after task 1 has read its first two files. */
  mcpSteps?: ReplayReply[];
  /** With the code index: a repo map leads the conversation. */
  codeIndex?: boolean;
}

export async function runTwoTaskSession(opts: TwoTaskOptions = {}): Promise<TwoTaskFigures> {
  const window = opts.window ?? 12_288;
  const base = script();
  base.splice(4, 0, ...(opts.mcpSteps ?? []));
  const replies = opts.toolMode === 'text' ? base.map(asText) : base;
  let next = 0;
  const server = await startReplayServer({
    contextLimit: window, emulate: 'llamacpp', promptCache: true,
    handler: (req) => isSummaryRequest(req)
      ? { text: '- The user asked for a --verbose flag; cli.ts parses flags, config.ts holds Options, processor.ts copies files.\n- Added Options.verbose, the --verbose flag and a logger.debug line per copied file.' }
      : replies[next++] ?? { text: 'Done.' },
  });
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-kv-')));
  const storageDir = opts.codeIndex ? mkdtempSync(join(tmpdir(), 'smallcode-kv-index-')) : undefined;
  for (const [path, content] of Object.entries(projectFiles())) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct', workspace: root, contextWindow: window, serverKind: 'llamacpp',
      retries: 1, backoffMs: 5, ...(opts.toolMode ? { toolMode: opts.toolMode } : {}),
      ...(opts.mcpServers ? { mcpServers: opts.mcpServers, approveMcp: async () => 'always' as const } : {}),
      ...(storageDir ? { codeIndex: { storageDir } } : {}) });
    const [first, second] = await (async () => {
      try {
        return [await agent.run(TASK_1), await agent.run(TASK_2)];
      } finally {
        await agent.close();
      }
    })();
    const requests: RequestFigures[] = [];
    for (const r of server.chatRequests) {
      if (r.status !== 200) continue;
      const promptTokens = r.promptTokens ?? 0;
      const cachedTokens = r.cachedTokens ?? 0;
      const summary = isSummaryRequest(r);
      requests.push({ kind: summary ? 'summary' : 'agent', promptTokens, cachedTokens, reprocessed: promptTokens - cachedTokens, appended: summary ? 0 : await appendedTokens(r.body) });
    }
    const sum = (f: (r: RequestFigures) => number) => requests.reduce((n, r) => n + f(r), 0);
    const reprocessed = sum((r) => r.reprocessed);
    const appended = sum((r) => r.appended);
    return {
      requests, reprocessed, appended, prompt: sum((r) => r.promptTokens), ratio: reprocessed / appended,
      overflows: server.chatRequests.filter((r) => r.status === 400).length,
      success: first.success && second.success,
      reportedCached: [first, second].reduce((n, r) => n + ((r.usage as { cachedTokens?: number }).cachedTokens ?? 0), 0),
    };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
    if (storageDir) rmSync(storageDir, { recursive: true, force: true });
  }
}
