// `npm run fuzz [-- <requests> [<seed>]]`: the gRPC fuzz against the served pack, for longer than CI runs it.
import { join } from "node:path";
import { PolicyPackProcess } from "../../preview/policy-client";
import { fuzzServedPack } from "./grpc-fuzz";

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
  const started = Date.now();
  const pack = await PolicyPackProcess.start(join(__dirname, "..", "..", "policies"));
  try {
    await pack.configureStack({ stack: "fuzz", project: "proj" });
    const report = await fuzzServedPack(pack, count, seed);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      JSON.stringify(
        { seed, seconds, ...report, problems: report.problems.slice(0, 20), problemCount: report.problems.length },
        null,
        2,
      ),
    );
    process.exitCode = report.problems.length === 0 ? 0 : 1;
  } finally {
    await pack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
