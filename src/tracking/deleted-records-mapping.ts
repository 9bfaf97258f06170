import type { EntityMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { RECORD_STATE_TABLE } from './tracking-store';

/**
 * The tracking store's deleted records of one entity as a mapping the query engine compiles like
 * any other: sourcedId, `status: tobedeleted` and dateLastModified (when it vanished). A client
 * filter on any other field meets an unmapped (NULL) field, exactly as it would on a live source
 * that does not map it, so filters, sorting, paging and counting of stubs happen in the store's SQL.
 */
export function deletedRecordsMapping(entity: EntityName): EntityMapping {
  const column = (name: string) => ({ kind: 'column', alias: 'R', column: name }) as const;
  return {
    entity,
    file: '(change tracking)',
    tracking: { deletions: false, lastModified: false },
    sources: [
      {
        name: 'deleted',
        index: 0,
        from: { kind: 'table', table: RECORD_STATE_TABLE, alias: 'R' },
        joins: [],
        where: [
          { kind: 'compare', left: column('entity'), op: '=', right: { kind: 'const', value: entity } },
          { kind: 'isNull', expr: column('deleted_at'), negate: true },
        ],
        fields: new Map([
          ['sourcedId', { kind: 'scalar', expr: column('sourced_id') }],
          ['status', { kind: 'scalar', expr: { kind: 'const', value: 'tobedeleted' } }],
          ['dateLastModified', { kind: 'scalar', expr: column('deleted_at') }],
        ]),
      },
    ],
  };
}
