// bench/wrk.mjs: one wrk run and what the benches read of its output.
import { spawn } from 'node:child_process';

/** wrk against url for seconds: {rps, bad (non-2xx/3xx and socket errors), p99 ms}. */
export function wrk(url, conns, seconds, script) {
  const args = [`-t${Math.min(2, conns)}`, `-c${conns}`, `-d${seconds}s`, '--latency', ...(script ? ['-s', script] : []), url];
  return new Promise((resolve) => {
    const p = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', () => {
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] || 0);
      const non = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] || 0);
      const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
      const ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 1e-3 : p99[2] === 's' ? 1e3 : 1) : NaN;
      resolve({ rps, bad: non + (sock ? sock.slice(1).reduce((a, x) => a + Number(x), 0) : 0), p99: ms });
    });
  });
}
