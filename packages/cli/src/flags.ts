import type { ArgSpec } from '@nerflow/core';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';

/** What the CLI needs to know about one option, read off its zod schema. */
export interface FlagInfo {
  key: string;
  flag: string;
  kind: 'string' | 'number' | 'boolean' | 'enum' | 'array';
  description: string;
  defaultValue?: unknown;
  choices?: string[];
  /** Element kind for arrays. */
  element?: 'string' | 'number';
  required: boolean;
}

type ZodInternal = { _zod: { def: { type: string; innerType?: ZodInternal; defaultValue?: unknown; entries?: Record<string, string>; element?: ZodInternal } }; description?: string };

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Reads a zod object schema into flag descriptions (zod v4 internals, isolated here). */
export function flagsOf(schema: z.ZodObject): FlagInfo[] {
  return Object.entries(schema.shape as Record<string, ZodInternal>).map(([key, field]) => {
    let inner = field;
    let defaultValue: unknown;
    let optional = false;
    let description = field.description;
    while (inner._zod.def.innerType) {
      const def = inner._zod.def;
      if (def.type === 'default' || def.type === 'prefault') defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') optional = true;
      inner = def.innerType!;
      description ??= inner.description;
    }
    const t = inner._zod.def.type;
    const kind = t === 'number' || t === 'int' ? 'number' : t === 'boolean' ? 'boolean' : t === 'enum' ? 'enum' : t === 'array' ? 'array' : 'string';
    const elementType = inner._zod.def.element?._zod.def.type;
    return {
      key, flag: `--${kebab(key)}`, kind,
      description: description ?? '',
      defaultValue,
      choices: kind === 'enum' ? Object.values(inner._zod.def.entries ?? {}) : undefined,
      element: kind === 'array' ? (elementType === 'number' ? 'number' : 'string') : undefined,
      required: !optional,
    };
  });
}

function parseNumber(flag: string) {
  return (value: string) => {
    const n = Number(value);
    // Commander reports it as a usage error (exit 2) naming the option; no core import needed.
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} expects a number, got "${value}".`);
    return n;
  };
}

/** The flags of a command: its schema's keys, positional args excluded. */
export function commandFlags(schema: z.ZodObject, args: ArgSpec[] = []): FlagInfo[] {
  const argKeys = new Set(args.map((a) => a.key));
  return flagsOf(schema).filter((f) => !argKeys.has(f.key));
}

/** Adds flags (as read off a schema by `commandFlags`, or from the manifest) to a commander command. */
export function addFlags(cmd: Command, flags: FlagInfo[], shortFlags: Record<string, string> = {}): FlagInfo[] {
  const short = shortFlags;
  for (const f of flags) {
    const s = short[f.key] ? `-${short[f.key]}, ` : '';
    if (f.kind === 'boolean') {
      cmd.addOption(new Option(`${s}${f.flag}`, f.description));
      if (f.defaultValue === true) cmd.addOption(new Option(`--no-${kebab(f.key)}`, `turn off ${f.flag}`));
      continue;
    }
    const placeholder = f.kind === 'array' ? `<${kebab(f.key)}...>` : `<${kebab(f.key)}>`;
    const opt = new Option(`${s}${f.flag} ${placeholder}`, f.description);
    if (f.choices) opt.choices(f.choices);
    if (f.defaultValue !== undefined) opt.default(f.defaultValue, JSON.stringify(f.defaultValue));
    if (f.kind === 'number') opt.argParser(parseNumber(f.flag));
    if (f.kind === 'array') {
      // Accept both `--labels A,B` and `--labels A --labels B`.
      opt.argParser((value: string, prev: unknown) => {
        const items = value.split(',').map((x) => x.trim()).filter(Boolean);
        const parsed = f.element === 'number' ? items.map(parseNumber(f.flag)) : items;
        return Array.isArray(prev) && prev !== f.defaultValue ? [...prev, ...parsed] : parsed;
      });
    }
    cmd.addOption(opt);
  }
  return flags;
}

/** Declares positional arguments: `<in>`, `[out]`, `<paths...>`. */
export function addArgs(cmd: Command, args: ArgSpec[] = []): void {
  for (const a of args) {
    const name = `${a.name}${a.variadic ? '...' : ''}`;
    cmd.argument(a.required === false ? `[${name}]` : `<${name}>`, a.description);
  }
}
