// A call the parser could not read is asked for again with the reply constrained to exactly one call of
// the offered tools, in the request form the server really honours. The replay server reads only the
// fields its emulated kind honours (so a wrong form is ignored, as on the real server) and answers with
// a call only when the reply is really constrained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, filesOf, runSession } from './helpers';
import type { EmulatedServer, RecordedRequest, ReplayReply } from '../../support/replayServer';

const BROKEN = '<tool_call>{"name": "write_file", "arguments": {"path": "c.txt", "content": </tool_call>';

/** Broken call, then (only if constrained to a schema that allows it) the call as bare JSON, then the answer. */
function model(requests: RecordedRequest[]) {
  return (r: RecordedRequest, i: number): ReplayReply => {
    requests.push(r);
    if (i === 0) return { text: BROKEN };
    if (i === 1) {
      const branches = (r.constraint?.anyOf as any[] | undefined) ?? [];
      const write = branches.find((b) => b?.properties?.name?.const === 'write_file');
      if (!write) return { text: BROKEN }; // not constrained: the model gets it wrong again
      assert.deepEqual(write.required, ['name', 'arguments']);
      assert.deepEqual(write.properties.arguments.required, ['path', 'content']);
      return { text: JSON.stringify({ name: 'write_file', arguments: { path: 'c.txt', content: 'C' } }) };
    }
    return { text: 'Created c.txt.' };
  };
}

const forms: { kind: EmulatedServer; model: string; field: (body: any) => unknown }[] = [
  { kind: 'llamacpp', model: 'smollm3-3b', field: (b) => b.json_schema },
  { kind: 'lmstudio', model: 'smollm3-3b', field: (b) => b.response_format?.type === 'json_schema' && b.response_format.json_schema?.strict === true && b.response_format.json_schema.name && b.response_format.json_schema.schema },
  { kind: 'vllm', model: 'smollm3-3b', field: (b) => b.response_format?.json_schema?.schema },
  { kind: 'ollama', model: 'qwen2.5-coder:7b', field: (b) => b.format },
];

for (const form of forms) {
  test(`${form.kind}: an unreadable call is asked again with the reply constrained to one call`, async () => {
    const requests: RecordedRequest[] = [];
    const s = await runSession('Create c.txt containing C.', model(requests), {
      model: form.model, contextWindow: undefined,
      server: { emulate: form.kind, models: [form.model], reportedContext: 16_384 },
    });
    try {
      assert.equal(s.result.success, true, s.result.error);
      assert.deepEqual(filesOf(s.root), { 'c.txt': 'C' });
      assert.equal(requests.length, 3);
      assert.ok(form.field(requests[1]!.body), `the ${form.kind} field is sent: ${JSON.stringify(requests[1]!.body).slice(0, 300)}`);
      assert.ok(requests[1]!.constraint, 'and the server honours it');
      assert.match(s.sent(1), /could not be read.*JSON object and nothing else/);
      assert.equal(requests[0]!.constraint, undefined, 'only the retry is constrained');
      assert.equal(requests[2]!.constraint, undefined);
      if (form.kind === 'ollama') assert.equal(requests[1]!.path, '/api/chat');
    } finally {
      cleanup(s.root);
    }
  });
}

test('a server that cannot constrain decoding keeps the note in words', async () => {
  const requests: RecordedRequest[] = [];
  const s = await runSession('Create c.txt containing C.', (r, i) => {
    requests.push(r);
    return i === 0 ? { text: BROKEN } : i === 1 ? { text: '<tool_call>{"name": "write_file", "arguments": {"path": "c.txt", "content": "C"}}</tool_call>' } : { text: 'Created.' };
  }, { server: { emulate: 'openai' }, contextWindow: 16_384 });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.match(s.sent(1), /could not be read\. Write it again, exactly like:.*<tool_call>/);
    for (const r of requests) {
      assert.equal(r.constraint, undefined);
      for (const key of ['json_schema', 'response_format', 'structured_outputs', 'format', 'guided_json']) assert.equal(r.body[key], undefined, key);
    }
  } finally {
    cleanup(s.root);
  }
});
