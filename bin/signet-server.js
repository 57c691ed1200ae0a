#!/usr/bin/env node
// The server is compiled by `npm ci` (the `prepare` script) into build/.
import '../build/server/main.js';
