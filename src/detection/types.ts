// The face every detector shares: a kind, documented parameters, and rings with evidence an investigator can check.
import { Database } from '../db/database';

export type RingKind =
  | 'SHARED_DEVICE'
  | 'SHARED_NETWORK'
  | 'CASHBACK'
  | 'COORDINATED_PURCHASE'
  | 'TASK_BRUSHING'
  | 'LIKE_BRUSHING'
  | 'REVIEW_ATTACK'
  | 'TEMPLATE_TEXT'
  | 'REVIEW_BURST'
  | 'COMBINED';

/** Every single-detector kind, in the order the README and GraphQL list them. */
export const SIGNAL_KINDS = [
  'SHARED_DEVICE',
  'SHARED_NETWORK',
  'CASHBACK',
  'COORDINATED_PURCHASE',
  'TASK_BRUSHING',
  'LIKE_BRUSHING',
  'REVIEW_ATTACK',
  'TEMPLATE_TEXT',
  'REVIEW_BURST',
] as const satisfies readonly Exclude<RingKind, 'COMBINED'>[];

/** Restricts an on-demand run to the neighbourhood of one account, product or merchant. */
export interface Scope {
  accountId?: string;
  productId?: string;
  merchantId?: string;
}

export interface DetectedMember {
  accountId: string;
  /** 0..1: how strongly this account is tied to the ring. */
  score: number;
  /** Plain-language, checkable facts: "used device d12 with 9 other members", "paid 45.90 by a7 19 h after 5-star review r3". */
  evidence: string[];
  /** Role where it matters, e.g. 'organiser', 'intermediary', 'member'. */
  role?: string;
  /** In a COMBINED ring, the signals that caught this account (the ring's signals when absent). */
  signals?: Exclude<RingKind, 'COMBINED'>[];
}

export interface DetectedRing {
  kind: RingKind;
  /** 0..1. */
  score: number;
  members: DetectedMember[];
  /** Ids of the things behind the ring, each checkable in the graph. */
  devices: string[];
  payments: string[];
  products: string[];
  orders: string[];
  reviews: string[];
  /** Shops the ring benefits. */
  merchants: string[];
  firstActivity: Date | null;
  lastActivity: Date | null;
  /** Kinds of signal behind the ring (one for a single detector; several for COMBINED). */
  signals: Exclude<RingKind, 'COMBINED'>[];
  explanation: string;
}

export interface ParameterDoc {
  description: string;
  unit?: string;
  /** GraphQL type of the parameter; inferred from the default when absent (whole number -> Int). */
  type?: 'Int' | 'Float' | 'String' | 'Boolean';
  /**
   * Largest value an override may take, chosen so that one on-demand run stays within a request's budget (a hub
   * cut-off of 2^53 would pair every account of a busy IP in the event loop). Shares, scores and ratings have theirs
   * from the unit; every other number must declare one (a test checks every registered detector).
   */
  max?: number;
}

export interface Detector<P extends object> {
  kind: Exclude<RingKind, 'COMBINED'>;
  /** Short name used in the CLI, logs and run parameters, e.g. 'shared-device'. */
  name: string;
  defaults: P;
  /** One line per parameter; the README's table is generated from these. */
  parameters: Record<keyof P, ParameterDoc>;
  detect(db: Database, params: P, scope?: Scope): Promise<DetectedRing[]>;
  /**
   * Looks again once every detector of the run has found its rings (`knownRings`, its own included): their members no
   * longer count as the ordinary customers a null model compares with, nor as members of a new group, which must be
   * significant on its own. Returns only the new rings; they are added to what `detect` found.
   */
  refine?(db: Database, params: P, knownRings: DetectedRing[], scope?: Scope): Promise<DetectedRing[]>;
}
