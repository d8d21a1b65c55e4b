import type { Page } from 'playwright-core';

export const THEMES: Record<'dark' | 'light', Record<string, string>>;

export interface Webview {
  page: Page;
  errors: string[];
  load(theme?: 'dark' | 'light'): Promise<void>;
  hostSaw(...messages: unknown[]): void;
  deliver(...messages: unknown[]): Promise<void>;
  posted(): Promise<unknown[]>;
  clearPosted(): Promise<void>;
  savedState(): Promise<unknown>;
  close(): Promise<void>;
}

export function openWebview(options?: { width?: number; height?: number }): Promise<Webview>;
