import fc from "fast-check";
import { eachBounded } from "../../../cli/audit/live-facts";

describe("audit --deep: live facts, bounded", function () {
  this.timeout(60_000);
  it("eachBounded runs every item once and never more than the limit at a time (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 10 }), async (count, limit) => {
        let inFlight = 0;
        let most = 0;
        const seen: number[] = [];
        let reported = 0;
        await eachBounded(
          Array.from({ length: count }, (_, i) => i),
          limit,
          async (item) => {
            inFlight++;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setImmediate(resolve));
            seen.push(item);
            inFlight--;
          },
          (done) => (reported = done),
        );
        return most <= limit && seen.length === count && new Set(seen).size === count && reported === count;
      }),
      { numRuns: 50 },
    );
  });
});
