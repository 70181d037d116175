import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'async_hooks';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

describe('installLeanAsyncResourceBind', () => {
  const original: unknown = Reflect.get(AsyncResource.prototype, 'bind');
  afterAll(() => Reflect.set(AsyncResource.prototype, 'bind', original));

  it('replaces a bind that attaches the deprecated accessor, once', () => {
    const attaches = 'asyncResource' in new AsyncResource('t').bind(() => undefined);
    expect(installLeanAsyncResourceBind()).toBe(attaches);
    expect(installLeanAsyncResourceBind()).toBe(false);
    expect('asyncResource' in new AsyncResource('t').bind(() => undefined)).toBe(false);
  });

  it("runs the bound function in the resource's scope: the store of where it was made, not where it is called", () => {
    installLeanAsyncResourceBind();
    const storage = new AsyncLocalStorage<string>();
    const { bound, asyncId } = storage.run('request-1', () => {
      const resource = new AsyncResource('body-parser');
      return {
        bound: resource.bind(() => ({ store: storage.getStore(), id: executionAsyncId() })),
        asyncId: resource.asyncId(),
      };
    });
    expect(storage.run('request-2', bound)).toEqual({ store: 'request-1', id: asyncId });
    expect(bound()).toEqual({ store: 'request-1', id: asyncId });
  });

  it("passes arguments and the caller's this, or thisArg when given, and returns the result", () => {
    installLeanAsyncResourceBind();
    const resource = new AsyncResource('t');
    function describeCall(this: unknown, a: number, b: number) {
      return { self: this, sum: a + b };
    }
    const target = { name: 'caller' };
    const bound = resource.bind(describeCall);
    expect(bound.call(target, 1, 2)).toEqual({ self: target, sum: 3 });
    // @types/node leaves out bind's thisArg (Node has taken it since 16).
    const bindWith = resource.bind.bind(resource) as (fn: typeof describeCall, thisArg: unknown) => typeof describeCall;
    const fixed = bindWith(describeCall, { name: 'fixed' });
    expect(fixed.call(target, 2, 3)).toEqual({ self: { name: 'fixed' }, sum: 5 });
    expect(bound.length).toBe(2);
    expect(fixed.length).toBe(2);
    expect(AsyncResource.bind((x: number) => x * 2)(21)).toBe(42);
  });

  it('throws what Node throws for something that is not a function', () => {
    installLeanAsyncResourceBind();
    expect(() => new AsyncResource('t').bind('nope' as unknown as () => void)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });
});
