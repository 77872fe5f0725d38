// Values from Neo4j become plain JavaScript at the edge: times as the same instant, big integers never rounded.
import { Database } from '../src/db/database';
import { rows } from '../src/db/values';
import { testDatabase } from './helpers/db';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());

it('date-times with an offset or a named zone, dates and integers convert without loss', async () => {
  const session = db.session('READ');
  try {
    const [row] = rows<Record<string, unknown>>(
      await session.run(
        `RETURN datetime('2025-03-01T10:15:00.123+08:00') AS offset,
                datetime('2025-03-01T10:15:00Z') AS utc,
                datetime('2025-07-01T10:15:00[Europe/Berlin]') AS zoned,
                date('2025-03-01') AS day,
                42 AS small, 9007199254740993 AS big, 'text' AS text, [1, 'a', null] AS list`,
      ),
    );
    expect(row).toEqual({
      offset: new Date('2025-03-01T02:15:00.123Z'),
      utc: new Date('2025-03-01T10:15:00Z'),
      zoned: new Date('2025-07-01T08:15:00Z'),
      day: new Date('2025-03-01T00:00:00Z'),
      small: 42,
      big: '9007199254740993',
      text: 'text',
      list: [1, 'a', null],
    });
  } finally {
    await session.close();
  }
});
