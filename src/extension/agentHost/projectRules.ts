// Project rules in VS Code: the workspace folder's AGENTS.md and .smallcode/rules, plus the user-level
// `smallcode.rules` setting (read when a conversation starts, like the files).
import type { WindowInForce } from '../../core/llm';
import type { RulesSource } from '../../core/rules';
import type { Workspace } from '../../core/ports';
import { loadCore } from '../lazyCore';
import { readSettings } from '../settings';

export function projectRules(root: string, workspace: Workspace): RulesSource {
  return new (loadCore().WorkspaceRules)(root, workspace, { userRules: () => readSettings().rules });
}

/** The window the agent budgets with when the connection reports none (AgentSession and /rules alike). */
export const UNKNOWN_WINDOW = 4096;

/** /rules: what applies in this folder and its token cost (and cuts) against the window the agent budgets with now. */
export async function describeProjectRules(root: string, model: string, window: WindowInForce | undefined): Promise<string[]> {
  const core = loadCore();
  const { counter, ready } = core.counterForModel(core.matchProfile(model));
  await ready;
  const rules = await core.ActiveRules.prepare(projectRules(root, new core.NodeWorkspace(root)), { counter, window: window?.tokens ?? UNKNOWN_WINDOW });
  return [...core.describeRules(rules), `Context window: ${window ? core.describeWindowInForce(window) : `unknown (${UNKNOWN_WINDOW.toLocaleString('en-US')} tokens assumed)`}`];
}
