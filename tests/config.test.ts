import { loadConfig } from '../src/config';

describe('configuration from the environment', () => {
  it("takes the offline importer's memory from RINGSCOPE_IMPORT_HEAP and _OFFHEAP, 1g and 2g by default", () => {
    const base = { RINGSCOPE_HOME: '/tmp/ringscope-config-test' };
    expect(loadConfig(base)).toMatchObject({ importHeap: '1g', importOffHeap: '2g' });
    expect(loadConfig({ ...base, RINGSCOPE_IMPORT_HEAP: '3g', RINGSCOPE_IMPORT_OFFHEAP: '12288m' })).toMatchObject({
      importHeap: '3g',
      importOffHeap: '12288m',
    });
  });

  it('names the variable and the value when a memory size is not one', () => {
    expect(() => loadConfig({ RINGSCOPE_IMPORT_OFFHEAP: 'lots' })).toThrow(
      'RINGSCOPE_IMPORT_OFFHEAP must be a memory size such as 512m or 4g, got "lots"',
    );
    expect(() => loadConfig({ RINGSCOPE_IMPORT_HEAP: '0g' })).toThrow(/RINGSCOPE_IMPORT_HEAP/);
  });
});
