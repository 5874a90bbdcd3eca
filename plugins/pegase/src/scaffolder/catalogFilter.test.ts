import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { toCatalogFilter } from './catalogFilter';

describe('toCatalogFilter', () => {
  it('reads EntityPicker spelling: values, lists, exists, one filter or several', () => {
    expect(
      toCatalogFilter(
        [
          { kind: 'Resource', 'spec.type': 'pegase-instance' },
          {
            kind: ['Component', 'API'],
            'metadata.annotations.x': { exists: true },
          },
        ],
        { kind: 'Resource' },
      ),
    ).toEqual([
      { kind: 'Resource', 'spec.type': 'pegase-instance' },
      {
        kind: ['Component', 'API'],
        'metadata.annotations.x': CATALOG_FILTER_EXISTS,
      },
    ]);
    expect(toCatalogFilter({ kind: 'Group' }, { kind: 'Resource' })).toEqual([
      { kind: 'Group' },
    ]);
  });

  it('falls back to the field default when the template gives no filter', () => {
    expect(toCatalogFilter(undefined, { kind: 'Group' })).toEqual([
      { kind: 'Group' },
    ]);
  });
});
