// Stops the test database and removes its folder.
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__RINGSCOPE_TEST_DB__;
  if (!state?.db) return;
  await state.db.stop();
  if (state.home) fs.rmSync(state.home, { recursive: true, force: true });
}
