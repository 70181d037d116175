import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

const DEGRADED = Symbol('portcullis:degraded');
export const DEGRADED_HEADER = 'X-Portcullis-Degraded';

/** Authentication used a stale cached answer (a passport strategy sees the request, not the reply). */
export function markDegraded(request: FastifyRequest): void {
  (request as FastifyRequest & { [DEGRADED]?: string })[DEGRADED] = 'stale-cache';
}

/** Global: tells the client its answer rests on a stale cache (`X-Portcullis-Degraded: stale-cache`). */
@Injectable()
export class DegradedHeaderInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const mark = http.getRequest<FastifyRequest & { [DEGRADED]?: string }>()[DEGRADED];
    if (mark) void http.getResponse<FastifyReply>().header(DEGRADED_HEADER, mark);
    return next.handle();
  }
}
