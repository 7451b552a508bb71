#!/usr/bin/env node
// Entry for `npx vip-care`: the CLI is bundled by `npm install` (the prepare script).
import '../dist/cli.mjs';
