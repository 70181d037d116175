// A bare node:http upstream for bench:proxy: the same small JSON answer to any request, keep-alive.
// In a process of its own; prints its port, then serves until killed.
const { createServer } = require('http');

const body = JSON.stringify({ ok: true, items: [1, 2, 3] });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body),
  );
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
