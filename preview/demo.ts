import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AKS_CLUSTER_TYPE, BASELINES_CONFIG_KEY, clusterToJson, parseCluster, ruleById, type Finding } from "../core";
import { formatFinding, wrap, type Style } from "../cli/format";
import { PolicyPackProcess, type EngineResource, type Diagnostic } from "./policy-client";
import type { ProgramRun, RecordedResource, RecordedState } from "./program-host";

export interface Example {
  readonly id: string;
  readonly dir: string;
  readonly description: string;
}

export interface ExampleResult {
  readonly example: Example;
  readonly run: ProgramRun;
  readonly diagnostics: readonly Diagnostic[];
  readonly verdict: "clean" | "advisory" | "blocked";
}

/** The example programs: every folder of examples/ with a Pulumi.yaml. */
export function listExamples(root: string): Example[] {
  const base = join(root, "examples");
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, "Pulumi.yaml")))
    .map((d) => {
      const yaml = readFileSync(join(base, d.name, "Pulumi.yaml"), "utf8");
      return { id: d.name, dir: join(base, d.name), description: yaml.match(/^description:\s*(.+)$/m)?.[1] ?? d.name };
    })
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
}

/**
 * The stack config the pack is started with: every example's baselines from its current.json (`az aks show` output),
 * stated once under `aks-netguard:baselines` as `aks-netguard baseline` writes it, in PULUMI_CONFIG as the language host
 * passes it.
 */
export function baselinesStackConfig(examples: readonly Example[]): NodeJS.ProcessEnv {
  const baselines: Record<string, unknown> = {};
  for (const example of examples) {
    const file = join(example.dir, "current.json");
    if (!existsSync(file)) continue;
    const clusters = JSON.parse(readFileSync(file, "utf8")) as unknown[];
    clusters.forEach((c, i) => {
      const model = parseCluster(c, `${example.id}/current.json[${i}]`);
      baselines[model.name ?? `${example.id}-cluster-${i}`] = clusterToJson(model);
    });
  }
  return { PULUMI_CONFIG: JSON.stringify({ [BASELINES_CONFIG_KEY]: JSON.stringify(baselines, null, 2) }) };
}

/** Runs the compiled example program in its own process under the mock runtime. */
export function runExampleProgram(root: string, example: Example): Promise<ProgramRun> {
  const program = join(root, "dist", "examples", example.id, "index.js");
  const host = join(root, "dist", "preview", "program-host.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [host, program, join(example.dir, "state.json"), example.id, "dev"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() ?? "") as ProgramRun);
      } catch {
        reject(new Error(`example ${example.id} produced no result: ${err || out}`));
      }
    });
  });
}

const analyzed = (r: RecordedResource): EngineResource => ({
  type: r.type,
  name: r.name,
  urn: r.urn,
  props: r.props,
  protect: r.protect,
  ignoreChanges: r.ignoreChanges,
  parent: r.parent,
});

export async function analyzeExample(
  pack: PolicyPackProcess,
  example: Example,
  run: ProgramRun,
): Promise<ExampleResult> {
  await pack.configureStack({ stack: "dev", project: example.id, dryRun: true });
  await pack.configure({});
  const resources = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map(analyzed);
  const perResource = (await Promise.all(resources.map((r) => pack.analyze(r)))).flatMap((ds, i) =>
    ds.map((d) => ({ ...d, urn: d.urn || (resources[i].urn ?? "") })),
  );
  const stack = await pack.analyzeStack(resources);
  const diagnostics = [...perResource, ...stack];
  const verdict =
    run.error !== undefined || diagnostics.some((d) => d.enforcementLevel === "mandatory")
      ? "blocked"
      : diagnostics.length > 0 || run.warnings.length > 0
        ? "advisory"
        : "clean";
  return { example, run, diagnostics, verdict };
}

function operationOf(
  resource: RecordedResource,
  result: ExampleResult,
  state: RecordedState,
  baselineNames: ReadonlySet<string>,
): string {
  if (
    result.run.error !== undefined ||
    result.diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.urn === resource.urn)
  )
    return "blocked";
  const azureName = String(resource.props.resourceName ?? resource.props.clusterName ?? resource.name);
  const exists =
    state.liveClusters?.[azureName] !== undefined ||
    state.liveClusters?.[resource.name] !== undefined ||
    baselineNames.has(azureName);
  if (resource.type.includes("NetworkMigration"))
    return exists ? (planOf(result.run).length > 0 ? "update (in place)" : "same") : "create";
  if (!exists) return "create";
  return resource.type.endsWith("ManagedCluster") && resource.ignoreChanges.length > 0
    ? "update (network fields ignored)"
    : "same";
}

