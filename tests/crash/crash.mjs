#!/usr/bin/env node
// Crash-durability test: an acknowledged write survives SIGKILL.
//
// The writer thread group-commits with synchronous=FULL and answers only after COMMIT, so every
// `201` a client saw must be on disk after a kill -9, recovery from the WAL must succeed, and no row
// may be half-written. Two kill cycles, each followed by a restart and a full verification:
//   - every acknowledged title exists with the id it was answered with (GET /api/v1/needs/{id});
//   - every crash-* row is whole (org 101, fields ["ai"], stage rnd, status open) and has exactly
//     one "create" audit row (GET /api/v1/audit?collection=needs&row_id=ID);
//   - no write answered with an error exists; crash-* rows >= acknowledged;
//   - after SIGTERM, `sqlite3 DB "PRAGMA integrity_check"` says ok.
//
// Node 18+, no dependencies. BPMC_BIN overrides the binary (default ../../build/bpmc).
// CRASH_ALLOW_UNCLEAN_STOP=1 turns an unclean SIGTERM exit into a warning instead of a failure.
// Exit 0 on pass, 1 on fail; the last line is "N passed, M failed".

import http from 'node:http';
import { freePort } from '../free-port.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { sanitizerReport } from '../server-exit.mjs';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.BPMC_BIN || path.resolve(HERE, '../../build/bpmc');
const EMAIL = 'crash@bpmc.kr';
const PASSWORD = 'Crash-pass-2026';
const CYCLES = 2;
const LOOPS = 64;
const KILL_AFTER_MS = 1500;      // earliest kill
const KILL_MIN_ACKED = 200;      // ... once this many were acknowledged
const KILL_LATEST_MS = 6000;     // kill anyway by then (and say so)
const REQ_TIMEOUT_MS = 5000;     // a request the server sits on this long counts as a hang
const READY_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 5000;
const TEST_BUDGET_MS = 30000;
const VERIFY_CONCURRENCY = 32;
const ALLOW_UNCLEAN_STOP = process.env.CRASH_ALLOW_UNCLEAN_STOP === '1';

const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(2) + 's';
const log = (...a) => console.log(`[crash ${elapsed()}]`, ...a);

class Fail extends Error {}

// ---------------------------------------------------------------- cleanup

const children = new Set();
let tmpDir = null;
let finished = false;

function cleanupSync() {
    for (const c of children) {
        if (c.exitCode === null && c.signalCode === null) {
            try { c.kill('SIGKILL'); } catch { /* gone */ }
        }
    }
    children.clear();
    if (tmpDir) {
        try { fs.rmSync(tmpDir, { recursive: true, force: true }); } catch { /* best effort */ }
        tmpDir = null;
    }
}

function finish(ok, why) {
    if (finished) return;
    finished = true;
    cleanupSync();
    if (!ok && why) console.log(`FAIL: ${why}`);
    console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
    process.exit(ok ? 0 : 1);
}

process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => finish(false, `interrupted by ${sig}`));
const watchdog = setTimeout(() => finish(false, `test exceeded its ${TEST_BUDGET_MS / 1000} s budget (hang?)`),
                            TEST_BUDGET_MS);

// ---------------------------------------------------------------- processes

function runSync(args, input) {
    const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 15000 });
    if (r.error) throw new Fail(`${path.basename(BIN)} ${args.join(' ')}: ${r.error.message}`);
    if (r.status !== 0) {
        throw new Fail(`${path.basename(BIN)} ${args.join(' ')} exited ${r.status ?? r.signal}: ` +
                       `${(r.stderr || '').trim()}`);
    }
    return r;
}

