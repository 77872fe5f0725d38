// Writes rejected rows (file, line, column, value, reason) to rejects.csv and keeps the first few for the console.
import fs from 'node:fs';
import path from 'node:path';
import { stringify, Stringifier } from 'csv-stringify';

export interface Rejection {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
}

export class RejectsWriter {
  readonly first: Rejection[] = [];
  count = 0;
  private out?: Stringifier;
  private done?: Promise<void>;

  constructor(
    readonly file?: string,
    private readonly keep = 20,
  ) {}

  async add(r: Rejection): Promise<void> {
    this.count++;
    if (this.first.length < this.keep) this.first.push(r);
    if (!this.file) return;
    if (!this.out) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.out = stringify({ header: true, columns: ['file', 'line', 'column', 'value', 'reason'] });
      const sink = fs.createWriteStream(this.file);
      this.out.pipe(sink);
      this.done = new Promise((resolve, reject) => sink.on('finish', resolve).on('error', reject));
    }
    if (!this.out.write(r)) await new Promise((resolve) => this.out!.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (!this.out) return;
    this.out.end();
    await this.done;
  }
}

export function formatRejection(r: Rejection): string {
  const where = r.column ? `${r.file}:${r.line} ${r.column}` : `${r.file}:${r.line}`;
  const value = r.value ? ` ("${r.value.length > 60 ? r.value.slice(0, 57) + '...' : r.value}")` : '';
  return `${where}${value}: ${r.reason}`;
}
