import { PolicyPack } from "@pulumi/policy";
import { watchSecrets } from "./lib/secrets";
import { PACK_NAME, packArgs } from "./pack";

watchSecrets();
new PolicyPack(PACK_NAME, packArgs);
