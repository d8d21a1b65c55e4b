// The smallcode.index.* settings (and files.exclude) as the code index follows them. Reading them
// (within their declared bounds), and deciding when a change applies: after a quiet time (a number typed in the settings UI
// changes at each key), and only when the values in force really change — stopping the index rebuilds
// a large workspace, which a value set to its default or a reformatted settings.json must not cost.
import * as vscode from 'vscode';
import { clamped } from '../settings';
import { excludedGlobs } from '../filesExclude';

export interface CodeIndexSettings {
  enabled: boolean;
  maxFiles: number;
  maxFileBytes: number;
  /** The `files.exclude` globs turned on: what the Explorer hides is not indexed either. */
  exclude: string[];
}

/**
 * The index limits, within their declared bounds (package.json says them): a repository's own settings
 * may set these, and the index reads a file whole, so a size without bound would be any file's size.
 */
export const INDEX_MAX_FILES = 100_000;
/**
 * read_file's limit (DEFAULT_MAX_READ_BYTES in node/fileKind.ts, which this layer cannot import): a larger
 * file indexed would be named by find_symbol and the repo map at lines the model then cannot read.
 */
export const INDEX_MAX_FILE_KB = 1024;

export function readIndexSettings(): CodeIndexSettings {
  const config = vscode.workspace.getConfiguration('smallcode.index');
  return {
    enabled: config.get<boolean>('enabled', true),
    maxFiles: clamped(config.get<unknown>('maxFiles'), 1, INDEX_MAX_FILES, 10_000),
    maxFileBytes: clamped(config.get<unknown>('maxFileKB'), 1, INDEX_MAX_FILE_KB, 512) * 1024,
    exclude: excludedGlobs(vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri),
  };
}


/** smallcode.index.* settings apply this long after the last change. */
const SETTINGS_DEBOUNCE_MS = 500;

/**
 * Watches the index settings: `apply` runs once a change has been quiet for a moment. The settings in
 * force are those the last launch read (a lookup may start the index while a settings event still waits
 * for its quiet time) or the last change applied; `changed` tells `apply` whether they differ now.
 */
export class IndexSettingsInForce implements vscode.Disposable {
  /** The settings (as JSON) the index follows now. */
  private inForce?: string;
  private timer?: NodeJS.Timeout;
  /** The handling of the latest settings event (resolves to whether it stopped the index). */
  private handling: Promise<boolean> = Promise.resolve(false);
  private handled?: (stopped: boolean) => void;
  private readonly watch: vscode.Disposable;

  /** `apply` resolves to whether it stopped the index. */
  constructor(apply: () => Promise<boolean>) {
    this.watch = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('smallcode.index') && !event.affectsConfiguration('files.exclude')) return;
      if (!this.handled) this.handling = new Promise((resolve) => { this.handled = resolve; });
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        const handled = this.handled!;
        this.handled = undefined;
        void apply().then(handled, () => handled(false));
      }, SETTINGS_DEBOUNCE_MS);
    });
  }

  /** The settings a launch reads, in force from now on (a settings event waiting for its quiet time is judged against them). */
  adopt(): CodeIndexSettings {
    const settings = readIndexSettings();
    this.inForce = JSON.stringify(settings);
    return settings;
  }

  /** Whether the settings differ from those in force; if they do, they are in force from now on. */
  changed(): boolean {
    const now = JSON.stringify(readIndexSettings());
    if (now === this.inForce) return false;
    this.inForce = now;
    return true;
  }

  /** Once the latest settings event is handled (after its quiet time): whether it stopped the index. */
  applied(): Promise<boolean> {
    return this.handling;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.handled?.(false);
    this.handled = undefined;
    this.watch.dispose();
  }
}
