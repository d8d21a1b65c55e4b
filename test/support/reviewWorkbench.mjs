// The Workbench plus what the edit-review test needs: the review diff editor, its CodeLens
// ("Accept" / "Reject" above each hunk), and the text an editor shows.
import { poll } from './poll.mjs';
import { Workbench } from './workbench.mjs';

export class ReviewWorkbench extends Workbench {
  get diffEditor() {
    return this.page.locator('.monaco-diff-editor').first();
  }

  /** CodeLens links with exactly this title, in document order. */
  codeLens(title) {
    return this.page.locator('.codelens-decoration a', { hasText: new RegExp(`^${title}$`) });
  }

  /** Clicks the first CodeLens titled `title` and waits until one fewer is shown. */
  async clickCodeLens(title) {
    const lenses = this.codeLens(title);
    await lenses.first().waitFor({ timeout: 20_000 });
    const before = await lenses.count();
    await lenses.first().click();
    await poll(`one "${title}" CodeLens fewer after the click`, async () => await lenses.count() < before, { timeoutMs: 10_000 });
  }

  /** The text of the active editor's visible lines (Monaco renders spaces as U+00A0). */
  async editorText() {
    const text = await this.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    return text.replace(/\u00a0/g, ' ');
  }
}
