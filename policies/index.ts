import { PolicyPack } from "@pulumi/policy";
import { watchSecrets } from "./lib/secrets";
import { allPolicies } from "./all";

watchSecrets();
new PolicyPack("aks-netguard", {
  description: "AKS network-profile rules: Azure CNI Overlay and Cilium migrations without breaking or destroying clusters.",
  policies: allPolicies,
});
