// Commands the user allowed with "Always allow" on a card, for one workspace. Kept in VS Code's
// workspace state, not in the repository's .vscode/settings.json: a cloned repository could ship its
// own list there (the user-level list, smallcode.approval.allowedCommands, is user settings only), and
// the same command (`npm test`) runs each repository's own scripts, so an allowance is per workspace.
import type * as vscode from 'vscode';

const KEY = 'smallcode.allowedCommands';

export class WorkspaceAllowedCommands {
  constructor(private readonly state: Pick<vscode.Memento, 'get' | 'update'>) {}

  list(): string[] {
    const stored = this.state.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter((c): c is string => typeof c === 'string') : [];
  }

  has(command: string): boolean {
    return this.list().includes(command);
  }

  async add(command: string): Promise<void> {
    const current = this.list();
    if (!current.includes(command)) await this.state.update(KEY, [...current, command]);
  }

  async forget(commands: readonly string[]): Promise<void> {
    await this.state.update(KEY, this.list().filter((c) => !commands.includes(c)));
  }
}

/** "SmallCode: Forget commands allowed in this workspace": the user picks which allowances to drop. */
export async function forgetAllowedCommands(allowed: WorkspaceAllowedCommands, ui: Pick<typeof vscode.window, 'showQuickPick' | 'showInformationMessage'>): Promise<string[]> {
  const commands = allowed.list();
  if (commands.length === 0) {
    void ui.showInformationMessage('SmallCode: no command is allowed in this workspace. Commands you allow with "Always allow" on a card are listed here.');
    return [];
  }
  const picked = await ui.showQuickPick(commands.map((label) => ({ label, picked: true })), {
    title: 'SmallCode: Forget commands allowed in this workspace',
    placeHolder: 'The checked commands will ask again before they run',
    canPickMany: true,
  });
  if (!picked?.length) return [];
  const forgotten = picked.map((p) => p.label);
  await allowed.forget(forgotten);
  void ui.showInformationMessage(`SmallCode: ${forgotten.length === 1 ? `"${forgotten[0]}" asks` : `${forgotten.length} commands ask`} again before running.`);
  return forgotten;
}
