// Streams the records of one CSV (RFC 4180, csv-parse) or NDJSON file with their line numbers.
import fs from 'node:fs';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

export interface RawRecord {
  line: number;
  /** Column name -> raw text; absent or empty means "not given". */
  fields: Record<string, string>;
  /** CSV: where the record starts in its file, so that it can be read again (see CsvRowSource). */
  offset?: number;
  source?: CsvRowSource;
}

/**
 * Reads one record of a CSV file again from its byte offset, with the file's header and record delimiter: the bulk
 * checks keep only where an accepted row is, not its values, and re-read it when a later row repeats its id.
 */
export class CsvRowSource {
  constructor(
    readonly file: string,
    private readonly header: string[],
    private readonly delimiter: () => Buffer[] | undefined,
  ) {}

  read(offset: number): Record<string, string> {
    const fd = fs.openSync(this.file, 'r');
    try {
      for (let size = 1 << 14; ; size *= 4) {
        const buffer = Buffer.alloc(size);
        const read = fs.readSync(fd, buffer, 0, size, offset);
        const end = read < size;
        let parsed: { record: string[]; info: { bytes: number } }[];
        try {
          parsed = parseSync(buffer.subarray(0, read), {
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true,
            info: true,
            to: 1,
            record_delimiter: this.delimiter()?.length ? this.delimiter() : undefined,
          }) as unknown as { record: string[]; info: { bytes: number } }[];
        } catch (error) {
          if (end) throw error;
          continue; // a quoted field runs past this chunk
        }
        // The record is whole when its terminator was read (it ends before the chunk does) or the file ends.
        if (parsed.length && (end || parsed[0].info.bytes < read)) {
          const fields: Record<string, string> = {};
          for (let i = 0; i < this.header.length; i++) fields[this.header[i]] = parsed[0].record[i];
          return fields;
        }
        if (end) throw new Error(`${this.file}: no record at byte ${offset}`);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

export interface StructuralProblem {
  line: number;
  column: string;
  reason: string;
  /** True when the rest of the file cannot be read past this point. */
  fatal: boolean;
  /** With fatal: the non-blank lines from the problem's line to the end of the file, which were not read. */
  linesNotRead?: number;
}

export type ReadItem = { record: RawRecord } | { problem: StructuralProblem } | { header: string[] };

export interface ReadProgress {
  bytes: number;
}

/** CSV: header row first; a record with the wrong number of fields is a row problem, not a crash. */
export async function* readCsv(file: string, progress: ReadProgress): AsyncGenerator<ReadItem> {
  // relax_quotes: a quote inside an unquoted field (`6" screen`) is kept as text instead of ending the file.
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  // csv-parse's `info: true` copies its whole info object for every record (a tenth of the bulk path's CPU): read
  // the two counters it would copy from the parser's live info instead, at the moment the record is pushed.
  const live = (parser as unknown as { info: { lines: number; bytes: number } }).info;
  const push = parser.push.bind(parser);
  parser.push = (record: unknown, encoding?: BufferEncoding): boolean =>
    push(record === null ? null : { record, info: { lines: live.lines, bytes: live.bytes } }, encoding);
  fs.createReadStream(file).pipe(parser);
  let header: string[] | undefined;
  let source: CsvRowSource | undefined;
  let previousEnd = 0;
  // The byte offset just after the previous record (csv-parse's info.bytes, BOM included): where a record starts.
  let previousBytes = 0;
  // csv-parse counts a CRLF inside a quoted field as two lines; these are taken back off its line numbers.
  let doubleCounted = 0;
  try {
    for await (const { record, info } of keepRecordsBeforeError<{
      record: string[];
      info: { lines: number; bytes: number };
    }>(parser)) {
      // csv-parse reports the line a record ends on; a record starts after the previous one ends.
      doubleCounted += count(record, CRLF);
      const end = info.lines - doubleCounted;
      const line = Math.max(previousEnd + 1, end - count(record, LINE_BREAK));
      previousEnd = end;
      progress.bytes = info.bytes;
      const offset = previousBytes;
      previousBytes = info.bytes;
      if (!header) {
        header = record.map((h) => h.trim());
        // The parser detects the record delimiter on the header line; a re-read must split records the same way.
        const options = (parser as unknown as { options: { record_delimiter?: Buffer[] } }).options;
        source = new CsvRowSource(file, header, () => options.record_delimiter);
        yield { header };
        continue;
      }
      if (record.length !== header.length) {
        yield {
          problem: {
            line,
            column: '',
            reason: `expected ${header.length} fields as in the header, found ${record.length}`,
            fatal: false,
          },
        };
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) fields[header[i]] = record[i];
      yield { record: { line, fields, offset, source } };
    }
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    // An unclosed quote is only noticed at the end of the file: report the record it opened in instead,
    // the first line after the last whole record that is not blank.
    const unclosed = e.code === 'CSV_QUOTE_NOT_CLOSED';
    const line = unclosed
      ? previousEnd + 1 + blankLinesAt(file, progress.bytes)
      : e.lines !== undefined
        ? e.lines - doubleCounted
        : previousEnd + 1;
    // The rest of the file has no record boundaries to trust: its non-blank lines say how much was not read.
    const linesNotRead = unclosed ? nonBlankLinesFrom(file, progress.bytes) : undefined;
    yield {
      problem: {
        line,
        column: '',
        reason: unclosed
          ? `malformed CSV: a quoted field in the record starting on line ${line} is never closed; the rest of the file, from that line on, was not read (${linesNotRead} non-blank lines)`
          : `malformed CSV: ${e.message}; the rest of the file was not read`,
        fatal: true,
        linesNotRead,
      },
    };
    return;
  }
  if (!header) yield { problem: { line: 1, column: '', reason: 'empty file: no header row', fatal: true } };
}

/**
 * Like `for await (... of stream)`, but the records parsed before a syntax error are still
 * delivered (an async iterator drops its buffer when the stream errors). Keeps backpressure.
 */
async function* keepRecordsBeforeError<T>(
  stream: NodeJS.ReadableStream & { pause(): void; resume(): void },
): AsyncGenerator<T> {
  const queue: T[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  stream.on('data', (item: T) => {
    queue.push(item);
    if (queue.length - head >= 1000) stream.pause();
    notify();
  });
  stream.on('error', (error: Error) => {
    failure = error;
    notify();
  });
  stream.on('end', () => {
    ended = true;
    notify();
  });
  let head = 0;
  for (;;) {
    if (head < queue.length) {
      const item = queue[head++];
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
        if (!ended && !failure) stream.resume();
      }
      yield item;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** How often `pattern` (global) matches in a record's fields or a text (only fields with a CR or LF can match). */
function count(texts: string[], pattern: RegExp): number {
  let n = 0;
  for (const text of texts)
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) n += text.match(pattern)?.length ?? 0;
  return n;
}
const CRLF = /\r\n/g;
/** A line break: CRLF, LF or a lone CR, each one line. */
const LINE_BREAK = /\r\n|\r|\n/g;

/** How many blank lines (skipped by the parser) start at byte `offset` of the file. */
function blankLinesAt(file: string, offset: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
    return count([/^(?:\r\n|\r|\n)*/.exec(buffer.toString('utf8', 0, read))![0]], LINE_BREAK);
  } finally {
    fs.closeSync(fd);
  }
}

/** How many lines from byte `offset` to the end of the file hold more than white space. */
function nonBlankLinesFrom(file: string, offset: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let lines = 0;
    let blank = true;
    for (let at = offset; ;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, at);
      if (read === 0) break;
      at += read;
      for (let i = 0; i < read; i++) {
        const c = buffer[i];
        if (c === 10 || c === 13) {
          // CRLF: the LF after a CR ends no second line (the CR already ended it, blank or not).
          if (!blank) lines++;
          blank = true;
        } else if (c !== 32 && c !== 9) blank = false;
      }
    }
    return blank ? lines : lines + 1;
  } finally {
    fs.closeSync(fd);
  }
}

/** NDJSON: one JSON object per line; its keys are the column names, numbers are taken as their text. */
export async function* readNdjson(file: string, progress: ReadProgress): AsyncGenerator<ReadItem> {
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let headerSent = false;
  for await (const text of lines) {
    line++;
    progress.bytes = stream.bytesRead;
    if (!headerSent) {
      yield { header: [] };
      headerSent = true;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text);
    } catch (error) {
      yield { problem: { line, column: '', reason: `not valid JSON: ${(error as Error).message}`, fatal: false } };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { problem: { line, column: '', reason: 'each line must be a JSON object', fatal: false } };
      continue;
    }
    const fields: Record<string, string> = {};
    let bad: string | undefined;
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'string') fields[k] = v;
      else if (typeof v === 'number' && Number.isFinite(v)) fields[k] = String(v);
      else bad ??= k;
    }
    if (bad) {
      yield { problem: { line, column: bad, reason: 'value must be a string or a number', fatal: false } };
      continue;
    }
    yield { record: { line, fields } };
  }
}
