// runDetection (for those allowed to change data) and the current run's summary.
import { Arg, Authorized, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ADMIN, VIEWER } from './auth-checker';
import { GraphQLError } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DetectionDeadlineError } from '../detection/detect-worker';
import { InvalidParameterError, ringsByKind, runDetection } from '../detection/run';
import { currentRun, CurrentRun } from '../detection/store';
import { Context } from './context';

@ObjectType({ description: 'A detection run: when, with which parameters, and what it found.' })
export class DetectionRunInfo {
  @Field(() => ID)
  id!: string;

  @Field()
  startedAt!: Date;

  @Field()
  finishedAt!: Date;

  @Field(() => Int)
  ringCount!: number;

  @Field(() => GraphQLJSONObject, { description: 'Every parameter of every detector as used, by detector name.' })
  parameters!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'Seconds spent per detector and on storing.' })
  timings!: Record<string, unknown>;
}

@ObjectType()
export class RingCount {
  @Field()
  kind!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class DetectionResult {
  @Field(() => DetectionRunInfo)
  run!: DetectionRunInfo;

  @Field(() => [RingCount])
  ringsByKind!: RingCount[];

  @Field(() => Float)
  seconds!: number;
}

/** A stored run as GraphQL returns it (its parameters and timings are stored as JSON text). */
export function runInfo(run: CurrentRun): DetectionRunInfo {
  return { ...run, parameters: JSON.parse(run.parameters), timings: JSON.parse(run.timings ?? '{}') };
}

@Resolver()
export class DetectionResolver {
  @Authorized(VIEWER)
  @Query(() => DetectionRunInfo, {
    nullable: true,
    description: 'The run whose rings `rings` returns; null before any run.',
  })
  async detectionRun(@Ctx() ctx: Context): Promise<DetectionRunInfo | null> {
    const run = await currentRun(ctx.db);
    return run && runInfo(run);
  }

  @Authorized(ADMIN)
  @Mutation(() => DetectionResult, {
    description:
      'Runs every detector over the whole graph and replaces the stored rings (queries keep seeing the old run until the new one is complete). A batch job: bounded by RINGSCOPE_DETECTION_DEADLINE_MS, not by the request deadline; past it nothing is stored (QUERY_TIMEOUT).',
  })
  async runDetection(
    @Ctx() ctx: Context,
    @Arg('parameters', () => GraphQLJSONObject, {
      nullable: true,
      description: 'Overrides by detector name, e.g. {"cashback": {"minPayees": 4}}; see README for every parameter.',
    })
    parameters?: Record<string, Record<string, unknown>> | null,
  ): Promise<DetectionResult> {
    try {
      const { run, rings, parameters: used, timings } = await runDetection(ctx.db, parameters ?? undefined);
      return {
        run: { ...run, ringCount: run.rings, parameters: used, timings },
        ringsByKind: Object.entries(ringsByKind(rings)).map(([kind, count]) => ({ kind, count })),
        seconds: (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000,
      };
    } catch (error) {
      if (error instanceof InvalidParameterError) {
        throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      if (error instanceof DetectionDeadlineError) {
        throw new GraphQLError(`The ${error.message.slice(4)}.`, { extensions: { code: 'QUERY_TIMEOUT' } });
      }
      throw error;
    }
  }
}
