// The peer baseline of the canvas benchmark: a minimal `ws` broadcast server with no persistence
// and no auth (a token is accepted and ignored), speaking just enough of the canvas protocol
// (docs/api/live-streams.md, docs/api/canvases.md) for load.mjs to run against it unchanged:
//
//   POST /api/v1/canvases              -> 201 {canvasId, title, version, seq}
//   POST /api/v1/canvases/{id}/ops     -> 200 {version} | 409 {version}
//   WS   /ws/canvas/{id}               subscribe -> snapshot {canvas, positions}
//                                      op -> ack to the sender, event {pid, seq, event} to all
//                                      ping -> pong
//   GET  /debug/heap                   V8 heap used after a full GC (run with --expose-gc)
//
// It answers `subscribe` with a snapshot, as the node does, so that a client learns where the
// canvas's stream starts; that is one small frame per connection and not part of the measured load.
//
//   node --expose-gc baseline.mjs --port 9100 [--host 127.0.0.1]

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const TENANT = 'dev';
/** canvasId -> {canvasId, title, version, seq, pid, clients: Set<WebSocket>} */
const canvases = new Map();

function newCanvas(title) {
  const canvasId = randomUUID();
  const canvas = {
    canvasId,
    title,
    version: 1,
    seq: 1,
    pid: `Canvas|${TENANT}:${canvasId}`,
    clients: new Set(),
  };
  canvases.set(canvasId, canvas);
  return canvas;
}

/** Applies ops at baseVersion: the new version, or null on a conflict. */
function apply(canvas, baseVersion) {
  if (baseVersion !== canvas.version) {
    return null;
  }
  canvas.version += 1;
  canvas.seq += 1;
  return canvas.version;
}

function view(canvas) {
  return { canvasId: canvas.canvasId, title: canvas.title, version: canvas.version, seq: canvas.seq };
}

function readJson(req, done) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      done(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
    } catch {
      done(null);
    }
  });
}

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/debug/heap') {
    globalThis.gc?.();
    const memory = process.memoryUsage();
    answer(res, 200, { heapUsed: memory.heapUsed, external: memory.external, rss: memory.rss });
    return;
  }
  if (req.method === 'POST' && path === '/api/v1/canvases') {
    readJson(req, (body) => answer(res, 201, view(newCanvas(body?.title ?? 'bench'))));
    return;
  }
  const ops = path.match(/^\/api\/v1\/canvases\/([^/]+)\/ops$/);
  if (req.method === 'POST' && ops) {
    const canvas = canvases.get(ops[1]);
    if (!canvas) {
      answer(res, 404, { status: 404 });
      return;
    }
    readJson(req, (body) => {
      const version = apply(canvas, body?.baseVersion);
      answer(res, version === null ? 409 : 200, { version: version ?? canvas.version });
    });
    return;
  }
  answer(res, 404, { status: 404 });
});

const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });

server.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url, 'http://localhost').pathname.match(/^\/ws\/canvas\/([^/]+)$/);
  const canvas = path && canvases.get(path[1]);
  if (!canvas) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  sockets.handleUpgrade(req, socket, head, (ws) => serve(canvas, ws));
});

function serve(canvas, ws) {
  ws.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(data.toString('utf8'));
    } catch {
      ws.send(JSON.stringify({ type: 'error', code: 'invalid-request', message: 'not JSON' }));
      return;
    }
    switch (frame.type) {
      case 'subscribe':
        canvas.clients.add(ws);
        ws.send(
          JSON.stringify({ type: 'snapshot', canvas: view(canvas), positions: { [canvas.pid]: canvas.seq } }),
        );
        break;
      case 'op':
        onOp(canvas, ws, frame);
        break;
      case 'ping':
        ws.send('{"type":"pong"}');
        break;
      default:
        ws.send(JSON.stringify({ type: 'error', code: 'invalid-request', message: `unknown type ${frame.type}` }));
    }
  });
  ws.on('close', () => canvas.clients.delete(ws));
  ws.on('error', () => canvas.clients.delete(ws));
}

function onOp(canvas, ws, frame) {
  const version = apply(canvas, frame.baseVersion);
  if (version === null) {
    ws.send(
      JSON.stringify({ type: 'error', code: 'conflict', id: frame.id, version: canvas.version, since: [] }),
    );
    return;
  }
  ws.send(JSON.stringify({ type: 'ack', id: frame.id, version }));
  // One serialisation, sent to every subscriber: the cheapest broadcast `ws` offers.
  const event = JSON.stringify({
    type: 'event',
    pid: canvas.pid,
    seq: canvas.seq,
    event: {
      type: 'OpsApplied',
      at: new Date().toISOString(),
      data: { version, ops: frame.ops, by: 'bench', clientOpId: frame.id },
    },
  });
  for (const client of canvas.clients) {
    client.send(event);
  }
}

server.listen(Number(args.port), args.host, () => {
  console.log(`baseline listening on ${args.host}:${args.port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const ws of sockets.clients) {
      ws.terminate();
    }
    server.close(() => process.exit(0));
  });
}
