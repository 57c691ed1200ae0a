// The runtime of actions/verify (written by scripts/bundle.js).
import { runAction } from './index.js';

await runAction('verify');
