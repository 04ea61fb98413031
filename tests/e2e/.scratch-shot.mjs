import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const base = process.env.BASE || 'http://127.0.0.1:5173';
const pw = readFileSync('/tmp/x/demo-login.txt','utf8').match(/password:\s*(\S+)/)[1];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await ctx.newPage();
page.on('console', m => { if (m.type()==='error' || m.type()==='warning') console.log('console:', m.text()); });
page.on('pageerror', e => console.log('pageerror:', e.message));
const pages = (process.argv[2] || '/').split(',');
if (process.env.LOGIN) {
  await page.goto(base + '/login');
  await page.fill('#login-email', 'admin@demo.bpmc.kr');
  await page.fill('#login-password', pw);
  await page.click('form.record-form button[type=submit]');
  await page.waitForURL(u => !u.pathname.startsWith('/login'));
}
for (const p of pages) {
  await page.goto(base + p);
  await page.waitForTimeout(800);
  const name = p.replace(/[^a-z0-9]+/gi,'_') || 'home';
  await page.screenshot({ path: `/tmp/x/shots/${name}.png`, fullPage: !!process.env.FULL });
  console.log('shot', name);
}
await browser.close();
