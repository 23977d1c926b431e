import { NerError } from '@nerflow/corpus';
import { CoreErrors } from './errors.js';

/**
 * A named catalogue of swappable parts (stages, extractors, encoders, scorers), after spaCy's
 * `catalogue` registries. Names are namespaced and versioned ('ingest.extractors.pdfParse.v1');
 * change behaviour by registering `.v2`, never by changing what an old name does.
 */
export class Registry<T> {
  private readonly items = new Map<string, T>();

  constructor(readonly kind: string) {}

  register(name: string, item: T, { replace = false } = {}): T {
    if (this.items.has(name) && !replace) {
      throw new NerError(CoreErrors.REGISTRY_DUPLICATE, `A ${this.kind} named "${name}" is already registered.`, {
        hint: 'Pick another name, or pass { replace: true } to override it on purpose.',
      });
    }
    this.items.set(name, item);
    return item;
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  get(name: string): T {
    const item = this.items.get(name);
    if (item === undefined) {
      throw new NerError(CoreErrors.REGISTRY_UNKNOWN, `Unknown ${this.kind} "${name}".`, {
        hint: `Available: ${this.names().join(', ') || '(none registered)'}.`,
      });
    }
    return item;
  }

  names(): string[] {
    return [...this.items.keys()].sort();
  }
}
