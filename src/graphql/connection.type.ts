// One generic Relay connection for every list (type-graphql has none built in), with keyset cursors.
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { IsOptional, Max, Min, MaxLength } from 'class-validator';
import { GraphQLError } from 'graphql';

export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Relay page information; only forward pagination (first/after) is offered.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** `class XConnection extends ConnectionType(X, 'X') {}` gives XConnection and XEdge. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeClass {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionClass implements Connection<T> {
    @Field(() => [EdgeClass])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items in the whole list, not just this page.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @MaxLength(500)
  after?: string | null;
}

/** A cursor is the opaque, base64url-encoded sort key of the last row seen. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key.map((k) => (k instanceof Date ? k.toISOString() : k)))).toString('base64url');
}

/** What each element of a list's sort key is: cursors are checked against it, so a forged one is a clear error. */
export type CursorKey = 'string' | 'number' | 'time';

function fits(value: unknown, kind: CursorKey): boolean {
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'time') return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  return typeof value === 'string';
}

export function decodeCursor(after: string | null | undefined, shape: CursorKey[]): unknown[] | null {
  if (!after) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === shape.length && key.every((k, i) => fits(k, shape[i]))) return key;
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('`after` is not a cursor returned by this list', { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Builds a connection from rows fetched with LIMIT first + 1 (the extra row only tells hasNextPage). */
export function toConnection<T>(rows: { node: T; key: unknown[] }[], first: number, totalCount: number): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((r) => ({ cursor: encodeCursor(r.key), node: r.node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
