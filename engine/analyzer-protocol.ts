/**
 * The engine's side of the analyzer protocol (pulumi/proto/analyzer.proto) as plain data: the requests the engine sends a
 * policy pack for a resource or a stack, and the diagnostics it reads back. The offline preview's pack client and the
 * tests' served-pack harness both speak it through these.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

/** What the engine sends for one resource (AnalyzeRequest / AnalyzerResource). */
export interface EngineResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly props: Record<string, unknown>;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly ignoreChanges?: readonly string[];
  readonly dependencies?: readonly string[];
}

export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly description: string;
  readonly message: string;
  readonly urn: string;
}

export interface AnalyzeResult {
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: { policyName: string; reason: string }[];
}

/** The engine's enforcement level codes by name, and back. */
export const LEVEL_NAMES: Record<number, EnforcementLevel> = {
  [analyzer.EnforcementLevel.ADVISORY]: "advisory",
  [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzer.EnforcementLevel.DISABLED]: "disabled",
  [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};
export const LEVEL_CODES: Record<EnforcementLevel, analyzer.EnforcementLevel> = {
  advisory: analyzer.EnforcementLevel.ADVISORY,
  mandatory: analyzer.EnforcementLevel.MANDATORY,
  disabled: analyzer.EnforcementLevel.DISABLED,
  remediate: analyzer.EnforcementLevel.REMEDIATE,
};

export const urnOf = (type: string, name: string, stack = "dev", project = "proj") =>
  `urn:pulumi:${stack}::${project}::${type}::${name}`;

/** The engine never sends undefined: a property that is not set is absent. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}

export const structOf = (value: Record<string, unknown>) => Struct.fromJavaScript(withoutUndefined(value) as never);

function optionsOf(resource: EngineResource): analyzer.AnalyzerResourceOptions {
  const options = new analyzer.AnalyzerResourceOptions();
  options.setProtect(resource.protect ?? false).setIgnorechangesList([...(resource.ignoreChanges ?? [])]);
  options.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
  if (resource.parent !== undefined) options.setParent(resource.parent);
  return options;
}

export function analyzeRequest(resource: EngineResource): analyzer.AnalyzeRequest {
  const request = new analyzer.AnalyzeRequest();
  request
    .setType(resource.type)
    .setName(resource.name)
    .setUrn(resource.urn ?? urnOf(resource.type, resource.name));
  request.setProperties(structOf(resource.props)).setOptions(optionsOf(resource));
  return request;
}

export function analyzeStackRequest(resources: readonly EngineResource[]): analyzer.AnalyzeStackRequest {
  const request = new analyzer.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((r) => {
      const resource = new analyzer.AnalyzerResource();
      resource
        .setType(r.type)
        .setName(r.name)
        .setUrn(r.urn ?? urnOf(r.type, r.name))
        .setProperties(structOf(r.props))
        .setOptions(optionsOf(r));
      resource.setDependenciesList([...(r.dependencies ?? [])]);
      if (r.parent !== undefined) resource.setParent(r.parent);
      return resource;
    }),
  );
  return request;
}

export function analyzeResultOf(response: analyzer.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
      description: d.getDescription(),
      message: d.getMessage(),
      urn: d.getUrn(),
    })),
    notApplicable: response
      .getNotApplicableList()
      .map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}
