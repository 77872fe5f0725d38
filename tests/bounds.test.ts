// Every detector parameter has an upper bound, declared beside its documentation, and overrides past it are refused.
import { detectors } from '../src/detection/registry';
import { InvalidParameterError, parameterRange, validateOverrides } from '../src/detection/run';
import { ParameterDoc } from '../src/detection/types';

const numeric = detectors.flatMap((d) =>
  Object.entries(d.defaults as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number')
    .map(
      ([name, value]) => [d.name, name, value as number, (d.parameters as Record<string, ParameterDoc>)[name]] as const,
    ),
);

it.each(numeric)('%s.%s has a bound at or above its default', (_detector, _name, value, doc) => {
  const [, max] = parameterRange(doc);
  expect(Number.isFinite(max)).toBe(true);
  expect(max).toBeGreaterThanOrEqual(value);
  expect(max).toBeLessThan(1e6);
});

it('an override past a bound is refused before anything runs, and one at the bound is accepted', () => {
  const [, max] = parameterRange(
    (detectors.find((d) => d.name === 'cashback')!.parameters as Record<string, ParameterDoc>).maxFundingHops,
  );
  expect(() => validateOverrides({ cashback: { maxFundingHops: 2 ** 53 } })).toThrow(InvalidParameterError);
  expect(() => validateOverrides({ cashback: { maxFundingHops: max + 1 } })).toThrow(`between 0 and ${max}`);
  expect(validateOverrides({ cashback: { maxFundingHops: max } })).toEqual({
    cashback: { maxFundingHops: max },
  });
});

it('overrides that are not an object of own, known parameters are refused, not crashed on', () => {
  for (const bad of [null, 'x', [1, 2], 3])
    expect(() => validateOverrides({ cashback: bad as never })).toThrow(/must be an object of parameters/);
  expect(() => validateOverrides(JSON.parse('{"cashback": {"__proto__": {"minPayees": 1}}}'))).toThrow(
    'cashback has no parameter "__proto__"',
  );
  expect(() => validateOverrides({ cashback: { constructor: {} } })).toThrow('no parameter "constructor"');
});

it("a list parameter (review-burst's windows) is as bounded as a number: 1 to 10 numbers, each within its bound", () => {
  const windows = (value: unknown) => () => validateOverrides({ 'review-burst': { burstWindowsDays: value } });
  expect(windows('1,7,30')).not.toThrow();
  expect(windows('365')).not.toThrow();
  expect(windows(7)).not.toThrow(); // the CLI's --set gives a single window as a number
  for (const bad of ['', '1,,7', '0', '366', '1,x', '1) MATCH (n) DETACH DELETE n //', '1,2,3,4,5,6,7,8,9,10,11'])
    expect(windows(bad)).toThrow(/burstWindowsDays must be 1 to 10 comma-separated numbers/);
});
