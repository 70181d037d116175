import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { runWithRequestContext } from '@portcullis/common';
import { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/**
 * Gives each HTTP request one deadline, `budgetMs` from when its handler starts. Every bus call the
 * handler makes waits at most what is left of it (so the 504 comes at the deadline, however many
 * calls a route makes), and the deadline travels downstream in each message, so no app keeps
 * working for a client that has already been told 504.
 */
@Injectable()
export class RequestDeadlineInterceptor implements NestInterceptor {
  constructor(private readonly budgetMs: number) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const store = { requestId: String(request.id), deadline: Date.now() + this.budgetMs };
    // handle() is called inside the context, so the route handler (run lazily on subscribe) sees it.
    return new Observable((subscriber) => runWithRequestContext(store, () => next.handle().subscribe(subscriber)));
  }
}
