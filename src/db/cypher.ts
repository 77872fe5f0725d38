// Loads the static, parameterised Cypher statements of cypher/ by name; code never builds Cypher.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../util/project-root';

const cache = new Map<string, string>();

/** The text of cypher/<name>.cypher (name may include a sub-folder, e.g. "ingest/accounts"). */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = path.join(projectRoot(), 'cypher', `${name}.cypher`);
    text = stripComments(fs.readFileSync(file, 'utf8')).trim();
    cache.set(name, text);
  }
  return text;
}

/** A file of several statements separated by semicolons at line ends (schema files). */
export function cypherStatements(name: string): string[] {
  return cypher(name)
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
}