class Server {
    constructor(db, port) {
        this.db = db;
        this.port = port;
        this.output = '';
        this.exited = null; // {code, signal}
        this.proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--access-log', 'off', '--sweep-seconds', '0'],
                          { stdio: ['ignore', 'pipe', 'pipe'] });
        children.add(this.proc);
        const keep = (d) => { this.output = (this.output + d).slice(-16384); };
        this.proc.stdout.on('data', keep);
        this.proc.stderr.on('data', keep);
        this.exitPromise = new Promise((resolve) => {
            this.proc.on('exit', (code, signal) => {
                this.exited = { code, signal };
                children.delete(this.proc);
                resolve(this.exited);
            });
            this.proc.on('error', (e) => {
                this.exited = { code: null, signal: null, error: e };
                children.delete(this.proc);
                resolve(this.exited);
            });
        });
    }

    describeExit() {
        const e = this.exited;
        if (!e) return 'still running';
        if (e.error) return `spawn error: ${e.error.message}`;
        return e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
    }

    tail() {
        const t = this.output.trim();
        return t ? `\n--- server output ---\n${t}\n---------------------` : ' (no server output)';
    }

    async waitReady() {
        const deadline = Date.now() + READY_TIMEOUT_MS;
        const agent = new http.Agent({ keepAlive: false });
        try {
            while (Date.now() < deadline) {
                if (this.exited) {
                    throw new Fail(`server on ${this.db} exited before ready (${this.describeExit()})${this.tail()}`);
                }
                try {
                    const r = await request(agent, this.port, 'GET', '/readyz', { timeout: 1000 });
                    if (r.status === 200) return;
                } catch { /* not listening yet */ }
                await sleep(50);
            }
        } finally {
            agent.destroy();
        }
        throw new Fail(`server not ready (GET /readyz 200) within ${READY_TIMEOUT_MS} ms${this.tail()}`);
    }

    async kill9() {
        this.proc.kill('SIGKILL');
        await this.exitPromise;
    }

    // SIGTERM; returns a problem string or null.
    async stop() {
        if (this.exited) return `server had already exited (${this.describeExit()})${this.tail()}`;
        this.proc.kill('SIGTERM');
        const r = await Promise.race([this.exitPromise, sleep(STOP_TIMEOUT_MS).then(() => null)]);
        if (!r) {
            this.proc.kill('SIGKILL');
            await this.exitPromise;
            return `server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM (hang); SIGKILLed${this.tail()}`;
        }
        if (r.code !== 0) return `SIGTERM shutdown was not clean (${this.describeExit()})${this.tail()}`;
        const report = sanitizerReport(this.output);
        if (report) return `sanitizer: the server printed a report:\n${report}`;
        return null;
    }
}

// ---------------------------------------------------------------- HTTP

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function request(agent, port, method, urlPath, { headers = {}, body, timeout = REQ_TIMEOUT_MS } = {}) {
    return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
        const h = { ...headers };
        if (data) { h['Content-Type'] = 'application/json'; h['Content-Length'] = data.length; }
        const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers: h, agent }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                          body: Buffer.concat(chunks).toString('utf8') }));
            res.on('aborted', () => reject(new Error('response aborted')));
            res.on('error', reject);
        });
        req.setTimeout(timeout, () => req.destroy(Object.assign(new Error('request timeout'), { code: 'TIMEOUT' })));
        req.on('error', reject);
        if (data) req.write(data);
        req.end();
    });
}

function parseJson(r, what) {
    try {
        return JSON.parse(r.body);
    } catch {
        throw new Fail(`${what}: answer is not JSON (status ${r.status}): ${r.body.slice(0, 200)}`);
    }
}

async function login(agent, port) {
    const r = await request(agent, port, 'POST', '/api/v1/session', { body: { email: EMAIL, password: PASSWORD } });
    if (r.status !== 200 && r.status !== 201) throw new Fail(`login answered ${r.status}: ${r.body.slice(0, 300)}`);
    const cookies = [].concat(r.headers['set-cookie'] || []);
    let session = null;
    for (const c of cookies) {
        const m = /^\s*bpmc_session=([^;]*)/.exec(c);
        if (m) session = m[1];
    }
    const j = parseJson(r, 'login');
    if (!session) throw new Fail(`login set no bpmc_session cookie (Set-Cookie: ${JSON.stringify(cookies)})`);
    if (!j.csrf_token) throw new Fail(`login answer has no csrf_token: ${r.body.slice(0, 300)}`);
    return { cookie: `bpmc_session=${session}`, csrf: j.csrf_token };
}

