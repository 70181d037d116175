import { currentRequestContext, remainingBudgetMs } from '@portcullis/common';
import Fastify from 'fastify';
import { addRequestDeadlineHook } from './request-deadline.hook';

describe('addRequestDeadlineHook', () => {
  it("gives the route handler, after an async hook, the request's id and a deadline budgetMs away", async () => {
    const app = Fastify({ genReqId: () => 'req-7' });
    addRequestDeadlineHook(app, 5000);
    app.addHook('preHandler', async () => new Promise((resolve) => setImmediate(resolve)));
    app.get('/', async () => ({ left: remainingBudgetMs(), id: currentRequestContext()?.requestId }));
    const seen = (await app.inject({ url: '/' })).json<{ left: number; id: string }>();
    expect(seen.id).toBe('req-7');
    expect(seen.left).toBeGreaterThan(4900);
    expect(seen.left).toBeLessThanOrEqual(5000);
    await app.close();
  });

  it('leaves no deadline behind once the request is over', async () => {
    const app = Fastify();
    addRequestDeadlineHook(app, 5000);
    app.get('/', async () => 1);
    await app.inject({ url: '/' });
    expect(remainingBudgetMs()).toBeUndefined();
    await app.close();
  });
});
