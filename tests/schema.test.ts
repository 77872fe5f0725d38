// Generated documents stay in step with the code: the committed SDL and the README's parameter tables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withParameterTables } from '../src/detection/parameter-docs';
import { emitSchema, SCHEMA_FILE } from '../src/graphql/schema';

it('schema/schema.graphql matches the schema built from the type-graphql classes', async () => {
  const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-schema-')), 'schema.graphql');
  await emitSchema(fresh);
  const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '(missing)';
  expect({ file: 'schema/schema.graphql', sdl: committed }).toEqual({
    file: 'schema/schema.graphql',
    sdl: fs.readFileSync(fresh, 'utf8'),
  });
});

it("the README's detector parameter tables match the detectors' own documentation", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  // Change a detector's parameters, run `npx ringscope parameters --readme`.
  expect(readme).toEqual(withParameterTables(readme));
});
