import { strict as assert } from "node:assert";
import fc from "fast-check";
import { FieldReader, UnknownValueError } from "../../core/reader";

const UNKNOWN_MARKER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** ASCII field names, no two equal but for case (as every shape the readers take spells them). */
const fieldNames = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), {
  selector: (name) => name.toLowerCase(),
  maxLength: 12,
});

/** The name with each letter's case flipped or kept, as `flips` says. */
const recased = (name: string, flips: readonly boolean[]) =>
  [...name].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join("");

describe("FieldReader: fields in any case", () => {
  it("reads every field by any spelling of its name, and nothing for a name the object does not have (fast-check)", () => {
    fc.assert(
      fc.property(
        fieldNames,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/),
        (names, flips, other) => {
          const obj = Object.fromEntries(names.map((name, i) => [name, i]));
          const reader = new FieldReader(obj, "cluster", new Set());
          for (const [i, name] of names.entries()) assert.equal(reader.raw(recased(name, flips)), i);
          const absent = !names.some((name) => name.toLowerCase() === other.toLowerCase());
          if (absent) assert.equal(reader.raw(other), undefined);
        },
      ),
    );
  });

  it("prefers the name as spelled when an object has it twice in different case", () => {
    const reader = new FieldReader({ podCidr: "10.244.0.0/16", PodCidr: "192.168.0.0/16" }, "", new Set());
    assert.equal(reader.raw("podCidr"), "10.244.0.0/16");
    assert.equal(reader.raw("PodCidr"), "192.168.0.0/16");
  });

  it("does not read inherited properties as fields", () => {
    const reader = new FieldReader(Object.create({ networkPlugin: "azure" }) as Record<string, unknown>, "", new Set());
    assert.equal(reader.raw("networkPlugin"), undefined);
    assert.equal(reader.raw("networkplugin"), undefined);
  });
});

describe("FieldReader: values the engine does not know yet", () => {
  it("names the field of an unknown value, nested or in a list, when unknowns are collected", () => {
    const unknowns: string[] = [];
    const reader = new FieldReader(
      { networkProfile: { podCidr: UNKNOWN_MARKER }, tags: ["a", UNKNOWN_MARKER] },
      "cluster",
      new Set(),
      unknowns,
    );
    assert.equal(reader.object("networkProfile")?.string("podCidr"), undefined);
    assert.deepEqual(reader.array("tags"), ["a"]);
    assert.deepEqual(unknowns, ["cluster.networkProfile.podCidr", "cluster.tags[1]"]);
  });

  it("throws an UnknownValueError naming the field when unknowns are not collected", () => {
    const reader = new FieldReader({ networkProfile: UNKNOWN_MARKER }, "cluster", new Set());
    assert.throws(
      () => reader.object("networkProfile"),
      (error: unknown) => error instanceof UnknownValueError && error.field === "cluster.networkProfile",
    );
  });
});