/**
 * A finding back from its one-line form: the component's `[rule] message Fix: fix` or the pack's
 * `subject: message Fix: fix See <url> [rule]`.
 */
function parseFinding(text: string): Finding {
  const rule =
    text.match(/^\[([a-z0-9-]+)\] /)?.[1] ?? text.match(/\[([a-z0-9-]+)\](?: \(stack-[a-z-]+\))?\s*$/)?.[1] ?? "";
  const body = text.replace(/^\[[a-z0-9-]+\] /, "").replace(/\s*\[[a-z0-9-]+\](?: \(stack-[a-z-]+\))?\s*$/, "");
  const see = body.match(/ See (https:\/\/\S+)$/);
  const withoutSource = see ? body.slice(0, see.index) : body;
  const at = withoutSource.indexOf(" Fix: ");
  return {
    rule,
    severity: "warn",
    message: at < 0 ? withoutSource : withoutSource.slice(0, at),
    fix: at < 0 ? "" : withoutSource.slice(at + " Fix: ".length),
    source: see?.[1] ?? "",
  };
}

/** A preview-like rendering: resources with their operation, the policy verdicts, the migration plan. */
export function renderExample(result: ExampleResult, style: Style, width = 100, verbose = false): string[] {
  const { example, run } = result;
  const state = JSON.parse(readFileSync(join(example.dir, "state.json"), "utf8")) as RecordedState;
  const baselineNames = new Set<string>(
    existsSync(join(example.dir, "current.json"))
      ? (JSON.parse(readFileSync(join(example.dir, "current.json"), "utf8")) as { name: string }[]).map((c) => c.name)
      : [],
  );
  const lines = [style.bold(`Previewing update (dev) — ${example.id}: ${example.description}`), ""];
  const typeWidth = Math.max(...run.resources.map((r) => r.type.length));
  const nameWidth = Math.max(...run.resources.map((r) => r.name.length));
  lines.push(`     ${"Type".padEnd(typeWidth)} ${"Name".padEnd(nameWidth)} Plan`);
  for (const r of run.resources) {
    const op = r.type === "pulumi:pulumi:Stack" ? "" : operationOf(r, result, state, baselineNames);
    const mark =
      op === "blocked"
        ? style.red(" ✗ ")
        : op.startsWith("create")
          ? style.green(" + ")
          : op.startsWith("update")
            ? style.yellow(" ~ ")
            : "   ";
    lines.push(
      `  ${mark}${r.type.padEnd(typeWidth)} ${r.name.padEnd(nameWidth)} ${op === "blocked" ? style.red(op) : op}`.trimEnd(),
    );
  }
  if (run.error !== undefined) {
    lines.push(
      "",
      style.red("  error: the program refused the change before any cloud call:"),
      ...run.error.split("\n").flatMap((l) => wrap(l, width, "    ", "      ")),
    );
  }
  // The component warns of what it judged; the pack's component-transition policy judges the same transition. Each
  // finding is printed once: the pack's copy of a component warning is left out.
  // The component's "[rule] not checked: supply …" warnings are what it could not verify, not findings.
  const notChecked = /^\[([a-z0-9-]+)\] not checked: (.*)$/s;
  const warned = run.warnings.filter((w) => !notChecked.test(w)).map((w) => parseFinding(w));
  const unverified = new Map<string, string[]>();
  for (const w of run.warnings) {
    const [, rule, needs] = notChecked.exec(w) ?? [];
    if (rule !== undefined) unverified.set(rule, [...(unverified.get(rule) ?? []), needs.replace(/^supply /, "")]);
  }
  const warnedRules = new Set(warned.map((w) => w.rule));
  const diagnostics = result.diagnostics
    .map((d) => ({ d, finding: parseFinding(d.message) }))
    .filter(({ d, finding }) => d.enforcementLevel === "mandatory" || !warnedRules.has(finding.rule));
  const sourceOf = new Map(
    result.diagnostics.map((d) => [parseFinding(d.message).rule, parseFinding(d.message).source]),
  );
  if (warned.length > 0 || unverified.size > 0) lines.push("", "  Warnings (the component):");
  // Short by default: each rule's title and its fix; --verbose: the full message and the source.
  const brief = (f: Finding): Finding =>
    verbose ? f : { ...f, message: ruleById(f.rule)?.title ?? f.message, source: "" };
  for (const w of warned) {
    const full = { ...w, source: w.source || (sourceOf.get(w.rule) ?? "") };
    lines.push(...formatFinding(brief(full), { style, width, indent: "    " }));
  }
  if (unverified.size > 0) {
    const tag = style.yellow("NOT CHECKED");
    lines.push(
      ...(verbose
        ? [...unverified].flatMap(([rule, needs]) =>
            wrap(`supply ${needs.join("; ")}`, width, `    ${tag} ${style.bold(rule)}: `, "          "),
          )
        : wrap(
            `${unverified.size} rule${unverified.size === 1 ? "" : "s"} (${[...unverified.keys()].join(", ")}): npm start -- --verbose for what to supply.`,
            width,
            `    ${tag} `,
            "          ",
          )),
    );
  }
  if (diagnostics.length > 0) {
    lines.push("", "  Policies:", `    aks-netguard@v0.1.0 (local: policies)`);
    // What the pack could not check, one line per resource by default (the rules named); each with its needs, verbose.
    const folded = new Map<string, string[]>();
    for (const { d, finding } of diagnostics) {
      const tag =
        d.enforcementLevel === "mandatory" ? style.red("[mandatory]") : style.yellow(`[${d.enforcementLevel}]`);
      const resource = d.urn ? d.urn.split("::").pop() : "stack";
      if (!verbose && d.policyName === "rules-unverified") {
        const key = `${tag}\u0000${resource}`;
        if (!folded.has(key)) {
          folded.set(key, []);
          lines.push(`      - ${tag} ${style.bold(d.policyName)} (${resource})`, "");
        }
        folded.get(key)?.push(/rule ([a-z0-9-]+) was not checked/.exec(finding.message)?.[1] ?? finding.rule);
        continue;
      }
      lines.push(`      - ${tag} ${style.bold(d.policyName)} (${resource})`);
      const shown = brief(finding);
      lines.push(...wrap(shown.message, width, "        "));
      if (shown.fix) lines.push(...wrap(shown.fix, width, `        ${style.dim("fix:")} `, "             "));
      if (shown.source) lines.push(`        ${style.dim("see:")} ${shown.source}`);
    }
    // Each folded entry's placeholder line becomes its rules, once each.
    for (const [key, rules] of folded) {
      const [tag, resource] = key.split("\u0000");
      const at = lines.indexOf(`      - ${tag} ${style.bold("rules-unverified")} (${resource})`);
      const unique = [...new Set(rules)];
      lines.splice(
        at + 1,
        1,
        ...wrap(
          `${unique.length} rule${unique.length === 1 ? "" : "s"} not checked (${unique.join(", ")}); npm start -- --verbose for what to supply.`,
          width,
          "        ",
        ),
      );
    }
  }
  const component = run.resources.find((r) => r.type === AKS_CLUSTER_TYPE);
  if (component !== undefined && run.error === undefined) {
    const plan = planOf(run);
    lines.push(
      "",
      plan.length === 0
        ? "  Migration plan: nothing to do."
        : `  Migration plan (${plan.length} step${plan.length === 1 ? "" : "s"}; this update applies step 1):`,
    );
    plan.forEach((step, i) => lines.push(...wrap(step.title, width, `    ${i + 1}. `), `       $ ${step.azCommand}`));
  }
  const label =
    result.verdict === "blocked"
      ? style.red("BLOCKED")
      : result.verdict === "advisory"
        ? style.yellow("passes with advisories")
        : style.green("passes");
  lines.push("", `  Result: ${label}`, "");
  return lines;
}

/** The plan the component computed, recovered from its registered inputs with the core (the program's own outputs are not recorded). */
function planOf(run: ProgramRun): { title: string; azCommand: string }[] {
  const component = run.resources.find((r) => r.type === AKS_CLUSTER_TYPE);
  if (component === undefined) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a component ran: the component pulls in @pulumi/pulumi
  const { judgeComponent } = require("../components/judge") as typeof import("../components/judge");
  const verdict = judgeComponent(component.name, component.props, component.props.observedNetworkProfile);
  return [...verdict.plan];
}
