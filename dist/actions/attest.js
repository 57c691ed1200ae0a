// The runtime of actions/attest (written by scripts/bundle.js).
import { runAction } from './index.js';

await runAction('attest');
