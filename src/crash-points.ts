/**
 * Named moments where a crash test kills the process (SIGKILL, as an out-of-memory kill or a pulled
 * plug would): `DEBRIEF_CRASH_AT=<name>` makes the process kill itself there. Unset, it does
 * nothing. Used by the crash tests to cut a request between what it wrote and what it answered.
 */
const at = process.env.DEBRIEF_CRASH_AT;

export function crashPoint(name: string) {
  if (at === name) process.kill(process.pid, 'SIGKILL');
}
