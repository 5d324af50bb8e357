// Interop client on the official TypeScript SDK (@modelcontextprotocol/sdk, pinned in tools/package.json).
// Usage: node ts-client.mjs URL [streamableHttp|sse] [TOOL_NAME_PREFIX] [FLAVOR] [CHANGE] [TAG]
// Without FLAVOR, against a server exposing server-everything's tools (directly, or behind a hub that prefixes tool
// names): lists the tools, calls echo and get-sum, runs trigger-long-running-operation with a progress token, and
// prints one JSON object with what it saw on stdout. Diagnostics go to stderr; exit 1 on failure.
// With FLAVOR (v2 | everything), the checks of ts-client-v2.mjs with the same arguments and output (see there):
// list, echo, progress, elicitation and sampling answered by this client's handlers, and a tool-list change heard
// as notifications/tools/list_changed.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ToolListChangedNotificationSchema
} from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const [url, transportName = 'streamableHttp', prefix = '', flavor = '', changeArg = '', tag = ''] =
  process.argv.slice(2);
if (!url) {
  console.error('usage: ts-client.mjs URL [streamableHttp|sse] [TOOL_NAME_PREFIX]');
  process.exit(2);
}

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

async function main() {
  if (flavor) {
    return checks();
  }
  const transport = transportName === 'sse'
    ? new SSEClientTransport(new URL(url))
    : new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'mcphub-ts-interop', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  try {
    const listed = await client.listTools();
    const tools = listed.tools.map((t) => t.name);

    const echo = await client.callTool({ name: `${prefix}echo`, arguments: { message: 'hello from ts' } });
    const sum = await client.callTool({ name: `${prefix}get-sum`, arguments: { a: 2, b: 3 } });

    const progress = [];
    const longRun = await client.callTool(
      { name: `${prefix}trigger-long-running-operation`, arguments: { duration: 0.5, steps: 5 } },
      undefined,
      { onprogress: (p) => progress.push(p), timeout: 30000 }
    );

    const out = {
      transport: transportName,
      serverInfo: client.getServerVersion() ?? null,
      tools,
      echo: textOf(echo),
      sum: textOf(sum),
      progressCount: progress.length,
      progress: progress.map((p) => p.progress),
      finalResult: textOf(longRun),
      isError: Boolean(echo.isError || sum.isError || longRun.isError)
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await client.close();
  }
}

const CHANGE_WAIT_MS = 15000;
const CALLS = {
  v2: {
    echo: ['echo', { text: `hello from v1 ${tag}`.trim() }],
    progress: ['progress', { steps: 3, tag: tag ? `${tag}:` : '' }],
    elicit: ['confirm', tag ? { what: tag } : {}],
    sample: ['ask_llm', {}],
    stateOnly: ['state_only', {}],
    touch: 'touch'
  },
  everything: {
    echo: ['echo', { message: `hello from v1 ${tag}`.trim() }],
    progress: ['trigger-long-running-operation', { duration: 0.3, steps: 3 }],
    elicit: ['trigger-elicitation-request', {}],
    sample: ['trigger-sampling-request', { prompt: 'Capital of France?', maxTokens: 20 }]
  }
};
// many clients at once: a longer progress, and an elicitation naming the client
CALLS.basic = {
  echo: CALLS.v2.echo,
  progress: ['progress', { steps: 5, tag: `${tag}:` }],
  elicit: ['confirm', { what: tag }]
};

// with MCPHUB_BARRIER set, the client says READY on stdout once connected and listed, and goes on when a line
// arrives on stdin: a test starts many clients and lets them call at the same moment
async function barrier() {
  if (!process.env.MCPHUB_BARRIER) {
    return;
  }
  process.stdout.write('READY\n');
  await new Promise((resolve) => {
    process.stdin.once('data', resolve);
    process.stdin.once('end', resolve);
  });
  process.stdin.pause();
}

async function step(out, key, fn) {
  try {
    out[key] = await fn();
  } catch (err) {
    out[key] = { error: String(err?.message ?? err) };
    console.error(`step ${key} failed:`, err?.stack ?? err);
  }
}

// fills the required fields only, as ts-client-v2.mjs does
function answerElicitation(schema) {
  const content = {};
  for (const p of schema?.required ?? []) {
    const def = schema.properties?.[p] ?? {};
    content[p] = def.enum ? def.enum[0]
      : def.type === 'boolean' ? true
        : def.type === 'number' || def.type === 'integer' ? 1
          : `${tag || 'Ada'}`;
  }
  return content;
}

async function checks() {
  const change = changeArg || (flavor === 'v2' ? 'tool' : 'none');
  const calls = CALLS[flavor];
  if (!calls) {
    throw new Error(`unknown flavor ${flavor} (expected: v2, everything or basic)`);
  }
  const elicitations = [];
  const samplings = [];
  const seen = { count: 0 };
  const transport = transportName === 'sse'
    ? new SSEClientTransport(new URL(url))
    : new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'mcphub-ts-interop', version: '1.32.2' },
    { capabilities: { elicitation: { form: {} }, sampling: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params.message);
    return { action: 'accept', content: answerElicitation(request.params.requestedSchema) };
  });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const last = request.params.messages.at(-1)?.content;
    samplings.push(Array.isArray(last) ? last[0]?.text : last?.text);
    return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'Paris' } };
  });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    seen.count++;
  });
  await client.connect(transport);
  const call = async ([name, args], options) => {
    const r = await client.callTool({ name: `${prefix}${name}`, arguments: args }, undefined, options);
    return { text: textOf(r), isError: Boolean(r.isError) };
  };
  const toolNames = async () => (await client.listTools()).tools.map((t) => t.name);
  const out = {
    mode: 'v1',
    era: 'legacy',
    protocolVersion: transport.protocolVersion ?? null,
    serverInfo: client.getServerVersion() ?? null
  };
  try {
    await step(out, 'tools', toolNames);
    await barrier();
    await step(out, 'echo', () => call(calls.echo));
    await step(out, 'progress', async () => {
      const notifications = [];
      const r = await call(calls.progress, {
        onprogress: (p) => notifications.push({ progress: p.progress, message: p.message ?? null }),
        timeout: 30000
      });
      return { ...r, notifications };
    });
    for (const [key, c] of [['elicit', calls.elicit], ['sample', calls.sample], ['stateOnly', calls.stateOnly]]) {
      if (c) {
        await step(out, key, () => call(c));
      }
    }
    out.elicitations = elicitations;
    out.samplings = samplings;
    if (change !== 'none') {
      const before = Array.isArray(out.tools) ? out.tools : [];
      await step(out, 'listChanged', async () => {
        const r = { via: 'notification' };
        let expect;
        if (change === 'tool') {
          r.touch = (await call([calls.touch, {}])).text;
          expect = (names) => names.some((n) => n.startsWith(`${prefix}added_`) && !before.includes(n));
        } else {
          const answer = await fetch(change, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ enabled: false })
          });
          r.toggle = answer.status;
          const toggled = `${prefix}${new URL(change).pathname.split('/').at(-2)}`;
          expect = (names) => !names.includes(toggled);
        }
        let after = null;
        for (const deadline = Date.now() + CHANGE_WAIT_MS; after === null && Date.now() < deadline;) {
          if (seen.count > 0) {
            const names = await toolNames();
            after = expect(names) ? names : null;
          }
          if (after === null) {
            await new Promise((res) => setTimeout(res, 100));
          }
        }
        r.notified = seen.count;
        r.changed = after !== null;
        r.toolsAfter = after ?? (await toolNames());
        return r;
      });
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('ts-client failed:', err?.stack ?? err);
    process.stdout.write(JSON.stringify({ error: String(err?.message ?? err) }) + '\n');
    process.exit(1);
  }
);
