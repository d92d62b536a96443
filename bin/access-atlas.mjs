#!/usr/bin/env -S node --conditions=react-server --no-warnings=ExperimentalWarning
// Launcher: runs the TypeScript CLI through tsx, so `npx access-atlas` needs no build step.
// --conditions=react-server lets modules marked `import 'server-only'` load outside Next.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
