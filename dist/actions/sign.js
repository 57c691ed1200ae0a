// The runtime of actions/sign (written by scripts/bundle.js).
import { runAction } from './index.js';

await runAction('sign');
