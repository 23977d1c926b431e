import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { NerError, isSpaceToken, openCorpus, sentenceTokenRanges, sourceScheme, tokenize } from '@nerflow/corpus';
import { PretrainErrors } from './errors.js';

/** Limits on what is read from raw text. */
export interface RawTextOptions {
  /** Stop after this many words (0: read everything). */
  maxWords?: number;
  /** Sentences shorter than this many words are skipped (headings, page numbers). */
  minWords?: number;
  /** Longer sentences are cut into pieces of at most this many words. */
  maxSentenceWords?: number;
}

const TEXT_EXT = /\.(txt|text|md)(\.gz)?$/i;
const JSONL_EXT = /\.jsonl(\.gz)?$/i;

/**
 * Expands the inputs of `nerflow pretrain` into sources `openCorpus` reads: plain-text files
 * (`.txt`, `.md`, gzipped or not), corpus JSONL (ingested documents or annotated examples: only
 * their text is used), CoNLL files and `db:DATASET` as given, and folders of text and JSONL files
 * (read recursively, in name order so that runs are repeatable).
 */
export function rawTextFiles(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (sourceScheme(input)) { out.push(input); continue; } // db:DATASET, read by openCorpus
    if (!existsSync(input)) {
      throw new NerError(PretrainErrors.NO_TEXT, `Raw text input not found: ${input}`, {
        file: input, hint: 'Pass plain-text files (.txt), corpus JSONL files (.jsonl) or folders that contain them.',
      });
    }
    if (statSync(input).isDirectory()) {
      const found = walk(input).filter((f) => TEXT_EXT.test(f) || JSONL_EXT.test(f));
      if (!found.length) {
        throw new NerError(PretrainErrors.NO_TEXT, `No .txt or .jsonl files in folder ${input}`, {
          file: input, hint: 'nerflow pretrain reads plain-text (.txt) and corpus JSONL (.jsonl) files.',
        });
      }
      out.push(...found);
    } else out.push(input);
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/**
 * Streams the sentences of raw text files as lists of token texts, tokenised and split with the
 * corpus package's Spanish tokenizer and sentence splitter (the same ones training and prediction
 * use, so pretraining sees tokens exactly as the NER model will). Whitespace tokens are dropped.
 */
export async function* readRawSentences(files: string[], options: RawTextOptions = {}): AsyncGenerator<string[]> {
  const minWords = options.minWords ?? 3;
  const maxLen = options.maxSentenceWords ?? 80;
  let words = 0;
  for (const file of files) {
    for await (const text of textsOf(file)) {
      const tokens = tokenize(text);
      for (const r of sentenceTokenRanges(tokens)) {
        const sent: string[] = [];
        for (let i = r.token_start; i <= r.token_end; i++) if (!isSpaceToken(tokens[i]!)) sent.push(tokens[i]!.text);
        if (sent.length < minWords) continue;
        for (let at = 0; at < sent.length; at += maxLen) {
          const piece = sent.slice(at, at + maxLen);
          if (piece.length < minWords) continue;
          yield piece;
          words += piece.length;
          if (options.maxWords && words >= options.maxWords) return;
        }
      }
    }
  }
}

/**
 * Paragraph texts of one file, read by the corpus reader: non-empty lines of text files, the
 * `text` of JSONL records, the sentences of CoNLL files.
 */
async function* textsOf(file: string): AsyncGenerator<string> {
  for await (const { example } of openCorpus(file, { plainText: true })) if (example.text.trim()) yield example.text;
}
