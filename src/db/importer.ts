// Runs Neo4j's offline importer (neo4j-admin database import full, shipped in org.neo4j:neo4j 5.26 and so on the
// launcher's class path) into a staging home, then swaps the new store in: a failed or killed import leaves the
// embedded store exactly as it was.
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { embeddedNeo4jHome, ensureLauncherBuilt, javaBinary, JVM_FLAGS, withEmbeddedStopped } from './embedded';

export interface ImportOptions {
  /** RINGSCOPE_HOME of the embedded database. */
  home: string;
  /** --nodes=... and --relationships=... options. */
  files: string[];
  /** The files whose fields may hold line breaks (read more slowly, so only these). */
  multilineFiles: string[];
  /** Where the importer's own report goes (it should stay empty: the rows were checked before). */
  reportFile: string;
  /** The importer JVM's heap and its off-heap limit. */
  heap: string;
  offHeap: string;
  onStarted?: (child: ChildProcess) => void;
  /** Importer stage ("(1/4) Node import") and the percentage of it done. */
  onProgress?: (stage: string, percent: number) => void;
}

export interface ImportResult {
  nodes: number;
  relationships: number;
  properties: number;
  seconds: number;
}

export class ImportFailed extends Error {}

const DATABASE = 'neo4j';

/** Imports into a staging home and moves the result into the embedded home; the store must be closed. */
export async function importIntoEmbedded(options: ImportOptions): Promise<ImportResult> {
  const jar = ensureLauncherBuilt();
  return withEmbeddedStopped(options.home, async () => {
    const staging = path.join(options.home, 'import-staging');
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.join(staging, 'conf'), { recursive: true });
    try {
      const result = await runImporter(jar, staging, options);
      swapStore(path.join(staging, 'data'), path.join(embeddedNeo4jHome(options.home), 'data'));
      return result;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  });
}

async function runImporter(jar: string, staging: string, options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const args = [
    `-Xmx${options.heap}`,
    ...JVM_FLAGS,
    // The launcher jar's manifest puts lib/ (org.neo4j:neo4j and its import tool) on the class path.
    '-cp',
    jar,
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    DATABASE,
    '--overwrite-destination=true',
    // Every row was checked before: any complaint of the importer is a bug, and stops it.
    '--bad-tolerance=0',
    '--skip-duplicate-nodes=false',
    '--skip-bad-relationships=false',
    // The v2 format, which would name only these files, fails in 5.26.19 on the 100k dataset's reviews
    // ("found CR outside a text cell" at a buffer boundary): v1 reads every file the slower, multi-line way.
    ...(options.multilineFiles.length ? ['--multiline-fields=true'] : []),
    `--max-off-heap-memory=${options.offHeap}`,
    `--report-file=${options.reportFile}`,
    ...options.files,
  ];
  const child = spawn(javaBinary(), args, {
    env: { ...process.env, NEO4J_HOME: staging, NEO4J_CONF: path.join(staging, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onStarted?.(child);
  const output: string[] = [];
  let stage = 'starting';
  const consume = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      const s = /^\((\d+\/\d+)\) ([^0-9]+?)\s+\d{4}-/.exec(line);
      if (s) stage = `${s[1]} ${s[2]}`;
      const p = /\s(\d{1,3})% ∆/.exec(line);
      if (p) options.onProgress?.(stage, Number(p[1]));
    }
  };
  child.stdout.on('data', consume);
  child.stderr.on('data', consume);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve([c, s]));
  });
  const text = output.join('\n');
  if (code !== 0) {
    const reason = signal ? `was stopped by ${signal}` : `exited with ${code}`;
    const cause = output.filter((l) => /error|exception|caused by/i.test(l)).slice(-3);
    throw new ImportFailed(
      `the offline import ${reason}; the database was left as it was before the load` +
        (cause.length ? `: ${cause.join(' / ')}` : ''),
    );
  }
  const count = (what: string): number => Number(new RegExp(`(\\d+) ${what}`).exec(text)?.[1] ?? 0);
  return {
    nodes: count('nodes'),
    relationships: count('relationships'),
    properties: count('properties'),
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Moves the imported database and its transaction logs over the embedded home's (renames within one file system),
 * putting the old ones back if a move fails half-way.
 */
function swapStore(from: string, to: string): void {
  const parts = [path.join('databases', DATABASE), path.join('transactions', DATABASE)];
  const moved: string[] = [];
  try {
    for (const part of parts) {
      const target = path.join(to, part);
      const aside = `${target}.before-import`;
      fs.rmSync(aside, { recursive: true, force: true });
      if (fs.existsSync(target)) fs.renameSync(target, aside);
      moved.push(part);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(from, part), target);
    }
  } catch (error) {
    for (const part of moved) {
      const target = path.join(to, part);
      fs.rmSync(target, { recursive: true, force: true });
      if (fs.existsSync(`${target}.before-import`)) fs.renameSync(`${target}.before-import`, target);
    }
    throw error;
  }
  for (const part of parts) fs.rmSync(path.join(to, `${part}.before-import`), { recursive: true, force: true });
}
