// The `ringscope` command line: load, generate, detect, evaluate, serve, keys (each loaded only when run).
import 'reflect-metadata';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import type { GenerateCommandOptions } from './generate.command';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function buildProgram(): Command {
  const program = new Command('ringscope')
    .description('Find order-brushing and fake-review rings in e-commerce data held in Neo4j')
    .showHelpAfterError()
    .addHelpText(
      'after',
      `
Database: NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) names a Neo4j 5.26 to use. Unset, commands
start an embedded Neo4j (Java 17, about 20 s) with its store in RINGSCOPE_HOME (default ./.ringscope), or reuse
the one another command already started. Every setting is in the README's Configuration table.`,
    );

  program
    .command('load')
    .description('load a dataset folder (CSV or NDJSON in the load format) into Neo4j')
    .argument('<folder>', 'folder holding accounts.csv and the other files')
    .option('--dry-run', 'validate every row and reference without writing anything')
    .option('--batch-size <n>', 'rows per write transaction', positiveInt)
    .option(
      '--report-dir <dir>',
      'where rejects.csv, changes.csv and summary.json go (default: RINGSCOPE_HOME/loads/<time>)',
    )
    .option('--transactional', 'write transactions even into an empty embedded database (no offline importer)')
    .option(
      '--update',
      'apply rows whose id is stored with other content (values, and the links the row defines, replaced), ' +
        'each change listed in changes.csv; always write transactions; with --dry-run, list what would change',
    )
    .action(
      async (
        folder: string,
        opts: { dryRun?: boolean; batchSize?: number; reportDir?: string; transactional?: boolean; update?: boolean },
      ) => {
        const config = loadConfig();
        const { loadCommand } = await import('./load.command');
        process.exitCode = await loadCommand(config, path.resolve(folder), opts, () => openDatabase(config));
      },
    );

  program
    .command('generate')
    .description('write a synthetic dataset with planted rings and hard negatives (and rings.csv ground truth)')
    .option('--out <dir>', 'output folder (required unless --list-parameters)')
    .option('--accounts <n>', 'number of accounts', positiveInt, 10000)
    .option('--seed <n>', 'random seed (same seed, same files)', positiveInt, 1)
    .option('--format <format>', 'csv or ndjson', 'csv')
    .option(
      '--patterns <set>',
      'classic (the original rings and negatives) or field (every pattern and innocent crowd of issue 7; --accounts is then the ordinary shoppers)',
      'classic',
    )
    .option(
      '--set <pattern.param=value...>',
      'field generator parameter, a value or a range lo..hi, e.g. cashback.lagDays=14..30, *.size=50 (see --list-parameters)',
    )
    .option('--list-parameters', 'print every field generator parameter with its default range and exit')
    .action(async (opts: GenerateCommandOptions) => {
      const { generateCommand } = await import('./generate.command');
      process.exitCode = await generateCommand(opts);
    });

  program
    .command('detect')
    .description('run every ring detector over the whole graph and store the rings as the current run')
    .option(
      '--set <detector.parameter=value...>',
      'override a detector parameter (see README), e.g. cashback.minPayees=4',
    )
    .action(async (opts: { set?: string[] }) => {
      const { detectCommand } = await import('./detect.command');
      process.exitCode = await detectCommand(loadConfig(), opts);
    });

  program
    .command('evaluate')
    .description("score the stored rings against a generated dataset's ground truth (precision, recall, false flags)")
    .requiredOption('--truth <rings.csv>', 'ground truth: ring_id, kind, account_id')
    .option('--negatives <negatives.csv>', 'hard negatives: group_id, kind, account_id (default: beside --truth)')
    .action(async (opts: { truth: string; negatives?: string }) => {
      const { evaluateCommand } = await import('./evaluate.command');
      process.exitCode = await evaluateCommand(loadConfig(), opts);
    });

  program
    .command('parameters')
    .description("print every detector's parameters with defaults (--readme: rewrite the README's table)")
    .option('--readme', 'update the parameter section of README.md instead of printing')
    .action(async (opts: { readme?: boolean }) => {
      const { parametersCommand } = await import('./parameters.command');
      parametersCommand(opts);
    });

  program
    .command('serve')
    .description('serve the GraphQL API (and /healthz) on PORT, default 4000')
    .option('--demo', 'load seeds/demo into an empty database and detect its rings first (what npm start does)')
    .action(async (opts: { demo?: boolean }) => {
      const { serveCommand } = await import('./serve.command');
      await serveCommand(loadConfig(), opts);
    });

  const keys = program
    .command('keys')
    .description('API keys with roles (viewer, investigator, admin); once one exists, the API needs a key');
  const withDatabase = async (fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<number>) => {
    const db = await openDatabase(loadConfig());
    try {
      process.exitCode = await fn(db);
    } finally {
      await db.close();
    }
  };
  keys
    .command('create')
    .description('create a key and print its bearer token (once, as the last line)')
    .requiredOption('--name <name>', 'who or what uses it, e.g. alice or risk-dashboard')
    .requiredOption('--role <role>', 'viewer, investigator or admin')
    .action(async (opts: { name: string; role: string }) =>
      withDatabase(async (db) => (await import('./keys.command')).keysCreate(db, opts.name, opts.role)),
    );
  keys
    .command('list')
    .description('every key: name, role, created, last used, revoked (never the token)')
    .action(async () => withDatabase(async (db) => (await import('./keys.command')).keysList(db)));
  keys
    .command('revoke')
    .description('revoke a key; it is refused from the next request on')
    .argument('<name>', 'the key name')
    .action(async (name: string) => withDatabase(async (db) => (await import('./keys.command')).keysRevoke(db, name)));

  program
    .command('schema')
    .description('write the GraphQL SDL to schema/schema.graphql (a test fails when it drifts)')
    .option('--out <file>', 'where to write it')
    .action(async (opts: { out?: string }) => {
      const { emitSchema, SCHEMA_FILE } = await import('../graphql/schema');
      await emitSchema(opts.out ?? SCHEMA_FILE);
      process.stdout.write(`wrote ${opts.out ?? SCHEMA_FILE}\n`);
    });

  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      process.stderr.write(`ringscope: ${error.message}\n`);
      process.exit(1);
    });
}
