import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import * as deserialize from "@pulumi/policy/deserialize";
import { isSecretWrapper, isUnknownMarker } from "../../core";
import { PROXY_TARGET_KEY } from "../../policies/lib/engine-constants";
import { rawProps } from "../../policies/lib/cluster-analysis";
import { reportAt } from "../../policies/lib/report";
import { redactSecrets, watchSecrets } from "../../policies/lib/secrets";
import { proxy, UNKNOWN_SENTINELS } from "../fuzz/generators";

const serverSource = () => readFileSync(require.resolve("@pulumi/policy/server"), "utf8");

// The pack leans on SDK behaviour its typings do not promise; each test here fails on an SDK release that changes it.
describe("SDK seams: the engine constants and undocumented SDK behaviour the pack and the core rely on", () => {
  it("the core's secret encoding is the SDK's (specialSigKey, specialSecretSig)", () => {
    assert.equal(isSecretWrapper({ [specialSigKey]: specialSecretSig, value: "x" }), true);
    assert.equal(isSecretWrapper({ [specialSigKey]: "another signature", value: "x" }), false);
  });

  it("the core's unknown markers are the engine's unknownValue and every sentinel @pulumi/policy deserializes to", () => {
    assert.equal(isUnknownMarker(unknownValue), true);
    for (const name of UNKNOWN_SENTINELS) {
      assert.equal(typeof proxy[name], "string", `@pulumi/policy/proxy no longer exports ${name}`);
      assert.equal(isUnknownMarker(proxy[name]), true, `${name} (${proxy[name]}) is not recognized by the core`);
    }
    assert.equal(isUnknownMarker("04da6b54-0000-0000-0000-000000000000"), false);
  });

  it("the unknown-checking proxy hands back the object it wraps under PROXY_TARGET_KEY, which rawProps reads", () => {
    const { unknownCheckingProxy } = proxy as unknown as { unknownCheckingProxy: (o: object) => object };
    const target = { networkProfile: { networkPlugin: proxy.unknownStringValue } };
    assert.equal(typeof PROXY_TARGET_KEY, "string");
    assert.equal(rawProps(unknownCheckingProxy(target) as Record<string, unknown>), target);
  });

  it("reportViolation takes the object form: the message as written, the level given, no description prefix", () => {
    // The server keeps its factory private: what the pack relies on is its object branch, read from its source.
    const server = serverSource();
    assert.match(server, /typeof message === "object"/, "reportViolation no longer takes an object");
    assert.match(server, /message: policyInfo\.message \|\|/, "the object form no longer keeps the message as written");
    assert.match(server, /enforcementLevel: policyInfo\.enforcementLevel \|\| enforcementLevel/);
    const sent: unknown[] = [];
    reportAt((v: unknown) => sent.push(v), "advisory", "pod CIDR s3cr3t overlaps", "urn:x");
    reportAt((v: unknown) => sent.push(v), undefined, "at the policy's level");
    assert.deepEqual(sent, [
      { message: "pod CIDR s3cr3t overlaps", urn: "urn:x", enforcementLevel: "advisory" },
      { message: "at the policy's level", urn: undefined },
    ]);
  });

  it("the deserializer the secret patch wraps is a replaceable export the server calls through the module", () => {
    const module = deserialize as unknown as Record<string, unknown>;
    assert.equal(typeof module.deserializeProperties, "function");
    const descriptor = Object.getOwnPropertyDescriptor(module, "deserializeProperties");
    assert.ok(descriptor?.writable || descriptor?.set, "deserializeProperties can no longer be replaced");
    assert.match(
      serverSource(),
      /deserialize_1\.deserializeProperties\(/,
      "the server no longer calls it through the module",
    );
  });

  it("once the patch is installed, a secret the SDK deserializes is redacted from every message afterwards", () => {
    const text = "sdk-seams-secret-10.9.0.0/16";
    watchSecrets();
    (deserialize as unknown as { deserializeProperties: (s: unknown, p?: boolean) => unknown }).deserializeProperties(
      Struct.fromJavaScript({ podCidr: { [specialSigKey]: specialSecretSig, value: text } }),
      false,
    );
    assert.equal(redactSecrets(`pod CIDR ${text} overlaps`), "pod CIDR [secret] overlaps");
  });
});
