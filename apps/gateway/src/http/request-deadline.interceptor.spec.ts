import { CallHandler, ExecutionContext } from '@nestjs/common';
import { currentRequestContext, remainingBudgetMs } from '@portcullis/common';
import { AsyncResource } from 'async_hooks';
import { defer, lastValueFrom, mergeAll, of } from 'rxjs';
import { RequestDeadlineInterceptor } from './request-deadline.interceptor';

const httpContext = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ id: 'req-7' }) }) } as unknown as ExecutionContext;

/** Shaped like Nest's own: the route handler runs lazily, bound to the context handle() was called in. */
const routeHandler = (route: () => unknown): CallHandler => ({
  handle: () => defer(AsyncResource.bind(async () => defer(async () => route()))).pipe(mergeAll()),
});

describe('RequestDeadlineInterceptor', () => {
  it("gives the route handler the request's id and a deadline budgetMs away", async () => {
    const seen = await lastValueFrom(
      new RequestDeadlineInterceptor(5000).intercept(httpContext, routeHandler(() => ({ left: remainingBudgetMs(), id: currentRequestContext()?.requestId }))),
    );
    expect(seen).toMatchObject({ id: 'req-7' });
    expect((seen as { left: number }).left).toBeGreaterThan(4900);
    expect((seen as { left: number }).left).toBeLessThanOrEqual(5000);
  });

  it('leaves no deadline behind once the request is over', async () => {
    await lastValueFrom(new RequestDeadlineInterceptor(5000).intercept(httpContext, routeHandler(() => of(1))));
    expect(remainingBudgetMs()).toBeUndefined();
  });
});
