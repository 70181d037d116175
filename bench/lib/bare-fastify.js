// A bare Fastify server, the ceiling the gateway is compared with: a GET hello, and a JSON POST
// answering from its body (the shape of POST /agents/verify). It runs in a process of its own so it
// never shares an event loop with the load generator. Prints its port, then serves until killed.
//
// With BARE_ANSWER set (JSON `{headers, body}`, one answer the gateway gave), GET /answer sends
// those headers and that body instead, with a new `x-request-id` each time as the gateway makes
// one and the body serialized each time as a plain app does: what the answer alone costs, with none
// of the gateway's work behind it.
const Fastify = require('fastify');
const { randomUUID } = require('crypto');

const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
app.post('/verify', async (request) => ({ allowed: true, reason: 'granted', capability: request.body.capability }));
if (process.env.BARE_ANSWER) {
  const { headers, body } = JSON.parse(process.env.BARE_ANSWER);
  app.get('/answer', (_request, reply) => {
    reply.header('x-request-id', randomUUID()).headers(headers).send(body);
  });
}
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log(String(app.server.address().port)));
