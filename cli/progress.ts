import type { CliIO } from "./io";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Progress lines: a spinner rewriting one line on a terminal, plain lines (only when the text changes) otherwise. */
export class Progress {
  private frame = 0;
  private last?: string;

  constructor(private readonly io: CliIO, private readonly enabled: boolean) {}

  update(text: string | undefined): void {
    if (!this.enabled || text === undefined) return;
    if (this.io.isTTY) {
      process.stdout.write(`\r\u001b[2K${FRAMES[this.frame++ % FRAMES.length]} ${text}`);
    } else if (text.replace(/\(\d+ s\)$/, "") !== this.last?.replace(/\(\d+ s\)$/, "")) {
      this.io.out(text);
    }
    this.last = text;
  }

  done(): void {
    if (this.enabled && this.io.isTTY && this.last !== undefined) process.stdout.write("\r\u001b[2K");
  }
}
