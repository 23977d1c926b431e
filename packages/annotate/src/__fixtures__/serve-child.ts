// One annotate server in its own process, so that a test can SIGKILL it (see shared-feed.test.ts).
// Usage: node --import tsx serve-child.ts '<annotate options as JSON>'; prints {"url": ...} once listening.
import { annotate } from '../annotate.js';

const handle = await annotate(JSON.parse(process.argv[2]!));
process.stdout.write(`${JSON.stringify({ url: handle.url, pid: process.pid })}\n`);
process.on('SIGTERM', () => void handle.close().then(() => process.exit(0)));
