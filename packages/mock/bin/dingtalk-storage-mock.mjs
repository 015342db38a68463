#!/usr/bin/env node
// The CLI's entry, committed so that package managers can link it before the package is built.
import '../dist/cli.mjs';
