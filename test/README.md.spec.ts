import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rulesMarkdown } from "../cli/commands/rules";
import { REPO_ROOT } from "./support/cli";

describe("README", () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

  it("starts with the two commands that work on a fresh clone", () => {
    const firstBlock = readme.slice(readme.indexOf("```sh"), readme.indexOf("```", readme.indexOf("```sh") + 5));
    assert.match(firstBlock, /npm ci && npm start/);
    assert.match(firstBlock, /npm test/);
  });

  it("carries the rules table generated from the catalog (run npm run docs when this fails)", () => {
    const table = readme
      .slice(
        readme.indexOf("<!-- rules:start -->") + "<!-- rules:start -->".length,
        readme.indexOf("<!-- rules:end -->"),
      )
      .trim();
    assert.equal(table, rulesMarkdown());
  });
});
