// Load from the official TypeScript SDK client (v1) for CoordinatorsE2E: SESSIONS sessions against URL, each calling
// the tool stateful-counter in a loop until the file STOP exists. Prints one JSON object on stdout:
// {ok, failures: [{start, end, message}], backwards: [...], lost}, where a failure is a call that threw, with the
// epoch milliseconds it started and ended, and backwards lists counters that did not increase (a session that lost
// its node-side state). Diagnostics go to stderr.
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, sessionsArg = '4', stop] = process.argv.slice(2);
const sessions = Number(sessionsArg);
let ok = 0;
const failures = [];
const backwards = [];
let lost = 0;

async function run(i) {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: `ts-load-${i}`, version: '1.0.0' }, { capabilities: {} });
  client.onerror = (e) => console.error(`session ${i}: ${e}`);
  await client.connect(transport);
  let last = 0;
  while (!existsSync(stop)) {
    const start = Date.now();
    try {
      const r = await client.callTool({ name: 'stateful-counter', arguments: {} });
      const count = r.structuredContent?.count;
      if (typeof count !== 'number' || count <= last) {
        backwards.push({ session: i, last, count });
      }
      last = typeof count === 'number' ? count : last;
      ok++;
    } catch (e) {
      const message = String(e?.message ?? e);
      if (message.includes('404') || message.toLowerCase().includes('session not found')) {
        lost++;
      }
      failures.push({ start, end: Date.now(), message });
    }
  }
  await transport.terminateSession().catch(() => {});
  await client.close().catch(() => {});
}

const all = [];
for (let i = 0; i < sessions; i++) {
  all.push(run(i));
}
Promise.all(all).then(
  () => {
    console.log(JSON.stringify({ ok, failures, backwards, lost }));
    process.exit(0);
  },
  (e) => {
    console.error(e);
    console.log(JSON.stringify({ ok, failures, backwards, lost, error: String(e) }));
    process.exit(1);
  },
);
