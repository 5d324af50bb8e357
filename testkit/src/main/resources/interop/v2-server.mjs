// A server on the official TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0, pinned in tools/package.json).
// Usage: node v2-server.mjs stdio [serve|reject]     serveStdio; 'reject' makes it 2026-07-28 only
//        node v2-server.mjs http  [stateless|reject] createMcpHandler on 127.0.0.1:0, prints "LISTENING <port>"
// Tools: echo, confirm (MRTR elicitation), ask_llm (MRTR sampling), touch (adds a tool: list_changed).
import { McpServer, inputRequired, acceptedContent, createMcpHandler } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { z } from 'zod';
import http from 'node:http';

const [mode = 'stdio', legacy] = process.argv.slice(2);
let added = 0;
const live = new Set();
let httpHandler = null; // over HTTP list changes go to listen streams through the handler's notifier

function register(server, n) {
  server.registerTool(`added_${n}`, { description: `added by touch #${n}` }, async () => ({
    content: [{ type: 'text', text: `added tool ${n}` }]
  }));
}

function factory() {
  const server = new McpServer({ name: 'v2', version: '2.4.0' }, { capabilities: { tools: { listChanged: true } } });
  server.registerTool('echo', { description: 'echoes text', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }));
  server.registerTool('confirm', { description: 'asks the user to confirm (MRTR elicitation)' }, async (ctx) => {
    const answer = acceptedContent(ctx.mcpReq.inputResponses, 'ok');
    if (!answer) {
      return inputRequired({
        inputRequests: {
          ok: inputRequired.elicit({
            message: 'Deploy?',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }
          })
        }
      });
    }
    return { content: [{ type: 'text', text: `confirmed ${answer.ok}` }] };
  });
  server.registerTool('ask_llm', { description: 'asks the model (MRTR sampling)' }, async (ctx) => {
    const answer = ctx.mcpReq.inputResponses?.q;
    if (!answer) {
      return inputRequired({
        inputRequests: {
          q: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'Capital of France?' } }],
            maxTokens: 20
          })
        }
      });
    }
    const content = Array.isArray(answer.content) ? answer.content[0] : answer.content;
    return { content: [{ type: 'text', text: `model said ${content?.text}` }] };
  });
  server.registerTool('touch', { description: 'adds a tool' }, async () => {
    added++;
    for (const s of live) {
      register(s, added);
    }
    httpHandler?.notify.toolsChanged();
    return { content: [{ type: 'text', text: `now ${added} added` }] };
  });
  for (let i = 1; i <= added; i++) {
    register(server, i);
  }
  live.add(server);
  return server;
}

if (mode === 'http') {
  httpHandler = createMcpHandler(factory, legacy ? { legacy } : {});
  const handler = toNodeHandler(httpHandler);
  const srv = http.createServer((req, res) => handler(req, res));
  srv.listen(0, '127.0.0.1', () => console.log(`LISTENING ${srv.address().port}`));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else {
  serveStdio(factory, legacy ? { legacy } : {});
}
