import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./all";

new PolicyPack("aks-netguard", {
  description: "AKS network-profile rules: Azure CNI Overlay and Cilium migrations without breaking or destroying clusters.",
  policies: allPolicies,
});
