import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, waitForSession, type TestServer } from './helpers/server.ts';
import { CASES } from '../eval/roleplay-set.ts';
import { builtInScenario } from '../src/kinds/roleplay/scenarios.ts';

/**
 * A stand-in for an OpenAI-compatible Chat Completions service (a third party we cannot run here).
 * The first trainee line of each transcript picks its behaviour.
 */
async function fakeLlm() {
  const seen: Record<string, any>[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const request = JSON.parse(body);
      seen.push({ ...request, authorization: req.headers.authorization, path: req.url });
      const prompt: string = request.messages[1].content;
      const answer = (content: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
      if (prompt.includes('MODE-SLOW')) return void setTimeout(() => answer('{}'), 3000);
      if (prompt.includes('MODE-GARBLED')) return answer('Sure! Here is my assessment: the trainee did well.');
      if (prompt.includes('MODE-PARTIAL')) return answer(JSON.stringify({ evaluations: [] }));
      const scenario = builtInScenario('sales-discovery')!;
      const quote = 'What goes wrong with that process when things get busy?';
      answer(JSON.stringify({
        evaluations: scenario.rubric.criteria.map((c) => ({
          criterion_name: c.name,
          items: c.items.map((i) => ({
            name: i.name, grade: 'mid', feedback: `Judge on ${i.name}.`,
            feedback_examples: [
              { quote, feedback: 'Real quote.', suggestion_quote: null, grade: 'good', salience: 'high' },
              { quote: 'We guarantee a 300% return in a week.', feedback: 'Invented quote.', suggestion_quote: null, grade: 'bad', salience: 'low' },
            ],
          })),
        })),
        outcome_feedback: 'Judge outcome.', positive_feedback: 'Judge positive.', constructive_feedback: 'Judge constructive.',
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, close: () => new Promise((r) => server.close(r)) };
}

describe('roleplay LLM judge', () => {
  let s: TestServer;
  let llm: Awaited<ReturnType<typeof fakeLlm>>;
  before(async () => {
    llm = await fakeLlm();
    s = await startTestServer('pglite', { llm: { baseUrl: llm.url, model: 'judge-1', apiKey: 'sk-test', timeoutMs: 1000 } });
  });
  after(async () => { await s?.close(); await llm?.close(); });

  const good = CASES.find((c) => c.scenario === 'sales-discovery' && c.label === 'good')!;
  async function grade(marker: string) {
    const lines = good.lines.map((l, i) => (i === 2 ? { ...l, text: `${l.text} ${marker}`.trim() } : l));
    const ses = await (await s.call('POST', '/v1/sessions', { body: { kind: 'roleplay', options: { scenario: 'sales-discovery' } } })).json() as any;
    await s.call('PUT', `/v1/sessions/${ses.id}/inputs/transcript`, { raw: JSON.stringify({ lines, duration_seconds: good.duration }), headers: { 'content-type': 'application/json' } });
    await s.call('POST', `/v1/sessions/${ses.id}/complete`);
    await waitForSession(s, ses.id);
    return (await (await s.call('GET', `/v1/sessions/${ses.id}/result`)).json() as any).data;
  }

  it('uses the judge at temperature 0 with JSON output, keeps only verbatim quotes, and rescores from its grades', async () => {
    const r = await grade('');
    assert.equal(r.grader, 'llm:judge-1');
    const request = llm.seen.at(-1)!;
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.temperature, 0);
    assert.deepEqual(request.response_format, { type: 'json_object' });
    assert.equal(request.authorization, 'Bearer sk-test');
    assert.ok(request.messages[1].content.includes('SYSTEM: Persona: Dana'), 'system lines reach the judge as labelled context');
    assert.match(request.messages[1].content, /Item "Open questions" \(weight 3\): .* Behaviour to look for: questions that invite an explanation.* An automatic count found: Asked \d+ open/,
      'the judge gets the same item-to-behaviour mapping as the offline grader');
    assert.equal(r.score, 50);
    assert.equal(r.rank, 'bronze');
    assert.equal(r.outcome_feedback, 'Judge outcome.');
    const examples = r.evaluations.flatMap((e: any) => e.items.flatMap((i: any) => i.feedback_examples));
    assert.ok(examples.length > 0);
    assert.ok(examples.every((e: any) => e.quote === 'What goes wrong with that process when things get busy?'), 'the invented quote was dropped');
  });

  for (const [mode, note] of [['MODE-GARBLED', /not JSON/], ['MODE-PARTIAL', /left out or garbled/], ['MODE-SLOW', /timed out/]] as const) {
    it(`falls back to the offline grader when the judge answers ${mode.slice(5).toLowerCase()}`, async () => {
      const r = await grade(mode);
      assert.equal(r.grader, 'offline');
      assert.match(r.grader_note, note);
      assert.equal(r.rank, 'gold');
    });
  }
});
