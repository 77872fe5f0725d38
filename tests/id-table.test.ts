import { IdTable } from '../src/util/id-table';

describe('IdTable', () => {
  it('numbers ids in the order they are added, and finds each again after the table has grown many times', () => {
    const table = new IdTable();
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `o${i}` : i % 3 === 1 ? `账户${i}` : `${i}`));
    expect(ids.map((id) => table.add(id))).toEqual(ids.map((_, i) => i));
    expect(table.size).toBe(ids.length);
    expect(ids.every((id, i) => table.get(id) === i)).toBe(true);
    expect(table.get('o1')).toBeUndefined(); // 1 % 3 is 1: that row is 账户1
    expect(table.has('账户1')).toBe(true);
    expect(table.has('')).toBe(false);
  });

  it('tells apart ids that differ only in length or in one code unit, and refuses to add one twice', () => {
    const table = new IdTable();
    for (const id of ['a', 'aa', 'ab', 'ba', '', 'a\u0000', 'é', 'e\u0301']) table.add(id);
    expect(['a', 'aa', 'ab', 'ba', '', 'a\u0000', 'é', 'e\u0301'].map((id) => table.get(id))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(table.get('aaa')).toBeUndefined();
    expect(() => table.add('ab')).toThrow(/already/);
    expect(table.size).toBe(8);
  });

  it('keeps ids longer than a block of id text, and the ids after them', () => {
    const table = new IdTable(16);
    const long = 'x'.repeat(21);
    table.add('before');
    table.add(long);
    table.add('after');
    for (let i = 0; i < 20; i++) table.add(`more ids to fill blocks ${i}`);
    expect(table.get('more ids to fill blocks 19')).toBe(22);
    expect([table.get('before'), table.get(long), table.get('after'), table.get(long.slice(1))]).toEqual([
      0,
      1,
      2,
      undefined,
    ]);
  });
});
