// Starts (or reuses) the embedded Neo4j launcher in neo4j/ when NEO4J_URI is unset.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../util/project-root';
import { logger } from '../util/logger';

export interface EmbeddedOptions {
  home: string;
  heap: string;
  pagecache: string;
  /** Fixed Bolt port; a free one is chosen when absent. */
  port?: number;
  startTimeoutMs?: number;
}

export interface EmbeddedDatabase {
  uri: string;
  /** True when this process started the database (and so stops it). */
  owned: boolean;
  /** The launcher JVM's process id. */
  pid: number;
  stop(): Promise<void>;
}

interface StateFile {
  pid: number;
  port: number;
  uri: string;
  startedAt: string;
}

const READY = 'RINGSCOPE_NEO4J_READY ';

// Neo4j's own launch script passes these; the embedded store needs them on Java 17.
export const JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
];

export function launcherJar(): string {
  return path.join(projectRoot(), 'neo4j', 'target', 'ringscope-neo4j.jar');
}

/** Builds the launcher with Maven when its jar is missing (first run on a fresh clone). */
/** A hash of what the launcher is built from, so a changed pom or class rebuilds it (an old jar would lack plugins). */
function launcherSourceStamp(dir: string): string {
  const hash = crypto.createHash('sha256');
  const files = [path.join(dir, 'pom.xml')];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)))
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.join(d, e.name));
  };
  walk(path.join(dir, 'src'));
  for (const f of files) hash.update(path.relative(dir, f)).update(fs.readFileSync(f));
  return hash.digest('hex');
}

export function ensureLauncherBuilt(): string {
  const jar = launcherJar();
  const dir = path.join(projectRoot(), 'neo4j');
  const stampFile = path.join(dir, 'target', 'build-stamp');
  const stamp = launcherSourceStamp(dir);
  const built = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : null;
  if (fs.existsSync(jar) && built === stamp) return jar;
  logger.info('building the embedded Neo4j launcher (mvn package in neo4j/)');
  // Dependencies of an older build would linger beside the new ones (two GDS versions in plugins/).
  fs.rmSync(path.join(dir, 'target', 'lib'), { recursive: true, force: true });
  const result = spawnSync('mvn', ['-q', '-B', '-f', path.join(dir, 'pom.xml'), 'package'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !fs.existsSync(jar)) {
    throw new Error(
      `could not build the embedded Neo4j launcher (mvn exited ${result.status ?? result.error?.message}); ` +
        'install Java 17 and Maven, or set NEO4J_URI to an existing database',
    );
  }
  fs.writeFileSync(stampFile, stamp);
  return jar;
}

export function javaBinary(): string {
  if (process.env.RINGSCOPE_JAVA) return process.env.RINGSCOPE_JAVA;
  // 5.26 is the last Neo4j line on Java 17; prefer a Java 17 even when a newer JDK is the default.
  const java17 = '/usr/lib/jvm/java-17-openjdk-amd64/bin/java';
  if (fs.existsSync(java17)) return java17;
  if (process.env.JAVA_HOME) return path.join(process.env.JAVA_HOME, 'bin', 'java');
  return 'java';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function boltAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

function readState(file: string): StateFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

async function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A start lock so two commands launched together do not both try to open the store. */
async function withStartLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(home, 'start.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (!holder || !pidAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (held by pid ${holder})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`embedded Neo4j did not start within ${timeoutMs} ms; see ${logFile}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const at = buffer.indexOf(READY);
      if (at >= 0) {
        const line = buffer
          .slice(at + READY.length)
          .split('\n')[0]
          .trim();
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded Neo4j exited with code ${code} before it was ready; see ${logFile}`));
    });
  });
}

/** The process id of the embedded database running in `home`, if one is. */
export function runningEmbeddedPid(home: string): number | undefined {
  const state = readState(path.join(home, 'neo4j.json'));
  return state && pidAlive(state.pid) ? state.pid : undefined;
}

/** The folder of the embedded store's Neo4j home (its data/ holds databases/neo4j and transactions/neo4j). */
export function embeddedNeo4jHome(home: string): string {
  return path.join(home, 'neo4j');
}

/**
 * Runs `fn` while no command can start the embedded database in `home` (the start lock is held), after checking
 * that none is running: the offline importer and the store swap after it need the store closed.
 */
export async function withEmbeddedStopped<T>(home: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(home, { recursive: true });
  return withStartLock(home, async () => {
    const pid = runningEmbeddedPid(home);
    if (pid) throw new Error(`the database in ${home} is held by another process (pid ${pid})`);
    return fn();
  });
}

/**
 * Returns a running embedded database: the one another ringscope command already started in
 * the same home, or a new one that this process owns and stops on exit.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  fs.mkdirSync(options.home, { recursive: true });
  const stateFile = path.join(options.home, 'neo4j.json');
  return withStartLock(options.home, async () => {
    const state = readState(stateFile);
    if (state && pidAlive(state.pid) && (await boltAnswers(state.port))) {
      logger.debug({ uri: state.uri, pid: state.pid }, 'reusing the running embedded Neo4j');
      return { uri: state.uri, owned: false, pid: state.pid, stop: async () => undefined };
    }
    const jar = ensureLauncherBuilt();
    const port = options.port ?? (await freePort());
    const logFile = path.join(options.home, 'neo4j.log');
    const log = fs.openSync(logFile, 'a');
    const child = spawn(
      javaBinary(),
      [
        `-Xmx${options.heap}`,
        `-Xms${options.heap}`,
        ...JVM_FLAGS,
        '-jar',
        jar,
        '--home',
        embeddedNeo4jHome(options.home),
        '--port',
        String(port),
        '--pagecache',
        options.pagecache,
        '--watch-stdin',
      ],
      { stdio: ['pipe', 'pipe', log] },
    );
    child.stdout!.on('data', (chunk: Buffer) => fs.appendFileSync(logFile, chunk));
    const uri = await waitForReady(child, options.startTimeoutMs ?? 180_000, logFile);
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ pid: child.pid!, port, uri, startedAt: new Date().toISOString() } satisfies StateFile),
    );
    logger.info({ uri, home: options.home }, 'embedded Neo4j started');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Do not keep the event loop alive for the child: commands end when their work ends.
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        if (readState(stateFile)?.pid === child.pid) fs.rmSync(stateFile, { force: true });
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
          await exited;
          clearTimeout(killer);
        }
      })();
      return stopping;
    };
    return { uri, owned: true, pid: child.pid!, stop };
  });
}
