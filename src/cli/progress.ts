// Load progress: a bar per file (validate or load) and per phase (import, index) with rows/s and ETA on a terminal
// (cli-progress), plain log lines otherwise.
import cliProgress from 'cli-progress';
import { ProgressEvent } from '../ingest/loader';

export interface ProgressReporter {
  update(event: ProgressEvent): void;
  /** A phase without rows of its own to count (the importer's stages, index building): percent done. */
  stage(phase: string, label: string, percent: number): void;
  stop(): void;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '{file} |{bar}| {percentage}% | {rows} | {rate} | ETA {eta_formatted}',
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let current = '';
    let running = false;
    let started = Date.now();
    const begin = (name: string, total: number): void => {
      if (running) bar.stop();
      current = name;
      running = true;
      started = Date.now();
      bar.start(total || 1, 0, { file: name.padEnd(30), rows: '', rate: '' });
    };
    return {
      update(e) {
        if (e.file !== current || !running) begin(e.file, e.bytesTotal);
        const rate = Math.round(e.rows / Math.max((Date.now() - started) / 1000, 0.001));
        bar.update(e.bytesRead, { rows: `${e.rows} rows`, rate: `${rate} rows/s` });
      },
      stage(phase, label, percent) {
        const name = `${phase}: ${label}`;
        if (name !== current || !running) begin(name, 100);
        bar.update(percent);
      },
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let current = '';
  let started = Date.now();
  let last = 0;
  const due = (name: string): boolean => {
    const now = Date.now();
    if (name !== current) {
      current = name;
      started = now;
      last = now;
    }
    // The summary reports each file and phase at the end; lines here only show a long one is moving.
    if (now - last < 5000) return false;
    last = now;
    return true;
  };
  return {
    update(e) {
      if (!due(e.file)) return;
      const seconds = (Date.now() - started) / 1000;
      const rate = Math.round(e.rows / Math.max(seconds, 0.001));
      const pct = e.bytesTotal ? Math.round((100 * e.bytesRead) / e.bytesTotal) : 100;
      stream.write(`load ${e.file}: ${pct}% ${e.rows} rows ${rate} rows/s\n`);
    },
    stage(phase, label, percent) {
      if (due(`${phase}: ${label}`)) stream.write(`${phase} ${label}: ${percent}%\n`);
    },
    stop() {},
  };
}
