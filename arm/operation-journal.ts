import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * How a run recognises an operation it started itself after an interrupt: when ARM accepts a step's PUT, the step and
 * its status URL are written here, keyed by cluster id; when the operation's end is seen, the entry goes. A later run
 * that finds the cluster Updating with exactly the network values of an entry follows that operation instead of writing
 * again. The journal only sharpens the report: without it (another machine, a wiped disk) the cluster's Updating state
 * and If-Match still keep a second run from writing, it just waits for "another" operation.
 */
export interface JournalEntry {
  readonly clusterId: string;
  readonly stepTitle: string;
  /** networkKey of the step's target state: the goal state ARM shows while it runs. */
  readonly network: string;
  readonly operationUrl?: string;
  readonly acceptedAt: string;
}

export interface OperationJournal {
  read(clusterId: string): JournalEntry | undefined;
  write(entry: JournalEntry): void;
  clear(clusterId: string): void;
}

const STATE_DIR_ENV = "AKS_NETGUARD_STATE_DIR";

/** AKS_NETGUARD_STATE_DIR, else $XDG_STATE_HOME/aks-netguard, else ~/.local/state/aks-netguard. */
export function stateDirFrom(env: NodeJS.ProcessEnv): string {
  const explicit = env[STATE_DIR_ENV]?.trim();
  if (explicit) return explicit;
  const xdg = env.XDG_STATE_HOME?.trim();
  return join(xdg || join(homedir(), ".local", "state"), "aks-netguard");
}

/** One small JSON file per cluster under `dir`/operations; unreadable entries count as absent. */
export function fileJournal(dir: string): OperationJournal {
  const folder = join(dir, "operations");
  const fileOf = (clusterId: string) =>
    join(folder, `${createHash("sha256").update(clusterId.toLowerCase()).digest("hex").slice(0, 32)}.json`);
  return {
    read(clusterId) {
      try {
        const entry = JSON.parse(readFileSync(fileOf(clusterId), "utf8")) as JournalEntry;
        return entry.clusterId?.toLowerCase() === clusterId.toLowerCase() ? entry : undefined;
      } catch {
        return undefined;
      }
    },
    write(entry) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = fileOf(entry.clusterId);
      writeFileSync(`${file}.tmp`, JSON.stringify(entry, null, 2), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
    clear(clusterId) {
      rmSync(fileOf(clusterId), { force: true });
    },
  };
}

/** In memory (tests, or a caller that keeps its own record). */
export function memoryJournal(): OperationJournal & { readonly entries: Map<string, JournalEntry> } {
  const entries = new Map<string, JournalEntry>();
  return {
    entries,
    read: (clusterId) => entries.get(clusterId.toLowerCase()),
    write: (entry) => void entries.set(entry.clusterId.toLowerCase(), entry),
    clear: (clusterId) => void entries.delete(clusterId.toLowerCase()),
  };
}
