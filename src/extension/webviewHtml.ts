// The chat panel's HTML shell: a strict CSP (nothing but our own script, by nonce, and our own
// stylesheet), and the bundle and CSS from dist/ only.
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

export function buildChatHtml({ cspSource, scriptUri, styleUri, nonce = createNonce() }: WebviewHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>SmallCode</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
