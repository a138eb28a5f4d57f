import { join } from "node:path";
import { checkCommand } from "./check";
import { ExitCode, type CliIO } from "../io";
import { packageRoot } from "../package-root";

/** The preflight of the bundled sample: kubenet + Calico, to be moved to Azure CNI Overlay + Cilium. */
export async function demoCommand(io: CliIO): Promise<number> {
  const caseFile = join(packageRoot(), "examples", "preflight", "kubenet-calico-to-overlay-cilium.json");
  io.out(`aks-netguard preflight of the bundled sample (${caseFile.replace(packageRoot() + "/", "")}):\n`);
  const code = await checkCommand({ positionals: [caseFile], json: false }, io);
  // The sample is blocked as one update by design; the demo succeeds when the plan is printed.
  return code === ExitCode.BadInput ? code : ExitCode.Allowed;
}
