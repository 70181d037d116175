/**
 * The Node.js flags every app runs with, wherever it runs: the image's CMD (Dockerfile, which a
 * test holds to this list), `npm start`, the test platform and the benchmarks.
 *
 * `--max-semi-space-size=64` (MiB; Node 20's default is 16): V8's young generation. Each scavenge
 * copies whatever is still alive, and on a busy gateway that is every in-flight request's objects
 * (50 connections' requests, replies and promises) however big the nursery is; a bigger nursery
 * scavenges less often, so each request pays for fewer of those copies and fewer objects age into
 * the old generation. Measured on `/auth/me` with limits on (2 cores, `wrk -c50`, two gateways of
 * one platform, five rounds in turn): 10–28 % more requests per second and 11–25 % less CPU per
 * request (about 43 µs against 52) than with the default; 32 MiB gave most of that, 96 no more. A
 * bare Fastify hello gains nothing from it: it keeps almost nothing alive. V8 grows the nursery
 * only while an app allocates fast, so an idle app keeps a small one; the loaded gateway held about
 * 290 MiB resident against 200 with the default, within its 512 MiB limit.
 */
export const APP_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
