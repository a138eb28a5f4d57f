import * as grpc from "@grpc/grpc-js";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeRequest, analyzeStackRequest, type EngineResource } from "../../engine/analyzer-protocol";

/**
 * Requests encoded before the clock starts, as the engine (written in Go) hands them over: what is timed is the pack
 * process decoding, judging and answering, not this Node client building protobuf messages.
 */
export const encodeAnalyze = (resource: EngineResource): Buffer =>
  Buffer.from(analyzeRequest(resource).serializeBinary());
export const encodeAnalyzeStack = (resources: readonly EngineResource[]): Buffer =>
  Buffer.from(analyzeStackRequest(resources).serializeBinary());

/** The Analyzer service of a served pack, spoken to with bytes already encoded. */
export class PreEncodedAnalyzer {
  private readonly client: grpc.Client;

  constructor(port: number) {
    this.client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  analyze(request: Buffer): Promise<analyzer.AnalyzeResponse> {
    return this.call("Analyze", request);
  }

  analyzeStack(request: Buffer): Promise<analyzer.AnalyzeResponse> {
    return this.call("AnalyzeStack", request);
  }

  close(): void {
    this.client.close();
  }

  private call(method: "Analyze" | "AnalyzeStack", request: Buffer): Promise<analyzer.AnalyzeResponse> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        `/pulumirpc.Analyzer/${method}`,
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => analyzer.AnalyzeResponse.deserializeBinary(bytes),
        request,
        { deadline: Date.now() + 120_000 },
        (error, response) =>
          error || response === undefined
            ? reject(error ?? new Error(`${method} returned nothing`))
            : resolve(response),
      );
    });
  }
}
