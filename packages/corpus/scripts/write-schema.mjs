// Writes schema/corpus.schema.json from the zod schema in the BUILT package (run by `npm run build`),
// so the published JSON Schema and the runtime validation share one source of truth.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusJsonSchema } from '../dist/schema.js';

const dir = join(import.meta.dirname, '..', 'schema');
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'corpus.schema.json'), `${JSON.stringify(corpusJsonSchema, null, 2)}\n`);
