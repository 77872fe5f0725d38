// Apollo plugin with one job: Prometheus metrics per operation (count and duration, by outcome), served on /metrics.
import { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ringscope_' });

const operationSeconds = new Histogram({
  name: 'ringscope_graphql_operation_seconds',
  help: 'GraphQL operations by name and outcome (ok or the first error code), in seconds',
  labelNames: ['operation', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
  registers: [metricsRegistry],
});

export function metricsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const stop = operationSeconds.startTimer();
      return {
        async willSendResponse(ctx) {
          const code = ctx.errors?.[0]?.extensions?.code;
          // Operation names come from clients: only the name, never the query text, becomes a label.
          stop({ operation: (ctx.operationName ?? 'anonymous').slice(0, 64), outcome: code ? String(code) : 'ok' });
        },
      };
    },
  };
}
