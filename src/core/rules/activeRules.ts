// Which rules a run sends, and within what share of the window. Always-apply rules form one block placed
// right after the system prompt: byte-identical from request to request (the server keeps its KV cache)
// as long as the rule files do not change. Scoped rules (globs) join the append-only tail once, as a note,
// the first time the task or a file the model works on matches them, and again in a later task only when
// the conversation no longer carries that note (a compaction dropped it).
import type { TokenCounter } from '../budget/tokenCounter';
import { truncateToTokens } from '../budget/truncate';
import type { Rule } from './rule';

/** Whether a workspace-relative path matches a rule's glob (the host's glob syntax, as find_files). */
export type GlobMatcher = (glob: string, path: string) => boolean;

export interface LoadedRules { rules: Rule[]; problems: string[] }

/** Where rules come from (files of the workspace and the user setting); read when a conversation starts. */
export interface RulesSource {
  load(): Promise<LoadedRules>;
  matches: GlobMatcher;
}

export interface RuleCost {
  name: string;
  kind: 'always' | 'scoped' | 'inactive';
  globs: string[];
  /** Tokens the rule adds to a request when it applies (after any cut). */
  tokens: number;
  cut: boolean;
}

export interface RuleLimits {
  /** Share of the window all always-apply rules may take together (default 0.1). */
  alwaysShare?: number;
  /** Share of the window one scoped rule may take (default 0.05). */
  scopedShare?: number;
}

/** Opens the always-apply rules in the system prompt (an escalation offer looks for it). */
export const RULES_HEADING = '## Project rules';
const PREAMBLE = `${RULES_HEADING}\nThe project's conventions, from its rule files. Follow them in the code you write; they are not commands to run.`;
const cutNote = (name: string) => () => `\n[${name} was cut here to fit the context window.]`;
/** How much of a scoped rule's note identifies it in the conversation (its heading and first lines). */
const NOTE_OPENING_CHARS = 300;

function section(rule: Rule, body: string): string {
  return `### ${rule.name}\n${body}`;
}

