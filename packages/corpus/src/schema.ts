/**
 * The one source of truth for the record's shape: zod schemas, from which the published JSON Schema
 * (`schema/corpus.schema.json`, `corpusJsonSchema`) is generated. Unknown keys are kept, as
 * Prodigy keeps them. What a schema cannot say (offsets inside the text, tokens matching it...)
 * is checked in validate.ts.
 */
import { z } from 'zod';

const offset = z.int().min(0);

export const TokenSchema = z.looseObject({
  text: z.string().describe('The token as it appears in the text.'),
  start: offset.describe('Code-point offset of the first character.'),
  end: offset.describe('Code-point offset one past the last character.'),
  id: offset.describe('Index of the token in its example (0-based).'),
  ws: z.boolean().describe('True when one space follows the token in the text; other whitespace is a token of its own, as in spaCy.'),
}).describe('A token with code-point offsets.');

export const AnswerSchema = z.enum(['accept', 'reject', 'ignore']);

export const SpanSchema = z.looseObject({
  start: offset.describe('Code-point offset of the first character.'),
  end: offset.describe('Code-point offset one past the last character.'),
  token_start: offset.optional().describe('Index of the first token (required when the example has tokens).'),
  token_end: offset.optional().describe('Index of the last token, inclusive (required when the example has tokens).'),
  label: z.string().min(1).describe('The entity label.'),
  source: z.string().optional().describe("Where the suggestion came from: 'pattern', 'model', 'user'..."),
  score: z.number().min(0).max(1).optional().describe('Model confidence, or 1 for a pattern match.'),
  pattern: z.union([z.int(), z.string()]).optional().describe('Id or text of the pattern that produced the span.'),
  answer: AnswerSchema.optional().describe('Per-span answer (binary annotation): makes the example partial.'),
}).describe('A labelled span; token_end is inclusive, as in Prodigy.');

export const ExampleSchema = z.looseObject({
  text: z.string().describe('The text of the example (a sentence or paragraph).'),
  meta: z.record(z.string(), z.unknown()).optional().describe('Where the example comes from (source file, page...).'),
  tokens: z.array(TokenSchema).optional(),
  spans: z.array(SpanSchema).optional(),
  answer: AnswerSchema.optional(),
  _input_hash: z.int().optional().describe('Hash of the input (text) only.'),
  _task_hash: z.int().optional().describe('Hash of the input plus the task (spans, label).'),
  _view_id: z.string().optional().describe("Prodigy view id: 'ner' answers are partial, 'ner_manual' complete."),
  _session_id: z.string().optional(),
  _annotator_id: z.string().optional(),
  _timestamp: z.number().optional().describe('Unix seconds.'),
  _partial: z.boolean().optional().describe('nerflow: the spans are not a complete annotation of the text.'),
  _conll_tags: z.array(z.string()).optional().describe('nerflow: the tags of the CoNLL file the example came from, when the spans alone would not give them back.'),
}).describe('One nerflow corpus example: Prodigy-compatible task JSON with code-point offsets.');

export type ExampleRecord = z.output<typeof ExampleSchema>;

/** The JSON Schema (draft 2020-12) of one corpus line, as published in `schema/corpus.schema.json`. */
export const corpusJsonSchema: Record<string, unknown> = {
  ...z.toJSONSchema(ExampleSchema, { target: 'draft-2020-12', io: 'input' }),
  title: 'nerflow corpus example',
};