// Runs fn over items with at most n in flight.
async function pool(items, n, fn) {
    let i = 0;
    const worker = async () => {
        while (i < items.length) {
            const k = i++;
            await fn(items[k], k);
        }
    };
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

// ---------------------------------------------------------------- state across cycles

const RUN = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const sent = new Set();          // every title ever put on the wire
const acked = new Map();         // title -> id answered 201
const rejected = new Map();      // title -> status for any non-201 answer (must not exist)
const summaries = [];
const failures = [];
const warnings = [];

// ---------------------------------------------------------------- load + kill

async function loadAndKill(server, cycle) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: LOOPS });
    const auth = await login(agent, server.port);
    const headers = { Cookie: auth.cookie, 'X-CSRF-Token': auth.csrf };
    const st = { acked: 0, unknown: 0, preKillErrors: [], statuses: {}, badBodies: [] };
    let stop = false;
    let killed = false;

    const loop = async (w) => {
        for (let n = 0; !stop; n++) {
            const title = `crash-${RUN}-c${cycle}-w${w}-${n}`;
            sent.add(title);
            let r;
            try {
                r = await request(agent, server.port, 'POST', '/api/v1/needs', {
                    headers, body: { org_id: 101, title, fields: ['ai'], stage: 'rnd' },
                });
            } catch (e) {
                st.unknown++;
                if (!killed && st.preKillErrors.length < 5) st.preKillErrors.push(`${title}: ${e.code || e.message}`);
                if (!killed) await sleep(5);
                continue;
            }
            st.statuses[r.status] = (st.statuses[r.status] || 0) + 1;
            if (r.status === 201) {
                let j = null;
                try { j = JSON.parse(r.body); } catch { /* recorded below */ }
                if (!j || !Number.isSafeInteger(j.id) || j.title !== title) {
                    st.badBodies.push(j && typeof j.title === 'string'
                        ? `POST of "${title}" was answered 201 with another request's row (id ${j.id}, title "${j.title}")`
                        : `POST of "${title}" was answered 201 without a row: ${r.body.slice(0, 200)}`);
                    continue;
                }
                if (acked.has(title)) throw new Fail(`title ${title} acknowledged twice`);
                acked.set(title, j.id);
                st.acked++;
            } else {
                rejected.set(title, r.status);
                if (!killed && r.status >= 500) await sleep(5);
            }
        }
    };

    const started = Date.now();
    const loops = Array.from({ length: LOOPS }, (_, w) => loop(w));
    const loopsDone = Promise.all(loops);
    // Surface a Fail thrown inside a loop right away.
    let loopFailure = null;
    loopsDone.catch((e) => { loopFailure = e; stop = true; });
    const killAfter = KILL_AFTER_MS + Math.floor(Math.random() * 300); // vary the phase of the kill
    while (!loopFailure) {
        const t = Date.now() - started;
        if ((t >= killAfter && st.acked >= KILL_MIN_ACKED) || t >= KILL_LATEST_MS) break;
        if (server.exited) break;
        await sleep(10);
    }
    if (loopFailure) throw loopFailure;
    const ackedAtKill = st.acked;
    const killMs = Date.now() - started;
    killed = true;
    stop = true;
    // The server may have died on its own during the load: that is a failure, but it is also a crash,
    // so the restart and the verification still run on what it left behind.
    st.diedOnItsOwn = server.exited ? `server died by itself during the load after ${killMs} ms ` +
        `(${server.describeExit()})${server.tail()}` : null;
    if (!st.diedOnItsOwn) await server.kill9();
    await loopsDone;
    agent.destroy();
    if (!st.diedOnItsOwn && server.exited.signal !== 'SIGKILL') {
        throw new Fail(`server was expected to die by SIGKILL but ${server.describeExit()}${server.tail()}`);
    }
    // a sanitizer report before the kill (a handler's memory error) is a failure of its own
    const report = sanitizerReport(server.output);
    if (report) throw new Fail(`the server printed a sanitizer report during the load:\n${report}`);
    st.killMs = killMs;
    st.ackedAtKill = ackedAtKill;
    log(`cycle ${cycle}: ${st.diedOnItsOwn ? `server DIED BY ITSELF (${server.describeExit()})` : 'SIGKILL'} after ` +
        `${killMs} ms; ${st.acked} acknowledged (${ackedAtKill} at that moment), ${st.unknown} unknown ` +
        `(connection errors), statuses ${JSON.stringify(st.statuses)}`);
    if (st.acked < KILL_MIN_ACKED) {
        log(`cycle ${cycle}: WARNING only ${st.acked} writes acknowledged in ${killMs} ms (wanted ${KILL_MIN_ACKED})`);
    }
    return st;
}

