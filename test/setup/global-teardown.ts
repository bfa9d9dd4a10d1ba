import type { ChildProcess } from 'node:child_process';

/** Stops the stack the global setup started (it stops its engine and database in turn). */
export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __STACK__?: ChildProcess }).__STACK__;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}
