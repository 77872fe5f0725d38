// The committed SDL is what the resolver classes produce: change a class, run `npm run schema`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
