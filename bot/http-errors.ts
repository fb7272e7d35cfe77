import type { ErrorRequestHandler } from 'express';
import type { Logger } from './logger';

/** An error that becomes an HTTP answer with a reason the caller can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'HttpError';
  }
}

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** The one place errors turn into HTTP answers (JSON `{ error }`), never a stack trace. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: error.reason });
      return;
    }
    const parser = error as BodyParserError;
    if (parser.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body is too large' });
      return;
    }
    if (parser.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'request body is not valid JSON' });
      return;
    }
    if (parser.type === 'encoding.unsupported' || parser.type === 'charset.unsupported') {
      res.status(415).json({ error: 'unsupported body encoding' });
      return;
    }
    const status = parser.status ?? parser.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: 'bad request' });
      return;
    }
    log.error({ err: error, path: req.path }, 'unhandled request error');
    res.status(500).json({ error: 'internal error' });
  };
}
