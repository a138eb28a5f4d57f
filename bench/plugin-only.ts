import { packageRoot } from "../cli/package-root";
import { benchPlugin } from "./parts/plugin";

/**
 * `npm run bench:plugin`: part 8 alone (the provider plugin's start and first Construct, with its floors in the same
 * rounds), printed and not written to bench/results.*; `BENCH_ROUNDS` sets the rounds (5).
 */
async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(
      `BENCH_ROUNDS must be a whole number of rounds, at least 1 (got ${JSON.stringify(process.env.BENCH_ROUNDS)})`,
    );
  console.log(JSON.stringify(await benchPlugin(packageRoot(__dirname), rounds), null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
