import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "./cli";

/** What the plugin's compiled code is made of: the library entry and the folders it loads. */
const SOURCES = ["index.ts", "core", "components", "arm", "plugin", "cli"];

/**
 * aks-netguard as `pulumi package add` leaves it in its plugin directory: this checkout's package.json,
 * PulumiPlugin.yaml and schema.json, today's sources compiled to JavaScript under dist/ (never a stale build), and
 * its dependencies (node_modules) from this checkout.
 */
export function compiledPluginDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-plugin-"));
  for (const file of ["package.json", "PulumiPlugin.yaml", "schema.json"])
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  for (const source of SOURCES) {
    for (const file of typeScriptFiles(join(REPO_ROOT, source))) {
      const output = ts.transpileModule(readFileSync(file, "utf8"), {
        fileName: file,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
      });
      const out = join(dir, "dist", relative(REPO_ROOT, file)).replace(/\.ts$/, ".js");
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, output.outputText);
    }
  }
  return dir;
}

function typeScriptFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => {
    const child = join(path, name);
    if (statSync(child).isDirectory()) return typeScriptFiles(child);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [child] : [];
  });
}

/** A Python program's folder: no node_modules, no package.json — where the engine starts the plugin. */
export function consumerFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "aks-netguard-python-program-"));
  writeFileSync(join(dir, "__main__.py"), "import pulumi_aks_netguard\n");
  return dir;
}
