import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";

/** Debian's `chromium` (CHROMIUM overrides); .ci/run installs it when missing. */
const BINARY = process.env.CHROMIUM ?? "chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function chromium(args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "aks-netguard-chromium-"));
  return new Promise<string>((resolve, reject) => {
    execFile(
      BINARY,
      [...FLAGS, `--user-data-dir=${profile}`, ...args],
      { timeout: 180_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        rmSync(profile, { recursive: true, force: true });
        if (error)
          reject(
            new Error(
              `${BINARY} failed (${(error as NodeJS.ErrnoException).code ?? error.message}); install Debian's chromium package: ${stderr.slice(-500)}`,
            ),
          );
        else resolve(stdout);
      },
    );
  });
}

/** The page's DOM after its scripts ran, as headless Chromium serializes it; `hash` goes at the end of its address. */
export function dumpDom(file: string, hash = ""): Promise<string> {
  return chromium(["--virtual-time-budget=10000", "--dump-dom", `file://${file}${hash}`]);
}

/** A PNG screenshot of the page at the given size. */
export async function screenshot(file: string, out: string, width = 1280, height = 1000): Promise<Buffer> {
  await chromium([
    `--window-size=${width},${height}`,
    "--virtual-time-budget=10000",
    `--screenshot=${out}`,
    `file://${file}`,
  ]);
  return readFileSync(out);
}

/** How many distinct RGB colours an 8-bit RGB/RGBA PNG holds (its IDAT inflated and unfiltered). */
export function distinctColours(png: Buffer): number {
  if (png.subarray(1, 4).toString() !== "PNG") throw new Error("not a PNG");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString();
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8) throw new Error(`bit depth ${data[8]} not supported`);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (channels === 0) throw new Error(`colour type ${data[9]} not supported`);
    } else if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const previous = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  const colours = new Set<number>();
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? line[x - channels] : 0;
      const up = previous[x];
      const upLeft = x >= channels ? previous[x - channels] : 0;
      const predictor =
        filter === 1
          ? left
          : filter === 2
            ? up
            : filter === 3
              ? (left + up) >> 1
              : filter === 4
                ? paeth(left, up, upLeft)
                : 0;
      line[x] = (row[x] + predictor) & 0xff;
    }
    for (let x = 0; x < stride; x += channels) colours.add((line[x] << 16) | (line[x + 1] << 8) | line[x + 2]);
    line.copy(previous);
  }
  return colours.size;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
