import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { optionsOf, registeredCommands } from "../../cli/command";
import { closest } from "../../cli/suggest";
import { REPO_ROOT } from "../support/cli";
import { runInProcess as cli } from "../support/cli-in-process";

const COMMANDS = ["check", "plan", "apply", "baseline", "rules", "audit", "demo"];
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("CLI help, version and did-you-mean (one parseArgs table per command)", () => {
  it("registers every command", () => {
    assert.deepEqual(
      registeredCommands()
        .map((c) => c.name)
        .sort(),
      [...COMMANDS].sort(),
    );
  });

  for (const name of COMMANDS) {
    it(`${name} --help, -h and help ${name} print the same help (usage, every flag, examples, exit codes), exit 0`, async () => {
      const long = await cli([name, "--help"]);
      const short = await cli([name, "-h"]);
      const topic = await cli(["help", name]);
      assert.equal(long.code, 0, long.stderr);
      assert.equal(short.code, 0, short.stderr);
      assert.equal(topic.code, 0, topic.stderr);
      assert.equal(short.stdout, long.stdout);
      assert.equal(topic.stdout, long.stdout);
      assert.equal(long.stderr, "");
      assert.match(long.stdout, new RegExp(`^aks-netguard ${name} — `));
      for (const heading of ["Usage:", "Flags:", "Examples:", "Exit codes:"])
        assert.match(long.stdout, new RegExp(`^${heading}$`, "m"), heading);
      const spec = registeredCommands().find((c) => c.name === name);
      assert.ok(spec);
      for (const flag of Object.keys(optionsOf(spec))) assert.match(long.stdout, new RegExp(`--${flag}\\b`), flag);
    });
  }

  it("--help wins over missing required flags and stray arguments", async () => {
    const r = await cli(["plan", "--help", "extra"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^aks-netguard plan — /);
  });

  it("help lists every command with its summary; --version prints package.json's version", async () => {
    const help = await cli(["help"]);
    assert.equal(help.code, 0);
    for (const name of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${name} +\\S`, "m"), name);
    for (const flag of ["--version", "-V"]) {
      const v = await cli([flag]);
      assert.equal(v.code, 0);
      assert.equal(v.stdout, `${VERSION}\n`);
    }
  });

  it("help of an unknown command suggests the closest, exit 2", async () => {
    const r = await cli(["help", "chekc"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^aks-netguard: unknown command "chekc"; did you mean check\?/);
  });

  it("a one-letter slip in any command's flag suggests that flag", async () => {
    const flags = registeredCommands().flatMap((c) =>
      Object.keys(optionsOf(c))
        .filter((f) => f.length >= 4)
        .map((f) => [c.name, f] as const),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...flags),
        fc.nat(),
        fc.constantFrom("drop", "swap", "double"),
        async ([command, flag], at, slip) => {
          const i = at % (flag.length - 1);
          const typo =
            slip === "drop"
              ? flag.slice(0, i) + flag.slice(i + 1)
              : slip === "swap"
                ? flag.slice(0, i) + flag[i + 1] + flag[i] + flag.slice(i + 2)
                : flag.slice(0, i) + flag[i] + flag.slice(i);
          if (typo === flag) return;
          const r = await cli([command, `--${typo}`]);
          assert.equal(r.code, 2);
          assert.equal(r.stdout, "");
          const spec = registeredCommands().find((c) => c.name === command);
          assert.ok(spec);
          const guess = closest(typo, Object.keys(optionsOf(spec)));
          assert.ok(guess !== undefined, `${typo} suggests nothing`);
          assert.equal(
            r.stderr,
            `aks-netguard ${command}: unknown flag --${typo}; did you mean --${guess}? (see aks-netguard ${command} --help)\n`,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("names a switch given a value, a flag missing its value and a flag given twice", async () => {
    assert.match((await cli(["rules", "--json=yes"])).stderr, /--json takes no value, got "yes"/);
    assert.match((await cli(["plan", "--current"])).stderr, /--current needs a value: --current <file>/);
    assert.match((await cli(["plan", "--current", "--target"])).stderr, /--current needs a value/);
    assert.match((await cli(["plan", "--target", "a", "--target", "b"])).stderr, /--target was given more than once/);
    assert.match((await cli(["demo", "x"])).stderr, /demo takes no arguments, got "x"/);
  });

  it("under --json a usage error is a JSON document on stdout with the schema version, exit 2", async () => {
    const r = await cli(["plan", "--json", "--bogus"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "");
    const parsed = JSON.parse(r.stdout) as {
      schemaVersion: number;
      status: string;
      error: { kind: string; message: string };
    };
    assert.equal(parsed.schemaVersion, 1);
    assert.equal(parsed.status, "error");
    assert.equal(parsed.error.kind, "bad-input");
    assert.match(parsed.error.message, /unknown flag --bogus/);
  });
});
