import type { PolicyPackArgs } from "@pulumi/policy";
import { allPolicies } from "./all";

/** The pack's name as the engine and Pulumi Cloud show it. */
export const PACK_NAME = "aks-netguard";

/** What index.ts serves; tests serve the same arguments in-process. */
export const packArgs: PolicyPackArgs = {
  description:
    "AKS network-profile rules: Azure CNI Overlay and Cilium migrations without breaking or destroying clusters.",
  policies: allPolicies,
};
