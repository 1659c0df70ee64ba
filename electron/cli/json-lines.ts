/** Writes one JSON object per line: the `--json` output format. */
export class JsonLinesWriter {
  constructor(private readonly write: (line: string) => void) {}

  /** Writes one object as a single line. */
  line(value: unknown): void {
    this.write(JSON.stringify(value));
  }
}
