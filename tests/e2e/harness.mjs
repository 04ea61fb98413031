// Harness of the browser tests: a real `bpmc serve` on a temporary demo database, Debian's
// chromium driven by playwright-core (no browser download), axe-core checks, screenshots under
// build/screenshots/, and the figures we report (time to first content, bundle gzip size).
//
// Environment: BPMC_BIN (default ../../build/bpmc), CHROMIUM (default /usr/bin/chromium).
// A missing chromium or a bpmc that does not serve the web application is a failure, not a skip.
import { spawn, execFileSync } from 'node:child_process';
import { exitProblem } from '../server-exit.mjs';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../free-port.mjs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
export const screenshotDir = join(repoRoot, 'build', 'screenshots');
const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=ko-KR',
];

async function waitFor(url, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = new Error(`HTTP ${r.status}`);
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer in ${ms} ms: ${last}`);
}

/** Start bpmc on a fresh demo database; resolves with {base, email, password, db, bpmc, stop}.
 * The sweeper is off (--sweep-seconds 0) unless opts.extraArgs, which go to `bpmc serve` after
 * it, give --sweep-seconds; bpmc(args, input) runs the binary on that database. */
export async function startServer(opts = {}) {
  const bin = resolve(process.env.BPMC_BIN || join(repoRoot, 'build', 'bpmc'));
  if (!existsSync(bin)) throw new Error(`bpmc binary not found at ${bin} (run make, or set BPMC_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'bpmc-e2e-'));
  const db = join(dir, 'bpmc.db');
  execFileSync(bin, ['init', '--demo', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const login = readFileSync(join(dir, 'demo-login.txt'), 'utf8');
  const email = /e-mail:\s*(\S+)/.exec(login)?.[1];
  const password = /password:\s*(\S+)/.exec(login)?.[1];
  if (!email || !password) throw new Error(`cannot read the demo login from ${dir}/demo-login.txt`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // stderr is passed on and kept: a sanitizer report in it fails stop()
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off', '--sweep-seconds', '0', ...(opts.extraArgs ?? [])], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
    process.stderr.write(d);
  });
  let exited = null;
  const exitPromise = new Promise((r) => {
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    });
  });
  await waitFor(`${base}/healthz`, 10000);
  let checked = false;
  /** SIGTERM (SIGKILL after 5 s); throws (once) when the server did not exit 0 or printed a
   * sanitizer report (tests/server-exit.mjs). */
  const stop = async () => {
    if (!exited) {
      proc.kill('SIGTERM');
      const h = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(h);
    }
    rmSync(dir, { recursive: true, force: true });
    const problem = checked ? '' : exitProblem(exited, stderr);
    checked = true;
    if (problem) throw new Error(`bpmc serve (e2e) on ${base}: ${problem}`);
  };
  const bpmc = (args, input) =>
    execFileSync(bin, args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
  return { base, email, password, stop, dir, db, bpmc };
}

/** The messages waiting in the outbox of a server from startServer (`bpmc outbox`). */
export function outbox(server) {
  return server
    .bpmc(['outbox', '--db', server.db])
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at time t (seconds). */
export function totp(b32, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of b32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** The app's index.html from base, or an error saying that bpmc does not serve the app. */
export async function checkServesApp(base) {
  const r = await fetch(`${base}/`);
  const html = await r.text();
  if (!/\/assets\/[^"']+\.js/.test(html)) {
    throw new Error(
      `${base}/ does not serve the web application (no /assets/*.js in index.html): ` +
        'build web/ (npm run build) and rebuild bpmc (make) so that it embeds web/dist',
    );
  }
  return html;
}

/** Sum of gzip -9 sizes of the .js and .css files that index.html loads. */
export async function bundleSize(base, html) {
  const urls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let raw = 0;
  let gz = 0;
  const files = [];
  for (const u of urls) {
    const r = await fetch(base + u, { headers: { 'Accept-Encoding': 'identity' } });
    const buf = Buffer.from(await r.arrayBuffer());
    const z = gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += z;
    files.push({ url: u, raw: buf.length, gzip: z });
  }
  return { raw, gzip: gz, files };
}

/** Chromium with a fresh profile; the one context has its pages share cookies (like tabs). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); browser tests cannot be skipped`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'bpmc-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'ko-KR',
    acceptDownloads: true,
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** Collect console errors and page errors of a page (for the test to assert on). */
export function watchPage(page, sink) {
  page.on('pageerror', (e) => sink.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // expected: an anonymous GET /api/v1/session is 401; a refused write is 4xx by design
    if (/status of (401|403|404|409|412|422|429)/.test(text)) return;
    sink.push(`console: ${text}`);
  });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns its violations. */
export async function axe(page) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(`${axeSource}\n;void 0`);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

export async function screenshot(page, name, opts = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: !!opts.fullPage });
  return path;
}

/** Until bpmc embeds the app: Vite's preview server of web/dist proxying /api to apiBase
 * (only with BPMC_E2E_WEB=preview; the default and `make test` use bpmc itself). */
export async function startPreview(apiBase) {
  const web = join(repoRoot, 'web');
  const vite = join(web, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite) || !existsSync(join(web, 'dist', 'index.html')))
    throw new Error('BPMC_E2E_WEB=preview needs web/node_modules and web/dist (npm ci && npm run build in web/)');
  const port = await freePort();
  const proc = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: web,
    env: { ...process.env, BPMC_API: apiBase },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/`, 15000);
  return {
    base,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
    },
  };
}

/** The people a test adds to a server from startServer share this password. */
export const TEST_PASSWORD = 'Password-2026';

/** Add user u ({email, name}) with role (and organisation) to server's database. */
export function addUser(server, u, role, org, password = TEST_PASSWORD) {
  const args = ['user', 'add', '--db', server.db, '--email', u.email, '--name', u.name, '--role', role];
  if (org) args.push('--org', String(org));
  server.bpmc(args, `${password}\n`);
}

/** A signed-in API client of email on base: call(method, path, body, headers) answers
 * {status, etag, body}, with the session cookie and the CSRF token sent. */
export async function apiAs(base, email, password = TEST_PASSWORD) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${email}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return async (method, path, body, headers = {}) => {
    const a = await fetch(`${base}/api/v1/${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: a.status, etag: a.headers.get('etag'), body: await a.json().catch(() => null) };
  };
}

/** Open the login page, type email and password and press 로그인; what comes next (a second
 * factor, an error, the page signed in) is the caller's to wait for. */
export async function submitSignIn(page, base, email, password = TEST_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
}

/** Sign in through the login page, as a person does, and wait until signed in. */
export async function signIn(page, base, email, password = TEST_PASSWORD) {
  await submitSignIn(page, base, email, password);
  await page.getByRole('button', { name: '로그아웃' }).waitFor();
}

export async function signOut(page) {
  await page.getByRole('button', { name: '로그아웃' }).click();
  await page.getByRole('link', { name: '로그인' }).waitFor();
}

/** Fails when axe finds any violation on the page, whatever its impact (printed first). */
export async function assertNoViolations(page, name) {
  const v = await axe(page);
  for (const x of v) console.log(`# axe ${name}: ${x.impact} ${x.id} — ${x.help} @ ${x.nodes.join(', ')}`);
  if (v.length) throw new Error(`accessibility violations on ${name}: ${v.map((x) => `${x.id} (${x.impact}): ${x.nodes.join(', ')}`).join('; ')}`);
}
