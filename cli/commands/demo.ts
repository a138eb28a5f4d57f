import { join, relative } from "node:path";
import { type ParsedCommand, registerCommand } from "../command";
import { ExitCode, type CliIO } from "../io";
import { packageRoot } from "../package-root";
import { checkCommand } from "./check";

/** The bundled sample case, shipped in the package: kubenet + Calico, to be moved to Azure CNI Overlay + Cilium. */
const DEMO_CASE = join("examples", "preflight", "kubenet-calico-to-overlay-cilium.json");

/** The preflight of the bundled sample. */
async function demoCommand({ values }: ParsedCommand, io: CliIO): Promise<number> {
  const root = packageRoot();
  const caseFile = join(root, DEMO_CASE);
  if (values.json !== true) io.out(`aks-netguard preflight of the bundled sample (${relative(root, caseFile)}):\n`);
  const code = await checkCommand({ values, positionals: [caseFile] }, io);
  // The sample is blocked as one update by design; the demo succeeds when the plan is printed.
  return code === ExitCode.BadInput ? code : ExitCode.Allowed;
}

registerCommand({
  name: "demo",
  summary: "the preflight of a bundled sample: kubenet + Calico to Azure CNI Overlay + Cilium",
  usage: ["demo [--json] [--verbose]"],
  description: [
    "Runs check on the case file shipped with the package (current cluster, desired profile, context), which is",
    "blocked as one update and reachable in three steps. Copy it, or current.json and target.json beside it, to start.",
  ].join("\n"),
  options: {
    json: { type: "boolean", description: "print the check's JSON report" },
    verbose: { type: "boolean", short: "v", description: "also print each finding's field and each step's changes" },
  },
  examples: ["aks-netguard demo", "aks-netguard check --current current.json --desired target.json"],
  exitCodes: ["0  the sample's verdict and plan were printed", "2  the sample could not be read"],
  run: demoCommand,
});
