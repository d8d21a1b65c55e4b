// Project rules from a folder on disk: AGENTS.md at the root, .smallcode/rules/*.md, and the user-level
// rules text. Files are read through the workspace (contained, symlinks resolved, size-capped); a file
// that cannot be read is reported, never fatal.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { alwaysRule, parseRuleFile, type LoadedRules, type Rule, type RulesSource } from '../../core/rules';
import { WorkspaceError, type Workspace } from '../../core/ports';
import { compileFindGlob } from '../glob';
import { errorMessage } from '../../core/errorMessage';
import { formatBytes } from '../fileKind';

export const RULES_DIR = '.smallcode/rules';
/** A rule file larger than this is not a rule but a document: refused (the prompt cap would cut it anyway). */
const MAX_RULE_BYTES = 64 * 1024;
/** More rule files than this are not read (a folder of generated files is not a rule set). */
const MAX_RULE_FILES = 50;

export interface WorkspaceRulesOptions {
  /** The user-level rules (the smallcode.rules setting): applied always, before the project's. */
  userRules?: string | (() => string | undefined);
}

export class WorkspaceRules implements RulesSource {
  private readonly globs = new Map<string, (path: string) => boolean>();

  constructor(private readonly root: string, private readonly workspace: Workspace, private readonly options: WorkspaceRulesOptions = {}) {}

  readonly matches = (glob: string, path: string): boolean => {
    let compiled = this.globs.get(glob);
    if (!compiled) {
      try { compiled = compileFindGlob(glob); } catch { compiled = () => false; }
      this.globs.set(glob, compiled);
    }
    return compiled(path);
  };

  async load(): Promise<LoadedRules> {
    const rules: Rule[] = [];
    const problems: string[] = [];
    const user = (typeof this.options.userRules === 'function' ? this.options.userRules() : this.options.userRules)?.trim();
    if (user) rules.push(alwaysRule('user rules', user));
    const agents = await this.read('AGENTS.md', problems);
    if (agents !== undefined) rules.push(alwaysRule('AGENTS.md', agents));
    const names = (await readdir(join(this.root, ...RULES_DIR.split('/'))).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
    if (names.length > MAX_RULE_FILES) problems.push(`${RULES_DIR} has ${names.length} files; only the first ${MAX_RULE_FILES} are read.`);
    for (const name of names.slice(0, MAX_RULE_FILES)) {
      const path = `${RULES_DIR}/${name}`;
      const text = await this.read(path, problems);
      if (text === undefined) continue;
      const parsed = parseRuleFile(path, text);
      if (parsed.problem) problems.push(parsed.problem);
      rules.push(parsed.rule);
    }
    return { rules, problems };
  }

  private async read(path: string, problems: string[]): Promise<string | undefined> {
    try {
      if (!(await this.workspace.stat(path))) return undefined; // no such rule file: nothing to say
      return (await this.workspace.readFile(path, { maxBytes: MAX_RULE_BYTES })).content;
    } catch (error) {
      problems.push(notReadProblem(path, error));
      return undefined;
    }
  }
}

/** Why a rule file was left out, in the user's words (the workspace's messages are written for the model). */
function notReadProblem(path: string, error: unknown): string {
  const code = error instanceof WorkspaceError ? error.code : undefined;
  if (code === 'too-large') return `${path} was not used: it is over ${formatBytes(MAX_RULE_BYTES)}, the limit for a rule file. Keep the rules short, and move long material into a document the rules mention.`;
  if (code === 'outside-root') return `${path} was not used: it is a symbolic link that leads outside the workspace (or to nothing), and SmallCode reads rules only from files inside the workspace. Copy the file into the workspace instead of linking to it.`;
  if (code === 'binary' || code === 'is-directory' || code === 'not-regular') return `${path} was not used: it is not a text file.`;
  return `${path} was not read: ${errorMessage(error)}`;
}
