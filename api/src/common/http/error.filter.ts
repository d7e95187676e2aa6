import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, statusFor } from '../errors.js';

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  correlationId: string;
  details?: { field: string; message: string }[];
}

/** Nest and body-parser errors that reach us as HttpException, translated to domain codes. */
function fromHttpException(e: HttpException): DomainError {
  const status = e.getStatus();
  if (e.cause instanceof SyntaxError) {
    return new DomainError('BAD_REQUEST', 'The request body is not valid JSON.');
  }
  switch (status) {
    case 400:
      return new DomainError(
        'BAD_REQUEST',
        'The request could not be processed. Check what was sent and try again.',
      );
    case 401:
      return new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
    case 403:
      return new DomainError('FORBIDDEN', 'You do not have access to this.');
    case 404:
      return new DomainError('NOT_FOUND', 'There is nothing at this address.');
    case 413:
      return new DomainError('PAYLOAD_TOO_LARGE', 'The request is too large.');
    case 429:
      return new DomainError('TOO_MANY_ATTEMPTS', 'Too many requests. Wait a moment and try again.');
    default:
      return status >= 500
        ? new DomainError('INTERNAL', 'Something went wrong on our side. Try again later.')
        : new DomainError('BAD_REQUEST', 'The request could not be processed.');
  }
}

/** Errors from body-parser and similar middleware carry `status`/`type` rather than being HttpExceptions. */
function fromMiddlewareError(e: unknown): DomainError | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const status = (e as { status?: unknown }).status;
  const type = (e as { type?: unknown }).type;
  if (type === 'entity.too.large' || status === 413) {
    return new DomainError('PAYLOAD_TOO_LARGE', 'The request is too large.');
  }
  if (type === 'entity.parse.failed') {
    return new DomainError('BAD_REQUEST', 'The request could not be read. Check that it is valid JSON.');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new DomainError('BAD_REQUEST', 'The request could not be processed.');
  }
  return undefined;
}

/** The one place that turns an error into a response. No stack trace or SQL ever reaches a client. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    let error: DomainError;
    if (exception instanceof DomainError) {
      error = exception;
    } else if (exception instanceof HttpException) {
      error = fromHttpException(exception);
    } else {
      error =
        fromMiddlewareError(exception) ??
        new DomainError('INTERNAL', 'Something went wrong on our side. Try again later.');
    }
    const status = statusFor(error.code);
    // Errors raised before the logger middleware ran (body parsing) still get a correlation id.
    if (!req.id) {
      req.id = randomUUID();
      if (!res.headersSent) res.setHeader('X-Request-Id', String(req.id));
    }
    const body: ErrorBody = {
      statusCode: status,
      code: error.code,
      message: error.message,
      correlationId: String(req.id),
    };
    if (status >= 500) this.logger.error({ err: exception, correlationId: req.id }, 'Unhandled error');
    if (error.details?.length) body.details = error.details;
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(status).json(body);
  }
}
