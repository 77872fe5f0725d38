// The face every field planner shares: one group kind, its documented parameters, and how it writes its groups.
import { T } from '../format';
import { Rng } from '../prng';
import { ParameterSpec, ParameterSpecs, Settings } from './settings';
import { World } from './world';

export interface GroupPlanner {
  /** The kind as rings.csv / negatives.csv spell it. */
  kind: string;
  truth: 'rings' | 'negatives';
  parameters: ParameterSpecs;
  /** Writes this kind's groups (members, their activity, truth rows); `scale` grows group counts with the dataset. */
  plan(world: World, rng: Rng, settings: Settings, scale: number): void;
}

export const groupsParam = (lo: number, hi: number): ParameterSpec => ({
  range: [lo, hi],
  whole: true,
  description: 'groups planted per 20,000 ordinary accounts (at least this many on smaller datasets); 0 plants none',
});

export const sizeParam = (lo: number, hi: number, what = 'accounts per group'): ParameterSpec => ({
  range: [lo, hi],
  whole: true,
  log: true,
  description: what,
});

export const camouflageParam = (lo = 0, hi = 0.5): ParameterSpec => ({
  range: [lo, hi],
  description: "share of a member's orders that are ordinary shopping (camouflage), 0 to 0.95",
});

/** How many groups to plant: the drawn count, times the scale, at least the drawn count. */
export function groupCount(rng: Rng, settings: Settings, scale: number): number {
  return Math.round(settings.draw(rng, 'groups') * Math.max(1, scale));
}

/** Ordinary orders so that they make up `share` of the member's orders beside its `ringOrders`. */
export function camouflage(
  world: World,
  rng: Rng,
  member: number,
  ringOrders: number,
  share: number,
  avoid?: ReadonlySet<number>,
): void {
  const s = Math.min(0.95, Math.max(0, share));
  const k = Math.round((ringOrders * s) / (1 - s));
  if (k > 0) world.shop(rng, member, k, { avoid });
}

/** A network address in a block of its own per kind of place (first octet) and group ordinal. */
export function placeIp(block: number, ordinal: number, host: number): string {
  return `${block}.${(ordinal >>> 8) & 255}.${ordinal & 255}.${host & 255}`;
}

/** Delay until a review, log-uniform between an hour and `maxDays`. */
export const reviewDelay = (rng: Rng, maxDays = 5): number => Math.round(rng.logRange(T.HOUR, maxDays * T.DAY));
