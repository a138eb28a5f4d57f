import { spawn } from "node:child_process";
import { REPO_ROOT } from "./cli";

/**
 * Runs a script in a Node process of its own, with ts-node, from the repository root, and parses what it writes to
 * stdout as JSON: for code that must start with its own environment (NODE_EXTRA_CA_CERTS trusting a test CA, the ARM
 * token and endpoint), as the provider plugin and the dynamic-provider host do.
 */
export function runScript<T>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`script process: ${err || out}`));
      }
    });
  });
}
