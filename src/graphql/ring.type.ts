// A ring as investigators see it: kind, score, members with evidence, what it benefits, and its graph.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DetectedMember, DetectedRing, RingKind as Kind } from '../detection/types';
import { ConnectionType } from './connection.type';
import { Account } from './entities.type';

export enum RingKind {
  SHARED_DEVICE = 'SHARED_DEVICE',
  CASHBACK = 'CASHBACK',
  SHARED_NETWORK = 'SHARED_NETWORK',
  COORDINATED_PURCHASE = 'COORDINATED_PURCHASE',
  TASK_BRUSHING = 'TASK_BRUSHING',
  LIKE_BRUSHING = 'LIKE_BRUSHING',
  REVIEW_ATTACK = 'REVIEW_ATTACK',
  TEMPLATE_TEXT = 'TEMPLATE_TEXT',
  REVIEW_BURST = 'REVIEW_BURST',
  COMBINED = 'COMBINED',
}

registerEnumType(RingKind, {
  name: 'RingKind',
  description: 'What gave the ring away; COMBINED rings were caught by more than one detector (see `signals`).',
  valuesConfig: {
    SHARED_DEVICE: { description: 'Device farm: many accounts on a few shared phones or emulators.' },
    CASHBACK: { description: 'One payer reimbursing many reviewers of a shop, principal plus commission.' },
    SHARED_NETWORK: {
      description:
        'Emulator studio: accounts with devices of their own behind the same few IPs or one /24, shopping as one.',
    },
    COORDINATED_PURCHASE: { description: 'Lockstep: the same accounts buying the same products in the same windows.' },
    TASK_BRUSHING: {
      description: 'Recruited buyers arriving by one rare keyword, browsing alike, new to the shop, 5-starring on cue.',
    },
    LIKE_BRUSHING: {
      description: "Accounts liking a shop's reviews within hours of their posting, far beyond chance.",
    },
    REVIEW_ATTACK: {
      description: "A burst of 1-star reviews on a competitor's products, beyond the product's own rate.",
    },
    TEMPLATE_TEXT: {
      description: 'The same or near-identical review texts across accounts, concentrated on one shop.',
    },
    REVIEW_BURST: {
      description: 'Reviews only: a burst of extreme ratings from new accounts on one product beyond its own rate.',
    },
    COMBINED: { description: 'Caught by two or more detectors; its score is higher than each part.' },
  },
});

@ObjectType({ description: 'An account in a ring, how strongly it is tied to it, and the facts that tie it.' })
export class RingMember {
  @Field(() => Account)
  account!: Account;

  @Field(() => Float, { description: '0 to 1.' })
  score!: number;

  @Field(() => [String], { description: 'Checkable facts with ids, times and amounts.' })
  evidence!: string[];

  @Field({ description: 'member, organiser or intermediary.' })
  role!: string;

  @Field(() => [RingKind], {
    description:
      "The signals that caught this account; in a COMBINED ring, a subset of the ring's signals (COMBINED rings stored by ringscope before 2026-11-25 show the ring's signals until the next run).",
  })
  signals!: RingKind[];
}

/** A member as held for resolvers: a stored ring's evidence is null until a query asks for it. */
export type HeldMember = Omit<DetectedMember, 'evidence'> & { evidence: string[] | null };

export interface RingDetails {
  members: HeldMember[];
  devices: string[];
  payments: string[];
  products: string[];
  orders: string[];
  reviews: string[];
  merchants: string[];
}

@ObjectType({ description: 'A suspected brushing ring.' })
export class Ring {
  @Field(() => ID, {
    description:
      'Stored rings: "ring-" and 10 hex digits, kept from run to run while the ring keeps most of its members (Jaccard >= 0.5), so saved links survive a re-run. On-demand rings: "adhoc:..." (not stored).',
  })
  id!: string;

  @Field(() => RingKind)
  kind!: RingKind;

  @Field(() => Float, { description: '0 to 1; higher is more certain.' })
  score!: number;

  @Field(() => Int, { description: 'Number of member accounts.' })
  size!: number;

  @Field({ description: 'Plain-language account of why this is a ring.' })
  explanation!: string;

  @Field(() => Date, { nullable: true })
  firstActivity!: Date | null;

  @Field(() => Date, { nullable: true })
  lastActivity!: Date | null;

  @Field(() => [RingKind], { description: 'Each detector that flagged these accounts.' })
  signals!: RingKind[];

  @Field({ description: 'False for rings computed on demand with your own thresholds.' })
  stored!: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'When this ring (under this id) first became visible: the end of the detection run that first found it; null for on-demand rings. rings(detectedSince:) filters on it.',
  })
  firstDetected!: Date | null;

  /** Present on on-demand rings and once loaded for stored ones. */
  details?: RingDetails;

  /** The detection run a stored ring belongs to (its id is unique within the run). */
  runId?: string;
}

@ObjectType()
export class RingConnection extends ConnectionType(Ring, 'Ring') {}

/** A ring straight from a detector (on-demand queries) as the GraphQL object. */
export function ringFromDetection(r: DetectedRing, id: string): Ring {
  return {
    id,
    kind: r.kind as RingKind,
    score: r.score,
    size: r.members.length,
    explanation: r.explanation,
    firstActivity: r.firstActivity,
    lastActivity: r.lastActivity,
    signals: r.signals as unknown as RingKind[],
    stored: false,
    firstDetected: null,
    details: {
      members: [...r.members].sort((a, b) => b.score - a.score || a.accountId.localeCompare(b.accountId)),
      devices: r.devices,
      payments: r.payments,
      products: r.products,
      orders: r.orders,
      reviews: r.reviews,
      merchants: r.merchants,
    },
  };
}

export type StoredKind = Kind;
