// Apollo plugin with one job: one structured log line per operation (name, duration, errors).
import { ApolloServerPlugin } from '@apollo/server';
import { logger } from '../util/logger';

export function requestLogPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          logger.info(
            { operation: ctx.operationName ?? null, ms: Math.round(ms * 10) / 10, errors: ctx.errors?.length ?? 0 },
            'graphql',
          );
        },
      };
    },
  };
}
