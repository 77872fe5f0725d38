// formatError: clients get a code and a clear message, never a stack trace or a Cypher string.
import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DeadlineExceededError, isDatabaseUnavailable } from '../db/database';
import { logger } from '../util/logger';

const PASS_THROUGH = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'NOT_FOUND',
  'QUERY_TIMEOUT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RUN_REPLACED',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'AUDIT_UNAVAILABLE',
]);

interface ValidationError {
  property: string;
  constraints?: Record<string, string>;
}

interface Neo4jLikeError {
  code?: string;
  gqlStatus?: string;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error) as Neo4jLikeError & Error;
  const code = String(formatted.extensions?.code ?? '');
  if (original instanceof DeadlineExceededError) {
    return {
      message: 'The request ran past its deadline (RINGSCOPE_REQUEST_DEADLINE_MS) and was stopped; ask for less.',
      path: formatted.path,
      extensions: { code: 'QUERY_TIMEOUT' },
    };
  }
  if (isDatabaseUnavailable(original)) {
    return {
      message: 'The database is not answering; try again shortly.',
      path: formatted.path,
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    };
  }
  if (
    original?.code?.includes('TransactionTimedOut') ||
    original?.code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'
  ) {
    return {
      message: 'The query ran past its time limit and was stopped; ask for less (a smaller `first`, depth or limit).',
      path: formatted.path,
      extensions: { code: 'QUERY_TIMEOUT' },
    };
  }
  if (PASS_THROUGH.has(code)) {
    const validation = (formatted.extensions as Record<string, unknown> | undefined)?.validationErrors as
      ValidationError[] | undefined;
    if (validation?.length) {
      // class-validator's own words ("first must not be greater than 100"), without echoing the whole input back.
      const problems = validation.map((v) => ({ argument: v.property, reasons: Object.values(v.constraints ?? {}) }));
      return {
        message: `Invalid argument: ${problems.flatMap((p) => p.reasons).join('; ')}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code, problems },
      };
    }
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  logger.error({ err: original, path: formatted.path }, 'internal error while answering a GraphQL request');
  return {
    message: 'Internal server error; the details are in the server log.',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
