// web_fetch in a run: absent unless turned on (the prompt is then exactly as before), and when on, the
// page's text reaches the model as a tool result while a private address is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanup, hermes, runSession } from '../agent/helpers';
import { openAITools, TOOLS } from '../../../src/core/tools';

test('off by default: no web_fetch schema is sent and a call to it is an unknown tool', async () => {
  const s = await runSession('Read https://example.com', (_r, i) => ({ text: i === 0 ? hermes('web_fetch', { url: 'https://example.com' }) : 'Cannot.' }), { toolMode: 'native' });
  try {
    assert.deepEqual(s.server.chatRequests[0]!.body.tools, openAITools(TOOLS));
    assert.match(s.sent(1), /Unknown tool \\"web_fetch\\"/);
  } finally {
    cleanup(s.root);
  }
});

test('on: the page text comes back to the model; a loopback URL outside the test allow-list is refused', async () => {
  let hits = 0;
  const site = createServer((_req, res) => { hits++; res.writeHead(200, { 'content-type': 'text/html' }); res.end('<h2>Release notes</h2><p>Version 2 drops Node 18.</p>'); });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  const port = (site.address() as AddressInfo).port;
  try {
    const s = await runSession('What does version 2 change?', (_r, i) => ({
      text: i === 0 ? hermes('web_fetch', { url: `http://127.0.0.1:${port}/notes` }) : i === 1 ? hermes('web_fetch', { url: 'http://169.254.169.254/latest/meta-data/' }) : 'It drops Node 18.',
    }), { toolMode: 'native', web: { allowForTests: [`127.0.0.1:${port}`] } });
    try {
      assert.equal(s.result.success, true, s.result.error);
      const tools = (s.server.chatRequests[0]!.body.tools as { function: { name: string } }[]).map((t) => t.function.name);
      assert.deepEqual(tools, [...TOOLS.map((t) => t.name), 'web_fetch']);
      assert.match(s.sent(1), /RELEASE NOTES\\n\\nVersion 2 drops Node 18\./);
      assert.match(s.sent(2), /Not fetched: 169\.254\.169\.254 — 169\.254\.169\.254 is a linkLocal address/);
      assert.equal(hits, 1);
    } finally {
      cleanup(s.root);
    }
  } finally {
    await new Promise((r) => site.close(r));
  }
});
