// Interop client on the official TypeScript SDK v2 (@modelcontextprotocol/client 2.4.0, pinned in tools/package.json).
// Usage: node ts-client-v2.mjs URL MODE [PREFIX] [FLAVOR] [CHANGE] [TAG]
//   MODE    pin | auto | legacy: versionNegotiation {pin: '2026-07-28'} | 'auto' | 'legacy'
//   PREFIX  put before every tool name called (a hub's namespace, e.g. "v2-"); "" for none
//   FLAVOR  v2 (the tools of interop/v2-server.mjs, the default) | everything (server-everything's) | basic (list,
//           echo and progress only, for many concurrent clients)
//   CHANGE  how to change the tool list: "tool" (call PREFIX+touch, the default for v2), "none", or an http(s) URL
//           that is POSTed {"enabled": false} (a hub's tool toggle), then the client waits for the change
//   TAG     a name for this client, put into its progress and elicitation so concurrent clients can tell theirs
// Elicitation and sampling are answered by this client's own handlers (2025 server-to-client requests, or MRTR
// input requests fulfilled by the SDK). A tool-list change is heard on subscriptions/listen in the modern era and
// as notifications/tools/list_changed in the 2025 era. Prints one JSON line of what it saw; each step records its
// own error, so one failure does not hide the others. Diagnostics go to stderr; exit 1 on a connect failure.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, mode = 'pin', prefix = '', flavor = 'v2', changeArg = '', tag = ''] = process.argv.slice(2);
if (!url) {
  console.error('usage: ts-client-v2.mjs URL pin|auto|legacy [PREFIX] [v2|everything|basic] [tool|none|URL] [TAG]');
  process.exit(2);
}
const change = changeArg || (flavor === 'v2' ? 'tool' : 'none');
const CHANGE_WAIT_MS = 15000;

function negotiation() {
  switch (mode) {
    case 'pin':
      return { mode: { pin: '2026-07-28' } };
    case 'auto':
      return { mode: 'auto' };
    case 'legacy':
      return { mode: 'legacy' };
    default:
      throw new Error(`unknown mode ${mode} (expected: pin, auto or legacy)`);
  }
}

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

// the calls each flavour makes: [name, arguments]
const CALLS = {
  v2: {
    echo: ['echo', { text: `hello from v2 ${tag}`.trim() }],
    progress: ['progress', { steps: 3, tag: tag ? `${tag}:` : '' }],
    elicit: ['confirm', tag ? { what: tag } : {}],
    sample: ['ask_llm', {}],
    stateOnly: ['state_only', {}],
    touch: 'touch'
  },
  everything: {
    echo: ['echo', { message: `hello from v2 ${tag}`.trim() }],
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

// fills the required fields only (a v2 client validates its own answer against the requested schema)
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

async function step(out, key, fn) {
  try {
    out[key] = await fn();
  } catch (err) {
    out[key] = { error: String(err?.message ?? err) };
    console.error(`step ${key} failed:`, err?.stack ?? err);
  }
}

async function call(client, [name, args], options) {
  const r = await client.callTool({ name: `${prefix}${name}`, arguments: args }, options);
  return { text: textOf(r), isError: Boolean(r.isError) };
}

async function toolNames(client) {
  const listed = await client.listTools(undefined, { cacheMode: 'refresh' });
  return listed.tools.map((t) => t.name);
}

async function awaitChange(client, seen, expect) {
  const deadline = Date.now() + CHANGE_WAIT_MS;
  while (Date.now() < deadline) {
    if (seen.count > 0) {
      const names = await toolNames(client);
      if (expect(names)) {
        return names;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

async function listChange(client, calls, seen, before) {
  const modern = client.getProtocolEra() === 'modern';
  const out = { via: modern ? 'listen' : 'notification' };
  let subscription;
  if (modern) {
    subscription = await client.listen({ toolsListChanged: true });
    out.honored = subscription.honoredFilter;
  }
  try {
    let expect;
    if (change === 'tool') {
      out.touch = textOf(await client.callTool({ name: `${prefix}${calls.touch}`, arguments: {} }));
      expect = (names) => names.some((n) => n.startsWith(`${prefix}added_`) && !before.includes(n));
    } else {
      const r = await fetch(change, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: false })
      });
      out.toggle = r.status;
      const toggled = `${prefix}${new URL(change).pathname.split('/').at(-2)}`;
      expect = (names) => !names.includes(toggled);
    }
    const after = await awaitChange(client, seen, expect);
    out.notified = seen.count;
    out.changed = after !== null;
    out.toolsAfter = after ?? (await toolNames(client));
  } finally {
    await subscription?.close();
  }
  return out;
}

async function main() {
  const elicitations = [];
  const samplings = [];
  const seen = { count: 0 };
  const client = new Client(
    { name: 'mcphub-ts-v2-interop', version: '2.4.0' },
    { capabilities: { elicitation: { form: {} }, sampling: {} }, versionNegotiation: negotiation() }
  );
  client.setRequestHandler('elicitation/create', async (request) => {
    elicitations.push(request.params.message);
    return { action: 'accept', content: answerElicitation(request.params.requestedSchema) };
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    const last = request.params.messages.at(-1)?.content;
    samplings.push(Array.isArray(last) ? last[0]?.text : last?.text);
    return { model: 'test-model', role: 'assistant', content: { type: 'text', text: 'Paris' } };
  });
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    seen.count++;
  });

  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const calls = CALLS[flavor];
  if (!calls) {
    throw new Error(`unknown flavor ${flavor} (expected: v2, everything or basic)`);
  }
  const out = {
    mode,
    era: client.getProtocolEra() ?? null,
    protocolVersion: client.getNegotiatedProtocolVersion() ?? null,
    serverInfo: client.getServerVersion() ?? null
  };
  try {
    await step(out, 'tools', () => toolNames(client));
    await barrier();
    await step(out, 'echo', () => call(client, calls.echo));
    await step(out, 'progress', async () => {
      const seenProgress = [];
      const r = await call(client, calls.progress, {
        onprogress: (p) => seenProgress.push({ progress: p.progress, message: p.message ?? null }),
        timeout: 30000
      });
      return { ...r, notifications: seenProgress };
    });
    if (calls.elicit) {
      await step(out, 'elicit', () => call(client, calls.elicit));
    }
    if (calls.sample) {
      await step(out, 'sample', () => call(client, calls.sample));
    }
    if (calls.stateOnly) {
      await step(out, 'stateOnly', () => call(client, calls.stateOnly));
    }
    out.elicitations = elicitations;
    out.samplings = samplings;
    if (change !== 'none') {
      const before = Array.isArray(out.tools) ? out.tools : [];
      await step(out, 'listChanged', () => listChange(client, calls, seen, before));
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('ts-client-v2 failed:', err?.stack ?? err);
    process.stdout.write(JSON.stringify({ mode, error: String(err?.message ?? err), code: err?.code ?? null }) + '\n');
    process.exit(1);
  }
);