/** Workspace-relative paths a task mentions (`src/a.ts`, `README.md`), for matching scoped rules. */
export function pathsIn(text: string): string[] {
  const found = text.match(/(?:[\w@.-]+\/)*[\w@-][\w@.-]*\.[A-Za-z0-9]+/g) ?? [];
  return [...new Set(found.map((p) => p.replace(/^\.\//, '')))];
}

export class ActiveRules {
  private readonly applied = new Set<string>();

  private constructor(
    /** The block to append to the system prompt ('' when no rule applies always). */
    readonly stable: string,
    private readonly scoped: Rule[],
    private readonly matches: GlobMatcher,
    private readonly scopedCap: number,
    private readonly counter: TokenCounter,
    /** For the panel: rules cut to fit, files that could not be read. */
    readonly warnings: string[],
    readonly costs: RuleCost[],
  ) {
    this.stableTokens = stable ? counter.count(stable) + 2 : 0;
  }

  /** What the always-apply block adds to every request. */
  readonly stableTokens: number;

  static async prepare(source: RulesSource, opts: { counter: TokenCounter; window: number } & RuleLimits): Promise<ActiveRules> {
    const { rules, problems } = await source.load();
    return ActiveRules.from(rules, source.matches, opts, problems);
  }

  static from(rules: readonly Rule[], matches: GlobMatcher, opts: { counter: TokenCounter; window: number } & RuleLimits, problems: string[] = []): ActiveRules {
    const { counter, window } = opts;
    const warnings = [...problems];
    const costs: RuleCost[] = [];
    const always = rules.filter((r) => r.alwaysApply && r.body);
    let room = Math.floor(window * (opts.alwaysShare ?? 0.1)) - (always.length ? counter.count(PREAMBLE) + 2 : 0);
    const sections: string[] = [];
    for (const rule of always) {
      const whole = section(rule, rule.body);
      const wholeTokens = counter.count(whole) + 2;
      let text = whole;
      if (wholeTokens > room) {
        text = room > 32 ? truncateToTokens(whole, room, counter, cutNote(rule.name)).text : '';
        warnings.push(text
          ? `Rule ${rule.name} was cut to fit the context window (${wholeTokens} tokens, ${room} left for always-apply rules).`
          : `Rule ${rule.name} was left out: no room left for always-apply rules (${wholeTokens} tokens).`);
      }
      const tokens = text ? counter.count(text) + 2 : 0;
      room -= tokens;
      if (text) sections.push(text);
      costs.push({ name: rule.name, kind: 'always', globs: rule.globs, tokens, cut: text !== whole });
    }
    const scopedCap = Math.floor(window * (opts.scopedShare ?? 0.05));
    const scoped = rules.filter((r) => !r.alwaysApply && r.globs.length > 0 && r.body);
    for (const rule of scoped) {
      const tokens = counter.count(section(rule, rule.body));
      costs.push({ name: rule.name, kind: 'scoped', globs: rule.globs, tokens: Math.min(tokens, scopedCap), cut: tokens > scopedCap });
    }
    for (const rule of rules.filter((r) => !always.includes(r) && !scoped.includes(r))) {
      costs.push({ name: rule.name, kind: 'inactive', globs: rule.globs, tokens: 0, cut: false });
    }
    const stable = sections.length ? [PREAMBLE, ...sections].join('\n\n') : '';
    return new ActiveRules(stable, scoped, matches, scopedCap, counter, warnings, costs);
  }

  /**
   * A new task. `said`: the user-side texts the conversation still sends (tasks and notes). A scoped rule
   * whose note is among them is not sent again; one a compaction dropped (or a restored conversation
   * never had) may be.
   */
  newTask(said: readonly string[]): void {
    this.applied.clear();
    for (const r of this.scoped) {
      const opening = this.noteOf(r).slice(0, NOTE_OPENING_CHARS);
      if (said.some((t) => t.includes(opening))) this.applied.add(r.name);
    }
  }

  /** The rule as its note carries it, cut to the scoped share. */
  private noteOf(rule: Rule): string {
    return truncateToTokens(section(rule, rule.body), this.scopedCap, this.counter, cutNote(rule.name)).text;
  }

  /**
   * The scoped rules these paths bring in that this task has not sent yet, as one note for the tail
   * (undefined when none): each rule is sent once per task.
   */
  scopedNote(paths: readonly string[]): string | undefined {
    const fresh = this.scoped.filter((r) => !this.applied.has(r.name) && paths.some((p) => r.globs.some((g) => this.matches(g, p))));
    if (!fresh.length) return undefined;
    for (const r of fresh) this.applied.add(r.name);
    const parts = fresh.map((r) => this.noteOf(r));
    return ["Project rules for the files in play (conventions to follow, not commands to run):", ...parts].join('\n\n');
  }
}

/** /rules: each rule, whether it applies and what it costs. */
export function describeRules(rules: ActiveRules): string[] {
  if (!rules.costs.length) return ['No project rules. Add AGENTS.md at the workspace root, files in .smallcode/rules/ (front matter: description, globs, alwaysApply), or the smallcode.rules setting.'];
  const lines = rules.costs.map((c) => {
    const what = c.kind === 'always' ? 'always' : c.kind === 'scoped' ? `when files match ${c.globs.join(', ')}` : 'not applied (no globs and alwaysApply is not true)';
    return `- ${c.name}: ${what}${c.kind === 'inactive' ? '' : `, ${c.tokens.toLocaleString('en-US')} tokens${c.cut ? ' (cut to fit)' : ''}`}`;
  });
  return [`Project rules (always-apply rules add ${rules.stableTokens.toLocaleString('en-US')} tokens to every request):`, ...lines, ...rules.warnings.map((w) => `⚠ ${w}`)];
}
