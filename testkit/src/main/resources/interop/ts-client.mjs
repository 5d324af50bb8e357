// Interop client on the official TypeScript SDK (@modelcontextprotocol/sdk, pinned in tools/package.json).
// Usage: node ts-client.mjs URL [streamableHttp|sse] [TOOL_NAME_PREFIX]
// Against a server exposing server-everything's tools (directly, or behind a hub that prefixes tool names):
// lists the tools, calls echo and get-sum, runs trigger-long-running-operation with a progress token, and
// prints one JSON object with what it saw on stdout. Diagnostics go to stderr; exit 1 on failure.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const [url, transportName = 'streamableHttp', prefix = ''] = process.argv.slice(2);
if (!url) {
  console.error('usage: ts-client.mjs URL [streamableHttp|sse] [TOOL_NAME_PREFIX]');
  process.exit(2);
}

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

async function main() {
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

main().then(
  () => process.exit(0),
  (err) => {
    console.error('ts-client failed:', err?.stack ?? err);
    process.stdout.write(JSON.stringify({ error: String(err?.message ?? err) }) + '\n');
    process.exit(1);
  }
);
