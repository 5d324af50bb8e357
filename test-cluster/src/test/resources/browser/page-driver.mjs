// Drives one headless Chromium page for a JUnit test, one command at a time: a JSON line on stdin
// ({"id": 1, "op": "goto", ...}) is answered by a JSON line on stdout ({"id": 1, "ok": true, "value": ...} or
// {"id": 1, "ok": false, "error": "..."}). The browser's console and page errors go to stderr.
// Usage: node page-driver.mjs <chromium executable> <new empty user-data-dir>
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const [executablePath, userDataDir] = process.argv.slice(2);
// without these flags Chromium reaches for Google's services, and its connections are refused on test machines
const args = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args,
  viewport: { width: 1400, height: 1000 },
});
const page = context.pages()[0] || (await context.newPage());
page.on('console', (m) => process.stderr.write(`[console.${m.type()}] ${m.text()}\n`));
page.on('pageerror', (e) => process.stderr.write(`[pageerror] ${e.message}\n`));

const ops = {
  goto: async (c) => (await page.goto(c.url, { waitUntil: 'load' })).status(),
  fill: async (c) => page.fill(c.selector, c.value),
  click: async (c) => page.click(c.selector),
  waitFor: async (c) => {
    await page.waitForSelector(c.selector, { state: c.state || 'visible', timeout: c.timeoutMs || 15000 });
    return true;
  },
  attr: async (c) => page.getAttribute(c.selector, c.name, { timeout: c.timeoutMs || 5000 }),
  checked: async (c) => page.isChecked(c.selector, { timeout: c.timeoutMs || 5000 }),
  html: async (c) => page.locator(c.selector).first().evaluate((e) => e.outerHTML, null, { timeout: 5000 }),
  count: async (c) => page.locator(c.selector).count(),
  text: async (c) => page.textContent(c.selector, { timeout: c.timeoutMs || 5000 }),
  screenshot: async (c) => {
    await page.screenshot({ path: c.path, fullPage: true });
    return c.path;
  },
  close: async () => {
    await context.close();
    return true;
  },
};

const lines = createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ id: 0, ok: true, value: 'ready' }) + '\n');
for await (const line of lines) {
  if (!line.trim()) {
    continue;
  }
  const c = JSON.parse(line);
  let answer;
  try {
    const op = ops[c.op];
    if (!op) {
      throw new Error('unknown op ' + c.op);
    }
    const value = await op(c);
    answer = { id: c.id, ok: true, value: value === undefined ? null : value };
  } catch (e) {
    answer = { id: c.id, ok: false, error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
  if (c.op === 'close') {
    break;
  }
}
process.exit(0);
