// `/memory forget [key]`: deletes a project-memory note by key, or lets the user pick notes to delete.
import * as vscode from 'vscode';
import type { WorkingMemory } from '../../core/memory';

export async function forgetNotes(memory: WorkingMemory, key: string): Promise<string> {
  if (key.trim()) return (await memory.forget(key)) ? `Deleted the note "${key.trim()}".` : `There is no note named "${key.trim()}".`;
  const notes = await memory.all();
  if (notes.length === 0) return 'Project memory is empty.';
  const picked = await vscode.window.showQuickPick(notes.map((n) => ({ label: n.key, detail: n.value })), {
    canPickMany: true, title: 'SmallCode: delete project memory notes', placeHolder: 'Pick the notes to delete',
  });
  if (!picked?.length) return 'No note was deleted.';
  for (const item of picked) await memory.forget(item.label);
  return `Deleted ${picked.length === 1 ? `the note "${picked[0]!.label}"` : `${picked.length} notes: ${picked.map((p) => p.label).join(', ')}`}.`;
}
