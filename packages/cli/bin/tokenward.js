#!/usr/bin/env node
// The `tokenward` bin: the built CLI. A file of its own, so that installing the workspace before any
// build can already link it (package managers link bins at install time).
import '../dist/cli.js';
