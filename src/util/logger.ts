// Structured logging (pino): JSON lines to stderr so stdout stays free for command output.
import pino from 'pino';

export const logger = pino({ level: process.env.LOG_LEVEL || 'info', base: { app: 'ringscope' } }, pino.destination(2));
