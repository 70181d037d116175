// A bare Fastify server, the ceiling the gateway is compared with: a GET hello, and a JSON POST
// answering from its body (the shape of POST /agents/verify). It runs in a process of its own so it
// never shares an event loop with the load generator. Prints its port, then serves until killed.
const Fastify = require('fastify');

const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
app.post('/verify', async (request) => ({ allowed: true, reason: 'granted', capability: request.body.capability }));
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log(String(app.server.address().port)));
