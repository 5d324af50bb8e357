// A server on the official TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0, pinned in tools/package.json).
// Usage: node v2-server.mjs stdio [serve|reject]     serveStdio; 'reject' makes it 2026-07-28 only
//        node v2-server.mjs http  [stateless|reject] createMcpHandler on 127.0.0.1:0, prints "LISTENING <port>"
// Tools: echo, progress (notifications/progress on the call's token), confirm (MRTR elicitation), ask_llm (MRTR
// sampling), state_only (MRTR with requestState only), legacy_elicit (2025 elicitInput), touch (adds a tool:
// list_changed).
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
  server.registerTool('progress', {
    description: 'reports progress (tag names the caller in each message)',
    inputSchema: z.object({ steps: z.number().optional(), tag: z.string().optional() })
  }, async ({ steps = 3, tag = '' }, ctx) => {
    const token = ctx.mcpReq._meta?.progressToken;
    for (let i = 1; i <= steps; i++) {
      if (token !== undefined) {
        await ctx.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken: token, progress: i, total: steps, message: `${tag}step ${i}` }
        });
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return { content: [{ type: 'text', text: `${tag}done ${steps} steps` }] };
  });
  // `what` (optional) names the caller: it goes into the question and the answer, so concurrent callers can tell
  // that their own elicitation came back to them
  server.registerTool('confirm', {
    description: 'asks the user to confirm (MRTR elicitation)',
    inputSchema: z.object({ what: z.string().optional() })
  }, async ({ what }, ctx) => {
    const answer = acceptedContent(ctx.mcpReq.inputResponses, 'ok');
    if (!answer) {
      return inputRequired({
        inputRequests: {
          ok: inputRequired.elicit({
            message: what ? `Deploy ${what}?` : 'Deploy?',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }
          })
        }
      });
    }
    return { content: [{ type: 'text', text: what ? `confirmed ${answer.ok} for ${what}` : `confirmed ${answer.ok}` }] };
  });
  server.registerTool('state_only', { description: 'MRTR with requestState only' }, async (ctx) => {
    const state = ctx.mcpReq.requestState();
    if (!state) {
      return inputRequired({ requestState: 'round-1' });
    }
    return { content: [{ type: 'text', text: `state came back: ${state}` }] };
  });
  server.registerTool('legacy_elicit', { description: '2025-style elicitInput (legacy connections only)' },
    async (ctx) => {
      const r = await ctx.mcpReq.elicitInput({
        message: 'Name?',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
      });
      return { content: [{ type: 'text', text: `legacy ${r.action} ${r.content?.name ?? ''}` }] };
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
