// ringEvents(since): the new and grown rings of each detection run, the same events the webhooks receive.
import {
  Args,
  Authorized,
  ArgsType,
  Ctx,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { ConnectionType, PageArgs } from './connection.type';
import { VIEWER } from './auth-checker';
import { Context } from './context';
import { pagedRead } from './paged-read';
import { RingKind } from './ring.type';

export enum RingEventType {
  RING_NEW = 'RING_NEW',
  RING_GREW = 'RING_GREW',
}

registerEnumType(RingEventType, {
  name: 'RingEventType',
  valuesConfig: {
    RING_NEW: { description: 'A ring no earlier run had (a fresh id).' },
    RING_GREW: { description: 'A kept ring whose members grew by at least RINGSCOPE_RING_GROWTH of its size.' },
  },
});

@ObjectType({ description: 'What a detection run changed about one ring; posted to RINGSCOPE_WEBHOOKS as well.' })
export class RingEvent {
  @Field(() => ID, { description: '"<runId>:<ringId>".' })
  id!: string;

  @Field(() => RingEventType)
  type!: RingEventType;

  @Field(() => ID)
  ringId!: string;

  @Field(() => ID)
  runId!: string;

  @Field({ description: 'When the run that saw it finished.' })
  at!: Date;

  @Field(() => RingKind)
  kind!: RingKind;

  @Field(() => Float)
  score!: number;

  @Field(() => Int)
  size!: number;

  @Field(() => Int, { nullable: true, description: 'Members in the run before; null for a new ring.' })
  previousSize!: number | null;

  @Field()
  explanation!: string;
}

@ObjectType()
export class RingEventConnection extends ConnectionType(RingEvent, 'RingEvent') {}

@ArgsType()
export class RingEventsArgs extends PageArgs {
  @Field({ description: 'Events at or after this time, oldest first.' })
  since!: Date;
}

@Resolver()
export class RingEventsResolver {
  @Authorized(VIEWER)
  @Query(() => RingEventConnection, {
    description: 'New and grown rings, run by run, since a time (what alerts are sent for).',
  })
  ringEvents(@Args() { since, ...page }: RingEventsArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'alerts/list-events',
      { since: since.toISOString() },
      page,
      ['time', 'string'],
      (n) => n as unknown as RingEvent,
    );
  }
}