// ---------------------------------------------------------------- verification

async function verify(server, cycle) {
    const problems = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: VERIFY_CONCURRENCY });
    try {
        const auth = await login(agent, server.port);
        const headers = { Cookie: auth.cookie };

        // 1. Every crash-* row through the list, paged by next_cursor.
        const rows = [];
        let cursor = null;
        let total = null;
        for (let page = 0; page < 10000; page++) {
            let q = `/api/v1/needs?q=crash-&limit=200`;
            if (cursor) q += `&cursor=${encodeURIComponent(cursor)}`;
            const r = await request(agent, server.port, 'GET', q, { headers });
            if (r.status !== 200) throw new Fail(`GET ${q} answered ${r.status}: ${r.body.slice(0, 300)}`);
            const j = parseJson(r, `GET ${q}`);
            if (!Array.isArray(j.items)) throw new Fail(`GET ${q}: no items array`);
            if (total === null && typeof j.total === 'number') total = j.total;
            for (const it of j.items) if (typeof it.title === 'string' && it.title.startsWith('crash-')) rows.push(it);
            cursor = j.next_cursor;
            if (!cursor) break;
        }
        if (total !== null && total !== rows.length) {
            problems.push(`list total says ${total} but paging returned ${rows.length} crash-* rows`);
        }

        // 2. Every row whole, titles and ids unique, and only titles we sent.
        const byTitle = new Map();
        const ids = new Set();
        let half = 0;
        for (const it of rows) {
            const bad = [];
            if (it.org_id !== 101) bad.push(`org_id=${JSON.stringify(it.org_id)}`);
            if (JSON.stringify(it.fields) !== '["ai"]') bad.push(`fields=${JSON.stringify(it.fields)}`);
            if (it.stage !== 'rnd') bad.push(`stage=${JSON.stringify(it.stage)}`);
            if (it.status !== 'open') bad.push(`status=${JSON.stringify(it.status)}`);
            if (!Number.isSafeInteger(it.id)) bad.push(`id=${JSON.stringify(it.id)}`);
            if (bad.length) {
                half++;
                if (half <= 5) problems.push(`half-written row ${it.id} "${it.title}": ${bad.join(', ')}`);
            }
            if (byTitle.has(it.title)) problems.push(`title "${it.title}" stored more than once (ids ${byTitle.get(it.title).map((x) => x.id).join(', ')}, ${it.id})`);
            if (ids.has(it.id)) problems.push(`id ${it.id} listed twice`);
            if (!byTitle.has(it.title)) byTitle.set(it.title, []);
            byTitle.get(it.title).push(it);
            ids.add(it.id);
            if (!sent.has(it.title)) problems.push(`row ${it.id} has a title this test never sent: "${it.title}"`);
        }
        if (half > 5) problems.push(`... ${half} half-written rows in all`);

        // 3. Every acknowledged write present with its id, through the list and by GET /needs/{id}.
        const lost = [];
        const wrongId = [];
        for (const [title, id] of acked) {
            const same = byTitle.get(title);
            if (!same) lost.push(`${title} (id ${id})`);
            else if (!same.some((row) => row.id === id)) wrongId.push(`${title}: answered id ${id}, stored as id ${same.map((x) => x.id).join(', ')}`);
        }
        const getProblems = [];
        await pool([...acked], VERIFY_CONCURRENCY, async ([title, id]) => {
            const r = await request(agent, server.port, 'GET', `/api/v1/needs/${id}`, { headers });
            if (r.status !== 200) { getProblems.push(`GET /api/v1/needs/${id} (${title}) answered ${r.status}`); return; }
            const j = parseJson(r, `GET /api/v1/needs/${id}`);
            if (j.title !== title) getProblems.push(`GET /api/v1/needs/${id}: title "${j.title}", acknowledged as "${title}"`);
        });
        if (lost.length) problems.push(`${lost.length} ACKNOWLEDGED WRITES LOST, e.g. ${lost.slice(0, 5).join('; ')}`);
        if (wrongId.length) problems.push(`${wrongId.length} acknowledged writes stored under another id, e.g. ${wrongId.slice(0, 5).join('; ')}`);
        if (getProblems.length) problems.push(`${getProblems.length} by-id reads failed, e.g. ${getProblems.slice(0, 5).join('; ')}`);

        // 4. Exactly one "create" audit row for every crash-* row.
        const auditProblems = [];
        await pool(rows, VERIFY_CONCURRENCY, async (it) => {
            const q = `/api/v1/audit?collection=needs&row_id=${it.id}`;
            const r = await request(agent, server.port, 'GET', q, { headers });
            if (r.status !== 200) { auditProblems.push(`GET ${q} answered ${r.status}`); return; }
            const j = parseJson(r, `GET ${q}`);
            const creates = (j.items || []).filter((a) => a.action === 'create' && a.row_id === it.id);
            if (creates.length !== 1) auditProblems.push(`row ${it.id} "${it.title}" has ${creates.length} create audit rows`);
        });
        if (auditProblems.length) problems.push(`${auditProblems.length} audit problems, e.g. ${auditProblems.slice(0, 5).join('; ')}`);

        // 5. A write answered with an error must not have committed.
        const ghosts = [];
        for (const [title, status] of rejected) if (byTitle.has(title)) ghosts.push(`${title} (answered ${status}, stored as id ${byTitle.get(title)[0].id})`);
        if (ghosts.length) problems.push(`${ghosts.length} writes answered with an error exist anyway, e.g. ${ghosts.slice(0, 5).join('; ')}`);

        if (rows.length < acked.size) problems.push(`${rows.length} crash-* rows < ${acked.size} acknowledged`);

        const extra = rows.filter((it) => !acked.has(it.title)).length;
        return { problems, found: acked.size - lost.length - wrongId.length, rows: rows.length, extra };
    } finally {
        agent.destroy();
    }
}

