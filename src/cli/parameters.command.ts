// `ringscope parameters`: the detectors' documented parameters, for people choosing `--set` overrides.
import fs from 'node:fs';
import path from 'node:path';
import { parameterTables, withParameterTables } from '../detection/parameter-docs';
import { projectRoot } from '../util/project-root';

export function parametersCommand(opts: { readme?: boolean }): void {
  if (!opts.readme) {
    process.stdout.write(`${parameterTables()}\n`);
    return;
  }
  const file = path.join(projectRoot(), 'README.md');
  fs.writeFileSync(file, withParameterTables(fs.readFileSync(file, 'utf8')));
  process.stdout.write(`updated the parameter tables in ${file}\n`);
}
