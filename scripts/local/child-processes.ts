import type { ChildProcess } from "node:child_process";

/** Child processes to kill if this process exits without stopping them (a crash, process.exit). */
const children = new Set<ChildProcess>();
let hooked = false;

/** Registers `child` for the exit-time kill; returns the function that unregisters it. */
export function killOnExit(child: ChildProcess): () => void {
  if (!hooked) {
    hooked = true;
    process.once("exit", () => {
      for (const running of children) running.kill("SIGKILL");
    });
  }
  children.add(child);
  return () => children.delete(child);
}

const STOP_GRACE_MS = 5000;

/** SIGTERM, then SIGKILL if the child has not exited within STOP_GRACE_MS; resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
