// Apollo plugin with one job: an audit entry per authenticated request, written before the answer is sent.
import { ApolloServerPlugin } from '@apollo/server';
import { Context } from '../graphql/context';
import { logger } from '../util/logger';
import { Access } from './access';

const RETURNED_TYPES = new Set(['Account', 'Product', 'Merchant']);

export function auditPlugin(access: Access): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.asker.open) return;
      const started = Date.now();
      const returned = contextValue.returned;
      return {
        async executionDidStart() {
          return {
            // Whatever the client selected, an account whose fields were resolved was returned.
            willResolveField({ source, info }) {
              const type = info.parentType.name;
              if (RETURNED_TYPES.has(type)) returned.add(type as 'Account', (source as { id?: unknown })?.id);
              else if (type === 'GraphNode' && info.fieldName === 'id')
                returned.addNodeId((source as { id?: unknown }).id);
            },
          };
        },
        async willSendResponse(rc) {
          const asker = rc.contextValue.asker;
          try {
            await access.audit({
              keyName: asker.keyName!,
              role: asker.role,
              operation: rc.operationName ?? rc.operation?.name?.value ?? 'anonymous',
              query: rc.source ?? rc.request.query ?? '',
              variables: rc.request.variables ?? {},
              accountIds: [...returned.accounts],
              productIds: [...returned.products],
              merchantIds: [...returned.merchants],
              outcome: String(rc.errors?.[0]?.extensions?.code ?? (rc.errors?.length ? 'ERROR' : 'ok')),
              durationMs: Date.now() - started,
            });
          } catch (error) {
            // No trail, no answer: the data the request read is withheld.
            logger.error({ err: error, key: asker.keyName }, 'audit entry could not be written; answer withheld');
            rc.response.http.status = 503;
            rc.response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'The audit trail could not be written, so the answer is withheld; try again shortly.',
                    extensions: { code: 'AUDIT_UNAVAILABLE' },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
