// The chat webview on its own, in headless Chromium: dist/webview.js and dist/webview.css served
// from 127.0.0.1 in a page that plays the VS Code host. `acquireVsCodeApi` records what the app
// posts and keeps its setState in sessionStorage (so a reload restores it, as VS Code does when
// a hidden view is shown again); host messages are delivered with window.postMessage. Like
// ChatViewProvider, the test's host remembers what it delivered (the transcript through the shared
// applyToTranscript, the latest of everything else) and answers the panel's `ready` after a reload
// with one `state` message. The page carries the colours of VS Code's Dark Modern or Light Modern
// theme as CSS variables.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { applyToTranscript, isTranscriptMessage, paintedTail } from '../../src/shared/chatProtocol.ts';

const REPO = join(import.meta.dirname, '../..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const COMMON = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe UI", system-ui, Ubuntu, "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  'editor-font-size': '12px',
};
export const THEMES = {
  dark: {
    foreground: '#cccccc', 'sideBar-background': '#181818', descriptionForeground: '#9d9d9d',
    'input-background': '#313131', 'input-border': '#3c3c3c', 'input-foreground': '#cccccc', 'input-placeholderForeground': '#989898', focusBorder: '#0078d4',
    'textCodeBlock-background': '#2b2b2b', 'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafc',
    'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'editorWarning-foreground': '#cca700', errorForeground: '#f85149',
    'testing-iconPassed': '#73c991', 'progressBar-background': '#0078d4', 'widget-border': '#313131', 'editorWidget-background': '#202020',
    'sideBarSectionHeader-border': '#2b2b2b', 'panel-border': '#2b2b2b', 'editorSuggestWidget-background': '#202020',
    'editorSuggestWidget-border': '#454545', 'editorSuggestWidget-selectedBackground': '#04395e', 'editorSuggestWidget-selectedForeground': '#ffffff',
    'editorSuggestWidget-highlightForeground': '#2aaaff', 'list-activeSelectionBackground': '#04395e', 'widget-shadow': '#0000005c',
    'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500', 'editorInfo-foreground': '#3794ff',
    'textBlockQuote-border': '#616161b3', 'toolbar-hoverBackground': '#5a5d5e50', 'scrollbarSlider-background': '#79797966',
  },
  light: {
    foreground: '#3b3b3b', 'sideBar-background': '#f8f8f8', descriptionForeground: '#6f6f6f',
    'input-background': '#ffffff', 'input-border': '#cecece', 'input-foreground': '#3b3b3b', 'input-placeholderForeground': '#767676', focusBorder: '#005fb8',
    'textCodeBlock-background': '#e9e9e9', 'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb8',
    'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'editorWarning-foreground': '#bf8803', errorForeground: '#e51400',
    'testing-iconPassed': '#388a34', 'progressBar-background': '#005fb8', 'widget-border': '#e5e5e5', 'editorWidget-background': '#ffffff',
    'sideBarSectionHeader-border': '#e5e5e5', 'panel-border': '#e5e5e5', 'editorSuggestWidget-background': '#f8f8f8',
    'editorSuggestWidget-border': '#c8c8c8', 'editorSuggestWidget-selectedBackground': '#e8e8e8', 'editorSuggestWidget-selectedForeground': '#000000',
    'editorSuggestWidget-highlightForeground': '#0066bf', 'list-activeSelectionBackground': '#e8e8e8', 'widget-shadow': '#00000029',
    'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500', 'editorInfo-foreground': '#1a85ff',
    'textBlockQuote-border': '#0000001a', 'toolbar-hoverBackground': '#b8b8b850', 'scrollbarSlider-background': '#64646466',
  },
};

function page(theme) {
  const vars = Object.entries({ ...COMMON, ...THEMES[theme] }).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><style>:root { ${vars} }</style><link rel="stylesheet" href="/webview.css"><title>SmallCode</title>
<script>
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem('vscode-state') || 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
  });
</script></head>
<body class="vscode-${theme}"><div id="app" aria-busy="true"></div><script src="/webview.js"></script></body></html>`;
}

export async function openWebview({ width = 400, height = 820 } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = { '/webview.js': ['dist/webview.js', 'text/javascript'], '/webview.css': ['dist/webview.css', 'text/css'] }[url.pathname];
    if (file) { res.writeHead(200, { 'content-type': file[1] }); res.end(readFileSync(join(REPO, file[0]))); return; }
    if (url.pathname === '/') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page(url.searchParams.get('theme') === 'light' ? 'light' : 'dark')); return; }
    res.writeHead(404); res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const pg = await context.newPage();
  const errors = [];
  pg.on('pageerror', (e) => errors.push(e.message));
  let loads = 0;
  const host = { entries: [], view: { connection: { status: 'unknown', model: '', endpoint: '' } } };
  const remember = (message) => {
    const m = structuredClone(message);
    if (isTranscriptMessage(m)) applyToTranscript(host.entries, m);
    else if (m.type === 'state') {
      host.entries = m.state.entries;
      for (const [key, value] of Object.entries(m.state)) if (key !== 'entries' && value !== undefined) host.view[key] = value;
    } else if (m.type === 'connection') host.view.connection = m.connection;
    else if (m.type === 'runState') host.view.run = m.run;
    else if (m.type === 'plan' || m.type === 'budget' || m.type === 'traces') host.view[m.type] = m[m.type];
    else if (m.type === 'pendingEdits') host.view.pendingEdits = m.pending;
  };
  const api = {
    page: pg,
    errors,
    /** Loads the page; a second load is the panel shown again: the host answers its `ready` as ChatViewProvider does. */
    async load(theme = 'dark') {
      await pg.goto(`${base}/?theme=${theme}`);
      await pg.locator('#app:not([aria-busy])').waitFor();
      if (loads++ === 0) return;
      await pg.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      await api.deliver({ type: 'state', state: { ...host.view, entries: paintedTail(host.entries) } });
    },
    /** What a test posted into the page itself (window.postMessage in page.evaluate), for the host to remember. */
    hostSaw: (...messages) => { for (const m of messages) remember(m); },
    /** Host → webview. */
    deliver: (...messages) => {
      for (const m of messages) remember(m);
      return pg.evaluate((ms) => { for (const m of ms) window.postMessage(m, '*'); }, messages);
    },
    /** Webview → host, as recorded. */
    posted: () => pg.evaluate(() => window.__posted),
    clearPosted: () => pg.evaluate(() => { window.__posted = []; }),
    /** What the app last saved with setState. */
    savedState: () => pg.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-state') || 'null')),
    async close() { await browser.close(); server.close(); },
  };
  return api;
}
