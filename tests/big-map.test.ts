import { BigMap, BigSet } from '../src/util/big-map';

describe('BigMap and BigSet', () => {
  it('behave as a Map and a Set: get, has, set (replacing), size, and every entry once in iteration', () => {
    const map = new BigMap<number>();
    for (let i = 0; i < 1000; i++) map.set(`o${i}`, i);
    map.set('o7', 70);
    expect(map.size).toBe(1000);
    expect(map.get('o7')).toBe(70);
    expect(map.get('o1000')).toBeUndefined();
    expect(map.has('o999')).toBe(true);
    const seen = new Map([...map]);
    expect(seen.size).toBe(1000);
    expect(seen.get('o7')).toBe(70);
    expect(seen.get('o123')).toBe(123);

    const byRow = new BigMap<string, number>();
    byRow.set(0, 'a').set(17, 'b');
    expect([byRow.get(0), byRow.get(17), byRow.get(1), byRow.size]).toEqual(['a', 'b', undefined, 2]);

    const set = new BigSet();
    set.add('d1').add('d1').add('d2');
    expect([set.has('d1'), set.has('d3'), set.size]).toEqual([true, false, 2]);
  });

  it('holds more than the 2^24 entries V8 allows one Map (20M orders in one load)', () => {
    const limit = 2 ** 24;
    expect(() => {
      const plain = new Map<number, number>();
      for (let i = 0; i <= limit; i++) plain.set(i, i);
    }).toThrow(/maximum size/);
    // Integer keys (row numbers) to keep the test quick; text keys take the same path past the shard's hash.
    const map = new BigMap<number, number>();
    for (let i = 0; i <= limit; i++) map.set(i, i);
    expect(map.size).toBe(limit + 1);
    expect(map.get(limit)).toBe(limit);
    expect(map.get(0)).toBe(0);
  });
});
