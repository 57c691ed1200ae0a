import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { TimestampAuthority } from '../src/tsa/authority.js';
import { timestampLoop } from './tsa.js';

/** One thread of the in-process TSA ceiling: see benchTsaThreads in tsa.ts. */
interface TsaWorkerData {
  privateKeyPem: string;
  chain: Uint8Array[];
  bodies: Uint8Array[];
  warmupSeconds: number;
  seconds: number;
}

const data = workerData as TsaWorkerData;
const authority = new TimestampAuthority({
  privateKey: createPrivateKey(data.privateKeyPem),
  certChain: data.chain,
});
const bodies = data.bodies.map((body) => Buffer.from(body));
timestampLoop(authority, bodies, data.warmupSeconds);
parentPort?.postMessage(timestampLoop(authority, bodies, data.seconds));
