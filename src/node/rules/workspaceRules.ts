// Project rules from a folder on disk: AGENTS.md at the root, .smallcode/rules/*.md, and the user-level
// rules text. Files are read through the workspace (contained, symlinks resolved, size-capped); a file
// that cannot be read is reported, never fatal.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { alwaysRule, parseRuleFile, type LoadedRules, type Rule, type RulesSource } from '../../core/rules';
import type { Workspace } from '../../core/ports';
import { compileFindGlob } from '../glob';
import { errorMessage } from '../../core/errorMessage';

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
    if (!(await this.workspace.stat(path).catch(() => undefined))) return undefined;
    try {
      return (await this.workspace.readFile(path, { maxBytes: MAX_RULE_BYTES })).content;
    } catch (error) {
      problems.push(`${path} was not read: ${errorMessage(error)}`);
      return undefined;
    }
  }
}
