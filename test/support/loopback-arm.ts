import { strict as assert } from "node:assert";
import { Agent } from "node:https";
import { credentialFrom } from "../../arm/credentials";
import type { ExecutorOptions } from "../../arm/executor";
import { FakeArm, throwawayCertificate } from "./arm-server";

type Tls = { key: string; cert: string };

/** The suite's loopback ARM, as the hooks of `withFakeArm` leave it for each test. */
export interface LoopbackArm {
  /** A fresh FakeArm for each test, started on 127.0.0.1. */
  readonly arm: FakeArm;
  /** An HTTPS agent that trusts the throwaway CA (and nothing else). */
  readonly agent: Agent;
  /** The throwaway certificate; `cert` doubles as the CA. */
  readonly tls: Tls;
  /** The bearer token the FakeArm takes. */
  readonly token: string;
}

/**
 * Registers the hooks of a suite against a loopback ARM: one throwaway certificate for the suite (`trusted` sees it,
 * e.g. to write a CA file), a FakeArm taking `token` started before each test (`seeded` may put clusters in it), and
 * stopped after it (`checked` then asserts what must hold of every test's requests). Read the fields in hooks and tests.
 */
export function withFakeArm(
  token: string,
  hooks: {
    readonly trusted?: (tls: Tls) => void;
    readonly seeded?: (arm: FakeArm) => void | Promise<void>;
    readonly checked?: (arm: FakeArm) => void;
  } = {},
): LoopbackArm {
  let tls: Tls | undefined;
  let agent: Agent | undefined;
  let arm: FakeArm | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the loopback ARM's ${what} is read before its hook ran`);
    return value;
  };
  before(async () => {
    tls = await throwawayCertificate();
    agent = new Agent({ ca: tls.cert });
    hooks.trusted?.(tls);
  });
  beforeEach(async () => {
    arm = new FakeArm(token);
    await arm.start(ready(tls, "certificate"));
    await hooks.seeded?.(arm);
  });
  afterEach(async () => {
    const stopped = ready(arm, "server");
    await stopped.stop();
    hooks.checked?.(stopped);
  });
  return {
    get arm() {
      return ready(arm, "server");
    },
    get agent() {
      return ready(agent, "agent");
    },
    get tls() {
      return ready(tls, "certificate");
    },
    token,
  };
}

/** A `checked` hook: whatever a test did, it sent no DELETE. */
export function nothingDeleted(arm: FakeArm): void {
  assert.ok(
    arm.requests.every((r) => r.method !== "DELETE"),
    "nothing is ever deleted",
  );
}

type Connection = Pick<
  ExecutorOptions,
  "credential" | "endpoint" | "httpsAgent" | "pollIntervalMs" | "conflictDelayMs" | "retry"
>;

/** The executor's way to the loopback ARM: its token, endpoint and CA, polling and backing off within milliseconds. */
export function executorConnection(loopback: LoopbackArm, retry: NonNullable<ExecutorOptions["retry"]>): Connection {
  return {
    credential: credentialFrom({ AKS_NETGUARD_ARM_TOKEN: loopback.token }),
    endpoint: loopback.arm.endpoint,
    httpsAgent: loopback.agent,
    pollIntervalMs: 5,
    conflictDelayMs: 5,
    retry,
  };
}
