import { AsyncResource } from 'async_hooks';

type Bind = (this: AsyncResource, fn: (...args: unknown[]) => unknown, thisArg?: unknown) => unknown;

/**
 * Node 20's `AsyncResource#bind` gives every function it returns a deprecated `asyncResource`
 * accessor (DEP0172) whose getter and setter are made by `util.deprecate`, which calls
 * `Object.setPrototypeOf` on each fresh wrapper. V8 turns every one of those functions into a
 * prototype with a map of its own, and Fastify binds once per request that has a body: a bare Fastify
 * JSON POST served 11k/s with it and 23–33k/s without (same process layout, wrk), and the gateway's
 * `POST /agents/verify` about 40 % more (docs/benchmarks.md). Node 24 dropped the accessor (nodejs/node
 * #58618 and #59195, after #58218 reported the cost); this is the same `bind` without it, installed
 * only on a Node that still attaches it. The bound function still runs in the resource's async
 * scope (so AsyncLocalStorage stores, our request context included, carry across), with the
 * caller's `this` unless `thisArg` is given, and keeps `fn`'s `length`.
 *
 * @returns whether it was installed (false on a Node without the accessor, or when already done).
 */
export function installLeanAsyncResourceBind(): boolean {
  const original = Reflect.get(AsyncResource.prototype, 'bind') as Bind;
  // `in` does not call the getter, so probing prints no deprecation warning.
  if (!('asyncResource' in (original.call(new AsyncResource('portcullis-probe'), () => undefined) as object)))
    return false;
  const lean: Bind = function bind(this: AsyncResource, fn, thisArg) {
    // Node's own validation and error (ERR_INVALID_ARG_TYPE) for anything not callable.
    if (typeof fn !== 'function') return original.call(this, fn, thisArg);
    const run = this.runInAsyncScope.bind(this);
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return run(fn, this, ...args);
          }
        : run.bind(undefined, fn, thisArg);
    Object.defineProperty(bound, 'length', {
      configurable: true,
      enumerable: false,
      writable: false,
      value: fn.length,
    });
    return bound;
  };
  (AsyncResource.prototype as unknown as { bind: Bind }).bind = lean;
  return true;
}
