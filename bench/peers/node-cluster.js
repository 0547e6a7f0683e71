/**
 * Runs a Node server script in N worker processes sharing its ports (node:cluster), the Node
 * counterpart of `uvicorn --workers N`. The serving image itself runs one process per pod and
 * scales by replicas; this wrapper exists only for the benchmark's 2-worker comparison.
 * Usage: node bench/peers/node-cluster.js <workers> <server.js>
 */
'use strict';

const cluster = require('node:cluster');
const { resolve } = require('node:path');

const [workers, script] = process.argv.slice(2);
const count = Number(workers);
if (!Number.isInteger(count) || count < 1 || !script) {
  console.error(`usage: node node-cluster.js <workers> <server.js> (got ${JSON.stringify(process.argv.slice(2))})`);
  process.exit(2);
}

if (cluster.isPrimary) {
  for (let i = 0; i < count; i++) cluster.fork();
  // A dead worker means a broken measurement: stop everything rather than limp on.
  cluster.on('exit', (worker, code, signal) => {
    console.error(`worker ${worker.process.pid} exited (${code ?? signal})`);
    process.exit(1);
  });
  process.on('SIGTERM', () => {
    cluster.removeAllListeners('exit');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGKILL');
    process.exit(0);
  });
} else {
  require(resolve(script));
}
