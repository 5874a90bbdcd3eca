import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { ANNOTATION_SOURCE_FILE } from '../transform/common';

/** Looks up, in the catalog, the entities last emitted from some files. @public */
export type CatalogStateLookup = (
  providerName: string,
  files: string[],
) => Promise<Entity[]>;

/** What one apply did. @public */
export interface ApplyResult {
  type: 'full' | 'delta' | 'skipped';
  added: number;
  removed: number;
  /** Entities kept from the previous read because their file is broken. */
  kept: number;
  total: number;
}

interface Emitted {
  entity: Entity;
  hash: string;
  file: string;
}

function fileOf(entity: Entity): string {
  return entity.metadata.annotations?.[ANNOTATION_SOURCE_FILE] ?? '';
}

/**
 * Whether an entity read from `entityFile` is affected by a problem in
 * `badFile` (the file itself, an archive it is in, or a refused folder it is
 * under, e.g. a symlinked instance folder).
 */
function sameFile(entityFile: string, badFile: string): boolean {
  return (
    entityFile === badFile ||
    entityFile.startsWith(`${badFile}/`) ||
    entityFile.startsWith(`${badFile}#`) ||
    badFile.startsWith(`${entityFile}#`)
  );
}

/** Keeps only what a provider emits (no uid, etag, relations, status). @public */
export function toEmittable(entity: Entity): Entity {
  const { uid, etag, generation, ...metadata } = entity.metadata as any;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata,
    ...(entity.spec ? { spec: entity.spec } : {}),
  };
}

/**
 * An entity provider fed by {@link PegaseIngestion}: it applies full or delta
 * mutations, and never drops the entities of a file that is now broken (it
 * keeps the last good ones, from memory or, after a restart, from the catalog).
 * @public
 */
export class PegaseEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private last?: Map<string, Emitted>;
  private readonly locationKey: string;

  constructor(
    private readonly name: string,
    private readonly logger: LoggerService,
    private readonly lookup?: CatalogStateLookup,
    private readonly onConnect?: () => void,
  ) {
    this.locationKey = `pegase-provider:${name}`;
  }

  getProviderName(): string {
    return this.name;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    this.onConnect?.();
  }

  get connected(): boolean {
    return !!this.connection;
  }

  /** Whether this provider has emitted at least once in this process. */
  get hasState(): boolean {
    return !!this.last;
  }

  /** The entities last emitted (for tests and the delta computation). */
  lastEntities(): Entity[] {
    return [...(this.last?.values() ?? [])].map(e => e.entity);
  }

  private deferred(entity: Entity): DeferredEntity {
    return { entity, locationKey: this.locationKey };
  }

  /**
   * Applies a new set of entities. `badFiles` are files that could not be
   * read: their previous entities are kept. `mode: 'delta'` sends only what
   * changed since the previous apply (falls back to full without a previous
   * state). `startup`: the read made while the backend starts, when the
   * catalog may not answer the lookup of broken files' entities yet.
   */
  async apply(
    entities: Entity[],
    badFiles: Iterable<string>,
    mode: 'full' | 'delta',
    options?: { startup?: boolean },
  ): Promise<ApplyResult> {
    if (!this.connection) {
      throw new Error(`${this.name} is not connected to the catalog yet`);
    }
    const next = new Map<string, Emitted>();
    for (const entity of entities) {
      next.set(stringifyEntityRef(entity), {
        entity,
        hash: createHash('sha1').update(JSON.stringify(entity)).digest('hex'),
        file: fileOf(entity),
      });
    }
    const bad = [...new Set(badFiles)];
    let kept = 0;
    if (bad.length > 0) {
      let previous: Entity[];
      if (this.last) {
        previous = [...this.last.values()]
          .filter(e => bad.some(b => sameFile(e.file, b)))
          .map(e => e.entity);
      } else if (this.lookup) {
        try {
          previous = (await this.lookup(this.name, bad)).map(toEmittable);
        } catch (e) {
          const line = `${this.name}: cannot read the catalog to keep the entities of ${bad.length} broken file(s) (${e}); mutation skipped, the catalog is left as it was`;
          if (options?.startup) {
            this.logger.warn(`${line}; the next scheduled run applies it`);
          } else {
            this.logger.error(line);
          }
          return { type: 'skipped', added: 0, removed: 0, kept: 0, total: 0 };
        }
      } else {
        this.logger.warn(
          `${this.name}: ${bad.length} broken file(s) and no previous state; mutation skipped, the catalog is left as it was`,
        );
        return { type: 'skipped', added: 0, removed: 0, kept: 0, total: 0 };
      }
      for (const entity of previous) {
        const ref = stringifyEntityRef(entity);
        if (next.has(ref)) continue;
        const previousEmitted = this.last?.get(ref);
        next.set(ref, {
          entity,
          hash:
            previousEmitted?.hash ??
            createHash('sha1').update(JSON.stringify(entity)).digest('hex'),
          file: fileOf(entity),
        });
        kept += 1;
      }
    }

    const previous = this.last;
    if (mode === 'delta' && previous) {
      const added: DeferredEntity[] = [];
      const removed: { entityRef: string; locationKey: string }[] = [];
      for (const [ref, e] of next) {
        if (previous.get(ref)?.hash !== e.hash)
          added.push(this.deferred(e.entity));
      }
      for (const ref of previous.keys()) {
        if (!next.has(ref)) {
          removed.push({ entityRef: ref, locationKey: this.locationKey });
        }
      }
      if (added.length || removed.length) {
        await this.connection.applyMutation({ type: 'delta', added, removed });
      }
      this.last = next;
      return {
        type: 'delta',
        added: added.length,
        removed: removed.length,
        kept,
        total: next.size,
      };
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: [...next.values()].map(e => this.deferred(e.entity)),
    });
    this.last = next;
    return {
      type: 'full',
      added: next.size,
      removed: 0,
      kept,
      total: next.size,
    };
  }
}
