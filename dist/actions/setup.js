// The runtime of actions/setup (written by scripts/bundle.js).
import { runAction } from './index.js';

await runAction('setup');
