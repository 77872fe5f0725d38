// The load report's CSV files: rejected rows (rejects.csv) and, with --update, the values a load changed
// (changes.csv); each keeps its first few rows for the console.
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

/** One value a --update load changed (or, in a dry run, would change) in a stored row. */
export interface Change {
  file: string;
  line: number;
  /** The stored row's id. */
  id: string;
  column: string;
  /** As stored before the load ('' for none); for a reference column, the id it pointed at. */
  old: string;
  new: string;
}

/** A CSV file written row by row, created with its header only when the first row comes. */
class ReportFile<T extends object> {
  readonly first: T[] = [];
  count = 0;
  private out?: Stringifier;
  private done?: Promise<void>;

  constructor(
    readonly file: string | undefined,
    private readonly columns: (keyof T & string)[],
    private readonly keep: number,
  ) {}

  async add(r: T): Promise<void> {
    this.count++;
    if (this.first.length < this.keep) this.first.push(r);
    if (!this.file) return;
    if (!this.out) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.out = stringify({ header: true, columns: this.columns });
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

export class RejectsWriter extends ReportFile<Rejection> {
  constructor(file?: string, keep = 20) {
    super(file, ['file', 'line', 'column', 'value', 'reason'], keep);
  }
}

export class ChangesWriter extends ReportFile<Change> {
  constructor(file?: string, keep = 20) {
    super(file, ['file', 'line', 'id', 'column', 'old', 'new'], keep);
  }
}

const quoted = (v: string): string => `"${v.length > 60 ? v.slice(0, 57) + '...' : v}"`;

export function formatRejection(r: Rejection): string {
  const where = r.column ? `${r.file}:${r.line} ${r.column}` : `${r.file}:${r.line}`;
  const value = r.value ? ` (${quoted(r.value)})` : '';
  return `${where}${value}: ${r.reason}`;
}

export function formatChange(c: Change): string {
  const show = (v: string): string => (v === '' ? 'empty' : quoted(v));
  return `${c.file}:${c.line} ${c.id} ${c.column}: ${show(c.old)} -> ${show(c.new)}`;
}
