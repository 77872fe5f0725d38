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
