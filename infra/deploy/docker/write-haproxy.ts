// Writes docker/haproxy.cfg from its one home, infra/src/haproxy.ts (compose.test.ts checks it is current).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeHaproxyConfig } from '@switchyard/infra';

writeFileSync(path.join(__dirname, 'haproxy.cfg'), composeHaproxyConfig());
