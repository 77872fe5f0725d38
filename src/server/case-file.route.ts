// GET /rings/:id/export?format=json|csv|graphml: a ring's case file as a download.
import crypto from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { Context } from '../graphql/context';
import { principalOf, requireRole } from './access';
import { CaseFileError, readCaseFile } from './case-file';
import { CASE_FILE_FORMATS, CaseFileFormat, renderCaseFile } from './case-file-formats';
import { logger } from '../util/logger';
import { formatError } from './errors';

export function caseFileRoute(schema: GraphQLSchema, contextFor: (req: Request) => Context) {
  const send = async (req: Request, res: Response, next: NextFunction) => {
    const format = String(req.query.format ?? 'json') as CaseFileFormat;
    if (!CASE_FILE_FORMATS.includes(format)) {
      res.status(400).json({
        errors: [
          { message: `format must be one of ${CASE_FILE_FORMATS.join(', ')}`, extensions: { code: 'BAD_REQUEST' } },
        ],
      });
      return;
    }
    try {
      const id = String(req.params.id);
      const file = await readCaseFile(schema, contextFor(req), id);
      const { body, contentType, extension } = renderCaseFile(file, format);
      logger.info(
        { ring: id, run: file.run.id, format, principal: principalOf(req)?.keyId ?? null },
        'case file exported',
      );
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
        .send(body);
    } catch (error) {
      if (error instanceof CaseFileError) {
        res.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code } }] });
        return;
      }
      if (error instanceof GraphQLError) {
        // The same words and code as /graphql would give (a timeout, a replaced run), never internals.
        const formatted = formatError(error.toJSON(), error);
        const code = String(formatted.extensions?.code);
        const status = code === 'QUERY_TIMEOUT' ? 504 : code === 'RUN_REPLACED' ? 409 : 500;
        res.status(status).json({ errors: [{ message: formatted.message, extensions: { code } }] });
        return;
      }
      next(error);
    }
  };
  return [requireRole('investigator'), send];
}
