// Commands that live in their own modules register here, so run.ts stays free of their dependencies.
import { registerCommand } from "../run";
import "./baseline";
import "./rules";

// apply pulls in the Azure SDK and identity libraries (a third of a second of every CLI start): loaded when it runs.
registerCommand("apply", async (args, io) => (await import("./apply")).applyCommand(args, io));
// audit pulls in the Resource Graph client the same way: loaded when it runs.
registerCommand("audit", async (args, io) => (await import("./audit")).auditCommand(args, io));
