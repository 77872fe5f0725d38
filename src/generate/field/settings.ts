// Parameters of the field generator: every size, window, lag, amount and share is a range a group draws from.
import { Rng } from '../prng';

export interface ParameterSpec {
  /** Default range [lo, hi]; a group draws its own value from it. */
  range: [number, number];
  description: string;
  /** Drawn log-uniformly (sizes, windows, lags spanning orders of magnitude). */
  log?: boolean;
  /** Rounded to a whole number. */
  whole?: boolean;
}

export type ParameterSpecs = Record<string, ParameterSpec>;

/** `pattern.param=value` or `pattern.param=lo..hi`; `*.param` sets it on every planner that has it. */
export type Overrides = Record<string, [number, number]>;

export function parseSettings(sets: readonly string[]): Overrides {
  const out: Overrides = {};
  for (const set of sets) {
    const m = /^([\w*]+)\.(\w+)=(-?\d+(?:\.\d+)?)(?:\.\.(-?\d+(?:\.\d+)?))?$/.exec(set.trim());
    if (!m) throw new Error(`--set expects pattern.param=value or pattern.param=lo..hi, not "${set}"`);
    const lo = Number(m[3]);
    const hi = m[4] === undefined ? lo : Number(m[4]);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) throw new Error(`--set ${set}: not a range`);
    out[`${m[1]}.${m[2]}`] = [lo, hi];
  }
  return out;
}

/** One planner's parameters with the caller's overrides applied; draws values for a group. */
export class Settings {
  private readonly ranges: Record<string, [number, number]> = {};

  constructor(
    readonly planner: string,
    private readonly specs: ParameterSpecs,
    overrides: Overrides,
  ) {
    for (const [name, spec] of Object.entries(specs))
      this.ranges[name] = overrides[`${planner}.${name}`] ?? overrides[`*.${name}`] ?? spec.range;
  }

  range(name: string): [number, number] {
    const r = this.ranges[name];
    if (!r) throw new Error(`${this.planner} has no parameter ${name}`);
    return r;
  }

  /** A value for one group (or one member): uniform or log-uniform in the range, whole when the spec says so. */
  draw(rng: Rng, name: string): number {
    const [lo, hi] = this.range(name);
    const spec = this.specs[name];
    const x = lo === hi ? lo : spec.log && lo > 0 ? rng.logRange(lo, hi) : rng.range(lo, hi);
    return spec.whole ? Math.round(x) : x;
  }
}

/** Every parameter key the planners know, to reject a misspelt --set. */
export function checkOverrides(overrides: Overrides, specs: Record<string, ParameterSpecs>): void {
  for (const key of Object.keys(overrides)) {
    const [planner, name] = key.split('.');
    const known =
      planner === '*'
        ? Object.values(specs).some((s) => name in s)
        : specs[planner] !== undefined && name in specs[planner];
    if (!known) throw new Error(`unknown generator parameter ${key} (see ringscope generate --help)`);
  }
}
