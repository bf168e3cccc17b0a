#!/usr/bin/env node
// The container's HEALTHCHECK: GET the service's probe on its port (service.json, written
// by assemble.js). Node's fetch, since the slim image has no curl.
const service = require('./service.json');

const port = process.env[service.portVariable] ?? service.port;
fetch(`http://127.0.0.1:${port}${service.health}`, { signal: AbortSignal.timeout(4000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
