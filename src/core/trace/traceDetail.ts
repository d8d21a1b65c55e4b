// One turn of a trace as titled plain-text sections, in the order things happened: what was sent,
// what came back, what the parser read and fixed, what the tools returned.
import type { TraceSection, TraceTurn } from './types';

const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const seconds = (ms: number | undefined) => (ms === undefined ? 'running' : `${(ms / 1000).toFixed(2)} s`);

export function traceDetail(turn: TraceTurn): TraceSection[] {
  const { request, reply } = turn;
  const sections: TraceSection[] = [];
  sections.push({
    title: 'Request',
    text: request
      ? [
        `${request.messages.length} messages, ${request.promptTokens} prompt tokens (budgeted), up to ${request.maxTokens} reply tokens, ${request.mode} tool calls${request.tools !== undefined ? ` (${request.tools} tool schemas)` : ''}`,
        ...request.messages.map((m) => `--- ${m.role}\n${m.content}${m.calls?.length ? `\n${m.calls.map((c) => `[call] ${c.name} ${c.arguments}`).join('\n')}` : ''}`),
      ].join('\n')
      : 'Not sent.',
  });
  sections.push({
    title: 'Reply',
    text: reply
      ? [
        `finish: ${reply.finishReason}, ${seconds(reply.durationMs)}${reply.usage ? `, ${reply.usage.promptTokens} prompt${reply.usage.cachedTokens !== undefined ? ` (${reply.usage.cachedTokens} from the prompt cache)` : ''} / ${reply.usage.completionTokens} reply tokens (server)` : ', no token usage reported'}`,
        ...(reply.reasoning ? [`--- reasoning\n${reply.reasoning}`] : []),
        `--- text\n${reply.text}`,
      ].join('\n')
      : 'No reply.',
  });
  sections.push({ title: 'Parsed calls', text: reply?.calls.length ? reply.calls.map((c) => `${c.name} ${json(c.args)}`).join('\n') : noCalls(reply) });
  sections.push({ title: 'Repairs', text: reply?.repairs.length ? reply.repairs.map((r) => `- ${r}`).join('\n') : 'None.' });
  sections.push({
    title: 'Tool results',
    text: turn.tools.length
      ? turn.tools.map((t) => `${t.name} ${t.ok === undefined ? '(not finished)' : t.ok ? 'ok' : 'failed'}, ${seconds(t.durationMs)}\n${t.result ?? ''}`).join('\n\n')
      : 'No tool ran.',
  });
  const notes = turn.userWaitMs ? [...turn.notes, `Waited ${seconds(turn.userWaitMs)} for your review (not counted in the turn's time).`] : turn.notes;
  if (notes.length) sections.push({ title: 'Notes', text: notes.join('\n') });
  return sections;
}

/** Why a turn has no parsed call: an answer, a cut reply, or no reply at all (stopped or failed). */
function noCalls(reply: TraceTurn['reply']): string {
  if (!reply) return 'None: no reply arrived (the turn was stopped or failed).';
  if (reply.finishReason === 'length') return 'None: the reply was cut at the length limit.';
  if (reply.finishReason === 'loop') return 'None: the reply was stopped because it kept repeating itself.';
  return reply.text.trim() ? 'None: the reply was an answer.' : 'None: the reply was empty.';
}
