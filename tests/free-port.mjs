// A TCP port of 127.0.0.1 free now: the kernel's choice for a listener that is closed at once.
// One definition for the API, browser and crash tests (tests/api/helpers.mjs, tests/e2e/harness.mjs,
// tests/crash/crash.mjs) and the benchmarks that start a server of their own
// (bench/search-cpu.mjs, search-cpu-each.mjs, cache-rss.mjs).
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
