// Importer-format CSV files (typed headers, one file per label and relationship type) for neo4j-admin import.
import fs from 'node:fs';
import path from 'node:path';
import { FieldValue } from './fields';
import * as f from './fields';
import { FILES } from './formats';

/** Node files: label -> the spec file whose columns are its properties (Device and Ip have only their key). */
const NODE_FILES: Record<string, { key: string; spec?: string }> = {
  Account: { key: 'id', spec: 'accounts' },
  Merchant: { key: 'id', spec: 'merchants' },
  Product: { key: 'id', spec: 'products' },
  Order: { key: 'id', spec: 'orders' },
  Review: { key: 'id', spec: 'reviews' },
  Payment: { key: 'id', spec: 'payments' },
  Device: { key: 'id' },
  Ip: { key: 'address' },
};

const SIGHTING = ['firstSeen:datetime', 'lastSeen:datetime'];

/** Relationship type -> [start label, end label, typed property columns], as cypher/ingest/ creates them. */
const RELATIONSHIP_FILES: Record<string, [string, string, string[]]> = {
  OWNED_BY: ['Merchant', 'Account', []],
  SOLD_BY: ['Product', 'Merchant', []],
  USED: ['Account', 'Device', SIGHTING],
  SEEN_AT: ['Account', 'Ip', SIGHTING],
  PLACED: ['Account', 'Order', []],
  OF: ['Order', 'Product', []],
  WROTE: ['Account', 'Review', []],
  ABOUT: ['Review', 'Product', []],
  FOR_ORDER: ['Review', 'Order', []],
  SENT: ['Account', 'Payment', []],
  TO: ['Payment', 'Account', []],
  REIMBURSES: ['Payment', 'Order', []],
  LIKED: ['Account', 'Review', ['at:datetime']],
};

/** The importer's type of a column's values: what the transactional path stores (the driver sends numbers as floats). */
function typeOf(parse: f.FieldParser): string {
  if (parse === f.timestamp) return ':datetime';
  if (parse === f.amount || parse === f.rating || parse === f.seconds) return ':double';
  return '';
}

function nodeHeader(label: string): string[] {
  const { key, spec } = NODE_FILES[label];
  const columns = spec ? FILES.find((s) => s.name === spec)!.columns.filter((c) => c.property) : [];
  return [`${key}:ID(${label})`, ...columns.map((c) => `${c.property}${typeOf(c.parse)}`)];
}

type Cell = FieldValue | string | number | null;

class CsvFile {
  private readonly stream: fs.WriteStream;
  private chunk: string[] = [];
  private size = 0;
  private blocked?: Promise<void>;
  rows = 0;
  /** A value in this file holds a line break: the importer must read its fields across lines (slower). */
  multiline = false;

  constructor(
    readonly file: string,
    header: string[],
  ) {
    this.stream = fs.createWriteStream(file);
    this.push(header.join(',') + '\n');
  }

  push(text: string): void {
    this.chunk.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) this.flush();
  }

  private flush(): void {
    if (!this.chunk.length) return;
    const ok = this.stream.write(this.chunk.join(''));
    this.chunk = [];
    this.size = 0;
    if (!ok && !this.blocked)
      this.blocked = new Promise<void>((resolve) => this.stream.once('drain', () => resolve())).then(() => {
        this.blocked = undefined;
      });
  }

  async drain(): Promise<void> {
    await this.blocked;
  }

  async close(): Promise<void> {
    if (this.stream.writableEnded) return;
    this.flush();
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

function cell(out: CsvFile, value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  if (!out.multiline && (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0)) out.multiline = true;
  return `"${text.indexOf('"') >= 0 ? text.replace(/"/g, '""') : text}"`;
}

/** Writes the rows the checks accepted; `args()` names the files for `neo4j-admin database import full`. */
export class ImportFiles {
  private readonly files = new Map<string, CsvFile>();
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** kind -> name -> file, so that a row finds its file without building a key. */
  private readonly byKind = { nodes: new Map<string, CsvFile>(), relationships: new Map<string, CsvFile>() };

  private file(kind: 'nodes' | 'relationships', name: string): CsvFile {
    const known = this.byKind[kind].get(name);
    if (known) return known;
    const key = `${kind}:${name}`;
    let out = this.files.get(key);
    if (!out) {
      const header =
        kind === 'nodes'
          ? nodeHeader(name)
          : [
              `:START_ID(${RELATIONSHIP_FILES[name][0]})`,
              `:END_ID(${RELATIONSHIP_FILES[name][1]})`,
              ...RELATIONSHIP_FILES[name][2],
            ];
      out = new CsvFile(path.join(this.dir, `${kind}-${name}.csv`), header);
      this.files.set(key, out);
    }
    this.byKind[kind].set(name, out);
    return out;
  }

  node(label: string, values: Cell[]): void {
    const out = this.file('nodes', label);
    out.rows++;
    out.push(values.map((v) => cell(out, v)).join(',') + '\n');
  }

  relationship(type: string, start: Cell, end: Cell, props: Cell[] = []): void {
    const out = this.file('relationships', type);
    out.rows++;
    out.push([start, end, ...props].map((v) => cell(out, v)).join(',') + '\n');
  }

  /** The files with a line break inside a value, for the importer's --multiline-fields (v2 format). */
  multilineFiles(): string[] {
    return [...this.files.values()].filter((f) => f.multiline).map((f) => f.file);
  }

  async drain(): Promise<void> {
    for (const out of this.files.values()) await out.drain();
  }

  async close(): Promise<void> {
    for (const out of this.files.values()) await out.close();
  }

  /** Rows written per file, for the summary. */
  counts(): { nodes: number; relationships: number } {
    let nodes = 0;
    let relationships = 0;
    for (const [key, out] of this.files) {
      if (key.startsWith('nodes:')) nodes += out.rows;
      else relationships += out.rows;
    }
    return { nodes, relationships };
  }

  /** The importer's --nodes and --relationships options, one per file. */
  args(): string[] {
    return [...this.files].map(([key, out]) => {
      const [kind, name] = key.split(':');
      return `--${kind}=${name}=${out.file}`;
    });
  }
}
