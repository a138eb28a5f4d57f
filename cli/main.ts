#!/usr/bin/env node
import { createInterface } from "node:readline/promises";
import { run } from "./run";

const isTTY = process.stdout.isTTY === true;
run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  isTTY,
  columns: isTTY ? process.stdout.columns : undefined,
  confirm: process.stdin.isTTY
    ? async (question) => {
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
        } finally {
          rl.close();
        }
      }
    : undefined,
}).then((code) => {
  process.exitCode = code;
});
