// A project rule: guidance the user wrote for the model (AGENTS.md, .smallcode/rules/*.md, the user-level
// setting). Rules are data: their text goes into the prompt as conventions to follow, and nothing in a
// rule is ever run, opened or fetched by SmallCode.
import { parse as parseYaml } from 'yaml';

export interface Rule {
  /** Shown in /rules and in the prompt heading: the file path, or 'user rules'. */
  name: string;
  description: string;
  /** Workspace-relative globs; the rule applies when the task or a file worked on matches one. */
  globs: string[];
  /** Always in the prompt's stable part (AGENTS.md, the user setting, `alwaysApply: true`). */
  alwaysApply: boolean;
  body: string;
}

export interface ParsedRule { rule: Rule; problem?: string }

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function stringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

/**
 * A `.smallcode/rules/*.md` file: optional YAML front matter (`description`, `globs`, `alwaysApply`), then
 * the rule's text. Front matter that does not parse is reported and the whole file is kept as the body,
 * never applied everywhere by accident: without readable front matter a rule is neither always nor scoped.
 */
export function parseRuleFile(name: string, text: string): ParsedRule {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { rule: { name, description: '', globs: [], alwaysApply: false, body: text.trim() } };
  const body = text.slice(match[0].length).trim();
  let meta: unknown;
  try {
    meta = parseYaml(match[1]!);
  } catch (error) {
    return { rule: { name, description: '', globs: [], alwaysApply: false, body }, problem: `${name}: front matter is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the rule is not applied.` };
  }
  const m = meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
  return {
    rule: {
      name,
      description: typeof m.description === 'string' ? m.description.trim() : '',
      globs: stringList(m.globs),
      alwaysApply: m.alwaysApply === true,
      body,
    },
  };
}

/** A rule that applies everywhere, from a file without front matter (AGENTS.md) or the user setting. */
export function alwaysRule(name: string, text: string): Rule {
  return { name, description: '', globs: [], alwaysApply: true, body: text.trim() };
}
