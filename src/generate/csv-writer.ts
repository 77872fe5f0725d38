// Streams rows of one file as RFC 4180 CSV or NDJSON through an fs.WriteStream, respecting backpressure.
import fs from 'node:fs';
import path from 'node:path';

export interface Column {
  name: string;
  /** Optional columns may be empty; NDJSON leaves them out. */
  optional?: boolean;
  /** Written as a JSON number in NDJSON (ratings, seconds); every other value is a JSON string. */
  numeric?: boolean;
}

export interface FileSchema {
  name: string;
  columns: Column[];
}

export type Cell = string | number | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: quoted when it holds a comma, quote, CR or LF, with inner quotes doubled. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CHUNK = 1 << 16;

export class RowWriter {
  readonly file: string;
  rows = 0;
  private parts: string[] = [];
  private size = 0;
  private stream: fs.WriteStream;
  private blocked = false;
  private failure: Error | undefined;

  constructor(
    readonly filePath: string,
    private readonly schema: FileSchema,
    private readonly format: 'csv' | 'ndjson',
  ) {
    this.file = path.basename(filePath);
    this.stream = fs.createWriteStream(filePath, { encoding: 'utf8' });
    this.stream.on('error', (e) => (this.failure = e));
    this.stream.on('drain', () => (this.blocked = false));
    if (format === 'csv') this.push(schema.columns.map((c) => csvField(c.name)).join(',') + '\n');
  }

  /** True while the stream's buffer is full: await drain() before writing much more. */
  get needsDrain(): boolean {
    return this.blocked || this.failure !== undefined;
  }

  /** Cells in column order; undefined or '' leaves an optional column empty. */
  row(cells: Cell[]): void {
    this.rows++;
    if (this.format === 'csv') {
      let line = '';
      for (let i = 0; i < cells.length; i++) {
        const v = cells[i];
        if (i > 0) line += ',';
        if (v === undefined) continue;
        line += typeof v === 'number' ? String(v) : csvField(v);
      }
      this.push(line + '\n');
    } else {
      const cols = this.schema.columns;
      let line = '{';
      let first = true;
      for (let i = 0; i < cols.length; i++) {
        const v = cells[i];
        if (v === undefined || v === '') continue;
        line += `${first ? '' : ','}${JSON.stringify(cols[i].name)}:${cols[i].numeric ? Number(v) : JSON.stringify(String(v))}`;
        first = false;
      }
      this.push(line + '}\n');
    }
  }

  private push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) this.blocked = true;
  }

  /** Resolves when the stream has room again (at once when it has). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.stream.off('error', fail);
        resolve();
      };
      const fail = (e: Error): void => {
        this.stream.off('drain', done);
        reject(e);
      };
      this.stream.once('drain', done);
      this.stream.once('error', fail);
    });
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    this.flush();
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
