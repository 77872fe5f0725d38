// Load progress: a bar with rows/s and ETA on a terminal (cli-progress), plain log lines otherwise.
import cliProgress from 'cli-progress';
import { ProgressEvent } from '../ingest/loader';

export interface ProgressReporter {
  update(event: ProgressEvent): void;
  stop(): void;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '{file} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let current = '';
    let started = Date.now();
    return {
      update(e) {
        if (e.file !== current) {
          if (current) bar.stop();
          current = e.file;
          started = Date.now();
          bar.start(e.bytesTotal || 1, 0, { file: e.file.padEnd(22), rows: 0, rate: 0 });
        }
        const rate = Math.round(e.rows / Math.max((Date.now() - started) / 1000, 0.001));
        bar.update(e.bytesRead, { rows: e.rows, rate });
      },
      stop() {
        if (current) bar.stop();
      },
    };
  }
  let current = '';
  let started = Date.now();
  let last = 0;
  return {
    update(e) {
      if (e.file !== current) {
        current = e.file;
        started = Date.now();
        last = started;
      }
      const now = Date.now();
      // The summary table reports each file at the end; lines here only show a long file is moving.
      if (now - last < 5000) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = Math.round(e.rows / Math.max(seconds, 0.001));
      const pct = e.bytesTotal ? Math.round((100 * e.bytesRead) / e.bytesTotal) : 100;
      stream.write(`load ${e.file}: ${pct}% ${e.rows} rows ${rate} rows/s\n`);
    },
    stop() {},
  };
}
