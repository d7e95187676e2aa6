import { rm } from 'node:fs/promises';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

/**
 * Deletes a disk-stored upload once the response has gone, whatever happened in between
 * (validation refused the form, the service threw, or it succeeded). Place after FileInterceptor.
 */
@Injectable()
export class UploadCleanupInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { file?: { path?: string } }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const file = req.file?.path;
    if (file) res.on('close', () => void rm(file, { force: true }));
    return next.handle();
  }
}
