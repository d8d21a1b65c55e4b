// Project rules in VS Code: the workspace folder's AGENTS.md and .smallcode/rules, plus the user-level
// `smallcode.rules` setting (read when a conversation starts, like the files).
import type { RulesSource } from '../../core/rules';
import type { Workspace } from '../../core/ports';
import { loadCore } from '../lazyCore';
import { readSettings } from '../settings';

export function projectRules(root: string, workspace: Workspace): RulesSource {
  return new (loadCore().WorkspaceRules)(root, workspace, { userRules: () => readSettings().rules });
}

/** /rules: what applies in this folder and its token cost for the connected model's window. */
export async function describeProjectRules(root: string, model: string, window: number): Promise<string[]> {
  const core = loadCore();
  const { counter, ready } = core.counterForModel(core.matchProfile(model));
  await ready;
  const rules = await core.ActiveRules.prepare(projectRules(root, new core.NodeWorkspace(root)), { counter, window });
  return core.describeRules(rules);
}