function sqlite(db, sql) {
    const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', timeout: 15000 });
    if (r.error) throw new Fail(`sqlite3 ${JSON.stringify(sql)}: ${r.error.message}`);
    if (r.status !== 0) throw new Fail(`sqlite3 ${JSON.stringify(sql)} exited ${r.status}: ${(r.stderr || '').trim()}`);
    return r.stdout.trim();
}

// ---------------------------------------------------------------- main

async function main() {
    const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
        throw new Fail('the sqlite3 command-line shell is required for PRAGMA integrity_check but was not found ' +
                       `on PATH (${probe.error ? probe.error.message : `exit ${probe.status}`}); install it (apt-get install sqlite3)`);
    }
    if (!fs.existsSync(BIN)) throw new Fail(`bpmc binary not found at ${BIN} (build with make, or set BPMC_BIN)`);

    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpmc-crash-'));
    const db = path.join(tmpDir, 'bpmc.db');
    runSync(['init', '--db', db, '--demo']);
    runSync(['user', 'add', '--db', db, '--email', EMAIL, '--name', 'crash', '--role', 'operator-admin'], `${PASSWORD}\n`);
    log(`binary ${BIN}, database ${db}`);

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const s1 = new Server(db, await freePort());
        await s1.waitReady();
        const load = await loadAndKill(s1, cycle);
        if (load.diedOnItsOwn) failures.push(`cycle ${cycle}: ${load.diedOnItsOwn}`);
        if (load.preKillErrors.length && !load.diedOnItsOwn) {
            failures.push(`cycle ${cycle}: requests failed before the kill (server dropped connections?): ${load.preKillErrors.join('; ')}`);
        }
        if (load.badBodies.length) {
            failures.push(`cycle ${cycle}: ${load.badBodies.length} wrong 201 answers: ${load.badBodies.slice(0, 5).join('; ')}`);
        }
        const non201 = Object.entries(load.statuses).filter(([s]) => s !== '201');
        if (non201.length) warnings.push(`cycle ${cycle}: non-201 answers during load: ${JSON.stringify(Object.fromEntries(non201))}`);

        // Restart on the same database: recovery from the WAL.
        const restartAt = Date.now();
        const s2 = new Server(db, await freePort());
        await s2.waitReady();
        const restartMs = Date.now() - restartAt;
        const v = await verify(s2, cycle);
        const stopProblem = await s2.stop();
        if (stopProblem) {
            (ALLOW_UNCLEAN_STOP && !stopProblem.startsWith('sanitizer:') ? warnings : failures).push(`cycle ${cycle}: ${stopProblem}`);
        }
        const integrity = sqlite(db, 'PRAGMA integrity_check');
        const dbCount = Number(sqlite(db, "SELECT count(*) FROM needs WHERE title LIKE 'crash-%'"));
        const orphanAudit = Number(sqlite(db, "SELECT count(*) FROM audit a WHERE a.collection='needs' AND a.action='create' " +
                                              'AND NOT EXISTS (SELECT 1 FROM needs n WHERE n.id=a.row_id)'));
        if (integrity !== 'ok') v.problems.push(`PRAGMA integrity_check: ${integrity.slice(0, 500)}`);
        if (dbCount !== v.rows) v.problems.push(`sqlite3 counts ${dbCount} crash-* rows, the API listed ${v.rows}`);
        if (orphanAudit) v.problems.push(`${orphanAudit} "create" audit rows point at needs that do not exist`);

        const line = `cycle ${cycle}: acknowledged ${acked.size} (this cycle ${load.acked}), found ${v.found}, ` +
                     `crash-* rows ${v.rows}, extra unacknowledged-but-committed ${v.extra}, ` +
                     `restart ${restartMs} ms, integrity ${integrity}, stop ${stopProblem ? 'UNCLEAN' : 'clean'}`;
        summaries.push(line);
        log(line);
        for (const p of v.problems) failures.push(`cycle ${cycle}: ${p}`);
    }

    console.log('--- summary ---');
    for (const s of summaries) console.log(s);
    console.log(`total ${elapsed()}`);
    for (const w of warnings) console.log(`WARNING: ${w}`);
    if (failures.length) {
        for (const f of failures) console.log(`FAIL: ${f}`);
        return false;
    }
    return true;
}

main().then(
    (ok) => { clearTimeout(watchdog); finish(ok); },
    (e) => {
        clearTimeout(watchdog);
        if (summaries.length) { console.log('--- summary ---'); for (const s of summaries) console.log(s); }
        for (const w of warnings) console.log(`WARNING: ${w}`);
        for (const f of failures) console.log(`FAIL: ${f}`);
        finish(false, e instanceof Fail ? e.message : (e && e.stack) || String(e));
    },
);
