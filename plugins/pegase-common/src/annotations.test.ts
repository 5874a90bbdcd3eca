import {
  CHART_ANNOTATIONS,
  PEGASE_ANNOTATION_PREFIX,
  PEGASE_ANNOTATIONS,
  PEGASE_LABELS,
} from './annotations';

describe('the entity contract', () => {
  it('keeps every Pégase key under one prefix, each key once per table', () => {
    for (const table of [
      PEGASE_ANNOTATIONS,
      CHART_ANNOTATIONS,
      PEGASE_LABELS,
    ]) {
      const values = Object.values(table);
      for (const key of values) {
        expect(key.startsWith(PEGASE_ANNOTATION_PREFIX)).toBe(true);
        // a valid Kubernetes/Backstage annotation name after the prefix
        expect(key.slice(PEGASE_ANNOTATION_PREFIX.length)).toMatch(
          /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
        );
      }
      expect(new Set(values).size).toBe(values.length);
    }
  });
});
