import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { packageRoot } from "../cli/package-root";
import { SCHEMA_FILE, type PackageSchema } from "./schema";

/**
 * The schema the Node language host's run-plugin would infer from this package at every start: the same
 * ComponentProvider over the components the library entry exports, its TypeScript analysis reading the package's
 * tsconfig.json and sources. About 5 s, so it runs at build time only (`npm run build` writes schema.json).
 */
export async function inferSchema(root = packageRoot(__dirname)): Promise<PackageSchema> {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string };
  // The library entry (package.json `exports`), not the plugin entry `main` names.
  const library = (await import(join(root, "dist", "index.js"))) as Record<string, unknown>;
  const provider = new ComponentProvider({
    name: manifest.name,
    dirname: root,
    components: getPulumiComponents(library),
  });
  return JSON.parse(await provider.getSchema()) as PackageSchema;
}

/** `node dist/plugin/infer-schema.js`: writes the shipped schema.json. */
async function writeShippedSchema(): Promise<void> {
  const root = packageRoot(__dirname);
  writeFileSync(join(root, SCHEMA_FILE), `${JSON.stringify(await inferSchema(root), null, 2)}\n`);
}

if (require.main === module) {
  writeShippedSchema().catch((error: unknown) => {
    console.error(`schema.json: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
