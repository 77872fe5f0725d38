// The template detector's "posted together" gate (togetherTest) under its null: a text's uses posted when the shop's
// other reviews are, at shop paces that a constant-rate test would take for bunching (seasons, sales, a launch's
// decay, two one-day spikes). Records, for each pace, number of other reviews N and number of uses k, how often the
// gate is informative and how often it opens at TOGETHER_LEVEL; a valid gate opens in at most that share of worlds.
// Usage: npx tsc -p tsconfig.json && node dist/bench/together-null.js [--worlds 400] [--out bench/results/together-null.md]
import fs from 'node:fs';
import os from 'node:os';
import { execSync } from 'node:child_process';
import { templateTextDetector, TOGETHER_LEVEL, togetherTest } from '../src/detection/template-text.detector';

const DAY = 86400;
const YEAR = 365;

const PACES: Record<string, { what: string; rate: (day: number) => number }> = {
  uniform: { what: 'the same every day', rate: () => 1 },
  seasonal: { what: 'a year-long season, 0.2× to 1.8×', rate: (d) => 1 + 0.8 * Math.sin((2 * Math.PI * d) / YEAR) },
  sales: { what: 'a 3-day sale every 60 days at 12×', rate: (d) => (d % 60 < 3 ? 12 : 1) },
  launch: { what: "a launch's decay, e^(−day/30)", rate: (d) => Math.exp(-d / 30) },
  spikes: { what: 'two one-day spikes at 80×', rate: (d) => (d === 100 || d === 250 ? 80 : 1) },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** A deterministic generator (mulberry32), so the recorded table can be reproduced exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampler(rate: (day: number) => number, rnd: () => number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let d = 0; d < YEAR; d++) cdf.push((sum += rate(d)));
  return () => {
    const u = rnd() * sum;
    let lo = 0;
    let hi = YEAR - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] >= u) hi = mid;
      else lo = mid + 1;
    }
    return lo * DAY + Math.floor(rnd() * DAY);
  };
}

function main(): void {
  const worlds = Number(arg('worlds', '400'));
  const out = arg('out', 'bench/results/together-null.md');
  const rows: string[] = [];
  let worst = 0;
  for (const [name, pace] of Object.entries(PACES))
    for (const others of [20, 100, 1000, 5000])
      for (const k of [3, 6, 15, 40]) {
        const rnd = random(others * 1000 + k);
        const draw = sampler(pace.rate, rnd);
        let informative = 0;
        let opened = 0;
        for (let w = 0; w < worlds; w++) {
          const days = new Map<number, number>();
          const add = (t: number) => days.set(Math.floor(t / DAY), (days.get(Math.floor(t / DAY)) ?? 0) + 1);
          for (let i = 0; i < others; i++) add(draw());
          const uses = Array.from({ length: k }, draw);
          uses.forEach(add);
          const x = togetherTest(uses, days, templateTextDetector.defaults.minAccounts);
          if (!x.informative) continue;
          informative++;
          if (x.logP <= Math.log(TOGETHER_LEVEL)) opened++;
        }
        worst = Math.max(worst, opened / worlds);
        rows.push(
          `| ${name} | ${others} | ${k} | ${(informative / worlds).toFixed(2)} | ${(opened / worlds).toFixed(3)} |`,
        );
      }
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const text = [
    '# The "posted together" gate under its null',
    '',
    `Produced by \`bench/together-null.ts\` (issue 7). ${worlds} worlds per row: N other reviews at a shop and k uses of`,
    "one text, all posted at the shop's pace; the gate (`togetherTest`, bunches from the detector's default",
    `minAccounts = ${templateTextDetector.defaults.minAccounts}) should open in at most`,
    `${TOGETHER_LEVEL} of them. Worst row: **${worst.toFixed(3)}**.`,
    '',
    `- Code: commit ${commit} (with the working tree as run); machine: ${os.cpus().length} vCPU, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; date ${new Date().toISOString().slice(0, 10)}.`,
    `- Command: \`npx tsc -p tsconfig.json && node dist/bench/together-null.js --worlds ${worlds}\` (deterministic).`,
    '',
    'Paces: ' +
      Object.entries(PACES)
        .map(([n, p]) => `${n}: ${p.what}`)
        .join('; ') +
      '.',
    '',
    '| pace | N other reviews | k uses | informative | opened |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
  fs.writeFileSync(out, text);
  console.log(text);
}

main();
