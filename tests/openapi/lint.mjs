// The OpenAPI document under Redocly's recommended rules: start bpmc on a fresh database, fetch
// GET /api/v1/openapi.json and run `redocly lint` (the @redocly/cli of tests/e2e, configured by
// redocly.yaml beside this file) on it. Exit 1 on any error; warnings are printed and pass.
// Offline: telemetry is off in redocly.yaml and the update check is suppressed, so nothing is
// fetched. Runs on Node 18 and 20. scripts/test runs it as the tier "openapi lint":
//   BPMC_BIN=$PWD/build/bpmc node tests/openapi/lint.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../api/helpers.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = fileURLToPath(new URL('../e2e/node_modules/@redocly/cli/bin/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run npm ci in tests/e2e (scripts/bootstrap does)`);
  process.exit(1);
}

const srv = await startServer({ demo: false, admin: false });
let doc;
try {
  const r = await srv.get('/api/v1/openapi.json');
  if (r.status !== 200 || !r.json) throw new Error(`GET /api/v1/openapi.json: ${r.status} ${r.text.slice(0, 200)}`);
  doc = r.json;
} finally {
  await srv.stop();
}

// indented, so that each problem's line and the code frame Redocly prints point somewhere
const dir = mkdtempSync(join(tmpdir(), 'bpmc-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
const run = spawnSync(process.execPath, [cli, 'lint', '--config', join(here, 'redocly.yaml'), '--max-problems', '1000', file], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
});
rmSync(dir, { recursive: true, force: true });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
if (run.error) throw run.error;
if (run.status !== 0) {
  console.error(`redocly lint found errors in the OpenAPI document (exit ${run.status})`);
  process.exit(1);
}
