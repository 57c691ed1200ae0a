#!/usr/bin/env node
// The client is compiled by `npm ci` (the `prepare` script) into build/.
import '../build/src/cli/index.js';
