// What a test server's end says about it: every helper that starts `bpmc serve` (tests/api
// helpers.mjs, tests/e2e/harness.mjs, tests/crash, tests/openapi/lint.mjs) fails the test when
// the server stopped by SIGTERM exits non-zero or by a signal, or printed a sanitizer report
// (AddressSanitizer, LeakSanitizer at exit, UndefinedBehaviorSanitizer's runtime errors: the
// sanitizer tier, BPMC_SANITIZED=1 in scripts/test, runs every tier against build/san/bpmc).

const REPORT = /ERROR: (?:Address|Leak|Memory|Thread)Sanitizer|runtime error: |SUMMARY: \w*Sanitizer/;

/** The sanitizer report in a server's stderr (from its first line, at most 4000 characters), or ''. */
export function sanitizerReport(stderr) {
  const m = REPORT.exec(stderr || '');
  if (!m) return '';
  const from = stderr.lastIndexOf('\n', m.index) + 1;
  return stderr.slice(from, from + 4000);
}

/** What is wrong with the end of a server stopped with SIGTERM ({code, signal} of its exit, its
 * stderr), or '' when it exited 0 without a sanitizer report. */
export function exitProblem({ code, signal } = {}, stderr = '') {
  const problems = [];
  if (signal) problems.push(`the server was killed by ${signal}`);
  else if (code !== 0) problems.push(`the server exited ${code}`);
  const report = sanitizerReport(stderr);
  if (report) problems.push(`the server printed a sanitizer report:\n${report}`);
  if (!problems.length) return '';
  return `${problems.join('; ')}${report ? '' : `\nits stderr ends: ${String(stderr || '').slice(-2000)}`}`;
}
