#!/usr/bin/env node
// An S3-compatible server for the tests (s3rver, from npm: the S3 REST API over HTTP, objects kept
// under a directory). Started by scripts/test.mjs in its own process; prints one line with its
// endpoint once it listens, and stops on SIGTERM.
//   node scripts/s3-server.mjs <directory> [port]
import fs from 'node:fs';
import S3rver from 's3rver';

const [directory, port = '0'] = process.argv.slice(2);
if (!directory) {
  console.error('usage: s3-server.mjs <directory> [port]');
  process.exit(2);
}
fs.mkdirSync(directory, { recursive: true });
const server = new S3rver({ address: '127.0.0.1', port: Number(port), silent: true, directory });
const { address, port: bound } = await server.run();
console.log(`s3 endpoint http://${address}:${bound}`);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
