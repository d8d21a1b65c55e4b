// Drives the VS Code workbench like a person: activity bar, command palette, quick open, and the
// SmallCode chat webview (two nested iframes). Screenshots go to test-output/<suite>/.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './vscodeHarness.mjs';

export class Workbench {
  constructor(page, suite) {
    this.page = page;
    this.shots = join(REPO, 'test-output', suite);
    this.shotCount = 0;
    rmSync(this.shots, { recursive: true, force: true }); // screenshots of this run only

  }

  async ready() {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  }

  async screenshot(name) {
    mkdirSync(this.shots, { recursive: true });
    const file = join(this.shots, `${String(++this.shotCount).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  activity(title) {
    return this.page.locator(`.activitybar .action-item [aria-label^="${title}"]`).first();
  }

  /** The chat panel's document (inside the webview's two iframes). */
  get chat() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  async openSmallCode() {
    // The item, not its label: a badge on the icon (a question waiting) covers the label's centre.
    await this.page.locator('.activitybar .action-item', { has: this.page.locator('[aria-label^="SmallCode"]') }).first().click();
    await this.chat.locator('#transcript').waitFor({ timeout: 30_000 });
  }

  /** Types a message (or a /command) into the chat and sends it with Enter. */
  async send(text) {
    const prompt = this.chat.locator('#prompt textarea');
    await prompt.fill(text);
    await prompt.press('Enter');
  }

  /**
   * Answers the workbench's modal dialog (vscode.window.show*Message with modal: true) with the button of
   * that label, once it shows `title`; returns the dialog's text as it was shown.
   */
  async answerModal(title, button, { timeout = 30_000 } = {}) {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: title }).waitFor({ timeout });
    const text = await dialog.textContent();
    await dialog.locator('.monaco-button', { hasText: button }).first().click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget:visible input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Hides the notification center if it shows. Escape, not the command "Notifications: Hide Notifications":
   * the center hides itself when its last notification goes (a progress that ended), and that command is
   * then not in the palette to be found.
   */
  async hideNotifications({ timeout = 15_000 } = {}) {
    const center = this.page.locator('.notifications-center');
    const deadline = Date.now() + timeout;
    while (await center.isVisible()) {
      if (Date.now() > deadline) throw new Error('the notification center did not hide');
      await this.page.keyboard.press('Escape');
      await center.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => {});
    }
  }

  async openFile(relativePath) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget:visible input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.locator('.quick-input-widget:visible .monaco-list-row', { hasText: relativePath.split('/').pop() }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Selects whole lines [from, to] (1-based) in the active editor with the keyboard. */
  async selectLines(from, to) {
    await this.page.keyboard.press('Control+G');
    await this.page.keyboard.type(String(from));
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home'); // twice: the first goes to the first non-blank character
    for (let line = from; line < to; line++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
  }
}
