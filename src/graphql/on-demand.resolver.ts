// sharedDeviceRings, cashbackRings, coordinatedPurchaseRings: one detector, scoped, with the investigator's thresholds.
import crypto from 'node:crypto';
import { Arg, Authorized, ClassType, Ctx, Field, Float, ID, InputType, Int, Query, Resolver } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { GraphQLError } from 'graphql';
import { detectors } from '../detection/registry';
import { InvalidParameterError, parameterRange, validateOverrides } from '../detection/run';
import { Detector, ParameterDoc, Scope } from '../detection/types';
import { Context } from './context';
import { Ring, ringFromDetection } from './ring.type';

type AnyDetector = Detector<object>;

function detectorOf(kind: string): AnyDetector {
  const d = detectors.find((x) => x.kind === kind) as AnyDetector | undefined;
  if (!d) throw new Error(`no detector registered for ${kind}`);
  return d;
}

function pascal(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
}

/** A GraphQL input type with one optional field per documented detector parameter. */
function parametersInput(detector: AnyDetector): ClassType {
  const name = `${pascal(detector.name)}Parameters`;
  const Input = { [name]: class {} }[name];
  InputType(name, { description: `Thresholds of the ${detector.name} detector; omitted fields keep their defaults.` })(
    Input,
  );
  const defaults = detector.defaults as Record<string, unknown>;
  const docs = detector.parameters as Record<string, { description: string; unit?: string; type?: string }>;
  for (const [key, value] of Object.entries(defaults)) {
    const doc = docs[key];
    const type =
      doc?.type === 'Float' || (doc?.type === undefined && typeof value === 'number' && !Number.isInteger(value))
        ? Float
        : doc?.type === 'Int' || typeof value === 'number'
          ? Int
          : doc?.type === 'Boolean' || typeof value === 'boolean'
            ? Boolean
            : String;
    const unit = doc?.unit ? ` (${doc.unit})` : '';
    Field(() => type, {
      nullable: true,
      description: `${doc?.description ?? key}${unit}. Default ${JSON.stringify(value)}${typeof value === 'number' ? `, at most ${parameterRange(doc as ParameterDoc)[1]}` : ''}.`,
    })(Input.prototype, key);
  }
  return Input;
}

const SHARED = detectorOf('SHARED_DEVICE');
const CASHBACK = detectorOf('CASHBACK');
const LOCKSTEP = detectorOf('COORDINATED_PURCHASE');
const SharedDeviceInput = parametersInput(SHARED);
const CashbackInput = parametersInput(CASHBACK);
const LockstepInput = parametersInput(LOCKSTEP);

async function onDemand(
  detector: AnyDetector,
  ctx: Context,
  scope: Scope,
  parameters: Record<string, unknown> | null | undefined,
  limit: number,
): Promise<Ring[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ON_DEMAND_RINGS) {
    throw new GraphQLError(`limit must be a whole number from 1 to ${MAX_ON_DEMAND_RINGS}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const given = Object.entries(scope).filter(([, v]) => v !== null && v !== undefined);
  if (given.length !== 1) {
    throw new GraphQLError('give exactly one of accountId, productId or merchantId', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  // An empty id would mean "no scope" to the detector: a whole-graph run from one unauthenticated query.
  const [name, id] = given[0];
  if (!String(id).trim()) {
    throw new GraphQLError(`${name} must not be empty`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const overrides = Object.fromEntries(
    Object.entries(parameters ?? {}).filter(([, v]) => v !== null && v !== undefined),
  );
  try {
    validateOverrides({ [detector.name]: overrides });
  } catch (error) {
    if (error instanceof InvalidParameterError)
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw error;
  }
  await ctx.consume(ON_DEMAND_POINTS);
  const rings = await detector.detect(ctx.db, { ...detector.defaults, ...overrides }, Object.fromEntries(given));
  // The most certain first, and no more than asked: a shop's neighbourhood can hold many rings, each with its
  // members' evidence.
  return rings
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((r) => {
      const members = r.members.map((m) => m.accountId).sort();
      const hash = crypto.createHash('sha1').update(members.join('\n')).digest('hex').slice(0, 12);
      return ringFromDetection(r, `adhoc:${r.kind}:${hash}`);
    });
}

/** The on-demand detectors: the server's cost rule counts each as expensive. */
export const ON_DEMAND_FIELDS = ['sharedDeviceRings', 'cashbackRings', 'coordinatedPurchaseRings'];
/** Rate-limit points a scoped run takes beyond its request's one: a look-up costs 1, a detector run 10. */
export const ON_DEMAND_POINTS = 10;
/** Most rings one on-demand call returns (`limit`), and how many when the call does not say. */
export const MAX_ON_DEMAND_RINGS = 500;
export const DEFAULT_ON_DEMAND_RINGS = 50;
const LIMIT_DOC = `Most rings to return, most certain first: 1 to ${MAX_ON_DEMAND_RINGS}.`;

const SCOPE_DOC = 'Exactly one of accountId, productId, merchantId: the neighbourhood to search.';

// Scoped detectors read the accounts around one: investigators and admins only.
@Authorized(INVESTIGATOR)
@Resolver()
export class OnDemandResolver {
  @Query(() => [Ring], { description: `Device-farm rings around an account, product or shop. ${SCOPE_DOC}` })
  sharedDeviceRings(
    @Ctx() ctx: Context,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string,
    @Arg('productId', () => ID, { nullable: true }) productId?: string,
    @Arg('merchantId', () => ID, { nullable: true }) merchantId?: string,
    @Arg('parameters', () => SharedDeviceInput, { nullable: true }) parameters?: Record<string, unknown>,
    @Arg('limit', () => Int, { defaultValue: DEFAULT_ON_DEMAND_RINGS, description: LIMIT_DOC })
    limit = DEFAULT_ON_DEMAND_RINGS,
  ): Promise<Ring[]> {
    return onDemand(SHARED, ctx, { accountId, productId, merchantId }, parameters, limit);
  }

  @Query(() => [Ring], { description: `Cashback rings around an account, product or shop. ${SCOPE_DOC}` })
  cashbackRings(
    @Ctx() ctx: Context,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string,
    @Arg('productId', () => ID, { nullable: true }) productId?: string,
    @Arg('merchantId', () => ID, { nullable: true }) merchantId?: string,
    @Arg('parameters', () => CashbackInput, { nullable: true }) parameters?: Record<string, unknown>,
    @Arg('limit', () => Int, { defaultValue: DEFAULT_ON_DEMAND_RINGS, description: LIMIT_DOC })
    limit = DEFAULT_ON_DEMAND_RINGS,
  ): Promise<Ring[]> {
    return onDemand(CASHBACK, ctx, { accountId, productId, merchantId }, parameters, limit);
  }

  @Query(() => [Ring], { description: `Lockstep purchase rings around an account, product or shop. ${SCOPE_DOC}` })
  coordinatedPurchaseRings(
    @Ctx() ctx: Context,
    @Arg('accountId', () => ID, { nullable: true }) accountId?: string,
    @Arg('productId', () => ID, { nullable: true }) productId?: string,
    @Arg('merchantId', () => ID, { nullable: true }) merchantId?: string,
    @Arg('parameters', () => LockstepInput, { nullable: true }) parameters?: Record<string, unknown>,
    @Arg('limit', () => Int, { defaultValue: DEFAULT_ON_DEMAND_RINGS, description: LIMIT_DOC })
    limit = DEFAULT_ON_DEMAND_RINGS,
  ): Promise<Ring[]> {
    return onDemand(LOCKSTEP, ctx, { accountId, productId, merchantId }, parameters, limit);
  }
}
