/**
 * aks-netguard's provider plugin: the entry point package.json's `main` names, which the Node language host's
 * run-plugin loads (`node <pluginDir>/node_modules/@pulumi/pulumi/cmd/run-plugin <pluginDir> <engine address>`).
 * A program that imports the package gets the library (package.json `exports`) and never this file, so it never
 * starts a server.
 */
import { main } from "@pulumi/pulumi/provider/server";
import { PACKAGE_VERSION } from "../components/package-info";
import { AksNetguardProvider } from "./provider";
import { shippedSchemaText } from "./schema";

// run-plugin installs source-map hooks for TypeScript programs run from source; this plugin is compiled JavaScript, and
// with the hooks every stack Pulumi captures (one per promise and per resource) is mapped through source maps, 0.2-0.4 s
// of a first Construct's 2.2 s of CPU. Stacks show the compiled files' positions instead.
Reflect.deleteProperty(Error, "prepareStackTrace");
let schema: string | undefined;
void main(new AksNetguardProvider(PACKAGE_VERSION, () => (schema ??= shippedSchemaText())), process.argv.slice(2));
