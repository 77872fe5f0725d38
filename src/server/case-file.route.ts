// GET /rings/:id/export?format=json|csv|graphml: a ring's case file as a download, on the audit trail like /graphql.
import crypto from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { ReturnedIds } from '../auth/audit';
import { Context } from '../graphql/context';
import { logger } from '../util/logger';
import { AccessError, auditRoute, principalOf, requireRole, RouteOperation, sendAccessError } from './access';
import { CaseFileError, readCaseFile, returnedBy } from './case-file';
import { CASE_FILE_FORMATS, CaseFileFormat, renderCaseFile } from './case-file-formats';
import { formatError } from './errors';

/** The export's audit entry: operation `export`, with the ring and the format asked for. */
const EXPORT: RouteOperation = {
  name: 'export',
  variables: (req) => ({ ringId: String(req.params.id), format: formatOf(req) }),
};

const formatOf = (req: Request): string => String(req.query.format ?? 'json');

/** What the route answers: a file, or an error in words with its code (which is also the audit outcome). */
type Answer =
  | { outcome: 'ok'; returned: ReturnedIds; send(res: Response): void }
  | { outcome: string; status: number; message: string };

async function answer(schema: GraphQLSchema, context: Context, req: Request): Promise<Answer> {
  const format = formatOf(req) as CaseFileFormat;
  if (!CASE_FILE_FORMATS.includes(format))
    return { outcome: 'BAD_REQUEST', status: 400, message: `format must be one of ${CASE_FILE_FORMATS.join(', ')}` };
  const id = String(req.params.id);
  try {
    const file = await readCaseFile(schema, context, id);
    const { body, contentType, extension } = renderCaseFile(file, format);
    logger.info({ ring: id, run: file.run.id, format, principal: principalOf(req).keyName }, 'case file exported');
    return {
      outcome: 'ok',
      returned: returnedBy(file),
      send: (res) =>
        res
          .status(200)
          .type(contentType)
          .set({
            'Content-Disposition': `attachment; filename="${id}-${file.run.id}.${extension}"`,
            // The bytes are fixed by the ring and its run; the moment of export is a header, so it cannot change them.
            'X-Ringscope-Exported-At': new Date().toISOString(),
            'Last-Modified': new Date(file.asOf).toUTCString(),
            ETag: `"${crypto.createHash('sha256').update(body).digest('hex')}"`,
            'Cache-Control': 'no-store',
          })
          .send(body),
    };
  } catch (error) {
    if (error instanceof CaseFileError) return { outcome: error.code, status: error.status, message: error.message };
    if (error instanceof GraphQLError) {
      // The same words and code as /graphql would give (a timeout, a replaced run), never internals.
      const formatted = formatError(error.toJSON(), error);
      const code = String(formatted.extensions?.code);
      const status = code === 'QUERY_TIMEOUT' ? 504 : code === 'RUN_REPLACED' ? 409 : 500;
      return { outcome: code, status, message: formatted.message };
    }
    throw error;
  }
}

export function caseFileRoute(schema: GraphQLSchema, contextFor: (req: Request) => Context) {
  const send = async (req: Request, res: Response, next: NextFunction) => {
    try {
      let result: Answer;
      try {
        result = await answer(schema, contextFor(req), req);
      } catch (error) {
        // Even a failure nobody foresaw is on the trail before Express answers it.
        await auditRoute(req, EXPORT, 'ERROR');
        throw error;
      }
      // Written before the answer leaves: if the trail cannot be written, the file is withheld (AUDIT_UNAVAILABLE).
      await auditRoute(req, EXPORT, result.outcome, 'returned' in result ? result.returned : undefined);
      if ('send' in result) result.send(res);
      else
        res.status(result.status).json({ errors: [{ message: result.message, extensions: { code: result.outcome } }] });
    } catch (error) {
      if (error instanceof AccessError) sendAccessError(res, error);
      else next(error);
    }
  };
  return [requireRole('investigator', EXPORT), send];
}
