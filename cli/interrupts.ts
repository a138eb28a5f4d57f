/** Where an apply run stands, kept current from the executor's events. */
export interface RunPosition {
  phase: "reading" | "writing" | "running" | "between-steps" | "following" | "waiting";
  index?: number;
  total?: number;
  title?: string;
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** What an interrupt leaves behind, in one line. */
export function interruptNotice(signal: keyof typeof EXIT_CODES, position: RunPosition): string {
  const step =
    position.index === undefined ? "the step" : `step ${position.index}/${position.total} (${position.title})`;
  const where = {
    reading: "nothing was being written.",
    "between-steps": "the steps reported done are applied; nothing else was being written.",
    writing: `${step} was being written: ARM may have accepted it. Run the same command again: it reads the cluster and follows the operation if there is one.`,
    running: `${step} is running in Azure; it continues without this process. Run the same command to follow it.`,
    following: `the operation for "${position.title}" is running in Azure; it continues without this process. Run the same command to follow it.`,
    waiting: "an operation this tool did not start is running on the cluster; nothing was written by this run.",
  }[position.phase];
  return `interrupted (${signal}); ${where}`;
}

/**
 * Until the returned function is called, SIGINT and SIGTERM print where the run stands and end the process with
 * 130 / 143 (128 + the signal's number, as shells report it).
 */
export function onInterrupt(notify: (signal: keyof typeof EXIT_CODES) => void): () => void {
  const handlers = (Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]).map((signal) => {
    const handler = () => {
      notify(signal);
      process.exit(EXIT_CODES[signal]);
    };
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}
