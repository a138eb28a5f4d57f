import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../cli/package-root";

/** The package's version: the plugin reports it, and the component's custom resources ask for the provider of it. */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(packageRoot(__dirname), "package.json"), "utf8")) as { version: string }
).version;
