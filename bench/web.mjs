// bench/web.mjs: the web application's figures, printed (never a test): the shell bundle's gzip
// size against the 250 KB budget, and the time to first render: the home page in a new browser
// profile (nothing cached), then home and an organisation profile with the assets cached (median
// of 5 loads each), in Debian's chromium against a real `bpmc serve` on the demo cluster. Uses the browser tests' harness and
// their packages (tests/e2e/node_modules, installed by scripts/bootstrap).
import { startServer, checkServesApp, bundleSize, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstRender(context, url, ready) {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  const t = await page.evaluate(() => {
    const mark = performance.getEntriesByName('bpmc:first-content')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { content: mark ? mark.startTime : NaN, paint: fcp ? fcp.startTime : NaN };
  });
  await page.close();
  return t;
}

const server = await startServer();
let browser;
try {
  const html = await checkServesApp(server.base);
  const size = await bundleSize(server.base, html);
  for (const f of size.files) console.log(`bundle  ${f.url}  ${f.raw} bytes, ${f.gzip} gzip`);
  const kb = size.gzip / 1024;
  console.log(`bundle  total ${kb.toFixed(1)} KB gzip (${(size.raw / 1024).toFixed(1)} KB raw)  target <= 250 KB  ${kb <= 250 ? 'PASS' : 'MISS'}`);
  browser = await launchBrowser();
  const cold = await firstRender(browser.context, server.base + '/', '.stat-value');
  console.log(`render  home, nothing cached: first meaningful content ${Math.round(cold.content)} ms, first contentful paint ${Math.round(cold.paint)} ms`);
  for (const [name, path, ready] of [
    ['home', '/', '.stat-value'],
    ['organisation profile', '/orgs/2', 'h1'],
  ]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstRender(browser.context, server.base + path, ready));
    console.log(
      `render  ${name}, assets cached: first meaningful content ${Math.round(median(runs.map((r) => r.content)))} ms, ` +
        `first contentful paint ${Math.round(median(runs.map((r) => r.paint)))} ms (median of ${RUNS})`,
    );
  }
} catch (e) {
  console.log(`web bench skipped: ${e.message}`);
} finally {
  if (browser) await browser.close();
  await server.stop();
}
