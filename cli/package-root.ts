import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The folder of aks-netguard's package.json, whether running from dist/ or from the sources. */
export function packageRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${from}`);
    dir = parent;
  }
  return dir;
}
