// Times one detector's first pass on the store of RINGSCOPE_HOME (held by bench/hold-db.sh), in-process: wall time,
// Node CPU and RSS. For a side-by-side comparison run it from two checkouts (a worktree per commit) alternating.
// Usage: npx tsc -p tsconfig.json && node dist/bench/detector-time.js shared-network
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { detectors } from '../src/detection/registry';

async function main(): Promise<void> {
  const name = process.argv[2];
  const detector = detectors.find((d) => d.name === name);
  if (!detector) throw new Error(`no detector ${name}: one of ${detectors.map((d) => d.name).join(', ')}`);
  const db = await openDatabase(loadConfig());
  try {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const rings = await detector.detect(db, detector.defaults);
    const cpu = process.cpuUsage(c0);
    process.stdout.write(
      `${JSON.stringify({
        detector: name,
        seconds: Number((Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)),
        nodeCpu: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
        rings: rings.length,
        members: rings.reduce((n, r) => n + r.members.length, 0),
      })}\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
