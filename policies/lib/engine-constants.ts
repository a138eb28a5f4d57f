import * as proxy from "@pulumi/policy/proxy";

/** The engine's wire encoding of a secret (`{ [SECRET_SIG_KEY]: SECRET_SIG, value }`), as the SDK spells it. */
export { specialSigKey as SECRET_SIG_KEY, specialSecretSig as SECRET_SIG } from "@pulumi/pulumi/runtime/rpc";

/**
 * The property @pulumi/policy's unknown-checking proxy answers with the object it wraps. proxy.js exports it, but its
 * typings declare nothing.
 */
export const PROXY_TARGET_KEY: string = (proxy as unknown as { getSpecialProxyTarget: string }).getSpecialProxyTarget;
