/**
 * A one-line progress bar on a terminal (redrawn in place); elsewhere (CI logs, pipes) one line when a
 * step completes.
 */
export interface Progress {
  update(label: string, done: number, total: number): void;
  finish(label: string, summary: string): void;
}

const BAR_WIDTH = 24;

export function createProgress(stream: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean }): Progress {
  const interactive = stream.isTTY === true;
  return {
    update(label, done, total) {
      if (!interactive) return;
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      stream.write(
        `\r\x1b[2K  ${label.padEnd(28)} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${done}/${total}`,
      );
    },
    finish(label, summary) {
      stream.write(`${interactive ? "\r\x1b[2K" : ""}  ${label.padEnd(28)} ${summary}\n`);
    },
  };
}
